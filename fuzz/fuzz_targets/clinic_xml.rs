//! The clinic-system interface: any file in the 資格確認端末's res folder, parsed as XML and
//! read as an answer document.
#![no_main]

use libfuzzer_sys::fuzz_target;
use myna_kiosk::clinic::XmlSettings;
use myna_kiosk::clinic::{layout, xml};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(root) = xml::parse(text) {
        let _ = layout::read_result(&root, &XmlSettings::default());
        // What was read writes back and parses again.
        let written = xml::write(&root);
        let again = std::str::from_utf8(&written).expect("written XML is UTF-8");
        xml::parse(again).expect("written XML parses");
    }
});
