//! Card-front OCR (issue 20): reads one printed field of the card front (birth date, expiry,
//! security code) from a crop that holds only that field. Finding the card and cropping are the
//! caller's; crops never include name or address, so nothing else is ever read.
//!
//! Model: PaddleOCR's PP-OCRv6 small text recogniser from the PyPI `rapidocr` wheel, made
//! loadable by tract by `scripts/fetch-ocr-models.sh` (why this one: docs/card-front-ocr.md §4).

pub mod card_front;
mod ctc;
pub mod layout;
mod recogniser;

pub use ctc::Reading;
pub use recogniser::{INPUT_HEIGHT, INPUT_WIDTH, Recogniser};

/// File names under the models folder (`FaceConfig::models_dir`), made by
/// `scripts/fetch-ocr-models.sh`.
pub const RECOGNISER_FILE: &str = "ppocrv6_rec_small.onnx";
/// The recogniser's alphabet, one character a line: line i is CTC class i + 1.
pub const KEYS_FILE: &str = "ppocrv6_rec_small.keys.txt";
