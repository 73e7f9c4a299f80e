//! Written once for the whole workspace: Japan's calendar ([`JST`]) and bytes as lower-case hex.

use time::UtcOffset;

/// Japan Standard Time (UTC+9, no daylight saving): the calendar of every date the counter
/// counts in (the confirmation date, "today's visits", the grace rule, the result files).
pub const JST: UtcOffset = match UtcOffset::from_hms(9, 0, 0) {
    Ok(offset) => offset,
    Err(_) => UtcOffset::UTC,
};

/// `bytes` as lower-case hex, two digits a byte (as OpenSSL and `sha256sum` print them).
pub fn lower_hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jst_is_nine_hours_ahead_and_hex_is_lower_case() {
        assert_eq!(JST.whole_hours(), 9);
        assert_eq!(lower_hex(&[0x00, 0x0f, 0xab, 0xff]), "000fabff");
        assert_eq!(lower_hex(&[]), "");
    }
}
