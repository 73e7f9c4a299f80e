//! Shared helpers for integration tests.

pub mod clinic_folders;
pub mod in_memory;
pub mod kiosk;
pub mod oqs_reader;
pub mod results;
pub mod stack;

use std::path::PathBuf;

/// Every card profile in fixtures/cards.
pub const PROFILES: [&str; 13] = [
    "normal",
    "expiring-soon",
    "expired-recently",
    "expired-long-ago",
    "no-pin",
    "one-try-left",
    "pin-locked",
    "android-token",
    "iphone-token",
    "juki-card",
    "under-15",
    "broken-certificate",
    "foreign-card",
];

pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

pub fn profile(name: &str) -> PathBuf {
    fixtures().join("cards").join(format!("{name}.toml"))
}

/// RSA PKCS#1 v1.5 SHA-256 check with `ring`, as the gateway will do it.
pub fn verify_rsa_sha256(
    public_key: &[u8],
    message: &[u8],
    signature: &[u8],
) -> Result<(), ring::error::Unspecified> {
    ring::signature::UnparsedPublicKey::new(
        &ring::signature::RSA_PKCS1_2048_8192_SHA256,
        public_key,
    )
    .verify(message, signature)
}

/// The text AP, card-surface EF 0005, 照合番号A and the signing key/password must never be used
/// by the kiosk (docs/design.md, docs/domain/mynacard.md §8). Checked on the simulator's APDU log.
pub fn assert_no_forbidden_access(log: &[String]) {
    const TEXT_AP: &str = "00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08";
    for line in log {
        assert!(!line.contains(TEXT_AP), "text AP selected: {line}");
        assert!(!line.starts_with("text:"), "command in the text AP: {line}");
        let in_surface = line.starts_with("surface:");
        let in_jpki = line.starts_with("jpki:");
        for (forbidden, why) in [
            (" 00 A4 02 0C 02 00 05", "card-surface EF 0005"),
            (" 00 A4 02 0C 02 00 13", "照合番号A"),
            (" 00 B0 85 ", "card-surface EF 0005 by SFI"),
            (" 00 20 00 93", "照合番号A by SFI"),
        ] {
            assert!(!(in_surface && line.contains(forbidden)), "{why}: {line}");
        }
        for (forbidden, why) in [
            (" 00 A4 02 0C 02 00 01", "signing certificate"),
            (" 00 A4 02 0C 02 00 1A", "signing key"),
            (" 00 A4 02 0C 02 00 1B", "signing password"),
            (" 2A 00 9A", "signing key by reference"),
            (" 00 20 00 9B", "signing password by SFI"),
        ] {
            assert!(!(in_jpki && line.contains(forbidden)), "{why}: {line}");
        }
    }
}

/// A binary of another crate of the workspace (`myna-sim`, `myna-gateway`, `myna-card`): Cargo
/// puts it beside `myna-kiosk` when it builds the workspace (`cargo test --workspace`, as
/// `scripts/test.sh` runs it; `cargo test --test it` alone does not rebuild them).
pub fn workspace_bin(name: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_BIN_EXE_myna-kiosk")).with_file_name(name);
    assert!(
        path.exists(),
        "{} is missing: run the tests with `cargo test --workspace` (scripts/test.sh does)",
        path.display()
    );
    path
}

/// For a test that records tracing output: runs `test` (its full path in this binary) again in a
/// process of its own and returns `false` once it passed there; returns `true` in that process,
/// where the test's body runs. Tracing keeps which call sites are enabled in statics that every
/// thread of the process shares, so other tests running at the same time could leave a call site
/// off for this test's subscriber.
pub fn in_own_process(test: &str) -> bool {
    const CHILD: &str = "MYNA_TEST_OWN_PROCESS";
    if std::env::var(CHILD).is_ok_and(|t| t == test) {
        return true;
    }
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", test, "--nocapture", "--test-threads", "1"])
        .env(CHILD, test)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{test} failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("1 passed"), "{test} did not run:\n{stdout}");
    eprint!("{stderr}");
    false
}
