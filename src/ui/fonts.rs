//! Finds and loads the Noto fonts for every patient language: Noto Sans (Latin, Vietnamese),
//! the four faces of Noto Sans CJK (JP, SC, TC, KR: the same Han character is drawn differently
//! in each, so every CJK language gets its own face first), Noto Sans Thai and Noto Sans
//! Devanagari (Nepali).
//!
//! Each language has its own pair of font families ([`family`]): its script's face first, then
//! every other face as a fallback. A language is offered only when its face is installed and
//! every character of its translation file has a glyph ([`LoadedFonts::languages`]); the rest
//! are reported (log and a staff note) and hidden rather than drawn as boxes. Without the
//! Japanese face the kiosk falls back to English.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use eframe::egui::{FontData, FontDefinitions, FontFamily};
use eframe::epaint::text::Blob;
use skrifa::MetadataProvider as _;

use super::UiError;
use crate::reception::view::{Language, Languages, Script};

/// The font family name of the bold faces (headings, primary buttons) for Japanese and staff
/// text; each language has its own, see [`family`].
pub const BOLD_FAMILY: &str = "kiosk-bold";

const CJK_TTC: [&str; 3] = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
];
const CJK_BOLD_TTC: [&str; 3] = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc",
];
/// The usual directories of single-face Noto files: Debian/Ubuntu, Arch, Fedora.
const NOTO_DIRS: [&str; 4] = [
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/noto",
    "/usr/share/fonts/google-noto",
];

/// Where the Japanese (CJK) regular face is usually installed, with its face index.
/// Debian/Ubuntu `fonts-noto-cjk`, then Arch, Fedora, and single-face files.
pub const CJK_CANDIDATES: &[(&str, u32)] = &[
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 0),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 0),
    (
        "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
        0,
    ),
    (
        "/usr/share/fonts/opentype/noto/NotoSansCJKjp-Regular.otf",
        0,
    ),
    ("/usr/share/fonts/truetype/noto/NotoSansJP-Regular.ttf", 0),
];
/// Noto Sans (Latin, Greek, Cyrillic, Vietnamese): Debian `fonts-noto-core`, Arch, Fedora.
pub const LATIN_CANDIDATES: &[(&str, u32)] = &[
    ("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", 0),
    ("/usr/share/fonts/noto/NotoSans-Regular.ttf", 0),
    ("/usr/share/fonts/google-noto/NotoSans-Regular.ttf", 0),
];

/// Overrides from `[ui]` in `kiosk.toml`: a path given here is the only one tried for its role.
/// `cjk_font` is the Japanese face; the Chinese and Korean faces come from the usual places.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FontOptions {
    pub cjk_font: Option<PathBuf>,
    /// Face index inside a `.ttc` collection (default 0, the JP face of Noto Sans CJK).
    pub cjk_font_index: Option<u32>,
    pub latin_font: Option<PathBuf>,
}

/// What [`load`] found.
pub struct LoadedFonts {
    pub definitions: FontDefinitions,
    /// The Japanese (CJK JP) face was found: Japanese can be shown.
    pub japanese: bool,
    /// The languages that can be shown: their script's face is installed and every character
    /// of their translations has a glyph.
    pub languages: Languages,
    /// The font files in use.
    pub files: Vec<PathBuf>,
    /// Missing or unreadable fonts, each already logged. The first one that stops Japanese
    /// from showing is [`LoadedFonts::japanese_problem`].
    pub problems: Vec<UiError>,
}

impl std::fmt::Debug for LoadedFonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadedFonts")
            .field("japanese", &self.japanese)
            .field("languages", &self.languages)
            .field("files", &self.files)
            .field("problems", &self.problems)
            .finish()
    }
}

impl LoadedFonts {
    /// Why Japanese cannot be shown, if it cannot.
    pub fn japanese_problem(&self) -> Option<&UiError> {
        if self.japanese {
            return None;
        }
        self.problems.iter().find(|p| {
            matches!(p, UiError::FontMissing { role, .. } | UiError::FontInvalid { role, .. } if *role == "Japanese")
        })
    }

    /// Why `language` cannot be shown (its script's font problem), if it cannot.
    pub fn problem_for(&self, language: Language) -> Option<String> {
        if self.languages.contains(language) {
            return None;
        }
        let role = Face::of(language.script()).role();
        Some(
            self.problems
                .iter()
                .find(|p| {
                    matches!(p, UiError::FontMissing { role: r, .. } | UiError::FontInvalid { role: r, .. } if *r == role)
                })
                .map_or_else(
                    || format!("{role} font lacks characters of {}", language.tag()),
                    |p| p.to_string(),
                ),
        )
    }
}

/// The font family of `language`'s text: its script's face first, then the others.
pub fn family(language: Language, bold: bool) -> FontFamily {
    let suffix = if bold { "-bold" } else { "" };
    FontFamily::Name(format!("kiosk-{}{suffix}", language.tag()).into())
}

/// One face a patient language needs (regular weight; the bold ones are optional).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Face {
    Latin,
    Jp,
    Sc,
    Tc,
    Kr,
    Thai,
    Devanagari,
}

impl Face {
    const ALL: [Face; 7] = [
        Face::Latin,
        Face::Jp,
        Face::Sc,
        Face::Tc,
        Face::Kr,
        Face::Thai,
        Face::Devanagari,
    ];

    fn of(script: Script) -> Face {
        match script {
            Script::Latin => Face::Latin,
            Script::Japanese => Face::Jp,
            Script::ChineseSimplified => Face::Sc,
            Script::ChineseTraditional => Face::Tc,
            Script::Korean => Face::Kr,
            Script::Thai => Face::Thai,
            Script::Devanagari => Face::Devanagari,
        }
    }

    /// The name in messages (and in [`UiError`]'s `role`).
    fn role(self) -> &'static str {
        match self {
            Face::Latin => "Latin",
            Face::Jp => "Japanese",
            Face::Sc => "Simplified Chinese",
            Face::Tc => "Traditional Chinese",
            Face::Kr => "Korean",
            Face::Thai => "Thai",
            Face::Devanagari => "Devanagari",
        }
    }

    /// The key in [`FontDefinitions::font_data`].
    fn key(self, bold: bool) -> String {
        format!("{self:?}{}", if bold { "Bold" } else { "" })
    }

    /// Characters the face must have, so that a wrong file or face index is caught here.
    fn probe(self) -> &'static str {
        match self {
            Face::Latin => "Aa0",
            Face::Jp => "日本あア",
            Face::Sc => "简体中文",
            Face::Tc => "繁體中文",
            Face::Kr => "한국어",
            Face::Thai => "ภาษาไทย",
            Face::Devanagari => "नेपाली",
        }
    }

    /// The usual places, best first.
    fn candidates(self, bold: bool) -> Vec<(PathBuf, u32)> {
        let weight = if bold { "Bold" } else { "Regular" };
        let ttc = if bold { CJK_BOLD_TTC } else { CJK_TTC };
        let in_dirs = |names: &[String]| -> Vec<(PathBuf, u32)> {
            names
                .iter()
                .flat_map(|name| NOTO_DIRS.iter().map(move |d| (Path::new(d).join(name), 0)))
                .collect()
        };
        let cjk = |index: u32, otf: &str, ttf: &str| -> Vec<(PathBuf, u32)> {
            let mut out: Vec<(PathBuf, u32)> =
                ttc.iter().map(|p| (PathBuf::from(p), index)).collect();
            out.extend(in_dirs(&[
                format!("NotoSansCJK{otf}-{weight}.otf"),
                format!("NotoSans{ttf}-{weight}.ttf"),
                format!("NotoSans{ttf}-{weight}.otf"),
            ]));
            out
        };
        match self {
            Face::Latin => in_dirs(&[format!("NotoSans-{weight}.ttf")]),
            Face::Jp => cjk(0, "jp", "JP"),
            Face::Kr => cjk(1, "kr", "KR"),
            Face::Sc => cjk(2, "sc", "SC"),
            Face::Tc => cjk(3, "tc", "TC"),
            Face::Thai => in_dirs(&[format!("NotoSansThai-{weight}.ttf")]),
            Face::Devanagari => in_dirs(&[format!("NotoSansDevanagari-{weight}.ttf")]),
        }
    }
}

/// Finds, checks and loads the fonts. Never fails: what is missing is in `problems` (and
/// logged), and egui's built-in fonts stay as the last fallback.
pub fn load(options: &FontOptions) -> LoadedFonts {
    let mut definitions = FontDefinitions::default();
    let egui_defaults = definitions
        .families
        .get(&FontFamily::Proportional)
        .cloned()
        .unwrap_or_default();
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut blobs: HashMap<PathBuf, Blob> = HashMap::new();
    let mut loaded: Vec<(Face, bool)> = Vec::new();
    for face in Face::ALL {
        for bold in [false, true] {
            let given = match (face, bold) {
                (Face::Jp, false) => options
                    .cjk_font
                    .as_ref()
                    .map(|p| vec![(p.clone(), options.cjk_font_index.unwrap_or(0))]),
                (Face::Latin, false) => options.latin_font.as_ref().map(|p| vec![(p.clone(), 0)]),
                _ => None,
            };
            let candidates = given.unwrap_or_else(|| face.candidates(bold));
            match find(face, &candidates, &mut blobs) {
                Ok((path, data)) => {
                    definitions.font_data.insert(face.key(bold), Arc::new(data));
                    if !files.contains(&path) {
                        files.push(path);
                    }
                    loaded.push((face, bold));
                }
                Err(problem) if !bold => {
                    if matches!(face, Face::Latin | Face::Jp) {
                        tracing::error!("{problem}");
                    } else {
                        tracing::warn!("{problem}");
                    }
                    problems.push(problem);
                }
                Err(problem) => tracing::info!("{problem} (using the regular face)"),
            }
        }
    }
    let has = |face: Face, bold: bool| loaded.contains(&(face, bold));
    let japanese = has(Face::Jp, false);
    if !japanese {
        tracing::error!("no Japanese font: the kiosk shows English only");
    }
    // One pair of families per language: its face first, then the others, then egui's own.
    for language in Language::ALL {
        let own = Face::of(language.script());
        let mut order = vec![Face::Latin, own];
        order.extend(
            Face::ALL
                .into_iter()
                .filter(|f| *f != Face::Latin && *f != own),
        );
        order.dedup();
        let mut regular: Vec<String> = order
            .iter()
            .filter(|f| has(**f, false))
            .map(|f| f.key(false))
            .collect();
        regular.extend(egui_defaults.iter().cloned());
        let mut bold: Vec<String> = [Face::Latin, own]
            .into_iter()
            .filter(|f| has(*f, true))
            .map(|f| f.key(true))
            .collect();
        bold.dedup();
        bold.extend(regular.iter().cloned());
        if language == Language::Japanese {
            // The default families (staff text, anything not in a patient language).
            definitions
                .families
                .insert(FontFamily::Proportional, regular.clone());
            if let Some(monospace) = definitions.families.get_mut(&FontFamily::Monospace) {
                monospace.extend(regular.iter().cloned());
            }
            definitions
                .families
                .insert(FontFamily::Name(BOLD_FAMILY.into()), bold.clone());
        }
        definitions
            .families
            .insert(family(language, false), regular);
        definitions.families.insert(family(language, true), bold);
    }
    let languages = shown_languages(&definitions, &|face| has(face, false));
    for language in Language::ALL
        .into_iter()
        .filter(|l| !languages.contains(*l))
    {
        tracing::warn!(
            language = language.tag(),
            "no font for this language: it is hidden"
        );
    }
    LoadedFonts {
        definitions,
        japanese,
        languages,
        files,
        problems,
    }
}

/// The languages whose script face is loaded and whose translations have every glyph.
fn shown_languages(definitions: &FontDefinitions, has: &dyn Fn(Face) -> bool) -> Languages {
    let fonts: Vec<skrifa::FontRef<'_>> = definitions
        .font_data
        .values()
        .filter_map(|data| skrifa::FontRef::from_index(data.bytes(), data.index).ok())
        .collect();
    let charmaps: Vec<_> = fonts.iter().map(|f| f.charmap()).collect();
    let mut shown = Languages::NONE;
    for language in Language::ALL {
        if !has(Face::of(language.script())) {
            continue;
        }
        let missing = super::i18n::source(language)
            .lines()
            .filter(|line| !line.trim_start().starts_with('#'))
            .flat_map(str::chars)
            .filter(|c| !c.is_whitespace())
            .find(|c| !charmaps.iter().any(|m| m.map(*c).is_some()));
        match missing {
            None => shown = shown.with(language),
            Some(c) => tracing::warn!(language = language.tag(), "no font has a glyph for {c:?}"),
        }
    }
    shown
}

fn find(
    face: Face,
    candidates: &[(PathBuf, u32)],
    blobs: &mut HashMap<PathBuf, Blob>,
) -> Result<(PathBuf, FontData), UiError> {
    let mut invalid = None;
    for (path, index) in candidates {
        match read(face, path, *index, blobs) {
            Ok(Some(data)) => return Ok((path.clone(), data)),
            Ok(None) => {}
            Err(problem) => {
                tracing::warn!("{problem}");
                invalid.get_or_insert(problem);
            }
        }
    }
    Err(invalid.unwrap_or_else(|| UiError::FontMissing {
        role: face.role(),
        searched: candidates.iter().map(|(p, _)| p.clone()).collect(),
    }))
}

/// `Ok(None)`: no such file. A file that is there but unusable is an error. A file is read
/// once and shared by its faces (the CJK collection holds four).
fn read(
    face: Face,
    path: &Path,
    index: u32,
    blobs: &mut HashMap<PathBuf, Blob>,
) -> Result<Option<FontData>, UiError> {
    let invalid = |message: String| UiError::FontInvalid {
        role: face.role(),
        path: path.to_path_buf(),
        message,
    };
    let blob = match blobs.get(path) {
        Some(blob) => blob.clone(),
        None => match std::fs::read(path) {
            Ok(bytes) => {
                let blob: Blob = Arc::new(bytes);
                blobs.insert(path.to_path_buf(), blob.clone());
                blob
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(invalid(e.to_string())),
        },
    };
    check(face, (*blob).as_ref(), index).map_err(invalid)?;
    Ok(Some(FontData::from_blob(blob, index)))
}

/// egui panics on a font it cannot parse, so every file is parsed here first, with the same
/// parser, and must have the characters of its role.
fn check(face: Face, bytes: &[u8], index: u32) -> Result<(), String> {
    let font = skrifa::FontRef::from_index(bytes, index)
        .map_err(|e| format!("not a usable font (face {index}): {e}"))?;
    let charmap = font.charmap();
    match face.probe().chars().find(|c| charmap.map(*c).is_none()) {
        Some(c) => Err(format!("face {index} has no glyph for {c:?}")),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_and_missing_files_are_problems_not_panics() {
        let dir = tempfile::tempdir().unwrap();
        let garbage = dir.path().join("garbage.ttc");
        std::fs::write(&garbage, b"not a font at all").unwrap();
        let loaded = load(&FontOptions {
            cjk_font: Some(garbage.clone()),
            cjk_font_index: None,
            latin_font: Some(dir.path().join("missing.ttf")),
        });
        assert!(!loaded.japanese);
        let problem = loaded.japanese_problem().expect("a Japanese problem");
        assert!(
            matches!(problem, UiError::FontInvalid { path, .. } if *path == garbage),
            "{problem:?}"
        );
        assert!(
            loaded
                .problems
                .iter()
                .any(|p| matches!(p, UiError::FontMissing { role: "Latin", .. }))
        );
        // The families still exist (egui's own fonts), so egui can start.
        assert!(
            loaded
                .definitions
                .families
                .contains_key(&FontFamily::Name(BOLD_FAMILY.into()))
        );
        let message = problem.to_string();
        assert!(message.contains("garbage.ttc"), "{message}");
    }

    #[test]
    fn a_wrong_face_index_is_caught() {
        let Some((path, _)) = CJK_CANDIDATES
            .iter()
            .find(|(p, _)| p.ends_with(".ttc") && Path::new(p).exists())
        else {
            eprintln!("SKIP a_wrong_face_index_is_caught: no Noto Sans CJK .ttc installed");
            return;
        };
        let loaded = load(&FontOptions {
            cjk_font: Some(PathBuf::from(path)),
            cjk_font_index: Some(99),
            latin_font: None,
        });
        assert!(!loaded.japanese);
    }

    #[test]
    fn a_missing_script_font_hides_only_its_languages() {
        let loaded = load(&FontOptions::default());
        let has = |face: Face| face != Face::Thai && face != Face::Kr;
        let shown = shown_languages(&loaded.definitions, &has);
        assert!(!shown.contains(Language::Thai));
        assert!(!shown.contains(Language::Korean));
        if loaded.languages == Languages::ALL {
            for language in Language::ALL {
                let expected = !matches!(language, Language::Thai | Language::Korean);
                assert_eq!(shown.contains(language), expected, "{}", language.tag());
            }
        } else {
            eprintln!("SKIP part of a_missing_script_font_hides_only_its_languages: fonts missing");
        }
        // Every language has its two families, even with no font at all (egui's own).
        let empty = load(&FontOptions {
            cjk_font: Some(PathBuf::from("/nonexistent/cjk.ttc")),
            cjk_font_index: None,
            latin_font: Some(PathBuf::from("/nonexistent/latin.ttf")),
        });
        for language in Language::ALL {
            for bold in [false, true] {
                assert!(
                    empty
                        .definitions
                        .families
                        .contains_key(&family(language, bold))
                );
            }
        }
        assert!(!empty.languages.contains(Language::Japanese));
        assert!(empty.problem_for(Language::Japanese).is_some());
    }
}
