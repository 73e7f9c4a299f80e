//! Hostile files in the 資格確認端末's `res` folder (issue 17 part 3): whoever can write there
//! can leave a deeply nested file (stack overflow), one with countless elements or of any size
//! (memory), a link to `/dev/zero` (memory), a FIFO (a reader blocks for ever) or a link to a
//! file the kiosk was not given. Each is refused quickly with a typed error under the expected
//! answer's name, and skipped (the query goes on and gets its real answer) under any other.

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use crate::common::clinic_folders::{Folders, folders};

use myna_kiosk::clinic::folder::{FolderGateway, FolderSettings, NumberQuery};
use myna_kiosk::clinic::untrusted::Refusal;
use myna_kiosk::clinic::xml::{MAX_DEPTH, MAX_DOCUMENT_BYTES, MAX_ELEMENTS, ParseError};
use myna_kiosk::clinic::{ClinicError, XmlSettings};
use myna_kiosk::eligibility::protocol::ConfirmationResult;
use time::macros::date;

/// How long a refused file may take: far less than the query timeout.
const QUICK: Duration = Duration::from_secs(3);
const QUERY_TIMEOUT: Duration = Duration::from_secs(8);

fn gateway(f: &Folders) -> FolderGateway {
    FolderGateway::new(FolderSettings {
        req_dir: f.req.clone(),
        res_dir: f.res.clone(),
        timeout: QUERY_TIMEOUT,
        poll_interval: Duration::from_millis(10),
        xml: XmlSettings {
            medical_institution_code: Some("1312345678".into()),
            ..XmlSettings::default()
        },
    })
    .unwrap()
}

fn query() -> NumberQuery {
    NumberQuery {
        insurer_number: "06139992".into(),
        insured_card_symbol: None,
        insured_identification_number: "0012".into(),
        insured_branch_number: None,
        birthdate: "1953-02-17".into(),
        limit_certificate_consent: false,
    }
}

/// A well-formed answer to the request `id`.
fn answer(id: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<XmlMsg>\
<MessageHeader><ProcessExecutionTime>20261126083005</ProcessExecutionTime>\
<QualificationConfirmationDate>20261126</QualificationConfirmationDate>\
<MedicalInstitutionCode>1312345678</MedicalInstitutionCode>\
<ArbitraryFileIdentifier>{id}</ArbitraryFileIdentifier>\
<ReferenceClassification>2</ReferenceClassification><SegmentOfResult>1</SegmentOfResult>\
<CharacterCodeIdentifier>0</CharacterCodeIdentifier></MessageHeader>\
<MessageBody><ProcessingResultStatus>1</ProcessingResultStatus>\
<QualificationValidity>1</QualificationValidity><ResultList>\
<ResultOfQualificationConfirmation><InsuredCardClassification>01</InsuredCardClassification>\
<InsurerNumber>06139992</InsurerNumber>\
<InsuredIdentificationNumber>0012</InsuredIdentificationNumber>\
<PersonalFamilyClassification>1</PersonalFamilyClassification><Name>架空 太郎</Name>\
<Sex1>1</Sex1><Birthdate>19530217</Birthdate>\
<InsuredPartialContributionRatio>020</InsuredPartialContributionRatio>\
</ResultOfQualificationConfirmation></ResultList></MessageBody></XmlMsg>\n"
    )
}

/// What the terminal's thread does with a request: `Hostile` plants `make` under the expected
/// answer's name; `Beside` plants it under another name and answers under a third, so that the
/// kiosk must skip it and find its answer by identifier.
#[derive(Clone, Copy)]
enum Place {
    Hostile,
    Beside,
}

/// Plays the terminal for one request. `make(path)` creates the hostile file at `path`.
fn terminal(f: &Folders, place: Place, make: fn(&Path, &Path)) -> thread::JoinHandle<()> {
    let (req, res, scratch) = (f.req.clone(), f.res.clone(), f.root.path().to_path_buf());
    thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            assert!(Instant::now() < deadline, "no request arrived");
            let found = fs::read_dir(&req).unwrap().flatten().find(|e| {
                let name = e.file_name().to_string_lossy().to_string();
                name.starts_with("OQSsiquc01req_") && name.ends_with(".xml")
            });
            let Some(entry) = found else {
                thread::sleep(Duration::from_millis(5));
                continue;
            };
            let name = entry.file_name().to_string_lossy().to_string();
            let id = name
                .strip_prefix("OQSsiquc01req_")
                .and_then(|n| n.strip_suffix(".xml"))
                .unwrap()
                .to_string();
            fs::remove_file(entry.path()).unwrap();
            match place {
                Place::Hostile => make(&res.join(format!("OQSsiquc01res_{id}.xml")), &scratch),
                Place::Beside => {
                    make(&res.join("OQSsiquc01res_hostile.xml"), &scratch);
                    // The real answer a moment later, under a name the kiosk must search for.
                    thread::sleep(Duration::from_millis(100));
                    let tmp = scratch.join("answer.tmp");
                    fs::write(&tmp, answer(&id)).unwrap();
                    fs::rename(&tmp, res.join("OQSsiquc01res_20261126083005123.xml")).unwrap();
                }
            }
            return;
        }
    })
}

/// Runs one query on its own thread, so that a query that blocks fails the test instead of
/// hanging it.
fn query_within(
    f: &Folders,
    limit: Duration,
) -> (Result<ConfirmationResult, ClinicError>, Duration) {
    let gw = gateway(f);
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let started = Instant::now();
        let result = gw.query(&query(), date!(2026 - 11 - 26));
        let _ = tx.send((result, started.elapsed()));
    });
    rx.recv_timeout(limit)
        .unwrap_or_else(|_| panic!("the query was still blocked after {limit:?}"))
}

/// Under the expected name: a typed error, well before the timeout.
fn refused_quickly(make: fn(&Path, &Path)) -> ClinicError {
    let f = folders();
    let terminal = terminal(&f, Place::Hostile, make);
    let (result, took) = query_within(&f, QUERY_TIMEOUT + Duration::from_secs(5));
    terminal.join().unwrap();
    let err = result.unwrap_err();
    assert!(took < QUICK, "{err}: took {took:?}");
    err
}

/// Under another name: skipped, and the real answer still arrives.
fn skipped(make: fn(&Path, &Path)) {
    let f = folders();
    let terminal = terminal(&f, Place::Beside, make);
    let (result, took) = query_within(&f, QUERY_TIMEOUT + Duration::from_secs(5));
    terminal.join().unwrap();
    let result = result.unwrap_or_else(|e| panic!("the real answer was lost: {e}"));
    assert!(result.is_confirmed());
    assert_eq!(result.results[0].insurer_number, "06139992");
    assert!(took < QUICK, "took {took:?}");
    // The hostile file is left where it is (for whoever looks after the folder), the answer
    // consumed.
    let left: Vec<String> = fs::read_dir(&f.res)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(left, ["OQSsiquc01res_hostile.xml"]);
}

/// Well-formed and nested about 150 000 deep, just under the size limit: parsed into a tree
/// without the depth limit, dropping (or comparing, or writing) that tree would overflow the
/// stack.
fn deep(path: &Path, _: &Path) {
    let depth = (MAX_DOCUMENT_BYTES - 100) / 7;
    let text = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
    write_whole(path, text.as_bytes());
}

/// Just beyond the element limit, in a file far below the size limit.
fn many(path: &Path, _: &Path) {
    let text = format!("<XmlMsg>{}</XmlMsg>", "<e/>".repeat(MAX_ELEMENTS));
    assert!(text.len() < MAX_DOCUMENT_BYTES);
    write_whole(path, text.as_bytes());
}

/// A sparse 8 GiB file: read whole, it would take 8 GiB of memory.
fn huge(path: &Path, scratch: &Path) {
    let tmp = scratch.join("huge.tmp");
    let file = fs::File::create(&tmp).unwrap();
    file.set_len(8 << 30).unwrap();
    drop(file);
    fs::rename(&tmp, path).unwrap();
}

/// One byte beyond the limit, the rest a valid-looking start.
fn just_too_large(path: &Path, _: &Path) {
    let mut bytes = b"<XmlMsg>".to_vec();
    bytes.resize(MAX_DOCUMENT_BYTES + 1, b' ');
    write_whole(path, &bytes);
}

fn to_dev_zero(path: &Path, _: &Path) {
    symlink("/dev/zero", path).unwrap();
}

/// A link to a regular, well-formed XML file elsewhere: not followed either.
fn to_regular_file(path: &Path, scratch: &Path) {
    let elsewhere = scratch.join("elsewhere.xml");
    fs::write(&elsewhere, answer("whatever")).unwrap();
    symlink(&elsewhere, path).unwrap();
}

/// A FIFO nobody writes to: a blocking open would wait for ever.
fn fifo(path: &Path, _: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

fn write_whole(path: &Path, bytes: &[u8]) {
    let tmp = path.with_extension("tmp");
    fs::write(&tmp, bytes).unwrap();
    fs::rename(&tmp, path).unwrap();
}

#[test]
fn a_deeply_nested_answer_is_refused_not_a_stack_overflow() {
    let err = refused_quickly(deep);
    assert!(
        matches!(
            &err,
            ClinicError::Malformed {
                source: ParseError::TooDeep { limit: MAX_DEPTH },
                ..
            }
        ),
        "{err}"
    );
    skipped(deep);
}

#[test]
fn an_answer_with_too_many_elements_is_refused() {
    let err = refused_quickly(many);
    assert!(
        matches!(
            &err,
            ClinicError::Malformed {
                source: ParseError::TooManyElements {
                    limit: MAX_ELEMENTS
                },
                ..
            }
        ),
        "{err}"
    );
    skipped(many);
}

#[test]
fn a_too_large_answer_is_refused_unread() {
    for make in [huge as fn(&Path, &Path), just_too_large] {
        let err = refused_quickly(make);
        assert!(
            matches!(
                &err,
                ClinicError::UnsafeFile {
                    reason: Refusal::TooLarge {
                        limit: MAX_DOCUMENT_BYTES
                    },
                    ..
                }
            ),
            "{err}"
        );
        skipped(make);
    }
}

#[test]
fn a_link_to_dev_zero_is_not_followed() {
    let err = refused_quickly(to_dev_zero);
    assert!(
        matches!(
            &err,
            ClinicError::UnsafeFile {
                reason: Refusal::Symlink,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("symbolic link"), "{err}");
    skipped(to_dev_zero);
}

#[test]
fn a_link_to_a_regular_file_is_not_followed() {
    let err = refused_quickly(to_regular_file);
    assert!(
        matches!(
            &err,
            ClinicError::UnsafeFile {
                reason: Refusal::Symlink,
                ..
            }
        ),
        "{err}"
    );
    skipped(to_regular_file);
}

#[test]
fn a_fifo_does_not_block_the_query() {
    let err = refused_quickly(fifo);
    assert!(
        matches!(
            &err,
            ClinicError::UnsafeFile {
                reason: Refusal::NotRegular("a FIFO"),
                ..
            }
        ),
        "{err}"
    );
    skipped(fifo);
}

/// `parse_file` (tools, tests) reads the same way.
#[test]
fn parse_file_reads_as_untrusted_too() {
    let f = folders();
    let path = f.res.join("x.xml");
    to_dev_zero(&path, f.root.path());
    assert!(matches!(
        myna_kiosk::clinic::folder::parse_file(&path),
        Err(ClinicError::UnsafeFile {
            reason: Refusal::Symlink,
            ..
        })
    ));
    let fine = f.res.join("y.xml");
    fs::write(&fine, answer("x")).unwrap();
    assert_eq!(
        myna_kiosk::clinic::folder::parse_file(&fine).unwrap().name,
        "XmlMsg"
    );
}
