//! Extension storage through the loader's bridge (`storage.local`). Values cross as JSON text
//! and are read by `core::json` (each type reads itself leniently: see `core::resets`).
use wasm_bindgen::prelude::*;

use crate::core::json::{self, Json};
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// The loader's object over `browser.storage.local` / `chrome.storage.local`.
    #[derive(Clone)]
    pub type Bridge;
    #[wasm_bindgen(method, catch)]
    fn get(this: &Bridge, key: &str) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn set(this: &Bridge, key: &str, value: &JsValue) -> Result<js_sys::Promise, JsValue>;
    /// `messages(lang)`: the text of the extension's own `guides/messages-<lang>.json`.
    #[wasm_bindgen(method, catch, js_name = messages)]
    fn messages_text(this: &Bridge, lang: &str) -> Result<js_sys::Promise, JsValue>;
    /// `cb(key, newValue)` for every change in `storage.local` (other tabs, the popup).
    #[wasm_bindgen(method, js_name = onChanged)]
    pub fn on_changed(this: &Bridge, cb: &js_sys::Function);
    /// The parts of the bridge that come with the core (extension/core-bridge.js).
    #[wasm_bindgen(method)]
    pub fn parts(this: &Bridge) -> Parts;
    /// The `#ltg-root` host stage one drew in this frame (launcher placeholder), if any.
    #[wasm_bindgen(method)]
    pub fn host(this: &Bridge) -> Option<web_sys::HtmlElement>;
    /// The reset activation stage one held before the core was ready (taken once), if any:
    /// `[item, key or null, the key's target or null]`.
    #[wasm_bindgen(method, js_name = takeHeld)]
    pub fn take_held(this: &Bridge) -> Option<js_sys::Array>;
    /// `shadowRoots(root)`: the open shadow roots of the root's elements (not ours).
    #[wasm_bindgen(method, getter, js_name = shadowRoots)]
    pub fn shadow_roots(this: &Bridge) -> Option<js_sys::Function>;
    /// The core's guard listens now: stage one stops holding.
    #[wasm_bindgen(method, js_name = guardReady)]
    pub fn guard_ready(this: &Bridge);
    /// The core stopped (a Rust panic): stage one removes everything of ours from the frame,
    /// holds reset activations again (with a plain warning), and tells the popup why.
    #[wasm_bindgen(method)]
    pub fn failed(this: &Bridge, reason: &str);
    /// The extension was updated, reloaded or removed while the page stayed open.
    #[wasm_bindgen(method)]
    pub fn orphaned(this: &Bridge) -> bool;
    /// An orphan leaves: stage one removes everything of ours and stops holding.
    #[wasm_bindgen(method)]
    pub fn gone(this: &Bridge);
}

#[wasm_bindgen]
extern "C" {
    /// `globalThis.ltgCoreParts` of extension/core-bridge.js, loaded with the core.
    pub type Parts;
    /// The one-crossing page walk: `[encoding, nodes, shadowRoots]` (see
    /// `core::tokens::Tree::decode`); key-like text arrives as `mark` (`core::mask::KEY_MARK`).
    #[wasm_bindgen(method, catch)]
    pub fn scan(
        this: &Parts,
        root: &web_sys::Element,
        mark: &str,
    ) -> Result<js_sys::Array, JsValue>;
    /// The token badges as decided, drawn in one crossing: returns the first token's badge.
    #[wasm_bindgen(method, catch)]
    pub fn badges(
        this: &Parts,
        nodes: &js_sys::Array,
        draw: &str,
        unmark: &str,
        css: &str,
    ) -> Result<JsValue, JsValue>;
    /// `lock(name)`: resolves to a release function once this context holds the named lock
    /// (shared by the site's tabs and frames), or null (no locks here, or none within 2 s).
    #[wasm_bindgen(method, catch)]
    fn lock(this: &Parts, name: &str) -> Result<js_sys::Promise, JsValue>;
    /// The walkthrough's diagnostic of a step it cannot find (JSON text; "" withdraws it), for
    /// the popup's "Copy a report" (kept per tab by the background).
    #[wasm_bindgen(method)]
    pub fn report(this: &Parts, text: &str);
}

/// One language's UI messages as shipped (JSON text; the core parses it).
pub async fn messages(bridge: &Bridge, lang: &str) -> Result<String, JsValue> {
    let text = JsFuture::from(bridge.messages_text(lang)?).await?;
    text.as_string().ok_or_else(|| "messages: not text".into())
}

/// A JS value as JSON (undefined, functions and unreadable values read as null).
pub fn from_js(v: &JsValue) -> Json {
    if v.is_undefined() || v.is_null() {
        return Json::Null;
    }
    js_sys::JSON::stringify(v)
        .ok()
        .and_then(|s| s.as_string())
        .and_then(|s| json::parse(&s).ok())
        .unwrap_or(Json::Null)
}

/// A JSON value as a plain JS value (for `storage.local`).
pub fn to_js(v: &Json) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(&v.write())
}

/// Call `f(newValue)` whenever `key` changes in `storage.local` (another tab, the popup, another
/// frame), for as long as the page lives.
pub fn watch_key(b: &Bridge, key: &'static str, mut f: impl FnMut(Json) + 'static) {
    let cb = Closure::<dyn FnMut(String, JsValue)>::new(move |k: String, v: JsValue| {
        if k == key && crate::dom::alive() {
            f(from_js(&v));
        }
    });
    b.on_changed(cb.as_ref().unchecked_ref());
    cb.forget();
}

/// The stored value (`Null` when absent).
pub async fn get(b: &Bridge, key: &str) -> Result<Json, JsValue> {
    Ok(from_js(&JsFuture::from(b.get(key)?).await?))
}

/// Run `f` while holding the named lock (see `Bridge::lock`); without a lock it still runs.
pub async fn locked<T, F: std::future::Future<Output = T>>(b: &Bridge, name: &str, f: F) -> T {
    let release = match b.parts().lock(name) {
        Ok(p) => JsFuture::from(p).await.ok(),
        Err(_) => None,
    };
    let out = f.await;
    if let Some(r) = release.filter(|r| r.is_function()) {
        let _ = r.unchecked_into::<js_sys::Function>().call0(&JsValue::NULL);
    }
    out
}

/// Save and wait until storage has it.
pub async fn put(b: &Bridge, key: &str, v: &Json) -> Result<(), JsValue> {
    JsFuture::from(b.set(key, &to_js(v)?)?).await.map(|_| ())
}

/// Save in the background; a failure is logged, never thrown into the page.
pub fn save(b: &Bridge, key: &str, v: &Json) {
    let p = to_js(v).and_then(|js| b.set(key, &js));
    match p {
        Ok(p) => wasm_bindgen_futures::spawn_local(async move {
            if let Err(e) = JsFuture::from(p).await {
                web_sys::console::warn_2(&"Legacy Token Guide: could not save".into(), &e);
            }
        }),
        Err(e) => web_sys::console::warn_2(&"Legacy Token Guide: could not save".into(), &e),
    }
}
