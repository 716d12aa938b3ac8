// Background: shows the number of integrations still to update after token resets on the
// extension's action badge (read through common.js, never throwing on bad data), and keeps,
// per tab, why the core stopped on that tab's page (for the popup); opens the welcome page on
// install.
if (typeof LTG === "undefined") importScripts("common.js"); // Chromium's service worker
const api = LTG.api;

async function refresh() {
  const { resets } = await LTG.read();
  const n = LTG.pending(resets);
  await api.action.setBadgeText({ text: n > 0 ? String(n) : "" });
  await api.action.setBadgeBackgroundColor({ color: "#b42318" });
}

api.storage.onChanged.addListener((changes, area) => {
  if (area === "local" && LTG.KEYS.resets in changes) refresh().catch(() => {});
});
api.runtime.onStartup?.addListener(() => refresh().catch(() => {}));
api.runtime.onInstalled?.addListener((details) => {
  refresh().catch(() => {});
  if (details?.reason === "install") welcome().catch(() => {});
});

// First run: the welcome page, once (a reinstall that kept its storage does not show it again).
async function welcome() {
  const WELCOMED = "ltg.welcomed";
  if ((await api.storage.local.get(WELCOMED))[WELCOMED]) return;
  await api.storage.local.set({ [WELCOMED]: true });
  await api.tabs.create({ url: api.runtime.getURL("welcome/welcome.html") });
}
refresh().catch(() => {});

// A content script whose core stopped (a Rust panic) says so; the popup shows it for that tab
// until the tab loads another page. Kept in storage.session (memory only, this browser session).
const STATUS = "ltg.status";
const session = api.storage.session;
// The same for the walkthrough's diagnostic of a step it cannot find on that tab's page (the
// popup's "Copy a report"): kept until the step is found or the tab loads another page.
const DIAG = "ltg.diag";
const keep = (key, tabId, value) => session?.get(key).then((got) => {
  const all = got[key] && typeof got[key] === "object" ? got[key] : {};
  if (value === null) delete all[tabId];
  else all[tabId] = value;
  return session.set({ [key]: all });
}).catch(() => {});
api.runtime.onMessage.addListener((msg, sender) => {
  if (sender.id !== api.runtime.id || !sender.tab) return;
  if (msg?.ltg === "failed") {
    keep(STATUS, sender.tab.id, { reason: String(msg.reason ?? "").slice(0, 300), top: !!msg.top, at: Date.now() });
  } else if (msg?.ltg === "diag") {
    const text = String(msg.diag ?? "").slice(0, 20000);
    keep(DIAG, sender.tab.id, text ? { text, at: Date.now() } : null);
  }
});
api.tabs?.onUpdated?.addListener((tabId, change) => {
  if (change.status !== "loading") return;
  for (const key of [STATUS, DIAG]) {
    session?.get(key).then((got) => (got[key]?.[tabId] ? keep(key, tabId, null) : null)).catch(() => {});
  }
});
