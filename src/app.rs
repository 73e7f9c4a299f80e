//! Composition of the kiosk app: `run` (a real reader and gateway) and `demo` (virtual cards
//! and an in-process gateway). The window itself is in `ui`; the flow and its worker in
//! `reception`. `run` never falls back to a virtual card.

use crate::identity::face::{FaceConfig, FaceMatcher, FrameSourceKind};
use crate::reception::desk::FaceOff;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex, PoisonError};

use time::OffsetDateTime;
use tracing::warn;

use crate::card::CardError;
use crate::card::monitor::{CardEvent, CardMonitor};
use crate::card::pcsc::Pcsc;
use crate::card::transport::{InMemoryTransport, Transport};
use crate::reception::adapters::PcscReader;
use crate::reception::runner::{self, Input};
use crate::reception::view::{DemoPanel, UiEvent, View};
use crate::reception::worker::{CardAccess, Gateway, Offline, Worker};
use crate::sim::VirtualCard;
use crate::ui::{self, Repaint, UiOptions};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    Card(#[from] CardError),
    #[error("{0}")]
    Ui(#[from] ui::UiError),
    #[error("demo: {0}")]
    Demo(String),
    #[error("{0}")]
    Config(String),
}

/// Starts the worker thread on `inputs` (the caller's channel: a reader watch may feed it too)
/// and a forwarder from the UI's events to it.
fn start_worker<C, G>(
    mut worker: Worker<C, G>,
    (input_tx, input_rx): (Sender<Input>, mpsc::Receiver<Input>),
    repaint: Repaint,
    forward: impl Fn(UiEvent, &Sender<Input>) + Send + 'static,
    decorate: impl Fn(&mut View) + Send + 'static,
) -> (mpsc::Receiver<View>, Sender<UiEvent>)
where
    C: CardAccess + 'static,
    G: Gateway + 'static,
{
    let (view_tx, view_rx) = mpsc::channel();
    let (ui_tx, ui_rx) = mpsc::channel::<UiEvent>();
    worker.listen_for_acknowledgements(input_tx.clone());
    let to_worker = input_tx;
    std::thread::spawn(move || {
        for event in ui_rx {
            forward(event, &to_worker);
        }
    });
    std::thread::spawn(move || {
        runner::run(
            worker,
            input_rx,
            view_tx,
            move || repaint.request(),
            decorate,
        )
    });
    (view_rx, ui_tx)
}

/// `myna-kiosk run`: the card in `reader`, the configured gateway, and the clinic's own
/// systems where configured (result files, number queries through the 資格確認端末's folders).
pub fn run<G: Gateway + 'static>(
    reader: String,
    gateway: G,
    offline: Offline,
    config: &crate::config::Config,
    clinic: crate::clinic::ClinicLinks,
    reporter: Option<crate::reception::report::Reporter>,
    options: UiOptions,
) -> Result<(), AppError> {
    let pcsc = Pcsc::establish()?;
    let worker = Worker::new(PcscReader::new(pcsc.clone(), reader.clone()), gateway)
        .with_offline(offline)
        .with_facility_code(config.gateway.facility_code.clone())
        .with_staff(&config.staff)
        .with_result_writer(clinic.result_writer)
        .with_folder_gateway(clinic.folder)
        .with_face(load_face(&config.face))
        .with_card_front(load_card_front(&config.face))
        .with_issuer_key(load_issuer_key(&config.face)?)
        .with_phone_wait(config.card.phone_confirm_timeout())
        .with_card_left(config.card.card_left_timeout())
        .with_reporter(reporter);
    let (inputs, input_rx) = mpsc::channel();
    // Watched for as long as the window is open.
    let _watch = watch_reader(&pcsc, reader, inputs.clone());
    ui::run_window(options, move |repaint| {
        let (views, events) = start_worker(
            worker,
            (inputs, input_rx),
            repaint,
            |event, inputs| {
                let _ = inputs.send(Input::Ui(event));
            },
            |_| {},
        );
        (views, events)
    })?;
    Ok(())
}

/// Watches `reader` with a [`CardMonitor`] and tells the worker when a card comes or goes. The
/// reader unplugged, or pcscd stopped, counts as the card gone; when they come back the card on
/// the reader is reported again, so the kiosk goes on by itself. Watches until the returned
/// [`ReaderWatch`] is dropped or the worker's inputs close.
pub fn watch_reader(pcsc: &Pcsc, reader: String, inputs: mpsc::Sender<Input>) -> ReaderWatch {
    let (card_tx, card_rx) = mpsc::channel();
    let monitor = CardMonitor::spawn(pcsc, Some(reader.clone()), card_tx);
    let thread = std::thread::spawn(move || {
        for event in card_rx {
            let input = match event {
                CardEvent::CardInserted { reader: r, .. } if r == reader => Input::CardInserted,
                CardEvent::CardRemoved { reader: r } | CardEvent::ReaderDetached { reader: r }
                    if r == reader =>
                {
                    Input::CardRemoved
                }
                _ => continue,
            };
            if inputs.send(input).is_err() {
                return;
            }
        }
    });
    ReaderWatch {
        monitor: Some(monitor),
        thread: Some(thread),
    }
}

/// A reader being watched ([`watch_reader`]). Dropping it stops the monitor and waits for the
/// forwarding thread, so that nothing of this kiosk reacts to a card put on the reader later
/// (tests put the next card on the same reader).
#[must_use = "the reader is watched only while this lives"]
pub struct ReaderWatch {
    monitor: Option<CardMonitor>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for ReaderWatch {
    fn drop(&mut self) {
        // The monitor's thread ends and drops its sender: the forwarding loop ends with it.
        if let Some(monitor) = self.monitor.take() {
            monitor.stop();
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The demo's reader: whichever virtual card the demo panel put on it.
#[derive(Clone, Default)]
pub struct VirtualReader {
    slot: Arc<Mutex<Option<VirtualCard>>>,
}

impl VirtualReader {
    pub fn put(&self, card: Option<VirtualCard>) {
        *self.slot.lock().unwrap_or_else(PoisonError::into_inner) = card;
    }

    /// Takes the card off the reader (to put it back later, as it is).
    pub fn take(&self) -> Option<VirtualCard> {
        self.slot
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }
}

impl CardAccess for VirtualReader {
    fn connect(&mut self) -> Result<Box<dyn Transport>, CardError> {
        if self
            .slot
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_none()
        {
            return Err(CardError::NoCard);
        }
        let slot = self.slot.clone();
        Ok(Box::new(InMemoryTransport::new(move |apdu| {
            let mut slot = slot.lock().unwrap_or_else(PoisonError::into_inner);
            slot.as_mut().map(|card| card.process(apdu))
        })))
    }

    /// The demo's reader is always there.
    fn reader_present(&self) -> Option<bool> {
        Some(true)
    }
}

/// The card profiles under `dir` (`*.toml`, sorted), with their descriptions. A profile whose
/// files are missing (`face-test.toml`'s photo is made by scripts/fetch-models.sh) is left out
/// with a warning naming the file; a profile that does not parse is an error.
pub fn demo_profiles(dir: &Path) -> Result<Vec<(String, String, PathBuf)>, AppError> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| AppError::Demo(format!("{}: {e}", dir.display())))?;
    let mut profiles = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "toml") {
            let (profile, base) = crate::sim::profile::Profile::load(&path)
                .map_err(|e| AppError::Demo(e.to_string()))?;
            if let Some(missing) = missing_file(&profile, &base) {
                warn!(
                    "demo: leaving out {}: {} is missing",
                    path.display(),
                    missing.display()
                );
                continue;
            }
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            profiles.push((name, profile.description, path));
        }
    }
    profiles.sort();
    Ok(profiles)
}

/// The first file a profile names (relative to `base`) that is not there.
fn missing_file(profile: &crate::sim::profile::Profile, base: &Path) -> Option<PathBuf> {
    let (issuer_key, surface_ap_key) = profile.surface_keys();
    [
        &profile.key,
        &profile.ca_key,
        &profile.ca_certificate,
        &profile.holder.photo,
        &profile.holder.text_image,
        &issuer_key,
        &surface_ap_key,
    ]
    .into_iter()
    .map(|file| base.join(file))
    .find(|file| !file.is_file())
}

/// `[face] issuer_key`: the J-LIS key card-surface data must be proven by. A key that is set
/// but cannot be read stops the kiosk: running on without the check would be the unsafe side.
pub fn load_issuer_key(config: &FaceConfig) -> Result<Option<crate::card::IssuerKey>, AppError> {
    let Some(path) = &config.issuer_key else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(path)
        .map_err(|e| AppError::Config(format!("[face] issuer_key {}: {e}", path.display())))?;
    crate::card::IssuerKey::from_pem(&text)
        .map(Some)
        .map_err(|e| AppError::Config(format!("[face] issuer_key {}: {e}", path.display())))
}

/// Face confirmation as `[face]` configures it: the models and a frame source, or why not
/// (logged; the staff desk shows it). Without it the kiosk offers PIN and staff only.
pub fn load_face(config: &FaceConfig) -> Result<FaceMatcher, FaceOff> {
    let missing = match config.source {
        FrameSourceKind::Camera => (!config.device.exists()).then_some(FaceOff::NoCamera),
        FrameSourceKind::Files => config
            .path
            .as_ref()
            .is_none_or(|p| !p.exists())
            .then_some(FaceOff::NoFrames),
    };
    let loaded = match missing {
        Some(reason) => Err(reason),
        None => FaceMatcher::load(config).map_err(|e| {
            tracing::warn!("face models: {e}");
            FaceOff::NoModels
        }),
    };
    if let Err(reason) = &loaded {
        tracing::warn!(
            reason = reason.code(),
            "face confirmation is off: PIN and staff only"
        );
    }
    loaded
}

/// The card-front recogniser (issue 20), loaded once at start from the face models' folder:
/// with it the face path reads 照合番号B from the card front with the camera; without it
/// (models not fetched) the patient types it, as before.
pub fn load_card_front(config: &FaceConfig) -> Option<crate::identity::face::ocr::Recogniser> {
    if config.source == FrameSourceKind::Files && config.card_front_path.is_none() {
        tracing::info!("no [face] card_front_path for the files source: patients type 照合番号B");
        return None;
    }
    match crate::identity::face::ocr::Recogniser::load(&config.models_dir) {
        Ok(recogniser) => Some(recogniser),
        Err(e) => {
            tracing::warn!("card-front OCR model: {e}");
            tracing::warn!(
                "reading 照合番号B from the card front is off: patients type it \
                 (scripts/fetch-ocr-models.sh)"
            );
            None
        }
    }
}

/// The demo's face settings: `[face]` of kiosk.toml, with the frames of the face-test card's
/// person instead of a camera (fixtures/faces/sequence, made by scripts/fetch-models.sh) and,
/// where scripts/demo.sh made them, photographs of that card's front for the card-front camera
/// (fixtures/faces/card-front, `myna-synth front`; without them the patient types 照合番号B).
pub fn demo_face(config: &FaceConfig, fixtures: &Path) -> FaceConfig {
    let card_front = fixtures.join("faces/card-front");
    FaceConfig {
        source: FrameSourceKind::Files,
        path: Some(fixtures.join("faces/sequence")),
        card_front_path: card_front.is_dir().then_some(card_front),
        ..config.clone()
    }
}

/// `myna-kiosk demo`: the app with virtual cards from `profiles_dir` and the given gateway,
/// reporting to it with `reporter` (a gateway elsewhere, whose console staff watch).
pub fn demo<G: Gateway + 'static>(
    profiles_dir: &Path,
    gateway: G,
    offline: Offline,
    (staff, face, card): (
        &crate::config::StaffConfig,
        &FaceConfig,
        &crate::config::CardConfig,
    ),
    reporter: Option<crate::reception::report::Reporter>,
    options: UiOptions,
) -> Result<(), AppError> {
    let profiles = demo_profiles(profiles_dir)?;
    add_demo_staff(&offline.store);
    let reader = VirtualReader::default();
    let panel = Arc::new(Mutex::new(DemoPanel {
        profiles: profiles
            .iter()
            .map(|(n, d, _)| (n.clone(), d.clone()))
            .collect(),
        inserted: None,
    }));
    // Each profile is one card, made once (its certificate is made when it loads): taken off
    // and put back, it is the same card, as a physical one is (offline, a cached answer is
    // given only for the certificate it was stored for).
    let on_hand: Arc<Mutex<HashMap<usize, VirtualCard>>> = Arc::default();
    let worker = Worker::new(reader.clone(), gateway)
        .with_offline(offline)
        .with_staff(staff)
        .with_face(load_face(face))
        .with_card_front(load_card_front(face))
        .with_issuer_key(load_issuer_key(face)?)
        .with_phone_wait(card.phone_confirm_timeout())
        .with_card_left(card.card_left_timeout())
        .with_reporter(reporter);
    ui::run_window(options, move |repaint| {
        let shown = panel.clone();
        let (views, events) = start_worker(
            worker,
            mpsc::channel(),
            repaint,
            move |event, inputs| {
                let input = match event {
                    UiEvent::DemoInsert(i) => {
                        let Some((_, _, path)) = profiles.get(i) else {
                            return;
                        };
                        let kept = on_hand
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .remove(&i);
                        let mut card = match kept {
                            Some(card) => card,
                            None => match crate::sim::load_card(path, OffsetDateTime::now_utc()) {
                                Ok(card) => card,
                                Err(e) => {
                                    warn!("demo: {e}");
                                    return;
                                }
                            },
                        };
                        card.reset();
                        let inserted = panel
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .inserted;
                        if let Some(j) = inserted {
                            if let Some(previous) = reader.take() {
                                on_hand
                                    .lock()
                                    .unwrap_or_else(PoisonError::into_inner)
                                    .insert(j, previous);
                            }
                            let _ = inputs.send(Input::CardRemoved);
                        }
                        reader.put(Some(card));
                        panel
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .inserted = Some(i);
                        Input::CardInserted
                    }
                    UiEvent::DemoRemove => {
                        let inserted = panel
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .inserted
                            .take();
                        if let (Some(i), Some(card)) = (inserted, reader.take()) {
                            on_hand
                                .lock()
                                .unwrap_or_else(PoisonError::into_inner)
                                .insert(i, card);
                        }
                        Input::CardRemoved
                    }
                    other => Input::Ui(other),
                };
                let _ = inputs.send(input);
            },
            move |view| {
                view.demo = Some(shown.lock().unwrap_or_else(PoisonError::into_inner).clone())
            },
        );
        (views, events)
    })?;
    Ok(())
}

/// The demo's gateway and store: the in-process gateway ([`start_demo_gateway`]: fixture
/// persons, a kiosk key of its own, plain HTTP on loopback) or one running elsewhere
/// ([`connect_demo`]). Lives as long as this value (its files are in a temporary directory).
pub struct DemoGateway {
    pub client: crate::eligibility::client::GatewayClient,
    /// The demo kiosk's own store (cache, outbox, visits), in `dir`.
    pub offline: Offline,
    /// Keys, seed data and database of the demo gateway; deleted when dropped.
    pub dir: tempfile::TempDir,
}

impl DemoGateway {
    /// Cases and health to the gateway, every `health_every`, on a connection of their own to
    /// the demo's store (its case outbox), as `run` reports.
    pub fn reporter(
        &self,
        health_every: std::time::Duration,
    ) -> Result<crate::reception::report::Reporter, AppError> {
        let cases = self
            .offline
            .store
            .another_connection(&demo_data_key(self.dir.path()))
            .map_err(|e| AppError::Demo(format!("store: {e}")))?;
        Ok(crate::reception::report::Reporter::start(
            self.client.clone(),
            Some(cases),
            health_every,
        ))
    }
}

/// The demo store's data key, made with the demo's keys in `dir/keys`.
fn demo_data_key(dir: &Path) -> PathBuf {
    dir.join("keys/data.key")
}

/// The demo kiosk's own store in `dir` (its data key in `dir/keys`): thrown away with it.
fn demo_store(dir: &Path) -> Result<Offline, AppError> {
    let store = crate::config::StoreConfig {
        path: dir.join("kiosk.sqlite"),
        data_key: demo_data_key(dir),
        ..Default::default()
    };
    Offline::open(&store).map_err(|e| AppError::Demo(e.to_string()))
}

/// `myna-kiosk demo --gateway URL`: the demo kiosk at a gateway that runs elsewhere (a clinic
/// server whose staff console shows it), as the kiosk `config` names (`kiosk_id`, and
/// `device_key`, which the gateway must have registered as `kiosks/<kiosk_id>.pub`), with a
/// store of its own in a temporary directory.
pub fn connect_demo(config: &crate::config::GatewayConfig) -> Result<DemoGateway, AppError> {
    let demo = |e: String| AppError::Demo(e);
    let kiosk_id = config.kiosk_id.as_deref().unwrap_or("demo");
    let client = crate::eligibility::client::GatewayClient::from_config(config)
        .map_err(|e| AppError::Config(e.to_string()))?;
    let dir = tempfile::tempdir().map_err(|e| demo(e.to_string()))?;
    // Only its data key is used: the device key is the one registered at the gateway.
    crate::eligibility::device_key::keygen(&dir.path().join("keys"), kiosk_id)
        .map_err(|e| demo(e.to_string()))?;
    let offline = demo_store(dir.path())?;
    Ok(DemoGateway {
        client,
        offline,
        dir,
    })
}

/// Starts [`DemoGateway`] with the persons, CA and revocation list under `fixtures`.
pub fn start_demo_gateway(fixtures: &Path) -> Result<DemoGateway, AppError> {
    use crate::eligibility::client::GatewayClient;
    use crate::gateway;
    let demo = |e: String| AppError::Demo(e);
    let dir = tempfile::tempdir().map_err(|e| demo(e.to_string()))?;
    let keys = crate::eligibility::device_key::keygen(&dir.path().join("keys"), "demo")
        .map_err(|e| demo(e.to_string()))?;
    let data = dir.path().join("data");
    for sub in ["insured", "ca"] {
        copy_dir(&fixtures.join(sub), &data.join(sub)).map_err(demo)?;
    }
    let revoked = fixtures.join("revoked.txt");
    if revoked.exists() {
        std::fs::copy(&revoked, data.join("revoked.txt")).map_err(|e| demo(e.to_string()))?;
    }
    std::fs::create_dir_all(data.join("kiosks")).map_err(|e| demo(e.to_string()))?;
    std::fs::copy(&keys.public_key, data.join("kiosks/demo.pub"))
        .map_err(|e| demo(e.to_string()))?;
    let options = gateway::Options {
        listen: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
        data,
        db: dir.path().join("gateway.sqlite"),
        tls: None,
        challenge_ttl: time::Duration::seconds(crate::eligibility::protocol::CHALLENGE_TTL_SECS),
        // It serves this one kiosk: a per-kiosk limit would only turn quick demo visits (and
        // the benchmarks built on this gateway) into offline ones.
        rate_limit: 0,
        face_max_distance: None,
        limits: gateway::Limits::default(),
        clock: gateway::clock::system(),
    };
    crate::eligibility::client::install_crypto_provider();
    let (url_tx, url_rx) = mpsc::channel();
    std::thread::spawn(move || {
        if let Err(e) = gateway::run(&options, |url| {
            let _ = url_tx.send(url.to_string());
        }) {
            warn!("demo gateway: {e}");
        }
    });
    let url = url_rx
        .recv_timeout(std::time::Duration::from_secs(10))
        .map_err(|_| demo("the in-process gateway did not start".into()))?;
    let config = crate::config::GatewayConfig {
        url: Some(url),
        kiosk_id: Some("demo".into()),
        device_key: keys.device_key,
        ..Default::default()
    };
    let client = GatewayClient::from_config(&config).map_err(|e| demo(e.to_string()))?;
    let offline = demo_store(dir.path())?;
    Ok(DemoGateway {
        client,
        offline,
        dir,
    })
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    let entries = std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))?;
    for entry in entries.flatten() {
        if entry.path().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// The demo's staff member `demo` with staff PIN `000000` (docs/operators.md, "The staff desk"),
/// so integrators can try the staff desk. Few PBKDF2 iterations: a throw-away store, and a fast start.
const DEMO_STAFF: (&str, &str) = ("demo", "000000");

fn add_demo_staff(store: &crate::store::Store) {
    use crate::reception::desk::StaffPin;
    let Some(pin) = StaffPin::parse(DEMO_STAFF.1) else {
        return;
    };
    let added = crate::reception::staff_auth::hash_pin(
        &pin,
        std::num::NonZeroU32::MIN.saturating_add(9_999),
        store.staff_pepper(),
    )
    .map_err(|e| e.to_string())
    .and_then(|hash| {
        store
            .staff_set(DEMO_STAFF.0, None, &hash)
            .map_err(|e| e.to_string())
    });
    if let Err(e) = added {
        warn!("demo staff member: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixtures() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
    }

    /// A copy of `normal.toml` in a temporary fixtures tree whose photo points nowhere is left
    /// out; the profiles whose files are there are kept.
    #[test]
    fn demo_profiles_leave_out_a_profile_with_a_missing_file() {
        let dir = tempfile::tempdir().unwrap();
        let cards = dir.path().join("cards");
        std::fs::create_dir(&cards).unwrap();
        let normal = std::fs::read_to_string(fixtures().join("cards/normal.toml")).unwrap();
        let absolute = |text: &str| {
            // Paths in a profile are relative to it: point them at the repository's fixtures.
            text.replace("\"../", &format!("\"{}/", fixtures().display()))
                .replace(
                    "\"images/",
                    &format!("\"{}/cards/images/", fixtures().display()),
                )
        };
        std::fs::write(cards.join("normal.toml"), absolute(&normal)).unwrap();
        let photo = normal
            .lines()
            .find(|line| line.starts_with("photo"))
            .unwrap();
        let broken = normal.replace(photo, "photo = \"no-such-photo.jp2\"");
        std::fs::write(cards.join("no-photo.toml"), absolute(&broken)).unwrap();

        let profiles = demo_profiles(&cards).unwrap();
        let names: Vec<_> = profiles.iter().map(|(name, _, _)| name.as_str()).collect();
        assert_eq!(names, ["normal"]);
    }

    /// Every committed profile whose files are present is offered.
    #[test]
    fn demo_profiles_keep_every_complete_fixture() {
        let profiles = demo_profiles(&fixtures().join("cards")).unwrap();
        assert!(profiles.iter().any(|(name, _, _)| name == "normal"));
        let photo = fixtures().join("faces/face-test-card.jp2");
        assert_eq!(
            profiles.iter().any(|(name, _, _)| name == "face-test"),
            photo.is_file()
        );
    }
}
