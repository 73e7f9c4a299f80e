//! The values of a card and 照合番号B built from them.

use myna_synth::card_front::{BirthPrint, CardFront};
use time::Date;
use time::macros::date;

fn card(birth: Date, print: BirthPrint, expiry: Date, code: u16) -> CardFront {
    CardFront {
        birth,
        birth_print: print,
        expiry,
        code,
        pad_digits: true,
        name: "山田　太郎".into(),
        address: ["東京都中央区本町1丁目2番3号".into(), String::new()],
        sex: "男",
    }
}

/// The card with these values prints `birth_line` and gives `code_b`.
fn prints_and_gives(
    (birth, print, expiry, code): (Date, BirthPrint, Date, u16),
    birth_line: &str,
    code_b: &str,
) -> CardFront {
    let c = card(birth, print, expiry, code);
    assert_eq!(c.birth_line(), birth_line);
    assert_eq!(c.expected_code_b(), code_b);
    c
}

#[test]
fn code_b_takes_the_era_year_month_day_expiry_year_and_code() {
    let showa = (
        date!(1980 - 02 - 17),
        BirthPrint::Era,
        date!(2035 - 02 - 17),
        123,
    );
    let c = prints_and_gives(showa, "昭和55年 2月17日生", "55021720350123");
    assert_eq!(c.expiry_line(), "2035年 2月17日まで有効");
    assert_eq!(c.code_line(), "0123");
}

#[test]
fn the_first_year_of_an_era_is_01_and_printed_as_gannen() {
    let reiwa_1 = (
        date!(2019 - 05 - 01),
        BirthPrint::Era,
        date!(2029 - 05 - 01),
        9999,
    );
    prints_and_gives(reiwa_1, "令和元年 5月 1日生", "01050120299999");
    // The last day of 平成 is 平成31年.
    let heisei_31 = (
        date!(2019 - 04 - 30),
        BirthPrint::Era,
        date!(2029 - 04 - 30),
        0,
    );
    prints_and_gives(heisei_31, "平成31年 4月30日生", "31043020290000");
}

#[test]
fn a_western_printed_birth_date_gives_the_era_form_all_the_same() {
    // UNCONFIRMED what the chip expects for foreign residents (docs/card-front-ocr.md §1).
    let western = (
        date!(1980 - 02 - 17),
        BirthPrint::Western,
        date!(2035 - 02 - 17),
        123,
    );
    prints_and_gives(western, "1980年 2月17日生", "55021720350123");
}

#[test]
fn random_cards_are_plausible_and_cover_the_eras_and_both_prints() {
    let cards: Vec<CardFront> = (0..2000).map(CardFront::random).collect();
    let mut seen = std::collections::BTreeSet::new();
    let western = cards
        .iter()
        .filter(|c| c.birth_print == BirthPrint::Western)
        .count();
    for c in &cards {
        let code = c.expected_code_b();
        assert_eq!(code.len(), 14, "{code}");
        assert!(code.bytes().all(|b| b.is_ascii_digit()), "{code}");
        assert!((1925..=2020).contains(&c.birth.year()), "{c:?}");
        assert!((2025..=2036).contains(&c.expiry.year()), "{c:?}");
        assert_eq!(c.expiry.month(), c.birth.month(), "{c:?}");
        if c.birth_print == BirthPrint::Era {
            seen.insert(c.birth_line().chars().take(2).collect::<String>());
        }
    }
    assert_eq!(
        seen,
        ["令和", "大正", "平成", "昭和"]
            .map(String::from)
            .into_iter()
            .collect()
    );
    assert!((100..300).contains(&western), "{western} of 2000 Western");
    assert_eq!(CardFront::random(7), CardFront::random(7));
    assert_ne!(CardFront::random(7), CardFront::random(8));
}

#[test]
fn the_face_test_cards_front_carries_its_code() {
    let path = crate::repo_root().join("fixtures/cards/face-test.toml");
    let front = myna_synth::profile::holder_front(&path).unwrap();
    // 昭和36年8月4日, expiry 2034, security code 4817 (tests/it/faults_card_pulled.rs).
    assert_eq!(front.expected_code_b(), "36080420344817");
}
