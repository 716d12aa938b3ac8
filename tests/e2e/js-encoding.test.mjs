// Every feature under a page CSP that makes Chromium refuse wasm in content scripts: Chromium
// then runs the same Rust core converted to JS (data-ltg-core="js"); Firefox runs wasm there.
// One page, in order: flags, reset warning → reminder → checklist, the guide, the help panel.
import { test } from "node:test";
import assert from "node:assert/strict";
import { eachBrowser } from "./lib/harness.mjs";

const AGENCY = "/secure/agency/accountSettings/agency-wsapi-flow.ihtml";
const HELP = "/agency/en/settings/api-tokens/manage-legacy-api-tokens-as-an-agency?fx=help&csp=strict";

eachBrowser("every feature under a wasm-refusing CSP", (ctx) => {
  test("flags, reset warning, reminder, guide and help panel run in the JS encoding (Chromium)", async () => {
    const { b, url, name } = ctx;
    const want = name === "chromium" ? "js" : "wasm";
    await b.inExtension((api) => api.storage.local.clear());
    await b.goto(url(`${AGENCY}?lang=en&csp=strict`));
    await b.waitFor(() => document.documentElement.dataset.fxReady === "1", "fixture ready");
    await b.exec(() => localStorage.setItem("fx-legacy-enabled-agency", "1"));
    await b.goto(url(`${AGENCY}?lang=en&csp=strict`));
    await b.waitFor(() => document.documentElement.getAttribute("data-ltg-core"), "core", 20000);
    assert.equal(await b.exec(() => document.documentElement.getAttribute("data-ltg-core")), want);
    // Flags.
    await b.waitFor(() => document.querySelectorAll("[data-ltg-token] [data-ltg-part=token-badge]").length >= 2, "badges", 15000);
    // The reset warning, then the reminder and its checklist.
    await b.click(() => document.querySelector("[data-testid=uicl-card] [aria-haspopup]"));
    // The mark comes with the next update after the menu opens.
    await b.waitFor(() => document.querySelector('[role=menu] [data-ltg-guard="reset-rw"]'), "guarded item");
    await b.click(() => document.querySelector('[role=menu] [data-ltg-guard="reset-rw"]'));
    await b.waitFor(() => document.getElementById("ltg-root")?.shadowRoot?.querySelector('[data-ltg-part="reset-warning"]'), "warning");
    assert.equal(await b.exec(() => document.documentElement.dataset.fxResetCount), "0");
    await b.exec(() => { document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-action="proceed"]').click(); return true; });
    await b.waitFor(() => document.documentElement.dataset.fxResetCount === "1", "reset ran once");
    await b.waitFor(() => document.getElementById("ltg-root")?.shadowRoot?.querySelector('[data-ltg-part="reset-reminder"]'), "reminder");
    await b.exec(() => { document.getElementById("ltg-root").shadowRoot.querySelector("[data-ltg-field=name]").focus(); return true; });
    await b.keys(..."Shopify");
    await b.exec(() => { document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-action="add"]').click(); return true; });
    await b.waitFor(() => document.getElementById("ltg-root").shadowRoot.querySelector("[data-ltg-integration=Shopify]"), "integration listed");
    // The guide: the launcher starts it; it lands on a step of this page with a highlight.
    await b.waitFor(() => document.getElementById("ltg-root")?.shadowRoot?.querySelector('[data-ltg-action="start-guide"]'), "launcher");
    await b.exec(() => { document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-action="start-guide"]').click(); return true; });
    await b.waitFor(() => document.querySelector("[data-ltg-highlight]"), "a highlight", 10000);
    // The help panel on a help article under the same CSP.
    await b.goto(url(HELP));
    await b.waitFor(() => document.getElementById("ltg-root")?.shadowRoot?.querySelector('[data-ltg-part="help-checklist"]'), "help panel", 15000);
    assert.equal(await b.exec(() => document.documentElement.getAttribute("data-ltg-core")), want);
  });
});
