//! Replay throughput of an outbox backlog: N confirmations signed offline by the virtual card
//! (one PIN verification, N signatures), queued in the kiosk's store, then replayed to the
//! in-process reference gateway over loopback HTTP. Prints entries per second.
//!   cargo run --release --example outbox_bench -- [N]
use std::time::Instant;

use base64::Engine;
use myna_kiosk::app::start_demo_gateway;
use myna_kiosk::card::transport::InMemoryTransport;
use myna_kiosk::card::{AuthPin, CardSession, DigestInfo};
use myna_kiosk::eligibility::protocol::{
    CardEvidence, ConfirmationRequest, Consent, Method, offline_challenge,
};
use myna_kiosk::reception::worker::replay_outbox;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args()
        .nth(1)
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(10_000);
    let fixtures = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let demo = start_demo_gateway(&fixtures)?;
    let mut client = demo.client;
    let store = demo.offline.store;
    let b64 = base64::engine::general_purpose::STANDARD;

    let mut card = myna_kiosk::sim::load_card(
        &fixtures.join("cards/normal.toml"),
        time::OffsetDateTime::now_utc(),
    )?;
    let mut session =
        CardSession::new(InMemoryTransport::new(move |apdu| Some(card.process(apdu))));
    let certificate = b64.encode(session.read_auth_certificate()?.der());
    let mut authenticated = session.verify_auth_pin(AuthPin::new("1234")?)?;
    let signed_at =
        time::OffsetDateTime::now_utc().format(&time::format_description::well_known::Rfc3339)?;
    let started = Instant::now();
    for i in 0..n {
        let request_id = format!("bench-{}-{i}", std::process::id());
        let challenge = offline_challenge(client.kiosk_id(), &request_id, &signed_at);
        let signature = authenticated.sign(&DigestInfo::sha256(&challenge))?;
        store.enqueue(&ConfirmationRequest {
            request_id,
            method: Method::Pin,
            challenge: b64.encode(&challenge),
            evidence: CardEvidence {
                auth_certificate: certificate.clone(),
                signature: b64.encode(signature),
            },
            consent: Consent::ALL,
            token: Default::default(),
            facility_code: None,
            offline_signed_at: Some(signed_at.clone()),
        })?;
    }
    println!(
        "queued {n} confirmations (signed by the virtual card) in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    let mut sent = 0;
    loop {
        let batch = replay_outbox(&store, &mut client, true);
        if batch == 0 {
            break;
        }
        sent += batch;
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "replayed {sent} of {n} in {secs:.1} s: {:.0} entries/s, {} still waiting",
        sent as f64 / secs,
        store.waiting()?
    );
    if sent < n {
        return Err(format!("only {sent} of {n} entries were replayed").into());
    }
    println!(
        "TABLE|Store|outbox replay of {n} (in-process gateway, loopback HTTP)|{:.0} entries/s|{secs:.1} s in all||",
        sent as f64 / secs
    );
    Ok(())
}
