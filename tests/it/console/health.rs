//! The kiosk health board: a kiosk that reports (through the real signed protocol, as a kiosk's
//! reporter does) is shown with what it said, in words; once it has been silent for the
//! gateway's `--stale-after`, a reload shows it as not responding, in words and in red.

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};

use super::{Driver, NAME, audit, gateway, open, screenshot, signed_in, text, wait_for_path};
use crate::gateway_support::KIOSK_ID;
use myna_kiosk::eligibility::device_key::format_time;
use myna_kiosk::eligibility::reports::{HealthReport, REPORTS_VERSION, Reachability};

pub(super) fn report() -> HealthReport {
    let now = format_time(time::OffsetDateTime::now_utc());
    HealthReport {
        version: REPORTS_VERSION,
        sent_at: now.clone(),
        reader_attached: Some(true),
        card_in_reader: true,
        gateway: Some(Reachability {
            reachable: false,
            at: now,
        }),
        outbox_backlog: Some(3),
        face_available: false,
        kiosk_version: "0.1.0-board".into(),
    }
}

async fn reload(client: &Client) {
    client.refresh().await.unwrap();
    wait_for_path(client, "/console/health").await;
}

async fn row_class(client: &Client) -> String {
    let row = client
        .find(Locator::Css(&format!("tr[data-kiosk='{KIOSK_ID}']")))
        .await
        .unwrap();
    row.attr("class").await.unwrap().unwrap_or_default()
}

async fn cell(client: &Client, class: &str) -> String {
    text(client, &format!("tr[data-kiosk='{KIOSK_ID}'] .{class}")).await
}

#[test]
fn the_board_shows_a_reporting_kiosk_and_turns_a_silent_one_stale() {
    let Some(driver) = Driver::start() else {
        return;
    };
    let gw = gateway(true, &["--stale-after", "2"]);
    let base = gw.url.clone();
    // A blocking client: used from a thread of its own and dropped outside the browser's runtime.
    let kiosk = gw.client();
    let kiosk = &kiosk;
    let send = move || {
        std::thread::scope(|s| s.spawn(|| kiosk.report_health(&report())).join())
            .unwrap()
            .unwrap();
    };
    driver.run(|client| async move {
        // Not signed in: sent to sign-in.
        client
            .goto(&format!("{base}/console/health"))
            .await
            .unwrap();
        wait_for_path(&client, "/console/sign-in").await;
        signed_in(&client, &base).await;

        // Registered, never reported: listed as such.
        open(&client, &base, "/console/health").await;
        assert_eq!(text(&client, "h1").await, "受付機の状態");
        assert_eq!(cell(&client, "state").await, "報告なし（登録済み）");

        send();
        reload(&client).await;
        assert_eq!(cell(&client, "state").await, "正常");
        assert_eq!(row_class(&client).await, "kiosk-ok");
        assert_eq!(cell(&client, "reader").await, "接続");
        assert_eq!(cell(&client, "card").await, "置かれている");
        assert_eq!(cell(&client, "gateway").await, "通信できない");
        assert_eq!(cell(&client, "backlog").await, "3件");
        assert_eq!(cell(&client, "face").await, "使えない");
        assert_eq!(cell(&client, "version").await, "0.1.0-board");
        let seen = cell(&client, "time").await;
        assert!(seen.contains("秒前"), "{seen}");
        // The page reloads itself.
        let refresh = client
            .find(Locator::Css("meta[http-equiv='refresh']"))
            .await
            .unwrap();
        assert_eq!(refresh.attr("content").await.unwrap().as_deref(), Some("5"));
        assert!(text(&client, "#stale-rule").await.contains("2秒以上"));
        screenshot(&client, "health-reporting").await;

        // Silent for longer than --stale-after: stale at a reload (the page's own, or ours).
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            reload(&client).await;
            if cell(&client, "state").await == "応答なし" {
                break;
            }
            assert!(Instant::now() < deadline, "never turned stale");
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        assert_eq!(row_class(&client).await, "kiosk-stale");
        // Red as well as the word.
        let colour = client
            .find(Locator::Css(&format!(
                "tr[data-kiosk='{KIOSK_ID}'] td.state"
            )))
            .await
            .unwrap()
            .css_value("color")
            .await
            .unwrap();
        assert_eq!(colour, "rgba(164, 18, 28, 1)");
        screenshot(&client, "health-stale").await;

        // It reports again: fresh again.
        send();
        reload(&client).await;
        assert_eq!(cell(&client, "state").await, "正常");

        // English.
        open(&client, &base, "/console/health?lang=en").await;
        assert_eq!(text(&client, "h1").await, "Kiosk health");
        assert_eq!(cell(&client, "backlog").await, "3 items");
    });
    assert!(
        audit(&gw)
            .iter()
            .any(|(m, a, o, _)| m.as_deref() == Some(NAME) && a == "view_health" && o == "ok")
    );
}
