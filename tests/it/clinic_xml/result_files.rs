//! Result files: tags and codes as the tables give them, settings, both encodings, required
//! items, atomic writes.

use super::*;

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
