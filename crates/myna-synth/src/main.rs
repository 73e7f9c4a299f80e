//! `myna-synth`: writes sets of photographed synthetic card fronts, and runs the card-front OCR
//! benchmark on the held-out set (scripts/bench/card-front-ocr.sh).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
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
    /// Reads the three bands of each card, rectified with the TRUE corners (ground truth).
    Bench {
        #[arg(long, default_value_t = HELD_OUT_SEED)]
        seed: u64,
        #[arg(long, default_value_t = 500)]
        count: u64,
        /// Frames per card (10 a second: 30 is the 3 s).
        #[arg(long, default_value_t = 1)]
        frames: usize,
        #[arg(long, default_value = "assets/models")]
        models: PathBuf,
        #[arg(long, default_value = "fixtures/faces")]
        faces: PathBuf,
        /// Writes each misread frame, rectified, and what it read, into this folder.
        #[arg(long)]
        misread: Option<PathBuf>,
    },
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
        Command::Bench {
            seed,
            count,
            frames,
            models,
            faces,
            misread,
        } => {
            let options = bench::Options {
                seed,
                count,
                frames,
                models_dir: models,
                faces_dir: faces,
                misread_dir: misread,
            };
            let held_out = if seed == HELD_OUT_SEED {
                "held-out set"
            } else {
                "NOT the held-out set"
            };
            let report = bench::run(&options, &mut bench::ground_truth, &mut std::io::stderr())?;
            println!(
                "{}",
                report.table(&format!(
                    "{held_out}, seed {seed}; GROUND-TRUTH corners, not the card finder"
                ))
            );
        }
    }
    Ok(())
}
