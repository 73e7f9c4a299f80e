//! The gateway's answer the tests share: one confirmation of 2026-11-25 (status `1`, validity
//! `1`, no consent record, no warnings), for the people each test names. A test that needs
//! another validity or warnings changes those fields with struct update syntax.

use myna_kiosk::eligibility::protocol::{ConfirmationResult, QualificationResult};

/// A confirmed result for `results`, answered to `request_id` on 2026-11-25.
pub fn confirmation(request_id: &str, results: Vec<QualificationResult>) -> ConfirmationResult {
    ConfirmationResult {
        request_id: request_id.into(),
        qualification_confirmation_date: "2026-11-25".into(),
        processed_at: "2026-11-25T10:00:00Z".into(),
        processing_result_status: "1".into(),
        processing_result_code: None,
        processing_result_message: None,
        qualification_validity: "1".into(),
        results,
        consent: Default::default(),
        warnings: vec![],
    }
}

/// 試験 花子, 協会けんぽ (insurer 06139992), 3 割.
pub fn hanako() -> QualificationResult {
    QualificationResult {
        name: "試験 花子".into(),
        insurer_number: "06139992".into(),
        insured_partial_contribution_ratio: "030".into(),
        ..Default::default()
    }
}
