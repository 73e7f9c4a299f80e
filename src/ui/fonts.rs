//! Finds and loads the Noto fonts. Japanese needs Noto Sans CJK (face 0 of
//! `NotoSansCJK-Regular.ttc` is the JP face); Latin text uses Noto Sans. Without a CJK font the
//! kiosk cannot show Japanese: it says so (log and a [`UiError`] the caller can show) and the
//! screens fall back to English instead of drawing boxes.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use eframe::egui::{FontData, FontDefinitions, FontFamily};
use skrifa::MetadataProvider as _;

use super::UiError;

/// The font family name of the bold faces (headings, primary buttons).
pub const BOLD_FAMILY: &str = "kiosk-bold";

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
const CJK_BOLD_CANDIDATES: &[(&str, u32)] = &[
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 0),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc", 0),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJKjp-Bold.otf", 0),
];
/// Noto Sans (Latin, Greek, Cyrillic): Debian `fonts-noto-core`, then Arch and Fedora.
pub const LATIN_CANDIDATES: &[(&str, u32)] = &[
    ("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", 0),
    ("/usr/share/fonts/noto/NotoSans-Regular.ttf", 0),
    ("/usr/share/fonts/google-noto/NotoSans-Regular.ttf", 0),
];
const LATIN_BOLD_CANDIDATES: &[(&str, u32)] = &[
    ("/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf", 0),
    ("/usr/share/fonts/noto/NotoSans-Bold.ttf", 0),
    ("/usr/share/fonts/google-noto/NotoSans-Bold.ttf", 0),
];

/// Overrides from `[ui]` in `kiosk.toml`: a path given here is the only one tried for its role.
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
    /// The CJK face was found: Japanese can be shown.
    pub japanese: bool,
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Cjk,
    CjkBold,
    Latin,
    LatinBold,
}

impl Role {
    fn name(self) -> &'static str {
        match self {
            Role::Cjk | Role::CjkBold => "Japanese",
            Role::Latin | Role::LatinBold => "Latin",
        }
    }

    /// Characters the face must have, so that a wrong file or face index is caught here.
    fn probe(self) -> &'static str {
        match self {
            Role::Cjk | Role::CjkBold => "日本あア",
            Role::Latin | Role::LatinBold => "Aa0",
        }
    }
}

/// Finds, checks and loads the fonts. Never fails: what is missing is in `problems` (and
/// logged), and egui's built-in fonts stay as the last fallback.
pub fn load(options: &FontOptions) -> LoadedFonts {
    let mut definitions = FontDefinitions::default();
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let index = options.cjk_font_index.unwrap_or(0);
    let cjk_override = options.cjk_font.as_ref().map(|p| vec![(p.clone(), index)]);
    let latin_override = options.latin_font.as_ref().map(|p| vec![(p.clone(), 0)]);
    // (role, the configured file, the usual places, whether its absence is a problem)
    type Search<'a> = (
        Role,
        Option<Vec<(PathBuf, u32)>>,
        &'a [(&'a str, u32)],
        bool,
    );
    let roles: [Search<'_>; 4] = [
        (Role::Latin, latin_override, LATIN_CANDIDATES, true),
        (Role::Cjk, cjk_override, CJK_CANDIDATES, true),
        (Role::LatinBold, None, LATIN_BOLD_CANDIDATES, false),
        (Role::CjkBold, None, CJK_BOLD_CANDIDATES, false),
    ];
    let mut regular = Vec::new();
    let mut bold = Vec::new();
    let mut japanese = false;
    for (role, given, defaults, required) in roles {
        let candidates = given.unwrap_or_else(|| {
            defaults
                .iter()
                .map(|(p, i)| (PathBuf::from(p), *i))
                .collect()
        });
        match find(role, &candidates) {
            Ok((path, data)) => {
                let name = format!("{role:?}");
                definitions.font_data.insert(name.clone(), Arc::new(data));
                files.push(path);
                match role {
                    Role::Latin | Role::Cjk => regular.push(name),
                    Role::LatinBold | Role::CjkBold => bold.push(name),
                }
                japanese |= role == Role::Cjk;
            }
            Err(problem) => {
                if required {
                    tracing::error!("{problem}");
                    problems.push(problem);
                } else {
                    tracing::info!("{problem} (using the regular face)");
                }
            }
        }
    }
    if !japanese {
        tracing::error!("no Japanese font: the kiosk shows English only");
    }
    // Proportional: Noto Sans, Noto Sans CJK JP, then egui's own (emoji, symbols).
    let proportional = definitions
        .families
        .entry(FontFamily::Proportional)
        .or_default();
    for (i, name) in regular.iter().enumerate() {
        proportional.insert(i, name.clone());
    }
    let fallback = proportional.clone();
    if let Some(monospace) = definitions.families.get_mut(&FontFamily::Monospace) {
        monospace.extend(regular.iter().cloned());
    }
    // Bold: the bold faces first, then every regular one (so a missing bold face only loses
    // the weight, never a glyph).
    let mut bold_family = bold;
    bold_family.extend(fallback);
    definitions
        .families
        .insert(FontFamily::Name(BOLD_FAMILY.into()), bold_family);
    LoadedFonts {
        definitions,
        japanese,
        files,
        problems,
    }
}

fn find(role: Role, candidates: &[(PathBuf, u32)]) -> Result<(PathBuf, FontData), UiError> {
    let mut invalid = None;
    for (path, index) in candidates {
        match read(role, path, *index) {
            Ok(Some(data)) => return Ok((path.clone(), data)),
            Ok(None) => {}
            Err(problem) => {
                tracing::warn!("{problem}");
                invalid.get_or_insert(problem);
            }
        }
    }
    Err(invalid.unwrap_or_else(|| UiError::FontMissing {
        role: role.name(),
        searched: candidates.iter().map(|(p, _)| p.clone()).collect(),
    }))
}

/// `Ok(None)`: no such file. A file that is there but unusable is an error.
fn read(role: Role, path: &Path, index: u32) -> Result<Option<FontData>, UiError> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(UiError::FontInvalid {
                role: role.name(),
                path: path.to_path_buf(),
                message: e.to_string(),
            });
        }
    };
    check(role, &bytes, index).map_err(|message| UiError::FontInvalid {
        role: role.name(),
        path: path.to_path_buf(),
        message,
    })?;
    let mut data = FontData::from_owned(bytes);
    data.index = index;
    Ok(Some(data))
}

/// egui panics on a font it cannot parse, so every file is parsed here first, with the same
/// parser, and must have the characters of its role.
fn check(role: Role, bytes: &[u8], index: u32) -> Result<(), String> {
    let font = skrifa::FontRef::from_index(bytes, index)
        .map_err(|e| format!("not a usable font (face {index}): {e}"))?;
    let charmap = font.charmap();
    match role.probe().chars().find(|c| charmap.map(*c).is_none()) {
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
}
