// Shared set-up for the end-to-end files: one fixture server and one browser per file and browser.
import { after, afterEach, before, describe } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Browser, browsers } from "./webdriver.mjs";
import { startServer } from "./server.mjs";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const OUT = `${ROOT}test-output/e2e`;

/** `describe` once per browser; `body(ctx)` registers tests using ctx.b (browser) and ctx.url().
 * With `{ keepProfile: true }`, `ctx.relaunch()` closes the browser and starts it again on the
 * same profile (what a user's restart keeps). */
export function eachBrowser(title, body, { keepProfile = false, pageLoadStrategy, welcome } = {}) {
  for (const name of browsers()) {
    describe(`${title} [${name}]`, () => {
      const ctx = { name };
      before(async () => {
        ctx.server = await startServer();
        const ext = `${ROOT}dist/test-${name === "chromium" ? "chrome" : "firefox"}`;
        const profileDir = keepProfile ? mkdtempSync(join(tmpdir(), `ltg-${name}-kept-`)) : undefined;
        ctx.b = await Browser.launch(name, { extensionDir: ext, outDir: OUT, profileDir, pageLoadStrategy, welcome });
        ctx.url = (path) => `${ctx.server.origin}${path}`;
        ctx.relaunch = async () => {
          await ctx.b.close();
          // Chromium keeps the extension installed across a restart (no welcome tab); Firefox
          // installs its temporary add-on again, and shows the welcome tab again when a test
          // cleared storage.local.
          ctx.b = await Browser.launch(name, { extensionDir: ext, outDir: OUT, profileDir,
            welcome: name === "firefox" ? "close" : "none" });
        };
        ctx.profileDir = profileDir;
      });
      // Every flow ends without an error of ours on the page it ends on (top document and its
      // frames), unless the test says it expects one (ctx.expectError = true).
      afterEach(async () => {
        const expect = ctx.expectError;
        ctx.expectError = false;
        if (expect || !ctx.b) return;
        let errors;
        try {
          errors = await ctx.b.exec(() => {
            const out = [];
            const look = (d, where) => {
              const e = d?.documentElement?.getAttribute("data-ltg-error");
              if (e) out.push(`${where}: ${e}`);
              for (const f of d?.querySelectorAll("iframe") ?? []) {
                try { look(f.contentDocument, `${where} > iframe`); } catch { /* cross-origin */ }
              }
            };
            look(document, location.pathname);
            return out;
          });
        } catch {
          return; // no page to ask (a closed window, a browser restart)
        }
        assert.deepEqual(errors, [], "data-ltg-error on the page the test ended on");
      });
      after(async () => {
        await ctx.b?.close();
        await ctx.server?.close();
        if (ctx.profileDir) rmSync(ctx.profileDir, { recursive: true, force: true });
      });
      body(ctx);
    });
  }
}

/** Page helpers run inside the page (passed to Browser.exec). */
export const page = {
  /** [core, error] once the loader has set data-ltg-core, else null (keep waiting). */
  core: () => {
    const r = document.documentElement;
    return r.hasAttribute("data-ltg-core")
      ? [r.getAttribute("data-ltg-core"), r.getAttribute("data-ltg-error")]
      : null;
  },
  shadowQuery: (sel) => document.getElementById("ltg-root")?.shadowRoot?.querySelector(sel) ?? null,
};
