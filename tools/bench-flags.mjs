// Token-flag timing with the test build (dist/test-chrome, dist/test-firefox): a page of N token
// cards inserted at once, then 100 more added later. Prints numbers, not pass/fail.
//   node tools/bench-flags.mjs [N ...]        (default: 1000 10000; LTG_BROWSERS=chromium,firefox)
import { Browser, browsers } from "../tests/e2e/lib/webdriver.mjs";
import { startServer } from "../tests/e2e/lib/server.mjs";

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const server = await startServer();
try {
  for (const name of browsers()) {
    const dir = `dist/test-${name === "chromium" ? "chrome" : "firefox"}`;
    const b = await Browser.launch(name, { extensionDir: dir });
    try {
      for (const n of sizes.length ? sizes : [1000, 10000]) {
        const runs = [];
        for (let rep = 0; rep < 5; rep++) {
          await b.goto(`${server.origin}/secure/agency/accountSettings/agency-wsapi-flow.ihtml?fx=bench&n=${n}&later=100&rep=${rep}`);
          await b.waitFor(() => document.documentElement.dataset.benchDone, `bench n=${n}`, 120000);
          runs.push(await b.exec(() => ({
            first: JSON.parse(document.documentElement.dataset.benchFirst),
            later: JSON.parse(document.documentElement.dataset.benchLater),
            core: document.documentElement.dataset.ltgCore,
          })));
        }
        const med = (f) => runs.map(f).sort((x, y) => x - y)[Math.floor(runs.length / 2)];
        const r = runs[0];
        if (r.first.flagged !== n || r.later.flagged !== n + 100) {
          console.log(`WARNING: flagged ${r.first.flagged}/${n} then ${r.later.flagged}/${n + 100}`);
        }
        console.log(`${name} flag ${n} cards (${r.core}): extension ${med((x) => x.first.extMs)} ms, ` +
          `insert->flagged ${med((x) => x.first.flaggedMs)} ms (page insert ${med((x) => x.first.insertMs)} ms), ` +
          `${(med((x) => x.first.extMs) / n * 1000).toFixed(2)} us/card`);
        console.log(`${name}   +100 cards later: extension ${med((x) => x.later.extMs)} ms, ` +
          `insert->flagged ${med((x) => x.later.flaggedMs)} ms (medians of ${runs.length})`);
      }
    } finally {
      await b.close();
    }
  }
} finally {
  await server.close();
}
