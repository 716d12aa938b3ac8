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
    let tab;
    for (let i = 0; i < 50 && !tab; i++) {
      tab = (await b.cmd("GET", "/window/handles")).find((h) => !before.includes(h));
      if (!tab) await new Promise((r) => setTimeout(r, 100));
    }
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
