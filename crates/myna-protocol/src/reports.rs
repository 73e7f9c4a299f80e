//! How kiosks report to the clinic server (issue 19): a **case** when a visit ends with "please
//! see the staff", the kiosk's **health** every few seconds, and the **acknowledgements** staff
//! send back ("on my way", and a case's resolution). Versioned by [`REPORTS_VERSION`]; signed
//! like every other kiosk request (docs/gateway-protocol.md, "Reports").
//!
//! Endpoints:
//! - `POST /v1/cases` ([`CaseReport`]) → [`CaseReceipt`]; idempotent by (kiosk, `case_id`).
//! - `POST /v1/health` ([`HealthReport`]) → [`HealthReceipt`].
//! - `GET /v1/acknowledgements?after=N&wait=S` → [`Acknowledgements`]: a long poll; the kiosk
//!   signs the path with its query (`GET`, empty body), so the gateway never reaches into a
//!   kiosk and a kiosk needs no open port.
//!
//! Nothing personal travels here: a case holds codes and a time, never a name, a number or a
//! card datum; staff see who the patient is at the kiosk or at the counter.

use serde::{Deserialize, Serialize};

pub const PATH_CASES: &str = "/v1/cases";
pub const PATH_HEALTH: &str = "/v1/health";
pub const PATH_ACKNOWLEDGEMENTS: &str = "/v1/acknowledgements";

/// The version of the report messages this build speaks. A gateway refuses a report of a
/// version it does not know (`bad_request`), so a newer kiosk is told rather than misread.
pub const REPORTS_VERSION: u32 = 1;

/// The longest long poll a kiosk asks for; the gateway may answer sooner (it keeps each
/// request within its own request timeout).
pub const MAX_POLL_WAIT_SECS: u64 = 60;

/// Acknowledgements in one answer at most; a full answer means "ask again at once".
pub const MAX_ACKNOWLEDGEMENTS: usize = 100;

/// Why a visit needs staff: the kiosk's staff-case kinds (its `StaffReason` codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseReason {
    /// The patient pressed "call staff".
    PatientCalled,
    UnknownCard,
    CardUnreadable,
    /// The PIN is locked, or the card was issued without one.
    PinLocked,
    CertificateExpired,
    JukiCard,
    FaceUnavailable,
    CardDataUnproven,
    FaceFailed,
    /// QualificationValidity other than "1": `detail` holds the code (OQSCD006).
    Qualification,
    /// Several insured persons matched (複数該当).
    SeveralResults,
    NoResult,
    /// The gateway refused the confirmation: `detail` holds its error code.
    GatewayRefused,
    OfflineNoCache,
    PhoneNotConfirmed,
    OfflineCardCheckFailed,
    /// A queued confirmation was refused on replay: `detail` holds the error code.
    RefusedOnReplay,
    /// The card stayed on the reader after the visit.
    CardLeft,
}

impl CaseReason {
    pub const ALL: &[CaseReason] = &[
        CaseReason::PatientCalled,
        CaseReason::UnknownCard,
        CaseReason::CardUnreadable,
        CaseReason::PinLocked,
        CaseReason::CertificateExpired,
        CaseReason::JukiCard,
        CaseReason::FaceUnavailable,
        CaseReason::CardDataUnproven,
        CaseReason::FaceFailed,
        CaseReason::Qualification,
        CaseReason::SeveralResults,
        CaseReason::NoResult,
        CaseReason::GatewayRefused,
        CaseReason::OfflineNoCache,
        CaseReason::PhoneNotConfirmed,
        CaseReason::OfflineCardCheckFailed,
        CaseReason::RefusedOnReplay,
        CaseReason::CardLeft,
    ];

    /// The JSON name, which is also the kiosk's `StaffReason::code`.
    pub fn code(self) -> &'static str {
        match self {
            CaseReason::PatientCalled => "patient_called",
            CaseReason::UnknownCard => "unknown_card",
            CaseReason::CardUnreadable => "card_unreadable",
            CaseReason::PinLocked => "pin_locked",
            CaseReason::CertificateExpired => "certificate_expired",
            CaseReason::JukiCard => "juki_card",
            CaseReason::FaceUnavailable => "face_unavailable",
            CaseReason::CardDataUnproven => "card_data_unproven",
            CaseReason::FaceFailed => "face_failed",
            CaseReason::Qualification => "qualification",
            CaseReason::SeveralResults => "several_results",
            CaseReason::NoResult => "no_result",
            CaseReason::GatewayRefused => "gateway_refused",
            CaseReason::OfflineNoCache => "offline_no_cache",
            CaseReason::PhoneNotConfirmed => "phone_not_confirmed",
            CaseReason::OfflineCardCheckFailed => "offline_card_check_failed",
            CaseReason::RefusedOnReplay => "refused_on_replay",
            CaseReason::CardLeft => "card_left",
        }
    }

    /// From [`CaseReason::code`].
    pub fn from_code(code: &str) -> Option<Self> {
        CaseReason::ALL.iter().copied().find(|r| r.code() == code)
    }

    /// The next step for staff, as a code: the kiosk's staff text `staff-next-<code>`
    /// (`assets/i18n/<lang>/staff.ftl`), which the console shows the same way. A qualification
    /// case's step depends on its code: `qualification_2` … `qualification_4`, the 複数該当 (5)
    /// like several results, anything else `qualification_other`.
    pub fn next_step(self, detail: Option<&str>) -> String {
        match (self, detail) {
            (CaseReason::Qualification, Some(d @ ("2" | "3" | "4"))) => {
                format!("qualification_{d}")
            }
            (CaseReason::Qualification, Some("5")) => "several_results".into(),
            (CaseReason::Qualification, _) => "qualification_other".into(),
            (other, _) => other.code().into(),
        }
    }
}

/// Body of `POST /v1/cases`: one see-staff ending at a kiosk (the kiosk is the one that signed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseReport {
    /// [`REPORTS_VERSION`].
    pub version: u32,
    /// Unique per kiosk (the kiosk makes 16 random bytes, hex): a case sent again (the outbox
    /// does) is recorded once.
    pub case_id: String,
    /// When the kiosk raised it (RFC 3339).
    pub raised_at: String,
    pub reason: CaseReason,
    /// The qualification code or the gateway's error code, when the reason has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// [`CaseReason::next_step`].
    pub next_step: String,
}

impl CaseReport {
    /// Checks what a gateway must not store blindly: the version, the id's form (1 to 64 of
    /// `A-Z a-z 0-9 - _`), the time (RFC 3339), the detail's size and the next step's form.
    pub fn check(&self) -> Result<(), String> {
        check_version(self.version)?;
        check_token("case_id", &self.case_id, 64)?;
        check_time("raised_at", &self.raised_at)?;
        if let Some(detail) = &self.detail {
            check_token("detail", detail, 64)?;
        }
        check_token("next_step", &self.next_step, 64)
    }
}

/// The answer to a [`CaseReport`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseReceipt {
    pub case_id: String,
    /// `false` when the gateway had this case already (a repeat of an earlier send).
    pub new: bool,
}

/// How the kiosk last fared with the gateway's eligibility requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reachability {
    pub reachable: bool,
    /// When it was last tried (RFC 3339).
    pub at: String,
}

/// Body of `POST /v1/health`: what the kiosk sees of itself now. `None` fields: the kiosk
/// cannot tell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthReport {
    /// [`REPORTS_VERSION`].
    pub version: u32,
    /// When the kiosk made the report (RFC 3339). The gateway's "last seen" is its own clock.
    pub sent_at: String,
    #[serde(default)]
    pub reader_attached: Option<bool>,
    pub card_in_reader: bool,
    /// The gateway as the kiosk's visits saw it; `None` before the first request.
    #[serde(default)]
    pub gateway: Option<Reachability>,
    /// Requests and cases waiting in the kiosk's outbox; `None` without a readable store.
    #[serde(default)]
    pub outbox_backlog: Option<u64>,
    pub face_available: bool,
    /// The kiosk's version (its package version).
    pub kiosk_version: String,
}

impl HealthReport {
    pub fn check(&self) -> Result<(), String> {
        check_version(self.version)?;
        check_time("sent_at", &self.sent_at)?;
        if let Some(gateway) = &self.gateway {
            check_time("gateway.at", &gateway.at)?;
        }
        if self.kiosk_version.is_empty()
            || self.kiosk_version.len() > 64
            || !self.kiosk_version.bytes().all(|b| b.is_ascii_graphic())
        {
            return Err("kiosk_version: 1 to 64 printable ASCII characters".into());
        }
        Ok(())
    }

    /// The same report but for the times: whether anything staff would see has changed.
    pub fn same_state(&self, other: &HealthReport) -> bool {
        let reachable = |h: &HealthReport| h.gateway.as_ref().map(|g| g.reachable);
        self.reader_attached == other.reader_attached
            && self.card_in_reader == other.card_in_reader
            && reachable(self) == reachable(other)
            && self.outbox_backlog == other.outbox_backlog
            && self.face_available == other.face_available
            && self.kiosk_version == other.kiosk_version
    }
}

/// The answer to a [`HealthReport`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthReceipt {
    /// The gateway's time of receipt (RFC 3339): the kiosk's "last seen".
    pub received_at: String,
}

/// How staff closed a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseOutcome {
    /// Staff settled it (confirmed otherwise, documents accepted, the patient helped).
    Handled,
    /// The patient had left before staff came.
    PatientLeft,
    /// Nothing was needed (a call by mistake, a repeat of another case).
    NotNeeded,
}

impl CaseOutcome {
    pub const ALL: &[CaseOutcome] = &[
        CaseOutcome::Handled,
        CaseOutcome::PatientLeft,
        CaseOutcome::NotNeeded,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CaseOutcome::Handled => "handled",
            CaseOutcome::PatientLeft => "patient_left",
            CaseOutcome::NotNeeded => "not_needed",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        CaseOutcome::ALL.iter().copied().find(|o| o.code() == code)
    }
}

/// What staff did about a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AcknowledgementKind {
    /// A member is coming to the kiosk: the kiosk tells the patient.
    OnMyWay,
    /// The case is closed.
    Resolved { outcome: CaseOutcome },
}

/// One acknowledgement addressed to the kiosk that raised the case. The staff member's name
/// stays at the gateway (the kiosk shows patients only that someone is coming).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acknowledgement {
    /// The gateway's event id: increasing; the kiosk asks for those after the last it saw.
    pub event_id: u64,
    pub case_id: String,
    #[serde(flatten)]
    pub kind: AcknowledgementKind,
    /// RFC 3339.
    pub at: String,
}

/// The answer to `GET /v1/acknowledgements`: those after `after`, oldest first, at most
/// [`MAX_ACKNOWLEDGEMENTS`]; `cursor` is the `after` for the next poll.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acknowledgements {
    /// [`REPORTS_VERSION`].
    pub version: u32,
    pub acknowledgements: Vec<Acknowledgement>,
    pub cursor: u64,
}

/// The path and query a kiosk signs and sends for a long poll.
pub fn acknowledgements_path(after: u64, wait_secs: u64) -> String {
    format!(
        "{PATH_ACKNOWLEDGEMENTS}?after={after}&wait={}",
        wait_secs.min(MAX_POLL_WAIT_SECS)
    )
}

/// `(after, wait)` from a long poll's query (`after=N&wait=S`, both optional: 0 and 0); an
/// unknown key or a value that is not a number is an error.
pub fn parse_acknowledgements_query(query: Option<&str>) -> Result<(u64, u64), String> {
    let (mut after, mut wait) = (0, 0);
    for pair in query
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
    {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let number = value
            .parse::<u64>()
            .map_err(|_| format!("{key}: expected a whole number, got {value:?}"))?;
        match key {
            "after" => after = number,
            "wait" => wait = number.min(MAX_POLL_WAIT_SECS),
            other => return Err(format!("unknown query parameter {other:?}")),
        }
    }
    Ok((after, wait))
}

fn check_version(version: u32) -> Result<(), String> {
    if version == 0 || version > REPORTS_VERSION {
        return Err(format!(
            "version {version}: this gateway speaks report version {REPORTS_VERSION}"
        ));
    }
    Ok(())
}

fn check_token(name: &str, text: &str, max: usize) -> Result<(), String> {
    let ok = !text.is_empty()
        && text.len() <= max
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{name}: 1 to {max} characters of A-Z, a-z, 0-9, '-', '_'"
        ))
    }
}

fn check_time(name: &str, text: &str) -> Result<(), String> {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .map(|_| ())
        .map_err(|_| format!("{name}: not an RFC 3339 time"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case() -> CaseReport {
        CaseReport {
            version: REPORTS_VERSION,
            case_id: "0f1e2d3c4b5a69788796a5b4c3d2e1f0".into(),
            raised_at: "2026-12-03T01:02:03.456Z".into(),
            reason: CaseReason::PinLocked,
            detail: None,
            next_step: CaseReason::PinLocked.next_step(None),
        }
    }

    #[test]
    fn a_case_round_trips_with_snake_case_codes() {
        let json = serde_json::to_value(case()).unwrap();
        assert_eq!(json["reason"], "pin_locked");
        assert_eq!(json["next_step"], "pin_locked");
        assert_eq!(json["version"], 1);
        assert!(json.get("detail").is_none(), "absent, not null: {json}");
        assert_eq!(serde_json::from_value::<CaseReport>(json).unwrap(), case());
        assert_eq!(case().check(), Ok(()));
    }

    #[test]
    fn every_reason_code_is_its_json_name_and_reads_back() {
        for reason in CaseReason::ALL {
            assert_eq!(serde_json::to_value(reason).unwrap(), reason.code());
            assert_eq!(CaseReason::from_code(reason.code()), Some(*reason));
        }
        assert_eq!(CaseReason::from_code("teleported"), None);
    }

    #[test]
    fn the_next_step_of_a_qualification_case_follows_its_code() {
        let q = CaseReason::Qualification;
        assert_eq!(q.next_step(Some("2")), "qualification_2");
        assert_eq!(q.next_step(Some("5")), "several_results");
        assert_eq!(q.next_step(Some("9")), "qualification_other");
        assert_eq!(q.next_step(None), "qualification_other");
        assert_eq!(CaseReason::CardLeft.next_step(None), "card_left");
    }

    #[test]
    fn bad_cases_are_refused_with_the_field_named() {
        let bad = [
            (
                CaseReport {
                    version: 2,
                    ..case()
                },
                "version 2",
            ),
            (
                CaseReport {
                    version: 0,
                    ..case()
                },
                "version 0",
            ),
            (
                CaseReport {
                    case_id: "".into(),
                    ..case()
                },
                "case_id",
            ),
            (
                CaseReport {
                    case_id: "a b".into(),
                    ..case()
                },
                "case_id",
            ),
            (
                CaseReport {
                    case_id: "x".repeat(65),
                    ..case()
                },
                "case_id",
            ),
            (
                CaseReport {
                    raised_at: "yesterday".into(),
                    ..case()
                },
                "raised_at",
            ),
            (
                CaseReport {
                    detail: Some("山田".into()),
                    ..case()
                },
                "detail",
            ),
        ];
        for (report, field) in bad {
            let err = report.check().unwrap_err();
            assert!(err.contains(field), "{field}: {err}");
        }
        // An unknown reason does not even parse.
        let mut json = serde_json::to_value(case()).unwrap();
        json["reason"] = "teleported".into();
        assert!(serde_json::from_value::<CaseReport>(json).is_err());
    }

    fn health() -> HealthReport {
        HealthReport {
            version: REPORTS_VERSION,
            sent_at: "2026-12-03T01:02:03Z".into(),
            reader_attached: Some(true),
            card_in_reader: false,
            gateway: Some(Reachability {
                reachable: true,
                at: "2026-12-03T01:02:00Z".into(),
            }),
            outbox_backlog: Some(0),
            face_available: true,
            kiosk_version: "0.19.0".into(),
        }
    }

    #[test]
    fn health_round_trips_and_compares_without_times() {
        let h = health();
        let json = serde_json::to_string(&h).unwrap();
        assert_eq!(serde_json::from_str::<HealthReport>(&json).unwrap(), h);
        assert_eq!(h.check(), Ok(()));
        let later = HealthReport {
            sent_at: "2026-12-03T01:02:08Z".into(),
            gateway: Some(Reachability {
                reachable: true,
                at: "2026-12-03T01:02:07Z".into(),
            }),
            ..health()
        };
        assert!(h.same_state(&later));
        let card = HealthReport {
            card_in_reader: true,
            ..health()
        };
        assert!(!h.same_state(&card));
        let backlog = HealthReport {
            outbox_backlog: Some(3),
            ..health()
        };
        assert!(!h.same_state(&backlog));
        let bad = HealthReport {
            kiosk_version: "".into(),
            ..health()
        };
        assert!(bad.check().unwrap_err().contains("kiosk_version"));
    }

    #[test]
    fn acknowledgements_carry_their_kind_flat() {
        let ack = Acknowledgement {
            event_id: 7,
            case_id: "c1".into(),
            kind: AcknowledgementKind::Resolved {
                outcome: CaseOutcome::PatientLeft,
            },
            at: "2026-12-03T01:02:03Z".into(),
        };
        let json = serde_json::to_value(&ack).unwrap();
        assert_eq!(json["kind"], "resolved");
        assert_eq!(json["outcome"], "patient_left");
        assert_eq!(
            serde_json::from_value::<Acknowledgement>(json).unwrap(),
            ack
        );
        let on_my_way: Acknowledgement = serde_json::from_str(
            r#"{"event_id":8,"case_id":"c1","kind":"on_my_way","at":"2026-12-03T01:02:04Z"}"#,
        )
        .unwrap();
        assert_eq!(on_my_way.kind, AcknowledgementKind::OnMyWay);
        for outcome in CaseOutcome::ALL {
            assert_eq!(CaseOutcome::from_code(outcome.code()), Some(*outcome));
        }
    }

    #[test]
    fn the_poll_query_is_parsed_strictly() {
        assert_eq!(parse_acknowledgements_query(None), Ok((0, 0)));
        assert_eq!(
            parse_acknowledgements_query(Some("after=12&wait=5")),
            Ok((12, 5))
        );
        assert_eq!(
            parse_acknowledgements_query(Some("wait=999")),
            Ok((0, MAX_POLL_WAIT_SECS))
        );
        assert!(parse_acknowledgements_query(Some("after=-1")).is_err());
        assert!(parse_acknowledgements_query(Some("since=1")).is_err());
        assert_eq!(
            acknowledgements_path(3, 25),
            "/v1/acknowledgements?after=3&wait=25"
        );
        let (path, query) = acknowledgements_path(3, 25)
            .split_once('?')
            .map(|(p, q)| (p.to_string(), q.to_string()))
            .unwrap();
        assert_eq!(path, PATH_ACKNOWLEDGEMENTS);
        assert_eq!(parse_acknowledgements_query(Some(&query)), Ok((3, 25)));
    }
}
