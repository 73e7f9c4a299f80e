//! The `myna-gateway` command as a user types it: each case in `tests/cmd` is a command line with its
//! exit code and output (`TRYCMD=overwrite cargo test -p myna-gateway --test cli` rewrites them).

#[test]
fn cli() {
    trycmd::TestCases::new().case("tests/cmd/*.md");
}
