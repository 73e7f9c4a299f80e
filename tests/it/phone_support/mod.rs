//! iPhone profiles for tests: fixtures/cards/iphone-token.toml with another simulated patient
//! (`[phone]`), written to a temporary folder.

use std::path::{Path, PathBuf};

/// Writes `iphone-<name>.toml` into `dir` with `phone` as its `[phone]` section; returns its
/// path without the extension (as the stack helpers take profile names).
pub fn profile(dir: &Path, name: &str, phone: &str) -> PathBuf {
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let text = std::fs::read_to_string(fixtures.join("cards/iphone-token.toml")).unwrap();
    let (head, _) = text
        .split_once("[phone]")
        .expect("the iPhone fixture has a [phone] section");
    let head = head
        .replace("\"../pki/", &format!("\"{}/pki/", fixtures.display()))
        .replace(
            "\"images/",
            &format!("\"{}/cards/images/", fixtures.display()),
        );
    // The [phone] section last, then the tables that followed it.
    let (_, tail) = text.split_once("[phone]").unwrap();
    let rest = tail.find("\n[").map(|i| &tail[i..]).unwrap_or("").replace(
        "\"images/",
        &format!("\"{}/cards/images/", fixtures.display()),
    );
    let body = format!("{head}{rest}\n[phone]\n{phone}\n");
    let stem = dir.join(format!("iphone-{name}"));
    std::fs::write(stem.with_extension("toml"), body).unwrap();
    stem
}

/// VERIFY commands (with or without data) in a simulator APDU log.
pub fn verifies(log: &[String]) -> usize {
    log.iter()
        .filter(|l| {
            l.split_once(": ")
                .is_some_and(|(_, cmd)| cmd.starts_with("00 20 "))
        })
        .count()
}

/// COMPUTE DIGITAL SIGNATURE commands, and how many were answered "not yet" (`6982`).
pub fn signatures(log: &[String]) -> (usize, usize) {
    let signs: Vec<_> = log
        .iter()
        .filter(|l| {
            l.split_once(": ")
                .is_some_and(|(_, cmd)| cmd.starts_with("80 2A "))
        })
        .collect();
    let waiting = signs.iter().filter(|l| l.contains("-> 6982")).count();
    (signs.len(), waiting)
}
