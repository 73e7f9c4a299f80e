//! Insurance-number queries (`insurance_number`, 照会区分 2) against the real `myna-gateway`
//! process over HTTPS: no card, the kiosk's signature over the request, the same answer shape
//! as card confirmations. Each acceptance and each refusal is a test of its own.

use crate::gateway_support as support;

use myna_kiosk::eligibility::client::{GatewayClient, GatewayError};
use myna_kiosk::eligibility::device_key::{DeviceKey, format_time};
use myna_kiosk::eligibility::protocol::{
    ConfirmationAnswer, ErrorCode, InsuranceNumberRequest, Method, PATH_CONFIRMATIONS,
    QualificationConfirmSearchInfo,
};
use support::{DataDir, Gateway, new_request_id, refused};
use time::OffsetDateTime;

/// The numbers of fixtures/insured/normal.toml.
fn normal() -> QualificationConfirmSearchInfo {
    QualificationConfirmSearchInfo {
        insurer_number: "01130012".into(),
        insured_card_symbol: Some("12345678".into()),
        insured_identification_number: "1234".into(),
        insured_branch_number: Some("00".into()),
        birthdate: "1980-02-17".into(),
        limit_application_certificate_related_cons_flg: "0".into(),
    }
}

fn query(
    client: &GatewayClient,
    search: QualificationConfirmSearchInfo,
) -> Result<ConfirmationAnswer, GatewayError> {
    client.query_insurance_number(&InsuranceNumberRequest::new(
        new_request_id(),
        search,
        Some("1312345678".into()),
    ))
}

fn ok(result: Result<ConfirmationAnswer, GatewayError>) -> ConfirmationAnswer {
    result.unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_query_by_numbers_is_answered_like_a_card_confirmation() {
    let gw = Gateway::start(DataDir::new());
    let client = gw.client();
    let answer = ok(query(&client, normal()));
    assert_eq!(answer.method, Method::InsuranceNumber);
    assert!(answer.result.is_confirmed());
    let person = &answer.result.results[0];
    assert_eq!(person.name, "試験　花子");
    assert_eq!(person.insured_partial_contribution_ratio, "030");
    // Without the 限度額 flag: no 限度額 information, and no consent of any kind.
    assert!(person.limit_application_certificate_related_info.is_none());
    // 特定疾病 goes with it (gateway::service).
    assert!(person.specific_diseases_certificate_list.is_empty());
    let c = &answer.result.consent;
    let flags = [
        c.diagnosis_info_cons_flg.as_str(),
        &c.pharmacists_info_cons_flg,
        &c.operation_info_cons_flg,
        &c.specific_health_checkups_info_cons_flg,
        &c.limit_application_certificate_related_cons_flg,
    ];
    assert_eq!(flags, ["0"; 5]);
    // The JSON answer is the card answer's shape with `method`.
    let json = serde_json::to_value(&answer).unwrap();
    assert_eq!(json["method"], "insurance_number");
    assert_eq!(json["results"][0]["insurer_number"], "01130012");
    assert_eq!(json["qualification_validity"], "1");
}

#[test]
fn the_limit_certificate_flag_gives_the_limit_information() {
    let gw = Gateway::start(DataDir::new());
    let client = gw.client();
    let mut search = normal();
    search.limit_application_certificate_related_cons_flg = "1".into();
    let answer = ok(query(&client, search));
    let limit = answer.result.results[0]
        .limit_application_certificate_related_info
        .as_ref()
        .unwrap();
    assert_eq!(
        limit.limit_application_certificate_classification_flag,
        "A03"
    );
    let diseases = &answer.result.results[0].specific_diseases_certificate_list;
    assert_eq!(diseases.len(), 1);
    assert_eq!(diseases[0].specific_diseases_disease_category, "1");
    assert_eq!(diseases[0].specific_diseases_self_pay, "10000");
    let c = &answer.result.consent;
    assert_eq!(c.limit_application_certificate_related_cons_flg, "1");
    assert_eq!(c.diagnosis_info_cons_flg, "0");
}

#[test]
fn a_person_without_a_card_is_found_by_numbers() {
    let gw = Gateway::start(DataDir::new());
    let client = gw.client();
    let search = QualificationConfirmSearchInfo {
        insurer_number: "39132014".into(),
        insured_card_symbol: None,
        insured_identification_number: "00456789".into(),
        insured_branch_number: None,
        birthdate: "1948-05-05".into(),
        limit_application_certificate_related_cons_flg: "0".into(),
    };
    let answer = ok(query(&client, search.clone()));
    assert!(answer.result.is_confirmed());
    assert_eq!(answer.result.results[0].name, "試験　確認");
    // Leading zeros are part of the number.
    let mut short = search.clone();
    short.insured_identification_number = "456789".into();
    assert_eq!(ok(query(&client, short)).result.qualification_validity, "4");
    // A 記号 the person does not have does not match.
    let mut with_symbol = search;
    with_symbol.insured_card_symbol = Some("1".into());
    assert_eq!(
        ok(query(&client, with_symbol))
            .result
            .qualification_validity,
        "4"
    );
}

#[test]
fn insurer_numbers_are_never_padded() {
    let gw = Gateway::start(DataDir::new());
    let client = gw.client();
    // 国保: 6 digits, as pin-locked.toml has it.
    let kokuho = QualificationConfirmSearchInfo {
        insurer_number: "138016".into(),
        insured_card_symbol: Some("千代田".into()),
        insured_identification_number: "4567".into(),
        insured_branch_number: Some("01".into()),
        birthdate: "1975-08-15".into(),
        limit_application_certificate_related_cons_flg: "0".into(),
    };
    let answer = ok(query(&client, kokuho.clone()));
    assert_eq!(answer.result.results[0].insurer_number, "138016");
    // Zero-padded to 8 digits it is another insurer: no record.
    let mut padded = kokuho;
    padded.insurer_number = "00138016".into();
    let answer = ok(query(&client, padded));
    assert_eq!(answer.result.qualification_validity, "4");
    assert!(answer.result.results.is_empty());
}

#[test]
fn no_match_is_validity_4() {
    let gw = Gateway::start(DataDir::new());
    let client = gw.client();
    let mut wrong_birthdate = normal();
    wrong_birthdate.birthdate = "1980-02-18".into();
    let answer = ok(query(&client, wrong_birthdate));
    assert_eq!(answer.result.qualification_validity, "4");
    assert!(!answer.result.is_confirmed());
}

#[test]
fn twins_without_a_branch_number_are_several_matches() {
    let gw = Gateway::start(DataDir::new());
    let client = gw.client();
    let mut twins = normal();
    twins.birthdate = "2015-06-01".into();
    twins.insured_branch_number = None;
    let both = ok(query(&client, twins.clone()));
    assert_eq!(both.result.qualification_validity, "5");
    assert_eq!(both.result.results.len(), 2);
    twins.insured_branch_number = Some("03".into());
    let one = ok(query(&client, twins));
    assert_eq!(one.result.qualification_validity, "1");
    assert_eq!(one.result.results[0].name, "試験　二葉");
}

#[test]
fn lost_eligibility_is_validity_2() {
    let gw = Gateway::start(DataDir::new());
    let client = gw.client();
    let lost = QualificationConfirmSearchInfo {
        insurer_number: "01130012".into(),
        insured_card_symbol: Some("11112222".into()),
        insured_identification_number: "88".into(),
        insured_branch_number: Some("00".into()),
        birthdate: "1988-01-08".into(),
        limit_application_certificate_related_cons_flg: "0".into(),
    };
    let answer = ok(query(&client, lost));
    assert_eq!(answer.result.qualification_validity, "2");
    assert_eq!(
        answer.result.results[0].reason_of_loss.as_deref(),
        Some("03")
    );
}

#[test]
fn malformed_numbers_are_refused() {
    let gw = Gateway::start(DataDir::new());
    let client = gw.client();
    let edits: [fn(&mut QualificationConfirmSearchInfo); 6] = [
        |s| s.insurer_number = "1130012".into(),
        // One digit mistyped: the check digit (検証番号) no longer fits.
        |s| s.insurer_number = "01130013".into(),
        |s| s.insured_branch_number = Some("0".into()),
        |s| s.birthdate = "19800217".into(),
        |s| s.insured_identification_number = String::new(),
        |s| s.limit_application_certificate_related_cons_flg = "yes".into(),
    ];
    for edit in edits {
        let mut search = normal();
        edit(&mut search);
        assert_eq!(
            refused(query(&client, search)),
            (400, ErrorCode::BadRequest)
        );
    }
    // A query without its numbers at all.
    let key = gw.key();
    let body = br#"{"request_id":"r-1","method":"insurance_number"}"#;
    let headers = key.sign_request("POST", PATH_CONFIRMATIONS, body);
    let (status, json) = gw.raw(PATH_CONFIRMATIONS, body, &headers);
    assert_eq!(
        (status, json["error"]["code"].as_str()),
        (400, Some("bad_request"))
    );
}

#[test]
fn a_data_file_with_a_wrong_insurer_check_digit_stops_the_gateway() {
    let data = DataDir::new();
    let file = data.path().join("insured/normal.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("insurer_number = \"01130012\""));
    std::fs::write(&file, text.replace("01130012", "01130013")).unwrap();
    let output = support::gateway_command(&[
        "--listen",
        "127.0.0.1:0",
        "--data",
        data.path().to_str().unwrap(),
        "--db",
        data.db().to_str().unwrap(),
        "--config",
        "/dev/null",
    ])
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(64));
    assert!(output.stdout.is_empty(), "it never listened");
    let stderr = String::from_utf8_lossy(&output.stderr);
    // The file, the number, the person and the rule, so the one to correct is found at once.
    for part in ["normal.toml", "\"01130013\"", "試験　花子", "検証番号"] {
        assert!(stderr.contains(part), "{part}: {stderr}");
    }
    // Corrected, the same data serves.
    std::fs::write(&file, text).unwrap();
    let gw = Gateway::start(data);
    assert_eq!(
        ok(query(&gw.client(), normal()))
            .result
            .qualification_validity,
        "1"
    );
}

#[test]
fn an_unknown_kiosk_is_refused() {
    let gw = Gateway::start(DataDir::new());
    let pkcs8 =
        ring::signature::Ed25519KeyPair::generate_pkcs8(&ring::rand::SystemRandom::new()).unwrap();
    let stranger = DeviceKey::from_pkcs8("stranger", pkcs8.as_ref()).unwrap();
    let result = query(&gw.client_with(stranger), normal());
    assert_eq!(refused(result), (401, ErrorCode::UnknownKiosk));
    let impostor = DeviceKey::from_pkcs8(support::KIOSK_ID, pkcs8.as_ref()).unwrap();
    let result = query(&gw.client_with(impostor), normal());
    assert_eq!(refused(result), (401, ErrorCode::BadKioskSignature));
}

#[test]
fn the_same_request_id_again_gets_the_first_answer_once_recorded() {
    let gw = Gateway::start(DataDir::new());
    let client = gw.client();
    let request = InsuranceNumberRequest::new(new_request_id(), normal(), None);
    let first = ok(client.query_insurance_number(&request));
    assert_eq!(ok(client.query_insurance_number(&request)), first);
    assert_eq!(gw.count("confirmations", &request.request_id), 1);
    let conn = rusqlite::Connection::open(gw.data.db()).unwrap();
    let (method, serial): (String, Option<String>) = conn
        .query_row(
            "SELECT method, certificate_serial FROM confirmations WHERE request_id = ?1",
            [&request.request_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((method.as_str(), serial), ("insurance_number", None));
}

#[test]
fn a_query_queued_offline_is_answered_as_of_its_time() {
    let gw = Gateway::start(DataDir::new());
    let client = gw.client();
    let at = OffsetDateTime::now_utc() - time::Duration::days(2);
    let mut request = InsuranceNumberRequest::new(new_request_id(), normal(), None);
    request.offline_queried_at = Some(format_time(at));
    let answer = ok(client.query_insurance_number(&request));
    assert_eq!(answer.result.processed_at, format_time(at));
    let japan = at
        .to_offset(time::UtcOffset::from_hms(9, 0, 0).unwrap())
        .date();
    assert_eq!(
        answer.result.qualification_confirmation_date,
        format!(
            "{:04}-{:02}-{:02}",
            japan.year(),
            u8::from(japan.month()),
            japan.day()
        )
    );
}

#[test]
fn a_query_queued_too_long_ago_or_in_the_future_is_refused() {
    let gw = Gateway::start(DataDir::new());
    let client = gw.client();
    for (offset, code) in [
        (-8 * 24 * 3600, ErrorCode::ExpiredChallenge),
        (600, ErrorCode::StaleRequest),
    ] {
        let mut request = InsuranceNumberRequest::new(new_request_id(), normal(), None);
        request.offline_queried_at = Some(format_time(
            OffsetDateTime::now_utc() + time::Duration::seconds(offset),
        ));
        let (_, got) = refused(client.query_insurance_number(&request));
        assert_eq!(got, code, "{offset} s");
    }
}
