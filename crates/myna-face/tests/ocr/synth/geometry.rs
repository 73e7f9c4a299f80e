//! The perspective the photographs are taken with.

use myna_synth::geometry::{Homography, rectangle_corners};

#[test]
fn a_homography_maps_its_four_points_and_back() {
    let from = rectangle_corners(856.0, 540.0);
    let to = [(100.0, 80.0), (520.0, 110.0), (500.0, 390.0), (90.0, 350.0)];
    let h = Homography::from_points(&from, &to).unwrap();
    let back = h.inverse().unwrap();
    for (f, t) in from.iter().zip(&to) {
        let p = h.apply(*f);
        assert!(
            (p.0 - t.0).abs() < 1e-3 && (p.1 - t.1).abs() < 1e-3,
            "{p:?} {t:?}"
        );
        let q = back.apply(*t);
        assert!(
            (q.0 - f.0).abs() < 1e-2 && (q.1 - f.1).abs() < 1e-2,
            "{q:?} {f:?}"
        );
    }
    let line = [(0.0, 0.0), (1.0, 1.0), (2.0, 2.0), (3.0, 3.0)];
    assert!(Homography::from_points(&line, &to).is_none());
}
