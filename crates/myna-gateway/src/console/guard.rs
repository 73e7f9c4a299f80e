//! Who may see a page or send a form: a signed-in member who still is one, with the session's
//! CSRF token for forms.

use super::*;

impl Console {
    /// Whether a signed-in member is still one, with the same role, and not locked out.
    pub(super) fn still_member(&self, member: &SignedIn) -> Result<bool, Error> {
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
}

/// The signed-in member and the session's CSRF token, or the answer to give instead: back to
/// sign-in (saying so when the session ran out).
pub(super) fn signed_in(
    console: &Console,
    request: &Request,
) -> Result<(SignedIn, String), Box<Response>> {
    match console.sessions.lookup(request.session_id.as_deref()) {
        Ok(Lookup::Active {
            member: Some(member),
            csrf,
        }) => {
            // Removed, given another role or locked out since signing in (`myna-gateway staff`
            // is another process): the session is over at its next page.
            match console.still_member(&member) {
                Ok(true) => Ok((member, csrf)),
                Ok(false) => {
                    if let Err(e) = console.audit(
                        Some(&member.name),
                        "session_ended",
                        AuditOutcome::Refused,
                        Some(&serde_json::json!({ "reason": "member removed, changed or locked" })),
                    ) {
                        return Err(Box::new(console.internal(request, &e)));
                    }
                    Err(Box::new(with_cookie(
                        Redirect::to("/console/sign-in").into_response(),
                        &cleared_session_cookie(),
                    )))
                }
                Err(e) => Err(Box::new(console.internal(request, &e))),
            }
        }
        Ok(Lookup::Expired {
            member: Some(member),
        }) => {
            if let Err(e) = console.audit(
                Some(&member.name),
                "session_expired",
                AuditOutcome::Ok,
                Some(&serde_json::json!({ "idle_seconds": console.sessions.idle().as_secs() })),
            ) {
                return Err(Box::new(console.internal(request, &e)));
            }
            Err(Box::new(with_cookie(
                Redirect::to("/console/sign-in?notice=expired").into_response(),
                &cleared_session_cookie(),
            )))
        }
        Ok(_) => Err(Box::new(Redirect::to("/console/sign-in").into_response())),
        Err(e) => Err(Box::new(console.internal(request, &e))),
    }
}

/// [`signed_in`] for a page (GET): the answer given instead keeps a language just chosen.
fn signed_in_page(
    console: &Console,
    request: &Request,
) -> Result<(SignedIn, String), Box<Response>> {
    signed_in(console, request).map_err(|mut response| {
        remember_language(&mut response, request);
        response
    })
}

/// A page (GET) asked for by a signed-in member: the request, the member and the session's
/// CSRF token. Extracting it answers for the page when there is none ([`signed_in_page`]), so a
/// page handler starts with what it shows.
pub(super) struct Page(pub Request, pub SignedIn, pub String);

impl axum::extract::FromRequestParts<Arc<Console>> for Page {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        console: &Arc<Console>,
    ) -> Result<Self, Response> {
        // A query that does not parse is a page without `?lang=`, as before.
        let lang = Query::<LangQuery>::try_from_uri(&parts.uri)
            .ok()
            .and_then(|Query(q)| q.lang);
        let request = Request::new(&parts.headers, lang.as_deref(), parts.uri.query());
        let (member, csrf) = signed_in_page(console, &request).map_err(|response| *response)?;
        Ok(Page(request, member, csrf))
    }
}

/// [`signed_in`] for a form's POST: first the session's CSRF token must be the one `sent`
/// (else the form is refused, and audited as `action`).
pub(super) fn signed_in_form(
    console: &Console,
    request: &Request,
    sent: Option<&str>,
    action: &str,
) -> Result<(SignedIn, String), Box<Response>> {
    let csrf_ok = match console.sessions.lookup(request.session_id.as_deref()) {
        Ok(Lookup::Active {
            csrf,
            member: Some(_),
        }) => session::csrf_matches(&csrf, sent),
        Ok(_) => false,
        Err(e) => return Err(Box::new(console.internal(request, &e))),
    };
    if !csrf_ok {
        return Err(Box::new(console.refuse_csrf(request, action)));
    }
    signed_in(console, request)
}
