// The date-format oracle: strings written by the JS engine's own ICU (Intl.DateTimeFormat) in the
// locales and styles the app may show, one per line: `<locale>\t<yyyy-mm-dd>\t<text>`.
// `cargo test` (tests/intl_dates.rs) runs this with node and checks the native parser reads
// every line as exactly that date.
const LOCALES = ["en-US", "en-GB", "zh-CN", "zh-TW", "ja", "de", "it", "es", "es-MX", "fr", "pt-BR"];
const STYLES = ["short", "medium", "long", "full"];
// Deterministic spread over 2000..2026: two days of every month (1..28 or the month's last day).
const dates = [];
let seed = 7;
for (let y = 2000; y <= 2026; y++) {
  for (let m = 1; m <= 12; m++) {
    for (let k = 0; k < 2; k++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
      dates.push([y, m, seed % 3 === 0 ? last : 1 + (seed % 28)]);
    }
  }
}
const out = [];
for (const locale of LOCALES) {
  for (const dateStyle of STYLES) {
    for (const time of [false, true]) {
      const opts = { dateStyle, timeZone: "UTC", ...(time ? { timeStyle: "short" } : {}) };
      const f = new Intl.DateTimeFormat(locale, opts);
      for (const [y, m, d] of dates) {
        const iso = `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
        const text = f.format(new Date(Date.UTC(y, m - 1, d, 12, 42)));
        out.push(`${locale}\t${iso}\t${text.replace(/[\t\n]/g, " ")}`);
      }
    }
  }
}
process.stdout.write(out.join("\n") + "\n");
