//! The kiosk health board (`GET /console/health`): what each kiosk last reported
//! ([`crate::reports::Reports::health_board`]) in staff's words. A kiosk not heard from for
//! `stale_after` is marked with a word as well as red (colour alone does not tell everyone),
//! and a registered kiosk that never reported is listed as such. The page reloads itself
//! (a meta refresh: the console has no scripts).

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use fluent_bundle::FluentArgs;
use serde::Serialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::i18n::{Lang, Texts};
use super::{Console, Page};
use crate::reports::KioskHealth;
use crate::staff::AuditOutcome;
use myna_protocol::text::JST;

/// Seconds between the page's reloads.
pub const REFRESH_SECS: u64 = 5;

/// One kiosk's line, in words.
#[derive(Debug, Serialize)]
struct Line {
    kiosk: String,
    /// `ok`, `stale` or `never` (the row's class).
    state: &'static str,
    state_text: String,
    last_seen: String,
    ago: String,
    reader: String,
    card: String,
    gateway: String,
    /// The kiosk cannot reach the gateway, or its outbox is not empty: worth a look.
    gateway_bad: bool,
    backlog: String,
    backlog_bad: bool,
    face: String,
    version: String,
}

/// "12秒前", "3分前", "2時間前", "4日前".
fn ago(texts: &Texts, lang: Lang, seconds: i64) -> String {
    let seconds = seconds.max(0);
    let (id, count) = match seconds {
        0..60 => ("ago-seconds", seconds),
        60..3600 => ("ago-minutes", seconds / 60),
        3600..86_400 => ("ago-hours", seconds / 3600),
        _ => ("ago-days", seconds / 86_400),
    };
    let mut args = FluentArgs::new();
    args.set("count", count);
    texts.get(lang, id, Some(&args))
}

fn yes_no(texts: &Texts, lang: Lang, value: Option<bool>, yes: &str, no: &str) -> String {
    match value {
        Some(true) => texts.get(lang, yes, None),
        Some(false) => texts.get(lang, no, None),
        None => texts.get(lang, "health-unknown", None),
    }
}

/// The JST time of an RFC 3339 instant: `HH:MM:SS` today, `YYYY-MM-DD HH:MM:SS` on another day.
fn jst_time(at: OffsetDateTime, now: OffsetDateTime) -> String {
    let at = at.to_offset(JST);
    let time = format!("{:02}:{:02}:{:02}", at.hour(), at.minute(), at.second());
    if at.date() == now.to_offset(JST).date() {
        time
    } else {
        format!("{} {time}", at.date())
    }
}

fn line(texts: &Texts, lang: Lang, kiosk: KioskHealth, now: OffsetDateTime) -> Line {
    let seen = OffsetDateTime::parse(&kiosk.last_seen, &Rfc3339).ok();
    let health = &kiosk.health;
    let (state, state_id) = if kiosk.stale {
        ("stale", "health-stale")
    } else {
        ("ok", "health-ok")
    };
    let gateway = match &health.gateway {
        None => texts.get(lang, "health-gateway-not-yet", None),
        Some(g) if g.reachable => texts.get(lang, "health-gateway-reachable", None),
        Some(_) => texts.get(lang, "health-gateway-unreachable", None),
    };
    let backlog = match health.outbox_backlog {
        Some(count) => {
            let mut args = FluentArgs::new();
            args.set("count", count);
            texts.get(lang, "health-backlog", Some(&args))
        }
        None => texts.get(lang, "health-unknown", None),
    };
    Line {
        kiosk: kiosk.kiosk_id,
        state,
        state_text: texts.get(lang, state_id, None),
        last_seen: seen.map_or(kiosk.last_seen.clone(), |at| jst_time(at, now)),
        ago: seen.map_or_else(String::new, |at| {
            ago(texts, lang, (now - at).whole_seconds())
        }),
        reader: yes_no(
            texts,
            lang,
            health.reader_attached,
            "health-reader-yes",
            "health-reader-no",
        ),
        card: yes_no(
            texts,
            lang,
            Some(health.card_in_reader),
            "health-card-yes",
            "health-card-no",
        ),
        gateway_bad: health.gateway.as_ref().is_some_and(|g| !g.reachable),
        gateway,
        backlog_bad: health.outbox_backlog.is_some_and(|n| n > 0),
        backlog,
        face: yes_no(
            texts,
            lang,
            Some(health.face_available),
            "health-face-yes",
            "health-face-no",
        ),
        version: health.kiosk_version.clone(),
    }
}

/// A registered kiosk with no report yet.
fn never(texts: &Texts, lang: Lang, kiosk: String) -> Line {
    let dash = "—".to_string();
    Line {
        kiosk,
        state: "never",
        state_text: texts.get(lang, "health-never", None),
        last_seen: dash.clone(),
        ago: String::new(),
        reader: dash.clone(),
        card: dash.clone(),
        gateway: dash.clone(),
        gateway_bad: false,
        backlog: dash.clone(),
        backlog_bad: false,
        face: dash.clone(),
        version: dash,
    }
}

pub(super) async fn health_page(
    State(console): State<Arc<Console>>,
    Page(request, member, csrf): Page,
) -> Response {
    let now = console.gateway.now_utc();
    let reports = console.gateway.reports();
    let board = match reports.health_board(now) {
        Ok(board) => board,
        Err(e) => return console.internal(&request, &e),
    };
    let (lang, texts) = (request.lang, &console.texts);
    let mut registered = console.gateway.kiosk_ids();
    registered.retain(|id| !board.iter().any(|k| &k.kiosk_id == id));
    let stale = board.iter().filter(|k| k.stale).count();
    let mut lines: Vec<Line> = board
        .into_iter()
        .map(|k| line(texts, lang, k, now))
        .collect();
    lines.extend(registered.into_iter().map(|id| never(texts, lang, id)));
    lines.sort_by(|a, b| a.kiosk.cmp(&b.kiosk));
    // Who looked at the board is audited like every other page; it holds no personal data.
    let detail = serde_json::json!({ "kiosks": lines.len(), "stale": stale });
    if let Err(e) = console.audit(
        Some(&member.name),
        "view_health",
        AuditOutcome::Ok,
        Some(&detail),
    ) {
        return console.internal(&request, &e);
    }
    let mut args = FluentArgs::new();
    args.set("seconds", reports.stale_after().whole_seconds());
    let stale_rule = texts.get(lang, "health-stale-rule", Some(&args));
    let mut args = FluentArgs::new();
    args.set("time", jst_time(now, now));
    let checked_at = texts.get(lang, "health-checked-at", Some(&args));
    let own = minijinja::context! {
        lines => minijinja::Value::from_serialize(&lines),
        refresh => REFRESH_SECS,
        stale_rule => stale_rule,
        checked_at => checked_at,
    };
    console.page(
        StatusCode::OK,
        "health.html",
        &request,
        "health-title",
        Some((&member, &csrf)),
        own,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn how_long_ago_in_both_languages() {
        let texts = Texts::load().unwrap();
        for (seconds, ja, en) in [
            (5, "5秒前", "5 s ago"),
            (-3, "0秒前", "0 s ago"),
            (125, "2分前", "2 min ago"),
            (7300, "2時間前", "2 h ago"),
            (200_000, "2日前", "2 days ago"),
        ] {
            assert_eq!(ago(&texts, Lang::Ja, seconds), ja);
            assert_eq!(ago(&texts, Lang::En, seconds), en);
        }
        let now = datetime!(2026-12-03 01:00 UTC);
        assert_eq!(
            jst_time(datetime!(2026-12-03 00:59:30 UTC), now),
            "09:59:30"
        );
        assert_eq!(
            jst_time(datetime!(2026-12-02 14:00 UTC), now),
            "2026-12-02 23:00:00"
        );
    }
}
