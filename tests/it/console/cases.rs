//! The live case queue in a real browser, against a real `myna-gateway` process and a real
//! kiosk worker loop reporting over the signed protocol (`crate::reporting::start_loop`): a
//! patient call appears without a reload, with the alert and the chime (the audio really
//! started: the page counts its `playing` events); "on my way" reaches the kiosk's screen (also
//! for a PIN-locked card on the real PC/SC stack: `myna-sim` → vpcd → the private pcscd);
//! resolve removes it; across a gateway restart nothing raised while it was down is missed (the
//! session is kept in the database, so the same page resumes by itself from `Last-Event-ID`,
//! shows the call and chimes for it); an expired session's sign-in goes back to the page it was
//! on; CSRF refused on the new forms; signed out gets the sign-in page.

use std::io::{BufRead, BufReader};
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};

use super::csrf::tamper;
use super::{
    Driver, NAME, SECRET, audit, gateway, screenshot, sign_in, signed_in, text, wait_for_path,
};
use crate::common::stack::{self, Sim};
use crate::gateway_support::{self, Gateway, KIOSK_ID};
use crate::kiosk_loop::Kiosk;
use crate::reporting::{config_at, free_port, start_loop};
use myna_gateway::Reports;
use myna_kiosk::eligibility::client::{GatewayClient, install_crypto_provider};
use myna_kiosk::eligibility::reports::{
    AcknowledgementKind, CaseOutcome, CaseReason, CaseReport, REPORTS_VERSION,
};
use myna_kiosk::reception::runner::Input;
use myna_kiosk::reception::view::{Notice, Screen, UiEvent};

/// Waits until the JavaScript expression `condition` is true in the page.
async fn until(client: &Client, what: &str, condition: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    let script = format!("return !!({condition});");
    loop {
        if client.execute(&script, vec![]).await.unwrap() == serde_json::Value::Bool(true) {
            return;
        }
        assert!(Instant::now() < deadline, "{what}: never true: {condition}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Signs in and opens the queue, and waits until its stream is live.
async fn open_queue(client: &Client, base: &str) {
    signed_in(client, base).await;
    client.goto(&format!("{base}/console/cases")).await.unwrap();
    wait_for_path(client, "/console/cases").await;
    until(client, "the stream", "document.body.dataset.live === 'on'").await;
}

async fn click(client: &Client, css: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap();
}

fn case(id: &str, reason: CaseReason) -> CaseReport {
    CaseReport {
        version: REPORTS_VERSION,
        case_id: id.into(),
        raised_at: time::OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap(),
        reason,
        detail: None,
        next_step: reason.next_step(None),
    }
}

#[test]
fn a_patient_call_appears_live_rings_and_on_my_way_reaches_the_kiosk() {
    let Some(driver) = Driver::start() else {
        return;
    };
    let gw = gateway(true, &[]);
    let kiosk = start_loop(gw.client(), Duration::from_secs(5), true);
    let base = gw.url.clone();
    driver.run(|client| async move {
        open_queue(&client, &base).await;
        assert_eq!(text(&client, "#none").await, "対応待ちの案件はありません。");
        assert!(client.find(Locator::Id("call-alert")).await.is_err());
        // A mark that a reload would wipe.
        client
            .execute("window.sameDocument = true;", vec![])
            .await
            .unwrap();
        click(&client, "#sound").await;
        until(
            &client,
            "sound on",
            "document.getElementById('sound').getAttribute('aria-pressed') === 'true'",
        )
        .await;
        assert_eq!(text(&client, "#sound").await, "音：オン");

        // The patient presses "call staff" at the kiosk.
        let pressed = Instant::now();
        kiosk.inputs.send(Input::Ui(UiEvent::CallStaff)).unwrap();
        until(
            &client,
            "the case",
            "document.querySelector('#case-list tr.call')",
        )
        .await;
        eprintln!(
            "cases: the call was on the page {:?} after the press",
            pressed.elapsed()
        );
        until(&client, "the same page", "window.sameDocument === true").await;
        let alert = text(&client, "#call-alert").await;
        assert!(
            alert.contains("患者さんがスタッフを呼んでいます"),
            "{alert}"
        );
        assert!(alert.contains(KIOSK_ID), "{alert}");
        let row = text(&client, "#case-list tr.call").await;
        for expected in [
            KIOSK_ID,
            "呼び出し",
            "患者さんがスタッフを呼びました。",
            "カウンターで用件を伺ってください。",
            "まだ誰も向かっていません",
        ] {
            assert!(row.contains(expected), "{expected} not in {row:?}");
        }
        assert_eq!(text(&client, "#cases-count").await, "対応待ち 1件");
        // The chime for the new case started playing.
        until(
            &client,
            "the chime",
            "Number(document.body.dataset.chimes) >= 1",
        )
        .await;
        screenshot(&client, "cases-call").await;

        // On my way: back to the queue, the name shown, and the kiosk's screen says so.
        click(&client, "#case-list tr.call form.on-my-way button").await;
        until(&client, "the notice", "document.getElementById('notice')").await;
        assert_eq!(
            text(&client, "#notice").await,
            "「向かいます」を受付機に送りました。"
        );
        let row = text(&client, "#case-list tr.call").await;
        assert!(row.contains(&format!("{NAME}が向かっています")), "{row}");
        let view = kiosk.until(|v| v.staff_coming);
        assert!(view.staff_coming);
        screenshot(&client, "cases-on-my-way").await;

        // Resolve, with an outcome: gone from the queue.
        client
            .find(Locator::Css("#case-list tr.call select[name=outcome]"))
            .await
            .unwrap()
            .select_by_value("patient_left")
            .await
            .unwrap();
        click(&client, "#case-list tr.call form.resolve button").await;
        until(
            &client,
            "the empty queue",
            "document.getElementById('none')",
        )
        .await;
        assert_eq!(text(&client, "#notice").await, "案件を対応済みにしました。");
        assert!(client.find(Locator::Id("call-alert")).await.is_err());
        screenshot(&client, "cases-empty").await;
    });
    // The kiosk's acknowledgements long poll has both, in order.
    let acks = gw.client().acknowledgements(0, Duration::ZERO).unwrap();
    let kinds: Vec<_> = acks.acknowledgements.iter().map(|a| a.kind).collect();
    assert_eq!(
        kinds,
        [
            AcknowledgementKind::OnMyWay,
            AcknowledgementKind::Resolved {
                outcome: CaseOutcome::PatientLeft
            }
        ]
    );
    // Audited, with the member's name.
    let actions: Vec<(Option<String>, String, String)> = audit(&gw)
        .into_iter()
        .filter(|(_, action, _, _)| action.starts_with("case_"))
        .map(|(member, action, outcome, _)| (member, action, outcome))
        .collect();
    let sato = Some(NAME.to_string());
    assert_eq!(
        actions,
        [
            (sato.clone(), "case_on_my_way".into(), "ok".into()),
            (sato, "case_resolve".into(), "ok".into()),
        ]
    );
}

#[test]
fn a_pin_locked_visit_on_the_real_card_stack_appears_and_on_my_way_reaches_its_screen() {
    let Some(driver) = Driver::start() else {
        return;
    };
    let Some(reader) = stack::reader() else {
        return;
    };
    let kiosk = Kiosk::start_reporting(&reader.name, Duration::from_secs(5));
    super::staff(
        kiosk.gateway(),
        &["add", NAME, "--role", "staff"],
        Some(SECRET),
    )
    .assert_ok();
    let base = kiosk.gateway().url.clone();
    driver.run(|client| async move {
        open_queue(&client, &base).await;
        // The patient puts a card whose PIN is locked on the reader (myna-sim → vpcd → pcscd).
        let _sim = Sim::start("pin-locked", &reader, &[]);
        kiosk.screen(|s| *s == Screen::Notice(Notice::PinLocked));
        until(
            &client,
            "the case",
            "document.querySelector('#case-list tr[data-case]')",
        )
        .await;
        let row = text(&client, "#case-list tr[data-case]").await;
        assert!(row.contains("暗証番号がロックされているか"), "{row}");
        assert!(row.contains("顔認証、またはスタッフの目視確認"), "{row}");
        // Not a patient call: no alert.
        assert!(client.find(Locator::Id("call-alert")).await.is_err());
        click(&client, "#case-list tr[data-case] form.on-my-way button").await;
        until(&client, "the notice", "document.getElementById('notice')").await;
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let left = deadline
                .checked_duration_since(Instant::now())
                .expect("the kiosk's screen never said staff are coming");
            if let Some(view) = kiosk.next_view(left)
                && view.staff_coming
            {
                assert_eq!(view.screen, Screen::Notice(Notice::PinLocked));
                break;
            }
        }
    });
}

/// A console session over plain HTTP (reqwest): for what a page's script cannot do itself,
/// sending `Last-Event-ID`, and reading the stream's raw events.
struct HttpConsole {
    http: reqwest::blocking::Client,
    base: String,
    cookie: String,
}

fn session_cookie(response: &reqwest::blocking::Response) -> String {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("myna_console="))
        .and_then(|v| v.split(';').next())
        .unwrap()
        .to_string()
}

fn csrf_of(html: &str) -> String {
    html.split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_string()
}

impl HttpConsole {
    fn client() -> reqwest::blocking::Client {
        install_crypto_provider();
        reqwest::blocking::Client::builder()
            .tls_backend_preconfigured(gateway_support::client_tls())
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
    }

    fn sign_in(base: &str) -> Self {
        let http = Self::client();
        let page = http.get(format!("{base}/console/sign-in")).send().unwrap();
        let cookie = session_cookie(&page);
        let csrf = csrf_of(&page.text().unwrap());
        let secret = SECRET.replace(' ', "+");
        let answer = http
            .post(format!("{base}/console/sign-in"))
            .header("cookie", format!("myna_console={cookie}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("csrf={csrf}&name={NAME}&secret={secret}"))
            .send()
            .unwrap();
        assert_eq!(answer.status().as_u16(), 303);
        HttpConsole {
            cookie: session_cookie(&answer),
            http,
            base: base.to_string(),
        }
    }

    /// The session a browser holds (its cookie's value).
    fn with_session(base: &str, cookie: &str) -> Self {
        HttpConsole {
            http: Self::client(),
            base: base.to_string(),
            cookie: cookie.to_string(),
        }
    }

    fn get(&self, path: &str, last_event_id: Option<u64>) -> reqwest::blocking::Response {
        let mut request = self
            .http
            .get(format!("{}{path}", self.base))
            .header("cookie", format!("myna_console={}", self.cookie));
        if let Some(id) = last_event_id {
            request = request.header("last-event-id", id.to_string());
        }
        request.send().unwrap()
    }

    fn sign_out(&self) {
        let csrf = csrf_of(&self.get("/console/cases", None).text().unwrap());
        let answer = self
            .http
            .post(format!("{}/console/sign-out", self.base))
            .header("cookie", format!("myna_console={}", self.cookie))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("csrf={csrf}"))
            .send()
            .unwrap();
        assert_eq!(answer.status().as_u16(), 303);
    }
}

/// Reads a stream's events, `(id, event name)`, until `last` says stop (or the stream ends);
/// fails after 20 s (the keep-alive comment every 15 s brings a line to check the time at).
fn read_events(
    lines: &mut impl BufRead,
    mut last: impl FnMut(&(Option<u64>, String)) -> bool,
) -> Vec<(Option<u64>, String)> {
    let mut events = Vec::new();
    let (mut id, mut name) = (None, None::<String>);
    let mut line = String::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        line.clear();
        if lines.read_line(&mut line).unwrap() == 0 {
            return events;
        }
        assert!(
            Instant::now() < deadline,
            "still waiting; so far {events:?}"
        );
        let line = line.trim_end();
        if let Some(value) = line.strip_prefix("id:") {
            id = value.trim().parse().ok();
        } else if let Some(value) = line.strip_prefix("event:") {
            name = Some(value.trim().to_string());
        } else if line.is_empty()
            && let Some(name) = name.take()
        {
            let event = (id.take(), name);
            let done = last(&event);
            events.push(event);
            if done {
                return events;
            }
        }
    }
}

#[test]
fn nothing_raised_while_the_gateway_was_down_is_missed() {
    let Some(driver) = Driver::start() else {
        return;
    };
    install_crypto_provider();
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let gw = gateway(true, &["--listen", &listen]);
    let db = gw.data.db();
    let config = config_at(&gw.data, port);
    let kiosk = start_loop(
        GatewayClient::from_config(&config).unwrap(),
        Duration::from_millis(500),
        false,
    );
    let base = gw.url.clone();
    let reports = Reports::open(&db, Duration::from_secs(20)).unwrap();
    let kiosk_client = gw.client();
    driver.run(|client| async move {
        open_queue(&client, &base).await;
        click(&client, "#sound").await;
        // A blocking HTTP client must not end inside the browser's async runtime.
        std::thread::spawn(move || {
            kiosk_client
                .report_case(&case("before", CaseReason::PinLocked))
                .unwrap()
        })
        .join()
        .unwrap();
        until(
            &client,
            "the first case",
            "document.querySelector('tr[data-case=before]')",
        )
        .await;
        let last_seen = reports.last_event_id().unwrap();

        // The gateway stops; the page keeps trying.
        let data = gw.stop();
        until(
            &client,
            "reconnecting",
            "document.body.dataset.live === 'reconnecting'",
        )
        .await;
        // The patient calls staff meanwhile: the kiosk keeps the case in its outbox.
        kiosk.inputs.send(Input::Ui(UiEvent::CallStaff)).unwrap();
        std::thread::sleep(Duration::from_secs(1));
        let gw = Gateway::start_with(data, true, &["--listen", &listen]);
        let deadline = Instant::now() + Duration::from_secs(20);
        while !reports
            .open_cases()
            .unwrap()
            .iter()
            .any(|c| c.reason == CaseReason::PatientCalled)
        {
            assert!(
                Instant::now() < deadline,
                "the call never reached the gateway"
            );
            std::thread::sleep(Duration::from_millis(50));
        }

        // The restarted gateway still knows the session: the same page resumes by itself, with
        // no red line, shows the call on top and chimes for it.
        until(
            &client,
            "the call, live",
            "document.body.dataset.live === 'on' \
             && document.querySelectorAll('#case-list tbody tr').length >= 2",
        )
        .await;
        let first_row = text(&client, "#case-list tbody tr:first-child").await;
        assert!(first_row.contains("呼び出し"), "{first_row}");
        until(
            &client,
            "the chime for the call",
            "Number(document.body.dataset.chimes) >= 2",
        )
        .await;
        assert!(
            !client
                .find(Locator::Css("#live-lost"))
                .await
                .unwrap()
                .is_displayed()
                .await
                .unwrap()
        );
        screenshot(&client, "cases-resumed").await;

        // The stream, resumed from the last id seen before the stop, brings what was recorded
        // since (the call, and the kiosk's health as it changed), in order, each once; signing
        // out ends it.
        let url = gw.url.clone();
        let (missed, rest) = std::thread::spawn(move || {
            let console = HttpConsole::sign_in(&url);
            let mut stream = BufReader::new(console.get("/console/events", Some(last_seen)));
            let missed = read_events(&mut stream, |(_, name)| name == "case_raised");
            console.sign_out();
            let rest = read_events(&mut stream, |(_, name)| name == "signed_out");
            (missed, rest)
        })
        .join()
        .unwrap();
        let recorded: Vec<(Option<u64>, String)> = reports
            .events_since(last_seen)
            .unwrap()
            .into_iter()
            .map(|e| (Some(e.id), e.what.kind().to_string()))
            .take(missed.len())
            .collect();
        assert_eq!(missed, recorded);
        assert_eq!(
            rest.last().map(|(_, name)| name.as_str()),
            Some("signed_out")
        );
        let ids: Vec<u64> = missed
            .iter()
            .chain(&rest)
            .filter_map(|(id, _)| *id)
            .collect();
        assert!(
            ids.windows(2).all(|w| w[0] < w[1]),
            "each once, in order: {ids:?}"
        );

        // Signing out (in another tab, say) stops the page; its link asks for sign-in, which
        // goes back to the queue, with both cases, the call on top.
        let url = gw.url.clone();
        let cookie = client.get_named_cookie("myna_console").await.unwrap();
        let session = cookie.value().to_string();
        std::thread::spawn(move || HttpConsole::with_session(&url, &session).sign_out())
            .join()
            .unwrap();
        until(&client, "stopped", "document.body.dataset.live === 'lost'").await;
        let lost = text(&client, "#live-lost").await;
        assert!(lost.contains("再読み込み"), "{lost}");
        click(&client, "#live-lost a").await;
        wait_for_path(&client, "/console/sign-in").await;
        let at = client.current_url().await.unwrap();
        assert_eq!(at.query(), Some("next=/console/cases"), "{at}");
        sign_in(&client, NAME, SECRET).await;
        wait_for_path(&client, "/console/cases").await;
        until(&client, "live again", "document.body.dataset.live === 'on'").await;
        let first_row = text(&client, "#case-list tbody tr:first-child").await;
        assert!(first_row.contains("呼び出し"), "{first_row}");
        assert!(
            client
                .find(Locator::Css("tr[data-case=before]"))
                .await
                .is_ok()
        );
        assert!(text(&client, "#call-alert").await.contains(KIOSK_ID));
        drop(gw);
    });
}

#[test]
fn the_new_forms_refuse_a_wrong_csrf_token_and_signed_out_gets_sign_in() {
    let Some(driver) = Driver::start() else {
        return;
    };
    let gw = gateway(true, &[]);
    gw.client()
        .report_case(&case("c1", CaseReason::NoResult))
        .unwrap();
    let base = gw.url.clone();
    // Without a session: no stream, no list.
    let http = HttpConsole::client();
    for path in ["/console/events", "/console/cases/list"] {
        let answer = http.get(format!("{base}{path}")).send().unwrap();
        assert_eq!(answer.status().as_u16(), 401, "{path}");
    }
    driver.run(|client| async move {
        client.goto(&format!("{base}/console/cases")).await.unwrap();
        wait_for_path(&client, "/console/sign-in").await;
        open_queue(&client, &base).await;
        let row = text(&client, "tr[data-case=c1]").await;
        assert!(row.contains("照会結果に該当者がいませんでした。"), "{row}");
        for (form, value) in [("form.on-my-way", Some("wrong")), ("form.resolve", None)] {
            client.goto(&format!("{base}/console/cases")).await.unwrap();
            wait_for_path(&client, "/console/cases").await;
            tamper(&client, &format!("tr[data-case=c1] {form}"), value).await;
            click(&client, &format!("tr[data-case=c1] {form} button")).await;
            until(&client, "the refusal", "document.getElementById('error')").await;
            assert!(text(&client, "#error").await.contains("CSRF"));
        }
        screenshot(&client, "cases-refused").await;
    });
    let case = Reports::open(&gw.data.db(), Duration::from_secs(20))
        .unwrap()
        .find_case(KIOSK_ID, "c1")
        .unwrap()
        .unwrap();
    assert_eq!(case.acknowledged_by, None);
    assert_eq!(case.resolved_at, None);
    let refused: Vec<String> = audit(&gw)
        .into_iter()
        .filter(|(_, _, outcome, _)| outcome == "refused")
        .map(|(_, action, _, _)| action)
        .collect();
    assert_eq!(refused, ["case_on_my_way", "case_resolve"]);
}
