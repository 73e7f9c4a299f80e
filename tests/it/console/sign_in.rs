//! Sign-in, the session cookie's flags, sign-out, and an idle session sent back to sign-in.

use std::time::Duration;

use fantoccini::Locator;

use super::{
    Driver, NAME, SECRET, audit, gateway, screenshot, sign_in, signed_in, text, wait_for_path,
};

#[test]
fn sign_in_and_sign_out_over_tls_with_a_strict_http_only_secure_cookie() {
    let Some(driver) = Driver::start() else {
        return;
    };
    let gw = gateway(true, &[]);
    assert!(gw.url.starts_with("https://"), "{}", gw.url);
    let base = gw.url.clone();
    driver.run(|client| async move {
        // Not signed in: the console sends the browser to sign-in, in Japanese first.
        client.goto(&format!("{base}/console/")).await.unwrap();
        wait_for_path(&client, "/console/sign-in").await;
        assert_eq!(text(&client, "h1").await, "サインイン");
        let html = client.find(Locator::Css("html")).await.unwrap();
        assert_eq!(html.attr("lang").await.unwrap().as_deref(), Some("ja"));
        // Labels name every field.
        for id in ["name", "secret"] {
            let label = client
                .find(Locator::Css(&format!("label[for='{id}']")))
                .await
                .unwrap();
            assert!(!label.text().await.unwrap().is_empty());
        }
        screenshot(&client, "sign-in").await;

        // A wrong secret: refused, still on sign-in.
        sign_in(&client, NAME, "not the password at all").await;
        wait_for_path(&client, "/console/sign-in").await;
        assert!(text(&client, "#error").await.contains("違います"));

        // Keyboard only: the name field has the focus, Tab goes to the secret, Enter submits.
        client
            .goto(&format!("{base}/console/sign-in"))
            .await
            .unwrap();
        let active = client.active_element().await.unwrap();
        assert_eq!(active.attr("id").await.unwrap().as_deref(), Some("name"));
        active.send_keys(NAME).await.unwrap();
        active.send_keys("\u{E004}").await.unwrap(); // Tab
        let active = client.active_element().await.unwrap();
        assert_eq!(active.attr("id").await.unwrap().as_deref(), Some("secret"));
        active.send_keys(super::SECRET).await.unwrap();
        active.send_keys("\u{E007}").await.unwrap(); // Enter
        wait_for_path(&client, "/console/confirmations").await;
        assert_eq!(text(&client, "h1").await, "本日の資格確認");
        assert!(text(&client, "#signed-in-as").await.contains(NAME));

        let cookie = client.get_named_cookie("myna_console").await.unwrap();
        assert_eq!(cookie.value().len(), 64, "a 256-bit id in hex");
        assert_eq!(cookie.http_only(), Some(true));
        assert_eq!(cookie.secure(), Some(true));
        // fantoccini re-exports the cookie but not its `SameSite`.
        assert_eq!(format!("{:?}", cookie.same_site()), "Some(Strict)");
        assert_eq!(cookie.path(), Some("/console"));
        // HttpOnly: the page's scripts cannot read it.
        let seen = client
            .execute("return document.cookie;", vec![])
            .await
            .unwrap();
        assert!(
            !seen.as_str().unwrap_or("").contains("myna_console="),
            "{seen}"
        );

        // The switch: English, remembered.
        client
            .find(Locator::Css("a[hreflang='en']"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_for_path(&client, "/console/confirmations").await;
        assert_eq!(text(&client, "h1").await, "Today's confirmations");
        client.refresh().await.unwrap();
        assert_eq!(text(&client, "h1").await, "Today's confirmations");
        client
            .find(Locator::Css("a[hreflang='ja']"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_for_path(&client, "/console/confirmations").await;

        // Sign-out: back to sign-in, and the list is closed again.
        client
            .find(Locator::Id("sign-out"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_for_path(&client, "/console/sign-in").await;
        assert_eq!(text(&client, "#notice").await, "サインアウトしました。");
        client
            .goto(&format!("{base}/console/confirmations"))
            .await
            .unwrap();
        wait_for_path(&client, "/console/sign-in").await;
    });
    let rows = audit(&gw);
    let actions: Vec<(Option<&str>, &str, &str)> = rows
        .iter()
        .map(|(m, a, o, _)| (m.as_deref(), a.as_str(), o.as_str()))
        .collect();
    assert_eq!(
        actions,
        [
            (None, "member_added", "ok"),
            (Some(NAME), "sign_in", "failed"),
            (Some(NAME), "sign_in", "ok"),
            (Some(NAME), "view_confirmations", "ok"),
            (Some(NAME), "view_confirmations", "ok"),
            (Some(NAME), "view_confirmations", "ok"),
            (Some(NAME), "view_confirmations", "ok"),
            (Some(NAME), "sign_out", "ok"),
        ]
    );
    // Never a secret in the audit.
    assert!(!format!("{rows:?}").contains("horse"));
}

/// Chromium keeps a `Secure` cookie set over plain HTTP on 127.0.0.1 (a loopback address is a
/// secure context), so the console works on the gateway's loopback-only plain HTTP too.
#[test]
fn the_secure_cookie_works_over_plain_http_on_loopback() {
    let Some(driver) = Driver::start() else {
        return;
    };
    let gw = gateway(false, &[]);
    assert!(gw.url.starts_with("http://127.0.0.1:"), "{}", gw.url);
    let base = gw.url.clone();
    driver.run(|client| async move {
        signed_in(&client, &base).await;
        let cookie = client.get_named_cookie("myna_console").await.unwrap();
        assert_eq!(cookie.secure(), Some(true));
        client.refresh().await.unwrap();
        wait_for_path(&client, "/console/confirmations").await;
    });
}

#[test]
fn an_idle_session_goes_back_to_sign_in() {
    let Some(driver) = Driver::start() else {
        return;
    };
    // Idle for 8 s ends a session. A page takes up to ~2 s to load when the tests load both cores
    // (an idle time of 3 s with pages 1.2 s apart once failed that way, 2026-12-05). The pages
    // below, 4.5 s apart, leave ~2.7 s to spare (the gateway writes a session's last-seen time
    // at most every 0.8 s at this idle time), and together outlast one idle time.
    let gw = gateway(true, &["--console-session-secs", "8"]);
    let base = gw.url.clone();
    driver.run(|client| async move {
        signed_in(&client, &base).await;
        // Used within the idle time: still signed in, twice (each page starts it again).
        tokio::time::sleep(Duration::from_millis(4500)).await;
        client.refresh().await.unwrap();
        wait_for_path(&client, "/console/confirmations").await;
        tokio::time::sleep(Duration::from_millis(4500)).await;
        client.refresh().await.unwrap();
        wait_for_path(&client, "/console/confirmations").await;
        // Then left alone longer than that.
        tokio::time::sleep(Duration::from_millis(8600)).await;
        client.refresh().await.unwrap();
        wait_for_path(&client, "/console/sign-in").await;
        assert!(
            text(&client, "#notice")
                .await
                .contains("サインアウトしました")
        );
        // And the session is gone for good, not only for one page.
        client
            .goto(&format!("{base}/console/confirmations"))
            .await
            .unwrap();
        wait_for_path(&client, "/console/sign-in").await;
        // Signing in again goes back to the page that asked for it (`next=`), here the board.
        client
            .goto(&format!("{base}/console/health"))
            .await
            .unwrap();
        wait_for_path(&client, "/console/sign-in").await;
        let at = client.current_url().await.unwrap();
        assert_eq!(at.query(), Some("next=/console/health"), "{at}");
        sign_in(&client, NAME, SECRET).await;
        wait_for_path(&client, "/console/health").await;
    });
    assert!(
        audit(&gw)
            .iter()
            .any(|(m, a, _, _)| m.as_deref() == Some(NAME) && a == "session_expired")
    );
}

/// `myna-gateway staff remove` (another process) ends the member's session at its next page.
#[test]
fn a_removed_member_is_signed_out_at_the_next_page() {
    let Some(driver) = Driver::start() else {
        return;
    };
    let gw = gateway(false, &[]);
    let base = gw.url.clone();
    let gw_for_cli = &gw;
    driver.run(|client| async move {
        signed_in(&client, &base).await;
        super::staff(gw_for_cli, &["remove", NAME], None).assert_ok();
        client.refresh().await.unwrap();
        wait_for_path(&client, "/console/sign-in").await;
        // Not for one page only: the list stays closed.
        client
            .goto(&format!("{base}/console/confirmations"))
            .await
            .unwrap();
        wait_for_path(&client, "/console/sign-in").await;
    });
    assert!(
        audit(&gw)
            .iter()
            .any(|(m, a, o, _)| m.as_deref() == Some(NAME)
                && a == "session_ended"
                && o == "refused")
    );
}
