//! Insurance-number queries (照会区分 2) through the 資格確認端末's folder interface
//! (連携アプリ; docs/domain/eligibility.md §0, §3.2).
//!
//! One query: the request `OQSsiquc01req_<id>.xml` is written atomically into `req`; the
//! answer is `OQSsiquc01res_<id>.xml` in `res` (or, failing that name, any
//! `OQSsiquc01res_*.xml` there whose ArbitraryFileIdentifier is `<id>`). The folder is polled
//! every `poll_interval` until `timeout`. An answer that fails to parse is read again on the
//! next poll (the terminal may still be writing it); the same bytes failing twice are
//! [`ClinicError::Malformed`]. A parsed answer is removed from `res`; on timeout the request
//! is removed from `req` if the terminal has not taken it.
//!
//! Requests are written in `[clinic] encoding`; answers are decoded by their own declaration
//! (UTF-8 or Shift_JIS). An answer under the expected name needs no ArbitraryFileIdentifier
//! (the item is optional in the interface): its name says whose it is.
//!
//! Files in `res` are read as untrusted ([`super::untrusted`]): never through a link, never
//! from a FIFO or device, never more than [`xml::MAX_DOCUMENT_BYTES`], and parsed within
//! [`xml::MAX_DEPTH`] and [`xml::MAX_ELEMENTS`]. Such a file under the expected name ends the
//! query with [`ClinicError::UnsafeFile`]; any other is skipped with a logged error (once a
//! query), and the search goes on.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use time::{Date, OffsetDateTime};
use tracing::warn;

use super::layout::{compact_date, compact_time, oqs_date, read_result};
use super::result_file::write_atomically;
use super::untrusted::{self, ReadError};
use super::xml::{self, Element};
use super::{ClinicError, XmlSettings};
use crate::eligibility::protocol::ConfirmationResult;
use crate::insurer_number::InsurerNumberError;

/// What staff type from the document (資格確認書, お知らせ, old card, マイナポータル screen).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberQuery {
    /// 保険者番号: 6 (国保) or 8 digits, unpadded.
    pub insurer_number: String,
    /// 被保険者証記号; absent for e.g. 後期高齢.
    pub insured_card_symbol: Option<String>,
    /// 被保険者証番号, leading zeros kept.
    pub insured_identification_number: String,
    /// 被保険者証枝番, 2 digits.
    pub insured_branch_number: Option<String>,
    /// `YYYY-MM-DD`.
    pub birthdate: String,
    /// The patient consented to 限度額 information (LimitApplicationCertificateRelatedConsFlg).
    pub limit_certificate_consent: bool,
}

impl NumberQuery {
    fn check(&self) -> Result<(), ClinicError> {
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let bad = |what: &str| Err(ClinicError::InvalidQuery(what.to_string()));
        match crate::insurer_number::check(&self.insurer_number) {
            Ok(()) => {}
            Err(InsurerNumberError::Format) => return bad("the insurer number has 6 or 8 digits"),
            Err(InsurerNumberError::CheckDigit) => {
                return bad(
                    "the insurer number's last digit (検証番号) does not match: a typing error",
                );
            }
        }
        if self.insured_identification_number.trim().is_empty() {
            return bad("the insured number is missing");
        }
        if let Some(branch) = &self.insured_branch_number
            && !(digits(branch) && branch.len() == 2)
        {
            return bad("the branch number has 2 digits");
        }
        if oqs_date(&self.birthdate).is_none() {
            return bad("the birth date is not YYYY-MM-DD");
        }
        Ok(())
    }
}

/// Where and how long.
#[derive(Debug, Clone)]
pub struct FolderSettings {
    pub req_dir: PathBuf,
    pub res_dir: PathBuf,
    pub timeout: Duration,
    pub poll_interval: Duration,
    pub xml: XmlSettings,
}

/// The folder interface as a query gateway.
#[derive(Debug)]
pub struct FolderGateway {
    settings: FolderSettings,
    medical_institution_code: String,
    sequence: AtomicU64,
}

impl FolderGateway {
    /// Needs the 医療機関コード (the terminal refuses requests without it) and both folders.
    pub fn new(settings: FolderSettings) -> Result<Self, ClinicError> {
        let medical_institution_code = settings.xml.medical_institution_code.clone().ok_or(
            ClinicError::NotConfigured(
                "gateway.facility_code (MedicalInstitutionCode) is needed for the req/res folders",
            ),
        )?;
        for dir in [&settings.req_dir, &settings.res_dir] {
            if !dir.is_dir() {
                return Err(ClinicError::Io {
                    path: dir.clone(),
                    source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such folder"),
                });
            }
        }
        Ok(FolderGateway {
            settings,
            medical_institution_code,
            sequence: AtomicU64::new(0),
        })
    }

    /// Asks for the eligibility of `query` on `confirmation_date` and waits for the answer.
    /// The answer's person-level outcome (ProcessingResultStatus, QualificationValidity) is in
    /// the result, as from the gateway; `Err` means no usable answer.
    pub fn query(
        &self,
        query: &NumberQuery,
        confirmation_date: Date,
    ) -> Result<ConfirmationResult, ClinicError> {
        query.check()?;
        let id = self.next_id();
        let request = self.request_document(query, confirmation_date, &id);
        let req_path = self
            .settings
            .req_dir
            .join(format!("OQSsiquc01req_{id}.xml"));
        let bytes = xml::write(&request, self.settings.xml.encoding).map_err(|source| {
            ClinicError::Encoding {
                path: req_path.clone(),
                source,
            }
        })?;
        write_atomically(&self.settings.req_dir, &req_path, &bytes)?;

        let started = Instant::now();
        let deadline = started + self.settings.timeout;
        let mut seen = Seen::default();
        loop {
            if let Some(result) = self.answer(&id, &mut seen)? {
                return Ok(result);
            }
            let now = Instant::now();
            if now >= deadline {
                // Not taken yet: withdraw it so that it is not answered for nobody later.
                let _ = fs::remove_file(&req_path);
                return Err(ClinicError::Timeout {
                    res_dir: self.settings.res_dir.clone(),
                    waited_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
                });
            }
            std::thread::sleep(self.settings.poll_interval.min(deadline - now));
        }
    }

    /// A new ArbitraryFileIdentifier: time, process and a sequence number, so that two
    /// kiosks or two queries never share one.
    fn next_id(&self) -> String {
        let now = OffsetDateTime::now_utc();
        let n = self.sequence.fetch_add(1, Ordering::Relaxed);
        format!(
            "kiosk{}{:03}p{}n{n}",
            compact_time(now),
            now.millisecond(),
            std::process::id()
        )
    }

    fn request_document(&self, query: &NumberQuery, date: Date, id: &str) -> Element {
        let padding = self.settings.xml.insurer_number_padding;
        let mut header = Element::new("MessageHeader");
        header.add("QualificationConfirmationDate", &compact_date(date));
        header.add("MedicalInstitutionCode", &self.medical_institution_code);
        header.add("ArbitraryFileIdentifier", id);
        let mut search = Element::new("QualificationConfirmSearchInfo");
        search.add("InsurerNumber", &padding.pad(&query.insurer_number));
        search.add_opt("InsuredCardSymbol", query.insured_card_symbol.as_deref());
        search.add(
            "InsuredIdentificationNumber",
            &query.insured_identification_number,
        );
        search.add_opt(
            "InsuredBranchNumber",
            query.insured_branch_number.as_deref(),
        );
        // Checked in `NumberQuery::check`.
        search.add("Birthdate", &oqs_date(&query.birthdate).unwrap_or_default());
        search.add(
            "LimitApplicationCertificateRelatedConsFlg",
            if query.limit_certificate_consent {
                "1"
            } else {
                "0"
            },
        );
        let mut body = Element::new("MessageBody");
        body.push(search);
        let mut root = Element::new("XmlMsg");
        root.push(header);
        root.push(body);
        root
    }

    /// The answer to `id`, if one is there.
    fn answer(&self, id: &str, seen: &mut Seen) -> Result<Option<ConfirmationResult>, ClinicError> {
        let expected = self
            .settings
            .res_dir
            .join(format!("OQSsiquc01res_{id}.xml"));
        if let Some(bytes) = read_if_there(&expected)? {
            return match parse_bytes(&bytes) {
                Ok(root) => self.finish(&expected, &root, id).map(Some),
                Err(source) => {
                    let again = seen
                        .unreadable
                        .as_ref()
                        .is_some_and(|(p, b)| *p == expected && *b == bytes);
                    if again || is_limit(&source) {
                        return Err(ClinicError::Malformed {
                            path: expected,
                            source,
                        });
                    }
                    seen.unreadable = Some((expected, bytes));
                    Ok(None)
                }
            };
        }
        // Some terminals may name answers differently: look for ours by its identifier.
        let entries = fs::read_dir(&self.settings.res_dir).map_err(|source| ClinicError::Io {
            path: self.settings.res_dir.clone(),
            source,
        })?;
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if !(name.starts_with("OQSsiquc01res_") && name.ends_with(".xml")) {
                continue;
            }
            let path = entry.path();
            if seen.skipped.contains(&path) {
                continue;
            }
            // Someone else's file, or one left there: never a reason to fail this query.
            let bytes = match read_if_there(&path) {
                Ok(Some(bytes)) => bytes,
                Ok(None) => continue,
                Err(e) => {
                    if seen.skipped.insert(path.clone()) {
                        warn!("資格確認端末 res folder: skipped {e}");
                    }
                    continue;
                }
            };
            match parse_bytes(&bytes) {
                Err(e) if is_limit(&e) => {
                    if seen.skipped.insert(path.clone()) {
                        warn!("資格確認端末 res folder: skipped {}: {e}", path.display());
                    }
                }
                Err(_) => {}
                Ok(root) => {
                    let ours = root
                        .child("MessageHeader")
                        .and_then(|h| h.text_of("ArbitraryFileIdentifier"))
                        == Some(id);
                    if ours {
                        return self.finish(&path, &root, id).map(Some);
                    }
                }
            }
        }
        Ok(None)
    }

    /// The answer in `root` to the request `id`.
    fn finish(
        &self,
        path: &Path,
        root: &Element,
        id: &str,
    ) -> Result<ConfirmationResult, ClinicError> {
        let header = root.child("MessageHeader");
        let segment = header.and_then(|h| h.text_of("SegmentOfResult"));
        let outcome = if segment == Some(self.settings.xml.error_segment_of_result.as_str()) {
            let text = |item| {
                header
                    .and_then(|h| h.text_of(item))
                    .unwrap_or_default()
                    .to_string()
            };
            Err(ClinicError::Refused {
                code: text("ErrorCode"),
                message: text("ErrorMessage"),
            })
        } else {
            read_result(root, &self.settings.xml)
                .map(|mut result| {
                    if result.request_id.is_empty() {
                        result.request_id = id.to_string();
                    }
                    result
                })
                .map_err(|problem| ClinicError::BadAnswer {
                    path: path.to_path_buf(),
                    problem,
                })
        };
        // The answer was meant for this kiosk alone; leaving it would fill the folder.
        let _ = fs::remove_file(path);
        outcome
    }
}

/// What one query has met in `res` so far.
#[derive(Default)]
struct Seen {
    /// The expected answer that failed to parse, to tell a file still being written (read
    /// again) from a broken one (the same bytes twice).
    unreadable: Option<(PathBuf, Vec<u8>)>,
    /// Other files skipped and logged, so that each is logged once a query, not once a poll.
    skipped: BTreeSet<PathBuf>,
}

/// A file refused for its size, depth or element count: reading it again cannot help.
fn is_limit(error: &xml::ParseError) -> bool {
    matches!(
        error,
        xml::ParseError::TooLarge { .. }
            | xml::ParseError::TooDeep { .. }
            | xml::ParseError::TooManyElements { .. }
    )
}

/// The file's bytes, read as untrusted; `None` when it is not there.
fn read_if_there(path: &Path) -> Result<Option<Vec<u8>>, ClinicError> {
    match untrusted::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(ReadError::NotFound) => Ok(None),
        Err(ReadError::Refused(reason)) => Err(ClinicError::UnsafeFile {
            path: path.to_path_buf(),
            reason,
        }),
        Err(ReadError::Io(source)) => Err(ClinicError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// A file decoded by its declaration (UTF-8 or Shift_JIS) and parsed.
fn parse_bytes(bytes: &[u8]) -> Result<Element, xml::ParseError> {
    xml::parse_bytes(bytes).map(|(root, _)| root)
}

/// Reads (as untrusted) and checks a finished file (for tools and tests): the document, or
/// why not.
pub fn parse_file(path: &Path) -> Result<Element, ClinicError> {
    let bytes = read_if_there(path)?.ok_or_else(|| ClinicError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::from(std::io::ErrorKind::NotFound),
    })?;
    parse_bytes(&bytes).map_err(|source| ClinicError::Malformed {
        path: path.to_path_buf(),
        source,
    })
}
