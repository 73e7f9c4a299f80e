//! The per-frame entry point: find the card, say what the patient should do, read the three
//! bands when the card is well in view, and agree over frames.

use crate::{FaceError, Picture};

use super::super::Recogniser;
use super::super::layout::{Field, band};
use super::CardCorners;
use super::agreement::{Agreed, Agreement, AgreementRules, FieldReadings};
use super::finder::{Sighting, find_card};
use super::guidance::{self, Guidance};
use super::homography::warp_band;
use super::line_crop::tighten;
use super::parse::{FrontCode, parse_birth, parse_expiry, parse_security_code};

/// Each field's own characters (docs/card-front-ocr.md §4): fewer confusions such as 令 → 合.
const BIRTH_CHARACTERS: &str = "0123456789元年月日生明治大正昭和平成令";
const EXPIRY_CHARACTERS: &str = "0123456789年月日まで有効";
const CODE_CHARACTERS: &str = "0123456789";

/// What one frame gave: the guidance to show, the agreed code once there is one, and the card's
/// outline for the preview (frame pixels).
#[derive(Debug, Clone, PartialEq)]
pub struct FrameOutcome {
    pub guidance: Guidance,
    pub code: Option<FrontCode>,
    pub corners: Option<CardCorners>,
}

/// One frame's fields, read and parsed.
pub struct FieldsRead {
    /// Each field parsed on its own, with its least sure character.
    pub readings: FieldReadings,
    /// Whether a band read had glare on it.
    pub glare: bool,
    /// Whether the card was read upside down (corners turned half round).
    pub turned: bool,
}

/// Reads 照合番号B from camera frames, one at a time (one per patient attempt: make a new one
/// for the next attempt).
#[derive(Debug)]
pub struct FrameReader {
    recogniser: Recogniser,
    agreement: Agreement,
    previous: Option<CardCorners>,
    /// The orientation that read last: tried first on the next frame.
    turned: bool,
}

impl FrameReader {
    pub fn new(recogniser: Recogniser) -> FrameReader {
        FrameReader::with_rules(recogniser, AgreementRules::default())
    }

    pub fn with_rules(recogniser: Recogniser, rules: AgreementRules) -> FrameReader {
        FrameReader {
            recogniser,
            agreement: Agreement::new(rules),
            previous: None,
            turned: false,
        }
    }

    /// One camera frame. The finder takes a few milliseconds; the recogniser runs (two to four
    /// field crops) only when the card is whole, near enough and sharp.
    pub fn read_frame(&mut self, frame: &Picture) -> Result<FrameOutcome, FaceError> {
        let finished = |state: &Agreed| match state {
            Agreed::Read(code) => Some((Guidance::Read, Some(code.clone()))),
            Agreed::CouldNotRead => Some((Guidance::CouldNotRead, None)),
            Agreed::Reading { .. } => None,
        };
        if let Some((guidance, code)) = finished(self.agreement.state()) {
            return Ok(FrameOutcome {
                guidance,
                code,
                corners: None,
            });
        }
        let (corners, blur) = match find_card(frame) {
            Sighting::NoCard => {
                self.previous = None;
                return Ok(outcome(Guidance::ShowCard, None));
            }
            Sighting::CutByEdge(corners) => {
                self.previous = None;
                return Ok(outcome(Guidance::CutByEdge, corners));
            }
            Sighting::Card { corners, blur } => (corners, blur),
        };
        let moving = guidance::moving(self.previous.as_ref(), &corners);
        self.previous = Some(corners);
        if guidance::too_far(&corners, frame.width()) {
            return Ok(outcome(Guidance::Closer, Some(corners)));
        }
        if guidance::too_blurred(blur, &corners) {
            return Ok(outcome(Guidance::HoldStill, Some(corners)));
        }
        let fields = read_card(&self.recogniser, frame, &corners, self.turned)?;
        self.turned = fields.turned;
        let state = self.agreement.feed(fields.readings);
        let (guidance, code) = finished(state).unwrap_or(if fields.glare {
            (Guidance::TiltForGlare, None)
        } else if moving {
            (Guidance::HoldStill, None)
        } else {
            (Guidance::Reading, None)
        });
        Ok(FrameOutcome {
            guidance,
            code,
            corners: Some(corners),
        })
    }
}

fn outcome(guidance: Guidance, corners: Option<CardCorners>) -> FrameOutcome {
    FrameOutcome {
        guidance,
        code: None,
        corners,
    }
}

/// Reads the three bands of the card at `corners` in `frame`: the birth line first, in the
/// orientation `turned_first` and then the other one (a card shown upside down); the expiry and
/// the code only once the birth line parsed. Only the bands of [`super::super::layout::BANDS`]
/// are ever cut out and read: never the name, the address or anything else on the card.
pub fn read_card(
    recogniser: &Recogniser,
    frame: &Picture,
    corners: &CardCorners,
    turned_first: bool,
) -> Result<FieldsRead, FaceError> {
    let mut glare = false;
    let mut birth = None;
    for turned in [turned_first, !turned_first] {
        let at = if turned { corners.turned() } else { *corners };
        let crop = warp_band(frame, &at, band(Field::BirthDate))?;
        glare |= guidance::glare(&crop);
        let reading = recogniser.read_only(&tighten(&crop), BIRTH_CHARACTERS)?;
        if let Some(parsed) = parse_birth(reading.text()) {
            birth = Some((at, turned, (parsed, reading.min_confidence())));
            break;
        }
    }
    let Some((at, turned, birth)) = birth else {
        return Ok(FieldsRead {
            readings: FieldReadings::default(),
            glare,
            turned: turned_first,
        });
    };
    let mut read = |field: Field, characters: &str| -> Result<_, FaceError> {
        let crop = warp_band(frame, &at, band(field))?;
        glare |= guidance::glare(&crop);
        recogniser.read_only(&tighten(&crop), characters)
    };
    let expiry = read(Field::Expiry, EXPIRY_CHARACTERS)?;
    let code = read(Field::SecurityCode, CODE_CHARACTERS)?;
    Ok(FieldsRead {
        readings: FieldReadings {
            birth: Some(birth),
            expiry_year: parse_expiry(expiry.text()).map(|y| (y, expiry.min_confidence())),
            security_code: parse_security_code(code.text()).map(|c| (c, code.min_confidence())),
        },
        glare,
        turned,
    })
}
