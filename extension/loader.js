// Content script: start the Rust core in this frame. It runs as WebAssembly where the page's
// CSP allows it, and in Chromium as its JS encoding (same Rust, compiled by wasm2js) where
// Chromium refuses to compile wasm under the page's CSP.
(() => {
  const api = globalThis.browser ?? globalThis.chrome;
  const root = document.documentElement;
  if (!api?.runtime?.id || !root || root.hasAttribute("data-ltg-core")) return;
  const url = (p) => api.runtime.getURL(p);

  // Storage for the core: values are JSON-compatible data the core validates itself.
  const bridge = {
    get: (key) => api.storage.local.get(key).then((r) => r[key] ?? null),
    set: (key, value) => api.storage.local.set({ [key]: value }),
    remove: (key) => api.storage.local.remove(key),
    onChanged: (cb) =>
      api.storage.onChanged.addListener((changes, area) => {
        if (area === "local") for (const k of Object.keys(changes)) cb(k, changes[k].newValue ?? null);
      }),
    message: (name, subs) => api.i18n.getMessage(name, subs),
  };

  const fail = (e) => {
    root.setAttribute("data-ltg-core", "error");
    root.setAttribute("data-ltg-error", String(e?.message ?? e).slice(0, 300));
  };

  const load = async () => {
    let core = "wasm";
    let mod;
    // `ltgCore` comes from pkg/ltg.js (listed before this script); `ltgJsEncoding` only exists in
    // the Chromium build (chrome/js-encoding.js).
    const jsEncoding = globalThis.ltgJsEncoding;
    try {
      // A page may ask for the JS encoding (our tests do, to exercise it); same Rust code.
      if (jsEncoding && root.getAttribute("data-ltg-encoding") === "js") throw new Error("js requested");
      // eslint-disable-next-line no-undef
      await ltgCore({ module_or_path: url("pkg/ltg_bg.wasm") });
      // eslint-disable-next-line no-undef
      mod = ltgCore;
    } catch (e) {
      if (!jsEncoding) throw e;
      core = "js";
      mod = await jsEncoding();
    }
    // The guide pack is data shipped inside the extension (never from the network).
    const pack = await (await fetch(api.runtime.getURL("guides/pack.json"))).json();
    mod.start({ core, uiLang: api.i18n.getUILanguage() }, pack, bridge);
  };
  load().catch(fail);
})();
