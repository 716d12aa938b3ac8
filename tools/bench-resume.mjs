// First highlight when a guide resumes on reload, from navigation start: ours (the test build,
// guide started once, then the page reloaded) beside driver.js 1.8 (npm) resuming its tour on the
// same fixture page (with a do-nothing extension loaded, so both runs carry one extension).
// Fixture: tests/e2e/fixtures/bench-resume*.html (the app's token page + a probe). Medians;
// numbers, not pass/fail.   node tools/bench-resume.mjs   (LTG_BROWSERS, LTG_REPS)
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Browser, browsers } from "../tests/e2e/lib/webdriver.mjs";
import { startServer } from "../tests/e2e/lib/server.mjs";

const REPS = +(process.env.LTG_REPS || 9);
const noop = mkdtempSync(join(tmpdir(), "ltg-noop-"));
writeFileSync(join(noop, "noop.js"), "void 0;\n");
writeFileSync(join(noop, "manifest.json"), JSON.stringify({
  manifest_version: 3, name: "noop", version: "1.0",
  browser_specific_settings: { gecko: { id: "noop@ltg.bench" } },
  content_scripts: [{ matches: ["http://127.0.0.1/*"], js: ["noop.js"], run_at: "document_start", all_frames: true }],
}));
const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const server = await startServer();
const page = (fx, rep) => `${server.origin}/secure/agency/accountSettings/agency-wsapi-flow.ihtml?fx=${fx}&acct=agency&lang=en&reset-state=1&rep=${rep}`;

async function measure(b, fx) {
  const out = [];
  for (let rep = 0; rep < REPS; rep++) {
    await b.goto(page(fx, rep));
    await b.waitFor(() => document.documentElement.dataset.benchHighlight, `${fx}: highlight`, 20000);
    out.push(+(await b.exec(() => document.documentElement.dataset.benchHighlight)));
  }
  return out;
}

try {
  for (const name of browsers()) {
    const ext = `dist/test-${name === "chromium" ? "chrome" : "firefox"}`;
    const d = await Browser.launch(name, { extensionDir: noop, welcome: "none" });
    let driver;
    try {
      driver = await measure(d, "bench-resume-driver");
    } finally {
      await d.close();
    }
    const b = await Browser.launch(name, { extensionDir: ext });
    let ours;
    try {
      // Start the guide once (it lands on Enable Legacy Tokens, step 5), then reload.
      await b.goto(page("bench-resume", "start"));
      await b.waitFor(() => document.getElementById("ltg-root")?.shadowRoot
        ?.querySelector('[data-ltg-action="start-guide"]'), "launcher", 20000);
      await b.click(() => document.getElementById("ltg-root")?.shadowRoot
        ?.querySelector('[data-ltg-action="start-guide"]'));
      await b.waitFor(() => document.querySelector('[data-ltg-highlight="enable-legacy-tokens"]'), "guide started", 20000);
      ours = await measure(b, "bench-resume");
    } finally {
      await b.close();
    }
    const r = med(ours) / med(driver);
    console.log(`${name} first highlight on resume, from navigation start: Legacy Token Guide ${med(ours)} ms, ` +
      `driver.js ${med(driver)} ms = ${r.toFixed(2)}x (medians of ${REPS}; ours ${Math.min(...ours)}–${Math.max(...ours)}, ` +
      `driver.js ${Math.min(...driver)}–${Math.max(...driver)})`);
  }
} finally {
  await server.close();
}
