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
api.runtime.onMessage.addListener((msg, sender) => {
  if (msg?.ltg !== "failed" || sender.id !== api.runtime.id || !sender.tab) return;
  const reason = String(msg.reason ?? "").slice(0, 300);
  session?.get(STATUS).then((got) => {
    const all = got[STATUS] && typeof got[STATUS] === "object" ? got[STATUS] : {};
    all[sender.tab.id] = { reason, top: !!msg.top, at: Date.now() };
    return session.set({ [STATUS]: all });
  }).catch(() => {});
});
api.tabs?.onUpdated?.addListener((tabId, change) => {
  if (change.status !== "loading") return;
  session?.get(STATUS).then((got) => {
    const all = got[STATUS];
    if (all && all[tabId]) {
      delete all[tabId];
      return session.set({ [STATUS]: all });
    }
  }).catch(() => {});
});
