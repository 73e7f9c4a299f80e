//! `myna-kiosk outbox replay`: send the confirmations made while the gateway was unreachable.

use crate::config::Config;
use crate::reception::worker::replay_outbox_report;

use super::error::EXIT_FAILURE;
use super::{CliError, Outcome};

/// What is still waiting after a replay: the gateway could not be reached (docs/design.md's
/// "gateway unreachable").
const EXIT_WAITING: u8 = crate::check::exit::GATEWAY_UNREACHABLE;

/// Prints `{"refused": R, "sent": N, "waiting": M}`; exit 0 when nothing waits any more, 6 when
/// some does.
pub(super) fn replay(config: &Config) -> Outcome {
    let (mut client, offline) = super::connect(&config.gateway, &config.store)?;
    let writer = super::result_writer(config)?;
    let (mut sent, mut refused) = (0, 0);
    loop {
        let report = replay_outbox_report(&offline.store, &mut client, true, writer.as_ref());
        sent += report.sent;
        refused += report.refused;
        if report.sent + report.refused == 0 {
            break;
        }
    }
    // A store that cannot be read is not an empty outbox: like `audit verify`, a store error
    // is reported (stdout JSON and stderr) with exit 1.
    let waiting = offline.store.waiting().map_err(|e| CliError::Report {
        message: Some(format!("outbox: {e}")),
        json: serde_json::json!({ "sent": sent, "refused": refused, "error": e.to_string() }),
        exit: EXIT_FAILURE,
    })?;
    println!(
        "{}",
        serde_json::json!({ "sent": sent, "refused": refused, "waiting": waiting })
    );
    Ok(if waiting == 0 { 0 } else { EXIT_WAITING })
}
