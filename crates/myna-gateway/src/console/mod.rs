//! The staff console in the browser, served by the gateway under `/console/` (issue 19): sign-in
//! and sign-out of the members `myna-gateway staff` manages ([`crate::staff`]), today's
//! confirmations across kiosks, the live case queue ([`cases`]), the kiosk health board
//! ([`health`]), the number query ([`numbers`]), the documents check ([`documents`]) and kiosk
//! enrolment ([`kiosks`]).
//! Server-rendered HTML; the only JavaScript keeps the queue live (the page works without it);
//! Japanese first, English second ([`i18n`]); sessions and CSRF tokens in [`session`]; every
//! sign-in and action audited in `staff_audit`.
//!
//! Templates: `minijinja`, rendered at run time from text embedded in the binary: no proc-macro
//! or build step (askama's derive would add one to every build of the gateway), `.html`
//! templates autoescaped, and one well-kept dependency with no others of its own.

mod cases;
mod chime;
mod confirmations;
mod confirmations_page;
mod documents;
mod events;
mod guard;
mod health;
mod i18n;
mod kiosks;
mod numbers;
mod session;
mod sign_in;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{DefaultBodyLimit, FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, middleware};
use fluent_bundle::FluentArgs;
use minijinja::{Environment, Value};
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::service::Gateway;
use crate::staff::{self, Attempt, AuditOutcome, LockOut, Role, Secret};
use guard::{ConsoleForm, SignedForm, SignedIn, Watching};
use i18n::{Lang, Texts};
use session::{COOKIE, Lookup, Member, Sessions};

const LANG_COOKIE: &str = "myna_console_lang";
/// Forms are a few fields; anything bigger is refused unread.
const MAX_FORM_BYTES: usize = 8 * 1024;
const CSS: &str = include_str!("console.css");

/// How the console runs (from `Limits`).
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub session_idle: Duration,
    pub lock_out: LockOut,
}

pub struct Console {
    gateway: Arc<Gateway>,
    sessions: Sessions,
    texts: Texts,
    templates: Environment<'static>,
    lock_out: LockOut,
    /// A hash to check an unknown name's secret against, so that a wrong name takes as long
    /// as a wrong secret and does not tell which names exist (made at the first such try).
    decoy_hash: std::sync::OnceLock<String>,
    /// One sign-in check at a time: the lock-out is read, checked and written back as one
    /// step (parallel tries cannot all count as the same failure), and at most one PBKDF2 runs
    /// for sign-ins, however many are sent.
    sign_in_gate: std::sync::Mutex<()>,
}

impl Console {
    pub fn new(gateway: Arc<Gateway>, settings: Settings) -> Result<Self, Error> {
        let mut templates = Environment::new();
        for (name, source) in [
            ("base.html", include_str!("templates/base.html")),
            ("sign_in.html", include_str!("templates/sign_in.html")),
            (
                "confirmations.html",
                include_str!("templates/confirmations.html"),
            ),
            ("message.html", include_str!("templates/message.html")),
            ("cases.html", include_str!("templates/cases.html")),
            ("cases_list.html", include_str!("templates/cases_list.html")),
            ("health.html", include_str!("templates/health.html")),
            ("numbers.html", include_str!("templates/numbers.html")),
            ("documents.html", include_str!("templates/documents.html")),
            ("kiosks.html", include_str!("templates/kiosks.html")),
        ] {
            templates
                .add_template(name, source)
                .map_err(|e| Error::Internal(format!("console template {name}: {e}")))?;
        }
        let (store, clock) = gateway.store_and_clock();
        let sessions = Sessions::new(store, clock, settings.session_idle);
        Ok(Console {
            gateway,
            sessions,
            texts: Texts::load()?,
            templates,
            lock_out: settings.lock_out,
            decoy_hash: std::sync::OnceLock::new(),
            sign_in_gate: std::sync::Mutex::new(()),
        })
    }

    fn audit(
        &self,
        member: Option<&str>,
        action: &str,
        outcome: AuditOutcome,
        detail: Option<&serde_json::Value>,
    ) -> Result<(), Error> {
        self.gateway
            .store()
            .staff_audit(self.gateway.now_utc(), member, action, outcome, detail)
    }
}

/// The console's routes, each under `/console`.
pub fn router(console: Arc<Console>) -> Router {
    Router::new()
        .route("/console", get(home))
        .route("/console/", get(home))
        .route(
            "/console/sign-in",
            get(sign_in::sign_in_page).post(sign_in::sign_in),
        )
        .route("/console/sign-out", post(sign_in::sign_out))
        .route(
            "/console/confirmations",
            get(confirmations_page::confirmations_page),
        )
        .route("/console/health", get(health::health_page))
        .route(
            "/console/numbers",
            get(numbers::numbers_page).post(numbers::numbers_query),
        )
        .route(
            "/console/documents",
            get(documents::documents_page).post(documents::documents_decide),
        )
        .route(
            "/console/kiosks",
            get(kiosks::kiosks_page).post(kiosks::kiosks_decide),
        )
        .route("/console/static/console.css", get(css))
        .merge(cases::routes())
        .layer(DefaultBodyLimit::max(MAX_FORM_BYTES))
        .layer(middleware::from_fn(back_after_sign_in))
        .layer(middleware::map_response(security_headers))
        .with_state(console)
}

/// Every console answer: no caching (personal data), no framing, no referrer; scripts, the event
/// stream and the chime only from the console itself, and no inline script.
async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    for (name, value) in [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; script-src 'self'; connect-src 'self'; media-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// A page asked for without a live session is sent to sign-in with `next=` (the page, query
/// included), so that signing in again goes back to it. Done here, for every page at once,
/// because only the request knows its path.
async fn back_after_sign_in(request: axum::extract::Request, next: middleware::Next) -> Response {
    let page = (request.method() == axum::http::Method::GET)
        .then(|| {
            request
                .uri()
                .path_and_query()
                .map(|p| p.as_str().to_string())
        })
        .flatten()
        .filter(|page| safe_next(page).is_some());
    let mut response = next.run(request).await;
    let Some(page) = page else {
        return response;
    };
    let location = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .filter(|l| response.status().is_redirection() && l.starts_with("/console/sign-in"))
        .map(|l| {
            let joiner = if l.contains('?') { '&' } else { '?' };
            // Percent-encoded but for `/` and the unreserved characters (the page is ASCII).
            let next: String = page
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                        char::from(b).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect();
            format!("{l}{joiner}next={next}")
        });
    if let Some(value) = location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// `next` if it is a console page to go back to after sign-in: a path under `/console/` (never
/// an absolute or scheme-relative URL: no open redirect), not the sign-in page itself, in plain
/// printable ASCII without `\\`, `//` or `..` (which a browser might read otherwise).
fn safe_next(next: &str) -> Option<&str> {
    let path = next.split('?').next().unwrap_or("");
    (next.starts_with("/console/")
        && path != "/console/"
        && !path.starts_with("/console/sign-")
        && !path.starts_with("/console/static/")
        && next.bytes().all(|b| b.is_ascii_graphic())
        && !next.contains('\\')
        && !next.contains("//")
        && !next.contains(".."))
    .then_some(next)
}

async fn css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "private, max-age=3600"),
        ],
        CSS,
    )
        .into_response()
}

/// A page's notice after a form (post/redirect/get), and the sign-in page's `next=`.
#[derive(Debug, Default, Deserialize)]
struct LangQuery {
    notice: Option<String>,
    /// The sign-in page's: where to go once signed in ([`safe_next`]).
    next: Option<String>,
}

/// `?lang=` on any page: the language switch.
#[derive(Deserialize)]
struct LangParam {
    lang: Option<String>,
}

/// What a request brings: its session cookie, its language (an extractor that never fails).
struct Request {
    session_id: Option<String>,
    lang: Lang,
    /// The switch asked for a language: remember it in a cookie.
    chosen: Option<Lang>,
    /// The query without `lang=`, for the switch's links.
    query_rest: String,
}

impl<S: Send + Sync> FromRequestParts<S> for Request {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let headers = &parts.headers;
        let cookies = headers
            .get(header::COOKIE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let chosen = Query::<LangParam>::try_from_uri(&parts.uri)
            .ok()
            .and_then(|Query(q)| q.lang)
            .and_then(|tag| Lang::from_tag(&tag));
        let lang = chosen
            .or_else(|| session::cookie(cookies, LANG_COOKIE).and_then(Lang::from_tag))
            .or_else(|| {
                headers
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .and_then(Lang::from_accept_language)
            })
            .unwrap_or(Lang::Ja);
        let query_rest = parts
            .uri
            .query()
            .unwrap_or("")
            .split('&')
            .filter(|p| !p.is_empty() && !p.starts_with("lang=") && !p.starts_with("notice="))
            .collect::<Vec<_>>()
            .join("&");
        Ok(Request {
            session_id: session::cookie(cookies, COOKIE).map(str::to_string),
            lang,
            chosen,
            query_rest,
        })
    }
}

#[derive(Serialize)]
struct LangLink {
    tag: &'static str,
    name: &'static str,
    href: String,
    current: bool,
}

fn session_cookie(id: &str) -> String {
    format!("{COOKIE}={id}; Path=/console; HttpOnly; Secure; SameSite=Strict")
}

fn cleared_session_cookie() -> String {
    format!("{COOKIE}=; Path=/console; HttpOnly; Secure; SameSite=Strict; Max-Age=0")
}

impl Console {
    /// A page: the base context (language, texts, switch, who is signed in) and the page's own.
    fn page(
        &self,
        status: StatusCode,
        template: &str,
        request: &Request,
        title_id: &str,
        signed_in: Option<(&Member, &str)>,
        own: Value,
    ) -> Response {
        let lang = request.lang;
        let langs: Vec<LangLink> = Lang::ALL
            .iter()
            .map(|&l| LangLink {
                tag: l.tag(),
                name: l.own_name(),
                href: if request.query_rest.is_empty() {
                    format!("?lang={}", l.tag())
                } else {
                    format!("?{}&lang={}", request.query_rest, l.tag())
                },
                current: l == lang,
            })
            .collect();
        let (member_line, csrf) = match signed_in {
            Some((member, csrf)) => {
                let mut args = FluentArgs::new();
                args.set("name", member.name.clone());
                let role_id = match member.role {
                    Role::Staff => "role-staff",
                    Role::Admin => "role-admin",
                };
                args.set("role", self.texts.get(lang, role_id, None));
                (
                    Some(self.texts.get(lang, "signed-in-as", Some(&args))),
                    Some(csrf.to_string()),
                )
            }
            None => (None, None),
        };
        let base = minijinja::context! {
            lang => lang.tag(),
            t => Value::from_serialize(self.texts.all(lang)),
            langs => Value::from_serialize(&langs),
            title => self.texts.get(lang, title_id, None),
            member_line => member_line,
        };
        // Left wins: the session's CSRF token for the sign-out form, the page's own values, then
        // the base (the sign-in page brings its own `csrf`).
        let context = match csrf {
            Some(csrf) => {
                minijinja::context! { ..minijinja::context! { csrf => csrf }, ..own, ..base }
            }
            None => minijinja::context! { ..own, ..base },
        };
        let rendered = self
            .templates
            .get_template(template)
            .and_then(|t| t.render(context));
        let mut response = match rendered {
            Ok(html) => (
                status,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                html,
            )
                .into_response(),
            Err(e) => {
                tracing::error!("console template {template}: {e}");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                    "internal error; see the gateway log",
                )
                    .into_response()
            }
        };
        remember_language(&mut response, request);
        response
    }

    /// A signed-in member's page: the member line and the session's CSRF token with it.
    fn member_page(
        &self,
        signed: &SignedIn,
        status: StatusCode,
        template: &str,
        title_id: &str,
        own: Value,
    ) -> Response {
        let member = Some((&signed.member, signed.csrf.as_str()));
        self.page(status, template, &signed.request, title_id, member, own)
    }

    /// Audits what the signed-in member did (codes only, as `detail`); the error page instead
    /// when the audit cannot be written, as nothing may happen unaudited.
    fn audit_member(
        &self,
        signed: &SignedIn,
        action: &str,
        outcome: AuditOutcome,
        detail: &serde_json::Value,
    ) -> Result<(), Box<Response>> {
        self.audit(Some(&signed.member.name), action, outcome, Some(detail))
            .map_err(|e| Box::new(self.internal(&signed.request, &e)))
    }

    /// The refusal or error page.
    fn message(
        &self,
        status: StatusCode,
        request: &Request,
        title_id: &str,
        message_id: &str,
    ) -> Response {
        let own = minijinja::context! {
            message => self.texts.get(request.lang, message_id, None),
        };
        self.page(status, "message.html", request, title_id, None, own)
    }

    fn internal(&self, request: &Request, error: &Error) -> Response {
        tracing::error!("console: {error}");
        self.message(
            StatusCode::INTERNAL_SERVER_ERROR,
            request,
            "error-title",
            "error-internal",
        )
    }

    /// A POST whose CSRF token is missing or wrong (or whose session is unknown or over).
    fn refuse_csrf(&self, request: &Request, action: &str) -> Response {
        tracing::info!(action, "console: refused a form without a valid CSRF token");
        if let Err(e) = self.audit(
            None,
            action,
            AuditOutcome::Refused,
            Some(&serde_json::json!({ "reason": "csrf" })),
        ) {
            return self.internal(request, &e);
        }
        self.message(
            StatusCode::FORBIDDEN,
            request,
            "refused-title",
            "refused-csrf",
        )
    }
}

fn remember_language(response: &mut Response, request: &Request) {
    if let Some(lang) = request.chosen
        && let Ok(value) = HeaderValue::from_str(&format!(
            "{LANG_COOKIE}={}; Path=/console; HttpOnly; Secure; SameSite=Strict; Max-Age=31536000",
            lang.tag()
        ))
    {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}

fn with_cookie(mut response: Response, cookie: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

async fn home(State(console): State<Arc<Console>>, request: Request) -> Response {
    match console.sessions.lookup(request.session_id.as_deref()) {
        Ok(Lookup::Active {
            member: Some(_), ..
        }) => Redirect::to("/console/confirmations").into_response(),
        Ok(_) => Redirect::to("/console/sign-in").into_response(),
        Err(e) => console.internal(&request, &e),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_is_only_a_console_page() {
        for good in [
            "/console/cases",
            "/console/confirmations?date=2026-01-05&kiosk=k1",
            "/console/health?lang=en",
        ] {
            assert_eq!(safe_next(good), Some(good), "{good}");
        }
        for bad in [
            "https://evil.example/console/cases",
            "//evil.example/console/",
            "/console//evil.example",
            "/console/\\evil.example",
            "/console/../admin",
            "/console/sign-in",
            "/console/sign-out",
            "/console/",
            "/consoles",
            "/console/cases\r\nSet-Cookie: x",
            "/console/ca ses",
            "javascript:alert(1)",
            "",
        ] {
            assert_eq!(safe_next(bad), None, "{bad:?}");
        }
    }
}
