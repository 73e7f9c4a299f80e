//! docs/operators.md (and operators.ja.md, the same block), "Two kiosks and one reception PC":
//! the gateway with a console member, two `myna-kiosk demo --gateway` windows on an Xvfb display
//! reporting to it under their own ids, and chromium signed in as that member, seeing both on
//! the health board. Without Xvfb, chromium or chromedriver: fails in CI, skips loudly elsewhere.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::Locator;
use myna_gateway::Reports;

use super::{block, free_port, script_command};
use crate::common::stack;
use crate::console::{Driver, open, sign_in};

/// The console member's password the block adds.
const SECRET: &str = "reception desk 2026";
const KIOSKS: [&str; 2] = ["counter-a", "counter-b"];

/// An Xvfb display of its own, stopped on drop.
struct Xvfb {
    child: Child,
    display: String,
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Xvfb {
    fn start() -> Option<Self> {
        let found = Command::new("sh")
            .args(["-c", "command -v Xvfb"])
            .output()
            .is_ok_and(|o| o.status.success());
        if !found {
            stack::missing("Xvfb");
            return None;
        }
        let n = (120..400)
            .find(|n| {
                !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
                    && !Path::new(&format!("/tmp/.X{n}-lock")).exists()
            })
            .unwrap();
        let child = Command::new("Xvfb")
            .args([
                &format!(":{n}"),
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let xvfb = Xvfb {
            child,
            display: format!(":{n}"),
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() {
            assert!(Instant::now() < deadline, "Xvfb :{n} did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(xvfb)
    }
}

fn recipe(page: &str) -> String {
    block(page, &["demo --gateway", "counter-b"])
}

#[test]
fn operators_two_kiosks_and_one_reception_pc() {
    let en = recipe("docs/operators.md");
    assert_eq!(
        en,
        recipe("docs/operators.ja.md"),
        "operators.ja.md runs the same commands"
    );
    assert!(en.contains(SECRET), "{en}");
    let Some(xvfb) = Xvfb::start() else {
        return;
    };
    let Some(driver) = Driver::start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let port = free_port().to_string();
    // The block, then the script waits (its kiosks and gateway running) until the test is done.
    let script = format!(
        "{}\ntouch ready\nwhile [ ! -e stop ]; do sleep 0.2; done\n",
        en.replace("8443", &port)
    );
    let log = |name: &str| Stdio::from(std::fs::File::create(dir.path().join(name)).unwrap());
    let mut child = script_command(dir.path(), &script)
        .env("DISPLAY", &xvfb.display)
        .env("LIBGL_ALWAYS_SOFTWARE", "1")
        .env("HOME", dir.path())
        .env("MYNA_LOG", "info")
        .stdout(log("out.log"))
        .stderr(log("err.log"))
        .spawn()
        .unwrap();
    let logs = || {
        let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap_or_default();
        format!("stdout:\n{}\nstderr:\n{}", read("out.log"), read("err.log"))
    };

    // Both kiosks report: on the gateway's health board, fresh.
    let deadline = Instant::now() + Duration::from_secs(90);
    let mut reports = None;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the block ended ({status}) before the check\n{}", logs());
        }
        let db = dir.path().join("gw.sqlite");
        if reports.is_none() && dir.path().join("ready").exists() {
            reports = Some(Reports::open(&db, Duration::from_secs(20)).unwrap());
        }
        let reporting: Vec<String> = reports
            .as_ref()
            .map(|r| r.health_board(time::OffsetDateTime::now_utc()).unwrap())
            .unwrap_or_default()
            .into_iter()
            .filter(|k| !k.stale && k.health.reader_attached == Some(true))
            .map(|k| k.kiosk_id)
            .collect();
        if KIOSKS.iter().all(|id| reporting.iter().any(|r| r == id)) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "reporting: {reporting:?}\n{}",
            logs()
        );
        std::thread::sleep(Duration::from_millis(250));
    }

    // The reception PC: signed in, the health board lists both.
    let base = format!("https://127.0.0.1:{port}");
    driver.run(|client| async move {
        client
            .goto(&format!("{base}/console/sign-in"))
            .await
            .unwrap();
        sign_in(&client, "reception", SECRET).await;
        open(&client, &base, "/console/health").await;
        for id in KIOSKS {
            let row = client
                .find(Locator::Css(&format!("tr[data-kiosk='{id}']")))
                .await
                .unwrap_or_else(|e| panic!("{id} on the health board: {e}"));
            assert!(
                !row.attr("class")
                    .await
                    .unwrap()
                    .unwrap_or_default()
                    .contains("stale"),
                "{id} is not responding"
            );
        }
    });

    std::fs::write(dir.path().join("stop"), "").unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "exit {status}\n{}", logs());
}
