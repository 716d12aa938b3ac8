// Developer aid (not part of the bench): a CPU profile of one flags run in Chromium, through
// chromedriver's CDP passthrough. Prints the heaviest functions by self time.
//   node tools/profile-flags.mjs [N] [out.cpuprofile]
import { Browser } from "../tests/e2e/lib/webdriver.mjs";
import { startServer } from "../tests/e2e/lib/server.mjs";
import { writeFileSync } from "node:fs";

const n = Number(process.argv[2] || 10000);
const out = process.argv[3];
const server = await startServer();
const b = await Browser.launch("chromium", { extensionDir: "dist/test-chrome" });
const cdp = (cmd, params = {}) => b.cmd("POST", "/goog/cdp/execute", { cmd, params });
try {
  await b.goto(`${server.origin}/secure/agency/accountSettings/agency-wsapi-flow.ihtml?fx=bench&n=10&later=1`);
  await b.waitFor(() => document.documentElement.dataset.benchDone, "warm", 60000);
  await cdp("Profiler.enable");
  await cdp("Profiler.setSamplingInterval", { interval: 100 });
  await cdp("Profiler.start");
  await b.goto(`${server.origin}/secure/agency/accountSettings/agency-wsapi-flow.ihtml?fx=bench&n=${n}&later=100&p=1`);
  await b.waitFor(() => document.documentElement.dataset.benchDone, "bench", 120000);
  const { profile } = await cdp("Profiler.stop");
  const r = await b.exec(() => [document.documentElement.dataset.benchFirst, document.documentElement.dataset.benchLater]);
  console.log(r.join("\n"));
  if (out) writeFileSync(out, JSON.stringify(profile));
  const self = new Map();
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const dt = profile.timeDeltas;
  const counts = new Map();
  profile.samples.forEach((id, i) => counts.set(id, (counts.get(id) || 0) + (dt[i] || 0)));
  for (const [id, us] of counts) {
    const f = byId.get(id).callFrame;
    const k = `${f.functionName || "(anon)"} ${f.url.split("/").pop()}:${f.lineNumber}`;
    self.set(k, (self.get(k) || 0) + us);
  }
  const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, 40);
  for (const [k, us] of rows) console.log((us / 1000).toFixed(1).padStart(8), "ms", k);
} finally {
  await b.close();
  await server.close();
}
