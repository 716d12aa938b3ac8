//! Extension storage through the loader's bridge (`storage.local`), typed with serde.
use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::prelude::*;
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
    /// `cb(key, newValue)` for every change in `storage.local` (other tabs, the popup).
    #[wasm_bindgen(method, js_name = onChanged)]
    pub fn on_changed(this: &Bridge, cb: &js_sys::Function);
    /// Stage one's one-crossing page walk: `[encoding, nodes, shadowRoots]` (see extension/start.js and
    /// `core::tokens::Tree::decode`).
    #[wasm_bindgen(method, catch)]
    pub fn scan(this: &Bridge, root: &web_sys::Element) -> Result<js_sys::Array, JsValue>;
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
}

/// Call `f(newValue)` whenever `key` changes in `storage.local` (another tab, the popup, another
/// frame), for as long as the page lives.
pub fn watch_key(b: &Bridge, key: &'static str, mut f: impl FnMut(JsValue) + 'static) {
    let cb = Closure::<dyn FnMut(String, JsValue)>::new(move |k: String, v: JsValue| {
        if k == key && crate::dom::alive() {
            f(v);
        }
    });
    b.on_changed(cb.as_ref().unchecked_ref());
    cb.forget();
}

/// The raw stored value (null when absent).
pub async fn get_raw(b: &Bridge, key: &str) -> Result<JsValue, JsValue> {
    JsFuture::from(b.get(key)?).await
}

/// Read and validate a value; absent or unreadable data gives the default and a problem report
/// (the raw value stays in storage untouched until the next save).
pub async fn load<T: DeserializeOwned + Default>(b: &Bridge, key: &str) -> (T, Option<String>) {
    match get_raw(b, key).await {
        Ok(v) if v.is_null() || v.is_undefined() => (T::default(), None),
        Ok(v) => match serde_wasm_bindgen::from_value(v) {
            Ok(t) => (t, None),
            Err(e) => (T::default(), Some(format!("{key}: {e}"))),
        },
        Err(e) => (T::default(), Some(format!("{key}: {e:?}"))),
    }
}

pub fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsValue> {
    // Plain objects, not Maps: storage keeps only JSON-compatible values.
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(JsValue::from)
}

/// Save and wait until storage has it.
pub async fn put<T: Serialize>(b: &Bridge, key: &str, v: &T) -> Result<(), JsValue> {
    JsFuture::from(b.set(key, &to_js(v)?)?).await.map(|_| ())
}

/// Save in the background; a failure is logged, never thrown into the page.
pub fn save<T: Serialize>(b: &Bridge, key: &str, v: &T) {
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
