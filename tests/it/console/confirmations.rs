//! Today's confirmations: one made through the real gateway (an insurance-number query from the
//! test kiosk) appears with the kiosk's name, the person and the numbers; the filter by kiosk
//! and by time narrows it; a bad filter says what is wrong.

use fantoccini::Locator;

use super::{Driver, gateway, screenshot, signed_in, text, wait_for_path};
use crate::gateway_support::{KIOSK_ID, new_request_id};
use myna_kiosk::eligibility::protocol::{InsuranceNumberRequest, QualificationConfirmSearchInfo};

#[test]
fn a_confirmation_through_the_gateway_appears_in_todays_list() {
    let Some(driver) = Driver::start() else {
        return;
    };
    let gw = gateway(true, &[]);
    // The numbers of fixtures/insured/normal.toml.
    let answer = gw
        .client()
        .query_insurance_number(&InsuranceNumberRequest::new(
            new_request_id(),
            QualificationConfirmSearchInfo {
                insurer_number: "01130012".into(),
                insured_card_symbol: Some("12345678".into()),
                insured_identification_number: "1234".into(),
                insured_branch_number: Some("00".into()),
                birthdate: "1980-02-17".into(),
                limit_application_certificate_related_cons_flg: "0".into(),
            },
            None,
        ))
        .unwrap();
    assert!(answer.result.is_confirmed());
    let base = gw.url.clone();
    driver.run(|client| async move {
        signed_in(&client, &base).await;
        assert_eq!(text(&client, "#count").await, "1件");
        let row = text(&client, "#confirmations tbody tr").await;
        for expected in [
            KIOSK_ID,
            "保険証番号で照会",
            "受付機の証明",
            "有効",
            "試験　花子",
            "01130012",
            "12345678・1234（00）",
        ] {
            assert!(row.contains(expected), "{expected} not in {row:?}");
        }
        // The kiosk is among the filter's choices.
        let option = client
            .find(Locator::Css(&format!("#kiosk option[value='{KIOSK_ID}']")))
            .await
            .unwrap();
        assert_eq!(option.text().await.unwrap(), KIOSK_ID);
        screenshot(&client, "confirmations").await;

        // Another kiosk: none.
        client
            .goto(&format!("{base}/console/confirmations?kiosk=another-kiosk"))
            .await
            .unwrap();
        wait_for_path(&client, "/console/confirmations").await;
        assert!(text(&client, "#none").await.contains("ありません"));
        // The kiosk chosen in the form and submitted: the row again.
        client
            .goto(&format!("{base}/console/confirmations"))
            .await
            .unwrap();
        wait_for_path(&client, "/console/confirmations").await;
        client
            .find(Locator::Css(&format!("#kiosk option[value='{KIOSK_ID}']")))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        client
            .find(Locator::Id("filter"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_for_path(&client, "/console/confirmations").await;
        let url = client.current_url().await.unwrap();
        assert!(
            url.query()
                .unwrap_or("")
                .contains(&format!("kiosk={KIOSK_ID}")),
            "{url}"
        );
        assert_eq!(text(&client, "#count").await, "1件");
        // Yesterday: none.
        let yesterday = (time::OffsetDateTime::now_utc().to_offset(myna_protocol::text::JST)
            - time::Duration::DAY)
            .date();
        client
            .goto(&format!("{base}/console/confirmations?date={yesterday}"))
            .await
            .unwrap();
        wait_for_path(&client, "/console/confirmations").await;
        assert_eq!(text(&client, "#count").await, "0件");
        // A bad range: said, and today shown instead.
        client
            .goto(&format!("{base}/console/confirmations?from=12:00&to=09:00"))
            .await
            .unwrap();
        wait_for_path(&client, "/console/confirmations").await;
        assert!(text(&client, "#error").await.contains("開始時刻"));
        assert_eq!(text(&client, "#count").await, "1件");
    });
}
