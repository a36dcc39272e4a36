//! The real Markdown renderer and sanitiser on a body of text, without a whole build: a fixture
//! site is loaded once, and any body is rendered as if it were the tip `tips/water-tip.md`.
//!
//! Shared by the tests and fuzz/fuzz_targets/sanitise.rs (which includes this file by its
//! path), so it uses only greenprint and tempfile.

use greenprint::config::Config;
use greenprint::data::Data;
use greenprint::diagnostics::Diagnostics;
use greenprint::render::markdown;
use greenprint::resolve::{self, Site};

/// A loaded site to render bodies with, and the folder it lives in.
pub struct Renderer {
    _dir: tempfile::TempDir,
    site: Site,
    page: usize,
}

impl Renderer {
    /// Loads the site in `dir` (the fixture site, whose tips include `tips/water-tip.md`).
    pub fn load(dir: tempfile::TempDir) -> Renderer {
        let root = dir.path().to_path_buf();
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
        Renderer { _dir: dir, site, page }
    }

    /// The HTML of `body` rendered as the body of a tip, and what was reported.
    pub fn render(&self, body: &str) -> (String, Diagnostics) {
        let mut diagnostics = Diagnostics::new();
        let page = &self.site.pages[self.page];
        let rendered = markdown::render_text(&self.site, page, body, 1, None, &mut diagnostics);
        (rendered.html, diagnostics)
    }
}
