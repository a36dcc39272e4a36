//! Markdown and HTML from the fuzzer through the real renderer and sanitiser, as the body of a
//! tip of the fixture site (loaded once). Whatever the input, the HTML must hold no script, no
//! event handler, no `javascript:`/`vbscript:`/`data:` address, no iframe from a host not
//! allowed and no style with `position` or `url(`: the checks of tests/properties.rs, from the
//! same file (tests/common/published.rs).
#![no_main]

mod fixture;
#[path = "../../tests/common/published.rs"]
mod published;

use greenprint::config::Config;
use greenprint::data::Data;
use greenprint::diagnostics::Diagnostics;
use greenprint::render::markdown;
use greenprint::resolve::{self, Site};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const IFRAMES: &str = "https://allowed.example/";

/// The fixture site, loaded, with one allowed iframe host; and the tip whose body is fuzzed.
fn load() -> (tempfile::TempDir, Site, usize) {
    let dir = fixture::fixture();
    let root = dir.path().to_path_buf();
    let site_yaml = format!("{}build:\n  allowed_iframe_hosts: [allowed.example]\n", fixture::SITE_YAML);
    fixture::write(&root, "site.yaml", site_yaml.as_bytes());
    let config = Config::load(&root).unwrap_or_else(|d| panic!("site.yaml: {}", d.render_terminal(false)));
    let mut diagnostics = Diagnostics::new();
    let data = Data::load(&root, &mut diagnostics);
    let pages = greenprint::content::load(&root, &config, false, &mut diagnostics);
    let site = resolve::resolve(root, config, data, pages, &mut diagnostics);
    assert!(!diagnostics.has_errors(), "{}", diagnostics.render_terminal(false));
    let page = site
        .pages
        .iter()
        .position(|p| p.source == "tips/water-tip.md")
        .expect("the fixture has its tips");
    (dir, site, page)
}

static SITE: OnceLock<(tempfile::TempDir, Site, usize)> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let (_, site, page) = SITE.get_or_init(load);
    let mut diagnostics = Diagnostics::new();
    let rendered = markdown::render_text(site, &site.pages[*page], body, 1, &mut diagnostics);
    let problems = published::problems(&rendered.html, IFRAMES);
    assert!(problems.is_empty(), "{problems:?}\nfrom {body:?}\ngave {}", rendered.html);
});
