//! The patients of the day: their kinds, the mix, and the dice that pick them.

use super::*;

/// What the patient's card is and what they do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// Knows the PIN, types it, agrees to all.
    PinKnown,
    /// The same, the certificate expires within three months (a warning on the result).
    ExpiringSoon,
    /// Types a wrong PIN once, then the right one.
    PinMistypedOnce,
    /// Does not remember the PIN: one wrong guess, then calls staff.
    PinForgotten,
    /// The PIN is locked (three wrong entries on an earlier day).
    PinLocked,
    /// The card was issued without a PIN.
    NoPin,
    /// The certificate expired within its grace: eligibility only.
    InGrace,
    /// The certificate expired past its grace.
    PastGrace,
    /// A smartphone with the certificate (Android): the PIN on the kiosk's pad.
    AndroidToken,
    /// An iPhone: confirms on the phone.
    IphoneToken,
    /// An old 住基カード.
    JukiCard,
    /// A card whose holder is not registered for insurance use (有効（未登録）).
    Unregistered,
    /// Lifts the card at the consent screen, thinking the PIN was the last step, then puts it
    /// back and starts again.
    LiftsEarly,
    /// Leaves at the consent screen without a touch.
    WalksAway,
    /// Reads the PIN screen for 75 s before typing (past the screen's minute).
    SlowReader,
    /// A card that can do both (the face-test card); chooses face at the method screen (does
    /// not trust their memory of the PIN, or prefers it): 照合番号B, the camera, consent.
    FaceChosen,
    /// The face-test card with its PIN locked (forgotten on an earlier day): the kiosk goes
    /// straight to the 照合番号B pad.
    FacePinLocked,
    /// Chooses face and mistypes the security code once: the card counts a try, the pad says
    /// so and keeps the digits; the patient retypes the code.
    FaceCodeMistyped,
    /// Someone else in front of the camera with the face-test card (a family member bringing
    /// the holder's card): every attempt misses, then staff.
    FaceNotMatching,
}

impl Kind {
    /// Per 100 patients (UNCONFIRMED mix: no public figures per clinic; chosen so that every
    /// case appears a few times in a few hundred visits).
    /// The face kinds (10 per 100) were taken from those who know their PIN (48 before).
    pub(super) const MIX: [(Kind, u32); 19] = [
        (Kind::PinKnown, 38),
        (Kind::ExpiringSoon, 4),
        (Kind::PinMistypedOnce, 9),
        (Kind::PinForgotten, 4),
        (Kind::PinLocked, 3),
        (Kind::NoPin, 2),
        (Kind::InGrace, 3),
        (Kind::PastGrace, 2),
        (Kind::AndroidToken, 4),
        (Kind::IphoneToken, 6),
        (Kind::JukiCard, 2),
        (Kind::Unregistered, 3),
        (Kind::LiftsEarly, 4),
        (Kind::WalksAway, 3),
        (Kind::SlowReader, 3),
        (Kind::FaceChosen, 5),
        (Kind::FacePinLocked, 2),
        (Kind::FaceCodeMistyped, 1),
        (Kind::FaceNotMatching, 2),
    ];

    /// Whether the patient chooses face where the kiosk offers it.
    pub(super) fn chooses_face(self) -> bool {
        matches!(
            self,
            Kind::FaceChosen | Kind::FacePinLocked | Kind::FaceCodeMistyped | Kind::FaceNotMatching
        )
    }

    /// 照合番号B as printed on the patient's card front, for those who type it: the era of the
    /// birth date and the 14 digits (the face-test card: 昭和36年8月4日, expiry 2034, security
    /// code 4817; fixtures/cards/face-test.toml).
    pub(super) fn code_b(self) -> Option<(Era, &'static str)> {
        self.chooses_face()
            .then_some((Era::Showa, "36080420344817"))
    }

    /// The frame sequence the camera sees while this patient stands at the kiosk
    /// (fixtures/faces, made by scripts/models/face-frames.sh): `sequence` is the face-test
    /// card's person (other photos of the one on the card, facing and then turning), `other`
    /// somebody else.
    pub(super) fn frames(self) -> &'static str {
        match self {
            Kind::FaceChosen | Kind::FacePinLocked | Kind::FaceCodeMistyped => "sequence",
            _ => "other",
        }
    }

    /// The PIN the patient knows (that of the card's profile).
    pub(super) fn pin(self) -> &'static str {
        match self {
            Kind::ExpiringSoon => "2468",
            Kind::InGrace => "1357",
            _ => "1234",
        }
    }

    pub(super) fn profile(self) -> &'static str {
        match self {
            Kind::PinKnown
            | Kind::PinMistypedOnce
            | Kind::PinForgotten
            | Kind::LiftsEarly
            | Kind::WalksAway
            | Kind::SlowReader => "normal",
            Kind::ExpiringSoon => "expiring-soon",
            Kind::PinLocked => "pin-locked",
            Kind::NoPin => "no-pin",
            Kind::InGrace => "expired-recently",
            Kind::PastGrace => "expired-long-ago",
            Kind::AndroidToken => "android-token",
            Kind::IphoneToken => "iphone-token",
            Kind::JukiCard => "juki-card",
            Kind::Unregistered => "unregistered",
            Kind::FaceChosen | Kind::FaceCodeMistyped | Kind::FaceNotMatching => "face-test",
            Kind::FacePinLocked => "face-pin-locked",
        }
    }
}

/// One synthetic patient.
#[derive(Debug, Clone)]
pub struct Patient {
    pub kind: Kind,
    pub language: Language,
    /// Takes twice as long for each step.
    pub slow: bool,
    /// Leaves the card on the reader unless a screen tells them to take it.
    pub forgetful: bool,
    /// Time after the previous patient left.
    pub gap: Duration,
}

/// splitmix64: a fixed, seeded sequence (the morning is the same for a seed).
pub(super) struct Dice(pub(super) u64);

impl Dice {
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, n).
    pub(super) fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// Uniform seconds in [low, high).
    pub(super) fn secs(&mut self, low: f64, high: f64) -> Duration {
        let unit = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        Duration::from_secs_f64(low + unit * (high - low))
    }
}

/// The morning's patients: the mix in [`Kind::MIX`] over the first `n` of a shuffled 100-patient
/// deck (repeated), one in five in a language other than Japanese (all 13 in turn), a third
/// slow, one in ten forgetful, 0–90 s between patients.
pub fn patients(plan: &Plan) -> Vec<Patient> {
    let mut dice = Dice(plan.seed);
    let mut deck: Vec<Kind> = vec![];
    let mut out = vec![];
    for i in 0..plan.patients {
        if deck.is_empty() {
            deck = Kind::MIX
                .iter()
                .flat_map(|&(kind, n)| std::iter::repeat_n(kind, n as usize))
                .collect();
            for j in (1..deck.len()).rev() {
                deck.swap(j, dice.below(j as u64 + 1) as usize);
            }
        }
        let kind = deck.pop().unwrap_or(Kind::PinKnown);
        let language = match i % 5 {
            4 => Language::ALL[1 + (i / 5) % 12],
            _ => Language::Japanese,
        };
        out.push(Patient {
            kind,
            language,
            slow: dice.below(3) == 0,
            forgetful: dice.below(10) == 0,
            gap: dice.secs(0.0, 90.0),
        });
    }
    out
}
