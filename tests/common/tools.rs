//! External tools the browser and PDF tests need. On a developer's machine without them the
//! tests are skipped and say so; with GREENPRINT_REQUIRE_BROWSER=1 (as in CI) a missing tool
//! fails the test instead.

use std::path::PathBuf;
use std::process::Command;

fn required() -> bool {
    std::env::var("GREENPRINT_REQUIRE_BROWSER").is_ok_and(|v| v == "1")
}

fn missing(what: &str) -> Option<PathBuf> {
    if required() {
        panic!("{what} is required (GREENPRINT_REQUIRE_BROWSER=1) but is not installed");
    }
    eprintln!(
        "skipped: {what} is not installed (apt-get install chromium fonts-noto-cjk fonts-noto-core poppler-utils)"
    );
    None
}

/// Chromium, or `None` (and a note) when the test should be skipped.
pub fn chromium() -> Option<PathBuf> {
    super::chromium::find().or_else(|| missing("Chromium"))
}

/// poppler's command-line tools (pdfinfo, pdftotext, pdftoppm).
pub fn poppler() -> Option<PathBuf> {
    let ok = Command::new("pdfinfo").arg("-v").output().is_ok();
    if ok {
        Some(PathBuf::from("pdfinfo"))
    } else {
        missing("poppler-utils (pdfinfo, pdftotext, pdftoppm)")
    }
}

/// `pdfinfo`'s page count and page size in points.
pub fn pdf_info(pdf: &std::path::Path) -> (usize, f64, f64) {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let pages = text
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse().ok())
        .expect("page count");
    let size = text
        .lines()
        .find_map(|l| l.strip_prefix("Page size:"))
        .expect("page size");
    let numbers: Vec<f64> = size.split_whitespace().filter_map(|w| w.parse().ok()).collect();
    (pages, numbers[0], numbers[1])
}

/// The text of a PDF with all white space removed (pdftotext breaks CJK lines anywhere).
pub fn pdf_text(pdf: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-raw")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    String::from_utf8_lossy(&out.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The first page as an RGB image at `dpi`.
pub fn pdf_image(pdf: &std::path::Path, dpi: u32) -> image::RgbImage {
    let dir = tempfile::tempdir().expect("temporary folder");
    let prefix = dir.path().join("page");
    let status = Command::new("pdftoppm")
        .args(["-r", &dpi.to_string(), "-png", "-singlefile"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .expect("pdftoppm runs");
    assert!(status.success());
    image::open(prefix.with_extension("png")).expect("a PNG").to_rgb8()
}
