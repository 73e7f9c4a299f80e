//! The kiosk ↔ eligibility-gateway protocol: HTTPS, JSON, every request signed by the kiosk's
//! Ed25519 device key (which over TLS is also its client certificate: on a connection that
//! presented it, the gateway needs no signature from that kiosk). Field names are snake_case
//! forms of the online-eligibility XML tags and code values are the XML's, as strings
//! (docs/design.md; docs/domain/eligibility.md §2).
//!
//! Endpoints (all `POST`, JSON in and out):
//! - `/v1/challenge` ([`ChallengeRequest`]) → [`ChallengeResponse`]: a one-time challenge, valid
//!   [`CHALLENGE_TTL_SECS`] s.
//! - `/v1/confirmations` → [`ConfirmationAnswer`] (a [`ConfirmationResult`] with the `method`):
//!   [`ConfirmationRequest`] for `pin` (the card signs the challenge),
//!   [`AttestedConfirmationRequest`] for `face` and `staff_visual` (the kiosk signs a
//!   [`KioskAttestation`]), [`InsuranceNumberRequest`] for `insurance_number` (no card); see
//!   [`GatewayRequest`].
//!
//! Request authentication (headers): [`HEADER_KIOSK_ID`], [`HEADER_KIOSK_TIME`] (RFC 3339, UTC,
//! with the fraction of a second),
//! [`HEADER_KIOSK_SIGNATURE`] (base64 of the Ed25519 signature over [`signing_input`]).
//! Errors: HTTP 4xx/5xx with [`ErrorResponse`] and one of the stable [`ErrorCode`]s.

use serde::{Deserialize, Serialize};

pub use super::grace::Token;

pub use super::requests::{
    ATTESTATION_LABEL, ATTESTATION_LABEL_V2, AttestedConfirmationRequest, ConfirmationAnswer,
    FACE_DECIMALS, FaceVerdict, GatewayRequest, InsuranceNumberRequest, KioskAttestation,
    QualificationConfirmSearchInfo, SearchInfoError, certificate_sha256, face_number_text,
};

pub const PATH_CHALLENGE: &str = "/v1/challenge";
pub const PATH_CONFIRMATIONS: &str = "/v1/confirmations";
pub const HEADER_KIOSK_ID: &str = "x-kiosk-id";
pub const HEADER_KIOSK_TIME: &str = "x-kiosk-time";
pub const HEADER_KIOSK_SIGNATURE: &str = "x-kiosk-signature";
/// Challenges expire after this and are single-use.
pub const CHALLENGE_TTL_SECS: i64 = 60;
/// A request whose time is further than this from the gateway's clock is refused as stale.
pub const MAX_CLOCK_SKEW_SECS: i64 = 30;

/// How long after it was signed the gateway still accepts offline evidence (replayed from the
/// kiosk's outbox once the gateway answers again).
pub const OFFLINE_EVIDENCE_MAX_AGE_SECS: i64 = 7 * 24 * 3600;

/// The challenge a kiosk makes itself when the gateway cannot be reached: SHA-256 over a label,
/// the kiosk id, the request id and the signing time (RFC 3339), one per line. The card signs it
/// like a gateway challenge, so the signature is bound to this kiosk, this request and this time;
/// the gateway recomputes it and accepts it once (request ids are single-use) for
/// [`OFFLINE_EVIDENCE_MAX_AGE_SECS`]. Weaker than a gateway challenge (no freshness proof beyond
/// the kiosk's clock), which is why such results are provisional.
pub fn offline_challenge(kiosk_id: &str, request_id: &str, signed_at: &str) -> Vec<u8> {
    let text = format!("myna-kiosk offline challenge v1\n{kiosk_id}\n{request_id}\n{signed_at}");
    ring::digest::digest(&ring::digest::SHA256, text.as_bytes())
        .as_ref()
        .to_vec()
}

/// Whether `signature` is the card's RSA PKCS#1 v1.5 SHA-256 signature over `challenge` under
/// `rsa_public_key` (the DER RSAPublicKey of the certificate the card presented). The kiosk
/// uses it offline only as a consistency check of what the card proved: whether the certificate
/// itself is valid (CA, revocation, expiry) stays the gateway's call on replay
/// (docs/domain/mynacard.md §8).
pub fn card_signature_verifies(rsa_public_key: &[u8], challenge: &[u8], signature: &[u8]) -> bool {
    ring::signature::UnparsedPublicKey::new(
        &ring::signature::RSA_PKCS1_2048_8192_SHA256,
        rsa_public_key,
    )
    .verify(challenge, signature)
    .is_ok()
}

/// What the kiosk signs: method, path, time and the SHA-256 of the body, one per line.
pub fn signing_input(method: &str, path: &str, time: &str, body: &[u8]) -> Vec<u8> {
    let digest = ring::digest::digest(&ring::digest::SHA256, body);
    let hex: String = digest.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    format!("{method}\n{path}\n{time}\n{hex}").into_bytes()
}

/// Body of `POST /v1/challenge` (an empty body is accepted too). The kiosk puts a random
/// `nonce` in it so that every signed request is unique: the gateway refuses a signature it has
/// seen before (`replayed_request`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChallengeResponse {
    /// Base64 (standard, padded) of 32 random bytes. The card signs these bytes
    /// (`DigestInfo(SHA-256(challenge))`).
    pub challenge: String,
    /// RFC 3339.
    pub expires_at: String,
    /// The largest face distance the gateway accepts (a face verdict must be under it): the
    /// kiosk matches faces under the stricter of this and its own `[face] threshold`. Absent
    /// from older gateways; the kiosk then uses its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub face_max_distance: Option<f64>,
}

/// The face-distance maximum both sides start from: the kiosk's `[face] threshold` and the
/// gateway's `max_distance` default to this one number. dlib publishes 0.6 for its descriptor
/// ([`DLIB_FACE_THRESHOLD`]); we start stricter because the evidence on these machines is thin
/// (no East-Asian faces, no card-photo-versus-webcam pairs; docs/domain/face.md, "Evidence
/// limits"), and every face refusal leads to the PIN or to staff, never to a silent accept.
pub const DEFAULT_FACE_MAX_DISTANCE: f64 = 0.5;

/// dlib's published same-person threshold for its face descriptor (L2 distance;
/// docs/domain/face.md). No setting on either side may accept more: beyond it dlib itself calls
/// two faces different people (different people measured 0.69 and more here).
pub const DLIB_FACE_THRESHOLD: f64 = 0.6;

/// Checks a face-distance maximum (kiosk `[face] threshold`, gateway `max_distance` or
/// `--face-max-distance`): a number above 0 and at most [`DLIB_FACE_THRESHOLD`].
pub fn check_face_max_distance(value: f64) -> Result<f64, String> {
    if value.is_finite() && value > 0.0 && value <= DLIB_FACE_THRESHOLD {
        Ok(value)
    } else {
        Err(format!(
            "{value} is not a face distance maximum: a number above 0 and at most \
             {DLIB_FACE_THRESHOLD} (dlib's same-person threshold; smaller is stricter)"
        ))
    }
}

/// The stricter (smaller) of the kiosk's own maximum and the gateway's; the kiosk's own when the
/// gateway did not say (offline, or an older gateway). A gateway value that is not a number
/// accepts nothing: the safe side.
pub fn stricter_face_max(own: f64, gateway: Option<f64>) -> f64 {
    match gateway {
        None => own,
        Some(g) if g.is_nan() => 0.0,
        Some(g) => own.min(g),
    }
}

/// How the patient's identity was confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Pin,
    Face,
    StaffVisual,
    InsuranceNumber,
}

impl Method {
    /// The JSON name (`pin`, `face`, `staff_visual`, `insurance_number`).
    pub fn code(self) -> &'static str {
        match self {
            Method::Pin => "pin",
            Method::Face => "face",
            Method::StaffVisual => "staff_visual",
            Method::InsuranceNumber => "insurance_number",
        }
    }

    /// What the confirmation rests on: only a PIN visit carries the card's own signature.
    pub fn assurance(self) -> Assurance {
        match self {
            Method::Pin => Assurance::CardSignature,
            Method::Face | Method::StaffVisual | Method::InsuranceNumber => {
                Assurance::KioskAttestation
            }
        }
    }
}

/// How strongly a confirmation is tied to the card in the reader (issue 17). `card_signature`:
/// the card signed a challenge with its auth key after the PIN, which anyone can check with the
/// certificate it presented. `kiosk_attestation`: only the kiosk's device key vouches for it (a
/// face match, a staff 目視確認, numbers typed from a document): no key on the card proves
/// that the certificate sent is the card's own, so it is the lower level. Kept with the cache
/// entry, shown with each queued request and each visit on the staff screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Assurance {
    CardSignature,
    KioskAttestation,
}

impl Assurance {
    /// The JSON name (`card_signature`, `kiosk_attestation`).
    pub fn code(self) -> &'static str {
        match self {
            Assurance::CardSignature => "card_signature",
            Assurance::KioskAttestation => "kiosk_attestation",
        }
    }

    /// From [`Assurance::code`]; `None` for anything else.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "card_signature" => Some(Assurance::CardSignature),
            "kiosk_attestation" => Some(Assurance::KioskAttestation),
            _ => None,
        }
    }
}

/// Whether the card-surface data a PIN-less confirmation rests on (the photo the face was
/// matched with or staff looked at, with birth date, sex and the card's key) were proven by the
/// J-LIS issuer key: the card face's `DF28` signature under the card-surface AP's CV
/// certificate, that certificate under the key the kiosk was given (`[face] issuer_key`;
/// docs/domain/mynacard.md §5.3). Signed in the kiosk's attestation (`card_data`).
/// `not_verified`: the kiosk has no issuer key, so a programmable card with another photo
/// would have passed; staff seeing the patient is then the only check. Even `issuer_verified`
/// does not tie the auth certificate to that card face (no signature links the two
/// applications), so both stay [`Assurance::KioskAttestation`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CardData {
    IssuerVerified,
    NotVerified,
}

impl CardData {
    /// The JSON name (`issuer_verified`, `not_verified`).
    pub fn code(self) -> &'static str {
        match self {
            CardData::IssuerVerified => "issuer_verified",
            CardData::NotVerified => "not_verified",
        }
    }

    /// From [`CardData::code`]; `None` for anything else.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "issuer_verified" => Some(CardData::IssuerVerified),
            "not_verified" => Some(CardData::NotVerified),
            _ => None,
        }
    }
}

/// The patient's consent to show their records (docs/design.md: `medication_clinical` 診療・薬剤,
/// `surgery` 手術, `health_check` 特定健診). The 限度額 information is not a choice on the card
/// path: it is always asked for and returned (docs/domain/eligibility.md §1.4, checked 2026-12);
/// only a number query (照会区分 2) still carries its flag. A `limit_certificate` field sent by
/// an older kiosk is ignored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    pub medication_clinical: bool,
    pub surgery: bool,
    pub health_check: bool,
}

impl Consent {
    pub const ALL: Consent = Consent {
        medication_clinical: true,
        surgery: true,
        health_check: true,
    };

    /// Whether any record may be shown.
    pub fn any(self) -> bool {
        self.medication_clinical || self.surgery || self.health_check
    }
}

/// PIN-mode evidence: the auth certificate and the card's signature over the challenge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardEvidence {
    /// Base64 of the DER auth certificate (利用者証明用電子証明書).
    pub auth_certificate: String,
    /// Base64 of the RSA PKCS#1 v1.5 signature over `DigestInfo(SHA-256(challenge bytes))`.
    pub signature: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmationRequest {
    /// Unique per confirmation; the gateway answers a repeated id with the first answer and
    /// records nothing twice.
    pub request_id: String,
    pub method: Method,
    /// The challenge as received from `/v1/challenge`.
    pub challenge: String,
    pub evidence: CardEvidence,
    pub consent: Consent,
    /// What carried the certificate (the card, an Android or iPhone token): smartphones get no
    /// grace after expiry. Absent: the card.
    #[serde(default)]
    pub token: Token,
    /// 医療機関コード (MedicalInstitutionCode, 10 digits) of the facility, when configured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facility_code: Option<String>,
    /// Set when `challenge` is an [`offline_challenge`] made at this time (RFC 3339) because the
    /// gateway could not be reached; absent for a gateway challenge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offline_signed_at: Option<String>,
}

/// One insured person (ResultOfQualificationConfirmation). Dates `YYYY-MM-DD`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct QualificationResult {
    /// OQSCD010: "01" 一般 …
    pub insured_card_classification: String,
    /// 8 digits, 6 for 国保; never padded.
    pub insurer_number: String,
    pub insurer_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub insured_card_symbol: Option<String>,
    /// Leading zeros kept.
    pub insured_identification_number: String,
    /// 2 digits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub insured_branch_number: Option<String>,
    /// "1" 本人, "2" 家族.
    pub personal_family_classification: String,
    pub name: String,
    pub name_kana: String,
    /// "1" 男, "2" 女, "3" 未設定.
    pub sex1: String,
    pub birthdate: String,
    pub qualification_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disqualification_date: Option<String>,
    /// OQSCD008.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_of_loss: Option<String>,
    /// InsuredCardValidDate (有効開始年月日 of the card or 資格確認書), `YYYY-MM-DD`, when the
    /// insurer gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub insured_card_valid_date: Option<String>,
    /// "010", "020", "030"; may be empty. The result files carry it only for 後期高齢者医療
    /// (insurer numbers starting with 39), where readers take it as the 後期高齢者 ratio (see
    /// `clinic::layout`); the kiosk's screen shows it whenever it is there.
    pub insured_partial_contribution_ratio: String,
    /// PreschoolClassification (未就学区分): "1" 未就学 (a child before primary school, 2割);
    /// absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preschool_classification: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub elderly_recipient_certificate_info: Option<ElderlyRecipientCertificateInfo>,
    /// 限度額適用認定証関連情報: on the card path always (not a consent); for a number query only
    /// with its 限度額 flag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit_application_certificate_related_info: Option<LimitApplicationCertificateRelatedInfo>,
    /// 特定疾病療養受療証 (SpecificDiseasesCertificateList): one entry a certificate; empty for
    /// most people. Answered under the same rule as the 限度額 information (UNCONFIRMED: see
    /// `gateway::service`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub specific_diseases_certificate_list: Vec<SpecificDiseasesCertificateInfo>,
}

/// One 特定疾病療養受療証 (SpecificDiseasesCertificateInfo). Dates `YYYY-MM-DD`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SpecificDiseasesCertificateInfo {
    /// OQSCD013 認定疾病区分: "1" 人工透析を要する慢性腎不全, "2" 先天性血液凝固因子障害,
    /// "3" 血液凝固因子製剤起因HIV.
    pub specific_diseases_disease_category: String,
    /// 交付年月日.
    pub specific_diseases_certificate_date: String,
    pub specific_diseases_valid_start_date: String,
    pub specific_diseases_valid_end_date: String,
    /// 自己負担限度額 in yen, digits only (e.g. "10000").
    pub specific_diseases_self_pay: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ElderlyRecipientCertificateInfo {
    /// ElderlyRecipientCertificateDate (交付年月日); empty when not known.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub elderly_recipient_certificate_date: String,
    pub elderly_recipient_valid_start_date: String,
    pub elderly_recipient_valid_end_date: String,
    /// "020", "030".
    pub elderly_recipient_contribution_ratio: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LimitApplicationCertificateRelatedInfo {
    /// OQSCD011: "01" 限度額適用認定証, "02", "03".
    pub limit_application_certificate_classification: String,
    /// OQSCD012 適用区分: "A01"–"A06", "B01"–"B10".
    pub limit_application_certificate_classification_flag: String,
    /// LimitApplicationCertificateDate (交付年月日); empty when not known.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub limit_application_certificate_date: String,
    pub limit_application_certificate_valid_start_date: String,
    pub limit_application_certificate_valid_end_date: String,
    /// LimitApplicationCertificateLongTermDate (長期入院該当年月日); empty when not one.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub limit_application_certificate_long_term_date: String,
}

/// Consent as recorded by the gateway: flags "0"/"1" and the time (RFC 3339) they were given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConsentRecord {
    pub diagnosis_info_cons_flg: String,
    pub pharmacists_info_cons_flg: String,
    pub operation_info_cons_flg: String,
    pub specific_health_checkups_info_cons_flg: String,
    pub limit_application_certificate_related_cons_flg: String,
    pub cons_time: String,
    /// Consent is valid for 24 hours: until this time.
    pub available_time: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// Stable code, e.g. `certificate_expiring`, `certificate_expired_grace`.
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmationResult {
    pub request_id: String,
    /// `YYYY-MM-DD`: the day the eligibility was confirmed for.
    pub qualification_confirmation_date: String,
    /// RFC 3339.
    pub processed_at: String,
    /// OQSCD004: "1" 正常終了, "2" エラー.
    pub processing_result_status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processing_result_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processing_result_message: Option<String>,
    /// OQSCD006: "1" 有効 … "6" 有効（未登録）.
    pub qualification_validity: String,
    #[serde(default)]
    pub results: Vec<QualificationResult>,
    #[serde(default)]
    pub consent: ConsentRecord,
    #[serde(default)]
    pub warnings: Vec<Warning>,
}

impl QualificationResult {
    /// 保険者番号, 記号, 番号 and 枝番 as staff read them, joined by " · " (absent ones left out).
    pub fn numbers_line(&self) -> String {
        [
            Some(self.insurer_number.as_str()),
            self.insured_card_symbol.as_deref(),
            Some(self.insured_identification_number.as_str()),
            self.insured_branch_number.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ")
    }

    /// The copay in 割 ("030" is 3割), as staff say it; empty when the code is not a number.
    pub fn copay_wari(&self) -> String {
        self.insured_partial_contribution_ratio
            .parse::<u32>()
            .map(|n| (n / 10).to_string())
            .unwrap_or_default()
    }
}

impl ConfirmationResult {
    /// A plain "valid, one match": the only result the kiosk settles without staff
    /// (docs/domain/eligibility.md §2.1).
    pub fn is_confirmed(&self) -> bool {
        self.processing_result_status == "1"
            && self.qualification_validity == "1"
            && self.results.len() == 1
    }
}

/// Stable error codes of the gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    BadRequest,
    UnknownKiosk,
    BadKioskSignature,
    StaleRequest,
    ReplayedRequest,
    UnknownChallenge,
    ExpiredChallenge,
    BadCertificate,
    UnknownCa,
    CertificateRevoked,
    CertificateExpired,
    BadCardSignature,
    /// A face or staff-visual attestation that does not verify or does not match its request.
    BadAttestation,
    /// The attested face distance is not under the gateway's threshold (or the kiosk's own).
    FaceNotMatched,
    /// The kiosk sent more requests than the gateway takes from one kiosk (HTTP 429): the
    /// kiosk treats it as the gateway being busy (cache, outbox), not as a refusal.
    RateLimited,
    /// An enrolment for a kiosk id that is registered, or waiting for approval, with another
    /// key (HTTP 409): a request never replaces a key; an administrator refuses the waiting one
    /// or the kiosk takes another id.
    KioskIdTaken,
    Internal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorResponse {
    pub error: ErrorBody,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes_are_as_in_the_xml() {
        let result = QualificationResult {
            insurer_number: "06139992".into(),
            insured_identification_number: "0012".into(),
            insured_partial_contribution_ratio: "030".into(),
            ..Default::default()
        };
        let json = serde_json::to_value(&result).unwrap();
        assert_eq!(json["insurer_number"], "06139992");
        assert_eq!(json["insured_identification_number"], "0012");
        assert_eq!(json["insured_partial_contribution_ratio"], "030");
        let back: QualificationResult = serde_json::from_value(json).unwrap();
        assert_eq!(back, result);
        assert_eq!(
            serde_json::to_value(Method::StaffVisual).unwrap(),
            "staff_visual"
        );
        assert_eq!(
            serde_json::to_value(ErrorCode::ExpiredChallenge).unwrap(),
            "expired_challenge"
        );
    }

    #[test]
    fn the_stricter_of_the_two_maxima_is_used() {
        assert_eq!(
            stricter_face_max(0.5, Some(0.45)),
            0.45,
            "the gateway's is stricter"
        );
        assert_eq!(
            stricter_face_max(0.45, Some(0.5)),
            0.45,
            "the kiosk's is stricter"
        );
        assert_eq!(stricter_face_max(0.5, Some(0.5)), 0.5);
        assert_eq!(
            stricter_face_max(0.5, None),
            0.5,
            "offline: the kiosk's own"
        );
        assert_eq!(
            stricter_face_max(0.5, Some(f64::NAN)),
            0.0,
            "nonsense: nothing"
        );
        assert_eq!(
            stricter_face_max(0.5, Some(-1.0)),
            -1.0,
            "nothing is under it"
        );
    }

    #[test]
    fn face_maxima_are_checked() {
        assert_eq!(check_face_max_distance(0.45), Ok(0.45));
        assert_eq!(
            check_face_max_distance(DEFAULT_FACE_MAX_DISTANCE),
            Ok(DEFAULT_FACE_MAX_DISTANCE)
        );
        assert_eq!(check_face_max_distance(0.6), Ok(0.6));
        for bad in [0.0, -0.1, 0.61, 2.0, f64::NAN, f64::INFINITY] {
            let err = check_face_max_distance(bad).unwrap_err();
            assert!(err.contains("at most 0.6"), "{bad}: {err}");
        }
    }

    #[test]
    fn the_challenge_answer_may_lack_the_face_maximum() {
        let old: ChallengeResponse =
            serde_json::from_str(r#"{"challenge":"q7bV","expires_at":"2026-11-25T10:01:00Z"}"#)
                .unwrap();
        assert_eq!(old.face_max_distance, None);
        let new = ChallengeResponse {
            face_max_distance: Some(0.45),
            ..old
        };
        let json = serde_json::to_value(&new).unwrap();
        assert_eq!(json["face_max_distance"], 0.45);
        assert_eq!(
            serde_json::from_value::<ChallengeResponse>(json).unwrap(),
            new
        );
    }

    #[test]
    fn signing_input_covers_body_and_time() {
        let a = signing_input("POST", PATH_CONFIRMATIONS, "2026-11-25T10:00:00Z", b"{}");
        assert_ne!(
            a,
            signing_input("POST", PATH_CONFIRMATIONS, "2026-11-25T10:00:01Z", b"{}")
        );
        assert_ne!(
            a,
            signing_input("POST", PATH_CONFIRMATIONS, "2026-11-25T10:00:00Z", b"{ }")
        );
    }
}
