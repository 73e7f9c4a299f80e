//! The fixtures look like what a real counter sees (issue 16, part 5), checked over the files
//! themselves so that a new fixture that breaks a rule fails here, naming the file:
//! insurer numbers pass their check digit, synthetic Individual Numbers fail theirs, no two
//! persons share one 記号/番号/枝番, 高齢受給者証 dates follow the age rules, and a face-only card
//! has no signing certificate.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use myna_kiosk::gateway::data::{Person, parse_person};
use myna_kiosk::insurer_number;
use myna_kiosk::sim::profile::{Profile, is_valid_individual_number};
use time::{Date, Duration, Month, macros::format_description};

fn fixtures(sub: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(sub);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(
        files.len() > 5,
        "{}: the fixtures are missing",
        dir.display()
    );
    files
}

fn persons() -> Vec<Person> {
    fixtures("insured")
        .iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            parse_person(
                &format!("insured/{name}"),
                &std::fs::read_to_string(path).unwrap(),
            )
            .unwrap_or_else(|e| panic!("insured/{name}: {e}"))
        })
        .collect()
}

fn profiles() -> Vec<(String, Profile)> {
    fixtures("cards")
        .iter()
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            (name, Profile::load(path).unwrap().0)
        })
        .collect()
}

fn date(text: &str) -> Date {
    Date::parse(text, format_description!("[year]-[month]-[day]")).unwrap()
}

fn first_of_next_month(day: Date) -> Date {
    let (year, month) = match day.month() {
        Month::December => (day.year() + 1, Month::January),
        month => (day.year(), month.next()),
    };
    Date::from_calendar_date(year, month, 1).unwrap()
}

/// The `age`-th birthday (a 29 February birth has it on 1 March in other years).
fn birthday(birth: Date, age: i32) -> Date {
    birth
        .replace_year(birth.year() + age)
        .unwrap_or_else(|_| Date::from_calendar_date(birth.year() + age, Month::March, 1).unwrap())
}

/// The first day of the 高齢受給者証: the 1st of the month after the one in which the person
/// reaches 70 (健康保険法 第74条: 七十歳に達する日の属する月の翌月以後), where one reaches an age
/// on the day before the birthday (年齢計算ニ関スル法律). So: the 1st of the month after the 70th
/// birthday, or, for a birthday on a 1st, the 1st of the birthday month itself — as insurers
/// tell patients ("70歳の誕生日の翌月から(誕生日が1日の人はその月から)", town.iwanai.hokkaido.jp).
fn elderly_first_day(birth: Date) -> Date {
    first_of_next_month(birthday(birth, 70) - Duration::days(1))
}

#[test]
fn the_elderly_rule_itself() {
    for (birth, first) in [
        ("1956-07-01", "2026-07-01"), // on a 1st: that month
        ("1956-07-02", "2026-08-01"),
        ("1956-07-31", "2026-08-01"),
        ("1956-12-15", "2027-01-01"),
        ("1957-01-01", "2027-01-01"),
        ("1956-02-29", "2026-03-01"), // reaches 70 on 28 February
    ] {
        assert_eq!(elderly_first_day(date(birth)), date(first), "{birth}");
    }
}

#[test]
fn every_insurer_number_passes_its_check_digit() {
    for person in persons() {
        let number = &person.result.insurer_number;
        assert_eq!(
            insurer_number::check(number),
            Ok(()),
            "{}: insurer_number {number}",
            person.source
        );
    }
}

#[test]
fn every_synthetic_individual_number_fails_its_check_digit() {
    let profiles = profiles();
    assert!(profiles.iter().any(|(name, _)| name == "normal"));
    for (name, profile) in profiles {
        let number = &profile.holder.individual_number;
        assert_eq!(number.len(), 12, "cards/{name}.toml");
        assert!(
            !is_valid_individual_number(number),
            "cards/{name}.toml: {number} passes the 個人番号 check digit, so it could be a real \
             person's number; change its last digit"
        );
    }
}

#[test]
fn no_two_persons_share_one_set_of_numbers() {
    let mut seen: HashMap<[String; 4], String> = HashMap::new();
    for person in persons() {
        let r = &person.result;
        let key = [
            r.insurer_number.clone(),
            r.insured_card_symbol.clone().unwrap_or_default(),
            r.insured_identification_number.clone(),
            r.insured_branch_number.clone().unwrap_or_default(),
        ];
        if let Some(other) = seen.insert(key.clone(), person.source.clone()) {
            panic!(
                "{} and {other} are two persons under one 保険者番号/記号/番号/枝番 {key:?}",
                person.source
            );
        }
    }
}

#[test]
fn elderly_certificates_follow_the_age_rules() {
    let mut checked = 0;
    for person in persons() {
        let r = &person.result;
        let Some(elderly) = &r.elderly_recipient_certificate_info else {
            continue;
        };
        checked += 1;
        let birth = date(&r.birthdate);
        let first = elderly_first_day(birth);
        let start = date(&elderly.elderly_recipient_valid_start_date);
        let end = date(&elderly.elderly_recipient_valid_end_date);
        // A later certificate starts on 1 August, when the ratio is judged again each year.
        let renewal = start > first && start.month() == Month::August && start.day() == 1;
        assert!(
            start == first || renewal,
            "{}: born {birth}, the 高齢受給者証 starts {first} (or a later 1 August), not {start}",
            person.source
        );
        // From the 75th birthday the person is 後期高齢者 instead.
        let last = birthday(birth, 75) - Duration::days(1);
        assert!(
            start <= end && end <= last,
            "{}: the 高齢受給者証 ends {end}, after {last} (the day before the 75th birthday)",
            person.source
        );
    }
    assert!(checked > 0, "no fixture has a 高齢受給者証");
}

#[test]
fn a_face_only_card_has_no_signing_certificate() {
    let profiles = profiles();
    let face_only: Vec<&str> = profiles
        .iter()
        .filter(|(_, p)| p.auth_pin.value.is_none())
        .map(|(name, _)| name.as_str())
        .collect();
    assert!(face_only.contains(&"no-pin"), "{face_only:?}");
    for (name, profile) in &profiles {
        if profile.auth_pin.value.is_none() {
            assert_eq!(
                profile.sign_password, None,
                "cards/{name}.toml: a card issued without a PIN has no signing certificate"
            );
        }
    }
}
