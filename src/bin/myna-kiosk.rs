//! `myna-kiosk`: the reception kiosk and its integrator commands (the command line is
//! `myna_kiosk::cli`).
#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    myna_kiosk::cli::main()
}
