// Issue 6: the help center's token articles get a checklist mirroring the walkthrough, a
// "Guide me" button, warnings next to Reset rows, and the legacy rule; client-side navigation.
import assert from "node:assert/strict";
import { test } from "node:test";
import { eachBrowser } from "./lib/harness.mjs";

const AGENCY = "manage-legacy-api-tokens-as-an-agency";
const sr = () => document.getElementById("ltg-root")?.shadowRoot;

const panelFacts = () => {
  const root = document.getElementById("ltg-root")?.shadowRoot;
  const panels = root ? [...root.querySelectorAll('[data-ltg-part="help-checklist"]')] : [];
  const p = panels[0];
  const items = p ? [...p.querySelectorAll("[data-ltg-step]")] : [];
  const go = p?.querySelector('[data-ltg-action="guide-me"]');
  const ol = document.querySelector("main ol, article ol, ol");
  const a = p?.getBoundingClientRect();
  const b = ol?.getBoundingClientRect();
  const overlap = a && b && !(a.right <= b.left || a.left >= b.right || a.bottom <= b.top || a.top >= b.bottom);
  return {
    panels: panels.length,
    account: p?.dataset.ltgAccount ?? null,
    steps: items.map((i) => i.dataset.ltgStep),
    checked: items.filter((i) => i.getAttribute("aria-checked") === "true").map((i) => i.dataset.ltgStep),
    href: go?.dataset.ltgHref ?? null,
    rule: p?.querySelector("[data-ltg-rule]")?.textContent ?? "",
    warnings: document.querySelectorAll('[data-ltg-part="help-reset-warning"]').length,
    overlap: !!overlap,
    layout: p?.dataset.ltgLayout ?? null,
    title: p?.querySelector("h2")?.textContent ?? "",
  };
};

/** Inline layout sits where the steps are: scroll there, as a reader would. */
async function scrollToPanel(b) {
  await b.exec(() => document.querySelector("[data-ltg-spacer]")?.scrollIntoView({ block: "center" }));
  await new Promise((r) => setTimeout(r, 150));
}

async function helpPanel(b, what = "help checklist") {
  return b.waitFor(() => {
    const p = document.getElementById("ltg-root")?.shadowRoot?.querySelector('[data-ltg-part="help-checklist"]');
    return p && p.querySelectorAll("[data-ltg-step]").length ? true : null;
  }, what);
}

eachBrowser("help center", (ctx) => {
  test("zh agency article (GitBook grid in a closed <details>): checklist, guide-me, reset warnings, rule", async () => {
    const { b, url } = ctx;
    await b.goto(url(`/agency/zh/nin-xiang-liao-jie-shen-me/${AGENCY}?fx=help`));
    await helpPanel(b);
    await b.waitFor(() => document.querySelectorAll('[data-ltg-part="help-reset-warning"]').length === 2, "2 reset warnings");
    const f = await b.exec(panelFacts);
    assert.equal(f.panels, 1);
    assert.equal(f.account, "agency");
    assert.deepEqual(f.steps, ["open-menu", "open-settings", "open-technical", "open-rest-web-services",
      "enable-legacy-tokens", "open-more-menu", "review-reset-options", "open-token-overview", "open-api-credentials"]);
    assert.deepEqual(f.checked, []);
    assert.equal(f.href, "https://app.impact.com/secure/agency/accountSettings/agency-wsapi-flow.ihtml");
    assert.match(f.rule, /2025-04-01/);
    assert.match(f.title, /旧版令牌/); // in the page's language
    assert.equal(f.overlap, false, "panel must not cover the steps");
    await b.screenshot("help-zh-agency");
    // The site switches to its dark scheme: the panel follows.
    await b.exec(() => document.documentElement.classList.add("dark"));
    await b.waitFor(() => document.getElementById("ltg-root").shadowRoot
      .querySelector('[data-ltg-part="help-checklist"]')?.dataset.theme === "dark", "dark panel");
    await b.exec(() => document.documentElement.classList.remove("dark"));
    await b.waitFor(() => !document.getElementById("ltg-root").shadowRoot
      .querySelector('[data-ltg-part="help-checklist"]')?.dataset.theme, "light panel again");
  });

  test("ticking by hand persists; progress made in the app shows here", async () => {
    const { b, url } = ctx;
    await scrollToPanel(b);
    await b.click(() => document.getElementById("ltg-root").shadowRoot
      .querySelector('[data-ltg-step="review-reset-options"]'));
    await b.waitFor(() => document.getElementById("ltg-root").shadowRoot
      .querySelector('[data-ltg-step="review-reset-options"]')?.getAttribute("aria-checked") === "true", "ticked");
    // Keyboard: Space on a focused item ticks too.
    await b.exec(() => document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-step="open-api-credentials"]').focus());
    await b.keys("Space");
    await b.waitFor(() => document.getElementById("ltg-root").shadowRoot
      .querySelector('[data-ltg-step="open-api-credentials"]')?.getAttribute("aria-checked") === "true", "ticked by key");
    await b.refresh();
    await helpPanel(b);
    assert.deepEqual((await b.exec(panelFacts)).checked, ["review-reset-options", "open-api-credentials"]);
    // In the app: start the guide on the token page; arriving there proves steps 1–4.
    await b.goto(url("/secure/agency/accountSettings/agency-wsapi-flow.ihtml?execution=e1s1&fx=app&acct=agency&lang=en&reset-state=1"));
    await b.waitFor(() => document.getElementById("ltg-root")?.shadowRoot?.querySelector('[data-ltg-action="start-guide"]'), "launcher");
    await b.click(() => document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-action="start-guide"]'));
    await b.waitFor(() => document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-part="popover"]')?.dataset.ltgStep === "enable-legacy-tokens", "step 5");
    await b.click(() => document.querySelector("[data-ltg-highlight]"));
    await b.waitFor(() => document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-part="popover"]')?.dataset.ltgStep === "open-more-menu", "step 6");
    await b.goto(url(`/agency/en/settings/api-tokens/${AGENCY}?fx=help`));
    await helpPanel(b);
    const f = await b.exec(panelFacts);
    assert.deepEqual(f.checked, ["open-menu", "open-settings", "open-technical", "open-rest-web-services",
      "enable-legacy-tokens", "review-reset-options", "open-api-credentials"]);
  });

  test("guide me: starts the walkthrough for the account, which shows on the app page by itself", async () => {
    const { b, url } = ctx;
    // Close the guide first, so only the help page can start it again.
    await b.goto(url("/secure/agency/dashboard.ihtml?fx=app&acct=agency&lang=en"));
    await b.waitFor(() => document.getElementById("ltg-root")?.shadowRoot?.querySelector('[data-ltg-part="popover"] [data-ltg-action="close"]'), "popover");
    await b.click(() => document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-part="popover"] [data-ltg-action="close"]'));
    await b.waitFor(() => document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-action="start-guide"]'), "launcher");
    await b.goto(url(`/brand/en/settings/api-tokens/manage-legacy-api-tokens-as-a-brand?fx=help&variant=b`));
    await helpPanel(b);
    await scrollToPanel(b);
    const main = await b.cmd("GET", "/window");
    await b.click(() => document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-action="guide-me"]'));
    // The app opened in another tab; come back to ours and close the others.
    for (const h of await b.cmd("GET", "/window/handles")) {
      if (h !== main) {
        await b.cmd("POST", "/window", { handle: h });
        await b.cmd("DELETE", "/window");
      }
    }
    await b.cmd("POST", "/window", { handle: main });
    await b.goto(url("/secure/advertiser/accountSettings/techintegration/adv-wsapi-table-flow.ihtml?execution=e2s1&fx=app&acct=brand&lang=en&reset-state=1"));
    await b.waitFor(() => document.getElementById("ltg-root")?.shadowRoot?.querySelector('[data-ltg-part="popover"]')?.dataset.ltgStep === "enable-legacy-tokens", "walkthrough started by guide-me");
    assert.equal(await b.exec(() => document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-action="start-guide"]')), null);
  });

  test("brand article as a real <table>: one Reset warning; client-side navigation re-renders, leaves, never duplicates", async () => {
    const { b, url } = ctx;
    await b.goto(url(`/brand/en/settings/api-tokens/manage-legacy-api-tokens-as-a-brand?fx=help&variant=b`));
    await helpPanel(b);
    await b.waitFor(() => document.querySelectorAll('[data-ltg-part="help-reset-warning"]').length === 1, "1 reset warning");
    let f = await b.exec(panelFacts);
    assert.equal(f.account, "brand");
    assert.ok(f.steps.includes("open-user-profile") && f.steps.includes("open-api"));
    assert.equal(f.href, "https://app.impact.com/secure/advertiser/accountSettings/techintegration/adv-wsapi-table-flow.ihtml");
    // Client-side to the partner article (sidebar link): same document, new panel.
    await b.click(() => document.querySelector('a[href*="manage-legacy-api-tokens-as-a-partner"]'));
    await b.waitFor(() => document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-part="help-checklist"]')?.dataset.ltgAccount === "partner", "partner panel");
    f = await b.exec(panelFacts);
    assert.equal(f.panels, 1);
    assert.ok(Number(await b.exec(() => document.documentElement.dataset.fxSoftNavs)) >= 1, "no full reload");
    // An unrelated article: everything of ours goes away.
    await b.click(() => document.querySelector('a[href*="create-a-campaign"]'));
    await b.waitFor(() => document.documentElement.dataset.fxArticle === "create-a-campaign" &&
      !document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-part="help-checklist"]') &&
      !document.querySelector('[data-ltg-part="help-reset-warning"]'), "panel removed");
    // Back (popstate) to the partner article: exactly one panel again.
    await b.cmd("POST", "/back", {});
    await b.waitFor(() => document.getElementById("ltg-root")?.shadowRoot?.querySelectorAll('[data-ltg-part="help-checklist"]').length === 1, "panel back");
  });

  test("narrow window: the panel goes inline above the steps and covers nothing", async () => {
    const { b, url } = ctx;
    await b.cmd("POST", "/window/rect", { width: 800, height: 800 });
    try {
      await b.goto(url(`/partner/ja/settei/api-tokun/manage-legacy-api-tokens-as-a-partner?fx=help`));
      await helpPanel(b);
      await b.waitFor(() => document.getElementById("ltg-root").shadowRoot.querySelector('[data-ltg-part="help-checklist"]')?.dataset.ltgLayout === "inline", "inline layout");
      const f = await b.exec(panelFacts);
      assert.equal(f.overlap, false);
      assert.equal(f.account, "partner");
      await b.screenshot("help-ja-partner-narrow");
    } finally {
      await b.cmd("POST", "/window/rect", { width: 1280, height: 800 });
    }
  });

  test("old help center article and a strict CSP page", async () => {
    const { b, url } = ctx;
    await b.goto(url(`/en/support/solutions/articles/48001234567-${AGENCY}?fx=oldhelp&csp=strict`));
    await helpPanel(b);
    const f = await b.exec(panelFacts);
    assert.equal(f.account, "agency");
    assert.ok(f.warnings >= 1);
  });
});
