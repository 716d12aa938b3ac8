// Chromium only: the core's JS encoding, loaded on demand when wasm cannot be compiled here.
globalThis.ltgJsEncoding = () =>
  import((globalThis.browser ?? globalThis.chrome).runtime.getURL("pkg/ltg_js.js"));
