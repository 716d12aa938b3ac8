//! The thin browser layer: reads facts from the page and draws what `core` decided.
//! Nothing in here decides; every web-sys call returns errors upward with `?`.
pub mod find;
pub mod frame;
pub mod storage;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

static DEAD: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// False once a Rust panic happened in this frame: every callback turns into a no-op.
pub fn alive() -> bool {
    !DEAD.load(std::sync::atomic::Ordering::SeqCst)
}

thread_local! {
    static ON_STOP: std::cell::RefCell<Option<Box<dyn FnOnce()>>> = const { std::cell::RefCell::new(None) };
}

/// What stopping this frame's core means (set by `entry`: drop every feature, so their
/// listeners and observers go with them).
pub fn on_stop(f: Box<dyn FnOnce()>) {
    ON_STOP.with(|s| *s.borrow_mut() = Some(f));
}

/// Stop for good (the extension went away under an open page): every callback becomes a
/// no-op now; the features are dropped right after the current call returns.
pub fn stop() {
    mark_dead();
    wasm_bindgen_futures::spawn_local(async {
        if let Some(f) = ON_STOP.with(|s| s.borrow_mut().take()) {
            f();
        }
    });
}

/// Record a panic; true the first time (the panic hook reports only once).
pub fn mark_dead() -> bool {
    !DEAD.swap(true, std::sync::atomic::Ordering::SeqCst)
}

/// A value as an Element, checked by node type. Never `dyn_into` (`instanceof`) for page nodes:
/// in Chromium a node's wrapper may come from another frame's realm (a parent frame's script
/// touched it first), and `instanceof Element` is then false for a real element.
pub fn as_element(v: JsValue) -> Option<Element> {
    let nt = js_sys::Reflect::get(&v, &"nodeType".into())
        .ok()?
        .as_f64()?;
    (nt == 1.0).then(|| v.unchecked_into())
}

/// The element an event really started on: `composedPath()[0]` (inside open shadow roots, e.g.
/// web-component menus), else its target.
pub fn event_origin(e: &web_sys::Event) -> Option<Element> {
    as_element(e.composed_path().get(0)).or_else(|| as_element(e.target()?.into()))
}

/// Did the event come from inside our own UI (`#ltg-root`)?
pub fn from_our_ui(e: &web_sys::Event) -> bool {
    e.composed_path()
        .iter()
        .any(|n| as_element(n).is_some_and(|el| el.id() == "ltg-root"))
}

/// The `key` of a keyboard event, read by property (see [`as_element`] on realms).
pub fn key_of(e: &web_sys::Event) -> Option<String> {
    js_sys::Reflect::get(e, &"key".into()).ok()?.as_string()
}

/// Wait `ms` milliseconds (a timer, not a busy loop).
pub async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

/// A CSS length in whole pixels. (Integer formatting: float formatting would add ~15 KB of
/// wasm for sub-pixel precision nobody sees.)
pub fn px(v: f64) -> String {
    let mut s = (v.round() as i64).to_string();
    s.push_str("px");
    s
}

/// Milliseconds with two decimals, for the timing attributes (no float formatting).
pub fn ms2(v: f64) -> String {
    let c = (v.max(0.0) * 100.0).round() as i64;
    let mut s = (c / 100).to_string();
    s.push('.');
    s.push(char::from(b'0' + (c % 100 / 10) as u8));
    s.push(char::from(b'0' + (c % 10) as u8));
    s
}

/// Milliseconds on the page's monotonic clock.
pub fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// The one host element (`#ltg-root`) and its open shadow root, where everything is drawn.
#[derive(Clone)]
pub struct Ui {
    pub doc: Document,
    pub host: HtmlElement,
    pub shadow: ShadowRoot,
}

const CSS: &str = include_str!("ui.css");

impl Ui {
    /// Mount the host at the end of `<html>` (outside `<body>`, which apps re-render).
    pub fn mount(doc: &Document) -> Result<Ui, JsValue> {
        let host: HtmlElement = doc.create_element("div")?.dyn_into()?;
        host.set_id("ltg-root");
        // CSSOM writes are allowed under a strict page `style-src`; a `style` attribute is not.
        let st = host.style();
        st.set_property("all", "initial")?;
        st.set_property("position", "fixed")?;
        st.set_property("top", "0")?;
        st.set_property("left", "0")?;
        st.set_property("width", "0")?;
        st.set_property("height", "0")?;
        st.set_property("z-index", "2147483647")?;
        let shadow = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?;
        apply_css(doc, &shadow, CSS)?;
        let root = doc.document_element().ok_or("no documentElement")?;
        root.append_child(&host)?;
        Ok(Ui {
            doc: doc.clone(),
            host,
            shadow,
        })
    }

    /// Take over the host stage one drew (its shadow root is open): its content is replaced.
    pub fn adopt(doc: &Document, host: HtmlElement) -> Result<Ui, JsValue> {
        let shadow = host
            .shadow_root()
            .ok_or("stage-one host without a shadow root")?;
        while let Some(c) = shadow.first_child() {
            shadow.remove_child(&c)?;
        }
        apply_css(doc, &shadow, CSS)?;
        let ui = Ui {
            doc: doc.clone(),
            host,
            shadow,
        };
        ui.ensure_attached()?;
        Ok(ui)
    }

    /// Put the host back if the page removed it (some apps replace whole subtrees).
    pub fn ensure_attached(&self) -> Result<(), JsValue> {
        if !self.host.is_connected() {
            if let Some(root) = self.doc.document_element() {
                root.append_child(&self.host)?;
            }
        }
        Ok(())
    }

    /// A new element for the shadow root, tagged with its `data-ltg-part`.
    pub fn part(&self, tag: &str, part: &str) -> Result<HtmlElement, JsValue> {
        let el: HtmlElement = self.doc.create_element(tag)?.dyn_into()?;
        if !part.is_empty() {
            el.set_attribute("data-ltg-part", part)?;
        }
        Ok(el)
    }

    pub fn el(&self, tag: &str, class: &str, text: &str) -> Result<HtmlElement, JsValue> {
        let el: HtmlElement = self.doc.create_element(tag)?.dyn_into()?;
        if !class.is_empty() {
            el.set_class_name(class);
        }
        if !text.is_empty() {
            el.set_text_content(Some(text));
        }
        Ok(el)
    }

    pub fn button(&self, class: &str, text: &str, action: &str) -> Result<HtmlElement, JsValue> {
        let b = self.el("button", class, text)?;
        b.set_attribute("type", "button")?;
        if !action.is_empty() {
            b.set_attribute("data-ltg-action", action)?;
        }
        Ok(b)
    }

    pub fn find_part(&self, part: &str) -> Option<Element> {
        self.shadow
            .query_selector(&format!("[data-ltg-part=\"{part}\"]"))
            .ok()
            .flatten()
    }
}

/// Styles go in through a constructable stylesheet, which a strict page CSP does not block; a
/// `<style>` element is the fallback where adopting a sheet from a content script fails.
pub fn apply_css(doc: &Document, shadow: &ShadowRoot, css: &str) -> Result<(), JsValue> {
    let adopted = (|| -> Result<bool, JsValue> {
        let sheet = web_sys::CssStyleSheet::new()?;
        sheet.replace_sync(css)?;
        let list = js_sys::Array::of1(&sheet);
        js_sys::Reflect::set(shadow, &"adoptedStyleSheets".into(), &list)?;
        let back = js_sys::Reflect::get(shadow, &"adoptedStyleSheets".into())?;
        Ok(js_sys::Reflect::get(&back, &"length".into())?.as_f64() == Some(1.0))
    })()
    .unwrap_or(false);
    if !adopted {
        let style = doc.create_element("style")?;
        style.set_text_content(Some(css));
        shadow.append_child(&style)?;
    }
    Ok(())
}
