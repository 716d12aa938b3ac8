// An orphaned content script (issue 11): the extension is reloaded (as an update or removal
// does) while an app page stays open. The old script must not pretend to work: its UI, marks and
// listeners go; a newly injected one (Firefox injects again into open tabs) takes over with
// exactly one #ltg-root; after a reload of the page, exactly one working instance.
import { test } from "node:test";
import assert from "node:assert/strict";
import { eachBrowser } from "./lib/harness.mjs";

const AGENCY = "/secure/agency/accountSettings/agency-wsapi-flow.ihtml";
const state = () => ({
  hosts: document.querySelectorAll("#ltg-root").length,
  parts: document.querySelectorAll("[data-ltg-part]").length,
  marked: document.querySelectorAll("[data-ltg-token],[data-ltg-guard],[data-ltg-titled]").length,
  core: document.documentElement.getAttribute("data-ltg-core"),
});

eachBrowser("orphaned content script", (ctx) => {
  test("after the extension reloads under an open page: no leftovers, then exactly one instance", async () => {
    const { b, url } = ctx;
    await b.inExtension((api) => api.storage.local.clear());
    await b.goto(url(`${AGENCY}?lang=en`));
    await b.waitFor(() => document.documentElement.dataset.fxReady === "1", "fixture ready");
    await b.exec(() => localStorage.setItem("fx-legacy-enabled-agency", "1"));
    await b.goto(url(`${AGENCY}?lang=en`));
    await b.waitFor(() => document.querySelectorAll("[data-ltg-token]").length >= 2, "working: tokens flagged", 15000);
    const page = await b.cmd("GET", "/window");
    // Reload the extension from one of its pages, in another window.
    await b.newWindow();
    await b.openExtensionPage("popup/popup.html");
    await b.exec(() => { setTimeout(() => (globalThis.browser ?? globalThis.chrome).runtime.reload(), 50); return true; });
    await new Promise((r) => setTimeout(r, 1500));
    // The extension page closed with the reload (or stays blank): back to the app page.
    const handles = await b.cmd("GET", "/window/handles");
    for (const h of handles) {
      if (h === page) continue;
      await b.switchWindow(h);
      await b.cmd("DELETE", "/window").catch(() => {});
    }
    await b.switchWindow(page);
    // The page changes (as apps do all the time): the orphan notices and leaves.
    await b.exec(() => document.body.appendChild(document.createElement("div")));
    const s = await b.waitFor(() => {
      const x = {
        hosts: document.querySelectorAll("#ltg-root").length,
        parts: document.querySelectorAll("[data-ltg-part]").length,
        core: document.documentElement.getAttribute("data-ltg-core"),
      };
      // Clean (Chromium: no new script until the next navigation), or a new instance took over
      // (one host, and it runs).
      return (x.hosts === 0 && x.parts === 0) || (x.hosts === 1 && x.core) ? x : null;
    }, "orphan gone or one new instance", 10000);
    if (s.hosts === 0) {
      const st = await b.exec(state);
      assert.deepEqual({ marked: st.marked, core: st.core }, { marked: 0, core: null }, "nothing of ours left");
      // Its listeners are gone: the app's own reset runs as without the extension.
      await b.click(() => document.querySelector("[data-testid=uicl-card] [aria-haspopup]"));
      await b.click(() => [...document.querySelectorAll("[role=menu] [role=menuitem]")]
        .find((e) => e.textContent.trim() === "Reset (Read/Write)"));
      await b.waitFor(() => document.documentElement.dataset.fxResetCount === "1", "the app's handler ran");
      assert.equal(await b.alertText(), null, "no warning of ours");
    }
    // A fresh page: exactly one working instance — where the extension came back. (Chromium does
    // not bring back an extension loaded with --load-extension after runtime.reload(): that run
    // is the "extension removed" case, and the fresh page must then carry nothing of ours.)
    await b.refresh();
    await b.waitFor(() => document.documentElement.dataset.fxReady === "1", "page ready");
    const back = await b.exec(() => new Promise((res) => setTimeout(() => res(
      document.documentElement.hasAttribute("data-ltg-core") || !!document.getElementById("ltg-root")), 2500)));
    if (back) {
      await b.waitFor(() => document.querySelectorAll("[data-ltg-token]").length >= 2, "new instance flags", 15000);
      const after = await b.exec(state);
      assert.equal(after.hosts, 1, "exactly one #ltg-root");
      assert.ok(["wasm", "js"].includes(after.core));
    } else {
      assert.equal(ctx.name, "chromium", "Firefox brings the reloaded add-on back");
      assert.deepEqual(await b.exec(state), { hosts: 0, parts: 0, marked: 0, core: null });
    }
  });
});
