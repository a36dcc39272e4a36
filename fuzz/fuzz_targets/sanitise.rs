//! Markdown and HTML from the fuzzer through the real renderer and sanitiser, as the body of a
//! tip of the fixture site (loaded once). Whatever the input, the HTML must hold no script, no
//! event handler, no `javascript:`/`vbscript:`/`data:` address, no iframe from a host not
//! allowed and no style with `position` or `url(`: the checks of tests/properties.rs, from the
//! same file (tests/common/published.rs).
#![no_main]

mod fixture;
#[path = "../../tests/common/published.rs"]
mod published;

#[path = "../../tests/common/markup.rs"]
mod markup;

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const IFRAMES: &str = "https://allowed.example/";

/// The fixture site with one allowed iframe host, loaded once for the whole run.
fn load() -> markup::Renderer {
    let dir = fixture::fixture();
    let site_yaml = format!("{}build:\n  allowed_iframe_hosts: [allowed.example]\n", fixture::SITE_YAML);
    fixture::write(dir.path(), "site.yaml", site_yaml.as_bytes());
    markup::Renderer::load(dir)
}

static RENDERER: OnceLock<markup::Renderer> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let (html, _) = RENDERER.get_or_init(load).render(body);
    let problems = published::problems(&html, IFRAMES);
    assert!(problems.is_empty(), "{problems:?}\nfrom {body:?}\ngave {html}");
});
