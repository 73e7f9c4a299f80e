//! The size a JPEG 2000 card photo claims, read from its headers before any decoding: a card
//! (or anything that answers like one) can send a few hundred bytes whose header claims
//! 60 000 × 60 000 pixels, and a decoder sizes its buffers from that claim.
//!
//! The card photo is small: the whole card-face file is at most 32 KiB (READ BINARY offsets are
//! 15 bits, docs/domain/mynacard.md §4) and the photo is a greyscale portrait of about 300×400
//! pixels (the photo's exact size is UNCONFIRMED, so the limits below leave a wide margin). A
//! photo is accepted only when both its JP2 image header (`ihdr`) and its codestream's `SIZ`
//! marker are within [`MAX_SIDE`], [`MAX_COMPONENTS`] and [`MAX_TILES`], and agree.
//!
//! The parser is bounded: at most [`MAX_BOXES`] boxes at each of two levels, and every length
//! is checked against the bytes there are.

/// Widest and tallest photo accepted, in pixels: about three times a real card photo's side.
pub const MAX_SIDE: u32 = 1024;
/// Components (channels): a card photo has 1 (grey); colour pictures 3, with alpha 4.
pub const MAX_COMPONENTS: u16 = 4;
/// Tiles: a card photo is one tile; tiny tiles multiply a decoder's bookkeeping.
pub const MAX_TILES: u64 = 1024;
/// Bits per sample.
const MAX_BIT_DEPTH: u8 = 16;
/// Boxes read at the top level and inside `jp2h`.
const MAX_BOXES: usize = 32;

/// The JP2 signature box (ISO/IEC 15444-1 Annex I).
const JP2_SIGNATURE: [u8; 12] = [
    0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A,
];
/// SOC then SIZ: how every codestream starts.
const SOC_SIZ: [u8; 4] = [0xFF, 0x4F, 0xFF, 0x51];

/// What a photo's headers claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Declared {
    pub width: u32,
    pub height: u32,
    pub components: u16,
    pub tiles: u64,
}

/// Why a photo is refused before decoding.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeaderError {
    #[error(
        "the picture claims {width}×{height} pixels; a card photo has at most {MAX_SIDE}×{MAX_SIDE}"
    )]
    TooLarge { width: u32, height: u32 },
    #[error("the picture claims {0} components; a card photo has at most {MAX_COMPONENTS}")]
    TooManyComponents(u16),
    #[error("the picture claims {0} tiles; a card photo has at most {MAX_TILES}")]
    TooManyTiles(u64),
    #[error("the JP2 header says {ihdr:?} but the codestream {siz:?}")]
    Disagree {
        ihdr: (u32, u32, u16),
        siz: (u32, u32, u16),
    },
    #[error("malformed header: {0}")]
    Malformed(&'static str),
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_be_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

/// What `bytes` (a JP2 file or a raw codestream) claims, checked against the limits.
pub fn check(bytes: &[u8]) -> Result<Declared, HeaderError> {
    let declared = if bytes.starts_with(&SOC_SIZ) {
        siz(bytes)?
    } else if bytes.starts_with(&JP2_SIGNATURE) {
        jp2(bytes)?
    } else {
        return Err(HeaderError::Malformed(
            "neither a JP2 file nor a codestream",
        ));
    };
    if declared.width > MAX_SIDE || declared.height > MAX_SIDE {
        return Err(HeaderError::TooLarge {
            width: declared.width,
            height: declared.height,
        });
    }
    if declared.components == 0 || declared.components > MAX_COMPONENTS {
        return Err(HeaderError::TooManyComponents(declared.components));
    }
    if declared.tiles > MAX_TILES {
        return Err(HeaderError::TooManyTiles(declared.tiles));
    }
    Ok(declared)
}

/// A box: its type and contents.
type JpBox<'a> = ([u8; 4], &'a [u8]);

/// The boxes in `data`, at most [`MAX_BOXES`].
fn boxes(data: &[u8]) -> Result<Vec<JpBox<'_>>, HeaderError> {
    let short = HeaderError::Malformed("a box is longer than the file");
    let mut found = Vec::new();
    let mut at = 0usize;
    while at < data.len() {
        if found.len() == MAX_BOXES {
            return Err(HeaderError::Malformed("too many boxes"));
        }
        let length = u32_at(data, at).ok_or(HeaderError::Malformed("a box header is cut"))?;
        let kind: [u8; 4] = data
            .get(at + 4..at + 8)
            .and_then(|k| k.try_into().ok())
            .ok_or(HeaderError::Malformed("a box header is cut"))?;
        let left = (data.len() - at) as u64;
        let (header, total) = match length {
            // To the end of the file.
            0 => (8u64, left),
            // A 64-bit length follows.
            1 => (
                16,
                u64_at(data, at + 8).ok_or(HeaderError::Malformed("a box header is cut"))?,
            ),
            2..=7 => return Err(HeaderError::Malformed("a box shorter than its header")),
            n => (8, u64::from(n)),
        };
        if total < header {
            return Err(HeaderError::Malformed("a box shorter than its header"));
        }
        if total > left {
            return Err(short);
        }
        // Both fit in `data`, so in usize.
        let (header, total) = (header as usize, total as usize);
        found.push((kind, &data[at + header..at + total]));
        at += total;
    }
    Ok(found)
}

/// The contents of the first box of `kind` in `list`.
fn find<'a>(list: &[JpBox<'a>], kind: &[u8; 4]) -> Option<&'a [u8]> {
    list.iter().find(|(k, _)| k == kind).map(|(_, v)| *v)
}

fn jp2(bytes: &[u8]) -> Result<Declared, HeaderError> {
    let top = boxes(bytes)?;
    let header = find(&top, b"jp2h").ok_or(HeaderError::Malformed("no JP2 header box"))?;
    let ihdr = find(&boxes(header)?, b"ihdr").ok_or(HeaderError::Malformed("no image header"))?;
    let codestream = find(&top, b"jp2c").ok_or(HeaderError::Malformed("no codestream"))?;
    if !codestream.starts_with(&SOC_SIZ) {
        return Err(HeaderError::Malformed(
            "the codestream does not start with SOC, SIZ",
        ));
    }
    // ihdr: HEIGHT, WIDTH (u32), NC (u16), BPC, C, UnkC, IPR.
    let cut = HeaderError::Malformed("the image header is cut");
    let height = u32_at(ihdr, 0).ok_or(cut.clone())?;
    let width = u32_at(ihdr, 4).ok_or(cut.clone())?;
    let components = u16_at(ihdr, 8).ok_or(cut)?;
    let declared = siz(codestream)?;
    let (ihdr, siz) = (
        (width, height, components),
        (declared.width, declared.height, declared.components),
    );
    if ihdr != siz {
        // Check each against the limits first: a huge claim is named as such.
        for (w, h, c) in [ihdr, siz] {
            if w > MAX_SIDE || h > MAX_SIDE {
                return Err(HeaderError::TooLarge {
                    width: w,
                    height: h,
                });
            }
            if c > MAX_COMPONENTS {
                return Err(HeaderError::TooManyComponents(c));
            }
        }
        return Err(HeaderError::Disagree { ihdr, siz });
    }
    Ok(declared)
}

/// The SIZ marker segment at the start of a codestream (ISO/IEC 15444-1 A.5.1).
fn siz(codestream: &[u8]) -> Result<Declared, HeaderError> {
    let cut = HeaderError::Malformed("the SIZ marker is cut");
    let field = |at: usize| u32_at(codestream, at).ok_or(cut.clone());
    let length = u16_at(codestream, 4).ok_or(cut.clone())?;
    let (x, y, x0, y0) = (field(8)?, field(12)?, field(16)?, field(20)?);
    let (tile_w, tile_h, tile_x0, tile_y0) = (field(24)?, field(28)?, field(32)?, field(36)?);
    let components = u16_at(codestream, 40).ok_or(cut.clone())?;
    if usize::from(length) != 38 + 3 * usize::from(components) {
        return Err(HeaderError::Malformed(
            "the SIZ length does not fit its components",
        ));
    }
    if x <= x0 || y <= y0 {
        return Err(HeaderError::Malformed("an empty picture"));
    }
    if tile_w == 0
        || tile_h == 0
        || tile_x0 > x0
        || tile_y0 > y0
        || u64::from(tile_x0) + u64::from(tile_w) <= u64::from(x0)
        || u64::from(tile_y0) + u64::from(tile_h) <= u64::from(y0)
    {
        return Err(HeaderError::Malformed(
            "tiles that do not cover the picture",
        ));
    }
    if components == 0 || components > MAX_COMPONENTS {
        return Err(HeaderError::TooManyComponents(components));
    }
    for c in 0..usize::from(components) {
        let at = 42 + 3 * c;
        let spec = codestream.get(at..at + 3).ok_or(cut.clone())?;
        if (spec[0] & 0x7F) + 1 > MAX_BIT_DEPTH || spec[1] == 0 || spec[2] == 0 {
            return Err(HeaderError::Malformed("a component's depth or sampling"));
        }
    }
    let tiles_across = u64::from(x - tile_x0).div_ceil(u64::from(tile_w));
    let tiles_down = u64::from(y - tile_y0).div_ceil(u64::from(tile_h));
    Ok(Declared {
        width: x - x0,
        height: y - y0,
        components,
        tiles: tiles_across * tiles_down,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A codestream start: SOC, SIZ for `w`×`h` from the origin, one tile of `tile`, grey 8-bit.
    fn codestream(w: u32, h: u32, tile: u32) -> Vec<u8> {
        let mut cs = SOC_SIZ.to_vec();
        cs.extend(41u16.to_be_bytes()); // 38 + 3 × 1 component
        cs.extend(0u16.to_be_bytes()); // Rsiz
        for v in [w, h, 0, 0, tile, tile, 0, 0] {
            cs.extend(v.to_be_bytes());
        }
        cs.extend(1u16.to_be_bytes());
        cs.extend([7, 1, 1]);
        cs
    }

    fn boxed(kind: &[u8; 4], contents: &[u8]) -> Vec<u8> {
        let mut b = ((contents.len() + 8) as u32).to_be_bytes().to_vec();
        b.extend(kind);
        b.extend(contents);
        b
    }

    fn jp2_file(ihdr_w: u32, ihdr_h: u32, cs: &[u8]) -> Vec<u8> {
        let mut ihdr = ihdr_h.to_be_bytes().to_vec();
        ihdr.extend(ihdr_w.to_be_bytes());
        ihdr.extend([0, 1, 7, 7, 0, 0]);
        let mut file = JP2_SIGNATURE.to_vec();
        file.extend(boxed(b"ftyp", b"jp2 \0\0\0\0jp2 "));
        file.extend(boxed(b"jp2h", &boxed(b"ihdr", &ihdr)));
        file.extend(boxed(b"jp2c", cs));
        file
    }

    #[test]
    fn a_card_sized_photo_passes() {
        let expected = Declared {
            width: 300,
            height: 375,
            components: 1,
            tiles: 1,
        };
        assert_eq!(
            check(&codestream(300, 375, 300)),
            Ok(Declared {
                tiles: 2,
                ..expected
            })
        );
        assert_eq!(
            check(&jp2_file(300, 375, &codestream(300, 375, 512))),
            Ok(expected)
        );
        assert!(check(&codestream(MAX_SIDE, MAX_SIDE, MAX_SIDE)).is_ok());
    }

    #[test]
    fn huge_claims_are_refused() {
        let huge = codestream(60_000, 60_000, 60_000);
        assert_eq!(
            check(&huge),
            Err(HeaderError::TooLarge {
                width: 60_000,
                height: 60_000
            })
        );
        assert!(matches!(
            check(&jp2_file(60_000, 60_000, &huge)),
            Err(HeaderError::TooLarge { .. })
        ));
        // A small JP2 header over a huge codestream, and the other way round.
        assert!(matches!(
            check(&jp2_file(300, 375, &huge)),
            Err(HeaderError::TooLarge { .. })
        ));
        assert!(matches!(
            check(&jp2_file(60_000, 60_000, &codestream(300, 375, 512))),
            Err(HeaderError::TooLarge { .. })
        ));
        assert!(matches!(
            check(&jp2_file(301, 375, &codestream(300, 375, 512))),
            Err(HeaderError::Disagree { .. })
        ));
        // One pixel over the side.
        assert!(check(&codestream(MAX_SIDE + 1, 10, 2048)).is_err());
        // Tiny tiles.
        assert_eq!(
            check(&codestream(300, 375, 1)),
            Err(HeaderError::TooManyTiles(300 * 375))
        );
    }

    #[test]
    fn broken_headers_are_refused_without_panic() {
        let good = jp2_file(300, 375, &codestream(300, 375, 512));
        for cut in 0..good.len() {
            assert!(check(&good[..cut]).is_err(), "cut at {cut}");
        }
        // A box claiming more than the file, a 64-bit length beyond it, one shorter than its
        // header.
        let mut long = good.clone();
        long[12..16].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(check(&long).is_err());
        let mut xl = good.clone();
        xl[12..16].copy_from_slice(&1u32.to_be_bytes());
        assert!(check(&xl).is_err());
        let mut short = good;
        short[12..16].copy_from_slice(&4u32.to_be_bytes());
        assert!(check(&short).is_err());
        assert!(check(b"GIF89a").is_err());
        // Many empty boxes.
        let mut many = JP2_SIGNATURE.to_vec();
        for _ in 0..100 {
            many.extend(boxed(b"free", b""));
        }
        assert_eq!(check(&many), Err(HeaderError::Malformed("too many boxes")));
    }
}
