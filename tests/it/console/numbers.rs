//! 番号で照会 from the console: the kiosk desk's validation (a wrong 検証番号 refused with the
//! message, every field kept as typed; a kanji 記号 accepted), the same answer a kiosk's number
//! query gets from the gateway for the same numbers, a form without its CSRF token refused, and
//! every query audited with codes only.

use fantoccini::{Client, Locator};

use super::{
    Driver, NAME, audit, click, gateway, open, screenshot, signed_in, text, wait_for_path,
};
use crate::gateway_support::new_request_id;
use myna_kiosk::eligibility::protocol::{
    ConfirmationResult, InsuranceNumberRequest, QualificationConfirmSearchInfo,
};

const PAGE: &str = "/console/numbers";

/// insurer, 記号, 番号, 枝番, birth date as typed.
type Typed = [&'static str; 5];

const FIELDS: [&str; 5] = [
    "insurer_number",
    "insured_card_symbol",
    "insured_identification_number",
    "insured_branch_number",
    "birthdate",
];

/// fixtures/insured/normal.toml, the birth date as 8 digits.
const NORMAL: Typed = ["01130012", "12345678", "1234", "00", "19800217"];
/// fixtures/insured/pin-locked.toml: 国保 (6 digits) with a kanji 記号.
const KANJI: Typed = ["138016", "千代田", "4567", "01", "1975-08-15"];
/// fixtures/insured/x-lost.toml: eligibility lost (無効).
const LOST: Typed = ["01130012", "11112222", "88", "00", "1988-01-08"];

/// What a kiosk's number query gets from the gateway for the same numbers.
fn kiosk_answer(gw: &crate::gateway_support::Gateway, typed: Typed) -> ConfirmationResult {
    let birthdate = if typed[4].len() == 8 {
        format!("{}-{}-{}", &typed[4][..4], &typed[4][4..6], &typed[4][6..])
    } else {
        typed[4].to_string()
    };
    let search = QualificationConfirmSearchInfo {
        insurer_number: typed[0].into(),
        insured_card_symbol: Some(typed[1].into()),
        insured_identification_number: typed[2].into(),
        insured_branch_number: Some(typed[3].into()),
        birthdate,
        limit_application_certificate_related_cons_flg: "0".into(),
    };
    gw.client()
        .query_insurance_number(&InsuranceNumberRequest::new(new_request_id(), search, None))
        .unwrap()
        .result
}

async fn fill_and_send(client: &Client, typed: Typed) {
    for (id, value) in FIELDS.iter().zip(typed) {
        let field = client.find(Locator::Id(id)).await.unwrap();
        field.clear().await.unwrap();
        field.send_keys(value).await.unwrap();
    }
    click(client, "query", PAGE).await;
}

async fn value(client: &Client, id: &str) -> String {
    client
        .find(Locator::Id(id))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

/// The console's answer shows the kiosk's: the validity in the desk's words, each person.
async fn assert_same_answer(client: &Client, kiosk: &ConfirmationResult, validity: &str) {
    assert_eq!(text(client, "#validity").await, validity);
    let answer = text(client, "#answer").await;
    assert_eq!(kiosk.results.len(), 1, "{kiosk:?}");
    for person in &kiosk.results {
        for expected in [
            person.name.as_str(),
            person.name_kana.as_str(),
            person.insurer_number.as_str(),
            person.insurer_name.as_str(),
            person.insured_identification_number.as_str(),
            person.birthdate.as_str(),
        ] {
            assert!(answer.contains(expected), "{expected} not in {answer:?}");
        }
        if let Some(symbol) = &person.insured_card_symbol {
            assert!(
                answer.contains(symbol.as_str()),
                "{symbol} not in {answer:?}"
            );
        }
    }
}

#[test]
fn a_number_query_from_the_console_validates_answers_and_audits_as_the_kiosk_desk() {
    let Some(driver) = Driver::start() else {
        return;
    };
    let gw = gateway(true, &[]);
    let base = gw.url.clone();
    let normal = kiosk_answer(&gw, NORMAL);
    let kanji = kiosk_answer(&gw, KANJI);
    let lost = kiosk_answer(&gw, LOST);
    assert!(normal.is_confirmed() && kanji.is_confirmed());
    assert_eq!(lost.qualification_validity, "2");
    driver.run(|client| async move {
        signed_in(&client, &base).await;
        client
            .find(Locator::Css("nav.pages a[href='/console/numbers']"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_for_path(&client, PAGE).await;
        assert_eq!(text(&client, "h1").await, "番号で照会");

        // A mistyped 検証番号: refused with the desk's message, nothing sent, every field kept.
        let mistyped: Typed = ["01130013", "千代田", "0042", "01", "1980-02-17"];
        fill_and_send(&client, mistyped).await;
        assert!(
            text(&client, "#error").await.contains("検証番号"),
            "{}",
            text(&client, "#error").await
        );
        for (id, typed) in FIELDS.iter().zip(mistyped) {
            assert_eq!(value(&client, id).await, typed, "{id}");
        }
        assert!(client.find(Locator::Id("answer")).await.is_err());
        screenshot(&client, "numbers-check-digit").await;

        // Another rule, named with its field; the fields kept.
        let bad_branch: Typed = ["01130012", "12345678", "1234", "1", "1980-02-17"];
        fill_and_send(&client, bad_branch).await;
        assert_eq!(
            text(&client, "#error").await,
            "「枝番」の入力を確認してください：2桁（例 01）"
        );
        assert_eq!(value(&client, "insured_branch_number").await, "1");

        // The same answer as the kiosk gets.
        fill_and_send(&client, NORMAL).await;
        assert_same_answer(&client, &normal, "資格あり（有効）").await;
        assert_eq!(value(&client, "birthdate").await, "19800217");
        screenshot(&client, "numbers-answer").await;

        // A kanji 記号 (typed as the PC's IME commits it), and a 6-digit 国保 number.
        fill_and_send(&client, KANJI).await;
        assert_same_answer(&client, &kanji, "資格あり（有効）").await;
        assert_eq!(value(&client, "insured_card_symbol").await, "千代田");

        // Lost eligibility: 無効, with the date it was lost.
        fill_and_send(&client, LOST).await;
        assert_same_answer(&client, &lost, "無効").await;
        assert!(text(&client, "#answer .loss").await.contains("2026-10-31"));

        // In English, the error too.
        open(&client, &base, "/console/numbers?lang=en").await;
        fill_and_send(&client, mistyped).await;
        assert!(text(&client, "#error").await.contains("check digit"));
        assert_eq!(value(&client, "insurer_number").await, "01130013");

        // Without the session's CSRF token: refused, nothing queried.
        client
            .execute(
                "document.querySelector('#numbers-form input[name=csrf]').value = 'wrong';",
                vec![],
            )
            .await
            .unwrap();
        fill_and_send(&client, NORMAL).await;
        assert!(text(&client, "#error").await.contains("CSRF"));
        assert!(client.find(Locator::Id("answer")).await.is_err());
    });

    // Audited: who and what came of it, codes only (never the numbers, the date or the name).
    let queries: Vec<(String, String)> = audit(&gw)
        .into_iter()
        .filter(|(_, action, _, _)| action == "number_query")
        .map(|(member, _, outcome, detail)| {
            let detail = detail.unwrap_or_default();
            for personal in ["0113001", "千代田", "1234", "1980", "試験", "0042"] {
                assert!(!detail.contains(personal), "{detail}");
            }
            assert!(member.is_none() || member.as_deref() == Some(NAME));
            (outcome, detail)
        })
        .collect();
    assert_eq!(
        queries,
        [
            (
                "refused",
                r#"{"field":"insurer_number","reason":"invalid"}"#
            ),
            (
                "refused",
                r#"{"field":"insured_branch_number","reason":"invalid"}"#
            ),
            ("ok", r#"{"limit_consent":false,"outcome":"validity_1"}"#),
            ("ok", r#"{"limit_consent":false,"outcome":"validity_1"}"#),
            ("ok", r#"{"limit_consent":false,"outcome":"validity_2"}"#),
            (
                "refused",
                r#"{"field":"insurer_number","reason":"invalid"}"#
            ),
            ("refused", r#"{"reason":"csrf"}"#),
        ]
        .map(|(o, d)| (o.to_string(), d.to_string()))
    );
    // The console's queries are recorded like a kiosk's, under the member's name.
    let conn = rusqlite::Connection::open(gw.data.db()).unwrap();
    let console_rows: i64 = conn
        .query_row(
            "SELECT count(*) FROM confirmations WHERE kiosk_id = ?1",
            [format!("console:{NAME}")],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(console_rows, 3);
}
