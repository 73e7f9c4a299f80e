//! The console's texts: Fluent, like the kiosk, Japanese first and English second. The language
//! is the `lang` query parameter (the switch on every page), else the language cookie it sets,
//! else the browser's `Accept-Language`, else Japanese.

use std::collections::BTreeMap;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};

use crate::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Ja,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Ja, Lang::En];

    pub fn tag(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// The language's own name, for the switch.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::Ja => "日本語",
            Lang::En => "English",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Lang> {
        match tag {
            "ja" => Some(Lang::Ja),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The best of ours for an `Accept-Language` header (RFC 9110 §12.5.4: the highest `q`
    /// first, a range matching by its primary subtag; `*` takes Japanese), `None` when none fits.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut ranges: Vec<(f32, usize, &str)> = header
            .split(',')
            .enumerate()
            .filter_map(|(i, part)| {
                let mut pieces = part.trim().split(';');
                let range = pieces.next()?.trim();
                let q = pieces
                    .filter_map(|p| p.trim().strip_prefix("q="))
                    .find_map(|q| q.trim().parse::<f32>().ok())
                    .unwrap_or(1.0);
                (q > 0.0 && !range.is_empty()).then_some((q, i, range))
            })
            .collect();
        ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranges.into_iter().find_map(|(_, _, range)| {
            if range == "*" {
                return Some(Lang::Ja);
            }
            let primary = range
                .split('-')
                .next()
                .unwrap_or(range)
                .to_ascii_lowercase();
            Lang::from_tag(&primary)
        })
    }
}

/// Both languages' messages, loaded once at start.
pub struct Texts {
    ja: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
    /// The kiosk desk's own staff texts (`assets/i18n/<lang>/staff.ftl`: a case's reason and
    /// next step), so that the console says what the kiosk desk says, from one file.
    staff_ja: FluentBundle<FluentResource>,
    staff_en: FluentBundle<FluentResource>,
}

impl Texts {
    pub fn load() -> Result<Self, Error> {
        Ok(Texts {
            ja: bundle(Lang::Ja, include_str!("i18n/ja.ftl"))?,
            en: bundle(Lang::En, include_str!("i18n/en.ftl"))?,
            staff_ja: bundle(
                Lang::Ja,
                include_str!("../../../../assets/i18n/ja/staff.ftl"),
            )?,
            staff_en: bundle(
                Lang::En,
                include_str!("../../../../assets/i18n/en/staff.ftl"),
            )?,
        })
    }

    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        match lang {
            Lang::Ja => &self.ja,
            Lang::En => &self.en,
        }
    }

    /// One message, with arguments; the id itself when it is missing (and a warning).
    pub fn get(&self, lang: Lang, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        format(self.bundle(lang), lang, id, args)
    }

    /// One of the kiosk desk's staff texts (`staff-reason-…`, `staff-next-…`), or `None`.
    pub fn staff(&self, lang: Lang, id: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
        let bundle = match lang {
            Lang::Ja => &self.staff_ja,
            Lang::En => &self.staff_en,
        };
        bundle
            .has_message(id)
            .then(|| format(bundle, lang, id, args))
    }

    /// Every message without arguments, by id, for the templates (`t["sign-in-title"]`).
    pub fn all(&self, lang: Lang) -> BTreeMap<String, String> {
        let bundle = self.bundle(lang);
        let source = match lang {
            Lang::Ja => include_str!("i18n/ja.ftl"),
            Lang::En => include_str!("i18n/en.ftl"),
        };
        message_ids(source)
            .filter(|id| bundle.has_message(id))
            .map(|id| (id.to_string(), self.get(lang, id, None)))
            .collect()
    }
}

fn format(
    bundle: &FluentBundle<FluentResource>,
    lang: Lang,
    id: &str,
    args: Option<&FluentArgs<'_>>,
) -> String {
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        tracing::warn!(id, lang = lang.tag(), "console message missing");
        return id.to_string();
    };
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, args, &mut errors);
    if !errors.is_empty() {
        tracing::warn!(id, lang = lang.tag(), ?errors, "console message error");
    }
    text.into_owned()
}

/// The ids of the messages without arguments defined in a Fluent file (lines `id = …`, with
/// no `$` on them); those with arguments are formatted where they are used.
fn message_ids(source: &str) -> impl Iterator<Item = &str> {
    source.lines().filter_map(|line| {
        let (id, value) = line.split_once(" =")?;
        if value.contains('$') {
            return None;
        }
        (!id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .then_some(id)
    })
}

fn bundle(lang: Lang, text: &str) -> Result<FluentBundle<FluentResource>, Error> {
    let file = format!("console/i18n/{}.ftl", lang.tag());
    let resource = FluentResource::try_new(text.to_owned())
        .map_err(|(_, errors)| Error::Internal(format!("{file}: {errors:?}")))?;
    let langid = lang
        .tag()
        .parse()
        .map_err(|e: unic_langid::LanguageIdentifierError| {
            Error::Internal(format!("{file}: {e}"))
        })?;
    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
    // The pages are plain left-to-right text: no Unicode isolation marks around placeables.
    bundle.set_use_isolating(false);
    bundle
        .add_resource(resource)
        .map_err(|errors| Error::Internal(format!("{file}: {errors:?}")))?;
    Ok(bundle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_best_of_ours() {
        for (header, want) in [
            ("ja,en-US;q=0.9", Some(Lang::Ja)),
            ("en-US,en;q=0.9,ja;q=0.8", Some(Lang::En)),
            ("fr-FR, en;q=0.5, ja;q=0.7", Some(Lang::Ja)),
            ("fr, de", None),
            ("en;q=0, ja;q=0.1", Some(Lang::Ja)),
            ("*", Some(Lang::Ja)),
            ("EN-gb", Some(Lang::En)),
            ("", None),
        ] {
            assert_eq!(Lang::from_accept_language(header), want, "{header:?}");
        }
    }

    /// Both languages have the same messages, and every one formats.
    #[test]
    fn both_languages_are_complete() {
        let texts = Texts::load().unwrap();
        let ja: Vec<String> = texts.all(Lang::Ja).into_keys().collect();
        let en: Vec<String> = texts.all(Lang::En).into_keys().collect();
        assert_eq!(ja, en);
        assert!(ja.len() > 40, "{}", ja.len());
        let mut args = FluentArgs::new();
        args.set("count", 1);
        assert_eq!(
            texts.get(Lang::En, "confirmations-count", Some(&args)),
            "1 confirmation"
        );
        assert_eq!(
            texts.get(Lang::Ja, "confirmations-count", Some(&args)),
            "1件"
        );
    }
}
