//! Small BER helpers around `iso7816-tlv`: the total length of an object from its header (to know
//! how much to READ BINARY), and the children of a constructed value with `00`/`FF` filler
//! between them skipped (the card may pad; `iso7816-tlv` fails on padding).

use iso7816_tlv::ber::Tlv;

/// Tag bytes and length-field bytes at the start of `bytes`, and the value length.
/// `None` when the header is incomplete or not BER.
pub fn header(bytes: &[u8]) -> Option<(usize, usize)> {
    let first = *bytes.first()?;
    let mut tag_len = 1;
    if first & 0x1F == 0x1F {
        loop {
            let b = *bytes.get(tag_len)?;
            tag_len += 1;
            if b & 0x80 == 0 {
                break;
            }
            if tag_len > 3 {
                return None;
            }
        }
    }
    let l = *bytes.get(tag_len)?;
    if l < 0x80 {
        return Some((tag_len + 1, l as usize));
    }
    let n = (l & 0x7F) as usize;
    if n == 0 || n > 3 {
        return None; // indefinite or absurd lengths
    }
    let len = bytes
        .get(tag_len + 1..tag_len + 1 + n)?
        .iter()
        .fold(0usize, |acc, b| acc << 8 | *b as usize);
    Some((tag_len + 1 + n, len))
}

/// Header plus value length of the object at the start of `bytes`.
pub fn object_length(bytes: &[u8]) -> Option<usize> {
    header(bytes).map(|(h, v)| h + v)
}

/// Parses the primitive or constructed children of a constructed value, skipping filler.
pub fn children(mut value: &[u8]) -> Result<Vec<Tlv>, String> {
    let mut out = Vec::new();
    loop {
        while let [0x00 | 0xFF, rest @ ..] = value {
            value = rest;
        }
        if value.is_empty() {
            return Ok(out);
        }
        let len = object_length(value).ok_or("truncated TLV header")?;
        let object = value.get(..len).ok_or("TLV longer than its container")?;
        let tlv = Tlv::from_bytes(object).map_err(|e| format!("bad TLV: {e:?}"))?;
        out.push(tlv);
        value = &value[len..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        assert_eq!(header(&[0x30, 0x82, 0x04, 0x00]), Some((4, 0x400)));
        assert_eq!(header(&[0xFF, 0x20, 0x81, 0x9F]), Some((4, 0x9F)));
        assert_eq!(header(&[0xDF, 0x22, 0x08]), Some((3, 8)));
        assert_eq!(header(&[0x30, 0x80]), None);
        assert_eq!(header(&[0x30, 0x82, 0x04]), None);
        assert_eq!(header(&[0xFF]), None);
        assert_eq!(header(&[]), None);
    }

    #[test]
    fn children_skip_filler() {
        let value = [
            0xDF, 0x22, 0x01, 0x41, 0x00, 0xFF, 0xDF, 0x23, 0x00, 0xFF, 0xFF,
        ];
        let tlvs = children(&value).unwrap();
        assert_eq!(tlvs.len(), 2);
        assert!(children(&[0xDF, 0x22, 0x05, 0x41]).is_err());
        assert!(children(&[0xDF]).is_err());
    }
}
