//! The clinic-day simulation (`examples/clinic_day`, docs/benchmarks.md) on a handful of
//! patients, so that the benchmark cannot rot: the built example, run as a process (its harness
//! stays the example's own module, no file of it included here), with the real worker loop,
//! `myna-sim` cards on the private pcscd, a `myna-gateway` process with a ten-minute outage, on
//! a clock that skips the think times, and face confirmation with the real models (a patient
//! matched on the camera's frames and answered). Every answered visit is in the store and
//! nothing is left in the outbox.

use std::path::PathBuf;
use std::process::Command;

use crate::common::stack;

/// `target/<profile>/examples/clinic_day`, built by `cargo test --workspace` (which builds the
/// examples; `cargo test --test it` alone does not).
fn clinic_day_bin() -> PathBuf {
    let path = crate::common::workspace_bin("myna-sim")
        .with_file_name("examples")
        .join("clinic_day");
    assert!(
        path.exists(),
        "{} is missing: build it with `cargo build --workspace --bins --example clinic_day` \
         (`cargo test --workspace`, as scripts/test.sh runs it, does)",
        path.display()
    );
    path
}

/// Whether the face models and frame sequences of scripts/fetch-models.sh are there; without
/// them the morning runs on a kiosk without face (`--no-face`), except in CI, where that fails.
fn face_ready() -> bool {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let ready = [
        "assets/models/face_detection_short_range.onnx",
        "assets/models/dlib_face_recognition_resnet_v1.onnx",
        "fixtures/faces/sequence/picture_left",
        "fixtures/faces/other/picture_left",
    ]
    .iter()
    .all(|p| root.join(p).exists());
    assert!(
        ready || std::env::var("CI").as_deref() != Ok("true"),
        "face models or frames missing in CI (scripts/fetch-models.sh)"
    );
    if !ready {
        eprintln!("\n!!! clinic_day without face: run bash scripts/fetch-models.sh\n");
    }
    ready
}

#[test]
fn a_short_morning_loses_no_visit() {
    let Some(reader) = stack::reader() else {
        return;
    };
    let face = face_ready();
    let mut args = vec!["--patients", "14", "--seed", "18", "--json"];
    if !face {
        args.push("--no-face");
    }
    let output = Command::new(clinic_day_bin())
        .args(args)
        // The reader this test holds, and no other.
        .env(
            "MYNA_TEST_READERS",
            format!("{}={}", reader.name, reader.port),
        )
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let text = format!("{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "{:?}\n{text}", output.status);
    let report: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    let count = |key: &str| {
        report[key]
            .as_u64()
            .unwrap_or_else(|| panic!("{key}: {text}"))
    };
    assert_eq!(count("patients"), 14, "{text}");
    let answered = count("answered");
    assert!(answered >= 5, "{text}");
    assert_eq!(count("records"), answered, "{text}");
    // `lost` counts answered visits without a record (the example exits 1 when there is one).
    assert_eq!(
        count("lost"),
        answered.saturating_sub(count("records")),
        "{text}"
    );
    assert_eq!(count("lost"), 0, "{text}");
    assert_eq!(count("outbox_left"), 0, "{text}");
    // The outage (from the 6th patient, ten minutes) answered someone from the cache.
    assert!(count("done_provisional") >= 1, "{text}");
    assert!(count("pin_done") >= 1, "{text}");
    // Among the 14 of seed 18, a patient chooses face: 照合番号B on the pad, the card photo
    // read, the camera's frames matched (consent comes only after a match), consent given.
    if face {
        assert!(count("face_visits") >= 1, "{text}");
        assert!(count("face_answered") >= 1, "{text}");
    }
    // Ten minutes of outage and the patients' think times passed in far less real time.
    let seconds = |key: &str| report[key].as_f64().unwrap();
    assert!(
        seconds("simulated_seconds") > seconds("wall_seconds") * 10.0,
        "{text}"
    );
}
