//! Scenario tests for the documents staff may accept (docs/domain/eligibility.md §5), with visit
//! dates on both sides of every boundary: 2025-12-01 (old cards' statutory end), 2026-03-31
//! (end of the transitional measure), 2025-11-12 (start of the お知らせ-alone measure) and
//! the expiry printed on the document.

use myna_kiosk::reception::documents::{
    Decision, DocumentFacts, DocumentKind, Fact, RULES, Refusal, Rule, Situation, decide,
    decide_with,
};
use time::Date;
use time::macros::date;

use Decision::{Accept, AcceptIfNumberQueryConfirms, Refuse};
use DocumentKind::*;

fn with_card() -> DocumentFacts {
    DocumentFacts {
        card_present: true,
        ..Default::default()
    }
}

fn expiring(expiry: Date) -> DocumentFacts {
    DocumentFacts {
        document_expiry: Some(expiry),
        ..Default::default()
    }
}

fn old_card(until: Option<Date>) -> DocumentFacts {
    DocumentFacts {
        old_card_valid_until: until,
        ..Default::default()
    }
}

#[test]
fn qualification_certificate_is_accepted_until_its_printed_expiry() {
    let facts = expiring(date!(2026 - 07 - 31));
    assert_eq!(
        decide(date!(2026 - 07 - 31), QualificationCertificate, &facts),
        Accept
    );
    assert_eq!(
        decide(date!(2026 - 08 - 01), QualificationCertificate, &facts),
        Refuse(Refusal::DocumentExpired)
    );
    // Its own expiry decides, not the transitional dates.
    assert_eq!(
        decide(date!(2026 - 04 - 01), QualificationCertificate, &facts),
        Accept
    );
    let long = expiring(date!(2027 - 12 - 02));
    assert_eq!(
        decide(date!(2027 - 12 - 02), QualificationCertificate, &long),
        Accept
    );
    assert_eq!(
        decide(date!(2027 - 12 - 03), QualificationCertificate, &long),
        Refuse(Refusal::DocumentExpired)
    );
}

#[test]
fn qualification_certificate_needs_its_expiry_entered() {
    assert_eq!(
        decide(
            date!(2026 - 11 - 25),
            QualificationCertificate,
            &DocumentFacts::default()
        ),
        Decision::NeedsFact(Fact::DocumentExpiry)
    );
}

#[test]
fn notice_or_portal_with_the_card_is_accepted_on_any_date() {
    for kind in [QualificationInfoNotice, MynaPortalScreen] {
        for visit in [
            date!(2025 - 11 - 11),
            date!(2025 - 12 - 01),
            date!(2025 - 12 - 02),
            date!(2026 - 03 - 31),
            date!(2026 - 04 - 01),
            date!(2030 - 01 - 01),
        ] {
            assert_eq!(
                decide(visit, kind, &with_card()),
                Accept,
                "{kind:?} {visit}"
            );
        }
    }
}

#[test]
fn notice_alone_only_under_the_transitional_measure_with_a_number_query() {
    for kind in [QualificationInfoNotice, MynaPortalScreen] {
        let alone = DocumentFacts::default();
        assert_eq!(
            decide(date!(2025 - 11 - 11), kind, &alone),
            Refuse(Refusal::NoticeNeedsCard)
        );
        assert_eq!(
            decide(date!(2025 - 11 - 12), kind, &alone),
            AcceptIfNumberQueryConfirms
        );
        assert_eq!(
            decide(date!(2025 - 12 - 01), kind, &alone),
            AcceptIfNumberQueryConfirms
        );
        assert_eq!(
            decide(date!(2025 - 12 - 02), kind, &alone),
            AcceptIfNumberQueryConfirms
        );
        assert_eq!(
            decide(date!(2026 - 03 - 31), kind, &alone),
            AcceptIfNumberQueryConfirms
        );
        assert_eq!(
            decide(date!(2026 - 04 - 01), kind, &alone),
            Refuse(Refusal::NoticeNeedsCard)
        );
    }
}

#[test]
fn notice_past_its_printed_expiry_is_refused_even_with_the_card() {
    // 70–74 year olds' お知らせ run 8/1–7/31.
    let facts = DocumentFacts {
        card_present: true,
        document_expiry: Some(date!(2026 - 07 - 31)),
        ..Default::default()
    };
    assert_eq!(
        decide(date!(2026 - 07 - 31), QualificationInfoNotice, &facts),
        Accept
    );
    assert_eq!(
        decide(date!(2026 - 08 - 01), QualificationInfoNotice, &facts),
        Refuse(Refusal::DocumentExpired)
    );
}

#[test]
fn old_card_without_a_printed_end_is_valid_until_2025_12_01() {
    let facts = old_card(None);
    assert_eq!(
        decide(date!(2025 - 12 - 01), OldInsuranceCard, &facts),
        Accept
    );
    assert_eq!(
        decide(date!(2025 - 12 - 02), OldInsuranceCard, &facts),
        AcceptIfNumberQueryConfirms
    );
    assert_eq!(
        decide(date!(2026 - 03 - 31), OldInsuranceCard, &facts),
        AcceptIfNumberQueryConfirms
    );
    assert_eq!(
        decide(date!(2026 - 04 - 01), OldInsuranceCard, &facts),
        Refuse(Refusal::OldCardExpired)
    );
}

#[test]
fn old_card_with_its_own_earlier_end() {
    // Most 国保 and 後期 cards ended on 2025-07-31.
    let facts = old_card(Some(date!(2025 - 07 - 31)));
    assert_eq!(
        decide(date!(2025 - 07 - 31), OldInsuranceCard, &facts),
        Accept
    );
    assert_eq!(
        decide(date!(2025 - 08 - 01), OldInsuranceCard, &facts),
        AcceptIfNumberQueryConfirms
    );
    assert_eq!(
        decide(date!(2026 - 03 - 31), OldInsuranceCard, &facts),
        AcceptIfNumberQueryConfirms
    );
    assert_eq!(
        decide(date!(2026 - 04 - 01), OldInsuranceCard, &facts),
        Refuse(Refusal::OldCardExpired)
    );
    // Before the first 事務連絡 (2025-06-27) an expired card had no measure.
    let early = old_card(Some(date!(2025 - 05 - 31)));
    assert_eq!(
        decide(date!(2025 - 06 - 26), OldInsuranceCard, &early),
        Refuse(Refusal::OldCardExpired)
    );
    assert_eq!(
        decide(date!(2025 - 06 - 27), OldInsuranceCard, &early),
        AcceptIfNumberQueryConfirms
    );
}

#[test]
fn old_card_printed_later_than_the_statutory_end_still_ends_on_2025_12_01() {
    let facts = old_card(Some(date!(2026 - 09 - 30)));
    assert_eq!(
        decide(date!(2025 - 12 - 01), OldInsuranceCard, &facts),
        Accept
    );
    assert_eq!(
        decide(date!(2025 - 12 - 02), OldInsuranceCard, &facts),
        AcceptIfNumberQueryConfirms
    );
    assert_eq!(
        decide(date!(2026 - 04 - 01), OldInsuranceCard, &facts),
        Refuse(Refusal::OldCardExpired)
    );
}

#[test]
fn nothing_shown_is_the_statement_path() {
    for visit in [date!(2025 - 12 - 01), date!(2026 - 04 - 01)] {
        assert_eq!(
            decide(visit, Nothing, &DocumentFacts::default()),
            Decision::StatementOfQualification
        );
    }
}

/// An extension of the transitional measure is one more row in the table.
#[test]
fn an_extension_is_one_row() {
    let mut extended: Vec<Rule> = RULES.to_vec();
    extended.push(Rule {
        applies_to: &[
            Situation::NoticeAlone,
            Situation::OldCardWithinItsDate,
            Situation::OldCardPastItsDate,
        ],
        from: date!(2026 - 04 - 01),
        until: date!(2026 - 09 - 30),
        decision: AcceptIfNumberQueryConfirms,
        basis: "hypothetical extension",
    });
    let alone = DocumentFacts::default();
    let visit = date!(2026 - 09 - 30);
    assert_eq!(
        decide_with(&extended, visit, QualificationInfoNotice, &alone),
        AcceptIfNumberQueryConfirms
    );
    assert_eq!(
        decide_with(&extended, visit, OldInsuranceCard, &old_card(None)),
        AcceptIfNumberQueryConfirms
    );
    assert_eq!(
        decide_with(
            &extended,
            date!(2026 - 10 - 01),
            OldInsuranceCard,
            &old_card(None)
        ),
        Refuse(Refusal::OldCardExpired)
    );
    // The shipped table has no extension (UNCONFIRMED whether one comes).
    assert_eq!(
        decide(visit, QualificationInfoNotice, &alone),
        Refuse(Refusal::NoticeNeedsCard)
    );
}
