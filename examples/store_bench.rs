//! Measures the kiosk store (`src/store/`) on a real file: `cache_get` time over a cache of
//! 10,000 certificates, and the database size per 10,000 visits.
//!
//! ```sh
//! cargo run --release --example store_bench [-- --dir DIR]
//! ```
//!
//! Every write is its own transaction with `synchronous=FULL`, as in the kiosk (one fsync per
//! commit), so the insert times depend on the disk. DIR (default: a temporary directory under
//! the system's temp dir) must be on the disk the kiosk would use for the numbers to mean much.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use myna_kiosk::certificate_id::CertificateId;
use myna_kiosk::eligibility::device_key::keygen;
use myna_kiosk::eligibility::protocol::{
    ConfirmationResult, ConsentRecord, QualificationResult, Warning,
};
use myna_kiosk::store::{Store, Visit, VisitMethod, VisitStatus};
use serde_json::json;
use time::OffsetDateTime;

const N: usize = 10_000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut base: Option<PathBuf> = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--dir" => base = args.next().map(PathBuf::from),
            other => return Err(format!("unknown argument {other:?} (only --dir DIR)").into()),
        }
    }
    let dir = match &base {
        Some(base) => tempfile::tempdir_in(base)?,
        None => tempfile::tempdir()?,
    };
    println!("directory: {}", dir.path().display());
    let keys = keygen(&dir.path().join("keys"), "bench")?;
    let now = OffsetDateTime::now_utc();

    // Cache: 10,000 certificates, then 10,000 lookups of random ones.
    let cache_db = dir.path().join("cache.sqlite");
    let store = Store::open(&cache_db, &keys.data_key)?;
    let started = Instant::now();
    for i in 0..N {
        store.cache_put(&serial(i), &result(i), now)?;
    }
    let put = started.elapsed();
    println!(
        "cache_put: {N} entries in {:.2} s ({:.2} ms each, one transaction each)",
        put.as_secs_f64(),
        put.as_secs_f64() * 1000.0 / N as f64
    );
    let mut rng = 0x2545_f491_4f6c_dd1d_u64;
    let mut times = Vec::with_capacity(N);
    let max_age = time::Duration::days(30);
    for _ in 0..N {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let serial = serial((rng % N as u64) as usize);
        let started = Instant::now();
        let hit = store.cache_get(&serial, now, max_age)?;
        times.push(started.elapsed());
        if hit.is_none() {
            return Err(format!("{serial} not found").into());
        }
    }
    times.sort();
    println!(
        "cache_get over {N} entries: median {} µs, p99 {} µs, max {} µs ({N} lookups)",
        micros(times[N / 2]),
        micros(times[N * 99 / 100]),
        micros(times[N - 1])
    );
    println!(
        "TABLE|Store|cache lookup over {N} entries (median / p99)|{} µs|p99 {} µs||",
        micros(times[N / 2]),
        micros(times[N * 99 / 100])
    );
    drop(store);

    // Visits: 10,000 with a realistic details blob, then a checkpoint.
    let visits_db = dir.path().join("visits.sqlite");
    let store = Store::open(&visits_db, &keys.data_key)?;
    let empty = std::fs::metadata(&visits_db)?.len();
    let started = Instant::now();
    for i in 0..N {
        store.record_visit(&visit(i, now), None)?;
    }
    let insert = started.elapsed();
    store.checkpoint()?;
    drop(store);
    let size = std::fs::metadata(&visits_db)?.len();
    println!(
        "record_visit: {N} visits in {:.2} s ({:.2} ms each); details blob {} bytes of JSON",
        insert.as_secs_f64(),
        insert.as_secs_f64() * 1000.0 / N as f64,
        serde_json::to_vec(&visit(0, now).details)?.len()
    );
    println!(
        "database size per {N} visits: {:.2} MiB ({size} bytes; empty store {empty} bytes; after checkpoint and close)",
        size as f64 / (1024.0 * 1024.0)
    );
    println!(
        "TABLE|Store|database size per {N} visits|{:.2} MiB|empty store {:.2} MiB||",
        size as f64 / (1024.0 * 1024.0),
        empty as f64 / (1024.0 * 1024.0)
    );
    let started = Instant::now();
    let store = Store::open(&visits_db, &keys.data_key)?;
    println!(
        "Store::open of that store (quick_check, key check): {:.1} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    drop(store);
    Ok(())
}

fn micros(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1e6)
}

fn serial(i: usize) -> CertificateId {
    CertificateId {
        issuer_sha256: "1d59aaff5ca02eb5364efbabd3b25efba0ce3246ebf57c237d7434eace7c173c".into(),
        serial: format!("{:016x}", 0x1a2b_3c4d_0000_0000_u64 + i as u64),
    }
}

fn result(i: usize) -> ConfirmationResult {
    ConfirmationResult {
        request_id: format!("0b6f3c1e-7d0a-4c55-9e8e-{i:012}"),
        qualification_confirmation_date: "2026-11-25".into(),
        processed_at: "2026-11-25T10:00:00+09:00".into(),
        processing_result_status: "1".into(),
        processing_result_code: None,
        processing_result_message: None,
        qualification_validity: "1".into(),
        results: vec![QualificationResult {
            insured_card_classification: "01".into(),
            insurer_number: "01130012".into(),
            insurer_name: "試験健康保険組合".into(),
            insured_card_symbol: Some("記号１２３".into()),
            insured_identification_number: format!("{:08}", i),
            insured_branch_number: Some("00".into()),
            personal_family_classification: "1".into(),
            name: "試験 花子".into(),
            name_kana: "シケン ハナコ".into(),
            sex1: "2".into(),
            birthdate: "1985-04-01".into(),
            qualification_date: "2020-04-01".into(),
            insured_partial_contribution_ratio: "030".into(),
            ..Default::default()
        }],
        consent: ConsentRecord {
            diagnosis_info_cons_flg: "1".into(),
            pharmacists_info_cons_flg: "1".into(),
            operation_info_cons_flg: "0".into(),
            specific_health_checkups_info_cons_flg: "1".into(),
            limit_application_certificate_related_cons_flg: "0".into(),
            cons_time: "2026-11-25T10:00:00+09:00".into(),
            available_time: "2026-11-26T10:00:00+09:00".into(),
        },
        warnings: vec![Warning {
            code: "certificate_expiring".into(),
            message: "the certificate expires within 3 months".into(),
        }],
    }
}

/// What a visit record holds: the request, the outcome and the summary staff need, no more.
fn visit(i: usize, now: OffsetDateTime) -> Visit {
    Visit {
        at: now + time::Duration::seconds(i as i64 * 30),
        method: VisitMethod::Pin,
        status: VisitStatus::Confirmed,
        provisional: i.is_multiple_of(20),
        details: json!({
            "request_id": format!("0b6f3c1e-7d0a-4c55-9e8e-{i:012}"),
            "language": "ja",
            "qualification_confirmation_date": "2026-11-25",
            "processed_at": "2026-11-25T10:00:00+09:00",
            "qualification_validity": "1",
            "insurer_number": "01130012",
            "insured_card_symbol": "記号１２３",
            "insured_identification_number": format!("{:08}", i),
            "insured_branch_number": "00",
            "name": "試験 花子",
            "name_kana": "シケン ハナコ",
            "birthdate": "1985-04-01",
            "insured_partial_contribution_ratio": "030",
            "consent": { "medication_clinical": true, "surgery": false,
                "health_check": true, "limit_certificate": false },
            "warnings": ["certificate_expiring"],
        }),
    }
}
