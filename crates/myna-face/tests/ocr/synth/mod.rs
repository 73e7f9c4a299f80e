//! myna-synth, the synthetic card fronts and photographs the OCR is measured on: they are what
//! they claim to be, and the recogniser reads the renderer's fields from the layout's bands.
//! Here rather than in myna-synth's own tests, so that tract is linked into one test executable
//! for both crates, and myna-synth's program is not built for tests (docs/benchmarks.md).

mod card;
mod geometry;
mod ocr;
mod render;
mod shoot;

use std::sync::OnceLock;

use myna_synth::card_front::Renderer;

use super::{models_dir, repo_root, skip_or_fail};

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
