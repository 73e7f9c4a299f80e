//! Signing in and out: the form, the check of a secret against the member's hash under the
//! lock-out (one at a time), the session cookie.

use super::*;

#[derive(Default)]
struct SignInView {
    notice: Option<String>,
    error: Option<String>,
    name: String,
    /// The page to go back to once signed in (already [`safe_next`]).
    next: Option<String>,
}

impl Console {
    /// The sign-in page on a session not signed in (a new one when the cookie has none).
    fn sign_in_view(&self, status: StatusCode, request: &Request, view: SignInView) -> Response {
        let (new_id, csrf) = match self.sessions.lookup(request.session_id.as_deref()) {
            Ok(Lookup::Active { member: None, csrf }) => (None, csrf),
            Ok(_) => match self.sessions.start(None) {
                Ok((id, csrf)) => (Some(id), csrf),
                Err(e) => return self.internal(request, &e),
            },
            Err(e) => return self.internal(request, &e),
        };
        let own = minijinja::context! {
            csrf => csrf,
            notice => view.notice,
            error => view.error,
            name => view.name,
            next => view.next,
        };
        let response = self.page(status, "sign_in.html", request, "sign-in-title", None, own);
        match new_id {
            Some(id) => with_cookie(response, &session_cookie(&id)),
            None => response,
        }
    }
}

pub(super) async fn sign_in_page(
    State(console): State<Arc<Console>>,
    request: Request,
    query: Result<Query<LangQuery>, QueryRejection>,
) -> Response {
    let query = query.map(|Query(q)| q).unwrap_or_default();
    if let Ok(Lookup::Active {
        member: Some(_), ..
    }) = console.sessions.lookup(request.session_id.as_deref())
    {
        let to = query.next.as_deref().and_then(safe_next);
        let mut response = Redirect::to(to.unwrap_or("/console/confirmations")).into_response();
        remember_language(&mut response, &request);
        return response;
    }
    let notice = match query.notice.as_deref() {
        Some("expired") => Some(console.texts.get(request.lang, "sign-in-expired", None)),
        Some("signed_out") => Some(console.texts.get(request.lang, "sign-in-signed-out", None)),
        _ => None,
    };
    console.sign_in_view(
        StatusCode::OK,
        &request,
        SignInView {
            notice,
            next: query
                .next
                .as_deref()
                .and_then(safe_next)
                .map(str::to_string),
            ..SignInView::default()
        },
    )
}

#[derive(Deserialize)]
pub(super) struct SignInForm {
    #[serde(default)]
    csrf: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    secret: Option<String>,
    #[serde(default)]
    next: Option<String>,
}

pub(super) async fn sign_in(
    State(console): State<Arc<Console>>,
    request: Request,
    Form(form): Form<SignInForm>,
) -> Response {
    // The secret is moved into a buffer that is wiped when dropped.
    let secret = Secret::new(form.secret.unwrap_or_default());
    let back = form.next.as_deref().and_then(safe_next).map(str::to_string);
    let csrf_ok = match console.sessions.lookup(request.session_id.as_deref()) {
        Ok(Lookup::Active { csrf, .. }) => session::csrf_matches(&csrf, form.csrf.as_deref()),
        Ok(_) => false,
        Err(e) => return console.internal(&request, &e),
    };
    if !csrf_ok {
        return console.refuse_csrf(&request, "sign_in");
    }
    let name = form.name.unwrap_or_default().trim().to_string();
    let checked = {
        let console = console.clone();
        let name = name.clone();
        tokio::task::spawn_blocking(move || console.check_sign_in(&name, &secret)).await
    };
    let attempt = match checked {
        Ok(Ok(attempt)) => attempt,
        Ok(Err(e)) => return console.internal(&request, &e),
        Err(e) => return console.internal(&request, &Error::Internal(e.to_string())),
    };
    let error = match attempt {
        (Attempt::Accepted, Some(role)) => {
            if let Some(old) = &request.session_id
                && let Err(e) = console.sessions.end(old)
            {
                return console.internal(&request, &e);
            }
            let member = Member {
                name: name.clone(),
                role,
            };
            return match console.sessions.start(Some(member)) {
                Ok((id, _)) => with_cookie(
                    Redirect::to(back.as_deref().unwrap_or("/console/confirmations"))
                        .into_response(),
                    &session_cookie(&id),
                ),
                Err(e) => console.internal(&request, &e),
            };
        }
        (Attempt::LockedOut { seconds }, _) => {
            let mut args = FluentArgs::new();
            args.set("minutes", seconds.div_ceil(60));
            console
                .texts
                .get(request.lang, "sign-in-locked", Some(&args))
        }
        (Attempt::NeedsAdmin, _) => console.texts.get(request.lang, "sign-in-needs-admin", None),
        _ => console.texts.get(request.lang, "sign-in-wrong", None),
    };
    console.sign_in_view(
        StatusCode::UNAUTHORIZED,
        &request,
        SignInView {
            error: Some(error),
            name,
            next: back,
            ..SignInView::default()
        },
    )
}

impl Console {
    /// Checks a sign-in (PBKDF2: blocking), keeps the lock-out and audits it. The role comes
    /// with an accepted attempt.
    fn check_sign_in(&self, name: &str, secret: &Secret) -> Result<(Attempt, Option<Role>), Error> {
        let _one_at_a_time = self
            .sign_in_gate
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let store = self.gateway.store();
        let now = self.gateway.now_utc();
        let found = if staff::check_name(name).is_ok() {
            store.staff_member(name)?
        } else {
            None
        };
        let Some((member, hash)) = found else {
            // The same work as a wrong secret; the typed name is not kept (it may be a
            // password typed into the wrong field).
            let decoy = match self.decoy_hash.get() {
                Some(decoy) => decoy.clone(),
                None => {
                    let iterations = std::num::NonZeroU32::new(staff::DEFAULT_ITERATIONS)
                        .unwrap_or(std::num::NonZeroU32::MIN);
                    let decoy =
                        staff::hash_secret(&Secret::new("never a member's".into()), iterations)?;
                    self.decoy_hash.get_or_init(|| decoy).clone()
                }
            };
            staff::verify_secret(secret, &decoy)?;
            self.audit(
                None,
                "sign_in",
                AuditOutcome::Failed,
                Some(&serde_json::json!({ "reason": "unknown name" })),
            )?;
            return Ok((Attempt::Wrong, None));
        };
        let mut lock = member.lock;
        if let Some(refused) = self.lock_out.check(&mut lock, now) {
            self.audit(
                Some(name),
                "sign_in",
                AuditOutcome::Locked,
                Some(&serde_json::json!({ "reason": "locked out" })),
            )?;
            return Ok((refused, None));
        }
        let matched = staff::verify_secret(secret, &hash)?;
        let attempt = self.lock_out.record(&mut lock, matched, now);
        store.staff_save_lock(name, &lock)?;
        let (outcome, detail) = match attempt {
            Attempt::Accepted => (AuditOutcome::Ok, None),
            Attempt::Wrong => (
                AuditOutcome::Failed,
                Some(serde_json::json!({ "failures": lock.failures })),
            ),
            Attempt::LockedOut { seconds } => (
                AuditOutcome::Locked,
                Some(serde_json::json!({ "lockout": lock.lockouts, "seconds": seconds })),
            ),
            Attempt::NeedsAdmin => (
                AuditOutcome::Locked,
                Some(serde_json::json!({ "lockout": lock.lockouts, "needs_admin": true })),
            ),
        };
        self.audit(Some(name), "sign_in", outcome, detail.as_ref())?;
        Ok((attempt, matched.then_some(member.role)))
    }
}

#[derive(Deserialize)]
pub(super) struct CsrfForm {
    #[serde(default)]
    csrf: Option<String>,
}

pub(super) async fn sign_out(
    State(console): State<Arc<Console>>,
    request: Request,
    Form(form): Form<CsrfForm>,
) -> Response {
    let member = match console.sessions.lookup(request.session_id.as_deref()) {
        Ok(Lookup::Active { csrf, member })
            if session::csrf_matches(&csrf, form.csrf.as_deref()) =>
        {
            member
        }
        Ok(_) => return console.refuse_csrf(&request, "sign_out"),
        Err(e) => return console.internal(&request, &e),
    };
    if let Some(id) = &request.session_id
        && let Err(e) = console.sessions.end(id)
    {
        return console.internal(&request, &e);
    }
    if let Some(member) = &member
        && let Err(e) = console.audit(Some(&member.name), "sign_out", AuditOutcome::Ok, None)
    {
        return console.internal(&request, &e);
    }
    with_cookie(
        Redirect::to("/console/sign-in?notice=signed_out").into_response(),
        &cleared_session_cookie(),
    )
}
