//! The reception PC: Debian's chromium, headless, over WebDriver (chromedriver, as the console's
//! browser tests drive it), signed in on the case queue. A script put into the page records
//! when each case row first appears in it (`Date.now()`, in a MutationObserver on the list that
//! `cases.js` replaces on every event) and, like staff at the desk, resolves each case a while
//! after it appeared, with the row's own form (its CSRF token), so that the queue stays as
//! short as a staffed desk keeps it and the acknowledgements travel back to the kiosks.

use std::collections::HashMap;
use std::process::Child;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

#[path = "../../tests/it/console/chromium.rs"]
mod chromium;

use chromium::{CHROMEDRIVER, CHROMIUM};

/// How long a page may take to come.
const PAGE_WAIT: Duration = Duration::from_secs(30);

/// The observer, put into the signed-in case queue. `arguments[0]`: ms after which a case seen
/// is resolved (0: never).
const WATCH: &str = r#"
var resolveAfter = arguments[0];
var list = document.getElementById('cases');
window.benchSeen = {};
window.benchResolved = 0;
window.benchResolveFailed = 0;
function resolveCase(kiosk, id) {
  var rows = list.querySelectorAll('tr[data-case]');
  for (var i = 0; i < rows.length; i += 1) {
    if (rows[i].dataset.kiosk === kiosk && rows[i].dataset.case === id) {
      var form = rows[i].querySelector('form.resolve');
      fetch(form.action, { method: 'POST', credentials: 'same-origin',
                           body: new URLSearchParams(new FormData(form)) })
        .then(function (r) { if (r.ok) { window.benchResolved += 1; } else { window.benchResolveFailed += 1; } })
        .catch(function () { window.benchResolveFailed += 1; });
      return;
    }
  }
}
function scan() {
  var now = Date.now();
  list.querySelectorAll('tr[data-case]').forEach(function (row) {
    var key = row.dataset.kiosk + ' ' + row.dataset.case;
    if (!(key in window.benchSeen)) {
      window.benchSeen[key] = now;
      if (resolveAfter > 0) {
        var kiosk = row.dataset.kiosk, id = row.dataset.case;
        window.setTimeout(function () { resolveCase(kiosk, id); }, resolveAfter);
      }
    }
  });
}
new MutationObserver(scan).observe(list, { childList: true, subtree: true });
scan();
return true;
"#;

/// A chromedriver of our own on a free port, stopped on drop.
pub struct Driver {
    child: Child,
    pub url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    pub fn start() -> Result<Self, String> {
        for path in [CHROMIUM, CHROMEDRIVER] {
            if !std::path::Path::new(path).exists() {
                return Err(format!(
                    "{path} is missing (Debian's chromium and chromium-driver)"
                ));
            }
        }
        let (child, url) = chromium::start_chromedriver()?;
        Ok(Driver { child, url })
    }

    /// A new headless chromium, as the browser tests start it.
    pub async fn browser(&self) -> Result<Client, String> {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        ClientBuilder::new(connector)
            .capabilities(chromium::capabilities())
            .connect(&self.url)
            .await
            .map_err(|e| format!("WebDriver session: {e}"))
    }
}

fn failed(what: &str) -> impl Fn(fantoccini::error::CmdError) -> String + '_ {
    move |e| format!("browser, {what}: {e}")
}

/// Signs `name` in and opens the case queue; returns once its live stream is on.
pub async fn open_queue(
    client: &Client,
    base: &str,
    name: &str,
    secret: &str,
) -> Result<(), String> {
    client
        .goto(&format!("{base}/console/sign-in"))
        .await
        .map_err(failed("sign-in page"))?;
    let field = client
        .wait()
        .at_most(PAGE_WAIT)
        .for_element(Locator::Id("name"))
        .await
        .map_err(failed("name field"))?;
    field.send_keys(name).await.map_err(failed("name"))?;
    client
        .find(Locator::Id("secret"))
        .await
        .map_err(failed("secret field"))?
        .send_keys(secret)
        .await
        .map_err(failed("secret"))?;
    client
        .find(Locator::Id("sign-in"))
        .await
        .map_err(failed("sign-in button"))?
        .click()
        .await
        .map_err(failed("sign in"))?;
    until(
        client,
        "signed in",
        "location.pathname !== '/console/sign-in'",
    )
    .await?;
    client
        .goto(&format!("{base}/console/cases"))
        .await
        .map_err(failed("case queue"))?;
    until(
        client,
        "the live stream",
        "document.body.dataset.live === 'on'",
    )
    .await
}

/// Waits until `condition` (JavaScript) holds in the page.
async fn until(client: &Client, what: &str, condition: &str) -> Result<(), String> {
    let script = format!("return !!document.body && ({condition});");
    let deadline = Instant::now() + PAGE_WAIT;
    loop {
        if let Ok(serde_json::Value::Bool(true)) = client.execute(&script, vec![]).await {
            return Ok(());
        }
        if Instant::now() > deadline {
            let at = client.current_url().await.map(|u| u.to_string());
            return Err(format!(
                "browser: no {what} after {PAGE_WAIT:?} (at {at:?})"
            ));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Puts the observer into the page; cases are resolved `resolve_after` after they appear.
pub async fn watch(client: &Client, resolve_after: Duration) -> Result<(), String> {
    let ms = serde_json::Value::from(resolve_after.as_millis() as u64);
    client
        .execute(WATCH, vec![ms])
        .await
        .map_err(failed("observer"))?;
    Ok(())
}

/// What the page saw: when each case ("KIOSK CASE") first appeared, and the cases it resolved
/// (and failed to).
pub struct Seen {
    pub at_ms: HashMap<String, f64>,
    pub resolved: u64,
    pub resolve_failed: u64,
}

pub async fn seen(client: &Client) -> Result<Seen, String> {
    let value = client
        .execute(
            "return [window.benchSeen, window.benchResolved, window.benchResolveFailed];",
            vec![],
        )
        .await
        .map_err(failed("reading the observer"))?;
    let (at_ms, resolved, resolve_failed): (HashMap<String, f64>, u64, u64) =
        serde_json::from_value(value).map_err(|e| format!("the observer's record: {e}"))?;
    Ok(Seen {
        at_ms,
        resolved,
        resolve_failed,
    })
}
