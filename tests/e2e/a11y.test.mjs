// Accessibility of our own UI with axe-core 4.14 (npm dev dependency; issue 12): the popup and the
// options page, the reset warning and the reminder, light and (Chromium, by media emulation) dark.
// Only our UI is judged: on app pages axe runs on #ltg-root alone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { eachBrowser } from "./lib/harness.mjs";

const AXE = readFileSync(new URL("../../node_modules/axe-core/axe.min.js", import.meta.url), "utf8");
const AGENCY = "/secure/agency/accountSettings/agency-wsapi-flow.ihtml";
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** Violations of our UI. A page still settling (a panel drawn again after a storage change) can
 * give a passing state mid-change: a result with violations is taken again 0.5 s later, and that
 * one counts (a real violation is there both times). */
async function axe(b, context) {
  const first = await axeOnce(b, context);
  if (first.length === 0) return first;
  await new Promise((r) => setTimeout(r, 500));
  return axeOnce(b, context);
}

async function axeOnce(b, context) {
  if (!(await b.exec(() => !!window.axe))) await b.exec(`() => { ${AXE}\n; return true; }`);
  return b.execAsync(`(ctx, tags) => window.axe.run(ctx ? { include: [[ctx]] } : document,
      { runOnly: { type: "tag", values: tags.concat(["best-practice"]) }, resultTypes: ["violations"] })
    .then((r) => r.violations.map((v) => v.id + " (" + v.impact + "): " +
      v.nodes.map((n) => JSON.stringify(n.target)).join(" | ")))`, context ?? null, TAGS);
}

async function scheme(b, name, dark) {
  if (name !== "chromium") return false;
  await b.cmd("POST", "/goog/cdp/execute", { cmd: "Emulation.setEmulatedMedia",
    params: { features: [{ name: "prefers-color-scheme", value: dark ? "dark" : "light" }] } });
  return true;
}

eachBrowser("accessibility (axe-core)", (ctx) => {
  for (const dark of [false, true]) {
    const mode = dark ? "dark" : "light";
    test(`popup, options, welcome and demo, ${mode}: no violations`, async (t) => {
      const { b, name } = ctx;
      if (dark && !(await scheme(b, name, true))) return t.skip("dark by media emulation: Chromium only");
      if (!dark) await scheme(b, name, false);
      // The popup with everything it can show: reminders with a checklist, the account choice.
      await b.inExtension((api) => api.storage.local.clear().then(() => api.storage.local.set({ "ltg.resets": { schema: 1, items: [
        { id: "r1", kind: "reset-rw", token: "Read/Write Token", at: 1,
          integrations: [{ id: "i1", name: "Shopify feed", note: "prod", updated: false, at: 1 }] },
        { id: "r2", kind: "reset-token", token: "Reporting export", at: 2, integrations: [] }] } })));
      await b.openExtensionPage("popup/popup.html");
      await b.waitFor(() => document.querySelector("[data-ltg-reminder]"), "popup reminders");
      await b.exec(() => { window.close = () => {}; document.getElementById("start").click(); return true; });
      await b.waitFor(() => !document.getElementById("accounts").hidden || null, "account choice");
      assert.deepEqual(await axe(b), [], `popup with reminders and the account choice (${mode})`);
      await b.inExtension((api) => api.storage.local.clear());
      // The tracker tab with rows.
      await b.inExtension((api) => api.storage.local.set({ "ltg.tokens": { schema: 1, items: [
        { account: { type: "agency", name: "Acme", id: "1" }, name: "Reporting export", created: "2025-01-05", verdict: "legacy", first: 1, last: 2 },
        { account: { type: "brand", name: "", id: "" }, name: "Catalog sync", created: "", verdict: "unknown", first: 1, last: 2 }] } }));
      await b.openExtensionPage("options/options.html#tokens");
      await b.waitFor(() => document.querySelectorAll("#tokens-table tbody tr").length === 2 || null, "tracker rows");
      assert.deepEqual(await axe(b), [], `options, Tokens tab (${mode})`);
      await b.inExtension((api) => api.storage.local.clear());
      for (const page of ["popup/popup.html", "options/options.html", "welcome/welcome.html"]) {
        await b.openExtensionPage(page);
        assert.deepEqual(await axe(b), [], `${page} (${mode})`);
      }
      // The demo page as a whole (the model and our UI on it), with the guide showing.
      await b.openExtensionPage("ltg-demo/secure/agency/accountSettings/agency-wsapi-flow.html");
      await b.waitFor(() => document.getElementById("ltg-root")?.shadowRoot?.querySelector('[data-ltg-part="popover"]'), "demo guide");
      assert.deepEqual(await axe(b), [], `demo (${mode})`);
      // Its API Credentials view: the covered value and its Reveal control.
      await b.exec(() => { sessionStorage.setItem("demo-enabled", "1"); location.hash = "#credentials"; return true; });
      await b.waitFor(() => document.querySelector('[data-ltg-part="mask-reveal"]'), "reveal control");
      assert.deepEqual(await axe(b), [], `demo credentials, masked (${mode})`);
      // The check can fail: an image without a text alternative is reported.
      await b.exec(() => { document.body.append(document.createElement("img")); return true; });
      assert.ok((await axe(b)).some((v) => v.startsWith("image-alt")), "axe reports a planted violation");
    });
    test(`reset warning and reminder, ${mode}: no violations`, async (t) => {
      const { b, url, name } = ctx;
      if (dark && !(await scheme(b, name, true))) return t.skip("dark by media emulation: Chromium only");
      if (!dark) await scheme(b, name, false);
      await b.inExtension((api) => api.storage.local.clear());
      await b.goto(url(`${AGENCY}?lang=en`));
      await b.waitFor(() => document.documentElement.dataset.fxReady === "1", "fixture ready");
      await b.exec(() => localStorage.setItem("fx-legacy-enabled-agency", "1"));
      await b.goto(url(`${AGENCY}?lang=en`));
      await b.waitFor(() => document.documentElement.dataset.fxLegacyLoaded === "1" && document.getElementById("ltg-root"), "page");
      await b.click(() => document.querySelector("[data-testid=uicl-card] [aria-haspopup]"));
      // The mark comes with the next update after the menu opens.
      await b.waitFor(() => document.querySelector('[role=menu] [data-ltg-guard="reset-rw"]'), "guarded item");
      await b.click(() => document.querySelector('[role=menu] [data-ltg-guard="reset-rw"]'));
      await b.waitFor(() => document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-part="reset-warning"]'), "warning");
      assert.deepEqual(await axe(b, "#ltg-root"), [], `reset warning (${mode})`);
      await b.exec(() => { document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-action="proceed"]').click(); return true; });
      await b.waitFor(() => document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-part="reset-reminder"]'), "reminder");
      assert.deepEqual(await axe(b, "#ltg-root"), [], `reminder (${mode})`);
    });
    test(`guide popover, badges, launcher and help panel, ${mode}: no violations`, async (t) => {
      const { b, url, name } = ctx;
      if (dark && !(await scheme(b, name, true))) return t.skip("dark by media emulation: Chromium only");
      if (!dark) await scheme(b, name, false);
      await b.inExtension((api) => api.storage.local.clear());
      await b.goto(url(`${AGENCY}?lang=en`));
      await b.waitFor(() => document.documentElement.dataset.fxLegacyLoaded === "1" &&
        document.querySelector("[data-ltg-part=token-badge]") &&
        document.getElementById("ltg-root")?.shadowRoot?.querySelector('[data-ltg-action="start-guide"]'), "badges and launcher", 15000);
      assert.deepEqual(await axe(b, "#ltg-root"), [], `launcher (${mode})`);
      // Badges sit in the page, each with its own shadow root.
      assert.deepEqual(await axe(b, "[data-ltg-part=token-badge]"), [], `badges (${mode})`);
      await b.exec(() => { document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-action="start-guide"]').click(); return true; });
      await b.waitFor(() => document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-part="popover"]'), "popover");
      assert.deepEqual(await axe(b, "#ltg-root"), [], `guide popover (${mode})`);
      await b.goto(url("/agency/en/settings/api-tokens/manage-legacy-api-tokens-as-an-agency?fx=help"));
      await b.waitFor(() => document.getElementById("ltg-root")?.shadowRoot?.querySelector('[data-ltg-part="help-checklist"]'), "help panel", 15000);
      assert.deepEqual(await axe(b, "#ltg-root"), [], `help panel (${mode})`);
    });
  }
});

eachBrowser("badges by keyboard", (ctx) => {
  test("the badges are one stop in the tab order; arrow keys, Home and End move between them", async () => {
    const { b, url } = ctx;
    await b.inExtension((api) => api.storage.local.clear());
    await b.exec(() => true);
    await b.goto(url(`${AGENCY}?lang=en`));
    await b.exec(() => { localStorage.setItem("fx-legacy-enabled-agency", "1"); return true; });
    await b.goto(url(`${AGENCY}?lang=en`));
    const n = await b.waitFor(() => {
      const all = document.querySelectorAll("[data-ltg-part=token-badge]");
      return all.length >= 3 ? all.length : null;
    }, "badges", 15000);
    const state = () => {
      const all = [...document.querySelectorAll("[data-ltg-part=token-badge]")];
      return { stops: all.filter((x) => x.getAttribute("tabindex") === "0").map((x) => all.indexOf(x)),
        focused: all.indexOf(document.activeElement) };
    };
    assert.deepEqual((await b.exec(state)).stops, [0], "one tab stop: the first badge");
    await b.exec(() => { document.querySelector("[data-ltg-part=token-badge]").focus(); return true; });
    await b.keys("ArrowRight");
    assert.deepEqual(await b.exec(state), { stops: [1], focused: 1 });
    await b.keys("\uE010"); // End
    assert.deepEqual(await b.exec(state), { stops: [n - 1], focused: n - 1 });
    await b.keys("ArrowLeft");
    assert.deepEqual(await b.exec(state), { stops: [n - 2], focused: n - 2 });
    await b.keys("\uE011"); // Home
    assert.deepEqual(await b.exec(state), { stops: [0], focused: 0 });
  });
});
