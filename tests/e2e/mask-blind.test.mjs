// Blind fixtures for secret masking (tests/e2e/fixtures/blind/mask/, see its README.md): pages
// written from DOMAIN.md and the public DOM contract only, without reading src/ or the other
// fixtures. Each element a page marks `data-fx-secret="<id>"` holds an Auth Token value and must
// carry data-ltg-mask="hidden" with one [data-ltg-part="mask-reveal"] control as its next element
// sibling; each `data-fx-plain="<id>"` (Account SID values, token names, dates, headings and help
// prose naming the Auth Token) must carry no data-ltg-mask, and neither may anything else.
import assert from "node:assert/strict";
import { test } from "node:test";
import { eachBrowser } from "./lib/harness.mjs";

const AGENCY = "/secure/agency/accountSettings/agency-wsapi-flow.ihtml?execution=e1s1";
const PARTNER = "/secure/mediapartner/accountSettings/mp-wsapi-flow.ihtml?execution=e2s1";
const BRAND = "/secure/advertiser/accountSettings/techintegration/adv-wsapi-table-flow.ihtml?execution=e3s1";

const PAIR = ["sid-rw", "sid-ro", "created-rw", "created-ro"];

/** page → { path, secrets (first one is the one whose reveal control gets clicked), plain,
 * shadow? (values inside an open shadow root), frame? (values inside the page's iframe),
 * show? (ids whose app "Show" button must be clicked first), explicit? (store { mask: true }
 * instead of relying on the default) }. */
const PAGES = {
  "dl-en": { path: AGENCY, secrets: ["rw", "ro"], plain: [...PAIR, "name-rw", "name-ro"] },
  "table-de": { path: BRAND, secrets: ["rw", "ro"], plain: [...PAIR, "help"], explicit: true },
  "spans-zh": { path: AGENCY, secrets: ["rw", "ro"], plain: PAIR },
  "code-ja": { path: PARTNER, secrets: ["rw", "ro"], plain: PAIR, explicit: true },
  "input-es": { path: PARTNER, secrets: ["rw", "ro"], plain: [...PAIR, "name-rw"] },
  "shadow-fr": { path: BRAND, secrets: ["rw", "ro"], plain: PAIR, shadow: true, explicit: true },
  "frame-ptbr": { path: PARTNER, secrets: ["rw", "ro"], plain: PAIR, frame: true },
  "late-it": { path: AGENCY, secrets: ["rw", "ro"], plain: PAIR, explicit: true },
  "show-en-gb": { path: AGENCY, secrets: ["rw", "ro"], plain: PAIR, show: ["rw", "ro"] },
  "heading-en": { path: BRAND, secrets: ["rw", "ro"], explicit: true, plain: [
    ...PAIR, "name-rw", "name-ro", "crumb-name", "heading", "hint", "help-1", "help-2", "help-3",
    "help-word", "help-word-2", "help-link", "help-code", "heading-reset", "help-reset", "reset-button",
  ] },
};

/** Runs in the page: the masking state of this document and its open shadow roots (except the
 * extension's own UI host and its controls). Self-contained (it is serialised). */
function READ() {
  const roots = [];
  const walk = (root) => {
    roots.push(root);
    for (const el of root.querySelectorAll("*")) {
      if (el.shadowRoot && el.id !== "ltg-root" && !el.hasAttribute("data-ltg-part")) walk(el.shadowRoot);
    }
  };
  walk(document);
  const all = (sel) => roots.flatMap((r) => [...r.querySelectorAll(sel)]);
  const desc = (el) => ({
    tag: el.tagName.toLowerCase(), cls: el.getAttribute("class"),
    fx: el.getAttribute("data-fx-secret") ?? el.getAttribute("data-fx-plain"),
    mask: el.getAttribute("data-ltg-mask"), part: el.getAttribute("data-ltg-part"),
    prev: el.previousElementSibling ? el.previousElementSibling.tagName.toLowerCase() : null,
    text: (el.value !== undefined && el.tagName === "INPUT" ? `[input] ${el.value}` : el.textContent || "")
      .replace(/\s+/g, " ").trim().slice(0, 80),
  });
  const isReveal = (el) => !!el && el.getAttribute("data-ltg-part") === "mask-reveal";
  const secrets = {};
  const secretIds = [];
  for (const el of all("[data-fx-secret]")) {
    const id = el.getAttribute("data-fx-secret");
    secretIds.push(id);
    const next = el.nextElementSibling;
    const rev = isReveal(next) ? next : null;
    secrets[id] = {
      mask: el.getAttribute("data-ltg-mask"),
      revealNext: !!rev,
      next: next ? desc(next) : null,
      pressed: rev ? rev.getAttribute("aria-pressed") : null,
      role: rev ? rev.getAttribute("role") ?? (rev.tagName === "BUTTON" ? "button" : null) : null,
      focusable: rev ? rev.tabIndex >= 0 && !rev.disabled && !rev.hasAttribute("disabled") : null,
      inShadow: el.getRootNode() !== document,
    };
  }
  const plain = {};
  const plainIds = [];
  for (const el of all("[data-fx-plain]")) {
    const id = el.getAttribute("data-fx-plain");
    plainIds.push(id);
    plain[id] = el.getAttribute("data-ltg-mask");
  }
  const masked = all("[data-ltg-mask]");
  const reveals = all('[data-ltg-part="mask-reveal"]');
  return {
    secrets,
    plain,
    secretIds: secretIds.sort(),
    plainIds: plainIds.sort(),
    masked: masked.length,
    stray: masked.filter((el) => !el.hasAttribute("data-fx-secret")).map(desc),
    reveals: reveals.length,
    misplaced: reveals.filter((r) => !r.previousElementSibling?.hasAttribute("data-fx-secret")).map(desc),
    error: document.documentElement.getAttribute("data-ltg-error"),
  };
}

/** Runs in the page: the element marked data-fx-secret=id (document or open shadow roots). */
function FIND(id) {
  const look = (root) => {
    const hit = root.querySelector(`[data-fx-secret="${id}"]`);
    if (hit) return hit;
    for (const el of root.querySelectorAll("*")) {
      if (el.shadowRoot && el.id !== "ltg-root" && !el.hasAttribute("data-ltg-part")) {
        const found = look(el.shadowRoot);
        if (found) return found;
      }
    }
    return null;
  };
  return look(document);
}
const READY = `(ids) => { const s = (${READ})(); return ids.every((id) => s.secrets[id] && s.secrets[id].mask === "hidden"); }`;
const REVEAL_OF = `(id) => { const el = (${FIND})(id); const n = el && el.nextElementSibling;
  return n && n.getAttribute("data-ltg-part") === "mask-reveal" ? n : null; }`;
const STATE = `(id, want) => { const el = (${FIND})(id); const n = el && el.nextElementSibling;
  return !!el && el.getAttribute("data-ltg-mask") === want && !!n &&
    n.getAttribute("data-ltg-part") === "mask-reveal" &&
    n.getAttribute("aria-pressed") === (want === "shown" ? "true" : "false"); }`;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function setMask(b, settings) {
  await b.inExtension(async (api, s) => {
    await api.storage.local.clear();
    if (s) await api.storage.local.set({ "ltg.settings": s });
  }, settings);
}

/** Wait until every secret is masked (hidden), then until the state holds still: two reads
 * 300 ms apart equal, at least 600 ms after the first masked read. */
async function maskedAndSettled(b, name, ids) {
  try {
    await b.waitFor(READY, `${name}: every Auth Token value (${ids.join(", ")}) carries data-ltg-mask="hidden"`, 8000, ids);
  } catch (e) {
    const seen = await b.exec(READ).catch((err) => String(err));
    assert.fail(`${name}: not every Auth Token value got data-ltg-mask="hidden" within 8 s; seen: ${JSON.stringify(seen)} (${e.message})`);
  }
  const key = (s) => JSON.stringify([s.secrets, s.plain, s.stray, s.reveals, s.misplaced]);
  let prev = await b.exec(READ);
  const t0 = Date.now();
  for (;;) {
    await sleep(300);
    const cur = await b.exec(READ);
    if ((key(cur) === key(prev) && Date.now() - t0 >= 600) || Date.now() - t0 > 6000) return cur;
    prev = cur;
  }
}

/** The app's own "Show" buttons: wait for the page script, give the extension time to see the
 * bullet placeholders, then click each (a real click) and wait for the app's new value element. */
async function pressShow(b, name, ids) {
  await b.waitFor(() => document.documentElement.getAttribute("data-fx-ready") === "1",
    `${name}: the app's Show/Hide script is ready`, 8000);
  await sleep(700);
  for (const id of ids) {
    await b.click(`(id) => document.querySelector('[data-fx-show="' + id + '"]')`, id);
    await b.waitFor((id) => !!document.querySelector(`[data-fx-secret="${id}"]`),
      `${name}: the app replaced the "${id}" placeholder by the value after its Show button was clicked`, 5000, id);
  }
}

function checkSnapshot(name, spec, snap) {
  const seen = JSON.stringify(snap);
  // Fixture sanity: the page marks exactly the ids of the table, once each.
  assert.deepEqual(snap.secretIds, [...spec.secrets].sort(), `${name}: fixture secret ids differ from the table; seen ${seen}`);
  assert.deepEqual(snap.plainIds, [...spec.plain].sort(), `${name}: fixture plain ids differ from the table; seen ${seen}`);
  for (const id of spec.secrets) {
    const s = snap.secrets[id];
    const msg = `${name} / secret ${id}: ${JSON.stringify(s)}; page: ${seen}`;
    assert.equal(s.mask, "hidden", `covered (data-ltg-mask="hidden"): ${msg}`);
    assert.ok(s.revealNext, `its next element sibling is a [data-ltg-part="mask-reveal"] control: ${msg}`);
    assert.equal(s.role, "button", `the reveal control has role button: ${msg}`);
    assert.ok(s.focusable, `the reveal control is keyboard focusable: ${msg}`);
    assert.equal(s.pressed, "false", `the reveal control has aria-pressed="false" while hidden: ${msg}`);
    assert.equal(s.inShadow, !!spec.shadow, `value ${spec.shadow ? "in" : "outside"} a shadow root: ${msg}`);
  }
  for (const id of spec.plain) {
    assert.equal(snap.plain[id], null, `${name} / ${id} must not be masked (it is no Auth Token value); page: ${seen}`);
  }
  assert.deepEqual(snap.stray, [], `${name}: elements masked that hold no Auth Token value: ${seen}`);
  assert.equal(snap.masked, spec.secrets.length, `${name}: number of masked elements; seen ${seen}`);
  assert.equal(snap.reveals, spec.secrets.length, `${name}: exactly one reveal control per Auth Token value; seen ${seen}`);
  assert.deepEqual(snap.misplaced, [], `${name}: reveal controls not right after a value: ${seen}`);
  assert.equal(snap.error, null, `${name}: data-ltg-error on the document: ${seen}`);
}

/** Click the first value's reveal control: shown / aria-pressed true, the others stay hidden;
 * click again: hidden / aria-pressed false. */
async function revealToggle(b, name, spec) {
  const [first, ...rest] = spec.secrets;
  for (const [want, step] of [["shown", "after one click on its reveal control"], ["hidden", "after a second click on its reveal control"]]) {
    await b.click(REVEAL_OF, first);
    try {
      await b.waitFor(STATE, `${name}: value ${first} ${want} (data-ltg-mask="${want}", aria-pressed=${want === "shown"}) ${step}`, 3000, first, want);
    } catch (e) {
      const seen = await b.exec(READ).catch((err) => String(err));
      assert.fail(`${name}: value ${first} not ${want} ${step}; seen: ${JSON.stringify(seen)} (${e.message})`);
    }
    const snap = await b.exec(READ);
    const seen = JSON.stringify(snap);
    for (const id of rest) {
      assert.equal(snap.secrets[id]?.mask, "hidden", `${name}: value ${id} stays hidden when ${first} is toggled (${step}); seen ${seen}`);
      assert.equal(snap.secrets[id]?.pressed, "false", `${name}: ${id}'s control stays unpressed (${step}); seen ${seen}`);
    }
    assert.deepEqual(snap.stray, [], `${name}: nothing else masked ${step}; seen ${seen}`);
    assert.equal(snap.reveals, spec.secrets.length, `${name}: still one reveal control per value ${step}; seen ${seen}`);
    assert.deepEqual(snap.misplaced, [], `${name}: reveal controls still right after their values ${step}; seen ${seen}`);
  }
}

async function checkPage(ctx, name, spec, { csp = false } = {}) {
  const { b, url } = ctx;
  await setMask(b, spec.explicit ? { mask: true } : null);
  await b.goto(url(`${spec.path}&fx=blind/mask/${name}${csp ? "&csp=strict" : ""}`));
  if (spec.show) await pressShow(b, name, spec.show);
  if (spec.frame) await b.switchToFrame(() => document.querySelector("iframe"));
  try {
    const snap = await maskedAndSettled(b, name, spec.secrets);
    checkSnapshot(name, spec, snap);
    await revealToggle(b, name, spec);
  } finally {
    if (spec.frame) await b.switchToTop();
  }
  if (spec.frame) {
    // The top document holds no value: nothing masked there, no reveal control, no error.
    const top = await b.exec(READ);
    const seen = JSON.stringify(top);
    assert.equal(top.masked, 0, `${name}: masked elements in the top document: ${seen}`);
    assert.equal(top.reveals, 0, `${name}: reveal controls in the top document: ${seen}`);
    assert.equal(top.plain["top-help"], null, `${name}: the top page's help text is not masked: ${seen}`);
    assert.equal(top.error, null, `${name}: data-ltg-error on the top document: ${seen}`);
  }
  await b.screenshot(`mask-blind-${name}${csp ? "-csp" : ""}`);
}

eachBrowser("secret masking on blind fixtures", (ctx) => {
  for (const [name, spec] of Object.entries(PAGES)) {
    const where = spec.frame ? " (in an iframe)" : spec.shadow ? " (in an open shadow root)"
      : spec.show ? " (after the app's Show button)" : name.startsWith("late") ? " (rendered 1 s after load)" : "";
    test(`blind page ${name}: each Auth Token value hidden with one reveal control${where}, nothing else masked, reveal toggles`, async () => {
      await checkPage(ctx, name, spec);
    });
  }

  test("blind page dl-en under the strict CSP: same masking", async () => {
    await checkPage(ctx, "dl-en", PAGES["dl-en"], { csp: true });
  });

  test("blind page show-en-gb under the strict CSP: values masked after the app's Show button", async () => {
    await checkPage(ctx, "show-en-gb", PAGES["show-en-gb"], { csp: true });
  });

  test("setting off ({ mask: false }): blind page dl-en has no data-ltg-mask and no reveal control", async () => {
    const { b, url } = ctx;
    await setMask(b, { mask: false });
    await b.goto(url(`${AGENCY}&fx=blind/mask/dl-en`));
    await b.waitFor(() => document.readyState === "complete" && document.querySelectorAll("[data-fx-secret]").length === 2,
      "dl-en (mask off): page loaded with its two Auth Token values", 8000);
    // (Added after review: the core must be running, so "nothing masked" is its decision.)
    await b.waitFor(() => document.documentElement.getAttribute("data-ltg-core") === "wasm" || null,
      "dl-en (mask off): the core runs on the page", 8000);
    await sleep(1500);
    const snap = await b.exec(READ);
    const seen = JSON.stringify(snap);
    assert.deepEqual(snap.secretIds, ["ro", "rw"], `dl-en (mask off): fixture values present; seen ${seen}`);
    assert.equal(snap.masked, 0, `dl-en (mask off): no element carries data-ltg-mask; seen ${seen}`);
    assert.equal(snap.reveals, 0, `dl-en (mask off): no [data-ltg-part="mask-reveal"]; seen ${seen}`);
    assert.equal(snap.error, null, `dl-en (mask off): data-ltg-error on the document: ${seen}`);
  });
});
