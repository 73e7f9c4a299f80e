//! Greedy CTC decoding of the recogniser's output: per time step the most probable class, repeats
//! merged, blanks dropped.

use std::fmt;

use zeroize::Zeroizing;

/// CTC class 0 is the blank (no character at this step).
pub(crate) const BLANK: usize = 0;

/// The text read from one field and how sure the model was of it. The text is card data (a birth
/// date, a security code): wiped on drop, and `Debug` does not print it.
pub struct Reading {
    text: Zeroizing<String>,
    mean_confidence: f32,
    min_confidence: f32,
}

impl fmt::Debug for Reading {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Reading({} characters redacted, mean {:.3}, min {:.3})",
            self.text.chars().count(),
            self.mean_confidence,
            self.min_confidence
        )
    }
}

impl Reading {
    /// The text as read (never log it).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Mean probability of the characters read, spaces aside; 0 when nothing was read.
    pub fn mean_confidence(&self) -> f32 {
        self.mean_confidence
    }

    /// Probability of the least sure character; 0 when nothing was read. One doubtful digit
    /// spoils a date, so this is the figure to judge a field by.
    pub fn min_confidence(&self) -> f32 {
        self.min_confidence
    }
}

/// Decodes `probs` (time steps × classes, row-major). Class `i + 1` is `alphabet[i]`; classes past
/// the alphabet read as a space (PaddleOCR appends one). With `allowed` (a field's own
/// characters: fewer confusions), a step whose likeliest class is a character reads the
/// likeliest allowed character, and any other step reads nothing.
pub(crate) fn decode(
    probs: &[f32],
    classes: usize,
    alphabet: &[String],
    allowed: Option<&[bool]>,
) -> Reading {
    let mut text = Zeroizing::new(String::new());
    let mut chosen = Vec::new();
    let mut previous = BLANK;
    let is_space = |class: usize| {
        alphabet
            .get(class.wrapping_sub(1))
            .is_none_or(|k| k.trim().is_empty())
    };
    for step in probs.chunks_exact(classes) {
        let top = step
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map_or(BLANK, |(class, _)| class);
        // With a field alphabet: where the model sees a character (its first choice is no blank
        // and no space), the likeliest allowed one is read, however unsure (the probability
        // kept says so); letting the blank win there drops the character (seen on the synthetic
        // photographs: a small 昭 read as another kanji, 昭和 → 和).
        let best = step
            .iter()
            .enumerate()
            .filter(|(class, _)| match allowed {
                None => true,
                Some(_) if top == BLANK || is_space(top) => *class == BLANK,
                Some(a) => a.get(*class).copied().unwrap_or(false),
            })
            .max_by(|a, b| a.1.total_cmp(b.1));
        let Some((class, probability)) = best else {
            continue;
        };
        if class != BLANK && class != previous {
            let key = alphabet.get(class - 1).map_or(" ", String::as_str);
            text.push_str(key);
            // Spaces only pad one-digit months and days (` 8月`) and change no value: a doubtful
            // space must not make a sure date look doubtful.
            if !key.trim().is_empty() {
                chosen.push(*probability);
            }
        }
        previous = class;
    }
    let (mean_confidence, min_confidence) = if chosen.is_empty() {
        (0.0, 0.0)
    } else {
        (
            chosen.iter().sum::<f32>() / chosen.len() as f32,
            chosen.iter().copied().fold(f32::INFINITY, f32::min),
        )
    };
    Reading {
        text,
        mean_confidence,
        min_confidence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alphabet() -> Vec<String> {
        ["1", "2", "年"].iter().map(|s| s.to_string()).collect()
    }

    /// Rows of 5 classes: blank, "1", "2", "年", space.
    fn row(class: usize, p: f32) -> [f32; 5] {
        let mut r = [(1.0 - p) / 4.0; 5];
        r[class] = p;
        r
    }

    #[test]
    fn repeats_merge_and_blanks_separate() {
        let probs: Vec<f32> = [
            row(1, 0.9),
            row(1, 0.8),
            row(0, 0.9),
            row(1, 0.7),
            row(2, 0.6),
            row(4, 0.4),
            row(3, 0.5),
        ]
        .concat();
        let r = decode(&probs, 5, &alphabet(), None);
        assert_eq!(r.text(), "112 年");
        // The first step of a run counts, the space does not: 0.9, 0.7, 0.6, 0.5.
        assert!((r.mean_confidence() - 0.675).abs() < 1e-5);
        assert!((r.min_confidence() - 0.5).abs() < 1e-6);
        assert_eq!(
            format!("{r:?}"),
            "Reading(5 characters redacted, mean 0.675, min 0.500)"
        );
    }

    #[test]
    fn nothing_read_has_no_confidence() {
        let r = decode(&[row(0, 0.99), row(0, 0.99)].concat(), 5, &alphabet(), None);
        assert_eq!(r.text(), "");
        assert_eq!((r.mean_confidence(), r.min_confidence()), (0.0, 0.0));
    }

    #[test]
    fn a_limited_alphabet_takes_the_best_allowed_class() {
        let mut step = row(3, 0.6);
        step[2] = 0.3;
        let allowed = [false, true, true, false, false];
        let r = decode(&step, 5, &alphabet(), Some(&allowed));
        assert_eq!(r.text(), "2");
        assert!((r.min_confidence() - 0.3).abs() < 1e-6);
    }

    #[test]
    fn a_limited_alphabet_reads_a_character_where_the_model_sees_one() {
        // The model sees 年 (not allowed) far above the blank and "1": "1" is read, unsure;
        // where it sees a space or nothing, nothing is read.
        let allowed = [false, true, false, false, false];
        let step = [0.25, 0.1, 0.05, 0.55, 0.05];
        let r = decode(&step, 5, &alphabet(), Some(&allowed));
        assert_eq!(r.text(), "1");
        assert!((r.min_confidence() - 0.1).abs() < 1e-6);
        let space = [0.25, 0.1, 0.05, 0.05, 0.55];
        assert_eq!(decode(&space, 5, &alphabet(), Some(&allowed)).text(), "");
        let blank = [0.55, 0.1, 0.05, 0.25, 0.05];
        assert_eq!(decode(&blank, 5, &alphabet(), Some(&allowed)).text(), "");
    }
}
