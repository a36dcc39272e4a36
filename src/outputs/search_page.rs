//! The search page of every language (`/search/`, `/en/search/`), which loads the index that
//! `search` makes of the written site.

use crate::diagnostics::Diagnostics;
use crate::output::Output;
use crate::render::context::{Shared, has, same_path_context, write_rendered};
use crate::search::{BUNDLE_DIR, SEARCH_PATH};
use tera::Tera;

/// Renders the search page of every language from `search.html`.
pub fn render_search(shared: &Shared, tera: &Tera, output: &Output, diagnostics: &mut Diagnostics) {
    let site = &shared.site;
    if !has(tera, "search.html") {
        return;
    }
    for language in &site.config.languages {
        let lang = language.code.as_str();
        let (url, mut context) = same_path_context(shared, lang, SEARCH_PATH);
        context.insert("title", shared.string(lang, "search_title"));
        context.insert("description", shared.string(lang, "search_description"));
        context.insert("body_kind", "search");
        context.insert("search_bundle", &format!("/{BUNDLE_DIR}/pagefind.js"));
        write_rendered(
            shared,
            tera,
            "search.html",
            &context,
            &url,
            &format!("the search page ({lang})"),
            output,
            diagnostics,
        );
    }
}
