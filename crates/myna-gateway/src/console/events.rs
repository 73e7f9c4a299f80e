//! The case queue's live stream, `GET /console/events`: Server-Sent Events, each with `id:` =
//! the report event's id (`crate::reports`). A page that reconnects sends `Last-Event-ID` (the
//! browser does) and gets everything after it first; a new page gives `?after=` the id its list
//! was read at. The database is the source: a live event (or a second passing) only says
//! "read what is new since the last id sent", so nothing is skipped however the broadcast
//! orders or drops events, and nothing is sent twice. The stream does not keep the session
//! alive, and ends (with a `signed_out` event) when the session does.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tokio::sync::{broadcast, mpsc};

use super::{Console, SignedIn, Watching};
use crate::Error;
use crate::reports::{EventWhat, MAX_EVENTS, ReportEvent};

/// How often the session is checked and the database read for events another process recorded.
const CHECK_EVERY: Duration = Duration::from_secs(1);
/// A comment this often keeps proxies and the browser from thinking the stream dead.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// How soon the browser tries again after the stream broke.
const RETRY: Duration = Duration::from_secs(2);

#[derive(Debug, Default, Deserialize)]
pub(super) struct StreamQuery {
    after: Option<u64>,
}

pub(super) async fn stream(
    State(console): State<Arc<Console>>,
    Watching(SignedIn { request, .. }): Watching,
    headers: HeaderMap,
    query: Result<Query<StreamQuery>, QueryRejection>,
) -> Response {
    let reports = console.gateway.reports();
    // Subscribed before the database is read: nothing recorded in between is missed.
    let live = reports.subscribe();
    let last_event_id = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let after = match last_event_id.or(query.ok().and_then(|Query(q)| q.after)) {
        Some(after) => after,
        None => match reports.last_event_id() {
            Ok(last) => last,
            Err(e) => {
                tracing::error!("console events: {e}");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        },
    };
    let (tx, rx) = mpsc::channel(16);
    tokio::spawn(feed(console, request.session_id, after, live, tx));
    let events = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv()
            .await
            .map(|event| (Ok::<_, Infallible>(event), rx))
    });
    Sse::new(events)
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response()
}

/// Sends what is new until the page goes away or its session ends.
async fn feed(
    console: Arc<Console>,
    session_id: Option<String>,
    mut sent: u64,
    mut live: broadcast::Receiver<ReportEvent>,
    tx: mpsc::Sender<Event>,
) {
    if tx.send(Event::default().retry(RETRY)).await.is_err() {
        return;
    }
    let mut tick = tokio::time::interval(CHECK_EVERY);
    loop {
        match send_since(&console, &mut sent, &tx).await {
            Ok(true) => {}
            Ok(false) => return,
            Err(e) => {
                // The page reconnects (with its last id) and tries again.
                tracing::error!("console events: {e}");
                return;
            }
        }
        tokio::select! {
            received = live.recv() => {
                if let Err(broadcast::error::RecvError::Closed) = received {
                    return;
                }
            }
            _ = tick.tick() => {
                if console.watching(session_id.as_deref()).is_none() {
                    let _ = tx.send(Event::default().event("signed_out").data("{}")).await;
                    return;
                }
            }
            () = tx.closed() => return,
        }
    }
}

/// Sends the recorded events after `sent`, in order; `false` when the page has gone.
async fn send_since(
    console: &Console,
    sent: &mut u64,
    tx: &mpsc::Sender<Event>,
) -> Result<bool, Error> {
    loop {
        let batch = console.gateway.reports().events_since(*sent)?;
        for event in &batch {
            if tx.send(sse_event(event)).await.is_err() {
                return Ok(false);
            }
            *sent = event.id;
        }
        if batch.len() < MAX_EVENTS {
            return Ok(true);
        }
    }
}

/// The event as the page gets it: what happened and where, codes only (the page re-reads the
/// list for the rest).
fn sse_event(event: &ReportEvent) -> Event {
    let mut data = serde_json::json!({
        "kind": event.what.kind(),
        "kiosk": event.kiosk_id,
    });
    if let EventWhat::CaseRaised { case } = &event.what {
        data["reason"] = case.reason.code().into();
    }
    Event::default()
        .id(event.id.to_string())
        .event(event.what.kind())
        .data(data.to_string())
}
