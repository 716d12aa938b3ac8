//! Reset guard: marks the reset items of token menus, stops their activation in the capture
//! phase until the user confirms a warning dialog, lets the app's own action run exactly once,
//! then keeps a reminder with the integrations checklist (top frame) until it is done.
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions, EventListenerPhase};
use wasm_bindgen::prelude::*;
use web_sys::{Element, Event, HtmlElement, KeyboardEvent};

use super::resets_store::{self, Outcome};
use super::Ctx;
use crate::core::guide::fill;
use crate::core::resets::{self, Resets, KINDS};
use crate::core::text;
use crate::core::tokens::Kind;
use crate::dom::find;
use crate::dom::frame::{Feature, Page, Update};
use crate::dom::storage;

use crate::core::settings::RESETS_KEY as KEY;
/// Items whose name comes from another element (`aria-labelledby`).
const LABELLED_ITEMS: &str =
    "[role=menuitem][aria-labelledby],[role=menuitemradio][aria-labelledby],\
[role=option][aria-labelledby],button[aria-labelledby],[role=button][aria-labelledby]";

/// Controls that can be a reset item (menu items, and buttons for the edit page's Reset Token).
const ITEMS: &str = "[role=menuitem],[role=menuitemradio],[role=menuitemcheckbox],[role=option],\
button,[role=button],a[href],[role=link],input[type=button],input[type=submit]";

pub struct ResetGuard {
    ctx: Rc<Ctx>,
    labels: Vec<(&'static str, Vec<String>)>,
    st: RefCell<St>,
    /// Every normalised reset label: page text that could be (part of) a reset item's name.
    stems: Vec<String>,
    listeners: RefCell<Vec<EventListener>>,
    /// Our own replay of an approved activation is running (our listeners let it through).
    replaying: std::cell::Cell<bool>,
    /// Where the last Enter/Space went down (a release elsewhere is no activation).
    key_down: RefCell<Option<Element>>,
}

struct Pending {
    el: Element,
    kind: &'static str,
    name: String,
    token: String,
    how: How,
}

/// How the user activated the item: replayed the same way after "Reset anyway".
#[derive(Clone)]
enum How {
    /// A click, tap or pointer/mouse release on the item.
    Pointer,
    /// Enter or Space on `target` (the item, or a menu pointing at it by aria-activedescendant).
    Key { key: String, target: Element },
}

#[derive(Default)]
struct St {
    /// The stored reminders, read only here (the warning lists integrations already named for
    /// the token); kept fresh from storage.
    known: Resets,
    marks: Vec<(Element, HtmlElement)>,
    last_card: String,
    pending: Option<Pending>,
    /// When the last reset was approved, and for which token: the app's own confirmation box
    /// that follows (which may repeat the "Reset Token" label) is not guarded a second time —
    /// once, within 10 s, for that token only.
    approved_at: f64,
    approved_token: String,
    dialog: Option<HtmlElement>,
    dialog_listeners: Vec<EventListener>,
    restore_focus: Option<HtmlElement>,
}

fn now() -> f64 {
    js_sys::Date::now()
}

fn capture() -> EventListenerOptions {
    EventListenerOptions {
        phase: EventListenerPhase::Capture,
        passive: false,
    }
}

fn active() -> EventListenerOptions {
    EventListenerOptions::enable_prevent_default()
}

fn warn(what: &str, e: &JsValue) {
    web_sys::console::warn_2(&format!("Legacy Token Guide: {what}").into(), e);
}

impl ResetGuard {
    /// App pages, every frame.
    pub fn start(ctx: Rc<Ctx>) -> Result<Rc<ResetGuard>, JsValue> {
        let win = web_sys::window().ok_or("no window")?;
        let labels: Vec<(&'static str, Vec<String>)> = KINDS
            .iter()
            .map(|k| (*k, ctx.pack.labels_norm(k)))
            .collect();
        let mut stems: Vec<String> = labels.iter().flat_map(|(_, l)| l.clone()).collect();
        crate::core::sort::natural(&mut stems);
        stems.dedup();
        let me = Rc::new(ResetGuard {
            ctx: ctx.clone(),
            labels,
            st: RefCell::new(St::default()),
            stems,
            listeners: RefCell::new(Vec::new()),
            replaying: std::cell::Cell::new(false),
            key_down: RefCell::new(None),
        });
        me.intercept(&win);
        me.read_known();
        {
            // Stage one held a reset activation before we listened: ask about it now. It holds
            // nothing from here on.
            ctx.bridge.guard_ready();
            // [item, key or null, key target]
            let held = ctx.bridge.take_held();
            if let Some(el) = held.as_ref().and_then(|h| crate::dom::as_element(h.get(0))) {
                let how = match (
                    held.as_ref().and_then(|h| h.get(1).as_string()),
                    held.as_ref().and_then(|h| crate::dom::as_element(h.get(2))),
                ) {
                    (Some(key), Some(target)) => How::Key { key, target },
                    _ => How::Pointer,
                };
                match me.guarded(&el) {
                    Some((item, kind)) => {
                        if let Err(e) = me.open_dialog(item, kind, how) {
                            warn("reset warning", &e);
                        }
                    }
                    // Not a reset item after all (stage one's test is coarser): let it through.
                    None => el.unchecked_ref::<web_sys::HtmlElement>().click(),
                }
            }
        }
        Ok(me)
    }

    // ---------------------------------------------------------------- interception

    /// Capture-phase listeners on the window for every way an app may act on an item: the
    /// app's handlers never see an activation of a reset item before approval. Pointer and
    /// mouse *down* and hover pass (menus keep their pressed and hover styles).
    fn intercept(self: &Rc<Self>, win: &web_sys::Window) {
        let mut ls = Vec::new();
        for ev in ["click", "pointerup", "mouseup", "keydown", "keyup"] {
            let weak = Rc::downgrade(self);
            ls.push(EventListener::new_with_options(
                win,
                ev,
                capture(),
                move |e| {
                    let Some(me) = weak.upgrade() else { return };
                    if !e.type_().starts_with("key") {
                        me.on_pointer(e);
                    } else if let Some(k) = crate::dom::key_of(e)
                        .filter(|k| matches!(k.as_str(), "Enter" | " " | "Spacebar"))
                    {
                        me.on_key(e, k);
                    }
                },
            ));
        }
        *self.listeners.borrow_mut() = ls;
    }

    /// The reset item an event target belongs to, and its kind.
    fn guarded(&self, target: &Element) -> Option<(Element, &'static str)> {
        let el = target.closest(ITEMS).ok().flatten()?;
        if el.id() == "ltg-root" {
            return None;
        }
        let kind = self.kind_of(&el)?;
        Some((el, kind))
    }

    fn kind_of(&self, el: &Element) -> Option<&'static str> {
        let name = find::accessible_name(el);
        if name.len() > 120 {
            return None;
        }
        let kind = resets::classify(&text::normalize(&name), &self.labels)?;
        // Menu resets only count inside a menu; the edit page's Reset Token is a button.
        let in_menu = find::role(el).starts_with("menuitem")
            || find::role(el) == "option"
            || el
                .closest("[role=menu],[role=menubar],[role=listbox]")
                .ok()
                .flatten()
                .is_some();
        (kind == "reset-token" || in_menu).then_some(kind)
    }

    /// The element the activation started on (inside open shadow roots too); None for our UI.
    fn target_of(e: &Event) -> Option<Element> {
        if crate::dom::from_our_ui(e) {
            return None;
        }
        crate::dom::event_origin(e)
    }

    fn on_pointer(self: &Rc<Self>, e: &Event) {
        if !crate::dom::alive() || self.replaying.get() {
            return;
        }
        let Some(t) = Self::target_of(e) else { return };
        let Some((el, kind)) = self.guarded(&t) else {
            if e.type_() == "click" {
                self.remember_card(&t);
            }
            return;
        };
        self.hold(e, el, kind, How::Pointer);
    }

    fn on_key(self: &Rc<Self>, e: &Event, key: String) {
        if !crate::dom::alive() || self.replaying.get() {
            return;
        }
        let Some(t) = Self::target_of(e) else {
            // A key pressed in our own UI: a later release elsewhere is no activation.
            if e.type_() == "keydown" {
                *self.key_down.borrow_mut() = None;
            }
            return;
        };
        // A menu that keeps focus and points at its active item (aria-activedescendant).
        let item = self
            .guarded(&t)
            .or_else(|| active_descendant(&t).and_then(|a| self.guarded(&a)));
        let down = e.type_() == "keydown";
        let pressed_here = {
            let mut last = self.key_down.borrow_mut();
            if down {
                *last = Some(t.clone());
                true
            } else {
                last.take().is_some_and(|d| d == t)
            }
        };
        let Some((el, kind)) = item else {
            if down {
                self.remember_card(&t);
            }
            return;
        };
        if !pressed_here {
            // The release of a key pressed elsewhere (Enter on [More] opened the menu and moved
            // focus to this item): never the app's, never a warning.
            e.stop_immediate_propagation();
            e.prevent_default();
            return;
        }
        self.hold(e, el, kind, How::Key { key, target: t });
    }

    /// Stop the app from seeing this activation of a reset control and ask first.
    fn hold(self: &Rc<Self>, e: &Event, el: Element, kind: &'static str, how: How) {
        if self.confirms_approved(&el) {
            return;
        }
        e.stop_immediate_propagation();
        e.prevent_default();
        // One gesture sends several events (pointerup, mouseup, click): one warning.
        if self.st.borrow().pending.is_none() {
            if let Err(err) = self.open_dialog(el, kind, how) {
                warn("reset warning", &err);
            }
        }
    }

    /// A reset control inside the app's own confirmation dialog, shortly after the user
    /// approved a reset in ours: that is the app asking again, not a new reset.
    fn confirms_approved(&self, el: &Element) -> bool {
        let in_menu = el
            .closest("[role=menu],[role=menubar],[role=listbox]")
            .ok()
            .flatten()
            .is_some()
            || find::role(el).starts_with("menuitem");
        let in_dialog = el
            .closest("[role=dialog],[role=alertdialog],dialog")
            .ok()
            .flatten()
            .is_some();
        if in_menu || !in_dialog || now() - self.st.borrow().approved_at >= 10_000.0 {
            return false;
        }
        let token = self.token_for(el);
        let mut st = self.st.borrow_mut();
        if !st.approved_token.is_empty() && !token.is_empty() && token != st.approved_token {
            return false;
        }
        st.approved_at = 0.0; // once
        true
    }

    /// A [More] (or other icon) trigger was clicked: remember its card's name.
    fn remember_card(&self, t: &Element) {
        let Some(c) = t
            .closest("button,[role=button],a,[role=link]")
            .ok()
            .flatten()
        else {
            return;
        };
        let own = c.text_content().unwrap_or_default();
        if c.has_attribute("aria-haspopup") || own.trim().chars().count() <= 2 {
            let name = card_name(&c);
            if !name.is_empty() {
                self.st.borrow_mut().last_card = name;
            }
        }
    }

    /// The token an item belongs to. A menu item: the card of the trigger that owns the menu
    /// (`aria-controls`), else of the trigger last activated, else of the one expanded trigger.
    /// An item inline in a card or row: that card. The edit page's Reset Token: the card last
    /// opened.
    fn token_for(&self, el: &Element) -> String {
        let last = self.st.borrow().last_card.clone();
        let menu = el
            .closest("[role=menu],[role=menubar],[role=listbox]")
            .ok()
            .flatten();
        if let Some(menu) = menu {
            let id = menu.id();
            if !id.is_empty() {
                let owner = find::query_deep(&self.ctx.doc, "[aria-controls]")
                    .into_iter()
                    .find(|t| {
                        t.get_attribute("aria-controls")
                            .is_some_and(|c| c.split_whitespace().any(|c| c == id))
                    });
                if let Some(name) = owner.map(|t| card_name(&t)).filter(|n| !n.is_empty()) {
                    return name;
                }
            }
            // A menu inline in its card: the trigger beside it.
            let beside = menu
                .parent_element()
                .and_then(|p| p.query_selector("[aria-haspopup]").ok().flatten());
            if let Some(name) = beside.map(|t| card_name(&t)).filter(|n| !n.is_empty()) {
                return name;
            }
            // The one expanded trigger (the app may open a menu by itself), else the last one
            // the user activated.
            let open: Vec<Element> = find::query_deep(
                &self.ctx.doc,
                "[aria-haspopup][aria-expanded=true],[aria-haspopup][aria-expanded='true']",
            )
            .into_iter()
            .filter(|t| t.id() != "ltg-root")
            .collect();
            if let [one] = open.as_slice() {
                let name = card_name(one);
                if !name.is_empty() {
                    return name;
                }
            }
            // No trigger known: the card the menu sits in (a menu shown inline).
            if last.is_empty() {
                return card_name(&menu);
            }
            return last;
        }
        if self.kind_of(el) == Some("reset-token") && !last.is_empty() {
            return last;
        }
        let own = card_name(el);
        if own.is_empty() {
            last
        } else {
            own
        }
    }

    // ---------------------------------------------------------------- the warning dialog

    fn open_dialog(
        self: &Rc<Self>,
        el: Element,
        kind: &'static str,
        how: How,
    ) -> Result<(), JsValue> {
        let ctx = &self.ctx;
        let ui = &ctx.ui;
        ui.ensure_attached()?;
        let token = self.token_for(&el);
        let shown = if token.is_empty() {
            ctx.msg("reset.unknown-token").to_string()
        } else {
            token.clone()
        };
        let listed = self.st.borrow().known.integrations_for(&token);
        let restore = ctx
            .doc
            .active_element()
            .and_then(|a| a.dyn_into::<HtmlElement>().ok());

        // A <dialog> shown modal: in the top layer, above any modal dialog of the app's, which
        // would otherwise cover the warning and make it inert.
        let back = ui.part("dialog", "reset-warning-backdrop")?;
        let dlg = ui.part("div", "reset-warning")?;
        dlg.set_attribute("role", "alertdialog")?;
        dlg.set_attribute("aria-modal", "true")?;
        dlg.set_attribute("aria-labelledby", "ltg-rw-title")?;
        dlg.set_attribute("aria-describedby", "ltg-rw-desc")?;
        dlg.set_attribute("data-ltg-guard", kind)?;
        dlg.set_attribute("lang", &ctx.lang)?;
        let h = ui.el("h2", "", ctx.msg("reset.title"))?;
        h.set_id("ltg-rw-title");
        dlg.append_child(&h)?;
        let desc = ui.el("div", "", "")?;
        desc.set_id("ltg-rw-desc");
        let which = ui.el(
            "p",
            "",
            &fill(
                ctx.msg("reset.which"),
                &[("token", &shown), ("scope", &ctx.reset_scope(kind))],
            ),
        )?;
        which.set_attribute("data-ltg-token", "")?;
        desc.append_child(&which)?;
        desc.append_child(&ui.el("p", "", ctx.msg("reset.body"))?.into())?;
        if listed.is_empty() {
            desc.append_child(&ui.el("p", "muted", ctx.msg("reset.none-listed"))?.into())?;
        } else {
            desc.append_child(&ui.el("p", "", ctx.msg("reset.listed"))?.into())?;
            let ul = ui.el("ul", "", "")?;
            ul.set_attribute("data-ltg-integrations", "")?;
            for n in &listed {
                ul.append_child(&ui.el("li", "", n)?.into())?;
            }
            desc.append_child(&ul)?;
        }
        dlg.append_child(&desc)?;
        let actions = ui.el("div", "pop-actions", "")?;
        let proceed = ui.button("danger", ctx.msg("reset.proceed"), "proceed")?;
        let cancel = ui.button("primary", ctx.msg("reset.cancel"), "cancel")?;
        actions.append_child(&proceed)?;
        actions.append_child(&cancel)?;
        dlg.append_child(&actions)?;
        back.append_child(&dlg)?;

        let mut ls = Vec::new();
        // Nothing that happens in the dialog reaches the page (its menus stay as they are).
        for ev in [
            "click",
            "mousedown",
            "mouseup",
            "pointerdown",
            "pointerup",
            "touchstart",
            "touchend",
            "keyup",
            "keypress",
        ] {
            ls.push(EventListener::new(&back, ev, |e| e.stop_propagation()));
        }
        // A key pressed on the menu item and released in the dialog does not press a button.
        let armed = Rc::new(Cell::new(false));
        {
            let armed = armed.clone();
            ls.push(EventListener::new_with_options(
                &back,
                "keyup",
                active(),
                move |e| {
                    let k = e
                        .dyn_ref::<KeyboardEvent>()
                        .map(|k| k.key())
                        .unwrap_or_default();
                    if matches!(k.as_str(), "Enter" | " " | "Spacebar") && !armed.get() {
                        e.prevent_default();
                    }
                    armed.set(false);
                },
            ));
        }
        let weak = Rc::downgrade(self);
        let (c2, p2) = (cancel.clone(), proceed.clone());
        ls.push(EventListener::new_with_options(
            &back,
            "keydown",
            active(),
            move |e| {
                e.stop_propagation();
                let Some(k) = e.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                let Some(me) = weak.upgrade() else { return };
                match k.key().as_str() {
                    "Escape" | "Esc" => {
                        e.prevent_default();
                        me.close_dialog(false);
                    }
                    "Tab" => {
                        e.prevent_default();
                        // Two buttons: Tab and Shift+Tab both cycle between them.
                        let act = me.ctx.ui.shadow.active_element();
                        let on_cancel = act.as_ref() == Some(c2.unchecked_ref::<Element>());
                        let _ = if on_cancel { p2.focus() } else { c2.focus() };
                    }
                    "Enter" | " " | "Spacebar" => armed.set(true),
                    _ => {}
                }
            },
        ));
        let weak = Rc::downgrade(self);
        let c3 = cancel.clone();
        ls.push(EventListener::new(&back, "click", move |e| {
            let Some(me) = weak.upgrade() else { return };
            let t = crate::dom::event_origin(e);
            let action = t
                .as_ref()
                .and_then(|t| t.closest("[data-ltg-action]").ok().flatten())
                .and_then(|a| a.get_attribute("data-ltg-action"));
            match action.as_deref() {
                Some("cancel") => me.close_dialog(false),
                Some("proceed") => me.close_dialog(true),
                _ => {
                    let _ = c3.focus();
                }
            }
        }));
        // Esc on a modal dialog cancels it natively: that is our Cancel.
        let weak = Rc::downgrade(self);
        ls.push(EventListener::new_with_options(
            &back,
            "cancel",
            active(),
            move |e| {
                e.prevent_default();
                if let Some(me) = weak.upgrade() {
                    me.close_dialog(false);
                }
            },
        ));
        ui.shadow.append_child(&back)?;
        let modal = js_sys::Reflect::get(&back, &"showModal".into())
            .ok()
            .filter(|f| f.is_function())
            .is_some_and(|f| f.unchecked_into::<js_sys::Function>().call0(&back).is_ok());
        if !modal {
            // No top layer here (or the page's state refused it): the fixed backdrop still covers.
            back.set_attribute("open", "")?;
        }
        {
            let mut st = self.st.borrow_mut();
            st.dialog = Some(back);
            st.dialog_listeners = ls;
            st.restore_focus = restore;
            st.pending = Some(Pending {
                name: text::normalize(&find::accessible_name(&el)),
                el,
                kind,
                token,
                how,
            });
        }
        cancel.focus()?;
        self.announce(&fill(ctx.msg("reset.announce"), &[("token", &shown)]));
        Ok(())
    }

    fn announce(&self, s: &str) {
        if let Some(st) = self.ctx.ui.find_part("status") {
            st.set_text_content(Some(s));
        }
    }

    fn close_dialog(self: &Rc<Self>, proceed: bool) {
        let (pending, restore) = {
            let mut st = self.st.borrow_mut();
            if let Some(d) = st.dialog.take() {
                d.remove();
            }
            st.dialog_listeners.clear();
            (st.pending.take(), st.restore_focus.take())
        };
        let Some(p) = pending else { return };
        if !proceed {
            if let Some(r) = restore.filter(|r| r.is_connected()) {
                let _ = r.focus();
            }
            return;
        }
        // The approved element, or the same item of the SAME token re-rendered as a new node
        // (exactly one such element; a look-alike of another token never counts).
        let el = if p.el.is_connected() {
            Some(p.el.clone())
        } else {
            let same: Vec<Element> = find::query_deep(&self.ctx.doc, ITEMS)
                .into_iter()
                .filter(|e| {
                    find::is_visible(e)
                        && self.kind_of(e) == Some(p.kind)
                        && text::normalize(&find::accessible_name(e)) == p.name
                        && self.token_for(e) == p.token
                })
                .collect();
            match same.as_slice() {
                [one] => Some(one.clone()),
                _ => None,
            }
        };
        let Some(el) = el else {
            self.announce(self.ctx.msg("reset.gone"));
            if let Some(r) = restore.filter(|r| r.is_connected()) {
                let _ = r.focus();
            }
            return;
        };
        {
            let mut st = self.st.borrow_mut();
            st.approved_at = now();
            st.approved_token = p.token.clone();
        }
        // The app gets the activation it listens for, once, as the user made it.
        self.replaying.set(true);
        let how = match &p.how {
            // A menu still pointing at the item gets the key again; else the item itself.
            How::Key { key, target } => How::Key {
                key: key.clone(),
                target: if target.is_connected() && active_descendant(target).as_ref() == Some(&el)
                {
                    target.clone()
                } else {
                    el.clone()
                },
            },
            How::Pointer => How::Pointer,
        };
        replay(&el, &how);
        self.replaying.set(false);
        self.remember(p.kind, p.token);
    }

    /// Keep a read-only copy of the stored reminders.
    fn read_known(self: &Rc<Self>) {
        let weak = Rc::downgrade(self);
        storage::watch_key(&self.ctx.bridge, KEY, move |v| {
            if let Some(me) = weak.upgrade() {
                me.st.borrow_mut().known = resets::recover(&v);
            }
        });
        let weak = Rc::downgrade(self);
        wasm_bindgen_futures::spawn_local(async move {
            let Some(b) = weak.upgrade().map(|me| me.ctx.bridge.clone()) else {
                return;
            };
            if let (Ok(v), Some(me)) = (storage::get(&b, KEY).await, weak.upgrade()) {
                me.st.borrow_mut().known = resets::recover(&v);
            }
        });
    }

    /// Add the reminder of a confirmed reset to storage (read, add, write: other tabs' and the
    /// reminder's own entries are kept). The reminder feature shows it from there.
    fn remember(&self, kind: &'static str, token: String) {
        let bridge = self.ctx.bridge.clone();
        let op = resets::Op::Confirm {
            id: format!("{}-{}", now() as u64, (js_sys::Math::random() * 1e6) as u32),
            kind: kind.into(),
            token,
            at: now(),
            account: {
                let seen = self.ctx.seen.borrow();
                if seen.kind.is_empty() {
                    crate::core::json::Json::Null
                } else {
                    seen.to_json()
                }
            },
        };
        wasm_bindgen_futures::spawn_local(async move {
            // A failed write is tried again (storage may be briefly unavailable); the op is
            // idempotent, so a write that did land is not doubled.
            for attempt in 0..4 {
                match resets_store::commit(&bridge, std::slice::from_ref(&op)).await {
                    Ok(Outcome::Saved(_)) => return,
                    Ok(Outcome::Newer(_)) => {
                        warn("reminders of a newer version: not written", &JsValue::NULL);
                        return;
                    }
                    Err(e) if attempt == 3 => warn("could not save the reset reminder", &e),
                    Err(_) => crate::dom::sleep(400 * (attempt + 1)).await,
                }
            }
        });
    }

    // ---------------------------------------------------------------- marks

    fn refresh(self: &Rc<Self>, u: &Update) -> Result<(), JsValue> {
        if u.content() {
            self.ctx.ui.ensure_attached()?;
            if let Some(page) = u.page() {
                self.mark(page)?;
            }
        }
        self.place_marks()
    }

    /// Could this page text be (the start of) a reset item's name? A cheap superset, so the
    /// exact test ([`Self::kind_of`]) touches only a few elements, not every button of the page.
    fn maybe_reset(&self, s: &str) -> bool {
        if s.is_empty() || s.len() > 400 {
            return false;
        }
        let n = text::normalize(s);
        n.chars().count() >= 2
            && self
                .stems
                .iter()
                .any(|l| n.starts_with(l.as_str()) || l.starts_with(n.as_str()))
    }

    /// The reset items shown now, from the frame's page walk: marked, with a mark beside them.
    fn mark(&self, page: &Page) -> Result<(), JsValue> {
        let ui = &self.ctx.ui;
        let mut st = self.st.borrow_mut();
        let mut keep: Vec<(Element, HtmlElement)> = Vec::new();
        let seen = js_sys::Set::new(&JsValue::UNDEFINED);
        let nodes = &page.tree.nodes;
        // Reset-like text or names from the walk, each mapped to the element holding it (a
        // text at the top of a shadow root belongs to the shadow's host)…
        let from_walk = nodes.iter().enumerate().filter_map(|(i, n)| match n.kind {
            Kind::Element if self.maybe_reset(&n.name) => Some(i as u32),
            Kind::Text if self.maybe_reset(&n.name) => {
                let p = nodes.get(n.parent as usize)?;
                match p.kind {
                    Kind::Element => Some(n.parent),
                    Kind::Shadow => Some(p.parent).filter(|h| (*h as usize) < nodes.len()),
                    Kind::Text => None,
                }
            }
            _ => None,
        });
        let mut candidates: Vec<Element> = from_walk
            .filter_map(|i| page.element(i).closest(ITEMS).ok().flatten())
            .collect();
        // …and items named by other elements (aria-labelledby: the text is elsewhere).
        candidates.extend(page.query(&self.ctx.doc, LABELLED_ITEMS));
        for el in candidates {
            if seen.has(&el) {
                continue;
            }
            seen.add(&el);
            if el.id() == "ltg-root" || el.text_content().unwrap_or_default().len() > 120 {
                continue;
            }
            let Some(kind) = self.kind_of(&el) else {
                continue;
            };
            if !find::is_visible(&el) {
                continue;
            }
            if el.get_attribute("data-ltg-guard").as_deref() != Some(kind) {
                el.set_attribute("data-ltg-guard", kind)?;
            }
            if !el.has_attribute("title") {
                el.set_attribute("title", self.ctx.msg("reset.tip"))?;
                // Ours to remove again if the core stops (stage one cleans up by this mark).
                el.set_attribute("data-ltg-titled", "")?;
            }
            let mark = match st.marks.iter().position(|(e, _)| *e == el) {
                Some(i) => st.marks.remove(i).1,
                None => {
                    let m = ui.part("span", "reset-mark")?;
                    m.set_text_content(Some(self.ctx.msg("reset.mark")));
                    m.set_attribute("aria-hidden", "true")?;
                    m.set_title(self.ctx.msg("reset.tip"));
                    m.set_attribute("data-ltg-guard", kind)?;
                    ui.shadow.append_child(&m)?;
                    m
                }
            };
            keep.push((el, mark));
        }
        for (_, m) in st.marks.drain(..) {
            m.remove();
        }
        st.marks = keep;
        Ok(())
    }

    fn place_marks(&self) -> Result<(), JsValue> {
        let st = self.st.borrow();
        for (el, m) in &st.marks {
            let r = el.get_bounding_client_rect();
            let s = m.style();
            let (w, h) = (m.offset_width() as f64, m.offset_height() as f64);
            s.set_property("left", &crate::dom::px((r.right() - w - 6.0).max(0.0)))?;
            s.set_property(
                "top",
                &crate::dom::px((r.top() + (r.height() - h) / 2.0).max(0.0)),
            )?;
        }
        Ok(())
    }
}

/// The name of the token card/row holding a trigger: the first short text of the nearest
/// ancestor that has text besides the trigger. Text nodes only (never input values); a value
/// that looks like a credential is never taken.
impl Feature for ResetGuard {
    fn name(&self) -> &'static str {
        "reset guard"
    }

    fn update(self: Rc<Self>, u: &Update) -> Result<(), JsValue> {
        self.refresh(u)
    }
}

fn card_name(trigger: &Element) -> String {
    let mut cur = trigger.parent_element();
    for _ in 0..6 {
        let Some(c) = cur else { break };
        if c.tag_name().eq_ignore_ascii_case("body") {
            break;
        }
        if let Some(name) = first_text(&c, trigger) {
            return name;
        }
        cur = c.parent_element();
    }
    String::new()
}

fn first_text(root: &Element, skip: &Element) -> Option<String> {
    // Depth-first over the subtree, text nodes only, skipping the trigger.
    let mut stack: Vec<web_sys::Node> = vec![root.clone().into()];
    let mut seen = 0;
    while let Some(n) = stack.pop() {
        seen += 1;
        if seen > 400 {
            return None;
        }
        if n.node_type() == 3 {
            let t = n.text_content().unwrap_or_default();
            let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
            if t.chars().count() < 2 {
                continue;
            }
            let shown = n.parent_element().is_some_and(|p| find::is_visible(&p));
            if !shown {
                continue;
            }
            if t.chars().count() > 80 || resets::looks_like_credential(&t, "") {
                return None;
            }
            return Some(t);
        }
        if n.node_type() != 1 || skip.is_same_node(Some(&n)) {
            continue;
        }
        let tag = n.node_name().to_ascii_lowercase();
        if matches!(
            tag.as_str(),
            "script" | "style" | "input" | "textarea" | "select"
        ) {
            continue;
        }
        // A menu's items (an inline menu sits in its card) and buttons are no token name.
        let el: &Element = n.unchecked_ref();
        if el
            .matches(
                "[role=menu],[role=listbox],[role=menuitem],button,[role=button],[data-ltg-part]",
            )
            .unwrap_or(false)
        {
            continue;
        }
        let mut kids = Vec::new();
        let mut c = n.first_child();
        while let Some(k) = c {
            c = k.next_sibling();
            kids.push(k);
        }
        stack.extend(kids.into_iter().rev());
    }
    None
}

/// The item a focused menu points at (`aria-activedescendant`), in the menu's own tree.
fn active_descendant(t: &Element) -> Option<Element> {
    let id = t.get_attribute("aria-activedescendant")?;
    let root = t.get_root_node();
    let f = js_sys::Reflect::get(&root, &"getElementById".into()).ok()?;
    let f: js_sys::Function = f.dyn_into().ok()?;
    crate::dom::as_element(f.call1(&root, &id.into()).ok()?)
}

/// A synthetic event of the page's own kind (`PointerEvent`, `MouseEvent`, `KeyboardEvent`).
fn event(ctor: &str, kind: &str, key: Option<&str>) -> Option<Event> {
    let win = web_sys::window()?;
    let c: js_sys::Function = js_sys::Reflect::get(&win, &ctor.into())
        .ok()?
        .dyn_into()
        .ok()?;
    let init = js_sys::Object::new();
    for k in ["bubbles", "cancelable", "composed"] {
        js_sys::Reflect::set(&init, &k.into(), &true.into()).ok()?;
    }
    if let Some(key) = key {
        js_sys::Reflect::set(&init, &"key".into(), &key.into()).ok()?;
        let code = if key == " " { "Space" } else { key };
        js_sys::Reflect::set(&init, &"code".into(), &code.into()).ok()?;
    } else {
        js_sys::Reflect::set(&init, &"button".into(), &0.into()).ok()?;
        js_sys::Reflect::set(&init, &"isPrimary".into(), &true.into()).ok()?;
        js_sys::Reflect::set(&init, &"pointerType".into(), &"mouse".into()).ok()?;
    }
    let ev = js_sys::Reflect::construct(&c, &js_sys::Array::of2(&kind.into(), &init)).ok()?;
    Some(ev.unchecked_into())
}

/// Replay an approved activation the way the user made it, as the browser would: a pointer
/// press and release then a click; or the key on its target (and the click a native control
/// makes of Enter / Space).
fn replay(el: &Element, how: &How) {
    let fire = |t: &Element, ctor: &str, kind: &str, key: Option<&str>| {
        if let Some(ev) = event(ctor, kind, key) {
            let _ = t.dispatch_event(&ev);
        }
    };
    let click = |t: &Element| t.unchecked_ref::<HtmlElement>().click();
    match how {
        How::Pointer => {
            fire(el, "PointerEvent", "pointerdown", None);
            fire(el, "MouseEvent", "mousedown", None);
            fire(el, "PointerEvent", "pointerup", None);
            fire(el, "MouseEvent", "mouseup", None);
            click(el);
        }
        How::Key { key, target } => {
            // Keys act on the focused element: focus is where the user's key went.
            let _ = target.unchecked_ref::<HtmlElement>().focus();
            let native = target
                .matches("button,a[href],input[type=button],input[type=submit],summary")
                .unwrap_or(false);
            fire(target, "KeyboardEvent", "keydown", Some(key));
            if native && key == "Enter" {
                click(target);
            }
            fire(target, "KeyboardEvent", "keyup", Some(key));
            if native && key != "Enter" {
                click(target);
            }
        }
    }
}
