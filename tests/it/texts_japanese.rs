//! Japanese that reads as Japanese (issue 18 part 8): full-width punctuation in Japanese
//! sentences and no space between a number and its counter, in 日本語 and やさしい日本語
//! (patient and staff texts). ASCII-only technical tokens (`kiosk.toml`, `Face ID / Touch ID`,
//! `[face] device`) and the insides of placeables are left alone.

use std::path::Path;

const FILES: [&str; 4] = [
    "assets/i18n/ja/main.ftl",
    "assets/i18n/ja/staff.ftl",
    "assets/i18n/ja-x-easy/main.ftl",
    // The staff console's (myna-gateway).
    "crates/myna-gateway/src/console/i18n/ja.ftl",
];

/// Half-width punctuation that Japanese writes full-width.
const HALF_WIDTH: &str = ",.!?:;()";

/// Counters that follow a number directly (60秒, 3回, 4桁, 1つ).
const COUNTERS: [&str; 18] = [
    "秒", "回", "桁", "けた", "年", "か月", "月", "日", "歳", "枚", "分", "時間", "件", "人", "つ",
    "こ", "個", "割",
];

/// A message's text without its placeables (`{ $x }`, selectors); each placeable becomes one
/// `None`, which the neighbour search skips.
fn without_placeables(text: &str) -> Vec<Option<char>> {
    let mut out = Vec::new();
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '{' => {
                if depth == 0 {
                    out.push(None);
                }
                depth += 1;
            }
            '}' => depth -= 1,
            _ if depth == 0 => out.push(Some(c)),
            _ => {}
        }
    }
    out
}

/// The nearest character from `i` in direction `step`, past spaces and placeables.
fn neighbour(chars: &[Option<char>], i: usize, step: isize) -> Option<char> {
    let mut j = i as isize + step;
    while j >= 0 && (j as usize) < chars.len() {
        match chars[j as usize] {
            Some(c) if c != ' ' => return Some(c),
            _ => j += step,
        }
    }
    None
}

/// What is wrong in one message value: half-width punctuation beside Japanese, and spaces
/// between a number (or a placeable) and its counter.
fn problems(value: &str) -> Vec<String> {
    let mut found = Vec::new();
    let chars = without_placeables(value);
    for (i, c) in chars.iter().enumerate() {
        let Some(c) = *c else { continue };
        if !HALF_WIDTH.contains(c) {
            continue;
        }
        let (left, right) = (neighbour(&chars, i, -1), neighbour(&chars, i, 1));
        if c == '.' && left.is_some_and(|l| l.is_ascii_digit()) {
            continue; // 1.5
        }
        let japanese = |n: Option<char>| n.is_some_and(|n| !n.is_ascii());
        // Opening punctuation belongs to what follows, the rest to what precedes.
        let beside_japanese = match c {
            '(' | ')' => japanese(left) || japanese(right),
            _ => japanese(left),
        };
        if beside_japanese {
            found.push(format!("half-width '{c}'"));
        }
    }
    let text: Vec<char> = value.chars().collect();
    for (i, c) in text.iter().enumerate() {
        if !(c.is_ascii_digit() || *c == '}') {
            continue;
        }
        let rest: String = text[i + 1..].iter().collect();
        let trimmed = rest.trim_start_matches([' ', '\u{3000}']);
        if trimmed.len() != rest.len() && COUNTERS.iter().any(|k| trimmed.starts_with(k)) {
            found.push(format!(
                "space before the counter in '…{c}{}'",
                rest.chars().take(6).collect::<String>()
            ));
        }
    }
    found
}

/// Every message value (and continuation line) of a Fluent file, with its line number.
fn values(text: &str) -> Vec<(usize, String)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|(n, line)| {
            if let Some((key, value)) = line.split_once(" = ")
                && !key.starts_with(' ')
            {
                return Some((n + 1, value.to_owned()));
            }
            let variant = line.trim_start();
            let value = match variant.strip_prefix('*').unwrap_or(variant).split_once(']') {
                Some((_, v)) if variant.starts_with(['[', '*']) => v,
                _ => variant,
            };
            (line.starts_with(' ') && value != "}").then(|| (n + 1, value.to_owned()))
        })
        .collect()
}

#[test]
fn the_check_catches_what_it_should_and_spares_technical_tokens() {
    assert_eq!(problems("まだ続けますか?").len(), 1);
    assert_eq!(problems("顔認証({ $attempt }/{ $attempts }回目)").len(), 2);
    assert_eq!(problems("資格有効性{ $code }: { $meaning }").len(), 1);
    assert_eq!(problems("言語: { $languages }").len(), 1);
    assert_eq!(problems("残り { $seconds } 秒").len(), 1);
    assert_eq!(problems("あと 3 回").len(), 1);
    assert!(problems("残り{ $seconds }秒").is_empty());
    assert!(problems("数字 4つの 暗証番号（あんしょうばんごう）").is_empty());
    assert!(problems("iPhoneでの本人確認（Face ID / Touch ID）").is_empty());
    assert!(problems("停止中です：カメラが見つかりません（[face] device）。").is_empty());
    assert!(problems("設定は kiosk.toml の [staff] call_command です。1.5秒").is_empty());
    assert!(problems("{ $seconds ->\n [one] x\n *[other] y\n}").is_empty());
}

#[test]
fn japanese_texts_use_full_width_punctuation_and_counters_without_spaces() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = Vec::new();
    for file in FILES {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        for (line, value) in values(&text) {
            for problem in problems(&value) {
                all.push(format!("{file}:{line}: {problem}: {value}"));
            }
        }
    }
    assert!(all.is_empty(), "\n{}", all.join("\n"));
}
