// What the extension costs where it has nothing to do (Chromium, via CDP Performance metrics):
// script time on an app page (a dashboard) from navigation to load + 1 s, and while the page
// mutates 100 times a second for 10 s, beside a do-nothing extension (same matches, an empty
// content script at document_start in every frame), and beside the floor of any extension that
// must know whether a guide runs: a content script that only reads storage.local once.
// Medians; numbers, not pass/fail.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Browser } from "../tests/e2e/lib/webdriver.mjs";
import { startServer } from "../tests/e2e/lib/server.mjs";

const REPS = +(process.env.LTG_REPS || 9);
const noop = mkdtempSync(join(tmpdir(), "ltg-noop-"));
writeFileSync(join(noop, "noop.js"), "void 0;\n");
writeFileSync(join(noop, "manifest.json"), JSON.stringify({
  manifest_version: 3, name: "noop", version: "1.0",
  content_scripts: [{ matches: ["http://127.0.0.1/*"], js: ["noop.js"], run_at: "document_start", all_frames: true }],
}));
// The floor: one storage read (what stage one needs on every top app frame), nothing else.
const reader = mkdtempSync(join(tmpdir(), "ltg-reader-"));
writeFileSync(join(reader, "read.js"), "chrome.storage.local.get(\"ltg.guide\").then(() => {});\n");
writeFileSync(join(reader, "manifest.json"), JSON.stringify({
  manifest_version: 3, name: "reader", version: "1.0", permissions: ["storage"],
  content_scripts: [{ matches: ["http://127.0.0.1/*"], js: ["read.js"], run_at: "document_start", all_frames: true }],
}));
const server = await startServer();
const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const cdp = (b, cmd, params = {}) => b.cmd("POST", "/goog/cdp/execute", { cmd, params });
const metric = async (b, name) => (await cdp(b, "Performance.getMetrics")).metrics.find((m) => m.name === name)?.value ?? NaN;
const rows = [];
try {
  for (const [label, dir] of [["do-nothing extension", noop], ["Legacy Token Guide", "dist/test-chrome"],
    ["one storage read only", reader]]) {
    const b = await Browser.launch("chromium", { extensionDir: dir, welcome: dir === "dist/test-chrome" ? "close" : "none" });
    try {
      await cdp(b, "Performance.enable");
      const load = [], busy = [], heap = [];
      for (let rep = 0; rep < REPS; rep++) {
        await b.goto("about:blank");
        const s0 = await metric(b, "ScriptDuration");
        await b.goto(`${server.origin}/secure/agency/dashboard.ihtml?fx=busy&rep=${rep}`);
        await b.waitFor(() => document.readyState === "complete", "loaded");
        await new Promise((r) => setTimeout(r, 1000));
        load.push((await metric(b, "ScriptDuration")) - s0);
      }
      for (let rep = 0; rep < Math.min(REPS, 3); rep++) {
        await b.goto(`${server.origin}/secure/agency/dashboard.ihtml?fx=busy&rate=100&rep=${rep}`);
        await b.waitFor(() => document.readyState === "complete", "loaded");
        await new Promise((r) => setTimeout(r, 1500));
        await cdp(b, "HeapProfiler.collectGarbage").catch(() => {});
        const s0 = await metric(b, "ScriptDuration");
        const h0 = await metric(b, "JSHeapUsedSize");
        await new Promise((r) => setTimeout(r, 10000));
        busy.push((await metric(b, "ScriptDuration")) - s0);
        await cdp(b, "HeapProfiler.collectGarbage").catch(() => {});
        heap.push((await metric(b, "JSHeapUsedSize")) - h0);
      }
      rows.push({ label, load: med(load) * 1000, busy: med(busy) * 1000, heap: med(heap) / 1024 });
    } finally {
      await b.close();
    }
  }
} finally {
  await server.close();
}
const [base, ours, floor] = rows;
for (const r of rows) {
  console.log(`chromium ${r.label.padEnd(22)} dashboard load+1s script ${r.load.toFixed(1)} ms; ` +
    `100 mutations/s for 10 s: script ${r.busy.toFixed(1)} ms, heap ${r.heap >= 0 ? "+" : ""}${r.heap.toFixed(0)} KB`);
}
console.log(`chromium ratio ours/do-nothing: load ${(ours.load / base.load).toFixed(2)}x, busy ${(ours.busy / base.busy).toFixed(2)}x` +
  ` (one storage read alone: load ${(floor.load / base.load).toFixed(2)}x)`);
