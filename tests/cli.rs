//! The `myna-kiosk` command as a user types it: each case in `tests/cmd` is a command line with
//! its exit code and output, for the commands that need no card and no gateway
//! (`TRYCMD=overwrite cargo test --test cli` rewrites them after a deliberate change). The
//! usage errors of `check` keep the check contract (exit 64 and one JSON object,
//! docs/integrators.md); clap's own errors exit 2, as for the other binaries.

#[test]
fn cli() {
    trycmd::TestCases::new().case("tests/cmd/*.md");
}
