//! What the kiosk and the eligibility gateway must agree on: the protocol's messages, how a kiosk
//! signs its requests and attestations, the grace and documents rules, wareki dates, insurer
//! numbers, how a card certificate is identified, how a new kiosk asks to be enrolled, and the staff rules both sides keep (roles,
//! lock-outs, the format of a secret's hash).
#![forbid(unsafe_code)]

pub mod certificate_id;
pub mod device_key;
pub mod documents;
pub mod enrolment;
pub mod grace;
pub mod insurer_number;
pub mod number_form;
pub mod protocol;
pub mod reports;
pub mod requests;
pub mod settings;
pub mod staff;
pub mod text;
pub mod wareki;
