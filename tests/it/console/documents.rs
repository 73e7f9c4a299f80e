//! 書類確認 from the console: the kiosk desk's rule table decides (the same decision as
//! `myna_protocol::documents::decide` for today), the form asks the chosen document's facts,
//! and each decision is audited with codes only.

use fantoccini::{Client, Locator};

use super::{Driver, audit, click, gateway, open, screenshot, signed_in, text};
use myna_protocol::documents::{self, DocumentFacts, DocumentKind};
use myna_protocol::text::JST;

const PAGE: &str = "/console/documents";

async fn choose(client: &Client, base: &str, kind: DocumentKind) {
    open(client, base, PAGE).await;
    click(client, &format!("kind-{}", kind.code()), PAGE).await;
}

async fn decide(client: &Client) {
    click(client, "decide", PAGE).await;
}

/// A date input's value, set as the browser's date picker would.
async fn set_date(client: &Client, id: &str, date: time::Date) {
    client
        .execute(
            "document.getElementById(arguments[0]).value = arguments[1];",
            vec![id.into(), date.to_string().into()],
        )
        .await
        .unwrap();
}

#[test]
fn a_documents_check_from_the_console_decides_by_the_kiosk_desks_rules() {
    let Some(driver) = Driver::start() else {
        return;
    };
    let gw = gateway(true, &[]);
    let base = gw.url.clone();
    let today = time::OffsetDateTime::now_utc().to_offset(JST).date();
    let yesterday = today.previous_day().unwrap();
    let next_year = today.replace_year(today.year() + 1).unwrap_or(today);
    let expected = |kind, facts: DocumentFacts| documents::decide(today, kind, &facts).code();
    let mut wanted = Vec::new();
    driver.run(|client| async move {
        signed_in(&client, &base).await;

        // No document: the 申立書 path.
        choose(&client, &base, DocumentKind::Nothing).await;
        decide(&client).await;
        assert_eq!(
            text(&client, "#decision-text").await,
            "被保険者資格申立書で対応します。"
        );
        assert_eq!(text(&client, "#recorded").await, "判定を記録しました。");

        // A 資格確認書 past its printed expiry: refused whatever the date.
        choose(&client, &base, DocumentKind::QualificationCertificate).await;
        set_date(&client, "document_expiry", yesterday).await;
        decide(&client).await;
        assert!(
            text(&client, "#decision-text")
                .await
                .contains("有効期限が過ぎています")
        );
        // Within it: accepted; the field keeps the date.
        set_date(&client, "document_expiry", next_year).await;
        decide(&client).await;
        assert_eq!(
            text(&client, "#decision-text").await,
            "受け付けできます（通常の負担割合）。"
        );
        let kept = client
            .find(Locator::Id("document_expiry"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap();
        assert_eq!(kept.as_deref(), Some(next_year.to_string().as_str()));
        screenshot(&client, "documents-accept").await;
        // The basis in the page's language, from the kiosk desk's own table.
        let in_force = DocumentFacts {
            document_expiry: Some(next_year),
            ..DocumentFacts::default()
        };
        let basis =
            documents::rule_in_force(today, DocumentKind::QualificationCertificate, &in_force)
                .map(|rule| rule.basis)
                .unwrap();
        assert!(text(&client, "#decision-basis").await.contains(basis.ja));
        open(
            &client,
            &base,
            &format!("{PAGE}?kind=qualification_certificate&lang=en"),
        )
        .await;
        set_date(&client, "document_expiry", next_year).await;
        decide(&client).await;
        let english = text(&client, "#decision-basis").await;
        assert!(english.contains(basis.en), "{english}");
        assert!(english.starts_with("Rules of the visit date"), "{english}");
        screenshot(&client, "documents-en").await;
        open(&client, &base, &format!("{PAGE}?lang=ja")).await;

        // The お知らせ without the card, and an old card: whatever today's rules say.
        choose(&client, &base, DocumentKind::QualificationInfoNotice).await;
        // A radio button: no page of its own.
        client
            .find(Locator::Id("card-no"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        decide(&client).await;
        choose(&client, &base, DocumentKind::OldInsuranceCard).await;
        decide(&client).await;
        screenshot(&client, "documents-old-card").await;

        // A document the rules do not know: said, nothing decided or recorded.
        choose(&client, &base, DocumentKind::Nothing).await;
        client
            .execute(
                "document.querySelector('#facts-form input[name=kind]').value = 'passport';",
                vec![],
            )
            .await
            .unwrap();
        decide(&client).await;
        assert_eq!(text(&client, "#error").await, "書類を選んでください。");
        assert!(client.find(Locator::Id("decision")).await.is_err());
    });
    wanted.extend([
        (
            "nothing",
            expected(DocumentKind::Nothing, DocumentFacts::default()),
        ),
        (
            "qualification_certificate",
            expected(
                DocumentKind::QualificationCertificate,
                DocumentFacts {
                    document_expiry: Some(yesterday),
                    ..DocumentFacts::default()
                },
            ),
        ),
        (
            "qualification_certificate",
            expected(
                DocumentKind::QualificationCertificate,
                DocumentFacts {
                    document_expiry: Some(next_year),
                    ..DocumentFacts::default()
                },
            ),
        ),
        (
            "qualification_certificate",
            expected(
                DocumentKind::QualificationCertificate,
                DocumentFacts {
                    document_expiry: Some(next_year),
                    ..DocumentFacts::default()
                },
            ),
        ),
        (
            "qualification_info_notice",
            expected(
                DocumentKind::QualificationInfoNotice,
                DocumentFacts::default(),
            ),
        ),
        (
            "old_insurance_card",
            expected(DocumentKind::OldInsuranceCard, DocumentFacts::default()),
        ),
    ]);
    let decisions: Vec<String> = audit(&gw)
        .into_iter()
        .filter(|(_, action, _, _)| action == "document_decision")
        .map(|(_, _, _, detail)| detail.unwrap_or_default())
        .collect();
    let wanted: Vec<String> = wanted
        .into_iter()
        .map(|(kind, decision)| format!(r#"{{"decision":"{decision}","kind":"{kind}"}}"#))
        .collect();
    assert_eq!(decisions, wanted);
}
