// Blind fixtures for the token flags (tests/e2e/fixtures/blind/flags/, see its README.md):
// pages written from DOMAIN.md and the public DOM contract only, without reading src/ or the
// other fixtures. Each element a page marks `data-fx-token="<id>"` is a token's element; the
// verdicts live in PAGES below. For each page and browser: wait until every expected token is
// flagged, let re-renders settle, then check the verdict, the created date, exactly one badge per
// token, and that nothing else (containers, filters, headers) got flagged.
import assert from "node:assert/strict";
import { test } from "node:test";
import { eachBrowser } from "./lib/harness.mjs";

const AGENCY = "/secure/agency/accountSettings/agency-wsapi-flow.ihtml?execution=e1s1";
const PARTNER = "/secure/mediapartner/accountSettings/mp-wsapi-flow.ihtml?execution=e2s1";
const BRAND = "/secure/advertiser/accountSettings/techintegration/adv-wsapi-table-flow.ihtml?execution=e3s1";

const L = (created = null) => ({ kind: "legacy", created });
const C = (created) => ({ kind: "current", created });
const U = () => ({ kind: "unknown", created: null });

/** page → { path, tokens: { id: { kind, created } }, frame?, shadow? }. `created` is a
 * YYYY-MM-DD string, null (attribute absent), or an array of acceptable values (one case where
 * DOMAIN.md leaves it open, see the README). */
const PAGES = {
  "cards-en": { path: AGENCY, tokens: {
    legacy: L(), "feed-sync": C("2025-06-30"), nightly: L("2025-01-05"), "bi-dash": U(),
    payouts: L("2025-03-03"), "old-crm": L("2024-05-08"),
  } },
  "legacy-zh": { path: AGENCY, tokens: {
    legacy: L(), shop: C("2025-06-30"), report: L("2025-01-05"), bi: U(),
  } },
  "late-zh": { path: BRAND, tokens: {
    legacy: L(), catalog: C("2025-07-14"), orders: L("2024-12-20"), tmp: U(),
  } },
  "list-ja": { path: PARTNER, tokens: {
    legacy: L(), shop: C("2025-06-30"), report: L("2025-01-05"), bi: U(), payout: L("2025-03-03"),
  } },
  "legacy-ja": { path: AGENCY, tokens: {
    legacy: L("2024-11-03"), feed: C("2025-06-30"), tmp: U(),
  } },
  "table-de": { path: BRAND, tokens: {
    legacy: L(), shop: L("2025-01-05"), catalog: C("2025-06-30"), script: L("2024-05-08"), test: U(),
  } },
  "legacy-de": { path: AGENCY, tokens: {
    legacy: L(["2025-05-12", null]), export: L("2025-01-05"), feed: C("2025-07-01"), bi: U(),
  } },
  "grid-it": { path: BRAND, tokens: {
    legacy: L("2024-11-03"), shop: L("2025-01-05"), catalog: C("2025-06-30"), feed: C("2025-05-27"),
    test: U(),
  } },
  "dl-es": { path: PARTNER, tokens: {
    sync: L("2025-01-05"), catalog: C("2025-06-30"), bi: U(), script: L("2025-03-13"),
  } },
  "textnode-es": { path: PARTNER, tokens: {
    sync: L("2025-01-05"), catalog: C("2025-07-02"), bi: U(), orders: L("2025-03-20"),
  } },
  "shadow-fr": { path: BRAND, shadow: true, tokens: {
    shop: L("2025-01-05"), catalog: C("2025-06-30"), bi: U(), orders: L("2025-03-03"),
  } },
  "frame-ptbr": { path: PARTNER, frame: true, tokens: {
    shop: L("2025-01-05"), catalog: C("2025-06-30"), bi: U(), feed: C("2025-05-27"),
  } },
  "rerender-en-gb": { path: AGENCY, tokens: {
    legacy: L(), sync: L("2025-01-05"), catalog: C("2025-06-30"), feed: C("2025-05-27"),
    script: L("2025-03-13"), bi: U(),
  } },
  "filter-en": { path: BRAND, tokens: {
    legacy: L(), shop: C("2025-06-30"), catalog: C("2025-07-14"), feed: C("2025-08-05"), bi: U(),
  } },
  "legacy-rows-en": { path: PARTNER, tokens: {
    legacy: L("2024-11-03"), shop: C("2025-06-30"), export: L("2025-01-05"), bi: U(),
  } },
};

/** Runs in the page: what the flags look like in this document and all its open shadow roots
 * (except the extension's own UI host and badge hosts). Self-contained (it is serialised). */
function READ(ids) {
  const roots = [];
  const walk = (root) => {
    roots.push(root);
    for (const el of root.querySelectorAll("*")) {
      if (el.shadowRoot && el.id !== "ltg-root" && !el.hasAttribute("data-ltg-part")) walk(el.shadowRoot);
    }
  };
  walk(document);
  const desc = (el) => ({
    tag: el.tagName.toLowerCase(), cls: el.getAttribute("class"), role: el.getAttribute("role"),
    kind: el.getAttribute("data-ltg-token"), created: el.getAttribute("data-ltg-created"),
    text: (el.textContent || "").replace(/\s+/g, " ").trim().slice(0, 100),
  });
  const flagged = roots.flatMap((r) => [...r.querySelectorAll("[data-ltg-token]")]);
  const tokens = {};
  const fxIds = [];
  for (const r of roots) {
    for (const el of r.querySelectorAll("[data-fx-token]")) {
      const id = el.getAttribute("data-fx-token");
      fxIds.push(id);
      const badges = [...el.querySelectorAll('[data-ltg-part="token-badge"]')];
      tokens[id] = {
        kind: el.getAttribute("data-ltg-token"),
        created: el.getAttribute("data-ltg-created"),
        badges: badges.length,
        badgeKinds: badges.map((b) => b.getAttribute("data-ltg-token-kind")),
        badgeTexts: badges.map((b) => b.getAttribute("data-ltg-text")),
        inShadow: el.getRootNode() !== document,
      };
    }
  }
  const root = document.documentElement;
  return {
    ready: ids.every((id) => tokens[id] && tokens[id].kind !== null),
    tokens,
    fxIds: fxIds.sort(),
    total: flagged.length,
    stray: flagged.filter((el) => !el.hasAttribute("data-fx-token")).map(desc),
    error: root.getAttribute("data-ltg-error"),
    core: root.getAttribute("data-ltg-core"),
    flagCount: root.getAttribute("data-ltg-flag-count"),
  };
}
const READY = `(ids) => (${READ})(ids).ready`;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Wait until every expected token is flagged (then the flags must hold still: two reads 300 ms
 * apart equal, at least 600 ms after the first flagged read). */
async function flaggedAndSettled(b, name, ids) {
  try {
    await b.waitFor(READY, `${name}: every expected token flagged`, 8000, ids);
  } catch (e) {
    const seen = await b.exec(READ, ids).catch((err) => String(err));
    assert.fail(`${name}: not every expected token got data-ltg-token within 8 s; seen: ${JSON.stringify(seen)} (${e.message})`);
  }
  const key = (s) => JSON.stringify([s.tokens, s.total, s.stray]);
  let prev = await b.exec(READ, ids);
  const t0 = Date.now();
  for (;;) {
    await sleep(300);
    const cur = await b.exec(READ, ids);
    if ((key(cur) === key(prev) && Date.now() - t0 >= 600) || Date.now() - t0 > 6000) return cur;
    prev = cur;
  }
}

async function checkPage(ctx, name, spec, { csp = false } = {}) {
  const { b, url } = ctx;
  const ids = Object.keys(spec.tokens);
  await b.goto(url(`${spec.path}&fx=blind/flags/${name}${csp ? "&csp=strict" : ""}`));
  if (spec.frame) await b.switchToFrame(() => document.querySelector("iframe"));
  let snap;
  try {
    snap = await flaggedAndSettled(b, name, ids);
  } finally {
    if (spec.frame) await b.switchToTop();
  }
  const seen = JSON.stringify(snap);
  // Fixture sanity: the page marks exactly the ids of the table, once each.
  assert.deepEqual(snap.fxIds, [...ids].sort(), `${name}: fixture ids differ from the table; seen ${seen}`);
  for (const [id, exp] of Object.entries(spec.tokens)) {
    const got = snap.tokens[id];
    const msg = `${name} / ${id}: expected ${JSON.stringify(exp)}, got ${JSON.stringify(got)}; page: ${seen}`;
    assert.equal(got.kind, exp.kind, msg);
    if (Array.isArray(exp.created)) assert.ok(exp.created.includes(got.created), msg);
    else assert.equal(got.created, exp.created, msg);
    assert.equal(got.badges, 1, `exactly one badge: ${msg}`);
    assert.deepEqual(got.badgeKinds, [exp.kind], `badge kind: ${msg}`);
    assert.equal(got.inShadow, !!spec.shadow, `token ${spec.shadow ? "in" : "outside"} a shadow root: ${msg}`);
  }
  assert.deepEqual(snap.stray, [], `${name}: elements flagged that are no token's element: ${seen}`);
  assert.equal(snap.total, ids.length, `${name}: number of flagged elements; seen ${seen}`);
  assert.equal(snap.error, null, `${name}: data-ltg-error on the document: ${seen}`);
  if (spec.frame) {
    // The top document of a frame page holds no token: nothing flagged there, no error.
    const top = await b.exec(READ, []);
    assert.equal(top.total, 0, `${name}: flagged in the top document: ${JSON.stringify(top)}`);
    assert.equal(top.error, null, `${name}: data-ltg-error on the top document: ${JSON.stringify(top)}`);
  }
}

eachBrowser("token flags on blind fixtures", (ctx) => {
  for (const [name, spec] of Object.entries(PAGES)) {
    const n = Object.keys(spec.tokens).length;
    const where = spec.frame ? " (in an iframe)" : spec.shadow ? " (in an open shadow root)" : "";
    test(`blind page ${name}: ${n} tokens flagged with the right verdicts and dates${where}, one badge each, nothing else flagged`, async () => {
      await checkPage(ctx, name, spec);
    });
  }

  test("blind page cards-en under the strict CSP: same verdicts", async () => {
    await checkPage(ctx, "cards-en", PAGES["cards-en"], { csp: true });
  });

  test("blind page rerender-en-gb under the strict CSP: same verdicts after the list re-renders", async () => {
    await checkPage(ctx, "rerender-en-gb", PAGES["rerender-en-gb"], { csp: true });
  });
});
