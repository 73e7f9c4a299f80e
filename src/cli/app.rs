//! The touchscreen commands: `run` on a real reader, `demo` with virtual cards, and the
//! installer's `speaker-test`.

use std::path::{Path, PathBuf};

use crate::clinic::ClinicLinks;
use crate::config::{Config, GatewayConfig};
use crate::reception::view::Language;
use crate::ui::UiOptions;
use crate::ui::audio::{Cue, speak_once};

use super::{CliError, Outcome};

/// `myna-kiosk run`: the kiosk on the reader and the configured gateway.
pub(super) fn run(reader: Option<String>, windowed: bool, config: &Config) -> Outcome {
    let mut options = UiOptions::from_config(&config.ui);
    options.fullscreen &= !windowed;
    let folder = crate::clinic::folder_gateway(config);
    let (client, offline) = super::connect(&config.gateway, &config.store)?;
    let result_writer = super::result_writer(config)?;
    let folder = folder.map_err(|e| CliError::usage(format!("[clinic] req_dir / res_dir: {e}")))?;
    let clinic = ClinicLinks {
        result_writer,
        folder,
    };
    let (_pcsc, reader) = super::reader(reader.or(config.card.reader.clone()))?;
    // Cases and health to the clinic server, on a connection of their own to the store.
    let reports_store = offline
        .store
        .another_connection(&config.store.data_key)
        .map_err(|e| CliError::failed(format!("store: {e}")))?;
    let reporter = crate::reception::report::Reporter::start(
        client.clone(),
        Some(reports_store),
        std::time::Duration::from_secs(config.gateway.health_seconds),
    );
    crate::app::run(
        reader,
        client,
        offline,
        config,
        clinic,
        Some(reporter),
        options,
    )
    .map_err(CliError::failed)?;
    Ok(0)
}

/// `myna-kiosk demo`: the app with virtual cards and an in-process gateway, or the gateway of
/// `--gateway`, reported to as `run` reports.
pub(super) fn demo(
    fixtures: &Path,
    fullscreen: bool,
    external: super::DemoGatewayArgs,
    config: &Config,
) -> Outcome {
    let mut options = UiOptions::from_config(&config.ui);
    options.fullscreen = fullscreen;
    let fixtures = if fixtures.is_dir() {
        fixtures.to_path_buf()
    } else {
        // Started outside the repository: the fixtures it was built from.
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
    };
    let (gateway, reporter) = match external.gateway {
        None => {
            let gateway = crate::app::start_demo_gateway(&fixtures)
                .map_err(|e| CliError::usage(e.to_string()))?;
            (gateway, None)
        }
        Some(url) => {
            let gateway_config = GatewayConfig {
                url: Some(url),
                kiosk_id: external.kiosk_id.or(config.gateway.kiosk_id.clone()),
                device_key: external
                    .device_key
                    .unwrap_or(config.gateway.device_key.clone()),
                ca_file: (config.gateway.ca_file.clone())
                    .or(Some(fixtures.join("tls/ca.cert.pem"))),
                ..config.gateway.clone()
            };
            let gateway = crate::app::connect_demo(&gateway_config)
                .map_err(|e| CliError::usage(e.to_string()))?;
            let health = std::time::Duration::from_secs(config.gateway.health_seconds);
            let reporter = gateway.reporter(health).map_err(CliError::failed)?;
            (gateway, Some(reporter))
        }
    };
    let crate::app::DemoGateway {
        client,
        offline,
        dir: _dir,
    } = gateway;
    let face = crate::app::demo_face(&config.face, &fixtures);
    let setup = (&config.staff, &face, &config.card);
    crate::app::demo(
        &fixtures.join("cards"),
        client,
        offline,
        setup,
        reporter,
        options,
    )
    .map_err(CliError::failed)?;
    Ok(0)
}

/// `myna-kiosk speaker-test`: one sentence of the audio guidance in `tag`'s language.
pub(super) fn speaker_test(dir: &Path, tag: &str) -> Outcome {
    let language = Language::from_tag(tag).map_err(CliError::usage)?;
    let played = speak_once(dir, language, Cue::Idle).map_err(CliError::failed)?;
    println!("played {:.1} s", played.as_secs_f32());
    Ok(0)
}
