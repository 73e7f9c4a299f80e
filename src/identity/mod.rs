//! Identity confirmation that is not the card's PIN: face matching against the card photo.
pub mod face;
