//! Consent and the query: the consent screens, a renewed signature after "more time", and the
//! gateway's answer.

use super::*;
/// Identity confirmed (PIN or face): the consent screen.
pub(super) fn to_consent(card: &CardInfo) -> (State, Vec<Effect>) {
    let not_after = card
        .certificate_not_after
        .map(|t| t.to_offset(grace::JST).date().to_string());
    (
        State::Consent {
            individually: false,
            selection: Consent::default(),
            not_after,
        },
        vec![],
    )
}

/// After the evidence was signed again: the consent screen, or the end of the visit with the
/// timed-out message (nothing is sent to the card again, least of all the PIN).
pub(super) fn after_renew(
    not_after: Option<String>,
    outcome: RenewOutcome,
) -> (State, Vec<Effect>) {
    match outcome {
        RenewOutcome::Renewed => (
            State::Consent {
                individually: false,
                selection: Consent::default(),
                not_after,
            },
            vec![],
        ),
        RenewOutcome::Card(CardProblem::Removed) => (State::Idle, vec![Effect::Forget]),
        RenewOutcome::Failed | RenewOutcome::Card(CardProblem::Unreadable) => (
            State::Notice {
                notice: Notice::TimedOut,
                back_to: None,
            },
            vec![Effect::Forget],
        ),
    }
}

pub(super) fn consent(
    individually: bool,
    mut selection: Consent,
    not_after: Option<String>,
    ui: UiEvent,
) -> (State, Vec<Effect>) {
    match ui {
        UiEvent::ConsentAll => {
            return (
                State::Querying {
                    consent: Consent::ALL,
                    not_after,
                },
                vec![Effect::QueryGateway(Consent::ALL)],
            );
        }
        // "Show none": the same as choosing nothing one by one (限度額 is given all the same).
        UiEvent::ConsentNone if !individually => {
            return (
                State::Querying {
                    consent: Consent::default(),
                    not_after,
                },
                vec![Effect::QueryGateway(Consent::default())],
            );
        }
        UiEvent::ConsentIndividually => {
            return (
                State::Consent {
                    individually: true,
                    selection,
                    not_after,
                },
                vec![],
            );
        }
        UiEvent::ToggleConsent(item) if individually => {
            let value = item.get(&selection);
            item.set(&mut selection, !value);
        }
        UiEvent::SubmitConsent if individually => {
            return (
                State::Querying {
                    consent: selection,
                    not_after,
                },
                vec![Effect::QueryGateway(selection)],
            );
        }
        UiEvent::Back if individually => {
            return (
                State::Consent {
                    individually: false,
                    selection,
                    not_after,
                },
                vec![],
            );
        }
        _ => {}
    }
    (
        State::Consent {
            individually,
            selection,
            not_after,
        },
        vec![],
    )
}

pub(super) fn after_query(
    consent: Consent,
    not_after: Option<String>,
    answer: Result<Answer, GatewayProblem>,
) -> (State, Vec<Effect>) {
    let Answer { result, cached_on } = match answer {
        Ok(answer) => answer,
        Err(GatewayProblem::Unreachable | GatewayProblem::Busy) => {
            return refer(StaffReason::OfflineNoCache);
        }
        Err(GatewayProblem::Refused(ErrorCode::CertificateExpired)) => {
            return refer(StaffReason::CertificateExpired);
        }
        Err(GatewayProblem::Refused(code)) => return refer(StaffReason::GatewayRefused(code)),
        Err(GatewayProblem::CardCheckFailed) => return refer(StaffReason::OfflineCardCheckFailed),
    };
    if !result.is_confirmed() {
        return refer(unsettled(&result));
    }
    if result.results.is_empty() {
        return refer(StaffReason::NoResult);
    }
    let date = || not_after.clone().unwrap_or_default();
    let warnings = result
        .warnings
        .iter()
        .map(|w| match w.code.as_str() {
            "certificate_expiring" => ResultWarning::CertificateExpiring { not_after: date() },
            "certificate_expired_grace" => ResultWarning::CertificateInGrace { not_after: date() },
            _ => ResultWarning::Other(w.message.clone()),
        })
        .collect();
    // The person's name, insurer, copay and 限度額 category stay with staff (the result file,
    // the desk): the patient's screen shows "done" and what the patient must act on.
    let view = ResultView {
        consent,
        warnings,
        provisional_since: cached_on,
        phone: false,
    };
    (
        State::Result {
            view,
            reported: false,
        },
        vec![Effect::Forget],
    )
}
