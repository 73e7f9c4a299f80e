//! Reception: the patient flow as a pure state machine, the worker that runs its effects, and
//! the view models the screen renders.

pub mod adapters;
pub mod code_b;
pub mod desk;
pub mod enrolment;
// The documents rules are shared with the gateway's staff console: one table for both.
pub use myna_protocol::documents;
pub mod flow;
pub mod report;
pub mod runner;
pub mod staff_auth;
pub mod view;
pub mod worker;
