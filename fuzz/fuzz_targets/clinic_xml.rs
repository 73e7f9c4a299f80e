//! The clinic-system interface: any file in the 資格確認端末's res folder, decoded by its
//! declaration (UTF-8 or Shift_JIS), parsed as XML and read as an answer document.
#![no_main]

use libfuzzer_sys::fuzz_target;
use myna_kiosk::clinic::{FileEncoding, XmlSettings};
use myna_kiosk::clinic::{layout, xml};

fuzz_target!(|data: &[u8]| {
    if let Ok((root, _)) = xml::parse_bytes(data) {
        let _ = layout::read_result(&root, &XmlSettings::default());
        // What was read writes back and parses again, in either encoding (Shift_JIS may refuse
        // a character it cannot hold, never write a broken file).
        for encoding in [FileEncoding::Utf8, FileEncoding::ShiftJis] {
            if let Ok(written) = xml::write(&root, encoding) {
                let (_, read_in) = xml::parse_bytes(&written).expect("written XML parses");
                assert_eq!(read_in, encoding);
            }
        }
    }
});
