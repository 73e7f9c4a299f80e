//! The virtual card, APDU by APDU, against the behaviour list of docs/domain/mynacard.md §9.

use crate::common;

use myna_kiosk::sim::VirtualCard;
use time::OffsetDateTime;

fn card(profile: &str) -> VirtualCard {
    myna_kiosk::sim::load_card(&common::profile(profile), OffsetDateTime::now_utc()).unwrap()
}

fn hex(text: &str) -> Vec<u8> {
    text.split_whitespace()
        .map(|b| u8::from_str_radix(b, 16).unwrap())
        .collect()
}

/// Sends a hex APDU and returns (data length, SW as hex).
fn send(card: &mut VirtualCard, apdu: &str) -> (usize, String) {
    let r = card.process(&hex(apdu));
    let n = r.len() - 2;
    (n, format!("{:02X}{:02X}", r[n], r[n + 1]))
}

fn sw(card: &mut VirtualCard, apdu: &str) -> String {
    send(card, apdu).1
}

const JPKI: &str = "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01";
const TEXT: &str = "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08";
const SURFACE: &str = "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 02";

#[test]
fn power_on_traps() {
    let mut c = card("normal");
    assert_eq!(sw(&mut c, "00 A4 00 00"), "6A86", "SELECT MF after reset");
    assert_eq!(sw(&mut c, "00 A4 00 0C 02 3F 00"), "6A82");
    assert_eq!(
        sw(&mut c, "00 A4 02 0C 02 00 0A"),
        "6986",
        "SELECT EF with no AP"
    );
    assert_eq!(sw(&mut c, JPKI), "9000");
    assert_eq!(
        sw(&mut c, "00 A4 00 00"),
        "9000",
        "accepted, and ignored, once an AP was selected"
    );
    assert_eq!(
        send(&mut c, "00 CA 5F 51 00"),
        (12, "9000".into()),
        "the contact ATR (3B C5 FF …, 13 bytes) without TS"
    );
    c.reset();
    assert_eq!(sw(&mut c, "00 A4 00 00"), "6A86");
}

#[test]
fn foreign_selects_change_nothing() {
    let mut c = card("normal");
    assert_eq!(sw(&mut c, JPKI), "9000");
    assert_eq!(sw(&mut c, "00 A4 02 0C 02 00 18"), "9000");
    assert_eq!(sw(&mut c, "00 20 00 80 04 31 32 33 34"), "9000");
    assert_eq!(
        sw(&mut c, "00 A4 04 00 07 A0 00 00 00 03 10 10"),
        "6A82",
        "a payment applet"
    );
    assert_eq!(sw(&mut c, "00 CA 9F 7F 00"), "6A88");
    // Still in JPKI with the PIN verified: the auth key signs.
    assert_eq!(sw(&mut c, "00 A4 02 0C 02 00 17"), "9000");
    assert_eq!(
        send(&mut c, "80 2A 00 80 03 01 02 03 00"),
        (256, "9000".into())
    );
}

#[test]
fn class_bytes() {
    let mut c = card("normal");
    assert_eq!(
        sw(&mut c, "01 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"),
        "6881"
    );
    assert_eq!(
        sw(&mut c, "0C A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01"),
        "6882"
    );
    assert_eq!(sw(&mut c, "0C B0 00 00 04"), "69FC");
    assert_eq!(sw(&mut c, "A0 A4 04 0C 02 00 00"), "6E00");
    assert_eq!(sw(&mut c, "00 E0 00 00"), "6D00");
}

#[test]
fn read_binary_forms() {
    let mut c = card("normal");
    sw(&mut c, JPKI);
    assert_eq!(
        send(&mut c, "00 B0 86 00 20"),
        (32, "9000".into()),
        "SFI 6 = token EF"
    );
    assert_eq!(
        send(&mut c, "00 B0 00 90 00"),
        (16, "9000".into()),
        "the last 16 of 160 bytes"
    );
    assert_eq!(sw(&mut c, "00 B0 00 A0 01"), "6B00", "past the end");
    assert_eq!(send(&mut c, "00 B0 8A 00 00 00 00").1, "9000");
    let (n, _) = send(&mut c, "00 B0 8A 00 00 00 00");
    assert!(
        n > 256,
        "extended Le returns the whole certificate ({n} bytes)"
    );
    assert_eq!(sw(&mut c, "00 B0 9F 00 04"), "6A82");
}

#[test]
fn pin_counter() {
    let mut c = card("normal");
    sw(&mut c, JPKI);
    assert_eq!(sw(&mut c, "00 20 00 98"), "63C3", "tries by SFI");
    assert_eq!(sw(&mut c, "00 20 00 98 04 30 30 30 30"), "63C2");
    assert_eq!(sw(&mut c, "00 20 00 98 04 30 30 30 30"), "63C1");
    assert_eq!(
        sw(&mut c, "00 20 00 98 04 31 32 33 34"),
        "9000",
        "right PIN resets the counter"
    );
    assert_eq!(sw(&mut c, "00 20 00 98"), "63C3");
    for expected in ["63C2", "63C1", "63C0", "6984", "6984"] {
        assert_eq!(sw(&mut c, "00 20 00 98 04 30 30 30 30"), expected);
    }
    assert_eq!(sw(&mut c, "00 20 00 98"), "63C0");
}

#[test]
fn signing_rules() {
    let mut c = card("normal");
    sw(&mut c, JPKI);
    assert_eq!(
        sw(&mut c, "80 2A 00 97 03 01 02 03 00"),
        "6982",
        "no PIN yet"
    );
    sw(&mut c, "00 20 00 98 04 31 32 33 34");
    assert_eq!(sw(&mut c, "80 2A 01 97 03 01 02 03 00"), "6A86", "other P1");
    assert_eq!(
        send(&mut c, "80 2A 00 97 03 01 02 03 00"),
        (256, "9000".into())
    );
    assert_eq!(
        sw(&mut c, "80 2A 00 9A 03 01 02 03 00"),
        "6982",
        "signing key needs its password"
    );
    assert_eq!(
        sw(&mut c, "80 A2 00 00 02 00 00"),
        "6A86",
        "特定機関認証 not emulated"
    );
    assert_eq!(
        sw(&mut c, "80 FC 00 00"),
        "6700",
        "physical card: no last-command indicator"
    );
    // Selecting another AP ends the verified state.
    sw(&mut c, SURFACE);
    sw(&mut c, JPKI);
    assert_eq!(sw(&mut c, "80 2A 00 97 03 01 02 03 00"), "6982");
    // The card-surface AP signs with its own key and no credential.
    sw(&mut c, SURFACE);
    assert_eq!(
        send(&mut c, "80 2A 00 00 03 01 02 03 00"),
        (256, "9000".into())
    );
}

#[test]
fn text_ap_access_matrix() {
    let mut c = card("normal");
    sw(&mut c, TEXT);
    assert_eq!(sw(&mut c, "00 B0 81 00 00"), "6982");
    assert_eq!(
        sw(&mut c, "00 B0 85 00 00"),
        "9000",
        "AP basic info is free"
    );
    assert_eq!(sw(&mut c, "00 20 00 92"), "63C0", "0012 blocked from issue");
    // 照合番号A opens 0001 but not 0002.
    assert_eq!(
        sw(&mut c, "00 20 00 94 0C 31 30 30 30 30 30 30 30 30 30 30 31"),
        "9000"
    );
    assert_eq!(sw(&mut c, "00 B0 81 00 00"), "9000");
    assert_eq!(sw(&mut c, "00 B0 82 00 00"), "6982");
    // 照合番号B opens 0002 but not 0001.
    sw(&mut c, TEXT);
    assert_eq!(
        sw(
            &mut c,
            "00 20 00 95 0E 35 35 30 32 31 37 32 30 33 35 32 32 38 35"
        ),
        "9000"
    );
    assert_eq!(sw(&mut c, "00 B0 82 00 00"), "9000");
    assert_eq!(sw(&mut c, "00 B0 81 00 00"), "6982");
}

#[test]
fn card_surface_access() {
    let mut c = card("normal");
    sw(&mut c, SURFACE);
    assert_eq!(sw(&mut c, "00 B0 82 00 08"), "6982");
    assert_eq!(sw(&mut c, "00 B0 83 00 08"), "9000");
    assert_eq!(
        sw(
            &mut c,
            "00 20 00 92 0E 35 35 30 32 31 37 32 30 33 35 32 32 38 35"
        ),
        "9000"
    );
    assert_eq!(sw(&mut c, "00 B0 82 00 08"), "9000");
    assert_eq!(
        sw(&mut c, "00 B0 85 00 08"),
        "6982",
        "EF 0005 needs 照合番号A"
    );
}

#[test]
fn get_challenge() {
    let mut c = card("normal");
    assert_eq!(send(&mut c, "00 84 00 00 10"), (16, "9000".into()));
    assert_eq!(
        sw(&mut c, "00 84 00 00 00 00 10"),
        "6985",
        "extended form refused"
    );
}

#[test]
fn profile_errors_name_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(common::profile("normal")).unwrap();
    let broken = text.replace("security_code = \"2285\"", "security_code = \"22\"");
    let path = dir.path().join("broken.toml");
    std::fs::write(&path, broken).unwrap();
    let err = myna_kiosk::sim::load_card(&path, OffsetDateTime::now_utc())
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("security_code"), "{err}");
    std::fs::write(&path, text.replace("token = ", "tokn = ")).unwrap();
    let err = myna_kiosk::sim::load_card(&path, OffsetDateTime::now_utc())
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("tokn"), "{err}");
}

/// pcsc-tools' ATR list, as `pcsc_scan` reads it: an ATR pattern (a regular expression over
/// `3B C5 FF …`) on a line of its own, then its descriptions, each on a line starting with a tab.
fn smartcard_list(text: &str) -> Vec<(regex::Regex, Vec<String>)> {
    let mut entries: Vec<(regex::Regex, Vec<String>)> = Vec::new();
    for line in text.lines() {
        if let Some(description) = line.strip_prefix('\t') {
            if let Some((_, names)) = entries.last_mut() {
                names.push(description.to_string());
            }
        } else if !line.trim().is_empty() && !line.starts_with('#') {
            // Patterns this crate's syntax does not take are left out, as they can name none
            // of ours (every one of ours is matched by a literal entry below).
            if let Ok(pattern) = regex::Regex::new(&format!("^(?:{})$", line.trim())) {
                entries.push((pattern, Vec::new()));
            }
        }
    }
    entries
}

/// What `pcsc_scan` says about every profile's ATR: the My Number Card profiles are named a
/// My Number Card (or JPKI), never "JUKICARD"; the 住基 profile still is.
#[test]
fn pcsc_tools_name_our_cards_as_what_they_are() {
    use myna_kiosk::sim::atr::to_text;
    use myna_kiosk::sim::profile::{Profile, Token};
    let path = std::path::Path::new("/usr/share/pcsc/smartcard_list.txt");
    let Ok(bytes) = std::fs::read(path) else {
        return common::stack::missing("pcsc-tools' /usr/share/pcsc/smartcard_list.txt");
    };
    let list = smartcard_list(&String::from_utf8_lossy(&bytes));
    assert!(list.len() > 1000, "{} entries: not the list", list.len());
    let mut seen = 0;
    for entry in std::fs::read_dir(common::fixtures().join("cards")).unwrap() {
        let file = entry.unwrap().path();
        if file.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let (profile, _) = Profile::load(&file).unwrap();
        let (atr, _) = profile.atr().unwrap();
        let atr = to_text(&atr);
        let names: Vec<&str> = list
            .iter()
            .filter(|(pattern, _)| pattern.is_match(&atr))
            .flat_map(|(_, names)| names.iter().map(String::as_str))
            .collect();
        let what = format!("{}: {atr} is named {names:?}", file.display());
        let juki = names.iter().any(|n| n.contains("JUKICARD"));
        let my_number = names
            .iter()
            .any(|n| n.contains("My Number Card") || n.contains("Individual Number Card"));
        match profile.token {
            Token::MyNumberCard => assert!(my_number && !juki, "{what}"),
            Token::JukiCard => assert!(juki && !my_number, "{what}"),
            Token::AndroidToken | Token::IphoneToken | Token::Foreign => {
                assert!(!juki && !my_number, "{what}")
            }
        }
        seen += 1;
    }
    assert!(seen >= 13, "{seen} profiles");
}
