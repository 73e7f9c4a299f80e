//! How the staff console's browser is started: Debian's chromium, headless, 1366x768, Japanese
//! first, the repository's test TLS certificate accepted. The browser tests and the console
//! benchmark (`examples/console_load`, which includes this file with `#[path]`) share it.

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The WebDriver capabilities of a new session.
pub fn capabilities() -> serde_json::Map<String, serde_json::Value> {
    let capabilities = serde_json::json!({
        "browserName": "chrome",
        // The fixture TLS certificate is the repository's own test CA's.
        "acceptInsecureCerts": true,
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": [
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--window-size=1366,768",
                "--lang=ja",
            ],
            "prefs": { "intl.accept_languages": "ja,en" },
        },
    });
    match capabilities {
        serde_json::Value::Object(map) => map,
        _ => serde_json::Map::new(),
    }
}

/// A chromedriver on a free loopback port, once it accepts connections: the process and its
/// WebDriver URL (the caller stops the process).
pub fn start_chromedriver() -> Result<(std::process::Child, String), String> {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    let mut child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("chromedriver: {e}"))?;
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err("chromedriver did not start within 20 s".into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok((child, format!("http://127.0.0.1:{port}")))
}
