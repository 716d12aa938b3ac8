// Options: the legacy cut-off date and the guide language, kept in storage.local "ltg.settings".
const api = globalThis.browser ?? globalThis.chrome;
const t = (k, d) => api.i18n.getMessage(k) || d;
for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n, el.textContent);
const KEY = "ltg.settings";
const form = document.getElementById("form");
const custom = document.getElementById("custom");
const msg = document.getElementById("msg");
const PRESETS = ["2025-04-01", "2025-06-01"];

function validDate(s) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && s >= "2015-01-01" && s <= "2030-12-31";
}

async function load() {
  const s = (await api.storage.local.get(KEY))[KEY] || {};
  const cutoff = validDate(s.cutoff) ? s.cutoff : "2025-04-01";
  const preset = PRESETS.includes(cutoff) ? cutoff : "custom";
  form.querySelector(`input[value="${preset}"]`).checked = true;
  custom.value = cutoff;
  document.getElementById("lang").value = s.lang || "auto";
}

form.addEventListener("submit", async (e) => {
  e.preventDefault();
  const preset = form.querySelector('input[name="preset"]:checked')?.value || "2025-04-01";
  const cutoff = preset === "custom" ? custom.value : preset;
  if (!validDate(cutoff)) {
    // Keep what was typed; say what is wrong; save nothing.
    msg.className = "error";
    msg.textContent = t("optionsBadDate", "Please enter a real date between 2015-01-01 and 2030-12-31.");
    return;
  }
  const cur = (await api.storage.local.get(KEY))[KEY] || {};
  await api.storage.local.set({ [KEY]: { ...cur, schema: 1, cutoff, lang: document.getElementById("lang").value } });
  msg.className = "";
  msg.textContent = t("optionsSaved", "Saved.");
});
load();
