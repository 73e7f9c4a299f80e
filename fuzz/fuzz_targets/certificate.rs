//! X.509: the kiosk reading the card's auth certificate, and the gateway taking it as a CA
//! from its data folder.
#![no_main]

use libfuzzer_sys::fuzz_target;
use myna_kiosk::card::AuthCertificate;

fuzz_target!(|data: &[u8]| {
    if let Ok(certificate) = AuthCertificate::from_der(data.to_vec()) {
        let _ = format!("{certificate:?}");
    }
    let _ = myna_kiosk::gateway::TrustedCa::from_der("fuzz", data);
});
