//! The eframe app: drains the worker's views, renders the latest, sends the touches back.

use std::sync::mpsc::{Receiver, Sender, TryRecvError};

use eframe::egui;

use super::fonts::LoadedFonts;
use super::i18n::I18n;
use super::screens::{self, RenderOptions};
use super::theme;
use crate::reception::view::{UiEvent, View};

/// Installs the kiosk fonts and style on a context (the app does it at start; tests do it on
/// their harness).
pub fn install(ctx: &egui::Context, fonts: &LoadedFonts) {
    ctx.set_fonts(fonts.definitions.clone());
    theme::apply(ctx);
}

/// How much larger everything is drawn in large-text mode (text and touch targets alike, so
/// nothing overlaps; screens scroll where they no longer fit).
pub const LARGE_TEXT_ZOOM: f32 = 1.25;

/// Physical density settings (`[ui] screen_dpi`, `screen_width_mm`).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Scale {
    pub screen_dpi: Option<f32>,
    pub screen_width_mm: Option<f32>,
}

impl Scale {
    /// The density in dots per inch, when configured (directly, or from the physical width and
    /// the monitor's width in pixels).
    fn dpi(&self, monitor_width_px: Option<f32>) -> Option<f32> {
        self.screen_dpi.or_else(|| {
            let mm = self.screen_width_mm?;
            Some(monitor_width_px? / (mm / 25.4))
        })
    }
}

/// The zoom factor that makes one point 1/96 inch on a `dpi` screen whose system scale factor
/// is `native_ppp`. Clamped to 0.5–4 so a typo cannot make the screen unusable.
pub(crate) fn zoom_for(dpi: f32, native_ppp: f32) -> f32 {
    if !(dpi.is_finite() && dpi > 0.0 && native_ppp.is_finite() && native_ppp > 0.0) {
        return 1.0;
    }
    (dpi / 96.0 / native_ppp).clamp(0.5, 4.0)
}

/// The kiosk app. Holds only the latest [`View`]: no card data beyond what it shows.
pub struct KioskApp {
    views: Receiver<View>,
    events: Sender<UiEvent>,
    view: View,
    i18n: I18n,
    options: RenderOptions,
    scale: Scale,
    scaled: bool,
    /// The zoom that gives the configured physical size (1 without one).
    base_zoom: f32,
    /// Audio guidance, where the kiosk has its files and a sound device.
    audio: Option<super::audio::AudioGuide>,
    /// The first frame is logged with the time since start (cold-start figure).
    first_frame_logged: bool,
    /// Takes the keyboard focus at start, when shown again and when a visit begins.
    focus: super::focus::FocusKeeper,
}

impl KioskApp {
    /// `fonts` are installed on `ctx`; a missing Japanese font is logged (by [`super::fonts::load`])
    /// and the screens show English with a staff note.
    pub fn new(
        ctx: &egui::Context,
        views: Receiver<View>,
        events: Sender<UiEvent>,
        i18n: I18n,
        fonts: LoadedFonts,
    ) -> Self {
        install(ctx, &fonts);
        let options = RenderOptions {
            fonts: fonts.languages,
            ..RenderOptions::default()
        };
        KioskApp {
            views,
            events,
            view: View::default(),
            i18n,
            options,
            scale: Scale::default(),
            scaled: true,
            base_zoom: 1.0,
            audio: None,
            first_frame_logged: false,
            focus: super::focus::FocusKeeper::default(),
        }
    }

    /// Offers only these languages on the idle screen. A configured language whose font is
    /// missing is logged here (and shown to staff under the screen) and not offered.
    pub fn with_languages(mut self, languages: crate::reception::view::Languages) -> Self {
        self.options.languages = languages;
        for language in languages.iter() {
            if !self.options.fonts.contains(language) {
                tracing::error!(
                    language = language.tag(),
                    "configured language hidden: its font is missing"
                );
            }
        }
        self
    }

    /// Offers audio guidance (idle screen button, `+` key) and speaks each step while it is on.
    pub fn with_audio(mut self, audio: Option<super::audio::AudioGuide>) -> Self {
        self.options.audio = audio.is_some();
        self.audio = audio;
        self
    }

    pub(crate) fn with_scale(mut self, scale: Scale) -> Self {
        self.scaled = scale == Scale::default();
        self.scale = scale;
        self
    }

    /// The view on screen now.
    pub fn view(&self) -> &View {
        &self.view
    }

    /// Takes every view the worker sent since the last frame and keeps the latest.
    pub fn receive(&mut self) {
        loop {
            match self.views.try_recv() {
                Ok(view) => {
                    // The step's name only (never what it shows): operators and the focus
                    // check (scripts/check-focus.sh) follow the visit in the log.
                    let step = super::audio::Cue::of(&view.screen).name();
                    if view.staff.is_none()
                        && step != super::audio::Cue::of(&self.view.screen).name()
                    {
                        tracing::info!(step, "screen");
                    }
                    self.view = view
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    if !self.options.out_of_service {
                        tracing::error!("the reception worker stopped: kiosk out of service");
                    }
                    self.options.out_of_service = true;
                    break;
                }
            }
        }
    }

    /// Sets the zoom: the physical scale (once the density is known), times
    /// [`LARGE_TEXT_ZOOM`] while the patient wants large text.
    fn apply_scale(&mut self, ctx: &egui::Context) {
        if !self.scaled {
            self.resolve_scale(ctx);
        }
        let large = self.view.staff.is_none() && self.view.assist.large_text;
        let want = self.base_zoom * if large { LARGE_TEXT_ZOOM } else { 1.0 };
        if (ctx.zoom_factor() - want).abs() > 0.001 {
            ctx.set_zoom_factor(want);
        }
    }

    fn resolve_scale(&mut self, ctx: &egui::Context) {
        let Some(native) = ctx.native_pixels_per_point() else {
            return;
        };
        let monitor_px = ctx
            .input(|i| i.viewport().monitor_size)
            .map(|size| size.x * native);
        if let Some(dpi) = self.scale.dpi(monitor_px) {
            let zoom = zoom_for(dpi, native);
            tracing::info!(dpi, zoom, "touch scale");
            self.base_zoom = zoom;
            self.scaled = true;
        } else if self.scale.screen_dpi.is_none() && monitor_px.is_none() {
            // Monitor size not known yet: try again next frame.
        } else {
            self.scaled = true;
        }
    }

    /// Renders the current view and sends what was touched.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let mut out = Vec::new();
        screens::show_view(ui, &self.view, &self.i18n, self.options, &mut out);
        for event in out {
            if self.events.send(event).is_err() {
                self.options.out_of_service = true;
            }
        }
    }
}

impl eframe::App for KioskApp {
    fn logic(&mut self, ctx: &egui::Context, frame: &mut eframe::Frame) {
        self.receive();
        self.apply_scale(ctx);
        let idle =
            self.view.staff.is_none() && self.view.screen == crate::reception::view::Screen::Idle;
        self.focus.follow(ctx, frame, idle);
        if let Some(audio) = &mut self.audio {
            audio.follow(&self.view);
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
        if !self.first_frame_logged {
            self.first_frame_logged = true;
            tracing::info!(
                since_start_ms = crate::logging::since_start().as_millis() as u64,
                "first frame"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_makes_a_point_one_96th_inch() {
        assert_eq!(zoom_for(96.0, 1.0), 1.0);
        assert_eq!(zoom_for(192.0, 1.0), 2.0);
        assert_eq!(zoom_for(192.0, 2.0), 1.0);
        assert_eq!(zoom_for(10_000.0, 1.0), 4.0);
        assert_eq!(zoom_for(0.0, 1.0), 1.0);
        assert_eq!(zoom_for(f32::NAN, 1.0), 1.0);
    }

    #[test]
    fn dpi_from_physical_width() {
        let scale = Scale {
            screen_dpi: None,
            screen_width_mm: Some(338.7),
        };
        // A 15.6" 1920-pixel-wide panel is about 144 dpi.
        let dpi = scale.dpi(Some(1920.0)).unwrap();
        assert!((dpi - 144.0).abs() < 0.5, "{dpi}");
        assert_eq!(scale.dpi(None), None);
        let fixed = Scale {
            screen_dpi: Some(120.0),
            screen_width_mm: Some(338.7),
        };
        assert_eq!(fixed.dpi(Some(1920.0)), Some(120.0));
    }
}
