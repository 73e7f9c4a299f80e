//! Wrong secrets lock a member out, longer each time, then until an administrator unlocks them
//! with `myna-gateway staff unlock`.

use std::time::{Duration, Instant};

use fantoccini::Client;

use super::{Driver, NAME, SECRET, audit, gateway, sign_in, staff, text, wait_for_path};

/// Five wrong tries (the desk's default); the last page's error.
async fn five_wrong(client: &Client, base: &str) -> String {
    for _ in 0..5 {
        client
            .goto(&format!("{base}/console/sign-in"))
            .await
            .unwrap();
        sign_in(client, NAME, "not the password at all").await;
        wait_for_path(client, "/console/sign-in").await;
    }
    text(client, "#error").await
}

/// The right secret, refused while locked: the error.
async fn right_but_refused(client: &Client, base: &str) -> String {
    client
        .goto(&format!("{base}/console/sign-in"))
        .await
        .unwrap();
    sign_in(client, NAME, SECRET).await;
    wait_for_path(client, "/console/sign-in").await;
    text(client, "#error").await
}

async fn sleep_until(when: Instant) {
    tokio::time::sleep(when.saturating_duration_since(Instant::now())).await;
}

#[test]
fn wrong_secrets_lock_out_longer_each_time_then_until_an_admin_unlocks() {
    let Some(driver) = Driver::start() else {
        return;
    };
    // A first lock-out of 8 s (5 minutes in a clinic), 16 s the second time: long enough for a
    // page or two on a busy machine, where a page may take 2 s or more (a lock-out of 4 s once
    // ended before the right secret tried 4.5 s into the second one reached the gateway,
    // 2026-12-05).
    let gw = gateway(true, &["--console-lockout-secs", "8"]);
    let base = gw.url.clone();
    driver.run(|client| {
        let gw = &gw;
        async move {
            let first = five_wrong(&client, &base).await;
            let locked_at = Instant::now();
            assert!(first.contains("ロック"), "{first}");
            // The right secret is not even checked while locked out.
            assert!(right_but_refused(&client, &base).await.contains("ロック"));
            assert!(
                locked_at.elapsed() < Duration::from_secs(8),
                "too slow to test"
            );
            sleep_until(locked_at + Duration::from_millis(8300)).await;

            let second = five_wrong(&client, &base).await;
            let locked_at = Instant::now();
            assert!(second.contains("ロック"), "{second}");
            // Longer than the first: still locked after the first one's length.
            sleep_until(locked_at + Duration::from_millis(8500)).await;
            assert!(right_but_refused(&client, &base).await.contains("ロック"));
            assert!(
                locked_at.elapsed() < Duration::from_secs(16),
                "too slow to test"
            );
            sleep_until(locked_at + Duration::from_millis(16300)).await;

            // The third lock-out in a row: until an admin unlocks.
            let third = five_wrong(&client, &base).await;
            assert!(third.contains("管理者"), "{third}");
            assert!(right_but_refused(&client, &base).await.contains("管理者"));
            let listed = staff(gw, &["list"], None);
            assert_eq!(
                listed.assert_ok().stdout,
                format!("{NAME}\tstaff, locked until an admin unlocks\n")
            );

            staff(gw, &["unlock", NAME], None).assert_ok();
            client
                .goto(&format!("{base}/console/sign-in"))
                .await
                .unwrap();
            sign_in(&client, NAME, SECRET).await;
            wait_for_path(&client, "/console/confirmations").await;
        }
    });
    let rows = audit(&gw);
    let lockouts: Vec<&str> = rows
        .iter()
        .filter(|(_, a, o, d)| {
            a == "sign_in" && o == "locked" && d.as_deref().is_some_and(|d| d.contains("lockout"))
        })
        .map(|(_, _, _, d)| d.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(
        lockouts,
        [
            r#"{"lockout":1,"seconds":8}"#,
            r#"{"lockout":2,"seconds":16}"#,
            r#"{"lockout":3,"needs_admin":true}"#
        ]
    );
    assert!(rows.iter().any(|(_, a, _, _)| a == "member_unlocked"));
    assert_eq!(
        rows.last()
            .map(|(m, a, o, _)| (m.as_deref(), a.as_str(), o.as_str())),
        Some((Some(NAME), "view_confirmations", "ok"))
    );
}
