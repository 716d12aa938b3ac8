// The parts of stage one's bridge that only the core uses, loaded with it (Chromium imports this
// with the core's glue; Firefox's build appends it to its glue content script). Defines
// globalThis.ltgCoreParts = { scan, badges, lock, report } in the extension's isolated world
// (the core reaches it through stage one's bridge: `bridge.parts()`).
(() => {
  // ---- the page walk the core's token model reads (one crossing per update): a pre-order list
  // of records (`e parent tag role class name bits`, `t parent text`, `s parent` for an open shadow
  // root), U+001E between records, U+001F between fields. Reads tags, roles, classes, control
  // names (aria-label, title, a button-type input's value, an image's alt) and text; never the
  // value of any other input (of a read-only one only whether it is empty), never our own UI.
  // Key-like runs of text (a token's secret shown on the page) never leave this function: each
  // is replaced by `mark` (the core's KEY_MARK); class names (the page's code) are kept.
  // Returns [encoding, nodes, shadow roots].
  function scan(start, mark) {
    const SKIP = scan.skip ??= new Set(["script", "style", "noscript", "template", "textarea", "select", "iframe"]);
    const key = (r) => (/\d/.test(r) && /[A-Za-z]/.test(r) ? mark : r);
    // (Most names and texts are clean already: tested first, copied only when not.)
    const clean = (s) => (/[\u001e\u001f]|[^\S ]|  |^ | $/.test(s) ? s.replace(/[\u001e\u001f\s]+/g, " ").trim() : s);
    const text = (s) => {
      const c = clean(s);
      return c.length < 20 ? c : c.replace(/[\w+/=-]{20,}/g, key); // (most texts are short)
    };
    let out = "";
    const nodes = [];
    const shadows = [];
    const element = (n, parent) => {
      const tag = n.localName;
      if (SKIP.has(tag)) return;
      let role = "", cls = "", name = "", bits = 0;
      if (n.hasAttributes()) {
        // The names first, then only the values that exist (few calls per element: in Firefox
        // each one crosses the content script's wrapper).
        let aria = "", title = "";
        for (const a of n.getAttributeNames()) {
          switch (a) {
            case "data-ltg-part": return;
            case "id": if (n.id === "ltg-root") return; break;
            case "role": role = clean(n.getAttribute(a)); break;
            case "class": cls = n.getAttribute(a); break;
            case "aria-label": aria = n.getAttribute(a); break;
            case "title": title = n.getAttribute(a); break;
            case "aria-haspopup": bits |= 1; break;
            case "data-ltg-token": bits |= 2; break;
            case "href": bits |= 4; break;
            case "data-ltg-mask": bits |= 16; break;
          }
        }
        name = aria || title;
        if (!name && tag === "input" && /^(button|submit|reset)$/i.test(n.type)) name = n.value;
        if (!name && tag === "img") name = n.getAttribute("alt") || "";
        if (tag === "input" && n.readOnly && n.value !== "") bits |= 8;
      }
      const i = nodes.length;
      nodes.push(n);
      out += `\u001ee\u001f${parent}\u001f${clean(tag)}\u001f${role}\u001f${cls && clean(cls)}\u001f${name && text(name)}\u001f${bits}`;
      if (tag === "svg" || tag === "input") return;
      // Visited before the light children, as it is rendered in their place.
      const sr = n.shadowRoot;
      if (sr) {
        const k = nodes.length;
        nodes.push(sr);
        out += `\u001es\u001f${i}`;
        shadows.push(sr);
        kids(sr, k);
      }
      kids(n, i);
    };
    const kids = (n, parent) => {
      for (let c = n.firstChild; c; c = c.nextSibling) {
        const type = c.nodeType;
        if (type === 1) element(c, parent);
        else if (type === 3) {
          let d = c.data;
          if (d.length > 400) d = d.slice(0, 400);
          if (!/\S/.test(d)) continue;
          nodes.push(c);
          out += `\u001et\u001f${parent}\u001f${text(d)}`;
        }
      }
    };
    element(start, -1);
    return [out.slice(1), nodes, shadows];
  }

  // ---- the token badges as the core decided them, drawn in one crossing (a page of thousands
  // of tokens would otherwise cost a dozen crossings per badge). `draw`: one record (U+001E) per
  // token, fields (U+001F): token node, where ("a" after / "i" inside) and that node, kind,
  // created (ISO date or ""), badge text, tooltip, "1" if the walk saw the token marked.
  // `unmark`: nodes (U+001E) that were tokens and are not any more. `css`: the badge's sheet.
  // A token drawn the same way before, whose badge is still in it, is skipped. Returns the first
  // token's badge (the core gives one badge the tab stop), or null.
  const drawn = new WeakMap(); // token element -> [what was drawn, its badge]
  let tpl = null;
  let sheet; // undefined: not tried yet; null: this page refuses adopted sheets
  const PART = '[data-ltg-part="token-badge"]';
  const set = (el, a, v) => { if (el.getAttribute(a) !== v) el.setAttribute(a, v); };
  // The badges of this token, not of a token nested in it.
  const own = (token) => [...token.querySelectorAll(PART)]
    .filter((b) => b.parentElement?.closest("[data-ltg-token]") === token);
  const style = (sr, css) => {
    try {
      if (sheet === undefined) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(css);
        sr.adoptedStyleSheets = [sheet];
        // Checked on the first badge only: adopting works here or it does not.
        if (sr.adoptedStyleSheets.length !== 1) sheet = null;
        else return;
      } else if (sheet) {
        sr.adoptedStyleSheets = [sheet];
        return;
      }
    } catch {
      sheet = null; // refused (a wrapper, another document): a <style> each from now on
    }
    const s = sr.ownerDocument.createElement("style");
    s.textContent = css;
    sr.append(s);
  };
  const make = (doc, kind, text, tip, label, css) => {
    if (tpl?.[0].ownerDocument !== doc) {
      const host = doc.createElement("span");
      host.setAttribute("data-ltg-part", "token-badge");
      host.setAttribute("tabindex", "-1"); // one tab stop for all badges (the core moves it)
      host.setAttribute("role", "img");
      const inner = doc.createDocumentFragment();
      for (const c of ["b", "tip"]) {
        const e = doc.createElement("span");
        e.className = c;
        e.setAttribute("aria-hidden", "true");
        inner.append(e);
      }
      tpl = [host, inner];
    }
    const host = tpl[0].cloneNode();
    host.setAttribute("data-ltg-token-kind", kind);
    host.setAttribute("data-ltg-text", text);
    host.setAttribute("aria-label", label);
    const sr = host.attachShadow({ mode: "open" });
    style(sr, css);
    const inner = tpl[1].cloneNode(true);
    inner.firstChild.textContent = text;
    inner.lastChild.textContent = tip;
    sr.append(inner);
    return host;
  };
  function badges(nodes, draw, unmark, css) {
    let first = null;
    for (const rec of draw ? draw.split("\u001e") : []) {
      const [ti, at, pi, kind, created, text, tip, marked] = rec.split("\u001f");
      const token = nodes[+ti];
      const sig = `${kind}\u001f${created}\u001f${text}\u001f${tip}`;
      const was = drawn.get(token);
      if (marked === "1" && was?.[0] === sig && was[1].isConnected && token.contains(was[1])) {
        first ??= was[1];
        continue;
      }
      set(token, "data-ltg-token", kind);
      if (created) set(token, "data-ltg-created", created);
      else token.removeAttribute("data-ltg-created");
      const label = `${text}: ${tip}`;
      // (A copy of a badge without its shadow root, made by the page, is no badge of ours.)
      const mine = own(token);
      let b = mine.find((x) => x.shadowRoot);
      const extra = mine.filter((x) => x !== b);
      if (b) {
        set(b, "data-ltg-token-kind", kind);
        set(b, "data-ltg-text", text);
        set(b, "aria-label", label);
        const sr = b.shadowRoot;
        for (const [sel, t] of [[".b", text], [".tip", tip]]) {
          const e = sr?.querySelector(sel);
          if (e && e.textContent !== t) e.textContent = t;
        }
      } else {
        // Built complete before it goes into the page: one insertion per token.
        b = make(token.ownerDocument, kind, text, tip, label, css);
        const n = nodes[+pi];
        if (at === "i") n.append(b);
        else if (n.parentNode) n.parentNode.insertBefore(b, n.nextSibling);
        else token.append(b);
      }
      drawn.set(token, [sig, b]);
      // A page that cloned a badge along with its markup: one badge per token.
      for (const x of extra) x.remove();
      first ??= b;
    }
    for (const i of unmark ? unmark.split("\u001e") : []) {
      const e = nodes[+i];
      for (const b of own(e)) b.remove();
      e.removeAttribute("data-ltg-token");
      e.removeAttribute("data-ltg-created");
      drawn.delete(e);
    }
    return first;
  }

  // One writer at a time for a read-modify-write across this site's tabs and frames (Web
  // Locks). Resolves to the release function, or null where locks are unavailable or the
  // lock does not come within 2 s (a page holding it cannot block our writes).
  const lock = (name) => new Promise((got) => {
    if (!navigator.locks?.request) return got(null);
    let done = false;
    const timer = setTimeout(() => { done = true; got(null); }, 2000);
    navigator.locks.request(`ltg:${name}`, () => new Promise((release) => {
      if (done) return release();
      done = true;
      clearTimeout(timer);
      got(release);
    })).catch(() => {
      if (!done) { done = true; clearTimeout(timer); got(null); }
    });
  });

  // The walkthrough's diagnostic of a step it cannot find (JSON text; "" withdraws it): to the
  // background, which keeps it for this tab in memory for the popup's "Copy a report". It holds
  // roles and names of controls and the step's labels, never page values.
  const report = (text) => {
    try {
      (globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ ltg: "diag", diag: String(text) })
        ?.catch?.(() => {});
    } catch { /* the extension was reloaded: nothing to tell */ }
  };

  globalThis.ltgCoreParts = { scan, badges, lock, report };
})();
