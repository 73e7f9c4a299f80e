//! Standard middleware against the simulator, as integrators will use it: OpenSC's JPKI driver
//! lists and reads the certificates and signs with the auth PIN; openssl checks the signature.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::stack::{self, Sim};

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn run(program: &str, args: &[&str], dir: &Path) -> String {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{program} {args:?} failed:\n{text}");
    text
}

#[test]
fn opensc_lists_reads_and_signs() {
    for tool in ["pkcs15-tool", "pkcs15-crypt", "openssl"] {
        if !have(tool) {
            return stack::missing(tool);
        }
    }
    let Some(reader) = stack::reader() else {
        return;
    };
    let sim = Sim::start("normal", &reader, &[]);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let r = reader.name.as_str();

    let list = run("pkcs15-tool", &["--reader", r, "--list-certificates"], d);
    assert!(list.contains("User Authentication Certificate"), "{list}");
    assert!(list.contains("1A2B3C4D00000001"), "{list}");

    run(
        "pkcs15-tool",
        &["--reader", r, "--read-certificate", "01", "-o", "auth.pem"],
        d,
    );
    let serial = run(
        "openssl",
        &["x509", "-in", "auth.pem", "-noout", "-serial"],
        d,
    );
    assert_eq!(serial.trim(), "serial=1A2B3C4D00000001");

    std::fs::write(d.join("data.txt"), "challenge from the gateway\n").unwrap();
    run(
        "openssl",
        &["dgst", "-sha256", "-binary", "-out", "hash.bin", "data.txt"],
        d,
    );
    run(
        "pkcs15-crypt",
        &[
            "--reader",
            r,
            "--sign",
            "--key",
            "01",
            "--pin",
            "1234",
            "--sha-256",
            "--pkcs1",
            "-i",
            "hash.bin",
            "-o",
            "sig.bin",
        ],
        d,
    );
    run(
        "openssl",
        &[
            "x509", "-in", "auth.pem", "-noout", "-pubkey", "-out", "pub.pem",
        ],
        d,
    );
    let verified = run(
        "openssl",
        &[
            "dgst",
            "-sha256",
            "-verify",
            "pub.pem",
            "-signature",
            "sig.bin",
            "data.txt",
        ],
        d,
    );
    assert!(verified.contains("Verified OK"), "{verified}");

    // OpenSC probes other applets and reads PIN counters; only the sign spent a VERIFY with data.
    let log = sim.apdu_log();
    assert_eq!(
        log.iter()
            .filter(|l| l.contains(" 00 20 00 80 04 XX XX XX XX -> 9000"))
            .count(),
        1
    );
    assert!(
        log.iter().all(|l| !l.contains("31 32 33 34")),
        "PIN masked in the APDU log"
    );
}

/// OpenSC finds the JPKI application behind every profile's ATR: its JPKI driver knows only the
/// 住基 ATR and otherwise identifies the card by SELECT of the JPKI AP, as the kiosk does. It
/// lists the auth certificate wherever it is free, under its serial as OpenSSL prints it.
#[test]
fn opensc_finds_the_card_behind_every_profiles_atr() {
    use myna_kiosk::sim::profile::{Profile, Token};
    for tool in ["opensc-tool", "pkcs15-tool"] {
        if !have(tool) {
            return stack::missing(tool);
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let mut atrs = std::collections::BTreeSet::new();
    for name in common::PROFILES {
        let Some(reader) = stack::reader() else {
            return;
        };
        let (profile, _) = Profile::load(&common::profile(name)).unwrap();
        let _sim = Sim::start(name, &reader, &[]);
        let r = reader.name.as_str();
        let atr = stack::profile_atr(name);
        atrs.insert(atr.clone());
        let card_name = run("opensc-tool", &["--reader", r, "--name"], dir.path());
        let jpki = card_name.to_ascii_lowercase().contains("jpki");
        assert_eq!(
            jpki,
            profile.token != Token::Foreign,
            "{name} ({atr}): {card_name}"
        );
        // OpenSC's JPKI emulation gives up ("Unsupported card") when the signing password
        // file is missing, as on the under-15 card (no signing certificate): not an ATR matter.
        if matches!(profile.token, Token::MyNumberCard | Token::JukiCard)
            && name != "broken-certificate"
            && profile.sign_password.is_some()
        {
            let list = run(
                "pkcs15-tool",
                &["--reader", r, "--list-certificates"],
                dir.path(),
            );
            let serial = profile.auth_certificate.serial.to_ascii_uppercase();
            assert!(
                list.contains("User Authentication Certificate") && list.contains(&serial),
                "{name} ({atr}): {list}"
            );
        }
    }
    assert!(atrs.len() >= 5, "the profiles show several ATRs: {atrs:?}");
}
