//! The live case queue (issue 19): every kiosk's open "please see the staff" cases, newest
//! first, with "on my way" (向かいます) and "resolve", each audited in `staff_audit` and sent back
//! to the kiosk through [`crate::reports::Reports`]. The page works without JavaScript (reload
//! it); `cases.js` keeps it live from the event stream ([`super::events`]) and rings
//! ([`super::chime`]) once staff have enabled sound.

use std::sync::Arc;

use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use fluent_bundle::FluentArgs;
use minijinja::Value;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::i18n::{Lang, Texts};
use super::{Console, ConsoleForm, LangQuery, SignedForm, SignedIn, Watching};
use crate::Error;
use crate::reports::KioskCase;
use crate::staff::AuditOutcome;
use myna_protocol::reports::{CaseOutcome, CaseReason};
use myna_protocol::text::JST;

const SCRIPT: &str = include_str!("cases.js");

pub(super) fn routes() -> Router<Arc<Console>> {
    Router::new()
        .route("/console/cases", get(page))
        .route("/console/cases/list", get(list))
        .route("/console/cases/on-my-way", post(on_my_way))
        .route("/console/cases/resolve", post(resolve))
        .route("/console/events", get(super::events::stream))
        .route("/console/static/cases.js", get(script))
        .route("/console/static/chime.wav", get(super::chime::serve))
}

async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "private, max-age=3600"),
        ],
        SCRIPT,
    )
        .into_response()
}

/// One case as the queue shows it.
#[derive(Serialize)]
struct CaseView {
    kiosk: String,
    case_id: String,
    time: String,
    reason: String,
    next_step: String,
    patient_call: bool,
    /// "Sato is on the way (10:02)", when someone is.
    on_way: Option<String>,
}

#[derive(Serialize)]
struct OutcomeView {
    code: &'static str,
    label: String,
}

/// An RFC 3339 time as staff read it: `HH:MM:SS` in Japan, with `MM/DD` before it when it is
/// not today there.
pub(super) fn jst(at: &str, now: OffsetDateTime) -> String {
    match OffsetDateTime::parse(at, &Rfc3339) {
        Ok(t) => {
            let t = t.to_offset(JST);
            let clock = format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second());
            if t.date() == now.to_offset(JST).date() {
                clock
            } else {
                format!("{:02}/{:02} {clock}", u8::from(t.month()), t.day())
            }
        }
        Err(_) => at.to_string(),
    }
}

/// The kiosk desk's own texts for a case's reason and next step (the code when one is missing).
fn reason_text(texts: &Texts, lang: Lang, case: &KioskCase) -> String {
    let mut args = FluentArgs::new();
    let detail = case.detail.clone().unwrap_or_default();
    if case.reason == CaseReason::Qualification {
        let meaning = format!("validity-{detail}");
        let meaning = if texts.all(lang).contains_key(&meaning) {
            texts.get(lang, &meaning, None)
        } else {
            texts.get(lang, "validity-other", None)
        };
        args.set("meaning", meaning);
    }
    args.set("code", detail);
    let id = format!("staff-reason-{}", case.reason.code());
    texts
        .staff(lang, &id, Some(&args))
        .unwrap_or_else(|| case.reason.code().to_string())
}

fn next_step_text(texts: &Texts, lang: Lang, step: &str) -> String {
    // `qualification_N` is the kiosk's `staff-step-qualification-N`, the rest `staff-next-…`.
    let id = match step.strip_prefix("qualification_") {
        Some(n) => format!("staff-step-qualification-{n}"),
        None => format!("staff-next-{step}"),
    };
    texts
        .staff(lang, &id, None)
        .unwrap_or_else(|| step.to_string())
}

impl Console {
    /// The list part of the page (the whole page includes it; `cases.js` fetches it alone).
    fn list_context(&self, lang: Lang, csrf: &str) -> Result<Value, Error> {
        let now = self.gateway.now_utc();
        let texts = &self.texts;
        let mut open = self.gateway.reports().open_cases()?;
        // Oldest first from the store: the newest goes on top.
        open.reverse();
        let cases: Vec<CaseView> = open
            .iter()
            .map(|case| CaseView {
                kiosk: case.kiosk_id.clone(),
                case_id: case.case_id.clone(),
                time: jst(&case.raised_at, now),
                reason: reason_text(texts, lang, case),
                next_step: next_step_text(texts, lang, &case.next_step),
                patient_call: case.reason == CaseReason::PatientCalled,
                on_way: case.acknowledged_by.as_ref().map(|name| {
                    let mut args = FluentArgs::new();
                    args.set("name", name.clone());
                    let at = case.acknowledged_at.as_deref().unwrap_or_default();
                    args.set("time", jst(at, now));
                    texts.get(lang, "cases-on-way", Some(&args))
                }),
            })
            .collect();
        let mut calls: Vec<String> = cases
            .iter()
            .filter(|c| c.patient_call)
            .map(|c| c.kiosk.clone())
            .collect();
        calls.sort();
        calls.dedup();
        let outcomes: Vec<OutcomeView> = CaseOutcome::ALL
            .iter()
            .map(|o| OutcomeView {
                code: o.code(),
                label: texts.get(lang, &format!("outcome-{}", o.code()), None),
            })
            .collect();
        let mut args = FluentArgs::new();
        args.set("count", cases.len());
        Ok(minijinja::context! {
            count_line => texts.get(lang, "cases-count", Some(&args)),
            cases => Value::from_serialize(&cases),
            calls => calls,
            outcomes => Value::from_serialize(&outcomes),
            csrf => csrf,
        })
    }
}

async fn page(
    State(console): State<Arc<Console>>,
    signed: SignedIn,
    query: Result<Query<LangQuery>, QueryRejection>,
) -> Response {
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let lang = signed.request.lang;
    // The stream starts after the last event before the list is read: whatever happens
    // between the two is in the list or comes down the stream (a repeat only re-reads the list).
    let reports = console.gateway.reports();
    let listed = reports
        .last_event_id()
        .and_then(|last| Ok((last, console.list_context(lang, &signed.csrf)?)));
    let (last_event_id, list) = match listed {
        Ok(listed) => listed,
        Err(e) => return console.internal(&signed.request, &e),
    };
    let notice = match query.notice.as_deref() {
        Some("on_my_way") => Some(console.texts.get(lang, "cases-done-on-my-way", None)),
        Some("resolved") => Some(console.texts.get(lang, "cases-done-resolved", None)),
        Some("gone") => Some(console.texts.get(lang, "cases-gone", None)),
        _ => None,
    };
    let own = minijinja::context! {
        last_event_id => last_event_id,
        notice => notice,
        ..list
    };
    console.member_page(&signed, StatusCode::OK, "cases.html", "cases-title", own)
}

/// The list part alone, for `cases.js`. It does not count as staff activity (the session's idle
/// time goes on), and a session that is over gets 401 (the script then says so).
async fn list(
    State(console): State<Arc<Console>>,
    Watching(SignedIn { csrf, request, .. }): Watching,
) -> Response {
    let rendered = console.list_context(request.lang, &csrf).and_then(|list| {
        let context = minijinja::context! {
            t => Value::from_serialize(console.texts.all(request.lang)),
            ..list
        };
        console
            .templates
            .get_template("cases_list.html")
            .and_then(|t| t.render(context))
            .map_err(|e| Error::Internal(format!("console template cases_list.html: {e}")))
    });
    match rendered {
        Ok(html) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
        Err(e) => {
            tracing::error!("console: {e}");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[derive(Deserialize)]
struct CaseForm {
    #[serde(default)]
    kiosk: String,
    #[serde(default)]
    case: String,
    #[serde(default)]
    outcome: Option<String>,
}

/// "On my way" (向かいます) and "resolve": the same fields, audited as two actions.
#[derive(Deserialize)]
#[serde(transparent)]
struct OnMyWayForm(CaseForm);

#[derive(Deserialize)]
#[serde(transparent)]
struct ResolveForm(CaseForm);

impl ConsoleForm for OnMyWayForm {
    const ACTION: &'static str = "case_on_my_way";
}

impl ConsoleForm for ResolveForm {
    const ACTION: &'static str = "case_resolve";
}

/// What a case form asks for.
enum Action {
    OnMyWay,
    Resolve(CaseOutcome),
}

async fn on_my_way(
    State(console): State<Arc<Console>>,
    SignedForm { signed, form }: SignedForm<OnMyWayForm>,
) -> Response {
    act(
        &console,
        &signed,
        &form.0,
        OnMyWayForm::ACTION,
        Some(Action::OnMyWay),
    )
}

async fn resolve(
    State(console): State<Arc<Console>>,
    SignedForm { signed, form }: SignedForm<ResolveForm>,
) -> Response {
    let outcome = form.0.outcome.as_deref().and_then(CaseOutcome::from_code);
    let action = outcome.map(Action::Resolve);
    act(&console, &signed, &form.0, ResolveForm::ACTION, action)
}

/// Records the action (and so sends it to the kiosk), audits it as `audit_name`, and goes back
/// to the queue (post/redirect/get).
fn act(
    console: &Console,
    signed: &SignedIn,
    form: &CaseForm,
    audit_name: &str,
    action: Option<Action>,
) -> Response {
    let Some(action) = action else {
        // Only a hand-made form sends an outcome the list does not offer.
        return StatusCode::BAD_REQUEST.into_response();
    };
    let (reports, name) = (console.gateway.reports(), &signed.member.name);
    let now = console.gateway.now_utc();
    let recorded = match &action {
        Action::OnMyWay => reports.acknowledge(&form.kiosk, &form.case, name, now),
        Action::Resolve(outcome) => reports.resolve(&form.kiosk, &form.case, *outcome, name, now),
    };
    let mut detail = serde_json::json!({ "kiosk": form.kiosk, "case": form.case });
    if let Action::Resolve(outcome) = &action {
        detail["outcome"] = outcome.code().into();
    }
    let (outcome, notice) = match &recorded {
        Ok(event) => {
            detail["event"] = event.id.into();
            let notice = match action {
                Action::OnMyWay => "on_my_way",
                Action::Resolve(_) => "resolved",
            };
            (AuditOutcome::Ok, notice)
        }
        // Resolved by someone else meanwhile, or no such case: said on the page.
        Err(Error::Refused { message, .. }) => {
            detail["reason"] = message.clone().into();
            (AuditOutcome::Failed, "gone")
        }
        Err(e) => return console.internal(&signed.request, e),
    };
    if let Err(page) = console.audit_member(signed, audit_name, outcome, &detail) {
        return *page;
    }
    Redirect::to(&format!("/console/cases?notice={notice}")).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn times_are_shown_in_japan_with_the_day_when_not_today() {
        let now = datetime!(2026-12-03 01:00 UTC);
        assert_eq!(jst("2026-12-03T00:02:03Z", now), "09:02:03");
        assert_eq!(jst("2026-12-02T14:59:00Z", now), "12/02 23:59:00");
        assert_eq!(jst("not a time", now), "not a time");
    }

    #[test]
    fn reasons_and_next_steps_are_the_kiosk_desks_texts() {
        let texts = Texts::load().unwrap();
        let case = |reason: CaseReason, detail: Option<&str>| KioskCase {
            kiosk_id: "k1".into(),
            case_id: "c1".into(),
            reason,
            detail: detail.map(str::to_string),
            next_step: reason.next_step(detail),
            raised_at: String::new(),
            received_at: String::new(),
            acknowledged_at: None,
            acknowledged_by: None,
            resolved_at: None,
            resolved_by: None,
            outcome: None,
        };
        let called = case(CaseReason::PatientCalled, None);
        assert_eq!(
            reason_text(&texts, Lang::Ja, &called),
            "患者さんがスタッフを呼びました。"
        );
        assert_eq!(
            next_step_text(&texts, Lang::Ja, &called.next_step),
            "カウンターで用件を伺ってください。"
        );
        let lost = case(CaseReason::Qualification, Some("2"));
        assert_eq!(
            reason_text(&texts, Lang::Ja, &lost),
            "資格が有効ではありません（資格有効性2：無効）。"
        );
        assert!(next_step_text(&texts, Lang::En, &lost.next_step).starts_with("Eligibility lost"));
        // Every reason and step has a text in both languages.
        for reason in CaseReason::ALL {
            for lang in Lang::ALL {
                let c = case(*reason, Some("3"));
                assert_ne!(reason_text(&texts, lang, &c), reason.code(), "{reason:?}");
                assert_ne!(
                    next_step_text(&texts, lang, &c.next_step),
                    c.next_step,
                    "{reason:?}"
                );
            }
        }
    }
}
