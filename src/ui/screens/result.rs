//! The result: "done", what the patient must act on (warnings, a provisional answer), and
//! "please take your card". Who the person is and what they pay stay with staff.

use eframe::egui::Ui;

use super::{centred_heading, column};
use crate::reception::view::{ResultView, ResultWarning};
use crate::ui::i18n::{Arg, Tr};
use crate::ui::theme;

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

/// "ア（70歳未満）", "Category a (under 70)": the category in words, for staff (the
/// patient's screen never shows it); an unknown code says that it is one.
pub fn limit_label(tr: &Tr<'_>, code: &str) -> String {
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
        None => tr.with("staff-limit-unknown", &[("code", Arg::Str(code))]),
    }
}

/// "Done", what the patient must act on (a certificate to renew, a provisional answer), and
/// "please take your card". Nothing about the person: no name, insurer, number, copay or
/// 限度額 category (issue 18).
pub(super) fn show(ui: &mut Ui, tr: &Tr<'_>, result: &ResultView) {
    column(ui, 1000.0, |ui| {
        ui.spacing_mut().item_spacing.y = 12.0;
        centred_heading(
            ui,
            &tr.get("result-title"),
            theme::HEADING,
            theme::colours().ok,
        );
        if let Some(date) = &result.provisional_since {
            let text = tr.with("result-provisional", &[("date", Arg::Str(&tr.date(date)))]);
            theme::warning(ui, &text, 30.0);
        }
        warnings(ui, tr, result);
        ui.add_space(4.0);
        super::take_card::take(ui, tr, result.phone, 0.7);
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
        theme::warning(ui, &text, 28.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reception::view::Language;
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
        assert_eq!(limit_label(&ja, "C99"), "不明な区分（コードC99）");
        for code in (1..=6)
            .map(|n| format!("A{n:02}"))
            .chain((1..=10).map(|n| format!("B{n:02}")))
        {
            let (key, _) = limit_category_key(&code).unwrap();
            assert!(!ja.get(key).starts_with('⟦'), "{code}");
            assert!(!en.get(key).starts_with('⟦'), "{code}");
        }
    }
}
