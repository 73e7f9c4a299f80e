//! Who may see a page or send a form, as extractors: [`SignedIn`] (a member who still is one,
//! on a page), [`Watching`] (the same, for what a page fetches by itself) and [`SignedForm`] (a
//! form from such a member, with the session's CSRF token). A handler that takes one of them
//! cannot forget the check.

use axum::extract::FromRequest;

use super::*;

/// A signed-in member who still is one, with the session's CSRF token (for the page's forms)
/// and the request's language. Without one the answer is sign-in (saying so when the session
/// ran out; [`back_after_sign_in`] adds `next=` for a page), keeping a language just chosen.
pub(super) struct SignedIn {
    pub member: Member,
    pub csrf: String,
    pub request: Request,
}

impl FromRequestParts<Arc<Console>> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        console: &Arc<Console>,
    ) -> Result<Self, Response> {
        let Ok(request) = Request::from_request_parts(parts, console).await;
        let refused = match console.sessions.lookup(request.session_id.as_deref()) {
            Ok(Lookup::Active {
                member: Some(member),
                csrf,
            }) => match console.still_member(&member) {
                Ok(true) => {
                    return Ok(SignedIn {
                        member,
                        csrf,
                        request,
                    });
                }
                // Removed, given another role or locked out since signing in (`myna-gateway
                // staff` is another process): the session is over at its next page.
                Ok(false) => console
                    .audit(
                        Some(&member.name),
                        "session_ended",
                        AuditOutcome::Refused,
                        Some(&serde_json::json!({ "reason": "member removed, changed or locked" })),
                    )
                    .map(|()| sign_in_again("/console/sign-in")),
                Err(e) => Err(e),
            },
            Ok(Lookup::Expired {
                member: Some(member),
            }) => {
                let idle = console.sessions.idle().as_secs();
                console
                    .audit(
                        Some(&member.name),
                        "session_expired",
                        AuditOutcome::Ok,
                        Some(&serde_json::json!({ "idle_seconds": idle })),
                    )
                    .map(|()| sign_in_again("/console/sign-in?notice=expired"))
            }
            Ok(_) => Ok(Redirect::to("/console/sign-in").into_response()),
            Err(e) => Err(e),
        };
        let mut response = refused.unwrap_or_else(|e| console.internal(&request, &e));
        remember_language(&mut response, &request);
        Err(response)
    }
}

/// To sign-in at `to`, the session's cookie cleared.
fn sign_in_again(to: &str) -> Response {
    with_cookie(Redirect::to(to).into_response(), &cleared_session_cookie())
}

/// [`SignedIn`] for what the case queue fetches by itself (its list, its event stream): the
/// session is only looked at, not touched, so that an unattended console still signs itself
/// out ([`session::Sessions::peek`]); without one the answer is 401, which the page's script
/// reports (an `EventSource` stops on it instead of retrying).
pub(super) struct Watching(pub SignedIn);

impl FromRequestParts<Arc<Console>> for Watching {
    type Rejection = StatusCode;

    async fn from_request_parts(
        parts: &mut Parts,
        console: &Arc<Console>,
    ) -> Result<Self, StatusCode> {
        let Ok(request) = Request::from_request_parts(parts, console).await;
        let (member, csrf) = console
            .watching(request.session_id.as_deref())
            .ok_or(StatusCode::UNAUTHORIZED)?;
        Ok(Watching(SignedIn {
            member,
            csrf,
            request,
        }))
    }
}

/// A console form: the action its refusal is audited as. Its CSRF token comes in the field
/// `csrf`, which [`SignedForm`] takes out.
pub(super) trait ConsoleForm: serde::de::DeserializeOwned + Send {
    const ACTION: &'static str;
}

#[derive(Deserialize)]
#[serde(bound = "F: ConsoleForm")]
struct WithCsrf<F> {
    csrf: Option<String>,
    #[serde(flatten)]
    form: F,
}

/// A form sent by a [`SignedIn`] member with the session's own CSRF token. The session is
/// checked first (an expired one goes back to sign-in saying so, and nothing is audited for a
/// post without any session); a wrong or missing token is refused with 403 and audited.
pub(super) struct SignedForm<F> {
    pub signed: SignedIn,
    pub form: F,
}

impl<F: ConsoleForm> FromRequest<Arc<Console>> for SignedForm<F> {
    type Rejection = Response;

    async fn from_request(
        request: axum::extract::Request,
        console: &Arc<Console>,
    ) -> Result<Self, Response> {
        let (mut parts, body) = request.into_parts();
        let signed = SignedIn::from_request_parts(&mut parts, console).await?;
        let request = axum::extract::Request::from_parts(parts, body);
        let Form(WithCsrf { csrf, form }) = Form::<WithCsrf<F>>::from_request(request, console)
            .await
            .map_err(IntoResponse::into_response)?;
        if !session::csrf_matches(&signed.csrf, csrf.as_deref()) {
            return Err(console.refuse_csrf(&signed.request, F::ACTION));
        }
        Ok(SignedForm { signed, form })
    }
}

impl Console {
    /// Whether a signed-in member is still one, with the same role, and not locked out.
    pub(super) fn still_member(&self, member: &Member) -> Result<bool, Error> {
        let now = self.gateway.now_utc();
        Ok(match self.gateway.store().staff_member(&member.name)? {
            Some((current, _)) => {
                current.role == member.role
                    && !current.lock.needs_admin
                    && current.lock.locked_until.is_none_or(|until| until <= now)
            }
            None => false,
        })
    }

    /// The member of a live, signed-in session and its CSRF token, without touching it;
    /// `None` once it is over or the member was removed, changed or locked out.
    pub(super) fn watching(&self, session_id: Option<&str>) -> Option<(Member, String)> {
        match self.sessions.peek(session_id) {
            Ok(Lookup::Active {
                member: Some(member),
                csrf,
            }) => match self.still_member(&member) {
                Ok(true) => Some((member, csrf)),
                Ok(false) => None,
                Err(e) => {
                    tracing::error!("console: {e}");
                    None
                }
            },
            _ => None,
        }
    }
}
