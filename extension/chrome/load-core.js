// Chromium only: the core's module glue, imported on demand by stage one (start.js), and the
// core's JS encoding for pages where Chromium refuses to compile wasm under the page's CSP. The
// bridge parts only the core uses (core-bridge.js) come with either.
(() => {
  const url = (p) => (globalThis.browser ?? globalThis.chrome).runtime.getURL(p);
  let parts = null;
  // (Both modules are fetched at once.)
  const withParts = (p) => Promise.all([parts ??= import(url("core-bridge.js")), import(url(p))]).then((m) => m[1]);
  globalThis.ltgLoadCore = () => withParts("pkg/ltg_web.js");
  globalThis.ltgJsEncoding = () => withParts("pkg/ltg_js.js");
})();
