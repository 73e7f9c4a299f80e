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

    /// The action this form, as sent, is audited as when refused: [`Self::ACTION`], unless one
    /// form asks for one of several (the kiosks page's approve or refuse).
    fn action(&self) -> &'static str {
        Self::ACTION
    }
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
            return Err(console.refuse_csrf(&signed.request, form.action()));
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

#[cfg(test)]
mod tests {
    use std::num::NonZeroU32;

    use super::*;
    use crate::Members;

    /// A console on the repository's fixture data and a new database in `dir`.
    fn console_in(dir: &tempfile::TempDir) -> Arc<Console> {
        let data = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures"));
        let (gateway, _) = Gateway::open(
            data,
            &dir.path().join("gateway.db"),
            time::Duration::minutes(1),
        )
        .unwrap();
        let settings = Settings {
            session_idle: Duration::from_secs(600),
            lock_out: LockOut::default(),
        };
        Arc::new(Console::new(Arc::new(gateway), settings).unwrap())
    }

    fn hash() -> String {
        let secret = Secret::new("correct horse battery".into());
        staff::hash_secret(&secret, NonZeroU32::new(1000).unwrap()).unwrap()
    }

    /// What the extractor makes of a page asked for with the session cookie `id`: the member,
    /// or where the browser is sent instead.
    fn page(console: &Arc<Console>, id: &str) -> Result<Member, String> {
        let request = axum::http::Request::get("/console/cases")
            .header(header::COOKIE, format!("{COOKIE}={id}"))
            .body(())
            .unwrap();
        let (mut parts, ()) = request.into_parts();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        match runtime.block_on(SignedIn::from_request_parts(&mut parts, console)) {
            Ok(signed) => Ok(signed.member),
            Err(response) => {
                assert!(response.status().is_redirection(), "{}", response.status());
                let to = response.headers().get(header::LOCATION).unwrap();
                Err(to.to_str().unwrap().to_string())
            }
        }
    }

    fn refused_to_sign_in(answer: Result<Member, String>) {
        let to = answer.expect_err("the session was accepted");
        assert!(to.starts_with("/console/sign-in"), "{to}");
    }

    fn sessions_of(console: &Console, name: &str) -> i64 {
        let conn = console.gateway.store().conn().unwrap();
        conn.query_row(
            "SELECT count(*) FROM console_sessions WHERE member = ?1",
            [name],
            |r| r.get(0),
        )
        .unwrap()
    }

    /// `myna-gateway staff remove` (another process, on the same database) ends the member's
    /// sessions at once: a browser still showing a page is refused at its next request.
    #[test]
    fn a_removed_members_open_session_is_refused_at_the_next_request() {
        let dir = tempfile::tempdir().unwrap();
        let console = console_in(&dir);
        let members = Members::open(&dir.path().join("gateway.db")).unwrap();
        members.set("sato", None, &hash()).unwrap();
        members.set("suzuki", None, &hash()).unwrap();
        let member = |name: &str| Member {
            name: name.into(),
            role: Role::Staff,
        };
        let (sato, _) = console.sessions.start(Some(member("sato"))).unwrap();
        let (other_tab, _) = console.sessions.start(Some(member("sato"))).unwrap();
        let (suzuki, _) = console.sessions.start(Some(member("suzuki"))).unwrap();
        let signed = page(&console, &sato);
        assert_eq!(signed, Ok(member("sato")));

        assert!(members.remove("sato").unwrap());
        assert_eq!(sessions_of(&console, "sato"), 0, "ended at once");
        refused_to_sign_in(page(&console, &sato));
        refused_to_sign_in(page(&console, &other_tab));
        assert!(
            console.watching(Some(&other_tab)).is_none(),
            "the queue's stream"
        );
        // Another member's session carries on.
        assert_eq!(page(&console, &suzuki), Ok(member("suzuki")));
        let audit: i64 = console
            .gateway
            .store()
            .conn()
            .unwrap()
            .query_row(
                "SELECT json_extract(detail_json, '$.sessions') FROM staff_audit
                 WHERE member = 'sato' AND action = 'session_ended' AND outcome = 'refused'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(audit, 2);
    }

    /// A new role (or secret) from the command line ends the sessions opened with the old one;
    /// a session whose role no longer matches (a database from before) is refused as well.
    #[test]
    fn a_changed_role_leaves_no_session_with_the_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let console = console_in(&dir);
        let members = Members::open(&dir.path().join("gateway.db")).unwrap();
        members.set("sato", None, &hash()).unwrap();
        let staff = Member {
            name: "sato".into(),
            role: Role::Staff,
        };
        let (id, _) = console.sessions.start(Some(staff.clone())).unwrap();
        members.set("sato", Some(Role::Admin), &hash()).unwrap();
        assert_eq!(sessions_of(&console, "sato"), 0);
        refused_to_sign_in(page(&console, &id));

        // A stale role left in a session row is caught at the next request too.
        let (id, _) = console.sessions.start(Some(staff)).unwrap();
        refused_to_sign_in(page(&console, &id));
        let admin = Member {
            name: "sato".into(),
            role: Role::Admin,
        };
        let (id, _) = console.sessions.start(Some(admin.clone())).unwrap();
        assert_eq!(page(&console, &id), Ok(admin.clone()));
        // Unlocking changes no role: the session carries on.
        assert!(members.unlock("sato").unwrap());
        assert_eq!(page(&console, &id), Ok(admin.clone()));
    }
}
