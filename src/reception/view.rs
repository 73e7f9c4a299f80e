//! What the screen shows and what a touch means: the only types the UI layer sees.
//! The UI renders a [`View`] and turns touches into [`UiEvent`]s; it never calls the card,
//! the network or the database. Everything here is already safe to show: no PIN digits, no
//! card data beyond what the patient is meant to see.

use crate::eligibility::protocol::Consent;
use crate::store::VisitStatus;

/// The statuses of offline checks and refused replays that the staff screen names (its texts
/// are `staff-status-<status>`).
pub const OFFLINE_CHECK_STATUSES: [&str; 3] = [
    VisitStatus::CardCheckFailed.as_str(),
    VisitStatus::RefusedOnReplay.as_str(),
    VisitStatus::RefusalSettled.as_str(),
];

/// Patient languages: the set MHLW's multilingual guide covers (docs/domain/eligibility.md §6). Each
/// has `assets/i18n/<tag>/main.ftl`; Japanese is the default and the reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    /// 日本語 (`ja`).
    #[default]
    Japanese,
    /// やさしい日本語 (`ja-x-easy`): plain words, short sentences, no furigana needed.
    EasyJapanese,
    /// English (`en`).
    English,
    /// 简体中文, Simplified Chinese (`zh-Hans`).
    ChineseSimplified,
    /// 繁體中文, Traditional Chinese (`zh-Hant`).
    ChineseTraditional,
    /// 한국어, Korean (`ko`).
    Korean,
    /// Tiếng Việt, Vietnamese (`vi`).
    Vietnamese,
    /// Português (Brasil) (`pt-BR`).
    Portuguese,
    /// Español (`es`).
    Spanish,
    /// Tagalog (`tl`).
    Tagalog,
    /// Bahasa Indonesia (`id`).
    Indonesian,
    /// नेपाली, Nepali (`ne`).
    Nepali,
    /// ภาษาไทย, Thai (`th`).
    Thai,
}

impl Language {
    /// From its BCP 47 tag; `Err` names the tag and the known ones.
    pub fn from_tag(tag: &str) -> Result<Language, String> {
        Language::ALL
            .into_iter()
            .find(|l| l.tag() == tag)
            .ok_or_else(|| {
                let known: Vec<_> = Language::ALL.iter().map(|l| l.tag()).collect();
                format!("unknown language {tag:?}: known are {}", known.join(", "))
            })
    }

    /// Every language, in the order of the language buttons.
    pub const ALL: [Language; 13] = [
        Language::Japanese,
        Language::EasyJapanese,
        Language::English,
        Language::ChineseSimplified,
        Language::ChineseTraditional,
        Language::Korean,
        Language::Vietnamese,
        Language::Portuguese,
        Language::Spanish,
        Language::Tagalog,
        Language::Indonesian,
        Language::Nepali,
        Language::Thai,
    ];

    /// BCP 47 tag, also the folder name under `assets/i18n/`. やさしい日本語 has no registered
    /// subtag: it is `ja-x-easy` (a private-use extension of `ja`).
    pub fn tag(self) -> &'static str {
        match self {
            Language::Japanese => "ja",
            Language::EasyJapanese => "ja-x-easy",
            Language::English => "en",
            Language::ChineseSimplified => "zh-Hans",
            Language::ChineseTraditional => "zh-Hant",
            Language::Korean => "ko",
            Language::Vietnamese => "vi",
            Language::Portuguese => "pt-BR",
            Language::Spanish => "es",
            Language::Tagalog => "tl",
            Language::Indonesian => "id",
            Language::Nepali => "ne",
            Language::Thai => "th",
        }
    }

    /// The language's name in its own script, for the language buttons.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::Japanese => "日本語",
            Language::EasyJapanese => "やさしい日本語",
            Language::English => "English",
            Language::ChineseSimplified => "简体中文",
            Language::ChineseTraditional => "繁體中文",
            Language::Korean => "한국어",
            Language::Vietnamese => "Tiếng Việt",
            Language::Portuguese => "Português",
            Language::Spanish => "Español",
            Language::Tagalog => "Tagalog",
            Language::Indonesian => "Bahasa Indonesia",
            Language::Nepali => "नेपाली",
            Language::Thai => "ภาษาไทย",
        }
    }

    /// The writing system the language needs a font for.
    pub fn script(self) -> Script {
        match self {
            Language::Japanese | Language::EasyJapanese => Script::Japanese,
            Language::ChineseSimplified => Script::ChineseSimplified,
            Language::ChineseTraditional => Script::ChineseTraditional,
            Language::Korean => Script::Korean,
            Language::Nepali => Script::Devanagari,
            Language::Thai => Script::Thai,
            Language::English
            | Language::Vietnamese
            | Language::Portuguese
            | Language::Spanish
            | Language::Tagalog
            | Language::Indonesian => Script::Latin,
        }
    }

    fn index(self) -> usize {
        Language::ALL
            .iter()
            .position(|l| *l == self)
            .unwrap_or_default()
    }
}

/// The writing systems of the patient languages: one font (or CJK face) each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    /// Latin with Vietnamese diacritics (Noto Sans).
    Latin,
    /// Kanji and kana: the JP face of Noto Sans CJK.
    Japanese,
    /// The SC face of Noto Sans CJK.
    ChineseSimplified,
    /// The TC face of Noto Sans CJK.
    ChineseTraditional,
    /// Hangul: the KR face of Noto Sans CJK.
    Korean,
    /// Noto Sans Thai.
    Thai,
    /// Noto Sans Devanagari (Nepali).
    Devanagari,
}

/// A set of languages: the ones a kiosk offers (`[ui] languages`), or the ones whose fonts are
/// installed. Japanese is always the default language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Languages(u16);

impl Languages {
    pub const ALL: Languages = Languages((1 << Language::ALL.len()) - 1);
    pub const NONE: Languages = Languages(0);

    fn bit(language: Language) -> u16 {
        1 << language.index()
    }

    /// From BCP 47 tags (`"ja"`, `"en"`, `"zh-Hans"`…); `Err` names the unknown tag.
    pub fn from_tags<S: AsRef<str>>(tags: &[S]) -> Result<Self, String> {
        let mut set = 0;
        for tag in tags {
            let language = Language::from_tag(tag.as_ref())?;
            set |= Self::bit(language);
        }
        if set == 0 {
            return Err("at least one language".into());
        }
        Ok(Languages(set))
    }

    pub fn contains(self, language: Language) -> bool {
        self.0 & Self::bit(language) != 0
    }

    /// This set with `language` added.
    pub fn with(self, language: Language) -> Self {
        Languages(self.0 | Self::bit(language))
    }

    /// This set without `language`.
    pub fn without(self, language: Language) -> Self {
        Languages(self.0 & !Self::bit(language))
    }

    /// The languages in both sets.
    pub fn intersection(self, other: Languages) -> Self {
        Languages(self.0 & other.0)
    }

    /// The languages in the set, in [`Language::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Language> {
        Language::ALL.into_iter().filter(move |l| self.contains(*l))
    }
}

impl Default for Languages {
    fn default() -> Self {
        Languages::ALL
    }
}

/// One consent category on the consent screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsentItem {
    /// 診療・薬剤情報
    MedicationClinical,
    /// 手術情報
    Surgery,
    /// 特定健診情報
    HealthCheck,
}

/// There is no 限度額 item: on the card path that information is always given, not a consent
/// (docs/domain/eligibility.md §1.4).
impl ConsentItem {
    pub const ALL: [ConsentItem; 3] = [
        ConsentItem::MedicationClinical,
        ConsentItem::Surgery,
        ConsentItem::HealthCheck,
    ];

    pub fn get(self, consent: &Consent) -> bool {
        match self {
            ConsentItem::MedicationClinical => consent.medication_clinical,
            ConsentItem::Surgery => consent.surgery,
            ConsentItem::HealthCheck => consent.health_check,
        }
    }

    pub fn set(self, consent: &mut Consent, value: bool) {
        match self {
            ConsentItem::MedicationClinical => consent.medication_clinical = value,
            ConsentItem::Surgery => consent.surgery = value,
            ConsentItem::HealthCheck => consent.health_check = value,
        }
    }
}

/// Why a patient is sent to staff (or told something went wrong). Each has a message in every
/// language; `see_staff()` says whether the screen shows the "please see the staff" line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// The card is not a My Number Card (or a next-generation card we do not know yet).
    NotMyNumberCard,
    /// The card was taken away before the end.
    CardRemoved,
    /// The reader or card did not answer properly.
    CardProblem,
    /// Wrong PIN; `tries_left` more tries (shown before going back to the PIN pad).
    WrongPin { tries_left: u8 },
    /// The PIN is locked (3 wrong entries), or was never set: face or staff only.
    PinLocked,
    /// The auth certificate expired and its grace has ended (a smartphone's: at expiry).
    CertificateExpired,
    /// An old 住基カード: never an insurance card (its certificates were all revoked).
    JukiCard,
    /// The gateway answered but not "valid, one match" (QualificationValidity 2–6, several).
    NeedsStaff,
    /// The gateway refused the request (revoked certificate, unknown kiosk, …).
    Refused,
    /// The gateway cannot be reached and nothing is cached.
    GatewayUnreachable,
    /// Face confirmation is not available on this kiosk.
    FaceUnavailable,
    /// `[face] issuer_key` is set and the card photo is not proven by it: face confirmation is
    /// refused for this card (PIN or staff).
    CardPhotoUnproven,
    /// The patient asked for staff, and the configured call mechanism called them.
    StaffCalled,
    /// The patient asked for staff, but no call mechanism is configured: "please speak to the
    /// reception counter", until touched or the card is lifted.
    SpeakToReception,
    /// The session timed out with no touch.
    TimedOut,
    /// The patient cancelled on their iPhone (they may hold it to the reader again).
    PhoneCancelled,
    /// The iPhone gave no confirmation before the kiosk's wait ran out.
    PhoneNoAnswer,
}

impl Notice {
    /// Staff need the card on the reader for this one (目視確認 of the card photo): the patient
    /// is told to leave it there, never to take it.
    pub fn card_stays(self) -> bool {
        matches!(
            self,
            Notice::PinLocked | Notice::StaffCalled | Notice::FaceUnavailable
        )
    }

    pub fn see_staff(self) -> bool {
        !matches!(
            self,
            Notice::WrongPin { .. } | Notice::TimedOut | Notice::PhoneCancelled
        )
    }
}

/// A warning shown with a result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResultWarning {
    /// The auth certificate expires within 3 months (date `YYYY-MM-DD`).
    CertificateExpiring { not_after: String },
    /// The auth certificate has expired but is inside its grace: eligibility only, no records
    /// shared (the consent screen was skipped); renew at the city office.
    CertificateInGrace { not_after: String },
    /// Any other message from the gateway, shown as it came.
    Other(String),
}

/// What the result screen shows: "done" and only what the patient must act on. The name, the
/// insurer, its number, the copay and the 限度額 category (effectively an income class) never
/// reach the patient's screen (issue 18): staff get them from the result file and the desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultView {
    /// What the patient agreed to share (for `check`'s JSON; not shown again on screen).
    pub consent: Consent,
    pub warnings: Vec<ResultWarning>,
    /// Set when the result came from the local cache: the date it was last confirmed.
    pub provisional_since: Option<String>,
    /// The patient holds a smartphone, not a card: "take your phone".
    pub phone: bool,
}

/// Which way the patient is asked to turn, from the patient's own point of view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TurnSide {
    Left,
    Right,
}

/// What the face screen says after the last frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaceGuide {
    /// The card photo is being read and the camera started.
    Starting,
    /// "Look at the camera": no face in the picture.
    NoFace,
    /// "Only one person, please".
    SeveralFaces,
    /// The face is too small: "come a little closer".
    ComeCloser,
    /// Comparing: `agreeing` of `needed` frames matched so far.
    Looking { agreeing: u32, needed: u32 },
    /// "Turn your head slowly to your `side`".
    TurnHead(TurnSide),
}

/// The camera frame behind the guidance, with the face box, for this screen only: never
/// stored, never logged. RGB, 3 bytes a pixel.
#[derive(Clone, PartialEq, Eq)]
pub struct FacePreview {
    pub width: u32,
    pub height: u32,
    pub rgb: std::sync::Arc<Vec<u8>>,
    /// `[left, top, width, height]` in frame pixels.
    pub face: Option<[u32; 4]>,
}

impl std::fmt::Debug for FacePreview {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "FacePreview({}x{}, {:?})",
            self.width, self.height, self.face
        )
    }
}

/// What the card-front camera screen says after the last frame (issue 20).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontGuide {
    /// The camera is being started.
    Starting,
    /// No card in the picture: "show the front of your card".
    ShowCard,
    /// Part of the card is outside the picture: "bring the whole card into view".
    CutByEdge,
    /// The card is too small: "bring it closer".
    Closer,
    /// Blurred or moving: "hold still".
    HoldStill,
    /// Glare on the printed fields: "tilt the card a little".
    TiltForGlare,
    /// Well in view, being read.
    Reading,
}

/// The camera frame behind the card-front guidance, with the card's outline (frame pixels,
/// clockwise from the card's top left), for this screen only: never stored, never logged.
#[derive(Clone, PartialEq, Eq)]
pub struct CardPreview {
    pub width: u32,
    pub height: u32,
    pub rgb: std::sync::Arc<Vec<u8>>,
    pub outline: Option<[[u32; 2]; 4]>,
}

impl std::fmt::Debug for CardPreview {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "CardPreview({}x{}, outline: {})",
            self.width,
            self.height,
            self.outline.is_some()
        )
    }
}

/// Why an attempt at face confirmation did not confirm the patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaceMiss {
    /// The face did not match the card photo ("remove a mask or glasses").
    NotSamePerson,
    /// No face was seen long enough.
    NoFace,
    /// The head did not turn as asked, or the picture did not move.
    Liveness,
    /// The frames ran out before a clear answer.
    Inconclusive,
}

/// Why face confirmation could not start or go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaceProblem {
    /// The typed numbers are not a date in that era or not a 20xx expiry year.
    BadCode,
    /// The card refused 照合番号B; this many tries remain.
    WrongCode { tries_left: u8 },
    /// 照合番号B is locked, or has too few tries left to risk one: staff help.
    CodeLocked,
    /// The card has no card face (a smartphone), or its photo cannot be used.
    NoCardPhoto,
    /// The camera stopped answering.
    Camera,
    /// `[face] issuer_key` is set and the card photo is not proven by it: the photo may be
    /// someone else's, so the kiosk does not match a face against it.
    CardDataUnproven,
}

/// The screen to show.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Screen {
    /// Language choice and "place your card".
    #[default]
    Idle,
    /// Reading the card (and, later, asking the gateway): "please wait, keep the card in place".
    Working,
    /// Face or PIN. `tries_left` is shown with the PIN option.
    MethodChoice {
        pin_available: bool,
        face_available: bool,
        tries_left: Option<u8>,
    },
    /// The PIN pad. `entered` digits are shown masked.
    PinEntry {
        entered: usize,
        tries_left: Option<u8>,
    },
    /// One try left: say so, offer face or staff, send the PIN only after this confirmation.
    LastTryWarning {
        face_available: bool,
    },
    /// 全て同意 / 個別に選ぶ / 同意しない, nothing preselected. `selection` is the individual
    /// choice so far.
    Consent {
        individually: bool,
        selection: Consent,
    },
    /// "Done", what the patient must act on, and "please take your card": the visit ends when
    /// the card is lifted.
    Result(ResultView),
    Notice(Notice),
    /// The visit is over (after a notice or a timeout): a large "please take your card" (or,
    /// where staff need it, "leave the card on the reader"); the visit ends when it is lifted.
    TakeCard {
        /// Staff need the card: "leave it on the reader".
        leave: bool,
        /// A smartphone: "take your phone".
        phone: bool,
        /// The visit ended because nothing was touched.
        timed_out: bool,
    },
    /// "Call staff" during a visit: the visit ends here, so the patient is asked once.
    ConfirmCallStaff,
    /// Face path, first step: 照合番号B from the card front (it opens the card photo).
    FaceCode {
        entry: crate::reception::code_b::CodeBEntry,
        problem: Option<FaceProblem>,
    },
    /// The camera check, attempt `attempt` of `attempts`.
    FaceCheck {
        attempt: u32,
        attempts: u32,
        guide: FaceGuide,
        preview: Option<FacePreview>,
    },
    /// Face path with a card-front reader: "hold the FRONT of your card up to the camera", the
    /// live picture with the card's outline, and "type it instead".
    CardFront {
        guide: FrontGuide,
        preview: Option<CardPreview>,
    },
    /// The card was lifted for the camera: "put the same card back on the reader" within
    /// `seconds`; `checking` while the card put back is being checked.
    PutCardBack {
        seconds: u32,
        checking: bool,
    },
    /// A screen was left alone: "do you need more time?"; the visit ends after `seconds`.
    /// `cleared`: digits the patient had typed were cleared (said on the screen only then).
    MoreTime {
        seconds: u32,
        cleared: bool,
    },
    /// An attempt did not confirm the patient: try again (when attempts remain), the PIN (when
    /// the card has one), or staff.
    FaceRetry {
        miss: FaceMiss,
        can_retry: bool,
        pin_available: bool,
    },
    /// "Confirm on your iPhone" (Face ID / Touch ID), with the kiosk's countdown once the
    /// phone has been asked. No PIN pad.
    PhoneConfirm {
        seconds_left: Option<u32>,
    },
}

/// Everything the UI needs for one frame.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct View {
    pub language: Language,
    /// What the patient turned on for this visit (large text, high contrast, audio guidance).
    pub assist: Assist,
    pub screen: Screen,
    /// `myna-kiosk demo` only: the virtual card profiles that can be put on the reader, and the
    /// one on it now. Empty in `run`.
    pub demo: Option<DemoPanel>,
    /// The staff desk, while staff use it (it covers the patient screen).
    pub staff: Option<super::desk::StaffView>,
    /// A staff member acknowledged this patient's case at the clinic server ("on my way"):
    /// the see-staff screen says staff are coming (issue 19).
    pub staff_coming: bool,
}

/// Display and sound aids the patient can turn on (idle screen buttons, or the `+` key of a
/// keypad for audio guidance). Like the language, they last one visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Assist {
    /// Everything drawn larger (text and touch targets).
    pub large_text: bool,
    /// Light text on black, yellow actions.
    pub high_contrast: bool,
    /// Each step is spoken (`assets/audio/<language>/<step>.ogg`).
    pub audio: bool,
}

/// The demo's side panel (staff-coloured, outside the patient screen): insert/remove virtual cards.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DemoPanel {
    /// Profile names (`fixtures/cards/<name>.toml`) with their one-line descriptions.
    pub profiles: Vec<(String, String)>,
    pub inserted: Option<usize>,
}

/// What a touch (or key) on the screen means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UiEvent {
    SelectLanguage(Language),
    /// The patient turned an aid on or off (the whole new set).
    SetAssist(Assist),
    ChoosePin,
    ChooseFace,
    PinDigit(u8),
    PinBackspace,
    PinClear,
    PinSubmit,
    /// On the last-try warning: "yes, send my PIN".
    ConfirmLastTry,
    ConsentAll,
    ConsentIndividually,
    /// "Show none" on the first consent screen.
    ConsentNone,
    ToggleConsent(ConsentItem),
    SubmitConsent,
    CallStaff,
    /// The era of the birth date on the card front (face path).
    CodeEra(crate::wareki::Era),
    CodeDigit(u8),
    CodeBackspace,
    CodeSubmit,
    /// On the card-front camera screen: "type the numbers instead".
    TypeInstead,
    /// Another face attempt.
    FaceRetry,
    /// "Yes, I need more time".
    StillHere,
    /// A touch on the staff desk.
    Staff(super::desk::StaffUi),
    /// "Done" / "OK" on a result or notice.
    Finish,
    Back,
    /// Demo panel: put profile N on the reader / take the card away.
    DemoInsert(usize),
    DemoRemove,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_from_tags_and_back() {
        let tags: Vec<_> = Language::ALL.iter().map(|l| l.tag()).collect();
        assert_eq!(Languages::from_tags(&tags), Ok(Languages::ALL));
        let set = Languages::from_tags(&["th", "ja-x-easy", "zh-Hant"]).unwrap();
        assert_eq!(
            set.iter().collect::<Vec<_>>(),
            [
                Language::EasyJapanese,
                Language::ChineseTraditional,
                Language::Thai
            ]
        );
        assert!(!set.contains(Language::Japanese));
        assert_eq!(set.without(Language::Thai).with(Language::Thai), set);
        let err = Languages::from_tags(&["xx"]).unwrap_err();
        assert!(err.contains("xx") && err.contains("pt-BR"), "{err}");
        assert!(Languages::from_tags::<&str>(&[]).is_err());
        assert_eq!(Languages::ALL.iter().count(), 13);
        assert_eq!(Language::default(), Language::Japanese);
        let mut unique = tags.clone();
        unique.dedup();
        assert_eq!(unique.len(), 13);
    }
}
