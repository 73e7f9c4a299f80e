//! myna-synth: the synthetic card fronts and their photographs are what they claim to be, and
//! the card-front recogniser reads the renderer's fields from the layout's bands. The fonts
//! (fonts-noto-cjk) and the OCR model (scripts/fetch-ocr-models.sh) are needed: locally a test
//! without them skips with a loud message; with CI=true it fails.

#![allow(clippy::unwrap_used)] // test helpers as well as tests may unwrap: a failure is the test failing

mod card;
mod geometry;
mod ocr;
mod render;
mod shoot;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use myna_synth::card_front::Renderer;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn skip_or_fail(why: &str) {
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("myna-synth test prerequisites missing in CI: {why}");
    }
    // Straight to stderr: the test harness captures eprintln!, and this must be seen.
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!("\n!!! SKIPPING myna-synth test: {why}\n!!! run: bash scripts/install-deps.sh\n\n")
            .as_bytes(),
    );
}

/// The renderer (fonts and face photos), or None (locally) when a font is missing.
fn renderer() -> Option<&'static Renderer> {
    static RENDERER: OnceLock<Option<Renderer>> = OnceLock::new();
    RENDERER
        .get_or_init(
            || match Renderer::load(&repo_root().join("fixtures/faces")) {
                Ok(r) => Some(r),
                Err(e) => {
                    skip_or_fail(&e.to_string());
                    None
                }
            },
        )
        .as_ref()
}
