#!/usr/bin/env bash
# Benchmarks (numbers, not pass/fail); run through `./build.sh bench`.
#   1. native date parsing throughput (examples/bench_dates.rs)
#   2. token flags in headless Chromium: 1,000 and 10,000 cards, then 100 cards added later
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== native: core::dates::parse"
cargo run --quiet --release --example bench_dates
echo "== headless Chromium: token flags (test build)"
[ -f dist/test-chrome/manifest.json ] || ./build.sh test-build
node tools/bench-flags.mjs 1000 10000
