// Developer aid (not part of the bench): where stage one's script time goes on an app page with
// nothing to do (Chromium, CPU profiles of N loads summed; self time by function).
//   node tools/profile-idle.mjs [N] [extension dir]
import { Browser } from "../tests/e2e/lib/webdriver.mjs";
import { startServer } from "../tests/e2e/lib/server.mjs";

const N = Number(process.argv[2] || 20);
const dir = process.argv[3] || "dist/test-chrome";
const server = await startServer();
const b = await Browser.launch("chromium", { extensionDir: dir, welcome: dir === "dist/test-chrome" ? "close" : "none" });
const cdp = (cmd, params = {}) => b.cmd("POST", "/goog/cdp/execute", { cmd, params });
const self = new Map();
try {
  await cdp("Profiler.enable");
  await cdp("Profiler.setSamplingInterval", { interval: 50 });
  for (let rep = 0; rep < N; rep++) {
    await b.goto("about:blank");
    await cdp("Profiler.start");
    await b.goto(`${server.origin}/secure/agency/dashboard.ihtml?fx=busy&rep=${rep}`);
    await b.waitFor(() => document.readyState === "complete", "loaded");
    await new Promise((r) => setTimeout(r, 1000));
    const { profile } = await cdp("Profiler.stop");
    const byId = new Map(profile.nodes.map((x) => [x.id, x]));
    profile.samples.forEach((id, i) => {
      const f = byId.get(id).callFrame;
      const k = `${f.functionName || "(anon)"} ${f.url.split("/").pop()}:${f.lineNumber}`;
      self.set(k, (self.get(k) || 0) + (profile.timeDeltas[i] || 0));
    });
  }
  for (const [k, us] of [...self].sort((a, c) => c[1] - a[1]).slice(0, 30)) {
    if (!k.startsWith("(idle)")) console.log((us / 1000 / N).toFixed(3).padStart(8), "ms/load", k);
  }
} finally {
  await b.close();
  await server.close();
}
