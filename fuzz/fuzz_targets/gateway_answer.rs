//! The kiosk's side of the JSON protocol: any answer body (success or refusal) parsed as the
//! gateway client does, and a parsed answer carried through the reception flow to the screen.
#![no_main]

use libfuzzer_sys::fuzz_target;
use myna_kiosk::card::{CardKind, PinStatus};
use myna_kiosk::eligibility::protocol::ErrorResponse;
use myna_kiosk::eligibility::requests::ConfirmationAnswer;
use myna_kiosk::reception::flow::{Answer, CardInfo, Event, Flow, PinOutcome};
use myna_kiosk::reception::view::UiEvent;

fuzz_target!(|data: &[u8]| {
    let _ = serde_json::from_slice::<ErrorResponse>(data);
    let Ok(answer) = serde_json::from_slice::<ConfirmationAnswer>(data) else {
        return;
    };
    let now = time::OffsetDateTime::now_utc();
    let mut flow = Flow::default();
    flow.step(Event::CardInserted);
    flow.step(Event::CardRead {
        result: Ok(CardInfo {
            kind: CardKind::MyNumberCard,
            certificate_not_after: Some(now + time::Duration::days(400)),
            pin: PinStatus::TriesLeft(3),
        }),
        now,
    });
    flow.step(Event::Ui(UiEvent::ChoosePin));
    for d in [1, 2, 3, 4] {
        flow.step(Event::Ui(UiEvent::PinDigit(d)));
    }
    flow.step(Event::Ui(UiEvent::PinSubmit));
    flow.step(Event::Pin(PinOutcome::Verified));
    flow.step(Event::Ui(UiEvent::ConsentAll));
    flow.step(Event::Gateway(Ok(Answer {
        result: Box::new(answer.result),
        cached_on: None,
    })));
    let _ = flow.view();
});
