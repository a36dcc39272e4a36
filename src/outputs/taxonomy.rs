//! The list of a taxonomy's terms and the page of each term, in every language.

use crate::diagnostics::Diagnostics;
use crate::output::Output;
use crate::render::context::{Link, Shared, base_context, home_breadcrumbs, tagged, tagged_count, write_rendered};
use crate::render::views;
use crate::resolve::urls;
use serde::Serialize;
use tera::{Tera, Value};

#[derive(Serialize)]
pub(crate) struct TermEntry {
    pub id: String,
    pub label: String,
    pub url: String,
    pub count: usize,
}

/// The terms of taxonomy `taxonomy` that pages in `lang` carry, in their declared order.
pub(crate) fn taxonomy_terms(shared: &Shared, taxonomy: usize, lang: &str) -> Vec<TermEntry> {
    let site = &shared.site;
    let index = &site.taxonomies[taxonomy];
    let mut terms: Vec<TermEntry> = index
        .terms
        .keys()
        .map(|term| TermEntry {
            id: term.clone(),
            label: site.term_label(&index.config.name, term, lang),
            url: site.term_url(&index.config, term, lang),
            count: tagged_count(site, &index.config.name, term, lang),
        })
        .filter(|t| t.count > 0)
        .collect();
    terms.sort_by(|a, b| {
        site.term_order(&index.config.name, &a.id)
            .cmp(&site.term_order(&index.config.name, &b.id))
            .then(a.label.cmp(&b.label))
    });
    terms
}

/// The page listing the terms of taxonomy `taxonomy` in `lang`.
pub fn render_taxonomy_list(
    shared: &Shared,
    tera: &Tera,
    taxonomy: usize,
    lang: &str,
    output: &Output,
    diagnostics: &mut Diagnostics,
) {
    let site = &shared.site;
    let config = &site.taxonomies[taxonomy].config;
    let list_url = urls::url_path(&site.config, lang, config.path());
    let mut context = base_context(shared, lang, &list_url);
    context.insert("taxonomy", &config.name);
    context.insert("title", &shared.taxonomy_title(&config.name, lang));
    context.insert("breadcrumbs", &home_breadcrumbs(site, lang));
    context.insert("terms", &taxonomy_terms(shared, taxonomy, lang));
    context.insert(
        "translations",
        &views::switcher(&site.config, lang, |l| {
            Some(urls::url_path(&site.config, l, config.path()))
        }),
    );
    write_rendered(
        shared,
        tera,
        "taxonomy.html",
        &context,
        &list_url,
        &format!("the {} list", config.name),
        output,
        diagnostics,
    );
}

/// The page of one term: the pages in `lang` that carry it.
pub fn render_term(
    shared: &Shared,
    tera: &Tera,
    taxonomy: usize,
    term: &str,
    lang: &str,
    output: &Output,
    diagnostics: &mut Diagnostics,
) {
    let site = &shared.site;
    let config = &site.taxonomies[taxonomy].config;
    let title = shared.taxonomy_title(&config.name, lang);
    let list_url = urls::url_path(&site.config, lang, config.path());
    let pages = tagged(shared, &config.name, term, lang);
    let entry = TermEntry {
        id: term.to_owned(),
        label: site.term_label(&config.name, term, lang),
        url: site.term_url(config, term, lang),
        count: pages.len(),
    };
    let mut context = base_context(shared, lang, &entry.url);
    context.insert("taxonomy", &config.name);
    context.insert("taxonomy_title", &title);
    context.insert("taxonomy_url", &list_url);
    context.insert("term", &entry);
    context.insert("title", &entry.label);
    context.insert(
        "breadcrumbs",
        &[Link {
            title,
            url: list_url.clone(),
            active: false,
            text_attrs: String::new(),
        }],
    );
    context.insert_value("pages", Value::from(pages));
    context.insert(
        "translations",
        &views::switcher(&site.config, lang, |l| Some(site.term_url(config, term, l))),
    );
    write_rendered(
        shared,
        tera,
        "term.html",
        &context,
        &entry.url,
        &format!("the {} term `{term}`", config.name),
        output,
        diagnostics,
    );
}
