//! Finding a headless Chromium for the browser tests (greenprint itself needs no browser).

use std::path::PathBuf;

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
