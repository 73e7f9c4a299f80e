//! Where the three fields 照合番号B needs are printed on the card front, in one table shared by
//! the reader (which crops these bands from the rectified card) and the synthetic card renderer
//! (which prints the fields inside them).
//!
//! UNCONFIRMED: no source gives the fields' coordinates (no official layout drawing; the J-LIS
//! card specifications go to vendors only; docs/card-front-ocr.md §1, checked 2026-12-04). What
//! is sourced: the photo on the right with the security code under it; the birth date and the
//! expiry on the left under the name and address, as on the published samples (the kiosk's own
//! picture of the card, `src/ui/screens/code_b.rs`, draws them there). So the bands are generous
//! (a field may sit a few millimetres off and still lie inside), and a correction is one edit
//! here.

/// The card rectified to 10 pixels a millimetre: ID-1, 85.6 × 54 mm (ISO/IEC 7810).
pub const CARD_WIDTH: u32 = 856;
/// See [`CARD_WIDTH`].
pub const CARD_HEIGHT: u32 = 540;

/// A field of the card front that 照合番号B takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// `昭和55年 2月17日生` (Japanese nationals, era form) or `1980年 2月17日生` (foreign
    /// residents, Western form).
    BirthDate,
    /// `2035年 2月17日まで有効`: the year is what 照合番号B takes.
    Expiry,
    /// Four digits under the photo.
    SecurityCode,
}

/// A band of the rectified card, in pixels of the [`CARD_WIDTH`] × [`CARD_HEIGHT`] card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Band {
    pub field: Field,
    pub left: u32,
    pub top: u32,
    pub width: u32,
    pub height: u32,
}

/// The bands, in the order of [`Field`], in millimetres × 10 from the card's top left corner (UNCONFIRMED, see above).
/// Each leaves a few millimetres of margin around where the renderer prints the field; none
/// reaches the name and address lines above the birth date, nor the photo.
pub const BANDS: [Band; 3] = [
    Band {
        field: Field::BirthDate,
        left: 40,
        top: 280,
        width: 500,
        height: 80,
    },
    Band {
        field: Field::Expiry,
        left: 40,
        top: 410,
        width: 500,
        height: 80,
    },
    Band {
        field: Field::SecurityCode,
        left: 600,
        top: 390,
        width: 220,
        height: 80,
    },
];

/// The band of `field`.
pub fn band(field: Field) -> Band {
    BANDS[field as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_band_lies_on_the_card_and_no_two_overlap() {
        for b in BANDS {
            assert!(
                b.left + b.width <= CARD_WIDTH && b.top + b.height <= CARD_HEIGHT,
                "{b:?}"
            );
        }
        for (i, a) in BANDS.iter().enumerate() {
            for b in &BANDS[i + 1..] {
                let apart = a.left + a.width <= b.left
                    || b.left + b.width <= a.left
                    || a.top + a.height <= b.top
                    || b.top + b.height <= a.top;
                assert!(apart, "{a:?} and {b:?} overlap");
            }
        }
        for field in [Field::BirthDate, Field::Expiry, Field::SecurityCode] {
            assert_eq!(band(field).field, field);
        }
    }
}
