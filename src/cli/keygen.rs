//! `myna-kiosk keygen`: the kiosk's device key and at-rest data key.

use std::path::Path;

use crate::eligibility::device_key;

use super::{CliError, Outcome};

pub(super) fn run(out: &Path, kiosk_id: Option<String>) -> Outcome {
    let kiosk_id = kiosk_id
        .ok_or_else(|| CliError::config("keygen needs --kiosk-id ID (or [gateway] kiosk_id)"))?;
    let keys = device_key::keygen(out, &kiosk_id).map_err(CliError::config)?;
    println!("device key:  {}", keys.device_key.display());
    println!("data key:    {}", keys.data_key.display());
    println!(
        "public key:  {} (copy to the gateway as kiosks/{kiosk_id}.pub)",
        keys.public_key.display()
    );
    Ok(0)
}
