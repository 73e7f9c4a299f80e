//! Eligibility: the gateway protocol, the kiosk's device key and gateway client, and (next) the
//! cache and outbox.

pub mod client;
pub mod device_key;
pub mod grace;
pub mod protocol;
pub mod requests;
