//! Eligibility: the gateway protocol, the kiosk's device key and gateway client, and (next) the
//! cache and outbox.

pub mod client;
pub use myna_protocol::{device_key, enrolment, grace, number_form, protocol, reports, requests};
