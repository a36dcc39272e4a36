//! Driving headless Chromium from the browser tests: a page's DOM after its scripts ran, and a
//! harness page that loads a page of the site in a frame of a given size (the frame is the
//! viewport its media queries see), acts on it and reports what it saw as JSON.

use super::texts;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The DOM of a page after its scripts ran, from headless Chromium.
pub fn dump_dom(browser: &Path, url: &str) -> scraper::Html {
    let profile = tempfile::tempdir().expect("a profile folder");
    let mut child = Command::new(browser)
        .args(super::chromium::HEADLESS_FLAGS)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--virtual-time-budget=5000")
        .arg("--dump-dom")
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("Chromium starts");
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        let _ = std::io::Read::read_to_string(&mut stdout, &mut out);
        out
    });
    let started = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("Chromium did not finish {url} in 90 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = reader.join().expect("output");
    assert!(out.contains("</html>"), "Chromium printed no page for {url}");
    scraper::Html::parse_document(&out)
}

/// A page of the test's own beside the site: it loads a page of the site in a 1200 × 900 frame,
/// acts on it as a reader would, and writes what it saw as JSON into `#out`.
pub fn harness(public: &Path, name: &str, frame: &str, script: &str) -> String {
    harness_sized(public, name, frame, (1200, 900), script)
}

/// [`harness`] with a frame of `width` × `height` CSS pixels: a phone is (390, 844). The script
/// sees the frame's document as `d`, its window as `w`, and calls `report(value)`; it runs on
/// every load of the frame, so that it can follow a link and look again.
pub fn harness_sized(public: &Path, name: &str, frame: &str, (width, height): (u32, u32), script: &str) -> String {
    let page = format!(
        "<!doctype html><meta charset=\"utf-8\"><pre id=\"out\">pending</pre>\
         <iframe id=\"f\" src=\"{frame}\" width=\"{width}\" height=\"{height}\" style=\"border:0\"></iframe>\
         <script>const f = document.getElementById('f');\
         f.addEventListener('load', () => {{ const d = f.contentDocument; const w = f.contentWindow;\
         const report = (value) => {{ document.getElementById('out').textContent = JSON.stringify(value); }};\
         {script} }});</script>"
    );
    std::fs::write(public.join(name), page).expect("write the harness");
    format!("/{name}")
}

pub fn out_json(doc: &scraper::Html) -> serde_json::Value {
    let text = texts(doc, "#out").pop().expect("#out");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("JSON from the harness ({e}): {text}"))
}
