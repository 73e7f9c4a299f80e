//! The clinic-system XML: result files and the req/res folder adapter, with real files and
//! threads. Files are read back with quick-xml directly, and every tag and code value is
//! checked against the tables of docs/domain/eligibility.md §2–§3 (written out here, not taken from
//! the writer).

use crate::common::oqs_reader;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use myna_kiosk::clinic::folder::{FolderGateway, FolderSettings, NumberQuery};
use myna_kiosk::clinic::layout::read_result;
use myna_kiosk::clinic::result_file::ResultWriter;
use myna_kiosk::clinic::{ClinicError, FileEncoding, InsurerNumberPadding, XmlSettings, xml};
use myna_kiosk::eligibility::protocol::{
    ConfirmationResult, ConsentRecord, ElderlyRecipientCertificateInfo,
    LimitApplicationCertificateRelatedInfo, Method, QualificationResult,
    SpecificDiseasesCertificateInfo,
};
use oqs_reader::{PERSON, value};
use time::macros::date;

/// Every element of a file (a request or an answer) as (path from the root, text), decoded by
/// its declaration and read with quick-xml's own reader.
fn leaves(bytes: &[u8]) -> Vec<(String, String)> {
    oqs_reader::leaves(&oqs_reader::decode(bytes).1)
}

/// A written result file, read as the receipt software reads it: fails on a missing required
/// item, a ratio outside 後期高齢者医療 or a CharacterCodeIdentifier that is not the encoding's.
fn result_leaves(path: &Path) -> Vec<(String, String)> {
    oqs_reader::read(&fs::read(path).unwrap()).leaves
}

fn person() -> QualificationResult {
    QualificationResult {
        insured_card_classification: "01".into(),
        insurer_number: "138057".into(),
        insurer_name: "テスト区 & 国保".into(),
        insured_card_symbol: Some("あいう".into()),
        insured_identification_number: "0012".into(),
        insured_branch_number: Some("01".into()),
        personal_family_classification: "1".into(),
        name: "架空 太郎".into(),
        name_kana: "ｶｸｳ ﾀﾛｳ".into(),
        sex1: "1".into(),
        birthdate: "1953-02-17".into(),
        qualification_date: "2020-04-01".into(),
        disqualification_date: None,
        reason_of_loss: None,
        insured_card_valid_date: Some("2026-08-01".into()),
        // 国保, not 後期高齢者医療: kept in JSON, never written into the file.
        insured_partial_contribution_ratio: "020".into(),
        preschool_classification: None,
        elderly_recipient_certificate_info: Some(ElderlyRecipientCertificateInfo {
            elderly_recipient_certificate_date: "2026-07-10".into(),
            elderly_recipient_valid_start_date: "2026-08-01".into(),
            elderly_recipient_valid_end_date: "2027-07-31".into(),
            elderly_recipient_contribution_ratio: "020".into(),
        }),
        limit_application_certificate_related_info: Some(LimitApplicationCertificateRelatedInfo {
            limit_application_certificate_classification: "01".into(),
            limit_application_certificate_classification_flag: "B04".into(),
            limit_application_certificate_date: "2026-07-20".into(),
            limit_application_certificate_valid_start_date: "2026-08-01".into(),
            limit_application_certificate_valid_end_date: "2027-07-31".into(),
            limit_application_certificate_long_term_date: "2026-09-01".into(),
        }),
        specific_diseases_certificate_list: vec![SpecificDiseasesCertificateInfo {
            specific_diseases_disease_category: "1".into(),
            specific_diseases_certificate_date: "2026-03-20".into(),
            specific_diseases_valid_start_date: "2026-04-01".into(),
            specific_diseases_valid_end_date: "2027-03-31".into(),
            specific_diseases_self_pay: "10000".into(),
        }],
    }
}

/// `person()` as a file gives it back: the ratio of a non-後期高齢者 insurer is not in files.
fn person_from_file() -> QualificationResult {
    QualificationResult {
        insured_partial_contribution_ratio: String::new(),
        ..person()
    }
}

/// A 後期高齢者医療 person (39…, no 記号): the ratio is written.
fn late_elderly() -> QualificationResult {
    QualificationResult {
        insured_card_classification: "01".into(),
        insurer_number: "39132014".into(),
        insurer_name: "東京都後期高齢者医療広域連合".into(),
        insured_card_symbol: None,
        insured_identification_number: "00456789".into(),
        insured_branch_number: None,
        personal_family_classification: "1".into(),
        name: "髙橋　ﾀﾛｳ".into(),
        name_kana: "ﾀｶﾊｼ ﾀﾛｳ".into(),
        sex1: "1".into(),
        birthdate: "1945-04-01".into(),
        qualification_date: "2020-04-01".into(),
        insured_partial_contribution_ratio: "010".into(),
        ..Default::default()
    }
}

/// A child before primary school: 未就学.
fn preschool() -> QualificationResult {
    QualificationResult {
        insured_card_classification: "01".into(),
        insurer_number: "01130012".into(),
        insurer_name: "全国健康保険協会 東京支部".into(),
        insured_card_symbol: Some("23456789".into()),
        insured_identification_number: "5678".into(),
        insured_branch_number: Some("02".into()),
        personal_family_classification: "2".into(),
        name: "試験　陽葵".into(),
        name_kana: "ｼｹﾝ ﾋﾏﾘ".into(),
        sex1: "2".into(),
        birthdate: "2022-05-10".into(),
        qualification_date: "2022-05-10".into(),
        insured_card_valid_date: Some("2022-05-10".into()),
        insured_partial_contribution_ratio: "020".into(),
        preschool_classification: Some("1".into()),
        ..Default::default()
    }
}

fn confirmed(request_id: &str) -> ConfirmationResult {
    ConfirmationResult {
        request_id: request_id.into(),
        qualification_confirmation_date: "2026-11-25".into(),
        processed_at: "2026-11-25T23:30:05Z".into(),
        processing_result_status: "1".into(),
        processing_result_code: None,
        processing_result_message: None,
        qualification_validity: "1".into(),
        results: vec![person()],
        consent: ConsentRecord {
            diagnosis_info_cons_flg: "1".into(),
            pharmacists_info_cons_flg: "1".into(),
            operation_info_cons_flg: "0".into(),
            specific_health_checkups_info_cons_flg: "1".into(),
            limit_application_certificate_related_cons_flg: "1".into(),
            cons_time: "2026-11-25T23:29:00Z".into(),
            available_time: "2026-11-26T23:29:00Z".into(),
        },
        warnings: Vec::new(),
    }
}

fn settings() -> XmlSettings {
    XmlSettings {
        medical_institution_code: Some("1312345678".into()),
        ..XmlSettings::default()
    }
}

#[test]
fn result_file_tags_and_codes_are_those_of_the_tables() {
    let dir = tempfile::tempdir().unwrap();
    let writer = ResultWriter::new(dir.path(), settings()).unwrap();
    let path = writer.write(&confirmed("req-0001"), Method::Pin).unwrap();
    assert_eq!(
        path.file_name().unwrap().to_str().unwrap(),
        "OQSsiquc01res_kiosk_20261125_req-0001.xml"
    );
    let leaves = result_leaves(&path);
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>")
    );

    // §2.1 MessageHeader, in the order of the table.
    let header: Vec<&str> = leaves
        .iter()
        .filter_map(|(p, _)| p.strip_prefix("XmlMsg/MessageHeader/"))
        .collect();
    assert_eq!(
        header,
        [
            "ProcessExecutionTime",
            "QualificationConfirmationDate",
            "MedicalInstitutionCode",
            "ArbitraryFileIdentifier",
            "ReferenceClassification",
            "SegmentOfResult",
            "CharacterCodeIdentifier",
        ]
    );
    let h = |item: &str| value(&leaves, &format!("XmlMsg/MessageHeader/{item}"));
    // 23:30:05 UTC is 08:30:05 on the 26th in Japan: yyyyMMddHHmmss.
    assert_eq!(h("ProcessExecutionTime"), Some("20261126083005"));
    assert_eq!(h("QualificationConfirmationDate"), Some("20261125"));
    assert_eq!(h("MedicalInstitutionCode"), Some("1312345678"));
    assert_eq!(h("ArbitraryFileIdentifier"), Some("req-0001"));
    assert_eq!(h("ReferenceClassification"), Some("1")); // OQSCD002 1 マイナンバーカード
    assert_eq!(h("SegmentOfResult"), Some("1")); // OQSCD003 1 正常終了
    assert_eq!(h("CharacterCodeIdentifier"), Some("0")); // UTF-8 (the default encoding)

    let b = |item: &str| value(&leaves, &format!("XmlMsg/MessageBody/{item}"));
    assert_eq!(b("ProcessingResultStatus"), Some("1")); // OQSCD004 1 正常終了
    assert_eq!(b("QualificationValidity"), Some("1")); // OQSCD006 1 有効
    assert_eq!(
        leaves.iter().filter(|(p, _)| p == PERSON).count(),
        1,
        "one ResultOfQualificationConfirmation"
    );

    // §2.2 items.
    let p = |item: &str| value(&leaves, &format!("{PERSON}/{item}"));
    assert_eq!(p("InsuredCardClassification"), Some("01")); // OQSCD010 01 一般
    assert_eq!(p("InsurerNumber"), Some("138057")); // padded with spaces: see the raw check
    assert_eq!(p("InsuredCardSymbol"), Some("あいう"));
    assert_eq!(p("InsuredIdentificationNumber"), Some("0012")); // leading zeros kept
    assert_eq!(p("InsuredBranchNumber"), Some("01")); // 2 digits
    assert_eq!(p("PersonalFamilyClassification"), Some("1")); // 1 本人
    assert_eq!(p("Name"), Some("架空 太郎"));
    assert_eq!(p("NameKana"), Some("ｶｸｳ ﾀﾛｳ"));
    assert_eq!(p("Sex1"), Some("1")); // 1 男
    assert_eq!(p("Birthdate"), Some("19530217"));
    assert_eq!(p("QualificationDate"), Some("20200401"));
    assert_eq!(p("InsuredCardValidDate"), Some("20260801"));
    // 国保, not 後期高齢者医療: no ratio in the file (readers would take it as 後期高齢者's).
    assert_eq!(p("InsuredPartialContributionRatio"), None);
    assert_eq!(p("PreschoolClassification"), None);
    assert_eq!(p("InsurerName"), Some("テスト区 & 国保"));
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .contains("<InsurerNumber>  138057</InsurerNumber>"),
        "6-digit numbers are padded with spaces by default"
    );
    assert_eq!(
        p("ElderlyRecipientCertificateInfo/ElderlyRecipientCertificateDate"),
        Some("20260710")
    );
    assert_eq!(
        p("ElderlyRecipientCertificateInfo/ElderlyRecipientValidStartDate"),
        Some("20260801")
    );
    assert_eq!(
        p("ElderlyRecipientCertificateInfo/ElderlyRecipientValidEndDate"),
        Some("20270731")
    );
    assert_eq!(
        p("ElderlyRecipientCertificateInfo/ElderlyRecipientContributionRatio"),
        Some("020")
    );
    assert_eq!(p("LimitApplicationCertificateRelatedConsFlg"), Some("1")); // 1 同意
    assert_eq!(
        p("LimitApplicationCertificateRelatedConsTime"),
        Some("20261126082900")
    );
    let l = |item: &str| p(&format!("LimitApplicationCertificateRelatedInfo/{item}"));
    assert_eq!(l("LimitApplicationCertificateClassification"), Some("01")); // OQSCD011
    assert_eq!(
        l("LimitApplicationCertificateClassificationFlag"),
        Some("B04")
    ); // OQSCD012 一般
    assert_eq!(
        l("LimitApplicationCertificateValidStartDate"),
        Some("20260801")
    );
    assert_eq!(
        l("LimitApplicationCertificateValidEndDate"),
        Some("20270731")
    );
    assert_eq!(l("LimitApplicationCertificateDate"), Some("20260720"));
    assert_eq!(
        l("LimitApplicationCertificateLongTermDate"),
        Some("20260901")
    );
    // 特定疾病療養受療証: List → Info → items (OQSCD013 1 人工透析を要する慢性腎不全).
    let d = |item: &str| {
        p(&format!(
            "SpecificDiseasesCertificateList/SpecificDiseasesCertificateInfo/{item}"
        ))
    };
    assert_eq!(d("SpecificDiseasesDiseaseCategory"), Some("1"));
    assert_eq!(d("SpecificDiseasesCertificateDate"), Some("20260320"));
    assert_eq!(d("SpecificDiseasesValidStartDate"), Some("20260401"));
    assert_eq!(d("SpecificDiseasesValidEndDate"), Some("20270331"));
    assert_eq!(d("SpecificDiseasesSelfPay"), Some("10000"));
    // §1.4 viewing consents (OQSCD016: 0 同意なし, 1 同意あり).
    assert_eq!(p("SpecificHealthCheckupsInfoConsFlg"), Some("1"));
    assert_eq!(p("PharmacistsInfoConsFlg"), Some("1"));
    assert_eq!(p("DiagnosisInfoConsFlg"), Some("1"));
    assert_eq!(p("DiagnosisInfoConsTim"), Some("20261126082900")); // (sic) in the sources
    assert_eq!(p("OperationInfoConsFlg"), Some("0"));
    // A declined consent has no consent time or availability.
    assert_eq!(p("OperationInfoConsTime"), None);
    assert_eq!(p("OperationInfoAvailableTime"), None);
    assert_eq!(p("PharmacistsInfoAvailableTime"), Some("20261127082900"));

    // Nothing outside the tables.
    let allowed: BTreeSet<&str> = [
        "XmlMsg",
        "MessageHeader",
        "MessageBody",
        "ResultList",
        "ResultOfQualificationConfirmation",
        "ProcessExecutionTime",
        "QualificationConfirmationDate",
        "MedicalInstitutionCode",
        "ArbitraryFileIdentifier",
        "ReferenceClassification",
        "SegmentOfResult",
        "CharacterCodeIdentifier",
        "ProcessingResultStatus",
        "ProcessingResultCode",
        "ProcessingResultMessage",
        "QualificationValidity",
        "InsuredCardClassification",
        "InsurerNumber",
        "InsuredCardSymbol",
        "InsuredIdentificationNumber",
        "InsuredBranchNumber",
        "PersonalFamilyClassification",
        "Name",
        "NameKana",
        "Sex1",
        "Birthdate",
        "QualificationDate",
        "DisqualificationDate",
        "InsuredPartialContributionRatio",
        "ReasonOfLoss",
        "InsurerName",
        "ElderlyRecipientCertificateInfo",
        "ElderlyRecipientValidStartDate",
        "ElderlyRecipientValidEndDate",
        "ElderlyRecipientContributionRatio",
        "LimitApplicationCertificateRelatedConsFlg",
        "LimitApplicationCertificateRelatedConsTime",
        "LimitApplicationCertificateRelatedInfo",
        "LimitApplicationCertificateClassification",
        "LimitApplicationCertificateClassificationFlag",
        "LimitApplicationCertificateValidStartDate",
        "LimitApplicationCertificateValidEndDate",
        "LimitApplicationCertificateDate",
        "LimitApplicationCertificateLongTermDate",
        "InsuredCardValidDate",
        "PreschoolClassification",
        "ElderlyRecipientCertificateDate",
        "SpecificDiseasesCertificateList",
        "SpecificDiseasesCertificateInfo",
        "SpecificDiseasesDiseaseCategory",
        "SpecificDiseasesCertificateDate",
        "SpecificDiseasesValidStartDate",
        "SpecificDiseasesValidEndDate",
        "SpecificDiseasesSelfPay",
        "SpecificHealthCheckupsInfoConsFlg",
        "SpecificHealthCheckupsInfoConsTime",
        "SpecificHealthCheckupsInfoAvailableTime",
        "PharmacistsInfoConsFlg",
        "PharmacistsInfoConsTime",
        "PharmacistsInfoAvailableTime",
        "DiagnosisInfoConsFlg",
        "DiagnosisInfoConsTim",
        "DiagnosisInfoAvailableTime",
        "OperationInfoConsFlg",
        "OperationInfoConsTime",
        "OperationInfoAvailableTime",
    ]
    .into_iter()
    .collect();
    for (path, _) in &leaves {
        let tag = path.rsplit('/').next().unwrap();
        assert!(allowed.contains(tag), "{tag} is not in the tables (§2–§3)");
    }
}

#[test]
fn result_file_settings_and_reference_classification() {
    let dir = tempfile::tempdir().unwrap();
    let xml_settings = XmlSettings {
        encoding: FileEncoding::ShiftJis,
        insurer_number_padding: InsurerNumberPadding::Zeros,
        ..settings()
    };
    let writer = ResultWriter::new(dir.path(), xml_settings.clone())
        .unwrap()
        .with_file_prefix("OQSsiquc01res_");
    let path = writer
        .write(&confirmed("q1"), Method::InsuranceNumber)
        .unwrap();
    assert_eq!(
        path.file_name().unwrap().to_str().unwrap(),
        "OQSsiquc01res_20261125_q1.xml"
    );
    let raw = fs::read(&path).unwrap();
    let file = oqs_reader::read(&raw);
    assert_eq!(file.encoding, "Shift_JIS");
    assert!(raw.starts_with(b"<?xml version=\"1.0\" encoding=\"Shift_JIS\" standalone=\"no\"?>"));
    // OQSCD002 2 被保険者証情報; OQSCD005 1 Shift_JIS.
    assert_eq!(
        file.value("XmlMsg/MessageHeader/ReferenceClassification"),
        Some("2")
    );
    assert_eq!(
        file.value("XmlMsg/MessageHeader/CharacterCodeIdentifier"),
        Some("1")
    );
    assert_eq!(file.person("InsurerNumber"), Some("00138057"));
    assert_eq!(file.person("InsuredCardSymbol"), Some("あいう"));

    // Round trip through the kiosk's parser: the person comes back unpadded and unchanged
    // (but for the ratio, which files carry for 後期高齢者医療 only).
    let (root, encoding) = xml::parse_bytes(&raw).unwrap();
    assert_eq!(encoding, FileEncoding::ShiftJis);
    let back = read_result(&root, &xml_settings).unwrap();
    assert_eq!(back.results, vec![person_from_file()]);
    assert_eq!(back.request_id, "q1");
    assert_eq!(back.qualification_confirmation_date, "2026-11-25");
    assert_eq!(back.processed_at, "2026-11-26T08:30:05+09:00");
    assert!(back.is_confirmed());
    assert_eq!(
        back.consent.limit_application_certificate_related_cons_flg,
        "1"
    );
    assert_eq!(back.consent.diagnosis_info_cons_flg, "1");
    assert_eq!(back.consent.operation_info_cons_flg, "0");
    assert_eq!(back.consent.cons_time, "2026-11-26T08:29:00+09:00");
    assert_eq!(back.consent.available_time, "2026-11-27T08:29:00+09:00");
}

/// Every kind of person, in both encodings and every padding: each file is accepted by the
/// receipt software's reader and comes back as it was (the ratio only for 後期高齢者医療).
#[test]
fn files_round_trip_in_both_encodings() {
    for encoding in [FileEncoding::Utf8, FileEncoding::ShiftJis] {
        for padding in [
            InsurerNumberPadding::Spaces,
            InsurerNumberPadding::Zeros,
            InsurerNumberPadding::None,
        ] {
            let dir = tempfile::tempdir().unwrap();
            let xml_settings = XmlSettings {
                encoding,
                insurer_number_padding: padding,
                ..settings()
            };
            let writer = ResultWriter::new(dir.path(), xml_settings.clone()).unwrap();
            for (n, (written, expected)) in [
                (person(), person_from_file()),
                (late_elderly(), late_elderly()),
                (
                    preschool(),
                    QualificationResult {
                        insured_partial_contribution_ratio: String::new(),
                        ..preschool()
                    },
                ),
            ]
            .into_iter()
            .enumerate()
            {
                let mut result = confirmed(&format!("rt-{n}"));
                result.results = vec![written];
                let path = writer.write(&result, Method::Face).unwrap();
                let raw = fs::read(&path).unwrap();
                let file = oqs_reader::read(&raw);
                assert_eq!(file.encoding, encoding.label(), "{encoding:?}");
                match n {
                    1 => assert_eq!(file.person("InsuredPartialContributionRatio"), Some("010")),
                    2 => {
                        assert_eq!(file.person("PreschoolClassification"), Some("1"));
                        assert_eq!(file.person("InsuredCardValidDate"), Some("20220510"));
                    }
                    _ => {}
                }
                let (root, read_in) = xml::parse_bytes(&raw).unwrap();
                assert_eq!(read_in, encoding);
                let back = read_result(&root, &xml_settings).unwrap();
                assert_eq!(back.results, vec![expected], "{encoding:?} {padding:?} {n}");
            }
        }
    }
}

/// A result without an item readers require is refused, and no file appears: a reader would
/// refuse the whole file.
#[test]
fn a_result_lacking_a_required_item_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let writer = ResultWriter::new(dir.path(), settings()).unwrap();
    type Blank = fn(&mut QualificationResult);
    let blank: [(&str, Blank); 5] = [
        ("InsuredCardClassification", |p| {
            p.insured_card_classification.clear()
        }),
        ("Name", |p| p.name = " ".into()),
        ("Sex1", |p| p.sex1.clear()),
        ("Birthdate", |p| p.birthdate.clear()),
        ("InsurerName", |p| p.insurer_name.clear()),
    ];
    for (item, clear) in blank {
        let mut result = confirmed("short");
        clear(&mut result.results[0]);
        match writer.write(&result, Method::Pin) {
            Err(ClinicError::BadResult(message)) => assert!(message.contains(item), "{message}"),
            other => panic!("{item}: {other:?}"),
        }
    }
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    // Readers require MedicalInstitutionCode too: no writer without it.
    assert!(matches!(
        ResultWriter::new(dir.path(), XmlSettings::default()),
        Err(ClinicError::NotConfigured(_))
    ));
}

/// A character Shift_JIS cannot hold is an error naming the item, never a '?'.
#[test]
fn shift_jis_refuses_a_character_it_cannot_hold() {
    let dir = tempfile::tempdir().unwrap();
    let writer = ResultWriter::new(
        dir.path(),
        XmlSettings {
            encoding: FileEncoding::ShiftJis,
            ..settings()
        },
    )
    .unwrap();
    let mut result = confirmed("gaiji");
    result.results[0].name = "𠮷田　太郎".into();
    let err = writer.write(&result, Method::Pin).unwrap_err();
    assert!(matches!(err, ClinicError::Encoding { .. }), "{err}");
    let message = err.to_string();
    assert!(
        message.contains("<Name>") && message.contains("U+20BB7"),
        "{message}"
    );
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    // 髙 (Windows-31J's IBM extension) is fine.
    result.results[0].name = "髙田　太郎".into();
    let path = writer.write(&result, Method::Pin).unwrap();
    assert_eq!(
        oqs_reader::read(&fs::read(path).unwrap()).person("Name"),
        Some("髙田　太郎")
    );
}

#[test]
fn only_confirmed_results_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let writer = ResultWriter::new(dir.path(), settings()).unwrap();
    let mut invalid = confirmed("x");
    invalid.qualification_validity = "2".into();
    assert!(matches!(
        writer.write(&invalid, Method::Face),
        Err(ClinicError::BadResult(_))
    ));
    let mut two = confirmed("y");
    two.results.push(person());
    assert!(writer.write(&two, Method::Face).is_err());
    // An id that is not a safe file name is hashed.
    let path = writer
        .write(&confirmed("../../etc/x"), Method::Face)
        .unwrap();
    assert_eq!(path.parent(), Some(dir.path()));
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    assert!(ResultWriter::new(dir.path().join("missing"), settings()).is_err());
}

/// While a writer replaces files in a loop, a reader never sees a final-name file that does
/// not parse, and no temporary file is left behind.
#[test]
fn writes_are_atomic() {
    let dir = tempfile::tempdir().unwrap();
    let writer = ResultWriter::new(dir.path(), settings()).unwrap();
    let done = Arc::new(AtomicBool::new(false));
    let reader = {
        let dir = dir.path().to_path_buf();
        let done = done.clone();
        thread::spawn(move || {
            let mut checked = 0usize;
            while !done.load(Ordering::SeqCst) {
                for entry in fs::read_dir(&dir).unwrap().flatten() {
                    let name = entry.file_name().to_string_lossy().to_string();
                    if !name.ends_with(".xml") {
                        continue;
                    }
                    // The file may be replaced between listing and reading; a reader that
                    // opened it keeps a whole old or a whole new version.
                    if let Ok(bytes) = fs::read(entry.path()) {
                        let leaves = oqs_reader::read(&bytes).leaves;
                        assert_eq!(
                            value(&leaves, "XmlMsg/MessageBody/QualificationValidity"),
                            Some("1"),
                            "{name}"
                        );
                        checked += 1;
                    }
                }
            }
            checked
        })
    };
    for i in 0..300 {
        let mut result = confirmed(&format!("visit-{}", i % 3));
        // Vary the size so that a torn write would show.
        result.results[0].name = "架".repeat(1 + (i * 37) % 2000);
        writer.write(&result, Method::Pin).unwrap();
    }
    done.store(true, Ordering::SeqCst);
    let checked = reader.join().expect("the reader found a broken file");
    assert!(checked > 0, "the reader never saw a file");
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(
        names
            .iter()
            .all(|n| n.starts_with("OQSsiquc01res_kiosk_20261125_visit-"))
    );
}

// ---- the req/res folder adapter against a thread that plays the 資格確認端末 ----

struct Folders {
    _root: tempfile::TempDir,
    req: PathBuf,
    res: PathBuf,
}

fn folders() -> Folders {
    let root = tempfile::tempdir().unwrap();
    let req = root.path().join("req");
    let res = root.path().join("res");
    fs::create_dir(&req).unwrap();
    fs::create_dir(&res).unwrap();
    Folders {
        _root: root,
        req,
        res,
    }
}

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
