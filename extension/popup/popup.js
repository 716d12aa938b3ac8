// Popup: start/restart the walkthrough, "don't show again", and the reset reminders count.
// It writes the same storage keys the content script reads (see README, "Storage").
const api = globalThis.browser ?? globalThis.chrome;
// getMessage fills $1 from `subs`; the default text is filled the same way.
const t = (k, d, subs = []) => api.i18n.getMessage(k, subs.map(String)) || d.replace("$1", subs[0]);
for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n, el.textContent);

async function load() {
  const s = await api.storage.local.get(["ltg.settings", "ltg.guide", "ltg.resets"]);
  const cutoff = s["ltg.settings"]?.cutoff || "2025-04-01";
  document.getElementById("rule").textContent = t("popupRule", "Tokens created before $1 are legacy.", [cutoff]);
  document.getElementById("never").checked = !!s["ltg.guide"]?.dismissed;
  const items = s["ltg.resets"]?.items || [];
  let pending = 0;
  for (const r of items) {
    if (r.dismissed) continue;
    const list = r.integrations || [];
    pending += list.length ? list.filter((i) => !i.updated).length : 1;
  }
  document.getElementById("resets").textContent = pending
    ? t("popupPending", "$1 integration update(s) pending after a token reset.", [pending]) : "";
}

async function setGuide(patch) {
  const cur = (await api.storage.local.get("ltg.guide"))["ltg.guide"] || { schema: 1, done: [] };
  await api.storage.local.set({ "ltg.guide": { ...cur, ...patch, schema: 1 } });
}

document.getElementById("start").onclick = () => setGuide({ active: true, dismissed: false }).then(() => window.close());
document.getElementById("restart").onclick = () =>
  setGuide({ active: true, dismissed: false, done: [], current: null }).then(() => window.close());
document.getElementById("never").onchange = (e) => setGuide({ dismissed: e.target.checked, active: false });
document.getElementById("options").onclick = (e) => { e.preventDefault(); api.runtime.openOptionsPage(); };
load();
