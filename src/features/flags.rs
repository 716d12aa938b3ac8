//! Issue 4 / 9: every API token the app shows gets a badge — Legacy, Current or Date unknown.
//! Gather: the loader walks the page once into plain facts (`parts.scan`, one crossing).
//! Decide: `core::tokens` finds the token elements and their verdicts. Draw: attributes and one
//! badge per token; marks of elements that are no longer tokens are removed.
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

use super::Ctx;
use crate::core::dates::{self, Date};
use crate::core::flags;
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

impl Flags {
    pub fn start(ctx: Rc<Ctx>) -> Rc<Flags> {
        let me = Rc::new(Flags {
            cutoff: Cell::new(ctx.cutoff),
            lex: Lexicon::from_pack(&ctx.pack),
            today: today(),
            ctx,
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
        // What to draw, as one encoding for the bridge's `badges` (one crossing for the page).
        let mut is_token = vec![false; tree.nodes.len()];
        let mut draw = String::new();
        let msg = |k: &str| self.ctx.msg(k).to_string();
        // The texts of each distinct verdict, made once (a big page repeats them).
        let mut memo = crate::core::map::FirstSeen::new(found.len());
        let mut texts: Vec<(String, String)> = Vec::new();
        for t in &found {
            is_token[t.el as usize] = true;
            let v = &t.verdict;
            let k = memo.slot(v.key(), texts.len());
            if k == texts.len() {
                texts.push(flags::describe(v, self.cutoff.get(), self.today, &msg));
            }
            let (badge, tip) = &texts[k];
            let (at, node) = match t.place {
                Place::After(i) => ("a", i),
                Place::Append(i) => ("i", i),
            };
            let marked = tree.nodes[t.el as usize].bits & MARKED != 0;
            if !draw.is_empty() {
                draw.push('\u{1e}');
            }
            let (el, node) = (t.el.to_string(), node.to_string());
            let created = v.created().map(|d| d.iso()).unwrap_or_default();
            for (i, f) in [
                el.as_str(),
                at,
                &node,
                v.kind(),
                &created,
                badge,
                tip,
                if marked { "1" } else { "0" },
            ]
            .into_iter()
            .enumerate()
            {
                if i > 0 {
                    draw.push('\u{1f}');
                }
                // (Our own texts; never the separators.)
                draw.extend(f.chars().filter(|c| !matches!(c, '\u{1e}' | '\u{1f}')));
            }
        }
        // Elements flagged by an earlier pass that are no longer tokens.
        let unmark: Vec<String> = (tree.nodes.iter().enumerate())
            .filter(|(i, n)| n.bits & MARKED != 0 && !is_token[*i])
            .map(|(i, _)| i.to_string())
            .collect();
        let first =
            self.ctx
                .bridge
                .parts()
                .badges(page.nodes(), &draw, &unmark.join("\u{1e}"), CSS)?;
        self.track(&found);
        // Exactly one badge is in the tab order: the one that has it still, else the first
        // token's (no search of the page for it: the tokens were just drawn).
        let kept = self.stop.borrow().as_ref().is_some_and(|b| {
            b.is_connected() && b.get_attribute("tabindex").as_deref() == Some("0")
        });
        if !kept && !first.is_null() {
            let b: Element = first.unchecked_into();
            b.set_attribute("tabindex", "0")?;
            *self.stop.borrow_mut() = Some(b);
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
