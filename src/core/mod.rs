//! Pure decisions: no browser types in here, so all of it is tested natively with `cargo test`.
pub mod account;
pub mod dates;
pub mod flags;
pub mod guide;
pub mod json;
pub mod layout;
pub mod map;
pub mod mask;
pub mod page;
pub mod resets;
pub mod settings;
pub mod sort;
pub mod text;
pub mod tokens;
pub mod tracker;
