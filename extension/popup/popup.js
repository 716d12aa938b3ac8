// Popup: helps from any tab. The walkthrough's progress ("Step 5 of 9: …") and Start/Continue,
// which opens the right impact.com page when the tab is not one; the reminders after token
// resets, by token, each integration tickable here (the toolbar badge counts the same); the
// extension stopped on this tab's page, and why. It writes the same storage keys the content
// script reads (see README, "Storage"), through common.js.
const api = LTG.api;
const $ = (id) => document.getElementById(id);
const t = LTG.t;
LTG.localise();

let state = { guide: null, resets: null, pack: null };

/** The pack's steps and this page's language's step titles (the extension's own files). */
async function loadPack() {
  const get = (p) => fetch(api.runtime.getURL(p)).then((r) => (r.ok ? r.json() : null)).catch(() => null);
  const [pack, messages] = await Promise.all([get("guides/pack.json"), get(`guides/messages-${LTG.pageLang()}.json`)]);
  return { guides: pack?.guides ?? {}, messages: messages ?? {} };
}

function renderGuide() {
  const { guide, pack } = state;
  $("never").checked = guide.dismissed;
  // Progress of a newer version: shown, never rewritten (the buttons would write it).
  $("newer").hidden = !guide.newer;
  for (const id of ["start", "restart", "never"]) $(id).disabled = guide.newer;
  const steps = (guide.account && pack.guides[guide.account]) || [];
  const started = steps.length > 0 && (guide.active || guide.done.length > 0);
  const p = $("progress");
  if (started) {
    const ids = steps.map((s) => s.id);
    let i = guide.current ? ids.indexOf(guide.current) : -1;
    if (i < 0) i = ids.findIndex((id) => !guide.done.includes(id));
    const finished = i < 0;
    if (finished) i = ids.length - 1;
    p.textContent = finished ? t("popupFinished", "Walkthrough complete.")
      : t("popupStep", "Step $1 of $2: $3", [i + 1, ids.length, pack.messages[`step.${ids[i]}.title`] ?? ids[i]]);
    p.dataset.ltgProgress = `${i + 1}/${ids.length}`;
    p.dataset.ltgStep = ids[i];
    p.hidden = false;
    $("start").textContent = finished ? t("popupStart", "Start the walkthrough") : t("popupContinue", "Continue the walkthrough");
  } else {
    p.hidden = true;
    $("start").textContent = t("popupStart", "Start the walkthrough");
  }
}

function renderReminders() {
  const { resets } = state;
  const pending = LTG.pending(resets);
  const open = resets.items.filter((r) => !r.dismissed);
  $("reminders").hidden = open.length === 0;
  const line = $("resets");
  // Plural by the language's rules (no "update(s)").
  const one = new Intl.PluralRules(document.documentElement.lang || "en").select(pending) === "one";
  line.textContent = !pending ? "" : one
    ? t("popupPendingOne", "$1 integration update pending after a token reset.", [pending])
    : t("popupPending", "$1 integration updates pending after a token reset.", [pending]);
  line.dataset.ltgPending = String(pending);
  const list = $("rem-list");
  list.replaceChildren();
  for (const r of open) {
    const li = document.createElement("li");
    li.dataset.ltgReminder = r.id;
    const head = document.createElement("p");
    head.className = "token";
    head.textContent = r.token || r.kind;
    li.append(head);
    // Whose token: the account as the page showed it (an agency runs many).
    if (r.account) {
      const who = document.createElement("p");
      who.className = "muted account";
      who.textContent = LTG.accountLabel(r.account);
      li.append(who);
    }
    if (r.integrations.length === 0) {
      const none = document.createElement("p");
      none.className = "muted";
      none.textContent = t("popupNoIntegrations", "No integrations listed yet: add them in the reminder on the page.");
      li.append(none);
    }
    for (const i of r.integrations) {
      const label = document.createElement("label");
      label.dataset.ltgIntegration = i.name;
      label.dataset.ltgIid = i.id;
      const box = document.createElement("input");
      box.type = "checkbox";
      box.checked = i.updated;
      box.disabled = resets.newer;
      box.addEventListener("change", () => {
        box.disabled = true;
        LTG.setIntegrationSure(r.id, i.id, box.checked).finally(load);
      });
      const name = document.createElement("span");
      name.textContent = i.note ? `${i.name} — ${i.note}` : i.name;
      label.append(box, " ", name);
      li.append(label);
    }
    list.append(li);
  }
}

async function load() {
  const { settings, guide, resets } = await LTG.read();
  state = { ...state, guide, resets };
  $("rule").textContent = t("popupRule", "Tokens created before $1 are legacy.", [settings.cutoff]);
  renderReminders();
  state.pack ??= await loadPack();
  renderGuide();
}

/** Start or continue: on an app page the content script takes it from here; elsewhere the
 * account's token settings page opens in a new tab (asked once when the account is unknown). */
async function start(restart) {
  const { guide } = state;
  if (!guide || guide.newer) return; // (not read yet, or of a newer version)
  // (A tab that cannot be asked about counts as "not an app page".)
  const tab = await LTG.aboutTab().catch(() => null);
  if (tab?.url && LTG.isAppPage(tab.url)) {
    await LTG.setGuide({ active: true, dismissed: false, ...(restart ? { done: [], current: null } : {}) });
    window.close();
    return;
  }
  if (!guide.account) {
    $("accounts").hidden = false;
    $("accounts").querySelector("button").focus();
    return;
  }
  if (await LTG.startOnApp(guide.account, restart)) window.close();
}

$("start").onclick = () => start(false);
$("restart").onclick = () => start(true);
for (const b of document.querySelectorAll("[data-account]")) {
  b.onclick = () => LTG.startOnApp(b.dataset.account, false).then((ok) => ok && window.close());
}
$("never").onchange = (e) => LTG.setGuide({ dismissed: e.target.checked, active: false });
$("options").onclick = (e) => { e.preventDefault(); api.runtime.openOptionsPage(); };
api.storage.onChanged.addListener((c, area) => {
  if (area === "local" && Object.values(LTG.KEYS).some((k) => k in c)) load();
});
load();

// A walkthrough step could not find its control on this tab's page: "Copy a report" (which
// step, what it looked for, what the page offered: roles and names, never values; the browser
// and extension version).
function reportText(d) {
  const m = api.runtime.getManifest();
  const lines = [
    "Legacy Token Guide — walkthrough report",
    `Extension: ${m.version}; browser: ${navigator.userAgent}`,
    `Page: ${d.path} (page language: ${d.pageLang || "?"}; guide language: ${d.lang})`,
    `Step: ${d.step} — ${d.state === "ambiguous" ? "several equal matches" : "not found"}`,
    `Looked for: ${(d.labels ?? []).join(" | ")}${d.roles?.length ? ` (roles: ${d.roles.join(", ")})` : ""}` +
      `${d.within ? ` inside: ${d.within}` : ""}`,
    "Controls on the page (role: name):",
    ...(d.seen ?? []).map(([r, n]) => `- ${r || "?"}: ${n}`),
  ];
  return `${lines.join("\n")}\n`;
}
async function report() {
  const tab = await LTG.aboutTab();
  const all = (await api.storage.session?.get("ltg.diag"))?.["ltg.diag"];
  const raw = tab && all && typeof all === "object" ? all[tab.id]?.text : null;
  let d;
  try {
    d = raw ? JSON.parse(raw) : null;
  } catch {
    d = null;
  }
  if (!d || typeof d !== "object") return;
  const text = reportText(d);
  $("report-text").value = text;
  $("report").hidden = false;
  $("report").dataset.ltgStep = String(d.step ?? "");
  $("copy-report").onclick = async () => {
    try {
      await navigator.clipboard.writeText(text);
      $("report-status").textContent = t("popupCopied", "Copied.");
    } catch {
      // No clipboard here: the text is selected for the user to copy.
      $("report").querySelector("details").open = true;
      $("report-text").select();
      $("report-status").textContent = t("popupCopyManual", "Select the report below and copy it.");
    }
  };
}
report().catch(() => {});

// The core stopped on the active tab's page (a Rust panic): say so, and why.
async function stopped() {
  const tab = await LTG.aboutTab();
  const all = (await api.storage.session?.get("ltg.status"))?.["ltg.status"];
  const st = tab && all && typeof all === "object" ? all[tab.id] : null;
  const el = $("stopped");
  if (!st) return;
  el.textContent = t("popupStopped", "Legacy Token Guide stopped on this page ($1).", [st.reason || "?"]);
  el.setAttribute("data-ltg-stopped", st.reason || "");
  el.hidden = false;
}
stopped().catch(() => {});
