// A reset clicked immediately after navigation, before the core is ready (issue 11): stage one
// holds it from document_start; the core, once ready, asks first; nothing reaches the app before.
// The fixture holds DOMContentLoaded (and so the core) back for 3 s with a slow deferred script;
// the session does not wait for page loads (pageLoadStrategy "none"), so the click comes while
// the page is still loading.
import { test } from "node:test";
import assert from "node:assert/strict";
import { eachBrowser } from "./lib/harness.mjs";

const PAGE = "/secure/agency/accountSettings/agency-wsapi-flow.ihtml?fx=early/reset";
const warning = () => document.getElementById("ltg-root")?.shadowRoot
  ?.querySelector('[data-ltg-part="reset-warning"]')?.getAttribute("data-ltg-guard") ?? null;

eachBrowser("reset clicked before the core is ready", (ctx) => {
  test("held from the first moment, then the warning; Reset anyway resets once", async () => {
    const { b, url } = ctx;
    await b.goto(url(PAGE));
    await b.waitFor(() => document.getElementById("rw") && document.documentElement.hasAttribute("data-fx-reset-count"),
      "the menu item and the app's handler", 8000);
    await b.click(() => document.getElementById("rw"));
    const at = await b.exec(() => ({
      core: document.documentElement.getAttribute("data-fx-core-at-press"),
      parsed: document.documentElement.hasAttribute("data-fx-slow-done"),
      count: document.documentElement.getAttribute("data-fx-reset-count"),
    }));
    assert.deepEqual(at, { core: "none", parsed: false, count: "0" }, "pressed before the core ran; the app saw nothing");
    // The core starts after DOMContentLoaded and asks about the held reset.
    assert.equal(await b.waitFor(warning, "the warning for the held reset", 15000), "reset-rw");
    assert.equal(await b.exec(() => document.documentElement.getAttribute("data-fx-reset-count")), "0");
    await b.exec(() => { document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-action="proceed"]').click(); return true; });
    await b.waitFor(() => document.documentElement.getAttribute("data-fx-reset-count") === "1", "reset once");
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(await b.exec(() => document.documentElement.getAttribute("data-fx-reset-count")), "1", "exactly once");
  });

  test("an item named by another element (aria-labelledby) is marked and guarded", async () => {
    const { b, url } = ctx;
    await b.goto(url("/secure/agency/accountSettings/agency-wsapi-flow.ihtml?fx=early/labelled"));
    // (This session does not wait for page loads: make sure this is the new page.)
    await b.waitFor(() => location.search.includes("labelled") &&
      document.getElementById("rw")?.getAttribute("data-ltg-guard"), "marked", 15000);
    assert.equal(await b.exec(() => document.getElementById("rw").getAttribute("data-ltg-guard")), "reset-rw");
    await b.click(() => document.getElementById("rw"));
    assert.equal(await b.waitFor(warning, "the warning"), "reset-rw");
    assert.equal(await b.exec(() => document.documentElement.getAttribute("data-fx-reset-count")), "0");
    await b.exec(() => { document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-action="cancel"]').click(); return true; });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await b.exec(() => document.documentElement.getAttribute("data-fx-reset-count")), "0", "cancelled");
  });

  test("inside the app's own modal <dialog>, the warning is on top and usable", async () => {
    const { b, url } = ctx;
    await b.goto(url("/secure/agency/accountSettings/agency-wsapi-flow.ihtml?fx=early/modal"));
    await b.waitFor(() => location.search.includes("modal") &&
      document.getElementById("rw")?.getAttribute("data-ltg-guard"), "marked", 15000);
    await b.click(() => document.getElementById("rw"));
    assert.equal(await b.waitFor(warning, "the warning"), "reset-rw");
    assert.equal(await b.exec(() => document.documentElement.getAttribute("data-fx-reset-count")), "0");
    // A real click (WebDriver refuses an element that is covered or inert).
    await b.click(() => document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-action="proceed"]'));
    await b.waitFor(() => document.documentElement.getAttribute("data-fx-reset-count") === "1", "reset once");
  });
}, { pageLoadStrategy: "none" });
