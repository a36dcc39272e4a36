//! The fixture site of tests/common/mod.rs (site.yaml, data files, a home page, a campaign
//! section and a tip section with their pages, in Chinese and English), for the targets that
//! build or render pages.
//!
//! The texts come from tests/common/fixture_files.rs, included by path: tests/common/mod.rs also
//! holds helpers for browser and PDF tests whose dependencies a fuzz target should not need.
#![allow(dead_code)]

use std::path::Path;

#[path = "../../tests/common/fixture_files.rs"]
mod fixture_files;
#[allow(unused_imports)] // used by sanitise, not by page_build
pub use fixture_files::SITE_YAML;

/// The same files as tests/common's `Fixture::new()`.
pub fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    for (path, text) in fixture_files::files() {
        write(dir.path(), path, text.as_bytes());
    }
    dir
}

pub fn write(root: &Path, path: &str, bytes: &[u8]) {
    let full = root.join(path);
    std::fs::create_dir_all(full.parent().expect("parent")).expect("create folder");
    std::fs::write(full, bytes).expect("write fixture file");
}
