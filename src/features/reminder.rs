//! The reset reminder: after a confirmed reset, a panel in the top frame (app and help pages)
//! with a checklist of the integrations that used the old token, until each is updated or the
//! user dismisses it. It reads and writes `ltg.resets` only; the reset guard adds reminders
//! through storage, never by calling this module.
use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, KeyboardEvent};

use super::resets_store::{self, Outcome};
use super::Ctx;
use crate::core::guide::fill;
use crate::core::json::Json;
use crate::core::map::Map;
use crate::core::resets::{self, Op, Refusal, Resets};
use crate::core::settings::RESETS_KEY as KEY;
use crate::dom::find;
use crate::dom::frame::{Feature, Update};
use crate::dom::storage;

pub struct Reminder {
    ctx: Rc<Ctx>,
    st: RefCell<St>,
}

#[derive(Default)]
struct St {
    data: Resets,
    /// Stored entries that could not be read (told once, in the panel).
    dropped: usize,
    panel: Option<HtmlElement>,
    listeners: Vec<EventListener>,
    /// What the panel shows; an unchanged reminder is not redrawn.
    sig: String,
    /// Reminder id → refusal message key.
    errors: Map<String>,
    /// The reminder is folded to its title line (this page only).
    collapsed: bool,
    /// Changes shown but not yet written.
    outbox: Vec<Op>,
    flushing: bool,
    /// The last write failed (said in the panel; tried again).
    save_failed: bool,
    attempts: u32,
    retry: Option<Timeout>,
    /// The stored reminders are of a newer version: shown read-only.
    newer: bool,
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// One of our own text fields in a reminder section.
fn field(sec: &Element, name: &str) -> Option<HtmlInputElement> {
    sec.query_selector(&format!("[data-ltg-field={name}]"))
        .ok()
        .flatten()
        .map(|e| e.unchecked_into())
}

fn refusal_key(r: Refusal) -> &'static str {
    match r {
        Refusal::Empty => "reminder.empty-name",
        Refusal::Credential => "reminder.refused",
        Refusal::Full => "reminder.full",
    }
}

fn warn(e: &JsValue) {
    web_sys::console::warn_2(&"Legacy Token Guide: reset reminder".into(), e);
}

impl Reminder {
    pub async fn start(ctx: Rc<Ctx>) -> Result<Rc<Reminder>, JsValue> {
        let data = match ctx.initial(KEY).await {
            Ok(v) => resets::recover(&v),
            Err(e) => {
                warn(&e);
                Resets {
                    dropped: 1,
                    ..Default::default()
                }
            }
        };
        if data.dropped > 0 {
            web_sys::console::warn_1(
                &format!(
                    "Legacy Token Guide: {} saved reset entries could not be read",
                    data.dropped
                )
                .into(),
            );
        }
        let me = Rc::new(Reminder {
            ctx,
            st: RefCell::new(St {
                dropped: data.dropped,
                newer: data.newer,
                data,
                ..Default::default()
            }),
        });
        me.listen_storage();
        Ok(me)
    }

    fn listen_storage(self: &Rc<Self>) {
        let weak = Rc::downgrade(self);
        storage::watch_key(&self.ctx.bridge, KEY, move |value| {
            if let Some(me) = weak.upgrade() {
                me.apply_stored(value);
            }
        });
        // Read once more shortly after start: right after a browser restart, a first read may
        // answer before the stored reminders are there, and a reminder must not be lost.
        let weak = Rc::downgrade(self);
        wasm_bindgen_futures::spawn_local(async move {
            crate::dom::sleep(800).await;
            let Some(me) = weak.upgrade() else { return };
            if let Ok(v) = storage::get(&me.ctx.bridge, KEY).await {
                me.apply_stored(v);
            }
        });
    }

    fn apply_stored(self: &Rc<Self>, value: Json) {
        if !crate::dom::alive() {
            return;
        }
        let data = resets::recover(&value);
        {
            let mut st = self.st.borrow_mut();
            st.newer = data.newer;
            st.data = data;
            // Our own changes not written yet stay shown.
            let pending = st.outbox.clone();
            for op in &pending {
                let _ = st.data.apply(op);
            }
        }
        if let Err(e) = self.render() {
            warn(&e);
        }
    }

    fn fmt_time(&self, at: f64) -> String {
        if at <= 0.0 {
            return String::new();
        }
        let d = js_sys::Date::new(&JsValue::from_f64(at));
        let opts = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&opts, &"dateStyle".into(), &"medium".into());
        let _ = js_sys::Reflect::set(&opts, &"timeStyle".into(), &"short".into());
        d.to_locale_string(&self.ctx.lang, &opts).into()
    }

    fn render(self: &Rc<Self>) -> Result<(), JsValue> {
        let r = self.draw();
        // On a help article the help panel keeps a place for this panel next to it: tell it the
        // size may have changed (a layout update, nothing more).
        if self.ctx.ui.find_part("help-checklist").is_some() {
            self.ctx.frame.poke(crate::dom::frame::LAYOUT);
        }
        r
    }

    fn draw(self: &Rc<Self>) -> Result<(), JsValue> {
        let ctx = &self.ctx;
        let ui = &ctx.ui;
        let mut st = self.st.borrow_mut();
        let mut errors: Vec<String> = st.errors.iter().map(|(k, v)| format!("{k}={v}")).collect();
        crate::core::sort::natural(&mut errors);
        let sig = format!(
            "{}|{}|{}|{}|{}|{}|{}",
            resets::fingerprint(&st.data.items),
            errors.join(","),
            st.dropped,
            ctx.lang,
            st.collapsed,
            st.newer,
            st.save_failed
        );
        let shown = st.panel.as_ref().is_some_and(|r| r.is_connected());
        if st.sig == sig && (shown || st.data.active().count() == 0) {
            return Ok(());
        }
        st.sig = sig;
        // Keep what the user is typing across a redraw (our own inputs only).
        let mut drafts: Map<(String, String)> = Map::new();
        let mut focus: Option<(String, String)> = None;
        if let Some(old) = st.panel.take() {
            let act = ui.shadow.active_element();
            if let Ok(list) = old.query_selector_all("[data-ltg-reset]") {
                for i in 0..list.length() {
                    let Some(sec) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                        continue;
                    };
                    let id = sec.get_attribute("data-ltg-reset").unwrap_or_default();
                    let (n, t) = (field(&sec, "name"), field(&sec, "note"));
                    for (f, inp) in [("name", &n), ("note", &t)] {
                        if let (Some(a), Some(inp)) = (&act, inp) {
                            if a == inp.unchecked_ref::<Element>() {
                                focus = Some((id.clone(), f.to_string()));
                            }
                        }
                    }
                    drafts.insert(
                        id,
                        (
                            n.map(|e| e.value()).unwrap_or_default(),
                            t.map(|e| e.value()).unwrap_or_default(),
                        ),
                    );
                }
            }
            old.remove();
        }
        st.listeners.clear();
        let act: Vec<(usize, resets::Reminder)> =
            st.data.active().map(|(i, r)| (i, r.clone())).collect();
        if act.is_empty() {
            return Ok(());
        }
        let panel = ui.part("section", "reset-reminder")?;
        panel.set_attribute("role", "region")?;
        panel.set_attribute("aria-labelledby", "ltg-rm-title")?;
        panel.set_attribute("lang", &ctx.lang)?;
        panel.set_attribute("data-ltg-pending", &st.data.pending().to_string())?;
        let head = ui.el("div", "pop-head", "")?;
        let h = ui.el("h2", "", ctx.msg("reminder.title"))?;
        h.set_id("ltg-rm-title");
        head.append_child(&h)?;
        let fold = ui.button(
            "",
            ctx.msg(if st.collapsed {
                "reminder.show"
            } else {
                "reminder.hide"
            }),
            "collapse",
        )?;
        fold.set_attribute("aria-expanded", if st.collapsed { "false" } else { "true" })?;
        head.append_child(&fold)?;
        panel.append_child(&head)?;
        if st.collapsed {
            panel.append_child(
                &ui.el(
                    "p",
                    "muted",
                    &fill(
                        ctx.msg("reminder.pending"),
                        &[("n", &st.data.pending().to_string())],
                    ),
                )?
                .into(),
            )?;
        }
        if st.dropped > 0 {
            let p = ui.el(
                "p",
                "error",
                &fill(
                    ctx.msg(if st.dropped == 1 {
                        "reminder.dropped.one"
                    } else {
                        "reminder.dropped"
                    }),
                    &[("n", &st.dropped.to_string())],
                ),
            )?;
            p.set_attribute("data-ltg-dropped", &st.dropped.to_string())?;
            panel.append_child(&p)?;
        }
        // Written by a newer version: shown, read-only (never rewritten in our older shape).
        let read_only = st.newer;
        if read_only {
            let p = ui.el("p", "muted", ctx.msg("reminder.newer"))?;
            p.set_attribute("role", "status")?;
            p.set_attribute("data-ltg-notice", "newer")?;
            panel.append_child(&p)?;
        }
        // A change that could not be written yet (it is tried again).
        if st.save_failed {
            let p = ui.el("p", "error", ctx.msg("reminder.not-saved"))?;
            p.set_attribute("role", "alert")?;
            p.set_attribute("data-ltg-notice", "not-saved")?;
            panel.append_child(&p)?;
        }
        for (_, r) in act.iter().filter(|_| !st.collapsed) {
            let sec = ui.el("div", "", "")?;
            sec.set_attribute("data-ltg-reset", &r.id)?;
            sec.set_attribute("data-ltg-pending", &r.pending().to_string())?;
            let token = if r.token.is_empty() {
                ctx.msg("reset.unknown-token").to_string()
            } else {
                r.token.clone()
            };
            sec.append_child(
                &ui.el(
                    "p",
                    "",
                    &fill(
                        ctx.msg("reminder.item"),
                        &[
                            ("token", &token),
                            ("scope", &ctx.reset_scope(&r.kind)),
                            ("time", &self.fmt_time(r.at)),
                        ],
                    ),
                )?
                .into(),
            )?;
            let hint = if r.integrations.is_empty() {
                ctx.msg("reminder.empty").to_string()
            } else {
                fill(
                    ctx.msg("reminder.pending"),
                    &[("n", &r.pending().to_string())],
                )
            };
            sec.append_child(&ui.el("p", "muted", &hint)?.into())?;
            let ul = ui.el("ul", "checklist", "")?;
            for it in &r.integrations {
                let li = ui.el("li", "", "")?;
                li.set_attribute("data-ltg-integration", &it.name)?;
                let cb: HtmlInputElement = ui.doc.create_element("input")?.dyn_into()?;
                cb.set_type("checkbox");
                cb.set_checked(it.updated);
                cb.set_attribute("data-ltg-action", "toggle")?;
                cb.set_attribute("data-ltg-iid", &it.id)?;
                cb.set_disabled(read_only);
                cb.set_attribute(
                    "aria-label",
                    &format!("{} — {}", it.name, ctx.msg("reminder.updated")),
                )?;
                li.append_child(&cb)?;
                li.append_child(&ui.el("span", "", &it.name)?.into())?;
                if !it.note.is_empty() {
                    li.append_child(&ui.el("span", "note", &it.note)?.into())?;
                }
                if it.updated {
                    li.append_child(
                        &ui.el(
                            "span",
                            "muted",
                            &fill(
                                ctx.msg("reminder.updated-at"),
                                &[("time", &self.fmt_time(it.at))],
                            ),
                        )?
                        .into(),
                    )?;
                }
                if !read_only {
                    let rm = ui.button("", "×", "remove")?;
                    rm.set_attribute("data-ltg-iid", &it.id)?;
                    rm.set_attribute(
                        "aria-label",
                        &format!("{} {}", ctx.msg("reminder.remove"), it.name),
                    )?;
                    li.append_child(&rm)?;
                }
                ul.append_child(&li)?;
            }
            sec.append_child(&ul)?;
            if read_only {
                panel.append_child(&sec)?;
                continue;
            }
            let row = ui.el("div", "row", "")?;
            let (dn, dt) = drafts.remove(&r.id).unwrap_or_default();
            for (field, label, v) in [("name", "reminder.name", dn), ("note", "reminder.note", dt)]
            {
                let inp: HtmlInputElement = ui.doc.create_element("input")?.dyn_into()?;
                inp.set_type("text");
                inp.set_attribute("data-ltg-field", field)?;
                inp.set_attribute("aria-label", ctx.msg(label))?;
                inp.set_placeholder(ctx.msg(label));
                inp.set_attribute("autocomplete", "off")?;
                inp.set_attribute("maxlength", "200")?;
                inp.set_value(&v);
                row.append_child(&inp)?;
            }
            row.append_child(&ui.button("primary", ctx.msg("reminder.add"), "add")?.into())?;
            sec.append_child(&row)?;
            if let Some(key) = st.errors.get(&r.id) {
                let p = ui.el("p", "error", ctx.msg(key))?;
                p.set_attribute("role", "alert")?;
                p.set_attribute("data-ltg-error", key)?;
                sec.append_child(&p)?;
            }
            let foot = ui.el("div", "pop-actions", "")?;
            foot.append_child(
                &ui.button("", ctx.msg("reminder.dismiss"), "dismiss")?
                    .into(),
            )?;
            sec.append_child(&foot)?;
            panel.append_child(&sec)?;
        }
        let mut ls = Vec::new();
        for ev in ["keydown", "keyup", "keypress"] {
            ls.push(EventListener::new(&panel, ev, |e| e.stop_propagation()));
        }
        let weak = Rc::downgrade(self);
        ls.push(EventListener::new(&panel, "click", move |e| {
            if let (Some(me), Some(t)) = (weak.upgrade(), crate::dom::event_origin(e)) {
                me.on_action(&t, false);
            }
        }));
        let weak = Rc::downgrade(self);
        ls.push(EventListener::new(&panel, "keydown", move |e| {
            let enter = e
                .dyn_ref::<KeyboardEvent>()
                .is_some_and(|k| k.key() == "Enter");
            if let (true, Some(me), Some(t)) = (enter, weak.upgrade(), crate::dom::event_origin(e))
            {
                if t.has_attribute("data-ltg-field") {
                    me.on_action(&t, true);
                }
            }
        }));
        ui.shadow.append_child(&panel)?;
        let refocus = focus.and_then(|(id, f)| {
            let sel = format!("[data-ltg-reset=\"{id}\"] [data-ltg-field={f}]");
            panel.query_selector(&sel).ok().flatten()
        });
        st.panel = Some(panel);
        st.listeners = ls;
        drop(st);
        // After the borrow ends: a focus handler may call back in.
        if let Some(h) = refocus {
            let _ = h.unchecked_into::<HtmlElement>().focus();
        }
        Ok(())
    }

    fn on_action(self: &Rc<Self>, t: &Element, enter: bool) {
        let action = if enter {
            Some("add".to_string())
        } else {
            t.closest("[data-ltg-action]")
                .ok()
                .flatten()
                .and_then(|a| a.get_attribute("data-ltg-action"))
        };
        let Some(action) = action else { return };
        if action == "collapse" {
            let c = !self.st.borrow().collapsed;
            self.st.borrow_mut().collapsed = c;
            let _ = self.render();
            return;
        }
        let Some(sec) = t.closest("[data-ltg-reset]").ok().flatten() else {
            return;
        };
        let id = sec.get_attribute("data-ltg-reset").unwrap_or_default();
        // Integrations by id (never by place: the list may change under us).
        let iid = t
            .closest("[data-ltg-iid]")
            .ok()
            .flatten()
            .and_then(|e| e.get_attribute("data-ltg-iid"))
            .unwrap_or_default();
        let mut refocus: Option<HtmlElement> = None;
        let page = if action == "add" {
            self.page_text()
        } else {
            String::new()
        };
        let op = {
            let mut st = self.st.borrow_mut();
            if st.newer {
                return;
            }
            let reminder = id.clone();
            match action.as_str() {
                "toggle" => Op::Set {
                    reminder,
                    id: iid,
                    updated: t
                        .dyn_ref::<HtmlInputElement>()
                        .map(|c| c.checked())
                        .unwrap_or(false),
                    at: now(),
                },
                "remove" => Op::Remove { reminder, id: iid },
                "dismiss" => Op::Dismiss { reminder },
                "add" => {
                    let (n, t2) = (field(&sec, "name"), field(&sec, "note"));
                    let name = n.as_ref().map(|e| e.value()).unwrap_or_default();
                    let note = t2.as_ref().map(|e| e.value()).unwrap_or_default();
                    match Resets::check(&name, &note, &page) {
                        Ok(()) => {
                            st.errors.remove(&id);
                            for e in [n, t2].into_iter().flatten() {
                                e.set_value("");
                            }
                            if let Some(e) = sec
                                .query_selector("[data-ltg-field=name]")
                                .ok()
                                .flatten()
                                .and_then(|e| e.dyn_into::<HtmlElement>().ok())
                            {
                                refocus = Some(e);
                            }
                            let rand = (js_sys::Math::random() * 1e6) as u32;
                            Op::Add {
                                reminder,
                                id: format!("i{}-{rand}", now() as u64),
                                name,
                                note,
                                at: now(),
                            }
                        }
                        Err(r) => {
                            st.errors.insert(id.clone(), refusal_key(r).into());
                            drop(st);
                            let _ = self.render();
                            return;
                        }
                    }
                }
                _ => return,
            }
        };
        // Focus moves only once nothing of ours is borrowed (a focus handler may call back in).
        if let Some(e) = refocus {
            let _ = e.focus();
        }
        self.commit(op);
    }

    /// A change by the user: shown at once, then written (read the latest, apply, write; see
    /// `resets_store`). Until it is written it stays in the outbox; a failed write is said in
    /// the panel and tried again.
    fn commit(self: &Rc<Self>, op: Op) {
        {
            let mut st = self.st.borrow_mut();
            if let Err(r) = st.data.apply(&op) {
                let key = refusal_key(r);
                if let Op::Add { reminder, .. } = &op {
                    st.errors.insert(reminder.clone(), key.into());
                }
            } else {
                st.outbox.push(op);
            }
        }
        if let Err(e) = self.render() {
            warn(&e);
        }
        self.flush();
    }

    fn flush(self: &Rc<Self>) {
        if self.st.borrow().flushing {
            return;
        }
        self.st.borrow_mut().flushing = true;
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            loop {
                let ops = me.st.borrow().outbox.clone();
                if ops.is_empty() {
                    break;
                }
                let result = resets_store::commit(&me.ctx.bridge, &ops).await;
                let mut st = me.st.borrow_mut();
                match result {
                    Ok(Outcome::Saved(data)) => {
                        st.outbox.drain(..ops.len());
                        st.data = data;
                        let pending = st.outbox.clone();
                        for op in &pending {
                            let _ = st.data.apply(op);
                        }
                        st.save_failed = false;
                        st.attempts = 0;
                        st.retry = None;
                    }
                    Ok(Outcome::Newer(data)) => {
                        // Written by a newer version: shown read-only, never rewritten.
                        st.outbox.clear();
                        st.data = data;
                        st.newer = true;
                        break;
                    }
                    Err(e) => {
                        warn(&e);
                        st.save_failed = true;
                        st.attempts += 1;
                        let delay = [1000, 3000, 10_000][(st.attempts as usize - 1).min(2)];
                        let weak = Rc::downgrade(&me);
                        st.retry = Some(Timeout::new(delay, move || {
                            if let Some(me) = weak.upgrade() {
                                me.flush();
                            }
                        }));
                        break;
                    }
                }
            }
            me.st.borrow_mut().flushing = false;
            if let Err(e) = me.render() {
                warn(&e);
            }
        });
    }

    /// The text shown on the page (all same-origin frames) right now, for comparison only.
    fn page_text(&self) -> String {
        let mut s = String::new();
        for d in find::documents(&self.ctx.doc) {
            if let Some(b) = d.body() {
                s.push_str(&b.text_content().unwrap_or_default());
                s.push(' ');
            }
            // Values shown in read-only fields (the app's credential fields), compared only.
            if let Ok(list) = d.query_selector_all("input[readonly]") {
                for i in 0..list.length() {
                    // Unchecked after the selector: frames' nodes may be of another realm.
                    if let Some(inp) = list.item(i).map(|n| n.unchecked_into::<HtmlInputElement>())
                    {
                        s.push_str(&inp.value());
                        s.push(' ');
                    }
                }
            }
        }
        s
    }
}

impl Feature for Reminder {
    fn name(&self) -> &'static str {
        "reset reminder"
    }

    fn update(self: Rc<Self>, u: &Update) -> Result<(), JsValue> {
        if u.content() {
            self.ctx.ui.ensure_attached()?;
            self.render()?;
        }
        Ok(())
    }
}
