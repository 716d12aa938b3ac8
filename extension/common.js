// Shared by the popup, the options page and the background: the storage keys and the one
// validated reader of what is stored. It never throws on corrupted data (wrong types read as
// absent, unreadable entries are skipped) and says when data is of a newer version, which the
// extension pages then leave untouched (read-only). The same rules as the core's readers
// (src/core/settings.rs, guide.rs, resets.rs).
// eslint-disable-next-line no-unused-vars -- a classic script's global, used by the other pages
const LTG = (() => {
  const api = globalThis.browser ?? globalThis.chrome;
  const SCHEMA = 1;
  const KEYS = { settings: "ltg.settings", guide: "ltg.guide", resets: "ltg.resets", tokens: "ltg.tokens" };
  const obj = (v) => (v && typeof v === "object" && !Array.isArray(v) ? v : null);
  const str = (v) => (typeof v === "string" ? v : "");
  const newer = (o) => typeof o?.schema === "number" && o.schema > SCHEMA;
  const DEFAULT_CUTOFF = "2025-04-01";
  function validDate(s) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && s >= "2015-01-01" && s <= "2030-12-31";
  }
  function settings(v) {
    const o = obj(v) || {};
    return {
      cutoff: validDate(str(o.cutoff)) ? o.cutoff : DEFAULT_CUTOFF, lang: str(o.lang) || "auto",
      mask: o.mask !== false, newer: newer(o), raw: o,
    };
  }
  function guide(v) {
    const o = obj(v) || {};
    return {
      active: o.active === true, dismissed: o.dismissed === true,
      done: Array.isArray(o.done) ? o.done.filter((x) => typeof x === "string") : [],
      current: typeof o.current === "string" ? o.current : null,
      account: typeof o.account === "string" ? o.account : null,
      newer: newer(o), raw: o,
    };
  }
  function integration(i) {
    const x = typeof i === "string" ? { name: i } : obj(i);
    if (!x || !str(x.name).trim()) return null;
    return { id: str(x.id), name: str(x.name), note: str(x.note), updated: x.updated === true };
  }
  /** An integration's id as the core gives it: its own, else "n<place among the readable
   * entries>" (older entries). */
  const withIds = (list) => list.map((i, k) => (i.id ? i : { ...i, id: `n${k}` }));
  /** An account as the page showed it ({type, name, id}; all strings). */
  function account(v) {
    const o = obj(v) || {};
    return { type: str(o.type), name: str(o.name), id: str(o.id) };
  }
  const accountKey = (a) => `${a.type}:${a.id || a.name}`;
  /** "Agency — Acme Media · ID 4242" (the type in the UI language). */
  function accountLabel(a) {
    if (!a) return "";
    const msg = { agency: "accountAgency", brand: "accountBrand", partner: "accountPartner" }[a.type];
    const type = (msg && api.i18n.getMessage(msg)) || a.type;
    const who = [a.name, a.id && `ID ${a.id}`].filter(Boolean).join(" · ");
    return [type, who].filter(Boolean).join(" — ");
  }
  /** The migration tracker (ltg.tokens): every token seen. */
  function tokens(v) {
    const o = obj(v) || {};
    const items = (Array.isArray(o.items) ? o.items : []).map(obj).filter((t) => t && str(t.name).trim()).map((t) => ({
      account: account(t.account), name: str(t.name), created: str(t.created), verdict: str(t.verdict),
      first: typeof t.first === "number" ? t.first : 0, last: typeof t.last === "number" ? t.last : 0,
    }));
    return { items, newer: newer(o) };
  }
  function resets(v) {
    const o = obj(v) || {};
    const items = (Array.isArray(o.items) ? o.items : []).map(obj).filter(Boolean).map((r) => ({
      id: str(r.id), kind: str(r.kind), token: str(r.token), dismissed: r.dismissed === true,
      at: typeof r.at === "number" ? r.at : 0, account: obj(r.account) ? account(r.account) : null,
      integrations: withIds((Array.isArray(r.integrations) ? r.integrations : []).map(integration).filter(Boolean)),
    }));
    return { items, newer: newer(o) };
  }
  /** Things still to do after resets: each open integration; a reminder with none listed yet
   * counts as one (the toolbar badge and the popup say the same number). */
  function pending(res) {
    let n = 0;
    for (const r of res.items) {
      if (r.dismissed) continue;
      const open = r.integrations.filter((i) => !i.updated).length;
      n += r.integrations.length === 0 ? 1 : open;
    }
    return n;
  }
  /** Every key, validated; a storage error reads as "nothing stored". */
  async function read() {
    let s = {};
    try {
      s = (await api.storage.local.get(Object.values(KEYS))) || {};
    } catch {
      s = {};
    }
    return {
      settings: settings(s[KEYS.settings]), guide: guide(s[KEYS.guide]), resets: resets(s[KEYS.resets]),
      tokens: tokens(s[KEYS.tokens]),
    };
  }
  /** Change the walkthrough's progress (the popup's and the welcome page's buttons). Left alone
   * when it was saved by a newer version. Returns false then. */
  async function setGuide(patch) {
    const cur = guide((await api.storage.local.get(KEYS.guide))[KEYS.guide]);
    if (cur.newer) return false;
    await api.storage.local.set({ [KEYS.guide]: { ...cur.raw, done: cur.done, ...patch, schema: SCHEMA } });
    return true;
  }
  /** The fixture server's origin in the test build (stored by a test); null in the release. */
  async function testOrigin() {
    /*@test-app-origin*/
    return null;
  }
  /** The app page where an account type's guide starts (pages.js, generated from the core). */
  async function appUrl(account) {
    const u = new URL(globalThis.ltgPages.app[account]);
    const t = await testOrigin();
    return t ? t + u.pathname : u.href;
  }
  /** Is this URL an app page the content scripts run on (a host of the manifest, the path
   * /secure/<kind>/ as the core recognises it)? */
  function isAppPage(url) {
    let u;
    try {
      u = new URL(url);
    } catch {
      return false;
    }
    const hosts = api.runtime.getManifest().host_permissions ?? [];
    const kind = u.pathname.split("/").filter(Boolean);
    // (Match patterns name no port: the scheme and host decide.)
    const ours = (h) => {
      const m = new URL(h.replace(/\/\*$/, "/"));
      return m.protocol === u.protocol && m.hostname === u.hostname;
    };
    return hosts.some(ours) &&
      kind[0] === "secure" && (globalThis.ltgPages?.appKinds ?? []).includes(kind[1]);
  }
  /** The tab the popup is about: the active one of this window; when the page is itself a tab
   * (opened outside the toolbar), the active tab of another window. */
  async function aboutTab() {
    const me = await api.tabs.getCurrent?.();
    let [tab] = await api.tabs.query({ active: true, currentWindow: true });
    if (me && tab?.id === me.id) tab = (await api.tabs.query({ active: true })).find((t) => t.id !== me.id);
    return tab ?? null;
  }
  /** Tick or untick one integration of a reminder (the popup's checklist). Changes that one
   * entry of the value stored right now, as the core's "set" op does; nothing when the data is
   * of a newer version or the entry is gone. */
  async function setIntegration(reminderId, integrationId, updated) {
    const raw = (await api.storage.local.get(KEYS.resets))[KEYS.resets];
    if (!obj(raw) || newer(raw) || !Array.isArray(raw.items)) return false;
    const item = raw.items.find((r) => obj(r) && r.id === reminderId);
    if (!item || !Array.isArray(item.integrations)) return false;
    let readable = -1;
    const k = item.integrations.findIndex((x) => {
      if (!integration(x)) return false;
      readable++;
      return (str(obj(x)?.id) || `n${readable}`) === integrationId;
    });
    if (k < 0) return false;
    const x = item.integrations[k];
    item.integrations[k] = typeof x === "string"
      ? { id: integrationId, name: x, note: "", updated, at: Date.now() }
      : { ...x, id: integrationId, updated, at: Date.now() };
    await api.storage.local.set({ [KEYS.resets]: raw });
    return true;
  }
  /** setIntegration, made to stick: the page's own writer (under a lock the popup cannot share,
   * it is the page origin's) may have read just before this write and write over it. The change
   * is applied again until the stored value shows it (it is idempotent), up to 3 times. */
  async function setIntegrationSure(reminderId, integrationId, updated) {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (!(await setIntegration(reminderId, integrationId, updated))) return false;
      await new Promise((r) => setTimeout(r, 400));
      const now = resets((await api.storage.local.get(KEYS.resets))[KEYS.resets]);
      const i = now.items.find((r) => r.id === reminderId)?.integrations.find((x) => x.id === integrationId);
      if (!i || i.updated === updated) return !!i;
    }
    return false;
  }
  /** Start (or continue) the walkthrough for an account type on its settings page, in a new tab. */
  async function startOnApp(account, restart) {
    const patch = { active: true, dismissed: false, account };
    // Progress of another account type does not carry over (as in the core).
    const cur = guide((await api.storage.local.get(KEYS.guide))[KEYS.guide]);
    if (restart || (cur.account && cur.account !== account)) Object.assign(patch, { done: [], current: null });
    if (!(await setGuide(patch))) return false;
    await api.tabs.create({ url: await appUrl(account) });
    return true;
  }
  /** The UI language of an extension page: the browser's, if the pack speaks it. */
  function pageLang() {
    const l = (api.i18n.getUILanguage() || "en").toLowerCase().split(/[-_]/)[0];
    return (globalThis.ltgPages?.langs ?? []).includes(l) ? l : "en";
  }
  /** A message from _locales, its $1… filled from `subs`; `fallback` (filled the same way) if
   * the message is missing. */
  const t = (key, fallback, subs = []) => api.i18n.getMessage(key, subs.map(String)) ||
    subs.reduce((s, v, i) => s.replace(`$${i + 1}`, v), fallback);
  /** Fill every [data-i18n] element from _locales (the browser's UI language). */
  function localise(doc = document) {
    for (const el of doc.querySelectorAll("[data-i18n]")) {
      const m = api.i18n.getMessage(el.dataset.i18n);
      if (m) el.textContent = m;
    }
    doc.documentElement.lang = api.i18n.getUILanguage() || "en";
  }
  return {
    api, SCHEMA, KEYS, DEFAULT_CUTOFF, validDate, settings, guide, resets, tokens, account, accountKey, accountLabel,
    pending, read,
    t, setGuide, appUrl, isAppPage, aboutTab, setIntegration, setIntegrationSure, startOnApp, pageLang, localise,
  };
})();
