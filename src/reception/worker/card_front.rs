//! The worker's side of reading 照合番号B from the card front (issue 20): the camera (or
//! `[face] card_front_path`'s frames) through the card-front [`FrameReader`], one frame per
//! effect, and the check that the card put back after the camera step is the one read before.
//! The frames and the code stay in memory (the code only as the entry handed to the flow); none
//! reaches the store or a log.

use std::sync::Arc;

use tracing::{info, warn};

use super::{CardAccess, Gateway, Worker};
use crate::card::CardSession;
use crate::identity::face::ocr::Recogniser;
use crate::identity::face::ocr::card_front::{FrameReader, Guidance};
use crate::identity::face::{
    CARD_FRONT_FRAME, FrameSource, Picture, Point, open_card_front_source,
};
use crate::reception::code_b::CodeBEntry;
use crate::reception::flow::FrontStep;
use crate::reception::view::{CardPreview, FrontGuide};

/// Frames the camera step looks at before it gives up and offers typing, whatever they show:
/// the reader's own limit counts only frames where the card was read, so a patient who never
/// shows the card would otherwise keep the camera open. About 30 s of a 10 fps camera.
const CARD_FRONT_FRAMES: u32 = 300;

/// Preview frames are at most this wide: the screen shows them 560 points wide at most, and a
/// card-front frame (1280×720, `CARD_FRONT_FRAME`) would be four times the pixels to copy.
const PREVIEW_WIDTH: u32 = 640;

/// Tries at the card put back, and the pause between them (about as long as pcscd takes to
/// see a card settle).
const SETTLE_TRIES: u32 = 3;
const SETTLE_PAUSE: std::time::Duration = std::time::Duration::from_millis(400);

/// One camera step: the reader (agreeing over frames) and its frames.
pub(super) struct CardFrontReading {
    reader: FrameReader,
    source: Box<dyn FrameSource>,
    frames: u32,
}

impl<C: CardAccess, G: Gateway> Worker<C, G> {
    /// Reading the card front with `recogniser` (loaded once at start with the face models);
    /// `None`: the models are missing, the patient types 照合番号B.
    pub fn with_card_front(mut self, recogniser: Option<Recogniser>) -> Self {
        self.recogniser = recogniser;
        self
    }

    /// Whether the face path starts with the camera reading the card front.
    pub fn card_front(&self) -> bool {
        self.recogniser.is_some() && self.face_attempts().is_some()
    }

    /// Opens the frames and a fresh reader, and checks the first frame.
    pub(super) fn start_card_front(&mut self) -> FrontStep {
        self.card_front = None;
        let (Some(recogniser), Some(matcher)) = (&self.recogniser, &self.face_matcher) else {
            return FrontStep::Camera;
        };
        let source = match open_card_front_source(matcher.config()) {
            Ok(source) => source,
            Err(e) => {
                warn!("card-front frames: {e}");
                return FrontStep::Camera;
            }
        };
        self.card_front = Some(CardFrontReading {
            reader: FrameReader::new(recogniser.clone()),
            source,
            frames: 0,
        });
        self.card_front_frame()
    }

    /// Closes the camera of the card-front step.
    pub(super) fn stop_card_front(&mut self) {
        self.card_front = None;
    }

    /// Checks the next frame; the step ends (and the camera closes) with a reading, with none
    /// after the frame limit, or with a camera problem.
    pub(super) fn card_front_frame(&mut self) -> FrontStep {
        let Some(reading) = self.card_front.as_mut() else {
            return FrontStep::Camera;
        };
        let step = next_step(reading);
        if !matches!(step, FrontStep::Frame { .. }) {
            self.card_front = None;
        }
        step
    }

    /// The card put back after the camera step: a new session on it, its auth certificate read
    /// without PIN and compared with the one read at the start of the visit (serial and issuer
    /// included). The same card: its session replaces the one the lifting ended. Otherwise
    /// (another card, or none that could be read) `false`, and the flow ends the visit.
    pub(super) fn check_card_back(&mut self) -> bool {
        // The session of the card that left goes first, before a new one is opened on the
        // card put back (it is let go without a reset: see the card layer).
        self.session = None;
        let Some(before) = self.certificate.as_ref() else {
            return false;
        };
        // A card just put down may not answer yet (the monitor saw it while it settled): a
        // few tries before it counts as unreadable, which ends the visit.
        let mut found = None;
        for attempt in 0..SETTLE_TRIES {
            if attempt > 0 {
                std::thread::sleep(SETTLE_PAUSE);
            }
            let Ok(transport) = self.card.connect() else {
                continue;
            };
            let mut session = CardSession::new(transport);
            if session.identify().is_err() {
                continue;
            }
            match session.read_auth_certificate() {
                Ok(cert) => {
                    found = Some((session, cert));
                    break;
                }
                Err(_) => continue,
            }
        }
        let Some((session, cert)) = found else {
            info!("the card put back after the camera step could not be read");
            return false;
        };
        let same = &cert == before;
        if same {
            self.session = Some(session);
        } else {
            info!("the card put back after the camera step is not the visit's card");
        }
        same
    }
}

fn next_step(reading: &mut CardFrontReading) -> FrontStep {
    if reading.frames >= CARD_FRONT_FRAMES {
        return FrontStep::CouldNotRead;
    }
    reading.frames += 1;
    let frame = match reading.source.next_frame() {
        Ok(Some(frame)) => frame,
        // The files ended with nothing agreed.
        Ok(None) => return FrontStep::CouldNotRead,
        Err(e) => {
            warn!("card-front frames: {e}");
            return FrontStep::Camera;
        }
    };
    if reading.frames == 1 && (frame.width(), frame.height()) != CARD_FRONT_FRAME {
        warn!(
            "card-front frames are {}×{}, not the {}×{} asked for: small print is read less well",
            frame.width(),
            frame.height(),
            CARD_FRONT_FRAME.0,
            CARD_FRONT_FRAME.1
        );
    }
    let outcome = match reading.reader.read_frame(&frame) {
        Ok(outcome) => outcome,
        Err(e) => {
            warn!("card-front reading: {e}");
            return FrontStep::Camera;
        }
    };
    if let Some(code) = outcome.code {
        return FrontStep::Read(CodeBEntry::read_from_card(code.era(), code.digits()));
    }
    let guide = match outcome.guidance {
        Guidance::CouldNotRead => return FrontStep::CouldNotRead,
        Guidance::ShowCard => FrontGuide::ShowCard,
        Guidance::CutByEdge => FrontGuide::CutByEdge,
        Guidance::Closer => FrontGuide::Closer,
        Guidance::HoldStill => FrontGuide::HoldStill,
        Guidance::TiltForGlare => FrontGuide::TiltForGlare,
        Guidance::Reading | Guidance::Read => FrontGuide::Reading,
    };
    FrontStep::Frame {
        guide,
        preview: Some(preview(&frame, outcome.corners.map(|c| c.points))),
    }
}

/// The frame for the screen, at most [`PREVIEW_WIDTH`] wide, with the card's outline in its
/// pixels.
fn preview(frame: &Picture, corners: Option<[Point; 4]>) -> CardPreview {
    let small = frame.at_most_wide(PREVIEW_WIDTH);
    let scale = small.width() as f32 / frame.width() as f32;
    CardPreview {
        width: small.width(),
        height: small.height(),
        rgb: Arc::new(small.rgb().to_vec()),
        outline: corners
            .map(|points| points.map(|p| [p.x, p.y].map(|v| (v * scale).max(0.0).round() as u32))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_front_frame_is_previewed_at_half_size_with_its_outline() {
        let frame = Picture::from_rgb(1280, 720, vec![90; 1280 * 720 * 3]).unwrap();
        let corner = |x, y| Point { x, y };
        let corners = [
            corner(200.0, 100.0),
            corner(1000.0, 100.0),
            corner(1000.0, 600.0),
            corner(200.0, 600.0),
        ];
        let p = preview(&frame, Some(corners));
        assert_eq!((p.width, p.height, p.rgb.len()), (640, 360, 640 * 360 * 3));
        assert_eq!(p.rgb[1000], 90);
        assert_eq!(
            p.outline,
            Some([[100, 50], [500, 50], [500, 300], [100, 300]])
        );
        // A face-sized frame goes as it is.
        let small = Picture::from_rgb(640, 480, vec![7; 640 * 480 * 3]).unwrap();
        let p = preview(&small, None);
        assert_eq!((p.width, p.height, p.outline), (640, 480, None));
    }
}
