//! myna-kiosk: a reception kiosk for the My Number Card as health insurance card (マイナ保険証).
//! See `docs/design.md` for the layers.
#![forbid(unsafe_code)]

pub mod app;
pub mod card;
pub mod certificate_id;
pub mod check;
pub mod clinic;
pub mod clock;
pub mod config;
pub mod eligibility;
pub mod gateway;
pub mod identity;
pub mod insurer_number;
pub mod logging;
pub mod reception;
pub mod sim;
pub mod store;
pub mod ui;
pub mod wareki;
