//! Face and staff-visual (目視確認) confirmations against the real `myna-gateway` process over
//! HTTPS: the auth certificate is read from a virtual card without a PIN, and the kiosk signs
//! the verdict with its device key. Each acceptance and each refusal is a test of its own.

use crate::gateway_support as support;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use myna_kiosk::eligibility::client::{GatewayClient, GatewayError};
use myna_kiosk::eligibility::device_key::DeviceKey;
use myna_kiosk::eligibility::protocol::{
    Assurance, AttestedConfirmationRequest, CardData, ConfirmationAnswer, Consent,
    DEFAULT_FACE_MAX_DISTANCE, ErrorCode, FaceVerdict, GatewayRequest, Method, offline_challenge,
};
use myna_kiosk::identity::face::FaceConfig;
use myna_kiosk::reception::worker::replay_outbox;
use myna_kiosk::store::Store;
use support::{DataDir, Gateway, KIOSK_ID, card, new_request_id, refused};
use time::OffsetDateTime;

const FACILITY: &str = "1312345678";

/// The auth certificate, read the way face mode reads it: no PIN.
fn certificate(profile: &str) -> Vec<u8> {
    let mut card = card(profile, None);
    card.identify().unwrap();
    card.read_auth_certificate().unwrap().der().to_vec()
}

/// A face confirmation request for a fresh challenge, signed by `key` at `at`.
fn face_request(
    client: &GatewayClient,
    key: &DeviceKey,
    der: &[u8],
    verdict: FaceVerdict,
    at: OffsetDateTime,
) -> AttestedConfirmationRequest {
    let challenge = client.challenge().unwrap().challenge;
    let attestation = key.attest_face(
        &new_request_id(),
        &challenge,
        der,
        verdict,
        CardData::NotVerified,
        at,
    );
    AttestedConfirmationRequest::new(attestation, der, Consent::ALL, Some(FACILITY.into()), false)
}

fn good_face(client: &GatewayClient, key: &DeviceKey, der: &[u8]) -> AttestedConfirmationRequest {
    face_request(
        client,
        key,
        der,
        FaceVerdict::new(0.3812, 0.5),
        OffsetDateTime::now_utc(),
    )
}

fn ok(result: Result<ConfirmationAnswer, GatewayError>) -> ConfirmationAnswer {
    result.unwrap_or_else(|e| panic!("{e}"))
}

/// `(method, evidence_json)` as the gateway recorded them.
fn recorded(gw: &Gateway, request_id: &str) -> (String, Option<String>) {
    let conn = rusqlite::Connection::open(gw.data.db()).unwrap();
    conn.query_row(
        "SELECT method, evidence_json FROM confirmations WHERE request_id = ?1",
        [request_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

/// The assurance level and card-data check the gateway recorded for a request id.
fn recorded_assurance(gw: &Gateway, request_id: &str) -> (Option<String>, Option<String>) {
    let conn = rusqlite::Connection::open(gw.data.db()).unwrap();
    conn.query_row(
        "SELECT assurance, card_data FROM confirmations WHERE request_id = ?1",
        [request_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

fn with_policy(max_distance: f64) -> DataDir {
    let data = DataDir::new();
    std::fs::write(
        data.path().join("policy.toml"),
        format!("[face]\nmax_distance = {max_distance}\n"),
    )
    .unwrap();
    data
}

#[test]
fn a_face_match_is_confirmed_and_recorded_as_face() {
    let gw = Gateway::start(DataDir::new());
    let client = gw.client();
    let der = certificate("normal");
    let request = good_face(&client, &gw.key(), &der);
    let answer = ok(client.confirm_attested(&request));
    assert_eq!(answer.method, Method::Face);
    assert!(answer.result.is_confirmed());
    let person = &answer.result.results[0];
    assert_eq!(
        [person.insurer_number.as_str(), &person.name],
        ["01130012", "試験　花子"]
    );
    assert_eq!(answer.result.consent.diagnosis_info_cons_flg, "1");
    let (method, evidence) = recorded(&gw, &request.request_id);
    assert_eq!(method, "face");
    let evidence: serde_json::Value = serde_json::from_str(&evidence.unwrap()).unwrap();
    assert_eq!(evidence["face"]["distance"], 0.3812);
    assert_eq!(evidence["kiosk_id"], KIOSK_ID);
    // On the wire the answer is the card confirmation's object with `method`.
    let json = serde_json::to_value(&answer).unwrap();
    assert_eq!(json["method"], "face");
    assert_eq!(json["qualification_validity"], "1");
}

#[test]
fn a_card_without_a_pin_is_confirmed_by_face() {
    let gw = Gateway::start(DataDir::new());
    let client = gw.client();
    let der = certificate("no-pin");
    let answer = ok(client.confirm_attested(&good_face(&client, &gw.key(), &der)));
    assert_eq!(
        answer.result.results[0].insured_identification_number,
        "00987654"
    );
}

#[test]
fn staff_visual_confirmation_is_recorded_with_the_staff_id() {
    let gw = Gateway::start(DataDir::new());
    let client = gw.client();
    let der = certificate("pin-locked");
    let challenge = client.challenge().unwrap().challenge;
    let attestation = gw.key().attest_staff_visual(
        &new_request_id(),
        &challenge,
        &der,
        "受付-山田",
        CardData::IssuerVerified,
        OffsetDateTime::now_utc(),
    );
    let request = AttestedConfirmationRequest::new(attestation, &der, Consent::ALL, None, false);
    let answer = ok(client.confirm_attested(&request));
    assert_eq!(answer.method, Method::StaffVisual);
    assert_eq!(answer.result.results[0].insurer_number, "138016");
    let (method, evidence) = recorded(&gw, &request.request_id);
    assert_eq!(method, "staff_visual");
    let evidence: serde_json::Value = serde_json::from_str(&evidence.unwrap()).unwrap();
    assert_eq!(evidence["staff_id"], "受付-山田");
    assert!(evidence.get("face").is_none());
    // The lower assurance level and the card-data check, recorded and answered (issue 17).
    assert_eq!(evidence["card_data"], "issuer_verified");
    assert_eq!(
        recorded_assurance(&gw, &request.request_id),
        (
            Some("kiosk_attestation".into()),
            Some("issuer_verified".into())
        )
    );
    assert_eq!(answer.assurance, Some(Assurance::KioskAttestation));
    assert_eq!(answer.card_data, Some(CardData::IssuerVerified));
    // A repeat gets the same answer, card-data check included.
    assert_eq!(ok(client.confirm_attested(&request)), answer);
}

#[test]
fn card_data_not_verified_an_older_kiosk_and_a_false_claim() {
    let gw = Gateway::start(DataDir::new());
    let client = gw.client();
    let der = certificate("normal");
    let key = &gw.key();
    // Not verified (no issuer key at the kiosk): accepted, marked.
    let request = good_face(&client, key, &der);
    let answer = ok(client.confirm_attested(&request));
    assert_eq!(answer.card_data, Some(CardData::NotVerified));
    assert_eq!(
        recorded_assurance(&gw, &request.request_id),
        (
            Some("kiosk_attestation".into()),
            Some("not_verified".into())
        )
    );
    // An older kiosk: the v1 attestation without card_data and no assurance member.
    let challenge = client.challenge().unwrap().challenge;
    let mut old = key.attest_face(
        &new_request_id(),
        &challenge,
        &der,
        FaceVerdict::new(0.3, 0.5),
        CardData::NotVerified,
        OffsetDateTime::now_utc(),
    );
    old.card_data = None;
    key.sign_attestation(&mut old);
    let mut older = AttestedConfirmationRequest::new(old, &der, Consent::ALL, None, false);
    older.assurance = None;
    let answer = ok(client.confirm_attested(&older));
    assert_eq!(answer.card_data, None);
    assert_eq!(
        recorded_assurance(&gw, &older.request_id),
        (Some("kiosk_attestation".into()), None)
    );
    // A signed card_data changed after signing breaks the attestation.
    let mut changed = good_face(&client, key, &der);
    changed.attestation.card_data = Some(CardData::IssuerVerified);
    assert_eq!(
        refused(client.confirm_attested(&changed)),
        (403, ErrorCode::BadAttestation)
    );
    // A PIN-less confirmation claiming the card's signature.
    let mut claim = good_face(&client, key, &der);
    claim.assurance = Some(Assurance::CardSignature);
    assert_eq!(
        refused(client.confirm_attested(&claim)),
        (400, ErrorCode::BadRequest)
    );
}

#[test]
fn a_staff_visual_attestation_without_staff_id_is_refused() {
    let gw = Gateway::start(DataDir::new());
    let client = gw.client();
    let der = certificate("normal");
    let challenge = client.challenge().unwrap().challenge;
    let key = gw.key();
    let mut attestation = key.attest_staff_visual(
        &new_request_id(),
        &challenge,
        &der,
        "s1",
        CardData::NotVerified,
        OffsetDateTime::now_utc(),
    );
    attestation.staff_id = None;
    key.sign_attestation(&mut attestation);
    let request = AttestedConfirmationRequest::new(attestation, &der, Consent::ALL, None, false);
    assert_eq!(
        refused(client.confirm_attested(&request)),
        (403, ErrorCode::BadAttestation)
    );
}

#[test]
fn an_unknown_kiosk_is_refused() {
    let gw = Gateway::start(DataDir::new());
    let pkcs8 =
        ring::signature::Ed25519KeyPair::generate_pkcs8(&ring::rand::SystemRandom::new()).unwrap();
    let stranger = DeviceKey::from_pkcs8("stranger", pkcs8.as_ref()).unwrap();
    let der = certificate("normal");
    // A kiosk that is not registered gets no challenge at all.
    let result = gw.client_with(stranger).challenge();
    assert_eq!(refused(result), (401, ErrorCode::UnknownKiosk));
    // A registered kiosk relaying an attestation signed by an unregistered one.
    let client = gw.client();
    let stranger = DeviceKey::from_pkcs8("stranger", pkcs8.as_ref()).unwrap();
    let request = good_face(&client, &stranger, &der);
    assert_eq!(
        refused(client.confirm_attested(&request)),
        (401, ErrorCode::UnknownKiosk)
    );
}

#[test]
fn a_bad_attestation_signature_is_refused() {
    let gw = Gateway::start(DataDir::new());
    let client = gw.client();
    let der = certificate("normal");
    // Signed, then the distance changed.
    let mut request = good_face(&client, &gw.key(), &der);
    request.attestation.face = Some(FaceVerdict::new(0.2, 0.5));
    assert_eq!(
        refused(client.confirm_attested(&request)),
        (403, ErrorCode::BadAttestation)
    );
    // Signed by the registered id with another key.
    let pkcs8 =
        ring::signature::Ed25519KeyPair::generate_pkcs8(&ring::rand::SystemRandom::new()).unwrap();
    let impostor = DeviceKey::from_pkcs8(KIOSK_ID, pkcs8.as_ref()).unwrap();
    let request = good_face(&client, &impostor, &der);
    assert_eq!(
        refused(client.confirm_attested(&request)),
        (403, ErrorCode::BadAttestation)
    );
    // An attestation for another certificate than the one sent.
    let mut request = good_face(&client, &gw.key(), &der);
    request.auth_certificate = BASE64.encode(certificate("juki-card"));
    assert_eq!(
        refused(client.confirm_attested(&request)),
        (403, ErrorCode::BadAttestation)
    );
}

#[test]
fn a_replayed_challenge_is_refused() {
    let gw = Gateway::start(DataDir::new());
    let client = gw.client();
    let key = gw.key();
    let der = certificate("normal");
    let first = good_face(&client, &key, &der);
    ok(client.confirm_attested(&first));
    // A new request over the challenge already used.
    let again = key.attest_face(
        &new_request_id(),
        &first.attestation.challenge,
        &der,
        FaceVerdict::new(0.3, 0.5),
        CardData::NotVerified,
        OffsetDateTime::now_utc(),
    );
    let again = AttestedConfirmationRequest::new(again, &der, Consent::ALL, None, false);
    assert_eq!(
        refused(client.confirm_attested(&again)),
        (409, ErrorCode::UnknownChallenge)
    );
    // A challenge never issued.
    let made_up = BASE64.encode([9u8; 32]);
    let forged = key.attest_face(
        &new_request_id(),
        &made_up,
        &der,
        FaceVerdict::new(0.3, 0.5),
        CardData::NotVerified,
        OffsetDateTime::now_utc(),
    );
    let forged = AttestedConfirmationRequest::new(forged, &der, Consent::ALL, None, false);
    assert_eq!(
        refused(client.confirm_attested(&forged)),
        (409, ErrorCode::UnknownChallenge)
    );
}

#[test]
fn the_same_request_id_again_gets_the_first_answer_once_recorded() {
    let gw = Gateway::start(DataDir::new());
    let client = gw.client();
    let request = good_face(&client, &gw.key(), &certificate("normal"));
    let first = ok(client.confirm_attested(&request));
    let again = ok(client.confirm_attested(&request));
    assert_eq!(again, first);
    assert_eq!(gw.count("confirmations", &request.request_id), 1);
    assert_eq!(gw.count("consents", &request.request_id), 1);
}

#[test]
fn a_stale_attestation_time_is_refused() {
    let gw = Gateway::start(DataDir::new());
    let client = gw.client();
    let der = certificate("normal");
    for offset in [-120, 120] {
        let at = OffsetDateTime::now_utc() + time::Duration::seconds(offset);
        let request = face_request(&client, &gw.key(), &der, FaceVerdict::new(0.3, 0.5), at);
        assert_eq!(
            refused(client.confirm_attested(&request)),
            (401, ErrorCode::StaleRequest),
            "{offset} s"
        );
    }
}

#[test]
fn a_distance_over_the_gateway_threshold_is_refused() {
    let gw = Gateway::start(with_policy(0.45));
    let client = gw.client();
    let der = certificate("normal");
    let now = OffsetDateTime::now_utc();
    // Under the kiosk's 0.5 but not under the gateway's 0.45.
    let request = face_request(&client, &gw.key(), &der, FaceVerdict::new(0.47, 0.5), now);
    assert_eq!(
        refused(client.confirm_attested(&request)),
        (403, ErrorCode::FaceNotMatched)
    );
    // Over the kiosk's own threshold.
    let request = face_request(&client, &gw.key(), &der, FaceVerdict::new(0.41, 0.4), now);
    assert_eq!(
        refused(client.confirm_attested(&request)),
        (403, ErrorCode::FaceNotMatched)
    );
    // Under both.
    let request = face_request(&client, &gw.key(), &der, FaceVerdict::new(0.44, 0.5), now);
    ok(client.confirm_attested(&request));
}

#[test]
fn the_default_maximum_is_the_kiosks_and_the_challenge_tells_it() {
    // One number on both sides.
    assert_eq!(
        f64::from(FaceConfig::default().threshold),
        DEFAULT_FACE_MAX_DISTANCE
    );
    let gw = Gateway::start(DataDir::new());
    let client = gw.client();
    assert_eq!(
        client.challenge().unwrap().face_max_distance,
        Some(DEFAULT_FACE_MAX_DISTANCE)
    );
    let der = certificate("normal");
    let now = OffsetDateTime::now_utc();
    // A kiosk that signs a looser threshold than the gateway's still gets the gateway's.
    let request = face_request(&client, &gw.key(), &der, FaceVerdict::new(0.5, 0.6), now);
    assert_eq!(
        refused(client.confirm_attested(&request)),
        (403, ErrorCode::FaceNotMatched)
    );
    let request = face_request(&client, &gw.key(), &der, FaceVerdict::new(0.4999, 0.6), now);
    ok(client.confirm_attested(&request));
}

#[test]
fn the_flag_sets_the_gateway_maximum_and_the_challenge_tells_it() {
    // policy.toml says 0.55; the flag overrides it.
    let gw = Gateway::start_with(with_policy(0.55), true, &["--face-max-distance", "0.45"]);
    let client = gw.client();
    let challenge = client.challenge().unwrap();
    assert_eq!(challenge.face_max_distance, Some(0.45));
    let der = certificate("normal");
    let now = OffsetDateTime::now_utc();
    // Between the gateway's 0.45 and the kiosk's 0.5: refused, recorded nowhere.
    let request = face_request(&client, &gw.key(), &der, FaceVerdict::new(0.47, 0.5), now);
    assert_eq!(
        refused(client.confirm_attested(&request)),
        (403, ErrorCode::FaceNotMatched)
    );
    assert_eq!(gw.count("confirmations", &request.request_id), 0);
    // Exactly the maximum is not under it.
    let request = face_request(&client, &gw.key(), &der, FaceVerdict::new(0.45, 0.5), now);
    assert_eq!(
        refused(client.confirm_attested(&request)),
        (403, ErrorCode::FaceNotMatched)
    );
    let request = face_request(&client, &gw.key(), &der, FaceVerdict::new(0.4499, 0.5), now);
    ok(client.confirm_attested(&request));
}

#[test]
fn a_wrong_face_maximum_stops_the_gateway_with_a_clear_error() {
    for bad in ["-0.1", "0", "NaN", "inf", "0.61", "2"] {
        let data = DataDir::new();
        let output = support::gateway_command(&[
            "--listen",
            "127.0.0.1:0",
            "--data",
            data.path().to_str().unwrap(),
            "--db",
            data.db().to_str().unwrap(),
            "--config",
            "/dev/null",
            "--face-max-distance",
            bad,
        ])
        .output()
        .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(64), "{bad}: {stderr}");
        assert!(
            stderr.contains("--face-max-distance") && stderr.contains("at most 0.6"),
            "{bad}: {stderr}"
        );
        assert!(output.stdout.is_empty(), "{bad}");
        assert!(!data.db().exists(), "{bad}: stopped before the database");
    }
    // Not a number at all: clap's own usage error, naming the flag.
    let output = support::gateway_command(&["--face-max-distance", "strict"])
        .output()
        .unwrap();
    assert_ne!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--face-max-distance"));
}

#[test]
fn an_offline_face_entry_over_the_gateway_maximum_is_refused_on_replay() {
    // The kiosk matched offline under its own 0.5; the gateway it replays to accepts under 0.45.
    let gw = Gateway::start_with(DataDir::new(), true, &["--face-max-distance", "0.45"]);
    let mut client = gw.client();
    let key = gw.key();
    let der = certificate("normal");
    let dir = tempfile::tempdir().unwrap();
    let keys = myna_kiosk::eligibility::device_key::keygen(&dir.path().join("keys"), "k").unwrap();
    let store = Store::open(&dir.path().join("kiosk.db"), &keys.data_key).unwrap();
    let at = OffsetDateTime::now_utc() - time::Duration::hours(1);
    let signed_at = myna_kiosk::eligibility::device_key::format_time(at);
    let offline_face = |distance: f64| {
        let id = new_request_id();
        let challenge = BASE64.encode(offline_challenge(KIOSK_ID, &id, &signed_at));
        let attestation = key.attest_face(
            &id,
            &challenge,
            &der,
            FaceVerdict::new(distance, 0.5),
            CardData::NotVerified,
            at,
        );
        AttestedConfirmationRequest::new(attestation, &der, Consent::ALL, None, true)
    };
    let over = offline_face(0.47);
    let under = offline_face(0.3);
    for request in [&over, &under] {
        store
            .enqueue_request(&GatewayRequest::Attested(request.clone()))
            .unwrap();
    }
    // Both leave the queue: the refused one for good (the refused-replay path: it will never
    // pass, its visit already says provisional), the other confirmed.
    assert_eq!(replay_outbox(&store, &mut client, false), 2);
    assert_eq!(store.waiting().unwrap(), 0);
    assert_eq!(gw.count("confirmations", &over.request_id), 0);
    assert_eq!(gw.count("confirmations", &under.request_id), 1);
    // Sent directly, the refusal is face_not_matched.
    assert_eq!(
        refused(client.confirm_attested(&over)),
        (403, ErrorCode::FaceNotMatched)
    );
}

#[test]
fn revoked_and_expired_certificates_are_refused_in_face_mode() {
    let data = DataDir::new();
    data.revoke("1a2b3c4d00000006");
    let gw = Gateway::start(data);
    let client = gw.client();
    for (profile, code) in [
        ("one-try-left", ErrorCode::CertificateRevoked),
        ("expired-long-ago", ErrorCode::CertificateExpired),
    ] {
        let request = good_face(&client, &gw.key(), &certificate(profile));
        assert_eq!(
            refused(client.confirm_attested(&request)),
            (403, code),
            "{profile}"
        );
    }
}

#[test]
fn a_certificate_from_another_ca_is_refused_in_face_mode() {
    use rcgen::{CertificateParams, Issuer, KeyPair, PKCS_RSA_SHA256};
    let gw = Gateway::start(DataDir::new());
    let client = gw.client();
    let ca_pem =
        std::fs::read_to_string(support::fixtures().join("pki/jpki-test-ca.cert.pem")).unwrap();
    let impostor = Issuer::from_ca_cert_pem(&ca_pem, KeyPair::generate().unwrap()).unwrap();
    let card_pem =
        std::fs::read_to_string(support::fixtures().join("pki/cards/normal.key.pem")).unwrap();
    let card_key = KeyPair::from_pem_and_sign_algo(&card_pem, &PKCS_RSA_SHA256).unwrap();
    let foreign = CertificateParams::default()
        .signed_by(&card_key, &impostor)
        .unwrap();
    let request = good_face(&client, &gw.key(), foreign.der());
    assert_eq!(
        refused(client.confirm_attested(&request)),
        (403, ErrorCode::UnknownCa)
    );
}

#[test]
fn offline_face_evidence_is_accepted_once_as_of_its_time() {
    let gw = Gateway::start(DataDir::new());
    let client = gw.client();
    let key = gw.key();
    let der = certificate("normal");
    let at = OffsetDateTime::now_utc() - time::Duration::hours(3);
    let id = new_request_id();
    let signed_at = myna_kiosk::eligibility::device_key::format_time(at);
    let challenge = BASE64.encode(offline_challenge(KIOSK_ID, &id, &signed_at));
    let attestation = key.attest_face(
        &id,
        &challenge,
        &der,
        FaceVerdict::new(0.3, 0.5),
        CardData::NotVerified,
        at,
    );
    let request = AttestedConfirmationRequest::new(attestation, &der, Consent::ALL, None, true);
    let answer = ok(client.confirm_attested(&request));
    assert_eq!(answer.result.processed_at, signed_at);
    assert_eq!(answer.method, Method::Face);
    // The outbox may send it again: the first answer, recorded once.
    assert_eq!(ok(client.confirm_attested(&request)), answer);
    assert_eq!(gw.count("confirmations", &id), 1);
    // Marked offline with a challenge that is not the offline one for its time.
    let id = new_request_id();
    let attestation = key.attest_face(
        &id,
        &challenge,
        &der,
        FaceVerdict::new(0.3, 0.5),
        CardData::NotVerified,
        at,
    );
    let request = AttestedConfirmationRequest::new(attestation, &der, Consent::ALL, None, true);
    assert_eq!(
        refused(client.confirm_attested(&request)),
        (409, ErrorCode::UnknownChallenge)
    );
}
