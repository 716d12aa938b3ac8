// Issue 12: reminders and tokens know their account; the migration tracker (options, "Tokens")
// lists every token seen across accounts with its resets and open integrations, sorts, filters,
// exports CSV and JSON without any token value, and clears per account.
import assert from "node:assert/strict";
import { test } from "node:test";
import { eachBrowser } from "./lib/harness.mjs";

const PAGE = (who) => `/secure/agency/accountSettings/agency-wsapi-flow.ihtml?fx=account/agency-${who}`;
const SECRETS = ["Zq9acmeXw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg", "Zq9betaXw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg"];
const shadowClick = (sel) => { document.getElementById("ltg-root").shadowRoot.querySelector(sel).click(); return true; };
const storage = (b) => b.execAsync(`() => (globalThis.browser ?? globalThis.chrome).storage.local.get(null)`);

async function visit(b, url, who) {
  await b.goto(url(PAGE(who)));
  await b.waitFor(() => document.querySelectorAll("[data-ltg-token]").length === 2 || null, `${who}: tokens flagged`);
}

eachBrowser("accounts and the migration tracker", (ctx) => {
  test("tokens and reminders record their account; the tracker lists, sorts, filters, exports and clears", async () => {
    const { b, url } = ctx;
    await b.inExtension((api) => api.storage.local.clear());
    await visit(b, url, "acme");
    await visit(b, url, "beta");
    // A reset on Acme's page: the reminder records the account the page shows.
    await visit(b, url, "acme");
    await b.waitFor(() => document.querySelector('[data-ltg-guard="reset-token"]'), "guarded Reset Token");
    await b.click(() => document.querySelector('[data-ltg-guard="reset-token"]'));
    await b.waitFor(() => document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-part="reset-warning"]'), "warning");
    await b.exec(shadowClick, '[data-ltg-action="proceed"]');
    await b.waitFor(() => document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-part="reset-reminder"] [data-ltg-field="name"]'), "reminder");
    await b.exec(() => {
      const sr = document.getElementById("ltg-root").shadowRoot;
      sr.querySelector('[data-ltg-field="name"]').value = "Shopify feed";
      sr.querySelector('[data-ltg-action="add"]').click();
      return true;
    });
    await b.waitFor(() => document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-integration="Shopify feed"]'), "integration added");
    await b.openExtensionPage("options/options.html#tokens");
    const stored = await storage(b);
    const reminder = stored["ltg.resets"].items[0];
    assert.deepEqual(reminder.account, { type: "agency", name: "Acme Media", id: "4242" });
    assert.equal(reminder.token, "Reporting export");
    assert.deepEqual(stored["ltg.tokens"].items.map((t) => [t.account.name, t.name, t.created, t.verdict]).sort(), [
      ["Acme Media", "Catalog sync", "2025-06-30", "current"], ["Acme Media", "Reporting export", "2025-01-05", "legacy"],
      ["Beta Ltd", "Catalog sync", "2025-06-30", "current"], ["Beta Ltd", "Reporting export", "2025-01-05", "legacy"],
    ]);
    for (const s of SECRETS) assert.ok(!JSON.stringify(stored).includes(s), "no token value in storage");

    // The tracker table: four rows; Acme's legacy token with its reset and open integration.
    const rows = () => [...document.querySelectorAll("#tokens-table tbody tr[data-ltg-token-row]")].map((tr) =>
      Object.fromEntries([...tr.cells].map((td) => [td.dataset.col, td.textContent])));
    const all = await b.waitFor(() => {
      const r = [...document.querySelectorAll("#tokens-table tbody tr")];
      return !document.getElementById("panel-tokens").hidden && r.length === 4 ? true : null;
    }, "tracker rows");
    assert.ok(all);
    const acme = (await b.exec(rows)).find((r) => r.account.includes("Acme") && r.name === "Reporting export");
    assert.match(acme.account, /Agency — Acme Media · ID 4242/);
    assert.equal(acme.verdict, "Legacy");
    assert.match(acme.resets, /^\d{4}-\d\d-\d\d reset-token$/);
    assert.equal(acme.open, "Shopify feed");
    // Sort by token name, then descending; filter by text and verdict.
    await b.click(() => document.querySelector('[data-sort="name"]'));
    assert.deepEqual((await b.exec(rows)).map((r) => r.name), ["Catalog sync", "Catalog sync", "Reporting export", "Reporting export"]);
    assert.equal(await b.exec(() => document.querySelector('[data-sort="name"]').parentElement.getAttribute("aria-sort")), "ascending");
    await b.click(() => document.querySelector('[data-sort="name"]'));
    assert.equal((await b.exec(rows))[0].name, "Reporting export");
    await b.exec(() => { const f = document.getElementById("filter"); f.value = "beta"; f.dispatchEvent(new Event("input")); return true; });
    assert.deepEqual((await b.exec(rows)).map((r) => r.account.includes("Beta")), [true, true]);
    await b.exec(() => { const v = document.getElementById("verdict"); v.value = "legacy"; v.dispatchEvent(new Event("change")); return true; });
    assert.equal((await b.exec(rows)).length, 1);
    await b.exec(() => {
      const f = document.getElementById("filter"); f.value = ""; f.dispatchEvent(new Event("input"));
      const v = document.getElementById("verdict"); v.value = ""; v.dispatchEvent(new Event("change"));
      return true;
    });

    // Export: the files the buttons produce (read from the Blob the page hands to the browser).
    const exported = (id) => b.execAsync(`(id) => new Promise((resolve) => {
      const orig = URL.createObjectURL;
      URL.createObjectURL = (blob) => { URL.createObjectURL = orig; blob.text().then(resolve); return orig.call(URL, blob); };
      document.getElementById(id).click();
    })`, id);
    const csv = await exported("export-csv");
    const lines = csv.trim().split(/\r\n/);
    assert.equal(lines[0], "account_type,account_name,account_id,token,created,verdict,first_seen,last_seen,resets,integrations_to_update");
    assert.equal(lines.length, 5);
    assert.ok(lines.some((l) => /^agency,Acme Media,4242,Reporting export,2025-01-05,legacy,.*reset-token.*,Shopify feed$/.test(l)), csv);
    const json = JSON.parse(await exported("export-json"));
    assert.equal(json.tokens.length, 4);
    const row = json.tokens.find((t) => t.account_name === "Acme Media" && t.token === "Reporting export");
    assert.deepEqual(row.integrations_to_update, ["Shopify feed"]);
    assert.equal(row.resets[0].kind, "reset-token");
    for (const s of SECRETS) {
      assert.ok(!csv.includes(s) && !JSON.stringify(json).includes(s), "no token value in the exports");
    }

    // Clear one account (asked first): Beta's rows go, Acme's and the reminders stay.
    await b.exec(() => {
      const sel = document.getElementById("clear-which");
      sel.value = [...sel.options].find((o) => o.textContent.includes("Beta")).value;
      return true;
    });
    await b.exec(() => { setTimeout(() => document.getElementById("clear").click(), 0); return true; });
    for (let i = 0; i < 50 && !(await b.alertText()); i++) await new Promise((r) => setTimeout(r, 100));
    assert.match(await b.alertText(), /Beta Ltd/);
    await b.acceptAlert();
    await b.waitFor(() => document.querySelectorAll("#tokens-table tbody tr").length === 2 || null, "Beta cleared");
    const after = await storage(b);
    assert.ok(after["ltg.tokens"].items.every((t) => t.account.name === "Acme Media"));
    assert.equal(after["ltg.resets"].items.length, 1, "reminders kept");

    // The popup names the reminder's account.
    await b.openExtensionPage("popup/popup.html");
    const who = await b.waitFor(() => document.querySelector("[data-ltg-reminder] .account")?.textContent, "account in the popup");
    assert.equal(who, "Agency — Acme Media · ID 4242");
  });
});
