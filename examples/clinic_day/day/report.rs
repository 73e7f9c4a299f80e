//! What the day comes to: each visit's outcome, and the report over all of them.

use super::*;

/// How a visit ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A result on the screen (`provisional`: answered from the cache).
    Done { provisional: bool },
    /// Sent to staff, with the notice's reason.
    Staff(String),
    /// Left without a result and without staff.
    WalkedAway,
}

/// The way the patient proved who they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Way {
    Pin,
    /// 照合番号B and the camera.
    Face,
    Iphone,
    /// Neither got as far (staff, or left).
    None,
}

/// One simulated visit.
#[derive(Debug, Clone)]
pub struct Visit {
    pub patient: Patient,
    pub outcome: Outcome,
    pub path: Way,
    /// Patient touches from the card on the reader to the end (the language choice not counted).
    pub touches: u32,
    /// Card on the reader to the result or the staff notice (simulated time).
    pub card_to_done: Duration,
    pub card_left: bool,
    /// "Need more time?" prompts the patient saw.
    pub more_time: u32,
    /// The gateway (or the cache) answered: the store must hold a visit record for it.
    pub answered: bool,
}

/// The figures of one simulated morning.
#[derive(Debug)]
pub struct Report {
    pub visits: Vec<Visit>,
    /// Visit records in the store at the end.
    pub records: usize,
    /// Offline confirmations still in the outbox after the gateway came back and the kiosk had
    /// time to replay.
    pub outbox_left: usize,
    /// Simulated time from the first arrival to the last patient's leaving.
    pub simulated: Duration,
    pub wall: Duration,
}

impl Report {
    /// Answered visits without a record in the store.
    pub fn lost(&self) -> usize {
        let answered = self.visits.iter().filter(|v| v.answered).count();
        answered.saturating_sub(self.records)
    }

    pub fn without_staff(&self) -> usize {
        self.visits
            .iter()
            .filter(|v| matches!(v.outcome, Outcome::Done { .. }))
            .count()
    }

    pub fn staff_by_reason(&self) -> BTreeMap<String, usize> {
        let mut by = BTreeMap::new();
        for v in &self.visits {
            if let Outcome::Staff(reason) = &v.outcome {
                *by.entry(reason.clone()).or_default() += 1;
            }
        }
        by
    }

    /// Markdown: the figures, as docs/benchmarks.md shows them.
    pub fn markdown(&self) -> String {
        let n = self.visits.len();
        let mut out = String::new();
        let share = |k: usize| format!("{k} of {n} ({:.0} %)", 100.0 * k as f64 / n.max(1) as f64);
        out += "| measure | value |\n|---|---|\n";
        out += &format!(
            "| patients (simulated day / real time) | {n} ({} / {}) |\n",
            hms(self.simulated),
            hms(self.wall)
        );
        out += &format!(
            "| visits that end without staff (a result on the screen) | {} |\n",
            share(self.without_staff())
        );
        let provisional = self
            .visits
            .iter()
            .filter(|v| v.outcome == Outcome::Done { provisional: true })
            .count();
        out += &format!("| of them provisional (answered from the cache) | {provisional} |\n");
        let staff: usize = self.staff_by_reason().values().sum();
        out += &format!("| staff cases | {} |\n", share(staff));
        for (reason, k) in self.staff_by_reason() {
            out += &format!("| staff: {reason} | {k} |\n");
        }
        let walked = self
            .visits
            .iter()
            .filter(|v| v.outcome == Outcome::WalkedAway)
            .count();
        out += &format!(
            "| ended with neither result nor staff (walked away, or the kiosk timed the visit out) | {walked} |\n"
        );
        for (path, name) in [
            (Way::Pin, "PIN path"),
            (Way::Face, "face path"),
            (Way::Iphone, "iPhone path"),
        ] {
            let done: Vec<&Visit> = self
                .visits
                .iter()
                .filter(|v| v.path == path && matches!(v.outcome, Outcome::Done { .. }))
                .collect();
            let mut touches: Vec<f64> = done.iter().map(|v| f64::from(v.touches)).collect();
            let mut secs: Vec<f64> = done.iter().map(|v| v.card_to_done.as_secs_f64()).collect();
            out += &format!(
                "| {name}, to a result ({} visits): touches, median / p90 | {} / {} |\n",
                done.len(),
                pct(&mut touches, 50),
                pct(&mut touches, 90)
            );
            out += &format!(
                "| {name}: time card-to-result, median / p90 | {} s / {} s |\n",
                pct(&mut secs, 50),
                pct(&mut secs, 90)
            );
        }
        let mut staff_secs: Vec<f64> = self
            .visits
            .iter()
            .filter(|v| matches!(v.outcome, Outcome::Staff(_)))
            .map(|v| v.card_to_done.as_secs_f64())
            .collect();
        out += &format!(
            "| staff cases: time card-to-staff-notice, median / p90 | {} s / {} s |\n",
            pct(&mut staff_secs, 50),
            pct(&mut staff_secs, 90)
        );
        let more_time: u32 = self.visits.iter().map(|v| v.more_time).sum();
        out += &format!("| \"need more time?\" prompts | {more_time} |\n");
        out += &format!(
            "| cards left on the reader | {} |\n",
            self.visits.iter().filter(|v| v.card_left).count()
        );
        let answered = self.visits.iter().filter(|v| v.answered).count();
        out += &format!(
            "| visits lost (answered visits {answered}, visit records {}) | {} |\n",
            self.records,
            self.lost()
        );
        out += &format!(
            "| offline confirmations still queued at the end | {} |\n",
            self.outbox_left
        );
        out
    }
}

/// The `p`th percentile (nearest rank), one decimal; `–` when empty.
pub(super) fn pct(values: &mut [f64], p: usize) -> String {
    if values.is_empty() {
        return "–".into();
    }
    values.sort_by(f64::total_cmp);
    let rank = (values.len() * p).div_ceil(100).clamp(1, values.len());
    let v = values[rank - 1];
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

pub(super) fn hms(d: Duration) -> String {
    let s = d.as_secs();
    format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}
