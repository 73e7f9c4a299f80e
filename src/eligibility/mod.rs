//! Eligibility: the gateway protocol and (next) the gateway client, cache and outbox.

pub mod protocol;
