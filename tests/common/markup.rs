//! The real Markdown renderer and sanitiser on a body of text, without a whole build: the
//! fixture site is loaded once, and any body is rendered as if it were one of its tips.

use super::Fixture;
use greenprint::config::Config;
use greenprint::data::Data;
use greenprint::diagnostics::Diagnostics;
use greenprint::render::markdown;
use greenprint::resolve::{self, Site};

/// A loaded site to render bodies with, and the fixture folder it lives in.
pub struct Renderer {
    _fixture: Fixture,
    site: Site,
    page: usize,
}

impl Renderer {
    /// The fixture site of `Fixture::new()`, with `site_yaml` as its site.yaml.
    pub fn new(site_yaml: &str) -> Renderer {
        let fixture = Fixture::new();
        fixture.file("site.yaml", site_yaml);
        let root = fixture.root().to_path_buf();
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
        Renderer {
            _fixture: fixture,
            site,
            page,
        }
    }

    /// The HTML of `body` rendered as the body of a tip, and what was reported.
    pub fn render(&self, body: &str) -> (String, Diagnostics) {
        let mut diagnostics = Diagnostics::new();
        let page = &self.site.pages[self.page];
        let rendered = markdown::render_text(&self.site, page, body, 1, &mut diagnostics);
        (rendered.html, diagnostics)
    }
}
