//! The 資格確認端末's req/res folders in a temporary directory, for the folder adapter's tests.

use std::fs;
use std::path::PathBuf;

pub struct Folders {
    pub root: tempfile::TempDir,
    pub req: PathBuf,
    pub res: PathBuf,
}

pub fn folders() -> Folders {
    let root = tempfile::tempdir().unwrap();
    let req = root.path().join("req");
    let res = root.path().join("res");
    fs::create_dir(&req).unwrap();
    fs::create_dir(&res).unwrap();
    Folders { root, req, res }
}
