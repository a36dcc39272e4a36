//! Finding and driving a headless Chromium: the command line is enough, no protocol client.

use crate::diagnostics::Diagnostic;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The environment variable that names the browser when it is not on PATH.
pub const BROWSER_VARIABLE: &str = "GREENPRINT_CHROMIUM";

const NAMES: [&str; 6] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "microsoft-edge",
];

/// The browser named by `GREENPRINT_CHROMIUM`, or the first Chromium-like browser on PATH.
pub fn find() -> Option<PathBuf> {
    if let Some(named) = std::env::var_os(BROWSER_VARIABLE) {
        let path = PathBuf::from(named);
        return path.is_file().then_some(path);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find_map(|dir| NAMES.iter().map(|n| dir.join(n)).find(|p| p.is_file()))
}

/// What to tell someone whose machine has no browser.
pub fn missing() -> Diagnostic {
    Diagnostic::warning("PDFs of the printables need Chromium, which was not found; the HTML printables were written")
        .hint(format!(
            "install it (Debian and Ubuntu: `apt-get install chromium fonts-noto-cjk fonts-noto-core`) or name it with {BROWSER_VARIABLE}=/path/to/chrome; the HTML posters can also be printed from any browser"
        ))
}

/// The flags every headless run needs here: no sandbox (CI runs as root), no GPU, and nothing
/// that reaches the network.
pub const HEADLESS_FLAGS: [&str; 9] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--disable-extensions",
];

/// Prints `input` to `output` as PDF, without the browser's header and footer.
pub fn print_to_pdf(
    browser: &Path,
    input: &Path,
    output: &Path,
    profile: &Path,
    timeout_secs: u64,
) -> Result<(), Diagnostic> {
    let mut child = Command::new(browser)
        .args(HEADLESS_FLAGS)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--no-pdf-header-footer")
        .arg("--run-all-compositor-stages-before-draw")
        .arg(format!("--print-to-pdf={}", output.display()))
        .arg(format!("file://{}", input.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            Diagnostic::error(format!("cannot start {}: {e}", browser.display())).hint(format!(
                "check that {} runs, or name another browser with {BROWSER_VARIABLE}",
                browser.display()
            ))
        })?;
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() && output.is_file() => return Ok(()),
            Ok(Some(status)) => {
                let mut stderr = String::new();
                if let Some(mut e) = child.stderr.take() {
                    let _ = std::io::Read::read_to_string(&mut e, &mut stderr);
                }
                let last: Vec<&str> = stderr.lines().rev().take(3).collect();
                return Err(
                    Diagnostic::error(format!("Chromium could not print the printables ({status})")).hint(format!(
                        "what it said: {}",
                        last.into_iter().rev().collect::<Vec<_>>().join(" / ")
                    )),
                );
            }
            Ok(None) if started.elapsed() > Duration::from_secs(timeout_secs) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(Diagnostic::error(format!(
                    "Chromium took more than {timeout_secs} s to print and was stopped"
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(Diagnostic::error(format!("lost track of Chromium: {e}"))),
        }
    }
}
