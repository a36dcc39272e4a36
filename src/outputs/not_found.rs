//! The 404 page, in the default language.

use crate::diagnostics::Diagnostics;
use crate::output::Output;
use crate::render::context::{Shared, base_context, write_rendered};
use crate::render::views;
use tera::Tera;

pub fn render_not_found(shared: &Shared, tera: &Tera, output: &Output, diagnostics: &mut Diagnostics) {
    let site = &shared.site;
    let default = site.config.default_language();
    let url = "/404.html";
    let mut context = base_context(shared, default, url);
    context.insert("translations", &Vec::<views::TranslationView>::new());
    context.insert("title", shared.string(default, "not_found_title"));
    write_rendered(
        shared,
        tera,
        "404.html",
        &context,
        url,
        "the 404 page",
        output,
        diagnostics,
    );
}
