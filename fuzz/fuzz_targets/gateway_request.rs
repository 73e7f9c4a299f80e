//! The gateway's side of the JSON protocol: any body of `POST /v1/confirmations` and
//! `/v1/challenges`, from a kiosk already authenticated, against the fixture data. The
//! answer is a refusal or an answer, never a panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use myna_kiosk::gateway::Gateway;

fn gateway() -> &'static Gateway {
    static GATEWAY: OnceLock<(Gateway, std::path::PathBuf)> = OnceLock::new();
    &GATEWAY
        .get_or_init(|| {
            let dir = std::env::temp_dir().join(format!("myna-fuzz-gw-{}", std::process::id()));
            std::fs::create_dir_all(&dir).expect("temp dir");
            let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures");
            let (gateway, _) = Gateway::open(
                std::path::Path::new(fixtures),
                &dir.join("gw.sqlite"),
                time::Duration::seconds(60),
            )
            .expect("the fixture data loads");
            (gateway, dir)
        })
        .0
}

fuzz_target!(|data: &[u8]| {
    let now = time::OffsetDateTime::now_utc();
    let gateway = gateway();
    let _ = gateway.confirm("kiosk-01", data, now);
    let _ = gateway.challenge("kiosk-01", data, now);
});
