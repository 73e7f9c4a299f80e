//! Face pipeline timings and the distance table, on the registry photos that
//! scripts/fetch-models.sh puts in fixtures/faces/. Run on a release build:
//!   cargo run --release --example face-bench
use std::path::Path;
use std::time::Instant;

use myna_kiosk::identity::face::{FaceConfig, FaceMatcher, Picture, TurnDirection, yaw};

const PHOTOS: &[&str] = &[
    "obama.jpg",
    "obama2.jpg",
    "obama3.jpg",
    "biden.jpg",
    "astronaut.png",
];

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new("fixtures/faces");
    let before = rss_kib();
    let t = Instant::now();
    let matcher = FaceMatcher::load(&FaceConfig::default())?;
    println!(
        "model load: {:.0} ms, resident memory +{} MiB",
        t.elapsed().as_secs_f64() * 1e3,
        (rss_kib().saturating_sub(before)) / 1024
    );
    let mut embedded = Vec::new();
    for name in PHOTOS {
        let picture = Picture::decode(&std::fs::read(dir.join(name))?)?.to_grey();
        let t = Instant::now();
        let faces = matcher.detect(&picture)?;
        let detect = t.elapsed();
        for f in &faces {
            println!(
                "  face at ({:.0},{:.0}) {:.0}x{:.0} score {:.2}",
                f.left, f.top, f.width, f.height, f.score
            );
        }
        let t = Instant::now();
        let (embedding, face) = matcher.embed_single_face(&picture, 30.0)?;
        let align_embed = t.elapsed();
        println!(
            "{name:14} {}x{}: {} face(s), detect {:.1} ms, detect+align+embed {:.1} ms, eyes {:.0} px, yaw {:+.3}",
            picture.width(),
            picture.height(),
            faces.len(),
            detect.as_secs_f64() * 1e3,
            (detect + align_embed).as_secs_f64() * 1e3,
            face.eye_distance(),
            yaw(&face)
        );
        embedded.push((name, embedding));
    }
    let jp2 = std::fs::read(dir.join("face-test-card.jp2"))?;
    let t = Instant::now();
    let photo = Picture::decode_jpeg2000(&jp2)?;
    let decode = t.elapsed();
    let t = Instant::now();
    let check = matcher.enroll_picture(&photo, TurnDirection::PictureLeft)?;
    println!(
        "card photo JP2 {}x{}: decode {:.1} ms, enrol {:.1} ms ({check:?})",
        photo.width(),
        photo.height(),
        decode.as_secs_f64() * 1e3,
        t.elapsed().as_secs_f64() * 1e3
    );
    println!("\nL2 distances (grey):");
    for (i, (a, ea)) in embedded.iter().enumerate() {
        for (b, eb) in &embedded[i + 1..] {
            println!("  {a:14} {b:14} {:.3}", ea.distance(eb));
        }
    }
    Ok(())
}
