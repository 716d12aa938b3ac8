//! The in-page walkthrough: finds each step's control by meaning, spotlights it, proves the step
//! done from the page, and keeps progress in extension storage.
use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use gloo_timers::callback::Timeout;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement};

use super::Ctx;
use crate::core::guide::{fill, Machine, Prim, Progress, Step, Target, SCHEMA};
use crate::core::json::{self, Json};
use crate::core::layout::{self, Rect, Side};
use crate::core::settings::GUIDE_KEY as KEY;
use crate::dom::find::{self, Found, Query, Scan};
use crate::dom::frame::{Feature, Update, CONTENT, LAYOUT};
use crate::dom::{now, storage};

/// How long a step waits for late content before it says the target is missing.
const WAIT_MS: f64 = 4000.0;

pub struct Walkthrough {
    ctx: Rc<Ctx>,
    steps: Vec<Step>,
    st: RefCell<St>,
    /// Re-measures when the spotlighted control itself changes size.
    resize: RefCell<Option<Resize>>,
}

type Resize = (web_sys::ResizeObserver, Closure<dyn FnMut()>);

#[derive(Default)]
struct St {
    progress: Progress,
    step_id: String,
    step_started: f64,
    scrolled_for: String,
    target: Option<Element>,
    highlighted: Option<Element>,
    launcher: Option<HtmlElement>,
    pop: Option<HtmlElement>,
    spot: Option<HtmlElement>,
    sig: String,
    restore_focus: Option<HtmlElement>,
    timer: Option<Timeout>,
    own_saves: Vec<Progress>,
    pop_listeners: Vec<EventListener>,
    launcher_listener: Option<EventListener>,
    /// The stored progress is of a newer version: never written.
    newer: bool,
    /// "step state" of the diagnostic last sent (empty: none standing).
    reported: String,
}

impl Walkthrough {
    pub async fn start(ctx: Rc<Ctx>) -> Result<Rc<Walkthrough>, JsValue> {
        let account = ctx.account.ok_or("no account")?;
        let steps = ctx
            .pack
            .guides
            .get(account.as_str())
            .cloned()
            .ok_or("no guide for this account")?;
        let mut progress = match ctx.initial(KEY).await {
            Ok(v) => Progress::from_json(&v),
            Err(e) => {
                web_sys::console::warn_2(&"Legacy Token Guide: progress unreadable".into(), &e);
                Progress::default()
            }
        };
        if progress.account.as_deref() != Some(account.as_str()) {
            // Progress of another account type does not apply here; "don't show again" does.
            progress = Progress {
                dismissed: progress.dismissed,
                active: progress.active,
                ..Default::default()
            };
            progress.account = Some(account.as_str().into());
        }
        // Progress of a newer version is followed but never written back in our older shape.
        let newer = progress.schema > SCHEMA;
        progress.schema = SCHEMA;
        let me = Rc::new(Walkthrough {
            ctx: ctx.clone(),
            steps,
            st: RefCell::new(St {
                progress,
                newer,
                ..Default::default()
            }),
            resize: RefCell::new(None),
        });
        let weak = Rc::downgrade(&me);
        let on_resize = Closure::<dyn FnMut()>::new(move || {
            if let Some(me) = weak.upgrade() {
                me.poke(LAYOUT);
            }
        });
        if let Ok(ro) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
            *me.resize.borrow_mut() = Some((ro, on_resize));
        }
        me.listen_storage();
        Ok(me)
    }

    fn poke(&self, flag: u8) {
        self.ctx.frame.poke(flag);
    }

    /// The popup, the help center or another tab changed the progress.
    fn listen_storage(self: &Rc<Self>) {
        let weak = Rc::downgrade(self);
        storage::watch_key(&self.ctx.bridge, KEY, move |value: Json| {
            let Some(me) = weak.upgrade() else { return };
            let p = Progress::from_json(&value);
            {
                let mut st = me.st.borrow_mut();
                st.newer = p.schema > SCHEMA;
                if let Some(i) = st.own_saves.iter().position(|s| *s == p) {
                    st.own_saves.drain(..=i);
                    return;
                }
                let account = st.progress.account.clone();
                if p.account.is_some() && p.account != account {
                    // Started for another account type (e.g. from a help article): restart here.
                    st.progress.active = p.active;
                    st.progress.dismissed = p.dismissed;
                    st.progress.done.clear();
                    st.progress.current = None;
                } else {
                    st.progress = Progress { account, ..p };
                }
                if st.progress.active && st.progress.current.is_none() {
                    Machine::new(&me.steps).start(&mut st.progress, false);
                }
            }
            if let Err(e) = me.refresh() {
                web_sys::console::warn_2(&"Legacy Token Guide: walkthrough".into(), &e);
            }
        });
    }

    fn save(&self, st: &mut St) {
        if st.newer {
            return;
        }
        st.progress.schema = SCHEMA;
        st.own_saves.push(st.progress.clone());
        if st.own_saves.len() > 8 {
            st.own_saves.remove(0);
        }
        storage::save(&self.ctx.bridge, KEY, &st.progress.to_json());
    }

    fn query<'a>(&self, t: &'a Target) -> Query<'a> {
        let within = t
            .within
            .as_deref()
            .map(|w| self.ctx.pack.labels_norm(w))
            .unwrap_or_default();
        Query::new(t, self.ctx.pack.labels_norm(&t.labels), within)
    }

    fn refresh(self: &Rc<Self>) -> Result<(), JsValue> {
        let ctx = &self.ctx;
        ctx.ui.ensure_attached()?;
        let scan = find::Scan::new(find::documents(&ctx.doc));
        for d in scan.docs.iter().skip(1) {
            let _ = ctx.frame.observe(d);
        }
        let mut st = self.st.borrow_mut();
        if !st.progress.active {
            self.clear_highlight(&mut st)?;
            for p in [st.pop.take(), st.spot.take()].into_iter().flatten() {
                p.remove();
            }
            st.sig.clear();
            st.step_id.clear();
            let want = !st.progress.dismissed;
            match (&st.launcher, want) {
                (None, true) => {
                    let b = self.launcher()?;
                    let weak = Rc::downgrade(self);
                    st.launcher_listener = Some(EventListener::new(&b, "click", move |_| {
                        if let Some(me) = weak.upgrade() {
                            me.act("start");
                        }
                    }));
                    st.launcher = Some(b);
                }
                (Some(b), false) => {
                    b.remove();
                    st.launcher = None;
                    st.launcher_listener = None;
                }
                _ => {}
            }
            return Ok(());
        }
        if let Some(b) = st.launcher.take() {
            b.remove();
            st.launcher_listener = None;
        }

        // Facts: what the page proves right now (each visibility question asked once).
        let location = ctx.doc.location().ok_or("no location")?;
        let path = location.pathname()?.to_lowercase();
        let hash = location.hash()?.to_lowercase();
        // Each visibility question asked once per update (a few targets: a list is enough).
        let mut memo: Vec<(*const Target, bool)> = Vec::new();
        let mut prim = |p: Prim| match p {
            Prim::Visible(t) => match memo.iter().find(|(k, _)| std::ptr::eq(*k, t)) {
                Some((_, v)) => *v,
                None => {
                    let v = !matches!(scan.find(&self.query(t)), Found::None);
                    memo.push((t as *const Target, v));
                    v
                }
            },
            Prim::Path(v) => v.iter().any(|s| path.contains(&s.to_lowercase())),
            Prim::Hash(v) => v.iter().any(|s| hash.contains(&s.to_lowercase())),
        };
        let proven: Vec<bool> = self
            .steps
            .iter()
            .map(|s| s.done.as_ref().is_some_and(|f| ctx.pack.fact(f, &mut prim)))
            .collect();
        let m = Machine::new(&self.steps);
        if m.observe(&mut st.progress, &proven) {
            self.save(&mut st);
        }
        let view = m.view(&st.progress);
        let step = &self.steps[view.index];
        let t_now = now();
        if st.step_id != step.id {
            st.step_id = step.id.clone();
            st.step_started = t_now;
        }

        // The current step's control.
        let (state, target) = match &step.target {
            None => ("found", None),
            Some(t) => match scan.find(&self.query(t)) {
                Found::One(e) => ("found", Some(e)),
                Found::Many(_) => ("ambiguous", None),
                Found::None if t_now - st.step_started < WAIT_MS => ("waiting", None),
                Found::None => ("missing", None),
            },
        };
        self.report(&mut st, step, state, &scan);
        if state == "waiting" {
            // Event-driven wait with a bound: one timer to turn "waiting" into "missing".
            let weak = Rc::downgrade(self);
            let left = (WAIT_MS - (t_now - st.step_started)).max(0.0) as u32 + 20;
            st.timer = Some(Timeout::new(left, move || {
                if let Some(me) = weak.upgrade() {
                    me.poke(CONTENT);
                }
            }));
        } else {
            st.timer = None;
        }
        if st.target != target {
            self.clear_highlight(&mut st)?;
            if let Some((ro, _)) = self.resize.borrow().as_ref() {
                ro.disconnect();
                if let Some(e) = &target {
                    ro.observe(e);
                }
            }
            if let Some(e) = &target {
                e.set_attribute("data-ltg-highlight", &step.id)?;
                st.highlighted = Some(e.clone());
            }
            st.target = target.clone();
        }
        if let Some(e) = &target {
            if st.scrolled_for != step.id {
                st.scrolled_for = step.id.clone();
                let r = e.get_bounding_client_rect();
                let vh = ctx
                    .doc
                    .document_element()
                    .map(|d| d.client_height())
                    .unwrap_or(0) as f64;
                if r.bottom() < 0.0 || r.top() > vh {
                    e.scroll_into_view_with_bool(false);
                }
            }
        }
        let refocus = self.render(&mut st, &view, step, state)?;
        drop(st);
        if let Some(e) = refocus {
            let _ = e.focus();
        }
        self.reposition()
    }

    /// A step whose control cannot be found (missing or ambiguous): what it looked for and what
    /// the page offered (roles and names of controls, never values) goes to the background,
    /// kept for this tab until it loads another page, so the popup can offer "Copy a report".
    /// Withdrawn once the control is found.
    fn report(&self, st: &mut St, step: &Step, state: &str, scan: &Scan) {
        let stuck = matches!(state, "missing" | "ambiguous");
        let key = if stuck {
            format!("{} {state}", step.id)
        } else {
            String::new()
        };
        if st.reported == key {
            return;
        }
        st.reported = key;
        let text = match (&step.target, stuck) {
            (Some(t), true) => {
                let ctx = &self.ctx;
                let labels = ctx.pack.labels.get(&t.labels).cloned().unwrap_or_default();
                let seen = scan.seen(&t.roles, 25);
                let path = ctx
                    .doc
                    .location()
                    .and_then(|l| l.pathname().ok())
                    .unwrap_or_default();
                let page_lang = ctx
                    .doc
                    .document_element()
                    .and_then(|h| h.get_attribute("lang"))
                    .unwrap_or_default();
                let strs = |v: &[String]| Json::Arr(v.iter().map(|s| s.as_str().into()).collect());
                json::obj([
                    ("step", step.id.as_str().into()),
                    ("state", state.into()),
                    ("labels", strs(&labels)),
                    ("roles", strs(&t.roles)),
                    ("within", t.within.as_deref().unwrap_or("").into()),
                    (
                        "seen",
                        Json::Arr(
                            seen.iter()
                                .map(|(r, n)| Json::Arr(vec![r.as_str().into(), n.as_str().into()]))
                                .collect(),
                        ),
                    ),
                    ("path", path.as_str().into()),
                    ("pageLang", page_lang.as_str().into()),
                    ("lang", ctx.lang.as_str().into()),
                ])
                .write()
            }
            _ => String::new(),
        };
        self.ctx.bridge.parts().report(&text);
    }

    fn clear_highlight(&self, st: &mut St) -> Result<(), JsValue> {
        if let Some(old) = st.highlighted.take() {
            old.remove_attribute("data-ltg-highlight")?;
        }
        st.target = None;
        Ok(())
    }

    fn launcher(self: &Rc<Self>) -> Result<HtmlElement, JsValue> {
        let ui = &self.ctx.ui;
        let b = ui.button("", self.ctx.msg("launcher"), "start-guide")?;
        b.set_attribute("data-ltg-part", "launcher")?;
        b.set_title(self.ctx.msg("launcher.title"));
        ui.shadow.append_child(&b)?;
        Ok(b)
    }

    /// Rebuild the popover only when what it says changes.
    fn render(
        self: &Rc<Self>,
        st: &mut St,
        view: &crate::core::guide::View,
        step: &Step,
        state: &str,
    ) -> Result<Option<HtmlElement>, JsValue> {
        let ctx = &self.ctx;
        let n = (view.index + 1).to_string();
        let total = view.total.to_string();
        let missing: Vec<String> = view.missing_before.iter().map(|i| i.to_string()).collect();
        let sig = format!(
            "{}|{}|{}|{}|{}|{}",
            step.id,
            state,
            view.step_done,
            view.finished,
            missing.join(","),
            ctx.lang
        );
        if st.sig == sig && st.pop.as_ref().is_some_and(|p| p.is_connected()) {
            return Ok(None);
        }
        st.sig = sig;
        let ui = &ctx.ui;
        let had_focus = st.pop.as_ref().is_some_and(|p| {
            ui.shadow
                .active_element()
                .is_some_and(|a| p.contains(Some(&a)))
        });
        if let Some(p) = st.pop.take() {
            p.remove();
        }
        if st.spot.is_none() {
            let s = ui.part("div", "spotlight")?;
            s.set_attribute("aria-hidden", "true")?;
            ui.shadow.append_child(&s)?;
            st.spot = Some(s);
        }
        let pop = ui.part("div", "popover")?;
        pop.set_attribute("role", "dialog")?;
        pop.set_attribute("aria-labelledby", "ltg-pop-title")?;
        pop.set_attribute("aria-describedby", "ltg-pop-body")?;
        pop.set_attribute("data-ltg-step", &step.id)?;
        pop.set_attribute("data-ltg-progress", &format!("{n}/{total}"))?;
        pop.set_attribute("data-ltg-state", state)?;
        pop.set_tab_index(-1);

        let title_key = format!("step.{}.title", step.id);
        let (title, body) = if view.finished {
            (ctx.msg("finished.title"), ctx.msg("finished.body"))
        } else {
            (
                ctx.msg(&title_key),
                ctx.msg(&format!("step.{}.body", step.id)),
            )
        };
        let head = ui.el("div", "pop-head", "")?;
        let h = ui.el("h2", "pop-title", title)?;
        h.set_id("ltg-pop-title");
        let count = ui.el(
            "span",
            "pop-count",
            &fill(ctx.msg("popover.progress"), &[("n", &n), ("total", &total)]),
        )?;
        head.append_child(&h)?;
        head.append_child(&count)?;
        pop.append_child(&head)?;
        let label = step
            .target
            .as_ref()
            .and_then(|t| ctx.pack.labels.get(&t.labels))
            .map(|v| self.label_in_lang(v))
            .unwrap_or_default();
        let note = match state {
            // A finished step whose control is on another page: say it is done, not missing.
            _ if view.step_done && !view.finished && state != "found" => {
                Some(ctx.msg("state.done").to_string())
            }
            "waiting" => Some(fill(ctx.msg("state.waiting"), &[("label", &label)])),
            "missing" => Some(format!(
                "{} {}",
                fill(ctx.msg("state.missing"), &[("label", &label)]),
                fill(
                    ctx.msg("state.elsewhere"),
                    &[(
                        "path",
                        ctx.msg(&format!(
                            "path.{}",
                            ctx.account.map(|a| a.as_str()).unwrap_or("agency")
                        ))
                    )]
                )
            )),
            "ambiguous" => Some(fill(ctx.msg("state.ambiguous"), &[("label", &label)])),
            _ if view.step_done && !view.finished => Some(ctx.msg("state.done").to_string()),
            _ => None,
        };
        let b = ui.el("p", "pop-body", body)?;
        b.set_id("ltg-pop-body");
        pop.append_child(&b)?;
        if let Some(note) = note {
            let p = ui.el("p", "pop-note", &note)?;
            p.set_attribute("data-ltg-note", state)?;
            pop.append_child(&p)?;
        }
        if !view.missing_before.is_empty() && !view.finished {
            let names: Vec<&str> = view
                .missing_before
                .iter()
                .map(|&i| ctx.msg(&format!("step.{}.title", self.steps[i].id)))
                .collect();
            let p = ui.el(
                "p",
                "pop-steps",
                &fill(ctx.msg("missing.before"), &[("steps", &names.join(" · "))]),
            )?;
            p.set_attribute("data-ltg-missing", "")?;
            pop.append_child(&p)?;
        }
        let actions = ui.el("div", "pop-actions", "")?;
        let dismiss = ui.button("", ctx.msg("dismiss"), "dismiss")?;
        actions.append_child(&dismiss)?;
        let spacer = ui.el("span", "spacer", "")?;
        actions.append_child(&spacer)?;
        let back = ui.button("", ctx.msg("back"), "back")?;
        if view.index == 0 {
            back.set_attribute("disabled", "")?;
        }
        actions.append_child(&back)?;
        let last = view.index + 1 == view.total;
        let next = ui.button(
            "primary",
            ctx.msg(if last { "finish" } else { "next" }),
            "next",
        )?;
        actions.append_child(&next)?;
        let close = ui.button("", ctx.msg("close"), "close")?;
        close.set_attribute("aria-label", ctx.msg("close"))?;
        actions.append_child(&close)?;
        pop.append_child(&actions)?;

        let weak = Rc::downgrade(self);
        st.pop_listeners.clear();
        st.pop_listeners
            .push(EventListener::new(&pop, "click", move |e| {
                let action = e
                    .target()
                    .and_then(|t| crate::dom::as_element(t.into()))
                    .and_then(|t| t.closest("[data-ltg-action]").ok().flatten())
                    .and_then(|t| t.get_attribute("data-ltg-action"));
                if let (Some(me), Some(a)) = (weak.upgrade(), action) {
                    me.act(&a);
                }
            }));
        let weak = Rc::downgrade(self);
        st.pop_listeners.push(EventListener::new_with_options(
            &pop,
            "keydown",
            active(),
            move |e| {
                let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                    return;
                };
                let a = match k.key().as_str() {
                    "ArrowRight" => "next",
                    "ArrowLeft" => "back",
                    "Escape" => "close",
                    _ => return,
                };
                e.prevent_default();
                e.stop_propagation();
                if let Some(me) = weak.upgrade() {
                    me.act(a);
                }
            },
        ));
        ui.shadow.append_child(&pop)?;
        // Focus moves once the caller's borrow of the state ends (a focus handler may call back).
        let refocus = had_focus.then(|| next.clone());
        st.pop = Some(pop);
        // Announce the step to screen readers.
        if let Some(s) = ui.find_part("status") {
            s.set_text_content(Some(&fill(
                ctx.msg("announce"),
                &[("n", &n), ("total", &total), ("title", title)],
            )));
        }
        Ok(refocus)
    }

    /// The label as the app shows it in the UI language, for "could not find “…”".
    fn label_in_lang(&self, v: &[String]) -> String {
        let script = |c: char| match self.ctx.lang.as_str() {
            "zh" => ('\u{4e00}'..'\u{a000}').contains(&c),
            "ja" => ('\u{3040}'..'\u{3100}').contains(&c),
            _ => false,
        };
        v.iter()
            .find(|s| s.chars().any(script))
            .or_else(|| v.first())
            .cloned()
            .unwrap_or_default()
    }

    /// Place the spotlight and popover from the target's current box (cheap: on scroll/resize).
    fn reposition(&self) -> Result<(), JsValue> {
        let st = self.st.borrow();
        let (Some(pop), Some(spot)) = (&st.pop, &st.spot) else {
            return Ok(());
        };
        let win = web_sys::window().ok_or("no window")?;
        // The viewport without scrollbars, so nothing is placed under them.
        let de = self.ctx.doc.document_element();
        let vw = de
            .as_ref()
            .map(|d| d.client_width() as f64)
            .filter(|w| *w > 0.0)
            .unwrap_or(win.inner_width()?.as_f64().unwrap_or(1280.0));
        let vh = de
            .as_ref()
            .map(|d| d.client_height() as f64)
            .filter(|h| *h > 0.0)
            .unwrap_or(win.inner_height()?.as_f64().unwrap_or(800.0));
        let rect = st
            .target
            .as_ref()
            .filter(|e| e.is_connected())
            .map(rect_in_top);
        let style = spot.style();
        match rect.and_then(|r| layout::spotlight(r, vw, vh)) {
            Some(s) => {
                style.set_property("display", "block")?;
                style.set_property("left", &crate::dom::px(s.x))?;
                style.set_property("top", &crate::dom::px(s.y))?;
                style.set_property("width", &crate::dom::px(s.w))?;
                style.set_property("height", &crate::dom::px(s.h))?;
            }
            None => style.set_property("display", "none")?,
        }
        let (pw, ph) = (pop.offset_width() as f64, pop.offset_height() as f64);
        // A menu item's popover goes beside the whole open menu, so it hides no other item.
        let avoid = st
            .target
            .as_ref()
            .and_then(|e| e.closest("[role=menu],[role=listbox]").ok().flatten())
            .map(|m| rect_in_top(&m))
            .or(rect);
        // Our other panel in the top frame, the reset reminder: the popover keeps clear of it.
        let panels: Vec<Rect> = self
            .ctx
            .ui
            .find_part("reset-reminder")
            .map(|p| p.get_bounding_client_rect())
            .filter(|r| r.width() > 0.0 && r.height() > 0.0)
            .map(|r| Rect {
                x: r.left(),
                y: r.top(),
                w: r.width(),
                h: r.height(),
            })
            .into_iter()
            .collect();
        let (x, y, side) = match avoid {
            Some(r) => layout::place_clear(r, pw, ph, vw, vh, &panels),
            None => (0.0, 0.0, Side::Docked),
        };
        let ps = pop.style();
        if side == Side::Docked {
            pop.set_attribute("data-docked", "")?;
            ps.remove_property("left")?;
            ps.remove_property("top")?;
        } else {
            pop.remove_attribute("data-docked")?;
            ps.set_property("left", &crate::dom::px(x))?;
            ps.set_property("top", &crate::dom::px(y))?;
        }
        Ok(())
    }

    pub(crate) fn act(self: &Rc<Self>, action: &str) {
        {
            let mut st = self.st.borrow_mut();
            let m = Machine::new(&self.steps);
            match action {
                "start" => {
                    // The page's focused control, not our own host (the launcher lives there).
                    st.restore_focus = self
                        .ctx
                        .doc
                        .active_element()
                        .filter(|e| e.id() != "ltg-root")
                        .and_then(|e| e.dyn_into::<HtmlElement>().ok());
                    m.start(&mut st.progress, false);
                }
                "next" => {
                    if m.view(&st.progress).finished
                        || m.current_index(&st.progress) + 1 == self.steps.len()
                    {
                        m.next(&mut st.progress);
                        st.progress.active = false;
                    } else {
                        m.next(&mut st.progress);
                    }
                }
                "back" => m.back(&mut st.progress),
                "close" => st.progress.active = false,
                "dismiss" => {
                    st.progress.active = false;
                    st.progress.dismissed = true;
                }
                _ => return,
            }
            st.sig.clear();
            self.save(&mut st);
        }
        let _ = self.refresh();
        let target = {
            let mut st = self.st.borrow_mut();
            if action == "start" {
                st.pop.clone()
            } else if !st.progress.active {
                // Focus goes back where it was, else to the launcher that started the guide.
                match st.restore_focus.take().filter(|e| e.is_connected()) {
                    Some(e) => Some(e),
                    None => st.launcher.clone(),
                }
            } else {
                None
            }
        };
        // After the borrow: a focus handler may call back in.
        if let Some(e) = target {
            let _ = e.focus();
        }
    }
}

/// The element's box in the top window's viewport (adding the offsets of same-origin frames).
fn rect_in_top(el: &Element) -> Rect {
    let r = el.get_bounding_client_rect();
    let (mut x, mut y) = (r.left(), r.top());
    let mut win = el.owner_document().and_then(|d: Document| d.default_view());
    for _ in 0..8 {
        let Some(w) = win else { break };
        match w.frame_element() {
            Ok(Some(fe)) => {
                let fr = fe.get_bounding_client_rect();
                x += fr.left() + fe.client_left() as f64;
                y += fr.top() + fe.client_top() as f64;
                win = fe.owner_document().and_then(|d| d.default_view());
            }
            _ => break,
        }
    }
    Rect {
        x,
        y,
        w: r.width(),
        h: r.height(),
    }
}

/// gloo's listeners are passive by default; these call `preventDefault`.
impl Feature for Walkthrough {
    fn name(&self) -> &'static str {
        "walkthrough"
    }

    fn update(self: Rc<Self>, u: &Update) -> Result<(), JsValue> {
        if u.content() {
            self.refresh()
        } else {
            self.reposition()
        }
    }
}

fn active() -> EventListenerOptions {
    EventListenerOptions::enable_prevent_default()
}
