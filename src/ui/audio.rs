//! Audio guidance: each patient step spoken in the patient's language, from Ogg Vorbis files made by
//! `scripts/make-audio.sh` (`<dir>/<language tag>/<cue>.ogg`), played with rodio on the default
//! output device. The patient turns it on for their visit (idle screen, or the `+` key).
//!
//! Playing runs on its own thread (rodio's output stream is not `Send`); the UI only sends it
//! the file to play next. A missing file or a device that fails is logged and never stops a
//! visit. Nothing personal is ever spoken: the files are fixed sentences, the PIN pad's digits
//! are not read aloud.

use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::{Duration, Instant};

use super::UiError;
use crate::reception::view::{Language, Notice, Screen, View};

/// What is said for a screen (the file stem, and the `audio-<cue>` text it was made from).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cue {
    Idle,
    Working,
    Method,
    Pin,
    LastTry,
    Consent,
    Result,
    ResultProvisional,
    WrongPin,
    SeeStaff,
    TimedOut,
    MoreTime,
    FaceCode,
    FaceCheck,
    FaceRetry,
    /// "Show the front of your card to the camera" (issue 20).
    CardFront,
    /// "Put the same card back on the reader".
    PutCardBack,
    Phone,
    /// "Please take your card" (the visit is over).
    TakeCard,
    /// "Leave the card on the reader": staff need it.
    LeaveCard,
    /// "Call staff? This ends your reception here."
    ConfirmCallStaff,
}

impl Cue {
    pub const ALL: [Cue; 21] = [
        Cue::Idle,
        Cue::Working,
        Cue::Method,
        Cue::Pin,
        Cue::LastTry,
        Cue::Consent,
        Cue::Result,
        Cue::ResultProvisional,
        Cue::WrongPin,
        Cue::SeeStaff,
        Cue::TimedOut,
        Cue::MoreTime,
        Cue::FaceCode,
        Cue::FaceCheck,
        Cue::FaceRetry,
        Cue::CardFront,
        Cue::PutCardBack,
        Cue::Phone,
        Cue::TakeCard,
        Cue::LeaveCard,
        Cue::ConfirmCallStaff,
    ];

    /// The file stem; the text is the `audio-<name>` message of the language's `main.ftl`.
    pub fn name(self) -> &'static str {
        match self {
            Cue::Idle => "idle",
            Cue::Working => "working",
            Cue::Method => "method",
            Cue::Pin => "pin",
            Cue::LastTry => "last-try",
            Cue::Consent => "consent",
            Cue::Result => "result",
            Cue::ResultProvisional => "result-provisional",
            Cue::WrongPin => "wrong-pin",
            Cue::SeeStaff => "see-staff",
            Cue::TimedOut => "timed-out",
            Cue::MoreTime => "more-time",
            Cue::FaceCode => "face-code",
            Cue::FaceCheck => "face-check",
            Cue::FaceRetry => "face-retry",
            Cue::CardFront => "card-front",
            Cue::PutCardBack => "put-card-back",
            Cue::Phone => "phone",
            Cue::TakeCard => "take-card",
            Cue::LeaveCard => "leave-card",
            Cue::ConfirmCallStaff => "call-staff-confirm",
        }
    }

    /// The cue of a patient screen.
    pub fn of(screen: &Screen) -> Cue {
        match screen {
            Screen::Idle => Cue::Idle,
            Screen::Working => Cue::Working,
            Screen::MethodChoice { .. } => Cue::Method,
            Screen::PinEntry { .. } => Cue::Pin,
            Screen::LastTryWarning { .. } => Cue::LastTry,
            Screen::Consent { .. } => Cue::Consent,
            Screen::Result(result) if result.provisional_since.is_some() => Cue::ResultProvisional,
            Screen::Result(_) => Cue::Result,
            Screen::Notice(Notice::WrongPin { .. }) => Cue::WrongPin,
            Screen::Notice(Notice::TimedOut) => Cue::TimedOut,
            Screen::Notice(notice) if notice.card_stays() => Cue::LeaveCard,
            Screen::Notice(_) => Cue::SeeStaff,
            Screen::TakeCard { leave: true, .. } => Cue::LeaveCard,
            Screen::TakeCard {
                timed_out: true, ..
            } => Cue::TimedOut,
            Screen::TakeCard { .. } => Cue::TakeCard,
            Screen::ConfirmCallStaff => Cue::ConfirmCallStaff,
            Screen::MoreTime { .. } => Cue::MoreTime,
            Screen::FaceCode { .. } => Cue::FaceCode,
            Screen::FaceCheck { .. } => Cue::FaceCheck,
            Screen::FaceRetry { .. } => Cue::FaceRetry,
            Screen::CardFront { .. } => Cue::CardFront,
            Screen::PutCardBack { .. } => Cue::PutCardBack,
            Screen::PhoneConfirm { .. } => Cue::Phone,
        }
    }
}

/// Whether `screen` asks for the card to be taken: it chimes as it appears, whether or not
/// guidance is on (issue 18: a card left behind is the commonest slip at a kiosk).
pub fn chimes(screen: &Screen) -> bool {
    matches!(
        screen,
        Screen::Result(_) | Screen::TakeCard { leave: false, .. }
    )
}

/// The file of `cue` in `language` under `dir`. Tagalog has no synthetic voice in Debian: its
/// files are the English ones (made so by `scripts/make-audio.sh`), under its own tag.
pub fn file(dir: &Path, language: Language, cue: Cue) -> PathBuf {
    dir.join(language.tag()).join(format!("{}.ogg", cue.name()))
}

/// What the kiosk says now, given the view: nothing unless the patient turned guidance on, and
/// nothing while staff use the screen.
fn wanted(view: &View) -> Option<(Language, Cue)> {
    (view.assist.audio && view.staff.is_none()).then(|| (view.language, Cue::of(&view.screen)))
}

/// What the player thread is asked to do: stop what it plays, then (optionally) chime, then
/// (optionally) say a file.
struct Play {
    chime: bool,
    file: Option<PathBuf>,
}

/// The player thread's handle. Speaks when the screen, language or guidance changes.
pub struct AudioGuide {
    dir: PathBuf,
    commands: Sender<Play>,
    saying: Option<(Language, Cue)>,
    /// The screen shown asks for the card to be taken (its chime was played).
    chimed: bool,
}

impl AudioGuide {
    /// Checks that `dir` has every cue in every language and opens the default output device.
    /// Either missing: an error (logged at start; the kiosk then does not offer guidance).
    pub fn open(dir: &Path) -> Result<AudioGuide, UiError> {
        let missing: Vec<String> = Language::ALL
            .iter()
            .flat_map(|&l| Cue::ALL.iter().map(move |&c| file(dir, l, c)))
            .filter(|path| !path.is_file())
            .map(|path| path.display().to_string())
            .collect();
        if let Some(first) = missing.first() {
            return Err(UiError::Audio(format!(
                "{} guidance files missing (first: {first}); run scripts/make-audio.sh",
                missing.len()
            )));
        }
        let (commands, receiver) = mpsc::channel();
        let (opened, opened_rx) = mpsc::channel();
        std::thread::Builder::new()
            .name("audio-guide".into())
            .spawn(move || player(receiver, opened))
            .map_err(|e| UiError::Audio(e.to_string()))?;
        match opened_rx.recv() {
            Ok(Ok(())) => Ok(AudioGuide {
                dir: dir.to_owned(),
                commands,
                saying: None,
                chimed: false,
            }),
            Ok(Err(message)) => Err(UiError::Audio(message)),
            Err(_) => Err(UiError::Audio("the audio thread stopped".into())),
        }
    }

    /// Follows the view: a new step (or guidance just turned on) starts its sentence, cutting
    /// off the one before; guidance turned off (or staff) stops it.
    pub fn follow(&mut self, view: &View) {
        let wanted = wanted(view);
        let chime = view.staff.is_none() && chimes(&view.screen);
        let new_chime = chime && !self.chimed;
        self.chimed = chime;
        if wanted == self.saying && !new_chime {
            return;
        }
        self.saying = wanted;
        let file = wanted.map(|(language, cue)| file(&self.dir, language, cue));
        if self
            .commands
            .send(Play {
                chime: new_chime,
                file,
            })
            .is_err()
        {
            tracing::warn!("audio guidance stopped: its thread is gone");
        }
    }
}

/// Plays `cue` in `language` to its end on the default output device (the speaker check at
/// installation, `myna-kiosk speaker-test`); returns how long it played.
pub fn speak_once(dir: &Path, language: Language, cue: Cue) -> Result<Duration, UiError> {
    let path = file(dir, language, cue);
    let source = decode(&path).map_err(UiError::Audio)?;
    let mut sink = rodio::DeviceSinkBuilder::open_default_sink()
        .map_err(|e| UiError::Audio(format!("no audio output device: {e}")))?;
    sink.log_on_drop(false);
    let player = rodio::Player::connect_new(sink.mixer());
    let started = Instant::now();
    player.append(source);
    player.sleep_until_end();
    Ok(started.elapsed())
}

fn decode(path: &Path) -> Result<rodio::Decoder<BufReader<std::fs::File>>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    rodio::Decoder::new(BufReader::new(file)).map_err(|e| format!("{}: {e}", path.display()))
}

/// Two soft tones (a falling "ding-dong"), made here: no file to ship or to go missing.
fn chime(player: &rodio::Player) {
    use rodio::Source as _;
    for (freq, millis) in [(880.0, 260), (659.0, 420)] {
        player.append(
            rodio::source::SineWave::new(freq)
                .take_duration(Duration::from_millis(millis))
                .fade_in(Duration::from_millis(15))
                .amplify(0.25),
        );
    }
}

/// The thread that owns the output device: plays each request it is sent, stopping the one
/// before.
fn player(commands: Receiver<Play>, opened: Sender<Result<(), String>>) {
    let mut sink = match rodio::DeviceSinkBuilder::open_default_sink() {
        Ok(sink) => sink,
        Err(e) => {
            let _ = opened.send(Err(format!("no audio output device: {e}")));
            return;
        }
    };
    sink.log_on_drop(false);
    let _ = opened.send(Ok(()));
    let mut playing: Option<rodio::Player> = None;
    for command in commands {
        if let Some(player) = playing.take() {
            player.stop();
        }
        if !command.chime && command.file.is_none() {
            continue;
        }
        let player = rodio::Player::connect_new(sink.mixer());
        if command.chime {
            chime(&player);
        }
        if let Some(path) = command.file {
            match decode(&path) {
                Ok(source) => player.append(source),
                Err(e) => tracing::warn!("audio guidance file: {e}"),
            }
        }
        playing = Some(player);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reception::view::Assist;

    #[test]
    fn cue_names_are_distinct() {
        let names: std::collections::HashSet<_> = Cue::ALL.iter().map(|c| c.name()).collect();
        assert_eq!(names.len(), Cue::ALL.len());
    }

    #[test]
    fn nothing_is_said_unless_asked_or_while_staff_use_the_screen() {
        let mut view = View::default();
        assert_eq!(wanted(&view), None);
        view.assist = Assist {
            audio: true,
            ..Assist::default()
        };
        view.language = Language::Thai;
        assert_eq!(wanted(&view), Some((Language::Thai, Cue::Idle)));
        view.screen = Screen::Notice(Notice::WrongPin { tries_left: 2 });
        assert_eq!(wanted(&view), Some((Language::Thai, Cue::WrongPin)));
        view.screen = Screen::Notice(Notice::GatewayUnreachable);
        assert_eq!(wanted(&view).map(|w| w.1), Some(Cue::SeeStaff));
    }

    #[test]
    fn a_missing_folder_is_an_error_naming_the_script() {
        let dir = tempfile::tempdir().unwrap();
        let Err(e) = AudioGuide::open(dir.path()) else {
            panic!("opened without files")
        };
        let message = e.to_string();
        assert!(message.contains("273 guidance files missing"), "{message}");
        assert!(message.contains("make-audio.sh"), "{message}");
    }
}
