//! `myna-synth`: writes sets of photographed synthetic card fronts, and runs the card-front OCR
//! benchmark on the held-out set (scripts/bench/card-front-ocr.sh).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use myna_face::ocr::card_front::AgreementRules;
use myna_synth::photograph::Conditions;
use myna_synth::{DEVELOPMENT_SEED, HELD_OUT_SEED, bench, card_front::Renderer, set};

#[derive(Parser)]
#[command(about = "Synthetic My Number Card fronts for the card-front OCR (issue 20)")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Writes DIR/NNNN.jpg (or DIR/NNNN/frame-KK.jpg with --frames) and DIR/truth.tsv.
    Cards {
        /// The set's seed (default: the development seed; the held-out one is for the benchmark).
        #[arg(long, default_value_t = DEVELOPMENT_SEED)]
        seed: u64,
        #[arg(long, default_value_t = 20)]
        count: u64,
        /// Frames per card: 1 for single shots, more for a sequence at 10 frames a second.
        #[arg(long, default_value_t = 1)]
        frames: usize,
        /// Under target/ or a temporary folder: generated sets are never committed.
        #[arg(long)]
        out: PathBuf,
        /// Where the face photos are (PNG files).
        #[arg(long, default_value = "fixtures/faces")]
        faces: PathBuf,
        /// Also writes each card as rendered, before the photograph (NNNN-card.png).
        #[arg(long)]
        flat: bool,
    },
    /// Writes DIR/frame-KK.jpg: the front of a card profile's holder (fixtures/cards/*.toml)
    /// held to the camera, clean and near, for the demo's card-front camera
    /// (`[face] card_front_path`).
    Front {
        profile: PathBuf,
        #[arg(long, default_value_t = 10)]
        frames: usize,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value = "fixtures/faces")]
        faces: PathBuf,
    },
    /// Runs each card's frames through one FrameReader (finder, reading, agreement) and
    /// reports the shares read right, wrong, given up, the frames and the time per frame.
    Bench {
        /// `held-out` (the default, the figures reported; never tuned on), `dev` (the
        /// development seed: look at misreads only there) or a number.
        #[arg(long, default_value = "held-out", value_parser = parse_seed)]
        seed: u64,
        #[arg(long, default_value_t = 500)]
        count: u64,
        /// Frames per card (10 a second: 30 is the 3 s).
        #[arg(long, default_value_t = 30)]
        frames: usize,
        /// Diagnosis: read at the card's true corners (no finder, no guidance).
        #[arg(long)]
        true_corners: bool,
        /// The virtual patient ignores the screen's guidance (closer, hold still, tilt…) and
        /// only wavers, instead of doing what it asks after half a second.
        #[arg(long)]
        ignore_guidance: bool,
        /// Tuning on the development set: agreeing readings needed of each field (the kiosk's
        /// default: 2).
        #[arg(long)]
        needed: Option<usize>,
        /// Tuning: the window of recent reading frames (default 5).
        #[arg(long)]
        window: Option<usize>,
        /// Tuning: reading frames before giving up (default 20).
        #[arg(long)]
        attempts: Option<u32>,
        #[arg(long, default_value = "assets/models")]
        models: PathBuf,
        #[arg(long, default_value = "fixtures/faces")]
        faces: PathBuf,
        /// Writes, for each card not read right, its last frame and a line of cards.tsv here.
        #[arg(long)]
        misread: Option<PathBuf>,
    },
}

/// `held-out`, `dev` or a number.
fn parse_seed(s: &str) -> Result<u64, String> {
    match s {
        "held-out" => Ok(HELD_OUT_SEED),
        "dev" => Ok(DEVELOPMENT_SEED),
        _ => s
            .parse()
            .map_err(|_| format!("{s}: held-out, dev or a number")),
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("myna-synth: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), myna_synth::SynthError> {
    match cli.command {
        Command::Cards {
            seed,
            count,
            frames,
            out,
            faces,
            flat,
        } => {
            let renderer = Renderer::load(&faces)?;
            let options = set::Options {
                seed,
                count,
                frames,
                flat,
            };
            set::write(&renderer, &out, &options, &Conditions::readable())?;
            println!(
                "{count} cards ({frames} frame(s) each, seed {seed}, {} photos) in {}",
                renderer.photo_count(),
                out.display()
            );
        }
        Command::Front {
            profile,
            frames,
            out,
            faces,
        } => {
            let card = myna_synth::profile::holder_front(&profile)?;
            let shots = myna_synth::profile::front_frames(&card, &Renderer::load(&faces)?, frames)?;
            std::fs::create_dir_all(&out)
                .map_err(|e| myna_synth::SynthError::Io(out.display().to_string(), e))?;
            for (k, shot) in shots.iter().enumerate() {
                let path = out.join(format!("frame-{k:02}.jpg"));
                std::fs::write(&path, &shot.jpeg)
                    .map_err(|e| myna_synth::SynthError::Io(path.display().to_string(), e))?;
            }
            println!(
                "{frames} frames of {}'s front in {}",
                profile.display(),
                out.display()
            );
        }
        Command::Bench {
            seed,
            count,
            frames,
            true_corners,
            ignore_guidance,
            needed,
            window,
            attempts,
            models,
            faces,
            misread,
        } => {
            let corners = if true_corners {
                bench::Corners::True
            } else {
                bench::Corners::Finder
            };
            let options = bench::Options {
                seed,
                count,
                frames,
                corners,
                patient: if ignore_guidance {
                    bench::Patient::Ignores
                } else {
                    bench::Patient::Follows
                },
                rules: {
                    let d = AgreementRules::default();
                    AgreementRules {
                        needed: needed.unwrap_or(d.needed),
                        window: window.unwrap_or(d.window),
                        max_attempts: attempts.unwrap_or(d.max_attempts),
                        ..d
                    }
                },
                models_dir: models,
                faces_dir: faces,
                misread_dir: misread,
            };
            let set = match seed {
                HELD_OUT_SEED => "held-out set".to_string(),
                DEVELOPMENT_SEED => "development set".to_string(),
                _ => format!("seed {seed}, NOT the held-out set"),
            };
            let how = match corners {
                bench::Corners::Finder => "FrameReader",
                bench::Corners::True => "TRUE corners, no finder (diagnosis)",
            };
            let report = bench::run(&options, &mut std::io::stderr())?;
            println!(
                "{}",
                report.table(&format!(
                    "{set}, {frames} frames a card, {how}, the patient {}",
                    if ignore_guidance {
                        "ignoring the guidance"
                    } else {
                        "following the guidance"
                    }
                ))
            );
        }
    }
    Ok(())
}
