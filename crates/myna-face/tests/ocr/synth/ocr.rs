//! Renderer, layout and recogniser fit together: the three bands cropped straight from the
//! rendered card (no photograph) read as printed, with each field's alphabet.

use myna_face::ocr::Recogniser;
use myna_face::ocr::layout::Field;
use myna_synth::card_front::{BirthPrint, CardFront, Renderer};
use myna_synth::{DEVELOPMENT_SEED, bench, item_seed};

/// The renderer and a recogniser of its own (`FrameReader` takes one), or None (locally) when
/// a font or the model is missing.
fn setup() -> Option<(&'static Renderer, Recogniser)> {
    let renderer = super::renderer()?;
    match Recogniser::load(&super::models_dir()) {
        Ok(r) => Some((renderer, r)),
        Err(e) => {
            super::skip_or_fail(&format!("{e} (run scripts/fetch-ocr-models.sh)"));
            None
        }
    }
}

#[test]
fn the_bands_of_a_rendered_card_read_as_printed() {
    let Some((renderer, recogniser)) = setup() else {
        return;
    };
    let mut cards: Vec<(CardFront, u64)> = (0..20)
        .map(|i| {
            let seed = item_seed(DEVELOPMENT_SEED, i);
            (CardFront::random(seed), seed)
        })
        .collect();
    // The cases 20 random cards may miss: 元年, a Western-printed date, one-digit fields.
    let mut gannen = CardFront::random(1);
    gannen.birth = time::macros::date!(2019 - 05 - 01);
    gannen.birth_print = BirthPrint::Era;
    gannen.expiry = time::macros::date!(2029 - 05 - 01);
    let mut western = CardFront::random(2);
    western.birth_print = BirthPrint::Western;
    cards.extend([(gannen, 101), (western, 102)]);
    let mut wrong = Vec::new();
    for (card, seed) in &cards {
        let rendered = renderer.render(card, *seed).unwrap();
        let texts = bench::read_bands(&recogniser, &rendered.picture).unwrap();
        for (field, text) in [Field::BirthDate, Field::Expiry, Field::SecurityCode]
            .into_iter()
            .zip(&texts)
        {
            let printed = card.printed(field);
            eprintln!("seed {seed} {field:?}: {printed:?} -> {text:?}");
            if bench::without_spaces(text) != bench::without_spaces(&printed) {
                wrong.push(format!("seed {seed} {field:?}: {printed:?} read {text:?}"));
            }
        }
    }
    assert!(wrong.is_empty(), "misread: {wrong:#?}");
}

#[test]
fn ground_truth_rectification_of_a_clean_photograph_reads_as_printed() {
    let Some((renderer, recogniser)) = setup() else {
        return;
    };
    // Big, sharp and square-ish: the rectified card must read like the rendered one, which
    // checks the corners and the rectification together.
    let mut conditions = myna_synth::photograph::Conditions::clean();
    conditions.fill = (0.85, 0.85);
    conditions.max_tilt = 5.0;
    conditions.max_roll = 5.0;
    for i in 0..3 {
        let seed = item_seed(DEVELOPMENT_SEED, i);
        let card = CardFront::random(seed);
        let rendered = renderer.render(&card, seed).unwrap();
        let shot = myna_synth::photograph::shoot(&rendered.picture, seed, &conditions).unwrap();
        let rectified = bench::ground_truth(&shot.picture, &shot.corners).unwrap();
        let texts = bench::read_bands(&recogniser, &rectified).unwrap();
        let printed: Vec<String> = [Field::BirthDate, Field::Expiry, Field::SecurityCode]
            .map(|f| bench::without_spaces(&card.printed(f)))
            .into();
        let read: Vec<String> = texts.iter().map(|t| bench::without_spaces(t)).collect();
        assert_eq!(read, printed, "seed {seed}");
    }
}

/// The demo's card-front frames (`myna-synth front`, scripts/demo.sh): the face-test card's
/// front, read by the kiosk's own `FrameReader` as that card's 照合番号B.
#[test]
fn the_demo_cards_front_is_read_as_its_code() {
    let Some((renderer, recogniser)) = setup() else {
        return;
    };
    let profile = super::repo_root().join("fixtures/cards/face-test.toml");
    let card = myna_synth::profile::holder_front(&profile).unwrap();
    let shots = myna_synth::profile::front_frames(&card, renderer, 10).unwrap();
    let mut reader = myna_face::ocr::card_front::FrameReader::new(recogniser);
    let read = shots
        .iter()
        .find_map(|shot| reader.read_frame(&shot.picture).unwrap().code);
    let read = read.expect("no code agreed in 10 frames");
    assert_eq!(read.digits().as_slice(), b"36080420344817");
}
