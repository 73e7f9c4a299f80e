//! The clinic-system XML: result files and the req/res folder adapter, with real files and
//! threads. Files are read back with quick-xml directly, and every tag and code value is
//! checked against the tables of docs/domain/eligibility.md §2–§3 (written out here, not taken from
//! the writer).

use crate::common::oqs_reader;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
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

mod folder_queries;
mod result_files;
