//! The account this frame's page belongs to, as the page shows it (`core::account`): read from
//! the shared page walk on every content change and kept in `Ctx::seen` for the reset guard
//! (reminders know their account) and the flags (the token tracker). No UI.
use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::Ctx;
use crate::core::account::Seen;
use crate::dom::frame::{Feature, Update};

pub struct AccountWatch {
    ctx: Rc<Ctx>,
    name_labels: Vec<String>,
    id_labels: Vec<String>,
    /// The page (URL) and time of the last read: a page that named its account is read again
    /// only when the URL changes; one that did not, at most once a second (big pages change
    /// often, and this reads every text of the walk).
    last: std::cell::RefCell<(String, f64)>,
}

impl AccountWatch {
    pub fn start(ctx: Rc<Ctx>) -> Rc<AccountWatch> {
        *ctx.seen.borrow_mut() = Seen {
            kind: ctx
                .account
                .map(|a| a.as_str().to_string())
                .unwrap_or_default(),
            ..Seen::default()
        };
        Rc::new(AccountWatch {
            name_labels: ctx.pack.labels_norm("account-name"),
            id_labels: ctx.pack.labels_norm("account-id"),
            last: std::cell::RefCell::new((String::new(), f64::NEG_INFINITY)),
            ctx,
        })
    }
}

impl Feature for AccountWatch {
    fn name(&self) -> &'static str {
        "account"
    }

    fn update(self: Rc<Self>, u: &Update) -> Result<(), JsValue> {
        if !u.content() {
            return Ok(());
        }
        let href = self.ctx.doc.url().unwrap_or_default();
        let now = crate::dom::now();
        {
            let mut last = self.last.borrow_mut();
            let named = self.ctx.seen.borrow().named();
            if last.0 == href && (named || now - last.1 < 1000.0) {
                return Ok(());
            }
            *last = (href, now);
        }
        let Some(page) = u.page() else { return Ok(()) };
        let kind = self.ctx.seen.borrow().kind.clone();
        let now = Seen::read(&kind, &page.tree, &self.name_labels, &self.id_labels);
        // A view of the same page that no longer shows the name keeps what was shown.
        if now.named() {
            *self.ctx.seen.borrow_mut() = now;
        }
        Ok(())
    }
}
