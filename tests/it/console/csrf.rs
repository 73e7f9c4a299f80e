//! Every POST needs its session's CSRF token: sign-in and sign-out without one, or with a wrong
//! one, are refused with a page that says so, and nothing happens.

use fantoccini::{Client, Locator};

use super::{Driver, NAME, SECRET, audit, gateway, screenshot, text, wait_for_path};

/// Sets (or, with `None`, removes) the form's `csrf` field in the page.
pub(super) async fn tamper(client: &Client, form: &str, value: Option<&str>) {
    let script = match value {
        Some(_) => {
            format!("document.querySelector(\"{form} input[name=csrf]\").value = arguments[0];")
        }
        None => format!("document.querySelector(\"{form} input[name=csrf]\").remove();"),
    };
    let args = vec![serde_json::json!(value.unwrap_or(""))];
    client.execute(&script, args).await.unwrap();
}

async fn submit_sign_in(client: &Client) {
    client
        .find(Locator::Id("name"))
        .await
        .unwrap()
        .send_keys(NAME)
        .await
        .unwrap();
    client
        .find(Locator::Id("secret"))
        .await
        .unwrap()
        .send_keys(SECRET)
        .await
        .unwrap();
    client
        .find(Locator::Id("sign-in"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

#[test]
fn posts_without_or_with_a_wrong_csrf_token_are_refused() {
    let Some(driver) = Driver::start() else {
        return;
    };
    let gw = gateway(true, &[]);
    let base = gw.url.clone();
    driver.run(|client| async move {
        let sign_in_form = "form.sign-in";
        for value in [Some("0".repeat(64).as_str()), Some("wrong"), None] {
            client
                .goto(&format!("{base}/console/sign-in"))
                .await
                .unwrap();
            tamper(&client, sign_in_form, value).await;
            submit_sign_in(&client).await;
            wait_for_path(&client, "/console/sign-in").await;
            assert_eq!(
                text(&client, "h1").await,
                "この操作は受け付けられませんでした"
            );
            assert!(text(&client, "#error").await.contains("CSRF"));
        }
        screenshot(&client, "refused").await;
        // Not signed in by any of them.
        client
            .goto(&format!("{base}/console/confirmations"))
            .await
            .unwrap();
        wait_for_path(&client, "/console/sign-in").await;

        // With the page's own token it works.
        submit_sign_in(&client).await;
        wait_for_path(&client, "/console/confirmations").await;

        // Sign-out with a wrong token: refused, and still signed in.
        tamper(&client, "header form", Some("wrong")).await;
        client
            .find(Locator::Id("sign-out"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_for_path(&client, "/console/sign-out").await;
        assert!(text(&client, "#error").await.contains("CSRF"));
        client
            .goto(&format!("{base}/console/confirmations"))
            .await
            .unwrap();
        wait_for_path(&client, "/console/confirmations").await;
    });
    let refused: Vec<String> = audit(&gw)
        .into_iter()
        .filter(|(_, _, outcome, _)| outcome == "refused")
        .map(|(_, action, _, _)| action)
        .collect();
    assert_eq!(refused, ["sign_in", "sign_in", "sign_in", "sign_out"]);
}
