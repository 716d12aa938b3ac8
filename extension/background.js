// Background: shows the number of integrations still to update after token resets on the
// extension's action badge. It reads only the reminder counts the content script stores.
const api = globalThis.browser ?? globalThis.chrome;
const KEY = "ltg.resets";

function pendingCount(resets) {
  if (!resets || !Array.isArray(resets.items)) return 0;
  let n = 0;
  for (const r of resets.items) {
    if (!r || r.dismissed) continue;
    const list = Array.isArray(r.integrations) ? r.integrations : [];
    const open = list.filter((i) => i && !i.updated).length;
    // A reminder with nothing listed yet still counts as one thing to do.
    n += list.length === 0 ? 1 : open;
  }
  return n;
}

async function refresh() {
  const got = await api.storage.local.get(KEY);
  const n = pendingCount(got[KEY]);
  await api.action.setBadgeText({ text: n > 0 ? String(n) : "" });
  await api.action.setBadgeBackgroundColor({ color: "#b42318" });
}

api.storage.onChanged.addListener((changes, area) => {
  if (area === "local" && KEY in changes) refresh().catch(() => {});
});
api.runtime.onStartup?.addListener(() => refresh().catch(() => {}));
api.runtime.onInstalled?.addListener(() => refresh().catch(() => {}));
refresh().catch(() => {});
