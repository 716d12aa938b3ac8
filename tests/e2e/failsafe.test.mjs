// Fail safe (issue 11): when the core fails, nothing of ours pretends to work. The test build
// (only it: cargo feature test-panic) lets a page ask the core to panic in an update
// (<html data-ltg-test-panic>). Then: every mark and piece of our UI is gone from the page, the
// page still works, stage one holds reset activations again with a plain warning (a native
// confirm), and the popup says the extension stopped on that page and why.
import { test } from "node:test";
import assert from "node:assert/strict";
import { eachBrowser } from "./lib/harness.mjs";

const AGENCY = "/secure/agency/accountSettings/agency-wsapi-flow.ihtml";

const ours = () => ({
  core: document.documentElement.getAttribute("data-ltg-core"),
  error: document.documentElement.getAttribute("data-ltg-error"),
  host: document.querySelectorAll("#ltg-root").length,
  parts: document.querySelectorAll("[data-ltg-part]").length,
  marked: document.querySelectorAll("[data-ltg-token],[data-ltg-created],[data-ltg-guard],[data-ltg-highlight],[data-ltg-titled]").length,
  flagAttrs: ["data-ltg-flag-ms", "data-ltg-flag-count"].filter((a) => document.documentElement.hasAttribute(a)),
});
const resetItem = () => [...document.querySelectorAll("[role=menu] [role=menuitem]")]
  .find((e) => e.textContent.trim() === "Reset (Read/Write)") ?? null;
const more = () => document.querySelector("[data-testid=uicl-card] [aria-haspopup]");

eachBrowser("fail safe", (ctx) => {
  test("a core panic leaves the page clean, resets still guarded, the popup says why", async () => {
    const { b, url } = ctx;
    await b.inExtension((api) => api.storage.local.clear());
    await b.goto(url(`${AGENCY}?lang=en`));
    await b.waitFor(() => document.documentElement.dataset.fxReady === "1", "fixture ready");
    await b.exec(() => { localStorage.setItem("fx-legacy-enabled-agency", "1"); });
    await b.goto(url(`${AGENCY}?lang=en`));
    // Working first: badges, the launcher, guarded reset items with their marks.
    await b.waitFor(() => document.querySelectorAll("[data-ltg-token]").length >= 2, "tokens flagged", 15000);
    await b.click(more);
    await b.waitFor(() => document.querySelector('[role=menu] [data-ltg-guard="reset-rw"]'), "guarded item");
    const before = await b.exec(ours);
    assert.ok(["wasm", "js"].includes(before.core), `core running: ${before.core}`);
    assert.ok(before.host === 1 && before.marked > 0, `working before: ${JSON.stringify(before)}`);

    // The page asks the test build's core to panic in its next update.
    ctx.expectError = true;
    await b.exec(() => {
      document.documentElement.setAttribute("data-ltg-test-panic", "");
      document.body.appendChild(document.createElement("div"));
    });
    await b.waitFor(() => document.documentElement.getAttribute("data-ltg-core") === "error", "core stopped", 8000);
    const after = await b.exec(ours);
    assert.match(after.error, /test panic/, "the reason is on the page");
    assert.deepEqual({ host: after.host, parts: after.parts, marked: after.marked, flagAttrs: after.flagAttrs },
      { host: 0, parts: 0, marked: 0, flagAttrs: [] }, "nothing of ours is left");
    // Nothing comes back on later changes.
    await b.exec(() => document.body.appendChild(document.createElement("p")));
    await new Promise((r) => setTimeout(r, 400));
    assert.equal((await b.exec(ours)).parts, 0);

    // The page still works, and a reset still asks first (stage one's plain warning).
    if (!(await b.exec(resetItem))) await b.click(more);
    await b.waitFor(resetItem, "the app's menu");
    assert.equal(await b.exec(() => document.documentElement.dataset.fxResetCount), "0");
    await b.click(resetItem);
    const text = await b.alertText();
    assert.ok(text && /integration/i.test(text), `a plain warning before the reset: ${text}`);
    await b.dismissAlert();
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await b.exec(() => document.documentElement.dataset.fxResetCount), "0", "cancelled: no reset");
    if (!(await b.exec(resetItem))) await b.click(more);
    await b.click(resetItem);
    assert.ok(await b.alertText(), "asked again");
    await b.acceptAlert();
    await b.waitFor(() => document.documentElement.dataset.fxResetCount === "1", "reset ran after the warning");
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await b.exec(() => document.documentElement.dataset.fxResetCount), "1", "exactly once");

    // The popup (opened in another window) says the extension stopped on that page, and why.
    const [page, popup] = await b.newWindow();
    await b.openExtensionPage("popup/popup.html");
    const said = await b.waitFor(() => document.getElementById("stopped")?.getAttribute("data-ltg-stopped"),
      "popup: stopped on this page", 8000);
    assert.match(said, /test panic/);
    assert.match(await b.exec(() => document.getElementById("stopped").textContent), /stopped on this page/);
    await b.closeWindow(page);
    void popup;
  });

  test("a page handler calling back into our UI while we move focus cannot break the core", async () => {
    const { b, url } = ctx;
    await b.inExtension((api) => api.storage.local.clear());
    await b.goto(url(`${AGENCY}?lang=en`));
    await b.waitFor(() => document.getElementById("ltg-root")?.shadowRoot
      ?.querySelector('[data-ltg-action="start-guide"]'), "launcher", 15000);
    // The page clicks our "Next" from its own focusin handler, i.e. while the guide is moving
    // focus into its popover (a borrowed state there would make the core panic).
    await b.exec(() => {
      document.addEventListener("focusin", () => {
        const next = document.getElementById("ltg-root")?.shadowRoot?.querySelector('[data-ltg-action="next"]');
        if (next && !window.fxCalledBack) {
          window.fxCalledBack = true;
          next.click();
        }
      }, true);
      return true;
    });
    await b.exec(() => { document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-action="start-guide"]').click(); return true; });
    await b.waitFor(() => window.fxCalledBack === true, "the page's handler ran");
    await new Promise((r) => setTimeout(r, 500));
    const s = await b.exec(() => ({
      core: document.documentElement.getAttribute("data-ltg-core"),
      error: document.documentElement.getAttribute("data-ltg-error"),
      pop: !!document.getElementById("ltg-root")?.shadowRoot?.querySelector('[data-ltg-part="popover"]'),
    }));
    assert.deepEqual(s, { core: s.core === "js" ? "js" : "wasm", error: null, pop: true });
  });
});
