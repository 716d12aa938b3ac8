#!/usr/bin/env bash
# Benchmarks (numbers, not pass/fail); run through `./build.sh bench`.
#   1. what a content script loads, per stage (./build.sh size)
#   2. native date parsing throughput (examples/bench_dates.rs)
#   3. token flags in headless Chromium and Firefox: 1,000 and 10,000 cards, then 100 added later
#   4. the cost where there is nothing to do (Chromium, beside a do-nothing extension)
#   5. first highlight on resume, beside driver.js 1.8 on the same page (both browsers)
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores; $(chromium --version 2>/dev/null | head -1); $(firefox-esr --version 2>/dev/null | head -1)"
./build.sh >/dev/null
echo "== payload (gzip -9 bytes per file, summed)"
./build.sh size
echo "== native: core::dates::parse"
cargo run --quiet --release --example bench_dates
echo "== token flags (test build)"
./build.sh test-build >/dev/null
node tools/bench-flags.mjs 1000 10000
node tools/bench-idle.mjs
node tools/bench-resume.mjs
