// Welcome page, opened once on install (background.js): what the extension does in three lines,
// the demo, and the user's own token settings page per account type (the guide starts there).
LTG.localise();
for (const b of document.querySelectorAll("[data-account]")) {
  b.addEventListener("click", async () => {
    const ok = await LTG.startOnApp(b.dataset.account, false).catch(() => false);
    if (!ok) {
      document.getElementById("msg").textContent = LTG.t("welcomeNotStarted",
        "The guide could not be started: its progress was saved by a newer version.");
    }
  });
}
