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
    scan,
  };

  // The page as plain facts for the core's token model, in one crossing: a pre-order list of
  // records (`e parent tag role class name bits`, `t parent text`, `s parent` for an open shadow
  // root), U+001E between records, U+001F between fields. Reads tags, roles, classes, control
  // names (aria-label, title, a button-type input's value, an image's alt) and text; never the
  // value of any other input, never our own UI. Returns [encoding, nodes, shadow roots].
  const SKIP = new Set(["script", "style", "noscript", "template", "textarea", "select", "iframe"]);
  const clean = (s) => s.replace(/[\u001e\u001f\s]+/g, " ").trim();
  function scan(start) {
    const recs = [];
    const nodes = [];
    const shadows = [];
    const stack = [start, -1];
    while (stack.length) {
      const parent = stack.pop();
      const n = stack.pop();
      const i = nodes.length;
      const type = n.nodeType;
      if (type === 3) {
        const t = clean(n.data.length > 400 ? n.data.slice(0, 400) : n.data);
        if (!t) continue;
        nodes.push(n);
        recs.push(`t\u001f${parent}\u001f${t}`);
        continue;
      }
      if (type === 11) {
        nodes.push(n);
        recs.push(`s\u001f${parent}`);
        shadows.push(n);
      } else if (type === 1) {
        const tag = n.localName;
        if (SKIP.has(tag) || n.id === "ltg-root" || n.hasAttribute("data-ltg-part")) continue;
        nodes.push(n);
        let name = n.getAttribute("aria-label") || n.getAttribute("title") || "";
        if (!name && tag === "input" && /^(button|submit|reset)$/i.test(n.type)) name = n.value;
        if (!name && tag === "img") name = n.getAttribute("alt") || "";
        const bits = (n.hasAttribute("aria-haspopup") ? 1 : 0) | (n.hasAttribute("data-ltg-token") ? 2 : 0) |
          (n.hasAttribute("href") ? 4 : 0);
        recs.push(`e\u001f${parent}\u001f${tag}\u001f${n.getAttribute("role") || ""}\u001f` +
          `${clean(n.getAttribute("class") || "")}\u001f${clean(name)}\u001f${bits}`);
        if (tag === "svg" || tag === "input") continue;
      } else continue;
      const kids = n.childNodes;
      for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k], i);
      // Visited before the light children, as it is rendered in their place.
      if (type === 1 && n.shadowRoot) stack.push(n.shadowRoot, i);
    }
    return [recs.join("\u001e"), nodes, shadows];
  }

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
