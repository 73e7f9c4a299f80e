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
