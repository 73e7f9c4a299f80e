//! Identity confirmation that is not the card's PIN: face matching against the card photo
//! (the `myna-face` crate).
pub use myna_face as face;
