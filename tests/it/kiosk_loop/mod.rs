//! The kiosk without its window, on the real stack: the worker thread loop (`runner::run`) on a
//! PC/SC reader with the card monitor (`app::watch_reader`), a `myna-gateway` process, a real
//! store. Tests send what the patient touches and read the views the screen would show.
//! A module of the test binary (`tests/it/main.rs`), beside `common`.

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use myna_kiosk::app::{ReaderWatch, watch_reader};
use myna_kiosk::card::pcsc::Pcsc;
use myna_kiosk::clock::SharedClock;
use myna_kiosk::reception::adapters::PcscReader;
use myna_kiosk::reception::report::Reporter;
use myna_kiosk::reception::runner::{self, Input};
use myna_kiosk::reception::view::{Screen, UiEvent, View};
use myna_kiosk::reception::worker::{Offline, Worker};
use myna_kiosk::store::Store;

use crate::gateway_support::{DataDir, Gateway as GatewayProcess};

/// Dropped, it stops watching the reader and ends its worker loop (the card session closed)
/// before the test's reader goes back to the pool: a kiosk left running would take the next
/// test's card (a late disconnect resets the card under the next kiosk's session).
pub struct Kiosk {
    inputs: mpsc::Sender<Input>,
    views: mpsc::Receiver<View>,
    watch: Option<ReaderWatch>,
    thread: Option<std::thread::JoinHandle<()>>,
    store: PathBuf,
    data_key: PathBuf,
    _gateway: GatewayProcess,
    _dir: tempfile::TempDir,
}

/// What a test's kiosk is started with beyond its reader (the defaults: no face, the gateway
/// as it comes, no reporting, the system's clock).
#[derive(Default)]
struct Setup<'a> {
    face: Option<myna_kiosk::identity::face::FaceMatcher>,
    gateway_args: &'a [&'a str],
    health_every: Option<Duration>,
    /// Read only with `face` (the card front is a step of the face path).
    card_front: Option<myna_kiosk::identity::face::ocr::Recogniser>,
    clock: Option<SharedClock>,
}

impl Kiosk {
    pub fn start(reader: &str) -> Kiosk {
        Kiosk::start_full(reader, Setup::default())
    }

    /// With face confirmation on these models and frames.
    pub fn start_with_face(
        reader: &str,
        face: Option<myna_kiosk::identity::face::FaceMatcher>,
    ) -> Kiosk {
        Kiosk::start_full(
            reader,
            Setup {
                face,
                ..Setup::default()
            },
        )
    }

    /// With these extra arguments for `myna-gateway` (e.g. a short challenge lifetime), the
    /// kiosk's timers on `clock`.
    pub fn start_with_gateway_and_clock(
        reader: &str,
        gateway_args: &[&str],
        clock: SharedClock,
    ) -> Kiosk {
        Kiosk::start_full(
            reader,
            Setup {
                gateway_args,
                clock: Some(clock),
                ..Setup::default()
            },
        )
    }

    /// Reporting to the gateway (issue 19): cases, health every `health_every`, and the long
    /// poll for acknowledgements.
    pub fn start_reporting(reader: &str, health_every: Duration) -> Kiosk {
        Kiosk::start_full(
            reader,
            Setup {
                health_every: Some(health_every),
                ..Setup::default()
            },
        )
    }

    /// With face confirmation whose 照合番号B is read from the card front (issue 20) by
    /// `recogniser`, on the frames of `[face] card_front_path`.
    pub fn start_with_card_front(
        reader: &str,
        face: myna_kiosk::identity::face::FaceMatcher,
        recogniser: myna_kiosk::identity::face::ocr::Recogniser,
    ) -> Kiosk {
        Kiosk::start_full(
            reader,
            Setup {
                face: Some(face),
                card_front: Some(recogniser),
                ..Setup::default()
            },
        )
    }

    fn start_full(reader: &str, setup: Setup) -> Kiosk {
        let Setup {
            face,
            gateway_args,
            health_every,
            card_front,
            clock,
        } = setup;
        let gateway = GatewayProcess::start_with(DataDir::new(), true, gateway_args);
        let dir = tempfile::tempdir().unwrap();
        let keys =
            myna_kiosk::eligibility::device_key::keygen(&dir.path().join("keys"), "k").unwrap();
        let store = dir.path().join("kiosk.db");
        let offline = Offline {
            store: Store::open(&store, &keys.data_key).unwrap(),
            cache_max_age: time::Duration::days(30),
            visit_retention: time::Duration::days(90),
            audit_retention: time::Duration::days(365),
        };
        let pcsc = Pcsc::establish().unwrap();
        let card = PcscReader::new(pcsc.clone(), reader.to_owned());
        let reporter = health_every.map(|every| {
            let store = offline.store.another_connection(&keys.data_key).unwrap();
            Reporter::start(gateway.client(), Some(store), every)
        });
        let mut worker = Worker::new(card, gateway.client());
        // The clock first: the reporter takes its first deadline from it.
        if let Some(clock) = clock {
            worker = worker.with_clock(clock);
        }
        worker = worker.with_offline(offline).with_reporter(reporter);
        if let Some(face) = face {
            worker = worker.with_face(Ok(face)).with_card_front(card_front);
        }
        let (inputs, rx) = mpsc::channel();
        worker.listen_for_acknowledgements(inputs.clone());
        let (view_tx, views) = mpsc::channel();
        let thread = std::thread::spawn(move || runner::run(worker, rx, view_tx, || {}, |_| {}));
        let watch = watch_reader(&pcsc, reader.to_owned(), inputs.clone());
        Kiosk {
            inputs,
            views,
            watch: Some(watch),
            thread: Some(thread),
            store,
            data_key: keys.data_key,
            _gateway: gateway,
            _dir: dir,
        }
    }

    /// The `myna-gateway` process this kiosk talks to.
    pub fn gateway(&self) -> &GatewayProcess {
        &self._gateway
    }

    pub fn touch(&self, event: UiEvent) {
        self.inputs.send(Input::Ui(event)).unwrap();
    }

    /// Sends what the card monitor would (it sends its own too).
    pub fn send(&self, input: Input) {
        self.inputs.send(input).unwrap();
    }

    pub fn type_pin(&self, pin: &str) {
        for d in pin.bytes() {
            self.touch(UiEvent::PinDigit(d - b'0'));
        }
        self.touch(UiEvent::PinSubmit);
    }

    /// The next view within `limit` (`None` when none came).
    pub fn next_view(&self, limit: Duration) -> Option<View> {
        self.views.recv_timeout(limit).ok()
    }

    /// The next screen that satisfies `done` (earlier ones skipped), within 20 s.
    pub fn screen(&self, done: impl Fn(&Screen) -> bool) -> Screen {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut last = None;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.next_view(left).ok_or(()) {
                Ok(view) if done(&view.screen) => return view.screen,
                Ok(view) => last = Some(view.screen),
                Err(_) => break,
            }
        }
        panic!("screen not reached; last: {last:?}");
    }

    /// Visits recorded in the store today.
    pub fn visits_today(&self) -> usize {
        let store = Store::open(&self.store, &self.data_key).unwrap();
        let now = time::OffsetDateTime::now_utc();
        store
            .visits_on(now.date(), time::UtcOffset::UTC)
            .unwrap()
            .len()
            + store
                .visits_on(now.date().previous_day().unwrap(), time::UtcOffset::UTC)
                .unwrap()
                .len()
    }
}

impl Drop for Kiosk {
    fn drop(&mut self) {
        drop(self.watch.take());
        // The reporter's listener holds inputs open too: the loop is told to end.
        let _ = self.inputs.send(Input::Shutdown);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
