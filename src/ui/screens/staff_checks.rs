//! The staff desk's two confirmation pages: the query by the insurance numbers on a document,
//! and 目視確認 (the card photo beside the person). Staff at the counter have a keyboard for the
//! numbers (a 記号 may hold kanji); 照合番号B has its own keypad.

use eframe::egui::{self, Ui, Vec2};

use super::code_b::{self, CodeKey, CodeTexts};
use super::staff::{line, panel};
use super::staff_documents::doc_button;
use crate::eligibility::protocol::ConfirmationResult;
use crate::reception::desk::{
    CardPhoto, NumberField, NumberForm, PhotoProblem, QueryProblem, StaffAnswer, StaffUi,
    VisualForm, VisualStep,
};
use crate::ui::i18n::{Arg, Tr};
use crate::ui::theme::{self, Kind};
use crate::wareki::era_year;

/// The number-query page: the form on the left, the answer on the right (one screen, no
/// scrolling at 1280x800).
pub fn numbers(ui: &mut Ui, tr: &Tr<'_>, form: &NumberForm, push: &mut impl FnMut(StaffUi)) {
    line(ui, &tr.get("staff-num-intro"));
    ui.add_space(8.0);
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(600.0);
            number_fields(ui, tr, form, push);
        });
        ui.add_space(16.0);
        ui.vertical(|ui| {
            ui.horizontal(|ui| {
                cell(ui, &tr.get("staff-num-limit"), theme::STAFF_TEXT);
                for (value, key) in [(true, "staff-num-limit-yes"), (false, "staff-num-limit-no")] {
                    if doc_button(ui, &tr.get(key), form.limit_consent == value, 170.0).clicked() {
                        push(StaffUi::LimitConsent(value));
                    }
                }
            });
            ui.add_space(8.0);
            if form.waiting {
                line(ui, &tr.get("staff-num-waiting"));
            } else if theme::button(ui, &tr.get("staff-num-send"), Kind::Primary, 360.0).clicked() {
                push(StaffUi::SendNumbers);
            }
            ui.add_space(8.0);
            if let Some(error) = &form.error {
                let text = if error.is_check_digit() {
                    tr.get("staff-num-check-digit")
                } else {
                    let field = tr.get(&format!("staff-num-{}", error.field));
                    let text = tr.with("staff-num-invalid", &[("field", Arg::Str(&field))]);
                    let hint = tr.get(&format!("staff-num-hint-{}", error.field));
                    format!("{text} {hint}")
                };
                theme::warning(ui, &text, theme::BODY);
            }
            if let Some(answer) = &form.answer {
                show_answer(ui, tr, answer);
            }
        });
    });
}

/// Small staff text on one line (a name beside its field).
fn cell(ui: &mut Ui, text: &str, colour: egui::Color32) -> egui::Response {
    ui.add(egui::Label::new(egui::RichText::new(text).size(theme::SMALL).color(colour)).extend())
}

/// One row a field: its name, the text box (its rule shown while empty), and for the birth date
/// the era year, to compare with a document that prints it in 和暦.
fn number_fields(ui: &mut Ui, tr: &Tr<'_>, form: &NumberForm, push: &mut impl FnMut(StaffUi)) {
    egui::Grid::new("staff-numbers")
        .spacing(Vec2::new(12.0, 8.0))
        .show(ui, |ui| {
            for field in NumberField::ALL {
                let name = field.query_field();
                let label = cell(ui, &tr.get(&format!("staff-num-{name}")), theme::STAFF_TEXT);
                let mut text = form.text(field).to_owned();
                let hint = tr.get(&format!("staff-num-hint-{name}"));
                let edit = egui::TextEdit::singleline(&mut text)
                    .font(egui::FontId::proportional(theme::BODY))
                    .hint_text(egui::RichText::new(hint).size(theme::SMALL))
                    .interactive(!form.waiting);
                let size = Vec2::new(340.0, theme::MIN_TARGET - 5.0);
                if ui.add_sized(size, edit).labelled_by(label.id).changed() {
                    push(StaffUi::NumberText(field, text));
                }
                if field == NumberField::BirthDate
                    && let Some((era, year)) = form.birth_date().and_then(era_year)
                {
                    let era = crate::wareki::year_text(era, year);
                    let text = tr.with("staff-num-birth-era", &[("era", Arg::Str(&era))]);
                    cell(ui, &text, theme::STAFF_ACCENT);
                }
                ui.end_row();
            }
        });
}

/// The 目視確認 page.
pub fn visual(ui: &mut Ui, tr: &Tr<'_>, form: &VisualForm, push: &mut impl FnMut(StaffUi)) {
    match &form.step {
        VisualStep::Code => code_entry(ui, tr, form, push),
        VisualStep::Reading => line(ui, &tr.get("staff-vis-reading")),
        VisualStep::Compare(photo) => compare(ui, tr, photo, push),
        VisualStep::Sending => line(ui, &tr.get("staff-vis-sending")),
        VisualStep::Done(answer) => {
            show_answer(ui, tr, answer);
            ui.add_space(8.0);
            again(ui, tr, push);
        }
        VisualStep::NotConfirmed => {
            theme::warning(ui, &tr.get("staff-vis-not-confirmed"), theme::BODY);
            ui.add_space(8.0);
            again(ui, tr, push);
        }
    }
}

fn again(ui: &mut Ui, tr: &Tr<'_>, push: &mut impl FnMut(StaffUi)) {
    if theme::button(ui, &tr.get("staff-vis-again"), Kind::Secondary, 360.0).clicked() {
        push(StaffUi::VisualAgain);
    }
}

/// 照合番号B on the shared pad, the read button beside it, and what the card said.
fn code_entry(ui: &mut Ui, tr: &Tr<'_>, form: &VisualForm, push: &mut impl FnMut(StaffUi)) {
    line(ui, &tr.get("staff-vis-intro"));
    ui.add_space(6.0);
    let texts = CodeTexts {
        era: tr.get("staff-vis-era"),
        eras: crate::wareki::Era::ALL.map(|e| e.kanji().to_owned()),
        first_year: tr.get("staff-vis-first-year"),
        // As the card prints it, for staff reading the card face: 平成元年1月8日.
        birth_read_back: form.code.birth_date().and_then(crate::wareki::date_text),
        groups: ["staff-vis-birth", "staff-vis-expiry", "staff-vis-security"].map(|k| tr.get(k)),
        backspace: tr.get("staff-backspace"),
        text: theme::STAFF_TEXT,
        accent: theme::STAFF_ACCENT,
        compact: true,
    };
    let mut read = false;
    let mut key = None;
    code_b::entry(
        ui,
        &texts,
        &form.code,
        &mut |k| key = Some(k),
        |_| {},
        |ui| {
            read = theme::button(ui, &tr.get("staff-vis-read"), Kind::Primary, 300.0).clicked();
            match form.problem {
                None => line(ui, &tr.get("staff-vis-counters")),
                Some(problem) => {
                    let text = match problem {
                        PhotoProblem::WrongCode { tries_left }
                        | PhotoProblem::TooFewTries { tries_left } => tr.with(
                            &format!("staff-vis-problem-{}", problem.code()),
                            &[("tries", Arg::Num(i64::from(tries_left)))],
                        ),
                        other => tr.get(&format!("staff-vis-problem-{}", other.code())),
                    };
                    theme::warning(ui, &text, theme::BODY);
                }
            }
        },
    );
    match key {
        Some(CodeKey::Era(era)) => push(StaffUi::VisualEra(era)),
        Some(CodeKey::Digit(d)) => push(StaffUi::VisualDigit(d)),
        Some(CodeKey::Backspace) => push(StaffUi::VisualBackspace),
        None => {}
    }
    if read {
        push(StaffUi::ReadCardFace);
    }
}

/// The card photo, large, beside the two answers.
fn compare(ui: &mut Ui, tr: &Tr<'_>, photo: &CardPhoto, push: &mut impl FnMut(StaffUi)) {
    ui.horizontal(|ui| {
        let image =
            egui::ColorImage::from_rgb([photo.width as usize, photo.height as usize], &photo.rgb);
        // Uploaded for this frame only: the handle (and the texture) is dropped after it.
        let texture =
            ui.ctx()
                .load_texture("staff-card-photo", image, egui::TextureOptions::LINEAR);
        let height = 440.0;
        let width = height * photo.width as f32 / photo.height.max(1) as f32;
        ui.add(egui::Image::new(&texture).fit_to_exact_size(Vec2::new(width, height)));
        ui.add_space(24.0);
        ui.vertical(|ui| {
            line(ui, &tr.get("staff-vis-compare"));
            ui.add_space(12.0);
            if theme::button(ui, &tr.get("staff-vis-same"), Kind::Primary, 480.0).clicked() {
                push(StaffUi::VisualVerdict(true));
            }
            ui.add_space(8.0);
            if theme::button(ui, &tr.get("staff-vis-different"), Kind::Danger, 480.0).clicked() {
                push(StaffUi::VisualVerdict(false));
            }
        });
    });
}

/// The answer to a staff query: the person and the eligibility, or why there is none.
fn show_answer(ui: &mut Ui, tr: &Tr<'_>, answer: &StaffAnswer) {
    let (result, note) = match answer {
        StaffAnswer::Answered { result, terminal } => {
            (result, terminal.then(|| tr.get("staff-ans-from-terminal")))
        }
        StaffAnswer::Cached { result, cached_on } => (
            result,
            Some(tr.with("staff-ans-cached", &[("date", Arg::Str(cached_on))])),
        ),
        StaffAnswer::Queued => {
            let text = tr.get("staff-ans-queued");
            theme::warning(ui, &text, theme::BODY);
            return;
        }
        StaffAnswer::Failed(problem) => {
            let text = match problem {
                QueryProblem::Refused(code) => {
                    let code = serde_json::to_value(code)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default();
                    tr.with("staff-ans-refused", &[("code", Arg::Str(&code))])
                }
                other => tr.get(&format!("staff-ans-{}", other.code())),
            };
            theme::banner(
                ui,
                &text,
                theme::colours().danger_bg,
                theme::colours().danger_text,
                theme::BODY,
            );
            return;
        }
    };
    let (bg, fg) = if result.is_confirmed() {
        (theme::colours().surface, theme::colours().ok)
    } else {
        (theme::colours().warn_bg, theme::colours().warn_text)
    };
    panel(ui, bg, |ui| {
        theme::text(ui, &validity_text(tr, result), theme::BODY, fg);
        if let Some(note) = note {
            theme::text(ui, &note, theme::SMALL, theme::colours().warn_text);
        }
        for person in &result.results {
            let numbers = person.numbers_line();
            let ratio = person.copay_wari();
            theme::text(
                ui,
                &format!("{}（{}）", person.name, person.name_kana),
                theme::BODY,
                theme::colours().text,
            );
            theme::text(
                ui,
                &tr.with(
                    "staff-ans-person",
                    &[
                        ("birth", Arg::Str(&person.birthdate)),
                        ("insurer", Arg::Str(&person.insurer_name)),
                        ("numbers", Arg::Str(&numbers)),
                        ("ratio", Arg::Str(&ratio)),
                    ],
                ),
                theme::SMALL,
                theme::colours().muted,
            );
            // The 限度額 category in words, never as its code (issue 18).
            if let Some(limit) = &person.limit_application_certificate_related_info {
                let code = &limit.limit_application_certificate_classification_flag;
                let label = super::limit_label(tr, code);
                theme::text(
                    ui,
                    &tr.with("staff-ans-limit", &[("label", Arg::Str(&label))]),
                    theme::SMALL,
                    theme::colours().text,
                );
            }
        }
    });
}

fn validity_text(tr: &Tr<'_>, result: &ConfirmationResult) -> String {
    if result.processing_result_status != "1" {
        return tr.get("staff-ans-error");
    }
    match result.qualification_validity.as_str() {
        "1" if result.results.len() == 1 => tr.get("staff-ans-valid"),
        code @ ("2" | "3" | "4" | "5") => tr.get(&format!("staff-qualification-{code}")),
        _ => tr.get("staff-qualification-other"),
    }
}
