// Issue 12, the product around the page: the welcome page on install, the demo page inside the
// extension (the real features on a model page, its data apart from real data), and the popup
// that helps from any tab.
import assert from "node:assert/strict";
import { test } from "node:test";
import { eachBrowser } from "./lib/harness.mjs";

const DEMO = "ltg-demo/secure/agency/accountSettings/agency-wsapi-flow.html";
const pop = () => {
  const p = document.getElementById("ltg-root")?.shadowRoot?.querySelector('[data-ltg-part="popover"]');
  return p ? { step: p.dataset.ltgStep, state: p.dataset.ltgState, progress: p.dataset.ltgProgress } : null;
};
const waitStep = (b, step, state = "found") => b.waitFor((step, state) => {
  const p = document.getElementById("ltg-root")?.shadowRoot?.querySelector('[data-ltg-part="popover"]');
  return p && p.dataset.ltgStep === step && p.dataset.ltgState === state ? true : null;
}, `step ${step} (${state})`, 10000, step, state);
const clickHighlighted = (b) => b.click(() => document.querySelector("[data-ltg-highlight]"));
/** The extension's storage areas, read from one of its pages. */
const storage = (b, area) => b.execAsync(`(area) => (globalThis.browser ?? globalThis.chrome).storage[area].get(null)`, area);

eachBrowser("welcome page on install", (ctx) => {
  test("opens once on install: three lines, the demo, and the user's own settings with the guide", async () => {
    const { b } = ctx;
    assert.deepEqual(b.welcomeUrls, [b.extensionUrl("welcome/welcome.html")], "one welcome tab on install");
    const main = await b.cmd("GET", "/window");
    await b.openExtensionPage("welcome/welcome.html");
    const page = await b.waitFor(() => document.querySelector("h1")?.textContent.includes("installed") ? {
      lang: document.documentElement.lang,
      lines: [...document.querySelectorAll(".what li")].map((l) => l.textContent),
      accounts: [...document.querySelectorAll("[data-account]")].map((x) => x.textContent),
      demo: document.getElementById("demo").getAttribute("href"),
    } : null, "welcome text");
    assert.match(page.lang, /^en/);
    assert.equal(page.lines.length, 3);
    assert.match(page.lines[0], /Legacy.*1 April 2025.*Current.*Date unknown/);
    assert.deepEqual(page.accounts, ["Agency", "Brand", "Partner"]);
    // "Open my impact.com settings" → the brand token settings page in a new tab (the test
    // build opens it on the fixture server), where the guide runs.
    await b.execAsync(`(o) => (globalThis.browser ?? globalThis.chrome).storage.local.set({ "ltg.test.appOrigin": o })`,
      ctx.url(""));
    const before = await b.cmd("GET", "/window/handles");
    await b.click(() => document.querySelector('[data-account="brand"]'));
    const tab = await b.newHandle(before);
    assert.ok(tab, "a new tab opened");
    const stored = await storage(b, "local");
    assert.equal(stored["ltg.guide"].active, true);
    assert.equal(stored["ltg.guide"].account, "brand");
    // Once only: a reinstall that kept its data does not show the page again.
    assert.equal(stored["ltg.welcomed"], true);
    await b.switchWindow(tab);
    await b.waitFor((p) => location.pathname === p || null, "brand settings page", 8000,
      "/secure/advertiser/accountSettings/techintegration/adv-wsapi-table-flow.ihtml");
    await waitStep(b, "enable-legacy-tokens");
    await b.closeWindow(main);
  });
});

eachBrowser("demo page inside the extension", (ctx) => {
  test("the real guide, badges, reset warning and reminder run on the demo; its data stays apart", async () => {
    const { b } = ctx;
    await b.openExtensionPage(DEMO);
    // The guide starts by itself on a first visit; the navigation steps are proven by the page.
    await waitStep(b, "enable-legacy-tokens");
    assert.equal((await b.exec(pop)).progress, "5/9");
    // Badges: one certain legacy date, one current, one without a date.
    const badges = await b.waitFor(() => {
      const t = [...document.querySelectorAll("[data-ltg-token]")].map((e) => [e.querySelector("h3")?.textContent, e.dataset.ltgToken]);
      return t.length >= 3 ? t : null;
    }, "token flags");
    assert.deepEqual(Object.fromEntries(badges.filter(([n]) => n !== "Legacy Account Tokens")),
      { "Reporting export": "legacy", "Catalog sync": "current", "Sandbox (imported)": "unknown" });
    await clickHighlighted(b);
    await waitStep(b, "open-more-menu");
    await clickHighlighted(b);
    await waitStep(b, "review-reset-options");
    // Reset (Read/Write): the warning first; proceed; the reminder keeps the checklist.
    await b.waitFor(() => document.querySelector('[data-ltg-guard="reset-rw"]'), "guard mark");
    await b.click(() => document.querySelector('[data-ltg-guard="reset-rw"]'));
    await b.waitFor(() => document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-part="reset-warning"]'), "warning");
    assert.equal(await b.exec(() => document.getElementById("demo-status").textContent), "", "held until confirmed");
    await b.click(() => document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-action="proceed"]'));
    await b.waitFor(() => document.getElementById("demo-status").textContent.includes("reset (demo)") || null, "the demo's reset");
    await b.waitFor(() => document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-part="reset-reminder"]'), "reminder");
    await b.screenshot("demo-reminder");
    // Our two panels never cover each other: the guide's popover keeps clear of the reminder.
    const apart = await b.waitFor(() => {
      const s = document.getElementById("ltg-root").shadowRoot;
      const p = s.querySelector('[data-ltg-part="popover"]')?.getBoundingClientRect();
      const r = s.querySelector('[data-ltg-part="reset-reminder"]')?.getBoundingClientRect();
      if (!p || !r || !p.width) return null;
      return { overlap: p.left < r.right && r.left < p.right && p.top < r.bottom && r.top < p.bottom, p: [p.left, p.top, p.width, p.height], r: [r.left, r.top, r.width, r.height] };
    }, "popover and reminder");
    assert.equal(apart.overlap, false, JSON.stringify(apart));
    // Demo data is in storage.session, never in storage.local (the real reminders).
    const local = await storage(b, "local");
    const session = await storage(b, "session");
    assert.equal(local["ltg.resets"], undefined, "no demo reminder among the real ones");
    assert.equal(local["ltg.guide"], undefined, "no demo progress in the real progress");
    assert.equal(session["ltg.resets"].items.length, 1);
    // The guide goes on through Overview and API Credentials.
    await b.exec(() => document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-part="popover"] [data-ltg-action="next"]').click());
    await waitStep(b, "open-token-overview");
    await clickHighlighted(b);
    await waitStep(b, "open-api-credentials");
    await clickHighlighted(b);
    // The API Credentials view: the Auth Token value is covered until Reveal (masking is on by
    // default), the Account SID is not.
    const masked = await b.waitFor(() => {
      const dd = [...document.querySelectorAll(".creds code")];
      return dd[1]?.getAttribute("data-ltg-mask") === "hidden" ? dd.map((d) => d.getAttribute("data-ltg-mask")) : null;
    }, "the demo's Auth Token covered");
    assert.deepEqual(masked, [null, "hidden"]);
    await b.click(() => document.querySelector('[data-ltg-part="mask-reveal"]'));
    await b.waitFor(() => document.querySelectorAll(".creds code")[1].getAttribute("data-ltg-mask") === "shown" || null, "revealed");
    await b.click(() => document.querySelector('[data-ltg-part="mask-reveal"]'));
    await b.waitFor(() => document.querySelectorAll(".creds code")[1].getAttribute("data-ltg-mask") === "hidden" || null, "covered again");
    // Proven on the page: the finished view, then the launcher.
    await b.waitFor(() => {
      const p = document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-part="popover"]');
      return p?.dataset.ltgProgress === "9/9" && /complete|Done/i.test(p.textContent) ? true : null;
    }, "finished view");
    await b.screenshot("demo-done");
    await b.click(() => document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-action="next"]'));
    await b.waitFor(() => document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-action="start-guide"]'), "launcher");
    // Start again: the demo's own data only.
    await b.click(() => document.getElementById("demo-restart"));
    await waitStep(b, "enable-legacy-tokens");
    assert.equal((await storage(b, "session"))["ltg.resets"], undefined);
  });
});

eachBrowser("popup that helps from any tab", (ctx) => {
  const put = (b, values) => b.inExtension((api, v) => api.storage.local.clear().then(() => api.storage.local.set(v)), values);
  const BRAND_DONE = ["open-user-profile", "open-settings", "open-technical", "open-api"];

  test("progress and Continue from a tab that is not impact.com: the right page opens, the guide goes on", async () => {
    const { b, url } = ctx;
    await put(b, {
      "ltg.test.appOrigin": url(""),
      "ltg.guide": { schema: 1, active: false, account: "brand", done: BRAND_DONE, current: "enable-legacy-tokens" },
    });
    // A tab elsewhere (not an app page), and the popup in its own window about it.
    await b.goto(url("/other/page.html?fx=plain"));
    const [tabElsewhere] = await b.newWindow();
    await b.openExtensionPage("popup/popup.html");
    const p = await b.waitFor(() => {
      const el = document.getElementById("progress");
      return el && !el.hidden ? { text: el.textContent, progress: el.dataset.ltgProgress, step: el.dataset.ltgStep,
        start: document.getElementById("start").textContent } : null;
    }, "progress line");
    assert.deepEqual([p.progress, p.step], ["5/9", "enable-legacy-tokens"]);
    assert.match(p.text, /^Step 5 of 9: \S/);
    assert.equal(p.start, "Continue the walkthrough");
    const before = await b.cmd("GET", "/window/handles");
    await b.exec(() => { window.close = () => {}; document.getElementById("start").click(); return true; });
    const tab = await b.newHandle(before);
    assert.ok(tab, "Continue opened a tab");
    await b.switchWindow(tab);
    await b.waitFor((path) => location.pathname === path || null, "brand settings page", 8000,
      "/secure/advertiser/accountSettings/techintegration/adv-wsapi-table-flow.ihtml");
    await waitStep(b, "enable-legacy-tokens");
    await b.closeWindow(tabElsewhere);
    await b.closeOthers();
  });

  test("on an app page Start hands over to the page; reminders listed by token, ticked here, badge equal", async () => {
    const { b, url } = ctx;
    await put(b, {
      "ltg.resets": { schema: 1, items: [
        { id: "r1", kind: "reset-rw", token: "Read/Write Token", at: 1, integrations: [
          { id: "i1", name: "Shopify feed", note: "prod", updated: false, at: 1 },
          { id: "i2", name: "BI export", note: "", updated: true, at: 1 },
          "Old CRM"] },
        { id: "r2", kind: "reset-token", token: "Reporting export", at: 2, integrations: [] },
        { id: "r3", kind: "reset-ro", token: "Read-Only Token", at: 3, dismissed: true, integrations: [{ id: "z", name: "Gone" }] },
      ] },
    });
    await b.goto(url("/secure/agency/dashboard.ihtml?fx=app&acct=agency&lang=en"));
    const [appTab] = await b.newWindow();
    await b.openExtensionPage("popup/popup.html");
    const list = await b.waitFor(() => {
      const items = [...document.querySelectorAll("[data-ltg-reminder]")];
      return items.length ? {
        reminders: items.map((li) => [li.dataset.ltgReminder, li.querySelector(".token").textContent,
          [...li.querySelectorAll("[data-ltg-integration]")].map((l) => [l.dataset.ltgIntegration, l.querySelector("input").checked])]),
        pending: document.getElementById("resets").dataset.ltgPending,
      } : null;
    }, "reminders in the popup");
    assert.deepEqual(list.reminders, [
      ["r1", "Read/Write Token", [["Shopify feed", false], ["BI export", true], ["Old CRM", false]]],
      ["r2", "Reporting export", []],
    ]);
    assert.equal(list.pending, "3", "two open integrations and one reminder without any");
    const badge = () => b.execAsync(`() => (globalThis.browser ?? globalThis.chrome).action.getBadgeText({})`);
    for (let i = 0; i < 20 && (await badge()) !== "3"; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await badge(), "3", "the toolbar badge equals the list");
    // Tick one here: stored, counted, the badge follows; the older entry without id too.
    await b.click(() => document.querySelector('[data-ltg-integration="Shopify feed"] input'));
    await b.waitFor(() => document.getElementById("resets").dataset.ltgPending === "2" || null, "pending 2");
    await b.click(() => document.querySelector('[data-ltg-integration="Old CRM"] input'));
    await b.waitFor(() => document.getElementById("resets").dataset.ltgPending === "1" || null, "pending 1");
    const stored = (await storage(b, "local"))["ltg.resets"];
    assert.deepEqual(stored.items[0].integrations.map((i) => [i.id, i.name, i.updated]),
      [["i1", "Shopify feed", true], ["i2", "BI export", true], ["n2", "Old CRM", true]]);
    assert.equal(stored.items[2].dismissed, true, "the rest untouched");
    for (let i = 0; i < 20 && (await badge()) !== "1"; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await badge(), "1");
    // Start while the tab is an app page: no new tab, the guide starts in that page.
    const before = await b.cmd("GET", "/window/handles");
    // (The popup closes itself once the change is stored; this one is a tab: wait for it.)
    const guide = await b.execAsync(async () => {
      window.close = () => {};
      document.getElementById("start").click();
      const api = globalThis.browser ?? globalThis.chrome;
      for (let i = 0; i < 100; i++) {
        const g = (await api.storage.local.get("ltg.guide"))["ltg.guide"];
        if (g?.active) return g;
        await new Promise((r) => setTimeout(r, 50));
      }
      return null;
    });
    assert.equal(guide?.active, true);
    await b.closeWindow(appTab);
    await b.waitFor(() => document.getElementById("ltg-root")?.shadowRoot
      ?.querySelector('[data-ltg-part="popover"]')?.dataset.ltgStep === "open-menu", "walkthrough in the app tab");
    assert.equal(await b.newHandle(before, 300), null, "no other tab opened");
  });

  test("a step that cannot find its control: the popup offers a report of what it looked for and saw", async () => {
    const { b, url } = ctx;
    await put(b, { "ltg.guide": { schema: 1, active: true, account: "agency", current: "open-more-menu",
      done: ["open-menu", "open-settings", "open-technical", "open-rest-web-services", "enable-legacy-tokens"] } });
    // A page without any token card: the step's [More] is not there.
    await b.goto(url("/secure/agency/reports.ihtml?fx=app&acct=agency&lang=en"));
    await waitStep(b, "open-more-menu", "missing");
    const [tab] = await b.newWindow();
    await b.openExtensionPage("popup/popup.html");
    const rep = await b.waitFor(() => {
      const s = document.getElementById("report");
      return s && !s.hidden ? { step: s.dataset.ltgStep, text: document.getElementById("report-text").value } : null;
    }, "report offered");
    assert.equal(rep.step, "open-more-menu");
    const lines = rep.text.split("\n");
    assert.match(lines[1], /^Extension: \d+\.\d+\.\d+; browser: .*(Chrome|Firefox)/);
    assert.match(rep.text, /Page: \/secure\/agency\/reports\.ihtml \(page language: en-US; guide language: en\)/);
    assert.match(rep.text, /Step: open-more-menu — not found/);
    assert.match(rep.text, /Looked for: More \| .*\(roles: button\) inside: legacy-account-tokens/);
    // What the page offered: its controls by role and name (the app's Menu button among them).
    const seen = lines.slice(lines.indexOf("Controls on the page (role: name):") + 1).filter(Boolean);
    assert.ok(seen.length > 0 && seen.every((l) => /^- [a-z?]+: .+$/.test(l)), rep.text);
    assert.ok(seen.some((l) => /^- button: menu$/.test(l)), rep.text);
    await b.exec(() => { document.getElementById("copy-report").click(); return true; });
    await b.waitFor(() => document.getElementById("report-status").textContent || null, "copied, or selected to copy");
    // Found later on the same page (the app shows the card once legacy tokens are enabled): the
    // report is withdrawn.
    await b.closeWindow(tab);
    await b.goto(url("/secure/agency/accountSettings/agency-wsapi-flow.ihtml?lang=en&reset-state=1"));
    await waitStep(b, "open-more-menu", "missing");
    const [tab1] = await b.newWindow();
    await b.openExtensionPage("popup/popup.html");
    await b.waitFor(() => !document.getElementById("report").hidden || null, "report offered on the settings page");
    await b.closeWindow(tab1);
    await b.click(() => [...document.querySelectorAll("button,input[type=button]")]
      .find((e) => /Enable Legacy Tokens/i.test(e.textContent || e.value)));
    await waitStep(b, "open-more-menu", "found");
    const [tab2] = await b.newWindow();
    await b.openExtensionPage("popup/popup.html");
    await b.waitFor(() => document.getElementById("rule")?.textContent || null, "popup ready");
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await b.exec(() => document.getElementById("report").hidden), true, "no report once found");
    await b.closeWindow(tab2);
  });

  // Side: a window wide enough for a column beside the article; inline: the usual 1280 px.
  for (const [layout, width] of [["side", 1760], ["inline", 1280]]) {
    test(`on a help article (${layout} layout) the reminder sits with the checklist: neither covers the other or the article`, async () => {
      const { b, url } = ctx;
      await put(b, { "ltg.resets": { schema: 1, items: [{ id: "r1", kind: "reset-rw", token: "Read/Write Token", at: 1,
        integrations: [{ id: "i1", name: "Shopify feed", note: "", updated: false, at: 1 }] }] } });
      await b.cmd("POST", "/window/rect", { width, height: 900 });
      await b.goto(url("/agency/en/settings/api-tokens/manage-legacy-api-tokens-as-an-agency?fx=help"));
      const r = await b.waitFor((layout) => {
        const s = document.getElementById("ltg-root")?.shadowRoot;
        const panel = s?.querySelector(`[data-ltg-part="help-checklist"]`);
        const rem = s?.querySelector('[data-ltg-part="reset-reminder"]');
        const main = document.querySelector("main, article, [role=main]");
        if (!panel || !rem || !main) return null;
        const box = (e) => { const x = e.getBoundingClientRect(); return { l: x.left, t: x.top, r: x.right, b: x.bottom }; };
        // The article's own text: its paragraphs, list items and headings.
        const text = [...main.querySelectorAll("p, li, h1, h2, h3, h4")].filter((e) => e.getClientRects().length).map(box);
        return { layout: panel.dataset.ltgLayout, panel: box(panel), rem: box(rem), main: box(main), text, vh: innerHeight };
      }, "help panel and reminder", 8000, layout);
      await b.cmd("POST", "/window/rect", { width: 1280, height: 800 });
      assert.equal(r.layout, layout, `the panel's layout at ${width} px`);
      const overlap = (a, c) => a.l < c.r - 1 && c.l < a.r - 1 && a.t < c.b - 1 && c.t < a.b - 1;
      assert.ok(!overlap(r.panel, r.rem), `checklist and reminder apart: ${JSON.stringify(r)}`);
      const covered = r.text.filter((x) => overlap(x, r.rem) || overlap(x, r.panel));
      assert.deepEqual(covered, [], `no article text under our panels: ${JSON.stringify({ rem: r.rem, panel: r.panel })}`);
    });
  }
});
