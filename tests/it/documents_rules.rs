//! Scenario tests for the documents staff may accept (docs/domain/eligibility.md §5), with visit
//! dates on both sides of every boundary: 2025-12-01 (old cards' statutory end), 2026-03-31
//! (end of the transitional measure), 2025-11-12 (start of the お知らせ-alone measure) and
//! the expiry printed on the document.

use myna_kiosk::reception::documents::{
    Basis, Decision, DocumentFacts, DocumentKind, Fact, RULES, Refusal, Rule, Situation, decide,
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

fn nothing_entered() -> DocumentFacts {
    DocumentFacts::default()
}

/// A notice with the card and its printed expiry (70–74 year olds' お知らせ run 8/1–7/31).
fn notice_with_card_until(expiry: Date) -> DocumentFacts {
    DocumentFacts {
        card_present: true,
        document_expiry: Some(expiry),
        ..Default::default()
    }
}

/// One case: on `visit`, `kind` shown with `facts` is decided `expected`, because `why`.
struct Case {
    why: &'static str,
    visit: Date,
    kind: DocumentKind,
    facts: DocumentFacts,
    expected: Decision,
}

fn case(
    why: &'static str,
    visit: Date,
    kind: DocumentKind,
    facts: DocumentFacts,
    expected: Decision,
) -> Case {
    Case {
        why,
        visit,
        kind,
        facts,
        expected,
    }
}

/// The cases, each boundary with the day before and the day after.
fn cases() -> Vec<Case> {
    let certificate = "資格確認書: accepted until its printed expiry, not the transitional dates";
    let certificate_long = "資格確認書 with a later printed expiry";
    let mut cases = vec![
        case(
            certificate,
            date!(2026 - 07 - 31),
            QualificationCertificate,
            expiring(date!(2026 - 07 - 31)),
            Accept,
        ),
        case(
            certificate,
            date!(2026 - 08 - 01),
            QualificationCertificate,
            expiring(date!(2026 - 07 - 31)),
            Refuse(Refusal::DocumentExpired),
        ),
        case(
            certificate,
            date!(2026 - 04 - 01),
            QualificationCertificate,
            expiring(date!(2026 - 07 - 31)),
            Accept,
        ),
        case(
            certificate_long,
            date!(2027 - 12 - 02),
            QualificationCertificate,
            expiring(date!(2027 - 12 - 02)),
            Accept,
        ),
        case(
            certificate_long,
            date!(2027 - 12 - 03),
            QualificationCertificate,
            expiring(date!(2027 - 12 - 02)),
            Refuse(Refusal::DocumentExpired),
        ),
        case(
            "資格確認書 needs its expiry entered",
            date!(2026 - 11 - 25),
            QualificationCertificate,
            nothing_entered(),
            Decision::NeedsFact(Fact::DocumentExpiry),
        ),
        case(
            "お知らせ past its printed expiry, even with the card",
            date!(2026 - 07 - 31),
            QualificationInfoNotice,
            notice_with_card_until(date!(2026 - 07 - 31)),
            Accept,
        ),
        case(
            "お知らせ past its printed expiry, even with the card",
            date!(2026 - 08 - 01),
            QualificationInfoNotice,
            notice_with_card_until(date!(2026 - 07 - 31)),
            Refuse(Refusal::DocumentExpired),
        ),
    ];
    for kind in [QualificationInfoNotice, MynaPortalScreen] {
        for visit in [
            date!(2025 - 11 - 11),
            date!(2025 - 12 - 01),
            date!(2025 - 12 - 02),
            date!(2026 - 03 - 31),
            date!(2026 - 04 - 01),
            date!(2030 - 01 - 01),
        ] {
            cases.push(case(
                "お知らせ or マイナポータル with the card: any date",
                visit,
                kind,
                with_card(),
                Accept,
            ));
        }
        let alone = "お知らせ or マイナポータル alone: only under the transitional measure (2025-11-12 to 2026-03-31), with a number query";
        for (visit, expected) in [
            (date!(2025 - 11 - 11), Refuse(Refusal::NoticeNeedsCard)),
            (date!(2025 - 11 - 12), AcceptIfNumberQueryConfirms),
            (date!(2025 - 12 - 01), AcceptIfNumberQueryConfirms),
            (date!(2025 - 12 - 02), AcceptIfNumberQueryConfirms),
            (date!(2026 - 03 - 31), AcceptIfNumberQueryConfirms),
            (date!(2026 - 04 - 01), Refuse(Refusal::NoticeNeedsCard)),
        ] {
            cases.push(case(alone, visit, kind, nothing_entered(), expected));
        }
    }
    let unprinted =
        "old card without a printed end: valid until 2025-12-01, then the measure to 2026-03-31";
    let own_end = "old card with its own earlier end (most 国保 and 後期 cards: 2025-07-31)";
    let early = "old card expired before the first 事務連絡 (2025-06-27): no measure before it";
    let later = "old card printed later than the statutory end: still ends on 2025-12-01";
    for (why, facts, visit, expected) in [
        (unprinted, None, date!(2025 - 12 - 01), Accept),
        (
            unprinted,
            None,
            date!(2025 - 12 - 02),
            AcceptIfNumberQueryConfirms,
        ),
        (
            unprinted,
            None,
            date!(2026 - 03 - 31),
            AcceptIfNumberQueryConfirms,
        ),
        (
            unprinted,
            None,
            date!(2026 - 04 - 01),
            Refuse(Refusal::OldCardExpired),
        ),
        (
            own_end,
            Some(date!(2025 - 07 - 31)),
            date!(2025 - 07 - 31),
            Accept,
        ),
        (
            own_end,
            Some(date!(2025 - 07 - 31)),
            date!(2025 - 08 - 01),
            AcceptIfNumberQueryConfirms,
        ),
        (
            own_end,
            Some(date!(2025 - 07 - 31)),
            date!(2026 - 03 - 31),
            AcceptIfNumberQueryConfirms,
        ),
        (
            own_end,
            Some(date!(2025 - 07 - 31)),
            date!(2026 - 04 - 01),
            Refuse(Refusal::OldCardExpired),
        ),
        (
            early,
            Some(date!(2025 - 05 - 31)),
            date!(2025 - 06 - 26),
            Refuse(Refusal::OldCardExpired),
        ),
        (
            early,
            Some(date!(2025 - 05 - 31)),
            date!(2025 - 06 - 27),
            AcceptIfNumberQueryConfirms,
        ),
        (
            later,
            Some(date!(2026 - 09 - 30)),
            date!(2025 - 12 - 01),
            Accept,
        ),
        (
            later,
            Some(date!(2026 - 09 - 30)),
            date!(2025 - 12 - 02),
            AcceptIfNumberQueryConfirms,
        ),
        (
            later,
            Some(date!(2026 - 09 - 30)),
            date!(2026 - 04 - 01),
            Refuse(Refusal::OldCardExpired),
        ),
    ] {
        cases.push(case(
            why,
            visit,
            OldInsuranceCard,
            old_card(facts),
            expected,
        ));
    }
    for visit in [date!(2025 - 12 - 01), date!(2026 - 04 - 01)] {
        cases.push(case(
            "nothing shown: the statement path",
            visit,
            Nothing,
            nothing_entered(),
            Decision::StatementOfQualification,
        ));
    }
    cases
}

/// Every case of the table, each wrong decision named (all of them, not the first only).
#[test]
fn every_case_of_the_table_is_decided_as_the_rules_say() {
    let cases = cases();
    assert_eq!(cases.len(), 47, "a row went missing");
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|c| {
            let decided = decide(c.visit, c.kind, &c.facts);
            (decided != c.expected).then(|| {
                format!(
                    "{}: {:?} on {}: {decided:?}, expected {:?}",
                    c.why, c.kind, c.visit, c.expected
                )
            })
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
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
        basis: Basis {
            ja: "仮の延長",
            en: "hypothetical extension",
        },
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
