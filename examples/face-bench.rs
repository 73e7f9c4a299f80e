//! Face pipeline timings and the distance table, on the registry photos that
//! scripts/fetch-models.sh puts in fixtures/faces/. Run on a release build:
//!   cargo run --release --example face-bench
use std::path::Path;
use std::time::Instant;

use myna_kiosk::identity::face::{
    FaceConfig, FaceMatcher, FrameSourceKind, Picture, Progress, TurnDirection, Verdict,
    open_source_for, yaw,
};

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

/// Time from the card photo (JP2 bytes) to the verdict on the fixture sequence
/// (`fixtures/faces/sequence`, scripts/models/face-frames.sh), read as the kiosk reads it.
fn sequence(matcher: &FaceMatcher, jp2: &[u8]) -> Result<(), Box<dyn std::error::Error>> {
    let config = FaceConfig {
        source: FrameSourceKind::Files,
        path: Some("fixtures/faces/sequence".into()),
        ..FaceConfig::default()
    };
    let mut source = open_source_for(&config, TurnDirection::PictureLeft)?;
    let mut frames = Vec::new();
    while let Some(frame) = source.next_frame()? {
        frames.push(frame);
    }
    let t = Instant::now();
    let mut check = matcher.enroll_card_photo(jp2, TurnDirection::PictureLeft)?;
    let mut verdict = Verdict::Inconclusive;
    let mut per_frame = Vec::new();
    for f in &frames {
        let tf = Instant::now();
        let progress = check.check_frame(f)?;
        per_frame.push(tf.elapsed().as_secs_f64() * 1e3);
        if let Progress::Done(v) = progress {
            verdict = v;
            break;
        }
    }
    println!(
        "fixture sequence (640x480 frames): {verdict:?} after {} frames, {:.0} ms from card photo to verdict; per frame {:?} ms",
        per_frame.len(),
        t.elapsed().as_secs_f64() * 1e3,
        per_frame.iter().map(|v| v.round()).collect::<Vec<_>>()
    );
    let mut sorted = per_frame.clone();
    sorted.sort_by(f64::total_cmp);
    println!(
        "TABLE|Face|per 640×480 frame: detect + align + embed (median)|{:.0} ms|||",
        sorted.get(sorted.len() / 2).copied().unwrap_or(f64::NAN)
    );
    println!(
        "TABLE|Face|card photo to verdict, {}-frame fixture sequence|{:.0} ms|||",
        per_frame.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new("fixtures/faces");
    let before = rss_kib();
    let t = Instant::now();
    let matcher = FaceMatcher::load(&FaceConfig::default())?;
    let (load, grown) = (t.elapsed(), rss_kib().saturating_sub(before) / 1024);
    println!(
        "model load: {:.0} ms, resident memory +{grown} MiB",
        load.as_secs_f64() * 1e3
    );
    println!(
        "TABLE|Face|model load (both models)|{:.0} ms|+{grown} MiB resident||",
        load.as_secs_f64() * 1e3
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
    sequence(&matcher, &jp2)?;
    println!("\nL2 distances (grey):");
    for (i, (a, ea)) in embedded.iter().enumerate() {
        for (b, eb) in &embedded[i + 1..] {
            println!("  {a:14} {b:14} {:.3}", ea.distance(eb));
        }
    }
    Ok(())
}
