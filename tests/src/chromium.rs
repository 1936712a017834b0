//! The Chromium harness of the browser tests (`tests/tests/browser.rs` and merchant-signup's):
//! chromedriver started on a free port and stopped when dropped, and a headless Chromium
//! session with its flags and its own profile directory ([`profile`]).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::Client as Browser;

/// chromedriver, stopped when dropped.
pub struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts chromedriver on a free loopback port and waits (up to 10 s) until it listens.
pub async fn driver() -> Driver {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "cannot start chromedriver ({e}): the browser test needs Debian's chromium and \
                 chromium-driver; run scripts/test (the README's test command), which installs \
                 them, or: apt-get install chromium chromium-driver"
            )
        });
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    }
}

/// The profile directory of the browser session `name`, one per name (sessions running at
/// once never share one): `chromium-profiles/NAME` in the build directory of the running test
/// (the directory above its executable's `deps`), so that each target directory, and each
/// worktree, has its own; under the system's temporary directory if that is not found.
pub fn profile(name: &str) -> PathBuf {
    let build = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.to_path_buf()));
    build
        .unwrap_or_else(std::env::temp_dir)
        .join("chromium-profiles")
        .join(name)
}

/// Stops the Chromium processes an earlier run left on `profile` (a test that panicked closes
/// no session, and chromedriver's end leaves its browser running): Chromium refuses a profile
/// another process holds ("Chrome instance exited"), which would fail this run for the last.
fn stop_stale(profile: &Path) {
    let flag = format!("--user-data-dir={}", profile.display());
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return;
    };
    for pid in procs
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
    {
        let Ok(cmdline) = std::fs::read(format!("/proc/{pid}/cmdline")) else {
            continue;
        };
        if cmdline.split(|&b| b == 0).any(|arg| arg == flag.as_bytes()) {
            let _ = Command::new("kill").args(["-9", &pid]).status();
        }
    }
}

/// A headless Chromium session (Debian's `/usr/bin/chromium`) through `driver`, with its
/// profile in `profile` (a session's own: [`profile`]`(name)`): flags for a shared machine of
/// two cores, a 900x760 window, Chromium's own languages.
pub async fn browser(driver: &Driver, profile: &Path) -> Browser {
    session(driver, profile, None).await
}

/// [`browser`] with the languages its user prefers, as its settings list them and its
/// `Accept-Language` header sends them (`"fr-FR,fr"`).
pub async fn browser_in(driver: &Driver, profile: &Path, languages: &str) -> Browser {
    session(driver, profile, Some(languages)).await
}

async fn session(driver: &Driver, profile: &Path, languages: Option<&str>) -> Browser {
    stop_stale(profile);
    let prefs = match languages {
        Some(l) => serde_json::json!({ "intl.accept_languages": l }),
        None => serde_json::json!({}),
    };
    let caps = serde_json::json!({
        "goog:chromeOptions": {
            "prefs": prefs,
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=900,760",
                // Less work for two cores running several sessions at once: no extension,
                // no software rasterizer behind the disabled GPU, no background service, no
                // timer throttled.
                "--disable-extensions", "--disable-software-rasterizer", "--mute-audio",
                "--disable-features=Translate,MediaRouter,OptimizationHints,AutofillServerCommunication",
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                format!("--user-data-dir={}", profile.display()),
            ]
        }
    });
    let serde_json::Value::Object(caps) = caps else {
        unreachable!()
    };
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    Browser::with_capabilities_and_connector(&driver.url, &caps, connector)
        .await
        .expect("a browser session starts (it needs /usr/bin/chromium, Debian's chromium package; scripts/test installs it)")
}
