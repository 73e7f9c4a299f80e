//! The touchscreen app (egui/eframe, glow renderer). It only renders a [`View`] and turns
//! touches and keys into [`UiEvent`]s: it never calls the card, the gateway or the database.
//!
//! - [`run_window`] opens the kiosk window; the caller's `start` gets a [`Repaint`] handle and
//!   returns the channels to its worker thread.
//! - [`KioskApp`] is the eframe app; [`show_view`] renders one [`View`] into any [`egui::Ui`]
//!   (that is what the `egui_kittest` tests drive, without a window).
//!
//! Rendering is reactive: a frame is drawn on input, or when the worker calls
//! [`Repaint::request`] after sending a new view; nothing animates while idle.

mod app;
pub mod audio;
mod focus;
pub mod fonts;
pub mod i18n;
mod screens;
pub mod theme;

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender};

pub use eframe::egui;

pub use app::{KioskApp, LARGE_TEXT_ZOOM, install};
pub use fonts::{FontOptions, LoadedFonts};
pub use i18n::I18n;
pub use screens::{
    RenderOptions, STAFF_DOOR, STAFF_HOLD_SECONDS, limit_category_key, limit_label, show_view,
};

use crate::config::UiConfig;
use crate::reception::view::{UiEvent, View};

/// Why the window could not run, or why part of it is degraded (fonts).
#[derive(Debug, thiserror::Error)]
pub enum UiError {
    #[error(
        "no {role} font found (searched {}); install fonts-noto-cjk fonts-noto-core or set it in [ui] of kiosk.toml",
        .searched.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    )]
    FontMissing {
        role: &'static str,
        searched: Vec<PathBuf>,
    },
    #[error("{role} font {}: {message}", .path.display())]
    FontInvalid {
        role: &'static str,
        path: PathBuf,
        message: String,
    },
    #[error("translations {file}: {message}")]
    Translations { file: String, message: String },
    #[error("cannot open the kiosk window: {0}")]
    Window(String),
    #[error("audio guidance: {0}")]
    Audio(String),
}

/// How to open the window (from `[ui]` in `kiosk.toml`).
#[derive(Debug, Clone, PartialEq)]
pub struct UiOptions {
    /// Full screen (the kiosk); `false` opens a `window_size` window (development).
    pub fullscreen: bool,
    /// Window size in points when not full screen.
    pub window_size: [f32; 2],
    pub fonts: FontOptions,
    /// Physical screen density. Set: one point is 1/96 inch, so an 80-point button is 21 mm
    /// high on any panel. Unset: the system's scale factor.
    pub screen_dpi: Option<f32>,
    /// Physical width of the visible screen area; with the pixel width this gives the density
    /// (used when `screen_dpi` is unset).
    pub screen_width_mm: Option<f32>,
    /// Languages offered on the idle screen.
    pub languages: crate::reception::view::Languages,
    /// Audio guidance files (`[ui] audio_dir`); `None`: guidance not offered.
    pub audio_dir: Option<PathBuf>,
}

impl Default for UiOptions {
    fn default() -> Self {
        UiOptions {
            fullscreen: true,
            window_size: [1280.0, 800.0],
            fonts: FontOptions::default(),
            screen_dpi: None,
            screen_width_mm: None,
            languages: Default::default(),
            audio_dir: None,
        }
    }
}

impl UiOptions {
    pub fn from_config(config: &UiConfig) -> Self {
        UiOptions {
            fullscreen: config.fullscreen,
            fonts: FontOptions {
                cjk_font: config.cjk_font.clone(),
                cjk_font_index: config.cjk_font_index,
                latin_font: config.latin_font.clone(),
            },
            screen_dpi: config.screen_dpi,
            screen_width_mm: config.screen_width_mm,
            languages: config.languages,
            audio_dir: config.audio.then(|| config.audio_dir.clone()),
            ..UiOptions::default()
        }
    }
}

/// Wakes the UI thread: the worker calls [`Repaint::request`] after sending a new [`View`].
/// Cheap to clone, `Send + Sync`.
#[derive(Clone, Debug, Default)]
pub struct Repaint(Option<egui::Context>);

impl Repaint {
    pub fn new(ctx: egui::Context) -> Self {
        Repaint(Some(ctx))
    }

    /// A handle that does nothing (headless runs and tests).
    pub fn none() -> Self {
        Repaint(None)
    }

    pub fn request(&self) {
        if let Some(ctx) = &self.0 {
            ctx.request_repaint();
        }
    }
}

/// Opens the kiosk window and runs it until it is closed. `start` runs once, on the UI thread,
/// when the window exists: it starts the worker and returns its channels (views in, events
/// out). Font problems do not stop the window (they are logged and shown to staff; see
/// [`fonts::load`]); check them first with [`fonts::load`] to report them elsewhere.
pub fn run_window(
    options: UiOptions,
    start: impl FnOnce(Repaint) -> (Receiver<View>, Sender<UiEvent>) + 'static,
) -> Result<(), UiError> {
    let i18n = I18n::load()?;
    let fonts = fonts::load(&options.fonts);
    let audio = options.audio_dir.as_deref().and_then(|dir| {
        audio::AudioGuide::open(dir)
            .inspect_err(|e| tracing::warn!("{e}: audio guidance is not offered"))
            .ok()
    });
    let viewport = egui::ViewportBuilder::default()
        .with_title("myna-kiosk")
        .with_app_id("myna-kiosk")
        .with_inner_size(options.window_size)
        .with_fullscreen(options.fullscreen)
        .with_decorations(!options.fullscreen);
    let native = eframe::NativeOptions {
        viewport,
        renderer: eframe::Renderer::Glow,
        centered: true,
        ..Default::default()
    };
    let scale = app::Scale {
        screen_dpi: options.screen_dpi,
        screen_width_mm: options.screen_width_mm,
    };
    eframe::run_native(
        "myna-kiosk",
        native,
        Box::new(move |cc| {
            let (views, events) = start(Repaint::new(cc.egui_ctx.clone()));
            let app = KioskApp::new(&cc.egui_ctx, views, events, i18n, fonts)
                .with_scale(scale)
                .with_languages(options.languages)
                .with_audio(audio);
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| UiError::Window(e.to_string()))
}
