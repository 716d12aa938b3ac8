//! The one write path of `ltg.tokens` (the migration tracker): read what is stored now, record
//! what a page showed, write — under the storage lock, never over data of a newer version.
//! Not a feature: no UI.
use wasm_bindgen::JsValue;

use crate::core::account::Seen;
use crate::core::settings::TOKENS_KEY;
use crate::core::tracker::{self, Sighting};
use crate::dom::storage::{self, Bridge};

pub async fn record(bridge: &Bridge, account: &Seen, seen: &[Sighting]) -> Result<(), JsValue> {
    storage::locked(bridge, TOKENS_KEY, async {
        let mut t = tracker::recover(&storage::get(bridge, TOKENS_KEY).await?);
        if t.newer {
            return Ok(());
        }
        t.saw(account, seen, js_sys::Date::now());
        storage::put(bridge, TOKENS_KEY, &t.to_json()).await
    })
    .await
}
