// Issue 4: every API token on the app's token pages carries data-ltg-token (+ data-ltg-created)
// and exactly one accessible badge, in en/zh/ja/de, card (a) and table (b) markup, in frames,
// after re-renders, and following the cut-off set on the options page.
import assert from "node:assert/strict";
import { test } from "node:test";
import { eachBrowser } from "./lib/harness.mjs";

const APP = "/secure/agency/accountSettings/agency-wsapi-flow.ihtml?execution=e1s1&fx=app";

/** The fixture's tokens (tests/e2e/fixtures/README.md) as the extension must flag them. */
const WANT = {
  "legacy:2024-03-12": { kind: "legacy", created: "2024-03-12" },
  "legacy:2022-08-30": { kind: "legacy", created: "2022-08-30" },
  s1: { kind: "legacy", created: "2025-01-15" },
  s2: { kind: "current", created: "2025-06-02" },
  s3: { kind: "current", created: "2025-09-30" },
  s4: { kind: "unknown", created: null },
  s5: { kind: "legacy", created: "2024-12-05" },
};

/** In the page: every flagged token, keyed by the token it links to. */
function tokenFacts() {
  const out = {};
  for (const t of document.querySelectorAll("[data-ltg-token]")) {
    const names = { s1: "Reporting sync", s2: "Catalog uploader", s3: "Payout exporter",
      s4: "Legacy CRM bridge", s5: "<img src=x onerror=alert(1)>" };
    const text = t.textContent;
    const key = Object.keys(names).find((k) => text.includes(names[k])) || `legacy:${t.dataset.ltgCreated}`;
    const badges = [...t.querySelectorAll('[data-ltg-part="token-badge"]')];
    const host = badges[0];
    out[key] = {
      kind: t.dataset.ltgToken,
      created: t.dataset.ltgCreated ?? null,
      tag: t.tagName,
      badges: badges.length,
      hostKind: host?.getAttribute("data-ltg-token-kind"),
      tabindex: host?.getAttribute("tabindex"),
      label: host?.getAttribute("aria-label") || "",
      shadowText: host?.shadowRoot?.querySelector(".b")?.textContent || "",
      tip: host?.shadowRoot?.querySelector(".tip")?.textContent || "",
      // `cursor: help` comes only from the badge's own shadow stylesheet.
      styled: host ? getComputedStyle(host).cursor === "help" : null,
    };
  }
  return out;
}

const ready = () => {
  const d = document.documentElement.dataset;
  return d.fxScopedLoaded === "1" && d.fxLegacyLoaded === "1" &&
    document.querySelectorAll("[data-ltg-token]").length >= 7 ? d.ltgCore : null;
};

eachBrowser("flags", (ctx) => {
  const open = async (q) => {
    const { b, url } = ctx;
    await b.goto(url(`${APP}&${q}`));
    await b.exec(() => localStorage.setItem("fx-legacy-enabled-agency", "1"));
    await b.goto(url(`${APP}&${q}`));
    await b.waitFor(ready, `7 flagged tokens (${q})`);
    return b.exec(tokenFacts);
  };

  for (const lang of ["en", "zh", "ja", "de"]) {
    for (const variant of ["a", "b"]) {
      test(`${lang} variant ${variant}: every token flagged once, by its created date or the legacy card`, async () => {
        const facts = await open(`lang=${lang}&variant=${variant}`);
        assert.deepEqual(Object.keys(facts).sort(), Object.keys(WANT).sort(), JSON.stringify(facts));
        for (const [k, want] of Object.entries(WANT)) {
          const f = facts[k];
          assert.equal(f.kind, want.kind, `${k}: ${JSON.stringify(f)}`);
          assert.equal(f.created, want.created, k);
          assert.equal(f.badges, 1, `${k}: one badge`);
          assert.equal(f.hostKind, want.kind, k);
          assert.ok(["0", "-1"].includes(f.tabindex), `${k}: reachable by keyboard (${f.tabindex})`);
          assert.ok(f.label.includes(f.tip) && f.tip.length > 10, `${k}: label ${f.label}`);
          assert.equal(f.styled, true, `${k}: the badge's own styles apply`);
        }
        // One tab stop for all the badges (issue 12: not every badge a tab stop).
        assert.equal(Object.values(facts).filter((f) => f.tabindex === "0").length, 1, "exactly one badge in the tab order");
        // The token element is the card (a) or the row (b), never the whole list.
        const scopedTag = variant === "a" ? "DIV" : "TR";
        const legacyTag = variant === "a" ? "DIV" : "LI";
        for (const k of ["s1", "s2", "s3", "s4", "s5"]) assert.equal(facts[k].tag, scopedTag, k);
        assert.equal(facts["legacy:2024-03-12"].tag, legacyTag);
        if (lang === "en") {
          assert.match(facts.s1.tip, /^Created 15 Jan 2025, before 1 Apr 2025: legacy tokens have broad access; consider migrating to a scoped token\. Age: \d+ days\.$/);
          assert.equal(facts.s1.shadowText, "Legacy");
          assert.equal(facts.s2.shadowText, "Current");
          assert.equal(facts.s4.shadowText, "Date unknown");
          assert.match(facts["legacy:2024-03-12"].tip, /Legacy Account Tokens/);
        }
        if (lang === "zh") assert.equal(facts.s1.shadowText, "旧版");
        if (lang === "de") assert.match(facts.s1.tip, /^Erstellt am 15\. Jan\. 2025, vor dem 1\. Apr\. 2025/);
        // Inert page text: the XSS-named token shows its characters and created no <img>.
        const xss = await ctx.b.exec(() => ({
          imgs: document.querySelectorAll("img[src='x'], img[onerror]").length,
          shown: [...document.querySelectorAll("a, [role=link]")].filter((a) => a.textContent.includes("onerror"))
            .map((a) => a.textContent),
        }));
        assert.equal(xss.imgs, 0);
        assert.deepEqual(xss.shown, ["<img src=x onerror=alert(1)>"]);
        await ctx.b.screenshot(`flags-${lang}-${variant}`);
      });
    }
  }

  test("re-render: after an Overview and back, still one badge per token; Overview pages flagged", async () => {
    const { b } = ctx;
    await open("lang=en&variant=a");
    await b.exec(() => { location.hash = "#/token/s1/overview"; });
    const ov = await b.waitFor(() => {
      const t = document.querySelector("[data-ltg-token]");
      return document.documentElement.dataset.fxRoute === "overview" && t
        ? { n: document.querySelectorAll("[data-ltg-token]").length, kind: t.dataset.ltgToken,
          created: t.dataset.ltgCreated, badges: document.querySelectorAll('[data-ltg-part="token-badge"]').length }
        : null;
    }, "overview flagged");
    assert.deepEqual(ov, { n: 1, kind: "legacy", created: "2025-01-15", badges: 1 });
    await b.exec(() => { location.hash = "#/token/legacy/overview"; });
    const lov = await b.waitFor(() => {
      const ts = [...document.querySelectorAll("[data-ltg-token]")];
      return ts.length === 2 && document.title ? ts.map((t) => [t.dataset.ltgToken, t.dataset.ltgCreated]) : null;
    }, "legacy overview flagged");
    assert.deepEqual(lov, [["legacy", "2024-03-12"], ["legacy", "2022-08-30"]]);
    await b.exec(() => { location.hash = "#/"; });
    await b.waitFor(ready, "list flagged again");
    // The list re-renders late (the legacy card, the scoped list): let it settle, then count.
    await new Promise((r) => setTimeout(r, 900));
    const facts = await b.exec(tokenFacts);
    assert.deepEqual(Object.keys(facts).sort(), Object.keys(WANT).sort());
    for (const [k, f] of Object.entries(facts)) assert.equal(f.badges, 1, k);
    assert.equal(await b.exec(() => document.querySelectorAll('[data-ltg-part="token-badge"]').length), 7);
    // A filter change re-renders the list: still one badge each.
    await b.exec(() => {
      const s = [...document.querySelectorAll("select")].find((e) => [...e.options].some((o) => o.value === "enabled"));
      s.value = "enabled";
      s.dispatchEvent(new Event("change", { bubbles: true }));
    });
    const n = await b.waitFor(() => {
      const rows = document.querySelectorAll("[data-ltg-token]").length;
      return rows === 6 ? document.querySelectorAll('[data-ltg-part="token-badge"]').length : null;
    }, "filtered list flagged");
    assert.equal(n, 6);
  });

  test("strict CSP and the iframe modal: flagged there too", async () => {
    const { b } = ctx;
    const facts = await open("lang=ja&variant=b&csp=strict");
    assert.equal(facts.s1.kind, "legacy");
    assert.equal(facts.s1.styled, true);
    await b.click(() => {
      const label = window.FX_LABELS.get(document.documentElement.dataset.fxLang).manageToken;
      return [...document.querySelectorAll("button, [role=button]")].find((e) => e.textContent.trim() === label);
    });
    await b.waitFor(() => document.querySelector("iframe[data-testid='uicl-modal-iframe-content']")
      ?.contentDocument?.documentElement?.dataset.fxLegacyLoaded === "1", "modal iframe loaded");
    await b.switchToFrame(() => document.querySelector("iframe[data-testid='uicl-modal-iframe-content']"));
    try {
      const kinds = await b.waitFor(() => {
        const ts = [...document.querySelectorAll("[data-ltg-token]")];
        return ts.length === 2 ? ts.map((t) => [t.dataset.ltgToken, t.dataset.ltgCreated]) : null;
      }, "frame tokens flagged");
      assert.deepEqual(kinds, [["legacy", "2024-03-12"], ["legacy", "2022-08-30"]]);
    } finally {
      await b.switchToTop();
    }
  });

  test("the cut-off set on the options page re-classifies open pages", async () => {
    const { b } = ctx;
    await open("lang=en&variant=a");
    const app = await b.cmd("GET", "/window");
    const tab = await b.cmd("POST", "/window/new", { type: "tab" });
    const save = async (cutoff) => {
      await b.openExtensionPage("options/options.html");
      await b.waitFor(() => document.getElementById("custom") && document.querySelector("input[name=preset]:checked"), "options loaded");
      await b.exec((c) => {
        document.querySelector('input[name=preset][value="custom"]').checked = true;
        document.getElementById("custom").value = c;
        document.querySelector("button[type=submit]").click();
      }, cutoff);
      await b.waitFor(() => document.getElementById("msg").textContent, "saved");
    };
    try {
      await b.cmd("POST", "/window", { handle: tab.handle });
      await save("2025-07-01");
      await b.cmd("POST", "/window", { handle: app });
      const s2 = await b.waitFor(() => {
        const a = document.querySelector('a[href="#/token/s2/overview"]');
        const t = a?.closest("[data-ltg-token]");
        return t?.dataset.ltgToken === "legacy" ? t.querySelector('[data-ltg-part="token-badge"]').getAttribute("aria-label") : null;
      }, "s2 legacy under the 2025-07-01 cut-off");
      assert.match(s2, /before 1 Jul 2025/);
      const s3 = await b.exec(() => document.querySelector('a[href="#/token/s3/overview"]').closest("[data-ltg-token]").dataset.ltgToken);
      assert.equal(s3, "current");
    } finally {
      await b.cmd("POST", "/window", { handle: tab.handle });
      await save("2025-04-01");
      await b.cmd("DELETE", "/window");
      await b.cmd("POST", "/window", { handle: app });
    }
  });
});
