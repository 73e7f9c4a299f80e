//! Audio guidance: the files scripts/make-audio.sh synthesises (every cue in every language,
//! decodable, a sentence long) and playing one through the real rodio → cpal → ALSA path, with
//! ALSA's default device pointed at a file so the samples can be looked at. Without the files
//! (CI=true) these tests fail; locally they skip with a loud message.

use std::path::{Path, PathBuf};
use std::process::Command;

use myna_kiosk::reception::view::Language;
use myna_kiosk::ui::audio::{Cue, file};

fn audio_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/audio");
    // Every cue of the message list, not only the first ones: files made before a cue was
    // added (issue 18 added three) are as good as missing.
    let complete = Cue::ALL
        .iter()
        .all(|&cue| file(&dir, Language::Thai, cue).is_file());
    if complete {
        return Some(dir);
    }
    let message = "\n!!!! SKIPPED: assets/audio is missing or older than the audio-* lines of \
                   assets/i18n: run `bash scripts/make-audio.sh` (or `bash scripts/test.sh`). !!!!\n";
    if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
        panic!("{message}");
    }
    eprintln!("{message}");
    None
}

/// Seconds of sound in a file, by decoding every sample.
fn seconds(path: &Path) -> f32 {
    use rodio::Source;
    let reader = std::io::BufReader::new(std::fs::File::open(path).unwrap());
    let decoder = rodio::Decoder::new(reader).unwrap();
    let (rate, channels) = (decoder.sample_rate().get(), decoder.channels().get());
    let samples = decoder.count();
    samples as f32 / rate as f32 / channels as f32
}

#[test]
fn every_cue_in_every_language_is_a_spoken_sentence() {
    let Some(dir) = audio_dir() else { return };
    for language in Language::ALL {
        for cue in Cue::ALL {
            let path = file(&dir, language, cue);
            let secs = seconds(&path);
            assert!(
                (0.8..30.0).contains(&secs),
                "{}: {secs:.1} s",
                path.display()
            );
        }
    }
    // The Japanese and Thai idle sentences are different recordings, not copies.
    let ja = std::fs::read(file(&dir, Language::Japanese, Cue::Idle)).unwrap();
    let th = std::fs::read(file(&dir, Language::Thai, Cue::Idle)).unwrap();
    assert_ne!(ja, th);
}

/// Runs `myna-kiosk speaker-test` with ALSA's default device writing to `out`.
fn speaker_test(home: &Path, out: &Path, audio_dir: &Path, language: &str) -> (i32, String) {
    std::fs::write(
        home.join(".asoundrc"),
        format!(
            "pcm.!default {{\n  type file\n  slave.pcm \"null\"\n  file \"{}\"\n  format \"raw\"\n}}\n",
            out.display()
        ),
    )
    .unwrap();
    std::fs::write(
        home.join("kiosk.toml"),
        format!("[ui]\naudio_dir = \"{}\"\n", audio_dir.display()),
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_myna-kiosk"))
        .args([
            "--config",
            "kiosk.toml",
            "speaker-test",
            "--language",
            language,
        ])
        .current_dir(home)
        .env("HOME", home)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).to_string()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.code().unwrap_or(-1), text)
}

#[test]
fn the_speaker_test_plays_the_sentence_through_alsa() {
    let Some(dir) = audio_dir() else { return };
    let home = tempfile::tempdir().unwrap();
    for language in ["ja", "ne"] {
        let out = home.path().join(format!("{language}.raw"));
        let (code, text) = speaker_test(home.path(), &out, &dir, language);
        assert_eq!(code, 0, "{text}");
        assert!(text.contains("played"), "{text}");
        let played = std::fs::read(&out).unwrap();
        // Whatever format cpal picked (at least 8 kHz, 16-bit), a sentence of at least 0.8 s
        // is well over 10 kB, and it is not silence.
        assert!(played.len() > 10_000, "{language}: {} bytes", played.len());
        assert!(
            played.iter().filter(|b| **b != 0).count() > played.len() / 4,
            "{language}: silence"
        );
    }
    // A folder without the files: a clear error naming the file, nothing played.
    let empty = tempfile::tempdir().unwrap();
    let out = home.path().join("none.raw");
    let (code, text) = speaker_test(home.path(), &out, empty.path(), "th");
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("th/idle.ogg"), "{text}");
    assert!(!out.exists() || std::fs::read(&out).unwrap().is_empty());
    // An unknown language is a usage error (exit 64, like every usage error of the kiosk).
    let (code, text) = speaker_test(home.path(), &out, &dir, "xx");
    assert_eq!(code, 64, "{text}");
    assert!(text.contains("unknown language"), "{text}");
}
