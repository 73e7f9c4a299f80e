//! The OQS XML layout (docs/domain/eligibility.md §2.1–§2.2, §3.2) ↔ the protocol's types. Tags and
//! order follow the tables there; dates are `yyyyMMdd`, times `yyyyMMddHHmmss` in Japan time
//! (the system's clock), while the kiosk keeps `YYYY-MM-DD` and RFC 3339.

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime};

use super::xml::Element;
use super::{InsurerNumberPadding, XmlSettings};
use crate::eligibility::protocol::{
    ConfirmationResult, ConsentRecord, ElderlyRecipientCertificateInfo,
    LimitApplicationCertificateRelatedInfo, Method, QualificationResult,
    SpecificDiseasesCertificateInfo,
};
use crate::insurer_number::is_late_elderly_insurer;
use crate::wareki::JST;

/// ReferenceClassification (照会区分, OQSCD002) of a result confirmed by `method`: "1" for the
/// card (PIN, face, staff 目視), "2" for an insurance-number query.
pub fn reference_classification(method: Method) -> &'static str {
    match method {
        Method::InsuranceNumber => "2",
        Method::Pin | Method::Face | Method::StaffVisual => "1",
    }
}

/// `YYYY-MM-DD` → `yyyyMMdd`.
pub fn oqs_date(date: &str) -> Option<String> {
    let parsed = Date::parse(date, format_description!("[year]-[month]-[day]")).ok()?;
    Some(compact_date(parsed))
}

pub fn compact_date(date: Date) -> String {
    format!(
        "{:04}{:02}{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// `yyyyMMdd` → `YYYY-MM-DD`.
pub fn iso_date(date: &str) -> Option<String> {
    let parsed = Date::parse(date, format_description!("[year][month][day]")).ok()?;
    Some(format!(
        "{:04}-{:02}-{:02}",
        parsed.year(),
        u8::from(parsed.month()),
        parsed.day()
    ))
}

/// RFC 3339 → `yyyyMMddHHmmss` in Japan time.
pub fn oqs_time(time: &str) -> Option<String> {
    let parsed = OffsetDateTime::parse(time, &Rfc3339).ok()?;
    Some(compact_time(parsed))
}

pub fn compact_time(time: OffsetDateTime) -> String {
    let jst = time.to_offset(JST);
    format!(
        "{}{:02}{:02}{:02}",
        compact_date(jst.date()),
        jst.hour(),
        jst.minute(),
        jst.second()
    )
}

/// `yyyyMMddHHmmss` (Japan time) → RFC 3339 with `+09:00`.
pub fn iso_time(time: &str) -> Option<String> {
    let parsed = PrimitiveDateTime::parse(
        time,
        format_description!("[year][month][day][hour][minute][second]"),
    )
    .ok()?;
    parsed.assume_offset(JST).format(&Rfc3339).ok()
}

/// Items of ResultOfQualificationConfirmation that readers of result files require: a reader
/// written against the interface (hangilc/myclinic-ts `onshi-result`, docs/domain/eligibility.md §9)
/// refuses the whole file when one is missing. A result without one is refused, never written
/// short (the gateway refuses such a person at start already: `gateway::data`).
pub const REQUIRED_PERSON_ITEMS: [&str; 5] = [
    "InsuredCardClassification",
    "Name",
    "Sex1",
    "Birthdate",
    "InsurerName",
];

/// The time item of 診療情報's consent. Public sources disagree: a label table written against
/// the interface (code index id 16991782376, a `ResWatcher` for face-folder files) and the result
/// samples it follows spell it `DiagnosisInfoConsTim`; C# DTOs for the same result (code index
/// ids 17840178199, 47069430888) spell it `DiagnosisInfoConsTime`. Files are written with the
/// samples' spelling; both are read.
pub const DIAGNOSIS_CONS_TIME_WRITTEN: &str = "DiagnosisInfoConsTim";
const DIAGNOSIS_CONS_TIME_READ: [&str; 2] = ["DiagnosisInfoConsTim", "DiagnosisInfoConsTime"];

/// The result file's document. Optional items without a value are left out; a result that lacks
/// a [`REQUIRED_PERSON_ITEMS`] item, or settings without MedicalInstitutionCode, are an error.
pub fn result_document(
    result: &ConfirmationResult,
    method: Method,
    settings: &XmlSettings,
) -> Result<Element, String> {
    let date = |item: &str, value: &str| {
        oqs_date(value).ok_or_else(|| format!("{item} is not a YYYY-MM-DD date: {value:?}"))
    };
    let code = settings
        .medical_institution_code
        .as_deref()
        .ok_or("no MedicalInstitutionCode (gateway.facility_code), which readers require")?;
    let mut header = Element::new("MessageHeader");
    header.add(
        "ProcessExecutionTime",
        &oqs_time(&result.processed_at)
            .ok_or_else(|| format!("processed_at is not RFC 3339: {:?}", result.processed_at))?,
    );
    header.add(
        "QualificationConfirmationDate",
        &date(
            "qualification_confirmation_date",
            &result.qualification_confirmation_date,
        )?,
    );
    header.add("MedicalInstitutionCode", code);
    header.add("ArbitraryFileIdentifier", &result.request_id);
    header.add("ReferenceClassification", reference_classification(method));
    // The gateway answered, so the request as a whole ended normally (OQSCD003 "1").
    header.add("SegmentOfResult", "1");
    // Follows the encoding the file is written in (UNCONFIRMED values: FileEncoding).
    header.add(
        "CharacterCodeIdentifier",
        settings.encoding.character_code_identifier(),
    );

    let mut body = Element::new("MessageBody");
    body.add("ProcessingResultStatus", &result.processing_result_status);
    body.add_opt(
        "ProcessingResultCode",
        result.processing_result_code.as_deref(),
    );
    body.add_opt(
        "ProcessingResultMessage",
        result.processing_result_message.as_deref(),
    );
    body.add("QualificationValidity", &result.qualification_validity);
    let mut list = Element::new("ResultList");
    for person in &result.results {
        list.push(person_element(
            person,
            &result.consent,
            settings.insurer_number_padding,
        )?);
    }
    body.push(list);

    let mut root = Element::new("XmlMsg");
    root.push(header);
    root.push(body);
    Ok(root)
}

fn person_element(
    person: &QualificationResult,
    consent: &ConsentRecord,
    padding: InsurerNumberPadding,
) -> Result<Element, String> {
    let date = |item: &str, value: &str| -> Result<Option<String>, String> {
        if value.is_empty() {
            return Ok(None);
        }
        oqs_date(value)
            .map(Some)
            .ok_or_else(|| format!("{item} is not a YYYY-MM-DD date: {value:?}"))
    };
    let time = |value: &str| (!value.is_empty()).then(|| oqs_time(value)).flatten();
    let some = |value: &str| (!value.is_empty()).then(|| value.to_string());
    let required = |item: &str, value: &str| -> Result<String, String> {
        if value.trim().is_empty() {
            Err(format!(
                "the result has no {item}, which readers of result files require; not written"
            ))
        } else {
            Ok(value.to_string())
        }
    };

    let mut e = Element::new("ResultOfQualificationConfirmation");
    e.add(
        "InsuredCardClassification",
        &required(
            "InsuredCardClassification",
            &person.insured_card_classification,
        )?,
    );
    e.add("InsurerNumber", &padding.pad(&person.insurer_number));
    e.add_opt("InsuredCardSymbol", person.insured_card_symbol.as_deref());
    e.add(
        "InsuredIdentificationNumber",
        &person.insured_identification_number,
    );
    e.add_opt(
        "InsuredBranchNumber",
        person.insured_branch_number.as_deref(),
    );
    e.add_opt(
        "PersonalFamilyClassification",
        some(&person.personal_family_classification).as_deref(),
    );
    e.add("Name", &required("Name", &person.name)?);
    e.add_opt("NameKana", some(&person.name_kana).as_deref());
    e.add("Sex1", &required("Sex1", &person.sex1)?);
    let birthdate = date("birthdate", &required("Birthdate", &person.birthdate)?)?;
    e.add_opt("Birthdate", birthdate.as_deref());
    e.add_opt(
        "QualificationDate",
        date("qualification_date", &person.qualification_date)?.as_deref(),
    );
    if let Some(loss) = &person.disqualification_date {
        e.add_opt(
            "DisqualificationDate",
            date("disqualification_date", loss)?.as_deref(),
        );
    }
    if let Some(valid) = &person.insured_card_valid_date {
        e.add_opt(
            "InsuredCardValidDate",
            date("insured_card_valid_date", valid)?.as_deref(),
        );
    }
    // Readers take InsuredPartialContributionRatio as the 後期高齢者 ratio (hangilc's client
    // uses it only for 後期高齢者医療): written for those insurers alone, so that a 3割 under
    // 70 is never read as a 後期高齢者 3割. An empty ratio is simply left out (the item is
    // optional in the interface).
    if is_late_elderly_insurer(&person.insurer_number) {
        e.add_opt(
            "InsuredPartialContributionRatio",
            some(&person.insured_partial_contribution_ratio).as_deref(),
        );
    }
    e.add_opt(
        "PreschoolClassification",
        person.preschool_classification.as_deref(),
    );
    e.add_opt("ReasonOfLoss", person.reason_of_loss.as_deref());
    e.add(
        "InsurerName",
        &required("InsurerName", &person.insurer_name)?,
    );
    if let Some(elderly) = &person.elderly_recipient_certificate_info {
        let mut info = Element::new("ElderlyRecipientCertificateInfo");
        info.add_opt(
            "ElderlyRecipientCertificateDate",
            date(
                "elderly certificate date",
                &elderly.elderly_recipient_certificate_date,
            )?
            .as_deref(),
        );
        info.add_opt(
            "ElderlyRecipientValidStartDate",
            date("elderly start", &elderly.elderly_recipient_valid_start_date)?.as_deref(),
        );
        info.add_opt(
            "ElderlyRecipientValidEndDate",
            date("elderly end", &elderly.elderly_recipient_valid_end_date)?.as_deref(),
        );
        info.add_opt(
            "ElderlyRecipientContributionRatio",
            some(&elderly.elderly_recipient_contribution_ratio).as_deref(),
        );
        e.push(info);
    }
    e.add_opt(
        "LimitApplicationCertificateRelatedConsFlg",
        some(&consent.limit_application_certificate_related_cons_flg).as_deref(),
    );
    // A time only for a consent given: a refusal has no consent time.
    if consent.limit_application_certificate_related_cons_flg == "1" {
        e.add_opt(
            "LimitApplicationCertificateRelatedConsTime",
            time(&consent.cons_time).as_deref(),
        );
    }
    if let Some(limit) = &person.limit_application_certificate_related_info {
        let mut info = Element::new("LimitApplicationCertificateRelatedInfo");
        info.add_opt(
            "LimitApplicationCertificateClassification",
            some(&limit.limit_application_certificate_classification).as_deref(),
        );
        info.add_opt(
            "LimitApplicationCertificateClassificationFlag",
            some(&limit.limit_application_certificate_classification_flag).as_deref(),
        );
        for (item, name, value) in [
            (
                "limit certificate date",
                "LimitApplicationCertificateDate",
                &limit.limit_application_certificate_date,
            ),
            (
                "limit start",
                "LimitApplicationCertificateValidStartDate",
                &limit.limit_application_certificate_valid_start_date,
            ),
            (
                "limit end",
                "LimitApplicationCertificateValidEndDate",
                &limit.limit_application_certificate_valid_end_date,
            ),
            (
                "limit long-term date",
                "LimitApplicationCertificateLongTermDate",
                &limit.limit_application_certificate_long_term_date,
            ),
        ] {
            info.add_opt(name, date(item, value)?.as_deref());
        }
        e.push(info);
    }
    if !person.specific_diseases_certificate_list.is_empty() {
        let mut list = Element::new("SpecificDiseasesCertificateList");
        for certificate in &person.specific_diseases_certificate_list {
            let mut info = Element::new("SpecificDiseasesCertificateInfo");
            info.add_opt(
                "SpecificDiseasesDiseaseCategory",
                some(&certificate.specific_diseases_disease_category).as_deref(),
            );
            for (item, name, value) in [
                (
                    "specific diseases certificate date",
                    "SpecificDiseasesCertificateDate",
                    &certificate.specific_diseases_certificate_date,
                ),
                (
                    "specific diseases start",
                    "SpecificDiseasesValidStartDate",
                    &certificate.specific_diseases_valid_start_date,
                ),
                (
                    "specific diseases end",
                    "SpecificDiseasesValidEndDate",
                    &certificate.specific_diseases_valid_end_date,
                ),
            ] {
                info.add_opt(name, date(item, value)?.as_deref());
            }
            info.add_opt(
                "SpecificDiseasesSelfPay",
                some(&certificate.specific_diseases_self_pay).as_deref(),
            );
            list.push(info);
        }
        e.push(list);
    }
    // Viewing consents (§1.4).
    for (prefix, time_tag, flag) in [
        (
            "SpecificHealthCheckupsInfo",
            "SpecificHealthCheckupsInfoConsTime",
            &consent.specific_health_checkups_info_cons_flg,
        ),
        (
            "PharmacistsInfo",
            "PharmacistsInfoConsTime",
            &consent.pharmacists_info_cons_flg,
        ),
        (
            "DiagnosisInfo",
            DIAGNOSIS_CONS_TIME_WRITTEN,
            &consent.diagnosis_info_cons_flg,
        ),
        (
            "OperationInfo",
            "OperationInfoConsTime",
            &consent.operation_info_cons_flg,
        ),
    ] {
        if flag.is_empty() {
            continue;
        }
        e.add(&format!("{prefix}ConsFlg"), flag);
        if flag == "1" {
            e.add_opt(time_tag, time(&consent.cons_time).as_deref());
            e.add_opt(
                &format!("{prefix}AvailableTime"),
                time(&consent.available_time).as_deref(),
            );
        }
    }
    Ok(e)
}

/// An answer document → the protocol's result. `Err` names what is missing or wrong.
///
/// Not stricter than the files in the field: ArbitraryFileIdentifier is optional (an empty
/// `request_id` then; the folder adapter knows it from the file name), items may be empty,
/// the 診療情報 consent time is read in both spellings, the 限度額 適用区分 also under the
/// truncated `…ClassificationFla` one client reads, and a 特定疾病 list is read whether its
/// entries are wrapped in `SpecificDiseasesCertificateInfo` (the interface's label table) or
/// written flat into repeated `SpecificDiseasesCertificateList` elements (as .NET's
/// XmlSerializer writes an array).
pub fn read_result(root: &Element, settings: &XmlSettings) -> Result<ConfirmationResult, String> {
    if root.name != "XmlMsg" {
        return Err(format!("the root is <{}>, not <XmlMsg>", root.name));
    }
    let header = root.child("MessageHeader").ok_or("no MessageHeader")?;
    let required = |parent: &Element, item: &str| {
        parent
            .text_of(item)
            .map(str::to_string)
            .ok_or_else(|| format!("no {item}"))
    };
    let segment = required(header, "SegmentOfResult")?;
    if segment != "1" {
        return Err(format!("SegmentOfResult {segment}"));
    }
    let body = root.child("MessageBody").ok_or("no MessageBody")?;
    let date_item = |parent: &Element, item: &str| -> Result<String, String> {
        match parent.text_of(item) {
            None => Ok(String::new()),
            Some(value) => {
                iso_date(value).ok_or_else(|| format!("{item} {value:?} is not yyyyMMdd"))
            }
        }
    };
    let time_item = |parent: &Element, item: &str| -> Result<String, String> {
        match parent.text_of(item) {
            None => Ok(String::new()),
            Some(value) => {
                iso_time(value).ok_or_else(|| format!("{item} {value:?} is not yyyyMMddHHmmss"))
            }
        }
    };
    let text = |parent: &Element, item: &str| parent.text_of(item).unwrap_or_default().to_string();
    let optional = |parent: &Element, item: &str| parent.text_of(item).map(str::to_string);
    // The first of `items` that has a time.
    let first_time = |parent: &Element, items: &[&str]| -> Result<String, String> {
        for item in items {
            let value = time_item(parent, item)?;
            if !value.is_empty() {
                return Ok(value);
            }
        }
        Ok(String::new())
    };
    let specific = |e: &Element| -> Result<SpecificDiseasesCertificateInfo, String> {
        Ok(SpecificDiseasesCertificateInfo {
            specific_diseases_disease_category: text(e, "SpecificDiseasesDiseaseCategory"),
            specific_diseases_certificate_date: date_item(e, "SpecificDiseasesCertificateDate")?,
            specific_diseases_valid_start_date: date_item(e, "SpecificDiseasesValidStartDate")?,
            specific_diseases_valid_end_date: date_item(e, "SpecificDiseasesValidEndDate")?,
            specific_diseases_self_pay: text(e, "SpecificDiseasesSelfPay"),
        })
    };

    let mut results = Vec::new();
    let mut consent = ConsentRecord::default();
    if let Some(list) = body.child("ResultList") {
        for person in list.children_named("ResultOfQualificationConfirmation") {
            let insurer = required(person, "InsurerNumber")?;
            let elderly = person
                .child("ElderlyRecipientCertificateInfo")
                .map(|e| -> Result<_, String> {
                    Ok(ElderlyRecipientCertificateInfo {
                        elderly_recipient_certificate_date: date_item(
                            e,
                            "ElderlyRecipientCertificateDate",
                        )?,
                        elderly_recipient_valid_start_date: date_item(
                            e,
                            "ElderlyRecipientValidStartDate",
                        )?,
                        elderly_recipient_valid_end_date: date_item(
                            e,
                            "ElderlyRecipientValidEndDate",
                        )?,
                        elderly_recipient_contribution_ratio: text(
                            e,
                            "ElderlyRecipientContributionRatio",
                        ),
                    })
                })
                .transpose()?;
            let limit = person
                .child("LimitApplicationCertificateRelatedInfo")
                .map(|e| -> Result<_, String> {
                    let flag = optional(e, "LimitApplicationCertificateClassificationFlag")
                        .or_else(|| optional(e, "LimitApplicationCertificateClassificationFla"))
                        .unwrap_or_default();
                    Ok(LimitApplicationCertificateRelatedInfo {
                        limit_application_certificate_classification: text(
                            e,
                            "LimitApplicationCertificateClassification",
                        ),
                        limit_application_certificate_classification_flag: flag,
                        limit_application_certificate_date: date_item(
                            e,
                            "LimitApplicationCertificateDate",
                        )?,
                        limit_application_certificate_valid_start_date: date_item(
                            e,
                            "LimitApplicationCertificateValidStartDate",
                        )?,
                        limit_application_certificate_valid_end_date: date_item(
                            e,
                            "LimitApplicationCertificateValidEndDate",
                        )?,
                        limit_application_certificate_long_term_date: date_item(
                            e,
                            "LimitApplicationCertificateLongTermDate",
                        )?,
                    })
                })
                .transpose()?;
            let mut certificates = Vec::new();
            for list in person.children_named("SpecificDiseasesCertificateList") {
                let wrapped: Vec<&Element> = list
                    .children_named("SpecificDiseasesCertificateInfo")
                    .collect();
                if wrapped.is_empty() {
                    if !list.children.is_empty() {
                        certificates.push(specific(list)?);
                    }
                } else {
                    for info in wrapped {
                        certificates.push(specific(info)?);
                    }
                }
            }
            let disqualification = date_item(person, "DisqualificationDate")?;
            let valid_date = date_item(person, "InsuredCardValidDate")?;
            results.push(QualificationResult {
                insured_card_classification: text(person, "InsuredCardClassification"),
                insurer_number: settings.insurer_number_padding.unpad(&insurer),
                insurer_name: text(person, "InsurerName"),
                insured_card_symbol: optional(person, "InsuredCardSymbol"),
                insured_identification_number: text(person, "InsuredIdentificationNumber"),
                insured_branch_number: optional(person, "InsuredBranchNumber"),
                personal_family_classification: text(person, "PersonalFamilyClassification"),
                name: text(person, "Name"),
                name_kana: text(person, "NameKana"),
                sex1: text(person, "Sex1"),
                birthdate: date_item(person, "Birthdate")?,
                qualification_date: date_item(person, "QualificationDate")?,
                disqualification_date: (!disqualification.is_empty()).then_some(disqualification),
                reason_of_loss: optional(person, "ReasonOfLoss"),
                insured_card_valid_date: (!valid_date.is_empty()).then_some(valid_date),
                insured_partial_contribution_ratio: text(person, "InsuredPartialContributionRatio"),
                preschool_classification: optional(person, "PreschoolClassification"),
                elderly_recipient_certificate_info: elderly,
                limit_application_certificate_related_info: limit,
                specific_diseases_certificate_list: certificates,
            });
            // Consent is per person in the XML and per visit in the protocol: the first
            // person's flags stand for the visit (a confirmed result has one person).
            if results.len() == 1 {
                let mut times = vec!["LimitApplicationCertificateRelatedConsTime"];
                times.extend(DIAGNOSIS_CONS_TIME_READ);
                times.extend([
                    "PharmacistsInfoConsTime",
                    "OperationInfoConsTime",
                    "SpecificHealthCheckupsInfoConsTime",
                ]);
                consent = ConsentRecord {
                    diagnosis_info_cons_flg: text(person, "DiagnosisInfoConsFlg"),
                    pharmacists_info_cons_flg: text(person, "PharmacistsInfoConsFlg"),
                    operation_info_cons_flg: text(person, "OperationInfoConsFlg"),
                    specific_health_checkups_info_cons_flg: text(
                        person,
                        "SpecificHealthCheckupsInfoConsFlg",
                    ),
                    limit_application_certificate_related_cons_flg: text(
                        person,
                        "LimitApplicationCertificateRelatedConsFlg",
                    ),
                    cons_time: first_time(person, &times)?,
                    available_time: first_time(
                        person,
                        &[
                            "DiagnosisInfoAvailableTime",
                            "PharmacistsInfoAvailableTime",
                            "OperationInfoAvailableTime",
                            "SpecificHealthCheckupsInfoAvailableTime",
                        ],
                    )?,
                };
            }
        }
    }
    Ok(ConfirmationResult {
        // Optional in the interface: absent, the caller knows it from the file name.
        request_id: optional(header, "ArbitraryFileIdentifier").unwrap_or_default(),
        qualification_confirmation_date: iso_date(&required(
            header,
            "QualificationConfirmationDate",
        )?)
        .ok_or("QualificationConfirmationDate is not yyyyMMdd")?,
        processed_at: iso_time(&required(header, "ProcessExecutionTime")?)
            .ok_or("ProcessExecutionTime is not yyyyMMddHHmmss")?,
        processing_result_status: required(body, "ProcessingResultStatus")?,
        processing_result_code: optional(body, "ProcessingResultCode"),
        processing_result_message: optional(body, "ProcessingResultMessage"),
        qualification_validity: text(body, "QualificationValidity"),
        results,
        consent,
        warnings: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times_convert_both_ways() {
        assert_eq!(oqs_date("2026-03-31").as_deref(), Some("20260331"));
        assert_eq!(iso_date("20260331").as_deref(), Some("2026-03-31"));
        assert_eq!(oqs_date("2026-02-30"), None);
        assert_eq!(iso_date("2026033"), None);
        // 23:30 UTC is 08:30 the next day in Japan.
        assert_eq!(
            oqs_time("2026-11-25T23:30:05Z").as_deref(),
            Some("20261126083005")
        );
        assert_eq!(
            iso_time("20261126083005").as_deref(),
            Some("2026-11-26T08:30:05+09:00")
        );
    }
}
