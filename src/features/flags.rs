//! Issue 4 / 9: every API token the app shows gets a badge — Legacy, Current or Date unknown.
//! Gather: the loader walks the page once into plain facts (`bridge.scan`, one crossing).
//! Decide: `core::tokens` finds the token elements and their verdicts. Draw: attributes and one
//! badge per token; marks of elements that are no longer tokens are removed.
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CssStyleSheet, Document, Element, Node, ShadowRoot, ShadowRootInit, ShadowRootMode};

use super::Ctx;
use crate::core::dates::{self, Date};
use crate::core::flags::{self, Verdict};
use crate::core::settings::{Settings, SETTINGS_KEY};
use crate::core::tokens::{self, Lexicon, Place, MARKED};
use crate::core::tracker::Sighting;
use crate::dom::frame::{Feature, Page, Update, CONTENT};
use crate::dom::{now, storage};

const PART: &str = "token-badge";

const CSS: &str = ":host{display:inline-block;position:relative;vertical-align:middle;\
margin-inline:6px;font:600 11px/1.5 system-ui,sans-serif;cursor:help}\
.b{display:inline-block;padding:0 7px;border-radius:9px;border:1px solid currentColor;\
background:#fff;white-space:nowrap}\
:host([data-ltg-token-kind=legacy]) .b{color:#b42318;background:#fef3f2}\
:host([data-ltg-token-kind=current]) .b{color:#1a7f37;background:#effaf1}\
:host([data-ltg-token-kind=unknown]) .b{color:#555;background:#f4f4f5}\
:host(:focus-visible){outline:2px solid #2563eb;outline-offset:2px;border-radius:9px}\
.tip{display:none;position:absolute;z-index:2147483646;top:100%;left:0;margin-top:4px;width:300px;\
font-weight:400;white-space:normal;color:#111;background:#fff;border:1px solid #bbb;border-radius:6px;\
padding:6px 8px;box-shadow:0 2px 8px rgba(0,0,0,.2)}\
:host(:hover) .tip,:host(:focus) .tip{display:block}\
@media (prefers-color-scheme:dark){.tip{color:#eee;background:#222;border-color:#555}}";

pub struct Flags {
    ctx: Rc<Ctx>,
    cutoff: Cell<Date>,
    lex: Lexicon,
    today: Date,
    /// The one stylesheet every badge's shadow root adopts; None where adopting fails.
    sheet: RefCell<Option<Option<js_sys::Array>>>,
    sheet_checked: Cell<bool>,
    /// Token element → [what was drawn, its badge]: unchanged tokens are skipped.
    drawn: js_sys::WeakMap,
    /// The badge's host and shadow content, copied for each new badge.
    template: RefCell<Option<(Element, web_sys::DocumentFragment, ShadowRootInit)>>,
    /// What was last given to the token tracker (written again only when it changes).
    recorded: RefCell<String>,
    /// Arrow keys between badges (one listener for all).
    _keys: RefCell<Option<gloo_events::EventListener>>,
    /// The one badge in the tab order.
    stop: RefCell<Option<Element>>,
}

fn today() -> Date {
    let d = js_sys::Date::new_0();
    Date::new(
        d.get_full_year() as i32,
        d.get_month() as u8 + 1,
        d.get_date() as u8,
    )
    .unwrap_or(Date {
        year: 2025,
        month: 1,
        day: 1,
    })
}

fn set_attr(el: &Element, name: &str, value: &str) -> Result<(), JsValue> {
    if el.get_attribute(name).as_deref() != Some(value) {
        el.set_attribute(name, value)?;
    }
    Ok(())
}

impl Flags {
    pub fn start(ctx: Rc<Ctx>) -> Rc<Flags> {
        let me = Rc::new(Flags {
            cutoff: Cell::new(ctx.cutoff),
            lex: Lexicon::from_pack(&ctx.pack),
            today: today(),
            ctx,
            sheet: RefCell::new(None),
            sheet_checked: Cell::new(false),
            drawn: js_sys::WeakMap::new(),
            template: RefCell::new(None),
            recorded: RefCell::new(String::new()),
            _keys: RefCell::new(None),
            stop: RefCell::new(None),
        });
        // The badges are one stop in the tab order (the first, or the last one used); arrow
        // keys, Home and End move between them.
        let weak = Rc::downgrade(&me);
        let keys = gloo_events::EventListener::new(&me.ctx.doc, "keydown", move |e| {
            let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                return;
            };
            let Some(from) = crate::dom::event_origin(e) else {
                return;
            };
            if from.get_attribute("data-ltg-part").as_deref() != Some(PART) {
                return;
            }
            let Some(doc) = from.owner_document() else {
                return;
            };
            let all = crate::dom::find::query_deep(&doc, "[data-ltg-part=\"token-badge\"]");
            let Some(i) = all.iter().position(|b| *b == from) else {
                return;
            };
            let to = match k.key().as_str() {
                "ArrowRight" | "ArrowDown" => (i + 1).min(all.len() - 1),
                "ArrowLeft" | "ArrowUp" => i.saturating_sub(1),
                "Home" => 0,
                "End" => all.len() - 1,
                _ => return,
            };
            e.prevent_default();
            rove(&all, to);
            if let Some(me) = weak.upgrade() {
                *me.stop.borrow_mut() = Some(all[to].clone());
            }
            if let Some(h) = all[to].dyn_ref::<web_sys::HtmlElement>() {
                let _ = h.focus();
            }
        });
        *me._keys.borrow_mut() = Some(keys);
        me.listen_storage();
        me
    }

    /// A new cut-off from the options page re-classifies the whole page.
    fn listen_storage(self: &Rc<Self>) {
        let weak = Rc::downgrade(self);
        storage::watch_key(&self.ctx.bridge, SETTINGS_KEY, move |value| {
            let Some(me) = weak.upgrade() else { return };
            let cutoff = Settings::from_json(&value).cutoff();
            if cutoff != me.cutoff.get() {
                me.cutoff.set(cutoff);
                me.ctx.frame.poke(CONTENT);
            }
        });
    }

    /// One pass over the page: returns how many tokens are flagged.
    fn pass(&self, page: &Page) -> Result<usize, JsValue> {
        let doc = &self.ctx.doc;
        let Some(html) = doc.document_element() else {
            return Ok(0);
        };
        let tree = &page.tree;
        let path = doc
            .location()
            .and_then(|l| l.pathname().ok())
            .unwrap_or_default();
        let found = if tokens::is_token_page(tree, &self.lex, &path) {
            let order = dates::order_for_lang(&html.get_attribute("lang").unwrap_or_default());
            tokens::find(tree, &self.lex, order, self.cutoff.get(), self.today)
        } else {
            Vec::new()
        };
        let el = |i: u32| -> Node { page.node(i) };
        let mut is_token = vec![false; tree.nodes.len()];
        for t in &found {
            is_token[t.el as usize] = true;
            let token: Element = el(t.el).unchecked_into();
            let marked = tree.nodes[t.el as usize].bits & MARKED != 0;
            self.apply(doc, &token, marked, &t.verdict, t.place, &el)?;
        }
        self.track(&found);
        // Exactly one badge is in the tab order: the one that has it still, else the first
        // token's (no search of the page for it: the tokens were just drawn).
        let kept = self.stop.borrow().as_ref().is_some_and(|b| {
            b.is_connected() && b.get_attribute("tabindex").as_deref() == Some("0")
        });
        if !kept {
            let first = found.first().and_then(|t| {
                let was: js_sys::Array = self.drawn.get(&el(t.el)).unchecked_into();
                (!was.is_undefined()).then(|| was.get(1).unchecked_into::<Element>())
            });
            if let Some(b) = first {
                b.set_attribute("tabindex", "0")?;
                *self.stop.borrow_mut() = Some(b);
            }
        }
        // Elements flagged by an earlier pass that are no longer tokens.
        for (i, n) in tree.nodes.iter().enumerate() {
            if n.bits & MARKED != 0 && !is_token[i] {
                let e: Element = el(i as u32).unchecked_into();
                for b in own_badges(&e)? {
                    b.remove();
                }
                e.remove_attribute("data-ltg-token")?;
                e.remove_attribute("data-ltg-created")?;
            }
        }
        Ok(found.len())
    }

    /// The token tracker (`ltg.tokens`): what this page shows of which account, recorded when it
    /// differs from what was recorded last.
    fn track(&self, found: &[tokens::Token]) {
        let account = self.ctx.seen.borrow().clone();
        if account.kind.is_empty() || found.iter().all(|t| t.name.is_empty()) {
            return;
        }
        // A hash of what is seen (FNV-1a) decides first: a big page changes often, and nothing
        // is built per token unless something changed.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |b: &[u8]| {
            for &x in b.iter().chain(&[0x1f]) {
                h = (h ^ u64::from(x)).wrapping_mul(0x0100_0000_01b3);
            }
        };
        eat(account.key().as_bytes());
        for t in found.iter().filter(|t| !t.name.is_empty()) {
            eat(t.name.as_bytes());
            let d = t.verdict.created();
            eat(&d.map_or([0; 4], |d| {
                let y = d.year.to_le_bytes();
                [y[0], y[1], d.month, d.day]
            }));
            eat(t.verdict.kind().as_bytes());
        }
        let sig = h.to_string();
        if *self.recorded.borrow() == sig {
            return;
        }
        *self.recorded.borrow_mut() = sig;
        let seen: Vec<Sighting> = found
            .iter()
            .filter(|t| !t.name.is_empty())
            .map(|t| Sighting {
                name: t.name.clone(),
                created: t.verdict.created().map(|d| d.iso()).unwrap_or_default(),
                verdict: t.verdict.kind().to_string(),
            })
            .collect();
        let bridge = self.ctx.bridge.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(e) = super::tracker_store::record(&bridge, &account, &seen).await {
                web_sys::console::warn_2(&"Legacy Token Guide: token tracker".into(), &e);
            }
        });
    }

    fn apply(
        &self,
        doc: &Document,
        token: &Element,
        marked: bool,
        v: &Verdict,
        at: Place,
        node: &dyn Fn(u32) -> Node,
    ) -> Result<(), JsValue> {
        let ctx = &self.ctx;
        let msg = |k: &str| ctx.msg(k).to_string();
        let (badge, tip) = flags::describe(v, self.cutoff.get(), self.today, &msg);
        let created = v.created().map(|d| d.iso()).unwrap_or_default();
        let sig = [v.kind(), &created, &badge, &tip].join("\u{1f}");
        // Drawn the same way by an earlier pass, and its badge is still in it: nothing to do
        // (a few reads instead of rebuilding; a page with thousands of tokens changes often).
        let was: js_sys::Array = self.drawn.get(token).unchecked_into();
        if marked && !was.is_undefined() && was.get(0).as_string().as_deref() == Some(&sig) {
            let b: Node = was.get(1).unchecked_into();
            if b.is_connected() && token.contains(Some(&b)) {
                return Ok(());
            }
        }
        set_attr(token, "data-ltg-token", v.kind())?;
        match v.created() {
            Some(d) => set_attr(token, "data-ltg-created", &d.iso())?,
            None => token.remove_attribute("data-ltg-created")?,
        }
        let label = format!("{badge}: {tip}");
        let mut existing = own_badges(token)?.into_iter();
        let host = match existing.next() {
            None => {
                // Built complete before it goes into the page: one insertion per token.
                let h = self.badge(doc, v.kind(), &badge, &tip, &label)?;
                match at {
                    Place::After(i) => {
                        let n = node(i);
                        match n.parent_node() {
                            Some(p) => {
                                p.insert_before(&h, n.next_sibling().as_ref())?;
                            }
                            None => {
                                token.append_child(&h)?;
                            }
                        }
                    }
                    Place::Append(i) => {
                        node(i).append_child(&h)?;
                    }
                }
                h
            }
            Some(host) => {
                set_attr(&host, "data-ltg-token-kind", v.kind())?;
                set_attr(&host, "data-ltg-text", &badge)?;
                set_attr(&host, "aria-label", &label)?;
                if let Some(sr) = host.shadow_root() {
                    for (sel, text) in [(".b", &badge), (".tip", &tip)] {
                        if let Some(e) = sr.query_selector(sel)? {
                            if e.text_content().as_deref() != Some(text.as_str()) {
                                e.set_text_content(Some(text));
                            }
                        }
                    }
                }
                host
            }
        };
        self.drawn
            .set(token, &js_sys::Array::of2(&JsValue::from_str(&sig), &host));
        // A page that cloned a badge along with its markup: one badge per token.
        for extra in existing {
            extra.remove();
        }
        Ok(())
    }

    /// A badge host: our own `<span>` with its own open shadow root.
    fn badge(
        &self,
        doc: &Document,
        kind: &str,
        text: &str,
        tip_text: &str,
        label: &str,
    ) -> Result<Element, JsValue> {
        // Copies of one template (made once): a few calls per badge instead of a dozen, which
        // matters on a page of thousands of tokens.
        let mut tpl = self.template.borrow_mut();
        if tpl.is_none() {
            let host = doc.create_element("span")?;
            host.set_attribute("data-ltg-part", PART)?;
            // One tab stop for all badges (roving: see `rove`); arrows move between them.
            host.set_attribute("tabindex", "-1")?;
            host.set_attribute("role", "img")?;
            let inner = doc.create_document_fragment();
            for class in ["b", "tip"] {
                let e = doc.create_element("span")?;
                e.set_class_name(class);
                e.set_attribute("aria-hidden", "true")?;
                inner.append_child(&e)?;
            }
            *tpl = Some((host, inner, ShadowRootInit::new(ShadowRootMode::Open)));
        }
        let (host_tpl, inner_tpl, init) = tpl.as_ref().ok_or("no badge template")?;
        let host: Element = host_tpl.clone_node()?.unchecked_into();
        host.set_attribute("data-ltg-token-kind", kind)?;
        host.set_attribute("data-ltg-text", text)?;
        host.set_attribute("aria-label", label)?;
        let sr = host.attach_shadow(init)?;
        self.style(doc, &sr)?;
        let inner = inner_tpl.clone_node_with_deep(true)?;
        if let (Some(b), Some(tip)) = (inner.first_child(), inner.last_child()) {
            b.set_text_content(Some(text));
            tip.set_text_content(Some(tip_text));
        }
        sr.append_child(&inner)?;
        Ok(host)
    }

    /// Constructable stylesheet (a strict page CSP allows it), `<style>` where adopting fails.
    fn style(&self, doc: &Document, sr: &ShadowRoot) -> Result<(), JsValue> {
        let mut cache = self.sheet.borrow_mut();
        if cache.is_none() {
            let sheet = (|| -> Result<js_sys::Array, JsValue> {
                let s = CssStyleSheet::new()?;
                s.replace_sync(CSS)?;
                Ok(js_sys::Array::of1(&s))
            })()
            .ok();
            *cache = Some(sheet);
        }
        if let Some(Some(sheets)) = cache.as_ref() {
            let set = js_sys::Reflect::set(sr, &"adoptedStyleSheets".into(), sheets).is_ok();
            // Checked on the first badge only: adopting works here or it does not.
            if set && self.sheet_checked.get() {
                return Ok(());
            }
            let adopted = set
                && js_sys::Reflect::get(sr, &"adoptedStyleSheets".into())
                    .and_then(|a| js_sys::Reflect::get(&a, &"length".into()))
                    .ok()
                    .and_then(|l| l.as_f64())
                    == Some(1.0);
            if adopted {
                self.sheet_checked.set(true);
                return Ok(());
            }
            *cache = Some(None);
        }
        let style = doc.create_element("style")?;
        style.set_text_content(Some(CSS));
        sr.append_child(&style)?;
        Ok(())
    }
}

impl Feature for Flags {
    fn name(&self) -> &'static str {
        "flags"
    }

    fn update(self: Rc<Self>, u: &Update) -> Result<(), JsValue> {
        if !u.content() {
            return Ok(());
        }
        let t0 = now();
        let Some(page) = u.page() else { return Ok(()) };
        let n = self.pass(page)?;
        if let Some(html) = self.ctx.doc.document_element() {
            html.set_attribute("data-ltg-flag-ms", &crate::dom::ms2(now() - t0))?;
            html.set_attribute("data-ltg-flag-count", &n.to_string())?;
        }
        Ok(())
    }
}

/// `badges[to]` is the one tab stop; every other badge is reached with the arrow keys.
fn rove(badges: &[Element], to: usize) {
    for (i, b) in badges.iter().enumerate() {
        let want = if i == to { "0" } else { "-1" };
        if b.get_attribute("tabindex").as_deref() != Some(want) {
            let _ = b.set_attribute("tabindex", want);
        }
    }
}

/// The badges that belong to this token element (not to a token nested in it).
fn own_badges(token: &Element) -> Result<Vec<Element>, JsValue> {
    let list = token.query_selector_all(&format!("[data-ltg-part=\"{PART}\"]"))?;
    let mut out = Vec::new();
    for i in 0..list.length() {
        let Some(n) = list.item(i) else { continue };
        if n.node_type() != Node::ELEMENT_NODE {
            continue;
        }
        let e: Element = n.unchecked_into();
        if e.parent_element()
            .and_then(|p| p.closest("[data-ltg-token]").ok().flatten())
            .as_ref()
            == Some(token)
        {
            out.push(e);
        }
    }
    Ok(out)
}
