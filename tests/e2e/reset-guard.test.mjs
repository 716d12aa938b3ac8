// Issue 5: reset guard. The reset items of token menus (portal menus, menus re-rendered on hover,
// menus inside the iframe modal, keyboard-driven menus) are marked and intercepted; Cancel keeps
// the app's reset handler from running, "Reset anyway" lets it run exactly once; a reminder with
// an integrations checklist stays until done, across reloads and browser restarts; nothing
// stored looks like a secret.
import assert from "node:assert/strict";
import { test } from "node:test";
import { eachBrowser } from "./lib/harness.mjs";

const AGENCY = "/secure/agency/accountSettings/agency-wsapi-flow.ihtml";
const BRAND = "/secure/advertiser/accountSettings/techintegration/adv-wsapi-table-flow.ihtml";

// ---- page helpers (run in the page)
const q = {
  ready: () => document.documentElement.dataset.fxLegacyLoaded === "1" &&
    document.documentElement.hasAttribute("data-ltg-core") &&
    !!document.getElementById("ltg-root"),
  count: () => document.documentElement.dataset.fxResetCount,
  /** The n-th [More] trigger of the legacy card (fixture knowledge: tests may use it). */
  more: (n) => [...document.querySelectorAll("[data-testid=uicl-card] [aria-haspopup]")][n],
  menuItem: (kind) => document.querySelector(`[role=menu] [data-ltg-guard="${kind}"]`),
  menuOpen: () => !!document.querySelector("[role=menu]"),
  dialog: () => {
    const d = document.getElementById("ltg-root")?.shadowRoot
      ?.querySelector('[data-ltg-part="reset-warning"]');
    if (!d) return null;
    const sr = document.getElementById("ltg-root").shadowRoot;
    return {
      role: d.getAttribute("role"), guard: d.getAttribute("data-ltg-guard"),
      labelled: !!sr.getElementById(d.getAttribute("aria-labelledby")),
      described: !!sr.getElementById(d.getAttribute("aria-describedby")),
      text: d.textContent, focus: sr.activeElement?.getAttribute("data-ltg-action") ?? null,
    };
  },
  shadowClick: (sel) => {
    const el = document.getElementById("ltg-root").shadowRoot.querySelector(sel);
    el.click();
    return true;
  },
  shadowEl: (sel) => document.getElementById("ltg-root")?.shadowRoot?.querySelector(sel) ?? null,
  reminder: () => {
    const r = document.getElementById("ltg-root")?.shadowRoot
      ?.querySelector('[data-ltg-part="reset-reminder"]');
    if (!r) return null;
    return {
      pending: r.getAttribute("data-ltg-pending"),
      items: [...r.querySelectorAll("[data-ltg-integration]")].map((li) =>
        [li.getAttribute("data-ltg-integration"), li.querySelector("input[type=checkbox]").checked]),
      error: r.querySelector("[data-ltg-error]")?.getAttribute("data-ltg-error") ?? null,
      name: r.querySelector("[data-ltg-field=name]")?.value ?? null,
      sections: r.querySelectorAll("[data-ltg-reset]").length,
      text: r.textContent,
    };
  },
  marks: () => document.getElementById("ltg-root")?.shadowRoot
    ?.querySelectorAll('[data-ltg-part="reset-mark"]').length ?? 0,
};

async function open(b, url) {
  await b.goto(url);
  await b.waitFor(q.ready, "app page with legacy card and core");
}

async function typeText(b, s) {
  await b.keys(...[...s]);
}

eachBrowser("reset guard", (ctx) => {
  let secrets = [];

  test("clean storage", async () => {
    const { b } = ctx;
    await b.inExtension((api) => api.storage.local.clear());
  });

  test("en, portal menu: marks, Cancel keeps the app's handler from running, proceed runs it once", async () => {
    const { b, url } = ctx;
    await b.goto(url(`${AGENCY}?lang=en`));
    await b.waitFor(() => document.documentElement.dataset.fxReady === "1", "fixture ready");
    await b.exec(() => { localStorage.setItem("fx-legacy-enabled-agency", "1"); });
    await open(b, url(`${AGENCY}?lang=en`));
    secrets = JSON.parse(await b.exec(() => document.documentElement.dataset.fxSecrets));
    assert.equal(secrets.length, 14);
    await b.click(q.more, 0);
    await b.waitFor(q.menuItem, "guarded reset-rw item", 4000, "reset-rw");
    await b.waitFor(q.menuItem, "guarded reset-ro item", 4000, "reset-ro");
    assert.ok((await b.exec(q.marks)) >= 2, "visible marks");
    // Other items are not touched.
    assert.equal(await b.exec(() => document.querySelectorAll("[role=menu] [role=menuitem]:not([data-ltg-guard])").length), 2);
    await b.click(q.menuItem, "reset-rw");
    const d = await b.waitFor(q.dialog, "warning dialog");
    assert.equal(d.role, "alertdialog");
    assert.equal(d.guard, "reset-rw");
    assert.ok(d.labelled && d.described);
    assert.equal(d.focus, "cancel", "Cancel has the initial focus");
    assert.match(d.text, /Read\/Write Token/, "names the token");
    assert.match(d.text, /stops working at once/);
    assert.equal(await b.exec(q.count), "0");
    await b.screenshot("reset-warning-en");
    await b.exec(q.shadowClick, '[data-ltg-action="cancel"]');
    assert.equal(await b.exec(q.dialog), null);
    assert.equal(await b.exec(q.count), "0", "Cancel: the app's reset never ran");
    assert.ok(await b.exec(q.menuOpen), "the menu is still usable");
    // Again, and proceed: the app's own action runs exactly once.
    await b.click(q.menuItem, "reset-rw");
    await b.waitFor(q.dialog, "warning dialog again");
    await b.exec(q.shadowClick, '[data-ltg-action="proceed"]');
    await b.waitFor(() => document.documentElement.dataset.fxResetCount === "1", "reset count 1");
    assert.equal(await b.exec(() => document.documentElement.dataset.fxLastReset), "rw");
    const r = await b.waitFor(q.reminder, "reminder");
    assert.equal(r.pending, "0", "no integration listed yet");
    assert.match(r.text, /List the integrations/);
    await new Promise((res) => setTimeout(res, 300));
    assert.equal(await b.exec(q.count), "1", "exactly once");
  });

  test("zh, variant b: items re-rendered on hover are still guarded; proceed finds the new node", async () => {
    const { b, url } = ctx;
    await open(b, url(`${AGENCY}?lang=zh&variant=b`));
    await b.click(q.more, 0);
    await b.waitFor(q.menuItem, "guarded reset-ro item", 4000, "reset-ro");
    // The real pointer enters the menu: the app re-renders the items, then the click lands.
    await b.click(q.menuItem, "reset-ro");
    const d = await b.waitFor(q.dialog, "warning dialog (zh)");
    assert.match(d.text, /要重置此令牌吗/);
    assert.match(d.text, /读\/写令牌/, "names the token of the menu");
    assert.match(d.text, /只读认证令牌/, "and the scope");
    await b.keys("Escape");
    assert.equal(await b.exec(q.dialog), null, "Esc = Cancel");
    assert.equal(await b.exec(q.count), "0");
    await b.click(q.menuItem, "reset-ro");
    await b.waitFor(q.dialog, "warning dialog (zh) again");
    // The menu re-renders while the dialog is open: the approved node is gone.
    await b.exec(() => {
      const m = document.querySelector("[role=menu]");
      m.dispatchEvent(new MouseEvent("mouseenter"));
    });
    await b.exec(q.shadowClick, '[data-ltg-action="proceed"]');
    await b.waitFor(() => document.documentElement.dataset.fxResetCount === "1", "reset count 1");
    assert.equal(await b.exec(() => document.documentElement.dataset.fxLastReset), "ro");
  });

  test("menu closed while the dialog is open: proceed does nothing; other items are untouched", async () => {
    const { b, url } = ctx;
    await open(b, url(`${AGENCY}?lang=en`));
    const before = (await b.exec(q.reminder))?.sections ?? 0;
    await b.click(q.more, 0);
    await b.waitFor(q.menuItem, "guarded item", 4000, "reset-rw");
    await b.click(q.menuItem, "reset-rw");
    await b.waitFor(q.dialog, "dialog");
    await b.exec(() => { document.querySelector("[role=menu]").parentElement.remove(); return true; });
    await b.exec(q.shadowClick, '[data-ltg-action="proceed"]');
    await new Promise((res) => setTimeout(res, 300));
    assert.equal(await b.exec(q.count), "0");
    assert.equal((await b.exec(q.reminder))?.sections ?? 0, before, "no reminder for a reset that did not happen");
    // A non-reset item of the same menu works as before. (The app still thinks its removed
    // menu is open: the first click on [More] only closes it.)
    await b.click(q.more, 0);
    if (!(await b.exec(q.menuOpen))) await b.click(q.more, 0);
    await b.waitFor(q.menuOpen, "menu open again");
    await b.click(() => [...document.querySelectorAll("[role=menu] [role=menuitem]")]
      .find((e) => e.textContent.trim() === "View Details"));
    await b.waitFor(() => document.documentElement.dataset.fxRoute === "overview", "View Details ran");
    assert.equal(await b.exec(q.dialog), null);
  });

  test("strict CSP page (JS encoding in Chromium): Cancel and proceed", async () => {
    const { b, url } = ctx;
    await open(b, url(`${AGENCY}?lang=en&csp=strict`));
    await b.click(q.more, 1);
    await b.waitFor(q.menuItem, "guarded item", 4000, "reset-ro");
    await b.click(q.menuItem, "reset-ro");
    const d = await b.waitFor(q.dialog, "dialog");
    assert.match(d.text, /Read-Only Token/);
    await b.keys("Escape");
    assert.equal(await b.exec(q.count), "0");
    await b.click(q.menuItem, "reset-ro");
    await b.waitFor(q.dialog, "dialog again");
    await b.exec(q.shadowClick, '[data-ltg-action="proceed"]');
    await b.waitFor(() => document.documentElement.dataset.fxResetCount === "1", "reset count 1");
  });

  test("touch: a tap on a reset item opens the warning first", async () => {
    const { b, url } = ctx;
    await open(b, url(`${AGENCY}?lang=en`));
    await b.click(q.more, 0);
    await b.waitFor(q.menuItem, "guarded item", 4000, "reset-rw");
    const id = await b.el(q.menuItem, "reset-rw");
    const el = { "element-6066-11e4-a52e-4f735466cecf": id };
    await b.cmd("POST", "/actions", { actions: [{ type: "pointer", id: "finger", parameters: { pointerType: "touch" },
      actions: [{ type: "pointerMove", origin: el, x: 0, y: 0 }, { type: "pointerDown", button: 0 },
        { type: "pause", duration: 50 }, { type: "pointerUp", button: 0 }] }] });
    await b.cmd("DELETE", "/actions");
    await b.waitFor(q.dialog, "dialog after a tap");
    assert.equal(await b.exec(q.count), "0");
    await b.keys("Escape");
    assert.equal(await b.exec(q.count), "0");
  });

  test("keyboard: Enter opens the warning, Tab stays inside, Enter on Cancel cancels, Space + proceed resets once", async () => {
    const { b, url } = ctx;
    await open(b, url(`${AGENCY}?lang=en`));
    await b.exec((el) => el.focus(), await b.exec(q.more, 1));
    await b.keys("Enter");
    await b.waitFor(() => document.activeElement?.getAttribute("data-ltg-guard") === "reset-rw",
      "first item focused");
    await b.keys("Enter");
    let d = await b.waitFor(q.dialog, "dialog by keyboard");
    assert.equal(d.focus, "cancel");
    await b.keys("Tab");
    assert.equal((await b.exec(q.dialog)).focus, "proceed");
    await b.keys("Tab");
    assert.equal((await b.exec(q.dialog)).focus, "cancel", "focus trapped");
    await b.keys("ShiftTab");
    assert.equal((await b.exec(q.dialog)).focus, "proceed");
    await b.keys("ShiftTab");
    await b.keys("Enter");
    assert.equal(await b.exec(q.dialog), null);
    assert.equal(await b.exec(q.count), "0");
    assert.equal(await b.exec(() => document.activeElement?.getAttribute("data-ltg-guard")), "reset-rw",
      "focus back on the item");
    await b.keys("ArrowDown");
    await b.keys("Space");
    d = await b.waitFor(q.dialog, "dialog by Space");
    assert.equal(d.guard, "reset-ro");
    assert.equal(d.focus, "cancel", "the Space release did not press Cancel");
    assert.equal(await b.exec(q.count), "0");
    await b.keys("Tab", "Enter");
    await b.waitFor(() => document.documentElement.dataset.fxResetCount === "1", "reset count 1");
    assert.equal(await b.exec(() => document.documentElement.dataset.fxLastReset), "ro");
  });

  test("iframe modal: the frame's own menus are guarded in the frame", async () => {
    const { b, url } = ctx;
    await open(b, url(`${AGENCY}?lang=en`));
    await b.click(() => [...document.querySelectorAll("button,[role=button]")]
      .find((e) => e.textContent.trim() === "Manage token"));
    await b.waitFor(() => document.querySelector("iframe[data-testid=uicl-modal-iframe-content]"), "iframe");
    await b.switchToFrame(() => document.querySelector("iframe[data-testid=uicl-modal-iframe-content]"));
    try {
      await b.waitFor(q.ready, "frame ready", 8000);
      await b.click(q.more, 0);
      await b.waitFor(q.menuItem, "guarded item in frame", 4000, "reset-rw");
      await b.click(q.menuItem, "reset-rw");
      const d = await b.waitFor(q.dialog, "dialog in the frame");
      assert.equal(d.focus, "cancel");
      await b.exec(q.shadowClick, '[data-ltg-action="cancel"]');
      assert.equal(await b.exec(q.count), "0");
      await b.click(q.menuItem, "reset-rw");
      await b.waitFor(q.dialog, "dialog in the frame again");
      await b.exec(q.shadowClick, '[data-ltg-action="proceed"]');
      await b.waitFor(() => document.documentElement.dataset.fxResetCount === "1", "frame reset count 1");
    } finally {
      await b.switchToTop();
    }
    assert.equal(await b.exec(() => document.documentElement.dataset.fxFrameResetCount), "1");
    assert.equal(await b.exec(q.count), "0");
    // The reminder shows in the top frame only.
    await b.waitFor(() => {
      const r = document.getElementById("ltg-root")?.shadowRoot
        ?.querySelectorAll('[data-ltg-part="reset-reminder"] [data-ltg-reset]');
      return r && r.length === 5;
    }, "5 reminders in the top frame");
  });

  test("de, brand, scoped tokens table (variant b): Zurücksetzen is guarded, the row names the token", async () => {
    const { b, url } = ctx;
    await b.goto(url(`${BRAND}?lang=de&variant=b`));
    await b.waitFor(() => document.documentElement.dataset.fxScopedLoaded === "1" &&
      document.getElementById("ltg-root"), "scoped list");
    await b.click(() => document.querySelector("[data-testid=uicl-table] [aria-haspopup]"));
    await b.waitFor(q.menuItem, "guarded Zurücksetzen", 4000, "reset");
    assert.equal(await b.exec(() => document.querySelectorAll("[role=menu] [data-ltg-guard]").length), 1,
      "only Reset among Duplicate, Reset, Upgrade Version, Disable, Delete");
    await b.click(q.menuItem, "reset");
    const d = await b.waitFor(q.dialog, "dialog (de)");
    assert.equal(d.guard, "reset");
    assert.match(d.text, /Dieses Token zurücksetzen\?/);
    assert.match(d.text, /Reporting sync/);
    assert.equal(d.focus, "cancel");
    await b.keys("Escape");
    assert.equal(await b.exec(q.dialog), null);
    assert.equal(await b.exec(q.count), "0");
  });

  test("edit page: Reset Token is guarded and the app's own confirmation still appears", async () => {
    const { b, url } = ctx;
    await b.goto(url(`${BRAND}?lang=en#/scoped/s1/edit`));
    await b.waitFor(() => document.querySelector('[data-ltg-guard="reset-token"]'), "guarded Reset Token");
    // Several reminders are open by now: fold the panel out of the way.
    await b.waitFor(q.reminder, "reminder");
    await b.exec(q.shadowClick, '[data-ltg-part="reset-reminder"] [data-ltg-action="collapse"]');
    await b.waitFor(() => (document.getElementById("ltg-root").shadowRoot
      .querySelectorAll("[data-ltg-reset]").length === 0), "folded");
    await b.click(() => document.querySelector('[data-ltg-guard="reset-token"]'));
    await b.waitFor(q.dialog, "warning before the app's confirmation");
    assert.equal(await b.exec(() => !!document.querySelector("[data-testid=uicl-confirm]")), false);
    await b.exec(q.shadowClick, '[data-ltg-action="proceed"]');
    await b.waitFor(() => document.querySelector("[data-testid=uicl-confirm]"), "the app's confirmation");
    assert.equal(await b.exec(q.count), "0");
    await b.exec(() => [...document.querySelectorAll("[data-testid=uicl-confirm] button,[data-testid=uicl-confirm] [role=button]")]
      .find((e) => e.textContent.trim() === "Confirm").click());
    await b.waitFor(() => document.documentElement.dataset.fxResetCount === "1", "reset-token count 1");
    assert.equal(await b.exec(() => document.documentElement.dataset.fxLastReset), "reset-token");
  });

  test("checklist: add, refuse a credential (keeping the text), tick; kept after reload", async () => {
    const { b, url } = ctx;
    await open(b, url(`${AGENCY}?lang=en`));
    // Dismiss all but the first reminder to work on one checklist.
    await b.waitFor(q.reminder, "reminder");
    for (;;) {
      const n = (await b.exec(q.reminder)).sections;
      if (n <= 1) break;
      await b.exec(() => {
        const s = document.getElementById("ltg-root").shadowRoot.querySelectorAll("[data-ltg-reset]");
        s[s.length - 1].querySelector('[data-ltg-action="dismiss"]').click();
      });
      await b.waitFor((n0) => (document.getElementById("ltg-root").shadowRoot
        .querySelectorAll("[data-ltg-reset]").length) < n0, "dismissed", 4000, n);
    }
    const focusName = () => {
      document.getElementById("ltg-root").shadowRoot.querySelector("[data-ltg-field=name]").focus();
      return true;
    };
    await b.exec(focusName);
    await typeText(b, "Shopify");
    await b.keys("Enter");
    await b.waitFor(() => {
      const r = document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-part="reset-reminder"]');
      return r?.getAttribute("data-ltg-pending") === "1";
    }, "one pending");
    await b.exec(focusName);
    await typeText(b, "Zapier");
    await b.exec(q.shadowClick, '[data-ltg-action="add"]');
    await b.waitFor(() => document.getElementById("ltg-root").shadowRoot
      .querySelector('[data-ltg-part="reset-reminder"]')?.getAttribute("data-ltg-pending") === "2", "two pending");
    // A value shown on the page as an Auth Token is refused, and what was typed stays.
    await b.exec(focusName);
    await typeText(b, secrets[1]);
    await b.keys("Enter");
    let r = await b.waitFor(() => {
      const x = document.getElementById("ltg-root").shadowRoot.querySelector("[data-ltg-error]");
      return x && x.getAttribute("data-ltg-error");
    }, "refusal");
    assert.equal(r, "reminder.refused");
    r = await b.exec(q.reminder);
    assert.equal(r.name, secrets[1], "typed text kept");
    assert.match(r.text, /looks like a secret/);
    assert.equal(r.pending, "2");
    // Clear the field; tick Shopify.
    await b.exec(() => {
      document.getElementById("ltg-root").shadowRoot.querySelector("[data-ltg-field=name]").value = "";
    });
    await b.exec(q.shadowClick, '[data-ltg-integration="Shopify"] input[type=checkbox]');
    await b.waitFor(() => document.getElementById("ltg-root").shadowRoot
      .querySelector('[data-ltg-part="reset-reminder"]')?.getAttribute("data-ltg-pending") === "1", "one left");
    await b.goto(url(`${AGENCY}?lang=en`));
    r = await b.waitFor(q.reminder, "reminder after reload");
    assert.equal(r.pending, "1");
    assert.deepEqual(r.items, [["Shopify", true], ["Zapier", false]]);
  });

  test("the reminder also shows on help-center pages", async () => {
    const { b, url } = ctx;
    await b.goto(url("/agency/settings/api-tokens/manage-legacy-api-tokens-as-an-agency?fx=help"));
    const r = await b.waitFor(q.reminder, "reminder on a help page");
    assert.equal(r.pending, "1");
    // The Reset row's warning links to that checklist: following it focuses the reminder.
    await b.waitFor(() => document.querySelector('[data-ltg-part="help-reset-warning"]'), "reset-row warning");
    await b.exec(() => {
      const w = document.querySelector('[data-ltg-part="help-reset-warning"]');
      w.closest("details")?.setAttribute("open", "");
      w.scrollIntoView({ block: "center" });
    });
    const tabs = (await b.cmd("GET", "/window/handles")).length;
    await b.click(() => document.querySelector('[data-ltg-part="help-reset-warning"]').shadowRoot.querySelector("a"));
    await b.waitFor(() => {
      const sr = document.getElementById("ltg-root").shadowRoot;
      return sr.querySelector('[data-ltg-part="reset-reminder"]').contains(sr.activeElement);
    }, "focus in the reset reminder");
    assert.equal((await b.cmd("GET", "/window/handles")).length, tabs, "no app tab opened");
  });

  test("storage: schema, badge shape, and no secret the page displayed", async () => {
    const { b } = ctx;
    const all = await b.inExtension((api) => api.storage.local.get(null));
    const dump = JSON.stringify(all);
    assert.equal(all["ltg.resets"].schema, 1);
    for (const s of secrets) assert.ok(!dump.includes(s), `secret ${s.slice(0, 4)}… stored`);
    const active = all["ltg.resets"].items.filter((i) => !i.dismissed);
    assert.ok(active.length >= 1);
    // The action's badge counts what is left to do (one integration here).
    const badge = await b.execAsync(() => (globalThis.browser ?? globalThis.chrome).action.getBadgeText({}));
    assert.equal(badge, "1");
  });

  test("checklist kept after the browser restarts (same profile)", async () => {
    await ctx.relaunch();
    const { b, url } = ctx;
    await open(b, url(`${AGENCY}?lang=en`));
    const r = await b.waitFor(q.reminder, "reminder after restart");
    assert.equal(r.pending, "1");
    assert.deepEqual(r.items, [["Shopify", true], ["Zapier", false]]);
    // Ticking the last integration ends the reminder.
    await b.exec(q.shadowClick, '[data-ltg-integration="Zapier"] input[type=checkbox]');
    await b.waitFor(() => !document.getElementById("ltg-root").shadowRoot
      .querySelector('[data-ltg-part="reset-reminder"]'), "reminder gone when all ticked");
    const all = await b.inExtension((api) => api.storage.local.get(null));
    const dump = JSON.stringify(all);
    for (const s of secrets) assert.ok(!dump.includes(s));
  });

  test("old or corrupted storage: what is readable is kept, the rest reported", async () => {
    const { b, url } = ctx;
    await b.inExtension((api) => api.storage.local.set({ "ltg.resets": {
      items: ["junk", { token: "Old token", kind: "reset", dismissed: "no",
        integrations: ["CRM", 5, { name: "ERP", updated: false }] }] } }));
    await open(b, url(`${AGENCY}?lang=en`));
    const r = await b.waitFor(q.reminder, "recovered reminder");
    assert.deepEqual(r.items, [["CRM", false], ["ERP", false]]);
    assert.equal(r.pending, "2");
    assert.equal(await b.exec(() => document.getElementById("ltg-root").shadowRoot
      .querySelector("[data-ltg-dropped]")?.getAttribute("data-ltg-dropped")), "2");
    assert.match(r.text, /could not be read/);
  });
}, { keepProfile: true });
