//! Screen texts through Fluent: one `.ftl` file per language under `assets/i18n/<tag>/`,
//! embedded in the binary so the kiosk works from any directory. Japanese is the reference:
//! a test fails when another language misses one of its keys or placeholders.

use std::borrow::Cow;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::reception::view::Language;

use super::UiError;

/// The staff screens' texts: Japanese, and English (issue 7: staff screens stay Japanese with
/// English available). Added to those two languages' bundles.
pub fn staff_source(language: Language) -> Option<&'static str> {
    match language {
        Language::Japanese => Some(include_str!("../../assets/i18n/ja/staff.ftl")),
        Language::English => Some(include_str!("../../assets/i18n/en/staff.ftl")),
        _ => None,
    }
}

/// The embedded translation files, by language.
pub fn source(language: Language) -> &'static str {
    match language {
        Language::Japanese => include_str!("../../assets/i18n/ja/main.ftl"),
        Language::EasyJapanese => include_str!("../../assets/i18n/ja-x-easy/main.ftl"),
        Language::English => include_str!("../../assets/i18n/en/main.ftl"),
        Language::ChineseSimplified => include_str!("../../assets/i18n/zh-Hans/main.ftl"),
        Language::ChineseTraditional => include_str!("../../assets/i18n/zh-Hant/main.ftl"),
        Language::Korean => include_str!("../../assets/i18n/ko/main.ftl"),
        Language::Vietnamese => include_str!("../../assets/i18n/vi/main.ftl"),
        Language::Portuguese => include_str!("../../assets/i18n/pt-BR/main.ftl"),
        Language::Spanish => include_str!("../../assets/i18n/es/main.ftl"),
        Language::Tagalog => include_str!("../../assets/i18n/tl/main.ftl"),
        Language::Indonesian => include_str!("../../assets/i18n/id/main.ftl"),
        Language::Nepali => include_str!("../../assets/i18n/ne/main.ftl"),
        Language::Thai => include_str!("../../assets/i18n/th/main.ftl"),
    }
}

/// The locale whose plural rules Fluent uses: the tag without a private-use part
/// (`ja-x-easy` counts like `ja`).
fn plural_locale(language: Language) -> &'static str {
    let tag = language.tag();
    tag.split_once("-x-").map_or(tag, |(base, _)| base)
}

/// All languages' messages. `Send + Sync`, cheap to look up every frame.
pub struct I18n {
    bundles: Vec<(Language, FluentBundle<FluentResource>)>,
}

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let languages: Vec<_> = self.bundles.iter().map(|(l, _)| l.tag()).collect();
        f.debug_struct("I18n")
            .field("languages", &languages)
            .finish()
    }
}

impl I18n {
    /// Parses the embedded files. An error names the file and the first problem.
    pub fn load() -> Result<Self, UiError> {
        let mut bundles = Vec::new();
        for language in Language::ALL {
            let mut text = source(language).to_owned();
            if let Some(staff) = staff_source(language) {
                text.push('\n');
                text.push_str(staff);
            }
            bundles.push((language, bundle(language, &text)?));
        }
        Ok(I18n { bundles })
    }

    fn bundle(&self, language: Language) -> Option<&FluentBundle<FluentResource>> {
        self.bundles
            .iter()
            .find(|(l, _)| *l == language)
            .or_else(|| self.bundles.first())
            .map(|(_, b)| b)
    }

    /// The message `id` in `language`, with `args`. A missing message shows as `⟦id⟧` (and is
    /// logged), so a gap is visible in tests instead of an empty button.
    pub fn format(&self, language: Language, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        let Some(bundle) = self.bundle(language) else {
            return format!("⟦{id}⟧");
        };
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            tracing::warn!(id, language = language.tag(), "missing translation");
            return format!("⟦{id}⟧");
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::warn!(id, language = language.tag(), ?errors, "translation error");
        }
        text.into_owned()
    }
}

fn bundle(language: Language, text: &str) -> Result<FluentBundle<FluentResource>, UiError> {
    let file = format!("assets/i18n/{}/main.ftl", language.tag());
    let resource =
        FluentResource::try_new(text.to_owned()).map_err(|(_, errors)| UiError::Translations {
            file: file.clone(),
            message: errors.first().map(|e| format!("{e:?}")).unwrap_or_default(),
        })?;
    let langid =
        plural_locale(language)
            .parse()
            .map_err(
                |e: unic_langid::LanguageIdentifierError| UiError::Translations {
                    file: file.clone(),
                    message: e.to_string(),
                },
            )?;
    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
    // No Unicode isolation marks around placeables: egui has no bidi, they would show as boxes.
    bundle.set_use_isolating(false);
    bundle
        .add_resource(resource)
        .map_err(|errors| UiError::Translations {
            file,
            message: errors.first().map(|e| e.to_string()).unwrap_or_default(),
        })?;
    Ok(bundle)
}

/// Texts in one language, for one frame: what the screens use.
#[derive(Clone, Copy)]
pub struct Tr<'a> {
    i18n: &'a I18n,
    pub language: Language,
}

impl<'a> Tr<'a> {
    pub fn new(i18n: &'a I18n, language: Language) -> Self {
        Tr { i18n, language }
    }

    /// The message `id`.
    pub fn get(&self, id: &str) -> String {
        self.i18n.format(self.language, id, None)
    }

    /// The message `id` with named arguments (numbers or strings).
    pub fn with(&self, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        let mut fluent = FluentArgs::new();
        for (name, value) in args {
            let value = match value {
                Arg::Num(n) => FluentValue::from(*n),
                Arg::Str(s) => FluentValue::String(Cow::Owned((*s).to_owned())),
            };
            fluent.set(*name, value);
        }
        self.i18n.format(self.language, id, Some(&fluent))
    }

    /// A `YYYY-MM-DD` date in this language (`2027年3月31日`, `31 March 2027`); anything else as
    /// it came.
    pub fn date(&self, ymd: &str) -> String {
        let mut parts = ymd.splitn(3, '-');
        let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
            return ymd.to_owned();
        };
        match (m.parse::<u8>(), d.parse::<u8>()) {
            (Ok(m @ 1..=12), Ok(d @ 1..=31)) if y.len() == 4 && y.parse::<u16>().is_ok() => self
                .with(
                    "date",
                    &[
                        ("year", Arg::Str(y)),
                        ("month", Arg::Num(m.into())),
                        ("day", Arg::Num(d.into())),
                    ],
                ),
            _ => ymd.to_owned(),
        }
    }
}

/// A Fluent argument.
#[derive(Debug, Clone, Copy)]
pub enum Arg<'s> {
    Num(i64),
    Str(&'s str),
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use fluent_syntax::ast;

    use super::*;

    /// Message id → the variables it uses (in the value and in any attribute).
    fn messages(text: &str) -> BTreeMap<String, BTreeSet<String>> {
        let resource = fluent_syntax::parser::parse(text).expect("parses");
        let mut out = BTreeMap::new();
        for entry in resource.body {
            if let ast::Entry::Message(message) = entry {
                let mut vars = BTreeSet::new();
                if let Some(value) = &message.value {
                    pattern_vars(value, &mut vars);
                }
                for attribute in &message.attributes {
                    pattern_vars(&attribute.value, &mut vars);
                }
                out.insert(message.id.name.to_owned(), vars);
            }
        }
        out
    }

    fn pattern_vars(pattern: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
        for element in &pattern.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                expression_vars(expression, vars);
            }
        }
    }

    fn expression_vars(expression: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
        match expression {
            ast::Expression::Select { selector, variants } => {
                inline_vars(selector, vars);
                for variant in variants {
                    pattern_vars(&variant.value, vars);
                }
            }
            ast::Expression::Inline(inline) => inline_vars(inline, vars),
        }
    }

    fn inline_vars(inline: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
        match inline {
            ast::InlineExpression::VariableReference { id } => {
                vars.insert(id.name.to_owned());
            }
            ast::InlineExpression::Placeable { expression } => expression_vars(expression, vars),
            _ => {}
        }
    }

    #[test]
    fn every_language_has_every_japanese_key_and_placeholder() {
        let reference = messages(source(Language::Japanese));
        assert!(reference.len() > 50, "ja/main.ftl looks truncated");
        for language in Language::ALL {
            let other = messages(source(language));
            let mut problems = Vec::new();
            for (id, vars) in &reference {
                match other.get(id) {
                    None => problems.push(format!("missing key {id}")),
                    Some(other_vars) => {
                        for var in vars.difference(other_vars) {
                            problems.push(format!("{id}: missing placeholder ${var}"));
                        }
                    }
                }
            }
            for id in other.keys().filter(|id| !reference.contains_key(*id)) {
                problems.push(format!("{id}: not in ja/main.ftl"));
            }
            assert!(problems.is_empty(), "{}: {problems:#?}", language.tag());
        }
    }

    #[test]
    fn files_parse_without_errors() {
        for language in Language::ALL {
            if let Err((_, errors)) = FluentResource::try_new(source(language).to_owned()) {
                panic!("{}: {errors:?}", language.tag());
            }
        }
        I18n::load().expect("bundles build");
    }

    #[test]
    fn arguments_and_dates() {
        let i18n = I18n::load().unwrap();
        let ja = Tr::new(&i18n, Language::Japanese);
        let en = Tr::new(&i18n, Language::English);
        assert_eq!(
            ja.with("method-tries-left", &[("tries", Arg::Num(3))]),
            "残り3回"
        );
        assert_eq!(
            en.with("method-tries-left", &[("tries", Arg::Num(1))]),
            "1 try left"
        );
        assert_eq!(
            en.with("method-tries-left", &[("tries", Arg::Num(2))]),
            "2 tries left"
        );
        assert_eq!(ja.date("2027-03-31"), "2027年3月31日");
        assert_eq!(en.date("2027-03-31"), "31 March 2027");
        assert_eq!(en.date("2027-3"), "2027-3");
        assert_eq!(ja.date("garbage"), "garbage");
        assert_eq!(ja.get("no-such-key"), "⟦no-such-key⟧");
        // No bidi isolation marks (egui would draw them as boxes).
        assert!(!en.date("2027-03-31").contains('\u{2068}'));
    }

    #[test]
    fn english_has_no_japanese_script() {
        // English must stay readable when the Japanese font is missing.
        for (line_no, line) in source(Language::English).lines().enumerate() {
            if line.trim_start().starts_with('#') {
                continue;
            }
            let bad = line
                .chars()
                .find(|c| matches!(*c as u32, 0x3000..=0x30FF | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF));
            assert!(bad.is_none(), "en/main.ftl:{}: {line}", line_no + 1);
        }
    }

    /// The message values (no comments, no keys) of a file, one string per message.
    fn values(language: Language) -> Vec<(String, String)> {
        let i18n = I18n::load().unwrap();
        let tr = Tr::new(&i18n, language);
        messages(source(language))
            .into_iter()
            .filter(|(id, _)| !id.starts_with("demo-") && !id.starts_with("font-missing"))
            .map(|(id, _)| {
                let args = [
                    ("tries", Arg::Num(2)),
                    ("percent", Arg::Num(30)),
                    ("label", Arg::Str("X")),
                    ("date", Arg::Str("D")),
                    ("year", Arg::Str("2027")),
                    ("month", Arg::Num(3)),
                    ("day", Arg::Num(31)),
                    ("languages", Arg::Str("th")),
                ];
                let text = tr.with(&id, &args);
                (id, text)
            })
            .collect()
    }

    fn in_range(c: char, ranges: &[(u32, u32)]) -> bool {
        ranges
            .iter()
            .any(|(lo, hi)| (*lo..=*hi).contains(&(c as u32)))
    }

    type Ranges = &'static [(u32, u32)];
    const THAI: Ranges = &[(0x0E00, 0x0E7F)];
    const DEVANAGARI: &[(u32, u32)] = &[(0x0900, 0x097F)];
    const HANGUL: &[(u32, u32)] = &[(0xAC00, 0xD7AF), (0x1100, 0x11FF)];
    const KANA_HAN: &[(u32, u32)] = &[(0x3040, 0x30FF), (0x4E00, 0x9FFF)];
    const HAN: &[(u32, u32)] = &[(0x4E00, 0x9FFF)];
    /// Simplified forms and their traditional counterparts (same order).
    const SIMPLIFIED: &str = "这语认请证书还码输删选择显储险继续机员";
    const TRADITIONAL: &str = "這語認請證書還碼輸刪選擇顯儲險繼續機員";

    #[test]
    fn every_language_is_written_in_its_script() {
        for language in Language::ALL {
            let tag = language.tag();
            let texts = values(language);
            let (own, foreign): (Ranges, Vec<Ranges>) = match language {
                Language::Thai => (THAI, vec![DEVANAGARI, HANGUL]),
                Language::Nepali => (DEVANAGARI, vec![THAI, HANGUL]),
                Language::Korean => (HANGUL, vec![THAI, DEVANAGARI]),
                Language::Japanese | Language::EasyJapanese => {
                    (KANA_HAN, vec![THAI, DEVANAGARI, HANGUL])
                }
                Language::ChineseSimplified | Language::ChineseTraditional => {
                    (HAN, vec![THAI, DEVANAGARI, HANGUL])
                }
                _ => (
                    &[(0x41, 0x5A), (0x61, 0x7A)],
                    vec![THAI, DEVANAGARI, HANGUL],
                ),
            };
            // Most messages are in the language's script (a few are codes such as "a" or "OK").
            let written = texts
                .iter()
                .filter(|(_, t)| t.chars().any(|c| in_range(c, own)))
                .count();
            assert!(
                written * 10 >= texts.len() * 8,
                "{tag}: only {written} of {} messages in its script",
                texts.len()
            );
            for (id, text) in &texts {
                let bad = text
                    .chars()
                    .find(|c| foreign.iter().any(|r| in_range(*c, r)));
                assert!(bad.is_none(), "{tag} {id}: foreign script in {text:?}");
            }
        }
        // Chinese: each file in its own character set.
        let chars = |language| -> String { values(language).into_iter().map(|(_, t)| t).collect() };
        let (hans, hant) = (
            chars(Language::ChineseSimplified),
            chars(Language::ChineseTraditional),
        );
        for (s, t) in SIMPLIFIED.chars().zip(TRADITIONAL.chars()) {
            assert!(!hant.contains(s), "zh-Hant uses the simplified {s}");
            assert!(!hans.contains(t), "zh-Hans uses the traditional {t}");
        }
        assert!(SIMPLIFIED.chars().filter(|c| hans.contains(*c)).count() > 8);
        assert!(TRADITIONAL.chars().filter(|c| hant.contains(*c)).count() > 8);
        // Easy Japanese is Japanese, but not the same text.
        assert_ne!(values(Language::EasyJapanese), values(Language::Japanese));
        // Latin-script languages use their letters.
        let vi = chars(Language::Vietnamese);
        assert!(
            vi.contains('ẻ') || vi.contains('ấ') || vi.contains('ộ'),
            "vi diacritics"
        );
        assert!(chars(Language::Portuguese).contains('ç'));
        assert!(chars(Language::Spanish).contains('¿'));
    }

    #[test]
    fn plurals_numbers_and_dates_by_language() {
        let i18n = I18n::load().unwrap();
        let tries = |language, n| {
            Tr::new(&i18n, language).with("pin-tries-left", &[("tries", Arg::Num(n))])
        };
        assert_eq!(tries(Language::Spanish, 1), "Le queda 1 intento.");
        assert_eq!(tries(Language::Spanish, 2), "Le quedan 2 intentos.");
        assert_eq!(tries(Language::Portuguese, 1), "Você tem 1 tentativa.");
        assert_eq!(tries(Language::Portuguese, 3), "Você tem 3 tentativas.");
        assert_eq!(tries(Language::Korean, 2), "앞으로 2회 입력할 수 있습니다.");
        assert_eq!(tries(Language::Thai, 1), "ท่านใส่รหัสได้อีก 1 ครั้ง");
        let date = |language| Tr::new(&i18n, language).date("2027-03-31");
        assert_eq!(date(Language::EasyJapanese), "2027年3月31日");
        assert_eq!(date(Language::ChineseSimplified), "2027年3月31日");
        assert_eq!(date(Language::Korean), "2027년 3월 31일");
        assert_eq!(date(Language::Vietnamese), "ngày 31 tháng 3 năm 2027");
        assert_eq!(date(Language::Portuguese), "31 de março de 2027");
        assert_eq!(date(Language::Spanish), "31 de marzo de 2027");
        assert_eq!(date(Language::Tagalog), "Marso 31, 2027");
        assert_eq!(date(Language::Indonesian), "31 Maret 2027");
        assert_eq!(date(Language::Nepali), "2027 मार्च 31");
        assert_eq!(date(Language::Thai), "31 มีนาคม ค.ศ. 2027");
        // Numbers in sentences, without bidi marks either.
        let tries = |language| {
            Tr::new(&i18n, language).with("method-tries-left", &[("tries", Arg::Num(2))])
        };
        assert_eq!(tries(Language::Japanese), "残り2回");
        assert!(
            tries(Language::Thai).contains('2'),
            "{}",
            tries(Language::Thai)
        );
    }
}
