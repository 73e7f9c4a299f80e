//! What the kiosk and the eligibility gateway must agree on: the protocol's messages, how a kiosk
//! signs its requests and attestations, the grace and documents rules, wareki dates, insurer
//! numbers and how a card certificate is identified.
#![forbid(unsafe_code)]

pub mod certificate_id;
pub mod device_key;
pub mod documents;
pub mod grace;
pub mod insurer_number;
pub mod number_form;
pub mod protocol;
pub mod reports;
pub mod requests;
pub mod settings;
pub mod text;
pub mod wareki;
