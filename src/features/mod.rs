//! One module per capability: gather facts from the page → `core` decides → `dom` draws.
use crate::core::guide::{self, Pack};
use crate::core::page::Account;
use crate::dom::storage::Bridge;
use crate::dom::Ui;

pub mod help_pages;
pub mod reset_guard;
pub mod walkthrough;

/// What every feature of a frame shares.
pub struct Ctx {
    pub doc: web_sys::Document,
    pub ui: Ui,
    pub pack: Pack,
    pub lang: String,
    pub bridge: Bridge,
    pub account: Option<Account>,
}

impl Ctx {
    pub fn msg(&self, key: &str) -> &str {
        guide::message(&self.pack, &self.lang, key)
    }
}
