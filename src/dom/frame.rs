//! The one observer: the owner of a frame's page changes. One MutationObserver (this document,
//! its same-origin frames, the open shadow roots the page walk finds), records about our own
//! nodes dropped before any work, at most one update per animation frame, and one page walk per
//! update, shared by every feature that asks for it. Features subscribe ([`Frame::subscribe`]);
//! they never observe the page themselves. No polling.
use std::cell::{Cell, OnceCell, RefCell};
use std::rc::{Rc, Weak};

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, MutationObserver, MutationObserverInit, MutationRecord, Node};

use super::storage::Bridge;
use crate::core::tokens::Tree;

/// Content changed: re-read the page. Layout changed: only re-measure.
pub const CONTENT: u8 = 1;
pub const LAYOUT: u8 = 2;

/// A feature of this frame: told once per coalesced page change.
pub trait Feature {
    fn update(self: Rc<Self>, u: &Update) -> Result<(), JsValue>;
    /// For warnings.
    fn name(&self) -> &'static str;
}

/// The page as plain facts (`core::tokens::Tree`) and the nodes they were read from (same index).
pub struct Page {
    pub tree: Tree,
    nodes: js_sys::Array,
    /// The page's open shadow roots the walk went through (never ours).
    shadows: js_sys::Array,
}

impl Page {
    pub fn node(&self, i: u32) -> Node {
        self.nodes.get(i).unchecked_into()
    }
    pub fn element(&self, i: u32) -> Element {
        self.nodes.get(i).unchecked_into()
    }
    /// `querySelectorAll` over the document and the walk's shadow roots (no search for them).
    pub fn query(&self, doc: &Document, selector: &str) -> Vec<Element> {
        let shadows = self.shadows.iter().map(|s| s.unchecked_into());
        super::find::query_in(doc, shadows, selector)
    }
    /// The nodes, for a drawing done in one crossing.
    pub fn nodes(&self) -> &js_sys::Array {
        &self.nodes
    }
}

/// One update: what changed, and the page walk (read at most once, when a feature asks).
pub struct Update<'a> {
    pub flags: u8,
    frame: &'a Frame,
    page: OnceCell<Option<Page>>,
}

impl Update<'_> {
    pub fn content(&self) -> bool {
        self.flags & CONTENT != 0
    }
    /// The page walk of this update (the top document; open shadow roots included).
    pub fn page(&self) -> Option<&Page> {
        self.page.get_or_init(|| self.frame.walk()).as_ref()
    }
}

pub struct Frame {
    doc: Document,
    bridge: Bridge,
    mo: MutationObserver,
    observed: RefCell<Vec<Document>>,
    shadows: js_sys::WeakSet,
    subs: RefCell<Vec<Weak<dyn Feature>>>,
    dirty: Cell<u8>,
    pending: Cell<bool>,
    running: Cell<bool>,
    /// Runs a pending update; called by an animation frame, or by a timer where a frame gets
    /// none (a hidden or throttled frame), whichever comes first.
    raf: Closure<dyn FnMut(f64)>,
    _mo_cb: Closure<dyn FnMut(js_sys::Array, MutationObserver)>,
    listeners: RefCell<Vec<EventListener>>,
}

impl Frame {
    pub fn new(doc: &Document, bridge: &Bridge) -> Result<Rc<Frame>, JsValue> {
        // The callbacks reach the frame through a weak handle set once it exists.
        let me: Rc<OnceCell<Weak<Frame>>> = Rc::new(OnceCell::new());
        let get = |me: &Rc<OnceCell<Weak<Frame>>>| me.get().and_then(|w| w.upgrade());
        let raf = {
            let me = me.clone();
            Closure::<dyn FnMut(f64)>::new(move |_t: f64| {
                if let Some(f) = get(&me) {
                    if f.pending.replace(false) {
                        f.run();
                    }
                }
            })
        };

        let mo_cb = {
            let me = me.clone();
            Closure::<dyn FnMut(js_sys::Array, MutationObserver)>::new(
                move |records: js_sys::Array, _| {
                    if let Some(f) = get(&me) {
                        if records.iter().any(|r| !ours(&r.unchecked_into())) {
                            f.poke(CONTENT);
                        }
                    }
                },
            )
        };
        let mo = MutationObserver::new(mo_cb.as_ref().unchecked_ref())?;
        let f = Rc::new(Frame {
            doc: doc.clone(),
            bridge: bridge.clone(),
            mo,
            observed: RefCell::new(Vec::new()),
            shadows: js_sys::WeakSet::new(),
            subs: RefCell::new(Vec::new()),
            dirty: Cell::new(0),
            pending: Cell::new(false),
            running: Cell::new(false),
            raf,
            _mo_cb: mo_cb,
            listeners: RefCell::new(Vec::new()),
        });
        let _ = me.set(Rc::downgrade(&f));
        f.observe(doc)?;
        let capture = EventListenerOptions::run_in_capture_phase();
        let win = web_sys::window().ok_or("no window")?;
        let mut ls = Vec::new();
        for (target, ev, flag) in [
            (win.as_ref(), "scroll", LAYOUT),
            (win.as_ref(), "resize", LAYOUT),
            (win.as_ref(), "popstate", CONTENT),
            (win.as_ref(), "hashchange", CONTENT),
            // Frames finishing a load do not mutate the parent document.
            (doc.as_ref(), "load", CONTENT),
        ] {
            let me = Rc::downgrade(&f);
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
        *f.listeners.borrow_mut() = ls;
        Ok(f)
    }

    pub fn subscribe(&self, f: Weak<dyn Feature>) {
        self.subs.borrow_mut().push(f);
    }

    /// Ask for an update in the next animation frame.
    pub fn poke(&self, flag: u8) {
        self.dirty.set(self.dirty.get() | flag);
        if self.pending.replace(true) {
            return;
        }
        let Some(w) = web_sys::window() else {
            self.pending.set(false);
            return;
        };
        let raf = w.request_animation_frame(self.raf.as_ref().unchecked_ref());
        // The backstop: at most ~200 ms late where no animation frame comes.
        let timer = w.set_timeout_with_callback_and_timeout_and_arguments_0(
            self.raf.as_ref().unchecked_ref(),
            200,
        );
        if raf.is_err() && timer.is_err() {
            self.pending.set(false);
        }
    }

    /// Run an update now (at start, so the first paint does not wait a frame).
    pub fn run_now(&self, flag: u8) {
        self.dirty.set(self.dirty.get() | flag);
        self.run();
    }

    fn run(&self) {
        if !crate::dom::alive() || self.running.replace(true) {
            return;
        }
        // An orphan (the extension was updated or removed while the page stayed open): leave
        // the page as without the extension.
        if self.bridge.orphaned() {
            crate::dom::stop();
            self.bridge.gone();
            return;
        }
        // Test build only (cargo feature `test-panic`, absent from the release build): a page
        // asks for a panic in an update, to prove a failure leaves the page clean.
        #[cfg(feature = "test-panic")]
        if self
            .doc
            .document_element()
            .is_some_and(|h| h.has_attribute("data-ltg-test-panic"))
        {
            panic!("test panic requested by the page (test build only)");
        }
        let flags = self.dirty.replace(0);
        if flags != 0 {
            let u = Update {
                flags,
                frame: self,
                page: OnceCell::new(),
            };
            let subs: Vec<Rc<dyn Feature>> = {
                let mut s = self.subs.borrow_mut();
                s.retain(|w| w.strong_count() > 0);
                s.iter().filter_map(|w| w.upgrade()).collect()
            };
            for f in subs {
                let name = f.name();
                if let Err(e) = f.update(&u) {
                    web_sys::console::warn_2(&format!("Legacy Token Guide: {name}").into(), &e);
                }
            }
            // What our own drawing caused is not a page change; anything else is.
            let records = self.mo.take_records();
            if records.iter().any(|r| !ours(&r.unchecked_into())) {
                self.dirty.set(self.dirty.get() | CONTENT);
            }
        }
        self.running.set(false);
        if self.dirty.get() != 0 {
            let f = self.dirty.replace(0);
            self.poke(f);
        }
    }

    /// The page walk (stage one's JS walker: one crossing), and its shadow roots observed.
    fn walk(&self) -> Option<Page> {
        let html = self.doc.document_element()?;
        let scan = self
            .bridge
            .parts()
            .scan(&html, crate::core::mask::KEY_MARK)
            .ok()?;
        let enc = scan.get(0).as_string().unwrap_or_default();
        let nodes: js_sys::Array = scan.get(1).unchecked_into();
        let shadows: js_sys::Array = scan.get(2).unchecked_into();
        for s in shadows.iter() {
            let _ = self.observe_shadow(s.unchecked_ref());
        }
        Some(Page {
            tree: Tree::decode(&enc),
            nodes,
            shadows,
        })
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

    /// Listen to an extra event (e.g. scroll in a frame); removed when the frame drops.
    pub fn also_listen(self: &Rc<Self>, target: &web_sys::EventTarget, ev: &'static str, flag: u8) {
        let weak = Rc::downgrade(self);
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

impl Drop for Frame {
    fn drop(&mut self) {
        self.mo.disconnect();
    }
}

/// Is this node ours (the UI host, a badge or mark we put in the page)?
fn is_ours(n: &Node) -> bool {
    n.node_type() == Node::ELEMENT_NODE && {
        let e: &Element = n.unchecked_ref();
        e.has_attribute("data-ltg-part") || e.id() == "ltg-root"
    }
}

/// Is this mutation record about our own nodes only?
fn ours(r: &MutationRecord) -> bool {
    if r.type_() != "childList" {
        return r.target().is_some_and(|t| is_ours(&t));
    }
    let (a, d) = (r.added_nodes(), r.removed_nodes());
    a.length() + d.length() > 0
        && (0..a.length()).all(|i| a.item(i).is_some_and(|n| is_ours(&n)))
        && (0..d.length()).all(|i| d.item(i).is_some_and(|n| is_ours(&n)))
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
