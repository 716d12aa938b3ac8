// A minimal W3C WebDriver client (Node's fetch), enough to drive chromedriver and geckodriver
// with the built extension loaded. One browser session per test file keeps CI lean.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import net from "node:net";

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
    s.on("error", rej);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitForDriver(base, proc) {
  for (let i = 0; i < 200; i++) {
    if (proc.exitCode !== null) throw new Error(`driver exited with ${proc.exitCode}`);
    try {
      const r = await fetch(`${base}/status`);
      if (r.ok) return;
    } catch {}
    await sleep(50);
  }
  throw new Error("driver did not start");
}

/** The test build's gecko id, and the fixed moz-extension UUID the tests give it. */
export const GECKO_ID = "legacy-token-guide@unofficial.example";
export const GECKO_UUID = "6f1f3c1e-2b8a-4d5e-9c70-1a2b3c4d5e6f";

/** Chromium derives an unpacked extension's id from its absolute path: sha256, first 32 hex
 * digits, each mapped 0-f → a-p. */
export function chromiumExtensionId(dir) {
  return createHash("sha256").update(resolve(dir)).digest("hex").slice(0, 32)
    .replace(/./g, (c) => String.fromCharCode(97 + parseInt(c, 16)));
}

export class Browser {
  /** `profileDir`: reuse this profile directory (kept on close; the caller removes it), to
   * test what survives a browser restart. */
  /** `welcome`: the extension opens its welcome page in a new tab on install; by default the
   * launch waits for it and closes it (b.welcomeUrls); "none" does not wait (a restart). */
  static async launch(name, { extensionDir, outDir, profileDir, pageLoadStrategy, welcome = "close" } = {}) {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const keepProfile = !!profileDir;
    const profile = profileDir || mkdtempSync(join(tmpdir(), `ltg-${name}-`));
    mkdirSync(profile, { recursive: true });
    let proc;
    let caps;
    if (name === "chromium") {
      proc = spawn("/usr/bin/chromedriver", [`--port=${port}`], { stdio: "ignore" });
      const dir = resolve(extensionDir);
      caps = {
        browserName: "chrome",
        "goog:chromeOptions": {
          binary: "/usr/bin/chromium",
          args: [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--window-size=1280,800", `--user-data-dir=${profile}`,
            `--load-extension=${dir}`, `--disable-extensions-except=${dir}`,
            "--disable-features=DisableLoadExtensionCommandLineSwitch",
          ],
        },
      };
    } else if (name === "firefox") {
      const gecko = process.env.GECKODRIVER || join(process.env.HOME, ".cargo/bin/geckodriver");
      // With a kept profile, Firefox runs in that directory itself (`-profile`), not in a copy.
      const root = keepProfile ? tmpdir() : profile;
      // --allow-system-access: the chrome context, to open the extension's own pages (inExtension).
      proc = spawn(gecko, ["--port", String(port), "--profile-root", root, "--allow-system-access"],
        { stdio: "ignore" });
      caps = {
        browserName: "firefox",
        "moz:firefoxOptions": {
          binary: "/usr/bin/firefox-esr",
          args: ["-headless", "-width=1280", "-height=800",
            ...(keepProfile ? ["-profile", profile] : [])],
          prefs: {
            "app.update.enabled": false, "browser.shell.checkDefaultBrowser": false,
            // A fixed moz-extension UUID, so tests can open the extension's own pages.
            "extensions.webextensions.uuids": JSON.stringify({ [GECKO_ID]: GECKO_UUID }),
            // A temporary add-on is uninstalled when Firefox quits; keep its storage and UUID
            // so that the same add-on installed again in the same profile finds its data.
            "extensions.webextensions.keepStorageOnUninstall": true,
            "extensions.webextensions.keepUuidOnUninstall": true,
          },
        },
      };
    } else throw new Error(`unknown browser ${name}`);
    await waitForDriver(base, proc);
    const r = await fetch(`${base}/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ capabilities: { alwaysMatch: pageLoadStrategy ? { ...caps, pageLoadStrategy } : caps } }),
    });
    const j = await r.json();
    if (!r.ok) {
      proc.kill();
      throw new Error(`session: ${JSON.stringify(j.value)}`);
    }
    const b = new Browser(name, base, j.value.sessionId, proc, profile, outDir);
    b.keepProfile = keepProfile;
    b.extensionDir = resolve(extensionDir);
    if (name === "firefox") {
      await b.cmd("POST", "/moz/addon/install", { path: resolve(extensionDir), temporary: true });
    }
    await b.cmd("POST", "/timeouts", { script: 30000, pageLoad: 30000, implicit: 0 });
    if (name === "firefox") await b.cmd("POST", "/window/rect", { width: 1280, height: 800 });
    // The welcome tab the extension opens on install: waited for (up to 5 s), its URL kept in
    // b.welcomeUrls, and closed, so every test starts on one tab. (chromedriver does not list
    // extension tabs as windows: Chromium's is found and closed over CDP.)
    b.welcomeUrls = [];
    if (welcome !== "none") {
      const main = await b.cmd("GET", "/window");
      const cdp = (cmd, params = {}) => b.cmd("POST", "/goog/cdp/execute", { cmd, params });
      for (const deadline = Date.now() + 5000; Date.now() < deadline && !b.welcomeUrls.length;) {
        if (name === "chromium") {
          const { targetInfos } = await cdp("Target.getTargets");
          for (const t of targetInfos.filter((t) => t.type === "page" && t.url.endsWith("/welcome/welcome.html"))) {
            b.welcomeUrls.push(t.url);
            await cdp("Target.closeTarget", { targetId: t.targetId });
          }
        } else {
          for (const h of (await b.cmd("GET", "/window/handles")).filter((h) => h !== main)) {
            await b.cmd("POST", "/window", { handle: h });
            // A new tab shows about:blank until its page starts loading.
            let u = await b.cmd("GET", "/url");
            for (let i = 0; i < 30 && u === "about:blank"; i++) {
              await sleep(100);
              u = await b.cmd("GET", "/url");
            }
            b.welcomeUrls.push(u);
            await b.cmd("DELETE", "/window");
          }
          await b.cmd("POST", "/window", { handle: main });
        }
        if (!b.welcomeUrls.length) await sleep(100);
      }
    }
    return b;
  }

  constructor(name, base, id, proc, profile, outDir) {
    Object.assign(this, { name, base, id, proc, profile, outDir });
  }

  async cmd(method, path, body) {
    const r = await fetch(`${this.base}/session/${this.id}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const j = await r.json();
    if (!r.ok) {
      const e = new Error(`${method} ${path}: ${j.value?.error}: ${j.value?.message}`);
      e.webdriver = j.value?.error;
      throw e;
    }
    return j.value;
  }

  goto(url) {
    return this.cmd("POST", "/url", { url });
  }
  refresh() {
    return this.cmd("POST", "/refresh", {});
  }
  url() {
    return this.cmd("GET", "/url");
  }
  /** Run `fn` (a function or its source) in the page with `args`; returns its value. */
  exec(fn, ...args) {
    return this.cmd("POST", "/execute/sync", { script: `return (${fn}).apply(null, arguments)`, args });
  }
  execAsync(fn, ...args) {
    // fn receives (...args) and returns a promise.
    const script = `const done = arguments[arguments.length - 1];
      Promise.resolve((${fn}).apply(null, Array.prototype.slice.call(arguments, 0, -1)))
        .then((v) => done({ ok: v }), (e) => done({ err: String(e && e.stack || e) }));`;
    return this.cmd("POST", "/execute/async", { script, args }).then((r) => {
      if (r && "err" in r) throw new Error(r.err);
      return r?.ok;
    });
  }
  /** Poll `fn` in the page until it returns a truthy value (or time out with `what`). */
  async waitFor(fn, what, timeout = 8000, ...args) {
    const t0 = Date.now();
    let last;
    while (Date.now() - t0 < timeout) {
      try {
        last = await this.exec(fn, ...args);
        if (last) return last;
      } catch (e) {
        last = e.message;
      }
      await sleep(60);
    }
    throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
  }
  /** An element reference from a page function returning an element. */
  async el(fn, ...args) {
    const v = await this.exec(fn, ...args);
    if (!v || !v[ELEMENT]) throw new Error(`no element from ${fn}`);
    return v[ELEMENT];
  }
  /** A real WebDriver click (pointer events through the page, like a user). */
  async click(fn, ...args) {
    const id = await this.el(fn, ...args);
    await this.cmd("POST", `/element/${id}/click`, {});
  }
  /** Real key presses (WebDriver actions) to whatever has focus. */
  async keys(...keys) {
    const map = { Enter: "\uE007", Escape: "\uE00C", Space: " ", Tab: "\uE004", ArrowLeft: "\uE012",
      ArrowRight: "\uE014", ArrowUp: "\uE013", ArrowDown: "\uE015", ShiftTab: null };
    const actions = [];
    for (const k of keys) {
      if (k === "ShiftTab") {
        actions.push({ type: "keyDown", value: "\uE008" }, { type: "keyDown", value: "\uE004" },
          { type: "keyUp", value: "\uE004" }, { type: "keyUp", value: "\uE008" });
        continue;
      }
      const v = map[k] ?? k;
      actions.push({ type: "keyDown", value: v }, { type: "keyUp", value: v });
    }
    await this.cmd("POST", "/actions", { actions: [{ type: "key", id: "kb", actions }] });
    await this.cmd("DELETE", "/actions");
  }
  async screenshot(name) {
    if (!this.outDir) return;
    const b64 = await this.cmd("GET", "/screenshot");
    mkdirSync(this.outDir, { recursive: true });
    writeFileSync(join(this.outDir, `${this.name}-${name}.png`), Buffer.from(b64, "base64"));
  }
  async switchToFrame(fn) {
    const id = await this.el(fn);
    await this.cmd("POST", "/frame", { id: { [ELEMENT]: id } });
  }
  switchToTop() {
    return this.cmd("POST", "/frame", { id: null });
  }
  /** The text of an open alert/confirm dialog, or null when none is open. */
  async alertText() {
    try {
      return await this.cmd("GET", "/alert/text");
    } catch {
      return null;
    }
  }
  acceptAlert() {
    return this.cmd("POST", "/alert/accept", {});
  }
  dismissAlert() {
    return this.cmd("POST", "/alert/dismiss", {});
  }
  /** Open a new top-level window and switch to it; returns [old handle, new handle]. */
  async newWindow() {
    const old = await this.cmd("GET", "/window");
    const { handle } = await this.cmd("POST", "/window/new", { type: "window" });
    await this.cmd("POST", "/window", { handle });
    return [old, handle];
  }
  /** Wait (up to `ms`) for a window or tab other than those in `before` to open; returns its
   * handle or null. */
  async newHandle(before, ms = 5000) {
    for (const deadline = Date.now() + ms; Date.now() < deadline;) {
      const h = (await this.cmd("GET", "/window/handles")).find((x) => !before.includes(x));
      if (h) return h;
      await sleep(100);
    }
    return null;
  }
  /** Close every window and tab but the current one (which stays current). */
  async closeOthers() {
    const main = await this.cmd("GET", "/window");
    for (const h of (await this.cmd("GET", "/window/handles")).filter((x) => x !== main)) {
      await this.cmd("POST", "/window", { handle: h });
      await this.cmd("DELETE", "/window");
    }
    await this.cmd("POST", "/window", { handle: main });
  }
  async switchWindow(handle) {
    await this.cmd("POST", "/window", { handle });
  }
  /** Close the current window and switch to `handle`. */
  async closeWindow(handle) {
    await this.cmd("DELETE", "/window");
    await this.cmd("POST", "/window", { handle });
  }
  /** The URL of one of the extension's own pages (e.g. "popup/popup.html"). */
  extensionUrl(path) {
    return this.name === "chromium"
      ? `chrome-extension://${chromiumExtensionId(this.extensionDir)}/${path}`
      : `moz-extension://${GECKO_UUID}/${path}`;
  }
  /** Run `fn` in an extension page (it gets the extension API as its argument). Navigates the
   * current tab there. */
  async inExtension(fn, ...args) {
    // Right after a restart Firefox may show the page before the temporary add-on is back
    // (same URL, no extension API): load it again until the API is there.
    for (let attempt = 0; ; attempt++) {
      await this.openExtensionPage("popup/popup.html");
      const ready = await this.waitFor(() => !!(globalThis.browser ?? globalThis.chrome)?.storage?.local,
        "extension API", 3000).catch(() => false);
      if (ready || attempt >= 4) break;
    }
    return this.execAsync(`(...a) => (${fn})(globalThis.browser ?? globalThis.chrome, ...a)`, ...args);
  }
  /** Navigate the current tab to one of the extension's own pages (popup, options). */
  async openExtensionPage(path) {
    const url = this.extensionUrl(path);
    if (this.name === "firefox") {
      // The document being left is marked, so the wait below cannot mistake it for the new one
      // (loading the page that is already shown: same URL, already complete).
      await this.exec(() => { globalThis.ltgLeaving = true; return true; }).catch(() => {});
      // WebDriver may not navigate to moz-extension: pages; the browser's chrome context may
      // (needs -remote-allow-system-access).
      await this.cmd("POST", "/moz/context", { context: "chrome" });
      try {
        await this.exec(`(u) => {
          const w = Services.wm.getMostRecentWindow("navigator:browser");
          w.gBrowser.selectedBrowser.loadURI(Services.io.newURI(u),
            { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });
          return true;
        }`, url);
      } finally {
        await this.cmd("POST", "/moz/context", { context: "content" });
      }
      await this.waitFor((u) => !globalThis.ltgLeaving && location.href === u && document.readyState === "complete",
        "extension page", 8000, url);
    } else {
      await this.goto(url);
    }
  }
  async close() {
    try {
      await fetch(`${this.base}/session/${this.id}`, { method: "DELETE" });
    } catch {}
    this.proc.kill();
    await sleep(this.keepProfile ? 1000 : 100);
    if (this.keepProfile) return;
    try {
      rmSync(this.profile, { recursive: true, force: true });
    } catch {}
  }
}

export const browsers = () => (process.env.LTG_BROWSERS || "chromium,firefox").split(",");
