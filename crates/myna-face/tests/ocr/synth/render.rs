//! The rendered card: the same seed gives the same pixels, and each field's print lies inside
//! its band of `myna_face::ocr::layout`.

use myna_face::ocr::layout::{self, CARD_HEIGHT, CARD_WIDTH};
use myna_synth::card_front::CardFront;
use myna_synth::{DEVELOPMENT_SEED, item_seed};

#[test]
fn the_same_seed_renders_the_same_card_and_another_seed_another() {
    let Some(renderer) = super::renderer() else {
        return;
    };
    let card = CardFront::random(1);
    let a = renderer.render(&card, 1).unwrap().picture;
    let b = renderer.render(&card, 1).unwrap().picture;
    let c = renderer.render(&card, 2).unwrap().picture;
    assert_eq!((a.width(), a.height()), (CARD_WIDTH, CARD_HEIGHT));
    assert!(a.rgb() == b.rgb());
    assert!(a.rgb() != c.rgb());
}

#[test]
fn each_field_is_printed_inside_its_band_and_only_there() {
    let Some(renderer) = super::renderer() else {
        return;
    };
    for i in 0..12 {
        let seed = item_seed(DEVELOPMENT_SEED, i);
        let card = CardFront::random(seed);
        let whole = renderer.render(&card, seed).unwrap().picture;
        for band in layout::BANDS {
            // The card with the field left out differs from the whole card exactly where the
            // field's ink is.
            let without = renderer
                .render_without(&card, seed, band.field)
                .unwrap()
                .picture;
            let mut inked = 0;
            let mut dark = 0;
            for (p, (a, b)) in whole
                .rgb()
                .chunks_exact(3)
                .zip(without.rgb().chunks_exact(3))
                .enumerate()
            {
                if a == b {
                    continue;
                }
                let (x, y) = (
                    (p % CARD_WIDTH as usize) as u32,
                    (p / CARD_WIDTH as usize) as u32,
                );
                assert!(
                    (band.left..band.left + band.width).contains(&x)
                        && (band.top..band.top + band.height).contains(&y),
                    "card {i}: {:?} ink at ({x}, {y}) outside {band:?}",
                    band.field
                );
                inked += 1;
                dark += usize::from(a.iter().map(|&c| u32::from(c)).sum::<u32>() < 3 * 110);
            }
            assert!(
                dark > 150,
                "card {i}: {:?} has only {dark} dark pixels ({inked} changed)",
                band.field
            );
        }
    }
}
