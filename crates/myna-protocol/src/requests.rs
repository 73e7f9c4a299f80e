//! Confirmations the card does not sign, and the union of every request the gateway takes.
//!
//! - Face (`face`) and staff visual confirmation (`staff_visual`, 目視確認): the card's auth
//!   certificate is read without a PIN, and the kiosk vouches for the identity check itself with
//!   a [`KioskAttestation`] signed by its Ed25519 device key (docs/domain/face.md, "How the certified
//!   readers do it", point 4). Sent as an [`AttestedConfirmationRequest`].
//! - Insurance-number queries (`insurance_number`, 照会区分 2): staff type the numbers from a
//!   資格確認書 or similar; no card. Sent as an [`InsuranceNumberRequest`], authenticated like every
//!   request by the kiosk's signature over the whole body.
//!
//! All of them go to `POST /v1/confirmations`; the gateway tells them apart by `method` and
//! answers each with a [`ConfirmationAnswer`]: the card confirmation's result plus the method.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::protocol::{
    Assurance, CardData, ConfirmationRequest, ConfirmationResult, Consent, Method,
};
use crate::insurer_number::InsurerNumberError;

/// First line of [`KioskAttestation::signing_input`]; a new layout gets a new version.
pub const ATTESTATION_LABEL: &str = "myna-kiosk attestation v1";

/// First line of the layout with `card_data` (issue 17): an attestation that says whether the
/// card-surface data were verified with the issuer key. Attestations without it (older kiosks,
/// entries queued before an upgrade) keep [`ATTESTATION_LABEL`]'s layout.
pub const ATTESTATION_LABEL_V2: &str = "myna-kiosk attestation v2";

/// Decimals of a face distance or threshold as signed and sent (more is noise for dlib's model).
pub const FACE_DECIMALS: usize = 4;

/// The face match the kiosk made: L2 distance between the embeddings of the card photo and of
/// the live face, and the kiosk's own threshold. Both rounded to [`FACE_DECIMALS`] decimals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FaceVerdict {
    pub distance: f64,
    pub threshold: f64,
}

impl FaceVerdict {
    /// A verdict with both numbers rounded as they are signed.
    pub fn new(distance: f64, threshold: f64) -> Self {
        FaceVerdict {
            distance: round(distance),
            threshold: round(threshold),
        }
    }
}

impl FaceVerdict {
    /// Whether the distance is under the verdict's own threshold and under the gateway's
    /// maximum (when known): the one rule the kiosk applies before it offers the match and the
    /// gateway applies when it gets the attestation, online or replayed. Strictly under, on the
    /// rounded numbers as signed.
    pub fn is_accepted(&self, gateway_max: Option<f64>) -> bool {
        self.distance < self.threshold && gateway_max.is_none_or(|max| self.distance < max)
    }
}

fn round(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}

/// A number as it appears in the signing input: fixed, [`FACE_DECIMALS`] decimals.
pub fn face_number_text(value: f64) -> String {
    format!("{value:.FACE_DECIMALS$}")
}

/// The kiosk's signed statement that it confirmed the holder of a certificate: by face (with
/// the [`FaceVerdict`]) or by staff visual check 目視確認 (with the staff member's id).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KioskAttestation {
    pub kiosk_id: String,
    /// `face` or `staff_visual`.
    pub method: Method,
    pub request_id: String,
    /// The challenge as received from `/v1/challenge` (base64), or the base64 of the kiosk's
    /// `offline_challenge` when the gateway could not be reached.
    pub challenge: String,
    /// Lower-case hex SHA-256 of the DER auth certificate (利用者証明用電子証明書).
    pub certificate_sha256: String,
    /// Present for `face` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub face: Option<FaceVerdict>,
    /// The staff member who compared the card photo with the person; `staff_visual` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_id: Option<String>,
    /// Whether the card-surface data (the photo matched or looked at) were verified with the
    /// issuer key; absent from older kiosks (then the v1 layout is signed, and the gateway
    /// records it as unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_data: Option<CardData>,
    /// RFC 3339, UTC, whole seconds: when the kiosk signed.
    pub signed_at: String,
    /// Base64 of the Ed25519 signature over [`KioskAttestation::signing_input`].
    pub signature: String,
}

impl KioskAttestation {
    /// The canonical bytes the device key signs: UTF-8 lines joined by `\n`, no final newline:
    /// [`ATTESTATION_LABEL`], `kiosk_id`, `method`, `request_id`, `challenge`,
    /// `certificate_sha256`, distance, threshold (each `%.4f`, or `-` without a face verdict),
    /// `staff_id` (or `-`), `signed_at`. With `card_data`, the first line is
    /// [`ATTESTATION_LABEL_V2`] and its code (`issuer_verified`, `not_verified`) comes before
    /// `signed_at`. No field may contain a line break (the gateway refuses one), so the layout
    /// is unambiguous.
    pub fn signing_input(&self) -> Vec<u8> {
        let (distance, threshold) = match &self.face {
            Some(f) => (face_number_text(f.distance), face_number_text(f.threshold)),
            None => ("-".to_string(), "-".to_string()),
        };
        let label = match self.card_data {
            Some(_) => ATTESTATION_LABEL_V2,
            None => ATTESTATION_LABEL,
        };
        let mut lines = vec![
            label,
            &self.kiosk_id,
            self.method.code(),
            &self.request_id,
            &self.challenge,
            &self.certificate_sha256,
            &distance,
            &threshold,
            self.staff_id.as_deref().unwrap_or("-"),
        ];
        if let Some(card_data) = self.card_data {
            lines.push(card_data.code());
        }
        lines.push(&self.signed_at);
        lines.join("\n").into_bytes()
    }
}

/// Lower-case hex SHA-256 of a DER certificate, as [`KioskAttestation::certificate_sha256`].
pub fn certificate_sha256(der: &[u8]) -> String {
    ring::digest::digest(&ring::digest::SHA256, der)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Face or staff-visual confirmation: the certificate, the kiosk's attestation, the consent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttestedConfirmationRequest {
    /// Unique per confirmation; equal to `attestation.request_id`.
    pub request_id: String,
    /// `face` or `staff_visual`; equal to `attestation.method`.
    pub method: Method,
    /// Base64 of the DER auth certificate, read from the card without a PIN.
    pub auth_certificate: String,
    pub attestation: KioskAttestation,
    pub consent: Consent,
    /// 医療機関コード (10 digits), when configured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facility_code: Option<String>,
    /// True when `attestation.challenge` is the kiosk's `offline_challenge(kiosk_id,
    /// request_id, attestation.signed_at)` because the gateway could not be reached.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub offline: bool,
    /// The assurance level the kiosk claims: always `kiosk_attestation` (a PIN-less
    /// confirmation; the gateway refuses any other). Absent from older kiosks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assurance: Option<Assurance>,
}

impl AttestedConfirmationRequest {
    /// The request for a signed attestation (request id and method are taken from it).
    pub fn new(
        attestation: KioskAttestation,
        auth_certificate_der: &[u8],
        consent: Consent,
        facility_code: Option<String>,
        offline: bool,
    ) -> Self {
        use base64::Engine;
        AttestedConfirmationRequest {
            request_id: attestation.request_id.clone(),
            method: attestation.method,
            auth_certificate: base64::engine::general_purpose::STANDARD
                .encode(auth_certificate_der),
            attestation,
            consent,
            facility_code,
            offline,
            assurance: Some(Assurance::KioskAttestation),
        }
    }
}

/// The numbers of an insurance-number query (QualificationConfirmSearchInfo), as typed from the
/// document. Compared exactly: never padded, leading zeros kept, full-width ≠ half-width.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QualificationConfirmSearchInfo {
    /// 保険者番号: 8 digits, 6 for 国保; never padded.
    pub insurer_number: String,
    /// 記号 (may hold kanji or full-width characters); absent when the document has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insured_card_symbol: Option<String>,
    /// 番号, leading zeros kept.
    pub insured_identification_number: String,
    /// 枝番, 2 digits; absent: any branch (the birth date tells family members apart).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insured_branch_number: Option<String>,
    /// `YYYY-MM-DD`.
    pub birthdate: String,
    /// "1": the patient consents to the 限度額 information being given, "0": not.
    #[serde(default = "flag_off")]
    pub limit_application_certificate_related_cons_flg: String,
}

fn flag_off() -> String {
    "0".into()
}

/// Why a [`QualificationConfirmSearchInfo`] is not a valid query.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {rule}")]
pub struct SearchInfoError {
    pub field: &'static str,
    pub rule: &'static str,
}

impl SearchInfoError {
    /// The insurer number has the right shape but not its 検証番号: a typing error, which
    /// staff are told as such.
    pub fn is_check_digit(&self) -> bool {
        self.field == "insurer_number" && self.rule == InsurerNumberError::CheckDigit.rule()
    }
}

impl QualificationConfirmSearchInfo {
    /// Checks the formats (the gateway refuses anything else with `bad_request`).
    pub fn validate(&self) -> Result<(), SearchInfoError> {
        let err = |field, rule| Err(SearchInfoError { field, rule });
        let digits =
            |t: &str, n: &[usize]| n.contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit());
        if let Err(e) = crate::insurer_number::check(&self.insurer_number) {
            return err("insurer_number", e.rule());
        }
        if let Some(symbol) = &self.insured_card_symbol
            && !is_field_text(symbol)
        {
            return err(
                "insured_card_symbol",
                "1 to 20 characters, no spaces at either end, no control characters",
            );
        }
        if !is_field_text(&self.insured_identification_number) {
            return err(
                "insured_identification_number",
                "1 to 20 characters, no spaces at either end, no control characters",
            );
        }
        if let Some(branch) = &self.insured_branch_number
            && !digits(branch, &[2])
        {
            return err("insured_branch_number", "2 digits, e.g. \"01\"");
        }
        if !is_date(&self.birthdate) {
            return err("birthdate", "a date YYYY-MM-DD");
        }
        if !matches!(
            self.limit_application_certificate_related_cons_flg.as_str(),
            "0" | "1"
        ) {
            return err(
                "limit_application_certificate_related_cons_flg",
                "\"0\" or \"1\"",
            );
        }
        Ok(())
    }

    /// The person's numbers in one canonical text (one per line, `-` for an absent item), for
    /// keys such as the kiosk cache's HMAC. The 限度額 flag is not part of it.
    pub fn lookup_text(&self) -> String {
        [
            self.insurer_number.as_str(),
            self.insured_card_symbol.as_deref().unwrap_or("-"),
            &self.insured_identification_number,
            self.insured_branch_number.as_deref().unwrap_or("-"),
            &self.birthdate,
        ]
        .join("\n")
    }

    pub fn limit_consent(&self) -> bool {
        self.limit_application_certificate_related_cons_flg == "1"
    }
}

fn is_field_text(text: &str) -> bool {
    let count = text.chars().count();
    (1..=20).contains(&count)
        && text.trim() == text
        && !text.chars().any(char::is_control)
        && text != "-"
}

fn is_date(text: &str) -> bool {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    text.len() == 10 && time::Date::parse(text, format).is_ok()
}

/// An insurance-number query (照会区分 2). Without a card there is no consent to medication,
/// surgery or health-check information (docs/domain/eligibility.md §3.2): only 限度額, by its flag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InsuranceNumberRequest {
    pub request_id: String,
    /// Always `insurance_number`.
    pub method: Method,
    pub qualification_confirm_search_info: QualificationConfirmSearchInfo,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facility_code: Option<String>,
    /// Set (RFC 3339) when the query was made while the gateway could not be reached and is
    /// sent later from the outbox: the gateway answers it as of that time (at most
    /// `OFFLINE_EVIDENCE_MAX_AGE_SECS` old).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offline_queried_at: Option<String>,
}

impl InsuranceNumberRequest {
    pub fn new(
        request_id: impl Into<String>,
        search: QualificationConfirmSearchInfo,
        facility_code: Option<String>,
    ) -> Self {
        InsuranceNumberRequest {
            request_id: request_id.into(),
            method: Method::InsuranceNumber,
            qualification_confirm_search_info: search,
            facility_code,
            offline_queried_at: None,
        }
    }
}

/// The gateway's answer to any confirmation: the result as for a card confirmation, and how the
/// identity was confirmed. On the wire it is the result's object with a `method` member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmationAnswer {
    #[serde(flatten)]
    pub result: ConfirmationResult,
    pub method: Method,
    /// The assurance level the gateway recorded (`card_signature` for `pin`, else
    /// `kiosk_attestation`); absent from older gateways.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assurance: Option<Assurance>,
    /// For `face` and `staff_visual`: the card-data check the kiosk attested, as recorded;
    /// absent when not applicable or not said (an older kiosk).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_data: Option<CardData>,
}

/// Any request to `POST /v1/confirmations`, as the outbox keeps it. On the wire it is the inner
/// request's object; `method` picks the kind (`pin` → [`GatewayRequest::Card`], `face` and
/// `staff_visual` → [`GatewayRequest::Attested`], `insurance_number` →
/// [`GatewayRequest::InsuranceNumber`]).
#[derive(Debug, Clone, PartialEq)]
pub enum GatewayRequest {
    Card(ConfirmationRequest),
    Attested(AttestedConfirmationRequest),
    InsuranceNumber(InsuranceNumberRequest),
}

impl GatewayRequest {
    pub fn request_id(&self) -> &str {
        match self {
            GatewayRequest::Card(r) => &r.request_id,
            GatewayRequest::Attested(r) => &r.request_id,
            GatewayRequest::InsuranceNumber(r) => &r.request_id,
        }
    }

    pub fn method(&self) -> Method {
        match self {
            GatewayRequest::Card(r) => r.method,
            GatewayRequest::Attested(r) => r.method,
            GatewayRequest::InsuranceNumber(r) => r.method,
        }
    }

    /// When it was signed (card, attestation) or made (number query) while the gateway could
    /// not be reached (RFC 3339); `None` for a request made online.
    pub fn offline_at(&self) -> Option<&str> {
        match self {
            GatewayRequest::Card(r) => r.offline_signed_at.as_deref(),
            GatewayRequest::Attested(r) => r.offline.then_some(r.attestation.signed_at.as_str()),
            GatewayRequest::InsuranceNumber(r) => r.offline_queried_at.as_deref(),
        }
    }

    /// Decodes a request body: `method` first, then the shape that method takes.
    pub fn from_json(body: &[u8]) -> Result<Self, serde_json::Error> {
        let value: serde_json::Value = serde_json::from_slice(body)?;
        Self::from_value(value)
    }

    fn from_value(value: serde_json::Value) -> Result<Self, serde_json::Error> {
        use serde::de::Error;
        let method = value
            .get("method")
            .cloned()
            .ok_or_else(|| serde_json::Error::missing_field("method"))?;
        Ok(match serde_json::from_value::<Method>(method)? {
            Method::Pin => GatewayRequest::Card(serde_json::from_value(value)?),
            Method::Face | Method::StaffVisual => {
                GatewayRequest::Attested(serde_json::from_value(value)?)
            }
            Method::InsuranceNumber => {
                GatewayRequest::InsuranceNumber(serde_json::from_value(value)?)
            }
        })
    }
}

impl Serialize for GatewayRequest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            GatewayRequest::Card(r) => r.serialize(serializer),
            GatewayRequest::Attested(r) => r.serialize(serializer),
            GatewayRequest::InsuranceNumber(r) => r.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for GatewayRequest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        Self::from_value(value).map_err(serde::de::Error::custom)
    }
}

impl From<ConfirmationRequest> for GatewayRequest {
    fn from(r: ConfirmationRequest) -> Self {
        GatewayRequest::Card(r)
    }
}

impl From<AttestedConfirmationRequest> for GatewayRequest {
    fn from(r: AttestedConfirmationRequest) -> Self {
        GatewayRequest::Attested(r)
    }
}

impl From<InsuranceNumberRequest> for GatewayRequest {
    fn from(r: InsuranceNumberRequest) -> Self {
        GatewayRequest::InsuranceNumber(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attestation() -> KioskAttestation {
        KioskAttestation {
            kiosk_id: "k1".into(),
            method: Method::Face,
            request_id: "r1".into(),
            challenge: "Y2hhbGxlbmdl".into(),
            certificate_sha256: certificate_sha256(b"cert"),
            face: Some(FaceVerdict::new(0.421_349, 0.5)),
            staff_id: None,
            card_data: None,
            signed_at: "2026-11-25T10:00:00Z".into(),
            signature: String::new(),
        }
    }

    #[test]
    fn card_data_makes_the_v2_layout_and_is_signed() {
        let mut a = attestation();
        a.card_data = Some(CardData::IssuerVerified);
        let text = String::from_utf8(a.signing_input()).unwrap();
        let lines: Vec<&str> = text.split('\n').collect();
        assert_eq!(lines[0], "myna-kiosk attestation v2");
        assert_eq!(lines[8..], ["-", "issuer_verified", "2026-11-25T10:00:00Z"]);
        let mut not = a.clone();
        not.card_data = Some(CardData::NotVerified);
        assert_ne!(not.signing_input(), a.signing_input());
        // On the wire, and absent (an older kiosk) when not said.
        let json = serde_json::to_value(&a).unwrap();
        assert_eq!(json["card_data"], "issuer_verified");
        let json = serde_json::to_value(attestation()).unwrap();
        assert!(json.get("card_data").is_none());
        let request = AttestedConfirmationRequest::new(a, b"cert", Consent::ALL, None, false);
        let json = serde_json::to_value(&request).unwrap();
        assert_eq!(json["assurance"], "kiosk_attestation");
    }

    #[test]
    fn a_verdict_is_accepted_strictly_under_both_numbers() {
        let v = FaceVerdict::new(0.47, 0.5);
        assert!(v.is_accepted(None), "offline: the kiosk's own");
        assert!(v.is_accepted(Some(0.6)));
        assert!(!v.is_accepted(Some(0.45)), "over the gateway's");
        assert!(!v.is_accepted(Some(0.47)), "equal is not under");
        assert!(!FaceVerdict::new(0.5, 0.5).is_accepted(None));
        // Rounded as signed: 0.499_96 is 0.5, not under 0.5.
        assert!(!FaceVerdict::new(0.499_96, 0.5).is_accepted(None));
    }

    #[test]
    fn the_signing_input_is_the_documented_lines() {
        let a = attestation();
        let text = String::from_utf8(a.signing_input()).unwrap();
        let lines: Vec<&str> = text.split('\n').collect();
        assert_eq!(
            lines,
            [
                "myna-kiosk attestation v1",
                "k1",
                "face",
                "r1",
                "Y2hhbGxlbmdl",
                "06298432e8066b29e2223bcc23aa9504b56ae508fabf3435508869b9c3190e22",
                "0.4213",
                "0.5000",
                "-",
                "2026-11-25T10:00:00Z",
            ]
        );
        let mut staff = a.clone();
        staff.method = Method::StaffVisual;
        staff.face = None;
        staff.staff_id = Some("staff-07".into());
        let text = String::from_utf8(staff.signing_input()).unwrap();
        assert!(text.contains("\nstaff_visual\n"), "{text}");
        assert!(text.contains("\n-\n-\nstaff-07\n"), "{text}");
        // Every signed item changes the input.
        let mut other = a.clone();
        other.face = Some(FaceVerdict::new(0.4214, 0.5));
        assert_ne!(other.signing_input(), a.signing_input());
    }

    #[test]
    fn search_info_rules() {
        let good = QualificationConfirmSearchInfo {
            insurer_number: "138016".into(),
            insured_card_symbol: Some("練馬".into()),
            insured_identification_number: "0012".into(),
            insured_branch_number: Some("01".into()),
            birthdate: "1980-02-17".into(),
            limit_application_certificate_related_cons_flg: "0".into(),
        };
        assert_eq!(good.validate(), Ok(()));
        assert_eq!(good.lookup_text(), "138016\n練馬\n0012\n01\n1980-02-17");
        let bad = |edit: fn(&mut QualificationConfirmSearchInfo)| {
            let mut info = good.clone();
            edit(&mut info);
            info.validate().unwrap_err().field
        };
        assert_eq!(
            bad(|i| i.insurer_number = "0138016".into()),
            "insurer_number"
        );
        assert_eq!(
            bad(|i| i.insurer_number = "1380１6".into()),
            "insurer_number"
        );
        // A slip of one digit: the 検証番号 tells it before anything is sent.
        let mut slip = good.clone();
        slip.insurer_number = "138026".into();
        let error = slip.validate().unwrap_err();
        assert!(error.is_check_digit(), "{error}");
        assert!(error.to_string().contains("検証番号"), "{error}");
        let mut short = good.clone();
        short.insurer_number = "13801".into();
        assert!(!short.validate().unwrap_err().is_check_digit());
        assert_eq!(
            bad(|i| i.insured_identification_number = " 12".into()),
            "insured_identification_number"
        );
        assert_eq!(
            bad(|i| i.insured_card_symbol = Some("a\nb".into())),
            "insured_card_symbol"
        );
        assert_eq!(
            bad(|i| i.insured_branch_number = Some("1".into())),
            "insured_branch_number"
        );
        assert_eq!(bad(|i| i.birthdate = "1980-02-30".into()), "birthdate");
        assert_eq!(
            bad(|i| i.limit_application_certificate_related_cons_flg = "2".into()),
            "limit_application_certificate_related_cons_flg"
        );
    }

    #[test]
    fn requests_round_trip_by_method() {
        let attested =
            AttestedConfirmationRequest::new(attestation(), b"cert", Consent::ALL, None, false);
        let json = serde_json::to_value(GatewayRequest::from(attested.clone())).unwrap();
        assert_eq!(json["method"], "face");
        assert_eq!(json["attestation"]["face"]["distance"], 0.4213);
        assert!(json.get("offline").is_none());
        let back: GatewayRequest = serde_json::from_value(json).unwrap();
        assert_eq!(back, GatewayRequest::Attested(attested));

        let query = InsuranceNumberRequest::new(
            "r2",
            QualificationConfirmSearchInfo {
                insurer_number: "01130012".into(),
                insured_card_symbol: None,
                insured_identification_number: "1234".into(),
                insured_branch_number: None,
                birthdate: "1980-02-17".into(),
                limit_application_certificate_related_cons_flg: "1".into(),
            },
            None,
        );
        let bytes = serde_json::to_vec(&GatewayRequest::from(query.clone())).unwrap();
        let back = GatewayRequest::from_json(&bytes).unwrap();
        assert_eq!(back.method(), Method::InsuranceNumber);
        assert_eq!(back.request_id(), "r2");
        assert_eq!(back, GatewayRequest::InsuranceNumber(query));
        assert!(GatewayRequest::from_json(b"{\"request_id\":\"x\"}").is_err());
        assert!(GatewayRequest::from_json(b"{\"method\":\"face\"}").is_err());
    }
}
