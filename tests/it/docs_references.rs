//! The facts the code relies on live in the repository (`docs/README.md`): no reference in the
//! code, tests, scripts or README points outside it, and every `docs/…md §N` cited names a file
//! that exists and has that section heading.

use std::fs;
use std::path::{Path, PathBuf};

/// Folders whose files must not point outside the repository.
const SCANNED_DIRS: &[&str] = &["src", "tests", "fuzz", "scripts", "packaging", "examples"];
/// Single files with the same rule.
const SCANNED_FILES: &[&str] = &["README.md", "Cargo.toml", "kiosk.toml", "deny.toml"];
/// Folders never scanned (build output, fuzz corpora).
const SKIPPED_DIRS: &[&str] = &["target", "corpus", "artifacts", ".git"];
/// This file names the forbidden forms on purpose.
const SELF: &str = "tests/it/docs_references.rs";

/// The briefing's note files; in the repository they live under `docs/` (the domain notes under
/// `docs/domain/`). `face.md` is also the name of the face page for operators, `docs/face.md`.
const NOTES: &[(&str, &[&str])] = &[
    ("design.md", &["docs/"]),
    ("eligibility.md", &["docs/domain/"]),
    ("mynacard.md", &["docs/domain/"]),
    ("face.md", &["docs/domain/", "docs/"]),
];
/// Paths that are outside the repository wherever they appear.
/// The team's briefing beside the repository: written in two pieces here, so that this file is
/// not itself a reference to it.
const OUTSIDE: &[&str] = &[
    concat!("..", "/shared"),
    concat!("/work", "/shared"),
    "tech-notes.md",
    "style.md",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        // Symlinks (face photos, models, audio) point at data outside the tree, never at text.
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_symlink() {
            continue;
        }
        if kind.is_dir() {
            if !SKIPPED_DIRS.contains(&name.as_str()) {
                collect(&path, out);
            }
        } else if kind.is_file() {
            out.push(path);
        }
    }
}

/// Text files under `dirs` and the single `files`, as (path relative to the root, text).
fn text_files(dirs: &[&str], files: &[&str]) -> Vec<(String, String)> {
    let root = root();
    let mut paths = Vec::new();
    for dir in dirs {
        collect(&root.join(dir), &mut paths);
    }
    paths.extend(files.iter().map(|f| root.join(f)));
    paths.sort();
    paths
        .into_iter()
        .filter_map(|path| {
            // Binary files (images, fuzz seeds) are not references.
            let text = fs::read_to_string(&path).ok()?;
            let rel = path
                .strip_prefix(&root)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            Some((rel, text))
        })
        .collect()
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-' || c == '.'
}

/// What in `line` points outside the repository: each offending reference.
fn outside_references(line: &str) -> Vec<String> {
    let mut found: Vec<String> = OUTSIDE
        .iter()
        .filter(|p| line.contains(*p))
        .map(|p| p.to_string())
        .collect();
    for (name, prefixes) in NOTES {
        for (at, _) in line.match_indices(name) {
            let before = &line[..at];
            // Part of another file name (`surface.md`, `my-design.md`).
            if before.chars().next_back().is_some_and(is_name_char) {
                continue;
            }
            if !prefixes.iter().any(|prefix| before.ends_with(prefix)) {
                let start = before
                    .rfind(|c: char| !(is_name_char(c) || c == '/'))
                    .map_or(0, |i| {
                        i + before[i..].chars().next().map_or(1, char::len_utf8)
                    });
                found.push(format!("{}{name}", &before[start..]));
            }
        }
    }
    found
}

/// A citation of a repository document: `docs/….md` and the sections cited right after it.
#[derive(Debug, PartialEq)]
struct Citation {
    file: String,
    sections: Vec<String>,
}

/// The section numbers cited at the start of `rest` (`§2.1–§2.2, §3.2`, `§0, §2 and §3`).
fn cited_sections(mut rest: &str) -> Vec<String> {
    let mut sections = Vec::new();
    loop {
        rest = rest.trim_start_matches([' ', ',', '`', '–', '-']);
        if let Some(after_and) = rest.strip_prefix("and ") {
            rest = after_and;
            continue;
        }
        let Some(after) = rest.strip_prefix('§') else {
            return sections;
        };
        let mut end = 0;
        let bytes = after.as_bytes();
        while end < bytes.len() {
            let digit = bytes[end].is_ascii_digit();
            let inner_dot =
                bytes[end] == b'.' && bytes.get(end + 1).is_some_and(u8::is_ascii_digit);
            if !(digit || inner_dot) {
                break;
            }
            end += 1;
        }
        if end == 0 {
            return sections;
        }
        sections.push(after[..end].to_string());
        rest = &after[end..];
    }
}

fn citations(line: &str) -> Vec<Citation> {
    let mut out = Vec::new();
    for (at, _) in line.match_indices("docs/") {
        if line[..at]
            .chars()
            .next_back()
            .is_some_and(|c| is_name_char(c) || c == '/')
        {
            continue;
        }
        let tail = &line[at..];
        let len = tail
            .find(|c: char| !(is_name_char(c) || c == '/'))
            .unwrap_or(tail.len());
        let mut file = &tail[..len];
        while !file.ends_with(".md") && file.ends_with('.') {
            file = &file[..file.len() - 1];
        }
        if let Some(md) = file.find(".md") {
            let file = &file[..md + 3];
            out.push(Citation {
                file: file.to_string(),
                sections: cited_sections(&tail[file.len()..]),
            });
        }
    }
    out
}

/// The section numbers a Markdown file's headings carry (`## 2. Items` → `2`, `### 2.3 Codes` → `2.3`).
fn headings(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.starts_with('#'))
        .filter_map(|l| {
            let title = l.trim_start_matches('#').trim_start();
            let number = title.split_whitespace().next()?.trim_end_matches('.');
            (!number.is_empty() && number.chars().all(|c| c.is_ascii_digit() || c == '.'))
                .then(|| number.to_string())
        })
        .collect()
}

#[test]
fn the_checker_sees_what_it_must() {
    assert_eq!(
        outside_references(concat!("see ..", "/shared/domain/eligibility.md §2")),
        vec![
            concat!("..", "/shared"),
            concat!("..", "/shared/domain/eligibility.md")
        ]
    );
    assert_eq!(
        outside_references("//! rules (domain/eligibility.md §2.3) and design.md"),
        vec!["design.md", "domain/eligibility.md"]
    );
    assert_eq!(
        outside_references("See tech-notes.md"),
        vec!["tech-notes.md"]
    );
    assert!(outside_references("(docs/domain/eligibility.md §2.3; docs/design.md)").is_empty());
    assert!(outside_references("src/card/surface.md, docs/domain/face.md").is_empty());
    assert!(outside_references("see [docs/face.md](docs/face.md)").is_empty());
    assert_eq!(
        outside_references("see domain/face.md"),
        vec!["domain/face.md"]
    );
    assert_eq!(
        citations("(docs/domain/eligibility.md §2.1–§2.2, §3.2) and `docs/design.md`."),
        vec![
            Citation {
                file: "docs/domain/eligibility.md".into(),
                sections: vec!["2.1".into(), "2.2".into(), "3.2".into()],
            },
            Citation {
                file: "docs/design.md".into(),
                sections: vec![],
            },
        ]
    );
    assert_eq!(
        citations("docs/domain/mynacard.md §5.4: era year; §9 elsewhere")[0].sections,
        vec!["5.4"]
    );
    assert_eq!(
        headings("# T\n## 2. Items\n### 2.3 Codes\n## Names and contracts\n"),
        vec!["2", "2.3"]
    );
}

#[test]
fn nothing_points_outside_the_repository() {
    let mut problems = Vec::new();
    for (path, text) in text_files(SCANNED_DIRS, SCANNED_FILES) {
        if path == SELF {
            continue;
        }
        for (n, line) in text.lines().enumerate() {
            for reference in outside_references(line) {
                problems.push(format!(
                    "{path}:{}: `{reference}` points outside the repository; cite docs/ instead",
                    n + 1
                ));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn every_cited_section_exists() {
    let root = root();
    let mut problems = Vec::new();
    let mut checked = 0;
    let mut dirs = SCANNED_DIRS.to_vec();
    dirs.push("docs");
    for (path, text) in text_files(&dirs, SCANNED_FILES) {
        if path == SELF {
            continue;
        }
        for (n, line) in text.lines().enumerate() {
            for citation in citations(line) {
                let where_ = format!("{path}:{}", n + 1);
                let Ok(doc) = fs::read_to_string(root.join(&citation.file)) else {
                    problems.push(format!("{where_}: {} does not exist", citation.file));
                    continue;
                };
                let have = headings(&doc);
                for section in &citation.sections {
                    checked += 1;
                    if !have.contains(section) {
                        problems.push(format!(
                            "{where_}: {} has no section §{section}",
                            citation.file
                        ));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
    // The code does cite sections: a parser that finds none is broken, not satisfied.
    assert!(checked > 20, "only {checked} section citations found");
}
