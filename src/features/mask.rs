//! Secret masking (issue 12): on the app's API Credentials view every Auth Token value is covered
//! (blurred) until the user clicks Reveal next to it — for screen sharing. The value is never read:
//! `core::mask` finds the value elements from the shared page walk, in which key-like text is
//! already replaced by a marker. On by default; `ltg.settings.mask = false` switches it off.
//!
//! Contract: the value element carries `data-ltg-mask="hidden"` (covered) or `"shown"`; its next
//! element sibling is our `[data-ltg-part="mask-reveal"]` control (role button, focusable,
//! `aria-pressed`). The cover is a stylesheet rule on that attribute in the value's root (document
//! or shadow root), so removing the attribute (as stage one does when the core stops) uncovers.
use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions, EventListenerPhase};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent};

use super::Ctx;
use crate::core::mask;
use crate::core::tokens::{MASKED, VALUE};
use crate::dom::frame::{Feature, Update};

const ATTR: &str = "data-ltg-mask";
const PART: &str = "mask-reveal";
/// In the value's root: the cover. (Inline styles are the fallback where a page's root refuses
/// our sheet.)
const PAGE_CSS: &str = "[data-ltg-mask=hidden]{filter:blur(7px)!important;\
-webkit-user-select:none!important;user-select:none!important}";
const REVEAL_CSS: &str = ":host{display:inline-block;margin-inline:6px;vertical-align:middle;\
font:600 11px/1.6 system-ui,sans-serif;cursor:pointer;border-radius:9px}\
span{display:inline-block;padding:0 8px;border-radius:9px;border:1px solid #0b5cad;color:#0b5cad;\
background:#fff}:host([aria-pressed=true]) span{color:#fff;background:#0b5cad}:host(:focus-visible){outline:2px solid #0b5cad;outline-offset:2px}\
@media (prefers-color-scheme:dark){span{color:#8ab4f8;border-color:#8ab4f8;background:#1f2328}\
:host([aria-pressed=true]) span{color:#0d1117;background:#8ab4f8}}";

pub struct Mask {
    ctx: Rc<Ctx>,
    labels: Vec<String>,
    /// The page sheet, made once; None when it cannot be made.
    sheet: RefCell<Option<Option<web_sys::CssStyleSheet>>>,
    /// Roots (document, shadow roots) that adopted the sheet or got inline styles.
    styled: js_sys::WeakSet,
    /// The reveal controls we put in the page (none yet: an update costs only the core's look
    /// at the walk).
    controls: js_sys::Set,
    _listeners: RefCell<Vec<EventListener>>,
}

impl Mask {
    pub fn start(ctx: Rc<Ctx>) -> Rc<Mask> {
        let me = Rc::new(Mask {
            labels: ctx.pack.labels_norm("auth-token"),
            ctx,
            sheet: RefCell::new(None),
            styled: js_sys::WeakSet::new(),
            controls: js_sys::Set::new(&JsValue::UNDEFINED),
            _listeners: RefCell::new(Vec::new()),
        });
        // One listener for every reveal control of the frame (they may sit in shadow roots).
        let mut ls = Vec::new();
        for ev in ["click", "keydown"] {
            let weak = Rc::downgrade(&me);
            let opts = EventListenerOptions {
                phase: EventListenerPhase::Capture,
                passive: false,
            };
            ls.push(EventListener::new_with_options(
                &me.ctx.doc,
                ev,
                opts,
                move |e| {
                    let Some(me) = weak.upgrade() else { return };
                    if let Some(k) = e.dyn_ref::<KeyboardEvent>() {
                        if (k.key() != "Enter" && k.key() != " ") || k.repeat() {
                            return;
                        }
                    }
                    let path = e.composed_path();
                    let reveal = path
                        .iter()
                        .filter_map(crate::dom::as_element)
                        .find(|el| el.get_attribute("data-ltg-part").as_deref() == Some(PART));
                    if let Some(r) = reveal {
                        e.prevent_default();
                        e.stop_propagation();
                        if let Err(err) = me.toggle(&r) {
                            web_sys::console::warn_2(&"Legacy Token Guide: mask".into(), &err);
                        }
                    }
                },
            ));
        }
        *me._listeners.borrow_mut() = ls;
        me
    }

    fn toggle(&self, reveal: &Element) -> Result<(), JsValue> {
        let Some(value) = reveal.previous_element_sibling() else {
            return Ok(());
        };
        let show = value.get_attribute(ATTR).as_deref() != Some("shown");
        self.set(&value, reveal, show)
    }

    /// Covered or shown: the value's attribute, the control's state and text.
    fn set(&self, value: &Element, reveal: &Element, show: bool) -> Result<(), JsValue> {
        value.set_attribute(ATTR, if show { "shown" } else { "hidden" })?;
        if !self.sheet_in(&value.get_root_node()) {
            inline_blur(value, !show)?;
        }
        // One name ("Reveal: Auth Token value"), its state in aria-pressed (a toggle button).
        reveal.set_attribute("aria-pressed", if show { "true" } else { "false" })?;
        Ok(())
    }

    /// Does `root` hold our page sheet (adopted now if not yet)? False: inline styles instead.
    fn sheet_in(&self, root: &web_sys::Node) -> bool {
        let mut cache = self.sheet.borrow_mut();
        let sheet = cache.get_or_insert_with(|| {
            let s = web_sys::CssStyleSheet::new().ok()?;
            s.replace_sync(PAGE_CSS).ok()?;
            Some(s)
        });
        let Some(sheet) = sheet else { return false };
        if self.styled.has(root) {
            return true;
        }
        let key: JsValue = "adoptedStyleSheets".into();
        let ok = (|| -> Result<bool, JsValue> {
            let list: js_sys::Array = js_sys::Reflect::get(root, &key)?.dyn_into()?;
            let next = js_sys::Array::from(&list);
            next.push(sheet);
            js_sys::Reflect::set(root, &key, &next)?;
            let back: js_sys::Array = js_sys::Reflect::get(root, &key)?.dyn_into()?;
            Ok(back.includes(sheet, 0))
        })()
        .unwrap_or(false);
        if ok {
            self.styled.add(root);
        }
        ok
    }

    fn reveal_control(&self, doc: &web_sys::Document) -> Result<Element, JsValue> {
        let r = doc.create_element("span")?;
        r.set_attribute("data-ltg-part", PART)?;
        r.set_attribute("role", "button")?;
        r.set_attribute("tabindex", "0")?;
        let label = self.ctx.msg("mask.reveal");
        r.set_attribute(
            "aria-label",
            &format!("{label}: {}", self.ctx.msg("mask.what")),
        )?;
        let sr = r.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))?;
        crate::dom::apply_css(doc, &sr, REVEAL_CSS)?;
        let text = doc.create_element("span")?;
        text.set_attribute("aria-hidden", "true")?;
        text.set_text_content(Some(label));
        sr.append_child(&text)?;
        Ok(r)
    }
}

/// The blur as an inline style (where a root refuses our sheet), marked for stage one.
fn inline_blur(value: &Element, on: bool) -> Result<(), JsValue> {
    let style: web_sys::CssStyleDeclaration =
        js_sys::Reflect::get(value, &"style".into())?.unchecked_into();
    if on {
        // Marked, so that whoever removes our attributes (stage one, when the core stops)
        // also takes the blur off.
        value.set_attribute("data-ltg-mask-inline", "")?;
        style.set_property_with_priority("filter", "blur(7px)", "important")
    } else {
        style.remove_property("filter").map(|_| ())
    }
}

/// Our control right after `value`, if it is there.
fn reveal_after(value: &Element) -> Option<Element> {
    value
        .next_element_sibling()
        .filter(|n| n.get_attribute("data-ltg-part").as_deref() == Some(PART))
}

impl Feature for Mask {
    fn name(&self) -> &'static str {
        "secret masking"
    }

    fn update(self: Rc<Self>, u: &Update) -> Result<(), JsValue> {
        if !u.content() {
            return Ok(());
        }
        let Some(page) = u.page() else { return Ok(()) };
        let tree = &page.tree;
        // Most pages show no key-like value at all: a quick look, and nothing else to do.
        let any = tree
            .nodes
            .iter()
            .any(|n| n.bits & (MASKED | VALUE) != 0 || n.name.contains(mask::KEY_MARK));
        let drawn = self.controls.size() > 0;
        if !any && !drawn {
            return Ok(());
        }
        let found = if any {
            mask::values(tree, &self.labels)
        } else {
            Vec::new()
        };
        if found.is_empty() && !drawn {
            return Ok(());
        }
        let doc = &self.ctx.doc;
        let mut is_value = vec![false; tree.nodes.len()];
        for &i in &found {
            is_value[i as usize] = true;
            let value = page.element(i);
            let reveal = match reveal_after(&value) {
                Some(r) => {
                    // (One the page copied along with its value is ours to keep tidy too.)
                    self.controls.add(&r);
                    r
                }
                None => {
                    let r = self.reveal_control(doc)?;
                    value.after_with_node_1(&r)?;
                    self.controls.add(&r);
                    r
                }
            };
            // New: covered. Already ours (covered or shown by the user): left as it is.
            if tree.nodes[i as usize].bits & MASKED == 0 || value.get_attribute(ATTR).is_none() {
                self.set(&value, &reveal, false)?;
            }
        }
        // Values that are no longer values (the app changed them): uncovered, control gone.
        for (i, n) in tree.nodes.iter().enumerate() {
            if n.bits & MASKED != 0 && !is_value[i] {
                let e = page.element(i as u32);
                if let Some(r) = reveal_after(&e) {
                    r.remove();
                }
                e.remove_attribute(ATTR)?;
                if e.has_attribute("data-ltg-mask-inline") {
                    inline_blur(&e, false)?;
                    e.remove_attribute("data-ltg-mask-inline")?;
                }
            }
        }
        // Controls left behind by a value the app removed or replaced (ours are known: no
        // search of the page; a copy the page made elsewhere, away from any value, is not
        // seen). None left: the next updates cost only the quick look again.
        for r in js_sys::Array::from(&self.controls).iter() {
            let r: Element = r.unchecked_into();
            let keep = r.is_connected()
                && r.previous_element_sibling()
                    .is_some_and(|v| v.has_attribute(ATTR));
            if !keep {
                r.remove();
                self.controls.delete(&r);
            }
        }
        Ok(())
    }
}
