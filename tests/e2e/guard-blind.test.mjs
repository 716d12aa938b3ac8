// Blind fixtures for the reset guard (tests/e2e/fixtures/blind/guard/, see its README.md): pages
// written from DOMAIN.md and the public DOM contract only, without reading src/, extension/ or the
// other fixtures. Each page is a small model of an app menu whose reset item acts on ONE kind of
// event (click, pointerup, mouseup, keyup, keydown on an aria-activedescendant menu, click inside
// a shadow root, click in an iframe) and records on <html> what the APP did:
//   data-fx-ready="1", data-fx-reset-count (resets performed), data-fx-reset-log (token names).
// For each page and browser: activate the reset item the way its app expects → the extension's
// warning appears and the app did nothing → Cancel → still nothing → activate again → "Reset
// anyway" → the app resets EXACTLY ONCE, the intended token; never data-ltg-error.
import assert from "node:assert/strict";
import { test } from "node:test";
import { eachBrowser } from "./lib/harness.mjs";

const AGENCY = "/secure/agency/accountSettings/agency-wsapi-flow.ihtml?execution=e1s1";
const PARTNER = "/secure/mediapartner/accountSettings/mp-wsapi-flow.ihtml?execution=e2s1";
const BRAND = "/secure/advertiser/accountSettings/techintegration/adv-wsapi-table-flow.ihtml?execution=e3s1";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Page functions (serialised into the page: self-contained, composed as source strings).

/** The element a query names: `{ sel, host?, visible? }` — `host` is a CSS selector of a custom
 * element whose OPEN shadow root holds the element; `visible` keeps rendered elements only. */
function ITEM(q) {
  let scope = document;
  if (q.host) {
    scope = document.querySelector(q.host)?.shadowRoot;
    if (!scope) return null;
  }
  const vis = (el) => el.getClientRects().length > 0;
  return [...scope.querySelectorAll(q.sel)].find((el) => !q.visible || vis(el)) ?? null;
}

/** Everything the tests look at, for assertions and failure messages. */
function STATE() {
  const r = document.documentElement;
  const host = document.getElementById("ltg-root");
  const sr = host?.shadowRoot ?? null;
  const w = sr?.querySelector('[data-ltg-part="reset-warning"]') ?? null;
  const vis = (el) => !!el && el.isConnected && el.getClientRects().length > 0;
  const guards = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll("*")) {
      if (el.hasAttribute("data-ltg-guard")) {
        guards.push({ tag: el.tagName.toLowerCase(), guard: el.getAttribute("data-ltg-guard"),
          text: (el.textContent || "").replace(/\s+/g, " ").trim().slice(0, 50),
          token: el.getAttribute("data-token"), visible: vis(el), inShadow: root !== document });
      }
      if (el.shadowRoot && el !== host) walk(el.shadowRoot);
    }
  };
  walk(document);
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return {
    ready: r.getAttribute("data-fx-ready"),
    count: r.getAttribute("data-fx-reset-count"),
    log: r.getAttribute("data-fx-reset-log"),
    confirmShown: r.getAttribute("data-fx-confirm-shown"),
    renders: r.getAttribute("data-fx-renders"),
    trace: r.getAttribute("data-fx-trace"),
    core: r.getAttribute("data-ltg-core"),
    error: r.getAttribute("data-ltg-error"),
    ltgRoot: host ? { shadow: !!sr } : null,
    warning: w ? {
      open: vis(w), kind: w.getAttribute("data-ltg-guard"), role: w.getAttribute("role"),
      cancel: !!(w.querySelector('[data-ltg-action="cancel"]') ?? sr.querySelector('[data-ltg-action="cancel"]')),
      proceed: !!(w.querySelector('[data-ltg-action="proceed"]') ?? sr.querySelector('[data-ltg-action="proceed"]')),
    } : null,
    guards,
    active: active ? `${active.tagName.toLowerCase()}${active.id ? `#${active.id}` : ""} ${(active.getAttribute("role") || "")} ${(active.textContent || "").trim().slice(0, 30)}` : null,
  };
}

const WARNING_OPEN = `() => { const w = (${STATE})().warning; return w && w.open ? w : null; }`;
const WARNING_CLOSED = `() => { const w = (${STATE})().warning; return !w || !w.open; }`;
/** The reset item's data-ltg-guard once it is visible and marked, else null. */
const GUARDED = `(q) => { const el = (${ITEM})({ ...q, visible: true });
  return el && el.hasAttribute("data-ltg-guard") ? el.getAttribute("data-ltg-guard") : null; }`;
const IS_VISIBLE = `(q) => !!(${ITEM})({ ...q, visible: true })`;
const ELEMENT = `(q) => (${ITEM})({ ...q, visible: true })`;
/** Scroll the element into view and give its centre in viewport coordinates. */
const CENTRE = `(q) => { const el = (${ITEM})({ ...q, visible: true }); if (!el) return null;
  el.scrollIntoView({ block: "center", inline: "center" }); const r = el.getBoundingClientRect();
  return { x: Math.round(r.left + r.width / 2), y: Math.round(r.top + r.height / 2) }; }`;
/** Focus the element (through a shadow root too); true when it has focus. */
const FOCUS = `(q) => { const el = (${ITEM})({ ...q, visible: true }); if (!el) return false; el.focus();
  let a = document.activeElement; while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
  return a === el; }`;
/** aria-activedescendant menus: focus the item's role=menu element; is the item the active one? */
const AD = `(q) => { const el = (${ITEM})({ ...q, visible: true }); const m = el && el.closest('[role="menu"]');
  if (!m) return { menu: false }; if (document.activeElement !== m) m.focus();
  return { menu: true, focused: document.activeElement === m, onItem: m.getAttribute("aria-activedescendant") === el.id,
    active: m.getAttribute("aria-activedescendant"), item: el.id }; }`;
/** Press one of the warning's buttons with a DOM click (cancel / proceed). */
function PRESS(action) {
  const sr = document.getElementById("ltg-root")?.shadowRoot;
  const w = sr?.querySelector('[data-ltg-part="reset-warning"]');
  const btn = w?.querySelector(`[data-ltg-action="${action}"]`) ?? sr?.querySelector(`[data-ltg-action="${action}"]`);
  if (!btn) return false;
  btn.click();
  return true;
}

// ---------------------------------------------------------------------------------------------
// The pages. `item`: the app's reset item (fixture-side hooks: data-fx-item / data-token, which the
// extension cannot know about); `trigger`: the [More] control that opens its menu when it is not
// visible; `how`: how its app expects activation; `token`: what the app must log.

const PAGES = {
  "immediate-en": {
    path: AGENCY, kind: "reset-rw", token: "Legacy Read/Write", how: "click", immediate: true,
    item: { sel: '[role="menuitem"][data-fx-item="reset-rw"]' },
    trigger: { sel: "#im-more" },
    about: "menu open in the markup; Reset (Read/Write) clicked as soon as the page is ready",
  },
  "pointerup-en": {
    path: BRAND, kind: "reset-ro", token: "Legacy Read-Only", how: "click",
    item: { sel: '[role="menuitem"][data-fx-item="reset-ro"]' },
    trigger: { sel: "#pu-more" },
    about: "app acts on pointerup (delegated on the app root), not click",
  },
  "mouseup-de": {
    path: AGENCY, kind: "reset-rw", token: "Legacy Lese/Schreib", how: "click",
    item: { sel: '[role="menuitem"][data-fx-item="reset-rw"]' },
    trigger: { sel: "#mu-more" },
    about: "app acts on mouseup on the item, not click; German labels",
  },
  "keyup-es": {
    path: PARTNER, kind: "reset", token: "Sincronización de tienda", how: "keys", keys: ["Enter", "Space"],
    item: { sel: '[data-fx-card="sync"] [role="menuitem"][data-fx-item="reset"]' },
    trigger: { sel: "#ku-more-sync" },
    about: "app acts on keyup Enter/Space of the focused item; Spanish single Restablecer, partner",
  },
  "activedescendant-it": {
    path: AGENCY, kind: "reset-ro", token: "Legacy Sola lettura", how: "activedescendant",
    item: { sel: '#ad-menu [role="menuitem"][data-fx-item="reset-ro"]' },
    trigger: { sel: "#ad-more" },
    about: "aria-activedescendant menu: focus on role=menu, ArrowDown then Enter (keydown on the menu); Italian",
  },
  "shadow-fr": {
    path: BRAND, kind: "reset", token: "Export nocturne", how: "click",
    item: { host: 'iuc-token-card[token-name="Export nocturne"]', sel: '[role="menuitem"][data-fx-item="reset"]' },
    trigger: { host: 'iuc-token-card[token-name="Export nocturne"]', sel: "[aria-haspopup]" },
    about: "menu inside the OPEN shadow root of a custom element; French single Réinitialiser, brand",
  },
  "reset-token-en": {
    path: BRAND, kind: "reset-token", token: "Shop sync", how: "click", frame: true, appConfirm: true,
    item: { sel: "#rt-reset" },
    trigger: null,
    about: "Reset Token button of a scoped token's edit page inside the app's modal iframe; its click opens the app's own confirmation",
  },
};
for (const mode of ["keep", "close", "shift"]) {
  PAGES[`rerender-en?mode=${mode}`] = {
    page: "rerender-en", query: `&mode=${mode}`, mode,
    path: BRAND, kind: "reset", token: "Nightly export", how: "click",
    item: { sel: '[role="menuitem"][data-fx-item="reset"][data-token="Nightly export"]' },
    trigger: { sel: '[aria-haspopup][data-token="Nightly export"]' },
    about: {
      keep: "two cards with the same labels; the list re-renders from scratch while the warning is open, Nightly export's menu stays open (fresh nodes)",
      close: "two cards with the same labels; the list re-renders from scratch while the warning is open and every menu closes",
      shift: "two cards with the same labels; the re-render shifts the cards and the app's index-keyed state opens Shop sync's menu in its place",
    }[mode],
  };
}

// ---------------------------------------------------------------------------------------------

const state = (b) => b.exec(STATE).catch((e) => ({ stateError: String(e) }));
const seen = async (b) => JSON.stringify(await state(b));

/** A real click. `b.click` is a WebDriver element click; for an element inside a shadow root
 * (where a driver's hit test may stop at the host) a WebDriver pointer action at its centre is
 * used if the element click is refused before anything was dispatched. */
async function realClick(b, q, what) {
  try {
    await b.click(ELEMENT, q);
  } catch (e) {
    if (!q.host || !["element click intercepted", "element not interactable"].includes(e.webdriver)) {
      assert.fail(`${what}: WebDriver click failed (${e.message}); page: ${await seen(b)}`);
    }
    const c = await b.exec(CENTRE, q);
    assert.ok(c, `${what}: element gone; page: ${await seen(b)}`);
    await b.cmd("POST", "/actions", { actions: [{ type: "pointer", id: "mouse", parameters: { pointerType: "mouse" },
      actions: [{ type: "pointerMove", duration: 0, origin: "viewport", x: c.x, y: c.y },
        { type: "pointerDown", button: 0 }, { type: "pointerUp", button: 0 }] }] });
    await b.cmd("DELETE", "/actions");
  }
}

async function waitOr(b, fn, what, timeout, ...args) {
  try {
    return await b.waitFor(fn, what, timeout, ...args);
  } catch (e) {
    assert.fail(`${what} (within ${timeout} ms); page: ${await seen(b)} (${e.message})`);
  }
}

/** Make the reset item visible (open its menu) and, unless `fast`, wait for data-ltg-guard. */
async function prepare(b, name, spec, fast) {
  if (!(await b.exec(IS_VISIBLE, spec.item))) {
    assert.ok(spec.trigger, `${name}: the reset item is not visible and there is no trigger; page: ${await seen(b)}`);
    await realClick(b, spec.trigger, `${name}: open the menu`);
    await waitOr(b, IS_VISIBLE, `${name}: the reset item visible after opening its menu`, 4000, spec.item);
  }
  if (fast) return;
  const kind = await waitOr(b, GUARDED, `${name}: the app's reset item carries data-ltg-guard`, 8000, spec.item);
  assert.equal(kind, spec.kind, `${name}: data-ltg-guard on the app's reset item; page: ${await seen(b)}`);
}

/** Activate the reset item the way the page's app expects. `n`: 0 first time, 1 second. */
async function activate(b, name, spec, n) {
  if (spec.how === "click") {
    await realClick(b, spec.item, `${name}: click the reset item`);
  } else if (spec.how === "keys") {
    const focused = await b.exec(FOCUS, spec.item);
    assert.ok(focused, `${name}: could not focus the reset item; page: ${await seen(b)}`);
    await b.keys(spec.keys[n] ?? spec.keys[0]);
  } else if (spec.how === "activedescendant") {
    let st;
    for (let i = 0; i < 8; i++) {
      st = await b.exec(AD, spec.item);
      assert.ok(st.menu && st.focused, `${name}: could not focus the role=menu element: ${JSON.stringify(st)}; page: ${await seen(b)}`);
      if (st.onItem) break;
      await b.keys("ArrowDown");
    }
    assert.ok(st.onItem, `${name}: ArrowDown never made the reset item active: ${JSON.stringify(st)}; page: ${await seen(b)}`);
    await b.keys("Enter");
  } else throw new Error(`unknown activation ${spec.how}`);
}

async function expectWarning(b, name, spec, when) {
  const w = await waitOr(b, WARNING_OPEN, `${name}: the reset warning in #ltg-root's shadow root after the ${when}`, 8000);
  const msg = `${name} (${when}): warning ${JSON.stringify(w)}; page: ${await seen(b)}`;
  assert.equal(w.kind, spec.kind, `data-ltg-guard on the warning: ${msg}`);
  assert.equal(w.role, "alertdialog", `role of the warning: ${msg}`);
  assert.ok(w.cancel && w.proceed, `cancel and proceed buttons: ${msg}`);
}

/** rerender-en: the list must re-render (new nodes) while the warning is open. The app does it
 * 300 ms after a pointerdown on a menu item; if the extension swallowed that pointerdown, the
 * page's "server push" hook (fx:refetch) does the same re-render. */
async function rerenderWhileOpen(b, name, before) {
  const moved = `(n) => Number(document.documentElement.getAttribute("data-fx-renders")) > n`;
  try {
    await b.waitFor(moved, "re-render", 1500, before);
  } catch {
    await b.exec(() => document.dispatchEvent(new CustomEvent("fx:refetch")));
    await waitOr(b, moved, `${name}: the list re-rendered`, 3000, before);
  }
  const w = await b.exec(WARNING_OPEN);
  assert.ok(w, `${name}: the warning closed when the page re-rendered; page: ${await seen(b)}`);
}

async function checkPage(ctx, key, spec, { csp = false } = {}) {
  const { b, url } = ctx;
  const page = spec.page ?? key;
  const name = `${key}${csp ? " (strict CSP)" : ""}`;
  // Own state: forget the reset reminders earlier tests created (README "Storage": ltg.resets),
  // so that no reminder panel from a previous page sits over this page's menus. Best effort.
  try {
    await b.inExtension((api) => api.storage.local.remove("ltg.resets"));
  } catch {}
  await b.goto(url(`${spec.path}&fx=blind/guard/${page}${spec.query ?? ""}${csp ? "&csp=strict" : ""}`));
  if (spec.frame) {
    await waitOr(b, () => document.documentElement.getAttribute("data-fx-ready") === "1", `${name}: frame ready`, 8000);
    await b.switchToFrame(() => document.querySelector('iframe[data-testid="uicl-modal-iframe-content"]'));
  }
  try {
    await waitOr(b, () => document.documentElement.getAttribute("data-fx-ready") === "1", `${name}: data-fx-ready`, 8000);
    const renders = async () => Number((await state(b)).renders);

    // 1. First activation → warning, the app did nothing → Cancel → still nothing.
    await prepare(b, name, spec, !!spec.immediate);
    let r0 = await renders();
    await activate(b, name, spec, 0);
    await expectWarning(b, name, spec, "first activation");
    let s = await state(b);
    assert.equal(s.count, "0", `${name}: the app reset before approval (first activation); page: ${JSON.stringify(s)}`);
    if (spec.appConfirm) assert.equal(s.confirmShown, "0", `${name}: the app's handler ran before approval; page: ${JSON.stringify(s)}`);
    if (spec.mode) await rerenderWhileOpen(b, name, r0);
    assert.ok(await b.exec(PRESS, "cancel"), `${name}: no [data-ltg-action=cancel]; page: ${await seen(b)}`);
    await waitOr(b, WARNING_CLOSED, `${name}: the warning closes after Cancel`, 4000);
    s = await state(b);
    assert.equal(s.count, "0", `${name}: the app reset after Cancel; page: ${JSON.stringify(s)}`);
    assert.equal(s.log, "", `${name}: reset log after Cancel; page: ${JSON.stringify(s)}`);
    if (spec.appConfirm) assert.equal(s.confirmShown, "0", `${name}: the app's handler ran after Cancel; page: ${JSON.stringify(s)}`);

    // 2. Second activation → warning → Reset anyway → the app acts exactly once, same token.
    await prepare(b, name, spec, false);
    r0 = await renders();
    await activate(b, name, spec, 1);
    await expectWarning(b, name, spec, "second activation");
    s = await state(b);
    assert.equal(s.count, "0", `${name}: the app reset before approval (second activation); page: ${JSON.stringify(s)}`);
    if (spec.mode) await rerenderWhileOpen(b, name, r0);
    assert.ok(await b.exec(PRESS, "proceed"), `${name}: no [data-ltg-action=proceed]; page: ${await seen(b)}`);

    if (spec.mode && spec.mode !== "keep") {
      // The intended item is gone (close) or another card's look-alike menu is open (shift):
      // resetting nothing is right, Nightly export is tolerated, any other token is wrong.
      await waitOr(b, WARNING_CLOSED, `${name}: the warning closes after Reset anyway`, 8000);
      await sleep(500);
      s = await state(b);
      const msg = `${name}: after Reset anyway the app may reset only "${spec.token}" once or nothing; page: ${JSON.stringify(s)}`;
      assert.ok(s.log === "" || s.log === spec.token, msg);
      assert.equal(s.count, s.log === "" ? "0" : "1", msg);
    } else if (spec.appConfirm) {
      await waitOr(b, () => document.documentElement.getAttribute("data-fx-confirm-shown") === "1",
        `${name}: the app's Reset Token handler ran after Reset anyway`, 8000);
      await sleep(500);
      s = await state(b);
      assert.equal(s.confirmShown, "1", `${name}: the app's handler must run exactly once; page: ${JSON.stringify(s)}`);
      assert.equal(s.count, "0", `${name}: nothing reset before the app's own Confirm; page: ${JSON.stringify(s)}`);
      await waitOr(b, WARNING_CLOSED, `${name}: the warning closes after Reset anyway`, 4000);
      await realClick(b, { sel: "#rt-yes" }, `${name}: the app's Confirm`);
      await waitOr(b, () => document.documentElement.getAttribute("data-fx-reset-count") === "1", `${name}: the app's reset after Confirm`, 4000);
      s = await state(b);
      assert.equal(s.log, spec.token, `${name}: reset log; page: ${JSON.stringify(s)}`);
    } else {
      await waitOr(b, () => document.documentElement.getAttribute("data-fx-reset-count") !== "0",
        `${name}: the app performs the reset after Reset anyway`, 8000);
      await sleep(500);
      s = await state(b);
      assert.equal(s.count, "1", `${name}: the app must act exactly once after Reset anyway; page: ${JSON.stringify(s)}`);
      assert.equal(s.log, spec.token, `${name}: the reset must hit the same token; page: ${JSON.stringify(s)}`);
      assert.ok(!s.warning?.open, `${name}: the warning is still open after the reset; page: ${JSON.stringify(s)}`);
    }
    s = await state(b);
    assert.equal(s.error, null, `${name}: data-ltg-error on the document; page: ${JSON.stringify(s)}`);
  } finally {
    if (spec.frame) await b.switchToTop();
  }
  if (spec.frame) {
    const top = await state(b);
    assert.equal(top.error, null, `${name}: data-ltg-error on the top document; top: ${JSON.stringify(top)}`);
    assert.equal(top.log, spec.token, `${name}: the frame's reset mirrored on the top page; top: ${JSON.stringify(top)}`);
  }
}

eachBrowser("reset guard on blind fixtures", (ctx) => {
  for (const [key, spec] of Object.entries(PAGES)) {
    test(`blind page ${key}: ${spec.about}; warning first, Cancel does nothing, Reset anyway resets "${spec.token}" exactly once${spec.mode && spec.mode !== "keep" ? " (or nothing)" : ""}`, async () => {
      await checkPage(ctx, key, spec);
    });
  }
  test("blind page immediate-en under the strict CSP: guarded the same way", async () => {
    await checkPage(ctx, "immediate-en", PAGES["immediate-en"], { csp: true });
  });
  test("blind page rerender-en?mode=keep under the strict CSP: guarded the same way", async () => {
    await checkPage(ctx, "rerender-en?mode=keep", PAGES["rerender-en?mode=keep"], { csp: true });
  });
});
