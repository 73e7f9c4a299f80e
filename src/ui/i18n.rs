//! Screen texts through Fluent: one `.ftl` file per language under `assets/i18n/<tag>/`,
//! embedded in the binary so the kiosk works from any directory. Japanese is the reference:
//! a test fails when another language misses one of its keys or placeholders.

use std::borrow::Cow;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::reception::view::Language;

use super::UiError;

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
            bundles.push((language, bundle(language, source(language))?));
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
        assert_eq!(ja.with("result-ratio", &[("percent", Arg::Num(30))]), "3割");
        assert_eq!(ja.with("result-ratio", &[("percent", Arg::Num(15))]), "15%");
        assert_eq!(
            en.with("result-ratio", &[("percent", Arg::Num(30))]),
            "30 %"
        );
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
}
