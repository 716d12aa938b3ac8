// The demo page (an extension page; see the HTML's comment). This script plays the part of the
// app: menus, "Enable Legacy Tokens", the Overview / API Credentials views (by hash, so a reload
// keeps the view) and a pretend reset. Then it loads the extension's own stage one, exactly as
// the browser injects it into impact.com pages; the features run on this page unchanged.
(() => {
  const api = LTG.api;
  const $ = (sel) => document.querySelector(sel);
  // The page speaks the browser's language (so does the guide on it); the app model is English.
  LTG.localise();
  $("main").lang = "en";
  $(".app-bar").lang = "en";

  // ---- the app model
  const enabled = () => sessionStorage.getItem("demo-enabled") === "1";
  const show = () => {
    $("#enable-box").hidden = enabled();
    $("#legacy-card").hidden = !enabled();
    const view = (location.hash || "#tokens").slice(1);
    for (const v of ["tokens", "overview", "credentials"]) {
      $(`#view-${v}`).hidden = v !== (["overview", "credentials"].includes(view) && enabled() ? view : "tokens");
    }
  };
  const closeMenus = (except) => {
    for (const b of document.querySelectorAll("[aria-haspopup=menu]")) {
      if (b === except) continue;
      b.setAttribute("aria-expanded", "false");
      document.getElementById(b.getAttribute("aria-controls")).hidden = true;
    }
  };
  $("#enable").addEventListener("click", () => {
    sessionStorage.setItem("demo-enabled", "1");
    show();
  });
  document.addEventListener("click", (e) => {
    const t = e.target instanceof Element ? e.target : null;
    const opener = t?.closest("[aria-haspopup=menu]");
    if (opener) {
      const open = opener.getAttribute("aria-expanded") !== "true";
      closeMenus(opener);
      opener.setAttribute("aria-expanded", String(open));
      const menu = document.getElementById(opener.getAttribute("aria-controls"));
      menu.hidden = !open;
      if (open) menu.querySelector("[role=menuitem]")?.focus();
      return;
    }
    const item = t?.closest("[role=menuitem]");
    if (item?.dataset.go) location.hash = item.dataset.go;
    if (item?.dataset.reset) {
      $("#demo-status").textContent = `${item.dataset.reset}: token reset (demo). A new value was generated; ` +
        "every integration using the old one would stop working now.";
    }
    closeMenus(null);
  });
  document.addEventListener("keydown", (e) => {
    const item = e.target instanceof Element ? e.target.closest("[role=menuitem]") : null;
    if (e.key === "Escape") closeMenus(null);
    else if (item && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault();
      item.click();
    } else if (item && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
      e.preventDefault();
      const items = [...item.parentElement.querySelectorAll("[role=menuitem]")];
      const i = items.indexOf(item) + (e.key === "ArrowDown" ? 1 : -1);
      items[(i + items.length) % items.length].focus();
    }
  });
  addEventListener("hashchange", show);
  show();

  // Start again: the demo's own data only (storage.session, this tab's page state).
  $("#demo-restart").addEventListener("click", async () => {
    await api.storage.session.remove(["ltg.guide", "ltg.resets", "ltg.quarantine"]);
    sessionStorage.clear();
    location.hash = "";
    location.reload();
  });

  // ---- the extension, loaded as on impact.com: the guide starts by itself on a first visit
  const script = (src) => new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error(`demo: ${src} did not load`));
    document.head.append(s);
  });
  const loaded = document.readyState === "complete" ? Promise.resolve()
    : new Promise((r) => addEventListener("load", r, { once: true }));
  (async () => {
    const got = await api.storage.session.get("ltg.guide");
    if (!got["ltg.guide"]) {
      await api.storage.session.set({ "ltg.guide": { active: true, account: "agency", done: [], schema: LTG.SCHEMA } });
    }
    await loaded;
    // Firefox injects the core's classic glue as a content script before stage one; Chromium's
    // stage one imports the module glue itself.
    if (!api.runtime.getManifest().background?.service_worker) await script("/pkg/ltg.js");
    await script("/start.js");
  })().catch((e) => {
    $("#demo-status").textContent = String(e?.message ?? e);
  });
})();
