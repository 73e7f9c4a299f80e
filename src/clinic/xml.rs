//! A small element tree over `quick-xml`: the OQS files are a few kilobytes of nested elements
//! with text leaves and no attributes, so a tree is simpler to read than a streaming parser,
//! and writing goes through quick-xml's writer so that text is always escaped.
//!
//! Files come in UTF-8 or Shift_JIS (Windows-31J): [`parse_bytes`] decodes a file by its BOM or
//! XML declaration (no declaration: UTF-8, as XML says) with `encoding_rs`, before anything
//! else looks at it; [`write`] encodes in the configured [`FileEncoding`] and refuses a
//! character that encoding cannot hold rather than replacing it.
//!
//! The files come from a folder other programs write, so a file is never trusted to be small:
//! [`MAX_DOCUMENT_BYTES`], [`MAX_DEPTH`] and [`MAX_ELEMENTS`] bound what one may cost. A real
//! answer (docs/domain/eligibility.md §2, §3.2) is a few kilobytes: one header, one
//! `ResultOfQualificationConfirmation` of some 40 leaves per person, nested at most 6 deep
//! (`XmlMsg/MessageBody/ResultList/ResultOfQualificationConfirmation/
//! LimitApplicationCertificateRelatedInfo/…`). The limits leave a wide margin above that.

use quick_xml::Reader;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::FileEncoding;

/// The largest file read (1 MiB): a real answer is 2–10 KB, so this holds a hundred persons'
/// results and more. Larger files are refused unread ([`super::untrusted`] reads at most this
/// many bytes plus one).
pub const MAX_DOCUMENT_BYTES: usize = 1024 * 1024;
/// The deepest element nesting accepted (the root is depth 1): real answers nest 6 deep. The
/// tree is dropped, compared and written recursively, so depth must stay small.
pub const MAX_DEPTH: usize = 32;
/// The most elements accepted in one document: a real answer has about 20 in its header and
/// about 45 per person.
pub const MAX_ELEMENTS: usize = 10_000;

/// One element: its name, its text (leaves) and its child elements, in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Element {
    pub name: String,
    pub text: String,
    pub children: Vec<Element>,
}

impl Element {
    pub fn new(name: &str) -> Self {
        Element {
            name: name.to_string(),
            ..Default::default()
        }
    }

    /// A leaf `<name>text</name>`.
    pub fn leaf(name: &str, text: &str) -> Self {
        Element {
            name: name.to_string(),
            text: text.to_string(),
            children: Vec::new(),
        }
    }

    pub fn push(&mut self, child: Element) -> &mut Self {
        self.children.push(child);
        self
    }

    /// Adds a leaf.
    pub fn add(&mut self, name: &str, text: &str) -> &mut Self {
        self.push(Element::leaf(name, text))
    }

    /// Adds a leaf when there is a value.
    pub fn add_opt(&mut self, name: &str, text: Option<&str>) -> &mut Self {
        if let Some(text) = text {
            self.add(name, text);
        }
        self
    }

    /// The first child with this name.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The text of the first child with this name; `None` when absent or empty (the OQS files
    /// write absent items as empty elements too).
    pub fn text_of(&self, name: &str) -> Option<&str> {
        self.child(name)
            .map(|c| c.text.as_str())
            .filter(|t| !t.is_empty())
    }
}

/// Why a document could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("not well-formed XML: {0}")]
    NotWellFormed(String),
    #[error("the file is in {0}; UTF-8 and Shift_JIS (Windows-31J) are read")]
    UnsupportedEncoding(String),
    /// The bytes are not valid in the encoding the file declares.
    #[error("the file declares {encoding} but is not valid {encoding}{at}")]
    Undecodable { encoding: String, at: String },
    #[error("no root element")]
    Empty,
    /// More than [`MAX_DOCUMENT_BYTES`]: not an answer, whatever it holds.
    #[error("the file is larger than {limit} bytes")]
    TooLarge { limit: usize },
    /// Elements nested deeper than [`MAX_DEPTH`].
    #[error("elements nested deeper than {limit}")]
    TooDeep { limit: usize },
    /// More than [`MAX_ELEMENTS`] elements.
    #[error("more than {limit} elements")]
    TooManyElements { limit: usize },
}

/// Why a document could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError {
    /// A character the configured encoding has no code for (e.g. a rare kanji outside
    /// Windows-31J). Only the element and the code point are named: the value is personal data.
    #[error(
        "<{element}> holds the character U+{code_point:04X}, which {encoding} cannot hold; \
         the file was not written (set [clinic] encoding = \"utf-8\" if the receipt software \
         reads UTF-8)"
    )]
    Unmappable {
        element: String,
        code_point: u32,
        encoding: &'static str,
    },
}

/// The encoding named by an XML declaration's `encoding` label, if the OQS files may use it.
/// `encoding_rs` knows the WHATWG labels (`Shift_JIS`, `Windows-31J`, `sjis`, `MS_Kanji`,
/// `x-sjis`, `ms932`, `UTF-8`, `utf8`, …), and its Shift_JIS is the Windows-31J table (NEC and
/// IBM extensions included), which is what Windows software writes as "Shift_JIS". `CP932` is
/// Windows' own name for the same table.
pub fn encoding_of_label(label: &str) -> Option<FileEncoding> {
    let label = label.trim();
    if label.eq_ignore_ascii_case("cp932") {
        return Some(FileEncoding::ShiftJis);
    }
    let encoding = encoding_rs::Encoding::for_label(label.as_bytes())?;
    if encoding == encoding_rs::UTF_8 {
        Some(FileEncoding::Utf8)
    } else if encoding == encoding_rs::SHIFT_JIS {
        Some(FileEncoding::ShiftJis)
    } else {
        None
    }
}

/// The `encoding` label of the XML declaration at the start of `bytes`, read by quick-xml from
/// the raw bytes (the declaration is ASCII in both encodings); `None` without a declaration or
/// without a label.
fn declared_label(bytes: &[u8]) -> Option<String> {
    let mut reader = Reader::from_reader(bytes);
    let mut buf = Vec::new();
    match reader.read_event_into(&mut buf) {
        Ok(Event::Decl(decl)) => decl
            .encoding()
            .and_then(Result::ok)
            .map(|label| String::from_utf8_lossy(&label).into_owned()),
        _ => None,
    }
}

/// A file's bytes as a tree, decoded by its byte-order mark or, failing that, the encoding its
/// XML declaration names (no declaration: UTF-8). Returns the encoding it was read in too.
pub fn parse_bytes(bytes: &[u8]) -> Result<(Element, FileEncoding), ParseError> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(ParseError::TooLarge {
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    let (encoding, body) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (FileEncoding::Utf8, rest)
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(ParseError::UnsupportedEncoding("UTF-16".into()));
    } else {
        let encoding = match declared_label(bytes) {
            None => FileEncoding::Utf8,
            Some(label) => {
                encoding_of_label(&label).ok_or(ParseError::UnsupportedEncoding(label))?
            }
        };
        (encoding, bytes)
    };
    let text = match encoding {
        FileEncoding::Utf8 => std::str::from_utf8(body)
            .map(std::borrow::Cow::Borrowed)
            .map_err(|e| ParseError::Undecodable {
                encoding: encoding.label().into(),
                at: format!(" at byte {}", e.valid_up_to()),
            })?,
        FileEncoding::ShiftJis => encoding_rs::SHIFT_JIS
            .decode_without_bom_handling_and_without_replacement(body)
            .ok_or_else(|| ParseError::Undecodable {
                encoding: encoding.label().into(),
                at: String::new(),
            })?,
    };
    Ok((parse(&text)?, encoding))
}

/// The whole document, already decoded, as a tree. An element's text is trimmed once it is
/// complete (trimming each piece would eat the spaces around `&amp;`); entity and character
/// references are resolved. A declaration may name UTF-8 or Shift_JIS (the text is decoded
/// already, so either is fine); any other encoding is refused. A document beyond
/// [`MAX_DOCUMENT_BYTES`], [`MAX_DEPTH`] or [`MAX_ELEMENTS`] is refused as soon as it gets
/// there.
pub fn parse(text: &str) -> Result<Element, ParseError> {
    let bad = |e: &dyn std::fmt::Display| ParseError::NotWellFormed(e.to_string());
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(ParseError::TooLarge {
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    let mut reader = Reader::from_str(text);
    // Open elements, innermost last; a finished root lands in `root`.
    let mut open: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut elements = 0usize;
    // Each new element: counted, and its depth (its ancestors are `open`) checked.
    let mut count = |open: &[Element]| {
        elements += 1;
        if elements > MAX_ELEMENTS {
            Err(ParseError::TooManyElements {
                limit: MAX_ELEMENTS,
            })
        } else if open.len() + 1 > MAX_DEPTH {
            Err(ParseError::TooDeep { limit: MAX_DEPTH })
        } else {
            Ok(())
        }
    };
    loop {
        let event = reader.read_event().map_err(|e| bad(&e))?;
        match event {
            Event::Decl(decl) => {
                if let Some(encoding) = decl.encoding() {
                    let encoding = encoding.map_err(|e| bad(&e))?;
                    let encoding = String::from_utf8_lossy(&encoding).to_string();
                    if encoding_of_label(&encoding).is_none() {
                        return Err(ParseError::UnsupportedEncoding(encoding));
                    }
                }
            }
            Event::Start(start) | Event::Empty(start) if root.is_some() && open.is_empty() => {
                let name = String::from_utf8_lossy(start.name().as_ref()).to_string();
                return Err(ParseError::NotWellFormed(format!(
                    "a second root element <{name}>"
                )));
            }
            Event::Start(start) => {
                count(&open)?;
                open.push(Element::new(&element_name(start.name().as_ref())?));
            }
            Event::Empty(start) => {
                count(&open)?;
                let element = Element::new(&element_name(start.name().as_ref())?);
                close(&mut open, &mut root, element);
            }
            Event::End(_) => {
                // quick-xml checks that end tags match their start tags.
                let element = open
                    .pop()
                    .ok_or_else(|| ParseError::NotWellFormed("unexpected end tag".into()))?;
                close(&mut open, &mut root, element);
            }
            Event::Text(text) => {
                let text = text.xml10_content().map_err(|e| bad(&e))?;
                append_text(&mut open, &text)?;
            }
            Event::CData(data) => {
                let text = data.decode().map_err(|e| bad(&e))?;
                append_text(&mut open, &text)?;
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref().map_err(|e| bad(&e))? {
                    Some(c) => c.to_string(),
                    None => {
                        let name = reference.decode().map_err(|e| bad(&e))?;
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .ok_or_else(|| {
                                ParseError::NotWellFormed(format!("unknown entity &{name};"))
                            })?
                            .to_string()
                    }
                };
                append_text(&mut open, &resolved)?;
            }
            Event::Eof => break,
            Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if let Some(element) = open.last() {
        return Err(ParseError::NotWellFormed(format!(
            "<{}> is not closed (the file ends early)",
            element.name
        )));
    }
    root.ok_or(ParseError::Empty)
}

/// An element name as the OQS layouts use them (ASCII letters, digits, `_`, `-`, `.`, `:`, not
/// starting with a digit, `-` or `.`). quick-xml does not check names: without this, `<[!//>`
/// would be an element named `[!/` (found by the `clinic_xml` fuzz target).
fn element_name(raw: &[u8]) -> Result<String, ParseError> {
    let valid = raw
        .first()
        .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
        && raw
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b':'));
    if valid {
        Ok(String::from_utf8_lossy(raw).into_owned())
    } else {
        Err(ParseError::NotWellFormed(format!(
            "the element name {:?} is not a name",
            String::from_utf8_lossy(raw)
        )))
    }
}

fn close(open: &mut [Element], root: &mut Option<Element>, mut element: Element) {
    let trimmed = element.text.trim();
    if trimmed.len() != element.text.len() {
        element.text = trimmed.to_string();
    }
    match open.last_mut() {
        Some(parent) => parent.children.push(element),
        None => *root = Some(element),
    }
}

fn append_text(open: &mut [Element], text: &str) -> Result<(), ParseError> {
    match open.last_mut() {
        Some(element) => {
            element.text.push_str(text);
            Ok(())
        }
        None if text.trim().is_empty() => Ok(()),
        None => Err(ParseError::NotWellFormed(
            "text outside the root element".into(),
        )),
    }
}

/// The document in `encoding`, with the declaration the OQS files carry
/// (`<?xml version="1.0" encoding="UTF-8" standalone="no"?>`, or `encoding="Shift_JIS"`),
/// indented by two spaces. A character `encoding` cannot hold is an error naming its element,
/// never a replacement character.
pub fn write(root: &Element, encoding: FileEncoding) -> Result<Vec<u8>, EncodeError> {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing into a Vec cannot fail; the io::Result is only quick-xml's generic signature.
    let _ = writer.write_event(Event::Decl(BytesDecl::new(
        "1.0",
        Some(encoding.label()),
        Some("no"),
    )));
    write_element(&mut writer, root);
    let mut bytes = writer.into_inner();
    bytes.push(b'\n');
    match encoding {
        FileEncoding::Utf8 => Ok(bytes),
        FileEncoding::ShiftJis => {
            // quick-xml wrote UTF-8 (names and escapes are ASCII, text is the elements' own).
            let text = String::from_utf8_lossy(&bytes);
            encode_shift_jis(&text).map_err(|c| EncodeError::Unmappable {
                element: holder_of(root, c).unwrap_or_else(|| root.name.clone()),
                code_point: u32::from(c),
                encoding: encoding.label(),
            })
        }
    }
}

/// `text` in Shift_JIS (Windows-31J), or the first character it has no code for.
fn encode_shift_jis(text: &str) -> Result<Vec<u8>, char> {
    let mut encoder = encoding_rs::SHIFT_JIS.new_encoder();
    let mut out = vec![
        0;
        encoder
            .max_buffer_length_from_utf8_without_replacement(text.len())
            .unwrap_or(text.len() * 2 + 16)
    ];
    let (result, _read, written) =
        encoder.encode_from_utf8_without_replacement(text, &mut out, true);
    match result {
        encoding_rs::EncoderResult::InputEmpty => {
            out.truncate(written);
            Ok(out)
        }
        encoding_rs::EncoderResult::Unmappable(c) => Err(c),
        // The buffer is sized for the worst case; should it ever be short, say so plainly
        // rather than write half a file.
        encoding_rs::EncoderResult::OutputFull => Err('\u{FFFD}'),
    }
}

/// The name of the first element whose text holds `c`.
fn holder_of(element: &Element, c: char) -> Option<String> {
    if element.text.contains(c) || element.name.contains(c) {
        return Some(element.name.clone());
    }
    element
        .children
        .iter()
        .find_map(|child| holder_of(child, c))
}

fn write_element(writer: &mut Writer<Vec<u8>>, element: &Element) {
    let _ = writer.write_event(Event::Start(BytesStart::new(element.name.as_str())));
    if !element.text.is_empty() {
        let _ = writer.write_event(Event::Text(BytesText::new(&element.text)));
    }
    for child in &element.children {
        write_element(writer, child);
    }
    let _ = writer.write_event(Event::End(BytesEnd::new(element.name.as_str())));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_are_not_names_are_refused() {
        // Found by the clinic_xml fuzz target: parsed as an element named "[!/", written back
        // as XML that no parser reads.
        for text in ["<[!//>", "<1a/>", "<a><-b/></a>", "<a b/>"] {
            let parsed = parse(text);
            if text == "<a b/>" {
                // An attribute: the element is "a".
                assert_eq!(parsed.unwrap().name, "a");
            } else {
                assert!(
                    matches!(parsed, Err(ParseError::NotWellFormed(_))),
                    "{text}: {parsed:?}"
                );
            }
        }
        let element = parse("<OQS_1.x-y:z/>").unwrap();
        let bytes = write(&element, FileEncoding::Utf8).unwrap();
        assert_eq!(
            parse(std::str::from_utf8(&bytes).unwrap()).unwrap(),
            element
        );
    }

    /// `depth` elements, each inside the last; the innermost empty when `empty`.
    fn nested(depth: usize, empty: bool) -> String {
        let inner = if empty { depth - 1 } else { depth };
        let mut text = "<a>".repeat(inner);
        if empty {
            text.push_str("<b/>");
        }
        text.push_str(&"</a>".repeat(inner));
        text
    }

    #[test]
    fn depth_elements_and_size_are_limited() {
        for empty in [false, true] {
            let at_limit = parse(&nested(MAX_DEPTH, empty)).unwrap();
            let mut depth = 1;
            let mut e = &at_limit;
            while let Some(child) = e.children.first() {
                depth += 1;
                e = child;
            }
            assert_eq!(depth, MAX_DEPTH);
            assert_eq!(
                parse(&nested(MAX_DEPTH + 1, empty)),
                Err(ParseError::TooDeep { limit: MAX_DEPTH }),
                "empty innermost: {empty}"
            );
        }
        // The root and MAX_ELEMENTS - 1 children, then one more.
        let flat = |n: usize| format!("<r>{}</r>", "<e/>".repeat(n - 1));
        assert_eq!(
            parse(&flat(MAX_ELEMENTS)).unwrap().children.len(),
            MAX_ELEMENTS - 1
        );
        assert_eq!(
            parse(&flat(MAX_ELEMENTS + 1)),
            Err(ParseError::TooManyElements {
                limit: MAX_ELEMENTS
            })
        );
        // Size: refused before anything is parsed or decoded.
        let mut big = b"<r>".to_vec();
        big.resize(MAX_DOCUMENT_BYTES - 4, b'x');
        big.extend(b"</r>");
        assert_eq!(
            parse_bytes(&big).unwrap().0.text.len(),
            MAX_DOCUMENT_BYTES - 7
        );
        big.insert(3, b'x');
        assert_eq!(
            parse_bytes(&big),
            Err(ParseError::TooLarge {
                limit: MAX_DOCUMENT_BYTES
            })
        );
    }

    #[test]
    fn text_is_escaped_and_read_back() {
        let mut root = Element::new("XmlMsg");
        root.add("Name", "A & B <C> \"D\"");
        root.add("Empty", "");
        let bytes = write(&root, FileEncoding::Utf8).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>"));
        assert!(text.contains("A &amp; B &lt;C&gt;"), "{text}");
        let back = parse(&text).unwrap();
        assert_eq!(back, root);
        assert_eq!(back.text_of("Name"), Some("A & B <C> \"D\""));
        assert_eq!(back.text_of("Empty"), None);
    }

    #[test]
    fn broken_documents_are_errors() {
        assert!(matches!(
            parse("<a><b>x</b>"),
            Err(ParseError::NotWellFormed(_))
        ));
        assert!(matches!(
            parse("<a><b>x</a>"),
            Err(ParseError::NotWellFormed(_))
        ));
        assert!(matches!(parse(""), Err(ParseError::Empty)));
        assert!(matches!(
            parse("<a/><b/>"),
            Err(ParseError::NotWellFormed(_))
        ));
        assert!(matches!(
            parse("<a>&nope;</a>"),
            Err(ParseError::NotWellFormed(_))
        ));
        assert!(matches!(
            parse("<?xml version=\"1.0\" encoding=\"EUC-JP\"?><a/>"),
            Err(ParseError::UnsupportedEncoding(e)) if e == "EUC-JP"
        ));
        assert_eq!(parse("<a>&#x41;&amp;</a>").unwrap().text, "A&");
    }

    #[test]
    fn files_are_decoded_by_their_declaration() {
        // 試験, 髙 (an IBM extension, FB FC, that only Windows-31J has) and half-width ｼｹﾝ.
        let body = b"<a><b>\x8E\x8E\x8C\xB1 \xFB\xFC \xBC\xB9\xDD</b></a>";
        for label in [
            "Shift_JIS",
            "shift_jis",
            "Windows-31J",
            "CP932",
            "MS_Kanji",
            "sjis",
        ] {
            let file = [
                &b"<?xml version=\"1.0\" encoding=\""[..],
                label.as_bytes(),
                b"\" standalone=\"no\"?>\r\n",
                body,
            ]
            .concat();
            let (root, encoding) = parse_bytes(&file).unwrap_or_else(|e| panic!("{label}: {e}"));
            assert_eq!(encoding, FileEncoding::ShiftJis, "{label}");
            assert_eq!(root.text_of("b"), Some("試験 髙 ｼｹﾝ"), "{label}");
        }
        // UTF-8 with and without a declaration, with a BOM.
        let utf8 = "<a><b>試験 髙</b></a>";
        assert_eq!(parse_bytes(utf8.as_bytes()).unwrap().1, FileEncoding::Utf8);
        let bom = [&b"\xEF\xBB\xBF"[..], utf8.as_bytes()].concat();
        assert_eq!(parse_bytes(&bom).unwrap().0.text_of("b"), Some("試験 髙"));
        // Bytes that are not what the declaration says: a clear error, not "not well-formed".
        let lying = [
            &b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>"[..],
            b"\x8E\x8E</a>",
        ]
        .concat();
        assert!(matches!(
            parse_bytes(&lying),
            Err(ParseError::Undecodable { encoding, .. }) if encoding == "UTF-8"
        ));
        let broken = b"<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><a>\x81</a>";
        assert!(matches!(
            parse_bytes(broken),
            Err(ParseError::Undecodable { encoding, .. }) if encoding == "Shift_JIS"
        ));
        assert!(matches!(
            parse_bytes(b"\xFF\xFE<\x00a\x00/\x00>\x00"),
            Err(ParseError::UnsupportedEncoding(_))
        ));
    }

    #[test]
    fn shift_jis_is_written_and_unmappable_characters_refused() {
        let mut root = Element::new("XmlMsg");
        root.add("Name", "試験 髙橋 ｼｹﾝ & <x>");
        let bytes = write(&root, FileEncoding::ShiftJis).unwrap();
        assert!(
            bytes.starts_with(b"<?xml version=\"1.0\" encoding=\"Shift_JIS\" standalone=\"no\"?>")
        );
        assert!(std::str::from_utf8(&bytes).is_err(), "not UTF-8");
        // No replacement '?' anywhere: the two are the declaration's.
        assert_eq!(bytes.iter().filter(|&&b| b == b'?').count(), 2);
        let (back, encoding) = parse_bytes(&bytes).unwrap();
        assert_eq!(encoding, FileEncoding::ShiftJis);
        assert_eq!(back, root);
        // 𠮷 (U+20BB7) is outside Windows-31J: refused, naming the element, not the value.
        root.add("InsurerName", "𠮷野");
        let err = write(&root, FileEncoding::ShiftJis).unwrap_err();
        assert_eq!(
            err,
            EncodeError::Unmappable {
                element: "InsurerName".into(),
                code_point: 0x20BB7,
                encoding: "Shift_JIS",
            }
        );
        assert!(!err.to_string().contains('野'), "{err}");
        // UTF-8 holds it.
        let utf8 = write(&root, FileEncoding::Utf8).unwrap();
        assert_eq!(parse_bytes(&utf8).unwrap().0, root);
    }
}
