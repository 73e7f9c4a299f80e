//! The clinic: the gateway process, the virtual cards, the kiosk's worker loop on the manual
//! clock, and what a patient can do at it (place and lift a card, touch, think).

use super::*;

/// A `myna-gateway` process, stopped and started again on the same port for the outage.
pub(super) struct GatewayProcess {
    pub(super) bin: PathBuf,
    pub(super) fixtures: PathBuf,
    pub(super) data: PathBuf,
    pub(super) db: PathBuf,
    pub(super) child: Option<Child>,
    pub(super) listen: String,
    pub(super) url: String,
}

impl GatewayProcess {
    pub(super) fn start(&mut self) -> Result<(), String> {
        let tls = self.fixtures.join("tls");
        let mut child = Command::new(&self.bin)
            .args(["--listen", &self.listen, "--config", "/dev/null", "--data"])
            .arg(&self.data)
            .arg("--db")
            .arg(&self.db)
            .arg("--tls-cert")
            .arg(tls.join("server.cert.pem"))
            .arg("--tls-key")
            .arg(tls.join("server.key.pem"))
            .args(["--rate-limit", "0"])
            .stdout(Stdio::piped())
            .stderr(match std::env::var_os("CLINIC_DAY_GATEWAY_LOG") {
                Some(_) => Stdio::inherit(),
                None => Stdio::null(),
            })
            .spawn()
            .map_err(|e| format!("{}: {e}", self.bin.display()))?;
        let mut line = String::new();
        if let Some(out) = child.stdout.take() {
            let _ = BufReader::new(out).read_line(&mut line);
        }
        let Some(url) = line.trim().strip_prefix("myna-gateway listening on ") else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("myna-gateway did not start: {line:?}"));
        };
        self.url = url.to_string();
        self.listen = url.trim_start_matches("https://").to_string();
        self.child = Some(child);
        Ok(())
    }

    pub(super) fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    pub(super) fn is_up(&self) -> bool {
        self.child.is_some()
    }
}

impl Drop for GatewayProcess {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A patient's card: a `myna-sim` process in the reader.
pub(super) struct Card {
    pub(super) child: Child,
    pub(super) stdin: ChildStdin,
}

impl Card {
    pub(super) fn control(&mut self, command: &str) {
        let _ = writeln!(self.stdin, "{command}");
        let _ = self.stdin.flush();
    }
}

impl Drop for Card {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The kiosk, its clock, the stack around it, and what the simulation saw.
pub(super) struct Clinic {
    pub(super) stack: Stack,
    pub(super) clock: Arc<ManualClock>,
    pub(super) inputs: mpsc::Sender<Input>,
    pub(super) views: mpsc::Receiver<View>,
    pub(super) screen: Screen,
    pub(super) gateway: GatewayProcess,
    pub(super) store: PathBuf,
    pub(super) data_key: PathBuf,
    pub(super) profiles: PathBuf,
    pub(super) card: Option<Card>,
    /// The folder the kiosk's frame source reads (`[face] source = "files"`): a link to the
    /// frames of whoever stands in front of the camera.
    pub(super) camera: PathBuf,
    /// The one moment every card's certificate is made from: each patient's card keeps its
    /// certificate from one visit to the next, as a real card does.
    pub(super) issued_at: i64,
    pub(super) touches: u32,
    pub(super) more_time: u32,
    /// Stops watching the reader when the clinic closes.
    pub(super) _watch: ReaderWatch,
    pub(super) _dir: tempfile::TempDir,
}

pub(super) fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in std::fs::read_dir(from)
        .map_err(|e| e.to_string())?
        .flatten()
    {
        if entry.path().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

impl Clinic {
    pub(super) fn open(stack: Stack, face: bool) -> Result<Clinic, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let d = dir.path();
        let keys = myna_kiosk::eligibility::device_key::keygen(&d.join("keys"), KIOSK_ID)
            .map_err(|e| e.to_string())?;
        let data = d.join("data");
        copy_dir(&stack.fixtures.join("insured"), &data.join("insured"))?;
        copy_dir(&stack.fixtures.join("ca"), &data.join("ca"))?;
        std::fs::copy(stack.fixtures.join("revoked.txt"), data.join("revoked.txt"))
            .map_err(|e| e.to_string())?;
        std::fs::create_dir_all(data.join("kiosks")).map_err(|e| e.to_string())?;
        std::fs::copy(
            &keys.public_key,
            data.join("kiosks").join(format!("{KIOSK_ID}.pub")),
        )
        .map_err(|e| e.to_string())?;
        let mut gateway = GatewayProcess {
            bin: stack.gateway.clone(),
            fixtures: stack.fixtures.clone(),
            data,
            db: d.join("gateway.sqlite"),
            child: None,
            listen: "127.0.0.1:0".into(),
            url: String::new(),
        };
        gateway.start()?;
        let profiles = d.join("cards");
        write_profiles(&stack.fixtures, &profiles)?;

        install_crypto_provider();
        let client = GatewayClient::from_config(&GatewayConfig {
            url: Some(gateway.url.clone()),
            ca_file: Some(stack.fixtures.join("tls/ca.cert.pem")),
            kiosk_id: Some(KIOSK_ID.into()),
            device_key: keys.device_key.clone(),
            ..GatewayConfig::default()
        })
        .map_err(|e| e.to_string())?;
        let store = d.join("kiosk.db");
        let offline = Offline {
            store: Store::open(&store, &keys.data_key).map_err(|e| e.to_string())?,
            cache_max_age: time::Duration::days(30),
            visit_retention: time::Duration::days(90),
            audit_retention: time::Duration::days(365),
        };
        let camera = d.join("camera");
        let worker_face = match face {
            true => Some(face_config(&stack, &camera)?),
            false => None,
        };
        let clock = ManualClock::running();
        let pcsc = Pcsc::establish().map_err(|e| e.to_string())?;
        let card = PcscReader::new(pcsc.clone(), stack.reader.clone());
        let mut worker = Worker::new(card, client)
            .with_offline(offline)
            .with_clock(clock.clone());
        if let Some(config) = worker_face {
            // The models are loaded once, as `myna-kiosk run` does; a kiosk without them
            // offers no face (that is `--no-face`: here their absence is an error).
            let matcher = myna_kiosk::identity::face::FaceMatcher::load(&config).map_err(|e| {
                format!("face models: {e} (run scripts/fetch-models.sh, or pass --no-face)")
            })?;
            worker = worker.with_face(Ok(matcher));
        }
        let (inputs, rx) = mpsc::channel();
        let (view_tx, views) = mpsc::channel();
        // Ends when the simulation drops its views (and the reader watch with them).
        std::thread::spawn(move || runner::run(worker, rx, view_tx, || {}, |_| {}));
        let watch = watch_reader(&pcsc, stack.reader.clone(), inputs.clone());
        let mut clinic = Clinic {
            stack,
            clock,
            inputs,
            views,
            screen: Screen::Idle,
            gateway,
            store,
            data_key: keys.data_key,
            profiles,
            card: None,
            camera,
            issued_at: time::OffsetDateTime::now_utc().unix_timestamp(),
            touches: 0,
            more_time: 0,
            _watch: watch,
            _dir: dir,
        };
        clinic.settle()?;
        Ok(clinic)
    }

    /// Waits until the kiosk waits for input again, then takes the latest screen.
    pub(super) fn settle(&mut self) -> Result<&Screen, String> {
        self.clock
            .pass(Duration::ZERO, PATIENCE)
            .map_err(|e| e.to_string())?;
        self.drain();
        Ok(&self.screen)
    }

    pub(super) fn drain(&mut self) {
        for view in self.views.try_iter() {
            self.screen = view.screen;
        }
    }

    /// The patient thinks (or the kiosk stands alone) for `d` of simulated time.
    pub(super) fn think(&mut self, d: Duration) -> Result<(), String> {
        self.clock.pass(d, PATIENCE).map_err(|e| e.to_string())?;
        self.settle().map(|_| ())
    }

    /// A touch; waits for the kiosk to show its answer (each input is answered with a view)
    /// and to wait for the next input (after whatever the touch set off: a VERIFY, the gateway).
    pub(super) fn touch(&mut self, event: UiEvent) -> Result<(), String> {
        self.touches += 1;
        self.inputs
            .send(Input::Ui(event))
            .map_err(|e| e.to_string())?;
        let view = self
            .views
            .recv_timeout(PATIENCE)
            .map_err(|_| format!("no answer to a touch; last screen {:?}", self.screen))?;
        self.screen = view.screen;
        self.settle().map(|_| ())
    }

    /// Waits (real time) for a screen `done` accepts among those that come next, then settles.
    pub(super) fn until(
        &mut self,
        what: &str,
        done: impl Fn(&Screen) -> bool,
    ) -> Result<(), String> {
        let deadline = Instant::now() + PATIENCE;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.views.recv_timeout(left) {
                Ok(view) => {
                    let matched = done(&view.screen);
                    self.screen = view.screen;
                    if matched {
                        self.settle()?;
                        return Ok(());
                    }
                }
                Err(_) => break,
            }
        }
        Err(format!(
            "{what}: not reached; last screen {:?}",
            self.screen
        ))
    }

    /// The patient steps in front of the camera: the frame source reads `fixtures/faces/<frames>`
    /// from the next attempt on (each attempt opens the folder anew). The link is replaced in
    /// one rename, so an attempt never sees half of it.
    pub(super) fn in_front_of_camera(&mut self, frames: &str) -> Result<(), String> {
        let target = self.stack.fixtures.join("faces").join(frames);
        let next = self.camera.with_extension("next");
        let _ = std::fs::remove_file(&next);
        std::os::unix::fs::symlink(&target, &next).map_err(|e| e.to_string())?;
        std::fs::rename(&next, &self.camera).map_err(|e| e.to_string())
    }

    /// Puts the patient's card (a new `myna-sim`) on the reader; waits for the kiosk to see it.
    pub(super) fn place_card(&mut self, profile: &str) -> Result<(), String> {
        let path = self.profiles.join(format!("{profile}.toml"));
        let mut child = Command::new(&self.stack.sim)
            .arg("--profile")
            .arg(&path)
            .args(["--vpcd-port", &self.stack.port.to_string()])
            .args(["--issued-at", &self.issued_at.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("{}: {e}", self.stack.sim.display()))?;
        let Some(stdin) = child.stdin.take() else {
            return Err("myna-sim without its standard input".into());
        };
        self.card = Some(Card { child, stdin });
        self.until("the card read", |s| *s != Screen::Idle)
    }

    /// The card leaves the reader (the patient or staff takes it).
    pub(super) fn lift_card(&mut self) -> Result<(), String> {
        if self.card.take().is_some() && self.screen != Screen::Idle {
            self.until("the idle screen after the card was taken", |s| {
                *s == Screen::Idle
            })?;
        }
        // pcscd must see the reader empty before the next card goes on.
        reader_empty(&self.stack.reader)?;
        self.settle().map(|_| ())
    }

    /// Counts the store's visit records and the outbox entries left.
    pub(super) fn records(&self) -> Result<(usize, usize), String> {
        let store = Store::open(&self.store, &self.data_key).map_err(|e| e.to_string())?;
        let now = time::OffsetDateTime::now_utc();
        let mut records = 0;
        for date in [now.date().previous_day(), Some(now.date())]
            .into_iter()
            .flatten()
        {
            records += store
                .visits_on(date, time::UtcOffset::UTC)
                .map_err(|e| e.to_string())?
                .len();
        }
        let pending = store
            .pending_requests(now + time::Duration::days(365), 10_000)
            .map_err(|e| e.to_string())?
            .len();
        Ok((records, pending))
    }
}

/// The kiosk's `[face]` settings: the models, the frame files behind `camera` (the card's
/// person to begin with), the defaults for the rest (three attempts, threshold 0.5). The
/// sequences must exist: scripts/fetch-models.sh makes them.
fn face_config(stack: &Stack, camera: &Path) -> Result<FaceConfig, String> {
    for frames in ["sequence", "other"] {
        let folder = stack
            .fixtures
            .join("faces")
            .join(frames)
            .join("picture_left");
        if !folder.is_dir() {
            return Err(format!(
                "{} is missing (run scripts/fetch-models.sh, or pass --no-face)",
                folder.display()
            ));
        }
    }
    std::os::unix::fs::symlink(stack.fixtures.join("faces/sequence"), camera)
        .map_err(|e| e.to_string())?;
    Ok(FaceConfig {
        source: FrameSourceKind::Files,
        path: Some(camera.to_path_buf()),
        models_dir: stack.models.clone(),
        ..FaceConfig::default()
    })
}

/// Waits until pcscd shows no card in `reader`.
pub(super) fn reader_empty(reader: &str) -> Result<(), String> {
    use pcsc::{Context, ReaderState, Scope, State};
    let ctx = Context::establish(Scope::User).map_err(|e| e.to_string())?;
    let name = std::ffi::CString::new(reader).map_err(|e| e.to_string())?;
    let mut states = [ReaderState::new(name, State::UNAWARE)];
    let deadline = Instant::now() + PATIENCE;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match ctx.get_status_change(left, &mut states) {
            Ok(()) | Err(pcsc::Error::Timeout) => {}
            Err(e) => return Err(e.to_string()),
        }
        let event = states[0].event_state();
        if !event.contains(State::PRESENT) && !event.contains(State::UNKNOWN) {
            return Ok(());
        }
        if left.is_zero() {
            return Err(format!("{reader}: the card is still there"));
        }
        states[0].sync_current_state();
    }
}

/// The card profiles the patients carry, with absolute paths: the fixtures' own, and an
/// `unregistered` one (the `normal` card with the serial of fixtures/insured/x-unregistered.toml,
/// a person whose card is not registered for insurance use) and a `face-pin-locked` one (the
/// `face-test` card with its PIN locked).
pub(super) fn write_profiles(fixtures: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
    let cards = fixtures.join("cards");
    let absolute = |text: String| {
        text.replace("\"../pki/", &format!("\"{}/pki/", fixtures.display()))
            .replace("\"images/", &format!("\"{}/images/", cards.display()))
            .replace("\"../faces/", &format!("\"{}/faces/", fixtures.display()))
    };
    for kind in Kind::MIX.map(|(k, _)| k) {
        let name = kind.profile();
        let source = match name {
            "unregistered" => "normal",
            "face-pin-locked" => "face-test",
            other => other,
        };
        let text = std::fs::read_to_string(cards.join(format!("{source}.toml")))
            .map_err(|e| format!("{source}: {e}"))?;
        let mut text = absolute(text);
        if name == "unregistered" {
            text = text.replace(
                "serial = \"1a2b3c4d00000001\"",
                "serial = \"1a2b3c4d000000f4\"",
            );
        }
        // The face-test card after three wrong PINs on an earlier day (the same card, the
        // same holder: only its PIN counter differs).
        if name == "face-pin-locked" {
            text = text.replace("tries_left = 3", "tries_left = 0");
        }
        std::fs::write(to.join(format!("{name}.toml")), text).map_err(|e| e.to_string())?;
    }
    Ok(())
}
