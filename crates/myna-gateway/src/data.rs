//! The seed data directory of `myna-gateway --data DIR` (only ever read):
//!
//! | path | what |
//! |---|---|
//! | `insured/*.toml` | insured persons, one a file (format: `fixtures/insured/README.md`) |
//! | `ca/*.pem` | trusted JPKI CA certificates (PEM, several per file allowed) |
//! | `revoked.txt` | revoked auth certificates, `ISSUER_SHA256 SERIAL` a line ([`myna_protocol::certificate_id`]), `#` comments (optional) |
//! | `kiosks/<kiosk_id>.pub` | registered kiosk Ed25519 public keys, base64 on one line |
//! | `policy.toml` | what the gateway accepts from kiosks (optional; [`Policy`]) |
//!
//! Everything is checked at start-up; a bad file stops the gateway with its name and the reason.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::Error;
use super::pki::TrustedCa;
use myna_protocol::certificate_id::CertificateId;
use myna_protocol::device_key::{is_valid_kiosk_id, parse_public_key};
use myna_protocol::protocol::{
    DEFAULT_FACE_MAX_DISTANCE, QualificationResult, check_face_max_distance,
};

/// One insured person (資格), found by the (issuer, serial) of the card's auth certificate or by the
/// insurance numbers in its result.
#[derive(Debug, Clone)]
pub struct Person {
    /// The file it came from, relative to the data directory (`insured/normal.toml`).
    pub source: String,
    /// The auth certificate's (issuer, serial); `None` for a person without a card (found by
    /// insurance-number queries only).
    pub certificate: Option<CertificateId>,
    /// "1" 有効, "2" 無効, "3" 無効（新しい資格あり）, "6" 有効（未登録）. "4" and "5" are never
    /// stored: the gateway answers them for no match and for several matches.
    pub qualification_validity: String,
    pub result: QualificationResult,
}

#[derive(Debug)]
pub struct SeedData {
    pub persons: Vec<Person>,
    pub cas: Vec<TrustedCa>,
    pub revoked: HashSet<CertificateId>,
    pub kiosks: HashMap<String, [u8; 32]>,
    pub policy: Policy,
}

/// `policy.toml`: how far the gateway trusts what kiosks attest.
///
/// ```toml
/// [face]
/// max_distance = 0.5   # a face verdict is accepted only with an L2 distance below this
/// ```
///
/// `myna-gateway --face-max-distance` overrides the file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    #[serde(default)]
    pub face: FacePolicy,
}

#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FacePolicy {
    /// L2 distance between dlib face embeddings that a face verdict must be under; sent to
    /// kiosks with every challenge. Default [`DEFAULT_FACE_MAX_DISTANCE`], the kiosk's default
    /// too.
    pub max_distance: f64,
}

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
    check_face_max_distance(policy.face.max_distance)
        .map_err(|e| Error::data(path, format!("[face] max_distance: {e}")))?;
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

/// `revoked.txt`: `ISSUER_SHA256 SERIAL` a line, both as `card status` prints them.
fn load_revoked(path: &Path) -> Result<HashSet<CertificateId>, Error> {
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
        let bad = |why: String| Error::data(path, format!("line {}: {why}", number + 1));
        let mut fields = entry.split_whitespace();
        let (Some(issuer), Some(serial), None) = (fields.next(), fields.next(), fields.next())
        else {
            return Err(bad(format!(
                "{entry:?}: ISSUER_SHA256 SERIAL expected (a certificate is named by its issuer and its serial)"
            )));
        };
        revoked.insert(CertificateId::parse(issuer, serial).map_err(bad)?);
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

/// `insured/*.toml`: `issuer_sha256` and `serial` (both or neither: a person without a card), optional
/// `qualification_validity`, and the `[result]` table with
/// the items of `QualificationResult`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PersonFile {
    issuer_sha256: Option<String>,
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
    let certificate = match (&file.issuer_sha256, &file.serial) {
        (None, None) => None,
        (Some(issuer), Some(serial)) => Some(CertificateId::parse(issuer, serial)?),
        _ => {
            return Err(
                "issuer_sha256 and serial name the card's auth certificate together: give both or neither"
                    .into(),
            );
        }
    };
    check_result(&file.qualification_validity, &result)?;
    Ok(Person {
        source: source.to_string(),
        certificate,
        qualification_validity: file.qualification_validity,
        result,
    })
}

/// Every key in the file must be one the protocol knows (a typo would silently vanish), in
/// tables and in arrays of tables alike.
fn unknown_keys(at: &str, given: &toml::Table, known: &toml::Value) -> Result<(), String> {
    for (key, value) in given {
        let Some(known_value) = known.get(key) else {
            return Err(format!("[{at}]: unknown key {key:?}"));
        };
        match (value, known_value) {
            (toml::Value::Table(inner), toml::Value::Table(_)) => {
                unknown_keys(&format!("{at}.{key}"), inner, known_value)?;
            }
            (toml::Value::Array(given), toml::Value::Array(known)) => {
                for (inner, known_inner) in given.iter().zip(known) {
                    if let toml::Value::Table(inner) = inner {
                        unknown_keys(&format!("{at}.{key}"), inner, known_inner)?;
                    }
                }
            }
            _ => {}
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
    if let Err(e) = myna_protocol::insurer_number::check(&r.insurer_number) {
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
        (
            "insured_card_valid_date",
            r.insured_card_valid_date.as_ref(),
        ),
    ];
    fn given(value: &String) -> Option<&String> {
        (!value.is_empty()).then_some(value)
    }
    if let Some(e) = &r.elderly_recipient_certificate_info {
        dates.push((
            "elderly_recipient_certificate_date",
            given(&e.elderly_recipient_certificate_date),
        ));
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
        dates.push((
            "limit_application_certificate_date",
            given(&l.limit_application_certificate_date),
        ));
        dates.push((
            "limit_application_certificate_long_term_date",
            given(&l.limit_application_certificate_long_term_date),
        ));
    }
    for s in &r.specific_diseases_certificate_list {
        // OQSCD013: 1 人工透析を要する慢性腎不全, 2 先天性血液凝固因子障害, 3 血液凝固因子製剤起因HIV.
        if !matches!(
            s.specific_diseases_disease_category.as_str(),
            "1" | "2" | "3"
        ) {
            return Err(format!(
                "specific_diseases_disease_category: \"1\", \"2\" or \"3\" (OQSCD013), got {:?}",
                s.specific_diseases_disease_category
            ));
        }
        if !(1..=7).contains(&s.specific_diseases_self_pay.len())
            || !s
                .specific_diseases_self_pay
                .bytes()
                .all(|b| b.is_ascii_digit())
        {
            return Err(format!(
                "specific_diseases_self_pay: yen in digits (\"10000\"), got {:?}",
                s.specific_diseases_self_pay
            ));
        }
        dates.push((
            "specific_diseases_certificate_date",
            given(&s.specific_diseases_certificate_date),
        ));
        dates.push((
            "specific_diseases_valid_start_date",
            Some(&s.specific_diseases_valid_start_date),
        ));
        dates.push((
            "specific_diseases_valid_end_date",
            Some(&s.specific_diseases_valid_end_date),
        ));
    }
    if let Some(preschool) = &r.preschool_classification
        && preschool != "1"
    {
        return Err(format!(
            "preschool_classification: \"1\" (未就学) or left out, got {preschool:?}"
        ));
    }
    for (name, value) in dates {
        if let Some(value) = value
            && !is_date(value)
        {
            return Err(format!("{name}: YYYY-MM-DD, got {value:?}"));
        }
    }
    // 一部負担金割合 may be empty: the interface has it optional, and readers take it as the
    // 後期高齢者 ratio (the result files carry it for those insurers only; `clinic::layout`).
    // For a 後期高齢者医療 insurer (法別番号 39) it is the only source of the copay (no
    // 高齢受給者証 there), so it is required; elsewhere an empty one is accepted, and a
    // given one must be a 3-digit code.
    let ratio = &r.insured_partial_contribution_ratio;
    let late_elderly = myna_protocol::insurer_number::is_late_elderly_insurer(&r.insurer_number);
    if (late_elderly || !ratio.is_empty()) && !is_digits(ratio, &[3]) {
        return Err(format!(
            "insured_partial_contribution_ratio: 3 digits (\"010\", \"020\", \"030\"){}, got {ratio:?}",
            if late_elderly {
                "; required for a 後期高齢者医療 insurer (39…)"
            } else {
                " or empty"
            }
        ));
    }
    for (name, value, lengths) in [
        (
            "insured_card_classification",
            &r.insured_card_classification,
            &[2][..],
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
    // Name and InsurerName are items readers of the result files require
    // (`clinic::layout::REQUIRED_PERSON_ITEMS`; the others are checked above).
    if r.insured_identification_number.is_empty()
        || r.name.trim().is_empty()
        || r.insurer_name.trim().is_empty()
    {
        return Err("insured_identification_number, name and insurer_name are required".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PERSON: &str = r#"
issuer_sha256 = "1d59aaff5ca02eb5364efbabd3b25efba0ce3246ebf57c237d7434eace7c173c"
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
        let id = p.certificate.unwrap();
        assert_eq!(id.serial, "1a2b3c4d00000001");
        assert_eq!(&id.issuer_sha256[..8], "1d59aaff");
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
        let no_insurer = PERSON.replace("insurer_name = \"全国健康保険協会 東京支部\"\n", "");
        assert!(
            parse_person("x", &no_insurer)
                .unwrap_err()
                .contains("insurer_name")
        );
    }

    #[test]
    fn new_items_are_checked() {
        // An empty ratio: accepted under 70 (optional item), refused for 後期高齢者医療.
        let empty = PERSON.replace("\"030\"", "\"\"");
        assert_eq!(
            parse_person("x", &empty)
                .unwrap()
                .result
                .insured_partial_contribution_ratio,
            ""
        );
        let late = empty.replace("01130012", "39132014");
        assert!(
            parse_person("x", &late)
                .unwrap_err()
                .contains("insured_partial_contribution_ratio")
        );
        let diseases = format!(
            "{PERSON}preschool_classification = \"1\"\ninsured_card_valid_date = \"2026-08-01\"\n\
             [[result.specific_diseases_certificate_list]]\n\
             specific_diseases_disease_category = \"1\"\n\
             specific_diseases_certificate_date = \"2026-03-20\"\n\
             specific_diseases_valid_start_date = \"2026-04-01\"\n\
             specific_diseases_valid_end_date = \"2027-03-31\"\n\
             specific_diseases_self_pay = \"10000\"\n"
        );
        let p = parse_person("x", &diseases).unwrap().result;
        assert_eq!(p.preschool_classification.as_deref(), Some("1"));
        assert_eq!(p.specific_diseases_certificate_list.len(), 1);
        assert_eq!(
            p.specific_diseases_certificate_list[0].specific_diseases_self_pay,
            "10000"
        );
        for (bad, key) in [
            (
                diseases.replace("category = \"1\"", "category = \"4\""),
                "specific_diseases_disease_category",
            ),
            (
                diseases.replace("\"10000\"", "\"1万\""),
                "specific_diseases_self_pay",
            ),
            (
                diseases.replace("2027-03-31", "20270331"),
                "specific_diseases_valid_end_date",
            ),
            (
                diseases.replace("specific_diseases_self_pay", "specific_diseases_selfpay"),
                "specific_diseases_selfpay",
            ),
            (
                diseases.replace(
                    "preschool_classification = \"1\"",
                    "preschool_classification = \"0\"",
                ),
                "preschool_classification",
            ),
        ] {
            let err = parse_person("x", &bad).unwrap_err();
            assert!(err.contains(key), "{key}: {err}");
        }
    }

    #[test]
    fn a_person_without_a_card_and_the_face_policy() {
        let no_card = PERSON
            .replace("serial = \"1a2b3c4d00000001\"\n", "")
            .replace("issuer_sha256 =", "# issuer_sha256 =");
        assert_eq!(parse_person("x", &no_card).unwrap().certificate, None);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("policy.toml");
        assert_eq!(load_policy(&path).unwrap(), Policy::default());
        assert_eq!(
            Policy::default().face.max_distance,
            myna_protocol::protocol::DEFAULT_FACE_MAX_DISTANCE,
            "one default on both sides"
        );
        std::fs::write(&path, "[face]\nmax_distance = 0.45\n").unwrap();
        assert_eq!(load_policy(&path).unwrap().face.max_distance, 0.45);
        std::fs::write(&path, "[face]\nmax_distance = -1\n").unwrap();
        assert!(load_policy(&path).is_err());
        std::fs::write(&path, "[face]\nmax_distance = 0.7\n").unwrap();
        let err = load_policy(&path).unwrap_err().to_string();
        assert!(
            err.contains("policy.toml") && err.contains("at most 0.6"),
            "{err}"
        );
        std::fs::write(&path, "[face]\nmax_distance = nan\n").unwrap();
        assert!(load_policy(&path).is_err());
        std::fs::write(&path, "[face]\nmax_distanse = 0.5\n").unwrap();
        assert!(load_policy(&path).is_err());
    }

    #[test]
    fn serials_are_written_as_openssl_prints_them() {
        let odd = PERSON.replace("1a2b3c4d00000001", "7278ca1");
        assert!(parse_person("x", &odd).unwrap_err().contains("07278ca1"));
        let leading = PERSON.replace("\"1a2b3c4d00000001\"", "\"07278ca0\"");
        assert!(parse_person("x", &leading).is_ok());
        let sign = PERSON.replace("1a2b3c4d00000001", "008a01");
        assert!(parse_person("x", &sign).unwrap_err().contains("sign byte"));
        let alone = PERSON.replace("issuer_sha256 =", "# issuer_sha256 =");
        assert!(
            parse_person("x", &alone)
                .unwrap_err()
                .contains("both or neither")
        );
    }

    #[test]
    fn the_revocation_list_names_issuer_and_serial() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("revoked.txt");
        let issuer = "1d59aaff5ca02eb5364efbabd3b25efba0ce3246ebf57c237d7434eace7c173c";
        std::fs::write(&path, format!("# comment\n{issuer} 07278ca0  # a card\n\n")).unwrap();
        let revoked = load_revoked(&path).unwrap();
        assert!(revoked.contains(&CertificateId::parse(issuer, "07278ca0").unwrap()));
        assert_eq!(revoked.len(), 1);
        for bad in [
            "07278ca0",
            &format!("{issuer} 7278ca0"),
            &format!("{issuer} 07 08"),
        ] {
            std::fs::write(&path, format!("{bad}\n")).unwrap();
            let message = load_revoked(&path).unwrap_err().to_string();
            assert!(message.contains("line 1"), "{bad}: {message}");
        }
    }
}
