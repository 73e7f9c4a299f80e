//! A reader of result files written for these tests alone, as the clinic's receipt software
//! reads them (not the kiosk's own `clinic::xml`): the bytes decoded by their declaration with
//! `encoding_rs`, every element read with quick-xml's own reader, and the file refused the way
//! a reader written against the interface refuses it (hangilc/myclinic-ts `onshi-result`:
//! header and person items it takes as required). Every test that writes a result file passes
//! it through [`read`], so a written file lacking a required item fails that test.

use quick_xml::Reader;
use quick_xml::events::Event;

/// The person-level items such a reader requires (docs/domain/eligibility.md §2.2).
pub const REQUIRED_PERSON: [&str; 5] = [
    "InsuredCardClassification",
    "Name",
    "Sex1",
    "Birthdate",
    "InsurerName",
];

/// The header items such a reader requires (§2.1); ArbitraryFileIdentifier is optional.
pub const REQUIRED_HEADER: [&str; 6] = [
    "ProcessExecutionTime",
    "QualificationConfirmationDate",
    "MedicalInstitutionCode",
    "ReferenceClassification",
    "SegmentOfResult",
    "CharacterCodeIdentifier",
];

pub const PERSON: &str = "XmlMsg/MessageBody/ResultList/ResultOfQualificationConfirmation";

/// A file read: the encoding its declaration named ("UTF-8" or "Shift_JIS"), the decoded text
/// and every element as (path from the root, trimmed text) in document order.
pub struct File {
    pub encoding: &'static str,
    pub text: String,
    pub leaves: Vec<(String, String)>,
}

impl File {
    /// The text of the first element at `path`.
    pub fn value(&self, path: &str) -> Option<&str> {
        value(&self.leaves, path)
    }

    /// The text of `item` of the (first) person.
    pub fn person(&self, item: &str) -> Option<&str> {
        self.value(&format!("{PERSON}/{item}"))
    }
}

pub fn value<'a>(leaves: &'a [(String, String)], path: &str) -> Option<&'a str> {
    leaves
        .iter()
        .find(|(p, _)| p == path)
        .map(|(_, t)| t.as_str())
}

/// The encoding named by the declaration at the start of `bytes`.
fn declared(bytes: &[u8]) -> &'static encoding_rs::Encoding {
    let head = &bytes[..bytes.len().min(200)];
    let head = String::from_utf8_lossy(head);
    assert!(head.starts_with("<?xml "), "no XML declaration: {head}");
    let decl = &head[..head.find("?>").expect("the declaration ends")];
    let label = decl
        .split("encoding=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the declaration names its encoding");
    let encoding = encoding_rs::Encoding::for_label(label.as_bytes()).expect("a known label");
    assert!(
        encoding == encoding_rs::UTF_8 || encoding == encoding_rs::SHIFT_JIS,
        "{label}: readers take UTF-8 and Shift_JIS"
    );
    encoding
}

/// Every element of `text` as (path, trimmed text), read with quick-xml.
pub fn leaves(text: &str) -> Vec<(String, String)> {
    let mut reader = Reader::from_str(text);
    let mut path: Vec<String> = Vec::new();
    let mut out: Vec<(String, String)> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => {
                path.push(String::from_utf8(e.name().as_ref().to_vec()).unwrap());
                open.push(out.len());
                out.push((path.join("/"), String::new()));
            }
            Event::Empty(e) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                out.push((format!("{}/{name}", path.join("/")), String::new()));
            }
            Event::End(_) => {
                path.pop();
                let i = open.pop().unwrap();
                out[i].1 = out[i].1.trim().to_string();
            }
            Event::Text(t) => {
                let text = t.xml10_content().unwrap();
                match open.last() {
                    Some(&i) => out[i].1.push_str(&text),
                    None => assert!(text.trim().is_empty(), "text outside the root"),
                }
            }
            Event::GeneralRef(r) => {
                let name = r.decode().unwrap().to_string();
                let c = quick_xml::escape::resolve_predefined_entity(&name).unwrap();
                out[*open.last().unwrap()].1.push_str(c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(path.is_empty(), "unclosed elements");
    out
}

/// The file's text, decoded by its declaration, and that encoding ("UTF-8" or "Shift_JIS").
pub fn decode(bytes: &[u8]) -> (&'static str, String) {
    let encoding = declared(bytes);
    let text = encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .unwrap_or_else(|| panic!("not valid {}", encoding.name()))
        .into_owned();
    let name = if encoding == encoding_rs::UTF_8 {
        "UTF-8"
    } else {
        "Shift_JIS"
    };
    (name, text)
}

/// Reads a result file as the receipt software would, panicking where it would refuse it.
pub fn read(bytes: &[u8]) -> File {
    let (encoding, text) = decode(bytes);
    let leaves = leaves(&text);
    let file = File {
        encoding,
        text,
        leaves,
    };
    for item in REQUIRED_HEADER {
        let v = file.value(&format!("XmlMsg/MessageHeader/{item}"));
        assert!(v.is_some_and(|v| !v.is_empty()), "no {item}: {}", file.text);
    }
    // CharacterCodeIdentifier follows the encoding written (0 UTF-8, 1 Shift_JIS).
    let expected = if file.encoding == "UTF-8" { "0" } else { "1" };
    assert_eq!(
        file.value("XmlMsg/MessageHeader/CharacterCodeIdentifier"),
        Some(expected),
        "CharacterCodeIdentifier of a {} file",
        file.encoding
    );
    let persons = file.leaves.iter().filter(|(p, _)| p == PERSON).count();
    assert!(persons >= 1, "no ResultOfQualificationConfirmation");
    // Each person: find its items between its start and the next person.
    let starts: Vec<usize> = file
        .leaves
        .iter()
        .enumerate()
        .filter(|(_, (p, _))| p == PERSON)
        .map(|(i, _)| i)
        .collect();
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(file.leaves.len());
        let items = &file.leaves[start..end];
        let item = |name: &str| value(items, &format!("{PERSON}/{name}"));
        for required in REQUIRED_PERSON {
            assert!(
                item(required).is_some_and(|v| !v.is_empty()),
                "person {n} has no {required}: {}",
                file.text
            );
        }
        // Readers take the ratio as the 後期高齢者 ratio: only for 後期高齢者医療 (39…).
        if item("InsuredPartialContributionRatio").is_some() {
            let insurer = item("InsurerNumber").unwrap_or_default();
            assert!(
                insurer.len() == 8 && insurer.starts_with("39"),
                "InsuredPartialContributionRatio for insurer {insurer:?}"
            );
        }
    }
    file
}
