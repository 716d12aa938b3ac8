//! Finding controls by meaning: accessible name or visible text in any language, then role,
//! then the app's CSS conventions. Searches the document, open shadow roots and same-origin
//! frames (portals at the end of `<body>` are part of the document). Only visible elements count.
use std::cell::OnceCell;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlIFrameElement};

use crate::core::guide::Target;
use crate::core::text::{self, Match};

/// Elements a user can act on.
const CONTROLS: &str = "button,a[href],[role=button],[role=link],[role=menuitem],\
[role=menuitemradio],[role=menuitemcheckbox],[role=tab],[role=option],[role=treeitem],summary,\
input[type=button],input[type=submit],input[type=reset],select,[aria-haspopup],[tabindex]:not([tabindex='-1'])";
/// Elements that carry label text (headings, labels, short inline text).
const TEXTS: &str = "h1,h2,h3,h4,h5,h6,[role=heading],legend,label,dt,th,[role=columnheader],\
caption,strong,b,span,div,p,li,td,dd";

/// The result of a search.
pub enum Found {
    One(Element),
    /// Several elements match equally well: the caller says so instead of guessing.
    Many(usize),
    None,
}

/// Every document to search: this one and its same-origin frames (recursively, bounded).
/// Nodes of a frame's document belong to another JS realm, where `instanceof` (`dyn_into`)
/// fails in Chromium: the casts below are unchecked, guarded by the selectors and node types.
pub fn documents(doc: &Document) -> Vec<Document> {
    let mut out = vec![doc.clone()];
    let mut i = 0;
    while i < out.len() && out.len() < 16 {
        if let Ok(frames) = out[i].query_selector_all("iframe,frame") {
            for k in 0..frames.length() {
                let fd = frames
                    .item(k)
                    .map(|n| n.unchecked_into::<HtmlIFrameElement>())
                    // A cross-origin frame has no contentDocument for us: skipped.
                    .and_then(|f| f.content_document());
                if let Some(fd) = fd {
                    out.push(fd);
                }
            }
        }
        i += 1;
    }
    out
}

enum Root {
    Doc(Document),
    Shadow(web_sys::ShadowRoot),
}

impl Root {
    fn all(&self, selector: &str) -> Vec<Element> {
        let list = match self {
            Root::Doc(d) => d.query_selector_all(selector),
            Root::Shadow(s) => s.query_selector_all(selector),
        };
        let Ok(list) = list else { return Vec::new() };
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter(|n| n.node_type() == web_sys::Node::ELEMENT_NODE)
            .map(|n| n.unchecked_into::<Element>())
            .collect()
    }
}

/// `querySelectorAll` over a document and its open shadow roots (not our own UI host).
pub fn query_deep(doc: &Document, selector: &str) -> Vec<Element> {
    query_deep_roots(doc, selector).0
}

/// `querySelectorAll` over a document and shadow roots already known (the page walk's): no
/// search for them.
pub fn query_in(
    doc: &Document,
    shadows: impl Iterator<Item = web_sys::ShadowRoot>,
    selector: &str,
) -> Vec<Element> {
    let mut out = Root::Doc(doc.clone()).all(selector);
    for s in shadows {
        out.extend(Root::Shadow(s).all(selector));
    }
    out
}

/// [`query_deep`], with the open shadow roots it went through (to observe them).
pub fn query_deep_roots(
    doc: &Document,
    selector: &str,
) -> (Vec<Element>, Vec<web_sys::ShadowRoot>) {
    let mut out = Vec::new();
    let mut roots = Vec::new();
    collect(&Root::Doc(doc.clone()), selector, &mut out, &mut roots, 0);
    (out, roots)
}

fn collect(
    root: &Root,
    selector: &str,
    out: &mut Vec<Element>,
    roots: &mut Vec<web_sys::ShadowRoot>,
    depth: u8,
) {
    out.extend(root.all(selector));
    if depth > 4 {
        return;
    }
    // Any element may host an open shadow root: find them all (once per coalesced update), in
    // one call to stage one's walker where it is there (no crossing per element).
    let found: Vec<web_sys::ShadowRoot> = match SHADOWS.with(|f| f.borrow().clone()) {
        Some(f) => {
            let node: &JsValue = match root {
                Root::Doc(d) => d.as_ref(),
                Root::Shadow(s) => s.as_ref(),
            };
            f.call1(&JsValue::NULL, node)
                .ok()
                .map(|a| {
                    js_sys::Array::from(&a)
                        .iter()
                        .map(|s| s.unchecked_into())
                        .collect()
                })
                .unwrap_or_default()
        }
        None => root
            .all("*")
            .into_iter()
            .filter(|e| e.id() != "ltg-root" && !e.has_attribute("data-ltg-part"))
            .filter_map(|e| e.shadow_root())
            .collect(),
    };
    for sr in found {
        roots.push(sr.clone());
        collect(&Root::Shadow(sr), selector, out, roots, depth + 1);
    }
}

thread_local! {
    /// Stage one's `shadowRoots(root)`: the open shadow roots of a root's elements.
    static SHADOWS: std::cell::RefCell<Option<js_sys::Function>> = const { std::cell::RefCell::new(None) };
}

/// Use stage one's shadow-root finder (one call instead of one per element).
pub fn set_shadow_finder(f: js_sys::Function) {
    SHADOWS.with(|s| *s.borrow_mut() = Some(f));
}

/// The role an element plays, explicit or implicit.
pub fn role(el: &Element) -> String {
    if let Some(r) = el.get_attribute("role") {
        if let Some(first) = r.split_whitespace().next() {
            return first.to_ascii_lowercase();
        }
    }
    let tag = el.tag_name().to_ascii_lowercase();
    match tag.as_str() {
        "button" | "summary" => "button".into(),
        "a" if el.has_attribute("href") => "link".into(),
        "select" => "combobox".into(),
        "input" => match el.get_attribute("type").as_deref() {
            Some("button") | Some("submit") | Some("reset") => "button".into(),
            _ => "textbox".into(),
        },
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => "heading".into(),
        _ => String::new(),
    }
}

/// The accessible name, simplified: aria-label, aria-labelledby, the text, title, an image's
/// alt text. Values of inputs are never read, but for button-type inputs (their label).
pub fn accessible_name(el: &Element) -> String {
    if let Some(l) = el.get_attribute("aria-label") {
        if !l.trim().is_empty() {
            return l;
        }
    }
    if let Some(ids) = el.get_attribute("aria-labelledby") {
        let doc = el.owner_document();
        let s: Vec<String> = ids
            .split_whitespace()
            .filter_map(|id| doc.as_ref()?.get_element_by_id(id)?.text_content())
            .collect();
        if !s.is_empty() {
            return s.join(" ");
        }
    }
    let tag = el.tag_name().to_ascii_lowercase();
    if tag == "input" && is_button_input(el) {
        // A button-type input is named by its `value` (a label, never user data).
        // The property: a script may set it without the attribute.
        let v = js_sys::Reflect::get(el, &"value".into())
            .ok()
            .and_then(|v| v.as_string())
            .or_else(|| el.get_attribute("value"))
            .unwrap_or_default();
        if !v.trim().is_empty() {
            return v;
        }
    }
    if tag == "select" || tag == "input" || tag == "textarea" {
        return el.get_attribute("title").unwrap_or_default();
    }
    let t = el.text_content().unwrap_or_default();
    // Icon glyphs ("⋮", "☰") are no name: fall through to title / alt text.
    if t.chars().any(char::is_alphanumeric) {
        return t;
    }
    if let Some(t) = el.get_attribute("title") {
        return t;
    }
    if let Ok(Some(img)) = el.query_selector("img[alt],svg[aria-label],[title]") {
        return img
            .get_attribute("alt")
            .or_else(|| img.get_attribute("aria-label"))
            .or_else(|| img.get_attribute("title"))
            .unwrap_or_default();
    }
    String::new()
}

/// `<input type=button|submit|reset>`: the only inputs whose value is read (their label).
pub fn is_button_input(el: &Element) -> bool {
    matches!(
        el.get_attribute("type")
            .map(|t| t.trim().to_ascii_lowercase())
            .as_deref(),
        Some("button" | "submit" | "reset")
    )
}

/// Rendered and not hidden: has a box, not `visibility: hidden`, not inside `aria-hidden`.
pub fn is_visible(el: &Element) -> bool {
    let r = el.get_bounding_client_rect();
    if r.width() <= 0.0 && r.height() <= 0.0 {
        return false;
    }
    if el
        .closest("[aria-hidden='true'],[hidden]")
        .ok()
        .flatten()
        .is_some()
    {
        return false;
    }
    // checkVisibility() knows about display:none ancestors, content-visibility and opacity.
    let f = js_sys::Reflect::get(el, &"checkVisibility".into()).ok();
    if let Some(f) = f
        .filter(|f| f.is_function())
        .map(|f| f.unchecked_into::<js_sys::Function>())
    {
        let opts = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&opts, &"visibilityProperty".into(), &true.into());
        if let Ok(v) = f.call1(el, &opts) {
            return v.as_bool().unwrap_or(true);
        }
    }
    true
}

/// A pre-normalised search: the labels of one target.
pub struct Query<'a> {
    pub target: &'a Target,
    pub labels: Vec<String>,
    pub within: Vec<String>,
}

impl<'a> Query<'a> {
    pub fn new(target: &'a Target, labels: Vec<String>, within: Vec<String>) -> Self {
        Query {
            target,
            labels,
            within,
        }
    }
}

/// One candidate element with what matching needs, computed once per scan.
struct Cand {
    el: Element,
    /// Normalised accessible name (controls) or text (labels); empty when too long to be a label.
    name: String,
    role: String,
    visible: OnceCell<bool>,
}

/// The page read once: every question asked during one update shares these candidate lists
/// (a page change invalidates the scan; the next update makes a new one).
pub struct Scan {
    pub docs: Vec<Document>,
    controls: OnceCell<Vec<Cand>>,
    texts: OnceCell<Vec<Cand>>,
}

/// Longer text cannot be a label; skip normalising it.
const MAX_LABEL: usize = 200;

impl Scan {
    pub fn new(docs: Vec<Document>) -> Scan {
        Scan {
            docs,
            controls: OnceCell::new(),
            texts: OnceCell::new(),
        }
    }

    fn gather(&self, sel: &str, controls: bool) -> Vec<Cand> {
        let mut out = Vec::new();
        for d in &self.docs {
            for el in query_deep(d, sel) {
                let raw = if controls {
                    accessible_name(&el)
                } else {
                    el.text_content().unwrap_or_default()
                };
                let name = if raw.len() > MAX_LABEL {
                    String::new()
                } else {
                    text::normalize(&raw)
                };
                out.push(Cand {
                    role: role(&el),
                    el,
                    name,
                    visible: OnceCell::new(),
                });
            }
        }
        out
    }

    fn controls(&self) -> &[Cand] {
        self.controls.get_or_init(|| self.gather(CONTROLS, true))
    }

    fn texts(&self) -> &[Cand] {
        self.texts.get_or_init(|| self.gather(TEXTS, false))
    }

    /// Score candidates; keep the best, innermost, visible ones.
    fn best(&self, cands: &[Cand], q: &Query, scopes: Option<&[Element]>) -> Vec<(u8, Element)> {
        let mut scored: Vec<(u8, Element)> = Vec::new();
        for c in cands {
            if c.name.is_empty() {
                continue;
            }
            let m = text::match_labels(&c.name, &q.labels);
            if m == Match::None {
                continue;
            }
            if let Some(sc) = scopes {
                if !sc.iter().any(|s| s.contains(Some(&c.el))) {
                    continue;
                }
            }
            if !*c.visible.get_or_init(|| is_visible(&c.el)) {
                continue;
            }
            let mut score = if m == Match::Exact { 4 } else { 2 };
            if q.target.roles.contains(&c.role) {
                score += 1;
            }
            scored.push((score, c.el.clone()));
        }
        let top = scored.iter().map(|(s, _)| *s).max().unwrap_or(0);
        scored.retain(|(s, _)| *s == top);
        // `<li role=menuitem><button>Reset</button></li>`: both match; keep the innermost.
        let els: Vec<Element> = scored.iter().map(|(_, e)| e.clone()).collect();
        scored.retain(|(_, e)| !els.iter().any(|o| o != e && e.contains(Some(o))));
        scored
    }

    /// Regions headed by the `within` label: from each heading, the nearest ancestor that also
    /// holds a control (the card). None when the target has no `within`.
    fn scopes(&self, q: &Query) -> Option<Vec<Element>> {
        q.target.within.as_ref()?;
        let t = Target {
            text: true,
            ..Default::default()
        };
        let hq = Query::new(&t, q.within.clone(), Vec::new());
        let mut out = Vec::new();
        for (_, h) in self.best(self.texts(), &hq, None) {
            let mut cur = h.parent_element();
            for _ in 0..8 {
                let Some(c) = cur else { break };
                if c.query_selector(CONTROLS).ok().flatten().is_some() {
                    out.push(c);
                    break;
                }
                cur = c.parent_element();
            }
        }
        Some(out)
    }

    /// What the page offered when a step's control was not found (the user's report): visible
    /// controls as (role, normalised accessible name), those with a wanted role first, at most
    /// `max`. Names too long for a label or looking like a credential are left out.
    pub fn seen(&self, roles: &[String], max: usize) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for wanted_first in [true, false] {
            for c in self.controls() {
                if out.len() >= max {
                    return out;
                }
                let wanted = roles.contains(&c.role);
                if wanted != wanted_first
                    || c.name.is_empty()
                    || c.name.chars().count() > 60
                    || crate::core::resets::looks_like_credential(&c.name, "")
                    || out.iter().any(|(r, n)| *r == c.role && *n == c.name)
                    || !*c.visible.get_or_init(|| is_visible(&c.el))
                {
                    continue;
                }
                out.push((c.role.clone(), c.name.clone()));
            }
        }
        out
    }

    /// Controls first; label text when the target allows; the pack's CSS last.
    pub fn find(&self, q: &Query) -> Found {
        let scopes = self.scopes(q);
        if scopes.as_ref().is_some_and(|s| s.is_empty()) {
            return Found::None;
        }
        let sc = scopes.as_deref();
        let mut hits = self.best(self.controls(), q, sc);
        if hits.is_empty() && q.target.text {
            hits = self.best(self.texts(), q, sc);
        }
        if hits.is_empty() {
            for css in &q.target.css {
                let v: Vec<(u8, Element)> = self
                    .docs
                    .iter()
                    .flat_map(|d| query_deep(d, css))
                    .filter(|e| sc.is_none_or(|s| s.iter().any(|x| x.contains(Some(e)))))
                    .filter(is_visible)
                    .map(|e| (0, e))
                    .collect();
                if !v.is_empty() {
                    return pick(v, q.target.first);
                }
            }
            return Found::None;
        }
        pick(hits, q.target.first)
    }
}

/// Find the target in these documents (a one-off scan).
pub fn find(docs: &[Document], q: &Query) -> Found {
    Scan::new(docs.to_vec()).find(q)
}

fn pick(hits: Vec<(u8, Element)>, first: bool) -> Found {
    match hits.len() {
        0 => Found::None,
        1 => Found::One(hits[0].1.clone()),
        _ if first => Found::One(hits[0].1.clone()),
        n => Found::Many(n),
    }
}

/// Is a visible element with this label text on the page (labels normalised)?
pub fn text_visible(docs: &[Document], labels: &[String]) -> Option<Element> {
    let t = Target {
        text: true,
        first: true,
        ..Default::default()
    };
    let q = Query::new(&t, labels.to_vec(), Vec::new());
    match find(docs, &q) {
        Found::One(e) => Some(e),
        _ => None,
    }
}
