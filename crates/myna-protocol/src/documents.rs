//! Documents staff may accept when the card path did not settle a visit (docs/domain/eligibility.md
//! §4, §5). Pure: no I/O, no clock; the caller passes the visit date.
//!
//! The dated rules live in one table, [`RULES`]: a visit gets the first row whose period holds
//! its date and whose situations include the visit's. Changing what a date allows (an extension
//! of the transitional measure, a new 事務連絡) is a row in that table, nothing else.
//!
//! What is fixed by the document itself, not by a date, is checked before the table: a
//! 資格確認書 or 資格情報のお知らせ past the expiry printed on it is refused whatever the date.

use time::Date;
use time::macros::date;

/// What the patient shows staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentKind {
    /// 資格確認書: issued to people without a マイナ保険証; works like the old card until the
    /// expiry printed on it.
    QualificationCertificate,
    /// 資格情報のお知らせ (資格情報通知書): valid only together with the マイナ保険証.
    QualificationInfoNotice,
    /// The マイナポータル「医療保険の資格情報」 screen: same standing as the お知らせ.
    MynaPortalScreen,
    /// An old health insurance card (従来の健康保険証), no longer issued since 2024-12-02.
    OldInsuranceCard,
    /// None of these: the 被保険者資格申立書 path.
    Nothing,
}

impl DocumentKind {
    /// Every kind, in the order staff are offered them.
    pub const ALL: [DocumentKind; 5] = [
        DocumentKind::QualificationCertificate,
        DocumentKind::QualificationInfoNotice,
        DocumentKind::MynaPortalScreen,
        DocumentKind::OldInsuranceCard,
        DocumentKind::Nothing,
    ];

    /// The facts staff are asked for with this document (the fields the staff screen shows).
    pub fn facts_asked(self) -> &'static [Fact] {
        match self {
            DocumentKind::QualificationCertificate => &[Fact::DocumentExpiry],
            DocumentKind::QualificationInfoNotice => &[Fact::CardPresent, Fact::DocumentExpiry],
            DocumentKind::MynaPortalScreen => &[Fact::CardPresent],
            DocumentKind::OldInsuranceCard => &[Fact::OldCardValidUntil],
            DocumentKind::Nothing => &[],
        }
    }
}

impl DocumentKind {
    /// A stable code for the audit log and the staff texts.
    pub fn code(self) -> &'static str {
        match self {
            DocumentKind::QualificationCertificate => "qualification_certificate",
            DocumentKind::QualificationInfoNotice => "qualification_info_notice",
            DocumentKind::MynaPortalScreen => "myna_portal_screen",
            DocumentKind::OldInsuranceCard => "old_insurance_card",
            DocumentKind::Nothing => "nothing",
        }
    }
}

impl Decision {
    /// A stable code for the audit log and the staff texts.
    pub fn code(self) -> &'static str {
        match self {
            Decision::Accept => "accept",
            Decision::AcceptIfNumberQueryConfirms => "accept_if_number_query_confirms",
            Decision::Refuse(Refusal::DocumentExpired) => "refuse_document_expired",
            Decision::Refuse(Refusal::NoticeNeedsCard) => "refuse_notice_needs_card",
            Decision::Refuse(Refusal::OldCardExpired) => "refuse_old_card_expired",
            Decision::StatementOfQualification => "statement_of_qualification",
            Decision::NeedsFact(fact) => match fact {
                Fact::CardPresent => "needs_card_present",
                Fact::DocumentExpiry => "needs_document_expiry",
                Fact::OldCardValidUntil => "needs_old_card_valid_until",
            },
        }
    }
}

/// What staff entered about the document. Only the facts the kind needs are read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DocumentFacts {
    /// Staff saw the patient's My Number Card (お知らせ and Portal screen only).
    pub card_present: bool,
    /// The expiry printed on a 資格確認書 (required) or on an お知らせ (70–74 year olds' お知らせ
    /// are renewed yearly; those under 70 carry none, so it is optional there).
    pub document_expiry: Option<Date>,
    /// The old card's own end of validity as printed; `None` when none is printed (then only the
    /// statutory end applies).
    pub old_card_valid_until: Option<Date>,
}

/// What staff may do. The UI maps each variant to its Japanese and English staff text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Decision {
    /// Accept at the normal ratio; staff type the insurance numbers from the document (a
    /// number query may still be run to see the current eligibility, but is not required).
    Accept,
    /// Accept at the normal ratio only when an insurance-number query (照会区分 2, numbers
    /// typed from the document) answers 有効 with exactly one match; otherwise refuse.
    AcceptIfNumberQueryConfirms,
    /// The document cannot be accepted; staff ask for another one, or take the 申立書 path.
    Refuse(Refusal),
    /// The patient fills in a 被保険者資格申立書; the clinic claims with 保険者番号 "不詳".
    StatementOfQualification,
    /// Staff must enter this fact before a decision can be made.
    NeedsFact(Fact),
}

/// Why a document is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Refusal {
    /// The visit is after the expiry printed on the 資格確認書 or お知らせ.
    DocumentExpired,
    /// お知らせ or Portal screen without the card, outside the transitional measure.
    NoticeNeedsCard,
    /// Old card past its own end or the statutory end, outside the transitional measure.
    OldCardExpired,
}

/// A fact staff enter about the document ([`DocumentFacts`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fact {
    /// Staff saw the My Number Card (`card_present`).
    CardPresent,
    /// The expiry printed on the document (`document_expiry`): required for a 資格確認書,
    /// optional on an お知らせ.
    DocumentExpiry,
    /// The end of validity printed on an old card (`old_card_valid_until`), if any.
    OldCardValidUntil,
}

/// The visit's case, derived from the document kind and the facts, that the dated table decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Situation {
    /// 資格確認書 on or before its printed expiry.
    CertificateInForce,
    /// お知らせ or Portal screen shown together with the card.
    NoticeWithCard,
    /// お知らせ or Portal screen without the card.
    NoticeAlone,
    /// Old card, visit on or before the end printed on it (or none printed).
    OldCardWithinItsDate,
    /// Old card, visit after the end printed on it.
    OldCardPastItsDate,
}

/// One row of the rules table: for visits from `from` to `until` (both inclusive), the
/// situations in `applies_to` get `decision`. `basis` names the source, for the audit and staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub applies_to: &'static [Situation],
    pub from: Date,
    pub until: Date,
    pub decision: Decision,
    pub basis: Basis,
}

/// A rule's basis in the two languages of the staff screens, Japanese and English: the kiosk
/// desk and the staff console both show it from here, in the language staff chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Basis {
    pub ja: &'static str,
    pub en: &'static str,
}

use Decision::{Accept, AcceptIfNumberQueryConfirms};
use Situation::*;

const fn rule(
    applies_to: &'static [Situation],
    from: Date,
    until: Date,
    decision: Decision,
    (ja, en): (&'static str, &'static str),
) -> Rule {
    Rule {
        applies_to,
        from,
        until,
        decision,
        basis: Basis { ja, en },
    }
}

/// Documents that carry eligibility by themselves (or with the card) on any date.
const VALID_DOCUMENTS: &[Situation] = &[CertificateInForce, NoticeWithCard];
const OLD_CARD_IN_FORCE: &[Situation] = &[OldCardWithinItsDate];
const EXPIRED_OLD_CARD: &[Situation] = &[OldCardPastItsDate];
/// Everything the transitional measure covers: the お知らせ alone and an old card past its own
/// end or the statutory end (an old card within its printed date is past the statutory end
/// whenever the row before it no longer matches).
const TRANSITIONAL: &[Situation] = &[NoticeAlone, OldCardWithinItsDate, OldCardPastItsDate];
/// For rows without a start or an end.
const ALWAYS_FROM: Date = Date::MIN;
const OPEN_END: Date = Date::MAX;

/// The dated rules (docs/domain/eligibility.md §5). First matching row wins; a situation no row
/// matches on the visit date is refused (see [`refusal_for`]).
///
/// The transitional measure ends on 2026-03-31; whether it is extended is UNCONFIRMED (nothing
/// found). An extension is one more row, e.g.
/// `rule(TRANSITIONAL, date!(2026-04-01), date!(2026-09-30), AcceptIfNumberQueryConfirms, ("事務連絡 …", "事務連絡 …")),`
#[rustfmt::skip]
pub const RULES: &[Rule] = &[
    rule(VALID_DOCUMENTS,   ALWAYS_FROM,       OPEN_END,          Accept, (
        "資格確認書は記載の有効期限まで、資格情報のお知らせ・マイナポータルの画面はマイナンバーカードと併せて",
        "資格確認書 (eligibility certificate) until its printed expiry; 資格情報のお知らせ (eligibility notice) or the マイナポータル screen together with the card",
    )),
    rule(OLD_CARD_IN_FORCE, ALWAYS_FROM,       date!(2025-12-01), Accept, (
        "従来の保険証は記載の有効期限まで、遅くとも2025-12-01まで（改正健康保険法 経過措置）",
        "old insurance card until its own end, at the latest 2025-12-01 (改正健康保険法 経過措置, the amended Health Insurance Act's transitional provision)",
    )),
    rule(EXPIRED_OLD_CARD,  date!(2025-06-27), date!(2026-03-31), AcceptIfNumberQueryConfirms, (
        "有効期限の過ぎた従来の保険証は、オンラインの番号照会と併せて（事務連絡 2025-06-27）",
        "expired old insurance card, with an online number query (事務連絡 2025-06-27, MHLW notice)",
    )),
    rule(TRANSITIONAL,      date!(2025-11-12), date!(2026-03-31), AcceptIfNumberQueryConfirms, (
        "資格情報のお知らせだけ、または有効期限の過ぎた従来の保険証は、オンラインの番号照会と併せて（事務連絡 2025-11-12）",
        "eligibility notice (お知らせ) alone, or an expired old insurance card, with an online number query (事務連絡 2025-11-12, MHLW notice)",
    )),
];

/// What staff may do for a visit on `visit` when the patient shows `kind`, under [`RULES`].
pub fn decide(visit: Date, kind: DocumentKind, facts: &DocumentFacts) -> Decision {
    decide_with(RULES, visit, kind, facts)
}

/// The row of [`RULES`] that decides the visit, if any (for showing or auditing its basis).
pub fn rule_in_force(
    visit: Date,
    kind: DocumentKind,
    facts: &DocumentFacts,
) -> Option<&'static Rule> {
    let situation = situation(visit, kind, facts).ok()??;
    find(RULES, visit, situation)
}

/// [`decide`] under another table: how a changed table is tested before it replaces [`RULES`].
pub fn decide_with(
    rules: &[Rule],
    visit: Date,
    kind: DocumentKind,
    facts: &DocumentFacts,
) -> Decision {
    match situation(visit, kind, facts) {
        Err(decision) => decision,
        Ok(None) => Decision::StatementOfQualification,
        Ok(Some(situation)) => find(rules, visit, situation)
            .map(|rule| rule.decision)
            .unwrap_or(Decision::Refuse(refusal_for(situation))),
    }
}

fn find(rules: &[Rule], visit: Date, situation: Situation) -> Option<&Rule> {
    rules.iter().find(|rule| {
        rule.applies_to.contains(&situation) && rule.from <= visit && visit <= rule.until
    })
}

/// The refusal when no row allows a situation on the visit date.
fn refusal_for(situation: Situation) -> Refusal {
    match situation {
        CertificateInForce | NoticeWithCard => Refusal::DocumentExpired,
        NoticeAlone => Refusal::NoticeNeedsCard,
        OldCardWithinItsDate | OldCardPastItsDate => Refusal::OldCardExpired,
    }
}

/// The situation the table decides; `Ok(None)` for no document; `Err` for a decision made from
/// the document alone (printed expiry passed, a fact missing).
fn situation(
    visit: Date,
    kind: DocumentKind,
    facts: &DocumentFacts,
) -> Result<Option<Situation>, Decision> {
    let expired = |expiry: Date| visit > expiry;
    let situation = match kind {
        DocumentKind::QualificationCertificate => match facts.document_expiry {
            None => return Err(Decision::NeedsFact(Fact::DocumentExpiry)),
            Some(expiry) if expired(expiry) => {
                return Err(Decision::Refuse(Refusal::DocumentExpired));
            }
            Some(_) => CertificateInForce,
        },
        DocumentKind::QualificationInfoNotice if facts.document_expiry.is_some_and(expired) => {
            return Err(Decision::Refuse(Refusal::DocumentExpired));
        }
        DocumentKind::QualificationInfoNotice | DocumentKind::MynaPortalScreen => {
            if facts.card_present {
                NoticeWithCard
            } else {
                NoticeAlone
            }
        }
        DocumentKind::OldInsuranceCard => match facts.old_card_valid_until {
            Some(end) if expired(end) => OldCardPastItsDate,
            _ => OldCardWithinItsDate,
        },
        DocumentKind::Nothing => return Ok(None),
    };
    Ok(Some(situation))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_ordered_periods() {
        for rule in RULES {
            assert!(rule.from <= rule.until, "{}", rule.basis.en);
            assert!(!rule.applies_to.is_empty(), "{}", rule.basis.en);
            // Each language on its own: no English words in the Japanese, words in the English.
            let Basis { ja, en } = rule.basis;
            assert!(!ja.chars().any(|c| c.is_ascii_alphabetic()), "{ja}");
            assert!(
                en.split(' ')
                    .filter(|w| w.chars().all(|c| c.is_ascii_lowercase()))
                    .count()
                    >= 3,
                "{en}"
            );
        }
    }

    #[test]
    fn every_fact_a_decision_needs_is_asked() {
        for kind in DocumentKind::ALL {
            if let Decision::NeedsFact(fact) =
                decide(date!(2026 - 01 - 10), kind, &DocumentFacts::default())
            {
                assert!(kind.facts_asked().contains(&fact), "{kind:?} {fact:?}");
            }
        }
        assert!(DocumentKind::Nothing.facts_asked().is_empty());
    }

    #[test]
    fn basis_of_the_transitional_measure_is_shown() {
        let facts = DocumentFacts::default();
        let rule = rule_in_force(
            date!(2026 - 01 - 10),
            DocumentKind::QualificationInfoNotice,
            &facts,
        );
        assert_eq!(rule.map(|r| r.until), Some(date!(2026 - 03 - 31)));
        // In both languages, each with the notice it rests on.
        let basis = rule.map(|r| r.basis);
        assert!(basis.is_some_and(|b| b.ja.contains("事務連絡 2025-11-12")));
        assert!(basis.is_some_and(|b| b.en.contains("online number query")));
        assert!(
            rule_in_force(
                date!(2026 - 04 - 01),
                DocumentKind::QualificationInfoNotice,
                &facts
            )
            .is_none()
        );
        assert!(rule_in_force(date!(2026 - 04 - 01), DocumentKind::Nothing, &facts).is_none());
    }
}
