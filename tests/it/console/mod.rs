//! The staff console in a real browser: Debian's `chromium`, headless, driven over WebDriver
//! (`chromedriver`, `fantoccini`) against a real `myna-gateway` process, over its TLS (and once
//! over plain HTTP on loopback). Without chromium or chromedriver the tests fail when `CI=true`
//! and skip loudly otherwise. `MYNA_SCREENSHOTS=DIR` saves each page as `DIR/console-*.png`.

mod cases;
mod chromium;
mod confirmations;
mod csrf;
mod documents;
mod health;
mod kiosks;
mod lock_out;
mod numbers;
mod sign_in;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

use crate::gateway_support::{DataDir, Gateway};

pub const NAME: &str = "sato";
pub const SECRET: &str = "correct horse battery";

use chromium::{CHROMEDRIVER, CHROMIUM};

/// Fails in CI and skips loudly elsewhere when the browser is missing.
fn missing(what: &str) {
    let message = format!(
        "\n!!!! SKIPPED: {what} is missing. Install Debian's chromium and chromium-driver \
         (scripts/install-deps.sh does) for the staff console's browser tests. !!!!\n"
    );
    if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
        panic!("{message}");
    }
    eprintln!("{message}");
}

/// A chromedriver of our own on a free port, killed on drop.
pub struct Driver {
    child: Child,
    pub url: String,
    runtime: tokio::runtime::Runtime,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    /// `None` (after [`missing`]) without chromium or chromedriver.
    pub fn start() -> Option<Self> {
        for path in [CHROMIUM, CHROMEDRIVER] {
            if !Path::new(path).exists() {
                missing(path);
                return None;
            }
        }
        let (child, url) = chromium::start_chromedriver().unwrap();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        Some(Driver {
            child,
            url,
            runtime,
        })
    }

    /// Runs a browser session: a new headless chromium, 1366x768, Japanese first.
    pub fn run<F, Fut>(&self, test: F)
    where
        F: FnOnce(Client) -> Fut,
        Fut: std::future::Future<Output = ()>,
    {
        self.runtime.block_on(async {
            let client = self.browser().await;
            test(client.clone()).await;
            let _ = client.close().await;
        });
    }

    async fn browser(&self) -> Client {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        ClientBuilder::new(connector)
            .capabilities(chromium::capabilities())
            .connect(&self.url)
            .await
            .unwrap()
    }
}

/// A gateway with one member (`NAME`, `SECRET`) added through the CLI.
pub fn gateway(tls: bool, extra: &[&str]) -> Gateway {
    let gw = Gateway::start_with(DataDir::new(), tls, extra);
    staff(&gw, &["add", NAME, "--role", "staff"], Some(SECRET)).assert_ok();
    gw
}

pub struct Output {
    pub status: std::process::ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    pub fn assert_ok(&self) -> &Self {
        assert!(self.status.success(), "{}{}", self.stdout, self.stderr);
        self
    }
}

/// `myna-gateway staff ARGS --db <the gateway's>` with `stdin` as its standard input (PBKDF2 with
/// few iterations: the debug build takes seconds for the real count).
pub fn staff(gw: &Gateway, args: &[&str], stdin: Option<&str>) -> Output {
    let db = gw.data.db();
    let mut all = vec!["staff"];
    all.extend(args);
    all.extend(["--db", db.to_str().unwrap()]);
    if args.first() == Some(&"add") {
        all.extend(["--iterations", "1000"]);
    }
    let mut child = Command::new(crate::common::workspace_bin("myna-gateway"))
        .args(&all)
        .env("MYNA_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut input = child.stdin.take().unwrap();
        if let Some(text) = stdin {
            writeln!(input, "{text}").unwrap();
        }
    }
    let output = child.wait_with_output().unwrap();
    Output {
        status: output.status,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The console's audit: (member, action, outcome, detail), oldest first.
pub fn audit(gw: &Gateway) -> Vec<(Option<String>, String, String, Option<String>)> {
    let conn = rusqlite::Connection::open(gw.data.db()).unwrap();
    let mut query = conn
        .prepare("SELECT member, action, outcome, detail_json FROM staff_audit ORDER BY id")
        .unwrap();
    query
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Waits until the page's path is `path` and its `<h1>` is there.
pub async fn wait_for_path(client: &Client, path: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let url = client.current_url().await.unwrap();
        if url.path() == path && client.find(Locator::Css("h1")).await.is_ok() {
            return;
        }
        assert!(Instant::now() < deadline, "still at {url}, not {path}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The text of the first element that `css` finds. The live pages replace their parts as news
/// comes, so the element found may be gone when its text is asked for: then it is found again.
pub async fn text(client: &Client, css: &str) -> String {
    for _ in 0..20 {
        let element = client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"));
        match element.text().await {
            Ok(text) => return text,
            Err(e) if e.is_stale_element_reference() => continue,
            Err(e) => panic!("{css}: {e}"),
        }
    }
    panic!("{css}: replaced 20 times in a row")
}

/// Types the name and secret on the sign-in page, submits, and waits for the answer: until the
/// form's page is gone (the answer may be the sign-in page again, with an error).
pub async fn sign_in(client: &Client, name: &str, secret: &str) {
    let page = client.find(Locator::Css("html")).await.unwrap();
    let field = client.find(Locator::Id("name")).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys(name).await.unwrap();
    client
        .find(Locator::Id("secret"))
        .await
        .unwrap()
        .send_keys(secret)
        .await
        .unwrap();
    client
        .find(Locator::Id("sign-in"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until_replaced(&page, "the sign-in form was not answered").await;
}

/// Waits until `page` (its `<html>` element) is gone: the browser shows the next page.
pub async fn until_replaced(page: &fantoccini::elements::Element, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while page.tag_name().await.is_ok() {
        assert!(Instant::now() < deadline, "{what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Signs `NAME` in from wherever the browser is, and waits for the confirmations page.
pub async fn signed_in(client: &Client, base: &str) {
    signed_in_as(client, base, NAME).await;
}

/// Signs the member `name` (secret `SECRET`) in, as [`signed_in`].
pub async fn signed_in_as(client: &Client, base: &str, name: &str) {
    client
        .goto(&format!("{base}/console/sign-in"))
        .await
        .unwrap();
    sign_in(client, name, SECRET).await;
    wait_for_path(client, "/console/confirmations").await;
}

/// Saves the page as `$MYNA_SCREENSHOTS/console-NAME.png` when that is set.
pub async fn screenshot(client: &Client, name: &str) {
    let Some(dir) = std::env::var_os("MYNA_SCREENSHOTS") else {
        return;
    };
    let png = client.screenshot().await.unwrap();
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("console-{name}.png")), png).unwrap();
}

/// Goes to `base` + `target` (a path, maybe with a query) and waits for that page.
pub async fn open(client: &Client, base: &str, target: &str) {
    client.goto(&format!("{base}{target}")).await.unwrap();
    let path = target.split('?').next().unwrap_or(target);
    wait_for_path(client, path).await;
}

/// Clicks the element with `id` and waits for the page at `path` it leads to: a new page, not
/// the one clicked on, even when both have the same path.
pub async fn click(client: &Client, id: &str, path: &str) {
    let page = client.find(Locator::Css("html")).await.unwrap();
    client
        .find(Locator::Id(id))
        .await
        .unwrap_or_else(|e| panic!("#{id}: {e}"))
        .click()
        .await
        .unwrap();
    until_replaced(&page, &format!("#{id} led nowhere")).await;
    wait_for_path(client, path).await;
}
