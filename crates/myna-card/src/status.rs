//! Status words (SW1 SW2) as the My Number Card uses them (docs/domain/mynacard.md §4).

use std::fmt;

/// A status word, with the tries counter of `63Cx` as data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StatusWord {
    /// `9000`
    Ok,
    /// `61xx`: more response bytes wait for GET RESPONSE (T=0 readers).
    BytesAvailable(u8),
    /// `6282`: end of file reached before Le bytes.
    EndOfFile,
    /// `6300`: the key has no retry limit.
    NoRetryLimit,
    /// `63Cx` with x > 0: wrong PIN or a tries query, x tries left.
    TriesLeft(u8),
    /// `63C0` (counter just used up), `6983` (defensive: not seen on this card) or `6984`
    /// (referenced key locked). The raw value is kept for logs.
    Blocked(u16),
    /// `6700`
    WrongLength,
    /// `6881`
    LogicalChannelNotSupported,
    /// `6882`
    SecureMessagingNotSupported,
    /// `6982`
    SecurityStatusNotSatisfied,
    /// `6985`
    ConditionsNotSatisfied,
    /// `6986`: command not allowed (no current EF or application).
    CommandNotAllowed,
    /// `69FC`: secure-messaging class refused by READ BINARY and VERIFY.
    SecureMessagingRefused,
    /// `6A82`
    FileNotFound,
    /// `6A86`
    IncorrectP1P2,
    /// `6A88`: referenced data (key) not found.
    ReferencedDataNotFound,
    /// `6B00`: offset outside the file.
    OffsetOutOfRange,
    /// `6Cxx`: wrong Le, xx is the right one.
    WrongLe(u8),
    /// `6D00`
    InsNotSupported,
    /// `6E00`
    ClaNotSupported,
    /// Anything else, as received.
    Other(u16),
}

impl StatusWord {
    pub fn is_ok(self) -> bool {
        self == StatusWord::Ok
    }
}

impl From<u16> for StatusWord {
    fn from(sw: u16) -> Self {
        use StatusWord::*;
        match sw {
            0x9000 => Ok,
            0x6100..=0x61FF => BytesAvailable(sw as u8),
            0x6282 => EndOfFile,
            0x6300 => NoRetryLimit,
            0x63C0 | 0x6983 | 0x6984 => Blocked(sw),
            0x63C1..=0x63CF => TriesLeft((sw & 0x0F) as u8),
            0x6700 => WrongLength,
            0x6881 => LogicalChannelNotSupported,
            0x6882 => SecureMessagingNotSupported,
            0x6982 => SecurityStatusNotSatisfied,
            0x6985 => ConditionsNotSatisfied,
            0x6986 => CommandNotAllowed,
            0x69FC => SecureMessagingRefused,
            0x6A82 => FileNotFound,
            0x6A86 => IncorrectP1P2,
            0x6A88 => ReferencedDataNotFound,
            0x6B00 => OffsetOutOfRange,
            0x6C00..=0x6CFF => WrongLe(sw as u8),
            0x6D00 => InsNotSupported,
            0x6E00 => ClaNotSupported,
            other => Other(other),
        }
    }
}

impl From<StatusWord> for u16 {
    fn from(sw: StatusWord) -> u16 {
        use StatusWord::*;
        match sw {
            Ok => 0x9000,
            BytesAvailable(n) => 0x6100 | n as u16,
            EndOfFile => 0x6282,
            NoRetryLimit => 0x6300,
            TriesLeft(n) => 0x63C0 | (n.min(15) as u16),
            Blocked(raw) => raw,
            WrongLength => 0x6700,
            LogicalChannelNotSupported => 0x6881,
            SecureMessagingNotSupported => 0x6882,
            SecurityStatusNotSatisfied => 0x6982,
            ConditionsNotSatisfied => 0x6985,
            CommandNotAllowed => 0x6986,
            SecureMessagingRefused => 0x69FC,
            FileNotFound => 0x6A82,
            IncorrectP1P2 => 0x6A86,
            ReferencedDataNotFound => 0x6A88,
            OffsetOutOfRange => 0x6B00,
            WrongLe(n) => 0x6C00 | n as u16,
            InsNotSupported => 0x6D00,
            ClaNotSupported => 0x6E00,
            Other(raw) => raw,
        }
    }
}

impl fmt::Display for StatusWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04X}", u16::from(*self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tries_and_blocked() {
        assert_eq!(StatusWord::from(0x63C2), StatusWord::TriesLeft(2));
        assert_eq!(StatusWord::from(0x63C0), StatusWord::Blocked(0x63C0));
        assert_eq!(StatusWord::from(0x6984), StatusWord::Blocked(0x6984));
        assert_eq!(StatusWord::from(0x6983), StatusWord::Blocked(0x6983));
        assert_eq!(StatusWord::from(0x6A82), StatusWord::FileNotFound);
    }

    #[test]
    fn every_word_round_trips() {
        for sw in 0x6000..=0x9FFFu16 {
            assert_eq!(u16::from(StatusWord::from(sw)), sw);
        }
    }
}
