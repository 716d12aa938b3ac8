// Chromium only: the core's module glue, imported on demand by stage one (start.js), and the
// core's JS encoding for pages where Chromium refuses to compile wasm under the page's CSP.
globalThis.ltgLoadCore = () =>
  import((globalThis.browser ?? globalThis.chrome).runtime.getURL("pkg/ltg_web.js"));
globalThis.ltgJsEncoding = () =>
  import((globalThis.browser ?? globalThis.chrome).runtime.getURL("pkg/ltg_js.js"));
