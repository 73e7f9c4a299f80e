//! The card-front field recogniser on field crops rendered here in Debian's Noto CJK fonts: the
//! model must read the digits and the era right. With CI=true a missing model or font fails;
//! locally these tests skip with a loud message (run scripts/fetch-ocr-models.sh).

#![allow(clippy::unwrap_used)] // test helpers as well as tests may unwrap: a failure is the test failing

mod card_front;
mod render;
mod scene;
mod synth;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

use myna_face::Picture;
use myna_face::ocr::Recogniser;
use render::Font;

/// The fonts install-deps.sh installs (fonts-noto-cjk); face 0 of each collection is Japanese.
const FONTS: [&str; 2] = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
];

/// The characters of the three fields (what `read_only` is for).
const FIELD_CHARACTERS: &str = "0123456789年月日生明治大正昭和平成令まで有効";

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn models_dir() -> PathBuf {
    repo_root().join("assets/models")
}

fn skip_or_fail(why: &str) {
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("card-front OCR test prerequisites missing in CI: {why}");
    }
    // Straight to stderr: the test harness captures eprintln!, and this must be seen.
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!(
            "\n!!! SKIPPING card-front OCR tests: {why}\n!!! run: bash scripts/install-deps.sh\n\n"
        )
        .as_bytes(),
    );
}

/// The loaded recogniser and the fonts, or None (locally) when something is missing.
fn setup() -> Option<&'static (Recogniser, Vec<Font>)> {
    static SETUP: OnceLock<Option<(Recogniser, Vec<Font>)>> = OnceLock::new();
    SETUP
        .get_or_init(|| {
            let fonts: Vec<Font> = FONTS
                .iter()
                .filter_map(|p| Font::open(Path::new(p), 0))
                .collect();
            match Recogniser::load(&models_dir()) {
                Ok(r) if fonts.len() == FONTS.len() => Some((r, fonts)),
                Ok(_) => {
                    skip_or_fail(&format!("a font is missing: {FONTS:?}"));
                    None
                }
                Err(e) => {
                    skip_or_fail(&e.to_string());
                    None
                }
            }
        })
        .as_ref()
}

fn without_spaces(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// How a crop is made: the print's size in pixels a em, and whether it is dim and noisy.
const CONDITIONS: [(f32, bool); 4] = [(32.0, false), (18.0, false), (14.0, false), (24.0, true)];

/// Each text in both fonts, large, small (a small crop is scaled up, as a far card's is) and in
/// poor light.
fn assert_reads(texts: &[&str], limited: bool) {
    let Some((recogniser, fonts)) = setup() else {
        return;
    };
    let mut wrong = Vec::new();
    for text in texts {
        for (f, font) in fonts.iter().enumerate() {
            for (px, dim) in CONDITIONS {
                let mut crop = font.render(text, px);
                if dim {
                    crop = render::dim_and_noisy(&crop, 25.0);
                }
                let reading = if limited {
                    recogniser.read_only(&crop, FIELD_CHARACTERS).unwrap()
                } else {
                    recogniser.read(&crop).unwrap()
                };
                let ok = without_spaces(reading.text()) == without_spaces(text);
                eprintln!(
                    "{text:?} font {f} {px} px dim {dim} -> {:?} (mean {:.3}, min {:.3})",
                    reading.text(),
                    reading.mean_confidence(),
                    reading.min_confidence()
                );
                // A limited alphabet keeps the model's own probability of the allowed character:
                // where the model preferred another one it reads right but unsure (seen: serif 令
                // in poor light, 0.24), which is what the confidence is for.
                if !ok || (!limited && reading.min_confidence() < 0.5) {
                    wrong.push(format!(
                        "{text:?} font {f} {px} px dim {dim}: {:?}",
                        reading.text()
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "misread: {wrong:#?}");
}

/// (Here, not among the recogniser's unit tests: loading a model links tract-onnx's operator
/// registry, ~10 MB, into whichever test executable calls it; docs/benchmarks.md.)
#[test]
fn a_missing_model_names_the_fetch_script() {
    let dir = tempfile::tempdir().unwrap();
    let e = Recogniser::load(dir.path()).unwrap_err();
    assert!(e.to_string().contains("fetch-ocr-models.sh"), "{e}");
}

#[test]
fn reads_birth_dates_in_the_era_form() {
    assert_reads(
        &[
            "昭和36年 8月 4日生",
            "平成12年11月30日生",
            "令和 5年 1月 2日生",
            "大正15年12月24日生",
        ],
        false,
    );
}

#[test]
fn reads_western_dates_expiry_years_and_security_codes() {
    assert_reads(
        &[
            "1961年8月4日",
            "1980年 2月17日生",
            "2034年",
            "2035年 2月17日まで有効",
            "4817",
            "0391",
        ],
        false,
    );
}

/// Seen 2026-12-04: with the whole alphabet, "令和 7年10月 9日生" in the serif font, dim and noisy,
/// reads 合和 (0.75 sure); the field alphabet reads it right (docs/card-front-ocr.md §4).
#[test]
fn a_field_alphabet_reads_what_the_whole_one_may_misread() {
    assert_reads(&["令和 7年10月 9日生", "2029年", "7260"], true);
}

#[test]
fn a_wrong_code_is_not_read_as_the_printed_one() {
    let Some((recogniser, fonts)) = setup() else {
        return;
    };
    // Guards against a test that passes whatever the model says: near-identical codes differ.
    let a = recogniser.read(&fonts[0].render("4817", 32.0)).unwrap();
    let b = recogniser.read(&fonts[0].render("4871", 32.0)).unwrap();
    assert_eq!((a.text(), b.text()), ("4817", "4871"));
}

#[test]
fn a_blank_crop_reads_nothing_sure() {
    let Some((recogniser, _)) = setup() else {
        return;
    };
    for grey in [240u8, 128, 20] {
        let blank = Picture::from_rgb(300, 40, vec![grey; 300 * 40 * 3]).unwrap();
        let reading = recogniser.read(&blank).unwrap();
        eprintln!("blank {grey} -> {:?} {reading:?}", reading.text());
        assert!(
            reading.text().trim().is_empty() || reading.mean_confidence() < 0.5,
            "blank {grey} read as {:?} ({reading:?})",
            reading.text()
        );
    }
}

/// Benchmark, not a check: `cargo test -p myna-face --test ocr -- --ignored --nocapture timing`.
/// Prints the model load time and the time per field crop (median of 21 runs).
#[test]
#[ignore = "a benchmark that prints figures, not a check: run it with --ignored (see the doc comment); issue 20's per-frame time is measured by `bash scripts/bench/card-front-ocr.sh`, not this"]
fn timing() {
    let Some((_, fonts)) = setup() else {
        return;
    };
    let before = resident_kib();
    let start = Instant::now();
    let recogniser = Recogniser::load(&models_dir()).unwrap();
    let load = start.elapsed();
    println!(
        "model load and plan: {load:.0?}, resident memory +{} MiB (a second recogniser: \
         the tests' own is loaded)",
        (resident_kib() - before) / 1024
    );
    for text in ["昭和36年 8月 4日生", "2035年 2月17日まで有効", "4817"] {
        let crop = fonts[0].render(text, 32.0);
        let mut times: Vec<_> = (0..21)
            .map(|_| {
                let t = Instant::now();
                recogniser.read(&crop).unwrap();
                t.elapsed()
            })
            .collect();
        times.sort();
        println!(
            "{text:?} {}×{} crop: median {:.1?}, min {:.1?}",
            crop.width(),
            crop.height(),
            times[10],
            times[0]
        );
    }
}

/// This process's resident memory (VmRSS), in KiB.
fn resident_kib() -> i64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}
