//! The whole pipeline on one hostile page: the fixture site of tests/common/mod.rs (site.yaml,
//! data files, a home page, a campaign section and a tip section with their pages, in Chinese and
//! English) plus `content/tips/fuzzed.md`, whose bytes come from the fuzzer, built with
//! `build::build` into the fixture's temporary folder. Errors are diagnostics; a panic is a bug.
//!
//! Shortcodes are not fuzzed: greenprint has none yet.
//!
//! The fixture is in fixture.rs, shared with the sanitise target.
#![no_main]

mod fixture;

use fixture::{fixture, write};
use greenprint::build::{BuildOptions, build};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

/// One fixture for the whole run: only the fuzzed page changes between inputs.
static SITE: OnceLock<tempfile::TempDir> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let root = SITE.get_or_init(fixture).path();
    write(root, "content/tips/fuzzed.md", data);
    let options = BuildOptions {
        output: Some(root.join("public")),
        ..BuildOptions::new(root)
    };
    let report = build(&options);
    assert!(
        !report.published || report.succeeded(),
        "a build with errors was published"
    );
    let _ = report.diagnostics.render_terminal(false);
    let _ = report.diagnostics.to_json();
});
