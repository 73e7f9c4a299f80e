//! Today's confirmations across kiosks (the page; the filter is [`super::confirmations`]).

use super::confirmations::{Filter, FilterForm};
use super::*;

#[derive(Deserialize)]
pub(super) struct ConfirmationsQuery {
    // `lang` is the page's ([`Page`]).
    #[serde(flatten)]
    filter: FilterForm,
}

#[derive(Serialize)]
struct RowView {
    time: String,
    kiosk: String,
    method: String,
    assurance: String,
    validity: String,
    validity_code: String,
    persons: Vec<confirmations::Person>,
}

pub(super) async fn confirmations_page(
    State(console): State<Arc<Console>>,
    Page(request, member, csrf): Page,
    query: Result<Query<ConfirmationsQuery>, QueryRejection>,
) -> Response {
    let query = query.ok().map(|Query(q)| q);
    let now = console.gateway.now_utc();
    let form = query.map(|q| q.filter).unwrap_or_default();
    let lang = request.lang;
    let (filter, error) = match Filter::parse(&form, now) {
        Ok(filter) => (filter, None),
        Err(why) => (
            Filter::today(now),
            Some(console.texts.get(lang, why.message_id(), None)),
        ),
    };
    let store = console.gateway.store();
    let found = confirmations::query(store, &filter).and_then(|(rows, truncated)| {
        let kiosks = confirmations::kiosks(store, console.gateway.kiosk_ids())?;
        Ok((rows, truncated, kiosks))
    });
    let (rows, truncated, kiosks) = match found {
        Ok(found) => found,
        Err(e) => return console.internal(&request, &e),
    };
    let (start, end) = filter.instants();
    let detail = serde_json::json!({
        "from": myna_protocol::device_key::format_time(start),
        "to": myna_protocol::device_key::format_time(end),
        "kiosk": filter.kiosk,
        "rows": rows.len(),
    });
    if let Err(e) = console.audit(
        Some(&member.name),
        "view_confirmations",
        AuditOutcome::Ok,
        Some(&detail),
    ) {
        return console.internal(&request, &e);
    }
    let texts = &console.texts;
    let label = |prefix: &str, code: &str| {
        let id = format!("{prefix}-{code}");
        if texts.all(lang).contains_key(&id) {
            texts.get(lang, &id, None)
        } else {
            code.to_string()
        }
    };
    let views: Vec<RowView> = rows
        .into_iter()
        .map(|row| RowView {
            method: label("method", &row.method),
            assurance: label("assurance", &row.assurance),
            validity: match row.validity.as_str() {
                "1" | "2" | "3" | "4" | "5" | "6" => label("validity", &row.validity),
                _ => texts.get(lang, "validity-other", None),
            },
            validity_code: row.validity,
            time: row.time,
            kiosk: row.kiosk,
            persons: row.persons,
        })
        .collect();
    let mut args = FluentArgs::new();
    args.set("count", views.len());
    let count_line = texts.get(lang, "confirmations-count", Some(&args));
    let truncated_line = truncated.then(|| {
        let mut args = FluentArgs::new();
        args.set("count", confirmations::MAX_ROWS);
        texts.get(lang, "confirmations-truncated", Some(&args))
    });
    let (date, from, to) = filter.fields();
    let own = minijinja::context! {
        rows => Value::from_serialize(&views),
        kiosks => kiosks,
        kiosk => filter.kiosk.clone().unwrap_or_default(),
        date => date,
        from => from,
        to => to,
        error => error,
        count_line => count_line,
        truncated_line => truncated_line,
    };
    console.page(
        StatusCode::OK,
        "confirmations.html",
        &request,
        "confirmations-title",
        Some((&member, &csrf)),
        own,
    )
}
