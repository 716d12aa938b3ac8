// `./build.sh demo`: see the extension work without an impact.com account.
// With a display: serves the fixture pages (the model app and help center on 127.0.0.1) and opens
// Chromium with the test build loaded, on the extension's own demo page and on the model app's
// token settings page. Without one: walks the whole demo headless (tests/e2e/shots.test.mjs) and
// writes the screenshots to docs/screenshots/ and docs/store/.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startServer } from "../tests/e2e/lib/server.mjs";
import { chromiumExtensionId } from "../tests/e2e/lib/webdriver.mjs";

const ext = resolve("dist/test-chrome");
if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.log("No display: walking the demo headless and writing the screenshots.");
  const r = spawnSync(process.execPath, ["--test", "--test-concurrency=1", "tests/e2e/shots.test.mjs"],
    { stdio: "inherit", env: { ...process.env, LTG_BROWSERS: "chromium" } });
  if (r.status === 0) console.log("Screenshots: docs/screenshots/*.png, store images: docs/store/*.png");
  process.exit(r.status ?? 1);
}
const server = await startServer();
const profile = mkdtempSync(join(tmpdir(), "ltg-demo-"));
const demo = `chrome-extension://${chromiumExtensionId(ext)}/ltg-demo/secure/agency/accountSettings/agency-wsapi-flow.html`;
const app = `${server.origin}/secure/agency/accountSettings/agency-wsapi-flow.ihtml?lang=en`;
console.log(`Fixture server: ${server.origin}\nDemo page: ${demo}\nModel app: ${app}\nClose Chromium to stop.`);
const chromium = spawn("/usr/bin/chromium", [`--user-data-dir=${profile}`, "--no-first-run",
  `--load-extension=${ext}`, `--disable-extensions-except=${ext}`,
  "--disable-features=DisableLoadExtensionCommandLineSwitch", demo, app], { stdio: "ignore" });
chromium.on("exit", async () => {
  await server.close();
  rmSync(profile, { recursive: true, force: true });
});
