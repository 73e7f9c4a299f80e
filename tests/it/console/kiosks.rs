//! Kiosk enrolment (issue 19): a kiosk the gateway does not know asks to be registered by
//! itself (the kiosk's own reporter, over the real signed protocol), waits in the console with
//! the fingerprint its staff screen shows, and is trusted from its next request once an
//! administrator approves it. Staff may look but not decide (403); a form without the session's
//! CSRF token is refused; a refused request is gone.

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};

use super::csrf::tamper;
use super::health::report;
use super::{
    Driver, NAME, SECRET, audit, click, gateway, open, screenshot, signed_in_as, staff, text,
};
use myna_kiosk::eligibility::client::GatewayClient;
use myna_kiosk::eligibility::device_key::DeviceKey;
use myna_kiosk::reception::desk::Standing;
use myna_kiosk::reception::report::Reporter;

const ADMIN: &str = "tanaka";
const NEW_KIOSK: &str = "counter-new";
const OTHER_KIOSK: &str = "counter-other";

fn new_key(id: &str) -> DeviceKey {
    let pkcs8 =
        ring::signature::Ed25519KeyPair::generate_pkcs8(&ring::rand::SystemRandom::new()).unwrap();
    DeviceKey::from_pkcs8(id, pkcs8.as_ref()).unwrap()
}

/// Sends health until the kiosk's standing is `want` (the reporter learns it from the answer).
fn until_standing(reporter: &Reporter, want: Standing) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while reporter.enrolment().standing() != want {
        assert!(
            Instant::now() < deadline,
            "still {:?}, not {want:?}",
            reporter.enrolment().standing()
        );
        reporter.health(report());
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Posts the decision form of the page's first pending row, as written by hand: the session's
/// CSRF token (from the sign-out form) and `decision`.
async fn post_by_hand(client: &Client, kiosk: &str, fingerprint: &str) {
    let page = client.find(Locator::Css("html")).await.unwrap();
    let script = "const f = document.createElement('form');
        f.method = 'post'; f.action = '/console/kiosks';
        const add = (n, v) => { const i = document.createElement('input');
            i.type = 'hidden'; i.name = n; i.value = v; f.appendChild(i); };
        add('csrf', document.querySelector('header form input[name=csrf]').value);
        add('kiosk', arguments[0]); add('fingerprint', arguments[1]); add('decision', 'approve');
        document.body.appendChild(f); f.submit();";
    let args = vec![serde_json::json!(kiosk), serde_json::json!(fingerprint)];
    client.execute(script, args).await.unwrap();
    super::until_replaced(&page, "the hand-made form was not answered").await;
}

async fn cell(client: &Client, table: &str, kiosk: &str, class: &str) -> String {
    text(
        client,
        &format!("#{table} tr[data-kiosk='{kiosk}'] .{class}"),
    )
    .await
}

#[test]
fn an_unknown_kiosk_asks_waits_and_is_trusted_once_an_administrator_approves() {
    let Some(driver) = Driver::start() else {
        return;
    };
    let gw = gateway(true, &[]);
    staff(&gw, &["add", ADMIN, "--role", "admin"], Some(SECRET)).assert_ok();
    let base = gw.url.clone();

    // The kiosk: not registered; its reporter's health report is answered `unknown_kiosk`,
    // and it asks to be enrolled by itself.
    let key = new_key(NEW_KIOSK);
    let fingerprint = key.fingerprint();
    let public_key = key.public_key_base64();
    let client: GatewayClient = gw.client_with(key);
    let reporter = Reporter::start(client.clone(), None, Duration::from_secs(1));
    until_standing(&reporter, Standing::WaitingForApproval);
    assert_eq!(reporter.enrolment().key_standing().fingerprint, fingerprint);
    // Another unknown kiosk asks too (to be refused below).
    let other = gw.client_with(new_key(OTHER_KIOSK));
    let other_fingerprint = other.device_key().fingerprint();
    std::thread::scope(|s| s.spawn(|| other.enrol("受付3")).join())
        .unwrap()
        .unwrap();

    let (fp, other_fp, base2) = (fingerprint.clone(), other_fingerprint.clone(), base.clone());
    driver.run(|client| async move {
        let (fingerprint, other_fingerprint, base) = (fp, other_fp, base2);
        // A staff member sees the request, with the kiosk's own fingerprint, but no buttons.
        signed_in_as(&client, &base, NAME).await;
        click(&client, "nav-kiosks", "/console/kiosks").await;
        assert_eq!(text(&client, "h1").await, "受付機の登録");
        assert_eq!(
            cell(&client, "pending", NEW_KIOSK, "fingerprint").await,
            fingerprint
        );
        assert_eq!(
            text(&client, "#admin-only").await,
            "承認と拒否は管理者だけができます。"
        );
        assert!(client.find(Locator::Css("form.approve")).await.is_err());
        // The file-registered kiosk of the fixtures is listed as such.
        assert_eq!(
            cell(
                &client,
                "registered",
                crate::gateway_support::KIOSK_ID,
                "source"
            )
            .await,
            "鍵ファイル"
        );
        // A hand-made form from a staff member: refused, 403.
        post_by_hand(&client, NEW_KIOSK, &fingerprint).await;
        assert_eq!(
            text(&client, "h1").await,
            "この操作は受け付けられませんでした"
        );
        assert_eq!(
            text(&client, "#error").await,
            "承認と拒否は管理者だけができます。"
        );
        // The refusal page has no member line: sign out from the kiosks page.
        open(&client, &base, "/console/kiosks").await;
        click(&client, "sign-out", "/console/sign-in").await;

        // The administrator: a form without the session's CSRF token is refused.
        signed_in_as(&client, &base, ADMIN).await;
        open(&client, &base, "/console/kiosks").await;
        tamper(&client, "form.approve", Some("wrong")).await;
        click(&client, "approve-1", "/console/kiosks").await;
        assert_eq!(
            text(&client, "h1").await,
            "この操作は受け付けられませんでした"
        );
        assert!(text(&client, "#error").await.contains("CSRF"));

        // With its token: approved, and listed as registered here, same fingerprint.
        open(&client, &base, "/console/kiosks").await;
        assert_eq!(
            cell(&client, "pending", OTHER_KIOSK, "fingerprint").await,
            other_fingerprint
        );
        screenshot(&client, "kiosks").await;
        click(&client, "approve-1", "/console/kiosks").await;
        assert_eq!(
            text(&client, "#notice").await,
            "承認しました。この受付機はすぐに使えます。"
        );
        assert_eq!(
            cell(&client, "registered", NEW_KIOSK, "fingerprint").await,
            fingerprint
        );
        assert_eq!(
            cell(&client, "registered", NEW_KIOSK, "source").await,
            "この画面で承認"
        );
        assert!(
            client
                .find(Locator::Css(&format!(
                    "#pending tr[data-kiosk='{NEW_KIOSK}']"
                )))
                .await
                .is_err()
        );

        // The other one refused: gone, and not registered.
        click(&client, "refuse-1", "/console/kiosks").await;
        assert_eq!(
            text(&client, "#notice").await,
            "申請を拒否して削除しました。"
        );
        assert_eq!(
            text(&client, "#pending-none").await,
            "承認待ちの受付機はありません。"
        );
        assert!(
            client
                .find(Locator::Css(&format!(
                    "#registered tr[data-kiosk='{OTHER_KIOSK}']"
                )))
                .await
                .is_err()
        );

        // English.
        open(&client, &base, "/console/kiosks?lang=en").await;
        assert_eq!(text(&client, "h1").await, "Kiosk registration");
        assert_eq!(
            cell(&client, "registered", NEW_KIOSK, "source").await,
            "Approved here"
        );
        screenshot(&client, "kiosks-en").await;
    });

    // The kiosk's next signed request is accepted (no restart), and it knows.
    std::thread::scope(|s| s.spawn(|| client.report_health(&report())).join())
        .unwrap()
        .unwrap();
    until_standing(&reporter, Standing::Registered);
    // The refused one is still unknown.
    let refused = std::thread::scope(|s| s.spawn(|| other.report_health(&report())).join())
        .unwrap()
        .unwrap_err();
    assert!(refused.to_string().contains("UnknownKiosk"), "{refused}");

    let rows = audit(&gw);
    assert!(
        rows.iter()
            .any(|(m, a, o, _)| m.as_deref() == Some(NAME) && a == "view_kiosks" && o == "ok")
    );
    let decided: Vec<(Option<&str>, &str, &str)> = rows
        .iter()
        .filter(|(_, a, _, _)| a.starts_with("kiosk_enrol"))
        .map(|(m, a, o, _)| (m.as_deref(), a.as_str(), o.as_str()))
        .collect();
    assert_eq!(
        decided,
        [
            (Some(NAME), "kiosk_enrol_approve", "refused"),
            (None, "kiosk_enrol_approve", "refused"),
            (Some(ADMIN), "kiosk_enrol_approve", "ok"),
            (Some(ADMIN), "kiosk_enrol_refuse", "ok"),
        ]
    );
    let approved = rows
        .iter()
        .find(|(m, a, _, _)| m.as_deref() == Some(ADMIN) && a == "kiosk_enrol_approve")
        .and_then(|(_, _, _, detail)| detail.clone())
        .unwrap();
    assert!(approved.contains(&fingerprint), "{approved}");
    // No key material but the fingerprint.
    for (_, _, _, detail) in &rows {
        assert!(
            !detail.as_deref().unwrap_or("").contains(&public_key),
            "{detail:?}"
        );
    }
}

/// A kiosk that takes a registered kiosk's id with another key is refused, never enrolled, and
/// its staff screen says so; one that cannot reach the gateway says that instead.
#[test]
fn a_taken_id_is_refused_and_an_unreachable_gateway_is_told_apart() {
    let gw = crate::gateway_support::Gateway::start(crate::gateway_support::DataDir::new());
    let intruder = gw.client_with(new_key(crate::gateway_support::KIOSK_ID));
    let reporter = Reporter::start(intruder.clone(), None, Duration::from_secs(1));
    until_standing(&reporter, Standing::Refused);
    let taken = intruder.enrol("intruder").unwrap_err();
    assert!(
        matches!(
            taken,
            myna_kiosk::eligibility::client::GatewayError::Refused {
                status: 409,
                code: myna_kiosk::eligibility::protocol::ErrorCode::KioskIdTaken,
                ..
            }
        ),
        "{taken}"
    );
    // Nothing waits in the console.
    let conn = rusqlite::Connection::open(gw.data.db()).unwrap();
    let waiting: i64 = conn
        .query_row("SELECT count(*) FROM kiosk_enrolments", [], |r| r.get(0))
        .unwrap();
    assert_eq!(waiting, 0);

    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let config = myna_kiosk::config::GatewayConfig {
        url: Some(url),
        ..gw.config()
    };
    let nowhere = GatewayClient::new(&config, new_key(NEW_KIOSK)).unwrap();
    let reporter = Reporter::start(nowhere, None, Duration::from_secs(1));
    until_standing(&reporter, Standing::Unreachable);
}

/// The endpoint over HTTP: the body's key must be the signer's (proof of possession); the same
/// request again is the same answer; another key for a waiting id is refused.
#[test]
fn an_enrolment_must_be_signed_with_the_key_it_names() {
    use myna_kiosk::eligibility::enrolment::{
        ENROLMENT_VERSION, EnrolmentRequest, PATH_ENROLMENTS,
    };
    let gw = crate::gateway_support::Gateway::start(crate::gateway_support::DataDir::new());
    let body = |key: &DeviceKey| {
        serde_json::to_vec(&EnrolmentRequest {
            version: ENROLMENT_VERSION,
            kiosk_id: NEW_KIOSK.into(),
            public_key: key.public_key_base64(),
            display_name: "受付2".into(),
            kiosk_version: "0.1.0".into(),
        })
        .unwrap()
    };
    let (key, other) = (new_key(NEW_KIOSK), new_key(NEW_KIOSK));
    let forged = body(&key);
    let (status, answer) = gw.raw(
        PATH_ENROLMENTS,
        &forged,
        &other.sign_request("POST", PATH_ENROLMENTS, &forged),
    );
    assert_eq!(
        (status, answer["error"]["code"].as_str()),
        (401, Some("bad_kiosk_signature"))
    );
    for _ in 0..2 {
        let own = body(&key);
        let (status, answer) = gw.raw(
            PATH_ENROLMENTS,
            &own,
            &key.sign_request("POST", PATH_ENROLMENTS, &own),
        );
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["status"], "pending");
        assert_eq!(answer["fingerprint"], key.fingerprint());
    }
    let theirs = body(&other);
    let (status, answer) = gw.raw(
        PATH_ENROLMENTS,
        &theirs,
        &other.sign_request("POST", PATH_ENROLMENTS, &theirs),
    );
    assert_eq!(
        (status, answer["error"]["code"].as_str()),
        (409, Some("kiosk_id_taken"))
    );
}
