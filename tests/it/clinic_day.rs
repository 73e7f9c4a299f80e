//! The clinic-day simulation (`examples/clinic_day`, docs/benchmarks.md) on a handful of
//! patients, so that the benchmark cannot rot: the real worker loop, `myna-sim` cards on the
//! private pcscd, a `myna-gateway` process with a ten-minute outage, on a clock that skips the
//! think times. Every answered visit is in the store and nothing is left in the outbox.

use crate::common;

#[path = "../../examples/clinic_day/day.rs"]
mod day;

use common::stack;

#[test]
fn a_short_morning_loses_no_visit() {
    let Some(reader) = stack::reader() else {
        return;
    };
    let stack = day::Stack {
        reader: reader.name.clone(),
        port: reader.port,
        sim: crate::common::workspace_bin("myna-sim"),
        gateway: crate::common::workspace_bin("myna-gateway"),
        fixtures: common::fixtures(),
    };
    let plan = day::Plan {
        patients: 14,
        seed: 18,
        outage: true,
    };
    let mut report = day::run(stack, &plan, |_, _| {}).unwrap();
    let text = report.markdown();
    assert_eq!(report.visits.len(), 14, "{text}");
    let answered = report.visits.iter().filter(|v| v.answered).count();
    assert!(answered >= 5, "{text}");
    assert_eq!(report.records, answered, "{text}");
    assert_eq!(report.lost(), 0, "{text}");
    assert_eq!(report.outbox_left, 0, "{text}");
    // The outage (from the 6th patient, ten minutes) answered someone from the cache.
    assert!(
        report
            .visits
            .iter()
            .any(|v| v.outcome == day::Outcome::Done { provisional: true }),
        "{text}"
    );
    assert!(
        report
            .visits
            .iter()
            .any(|v| v.path == day::Way::Pin && matches!(v.outcome, day::Outcome::Done { .. })),
        "{text}"
    );
    // Ten minutes of outage and the patients' think times passed in far less real time.
    assert!(report.simulated > report.wall * 10, "{text}");
    // A visit record missing from the store is counted as lost.
    report.records -= 1;
    assert_eq!(report.lost(), 1);
}
