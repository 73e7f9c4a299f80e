//! What the JPKI token label (JPKI EF `0006`) says the card is (docs/domain/mynacard.md §1).

use serde::Serialize;

/// The kind of card or token in the reader, told apart by content, never by ATR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CardKind {
    /// `JPKIAPICCTOKEN2`: the physical My Number Card.
    MyNumberCard,
    /// `JPKIAPICCTOKEN`: the old 住基カード.
    JukiCard,
    /// `JPKIAPGPSETOKEN`: Android スマホ用電子証明書.
    AndroidToken,
    /// `JPKIAPIOSTOKEN`: iPhone.
    IphoneToken,
    /// No JPKI application, or a label we do not know (e.g. a next-generation card).
    Unknown,
}

impl CardKind {
    pub fn from_token_label(label: &str) -> Self {
        match label {
            "JPKIAPICCTOKEN2" => CardKind::MyNumberCard,
            "JPKIAPICCTOKEN" => CardKind::JukiCard,
            "JPKIAPGPSETOKEN" => CardKind::AndroidToken,
            "JPKIAPIOSTOKEN" => CardKind::IphoneToken,
            _ => CardKind::Unknown,
        }
    }

    /// The Android token needs the auth PIN before its certificate can be read (MYNA `cli.rs`).
    /// For the iPhone token this is UNCONFIRMED; it is assumed to behave like the card.
    pub fn certificate_needs_pin(self) -> bool {
        self == CardKind::AndroidToken
    }

    /// Only the physical card is assumed to carry the card-surface AP (phones: UNCONFIRMED,
    /// assumed not; the 住基カード predates it).
    pub fn has_card_surface(self) -> bool {
        self == CardKind::MyNumberCard
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(
            CardKind::from_token_label("JPKIAPICCTOKEN2"),
            CardKind::MyNumberCard
        );
        assert_eq!(
            CardKind::from_token_label("JPKIAPICCTOKEN"),
            CardKind::JukiCard
        );
        assert_eq!(
            CardKind::from_token_label("JPKIAPGPSETOKEN"),
            CardKind::AndroidToken
        );
        assert_eq!(
            CardKind::from_token_label("JPKIAPIOSTOKEN"),
            CardKind::IphoneToken
        );
        assert_eq!(
            CardKind::from_token_label("JPKIAPICCTOKEN3"),
            CardKind::Unknown
        );
        assert_eq!(CardKind::from_token_label(""), CardKind::Unknown);
    }
}
