//! myna-kiosk: a reception kiosk for the My Number Card as health insurance card (マイナ保険証).
//! See `docs/design.md` for the layers.
#![forbid(unsafe_code)]

pub mod app;
pub mod check;
pub mod cli;
pub mod clinic;
pub mod clock;
pub mod config;
pub mod eligibility;
pub mod identity;
pub mod logging;
pub mod reception;
pub mod store;
pub mod ui;

// The workspace's library crates, under the names the kiosk's modules use for them.
pub use myna_card as card;
pub use myna_gateway as gateway;
pub use myna_protocol::{certificate_id, insurer_number, wareki};
pub use myna_sim as sim;
