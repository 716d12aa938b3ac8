// Options: the legacy cut-off date, the guide language and secret masking, kept in
// storage.local "ltg.settings".
const api = LTG.api;
const t = LTG.t;
LTG.localise();
const KEY = LTG.KEYS.settings;
const form = document.getElementById("form");
const custom = document.getElementById("custom");
const msg = document.getElementById("msg");
const PRESETS = ["2025-04-01", "2025-06-01"];

const validDate = LTG.validDate;
let newer = false;

async function load() {
  const { settings } = await LTG.read();
  const cutoff = settings.cutoff;
  const preset = PRESETS.includes(cutoff) ? cutoff : "custom";
  form.querySelector(`input[value="${preset}"]`).checked = true;
  custom.value = cutoff;
  const lang = document.getElementById("lang");
  lang.value = settings.lang;
  if (lang.value !== settings.lang) lang.value = "auto";
  document.getElementById("mask").checked = settings.mask;
  // Settings of a newer version: shown, never rewritten in our older shape.
  newer = settings.newer;
  document.getElementById("newer").hidden = !newer;
  form.querySelector('button[type="submit"]').disabled = newer;
}

form.addEventListener("submit", async (e) => {
  e.preventDefault();
  if (newer) return;
  const preset = form.querySelector('input[name="preset"]:checked')?.value || "2025-04-01";
  const cutoff = preset === "custom" ? custom.value : preset;
  if (!validDate(cutoff)) {
    // Keep what was typed; say what is wrong; save nothing.
    msg.className = "error";
    msg.textContent = t("optionsBadDate", "Please enter a real date between 2015-01-01 and 2030-12-31.");
    return;
  }
  const cur = LTG.settings((await api.storage.local.get(KEY))[KEY]);
  if (cur.newer) return;
  try {
    await api.storage.local.set({ [KEY]: { ...cur.raw, schema: LTG.SCHEMA, cutoff, lang: document.getElementById("lang").value,
      mask: document.getElementById("mask").checked } });
  } catch (err) {
    // Not saved (e.g. storage full): say so; what was chosen stays on the page.
    msg.className = "error";
    msg.textContent = `${t("optionsNotSaved", "Not saved:")} ${err?.message ?? err}`;
    return;
  }
  msg.className = "";
  msg.textContent = t("optionsSaved", "Saved.");
});
load();
