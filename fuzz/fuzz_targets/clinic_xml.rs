//! The clinic-system interface: any file in the 資格確認端末's res folder, decoded by its
//! declaration (UTF-8 or Shift_JIS), parsed as XML and read as an answer document. Run with
//! inputs up to 1 MiB (`-max_len=1048576`, as fuzz/run.sh does): whatever is accepted stays
//! within the depth and element limits.
#![no_main]

use libfuzzer_sys::fuzz_target;
use myna_kiosk::clinic::{FileEncoding, XmlSettings};
use myna_kiosk::clinic::{layout, xml};

/// Elements in the tree and its depth (the root is depth 1).
fn shape(element: &xml::Element) -> (usize, usize) {
    element
        .children
        .iter()
        .map(shape)
        .fold((1, 1), |(n, d), (cn, cd)| (n + cn, d.max(cd + 1)))
}

fuzz_target!(|data: &[u8]| {
    if let Ok((root, _)) = xml::parse_bytes(data) {
        let (elements, depth) = shape(&root);
        assert!(elements <= xml::MAX_ELEMENTS && depth <= xml::MAX_DEPTH);
        let _ = layout::read_result(&root, &XmlSettings::default());
        // What was read writes back and parses again, in either encoding (Shift_JIS may refuse
        // a character it cannot hold, never write a broken file).
        for encoding in [FileEncoding::Utf8, FileEncoding::ShiftJis] {
            if let Ok(written) = xml::write(&root, encoding) {
                match xml::parse_bytes(&written) {
                    Ok((_, read_in)) => assert_eq!(read_in, encoding),
                    // End tags and indentation may make it larger than what was read.
                    Err(xml::ParseError::TooLarge { .. }) => {
                        assert!(written.len() > xml::MAX_DOCUMENT_BYTES)
                    }
                    Err(e) => panic!("written XML does not parse: {e}"),
                }
            }
        }
    }
});
