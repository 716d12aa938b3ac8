//! One module per capability: gather facts from the page → `core` decides → `dom` draws.
use crate::core::guide::{self, Pack};
use crate::core::page::Account;
use crate::dom::storage::Bridge;
use crate::dom::Ui;

pub mod account;
pub mod flags;
pub mod help_pages;
pub mod mask;
pub mod reminder;
pub mod reset_guard;
pub mod resets_store;
pub mod tracker_store;
pub mod walkthrough;

/// What every feature of a frame shares.
pub struct Ctx {
    pub doc: web_sys::Document,
    pub ui: Ui,
    pub pack: Pack,
    pub lang: String,
    pub bridge: Bridge,
    /// The one observer of this frame; every feature subscribes to it.
    pub frame: std::rc::Rc<crate::dom::frame::Frame>,
    pub account: Option<Account>,
    /// Legacy cut-off: tokens created before it are legacy (`ltg.settings`, default 2025-04-01).
    pub cutoff: crate::core::dates::Date,
    /// The account as this frame's page shows it (kept by `account::AccountWatch`).
    pub seen: std::cell::RefCell<crate::core::account::Seen>,
    /// The stored values stage one read while the core compiled (`Null` when it could not, or
    /// when they changed since): a feature's first read, without another round trip.
    pub stored: crate::core::json::Json,
}

impl Ctx {
    pub fn msg(&self, key: &str) -> &str {
        guide::message(&self.pack, &self.lang, key)
    }

    /// A stored value as the feature starts: what stage one read, else from storage now.
    pub async fn initial(
        &self,
        key: &str,
    ) -> Result<crate::core::json::Json, wasm_bindgen::JsValue> {
        if self.stored.obj().is_some() {
            return Ok(self.stored.get(key).clone());
        }
        crate::dom::storage::get(&self.bridge, key).await
    }

    /// What a reset kind changes ("the Read/Write Auth Token"), for the warning and reminder.
    pub fn reset_scope(&self, kind: &str) -> String {
        self.msg(&format!("reset.scope.{kind}")).to_string()
    }
}
