// The README's screenshots (docs/screenshots/) and the Chrome Web Store images (docs/store/:
// 1280×800 screenshots, the 440×280 promo tile), drawn from the real extension on its demo page,
// welcome page, popup and options (Chromium, 1280×800 CSS pixels at scale 1). Each file is
// checked to be a PNG of the size the store asks for. `./build.sh demo` runs this file when
// there is no display.
import assert from "node:assert/strict";
import { test } from "node:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { eachBrowser } from "./lib/harness.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DEMO = "ltg-demo/secure/agency/accountSettings/agency-wsapi-flow.html";

/** Width and height of a PNG (its IHDR). */
function size(buf) {
  assert.equal(buf.subarray(1, 4).toString(), "PNG");
  return [buf.readUInt32BE(16), buf.readUInt32BE(20)];
}
function save(rel, b64, want) {
  const buf = Buffer.from(b64, "base64");
  if (want) assert.deepEqual(size(buf), want, `${rel}: ${want.join("×")}`);
  const file = `${ROOT}${rel}`;
  mkdirSync(file.slice(0, file.lastIndexOf("/")), { recursive: true });
  writeFileSync(file, buf);
  return file;
}

eachBrowser("screenshots and store images", (ctx) => {
  test("every feature, drawn from the real extension", async (t) => {
    const { b, url, name } = ctx;
    if (name !== "chromium") return t.skip("drawn once, in Chromium (the store's browser)");
    const cdp = (cmd, params = {}) => b.cmd("POST", "/goog/cdp/execute", { cmd, params });
    await cdp("Emulation.setDeviceMetricsOverride", { width: 1280, height: 800, deviceScaleFactor: 1, mobile: false });
    await cdp("Emulation.setEmulatedMedia", { features: [{ name: "prefers-color-scheme", value: "light" }] });
    const page = async (readme, store) => {
      const shot = await b.cmd("GET", "/screenshot");
      save(`docs/screenshots/${readme}.png`, shot, [1280, 800]);
      if (store) save(`docs/store/${store}.png`, shot, [1280, 800]);
    };
    const pause = (ms) => new Promise((r) => setTimeout(r, ms));

    await b.openExtensionPage("welcome/welcome.html");
    await b.waitFor(() => document.querySelector("h1")?.textContent.includes("installed") || null, "welcome");
    await page("welcome", "screenshot-1-welcome");

    // The demo: the guide with badges on the tokens.
    await b.openExtensionPage(DEMO);
    await b.waitFor(() => document.getElementById("ltg-root")?.shadowRoot?.querySelector('[data-ltg-part="popover"][data-ltg-step="enable-legacy-tokens"]'), "guide");
    await b.click(() => document.querySelector("[data-ltg-highlight]"));
    await b.waitFor(() => document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-part="popover"][data-ltg-step="open-more-menu"]'), "step 6");
    await b.waitFor(() => document.querySelectorAll('[data-ltg-part="token-badge"]').length >= 4 || null, "badges");
    await pause(400);
    await page("guide-and-badges", "screenshot-2-guide");
    // The reset warning.
    await b.click(() => document.querySelector("[data-ltg-highlight]"));
    await b.waitFor(() => document.querySelector('[data-ltg-guard="reset-rw"]'), "reset item");
    await b.click(() => document.querySelector('[data-ltg-guard="reset-rw"]'));
    await b.waitFor(() => document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-part="reset-warning"]'), "warning");
    await pause(300);
    await page("reset-warning", "screenshot-3-reset-warning");
    // The reminder with a checklist.
    await b.click(() => document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-action="proceed"]'));
    await b.waitFor(() => document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-part="reset-reminder"] [data-ltg-field="name"]'), "reminder");
    for (const n of ["Shopify product feed", "Nightly BI export"]) {
      await b.exec((n) => {
        const s = document.getElementById("ltg-root").shadowRoot;
        s.querySelector('[data-ltg-field="name"]').value = n;
        s.querySelector('[data-ltg-action="add"]').click();
        return true;
      }, n);
      await b.waitFor((n) => document.getElementById("ltg-root").shadowRoot.querySelector(`[data-ltg-integration="${n}"]`), "integration", 8000, n);
    }
    await pause(300);
    await page("reminder", "screenshot-4-reminder");
    // Masking on the API Credentials view.
    await b.exec(() => { location.hash = "#credentials"; return true; });
    await b.waitFor(() => document.querySelector('[data-ltg-mask="hidden"]'), "masked value");
    await pause(300);
    await page("masking");

    // The tracker (options, Tokens) with tokens of two accounts, and the popup.
    await b.inExtension((api) => api.storage.local.set({
      "ltg.tokens": { schema: 1, items: [
        { account: { type: "agency", name: "Acme Media", id: "4242" }, name: "Reporting export", created: "2025-01-05", verdict: "legacy", first: Date.now() - 864e5 * 9, last: Date.now() },
        { account: { type: "agency", name: "Acme Media", id: "4242" }, name: "Catalog sync", created: "2025-06-30", verdict: "current", first: Date.now() - 864e5 * 9, last: Date.now() },
        { account: { type: "brand", name: "Beta Shoes", id: "5151" }, name: "Legacy Account Tokens", created: "", verdict: "legacy", first: Date.now() - 864e5 * 2, last: Date.now() },
        { account: { type: "brand", name: "Beta Shoes", id: "5151" }, name: "Sandbox", created: "", verdict: "unknown", first: Date.now() - 864e5 * 2, last: Date.now() }] },
      "ltg.resets": { schema: 1, items: [{ id: "r1", kind: "reset-rw", token: "Read/Write Token", at: Date.now() - 36e5,
        account: { type: "brand", name: "Beta Shoes", id: "5151" },
        integrations: [{ id: "i1", name: "Shopify product feed", note: "prod", updated: false, at: 1 },
          { id: "i2", name: "Nightly BI export", note: "", updated: true, at: 1 }] }] },
    }));
    await b.openExtensionPage("options/options.html#tokens");
    await b.waitFor(() => document.querySelectorAll("#tokens-table tbody tr").length === 4 || null, "tracker");
    await page("tracker", "screenshot-5-tracker");
    await b.openExtensionPage("popup/popup.html");
    await b.waitFor(() => document.querySelector("[data-ltg-reminder]"), "popup reminders");
    const body = await b.el(() => document.querySelector("main"));
    save("docs/screenshots/popup.png", await b.cmd("GET", `/element/${body}/screenshot`));

    // The 440×280 promo tile.
    await b.goto(url("/fx/promo.html"));
    await b.waitFor(() => document.querySelector("#tile img")?.complete || null, "promo");
    const tile = await b.el(() => document.getElementById("tile"));
    save("docs/store/promo-440x280.png", await b.cmd("GET", `/element/${tile}/screenshot`), [440, 280]);
    await b.inExtension((api) => api.storage.local.clear());
    assert.ok(readFileSync(`${ROOT}docs/store/screenshot-5-tracker.png`).length > 10000, "a real picture");
  });
});
