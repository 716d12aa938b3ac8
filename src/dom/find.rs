//! Finding controls by meaning: accessible name or visible text in any language, then role,
//! then the app's CSS conventions. Searches the document, open shadow roots and same-origin
//! frames (portals at the end of `<body>` are part of the document). Only visible elements count.
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlIFrameElement};

use crate::core::guide::Target;
use crate::core::text::{self, Match};

/// Elements a user can act on.
const CONTROLS: &str = "button,a[href],[role=button],[role=link],[role=menuitem],\
[role=menuitemradio],[role=menuitemcheckbox],[role=tab],[role=option],[role=treeitem],summary,\
input[type=button],input[type=submit],select,[aria-haspopup],[tabindex]:not([tabindex='-1'])";
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
pub fn documents(doc: &Document) -> Vec<Document> {
    let mut out = vec![doc.clone()];
    let mut i = 0;
    while i < out.len() && out.len() < 16 {
        if let Ok(frames) = out[i].query_selector_all("iframe,frame") {
            for k in 0..frames.length() {
                let fd = frames
                    .item(k)
                    .and_then(|n| n.dyn_into::<HtmlIFrameElement>().ok())
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

/// `querySelectorAll` over a document and its open shadow roots (not our own UI host).
pub fn query_deep(doc: &Document, selector: &str) -> Vec<Element> {
    let mut out = Vec::new();
    collect(doc.as_ref(), selector, &mut out, 0);
    out
}

fn collect(root: &JsValue, selector: &str, out: &mut Vec<Element>, depth: u8) {
    let list = if let Some(d) = root.dyn_ref::<Document>() {
        d.query_selector_all(selector)
    } else if let Some(s) = root.dyn_ref::<web_sys::ShadowRoot>() {
        s.query_selector_all(selector)
    } else {
        return;
    };
    if let Ok(list) = list {
        for i in 0..list.length() {
            if let Some(e) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                out.push(e);
            }
        }
    }
    if depth > 4 {
        return;
    }
    // Any element may host an open shadow root: walk them all (once per coalesced update).
    let all = if let Some(d) = root.dyn_ref::<Document>() {
        d.query_selector_all("*")
    } else if let Some(s) = root.dyn_ref::<web_sys::ShadowRoot>() {
        s.query_selector_all("*")
    } else {
        return;
    };
    if let Ok(all) = all {
        for i in 0..all.length() {
            if let Some(e) = all.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                if e.id() == "ltg-root" {
                    continue;
                }
                if let Some(sr) = e.shadow_root() {
                    collect(sr.as_ref(), selector, out, depth + 1);
                }
            }
        }
    }
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
/// alt text. Values of inputs are never read.
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
    if tag == "select" || tag == "input" || tag == "textarea" {
        return el.get_attribute("title").unwrap_or_default();
    }
    let t = el.text_content().unwrap_or_default();
    if !t.trim().is_empty() {
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
    if let Some(f) = f.and_then(|f| f.dyn_into::<js_sys::Function>().ok()) {
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

/// Score candidates; keep the best, innermost, visible ones.
fn best(cands: Vec<Element>, q: &Query, controls: bool) -> Vec<(u8, Element)> {
    let max_len = q.labels.iter().map(|l| l.len()).max().unwrap_or(0) * 4 + 120;
    let mut scored: Vec<(u8, Element)> = Vec::new();
    for el in cands {
        let name = if controls {
            accessible_name(&el)
        } else {
            el.text_content().unwrap_or_default()
        };
        // Cheap length check before normalising: long text cannot be a label.
        if name.len() > max_len {
            continue;
        }
        let m = text::match_labels(&text::normalize(&name), &q.labels);
        if m == Match::None {
            continue;
        }
        let mut score = if m == Match::Exact { 4 } else { 2 };
        if !q.target.roles.is_empty() && q.target.roles.contains(&role(&el)) {
            score += 1;
        }
        if !is_visible(&el) {
            continue;
        }
        scored.push((score, el));
    }
    let top = scored.iter().map(|(s, _)| *s).max().unwrap_or(0);
    scored.retain(|(s, _)| *s == top);
    // `<li role=menuitem><button>Reset</button></li>`: both match; keep the innermost.
    let els: Vec<Element> = scored.iter().map(|(_, e)| e.clone()).collect();
    scored.retain(|(_, e)| !els.iter().any(|o| o != e && e.contains(Some(o))));
    scored
}

/// Find the target in `scope` documents. Controls first; label text when the target allows.
pub fn find(docs: &[Document], q: &Query) -> Found {
    let scopes = scopes(docs, q);
    if let Some(scopes) = &scopes {
        if scopes.is_empty() {
            return Found::None;
        }
    }
    let gather = |sel: &str| -> Vec<Element> {
        let mut v = Vec::new();
        for d in docs {
            v.extend(query_deep(d, sel));
        }
        match &scopes {
            Some(sc) => v
                .into_iter()
                .filter(|e| sc.iter().any(|s| s.contains(Some(e))))
                .collect(),
            None => v,
        }
    };
    let mut hits = best(gather(CONTROLS), q, true);
    if hits.is_empty() && q.target.text {
        hits = best(gather(TEXTS), q, false);
    }
    if hits.is_empty() {
        for css in &q.target.css {
            let v: Vec<Element> = gather(css).into_iter().filter(is_visible).collect();
            if !v.is_empty() {
                return pick(v.into_iter().map(|e| (0, e)).collect(), q.target.first);
            }
        }
        return Found::None;
    }
    pick(hits, q.target.first)
}

fn pick(hits: Vec<(u8, Element)>, first: bool) -> Found {
    match hits.len() {
        0 => Found::None,
        1 => Found::One(hits[0].1.clone()),
        n if first => {
            let _ = n;
            Found::One(hits[0].1.clone())
        }
        n => Found::Many(n),
    }
}

/// Regions headed by the `within` label: climb from each heading to the nearest ancestor that
/// holds more than the heading (the card). None when the target has no `within`.
fn scopes(docs: &[Document], q: &Query) -> Option<Vec<Element>> {
    q.target.within.as_ref()?;
    let t = Target {
        labels: String::new(),
        text: true,
        ..Default::default()
    };
    let hq = Query::new(&t, q.within.clone(), Vec::new());
    let mut heads = Vec::new();
    for d in docs {
        heads.extend(query_deep(d, TEXTS));
    }
    let heads = best(heads, &hq, false);
    let mut out = Vec::new();
    for (_, h) in heads {
        let mut cur = h.parent_element();
        for _ in 0..8 {
            let Some(c) = cur else { break };
            let own = c
                .query_selector_all(CONTROLS)
                .map(|l| l.length())
                .unwrap_or(0);
            if own > 0 {
                out.push(c);
                break;
            }
            cur = c.parent_element();
        }
    }
    Some(out)
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
