//! The result: who, which insurer, how much they pay, the ceiling category, warnings, and a
//! clear banner when the result is provisional (from the local cache).

use eframe::egui::{self, FontId, RichText, Stroke, Ui};

use super::consent::item_key;
use super::{centred_heading, column};
use crate::reception::view::{ConsentItem, Language, ResultView, ResultWarning, UiEvent};
use crate::ui::fonts;
use crate::ui::i18n::{Arg, Tr};
use crate::ui::theme::{self, Kind};

/// 適用区分 (OQSCD012, docs/domain/eligibility.md §2.3) → its message id and whether it is an
/// under-70 category (A01–A06) or a 70-and-over one (B01–B10). Unknown codes: `None`.
pub fn limit_category_key(code: &str) -> Option<(&'static str, bool)> {
    const KEYS: [(&str, &str); 16] = [
        ("A01", "limit-a01"),
        ("A02", "limit-a02"),
        ("A03", "limit-a03"),
        ("A04", "limit-a04"),
        ("A05", "limit-a05"),
        ("A06", "limit-a06"),
        ("B01", "limit-b01"),
        ("B02", "limit-b02"),
        ("B03", "limit-b03"),
        ("B04", "limit-b04"),
        ("B05", "limit-b05"),
        ("B06", "limit-b06"),
        ("B07", "limit-b07"),
        ("B08", "limit-b08"),
        ("B09", "limit-b09"),
        ("B10", "limit-b10"),
    ];
    KEYS.iter()
        .find(|(c, _)| *c == code)
        .map(|(c, key)| (*key, c.starts_with('A')))
}

/// "ア（70歳未満）", "Category a (under 70)"; an unknown code as it came.
fn limit_label(tr: &Tr<'_>, code: &str) -> String {
    match limit_category_key(code) {
        Some((key, under_70)) => {
            let label = tr.get(key);
            let id = if under_70 {
                "result-limit-under-70"
            } else {
                "result-limit-70-and-over"
            };
            tr.with(id, &[("label", Arg::Str(&label))])
        }
        None => code.to_owned(),
    }
}

/// "030" → 3割 / 30 %; anything that is not a number as it came.
fn ratio(tr: &Tr<'_>, code: &str) -> String {
    match code.trim().parse::<u16>() {
        Ok(percent) if percent <= 100 => {
            tr.with("result-ratio", &[("percent", Arg::Num(percent.into()))])
        }
        _ => code.to_owned(),
    }
}

fn consented(tr: &Tr<'_>, result: &ResultView) -> String {
    let items: Vec<String> = ConsentItem::ALL
        .iter()
        .filter(|item| item.get(&result.consent))
        .map(|item| tr.get(item_key(*item)))
        .collect();
    if items.is_empty() {
        tr.get("result-consent-none")
    } else {
        items.join(&tr.get("result-list-separator"))
    }
}

pub(super) fn show(ui: &mut Ui, tr: &Tr<'_>, result: &ResultView, out: &mut Vec<UiEvent>) {
    column(ui, 1120.0, |ui| {
        ui.spacing_mut().item_spacing.y = 12.0;
        if let Some(date) = &result.provisional_since {
            let text = tr.with("result-provisional", &[("date", Arg::Str(&tr.date(date)))]);
            theme::warning(ui, &text, 30.0);
        }
        centred_heading(
            ui,
            &tr.get("result-title"),
            theme::HEADING,
            theme::colours().ok,
        );
        let width = ui.available_width();
        if width >= 860.0 {
            // Wide: the facts on the left, warnings and "done" on the right.
            let gap = 24.0;
            let right = (width * 0.36).clamp(300.0, 400.0);
            let left = width - right - gap;
            ui.horizontal_top(|ui| {
                ui.spacing_mut().item_spacing.x = gap;
                ui.vertical(|ui| {
                    ui.set_width(left);
                    facts(ui, tr, result);
                });
                ui.vertical(|ui| {
                    ui.set_width(right);
                    warnings(ui, tr, result);
                    ui.add_space(8.0);
                    done(ui, tr, right, out);
                });
            });
        } else {
            facts(ui, tr, result);
            warnings(ui, tr, result);
            ui.vertical_centered(|ui| done(ui, tr, 420.0, out));
        }
    });
}

fn done(ui: &mut Ui, tr: &Tr<'_>, width: f32, out: &mut Vec<UiEvent>) {
    if theme::button(ui, &tr.get("result-done"), Kind::Primary, width).clicked() {
        out.push(UiEvent::Finish);
    }
}

/// The confirmed facts, as label / value rows in a white box.
fn facts(ui: &mut Ui, tr: &Tr<'_>, result: &ResultView) {
    // (label, value, whether the value is Japanese data from the card or the insurer: drawn
    // in the Japanese face whatever the patient's language, so a name keeps its shapes)
    let mut rows = vec![
        ("result-name", result.name.clone(), true),
        ("result-insurer", result.insurer_name.clone(), true),
        ("result-insurer-number", result.insurer_number.clone(), true),
        ("result-copay", ratio(tr, &result.copay_ratio), false),
    ];
    if let Some(elderly) = &result.elderly_ratio {
        rows.push(("result-elderly", ratio(tr, elderly), false));
    }
    if let Some(code) = &result.limit_category {
        rows.push(("result-limit", limit_label(tr, code), false));
    }
    rows.push(("result-consent", consented(tr, result), false));
    let data_family = {
        let family = fonts::family(Language::Japanese, true);
        let installed = ui
            .ctx()
            .fonts(|f| f.definitions().families.contains_key(&family));
        if installed { family } else { theme::bold(ui) }
    };
    egui::Frame::new()
        .fill(theme::colours().surface)
        .stroke(Stroke::new(2.0, theme::colours().border))
        .corner_radius(theme::RADIUS)
        .inner_margin(egui::Margin::symmetric(24, 16))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            let key_width = (ui.available_width() * 0.36).min(240.0);
            let value_width = ui.available_width() - key_width - 20.0;
            egui::Grid::new("result-grid")
                .num_columns(2)
                .spacing([20.0, 8.0])
                .min_col_width(key_width)
                .show(ui, |ui| {
                    for (key, value, data) in rows {
                        ui.scope(|ui| {
                            ui.set_max_width(key_width);
                            ui.add(
                                egui::Label::new(
                                    RichText::new(tr.get(key))
                                        .size(theme::SMALL + 2.0)
                                        .color(theme::colours().muted),
                                )
                                .wrap(),
                            );
                        });
                        ui.scope(|ui| {
                            ui.set_max_width(value_width);
                            ui.add(
                                egui::Label::new(
                                    RichText::new(value)
                                        .font(FontId::new(
                                            28.0,
                                            if data {
                                                data_family.clone()
                                            } else {
                                                theme::bold(ui)
                                            },
                                        ))
                                        .color(theme::colours().text),
                                )
                                .wrap(),
                            );
                        });
                        ui.end_row();
                    }
                });
        });
}

fn warnings(ui: &mut Ui, tr: &Tr<'_>, result: &ResultView) {
    for warning in &result.warnings {
        let text = match warning {
            ResultWarning::CertificateExpiring { not_after } => tr.with(
                "result-warning-expiring",
                &[("date", Arg::Str(&tr.date(not_after)))],
            ),
            ResultWarning::CertificateInGrace { not_after } => tr.with(
                "result-warning-grace",
                &[("date", Arg::Str(&tr.date(not_after)))],
            ),
            ResultWarning::Other(message) => message.clone(),
        };
        theme::warning(ui, &text, theme::SMALL + 2.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::i18n::I18n;

    #[test]
    fn every_ceiling_code_has_a_label() {
        let i18n = I18n::load().unwrap();
        let ja = Tr::new(&i18n, Language::Japanese);
        let en = Tr::new(&i18n, Language::English);
        assert_eq!(limit_label(&ja, "A01"), "ア（70歳未満）");
        assert_eq!(limit_label(&ja, "A06"), "オ（境）（70歳未満）");
        assert_eq!(limit_label(&ja, "B01"), "現役並みⅢ（70歳以上）");
        assert_eq!(limit_label(&ja, "B10"), "一般Ⅰ（70歳以上）");
        assert_eq!(limit_label(&en, "A01"), "Category a (under 70)");
        assert_eq!(limit_label(&en, "B04"), "General (70 and over)");
        assert_eq!(limit_label(&ja, "C99"), "C99");
        for code in (1..=6)
            .map(|n| format!("A{n:02}"))
            .chain((1..=10).map(|n| format!("B{n:02}")))
        {
            let (key, _) = limit_category_key(&code).unwrap();
            assert!(!ja.get(key).starts_with('⟦'), "{code}");
            assert!(!en.get(key).starts_with('⟦'), "{code}");
        }
    }

    #[test]
    fn copay_ratios() {
        let i18n = I18n::load().unwrap();
        let ja = Tr::new(&i18n, Language::Japanese);
        let en = Tr::new(&i18n, Language::English);
        assert_eq!(ratio(&ja, "030"), "3割");
        assert_eq!(ratio(&ja, "010"), "1割");
        assert_eq!(ratio(&en, "020"), "20 %");
        assert_eq!(ratio(&ja, "x"), "x");
        assert_eq!(ratio(&ja, "999"), "999");
    }
}
