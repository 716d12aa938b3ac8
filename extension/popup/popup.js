// Popup: start/restart the walkthrough, "don't show again", and the reset reminders count.
// It writes the same storage keys the content script reads (see README, "Storage").
const api = LTG.api;
// getMessage fills $1 from `subs`; the default text is filled the same way.
const t = (k, d, subs = []) => api.i18n.getMessage(k, subs.map(String)) || d.replace("$1", subs[0]);
for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n, el.textContent);
// The page speaks the browser's UI language (the messages come from _locales in it).
document.documentElement.lang = api.i18n.getUILanguage() || "en";

let guideNewer = false;
async function load() {
  const { settings, guide, resets } = await LTG.read();
  document.getElementById("rule").textContent = t("popupRule", "Tokens created before $1 are legacy.", [settings.cutoff]);
  document.getElementById("never").checked = guide.dismissed;
  // Progress of a newer version: shown, never rewritten (the buttons would write it).
  guideNewer = guide.newer;
  document.getElementById("newer").hidden = !guide.newer;
  for (const id of ["start", "restart", "never"]) document.getElementById(id).disabled = guide.newer;
  const pending = LTG.pending(resets);
  // Plural by the language's rules (no "update(s)").
  const one = new Intl.PluralRules(document.documentElement.lang || "en").select(pending) === "one";
  document.getElementById("resets").textContent = !pending ? "" : one
    ? t("popupPendingOne", "$1 integration update pending after a token reset.", [pending])
    : t("popupPending", "$1 integration updates pending after a token reset.", [pending]);
}

async function setGuide(patch) {
  if (guideNewer) return;
  const cur = LTG.guide((await api.storage.local.get(LTG.KEYS.guide))[LTG.KEYS.guide]);
  if (cur.newer) return;
  await api.storage.local.set({ [LTG.KEYS.guide]: { ...cur.raw, done: cur.done, ...patch, schema: LTG.SCHEMA } });
}

document.getElementById("start").onclick = () => setGuide({ active: true, dismissed: false }).then(() => window.close());
document.getElementById("restart").onclick = () =>
  setGuide({ active: true, dismissed: false, done: [], current: null }).then(() => window.close());
document.getElementById("never").onchange = (e) => setGuide({ dismissed: e.target.checked, active: false });
document.getElementById("options").onclick = (e) => { e.preventDefault(); api.runtime.openOptionsPage(); };
load();

// The core stopped on the active tab's page (a Rust panic): say so, and why.
async function stopped() {
  // The tab the popup is about: the active one of this window; when this page is itself a tab
  // (opened outside the toolbar), the active tab of another window.
  const me = await api.tabs.getCurrent?.();
  let [tab] = await api.tabs.query({ active: true, currentWindow: true });
  if (me && tab?.id === me.id) tab = (await api.tabs.query({ active: true })).find((t) => t.id !== me.id);
  const all = (await api.storage.session?.get("ltg.status"))?.["ltg.status"];
  const st = tab && all && typeof all === "object" ? all[tab.id] : null;
  const el = document.getElementById("stopped");
  if (!st) return;
  el.textContent = t("popupStopped", "Legacy Token Guide stopped on this page ($1).", [st.reason || "?"]);
  el.setAttribute("data-ltg-stopped", st.reason || "");
  el.hidden = false;
}
stopped().catch(() => {});
