//! The case queue's chime: two soft tones (a "ding-dong" of about 0.9 s) made once as a WAV in
//! memory, so the binary carries no audio file and the page plays it with a plain `<audio>`
//! element (`/console/static/chime.wav`), whose `playing` event tells that it really started.

use std::f32::consts::TAU;
use std::sync::OnceLock;

use axum::http::header;
use axum::response::{IntoResponse, Response};

/// Samples a second: plenty for tones under 1 kHz, and a small file (about 29 KB).
const RATE: u32 = 16_000;
/// (frequency in Hz, length in seconds): A5 then E5.
const NOTES: [(f32, f32); 2] = [(880.0, 0.35), (659.25, 0.55)];

/// 16-bit mono PCM: each note a sine with a 5 ms rise (no click) and an exponential fade.
fn samples() -> Vec<i16> {
    let rate = RATE as f32;
    let mut out = Vec::new();
    for (frequency, seconds) in NOTES {
        // Whole samples in a note: under a second, so the cast cannot overflow.
        let count = (seconds * rate) as usize;
        for n in 0..count {
            let t = n as f32 / rate;
            let rise = (t / 0.005).min(1.0);
            let fade = (-4.0 * t / seconds).exp();
            let value = (TAU * frequency * t).sin() * rise * fade * 0.5;
            out.push((value * f32::from(i16::MAX)) as i16);
        }
    }
    out
}

/// The samples in a RIFF/WAVE file.
fn wav_bytes(samples: &[i16]) -> Vec<u8> {
    let data_len = u32::try_from(samples.len() * 2).unwrap_or(u32::MAX);
    let mut out = Vec::with_capacity(44 + samples.len() * 2);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&RATE.to_le_bytes());
    out.extend_from_slice(&(RATE * 2).to_le_bytes()); // bytes a second
    out.extend_from_slice(&2u16.to_le_bytes()); // bytes a frame
    out.extend_from_slice(&16u16.to_le_bytes()); // bits a sample
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    for s in samples {
        out.extend_from_slice(&s.to_le_bytes());
    }
    out
}

fn wav() -> &'static [u8] {
    static WAV: OnceLock<Vec<u8>> = OnceLock::new();
    WAV.get_or_init(|| wav_bytes(&samples()))
}

pub(super) async fn serve() -> Response {
    (
        [
            (header::CONTENT_TYPE, "audio/wav"),
            (header::CACHE_CONTROL, "private, max-age=3600"),
        ],
        wav(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chime_is_a_wav_that_is_not_silent() {
        let wav = wav();
        assert_eq!(&wav[0..4], b"RIFF");
        assert_eq!(&wav[8..16], b"WAVEfmt ");
        assert_eq!(u32::from_le_bytes(wav[24..28].try_into().unwrap()), RATE);
        let data_len = u32::from_le_bytes(wav[40..44].try_into().unwrap()) as usize;
        assert_eq!(wav.len(), 44 + data_len);
        let loudest = samples().iter().map(|s| s.unsigned_abs()).max().unwrap();
        assert!(loudest > 10_000, "{loudest}");
        // 0.9 s at 16 kHz.
        assert_eq!(data_len, 2 * 14_400);
    }
}
