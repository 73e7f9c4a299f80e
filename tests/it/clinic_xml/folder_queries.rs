//! Number queries through the 資格確認端末's req/res folders, with a thread playing the terminal.

use super::*;
use crate::common::clinic_folders::{Folders, folders};

fn gateway(f: &Folders, timeout_ms: u64, padding: InsurerNumberPadding) -> FolderGateway {
    FolderGateway::new(FolderSettings {
        req_dir: f.req.clone(),
        res_dir: f.res.clone(),
        timeout: Duration::from_millis(timeout_ms),
        poll_interval: Duration::from_millis(10),
        xml: XmlSettings {
            insurer_number_padding: padding,
            ..settings()
        },
    })
    .unwrap()
}

fn query() -> NumberQuery {
    NumberQuery {
        insurer_number: "138057".into(),
        insured_card_symbol: Some("あいう".into()),
        insured_identification_number: "0012".into(),
        insured_branch_number: Some("01".into()),
        birthdate: "1953-02-17".into(),
        limit_certificate_consent: true,
    }
}

/// How the terminal answers a request: the file name suffix and the request's leaves give
/// the answer's (file name, contents).
type Answer = Box<dyn Fn(&str, &[(String, String)]) -> (String, Vec<u8>) + Send>;

/// Plays the terminal: waits for one request in `req`, takes it and answers in `res`.
fn terminal(f: &Folders, answer: Answer) -> thread::JoinHandle<Vec<(String, String)>> {
    let (req, res) = (f.req.clone(), f.res.clone());
    thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            assert!(Instant::now() < deadline, "no request arrived");
            let found = fs::read_dir(&req).unwrap().flatten().find(|e| {
                let name = e.file_name().to_string_lossy().to_string();
                name.starts_with("OQSsiquc01req_") && name.ends_with(".xml")
            });
            if let Some(entry) = found {
                let name = entry.file_name().to_string_lossy().to_string();
                let suffix = name
                    .strip_prefix("OQSsiquc01req_")
                    .unwrap()
                    .strip_suffix(".xml")
                    .unwrap()
                    .to_string();
                let request = leaves(&fs::read(entry.path()).unwrap());
                fs::remove_file(entry.path()).unwrap();
                let (res_name, bytes) = answer(&suffix, &request);
                fs::write(res.join(res_name), bytes).unwrap();
                return request;
            }
            thread::sleep(Duration::from_millis(5));
        }
    })
}

fn answer_xml(id: &str, insurer: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<XmlMsg>\
<MessageHeader><ProcessExecutionTime>20261126083005</ProcessExecutionTime>\
<QualificationConfirmationDate>20261126</QualificationConfirmationDate>\
<MedicalInstitutionCode>1312345678</MedicalInstitutionCode>\
<ArbitraryFileIdentifier>{id}</ArbitraryFileIdentifier>\
<ReferenceClassification>2</ReferenceClassification><SegmentOfResult>1</SegmentOfResult>\
<CharacterCodeIdentifier>0</CharacterCodeIdentifier></MessageHeader>\
<MessageBody><ProcessingResultStatus>1</ProcessingResultStatus>\
<QualificationValidity>1</QualificationValidity><ResultList>\
<ResultOfQualificationConfirmation><InsuredCardClassification>01</InsuredCardClassification>\
<InsurerNumber>{insurer}</InsurerNumber><InsuredCardSymbol>あいう</InsuredCardSymbol>\
<InsuredIdentificationNumber>0012</InsuredIdentificationNumber>\
<InsuredBranchNumber>01</InsuredBranchNumber>\
<PersonalFamilyClassification>1</PersonalFamilyClassification><Name>架空 太郎</Name>\
<Sex1>1</Sex1><Birthdate>19530217</Birthdate>\
<InsuredPartialContributionRatio>020</InsuredPartialContributionRatio>\
<LimitApplicationCertificateRelatedConsFlg>1</LimitApplicationCertificateRelatedConsFlg>\
</ResultOfQualificationConfirmation></ResultList></MessageBody></XmlMsg>\n"
    )
}

fn request_id(request: &[(String, String)]) -> String {
    value(request, "XmlMsg/MessageHeader/ArbitraryFileIdentifier")
        .unwrap()
        .to_string()
}

#[test]
fn number_query_through_req_and_res() {
    let f = folders();
    let gw = gateway(&f, 5000, InsurerNumberPadding::Zeros);
    let terminal = terminal(
        &f,
        Box::new(|suffix, request| {
            (
                format!("OQSsiquc01res_{suffix}.xml"),
                answer_xml(&request_id(request), "00138057").into_bytes(),
            )
        }),
    );
    let result = gw.query(&query(), date!(2026 - 11 - 26)).unwrap();
    let request = terminal.join().unwrap();

    // §3.2 request: header and QualificationConfirmSearchInfo.
    let r = |item: &str| value(&request, item);
    assert_eq!(
        r("XmlMsg/MessageHeader/QualificationConfirmationDate"),
        Some("20261126")
    );
    assert_eq!(
        r("XmlMsg/MessageHeader/MedicalInstitutionCode"),
        Some("1312345678")
    );
    let s = |item: &str| {
        r(&format!(
            "XmlMsg/MessageBody/QualificationConfirmSearchInfo/{item}"
        ))
    };
    assert_eq!(s("InsurerNumber"), Some("00138057")); // padded with zeros, as configured
    assert_eq!(s("InsuredCardSymbol"), Some("あいう"));
    assert_eq!(s("InsuredIdentificationNumber"), Some("0012"));
    assert_eq!(s("InsuredBranchNumber"), Some("01"));
    assert_eq!(s("Birthdate"), Some("19530217"));
    assert_eq!(s("LimitApplicationCertificateRelatedConsFlg"), Some("1"));

    // The answer as the protocol's result.
    assert!(result.is_confirmed());
    assert_eq!(result.request_id, request_id(&request));
    assert_eq!(result.qualification_confirmation_date, "2026-11-26");
    assert_eq!(result.processed_at, "2026-11-26T08:30:05+09:00");
    let person = &result.results[0];
    assert_eq!(person.insurer_number, "138057"); // unpadded again
    assert_eq!(person.insured_identification_number, "0012");
    assert_eq!(person.insured_branch_number.as_deref(), Some("01"));
    assert_eq!(person.birthdate, "1953-02-17");
    assert_eq!(person.insured_partial_contribution_ratio, "020");
    assert_eq!(
        result
            .consent
            .limit_application_certificate_related_cons_flg,
        "1"
    );
    // The answer is consumed; nothing is left in either folder.
    assert_eq!(fs::read_dir(&f.res).unwrap().count(), 0);
    assert_eq!(fs::read_dir(&f.req).unwrap().count(), 0);
}

/// An answer shaped like the public result samples: CRLF lines, tab indentation, a 6-digit
/// insurer number padded with spaces, the C# spelling `DiagnosisInfoConsTime`, a 特定疾病 list
/// written flat (as .NET's XmlSerializer writes an array), and, when `id` is `None`, no
/// ArbitraryFileIdentifier (optional in the interface). In `encoding`, declared as `label`.
fn sample_answer(id: Option<&str>, label: &str) -> Vec<u8> {
    let id = id
        .map(|id| format!("\t\t<ArbitraryFileIdentifier>{id}</ArbitraryFileIdentifier>\r\n"))
        .unwrap_or_default();
    let text = format!(
        "<?xml version=\"1.0\" encoding=\"{label}\" standalone=\"no\"?>\r\n<XmlMsg>\r\n\
\t<MessageHeader>\r\n\
\t\t<ProcessExecutionTime>20261126083005</ProcessExecutionTime>\r\n\
\t\t<QualificationConfirmationDate>20261126</QualificationConfirmationDate>\r\n\
\t\t<MedicalInstitutionCode>1312345678</MedicalInstitutionCode>\r\n{id}\
\t\t<ReferenceClassification>2</ReferenceClassification>\r\n\
\t\t<SegmentOfResult>1</SegmentOfResult>\r\n\
\t\t<CharacterCodeIdentifier>1</CharacterCodeIdentifier>\r\n\
\t</MessageHeader>\r\n\t<MessageBody>\r\n\
\t\t<ProcessingResultStatus>1</ProcessingResultStatus>\r\n\
\t\t<QualificationValidity>1</QualificationValidity>\r\n\t\t<ResultList>\r\n\
\t\t\t<ResultOfQualificationConfirmation>\r\n\
\t\t\t\t<InsuredCardClassification>01</InsuredCardClassification>\r\n\
\t\t\t\t<InsurerNumber>  138057</InsurerNumber>\r\n\
\t\t\t\t<InsuredCardSymbol>あいう</InsuredCardSymbol>\r\n\
\t\t\t\t<InsuredIdentificationNumber>0012</InsuredIdentificationNumber>\r\n\
\t\t\t\t<InsuredBranchNumber>01</InsuredBranchNumber>\r\n\
\t\t\t\t<PersonalFamilyClassification>1</PersonalFamilyClassification>\r\n\
\t\t\t\t<Name>髙橋　太郎</Name>\r\n\t\t\t\t<NameKana>ﾀｶﾊｼ ﾀﾛｳ</NameKana>\r\n\
\t\t\t\t<Sex1>1</Sex1>\r\n\t\t\t\t<Birthdate>19530217</Birthdate>\r\n\
\t\t\t\t<InsuredCardValidDate>20260801</InsuredCardValidDate>\r\n\
\t\t\t\t<InsuredPartialContributionRatio></InsuredPartialContributionRatio>\r\n\
\t\t\t\t<PreschoolClassification></PreschoolClassification>\r\n\
\t\t\t\t<InsurerName>テスト区</InsurerName>\r\n\
\t\t\t\t<LimitApplicationCertificateRelatedConsFlg>1</LimitApplicationCertificateRelatedConsFlg>\r\n\
\t\t\t\t<LimitApplicationCertificateRelatedInfo>\r\n\
\t\t\t\t\t<LimitApplicationCertificateClassification>01</LimitApplicationCertificateClassification>\r\n\
\t\t\t\t\t<LimitApplicationCertificateClassificationFla>A03</LimitApplicationCertificateClassificationFla>\r\n\
\t\t\t\t\t<LimitApplicationCertificateDate>20260320</LimitApplicationCertificateDate>\r\n\
\t\t\t\t\t<LimitApplicationCertificateValidStartDate>20260401</LimitApplicationCertificateValidStartDate>\r\n\
\t\t\t\t\t<LimitApplicationCertificateValidEndDate>20270331</LimitApplicationCertificateValidEndDate>\r\n\
\t\t\t\t\t<LimitApplicationCertificateLongTermDate>20260901</LimitApplicationCertificateLongTermDate>\r\n\
\t\t\t\t</LimitApplicationCertificateRelatedInfo>\r\n\
\t\t\t\t<SpecificDiseasesCertificateList>\r\n\
\t\t\t\t\t<SpecificDiseasesDiseaseCategory>2</SpecificDiseasesDiseaseCategory>\r\n\
\t\t\t\t\t<SpecificDiseasesValidStartDate>20260401</SpecificDiseasesValidStartDate>\r\n\
\t\t\t\t\t<SpecificDiseasesValidEndDate>20270331</SpecificDiseasesValidEndDate>\r\n\
\t\t\t\t\t<SpecificDiseasesSelfPay>10000</SpecificDiseasesSelfPay>\r\n\
\t\t\t\t</SpecificDiseasesCertificateList>\r\n\
\t\t\t\t<DiagnosisInfoConsFlg>1</DiagnosisInfoConsFlg>\r\n\
\t\t\t\t<DiagnosisInfoConsTime>20261126082900</DiagnosisInfoConsTime>\r\n\
\t\t\t</ResultOfQualificationConfirmation>\r\n\t\t</ResultList>\r\n\
\t</MessageBody>\r\n</XmlMsg>\r\n"
    );
    let encoding = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap();
    let (bytes, _, unmappable) = encoding.encode(&text);
    assert!(!unmappable);
    bytes.into_owned()
}

/// Shift_JIS answers (under every label Windows software writes) and UTF-8 ones, without
/// ArbitraryFileIdentifier, are read by the name they carry; requests go out in the configured
/// encoding.
#[test]
fn sample_shaped_answers_in_both_encodings_are_read() {
    for (label, write_in) in [
        ("Shift_JIS", FileEncoding::ShiftJis),
        ("Windows-31J", FileEncoding::ShiftJis),
        ("UTF-8", FileEncoding::Utf8),
    ] {
        let f = folders();
        let gw = FolderGateway::new(FolderSettings {
            req_dir: f.req.clone(),
            res_dir: f.res.clone(),
            timeout: Duration::from_millis(5000),
            poll_interval: Duration::from_millis(10),
            xml: XmlSettings {
                encoding: write_in,
                ..settings()
            },
        })
        .unwrap();
        let answer_label = label.to_string();
        let requests = f.req.clone();
        let terminal = terminal(
            &f,
            Box::new(move |suffix, _| {
                (
                    format!("OQSsiquc01res_{suffix}.xml"),
                    sample_answer(None, &answer_label),
                )
            }),
        );
        let result = gw.query(&query(), date!(2026 - 11 - 26)).unwrap();
        let request = terminal.join().unwrap();
        // The request was written in the configured encoding (the terminal decoded it by its
        // declaration): its symbol came through.
        assert_eq!(
            value(
                &request,
                "XmlMsg/MessageBody/QualificationConfirmSearchInfo/InsuredCardSymbol"
            ),
            Some("あいう"),
            "{label}"
        );
        assert_eq!(fs::read_dir(&requests).unwrap().count(), 0);

        assert!(result.is_confirmed(), "{label}");
        assert!(
            result.request_id.starts_with("kiosk"),
            "{label}: {}",
            result.request_id
        );
        let p = &result.results[0];
        assert_eq!(p.insurer_number, "138057", "{label}");
        assert_eq!(p.name, "髙橋　太郎", "{label}");
        assert_eq!(p.name_kana, "ﾀｶﾊｼ ﾀﾛｳ", "{label}");
        assert_eq!(p.insured_card_valid_date.as_deref(), Some("2026-08-01"));
        assert_eq!(
            p.insured_partial_contribution_ratio, "",
            "an empty ratio is accepted"
        );
        assert_eq!(p.preschool_classification, None);
        let limit = p
            .limit_application_certificate_related_info
            .as_ref()
            .unwrap();
        assert_eq!(
            limit.limit_application_certificate_classification_flag,
            "A03"
        );
        assert_eq!(limit.limit_application_certificate_date, "2026-03-20");
        assert_eq!(
            limit.limit_application_certificate_long_term_date,
            "2026-09-01"
        );
        assert_eq!(
            p.specific_diseases_certificate_list,
            vec![SpecificDiseasesCertificateInfo {
                specific_diseases_disease_category: "2".into(),
                specific_diseases_certificate_date: String::new(),
                specific_diseases_valid_start_date: "2026-04-01".into(),
                specific_diseases_valid_end_date: "2027-03-31".into(),
                specific_diseases_self_pay: "10000".into(),
            }]
        );
        // `DiagnosisInfoConsTime` (the C# spelling) is read as well as `…ConsTim`.
        assert_eq!(result.consent.diagnosis_info_cons_flg, "1");
        assert_eq!(result.consent.cons_time, "2026-11-26T08:29:00+09:00");
    }
}

#[test]
fn an_answer_under_another_name_is_found_by_its_identifier() {
    let f = folders();
    let gw = gateway(&f, 5000, InsurerNumberPadding::None);
    // Someone else's answer is there too, and must be left alone.
    fs::write(
        f.res.join("OQSsiquc01res_other.xml"),
        answer_xml("someone-else", "06139992"),
    )
    .unwrap();
    let terminal = terminal(
        &f,
        Box::new(|_, request| {
            (
                "OQSsiquc01res_20261126083005123.xml".into(),
                answer_xml(&request_id(request), "138057").into_bytes(),
            )
        }),
    );
    let result = gw.query(&query(), date!(2026 - 11 - 26)).unwrap();
    terminal.join().unwrap();
    assert_eq!(result.results[0].insurer_number, "138057");
    assert!(f.res.join("OQSsiquc01res_other.xml").exists());
}

#[test]
fn no_answer_is_a_timeout_and_the_request_is_withdrawn() {
    let f = folders();
    let gw = gateway(&f, 300, InsurerNumberPadding::None);
    let started = Instant::now();
    let err = gw.query(&query(), date!(2026 - 11 - 26)).unwrap_err();
    let waited = started.elapsed();
    assert!(matches!(err, ClinicError::Timeout { .. }), "{err}");
    assert!(waited >= Duration::from_millis(300), "{waited:?}");
    assert!(waited < Duration::from_secs(3), "{waited:?}");
    assert_eq!(fs::read_dir(&f.req).unwrap().count(), 0);
}

#[test]
fn a_malformed_answer_is_a_typed_error_before_the_timeout() {
    let f = folders();
    let gw = gateway(&f, 5000, InsurerNumberPadding::None);
    let terminal = terminal(
        &f,
        Box::new(|suffix, _| {
            (
                format!("OQSsiquc01res_{suffix}.xml"),
                b"<?xml version=\"1.0\"?><XmlMsg><MessageHeader><Segment".to_vec(),
            )
        }),
    );
    let started = Instant::now();
    let err = gw.query(&query(), date!(2026 - 11 - 26)).unwrap_err();
    terminal.join().unwrap();
    assert!(matches!(err, ClinicError::Malformed { .. }), "{err}");
    assert!(started.elapsed() < Duration::from_secs(4));
}

#[test]
fn well_formed_but_not_a_result_is_a_bad_answer() {
    let f = folders();
    let gw = gateway(&f, 5000, InsurerNumberPadding::None);
    let terminal = terminal(
        &f,
        Box::new(|suffix, _| {
            (
                format!("OQSsiquc01res_{suffix}.xml"),
                b"<XmlMsg><MessageHeader><SegmentOfResult>1</SegmentOfResult></MessageHeader></XmlMsg>"
                    .to_vec(),
            )
        }),
    );
    let err = gw.query(&query(), date!(2026 - 11 - 26)).unwrap_err();
    terminal.join().unwrap();
    assert!(matches!(err, ClinicError::BadAnswer { .. }), "{err}");
}

#[test]
fn the_configured_error_segment_is_a_refusal_with_its_code() {
    let f = folders();
    let gw = gateway(&f, 5000, InsurerNumberPadding::None);
    let terminal = terminal(
        &f,
        Box::new(|suffix, request| {
            let id = request_id(request);
            (
                format!("OQSsiquc01res_{suffix}.xml"),
                format!(
                    "<XmlMsg><MessageHeader><ArbitraryFileIdentifier>{id}</ArbitraryFileIdentifier>\
<SegmentOfResult>9</SegmentOfResult><ErrorCode>EQS0001</ErrorCode>\
<ErrorMessage>test error</ErrorMessage></MessageHeader></XmlMsg>"
                )
                .into_bytes(),
            )
        }),
    );
    let err = gw.query(&query(), date!(2026 - 11 - 26)).unwrap_err();
    terminal.join().unwrap();
    match err {
        ClinicError::Refused { code, message } => {
            assert_eq!(code, "EQS0001");
            assert_eq!(message, "test error");
        }
        other => panic!("{other}"),
    }
}

#[test]
fn bad_queries_and_settings_are_refused_before_any_file() {
    let f = folders();
    let gw = gateway(&f, 100, InsurerNumberPadding::None);
    for bad in [
        NumberQuery {
            insurer_number: "1234567".into(),
            ..query()
        },
        // 138057 with its last digit mistyped: the check digit (検証番号) does not fit.
        NumberQuery {
            insurer_number: "138058".into(),
            ..query()
        },
        NumberQuery {
            insured_branch_number: Some("1".into()),
            ..query()
        },
        NumberQuery {
            birthdate: "1953-02-30".into(),
            ..query()
        },
        NumberQuery {
            insured_identification_number: " ".into(),
            ..query()
        },
    ] {
        let err = gw.query(&bad, date!(2026 - 11 - 26)).unwrap_err();
        assert!(matches!(err, ClinicError::InvalidQuery(_)), "{err}");
    }
    assert_eq!(fs::read_dir(&f.req).unwrap().count(), 0);
    let no_code = FolderGateway::new(FolderSettings {
        req_dir: f.req.clone(),
        res_dir: f.res.clone(),
        timeout: Duration::from_secs(1),
        poll_interval: Duration::from_millis(10),
        xml: XmlSettings::default(),
    });
    assert!(matches!(no_code, Err(ClinicError::NotConfigured(_))));
    let missing: &Path = &f.req.join("nope");
    let no_dir = FolderGateway::new(FolderSettings {
        req_dir: missing.to_path_buf(),
        res_dir: f.res.clone(),
        timeout: Duration::from_secs(1),
        poll_interval: Duration::from_millis(10),
        xml: settings(),
    });
    assert!(no_dir.is_err());
}
