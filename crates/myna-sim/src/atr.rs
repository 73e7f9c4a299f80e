//! The ATR a virtual card answers with, as a reader shows it to pcscd: what the chip sends on a
//! contact reader, or what a contactless reader makes up for it. Each value below is an entry
//! of pcsc-tools' `smartcard_list.txt` (1.6.2, Debian 12's package; docs/integrators.md,
//! "Card profiles").
//! The kiosk never looks at the ATR: it tells cards apart by content (`card::kind`).

use serde::Deserialize;

use super::SimError;
use super::profile::Token;

/// How the card sits on the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Interface {
    Contact,
    Contactless,
}

impl Interface {
    /// Phones can only be read without contact; cards default to a contact reader.
    pub fn default_for(token: Token) -> Self {
        match token {
            Token::AndroidToken | Token::IphoneToken => Interface::Contactless,
            Token::MyNumberCard | Token::JukiCard | Token::Foreign => Interface::Contact,
        }
    }
}

/// "Japanese Individual Number Card (eID)": a My Number Card on a contact reader.
pub const MY_NUMBER_CONTACT: &str = "3B C5 FF 81 31 FB 45 80 73 C6 01 00 00";
/// "My Number Card (The Social Security and Tax Number System in JAPAN) (eID)": another
/// contact ATR of the card (another chip; which cards carry which is not public).
pub const MY_NUMBER_CONTACT_2: &str = "3B DA 13 FF 81 31 FB 46 80 12 39 2F 31 C1 73 C6 01 C0 3B";
/// "Japanese Public Key Infrastructure (PKI) / My Number Card (eID)": made up by a
/// contactless reader for the card (ISO/IEC 14443 Type B).
pub const MY_NUMBER_CONTACTLESS: &str = "3B F5 91 00 FF 91 81 71 FE 40 00 42 00 01 00 D1 D6";
/// "Individual Number Card (eID)": the same reader's ATR with other historical bytes.
pub const MY_NUMBER_CONTACTLESS_2: &str = "3B F5 91 00 FF 91 81 71 FE 40 00 42 00 01 B3 A1 15";
/// "\"JUKICARD\", digitally sign tax documents in Japan": the 住基カード (and what every
/// profile answered before). OpenSC's JPKI driver lists it too.
pub const JUKI_CONTACT: &str = "3B E0 00 FF 81 31 FE 45 14";
/// "\"JUKICARD\", the Basic Resident Registration Card in Japan": a PC/SC contactless reader's
/// ATR (`3B 8n 80 01`, PC/SC part 3) for the 住基カード.
pub const JUKI_CONTACTLESS: &str = "3B 88 80 01 00 00 14 E0 B3 81 91 00 5E";
/// "ISO 14443 Type B without historical bytes": a PC/SC contactless reader's ATR for a
/// contactless card that gives it no historical bytes. Used for the phones. UNCONFIRMED: the
/// ATR a reader shows for a phone's JPKI applet is not public (nor whether it answers as
/// Type A or B); this is the plain PC/SC part 3 form.
pub const PHONE_CONTACTLESS: &str = "3B 80 80 01 01";
/// "MUFG (.jp) (Bank)": a Japanese bank card, for the profile that is no My Number Card.
pub const FOREIGN_CONTACT: &str = "3B E5 00 FF 81 31 FE 45 80 73 C6 01 08 2D";
/// "RFID - ISO 14443 Type A - NXP DESFire or DESFire EV1 or EV2": a transit-style card.
pub const FOREIGN_CONTACTLESS: &str = "3B 81 80 01 80 80";

/// The ATR a profile answers with unless it names one (`atr = "…"`).
pub fn default_atr(token: Token, interface: Interface) -> &'static str {
    match (token, interface) {
        (Token::MyNumberCard, Interface::Contact) => MY_NUMBER_CONTACT,
        (Token::MyNumberCard, Interface::Contactless) => MY_NUMBER_CONTACTLESS,
        (Token::JukiCard, Interface::Contact) => JUKI_CONTACT,
        (Token::JukiCard, Interface::Contactless) => JUKI_CONTACTLESS,
        (Token::AndroidToken | Token::IphoneToken, _) => PHONE_CONTACTLESS,
        (Token::Foreign, Interface::Contact) => FOREIGN_CONTACT,
        (Token::Foreign, Interface::Contactless) => FOREIGN_CONTACTLESS,
    }
}

/// The ATR the chip itself sends on a contact reader, which GET DATA `5F51` returns without
/// TS (docs/domain/mynacard.md §1); `None` for a phone, which has no contact interface
/// (UNCONFIRMED: what a phone answers), and for the card that is no My Number Card.
/// UNCONFIRMED: which contact ATR goes with which contactless one; a contactless profile gets
/// the default contact ATR of its kind.
pub fn contact_atr(token: Token, interface: Interface, atr: &[u8]) -> Option<Vec<u8>> {
    match (token, interface) {
        (Token::AndroidToken | Token::IphoneToken | Token::Foreign, _) => None,
        (_, Interface::Contact) => Some(atr.to_vec()),
        (_, Interface::Contactless) => parse(default_atr(token, Interface::Contact)).ok(),
    }
}

/// Hex bytes, spaces allowed (`3B C5 FF …`), checked to be a well-formed ATR.
pub fn parse(text: &str) -> Result<Vec<u8>, SimError> {
    let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let bad = |why: String| SimError::Invalid(format!("atr {text:?}: {why}"));
    if digits.len() % 2 == 1 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad("hex bytes expected, as pcsc_scan prints them".into()));
    }
    let bytes: Vec<u8> = (0..digits.len())
        .step_by(2)
        .filter_map(|i| u8::from_str_radix(&digits[i..i + 2], 16).ok())
        .collect();
    check(&bytes).map_err(bad)?;
    Ok(bytes)
}

/// ISO/IEC 7816-3 §8.2: TS, T0, the interface bytes that T0 and each TDi announce, the
/// historical bytes that T0 counts, and TCK (present unless only T=0 is indicated; the XOR of
/// T0 to TCK is zero). Nothing may follow; 33 bytes at most.
pub fn check(atr: &[u8]) -> Result<(), String> {
    if atr.len() < 2 || atr.len() > 33 {
        return Err(format!("{} bytes; an ATR has 2 to 33", atr.len()));
    }
    if !matches!(atr[0], 0x3B | 0x3F) {
        return Err(format!("TS {:02X}: 3B or 3F", atr[0]));
    }
    let historical = usize::from(atr[1] & 0x0F);
    let mut indicator = atr[1] >> 4;
    let mut at = 2;
    let mut other_than_t0 = false;
    loop {
        // TAi, TBi, TCi, then TDi, each present when its bit is set.
        at += (indicator & 0x07).count_ones() as usize;
        if indicator & 0x08 == 0 {
            break;
        }
        let td = *atr
            .get(at)
            .ok_or_else(|| format!("ends before TD at byte {at}"))?;
        other_than_t0 |= td & 0x0F != 0;
        indicator = td >> 4;
        at += 1;
    }
    let expected = at + historical + usize::from(other_than_t0);
    if atr.len() != expected {
        return Err(format!(
            "{} bytes, but T0 and TDi announce {expected}{}",
            atr.len(),
            if other_than_t0 { " (with TCK)" } else { "" }
        ));
    }
    if other_than_t0 {
        let xor = atr[1..].iter().fold(0, |x, b| x ^ b);
        if xor != 0 {
            let tck = atr[atr.len() - 1];
            return Err(format!(
                "TCK {tck:02X} is wrong ({:02X} expected)",
                tck ^ xor
            ));
        }
    }
    Ok(())
}

/// `3B C5 FF …`, as pcsc_scan and smartcard_list.txt write ATRs.
pub fn to_text(atr: &[u8]) -> String {
    atr.iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [&str; 10] = [
        MY_NUMBER_CONTACT,
        MY_NUMBER_CONTACT_2,
        MY_NUMBER_CONTACTLESS,
        MY_NUMBER_CONTACTLESS_2,
        JUKI_CONTACT,
        JUKI_CONTACTLESS,
        PHONE_CONTACTLESS,
        FOREIGN_CONTACT,
        FOREIGN_CONTACTLESS,
        // The same with spaces removed parses too.
        "3BC5FF8131FB458073C6010000",
    ];

    #[test]
    fn every_atr_is_well_formed_with_a_right_tck() {
        for text in ALL {
            let atr = parse(text).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(to_text(&atr).replace(' ', ""), text.replace(' ', ""));
        }
    }

    #[test]
    fn broken_atrs_are_named() {
        let wrong_tck = MY_NUMBER_CONTACT.replace("00 00", "00 01");
        let e = parse(&wrong_tck).unwrap_err().to_string();
        assert!(e.contains("TCK 01 is wrong (00 expected)"), "{e}");
        // A historical byte missing.
        let e = parse("3B C5 FF 81 31 FB 45 80 73 C6 01 00")
            .unwrap_err()
            .to_string();
        assert!(e.contains("announce 13"), "{e}");
        assert!(parse("3A 00").is_err(), "TS");
        assert!(parse("3B 8").is_err(), "half a byte");
        assert!(parse("3B F0").is_err(), "ends before TD");
        // Only T=0: no TCK.
        assert!(parse("3B 02 14 50").is_ok());
        assert!(parse("3B 02 14 50 44").is_err());
    }

    #[test]
    fn profiles_choose_by_kind_and_interface() {
        assert_eq!(
            Interface::default_for(Token::IphoneToken),
            Interface::Contactless
        );
        assert_eq!(
            default_atr(Token::MyNumberCard, Interface::Contactless),
            MY_NUMBER_CONTACTLESS
        );
        let contactless = parse(MY_NUMBER_CONTACTLESS).unwrap();
        assert_eq!(
            contact_atr(Token::MyNumberCard, Interface::Contactless, &contactless),
            Some(parse(MY_NUMBER_CONTACT).unwrap())
        );
        assert_eq!(
            contact_atr(Token::AndroidToken, Interface::Contactless, &contactless),
            None
        );
    }
}
