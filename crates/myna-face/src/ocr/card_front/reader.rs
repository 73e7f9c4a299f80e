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
use super::stack::Stack;

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
    /// The recent crops of each band, read when one frame's are not enough.
    stacks: Stacks,
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
            stacks: Stacks {
                bands: Default::default(),
                sure: rules.min_confidence,
            },
        }
    }

    /// One camera frame. The finder takes a few milliseconds; the recogniser runs (two to four
    /// field crops, the expiry and the code side by side on two threads, and beside a field not
    /// read surely last time, the median of its recent crops on another) only when the card is
    /// whole, near enough and sharp.
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
                // The card may come back turned, or be another one: its crops start again.
                self.stacks.clear();
                return Ok(outcome(Guidance::ShowCard, None));
            }
            Sighting::CutByEdge(corners) => {
                self.previous = None;
                self.stacks.clear();
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
        let fields = read_fields(
            &self.recogniser,
            frame,
            &corners,
            self.turned,
            Some(&mut self.stacks),
        )?;
        self.turned = fields.turned;
        let state = self.agreement.feed(fields.readings);
        if !matches!(state, Agreed::Reading { .. }) {
            self.stacks.clear();
        }
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
    read_fields(recogniser, frame, corners, turned_first, None)
}

/// The recent frames' crops of each band, in the orientation that read last ([`Stack`]), and
/// how sure a field must be not to need them.
struct Stacks {
    bands: [Stack; 3],
    sure: f32,
}

impl std::fmt::Debug for Stacks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stacks").finish_non_exhaustive()
    }
}

impl Stacks {
    fn clear(&mut self) {
        self.bands.iter_mut().for_each(Stack::clear);
    }

    /// A field's stack (in the order of `Field`, as `layout::BANDS`) and how sure a reading
    /// must be not to need it.
    fn band(&mut self, field: Field) -> (&mut Stack, f32) {
        (&mut self.bands[field as usize], self.sure)
    }
}

/// [`read_card`], with the recent frames' crops: a field whose last reading was not sure is
/// also read from the median of its band's last few crops, the surer reading kept
/// ([`read_band`]).
fn read_fields(
    recogniser: &Recogniser,
    frame: &Picture,
    corners: &CardCorners,
    turned_first: bool,
    mut stacks: Option<&mut Stacks>,
) -> Result<FieldsRead, FaceError> {
    let mut glare = false;
    let mut birth = None;
    for turned in [turned_first, !turned_first] {
        let at = if turned { corners.turned() } else { *corners };
        let stack = stacks
            .as_deref_mut()
            .filter(|_| turned == turned_first)
            .map(|s| s.band(Field::BirthDate));
        let (parsed, band_glare) =
            read_field(recogniser, frame, &at, Field::BirthDate, stack, parse_birth)?;
        glare |= band_glare;
        if let Some(parsed) = parsed {
            birth = Some((at, turned, parsed));
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
    if let Some(stacks) = stacks.as_deref_mut().filter(|_| turned != turned_first) {
        // The crops so far were of the card the other way up.
        stacks.clear();
    }
    // The stacks are in the order of `Field`: birth date, expiry, code.
    const _: () = assert!(Field::Expiry as usize == 1 && Field::SecurityCode as usize == 2);
    let (expiry_stack, code_stack) = match stacks {
        Some(Stacks {
            bands: [_, expiry, code],
            sure,
        }) => (Some((expiry, *sure)), Some((code, *sure))),
        None => (None, None),
    };
    // The expiry and the code, one on a second thread (the kiosk has two cores). A thread that
    // cannot start leaves the expiry to be read here, after the code, without its stack; one
    // that panics leaves it unread in this frame (the next frame reads it).
    let (expiry, code) = std::thread::scope(|scope| {
        let expiry = std::thread::Builder::new()
            .name("card-front-expiry".into())
            .spawn_scoped(scope, || {
                read_field(
                    recogniser,
                    frame,
                    &at,
                    Field::Expiry,
                    expiry_stack,
                    parse_expiry,
                )
            });
        let code = read_field(
            recogniser,
            frame,
            &at,
            Field::SecurityCode,
            code_stack,
            parse_security_code,
        );
        let expiry = match expiry {
            Ok(thread) => thread.join().ok(),
            Err(_) => Some(read_field(
                recogniser,
                frame,
                &at,
                Field::Expiry,
                None,
                parse_expiry,
            )),
        };
        (expiry, code)
    });
    let (expiry_year, expiry_glare) = expiry.transpose()?.unwrap_or((None, false));
    let (security_code, code_glare) = code?;
    Ok(FieldsRead {
        readings: FieldReadings {
            birth: Some(birth),
            expiry_year,
            security_code,
        },
        glare: glare || expiry_glare || code_glare,
        turned,
    })
}

/// One field of the card at `at`: its band cut out and read with the field's characters (with
/// its stack, when given: [`read_band`]), then parsed, with the least sure character of the
/// reading used; and whether the band had glare.
fn read_field<T: Send>(
    recogniser: &Recogniser,
    frame: &Picture,
    at: &CardCorners,
    field: Field,
    stack: Option<(&mut Stack, f32)>,
    parse: fn(&str) -> Option<T>,
) -> Result<(Option<(T, f32)>, bool), FaceError> {
    let characters = match field {
        Field::BirthDate => BIRTH_CHARACTERS,
        Field::Expiry => EXPIRY_CHARACTERS,
        Field::SecurityCode => CODE_CHARACTERS,
    };
    let crop = warp_band(frame, at, band(field))?;
    let glare = guidance::glare(&crop);
    let read = read_band(&crop, stack, |crop| {
        let reading = recogniser.read_only(&tighten(crop), characters)?;
        Ok(parse(reading.text()).map(|v| (v, reading.min_confidence())))
    })?;
    Ok((read, glare))
}

/// This frame's `crop` parsed; and when the band's last reading was not at least `sure` and its
/// stack (this crop joined) holds enough crops, their median made and parsed at the same time on
/// a second thread (the kiosk has two cores), the surer of the two kept. After a sure reading
/// the next frame reads its own crop only, so the median's readings come every other frame at
/// most while a field stays unsure.
fn read_band<T: Send>(
    crop: &Picture,
    stack: Option<(&mut Stack, f32)>,
    parse: impl Fn(&Picture) -> Result<Option<(T, f32)>, FaceError> + Sync,
) -> Result<Option<(T, f32)>, FaceError> {
    let Some((stack, sure)) = stack else {
        return parse(crop);
    };
    stack.push(crop);
    let read = if stack.last_sure {
        parse(crop)?
    } else {
        let stack = &*stack;
        // The median made and read on a second thread beside this frame's own crop; when that
        // thread cannot start or its reading fails, the frame's own reading stands.
        let (single, fused) = std::thread::scope(|s| {
            let fused = std::thread::Builder::new().spawn_scoped(s, || match stack.median()? {
                Some(median) => parse(&median),
                None => Ok(None),
            });
            let single = parse(crop);
            let fused = fused.ok().and_then(|t| t.join().ok()?.ok()?);
            (single, fused)
        });
        match (single?, fused) {
            (Some(a), Some(b)) => Some(if b.1 > a.1 { b } else { a }),
            (a, b) => a.or(b),
        }
    };
    stack.last_sure = read.as_ref().is_some_and(|(_, s)| *s >= sure);
    Ok(read)
}
