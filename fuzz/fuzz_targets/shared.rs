//! What the front matter targets share: the file name pages are reported under, the site's
//! taxonomies, and the checks every run makes on the diagnostics it produced.
#![allow(dead_code)]

use greenprint::content::PageKind;
use greenprint::content::frontmatter::{self, Split};
use greenprint::content::schema;
use greenprint::diagnostics::Diagnostics;
use greenprint::yaml::Origin;
use std::path::Path;

pub const FILE: &str = "content/tips/fuzzed.md";

/// The taxonomies of the bundled site and of tests/common's fixture, so that their keys are
/// accepted fields.
pub const TAXONOMIES: &[&str] = &["categories", "audiences", "campaigns", "actions"];


/// Splits `text` as the loader does, and checks what must hold whatever the input:
/// no front matter means an error was reported, and the body is the end of the file.
pub fn split(text: &str, diagnostics: &mut Diagnostics) -> Option<Split> {
    let split = frontmatter::split(text, Path::new(FILE), diagnostics);
    match &split {
        None => assert!(diagnostics.has_errors(), "split gave nothing and reported no error"),
        Some(s) => {
            assert!(text.ends_with(&s.body), "the body is not the end of the file");
            assert!(s.body_line >= 3, "the body starts before the closing `---`");
        }
    }
    split
}

/// Runs the schema check of `kind` on a split page, as `content::load` does (slug included).
pub fn check(text: &str, split: &Split, kind: PageKind, diagnostics: &mut Diagnostics) {
    let origin = Origin {
        file: Path::new(FILE),
        file_text: text,
        line_offset: 1,
    };
    let meta = schema::check(&split.front, &split.yaml, kind, TAXONOMIES, origin, diagnostics);
    if let Some(slug) = &meta.slug {
        let _ = greenprint::slug::slugify(slug);
    }
}

/// Renders the diagnostics every way the command line does; a caret under a column past the end
/// of a line or inside a wide character must not panic.
pub fn render(diagnostics: &Diagnostics) {
    let _ = diagnostics.render_terminal(false);
    let _ = diagnostics.render_terminal(true);
    let _ = diagnostics.to_json();
}
