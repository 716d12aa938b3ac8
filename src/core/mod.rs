//! Pure decisions: no browser types in here, so all of it is tested natively with `cargo test`.
pub mod dates;
pub mod flags;
pub mod guide;
pub mod layout;
pub mod page;
pub mod resets;
pub mod text;
pub mod tokens;
