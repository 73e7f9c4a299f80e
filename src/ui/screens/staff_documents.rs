//! The staff desk's documents page: what the patient shows instead of a settled card visit, the
//! facts that document needs (entered with touch steppers), and the decision of the dated rule.

use eframe::egui::{self, Ui, Vec2};

use super::staff::{line, panel};
use crate::reception::desk::{DatePart, DocumentForm, StaffUi};
use crate::reception::documents::{Decision, DocumentKind, Fact};
use crate::reception::view::Language;
use crate::ui::i18n::{Arg, Tr};
use crate::ui::theme::{self, Kind};

/// A date as staff read it: `2026年11月26日` / `2026-11-26`.
fn date_text(tr: &Tr<'_>, date: time::Date) -> String {
    let (year, month, day) = (
        date.year().to_string(),
        u8::from(date.month()).to_string(),
        date.day().to_string(),
    );
    tr.with(
        "staff-doc-date",
        &[
            ("year", Arg::Str(&year)),
            ("month", Arg::Str(&month)),
            ("day", Arg::Str(&day)),
            ("mm", Arg::Str(&format!("{month:0>2}"))),
            ("dd", Arg::Str(&format!("{day:0>2}"))),
        ],
    )
}

/// Touch controls of the documents page: smaller than the patient's, so that the page, its
/// decision and the record button fit the 1280x800 screen without scrolling.
const DOC_CONTROL: f32 = 67.0;
const DOC_TEXT: f32 = 24.0;

pub(super) fn doc_button(ui: &mut Ui, text: &str, selected: bool, width: f32) -> egui::Response {
    let kind = if selected {
        Kind::Primary
    } else {
        Kind::Secondary
    };
    theme::sized_button(ui, text, kind, Vec2::new(width, DOC_CONTROL), DOC_TEXT)
}

/// The documents page: the document shown, the facts it needs, and what the rules allow today.
pub(super) fn documents(
    ui: &mut Ui,
    tr: &Tr<'_>,
    form: &DocumentForm,
    push: &mut impl FnMut(StaffUi),
) {
    let Some(visit) = form.visit_date else {
        line(ui, &tr.get("staff-loading"));
        return;
    };
    ui.horizontal(|ui| {
        // Five in one row across the screen.
        let gap = ui.spacing().item_spacing.x;
        // Kept clear of the scroll bar's strip at the right edge.
        let width = ((ui.available_width() - 12.0 - 4.0 * gap) / 5.0).floor();
        for kind in DocumentKind::ALL {
            let label = tr.get(&format!("staff-doc-kind-{}", kind.code()));
            let style = if form.kind == Some(kind) {
                Kind::Primary
            } else {
                Kind::Secondary
            };
            let size = Vec2::new(width, DOC_CONTROL);
            if theme::sized_button(ui, &label, style, size, theme::SMALL).clicked() {
                push(StaffUi::Document(kind));
            }
        }
    });
    let Some(kind) = form.kind else {
        ui.add_space(10.0);
        let date = date_text(tr, visit);
        line(
            ui,
            &tr.with("staff-doc-choose", &[("date", Arg::Str(&date))]),
        );
        return;
    };
    ui.add_space(10.0);
    for fact in kind.facts_asked() {
        match fact {
            Fact::CardPresent => card_present(ui, tr, form.facts.card_present, push),
            Fact::DocumentExpiry | Fact::OldCardValidUntil => {
                let (value, question) = match fact {
                    Fact::DocumentExpiry if kind == DocumentKind::QualificationInfoNotice => {
                        (form.facts.document_expiry, "staff-doc-fact-notice-expiry")
                    }
                    Fact::DocumentExpiry => (form.facts.document_expiry, "staff-doc-fact-expiry"),
                    _ => (
                        form.facts.old_card_valid_until,
                        "staff-doc-fact-old-card-until",
                    ),
                };
                date_stepper(ui, tr, *fact, &tr.get(question), value, push);
            }
        }
        ui.add_space(8.0);
    }
    if let Some(decision) = form.decision() {
        ui.add_space(2.0);
        let date = date_text(tr, visit);
        let basis = match form.basis() {
            // The staff screens are Japanese, or English when chosen (issue 7).
            Some(basis) => {
                let basis = match tr.language {
                    Language::English => basis.en,
                    _ => basis.ja,
                };
                tr.with(
                    "staff-doc-basis",
                    &[("date", Arg::Str(&date)), ("basis", Arg::Str(basis))],
                )
            }
            None => tr.with("staff-doc-no-basis", &[("date", Arg::Str(&date))]),
        };
        show_decision(ui, tr, decision, &basis, form.recorded, push);
    }
}

fn card_present(ui: &mut Ui, tr: &Tr<'_>, present: bool, push: &mut impl FnMut(StaffUi)) {
    ui.horizontal(|ui| {
        line(ui, &tr.get("staff-doc-fact-card"));
        ui.add_space(12.0);
        for (value, key) in [(true, "staff-doc-card-yes"), (false, "staff-doc-card-no")] {
            if doc_button(ui, &tr.get(key), present == value, 240.0).clicked() {
                push(StaffUi::CardPresent(value));
            }
        }
    });
}

/// A date entered with +/- buttons only (a touchscreen, no keyboard), or "none printed".
fn date_stepper(
    ui: &mut Ui,
    tr: &Tr<'_>,
    fact: Fact,
    question: &str,
    value: Option<time::Date>,
    push: &mut impl FnMut(StaffUi),
) {
    // The question beside its controls, wrapped in a narrow column, to keep the page short.
    let ask = |ui: &mut Ui| {
        ui.vertical(|ui| {
            ui.set_width(220.0);
            ui.add(
                egui::Label::new(
                    egui::RichText::new(question)
                        .size(theme::SMALL)
                        .color(theme::STAFF_TEXT),
                )
                .wrap(),
            );
        });
    };
    let Some(date) = value else {
        ui.horizontal(|ui| {
            ask(ui);
            doc_button(ui, &tr.get("staff-doc-date-none"), true, 240.0);
            if doc_button(ui, &tr.get("staff-doc-date-set"), false, 300.0).clicked() {
                push(StaffUi::SetDate(fact));
            }
        });
        return;
    };
    let key = Vec2::new(DOC_CONTROL - 7.0, DOC_CONTROL);
    ui.horizontal(|ui| {
        ask(ui);
        for (part, value, unit) in [
            (DatePart::Year, date.year().to_string(), "staff-doc-year"),
            (
                DatePart::Month,
                u8::from(date.month()).to_string(),
                "staff-doc-month",
            ),
            (DatePart::Day, date.day().to_string(), "staff-doc-day"),
        ] {
            if theme::sized_button(ui, "−", Kind::Secondary, key, theme::BUTTON_TEXT).clicked() {
                push(StaffUi::StepDate {
                    fact,
                    part,
                    up: false,
                });
            }
            ui.add_sized(
                Vec2::new(if part == DatePart::Year { 76.0 } else { 40.0 }, key.y),
                egui::Label::new(
                    egui::RichText::new(&value)
                        .size(theme::BUTTON_TEXT)
                        .color(theme::STAFF_TEXT),
                ),
            );
            if theme::sized_button(ui, "+", Kind::Secondary, key, theme::BUTTON_TEXT).clicked() {
                push(StaffUi::StepDate {
                    fact,
                    part,
                    up: true,
                });
            }
            theme::text(ui, &tr.get(unit), theme::SMALL, theme::STAFF_TEXT);
            ui.add_space(4.0);
        }
        if doc_button(ui, &tr.get("staff-doc-date-clear"), false, 200.0).clicked() {
            push(StaffUi::ClearDate(fact));
        }
    });
}

/// The decision in plain words, the next step, the dated rule it comes from, and (once there is
/// a decision to record) the record button beside them.
fn show_decision(
    ui: &mut Ui,
    tr: &Tr<'_>,
    decision: Decision,
    basis: &str,
    recorded: bool,
    push: &mut impl FnMut(StaffUi),
) {
    let (bg, fg) = match decision {
        Decision::Accept => (theme::colours().surface, theme::colours().ok),
        Decision::AcceptIfNumberQueryConfirms | Decision::NeedsFact(_) => {
            (theme::colours().warn_bg, theme::colours().warn_text)
        }
        Decision::StatementOfQualification => (theme::colours().surface, theme::colours().text),
        Decision::Refuse(_) => (theme::colours().danger_bg, theme::colours().danger_text),
    };
    let code = decision.code();
    let can_record = !matches!(decision, Decision::NeedsFact(_));
    panel(ui, bg, |ui| {
        ui.horizontal(|ui| {
            ui.vertical(|ui| {
                let button = if can_record { 300.0 } else { 0.0 };
                ui.set_width(ui.available_width() - button);
                let label = |ui: &mut Ui, text: String, size: f32, colour| {
                    ui.add(
                        egui::Label::new(egui::RichText::new(text).size(size).color(colour)).wrap(),
                    );
                };
                label(
                    ui,
                    tr.get(&format!("staff-doc-decision-{code}")),
                    theme::BODY,
                    fg,
                );
                let step = tr.get(&format!("staff-doc-step-{code}"));
                label(
                    ui,
                    tr.with("staff-next", &[("step", Arg::Str(&step))]),
                    theme::SMALL,
                    theme::colours().text,
                );
                label(ui, basis.to_owned(), theme::SMALL, theme::colours().muted);
            });
            if can_record {
                ui.vertical(|ui| {
                    if doc_button(ui, &tr.get("staff-doc-record"), true, 270.0).clicked() {
                        push(StaffUi::RecordDocument);
                    }
                    if recorded {
                        theme::text(ui, &tr.get("staff-doc-recorded"), theme::SMALL, fg);
                    }
                });
            }
        });
    });
}
