//! Kiosk enrolment in the console (`/console/kiosks`): the kiosks waiting for approval, with
//! the fingerprint their staff screen shows, and the kiosks registered (by a `kiosks/*.pub`
//! file or here). Every member may look; only an administrator approves or refuses, with a
//! CSRF-checked form that goes back to the page (post/redirect/get). Decisions are audited
//! (`kiosk_enrol_approve`, `kiosk_enrol_refuse`) with the fingerprint, never the key.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::Value;
use serde::{Deserialize, Serialize};

use super::cases::jst;
use super::{Console, ConsoleForm, LangQuery, SignedForm, SignedIn};
use crate::enrolment::Decided;
use crate::staff::{AuditOutcome, Role};
use crate::store::Decision;
use myna_protocol::enrolment::fingerprint;

#[derive(Serialize)]
struct PendingView {
    kiosk: String,
    name: String,
    version: String,
    fingerprint: String,
    first_seen: String,
    last_seen: String,
}

#[derive(Serialize)]
struct RegisteredView {
    kiosk: String,
    fingerprint: String,
    /// `file` or `console` (the row's class).
    source: &'static str,
    source_text: String,
}

pub(super) async fn kiosks_page(
    State(console): State<Arc<Console>>,
    signed: SignedIn,
    query: Result<Query<LangQuery>, QueryRejection>,
) -> Response {
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let (lang, texts) = (signed.request.lang, &console.texts);
    let now = console.gateway.now_utc();
    let pending = match console.gateway.pending_enrolments() {
        Ok(pending) => pending,
        Err(e) => return console.internal(&signed.request, &e),
    };
    let pending: Vec<PendingView> = pending
        .into_iter()
        .map(|p| PendingView {
            fingerprint: fingerprint(&p.public_key),
            first_seen: jst(&p.first_seen, now),
            last_seen: jst(&p.last_seen, now),
            kiosk: p.kiosk_id,
            name: p.display_name,
            version: p.kiosk_version,
        })
        .collect();
    let registered: Vec<RegisteredView> = console
        .gateway
        .registered_kiosks()
        .into_iter()
        .map(|k| RegisteredView {
            kiosk: k.kiosk_id,
            fingerprint: k.fingerprint,
            source: k.source.code(),
            source_text: texts.get(lang, &format!("kiosks-source-{}", k.source.code()), None),
        })
        .collect();
    // Who looked is audited like every other page; it holds no personal data.
    let detail = serde_json::json!({ "pending": pending.len(), "registered": registered.len() });
    if let Err(page) = console.audit_member(&signed, "view_kiosks", AuditOutcome::Ok, &detail) {
        return *page;
    }
    let notice = query
        .notice
        .as_deref()
        .filter(|n| ["approved", "refused", "gone", "registered"].contains(n))
        .map(|n| texts.get(lang, &format!("kiosks-done-{n}"), None));
    let own = minijinja::context! {
        pending => Value::from_serialize(&pending),
        registered => Value::from_serialize(&registered),
        admin => signed.member.role == Role::Admin,
        notice => notice,
    };
    console.member_page(&signed, StatusCode::OK, "kiosks.html", "kiosks-title", own)
}

#[derive(Deserialize)]
pub(super) struct DecisionForm {
    #[serde(default)]
    kiosk: String,
    #[serde(default)]
    fingerprint: String,
    #[serde(default)]
    decision: String,
}

impl DecisionForm {
    fn decision(&self) -> Option<Decision> {
        match self.decision.as_str() {
            "approve" => Some(Decision::Approve),
            "refuse" => Some(Decision::Refuse),
            _ => None,
        }
    }
}

impl ConsoleForm for DecisionForm {
    /// What a decision that is neither is audited as (only a hand-made form sends one).
    const ACTION: &'static str = "kiosk_enrol_refuse";

    fn action(&self) -> &'static str {
        self.decision().map_or(Self::ACTION, Decision::audit_action)
    }
}

/// `POST /console/kiosks`: an administrator approves (`decision=approve`) or refuses
/// (`decision=refuse`) the request of `kiosk` whose `fingerprint` the page showed.
pub(super) async fn kiosks_decide(
    State(console): State<Arc<Console>>,
    SignedForm { signed, form }: SignedForm<DecisionForm>,
) -> Response {
    let (decision, action) = (form.decision(), form.action());
    if signed.member.role != Role::Admin {
        let detail = serde_json::json!({ "kiosk": form.kiosk, "reason": "not an administrator" });
        let refused = AuditOutcome::Refused;
        if let Err(page) = console.audit_member(&signed, action, refused, &detail) {
            return *page;
        }
        return console.message(
            StatusCode::FORBIDDEN,
            &signed.request,
            "refused-title",
            "kiosks-admin-only",
        );
    }
    let Some(decision) = decision else {
        // Only a hand-made form sends another decision.
        return StatusCode::BAD_REQUEST.into_response();
    };
    let now = console.gateway.now_utc();
    let decided = console.gateway.decide_enrolment(
        &form.kiosk,
        &form.fingerprint,
        decision,
        &signed.member.name,
        now,
    );
    let notice = match decided {
        Ok(Decided::Done) if decision == Decision::Approve => "approved",
        Ok(Decided::Done) => "refused",
        Ok(Decided::NotWaiting) => "gone",
        Ok(Decided::AlreadyRegistered) => "registered",
        Err(e) => return console.internal(&signed.request, &e),
    };
    Redirect::to(&format!("/console/kiosks?notice={notice}")).into_response()
}
