//! Issue 4: every API token the app shows gets a badge — Legacy, Current or Date unknown — from
//! its "created" label/value pair and the Legacy Account Tokens card. Incremental: the
//! MutationObserver's records name the changed subtrees, and only those are read again.
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    CssStyleSheet, Document, Element, HtmlElement, MutationObserver, MutationObserverInit,
    MutationRecord, Node, ShadowRoot, ShadowRootInit, ShadowRootMode,
};

use super::Ctx;
use crate::core::dates::{self, Date};
use crate::core::flags::{self, Verdict};
use crate::core::text;
use crate::dom::{now, storage};

const PART: &str = "token-badge";
/// Marks a "created" label the feature has read (so a container holding two is seen as a list).
const LABEL_MARK: &str = "data-ltg-created-label";
/// Elements that are one item of a list or table.
const ROWISH: &str = "tr,[role=row],li,[role=listitem],article";
const HEADINGS: &str = "h1,h2,h3,h4,h5,h6,[role=heading]";
/// A container with one of these around one created label is that token's card.
const CARDISH: &str =
    "button,[role=button],[aria-haspopup],a[href],[role=link],h1,h2,h3,h4,h5,h6,[role=heading]";
/// A token's name: a link in it (else its heading).
const NAME_LINK: &str = "a[href],[role=link]";
/// Text in these is never a token's created label (filters, menus, form controls, our own UI).
const SKIP: &str = "select,option,textarea,script,style,label,button,[role=option],\
[role=listbox],[role=menu],[role=menuitem],[data-ltg-part],#ltg-root";
const TABLES: &str = "table,[role=table],[role=grid],[role=treegrid]";
const ROWS: &str = "tr,[role=row]";
const FORM: &str = "input,select,textarea";
/// Longest value text read (a date with a weekday and a time fits easily).
const MAX_VALUE: usize = 200;

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

type MoCallback = Closure<dyn FnMut(js_sys::Array, MutationObserver)>;

pub struct Flags {
    ctx: Rc<Ctx>,
    cutoff: Cell<Date>,
    created_labels: Vec<String>,
    card_labels: Vec<String>,
    today: Date,
    mo: RefCell<Option<MutationObserver>>,
    /// Headings that say "Legacy Account Tokens", found by a document-wide query only when a pass
    /// may have changed them (a root holding or inside a heading, or one of them detached).
    legacy_heads: RefCell<Option<Vec<Element>>>,
    /// The one stylesheet every badge's shadow root adopts; None where adopting fails.
    sheet: RefCell<Option<Option<CssStyleSheet>>>,
    _cb: RefCell<Option<MoCallback>>,
}

/// One created label and what goes with it.
struct Pair {
    label: Element,
    value_el: Option<Element>,
    value: Option<String>,
    /// Table column pairs name their row directly.
    row: Option<Element>,
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

fn tag(el: &Element) -> String {
    el.tag_name().to_ascii_lowercase()
}

fn matches(el: &Element, sel: &str) -> bool {
    el.matches(sel).unwrap_or(false)
}

fn short_text(el: &Element) -> Option<String> {
    let t = el.text_content()?;
    let t = t.trim();
    (t.len() <= MAX_VALUE && !t.is_empty()).then(|| t.to_string())
}

impl Flags {
    pub fn start(ctx: Rc<Ctx>) -> Result<Rc<Flags>, JsValue> {
        let me = Rc::new(Flags {
            cutoff: Cell::new(ctx.cutoff),
            created_labels: ctx.pack.labels_norm("created"),
            card_labels: ctx.pack.labels_norm("legacy-account-tokens"),
            today: today(),
            ctx,
            mo: RefCell::new(None),
            legacy_heads: RefCell::new(None),
            sheet: RefCell::new(None),
            _cb: RefCell::new(None),
        });
        let weak = Rc::downgrade(&me);
        let cb = Closure::<dyn FnMut(js_sys::Array, MutationObserver)>::new(
            move |records: js_sys::Array, _mo: MutationObserver| {
                if !crate::entry::alive() {
                    return;
                }
                if let Some(me) = weak.upgrade() {
                    let roots = roots_of(&records);
                    if !roots.is_empty() {
                        me.run(roots);
                    }
                }
            },
        );
        let mo = MutationObserver::new(cb.as_ref().unchecked_ref())?;
        let opts = MutationObserverInit::new();
        opts.set_child_list(true);
        opts.set_subtree(true);
        opts.set_character_data(true);
        mo.observe_with_options(&me.ctx.doc, &opts)?;
        *me.mo.borrow_mut() = Some(mo);
        *me._cb.borrow_mut() = Some(cb);
        me.listen_storage();
        if let Some(root) = me.ctx.doc.document_element() {
            me.run(vec![root]);
        }
        Ok(me)
    }

    /// A new cut-off from the options page re-classifies the whole page.
    fn listen_storage(self: &Rc<Self>) {
        let weak = Rc::downgrade(self);
        storage::watch_key(&self.ctx.bridge, "ltg.settings", move |value: JsValue| {
            let Some(me) = weak.upgrade() else { return };
            let s: crate::entry::Settings =
                serde_wasm_bindgen::from_value(value).unwrap_or_default();
            let cutoff = crate::entry::cutoff_of(&s);
            if cutoff != me.cutoff.get() {
                me.cutoff.set(cutoff);
                if let Some(root) = me.ctx.doc.document_element() {
                    me.run(vec![root]);
                }
            }
        });
    }

    fn run(&self, roots: Vec<Element>) {
        let t0 = now();
        match self.handle(roots) {
            Ok(n) => {
                if let Some(html) = self.ctx.doc.document_element() {
                    let _ = html.set_attribute("data-ltg-flag-ms", &format!("{:.2}", now() - t0));
                    let _ = html.set_attribute("data-ltg-flag-count", &n.to_string());
                }
            }
            Err(e) => web_sys::console::warn_2(&"Legacy Token Guide: flags".into(), &e),
        }
        // Our own badges and marks are not page changes.
        if let Some(mo) = self.mo.borrow().as_ref() {
            let _ = mo.take_records();
        }
    }

    /// Read the changed subtrees and flag their tokens; returns how many tokens were flagged.
    fn handle(&self, roots: Vec<Element>) -> Result<usize, JsValue> {
        let doc = &self.ctx.doc;
        let roots = self.escalate(roots);
        if roots.iter().any(|r| {
            r.query_selector(HEADINGS).ok().flatten().is_some()
                || r.closest(HEADINGS).ok().flatten().is_some()
        }) {
            *self.legacy_heads.borrow_mut() = None;
        }
        // Marks from an earlier pass over these subtrees; kept only where a token still is.
        let mut stale: Vec<Element> = Vec::new();
        for root in &roots {
            if root.has_attribute("data-ltg-token") {
                stale.push(root.clone());
            }
            let old = root.query_selector_all(&format!("[data-ltg-token],[{LABEL_MARK}]"))?;
            for i in 0..old.length() {
                if let Some(e) = old.item(i).and_then(as_el) {
                    e.remove_attribute(LABEL_MARK)?;
                    if e.has_attribute("data-ltg-token") {
                        stale.push(e);
                    }
                }
            }
        }
        let mut pairs = Vec::new();
        for root in &roots {
            self.collect(doc, root, &mut pairs)?;
        }
        let done = js_sys::WeakSet::new();
        let n = self.flag(doc, &pairs, &done)?;
        for e in stale {
            if !done.has(&e) {
                let badges = e.query_selector_all(&format!("[data-ltg-part=\"{PART}\"]"))?;
                for i in 0..badges.length() {
                    if let Some(b) = badges.item(i).and_then(as_el) {
                        if b.closest("[data-ltg-token]")?.as_ref() == Some(&e) {
                            b.remove();
                        }
                    }
                }
                e.remove_attribute("data-ltg-token")?;
                e.remove_attribute("data-ltg-created")?;
            }
        }
        Ok(n)
    }

    fn flag(
        &self,
        doc: &Document,
        pairs: &[Pair],
        done: &js_sys::WeakSet,
    ) -> Result<usize, JsValue> {
        if pairs.is_empty() {
            return Ok(0);
        }
        for p in pairs {
            if p.row.is_none() {
                set_attr(&p.label, LABEL_MARK, "")?;
            }
        }
        let regions = self.legacy_regions(doc);
        let lang = doc
            .document_element()
            .and_then(|h| h.get_attribute("lang"))
            .unwrap_or_default();
        let order = dates::order_for_lang(&lang);
        let cutoff = self.cutoff.get();
        let mut n = 0;
        for p in pairs {
            let token = match &p.row {
                Some(r) => r.clone(),
                None => token_for(p),
            };
            if done.has(&token) {
                continue;
            }
            let in_card = regions.iter().any(|r| r.contains(Some(&token)));
            let v = flags::decide(p.value.as_deref(), order, in_card, cutoff);
            self.apply(doc, &token, p, &v)?;
            done.add(&token);
            n += 1;
        }
        Ok(n)
    }

    /// Changed nodes → the subtrees to read: a table cell means its rows; a change inside a
    /// flagged token means that token; nested roots collapse into the outer one.
    fn escalate(&self, roots: Vec<Element>) -> Vec<Element> {
        let seen = js_sys::WeakSet::new();
        let mut out: Vec<Element> = Vec::new();
        for r in roots {
            if !r.is_connected()
                || r.closest("#ltg-root,[data-ltg-part]")
                    .ok()
                    .flatten()
                    .is_some()
            {
                continue;
            }
            let r = match r.closest("[data-ltg-token]").ok().flatten() {
                Some(t) if tag(&t) == "dd" => t.parent_element().unwrap_or(t),
                Some(t) => t,
                None => r,
            };
            if seen.has(&r) {
                continue;
            }
            seen.add(&r);
            out.push(r);
        }
        // Nested roots: the outer one covers them (ancestors checked through the set).
        out.retain(|r| {
            let mut p = r.parent_element();
            while let Some(e) = p {
                if seen.has(&e) {
                    return false;
                }
                p = e.parent_element();
            }
            true
        });
        out
    }

    /// Every created label in `root` with its value.
    fn collect(&self, doc: &Document, root: &Element, out: &mut Vec<Pair>) -> Result<(), JsValue> {
        // Rows inside a table are read against the table's Created column.
        if let Some(table) = root.closest(TABLES)? {
            if let Some(col) = self.created_column(&table)? {
                for row in rows_in(root)? {
                    self.row_pair(&row, col, out);
                }
            }
            return Ok(());
        }
        let walker = doc.create_tree_walker_with_what_to_show(root, 4)?;
        let mut tables: Vec<Element> = Vec::new();
        while let Some(node) = walker.next_node()? {
            let Some(data) = node.node_value() else {
                continue;
            };
            if data.len() > flags::MAX_LABEL_TEXT || data.trim().is_empty() {
                continue;
            }
            let Some(rest) = flags::strip_label(&data, &self.created_labels) else {
                continue;
            };
            let Some(label) = node.parent_element() else {
                continue;
            };
            if label.closest(SKIP)?.is_some() {
                continue;
            }
            if matches(&label, "th,[role=columnheader]")
                || label.closest("th,[role=columnheader]")?.is_some()
            {
                let Some(table) = label.closest(TABLES)? else {
                    continue;
                };
                if tables.contains(&table) {
                    continue;
                }
                if let Some(col) = self.created_column(&table)? {
                    for row in rows_in(&table)? {
                        self.row_pair(&row, col, out);
                    }
                }
                tables.push(table);
                continue;
            }
            if let Some(p) = pair_for(label, rest)? {
                out.push(p);
            }
        }
        Ok(())
    }

    /// Index of the table's header cell that is a created label.
    fn created_column(&self, table: &Element) -> Result<Option<u32>, JsValue> {
        let heads = table.query_selector_all("th,[role=columnheader]")?;
        for i in 0..heads.length() {
            let Some(h) = heads.item(i).and_then(as_el) else {
                continue;
            };
            let Some(t) = short_text(&h) else { continue };
            if flags::strip_label(&t, &self.created_labels).is_some_and(|r| r.is_empty()) {
                let mut idx = 0;
                let mut s = h.previous_element_sibling();
                while let Some(e) = s {
                    idx += 1;
                    s = e.previous_element_sibling();
                }
                return Ok(Some(idx));
            }
        }
        Ok(None)
    }

    fn row_pair(&self, row: &Element, col: u32, out: &mut Vec<Pair>) {
        // Header rows hold the label itself.
        if row
            .query_selector("th[scope=col],[role=columnheader]")
            .ok()
            .flatten()
            .is_some()
            || row.closest("thead").ok().flatten().is_some()
        {
            return;
        }
        let cell = row.children().item(col);
        let value = cell.as_ref().and_then(short_text);
        out.push(Pair {
            label: cell.clone().unwrap_or_else(|| row.clone()),
            value_el: cell,
            value,
            row: Some(row.clone()),
        });
    }

    /// Regions headed "Legacy Account Tokens" (in any language): from each such heading, the
    /// smallest ancestor that holds a created label — unless a heading of the same or a higher
    /// level comes first (then the card is empty and has no region).
    fn legacy_regions(&self, doc: &Document) -> Vec<Element> {
        let mut out = Vec::new();
        let mut cache = self.legacy_heads.borrow_mut();
        if cache
            .as_ref()
            .is_some_and(|v| v.iter().any(|h| !h.is_connected()))
        {
            *cache = None;
        }
        let heads = cache.get_or_insert_with(|| {
            let mut v = Vec::new();
            if let Ok(all) = doc.query_selector_all(HEADINGS) {
                for i in 0..all.length() {
                    let Some(h) = all.item(i).and_then(as_el) else {
                        continue;
                    };
                    let Some(t) = short_text(&h) else { continue };
                    if text::match_labels(&text::normalize(&t), &self.card_labels)
                        != text::Match::None
                    {
                        v.push(h);
                    }
                }
            }
            v
        });
        for h in heads.iter() {
            let h = h.clone();
            let level = heading_level(&h);
            let mut cur = h.parent_element();
            for _ in 0..8 {
                let Some(c) = cur else { break };
                if c.query_selector(&format!("[{LABEL_MARK}],[data-ltg-token]"))
                    .ok()
                    .flatten()
                    .is_some()
                {
                    out.push(c);
                    break;
                }
                let higher = c.query_selector_all(HEADINGS).ok().is_some_and(|l| {
                    (0..l.length()).any(|k| {
                        l.item(k)
                            .and_then(as_el)
                            .is_some_and(|o| o != h && heading_level(&o) <= level)
                    })
                });
                if higher {
                    break;
                }
                cur = c.parent_element();
            }
        }
        out
    }

    fn apply(&self, doc: &Document, token: &Element, p: &Pair, v: &Verdict) -> Result<(), JsValue> {
        let was_token = token.has_attribute("data-ltg-token");
        set_attr(token, "data-ltg-token", v.kind())?;
        match v.created() {
            Some(d) => set_attr(token, "data-ltg-created", &d.iso())?,
            None if was_token => token.remove_attribute("data-ltg-created")?,
            None => {}
        }
        let ctx = &self.ctx;
        let msg = |k: &str| ctx.msg(k).to_string();
        let (badge, tip) = flags::describe(v, self.cutoff.get(), self.today, &msg);
        let label = format!("{badge}: {tip}");
        // A token seen for the first time has no badge of ours yet (unless the page moved one in).
        let mut host: Option<Element> = None;
        let existing = token.query_selector_all(&format!("[data-ltg-part=\"{PART}\"]"))?;
        for i in 0..existing.length() {
            let Some(e) = existing.item(i).and_then(as_el) else {
                continue;
            };
            // A badge of a token nested inside this one is not ours to touch.
            if e.closest("[data-ltg-token]")?.as_ref() != Some(token) {
                continue;
            }
            if host.is_none() {
                host = Some(e);
            } else {
                e.remove();
            }
        }
        match host {
            None => {
                // Built complete before it goes into the page: one insertion per token.
                let h = self.badge(doc, v.kind(), &badge, &tip, &label)?;
                self.place(token, p, &h)?;
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
            }
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
        let host: HtmlElement = doc.create_element("span")?.unchecked_into();
        host.set_attribute("data-ltg-part", PART)?;
        host.set_attribute("data-ltg-token-kind", kind)?;
        host.set_attribute("data-ltg-text", text)?;
        host.set_attribute("aria-label", label)?;
        host.set_attribute("tabindex", "0")?;
        host.set_attribute("role", "img")?;
        let sr = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?;
        self.style(doc, &sr)?;
        let b = doc.create_element("span")?;
        b.set_class_name("b");
        b.set_attribute("aria-hidden", "true")?;
        b.set_text_content(Some(text));
        let tip = doc.create_element("span")?;
        tip.set_class_name("tip");
        tip.set_attribute("aria-hidden", "true")?;
        tip.set_text_content(Some(tip_text));
        sr.append_child(&b)?;
        sr.append_child(&tip)?;
        Ok(host.into())
    }

    /// Constructable stylesheet (a strict page CSP allows it), `<style>` where adopting fails.
    fn style(&self, doc: &Document, sr: &ShadowRoot) -> Result<(), JsValue> {
        let mut cache = self.sheet.borrow_mut();
        if cache.is_none() {
            let sheet = (|| -> Result<CssStyleSheet, JsValue> {
                let s = CssStyleSheet::new()?;
                s.replace_sync(CSS)?;
                Ok(s)
            })()
            .ok();
            *cache = Some(sheet);
        }
        if let Some(Some(sheet)) = cache.as_ref() {
            let adopted =
                js_sys::Reflect::set(sr, &"adoptedStyleSheets".into(), &js_sys::Array::of1(sheet))
                    .is_ok()
                    && js_sys::Reflect::get(sr, &"adoptedStyleSheets".into())
                        .and_then(|a| js_sys::Reflect::get(&a, &"length".into()))
                        .ok()
                        .and_then(|l| l.as_f64())
                        == Some(1.0);
            if adopted {
                return Ok(());
            }
            *cache = Some(None);
        }
        let style = doc.create_element("style")?;
        style.set_text_content(Some(CSS));
        sr.append_child(&style)?;
        Ok(())
    }

    /// Next to the token's name (its heading or link), else after its created value.
    fn place(&self, token: &Element, p: &Pair, host: &Element) -> Result<(), JsValue> {
        let name = match token.query_selector(HEADINGS)? {
            Some(h) => Some(h.query_selector(NAME_LINK)?.unwrap_or(h)),
            None => token.query_selector(NAME_LINK)?,
        };
        if let Some(n) = name.filter(|n| n.closest(SKIP).ok().flatten().is_none()) {
            if let Some(parent) = n.parent_node() {
                parent.insert_before(host, n.next_sibling().as_ref())?;
                return Ok(());
            }
        }
        let at = if tag(token) == "dd" {
            token.clone()
        } else {
            p.value_el.clone().unwrap_or_else(|| p.label.clone())
        };
        at.append_child(host)?;
        Ok(())
    }
}

/// Mutation records → changed elements (added subtrees, the parent of changed text, and the
/// parent of a removed badge). Records about our own nodes are dropped.
fn roots_of(records: &js_sys::Array) -> Vec<Element> {
    let mut out: Vec<Element> = Vec::new();
    let seen = js_sys::WeakSet::new();
    let push = |e: Element, out: &mut Vec<Element>| {
        if !seen.has(&e) {
            seen.add(&e);
            out.push(e);
        }
    };
    let ours = |n: &Node| {
        n.node_type() == Node::ELEMENT_NODE && {
            let e: &Element = n.unchecked_ref();
            e.has_attribute("data-ltg-part") || e.id() == "ltg-root"
        }
    };
    for r in records.iter() {
        // Records and nodes are checked by type, not `instanceof`: in a Chromium frame the
        // content script's constructors are not the ones the observer's records come from.
        let r: MutationRecord = r.unchecked_into();
        let Some(target) = r.target() else { continue };
        if r.type_() == "characterData" {
            if let Some(p) = target.parent_element() {
                push(p, &mut out);
            }
            continue;
        }
        let added = r.added_nodes();
        for i in 0..added.length() {
            let Some(n) = added.item(i) else { continue };
            if ours(&n) {
                continue;
            }
            match as_el(n.clone()) {
                Some(e) => push(e, &mut out),
                None => {
                    if let Some(p) = n.parent_element() {
                        push(p, &mut out);
                    }
                }
            }
        }
        let removed = r.removed_nodes();
        let lost_badge = (0..removed.length()).any(|i| removed.item(i).is_some_and(|n| ours(&n)));
        let lost_other = (0..removed.length()).any(|i| removed.item(i).is_some_and(|n| !ours(&n)));
        if lost_badge || (lost_other && added.length() == 0) {
            if let Some(e) = as_el(target) {
                push(e, &mut out);
            }
        }
    }
    out
}

/// The rows a root stands for: its own row, or the rows inside it.
fn rows_in(root: &Element) -> Result<Vec<Element>, JsValue> {
    if let Some(r) = root.closest(ROWS)? {
        return Ok(vec![r]);
    }
    let list = root.query_selector_all(ROWS)?;
    Ok((0..list.length())
        .filter_map(|i| list.item(i).and_then(as_el))
        .collect())
}

/// The value of a created label: the `dd` after a `dt`; else the rest of the label's own text
/// when it has any ("Created On: Jan 5, 2025", "Created On: —"); else the element after it. A
/// form control there means the label names a filter (skipped); an element that starts with a
/// label of its own ("Last used: …") is another fact, never the created date.
fn pair_for(label: Element, rest: &str) -> Result<Option<Pair>, JsValue> {
    let is_dt = tag(&label) == "dt";
    if !is_dt && !rest.is_empty() {
        return Ok(Some(Pair {
            value_el: None,
            value: Some(rest.to_string()),
            label,
            row: None,
        }));
    }
    let mut sib = label.next_element_sibling();
    if sib.is_none()
        && label
            .parent_element()
            .is_some_and(|p| p.child_element_count() == 1)
    {
        sib = label
            .parent_element()
            .and_then(|p| p.next_element_sibling());
    }
    if is_dt && sib.as_ref().is_some_and(|s| tag(s) != "dd") {
        sib = None;
    }
    if let Some(s) = &sib {
        if matches(s, FORM) || s.query_selector(FORM)?.is_some() {
            return Ok(None);
        }
    }
    let value = sib
        .as_ref()
        .and_then(short_text)
        .filter(|v| !flags::starts_with_label(v));
    Ok(Some(Pair {
        value_el: sib,
        value,
        label,
        row: None,
    }))
}

/// The element that stands for one token: the nearest row-like ancestor, or the smallest
/// ancestor holding a [More]-style button, a link or a heading — but never one that holds a
/// second created label (then each label/value pair stands for its token).
fn token_for(p: &Pair) -> Element {
    let fallback = |prev: &Element| -> Element {
        if *prev == p.label {
            match &p.value_el {
                Some(v) if tag(v) == "dd" => v.clone(),
                _ => p.label.clone(),
            }
        } else {
            prev.clone()
        }
    };
    let mut prev = p.label.clone();
    let mut cur = p.label.parent_element();
    for _ in 0..8 {
        let Some(c) = cur else { break };
        let t = tag(&c);
        if t == "body" || t == "html" {
            break;
        }
        if matches(&c, ROWISH) {
            return c;
        }
        let labels = c
            .query_selector_all(&format!("[{LABEL_MARK}]"))
            .map(|l| l.length())
            .unwrap_or(0);
        if labels > 1 {
            return fallback(&prev);
        }
        if c.query_selector(CARDISH).ok().flatten().is_some() {
            return c;
        }
        prev = c.clone();
        cur = c.parent_element();
    }
    match &p.value_el {
        Some(v) if tag(v) == "dd" => v.clone(),
        _ => p.label.parent_element().unwrap_or_else(|| p.label.clone()),
    }
}

/// The node as an Element, by node type (see `roots_of`).
fn as_el(n: Node) -> Option<Element> {
    (n.node_type() == Node::ELEMENT_NODE).then(|| n.unchecked_into())
}

fn heading_level(h: &Element) -> u8 {
    if let Some(l) = h.get_attribute("aria-level").and_then(|l| l.parse().ok()) {
        return l;
    }
    let t = tag(h);
    match t.as_bytes() {
        [b'h', d @ b'1'..=b'6'] => d - b'0',
        _ => 2,
    }
}
