//! A small element tree over `quick-xml`: the OQS files are a few kilobytes of nested elements
//! with text leaves and no attributes, so a tree is simpler to read than a streaming parser,
//! and writing goes through quick-xml's writer so that text is always escaped.

use quick_xml::Reader;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

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
    #[error("the file is in {0}; only UTF-8 is read")]
    UnsupportedEncoding(String),
    #[error("no root element")]
    Empty,
}

/// The whole document as a tree. An element's text is trimmed once it is complete (trimming each
/// piece would eat the spaces around `&amp;`); entity and character references are resolved.
pub fn parse(text: &str) -> Result<Element, ParseError> {
    let bad = |e: &dyn std::fmt::Display| ParseError::NotWellFormed(e.to_string());
    let mut reader = Reader::from_str(text);
    // Open elements, innermost last; a finished root lands in `root`.
    let mut open: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let event = reader.read_event().map_err(|e| bad(&e))?;
        match event {
            Event::Decl(decl) => {
                if let Some(encoding) = decl.encoding() {
                    let encoding = encoding.map_err(|e| bad(&e))?;
                    let encoding = String::from_utf8_lossy(&encoding).to_string();
                    if !encoding.eq_ignore_ascii_case("utf-8")
                        && !encoding.eq_ignore_ascii_case("utf8")
                    {
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
            Event::Start(start) => open.push(Element::new(&element_name(start.name().as_ref())?)),
            Event::Empty(start) => {
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

/// The document as UTF-8 bytes with the declaration the OQS files carry
/// (`<?xml version="1.0" encoding="UTF-8" standalone="no"?>`), indented by two spaces.
pub fn write(root: &Element) -> Vec<u8> {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing into a Vec cannot fail; the io::Result is only quick-xml's generic signature.
    let _ = writer.write_event(Event::Decl(BytesDecl::new(
        "1.0",
        Some("UTF-8"),
        Some("no"),
    )));
    write_element(&mut writer, root);
    let mut bytes = writer.into_inner();
    bytes.push(b'\n');
    bytes
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
        assert_eq!(
            parse(std::str::from_utf8(&write(&element)).unwrap()).unwrap(),
            element
        );
    }

    #[test]
    fn text_is_escaped_and_read_back() {
        let mut root = Element::new("XmlMsg");
        root.add("Name", "A & B <C> \"D\"");
        root.add("Empty", "");
        let bytes = write(&root);
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
            parse("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><a/>"),
            Err(ParseError::UnsupportedEncoding(e)) if e == "Shift_JIS"
        ));
        assert_eq!(parse("<a>&#x41;&amp;</a>").unwrap().text, "A&");
    }
}
