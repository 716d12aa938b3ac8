#!/usr/bin/env bash
# Legacy Token Guide — build, test, package.
#   ./build.sh              build dist/chrome, dist/firefox and their zips (installs what is missing)
#   ./build.sh test         every test tier (installs browsers and drivers when missing)
#   ./build.sh test-build   dist/test-chrome, dist/test-firefox (also match http://127.0.0.1/*)
#   ./build.sh size         bytes a content script loads
#   ./build.sh bench        benchmarks (numbers, not pass/fail)
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
WASM_BINDGEN_VERSION=0.2.130

# rust-toolchain.toml pins the compiler. A machine whose one toolchain is rustup's "stable" of
# that very version (as this project's machines are, without a way to download another) gets the
# pinned name pointing at it, instead of rustup trying to download it.
pin_toolchain() {
  local want home have sysroot triple
  want=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)
  home=${RUSTUP_HOME:-$HOME/.rustup}
  RUSTUP_TOOLCHAIN=stable rustup toolchain list 2>/dev/null | grep -q "^$want" && return 0
  have=$(RUSTUP_TOOLCHAIN=stable rustc --version 2>/dev/null | awk '{print $2}')
  [ "$have" = "$want" ] || return 0 # a machine with other toolchains: rustup decides
  sysroot=$(RUSTUP_TOOLCHAIN=stable rustc --print sysroot)
  triple=$(RUSTUP_TOOLCHAIN=stable rustc -vV | sed -n 's/^host: //p')
  ln -s "$sysroot" "$home/toolchains/$want-$triple"
}
pin_toolchain
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
NAME=legacy-token-guide
WASM_TARGET=wasm32-unknown-unknown
log() { printf '\n== %s\n' "$*" >&2; }

need_apt() {
  # usage: need_apt <command> <package...>
  local cmd=$1; shift
  command -v "$cmd" >/dev/null 2>&1 && return 0
  log "installing $* (apt)"
  if [ -z "${LTG_APT_UPDATED:-}" ]; then apt-get update -qq; LTG_APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_build_tools() {
  rustup target list --installed | grep -qx "$WASM_TARGET" || rustup target add "$WASM_TARGET"
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
    log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
    # Not --locked: a dependency version in its lock file is gone from the registry.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
  if [ ! -x node_modules/.bin/wasm-opt ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "installing npm tools (binaryen, esbuild, web-ext)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  need_apt zip zip
}

ensure_test_tools() {
  need_apt chromium chromium chromium-driver
  need_apt chromedriver chromium-driver
  need_apt firefox-esr firefox-esr
  command -v geckodriver >/dev/null 2>&1 || { log "installing geckodriver"; cargo install geckodriver --version 0.37.1; }
  # A CJK font, so zh/ja screenshots of the end-to-end runs are readable.
  [ -d /usr/share/fonts/truetype/wqy ] || need_apt fc-list-cjk fonts-wqy-zenhei
}

build_core() { # [pkg dir] [cargo features]: pkg/ for release; pkg-test/ adds test-panic
  local P=${1:-pkg} features=${2:-}
  log "compiling the Rust core${features:+ (features: $features)}"
  # One build, two encodings: reference types and saturating float-to-int off, so the same
  # module also lowers to JS (wasm2js mis-lowers i64.trunc_sat_f64_s).
  # Paths remapped: the module does not depend on where the sources or cargo's registry are.
  RUSTFLAGS="-Ctarget-feature=-reference-types,-nontrapping-fptoint --remap-path-prefix=$ROOT=/src --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=/cargo" \
    cargo build --locked --lib --release --target "$WASM_TARGET" --quiet ${features:+--features "$features"}
  rm -rf "$P" && mkdir -p $P/tmp $P/web $P/esm $P/bundler
  # The features rustc used, spelled out because the stripped module no longer names them.
  local feats="--enable-bulk-memory --enable-bulk-memory-opt --enable-sign-ext --enable-mutable-globals
    --enable-nontrapping-float-to-int --enable-multivalue"
  # shellcheck disable=SC2086
  wasm-opt $feats --strip-target-features \
    "target/$WASM_TARGET/release/legacy_token_guide.wasm" -o $P/tmp/core.wasm
  # Encoding 1: WebAssembly, with classic-script glue (a content script; global `ltgCore`).
  wasm-bindgen --target no-modules --no-modules-global ltgCore --no-typescript \
    --out-dir $P/web --out-name ltg $P/tmp/core.wasm
  # shellcheck disable=SC2086
  wasm-opt $feats -Oz $P/web/ltg_bg.wasm -o $P/ltg_bg.wasm
  cp $P/web/ltg.js $P/ltg.js
  # The same module with ES-module glue: Chromium's stage one imports it only where there is work.
  wasm-bindgen --target web --no-typescript --out-dir $P/esm --out-name ltg $P/tmp/core.wasm
  cmp -s $P/web/ltg_bg.wasm $P/esm/ltg_bg.wasm ||
    { echo "build.sh: the two glues expect different wasm modules" >&2; exit 1; }
  cp $P/esm/ltg.js $P/ltg_web.js
  # Stage one's rules, generated from the core's constants and the guide pack.
  cargo run --locked --quiet --example stage1_rules -- extension/guides/pack.json src/dom/ui.css $P/pages.js >$P/rules.js
  # The pack as shipped: without the UI messages, and one messages file per language.
  cargo run --locked --quiet --example split_pack -- extension/guides/pack.json $P/guides
  # Encoding 2: the same module as JS, for pages whose CSP makes Chromium refuse wasm.
  wasm-bindgen --target bundler --no-typescript --out-dir $P/bundler --out-name ltg $P/tmp/core.wasm
  # shellcheck disable=SC2086
  wasm-opt $feats --llvm-memory-copy-fill-lowering --signext-lowering -Oz \
    $P/bundler/ltg_bg.wasm -o $P/bundler/ltg_lowered.wasm
  wasm2js --enable-bulk-memory --enable-nontrapping-float-to-int --enable-mutable-globals -Oz \
    $P/bundler/ltg_lowered.wasm -o $P/bundler/ltg_bg.wasm.js
  sed -i 's#"\./ltg_bg\.wasm"#"./ltg_bg.wasm.js"#' $P/bundler/ltg.js
  # wasm2js grows memory by swapping in a new, non-detached ArrayBuffer; the glue's cached
  # views must then be renewed by identity, or strings read stale memory.
  perl -0pi -e 's/cached(\w+)Memory0\.byteLength === 0/cached$1Memory0.buffer !== wasm.memory.buffer/g;
    s/cachedDataViewMemory0\.buffer\.detached === true \|\| \(cachedDataViewMemory0\.buffer\.detached === undefined && (cachedDataViewMemory0\.buffer !== wasm\.memory\.buffer)\)/$1/g' \
    $P/bundler/ltg_bg.js
  if grep -q 'byteLength === 0\|buffer\.detached' $P/bundler/ltg_bg.js; then
    echo "build.sh: wasm-bindgen glue changed; review the wasm2js memory patch" >&2; exit 1
  fi
  esbuild $P/bundler/ltg.js --bundle --minify --format=esm --log-level=warning --outfile=$P/ltg_js.js
  rm -rf $P/tmp
}

assemble() { # <browser> <release|test> <outdir>
  local browser=$1 flavour=$2 out=$3
  local P=pkg
  [ "$flavour" = test ] && P=pkg-test
  rm -rf "$out" && mkdir -p "$out/pkg"
  (cd extension && tar cf - --exclude=manifest.template.json .) | (cd "$out" && tar xf -)
  cp $P/ltg_bg.wasm "$out/pkg/"
  rm -rf "$out/guides" && cp -r $P/guides "$out/guides"
  cp $P/pages.js "$out/pages.js"
  # Stage one runs in every frame of every page: one file (its generated rules, in Chromium the
  # core loader, then start.js), shipped minified; the sources stay readable.
  local stage1=($P/rules.js)
  [ "$browser" = chrome ] && stage1+=(extension/chrome/load-core.js)
  stage1+=(extension/start.js)
  cat "${stage1[@]}" >$P/stage1-$browser.js
  if [ "$flavour" = test ]; then
    # Test build only: a page may make the bridge's storage writes fail
    # (<html data-ltg-test-set-fails>), where the browser cannot be made to refuse them (Firefox
    # enforces no storage.local quota). The release build keeps only the (stripped) marker.
    sed -i 's#/\*@test-set-fails\*/#doc.documentElement.hasAttribute("data-ltg-test-set-fails") ? Promise.reject(new Error("test build: storage.local.set rejected")) :#' \
      $P/stage1-$browser.js
    grep -q "data-ltg-test-set-fails" $P/stage1-$browser.js
  fi
  esbuild $P/stage1-$browser.js --minify --log-level=warning --outfile="$out/start.js"
  if [ "$flavour" = test ]; then
    # Test build only: the extension pages open the "app" on the fixture server when a test
    # stores its origin (ltg.test.appOrigin); the release opens app.impact.com.
    sed -i 's#/\*@test-app-origin\*/#{ const o = (await api.storage.local.get("ltg.test.appOrigin"))["ltg.test.appOrigin"]; if (o) return o; }#' \
      "$out/common.js"
    grep -q "ltg.test.appOrigin" "$out/common.js"
  fi
  rm -rf "$out/chrome"
  if [ "$browser" = chrome ]; then
    # Chromium imports the module glue on demand, and the JS encoding where it refuses wasm.
    cp $P/ltg_js.js "$out/pkg/"
    esbuild $P/ltg_web.js --minify --format=esm --log-level=warning --outfile="$out/pkg/ltg_web.js"
    esbuild extension/core-bridge.js --minify --log-level=warning --outfile="$out/core-bridge.js"
  else
    # Firefox: the classic glue is a content script (no dynamic import there), with the bridge
    # parts only the core uses appended.
    cat $P/ltg.js extension/core-bridge.js >$P/ltg-firefox.js
    esbuild $P/ltg-firefox.js --minify --log-level=warning --outfile="$out/pkg/ltg.js"
    rm -f "$out/core-bridge.js"
  fi
  node tools/manifest.mjs "$browser" "$flavour" "$VERSION" "$out/manifest.json"
}

build_all() { # [test]
  ensure_build_tools
  if [ "${1:-}" = test ]; then
    build_core pkg-test test-panic
    assemble chrome test dist/test-chrome
    assemble firefox test dist/test-firefox
  else
    build_core
    assemble chrome release dist/chrome
    assemble firefox release dist/firefox
    # Reproducible zips: fixed file times (the last commit's, else 1980), modes and order, no
    # extra attributes; two clean builds of one commit give byte-identical zips.
    local epoch
    epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 315532800)}
    for b in chrome firefox; do
      rm -f "dist/$NAME-$VERSION-$b.zip"
      chmod -R u=rwX,go=rX "dist/$b"
      find "dist/$b" -exec touch -h -d "@$epoch" {} +
      (cd "dist/$b" && find . -type f | LC_ALL=C sort | TZ=UTC zip -qX -@ "../$NAME-$VERSION-$b.zip")
    done
    # The sources as AMO asks for wasm add-ons: the committed tree (build steps in README.md).
    rm -f "dist/$NAME-$VERSION-sources.zip"
    if git rev-parse --git-dir >/dev/null 2>&1; then
      git archive --format=zip -o "dist/$NAME-$VERSION-sources.zip" HEAD
    fi
    log "built dist/chrome dist/firefox dist/$NAME-$VERSION-{chrome,firefox,sources}.zip"
    (cd dist && sha256sum "$NAME-$VERSION"-*.zip) >&2
  fi
}

size() {
  [ -f pkg/ltg_bg.wasm ] || { ensure_build_tools; build_core; }
  local total_raw total_gz
  row() { # <label> <file...>: bytes and gzip -9 bytes of the files together
    local label=$1; shift
    local raw=0 gz=0 f
    for f in "$@"; do raw=$((raw + $(wc -c <"$f"))); gz=$((gz + $(gzip -9c "$f" | wc -c))); done
    printf '%-58s %9d %9d\n' "$label" "$raw" "$gz"
  }
  printf '%-58s %9s %9s\n' "what a content script loads" raw gzip
  [ -f dist/chrome/start.js ] || build_all
  row "stage one, every frame (Chromium): start.js (rules + loader built in)" dist/chrome/start.js
  row "stage one, every frame (Firefox): glue + start.js (rules built in)" dist/firefox/pkg/ltg.js dist/firefox/start.js
  local G=(dist/chrome/guides/pack.json dist/chrome/guides/messages-en.json)
  row "core where there is work (Chromium): glue + bridge + wasm + pack + 1 language" dist/chrome/pkg/ltg_web.js dist/chrome/core-bridge.js pkg/ltg_bg.wasm "${G[@]}"
  row "core where there is work (Firefox): wasm + pack + 1 language" pkg/ltg_bg.wasm "${G[@]}"
  row "Chromium under a wasm-refusing CSP: JS encoding + pack + 1 language" pkg/ltg_js.js "${G[@]}"
  for f in dist/chrome/start.js dist/firefox/start.js dist/firefox/pkg/ltg.js dist/chrome/pkg/ltg_web.js pkg/ltg_bg.wasm pkg/ltg_js.js "${G[@]}" extension/guides/pack.json; do
    row "  $f" "$f"
  done
  if command -v twiggy >/dev/null 2>&1 && [ -f "target/$WASM_TARGET/release/legacy_token_guide.wasm" ]; then
    echo "== largest wasm items (twiggy top, stripped names)"; twiggy top -n 15 pkg/ltg_bg.wasm || true
  fi
  wasm-opt --metrics pkg/ltg_bg.wasm -o /dev/null 2>/dev/null | sed -n '1,40p' | grep -E "^ *\[|total|Code|Data" || true
}

test_all() {
  ensure_build_tools
  ensure_test_tools
  log "tier 0: format and lints"
  cargo fmt --all -- --check
  cargo clippy --all-targets --quiet -- -D warnings
  cargo clippy --lib --tests --target "$WASM_TARGET" --quiet -- -D warnings
  cargo clippy --lib --target "$WASM_TARGET" --features test-panic --quiet -- -D warnings
  log "tier 1: pure core, native"
  cargo test --quiet
  log "tier 2: DOM layer in headless Chromium and Firefox (wasm-bindgen-test)"
  CHROMEDRIVER=/usr/bin/chromedriver cargo test --target "$WASM_TARGET" --test web
  GECKODRIVER=$(command -v geckodriver) cargo test --target "$WASM_TARGET" --test web
  log "build: release (for lint) and test build (for end to end)"
  build_all
  web-ext lint --source-dir dist/firefox --self-hosted=false --output=text --warnings-as-errors
  build_core pkg-test test-panic
  # The test-only panic switch is in the test build and nowhere in the release build.
  grep -q "data-ltg-test-panic" pkg-test/ltg_bg.wasm
  if grep -rqE "data-ltg-test-(panic|set-fails)|ltg\.test\.appOrigin" dist/chrome dist/firefox; then
    echo "build.sh: a test-only switch is in a release build" >&2; exit 1
  fi
  assemble chrome test dist/test-chrome
  assemble firefox test dist/test-firefox
  log "tier 3: end to end, the test build in headless Chromium and Firefox"
  node --test --test-concurrency=1 tests/e2e/
}

case "${1:-build}" in
  build) build_all ;;
  test-build) build_all test ;;
  demo) ensure_build_tools; ensure_test_tools; build_all test; node tools/demo.mjs ;;
  test) test_all ;;
  size) size ;;
  bench) ensure_build_tools; ensure_test_tools; bash tools/bench.sh ;;
  *) echo "usage: $0 [build|test|test-build|size|bench|demo]" >&2; exit 2 ;;
esac
