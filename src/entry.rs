//! The one `#[wasm_bindgen]` export. The loader calls `start` once per frame.
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};

use wasm_bindgen::prelude::*;

use crate::core::guide::{self, Pack};
use crate::core::json::Json;
use crate::core::page::{self, PathKind};
use crate::core::settings::{Settings, SETTINGS_KEY};
use crate::dom::frame::{Feature, Frame, CONTENT};
use crate::dom::storage::{self, Bridge};
use crate::dom::Ui;
use crate::features::{
    account::AccountWatch, flags::Flags, help_pages::HelpPages, mask::Mask, reminder::Reminder,
    reset_guard::ResetGuard, walkthrough::Walkthrough, Ctx,
};

static STARTED: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// The running features of this frame (they live as long as the page).
    static RUNNING: RefCell<Vec<Box<dyn Any>>> = const { RefCell::new(Vec::new()) };
    /// Stage one's bridge, for the panic hook.
    static BRIDGE: RefCell<Option<Bridge>> = const { RefCell::new(None) };
}

/// What the loader passes in: `{core: "wasm"|"js", uiLang, startGuide}`.
struct Config {
    /// "wasm" or "js": how the core was loaded.
    core: String,
    /// The browser's UI language, e.g. "zh-CN".
    ui_lang: String,
    /// Stage one's launcher was clicked before the core ran: start the guide at once.
    start_guide: bool,
    /// `{key: value}` of the stored values stage one read (null when stale or unreadable).
    stored: Json,
}

impl Config {
    fn from_js(v: &JsValue) -> Config {
        let v = storage::from_js(v);
        Config {
            core: v.string("core"),
            ui_lang: v.string("uiLang"),
            start_guide: v.flag("startGuide"),
            stored: v.get("stored").clone(),
        }
    }
}

/// A panic is logged once and turns every later callback into a no-op; stage one (plain JS,
/// still working) then removes all of ours from the frame, guards resets again with a plain
/// warning, and tells the popup why. The page keeps working, as without the extension.
fn on_panic(info: &std::panic::PanicHookInfo) {
    if crate::dom::mark_dead() {
        console_error_panic_hook::hook(info);
        let mut reason = String::from("internal error: ");
        match info.payload().downcast_ref::<&str>() {
            Some(s) => reason.push_str(s),
            None => match info.payload().downcast_ref::<String>() {
                Some(s) => reason.push_str(s),
                None => reason.push_str("see the console"),
            },
        }
        let told = BRIDGE
            .try_with(|b| match b.try_borrow().ok().as_deref() {
                Some(Some(b)) => {
                    b.failed(&reason);
                    true
                }
                _ => false,
            })
            .unwrap_or(false);
        if !told {
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
            {
                let _ = el.set_attribute("data-ltg-core", "error");
                let _ = el.set_attribute("data-ltg-error", &reason);
            }
        }
    }
}

fn keep<T: 'static>(f: T) {
    RUNNING.with(|r| r.borrow_mut().push(Box::new(f)));
}

#[wasm_bindgen]
pub fn start(config: JsValue, pack: String, bridge: Bridge) -> Result<(), JsValue> {
    std::panic::set_hook(Box::new(on_panic));
    let win = web_sys::window().ok_or("no window")?;
    let doc = win.document().ok_or("no document")?;
    let root = doc.document_element().ok_or("no documentElement")?;
    // One core per frame: a second call stops here. (Stage one keeps its own "started" flag in
    // the extension's isolated world; a page attribute could be forged by the page.)
    if STARTED.swap(true, Ordering::SeqCst) {
        return Ok(());
    }
    BRIDGE.with(|b| *b.borrow_mut() = Some(bridge.clone()));
    crate::dom::on_stop(Box::new(|| {
        RUNNING.with(|r| r.borrow_mut().clear());
    }));
    let config = Config::from_js(&config);
    let kind = if config.core == "js" { "js" } else { "wasm" };
    root.set_attribute("data-ltg-core", kind)?;

    let path = doc.location().ok_or("no location")?.pathname()?;
    let kind = page::recognise(&path);
    if kind == PathKind::Other {
        return Ok(());
    }
    let pack = Pack::parse(&pack).map_err(|e| JsValue::from_str(&format!("guide pack: {e}")))?;
    if let Some(f) = bridge.shadow_roots() {
        crate::dom::find::set_shadow_finder(f);
    }
    // Stage one may already have drawn the host (the launcher placeholder): take it over.
    let ui = match bridge.host() {
        Some(h) => Ui::adopt(&doc, h)?,
        None => Ui::mount(&doc)?,
    };
    let status = ui.part("div", "status")?;
    status.set_class_name("sr");
    status.set_attribute("role", "status")?;
    status.set_attribute("aria-live", "polite")?;
    ui.shadow.append_child(&status)?;
    let top = win.top().ok().flatten().is_some_and(|t| t == win);

    wasm_bindgen_futures::spawn_local(async move {
        let first = match config.stored.obj() {
            Some(_) => Ok(config.stored.get(SETTINGS_KEY).clone()),
            None => storage::get(&bridge, SETTINGS_KEY).await,
        };
        let settings = match first {
            Ok(v) => Settings::from_json(&v),
            Err(e) => {
                web_sys::console::warn_2(&"Legacy Token Guide: settings unreadable".into(), &e);
                Settings::default()
            }
        };
        let page_lang = root.get_attribute("lang").unwrap_or_default();
        let mut pack = pack;
        let mut lang = guide::choose_lang(
            &pack,
            settings.lang.as_deref().unwrap_or(""),
            &page_lang,
            &config.ui_lang,
        );
        // The shipped pack has no messages: this frame reads its one language (English if
        // that file cannot be read; a core without any stops cleanly).
        if !pack.messages.contains_key(&lang) {
            let mut read = false;
            for l in [lang.clone(), "en".to_string()] {
                let got = match storage::messages(&bridge, &l).await {
                    Ok(t) => pack.add_messages(&l, &t).map_err(|e| JsValue::from_str(&e)),
                    Err(e) => Err(e),
                };
                match got {
                    Ok(()) => {
                        lang = l;
                        read = true;
                        break;
                    }
                    Err(e) => web_sys::console::warn_2(
                        &"Legacy Token Guide: messages unreadable".into(),
                        &e,
                    ),
                }
            }
            if !read {
                bridge.failed("the guide's messages could not be read");
                return;
            }
        }
        let account = match &kind {
            PathKind::App { account } => Some(*account),
            PathKind::Help { account, .. } => *account,
            PathKind::Other => None,
        };
        let frame = match Frame::new(&doc, &bridge) {
            Ok(f) => f,
            Err(e) => {
                web_sys::console::warn_2(&"Legacy Token Guide: observer".into(), &e);
                return;
            }
        };
        let ctx = Rc::new(Ctx {
            frame: frame.clone(),
            doc,
            ui,
            pack,
            lang,
            bridge,
            account,
            cutoff: settings.cutoff(),
            seen: Default::default(),
            stored: config.stored,
        });
        let warn = |what: &str, e: JsValue| {
            web_sys::console::warn_2(&format!("Legacy Token Guide: {what}").into(), &e)
        };
        let app = matches!(kind, PathKind::App { .. });
        let help = matches!(kind, PathKind::Help { .. });
        // Each feature subscribes to the frame's one observer (updates come in this order).
        fn run<F: Feature + 'static>(frame: &Frame, f: Rc<F>) {
            let dynf: Rc<dyn Feature> = f;
            frame.subscribe(Rc::downgrade(&dynf));
            keep(dynf);
        }
        // The guide first (updates come in subscription order: the highlight on resume is the
        // user-visible one), then the reset guard (its listeners are on from here), the flags,
        // and the reminder.
        let mut guide = None;
        if app && top {
            match Walkthrough::start(ctx.clone()).await {
                Ok(w) => {
                    guide = Some(w.clone());
                    run(&frame, w);
                }
                Err(e) => warn("walkthrough", e),
            }
        }
        if app {
            // First: the account the page shows, for the reminders and the tracker.
            run(&frame, AccountWatch::start(ctx.clone()));
            match ResetGuard::start(ctx.clone()) {
                Ok(f) => run(&frame, f),
                Err(e) => warn("reset guard", e),
            }
            run(&frame, Flags::start(ctx.clone()));
            if settings.mask() {
                run(&frame, Mask::start(ctx.clone()));
            }
        }
        // The reminder of confirmed resets: top frame of app and help pages.
        if top {
            match Reminder::start(ctx.clone()).await {
                Ok(f) => run(&frame, f),
                Err(e) => warn("reset reminder", e),
            }
        }
        if help && top {
            match HelpPages::start(ctx.clone()).await {
                Ok(h) => run(&frame, h),
                Err(e) => warn("help pages", e),
            }
        }
        // The first update now, not a frame later (the first highlight on resume waits for it).
        frame.run_now(CONTENT);
        if let (Some(w), true) = (guide, config.start_guide) {
            w.act("start");
        }
        keep(ctx);
    });
    Ok(())
}
