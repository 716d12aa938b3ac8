// Writes one browser's manifest.json from extension/manifest.template.json.
// usage: node tools/manifest.mjs <chrome|firefox> <release|test> <version> <out>
import { readFileSync, writeFileSync } from "node:fs";

const [browser, flavour, version, out] = process.argv.slice(2);
const RELEASE_HOSTS = [
  "https://app.impact.com/*",
  "https://member.impactradius.com/*",
  "https://help.impact.com/*",
];
// The test build also matches the fixture server; everything else is identical.
const hosts = flavour === "test" ? [...RELEASE_HOSTS, "http://127.0.0.1/*"] : RELEASE_HOSTS;

const m = JSON.parse(readFileSync(new URL("../extension/manifest.template.json", import.meta.url)));
m.version = version;
// Every icon size the stores and toolbars use, for the extension and its toolbar action.
m.icons = { 16: "icons/icon-16.png", 32: "icons/icon-32.png", 48: "icons/icon-48.png", 128: "icons/icon-128.png" };
m.action.default_icon = { 16: "icons/icon-16.png", 32: "icons/icon-32.png" };
m.host_permissions = hosts;
m.content_scripts[0].matches = hosts;
m.web_accessible_resources[0].matches = hosts;
delete m.__BROWSER_SPECIFIC__;
const war = m.web_accessible_resources[0];
if (browser === "chrome") {
  m.background = { service_worker: "background.js" };
  // Stage one (start.js, with load-core.js built in) imports the core's module glue only where
  // there is work, and the JS encoding only where Chromium refuses wasm.
  war.resources.push("pkg/ltg_web.js", "pkg/ltg_js.js", "core-bridge.js");
  m.minimum_chrome_version = "121";
} else if (browser === "firefox") {
  m.background = { scripts: ["common.js", "background.js"] };
  // No dynamic import here (web-ext lint refuses a computed specifier): the classic glue is a
  // content script, inert until stage one calls it; the wasm is fetched only where there is work.
  m.content_scripts[0].js.splice(m.content_scripts[0].js.indexOf("start.js"), 0, "pkg/ltg.js");
  m.browser_specific_settings = {
    gecko: {
      id: "legacy-token-guide@unofficial.example",
      strict_min_version: "140.0",
      data_collection_permissions: { required: ["none"] },
    },
    // Firefox for Android reads data_collection_permissions from 142 on (desktop: 140, ESR).
    gecko_android: { strict_min_version: "142.0" },
  };
} else {
  throw new Error(`unknown browser ${browser}`);
}
writeFileSync(out, JSON.stringify(m, null, 2) + "\n");
