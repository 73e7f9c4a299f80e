//! The seed data directory of `myna-gateway --data DIR` (only ever read):
//!
//! | path | what |
//! |---|---|
//! | `insured/*.toml` | insured persons, one a file (format: `fixtures/insured/README.md`) |
//! | `ca/*.pem` | trusted JPKI CA certificates (PEM, several per file allowed) |
//! | `revoked.txt` | revoked auth-certificate serials, lower-case hex, one a line, `#` comments (optional) |
//! | `kiosks/<kiosk_id>.pub` | registered kiosk Ed25519 public keys, base64 on one line |
//! | `policy.toml` | what the gateway accepts from kiosks (optional; [`Policy`]) |
//!
//! Everything is checked at start-up; a bad file stops the gateway with its name and the reason.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::Error;
use super::pki::TrustedCa;
use crate::eligibility::device_key::{is_valid_kiosk_id, parse_public_key};
use crate::eligibility::protocol::QualificationResult;

/// One insured person (資格), found by the serial of the card's auth certificate or by the
/// insurance numbers in its result.
#[derive(Debug, Clone)]
pub struct Person {
    /// The file it came from, relative to the data directory (`insured/normal.toml`).
    pub source: String,
    /// Auth-certificate serial, lower-case hex without leading zeros; `None` for a person
    /// without a card (found by insurance-number queries only).
    pub serial: Option<String>,
    /// "1" 有効, "2" 無効, "3" 無効（新しい資格あり）, "6" 有効（未登録）. "4" and "5" are never
    /// stored: the gateway answers them for no match and for several matches.
    pub qualification_validity: String,
    pub result: QualificationResult,
}

#[derive(Debug)]
pub struct SeedData {
    pub persons: Vec<Person>,
    pub cas: Vec<TrustedCa>,
    pub revoked: HashSet<String>,
    pub kiosks: HashMap<String, [u8; 32]>,
    pub policy: Policy,
}

/// `policy.toml`: how far the gateway trusts what kiosks attest.
///
/// ```toml
/// [face]
/// max_distance = 0.6   # a face verdict is accepted only with an L2 distance below this
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    #[serde(default)]
    pub face: FacePolicy,
}

#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FacePolicy {
    /// L2 distance between dlib face embeddings; 0.6 is dlib's same-person threshold.
    pub max_distance: f64,
}

/// dlib's published threshold for its face descriptor (domain/face.md).
pub const DEFAULT_FACE_MAX_DISTANCE: f64 = 0.6;

impl Default for FacePolicy {
    fn default() -> Self {
        FacePolicy {
            max_distance: DEFAULT_FACE_MAX_DISTANCE,
        }
    }
}

fn load_policy(path: &Path) -> Result<Policy, Error> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Policy::default()),
        Err(e) => return Err(Error::io(path, e)),
    };
    let policy: Policy = toml::from_str(&text).map_err(|e| Error::data(path, e.to_string()))?;
    let max = policy.face.max_distance;
    if !(max.is_finite() && max > 0.0 && max <= 2.0) {
        return Err(Error::data(
            path,
            "[face] max_distance: a number above 0 and at most 2",
        ));
    }
    Ok(policy)
}

impl SeedData {
    pub fn load(dir: &Path) -> Result<Self, Error> {
        if !dir.is_dir() {
            return Err(Error::data(dir, "the data directory does not exist"));
        }
        let cas = load_cas(&dir.join("ca"))?;
        if cas.is_empty() {
            return Err(Error::data(
                dir.join("ca"),
                "no trusted CA certificate (*.pem): no card could ever be accepted",
            ));
        }
        Ok(SeedData {
            persons: load_persons(dir, "insured")?,
            cas,
            revoked: load_revoked(&dir.join("revoked.txt"))?,
            kiosks: load_kiosks(&dir.join("kiosks"))?,
            policy: load_policy(&dir.join("policy.toml"))?,
        })
    }
}

/// Files in `dir` ending in `.ext`, sorted by name; a missing directory is `None`.
fn files_with_extension(dir: &Path, ext: &str) -> Result<Option<Vec<PathBuf>>, Error> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(dir, e)),
    };
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        if path.is_file() && path.extension().is_some_and(|e| e == ext) {
            files.push(path);
        }
    }
    files.sort();
    Ok(Some(files))
}

fn read_text(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| Error::io(path, e))
}

fn load_cas(dir: &Path) -> Result<Vec<TrustedCa>, Error> {
    let mut cas = Vec::new();
    for path in files_with_extension(dir, "pem")?.unwrap_or_default() {
        let blocks = pem::parse_many(read_text(&path)?)
            .map_err(|e| Error::data(&path, format!("not PEM: {e}")))?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        for block in blocks.iter().filter(|b| b.tag() == "CERTIFICATE") {
            let ca = TrustedCa::from_der(name.as_deref().unwrap_or("?"), block.contents())
                .map_err(|e| Error::data(&path, e))?;
            cas.push(ca);
        }
    }
    Ok(cas)
}

/// A serial as the gateway compares it: lower-case hex without leading zeros.
pub fn normalize_serial(text: &str) -> Option<String> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let trimmed = text.trim_start_matches('0');
    Some(if trimmed.is_empty() {
        "0".into()
    } else {
        trimmed.to_ascii_lowercase()
    })
}

fn load_revoked(path: &Path) -> Result<HashSet<String>, Error> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(HashSet::new()),
        Err(e) => return Err(Error::io(path, e)),
    };
    let mut revoked = HashSet::new();
    for (number, line) in text.lines().enumerate() {
        let entry = line.split('#').next().unwrap_or("").trim();
        if entry.is_empty() {
            continue;
        }
        let serial = normalize_serial(entry).ok_or_else(|| {
            Error::data(
                path,
                format!("line {}: {entry:?} is not a hex serial", number + 1),
            )
        })?;
        revoked.insert(serial);
    }
    Ok(revoked)
}

fn load_kiosks(dir: &Path) -> Result<HashMap<String, [u8; 32]>, Error> {
    let mut kiosks = HashMap::new();
    for path in files_with_extension(dir, "pub")?.unwrap_or_default() {
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !is_valid_kiosk_id(&id) {
            return Err(Error::data(
                &path,
                "the file name must be <kiosk_id>.pub with 1-64 of A-Z a-z 0-9 . _ -",
            ));
        }
        let key =
            parse_public_key(&read_text(&path)?).map_err(|e| Error::data(&path, e.to_string()))?;
        kiosks.insert(id, key);
    }
    Ok(kiosks)
}

/// `insured/*.toml`: `serial` (optional: a person without a card), optional
/// `qualification_validity`, and the `[result]` table with
/// the items of `QualificationResult`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PersonFile {
    serial: Option<String>,
    #[serde(default = "valid")]
    qualification_validity: String,
    result: toml::Table,
}

fn valid() -> String {
    "1".into()
}

fn load_persons(dir: &Path, sub: &str) -> Result<Vec<Person>, Error> {
    let insured = dir.join(sub);
    let Some(files) = files_with_extension(&insured, "toml")? else {
        return Err(Error::data(
            &insured,
            "the insured-person directory is missing",
        ));
    };
    let mut persons = Vec::new();
    for path in files {
        let source = format!(
            "{sub}/{}",
            path.file_name().unwrap_or_default().to_string_lossy()
        );
        let person = parse_person(&source, &read_text(&path)?)
            .map_err(|message| Error::data(&path, message))?;
        persons.push(person);
    }
    Ok(persons)
}

/// Parses and checks one person file.
pub fn parse_person(source: &str, text: &str) -> Result<Person, String> {
    let file: PersonFile = toml::from_str(text).map_err(|e| e.to_string())?;
    let result: QualificationResult = toml::Value::Table(file.result.clone())
        .try_into()
        .map_err(|e: toml::de::Error| format!("[result]: {e}"))?;
    let back = toml::Value::try_from(&result).map_err(|e| e.to_string())?;
    unknown_keys("result", &file.result, &back)?;
    let serial = match &file.serial {
        None => None,
        Some(given) => Some(normalize_serial(given).filter(|s| s == given).ok_or(
            "serial: lower-case hex without leading zeros, as the card's certificate has it",
        )?),
    };
    check_result(&file.qualification_validity, &result)?;
    Ok(Person {
        source: source.to_string(),
        serial,
        qualification_validity: file.qualification_validity,
        result,
    })
}

/// Every key in the file must be one the protocol knows (a typo would silently vanish).
fn unknown_keys(at: &str, given: &toml::Table, known: &toml::Value) -> Result<(), String> {
    for (key, value) in given {
        let Some(known_value) = known.get(key) else {
            return Err(format!("[{at}]: unknown key {key:?}"));
        };
        if let (toml::Value::Table(inner), toml::Value::Table(_)) = (value, known_value) {
            unknown_keys(&format!("{at}.{key}"), inner, known_value)?;
        }
    }
    Ok(())
}

fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn is_digits(text: &str, lengths: &[usize]) -> bool {
    lengths.contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit())
}

fn check_result(validity: &str, r: &QualificationResult) -> Result<(), String> {
    if !matches!(validity, "1" | "2" | "3" | "6") {
        return Err(format!(
            "qualification_validity {validity:?}: \"1\", \"2\", \"3\" or \"6\" (\"4\" and \"5\" are derived)"
        ));
    }
    if validity == "2" && (r.disqualification_date.is_none() || r.reason_of_loss.is_none()) {
        return Err(
            "qualification_validity \"2\" (無効) needs disqualification_date and reason_of_loss"
                .into(),
        );
    }
    if let Err(e) = crate::insurer_number::check(&r.insurer_number) {
        // Named with the person, so the one to correct is found at once in a data set.
        return Err(format!(
            "insurer_number {:?} of {}: {e}",
            r.insurer_number, r.name
        ));
    }
    let mut dates = vec![
        ("birthdate", Some(&r.birthdate)),
        ("qualification_date", Some(&r.qualification_date)),
        ("disqualification_date", r.disqualification_date.as_ref()),
    ];
    if let Some(e) = &r.elderly_recipient_certificate_info {
        dates.push((
            "elderly_recipient_valid_start_date",
            Some(&e.elderly_recipient_valid_start_date),
        ));
        dates.push((
            "elderly_recipient_valid_end_date",
            Some(&e.elderly_recipient_valid_end_date),
        ));
        if !is_digits(&e.elderly_recipient_contribution_ratio, &[3]) {
            return Err("elderly_recipient_contribution_ratio: 3 digits (\"020\")".into());
        }
    }
    if let Some(l) = &r.limit_application_certificate_related_info {
        dates.push((
            "limit_application_certificate_valid_start_date",
            Some(&l.limit_application_certificate_valid_start_date),
        ));
        dates.push((
            "limit_application_certificate_valid_end_date",
            Some(&l.limit_application_certificate_valid_end_date),
        ));
    }
    for (name, value) in dates {
        if let Some(value) = value
            && !is_date(value)
        {
            return Err(format!("{name}: YYYY-MM-DD, got {value:?}"));
        }
    }
    for (name, value, lengths) in [
        (
            "insured_card_classification",
            &r.insured_card_classification,
            &[2][..],
        ),
        (
            "insured_partial_contribution_ratio",
            &r.insured_partial_contribution_ratio,
            &[3],
        ),
        (
            "personal_family_classification",
            &r.personal_family_classification,
            &[1],
        ),
        ("sex1", &r.sex1, &[1]),
    ] {
        if value.len() != lengths[0] || !value.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(format!(
                "{name}: a {}-character code, got {value:?}",
                lengths[0]
            ));
        }
    }
    if r.insured_identification_number.is_empty() || r.name.is_empty() {
        return Err("insured_identification_number and name are required".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PERSON: &str = r#"
serial = "1a2b3c4d00000001"
[result]
insured_card_classification = "01"
insurer_number = "01130012"
insurer_name = "全国健康保険協会 東京支部"
insured_identification_number = "0012"
personal_family_classification = "1"
name = "試験　花子"
name_kana = "ｼｹﾝ ﾊﾅｺ"
sex1 = "2"
birthdate = "1980-02-17"
qualification_date = "2020-04-01"
insured_partial_contribution_ratio = "030"
"#;

    #[test]
    fn parses_a_person_and_keeps_leading_zeros() {
        let p = parse_person("insured/x.toml", PERSON).unwrap();
        assert_eq!(p.serial.as_deref(), Some("1a2b3c4d00000001"));
        assert_eq!(p.qualification_validity, "1");
        assert_eq!(p.result.insured_identification_number, "0012");
    }

    #[test]
    fn typos_and_bad_values_are_named() {
        let typo = PERSON.replace("name_kana", "name_kanna");
        assert!(parse_person("x", &typo).unwrap_err().contains("name_kanna"));
        let nested =
            format!("{PERSON}[result.elderly_recipient_certificate_info]\nratio = \"020\"\n");
        assert!(parse_person("x", &nested).unwrap_err().contains("ratio"));
        let padded = PERSON.replace("01130012", "00138057");
        assert!(parse_person("x", &padded).is_ok(), "8 digits are fine");
        let slip = PERSON.replace("01130012", "01130013");
        let error = parse_person("x", &slip).unwrap_err();
        assert!(
            error.contains("insurer_number \"01130013\" of 試験　花子")
                && error.contains("検証番号"),
            "{error}"
        );
        let short = PERSON.replace("01130012", "1381");
        assert!(
            parse_person("x", &short)
                .unwrap_err()
                .contains("insurer_number")
        );
        let upper = PERSON.replace("1a2b3c4d00000001", "1A2B3C4D00000001");
        assert!(parse_person("x", &upper).unwrap_err().contains("serial"));
        let lost = PERSON.replace("serial =", "qualification_validity = \"2\"\nserial =");
        assert!(
            parse_person("x", &lost)
                .unwrap_err()
                .contains("disqualification_date")
        );
        let date = PERSON.replace("1980-02-17", "19800217");
        assert!(parse_person("x", &date).unwrap_err().contains("birthdate"));
    }

    #[test]
    fn a_person_without_a_card_and_the_face_policy() {
        let no_card = PERSON.replace("serial = \"1a2b3c4d00000001\"\n", "");
        assert_eq!(parse_person("x", &no_card).unwrap().serial, None);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("policy.toml");
        assert_eq!(load_policy(&path).unwrap(), Policy::default());
        std::fs::write(&path, "[face]\nmax_distance = 0.45\n").unwrap();
        assert_eq!(load_policy(&path).unwrap().face.max_distance, 0.45);
        std::fs::write(&path, "[face]\nmax_distance = -1\n").unwrap();
        assert!(load_policy(&path).is_err());
        std::fs::write(&path, "[face]\nmax_distanse = 0.5\n").unwrap();
        assert!(load_policy(&path).is_err());
    }

    #[test]
    fn serials_are_normalised() {
        assert_eq!(normalize_serial("00AB").as_deref(), Some("ab"));
        assert_eq!(normalize_serial("000").as_deref(), Some("0"));
        assert_eq!(normalize_serial("1a:2b"), None);
    }
}
