//! `kiosk.toml`: every binary reads it (`--config PATH`, default `./kiosk.toml`); flags override it.
//! Unknown keys are errors that name the key, so a typo never silently falls back to a default.

use std::path::{Path, PathBuf};

use serde::Deserialize;

mod clinic;

pub use clinic::ClinicConfig;

pub use myna_protocol::settings::DEFAULT_PATH;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub card: CardConfig,
    #[serde(default)]
    pub sim: myna_sim::SimConfig,
    #[serde(default)]
    pub ui: UiConfig,
    #[serde(default)]
    pub gateway: GatewayConfig,
    #[serde(default)]
    pub store: StoreConfig,
    #[serde(default)]
    pub staff: StaffConfig,
    #[serde(default)]
    pub clinic: ClinicConfig,
    /// `[face]`: face matching (see `identity::face::FaceConfig`).
    #[serde(default)]
    pub face: crate::identity::face::FaceConfig,
    #[serde(default)]
    pub log: LogConfig,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LogFormat {
    /// One readable line an event.
    #[default]
    Text,
    /// One JSON object a line, for log collectors.
    Json,
}

/// `[log]`: where the kiosk logs (never card data, PINs or photos: see `logging`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogConfig {
    /// A folder for daily files (`myna-kiosk.YYYY-MM-DD.log`). Unset: standard error (the
    /// journal under systemd).
    pub dir: Option<PathBuf>,
    /// Daily files kept in `dir`; older ones are deleted (1-3650).
    pub keep_days: u32,
    pub format: LogFormat,
}

impl Default for LogConfig {
    fn default() -> Self {
        LogConfig {
            dir: None,
            keep_days: 14,
            format: LogFormat::Text,
        }
    }
}

/// `[card]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardConfig {
    /// PC/SC reader name (exact). Unset: the only reader present.
    pub reader: Option<String>,
    /// How long the kiosk waits for the patient to confirm on their iPhone (Face ID / Touch
    /// ID), in seconds: 10 to 300, default 60.
    #[serde(default = "default_phone_confirm_seconds")]
    pub phone_confirm_seconds: u32,
    /// How long a card may stay on the reader once the visit is over (the "please take your
    /// card" screen) before staff get a case, in seconds: 10 to 600, default 60.
    #[serde(default = "default_card_left_seconds")]
    pub card_left_seconds: u32,
}

impl Default for CardConfig {
    fn default() -> Self {
        CardConfig {
            reader: None,
            phone_confirm_seconds: default_phone_confirm_seconds(),
            card_left_seconds: default_card_left_seconds(),
        }
    }
}

impl CardConfig {
    /// How long a card may be left on the reader after the visit, as a duration.
    pub fn card_left_timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.card_left_seconds.into())
    }

    /// The iPhone wait as a duration.
    pub fn phone_confirm_timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.phone_confirm_seconds.into())
    }
}

fn default_phone_confirm_seconds() -> u32 {
    60
}

fn default_card_left_seconds() -> u32 {
    60
}

/// The range `[card] card_left_seconds` accepts.
pub const CARD_LEFT_SECONDS: std::ops::RangeInclusive<u32> = 10..=600;

/// The range `[card] phone_confirm_seconds` accepts.
pub const PHONE_CONFIRM_SECONDS: std::ops::RangeInclusive<u32> = 10..=300;

/// `[gateway]`: how the kiosk reaches the eligibility gateway (`eligibility::client`), and in
/// `[gateway.server]` the defaults of `myna-gateway`. Relative paths are relative to the working
/// directory.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GatewayConfig {
    /// Base URL, e.g. `https://gateway.clinic.example:8443`. Plain `http` only for loopback.
    pub url: Option<String>,
    /// PEM file of the CA that issued the gateway's TLS certificate: the only CA trusted.
    pub ca_file: Option<PathBuf>,
    /// The id this kiosk is registered under at the gateway (`kiosks/<kiosk_id>.pub`).
    pub kiosk_id: Option<String>,
    /// 医療機関コード (10 digits), sent with each confirmation. Unset: not sent.
    #[serde(default, deserialize_with = "facility_code")]
    pub facility_code: Option<String>,
    /// The kiosk's Ed25519 device key (PKCS#8, mode 0600), written by `myna-kiosk keygen`.
    #[serde(default = "default_device_key")]
    pub device_key: PathBuf,
    #[serde(default = "default_connect_timeout_ms")]
    pub connect_timeout_ms: u64,
    /// Whole request, connect included.
    #[serde(default = "default_timeout_ms")]
    pub timeout_ms: u64,
    /// Seconds between two health reports to the clinic server (issue 19): 1 to 300.
    #[serde(
        default = "default_health_seconds",
        deserialize_with = "health_seconds"
    )]
    pub health_seconds: u64,
    #[serde(default)]
    pub server: myna_gateway::ServerConfig,
}

impl Default for GatewayConfig {
    fn default() -> Self {
        GatewayConfig {
            url: None,
            ca_file: None,
            kiosk_id: None,
            facility_code: None,
            device_key: default_device_key(),
            connect_timeout_ms: default_connect_timeout_ms(),
            timeout_ms: default_timeout_ms(),
            health_seconds: default_health_seconds(),
            server: myna_gateway::ServerConfig::default(),
        }
    }
}

fn facility_code<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    let code = String::deserialize(deserializer)?;
    if code.len() == 10 && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(Some(code))
    } else {
        Err(serde::de::Error::custom(format!(
            "expected the 10-digit 医療機関コード, got {code:?}"
        )))
    }
}

fn default_health_seconds() -> u64 {
    5
}

fn health_seconds<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    let seconds = u64::deserialize(deserializer)?;
    if (1..=300).contains(&seconds) {
        Ok(seconds)
    } else {
        Err(serde::de::Error::custom(format!(
            "health_seconds {seconds}: 1 to 300"
        )))
    }
}

fn default_device_key() -> PathBuf {
    PathBuf::from("kiosk.key")
}

fn default_connect_timeout_ms() -> u64 {
    2000
}

fn default_timeout_ms() -> u64 {
    5000
}

/// `[ui]`: the touchscreen app (`myna-kiosk run` and `demo`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UiConfig {
    /// Full screen (default); `false` opens a 1280×800 window, for development.
    #[serde(default = "default_fullscreen")]
    pub fullscreen: bool,
    /// Japanese font (Noto Sans CJK or another CJK font with Japanese glyphs). Unset: the usual
    /// places (`/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc` first).
    pub cjk_font: Option<PathBuf>,
    /// Face index inside a `.ttc` collection; 0 is the JP face of Noto Sans CJK. Default 0.
    pub cjk_font_index: Option<u32>,
    /// Latin font (Noto Sans). Unset: the usual places.
    pub latin_font: Option<PathBuf>,
    /// Physical density of the touchscreen (dots per inch, 50–1000), so that buttons keep their
    /// physical size (80 points = 21 mm). Unset: the system's scale factor.
    #[serde(default, deserialize_with = "screen_dpi")]
    pub screen_dpi: Option<f32>,
    /// Physical width of the screen's visible area in millimetres (50–5000); with its pixel
    /// width this gives the density. Used when `screen_dpi` is unset.
    #[serde(default, deserialize_with = "screen_width_mm")]
    pub screen_width_mm: Option<f32>,
    /// Languages offered on the idle screen, as BCP 47 tags. Default: all of them.
    #[serde(default, deserialize_with = "languages")]
    pub languages: crate::reception::view::Languages,
    /// Offer audio guidance (when its files and a sound device are there). Default: true.
    #[serde(default = "default_true")]
    pub audio: bool,
    /// Audio guidance files, `<tag>/<cue>.ogg` (scripts/make-audio.sh). Default: assets/audio.
    #[serde(default = "default_audio_dir")]
    pub audio_dir: PathBuf,
}

impl Default for UiConfig {
    fn default() -> Self {
        UiConfig {
            fullscreen: default_fullscreen(),
            cjk_font: None,
            cjk_font_index: None,
            latin_font: None,
            screen_dpi: None,
            screen_width_mm: None,
            languages: Default::default(),
            audio: true,
            audio_dir: default_audio_dir(),
        }
    }
}

fn default_true() -> bool {
    true
}

fn default_audio_dir() -> PathBuf {
    PathBuf::from("assets/audio")
}

fn languages<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<crate::reception::view::Languages, D::Error> {
    let tags = Vec::<String>::deserialize(deserializer)?;
    crate::reception::view::Languages::from_tags(&tags).map_err(serde::de::Error::custom)
}

fn default_fullscreen() -> bool {
    true
}

fn in_range<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
    range: std::ops::RangeInclusive<f32>,
    what: &str,
) -> Result<Option<f32>, D::Error> {
    let value = f32::deserialize(deserializer)?;
    if range.contains(&value) {
        Ok(Some(value))
    } else {
        Err(serde::de::Error::custom(format!(
            "{what} must be between {} and {}, not {value}",
            range.start(),
            range.end()
        )))
    }
}

fn screen_dpi<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<f32>, D::Error> {
    in_range(d, 50.0..=1000.0, "screen_dpi")
}

fn screen_width_mm<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<f32>, D::Error> {
    in_range(d, 50.0..=5000.0, "screen_width_mm")
}

/// `[store]`: the kiosk's local SQLite store (`src/store/`): cache, outbox, visits, audit log.
/// Relative paths are relative to the working directory.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "StoreConfigFile")]
pub struct StoreConfig {
    /// The SQLite file (created with mode 0600).
    pub path: PathBuf,
    /// The 32-byte at-rest data key (mode 0600) written by `myna-kiosk keygen`.
    pub data_key: PathBuf,
    /// A cached result older than this is not used when the gateway cannot be reached (1-366).
    pub cache_max_age_days: u32,
    /// Visits older than this are purged (1-3650).
    pub visit_retention_days: u32,
    /// Audit rows older than this are purged (1-3650, at least `visit_retention_days`).
    pub audit_retention_days: u32,
}

impl Default for StoreConfig {
    fn default() -> Self {
        StoreConfig {
            path: PathBuf::from("myna-kiosk.sqlite"),
            data_key: PathBuf::from(crate::eligibility::device_key::DATA_KEY_FILE),
            cache_max_age_days: 30,
            visit_retention_days: 90,
            audit_retention_days: 1095,
        }
    }
}

/// `[store]` as written, before its ranges are checked.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StoreConfigFile {
    path: Option<PathBuf>,
    data_key: Option<PathBuf>,
    cache_max_age_days: Option<u32>,
    visit_retention_days: Option<u32>,
    audit_retention_days: Option<u32>,
}

impl TryFrom<StoreConfigFile> for StoreConfig {
    type Error = String;

    fn try_from(file: StoreConfigFile) -> Result<Self, String> {
        let default = StoreConfig::default();
        let days = |value: Option<u32>, fallback: u32, key: &str, max: u32| {
            let value = value.unwrap_or(fallback);
            if (1..=max).contains(&value) {
                Ok(value)
            } else {
                Err(format!(
                    "store.{key} must be between 1 and {max} days, not {value}"
                ))
            }
        };
        let config = StoreConfig {
            path: file.path.unwrap_or(default.path),
            data_key: file.data_key.unwrap_or(default.data_key),
            cache_max_age_days: days(
                file.cache_max_age_days,
                default.cache_max_age_days,
                "cache_max_age_days",
                366,
            )?,
            visit_retention_days: days(
                file.visit_retention_days,
                default.visit_retention_days,
                "visit_retention_days",
                3650,
            )?,
            audit_retention_days: days(
                file.audit_retention_days,
                default.audit_retention_days,
                "audit_retention_days",
                3650,
            )?,
        };
        if config.audit_retention_days < config.visit_retention_days {
            return Err(format!(
                "store.audit_retention_days ({}) must be at least store.visit_retention_days ({}): \
                 the audit log outlives the visits it records",
                config.audit_retention_days, config.visit_retention_days
            ));
        }
        if config.path.as_os_str().is_empty() || config.data_key.as_os_str().is_empty() {
            return Err("store.path and store.data_key must not be empty".into());
        }
        Ok(config)
    }
}

/// `[staff]`: the staff desk (members are added with `myna-kiosk staff add`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "StaffConfigFile")]
pub struct StaffConfig {
    /// Wrong staff PINs in a row before a member is locked out (1-20).
    pub max_failures: u32,
    /// How long a locked-out member must wait the first time (1-1440 minutes); each further
    /// lock-out in a row lasts twice as long as the one before.
    pub lockout_minutes: u32,
    /// The lock-out in a row that lasts until an admin unlocks the member (1-10): with 3, the
    /// first two are timed and the third waits for `myna-kiosk staff unlock` or an admin at the
    /// desk.
    pub max_lockouts: u32,
    /// A signed-in desk left alone this long locks itself (10-3600 seconds).
    pub idle_lock_seconds: u32,
    /// Run when a visit is sent to staff (a chime, a pager): program and arguments, no shell.
    /// Empty: no call mechanism; the patient is asked to speak to the reception counter.
    pub call_command: Vec<String>,
    /// The call is run again this often (10-3600 seconds) until a staff member signs in at the
    /// kiosk's desk.
    pub call_repeat_seconds: u32,
}

impl Default for StaffConfig {
    fn default() -> Self {
        StaffConfig {
            max_failures: 5,
            lockout_minutes: 5,
            max_lockouts: 3,
            idle_lock_seconds: 120,
            call_command: Vec::new(),
            call_repeat_seconds: 60,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StaffConfigFile {
    max_failures: Option<u32>,
    lockout_minutes: Option<u32>,
    max_lockouts: Option<u32>,
    idle_lock_seconds: Option<u32>,
    call_command: Option<Vec<String>>,
    call_repeat_seconds: Option<u32>,
}

impl TryFrom<StaffConfigFile> for StaffConfig {
    type Error = String;

    fn try_from(file: StaffConfigFile) -> Result<Self, String> {
        let default = StaffConfig::default();
        let ranged = |value: Option<u32>, fallback: u32, key: &str, min: u32, max: u32| {
            let value = value.unwrap_or(fallback);
            if (min..=max).contains(&value) {
                Ok(value)
            } else {
                Err(format!(
                    "staff.{key} must be between {min} and {max}, not {value}"
                ))
            }
        };
        let call_command = file.call_command.unwrap_or_default();
        if call_command.first().is_some_and(|p| p.is_empty()) {
            return Err("staff.call_command must start with a program".into());
        }
        Ok(StaffConfig {
            max_failures: ranged(
                file.max_failures,
                default.max_failures,
                "max_failures",
                1,
                20,
            )?,
            lockout_minutes: ranged(
                file.lockout_minutes,
                default.lockout_minutes,
                "lockout_minutes",
                1,
                1440,
            )?,
            max_lockouts: ranged(
                file.max_lockouts,
                default.max_lockouts,
                "max_lockouts",
                1,
                10,
            )?,
            idle_lock_seconds: ranged(
                file.idle_lock_seconds,
                default.idle_lock_seconds,
                "idle_lock_seconds",
                10,
                3600,
            )?,
            call_command,
            call_repeat_seconds: ranged(
                file.call_repeat_seconds,
                default.call_repeat_seconds,
                "call_repeat_seconds",
                10,
                3600,
            )?,
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

impl Config {
    /// Loads `path`; a missing file is an error only when the path was given explicitly.
    pub fn load(path: Option<&Path>) -> Result<Self, ConfigError> {
        let explicit = path.is_some();
        let path = path.unwrap_or(Path::new(DEFAULT_PATH));
        match std::fs::read_to_string(path) {
            Ok(text) => Self::parse(&text).map_err(|message| ConfigError::Invalid {
                path: path.to_path_buf(),
                message,
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
                Ok(Config::default())
            }
            Err(source) => Err(ConfigError::Read {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    pub fn parse(text: &str) -> Result<Self, String> {
        let config: Config = toml::from_str(text).map_err(|e| e.to_string())?;
        if !PHONE_CONFIRM_SECONDS.contains(&config.card.phone_confirm_seconds) {
            return Err(format!(
                "card.phone_confirm_seconds: {} is not between {} and {} (seconds the kiosk waits for the patient to confirm on their iPhone)",
                config.card.phone_confirm_seconds,
                PHONE_CONFIRM_SECONDS.start(),
                PHONE_CONFIRM_SECONDS.end()
            ));
        }
        if !CARD_LEFT_SECONDS.contains(&config.card.card_left_seconds) {
            return Err(format!(
                "card.card_left_seconds: {} is not between {} and {} (seconds a card may stay on the reader after the visit before staff get a case)",
                config.card.card_left_seconds,
                CARD_LEFT_SECONDS.start(),
                CARD_LEFT_SECONDS.end()
            ));
        }
        if !(1..=3650).contains(&config.log.keep_days) {
            return Err(format!(
                "log.keep_days: {} is not between 1 and 3650",
                config.log.keep_days
            ));
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_left_seconds_default_and_range() {
        let config = Config::parse("").unwrap();
        assert_eq!(config.card.card_left_seconds, 60);
        let config = Config::parse("[card]\ncard_left_seconds = 120\n").unwrap();
        assert_eq!(
            config.card.card_left_timeout(),
            std::time::Duration::from_secs(120)
        );
        for bad in [0, 9, 601] {
            let err = Config::parse(&format!("[card]\ncard_left_seconds = {bad}\n")).unwrap_err();
            assert!(
                err.contains("card.card_left_seconds") && err.contains("between 10 and 600"),
                "{err}"
            );
        }
    }

    #[test]
    fn phone_confirm_seconds_default_and_range() {
        assert_eq!(Config::parse("").unwrap().card.phone_confirm_seconds, 60);
        let config = Config::parse("[card]\nphone_confirm_seconds = 90\n").unwrap();
        assert_eq!(
            config.card.phone_confirm_timeout(),
            std::time::Duration::from_secs(90)
        );
        for bad in ["0", "9", "301"] {
            let err =
                Config::parse(&format!("[card]\nphone_confirm_seconds = {bad}\n")).unwrap_err();
            assert!(
                err.contains("card.phone_confirm_seconds") && err.contains("between 10 and 300"),
                "{err}"
            );
        }
        let err = Config::parse("[card]\nphone_confirm_seconds = \"60\"\n").unwrap_err();
        assert!(err.contains("phone_confirm_seconds"), "{err}");
        let err = Config::parse("[card]\nphone_confirm_seconds = -5\n").unwrap_err();
        assert!(err.contains("phone_confirm_seconds"), "{err}");
    }

    #[test]
    fn unknown_keys_are_named() {
        let err = Config::parse("[card]\nreadr = \"x\"\n").unwrap_err();
        assert!(err.contains("readr"), "{err}");
        let err = Config::parse("[sim]\nvpcd_port = 70000\n").unwrap_err();
        assert!(err.contains("vpcd_port"), "{err}");
        let err = Config::parse("[ui]\nlanguages = [\"ja\", \"xx\"]\n").unwrap_err();
        assert!(err.contains("languages") && err.contains("xx"), "{err}");
        let err = Config::parse("[gateway]\nfacility_code = \"123\"\n").unwrap_err();
        assert!(err.contains("facility_code"), "{err}");
        let config = Config::parse(
            "[ui]\nlanguages = [\"en\"]\n[gateway]\nfacility_code = \"1312345678\"\n",
        )
        .unwrap();
        assert!(
            !config
                .ui
                .languages
                .contains(crate::reception::view::Language::Japanese)
        );
        assert_eq!(config.gateway.facility_code.as_deref(), Some("1312345678"));
    }

    #[test]
    fn the_shipped_file_parses() {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/kiosk.toml")).unwrap();
        let config = Config::parse(&text).unwrap();
        assert_eq!(config.sim.vpcd_port, 35963);
        assert_eq!(config.gateway.connect_timeout_ms, 2000);
        assert_eq!(config.gateway.timeout_ms, 5000);
    }

    #[test]
    fn gateway_section_has_defaults_and_refuses_typos() {
        let config = Config::parse("[gateway]\nurl = \"https://gw:8443\"\n").unwrap();
        assert_eq!(config.gateway.url.as_deref(), Some("https://gw:8443"));
        assert_eq!(config.gateway.device_key, PathBuf::from("kiosk.key"));
        assert_eq!(config.gateway.timeout_ms, 5000);
        let err = Config::parse("[gateway]\ntimeout = 3\n").unwrap_err();
        assert!(err.contains("timeout"), "{err}");
        let err = Config::parse("[gateway.server]\nlisten_addr = \"x\"\n").unwrap_err();
        assert!(err.contains("listen_addr"), "{err}");
    }
}

#[cfg(test)]
mod ui_tests {
    use super::*;

    #[test]
    fn ui_section_defaults_and_checks() {
        let config = Config::parse("").unwrap();
        assert!(config.ui.fullscreen);
        assert_eq!(config.ui.screen_dpi, None);
        let config = Config::parse(
            "[ui]\nfullscreen = false\nscreen_dpi = 144\ncjk_font = \"/f.ttc\"\ncjk_font_index = 0\n",
        )
        .unwrap();
        assert!(!config.ui.fullscreen);
        assert_eq!(config.ui.screen_dpi, Some(144.0));
        assert_eq!(config.ui.cjk_font, Some(PathBuf::from("/f.ttc")));
        let err = Config::parse("[ui]\nscreen_dpi = 0\n").unwrap_err();
        assert!(err.contains("screen_dpi"), "{err}");
        let err = Config::parse("[ui]\nscreen_width_mm = 1.5\n").unwrap_err();
        assert!(err.contains("screen_width_mm"), "{err}");
        let err = Config::parse("[ui]\nfull_screen = true\n").unwrap_err();
        assert!(err.contains("full_screen"), "{err}");
    }

    #[test]
    fn the_shipped_file_documents_every_ui_key() {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/kiosk.toml")).unwrap();
        let config = Config::parse(&text).unwrap();
        assert!(config.ui.fullscreen);
        for key in [
            "fullscreen",
            "cjk_font",
            "cjk_font_index",
            "latin_font",
            "screen_dpi",
            "screen_width_mm",
        ] {
            assert!(
                text.contains(&format!("{key} =")),
                "kiosk.toml does not document {key}"
            );
        }
    }
}

#[cfg(test)]
mod store_tests {
    use super::*;

    #[test]
    fn store_section_defaults_ranges_and_typos() {
        let config = Config::parse("").unwrap();
        assert_eq!(config.store, StoreConfig::default());
        assert_eq!(config.store.path, PathBuf::from("myna-kiosk.sqlite"));
        assert_eq!(config.store.data_key, PathBuf::from("data.key"));
        let config =
            Config::parse("[store]\npath = \"/var/lib/k.sqlite\"\ncache_max_age_days = 7\n")
                .unwrap();
        assert_eq!(config.store.path, PathBuf::from("/var/lib/k.sqlite"));
        assert_eq!(config.store.cache_max_age_days, 7);
        assert_eq!(config.store.visit_retention_days, 90);
        for (text, key) in [
            ("[store]\ncache_max_age_days = 0\n", "cache_max_age_days"),
            ("[store]\ncache_max_age_days = 400\n", "cache_max_age_days"),
            (
                "[store]\nvisit_retention_days = 0\n",
                "visit_retention_days",
            ),
            (
                "[store]\naudit_retention_days = 5000\n",
                "audit_retention_days",
            ),
            (
                "[store]\naudit_retention_days = 30\n",
                "audit_retention_days",
            ),
            ("[store]\ncache_days = 3\n", "cache_days"),
            ("[store]\ncache_max_age_days = -1\n", "cache_max_age_days"),
        ] {
            let err = Config::parse(text).unwrap_err();
            assert!(err.contains(key), "{text}: {err}");
        }
    }

    #[test]
    fn the_shipped_file_documents_every_store_key() {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/kiosk.toml")).unwrap();
        let config = Config::parse(&text).unwrap();
        assert_eq!(config.store, StoreConfig::default());
        for key in [
            "path",
            "data_key",
            "cache_max_age_days",
            "visit_retention_days",
            "audit_retention_days",
        ] {
            assert!(
                text.contains(&format!("\n{key} =")),
                "kiosk.toml does not document store.{key}"
            );
        }
    }
}
