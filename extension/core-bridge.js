// The parts of stage one's bridge that only the core uses, loaded with it (Chromium imports this
// with the core's glue; Firefox's build appends it to its glue content script). Defines
// globalThis.ltgCoreParts = { scan, lock, report } in the extension's isolated world.
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
    const clean = (s) => s.replace(/[\u001e\u001f\s]+/g, " ").trim();
    const text = (s) => {
      const c = clean(s);
      return c.length < 20 ? c : c.replace(/[\w+/=-]{20,}/g, key); // (most texts are short)
    };
    const recs = [];
    const nodes = [];
    const shadows = [];
    const element = (n, parent) => {
      const tag = n.localName;
      if (SKIP.has(tag) || n.id === "ltg-root") return;
      let role = "", cls = "", name = "", bits = 0;
      if (n.hasAttributes()) {
        if (n.hasAttribute("data-ltg-part")) return;
        role = n.getAttribute("role") || "";
        cls = n.getAttribute("class") || "";
        name = n.getAttribute("aria-label") || n.getAttribute("title") || "";
        if (!name && tag === "input" && /^(button|submit|reset)$/i.test(n.type)) name = n.value;
        if (!name && tag === "img") name = n.getAttribute("alt") || "";
        bits = (n.hasAttribute("aria-haspopup") ? 1 : 0) | (n.hasAttribute("data-ltg-token") ? 2 : 0) |
          (n.hasAttribute("href") ? 4 : 0) | (n.hasAttribute("data-ltg-mask") ? 16 : 0) |
          (tag === "input" && n.readOnly && n.value !== "" ? 8 : 0);
      }
      const i = nodes.length;
      nodes.push(n);
      recs.push(`e\u001f${parent}\u001f${tag}\u001f${role}\u001f${cls && clean(cls)}\u001f${name && text(name)}\u001f${bits}`);
      if (tag === "svg" || tag === "input") return;
      // Visited before the light children, as it is rendered in their place.
      const sr = n.shadowRoot;
      if (sr) {
        const k = nodes.length;
        nodes.push(sr);
        recs.push(`s\u001f${i}`);
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
          recs.push(`t\u001f${parent}\u001f${text(d)}`);
        }
      }
    };
    element(start, -1);
    return [recs.join("\u001e"), nodes, shadows];
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

  globalThis.ltgCoreParts = { scan, lock, report };
})();
