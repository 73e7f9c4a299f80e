//! 番号で照会 from the console (`/console/numbers`): the numbers staff type from a document, read
//! exactly as the kiosk desk reads them ([`myna_protocol::number_form`]: trimming, the birth
//! date's two forms, the insurer number's 検証番号) and answered by the gateway from its own
//! data, as a kiosk's `insurance_number` request is ([`crate::service::Gateway`]). A 記号 in
//! kanji or kana typed with the PC's IME is kept as typed.
//!
//! Every POST is audited with codes only, as the kiosk desk audits its queries: whether the
//! patient consents to 限度額 information, which field was refused, the answer's validity code.
//! The numbers, the birth date and the person never reach the audit.

use std::sync::Arc;

use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use fluent_bundle::FluentArgs;
use ring::rand::{SecureRandom, SystemRandom};
use serde::{Deserialize, Serialize};
use zeroize::Zeroize;

use super::i18n::{Lang, Texts};
use super::session::SignedIn;
use super::{Console, Page, Request, signed_in_form};
use crate::Error;
use crate::staff::AuditOutcome;
use myna_protocol::number_form::{self, TypedNumbers};
use myna_protocol::protocol::ConfirmationResult;
use myna_protocol::requests::SearchInfoError;

/// The form as the browser sends it (and as it is shown again).
#[derive(Debug, Default, Deserialize, Serialize)]
pub(super) struct NumbersForm {
    #[serde(default, skip_serializing)]
    csrf: Option<String>,
    #[serde(default)]
    insurer_number: String,
    #[serde(default)]
    insured_card_symbol: String,
    #[serde(default)]
    insured_identification_number: String,
    #[serde(default)]
    insured_branch_number: String,
    #[serde(default)]
    birthdate: String,
    /// `1`: the patient consents to 限度額 information being given.
    #[serde(default)]
    limit_consent: Option<String>,
}

impl Drop for NumbersForm {
    /// Personal data: wiped from memory once the page is rendered.
    fn drop(&mut self) {
        for field in self.texts_mut() {
            field.zeroize();
        }
    }
}

impl NumbersForm {
    fn texts_mut(&mut self) -> [&mut String; 5] {
        [
            &mut self.insurer_number,
            &mut self.insured_card_symbol,
            &mut self.insured_identification_number,
            &mut self.insured_branch_number,
            &mut self.birthdate,
        ]
    }

    fn limit_consent(&self) -> bool {
        self.limit_consent.as_deref() == Some("1")
    }

    /// Each field as a field keeps it on the kiosk desk (at most 20 characters).
    fn kept(&mut self) {
        for field in self.texts_mut() {
            let kept = number_form::keep(field);
            field.zeroize();
            *field = kept;
        }
    }

    fn typed(&self) -> TypedNumbers<'_> {
        TypedNumbers {
            insurer_number: &self.insurer_number,
            insured_card_symbol: &self.insured_card_symbol,
            insured_identification_number: &self.insured_identification_number,
            insured_branch_number: &self.insured_branch_number,
            birthdate: &self.birthdate,
            limit_consent: self.limit_consent(),
        }
    }
}

/// One person of the answer, as the kiosk desk shows them.
#[derive(Debug, Serialize)]
struct PersonView {
    name: String,
    name_kana: String,
    details: String,
    loss: Option<String>,
    limit: Option<String>,
}

/// The answer: its validity in words, whether it confirms, the persons.
#[derive(Debug, Serialize)]
struct AnswerView {
    confirmed: bool,
    validity: String,
    persons: Vec<PersonView>,
}

/// The message for a form that is not a query: the check digit said as a typing error, any
/// other field named with its rule (the kiosk desk's wording).
fn form_error(texts: &Texts, lang: Lang, error: &SearchInfoError) -> String {
    if error.is_check_digit() {
        return texts.get(lang, "numbers-check-digit", None);
    }
    let mut args = FluentArgs::new();
    args.set(
        "field",
        texts.get(lang, &format!("numbers-{}", error.field), None),
    );
    args.set(
        "hint",
        texts.get(lang, &format!("numbers-hint-{}", error.field), None),
    );
    texts.get(lang, "numbers-invalid", Some(&args))
}

/// "ア（70歳未満）": the 限度額 category in words, never its code alone.
fn limit_label(texts: &Texts, lang: Lang, code: &str) -> String {
    let id = format!("limit-{code}");
    if texts.all(lang).contains_key(&id) {
        texts.get(lang, &id, None)
    } else {
        let mut args = FluentArgs::new();
        args.set("code", code.to_string());
        texts.get(lang, "limit-unknown", Some(&args))
    }
}

fn answer_view(texts: &Texts, lang: Lang, result: &ConfirmationResult) -> AnswerView {
    let validity = if result.processing_result_status != "1" {
        texts.get(lang, "numbers-answer-error", None)
    } else {
        match result.qualification_validity.as_str() {
            "1" if result.results.len() == 1 => texts.get(lang, "numbers-answer-valid", None),
            code @ ("2" | "3" | "4" | "5") => texts.get(lang, &format!("validity-{code}"), None),
            _ => texts.get(lang, "validity-other", None),
        }
    };
    let persons = result
        .results
        .iter()
        .map(|p| {
            let mut args = FluentArgs::new();
            args.set("birth", p.birthdate.clone());
            args.set("insurer", p.insurer_name.clone());
            args.set("numbers", p.numbers_line());
            args.set("ratio", p.copay_wari());
            let details = texts.get(lang, "numbers-person", Some(&args));
            let loss = p.disqualification_date.as_ref().map(|date| {
                let mut args = FluentArgs::new();
                args.set("date", date.clone());
                texts.get(lang, "numbers-loss", Some(&args))
            });
            let limit = p
                .limit_application_certificate_related_info
                .as_ref()
                .map(|l| {
                    let mut args = FluentArgs::new();
                    let code = &l.limit_application_certificate_classification_flag;
                    args.set("label", limit_label(texts, lang, code));
                    texts.get(lang, "numbers-limit", Some(&args))
                });
            PersonView {
                name: p.name.clone(),
                name_kana: p.name_kana.clone(),
                details,
                loss,
                limit,
            }
        })
        .collect();
    AnswerView {
        confirmed: result.is_confirmed(),
        validity,
        persons,
    }
}

/// A request id of our own: `console-` and 128 random bits in hex.
fn request_id() -> Result<String, Error> {
    let mut bytes = [0u8; 16];
    SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| Error::Internal("no randomness for a request id".into()))?;
    Ok(format!(
        "console-{}",
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    ))
}

impl Console {
    fn numbers_view(
        &self,
        status: StatusCode,
        request: &Request,
        signed: (&SignedIn, &str),
        form: &NumbersForm,
        error: Option<String>,
        answer: Option<AnswerView>,
    ) -> Response {
        let own = minijinja::context! {
            form => minijinja::Value::from_serialize(form),
            limit_consent => form.limit_consent(),
            error => error,
            answer => answer.map(|a| minijinja::Value::from_serialize(&a)),
        };
        self.page(
            status,
            "numbers.html",
            request,
            "numbers-title",
            Some(signed),
            own,
        )
    }

    /// Runs a checked query (blocking: SQLite) and audits it with its outcome code.
    fn query_numbers(
        &self,
        member: &SignedIn,
        search: myna_protocol::requests::QualificationConfirmSearchInfo,
    ) -> Result<Result<ConfirmationResult, String>, Error> {
        let limit_consent = search.limit_consent();
        let now = self.gateway.now_utc();
        let source = format!("console:{}", member.name);
        let answered = self
            .gateway
            .query_numbers_at_console(&source, &request_id()?, search, now);
        let (result, outcome) = match answered {
            Ok(answer) => {
                let code = format!("validity_{}", answer.result.qualification_validity);
                (Ok(answer.result), code)
            }
            Err(Error::Refused { code, message }) => {
                tracing::info!("console number query refused: {message}");
                let code = serde_json::to_value(code)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                (Err(code), "refused".to_string())
            }
            Err(e) => return Err(e),
        };
        let detail = serde_json::json!({ "limit_consent": limit_consent, "outcome": outcome });
        self.audit(
            Some(&member.name),
            "number_query",
            AuditOutcome::Ok,
            Some(&detail),
        )?;
        Ok(result)
    }
}

pub(super) async fn numbers_page(
    State(console): State<Arc<Console>>,
    Page(request, member, csrf): Page,
) -> Response {
    console.numbers_view(
        StatusCode::OK,
        &request,
        (&member, &csrf),
        &NumbersForm::default(),
        None,
        None,
    )
}

pub(super) async fn numbers_query(
    State(console): State<Arc<Console>>,
    headers: HeaderMap,
    Form(mut form): Form<NumbersForm>,
) -> Response {
    let request = Request::new(&headers, None, None);
    let (member, csrf) =
        match signed_in_form(&console, &request, form.csrf.as_deref(), "number_query") {
            Ok(signed_in) => signed_in,
            Err(response) => return *response,
        };
    form.kept();
    let lang = request.lang;
    let search = match form.typed().search_info() {
        Ok(search) => search,
        Err(error) => {
            // Nothing sent; the field named, never its text.
            let detail = serde_json::json!({ "reason": "invalid", "field": error.field });
            if let Err(e) = console.audit(
                Some(&member.name),
                "number_query",
                AuditOutcome::Refused,
                Some(&detail),
            ) {
                return console.internal(&request, &e);
            }
            let message = form_error(&console.texts, lang, &error);
            return console.numbers_view(
                StatusCode::UNPROCESSABLE_ENTITY,
                &request,
                (&member, &csrf),
                &form,
                Some(message),
                None,
            );
        }
    };
    let answered = {
        let console = console.clone();
        let member = member.clone();
        tokio::task::spawn_blocking(move || console.query_numbers(&member, search)).await
    };
    let (error, answer) = match answered {
        Ok(Ok(Ok(result))) => (None, Some(answer_view(&console.texts, lang, &result))),
        Ok(Ok(Err(code))) => {
            let mut args = FluentArgs::new();
            args.set("code", code);
            let text = console.texts.get(lang, "numbers-refused", Some(&args));
            (Some(text), None)
        }
        Ok(Err(e)) => return console.internal(&request, &e),
        Err(e) => return console.internal(&request, &Error::Internal(e.to_string())),
    };
    console.numbers_view(
        StatusCode::OK,
        &request,
        (&member, &csrf),
        &form,
        error,
        answer,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_errors_name_the_field_in_the_chosen_language() {
        let texts = Texts::load().unwrap();
        let typed = |insurer: &'static str, branch: &'static str| TypedNumbers {
            insurer_number: insurer,
            insured_card_symbol: "記号",
            insured_identification_number: "1234",
            insured_branch_number: branch,
            birthdate: "1980-02-17",
            limit_consent: false,
        };
        let check = typed("01130013", "").search_info().unwrap_err();
        assert!(form_error(&texts, Lang::Ja, &check).contains("検証番号"));
        assert!(form_error(&texts, Lang::En, &check).contains("check digit"));
        let branch = typed("01130012", "1").search_info().unwrap_err();
        assert_eq!(
            form_error(&texts, Lang::Ja, &branch),
            "「枝番」の入力を確認してください：2桁（例 01）"
        );
        assert_eq!(limit_label(&texts, Lang::Ja, "A01"), "ア（70歳未満）");
        assert!(limit_label(&texts, Lang::En, "Z9").contains("Z9"));
        assert!(request_id().unwrap().starts_with("console-"));
    }
}
