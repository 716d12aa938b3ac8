//! The one write path of `ltg.resets`, shared by the reset guard (a confirmed reset) and the
//! reminder (checklist edits): read the latest stored value, apply the changes, set unreadable
//! entries aside in `ltg.quarantine`, write. Data written by a newer version is never written
//! back. Not a feature: no UI, no page.
use wasm_bindgen::JsValue;

use crate::core::resets::{self, Op, Resets};
use crate::core::settings::{QUARANTINE_KEY, RESETS_KEY};
use crate::dom::storage::{self, Bridge};

pub enum Outcome {
    /// Written; the value now stored.
    Saved(Resets),
    /// Not written: the stored data is of a newer version (shown read-only).
    Newer(Resets),
}

/// Apply `ops` to what is stored now and write it (an error: nothing or not all was written;
/// the ops can be committed again, applying one twice changes nothing more). The read and the
/// write happen under one lock shared by the site's tabs and frames, so two writers cannot
/// interleave (each reads what the other wrote).
pub async fn commit(bridge: &Bridge, ops: &[Op]) -> Result<Outcome, JsValue> {
    storage::locked(bridge, RESETS_KEY, apply_and_write(bridge, ops)).await
}

async fn apply_and_write(bridge: &Bridge, ops: &[Op]) -> Result<Outcome, JsValue> {
    let v = storage::get(bridge, RESETS_KEY).await?;
    let mut data = resets::recover(&v);
    if data.newer {
        return Ok(Outcome::Newer(data));
    }
    for op in ops {
        // A refused op (e.g. a full checklist) changes nothing; the others still apply.
        let _ = data.apply(op);
    }
    if !data.bad.is_empty() {
        let q = storage::get(bridge, QUARANTINE_KEY).await?;
        let kept = resets::quarantined(&q, RESETS_KEY, &data.bad, js_sys::Date::now());
        storage::put(bridge, QUARANTINE_KEY, &kept).await?;
        data.bad.clear();
    }
    storage::put(bridge, RESETS_KEY, &data.to_json()).await?;
    Ok(Outcome::Saved(data))
}
