//! The one `#[wasm_bindgen]` export. The loader calls `start` once per frame.
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Deserialize;
use wasm_bindgen::prelude::*;

use crate::core::page::{self, PathKind};
use crate::dom::Ui;

static STARTED: AtomicBool = AtomicBool::new(false);
static PANICKED: AtomicBool = AtomicBool::new(false);

/// What the loader passes in (plain data, read with serde-wasm-bindgen).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Config {
    /// "wasm" or "js": how the core was loaded.
    core: String,
    /// The browser's UI language, e.g. "zh-CN".
    #[serde(default)]
    ui_lang: String,
}

#[wasm_bindgen]
extern "C" {
    /// The loader's storage bridge over `browser.storage.local` / `chrome.storage.local`.
    pub type Bridge;
    #[wasm_bindgen(method, catch)]
    pub fn get(this: &Bridge, key: &str) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(method, catch)]
    pub fn set(this: &Bridge, key: &str, value: &JsValue) -> Result<js_sys::Promise, JsValue>;
}

/// A panic is logged once, marks the frame, and turns every later callback into a no-op, so the
/// host page keeps working.
fn on_panic(info: &std::panic::PanicHookInfo) {
    if !PANICKED.swap(true, Ordering::SeqCst) {
        console_error_panic_hook::hook(info);
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = el.set_attribute("data-ltg-error", "internal error (see console)");
        }
    }
}

pub fn alive() -> bool {
    !PANICKED.load(Ordering::SeqCst)
}

#[wasm_bindgen]
pub fn start(config: JsValue, _bridge: Bridge) -> Result<(), JsValue> {
    std::panic::set_hook(Box::new(on_panic));
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let root = doc.document_element().ok_or("no documentElement")?;
    // One core per frame: a second injection (or a second loader) stops here.
    if STARTED.swap(true, Ordering::SeqCst) || root.has_attribute("data-ltg-core") {
        return Ok(());
    }
    let config: Config = serde_wasm_bindgen::from_value(config)?;
    let kind = if config.core == "js" { "js" } else { "wasm" };
    root.set_attribute("data-ltg-core", kind)?;
    let _lang = page::short_lang(&config.ui_lang);

    let path = doc.location().ok_or("no location")?.pathname()?;
    match page::recognise(&path) {
        PathKind::Other => {}
        _ => {
            let ui = Ui::mount(&doc)?;
            let status = ui.part("div", "status")?;
            status.set_class_name("sr");
            status.set_attribute("role", "status")?;
            ui.shadow.append_child(&status)?;
        }
    }
    Ok(())
}
