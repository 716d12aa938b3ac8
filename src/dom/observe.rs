//! Page changes → at most one update per animation frame. MutationObserver for content (in this
//! document and its same-origin frames), capture-phase scroll (any scroll container), resize and
//! history events. No polling.
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::prelude::*;
use web_sys::{Document, MutationObserver, MutationObserverInit, Window};

/// Content changed: re-read the page. Layout changed: only re-measure.
pub const CONTENT: u8 = 1;
pub const LAYOUT: u8 = 2;

pub struct Watcher {
    win: Window,
    mo: MutationObserver,
    observed: RefCell<Vec<Document>>,
    shadows: js_sys::WeakSet,
    dirty: Rc<Cell<u8>>,
    raf: Rc<Closure<dyn FnMut(f64)>>,
    pending: Rc<Cell<bool>>,
    _mo_cb: Closure<dyn FnMut(js_sys::Array, MutationObserver)>,
    listeners: RefCell<Vec<EventListener>>,
}

impl Watcher {
    /// `update(flags)` runs in an animation frame after changes; errors are logged, not thrown.
    pub fn new(doc: &Document, update: Rc<dyn Fn(u8)>) -> Result<Rc<Watcher>, JsValue> {
        let win = web_sys::window().ok_or("no window")?;
        let dirty = Rc::new(Cell::new(0u8));
        let pending = Rc::new(Cell::new(false));
        let raf = {
            let (dirty, pending) = (dirty.clone(), pending.clone());
            Rc::new(Closure::<dyn FnMut(f64)>::new(move |_t: f64| {
                pending.set(false);
                let f = dirty.replace(0);
                if f != 0 && crate::dom::alive() {
                    update(f);
                }
            }))
        };
        let mo_cb = {
            let (dirty, pending, raf, win) =
                (dirty.clone(), pending.clone(), raf.clone(), win.clone());
            Closure::<dyn FnMut(js_sys::Array, MutationObserver)>::new(move |_r, _o| {
                request(&win, &dirty, &pending, &raf, CONTENT);
            })
        };
        let mo = MutationObserver::new(mo_cb.as_ref().unchecked_ref())?;
        let w = Rc::new(Watcher {
            win,
            mo,
            observed: RefCell::new(Vec::new()),
            shadows: js_sys::WeakSet::new(),
            dirty,
            raf,
            pending,
            _mo_cb: mo_cb,
            listeners: RefCell::new(Vec::new()),
        });
        w.observe(doc)?;
        let capture = EventListenerOptions::run_in_capture_phase();
        let mut ls = Vec::new();
        for (target, ev, flag) in [
            (w.win.as_ref(), "scroll", LAYOUT),
            (w.win.as_ref(), "resize", LAYOUT),
            (w.win.as_ref(), "popstate", CONTENT),
            (w.win.as_ref(), "hashchange", CONTENT),
            // Frames finishing a load do not mutate the parent document.
            (doc.as_ref(), "load", CONTENT),
        ] {
            let me = Rc::downgrade(&w);
            ls.push(EventListener::new_with_options(
                target,
                ev,
                capture,
                move |_| {
                    if let Some(me) = me.upgrade() {
                        me.poke(flag);
                    }
                },
            ));
        }
        *w.listeners.borrow_mut() = ls;
        Ok(w)
    }

    /// Ask for an update in the next frame.
    pub fn poke(&self, flag: u8) {
        request(&self.win, &self.dirty, &self.pending, &self.raf, flag);
    }

    /// Observe another document (a same-origin frame) too; once per document.
    pub fn observe(&self, doc: &Document) -> Result<(), JsValue> {
        let mut seen = self.observed.borrow_mut();
        seen.retain(|d| d.default_view().is_some());
        if seen.iter().any(|d| d == doc) {
            return Ok(());
        }
        self.mo.observe_with_options(doc, &options())?;
        seen.push(doc.clone());
        Ok(())
    }

    /// Observe an open shadow root too (a document's observer does not see inside it); once.
    pub fn observe_shadow(&self, root: &web_sys::ShadowRoot) -> Result<(), JsValue> {
        if self.shadows.has(root) {
            return Ok(());
        }
        self.shadows.add(root);
        self.mo.observe_with_options(root, &options())
    }

    /// Listen to an extra event (e.g. scroll in a frame); removed when the watcher drops.
    pub fn also_listen(
        &self,
        target: &web_sys::EventTarget,
        ev: &'static str,
        flag: u8,
        me: &Rc<Watcher>,
    ) {
        let weak = Rc::downgrade(me);
        let l = EventListener::new_with_options(
            target,
            ev,
            EventListenerOptions::run_in_capture_phase(),
            move |_| {
                if let Some(w) = weak.upgrade() {
                    w.poke(flag);
                }
            },
        );
        self.listeners.borrow_mut().push(l);
    }
}

fn request(
    win: &Window,
    dirty: &Cell<u8>,
    pending: &Cell<bool>,
    raf: &Closure<dyn FnMut(f64)>,
    flag: u8,
) {
    dirty.set(dirty.get() | flag);
    if !pending.replace(true)
        && win
            .request_animation_frame(raf.as_ref().unchecked_ref())
            .is_err()
    {
        pending.set(false);
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.mo.disconnect();
    }
}

fn options() -> MutationObserverInit {
    let opts = MutationObserverInit::new();
    opts.set_child_list(true);
    opts.set_subtree(true);
    opts.set_character_data(true);
    opts.set_attributes(true);
    // Only attributes that change what is shown; never our own data-ltg-* marks.
    let filter = js_sys::Array::new();
    for a in [
        "class",
        "style",
        "hidden",
        "open",
        "aria-expanded",
        "aria-selected",
        "aria-hidden",
        "aria-checked",
        "disabled",
    ] {
        filter.push(&a.into());
    }
    opts.set_attribute_filter(&filter);
    opts
}
