//! Legacy Token Guide: the extension's core. `core` decides (pure, native-tested); `dom` reads
//! the page and draws; `features` wire one capability each; `entry` is the one wasm export.
pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod dom;
#[cfg(target_arch = "wasm32")]
mod entry;
#[cfg(target_arch = "wasm32")]
mod features;
