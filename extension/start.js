// Stage one: runs at document_start in every frame of the matched pages and stays small. It
// recognises the page from rules generated out of the core (rules.js), holds any activation of a
// reset item until the core can ask first, draws the launcher placeholder, and loads the Rust
// core only where a feature has work: a token page, a help article about tokens, a running
// guide, a pending reset reminder, or a held reset. It decides nothing the core decides.
(() => {
  const api = globalThis.browser ?? globalThis.chrome;
  const R = globalThis.ltgRules;
  // One stage one per frame; the flag lives in the extension's isolated world (a page cannot set it).
  // (No extension API is touched before it is needed: the first use of each costs ~0.5 ms.)
  if (!api || !R || globalThis.ltgStage1) return;
  globalThis.ltgStage1 = true;
  const doc = document;
  const top = window === window.top;
  const path = location.pathname.toLowerCase();
  const segs = path.split("/").filter(Boolean);
  // The extension's own demo page models an app page (the core's rule: the path follows
  // rules.demo). Its data lives in storage.session: it never mixes with real data.
  const demo = segs[0] === R.demo && /-extension:$/.test(location.protocol);
  if (demo) segs.shift();
  const AREA = demo ? "session" : "local";
  let area;
  const store = () => (area ??= api.storage[AREA]); // (first asked where it is needed)
  const app = segs[0] === "secure" && R.appKinds.includes(segs[1]);
  const last = segs[segs.length - 1] || "";
  const help = !app && (R.helpSlugs.includes(last) ||
    R.helpSlugs.some((s) => segs[0] === "en" && segs[3] === "articles" && last.endsWith(`-${s}`)));
  if (!app && !help) return;

  // The core's label normalisation, for matching page text against the generated labels.
  const norm = (s) => s.normalize("NFKC").replace(/[[\]【】〔〕「」\s\u200b]/g, "").replace(/帐/g, "账")
    .replace(/[\u2010-\u2013\u2212]/g, "-").toLowerCase().replace(/[:.…]+$/, "");

  const short = (t) => (typeof t === "string" ? t : "").toLowerCase().split(/[-_]/)[0];
  // (The browser's language is asked last, only when needed: a first extension API call costs.)
  const uiLang = (pref) => {
    for (const t of [pref, doc.documentElement?.lang, 0]) {
      const l = short(t === 0 ? api.i18n.getUILanguage() : t);
      if (R.launcher[l]) return l;
    }
    return "en";
  };

  // ---- storage, and the bridge the core uses (values are data the core validates itself)
  const bridge = {
    get: (key) => store().get(key).then((r) => r[key] ?? null),
    // (The test build puts a fault switch at the marker: see build.sh; the release has none.)
    set: (key, value) => /*@test-set-fails*/ store().set({ [key]: value }),
    remove: (key) => store().remove(key),
    onChanged: (cb) =>
      api.storage.onChanged.addListener((changes, area) => {
        if (area === AREA) for (const k of Object.keys(changes)) cb(k, changes[k].newValue ?? null);
      }),
    message: (name, subs) => api.i18n.getMessage(name, subs),
    // One language's UI messages (the extension's own file; fetched once, maybe ahead).
    messages: (lang) => packed(`guides/messages-${lang}.json`),
    // Only the core uses these: they come with it (core-bridge.js), not in every frame.
    parts: () => globalThis.ltgCoreParts,
    // The open shadow roots of a root's elements (the core searches them), in one call; not
    // ours (the UI host, each badge's), which hold nothing of the page.
    shadowRoots: (root) => {
      const out = [];
      for (const e of root.querySelectorAll("*")) if (e.shadowRoot && e.id !== "ltg-root" && !e.hasAttribute("data-ltg-part")) out.push(e.shadowRoot);
      return out;
    },
    host: () => host,
    takeHeld: () => { const h = held; held = null; return h; },
    guardReady: () => { guarding = true; },
    // The core stopped (a Rust panic): everything of ours leaves this frame, resets are held
    // again with a plain warning, and the popup learns why (the background keeps it per tab).
    failed: (reason) => stop(reason, true),
    // The extension was updated, reloaded or removed while this page stayed open: this script
    // is an orphan. It leaves the page as without the extension and stops holding anything.
    orphaned: () => !api.runtime?.id,
    gone: () => {
      gone = true;
      cleanup();
      for (const a of ["data-ltg-core", "data-ltg-error"]) doc.documentElement.removeAttribute(a);
    },
  };
  let gone = false;

  // ---- loading the core, once
  let loading = null;
  let startGuide = false;
  // DOMContentLoaded, after the page's deferred scripts (readyState "interactive" comes before them).
  let parsed = doc.readyState === "complete";
  const whenParsed = new Promise((r) => {
    if (parsed) r();
    else doc.addEventListener("DOMContentLoaded", () => { parsed = true; r(); }, { once: true });
  });
  const domReady = () => whenParsed;
  const KEYS = ["ltg.settings", "ltg.guide", "ltg.resets"];
  // The extension's own packaged files (never the network), each read once (a failed read is
  // tried again when asked again).
  const files = new Map();
  const packed = (p) => files.get(p) ?? files.set(p, fetch(api.runtime.getURL(p)).then((r) => {
    if (!r.ok) throw new Error(`${p}: ${r.status}`);
    return r.text();
  }).catch((e) => { files.delete(p); throw e; })).get(p);
  let packing, storing, storedStale = false;
  const load = () => loading ??= (async () => {
    const url = (p) => api.runtime.getURL(p);
    packing = packed("guides/pack.json");
    api.storage.onChanged.addListener((c, area) => {
      if (area === AREA && KEYS.some((k) => k in c)) storedStale = true;
    });
    storing = store().get(KEYS).catch(() => null);
    // The messages the core will most likely ask for (its rule: the setting, the page's
    // language, the browser's), read while it compiles.
    storing.then((s) => bridge.messages(uiLang(s?.["ltg.settings"]?.lang))).catch(() => {});
    let core = "wasm";
    let mod;
    const viaJs = globalThis.ltgJsEncoding; // Chromium build only (chrome/load-core.js)
    let wasm;
    try {
      // A page may ask for the JS encoding (our tests do, to exercise it); same Rust code.
      if (viaJs && doc.documentElement.getAttribute("data-ltg-encoding") === "js") throw new Error("js requested");
      // Chromium: the module compiles while its glue is imported (Firefox's glue is loaded).
      if (viaJs) (wasm = WebAssembly.compileStreaming(fetch(url("pkg/ltg_bg.wasm")))).catch(() => {});
      // Chromium: the module glue, imported now; Firefox: the classic glue, already loaded.
      // eslint-disable-next-line no-undef -- `ltgCore` is the classic glue's top-level binding (Firefox)
      mod = globalThis.ltgLoadCore ? await globalThis.ltgLoadCore() : ltgCore;
      await (mod.default ?? mod)({ module_or_path: wasm ? await wasm : url("pkg/ltg_bg.wasm") });
    } catch (e) {
      if (!viaJs) throw e;
      core = "js";
      mod = await viaJs();
    }
    // The guide pack is data shipped inside the extension (never from the network); it and the
    // stored values are read while the core compiles.
    const [pack, stored] = await Promise.all([packing, storing]);
    // Compiled while the page parses; the features start once the document is there.
    await domReady();
    // Values changed since they were read: the core reads them again itself.
    mod.start({ core, uiLang: api.i18n.getUILanguage(), startGuide, stored: storedStale ? null : stored },
      pack, bridge);
  })().catch((e) => stop(e?.message ?? e, false));
  let failed = null;
  // Our host, badges and marks, and the attributes we put on the page's elements.
  const cleanup = () => {
    for (const r of [doc, ...bridge.shadowRoots(doc.documentElement)]) {
      for (const el of r.querySelectorAll("#ltg-root,[data-ltg-part]")) el.remove();
      for (const el of r.querySelectorAll("[data-ltg-titled]")) el.removeAttribute("title");
      for (const el of r.querySelectorAll("[data-ltg-mask-inline]")) el.style.removeProperty("filter");
      for (const a of ["data-ltg-token", "data-ltg-created", "data-ltg-guard", "data-ltg-highlight", "data-ltg-titled", "data-ltg-mask", "data-ltg-mask-inline"]) {
        for (const el of r.querySelectorAll(`[${a}]`)) el.removeAttribute(a);
      }
    }
    host = null;
    for (const a of ["data-ltg-flag-ms", "data-ltg-flag-count"]) doc.documentElement.removeAttribute(a);
  };
  const stop = (reason, crashed) => {
    failed = String(reason).slice(0, 300);
    guarding = false;
    cleanup();
    const root = doc.documentElement;
    root.setAttribute("data-ltg-core", "error");
    root.setAttribute("data-ltg-error", failed);
    if (crashed) api.runtime.sendMessage({ ltg: "failed", reason: failed, top }).catch?.(() => {});
  };

  // ---- the reset hold: from the first moment, until the core's guard listens
  let held = null;
  let guarding = false;
  let asked = -1e9;
  let keyDownOn = null;
  const ITEMS = "button,a,[role=button],[role=menuitem],[role=menuitemradio],[role=menuitemcheckbox]," +
    "[role=option],li,input[type=button],input[type=submit]";
  const isReset = (el) => {
    if (!el) return false;
    let name = el.getAttribute("aria-label") || "";
    const ids = !name && el.getAttribute("aria-labelledby");
    if (ids) name = ids.split(/\s+/).map((id) => el.getRootNode().getElementById?.(id)?.textContent ?? "").join(" ");
    if (!name) name = el.getAttribute("title") || "";
    if (!name && el.localName === "input") name = el.value;
    if (!name) name = el.textContent;
    if (!name || name.length > 120) return false;
    const n = norm(name);
    return R.reset.some((l) => n.startsWith(l));
  };
  const resetItem = (e) => {
    const path = e.composedPath();
    if (path.some((n) => n.id === "ltg-root")) return null;
    const t = path[0]?.nodeType === 1 ? path[0] : null;
    const el = t?.closest(ITEMS);
    if (isReset(el)) return el;
    // A menu that keeps focus and points at its active item.
    const ad = e.type.startsWith("key") && t?.getAttribute("aria-activedescendant");
    const active = ad && t.getRootNode().getElementById?.(ad);
    return isReset(active) ? active : null;
  };
  // Whatever the app listens to: click, pointer/mouse release, Enter/Space down or up.
  const hold = (e) => {
    if (gone || guarding || !app) return;
    if (!api.runtime?.id) {
      bridge.gone();
      return;
    }
    const key = e.type.startsWith("key");
    if (key && !["Enter", " ", "Spacebar"].includes(e.key)) return;
    const t = e.composedPath()[0];
    const pressedHere = e.type !== "keyup" || keyDownOn === t;
    if (e.type === "keydown") keyDownOn = t;
    else if (e.type === "keyup") keyDownOn = null;
    const el = resetItem(e);
    if (!el) return;
    e.stopImmediatePropagation();
    e.preventDefault();
    // The release of a key pressed elsewhere (Enter on [More] moved focus here): swallowed only.
    if (!pressedHere) return;
    if (failed) {
      // The core could not start here: a plain warning still stands before the reset (one
      // question per gesture: pointerup, mouseup and click arrive together).
      if (performance.now() - asked < 300) return;
      // (A message missing in the UI language comes from default_locale, English.)
      const ok = globalThis.confirm(api.i18n.getMessage("stage1ResetWarning"));
      // The rest of this gesture (mouseup, click) arrives right after the answer: swallowed.
      asked = performance.now();
      if (ok) {
        guarding = true;
        el.click();
        guarding = false;
      }
      return;
    }
    if (!held || e.type === "keydown" || e.type === "pointerup") {
      held = [el, key ? e.key : null, key ? e.composedPath()[0] : null];
    }
    load();
  };
  if (app) for (const t of ["click", "pointerup", "mouseup", "keydown", "keyup"]) window.addEventListener(t, hold, true);

  // ---- the launcher placeholder (top frame of app pages, while no guide runs)
  let host = null;
  // A newly injected stage one takes over from an orphaned predecessor's leftovers (Firefox
  // injects again into open tabs after an update): exactly one host.
  if (doc.getElementById("ltg-root") || doc.querySelector("[data-ltg-part]")) cleanup();
  const launcher = (langPref) => {
    if (host || loading) return;
    host = doc.createElement("div");
    host.id = "ltg-root";
    for (const [k, v] of [["all", "initial"], ["position", "fixed"], ["top", "0"], ["left", "0"], ["width", "0"],
      ["height", "0"], ["z-index", "2147483647"]]) host.style.setProperty(k, v);
    const sr = host.attachShadow({ mode: "open" });
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(R.css);
      sr.adoptedStyleSheets = [sheet];
    } catch {
      const st = doc.createElement("style");
      st.textContent = R.css;
      sr.append(st);
    }
    const lang = uiLang(langPref);
    const b = doc.createElement("button");
    b.type = "button";
    b.setAttribute("data-ltg-part", "launcher");
    b.setAttribute("data-ltg-action", "start-guide");
    b.textContent = R.launcher[lang][0];
    b.title = R.launcher[lang][1];
    b.addEventListener("click", () => {
      if (!api.runtime?.id) return bridge.gone();
      startGuide = true;
      load();
    });
    sr.append(b);
    doc.documentElement.append(host);
  };

  // ---- where is there work?
  const pending = (resets) => Array.isArray(resets?.items) && resets.items.some((r) => r && !r.dismissed &&
    (!Array.isArray(r.integrations) || r.integrations.length === 0 || r.integrations.some((i) => i && !i.updated)));
  if (help) {
    if (top) load();
    return;
  }
  if (R.tokenPathWords.some((w) => path.includes(w))) {
    load();
    return;
  }
  // Other app pages: the core only for a running guide or a pending reminder (top frame), or
  // once the page shows token vocabulary (checked at most once a second while it changes).
  if (top) {
    store().get(["ltg.guide", "ltg.resets", "ltg.settings"]).then((s) => {
      const g = s["ltg.guide"];
      if (g?.active || pending(s["ltg.resets"])) return load();
      if (g?.dismissed) return;
      whenParsed.then(() => launcher(s["ltg.settings"]?.lang));
    }, () => {});
    api.storage.onChanged.addListener((c, area) => {
      if (area === AREA && (c["ltg.guide"]?.newValue?.active || pending(c["ltg.resets"]?.newValue))) load();
    });
  }
  let checked = 0;
  let timer = 0;
  const looks = () => {
    timer = 0;
    checked = performance.now();
    const t = norm(doc.body?.textContent?.slice(0, 200000) || "");
    if (R.vocab.some((w) => t.includes(w))) {
      mo.disconnect();
      load();
    }
  };
  const mo = new MutationObserver(() => {
    if (!timer) timer = setTimeout(looks, Math.max(0, 1000 - (performance.now() - checked)));
  });
  const watch = () => {
    looks();
    if (!loading) mo.observe(doc.body ?? doc.documentElement, { childList: true, subtree: true });
  };
  whenParsed.then(watch);

})();
