//! One function per screen. [`show_view`] picks the screen, draws the frame every patient screen
//! shares (title, language or "call staff"), and the demo panel beside it.

mod consent;
mod demo;
mod identity;
mod idle;
mod notice;
mod result;

use eframe::egui::{self, Align, Layout, Margin, Rect, Ui, UiBuilder, Vec2};

pub use result::limit_category_key;

use super::i18n::{I18n, Tr};
use super::theme::{self, Kind};
use crate::reception::view::{Language, Screen, UiEvent, View};

/// What the app knows beyond the [`View`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderOptions {
    /// The Japanese font was found. Without it every screen is in English and the Japanese
    /// language button is hidden (boxes are worse than a foreign language).
    pub japanese_font: bool,
    /// The worker is gone: show "out of service, please see the staff" only.
    pub out_of_service: bool,
    /// Languages offered on the idle screen (`[ui] languages`).
    pub languages: crate::reception::view::Languages,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            japanese_font: true,
            out_of_service: false,
            languages: Default::default(),
        }
    }
}

/// The language the screen is drawn in: the patient's, unless its font is missing.
pub fn effective_language(language: Language, options: RenderOptions) -> Language {
    if language == Language::Japanese && !options.japanese_font {
        Language::English
    } else {
        language
    }
}

/// Renders `view` into `ui` and appends what the patient touched (or typed) to `out`.
pub fn show_view(
    ui: &mut Ui,
    view: &View,
    i18n: &I18n,
    options: RenderOptions,
    out: &mut Vec<UiEvent>,
) {
    let tr = Tr::new(i18n, effective_language(view.language, options));
    if let Some(panel) = &view.demo {
        egui::Panel::right("demo-panel")
            .exact_size(300.0)
            .resizable(false)
            .show_separator_line(false)
            .frame(
                egui::Frame::new()
                    .fill(theme::STAFF_BG)
                    .inner_margin(Margin::same(16)),
            )
            .show(ui, |ui| demo::show(ui, &tr, panel, out));
    }
    if !options.japanese_font {
        egui::Panel::bottom("font-note")
            .resizable(false)
            .show_separator_line(false)
            .frame(
                egui::Frame::new()
                    .fill(theme::STAFF_BG)
                    .inner_margin(Margin::symmetric(24, 8)),
            )
            .show(ui, |ui| {
                theme::text(ui, &tr.get("font-missing"), theme::SMALL, theme::STAFF_TEXT);
            });
    }
    egui::CentralPanel::default()
        .frame(
            egui::Frame::new()
                .fill(theme::BG)
                .inner_margin(Margin::symmetric(32, 20)),
        )
        .show(ui, |ui| {
            if options.out_of_service {
                top_bar(ui, &tr, false, false, options, out);
                notice::out_of_service(ui, &tr);
                return;
            }
            let idle = view.screen == Screen::Idle;
            // The last-try warning offers "call staff" as one of its answers.
            let staff_in_bar = !matches!(view.screen, Screen::LastTryWarning { .. });
            top_bar(ui, &tr, idle, staff_in_bar, options, out);
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| match &view.screen {
                    Screen::Idle => idle::idle(ui, &tr),
                    Screen::Working => idle::working(ui, &tr),
                    Screen::MethodChoice {
                        pin_available,
                        face_available,
                        tries_left,
                    } => identity::method_choice(
                        ui,
                        &tr,
                        *pin_available,
                        *face_available,
                        *tries_left,
                        out,
                    ),
                    Screen::PinEntry {
                        entered,
                        tries_left,
                    } => identity::pin_entry(ui, &tr, *entered, *tries_left, out),
                    Screen::LastTryWarning { face_available } => {
                        identity::last_try(ui, &tr, *face_available, out)
                    }
                    Screen::Consent {
                        individually,
                        selection,
                    } => consent::show(ui, &tr, *individually, selection, out),
                    Screen::Result(result) => result::show(ui, &tr, result, out),
                    Screen::Notice(notice) => notice::show(ui, &tr, *notice, out),
                });
        });
}

/// The bar at the top: the kiosk's name (or, on the idle screen, the language buttons) and
/// the "call staff" button.
fn top_bar(
    ui: &mut Ui,
    tr: &Tr<'_>,
    idle: bool,
    show_staff: bool,
    options: RenderOptions,
    out: &mut Vec<UiEvent>,
) {
    ui.horizontal(|ui| {
        ui.set_min_height(theme::BUTTON_HEIGHT);
        if idle {
            language_buttons(ui, tr, options, out);
        } else {
            theme::text(ui, &tr.get("app-title"), theme::BODY, theme::MUTED);
        }
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            if show_staff
                && theme::button(ui, &tr.get("call-staff"), Kind::Secondary, 280.0).clicked()
            {
                out.push(UiEvent::CallStaff);
            }
        });
    });
    ui.add_space(8.0);
}

fn language_buttons(ui: &mut Ui, tr: &Tr<'_>, options: RenderOptions, out: &mut Vec<UiEvent>) {
    theme::text(ui, &tr.get("language-label"), theme::BODY, theme::MUTED);
    for language in Language::ALL {
        if !options.languages.contains(language)
            || (language == Language::Japanese && !options.japanese_font)
        {
            continue;
        }
        let kind = if language == tr.language {
            Kind::Primary
        } else {
            Kind::Secondary
        };
        if theme::button(ui, language.native_name(), kind, 180.0).clicked() {
            out.push(UiEvent::SelectLanguage(language));
        }
    }
}

/// A column `width` points wide (or the available width), centred horizontally.
pub(super) fn column<R>(ui: &mut Ui, width: f32, add: impl FnOnce(&mut Ui) -> R) -> R {
    let avail = ui.available_rect_before_wrap();
    let width = width.min(avail.width());
    let rect = Rect::from_min_size(
        egui::pos2(avail.center().x - width / 2.0, avail.top()),
        Vec2::new(width, avail.height()),
    );
    let response = ui.scope_builder(
        UiBuilder::new()
            .max_rect(rect)
            .layout(Layout::top_down(Align::Min)),
        |ui| {
            ui.set_width(width);
            add(ui)
        },
    );
    response.inner
}

/// A heading and text centred in the column.
pub(super) fn centred_text(ui: &mut Ui, text: &str, size: f32, colour: egui::Color32) {
    ui.vertical_centered(|ui| {
        ui.add(
            egui::Label::new(egui::RichText::new(text).size(size).color(colour))
                .wrap()
                .halign(Align::Center),
        );
    });
}

/// A bold centred heading.
pub(super) fn centred_heading(ui: &mut Ui, text: &str, size: f32, colour: egui::Color32) {
    ui.vertical_centered(|ui| {
        ui.add(
            egui::Label::new(
                egui::RichText::new(text)
                    .font(egui::FontId::new(size, theme::bold()))
                    .color(colour),
            )
            .wrap()
            .halign(Align::Center),
        );
    });
}
