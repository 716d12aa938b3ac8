// Options, "Tokens" tab: the migration tracker. Every token seen (ltg.tokens, written by the
// content scripts' flags), joined with the reset reminders (ltg.resets) of the same account and
// token: its resets and the integrations still to update. Sortable, filterable, exported as CSV
// or JSON (for a security review or a migration plan), cleared per account or all. No token
// value is in any of it: names, dates and verdicts only.
(() => {
  const api = LTG.api;
  const $ = (id) => document.getElementById(id);
  const t = LTG.t;

  // ---- tabs (WAI-ARIA tabs: arrows move between them)
  const tabs = [...document.querySelectorAll("[role=tab]")];
  const select = (tab) => {
    for (const x of tabs) {
      const on = x === tab;
      x.setAttribute("aria-selected", String(on));
      x.tabIndex = on ? 0 : -1;
      $(x.getAttribute("aria-controls")).hidden = !on;
    }
  };
  for (const tab of tabs) {
    tab.addEventListener("click", () => select(tab));
    tab.addEventListener("keydown", (e) => {
      const i = tabs.indexOf(tab);
      const next = e.key === "ArrowRight" ? tabs[(i + 1) % tabs.length] : e.key === "ArrowLeft" ? tabs[(i + tabs.length - 1) % tabs.length] : null;
      if (next) {
        e.preventDefault();
        select(next);
        next.focus();
      }
    });
  }
  if (location.hash === "#tokens") select($("tab-tokens"));

  // ---- data
  let state = { rows: [], newer: false };
  let legacyNames = [];
  const norm = (s) => s.normalize("NFKC").toLowerCase().replace(/\s+/g, "");
  const sort = { key: "last", dir: -1 };

  /** Each tracked token with its resets and open integrations (from the reminders). */
  function join(tokens, resets) {
    return tokens.items.map((e) => {
      const key = LTG.accountKey(e.account);
      const legacyCard = legacyNames.includes(norm(e.name));
      const mine = resets.items.filter((r) => r.account && LTG.accountKey(r.account) === key &&
        (r.token === e.name || (legacyCard && ["reset-rw", "reset-ro"].includes(r.kind))));
      const open = [];
      for (const r of mine.filter((r) => !r.dismissed)) {
        for (const i of r.integrations) if (!i.updated) open.push(i.name);
      }
      return {
        ...e, accountLabel: LTG.accountLabel(e.account),
        resets: mine.map((r) => ({ kind: r.kind, at: r.at, token: r.token })),
        open,
      };
    });
  }

  const day = (ms) => (ms ? new Date(ms).toISOString().slice(0, 10) : "");
  const verdictText = (v) => ({ legacy: t("trackerLegacy", "Legacy"), current: t("trackerCurrent", "Current"),
    unknown: t("trackerUnknown", "Date unknown") })[v] ?? v;

  function visible() {
    const q = $("filter").value.trim().toLowerCase();
    const v = $("verdict").value;
    const rows = state.rows.filter((r) => (!v || r.verdict === v) &&
      (!q || `${r.accountLabel} ${r.name} ${r.open.join(" ")}`.toLowerCase().includes(q)));
    const val = (r) => (sort.key === "account" ? r.accountLabel : r[sort.key]);
    return rows.sort((a, b) => {
      const x = val(a);
      const y = val(b);
      return (typeof x === "number" ? x - y : String(x).localeCompare(String(y))) * sort.dir;
    });
  }

  function render() {
    const rows = visible();
    const body = $("tokens-table").tBodies[0];
    body.replaceChildren();
    for (const r of rows) {
      const tr = document.createElement("tr");
      tr.dataset.ltgTokenRow = "";
      const cells = {
        account: r.accountLabel, name: r.name, created: r.created || "—", verdict: verdictText(r.verdict),
        first: day(r.first), last: day(r.last),
        resets: r.resets.map((x) => `${day(x.at)} ${x.kind}`).join("; "),
        open: r.open.join("; "),
      };
      for (const [col, text] of Object.entries(cells)) {
        const td = document.createElement("td");
        td.dataset.col = col;
        td.textContent = text;
        if (col === "verdict") td.className = `v-${r.verdict}`;
        tr.append(td);
      }
      body.append(tr);
    }
    $("tracker-count").textContent = t("trackerCount", "$1 of $2 tokens shown.", [rows.length, state.rows.length]);
    for (const th of document.querySelectorAll("#tokens-table th[aria-sort]")) {
      const k = th.querySelector("[data-sort]").dataset.sort;
      th.setAttribute("aria-sort", k === sort.key ? (sort.dir > 0 ? "ascending" : "descending") : "none");
    }
    $("tracker-newer").hidden = !state.newer;
    $("clear").disabled = state.newer || state.rows.length === 0;
    // The accounts to clear one by one.
    const which = $("clear-which");
    const keep = which.value;
    while (which.options.length > 1) which.remove(1);
    const seen = new Map();
    for (const r of state.rows) seen.set(LTG.accountKey(r.account), r.accountLabel);
    for (const [k, label] of seen) which.add(new Option(label, k));
    which.value = [...seen.keys()].includes(keep) ? keep : "";
  }

  async function load() {
    const { tokens, resets } = await LTG.read();
    state = { rows: join(tokens, resets), newer: tokens.newer };
    render();
  }

  // ---- export: what the table shows (filter and order), never a value
  const FIELDS = ["account_type", "account_name", "account_id", "token", "created", "verdict",
    "first_seen", "last_seen", "resets", "integrations_to_update"];
  const record = (r) => ({
    account_type: r.account.type, account_name: r.account.name, account_id: r.account.id, token: r.name,
    created: r.created, verdict: r.verdict, first_seen: new Date(r.first).toISOString(),
    last_seen: new Date(r.last).toISOString(),
    resets: r.resets.map((x) => ({ kind: x.kind, at: new Date(x.at).toISOString() })),
    integrations_to_update: r.open,
  });
  // A spreadsheet must not take a cell for a formula (=, +, -, @ first): such cells get a quote.
  const cell = (v) => {
    let s = Array.isArray(v) ? v.map((x) => (typeof x === "object" ? `${x.at.slice(0, 10)} ${x.kind}` : x)).join("; ") : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  function download(name, type, text) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }
  const stamp = () => new Date().toISOString().slice(0, 10);
  $("export-csv").addEventListener("click", () => {
    const lines = [FIELDS.join(",")];
    for (const r of visible().map(record)) lines.push(FIELDS.map((f) => cell(r[f])).join(","));
    download(`legacy-tokens-${stamp()}.csv`, "text/csv", `${lines.join("\r\n")}\r\n`);
  });
  $("export-json").addEventListener("click", () => {
    const out = { exported: new Date().toISOString(), tool: "Legacy Token Guide", tokens: visible().map(record) };
    download(`legacy-tokens-${stamp()}.json`, "application/json", `${JSON.stringify(out, null, 2)}\n`);
  });

  // ---- sort, filter, clear
  for (const b of document.querySelectorAll("[data-sort]")) {
    b.addEventListener("click", () => {
      sort.dir = sort.key === b.dataset.sort ? -sort.dir : 1;
      sort.key = b.dataset.sort;
      render();
    });
  }
  $("filter").addEventListener("input", render);
  $("verdict").addEventListener("change", render);
  $("clear").addEventListener("click", async () => {
    const which = $("clear-which").value;
    const label = which ? $("clear-which").selectedOptions[0].textContent : t("trackerAllAccounts", "All accounts");
    if (!confirm(t("trackerClearAsk", "Remove the tracked tokens of: $1? Reset reminders are kept.", [label]))) return;
    const raw = (await api.storage.local.get(LTG.KEYS.tokens))[LTG.KEYS.tokens];
    const cur = LTG.tokens(raw);
    if (cur.newer) return;
    const items = which ? (raw?.items ?? []).filter((x) => LTG.accountKey(LTG.account(x?.account)) !== which) : [];
    await api.storage.local.set({ [LTG.KEYS.tokens]: { ...(raw && typeof raw === "object" ? raw : {}), schema: 1, items } });
  });
  api.storage.onChanged.addListener((c, area) => {
    if (area === "local" && (LTG.KEYS.tokens in c || LTG.KEYS.resets in c)) load();
  });

  fetch(api.runtime.getURL("guides/pack.json")).then((r) => r.json())
    .then((p) => { legacyNames = (p.labels?.["legacy-account-tokens"] ?? []).map(norm); })
    .catch(() => {})
    .finally(load);
})();
