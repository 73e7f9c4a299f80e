//! 書類確認 from the console (`/console/documents`): which document the patient shows, the facts
//! staff read off it, and what the rules allow on today's date (Japan) — the kiosk desk's own
//! table ([`myna_protocol::documents`]), so both sides decide alike. No scripts: choosing the
//! document is a link (`?kind=`), which brings the fields that document needs; the facts are
//! a POST (CSRF) that shows the decision and audits it, with codes only, as the kiosk desk
//! records its decisions (never a date or a number from the document).

use std::sync::Arc;

use axum::Form;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use fluent_bundle::FluentArgs;
use serde::{Deserialize, Serialize};
use time::Date;
use time::macros::format_description;

use super::session::SignedIn;
use super::{Console, Page, Request, signed_in_form};
use crate::staff::AuditOutcome;
use myna_protocol::documents::{self, Decision, DocumentFacts, DocumentKind, Fact};
use myna_protocol::text::JST;

#[derive(Debug, Default, Deserialize)]
pub(super) struct DocumentsQuery {
    // `lang` is the page's ([`super::guard::Page`]).
    kind: Option<String>,
}

/// The facts form as the browser sends it.
#[derive(Debug, Default, Deserialize, Serialize)]
pub(super) struct FactsForm {
    #[serde(default, skip_serializing)]
    csrf: Option<String>,
    #[serde(default)]
    kind: String,
    /// `1` card shown; anything else (the form requires a choice) is "no card", as on the
    /// kiosk desk.
    #[serde(default)]
    card_present: Option<String>,
    #[serde(default)]
    document_expiry: String,
    #[serde(default)]
    old_card_valid_until: String,
}

fn kind_of(code: &str) -> Option<DocumentKind> {
    DocumentKind::ALL.into_iter().find(|k| k.code() == code)
}

/// A date field: empty is "none printed"; `YYYY-MM-DD` (what a date input sends) or `YYYYMMDD`.
fn date_field(text: &str) -> Result<Option<Date>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    Date::parse(text, format_description!("[year]-[month]-[day]"))
        .or_else(|_| Date::parse(text, format_description!("[year][month][day]")))
        .map(Some)
        .map_err(|_| ())
}

#[derive(Debug, Serialize)]
struct KindLink {
    code: &'static str,
    name: String,
    current: bool,
}

/// The decision, in the kiosk desk's words: what, the next step, on which basis.
#[derive(Debug, Serialize)]
struct DecisionView {
    code: &'static str,
    /// `accept`, `refuse`, `other` (its colour; the words say it too).
    tone: &'static str,
    text: String,
    step: String,
    basis: String,
    recorded: bool,
}

impl Console {
    /// The page for the document `form` names (none chosen yet when it names none).
    fn documents_view(
        &self,
        status: StatusCode,
        request: &Request,
        signed: (&SignedIn, &str),
        form: &FactsForm,
        error: Option<String>,
        decision: Option<DecisionView>,
    ) -> Response {
        let (lang, texts) = (request.lang, &self.texts);
        let kind = kind_of(&form.kind);
        let kinds: Vec<KindLink> = DocumentKind::ALL
            .into_iter()
            .map(|k| KindLink {
                code: k.code(),
                name: texts.get(lang, &format!("documents-kind-{}", k.code()), None),
                current: Some(k) == kind,
            })
            .collect();
        let asked: Vec<&str> = kind
            .map(|k| k.facts_asked())
            .unwrap_or_default()
            .iter()
            .map(|fact| match (fact, kind) {
                (Fact::CardPresent, _) => "card_present",
                (Fact::DocumentExpiry, Some(DocumentKind::QualificationInfoNotice)) => {
                    "notice_expiry"
                }
                (Fact::DocumentExpiry, _) => "document_expiry",
                (Fact::OldCardValidUntil, _) => "old_card_valid_until",
            })
            .collect();
        let today = self.gateway.now_utc().to_offset(JST).date();
        let mut args = FluentArgs::new();
        args.set("date", today.to_string());
        let own = minijinja::context! {
            kinds => minijinja::Value::from_serialize(&kinds),
            kind => kind.map(DocumentKind::code),
            kind_name => kind.map(|k| texts.get(lang, &format!("documents-kind-{}", k.code()), None)),
            asked => asked,
            form => minijinja::Value::from_serialize(form),
            visit_line => texts.get(lang, "documents-visit-date", Some(&args)),
            error => error,
            decision => decision.map(|d| minijinja::Value::from_serialize(&d)),
        };
        self.page(
            status,
            "documents.html",
            request,
            "documents-title",
            Some(signed),
            own,
        )
    }

    fn decision_view(
        &self,
        request: &Request,
        visit: Date,
        kind: DocumentKind,
        facts: &DocumentFacts,
    ) -> DecisionView {
        let (lang, texts) = (request.lang, &self.texts);
        let decision = documents::decide(visit, kind, facts);
        let code = decision.code();
        let mut args = FluentArgs::new();
        args.set("date", visit.to_string());
        let basis = match documents::rule_in_force(visit, kind, facts) {
            Some(rule) => {
                args.set("basis", rule.basis);
                texts.get(lang, "documents-basis", Some(&args))
            }
            None => texts.get(lang, "documents-no-basis", Some(&args)),
        };
        DecisionView {
            code,
            tone: match decision {
                Decision::Accept | Decision::AcceptIfNumberQueryConfirms => "accept",
                Decision::Refuse(_) => "refuse",
                _ => "other",
            },
            text: texts.get(lang, &format!("documents-decision-{code}"), None),
            step: texts.get(lang, &format!("documents-step-{code}"), None),
            basis,
            recorded: !matches!(decision, Decision::NeedsFact(_)),
        }
    }
}

pub(super) async fn documents_page(
    State(console): State<Arc<Console>>,
    Page(request, member, csrf): Page,
    query: Result<Query<DocumentsQuery>, QueryRejection>,
) -> Response {
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let kind = query.kind.as_deref().and_then(kind_of);
    let form = FactsForm {
        kind: kind.map(|k| k.code().to_string()).unwrap_or_default(),
        ..FactsForm::default()
    };
    console.documents_view(
        StatusCode::OK,
        &request,
        (&member, &csrf),
        &form,
        None,
        None,
    )
}

pub(super) async fn documents_decide(
    State(console): State<Arc<Console>>,
    headers: HeaderMap,
    Form(form): Form<FactsForm>,
) -> Response {
    let request = Request::new(&headers, None, None);
    let (member, csrf) = match signed_in_form(
        &console,
        &request,
        form.csrf.as_deref(),
        "document_decision",
    ) {
        Ok(signed_in) => signed_in,
        Err(response) => return *response,
    };
    let signed = (&member, csrf.as_str());
    // The form again, with what is wrong with it.
    let refuse = |message_id: &str| {
        let error = console.texts.get(request.lang, message_id, None);
        console.documents_view(
            StatusCode::UNPROCESSABLE_ENTITY,
            &request,
            signed,
            &form,
            Some(error),
            None,
        )
    };
    let Some(kind) = kind_of(&form.kind) else {
        return refuse("documents-choose-kind");
    };
    let dates = (
        date_field(&form.document_expiry),
        date_field(&form.old_card_valid_until),
    );
    let (Ok(document_expiry), Ok(old_card_valid_until)) = dates else {
        return refuse("documents-bad-date");
    };
    let facts = DocumentFacts {
        card_present: form.card_present.as_deref() == Some("1"),
        document_expiry,
        old_card_valid_until,
    };
    let visit = console.gateway.now_utc().to_offset(JST).date();
    let view = console.decision_view(&request, visit, kind, &facts);
    if view.recorded {
        // Codes only: no name, number or date from the document.
        let detail = serde_json::json!({ "kind": kind.code(), "decision": view.code });
        if let Err(e) = console.audit(
            Some(&member.name),
            "document_decision",
            AuditOutcome::Ok,
            Some(&detail),
        ) {
            return console.internal(&request, &e);
        }
    }
    console.documents_view(StatusCode::OK, &request, signed, &form, None, Some(view))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_kinds_as_the_form_sends_them() {
        assert_eq!(date_field(" "), Ok(None));
        assert_eq!(
            date_field("2026-03-31"),
            Ok(Some(time::macros::date!(2026 - 03 - 31)))
        );
        assert_eq!(
            date_field("20260331"),
            Ok(Some(time::macros::date!(2026 - 03 - 31)))
        );
        assert_eq!(date_field("2026-02-30"), Err(()));
        for kind in DocumentKind::ALL {
            assert_eq!(kind_of(kind.code()), Some(kind));
        }
        assert_eq!(kind_of("passport"), None);
    }
}
