//! The help center: beside a token article's steps, a checklist mirroring the walkthrough's
//! verified progress, a "Guide me in impact.com" button, warnings next to the Reset rows of the
//! menu reference, and the legacy rule with the user's cut-off. GitBook navigates client-side,
//! so everything is re-derived from the current URL and content on every change.
use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement};

use super::Ctx;
use crate::core::guide::{fill, Machine, Progress, SCHEMA};
use crate::core::json::Json;
use crate::core::page::{self, Account, PathKind};
use crate::core::settings::{Settings, GUIDE_KEY, SETTINGS_KEY};
use crate::core::text;
use crate::dom::find;
use crate::dom::frame::{Feature, Update, CONTENT};
use crate::dom::storage;

/// Label keys whose presence in the text confirms a token article in any language.
const CONFIRM: [&str; 6] = [
    "legacy-account-tokens",
    "enable-legacy",
    "api-credentials",
    "auth-token",
    "account-sid",
    "platform-rest",
];
const RESET_KEYS: [&str; 4] = ["reset-rw", "reset-ro", "reset-token", "reset"];
/// The side panel needs this much free space right of the article, else it goes inline.
const PANEL_W: f64 = 300.0;

pub struct HelpPages {
    ctx: Rc<Ctx>,
    st: RefCell<St>,
}

#[derive(Default)]
struct St {
    progress: Progress,
    cutoff: String,
    panel: Option<HtmlElement>,
    spacer: Option<HtmlElement>,
    sig: String,
    warnings: Vec<Element>,
    warning_listeners: Vec<EventListener>,
    listeners: Vec<EventListener>,
}

impl HelpPages {
    pub async fn start(ctx: Rc<Ctx>) -> Result<Rc<HelpPages>, JsValue> {
        let read = |k| ctx.initial(k);
        let progress = Progress::from_json(&read(GUIDE_KEY).await.unwrap_or(Json::Null));
        let settings = Settings::from_json(&read(SETTINGS_KEY).await.unwrap_or(Json::Null));
        let cutoff = settings.cutoff().iso();
        let me = Rc::new(HelpPages {
            ctx: ctx.clone(),
            st: RefCell::new(St {
                progress,
                cutoff,
                ..Default::default()
            }),
        });
        let weak = Rc::downgrade(&me);
        storage::watch_key(&ctx.bridge, GUIDE_KEY, move |v: Json| {
            let Some(me) = weak.upgrade() else { return };
            me.st.borrow_mut().progress = Progress::from_json(&v);
            me.poke();
        });
        Ok(me)
    }

    fn poke(&self) {
        self.ctx.frame.poke(CONTENT);
    }

    /// Which token article is showing (None: not one; then nothing of ours stays on the page).
    fn article(&self) -> Option<(Option<Account>, String)> {
        let path = self.ctx.doc.location()?.pathname().ok()?;
        let PathKind::Help { account, slug, .. } = page::recognise(&path) else {
            return None;
        };
        if !crate::core::page::TOKEN_ARTICLES.contains(&slug.as_str()) {
            return None;
        }
        // Confirm by content: the article must name the app's token labels (any language).
        let main = self
            .ctx
            .doc
            .query_selector("main, article, [role=main]")
            .ok()
            .flatten()
            .or_else(|| self.ctx.doc.body().map(Into::into))?;
        let body = text::normalize(&main.text_content().unwrap_or_default());
        let labels: Vec<String> = CONFIRM
            .iter()
            .flat_map(|k| self.ctx.pack.labels_norm(k))
            .collect();
        text::contains_any(&body, &labels).then_some((account, slug))
    }

    fn refresh(self: &Rc<Self>) -> Result<(), JsValue> {
        self.ctx.ui.ensure_attached()?;
        let Some((account, slug)) = self.article() else {
            return self.remove_all();
        };
        let mut st = self.st.borrow_mut();
        // Articles of the "other" space name no account: use the one the user last guided.
        let account = account
            .or_else(|| st.progress.account.as_deref().and_then(Account::parse))
            .unwrap_or(Account::Agency);
        self.render_panel(&mut st, account, &slug)?;
        self.place_panel(&mut st)?;
        self.mark_reset_rows(&mut st, account)?;
        Ok(())
    }

    fn remove_all(&self) -> Result<(), JsValue> {
        let mut st = self.st.borrow_mut();
        for e in [st.panel.take(), st.spacer.take()].into_iter().flatten() {
            e.remove();
        }
        for w in st.warnings.drain(..) {
            w.remove();
        }
        st.warning_listeners.clear();
        st.sig.clear();
        st.listeners.clear();
        self.ctx.ui.host.remove_attribute("data-ltg-side")?;
        self.dock_reminder(None)
    }

    fn render_panel(
        self: &Rc<Self>,
        st: &mut St,
        account: Account,
        slug: &str,
    ) -> Result<(), JsValue> {
        let ctx = &self.ctx;
        let Some(steps) = ctx.pack.guides.get(account.as_str()) else {
            return Ok(());
        };
        let same = st.progress.account.as_deref() == Some(account.as_str());
        let done: Vec<bool> = steps
            .iter()
            .map(|s| same && st.progress.done.contains(&s.id))
            .collect();
        let dark = page_is_dark(&ctx.doc);
        let sig = format!("{account:?}|{slug}|{done:?}|{}|{dark}", st.cutoff);
        if st.sig == sig && st.panel.as_ref().is_some_and(|p| p.is_connected()) {
            return Ok(());
        }
        st.sig = sig;
        if let Some(p) = st.panel.take() {
            p.remove();
        }
        st.listeners.clear();
        let ui = &ctx.ui;
        let panel = ui.part("aside", "help-checklist")?;
        panel.set_attribute("aria-labelledby", "ltg-help-title")?;
        panel.set_attribute("data-ltg-account", account.as_str())?;
        if dark {
            panel.set_attribute("data-theme", "dark")?;
        }
        let h = ui.el("h2", "", ctx.msg("help.title"))?;
        h.set_id("ltg-help-title");
        panel.append_child(&h)?;
        let rule = ui.el(
            "p",
            "muted",
            &fill(ctx.msg("help.rule"), &[("date", &st.cutoff)]),
        )?;
        rule.set_attribute("data-ltg-rule", &st.cutoff)?;
        panel.append_child(&rule)?;
        // A group of checkboxes (not a list: a list item may not be a checkbox).
        let list = ui.el("div", "checklist", "")?;
        list.set_attribute("role", "group")?;
        for (s, d) in steps.iter().zip(&done) {
            let li = ui.el("div", "", "")?;
            li.set_attribute("role", "checkbox")?;
            li.set_attribute("tabindex", "0")?;
            li.set_attribute("data-ltg-step", &s.id)?;
            li.set_attribute("aria-checked", if *d { "true" } else { "false" })?;
            let label = ui.el("span", "", ctx.msg(&format!("step.{}.title", s.id)))?;
            li.append_child(&label)?;
            list.append_child(&li)?;
        }
        panel.append_child(&list)?;
        let href = page::app_url(account);
        let go = ui.button("primary", ctx.msg("help.guide-me"), "guide-me")?;
        go.set_attribute("data-ltg-href", href)?;
        panel.append_child(&go)?;
        let hint = ui.el("p", "muted", ctx.msg("help.hand-tick"))?;
        panel.append_child(&hint)?;

        let weak = Rc::downgrade(self);
        let toggle = move |e: &web_sys::Event| {
            let Some(me) = weak.upgrade() else { return };
            let el = e.target().and_then(|t| crate::dom::as_element(t.into()));
            let Some(el) = el else { return };
            if let Ok(Some(b)) = el.closest("[data-ltg-action=guide-me]") {
                me.guide_me(
                    account,
                    b.get_attribute("data-ltg-href").unwrap_or_default(),
                );
            } else if let Ok(Some(item)) = el.closest("[data-ltg-step]") {
                me.tick(
                    account,
                    &item.get_attribute("data-ltg-step").unwrap_or_default(),
                );
            }
        };
        let t2 = toggle.clone();
        st.listeners
            .push(EventListener::new(&panel, "click", move |e| toggle(e)));
        st.listeners.push(EventListener::new_with_options(
            &panel,
            "keydown",
            active(),
            move |e| {
                let k = e.dyn_ref::<web_sys::KeyboardEvent>().map(|k| k.key());
                let on_item = e
                    .target()
                    .and_then(|t| crate::dom::as_element(t.into()))
                    .is_some_and(|t| t.has_attribute("data-ltg-step"));
                if on_item && matches!(k.as_deref(), Some(" ") | Some("Enter")) {
                    e.prevent_default();
                    t2(e);
                }
            },
        ));
        ui.shadow.append_child(&panel)?;
        st.panel = Some(panel);
        Ok(())
    }

    /// Beside the article where there is room (≥ 1024 px wide layouts), otherwise inline above
    /// the steps: a spacer in the article holds the panel's place, so no text is covered.
    fn place_panel(&self, st: &mut St) -> Result<(), JsValue> {
        let Some(panel) = st.panel.clone() else {
            return Ok(());
        };
        let doc = &self.ctx.doc;
        let win = web_sys::window().ok_or("no window")?;
        let vw = win.inner_width()?.as_f64().unwrap_or(1280.0);
        let steps = steps_list(doc);
        let anchor = steps
            .clone()
            .or_else(|| doc.query_selector("main h1, h1").ok().flatten());
        let right = anchor
            .as_ref()
            .and_then(|a| a.closest("main, article, [role=main]").ok().flatten())
            .or_else(|| anchor.clone())
            .map(|a| a.get_bounding_client_rect().right())
            .unwrap_or(vw);
        let ps = panel.style();
        if vw >= 1024.0 && vw - right >= PANEL_W + 24.0 {
            if let Some(s) = &st.spacer {
                s.style().set_property("display", "none")?;
            }
            panel.set_attribute("data-ltg-layout", "side")?;
            ps.set_property("left", &crate::dom::px(right + 16.0))?;
            ps.set_property("top", "80px")?;
            ps.set_property("width", &crate::dom::px(PANEL_W))?;
            // The side column, for the reset reminder too (ui.css): beside the article, below
            // this panel, never over the article or each other.
            let host = &self.ctx.ui.host;
            host.style()
                .set_property("--ltg-side-left", &crate::dom::px(right + 16.0))?;
            host.style()
                .set_property("--ltg-side-width", &crate::dom::px(PANEL_W))?;
            host.set_attribute("data-ltg-side", "")?;
            self.dock_reminder(None)?;
            return Ok(());
        }
        self.ctx.ui.host.remove_attribute("data-ltg-side")?;
        panel.set_attribute("data-ltg-layout", "inline")?;
        let Some(anchor) = anchor else { return Ok(()) };
        let spacer = match &st.spacer {
            Some(s) if s.is_connected() => s.clone(),
            _ => {
                let s: HtmlElement = doc.create_element("div")?.dyn_into()?;
                s.set_attribute("data-ltg-spacer", "")?;
                s.set_attribute("aria-hidden", "true")?;
                anchor
                    .parent_node()
                    .ok_or("no parent")?
                    .insert_before(&s, Some(&anchor))?;
                st.spacer = Some(s.clone());
                s
            }
        };
        let r = anchor.get_bounding_client_rect();
        let w = r.width().max(240.0).min(vw - 16.0);
        ps.set_property("width", &crate::dom::px(w))?;
        let h = panel.offset_height() as f64;
        // A reset reminder goes right below the panel, in the same reserved space: it covers
        // neither the panel nor the article.
        let rem_h = self
            .reminder()
            .map_or(0.0, |r| r.offset_height() as f64 + 8.0);
        let ss = spacer.style();
        ss.set_property("display", "block")?;
        ss.set_property("height", &crate::dom::px(h + 12.0 + rem_h))?;
        let sr = spacer.get_bounding_client_rect();
        ps.set_property("left", &crate::dom::px(sr.left()))?;
        ps.set_property("top", &crate::dom::px(sr.top()))?;
        self.dock_reminder(Some((sr.left(), sr.top() + h + 8.0, w)))?;
        Ok(())
    }

    /// The reset reminder's panel (the reminder feature draws it in the same shadow root).
    fn reminder(&self) -> Option<HtmlElement> {
        self.ctx
            .ui
            .find_part("reset-reminder")
            .map(|e| e.unchecked_into::<HtmlElement>())
    }

    /// Place the reminder at (left, top, width) in the inline layout, or give it back to its
    /// stylesheet (its corner, or the side column).
    fn dock_reminder(&self, at: Option<(f64, f64, f64)>) -> Result<(), JsValue> {
        let Some(rem) = self.reminder() else {
            return Ok(());
        };
        let rs = rem.style();
        match at {
            Some((left, top, width)) => {
                rs.set_property("left", &crate::dom::px(left))?;
                rs.set_property("top", &crate::dom::px(top))?;
                rs.set_property("width", &crate::dom::px(width))?;
                rs.set_property("bottom", "auto")?;
                rs.set_property("max-height", "none")?;
            }
            None => {
                for p in ["left", "top", "width", "bottom", "max-height"] {
                    rs.remove_property(p)?;
                }
            }
        }
        Ok(())
    }

    fn mark_reset_rows(&self, st: &mut St, account: Account) -> Result<(), JsValue> {
        st.warnings.retain(|w| w.is_connected());
        let docs = [self.ctx.doc.clone()];
        let labels: Vec<String> = RESET_KEYS
            .iter()
            .flat_map(|k| self.ctx.pack.labels_norm(k))
            .collect();
        for row in find::query_deep(&docs[0], "tr, [role=row]") {
            let first = row
                .query_selector("td, th, [role=cell], [role=gridcell], [role=rowheader]")
                .ok()
                .flatten();
            let Some(cell) = first else { continue };
            if cell
                .query_selector("[data-ltg-part=help-reset-warning]")?
                .is_some()
            {
                continue;
            }
            let name = text::normalize(&cell.text_content().unwrap_or_default());
            if text::match_labels(&name, &labels) == text::Match::None {
                continue;
            }
            let w = self.warning(account)?;
            cell.append_child(&w)?;
            // With a reset reminder on this page, the link opens that checklist instead.
            let ui = self.ctx.ui.clone();
            let link = w
                .shadow_root()
                .and_then(|sr| sr.query_selector("a").ok().flatten())
                .ok_or("warning without link")?;
            st.warning_listeners.push(EventListener::new_with_options(
                &link,
                "click",
                active(),
                move |e| {
                    let Some(r) = ui.find_part("reset-reminder") else {
                        return;
                    };
                    e.prevent_default();
                    r.scroll_into_view();
                    if let Some(first) = r
                        .query_selector("button, input, [tabindex]")
                        .ok()
                        .flatten()
                        .and_then(|f| f.dyn_into::<HtmlElement>().ok())
                    {
                        let _ = first.focus();
                    }
                },
            ));
            st.warnings.push(w.into());
        }
        Ok(())
    }

    /// A small note of our own, styled in its own shadow root (the page's cell is untouched).
    fn warning(&self, account: Account) -> Result<HtmlElement, JsValue> {
        let doc = &self.ctx.doc;
        let host: HtmlElement = doc.create_element("span")?.dyn_into()?;
        host.set_attribute("data-ltg-part", "help-reset-warning")?;
        host.set_attribute("role", "note")?;
        let sr =
            host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))?;
        crate::dom::apply_css(doc, &sr, WARN_CSS)?;
        let box_ = doc.create_element("span")?;
        box_.set_class_name("w");
        box_.set_text_content(Some(self.ctx.msg("help.reset-warning")));
        let a = doc.create_element("a")?;
        a.set_attribute("href", page::app_url(account))?;
        a.set_attribute("target", "_blank")?;
        a.set_attribute("rel", "noopener")?;
        a.set_attribute("data-ltg-action", "open-reset-checklist")?;
        a.set_text_content(Some(self.ctx.msg("help.reset-link")));
        box_.append_child(&doc.create_text_node(" "))?;
        box_.append_child(&a)?;
        sr.append_child(&box_)?;
        // The text is also the host's accessible description for screen readers.
        host.set_attribute("aria-label", self.ctx.msg("help.reset-warning"))?;
        Ok(host)
    }

    fn tick(&self, account: Account, id: &str) {
        let mut st = self.st.borrow_mut();
        if st.progress.account.as_deref() != Some(account.as_str()) {
            st.progress = Progress {
                account: Some(account.as_str().into()),
                dismissed: st.progress.dismissed,
                ..Default::default()
            };
        }
        if let Some(i) = st.progress.done.iter().position(|d| d == id) {
            st.progress.done.remove(i);
        } else {
            st.progress.done.push(id.to_string());
        }
        // Progress of a newer version is never written back in our older shape.
        if st.progress.schema > SCHEMA {
            return;
        }
        st.progress.schema = SCHEMA;
        storage::save(&self.ctx.bridge, GUIDE_KEY, &st.progress.to_json());
        drop(st);
        self.poke();
    }

    /// Start the walkthrough for this account type and open the app page where it runs.
    fn guide_me(&self, account: Account, href: String) {
        let mut st = self.st.borrow_mut();
        if st.progress.schema > SCHEMA {
            return;
        }
        if st.progress.account.as_deref() != Some(account.as_str()) {
            st.progress = Progress {
                account: Some(account.as_str().into()),
                ..Default::default()
            };
        }
        if let Some(steps) = self.ctx.pack.guides.get(account.as_str()) {
            Machine::new(steps).start(&mut st.progress, false);
        }
        st.progress.schema = SCHEMA;
        let progress = st.progress.clone();
        let ctx = self.ctx.clone();
        // Open the app only once storage has the started guide (Firefox drops a write still in
        // flight when a new window opens); the click's user activation outlasts this wait.
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(e) = storage::put(&ctx.bridge, GUIDE_KEY, &progress.to_json()).await {
                web_sys::console::warn_2(&"Legacy Token Guide: could not save".into(), &e);
            }
            if let Some(w) = web_sys::window() {
                let _ = w.open_with_url_and_target_and_features(&href, "_blank", "noopener");
            }
        });
    }
}

const WARN_CSS: &str = ":host{display:inline-block;margin:4px 0 0 6px}\
.w{display:inline-block;font:12px/1.4 system-ui,sans-serif;padding:2px 8px;border-radius:6px;\
background:#fff4e5;color:#8a4500;border:1px solid #b35900}\
a{color:inherit;font-weight:600}\
@media (prefers-color-scheme:dark){.w{background:#3a2a14;color:#ffb86b;border-color:#ffb86b}}";

/// The article's numbered steps: the first `<ol>` in the main content.
fn steps_list(doc: &web_sys::Document) -> Option<Element> {
    doc.query_selector("main ol, article ol, [role=main] ol")
        .ok()
        .flatten()
        .or_else(|| doc.query_selector("ol").ok().flatten())
}

/// The site's own scheme: a `dark` class or a dark page background.
fn page_is_dark(doc: &web_sys::Document) -> bool {
    let Some(root) = doc.document_element() else {
        return false;
    };
    if root.class_list().contains("dark")
        || root.get_attribute("data-theme").as_deref() == Some("dark")
    {
        return true;
    }
    let bg = doc
        .body()
        .and_then(|b| web_sys::window()?.get_computed_style(&b).ok().flatten())
        .and_then(|s| s.get_property_value("background-color").ok())
        .unwrap_or_default();
    // rgb(r, g, b) / rgba(r, g, b, a): whole numbers are enough (an alpha "0.5" reads as 0 and
    // 5, and only "is it 0" matters); integer parsing keeps float parsing out of the wasm.
    let nums: Vec<f64> = bg
        .trim_start_matches(|c: char| !c.is_ascii_digit())
        .split(|c: char| !c.is_ascii_digit() && c != '.')
        .filter_map(|n| {
            let (int, frac) = n.split_once('.').unwrap_or((n, ""));
            let i: u32 = if int.is_empty() { 0 } else { int.parse().ok()? };
            let nonzero_frac = frac.bytes().any(|b| b != b'0');
            Some(if i == 0 && nonzero_frac {
                0.5
            } else {
                i as f64
            })
        })
        .collect();
    // Transparent (alpha 0) says nothing; otherwise judge by luminance.
    nums.len() >= 3
        && nums.get(3).is_none_or(|a| *a > 0.0)
        && (0.2126 * nums[0] + 0.7152 * nums[1] + 0.0722 * nums[2]) < 90.0
}

/// gloo's listeners are passive by default; these call `preventDefault`.
impl Feature for HelpPages {
    fn name(&self) -> &'static str {
        "help"
    }

    fn update(self: Rc<Self>, _u: &Update) -> Result<(), JsValue> {
        self.refresh()
    }
}

fn active() -> EventListenerOptions {
    EventListenerOptions::enable_prevent_default()
}
