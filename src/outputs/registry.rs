//! Every kind of output, in one place: the ids the preview can make again one by one, which of
//! them a site has, what each reads and which module writes it, and the template functions the
//! outputs give templates. A new kind of output is a module of `outputs`, a variant of
//! [`OutputId`] and its arm in [`render_output`] (and a line in [`site_outputs`]); the matches
//! name every kind, so the compiler says what a new one must provide.

use super::{extras, feeds, not_found, pages, printables, redirects, search_page, site_map, taxonomy};
use crate::deps::{self, Input};
use crate::diagnostics::Diagnostics;
use crate::output::Output;
use crate::render::context::{Shared, tagged_count};
use crate::render::{markdown, templates};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::sync::Arc;
use tera::Tera;

/// One output of the render that can be made again on its own: a page, a taxonomy's list, a
/// term's page, or a group of files made together (the printables, the extras, the feeds).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OutputId {
    Page(usize),
    TaxonomyList {
        taxonomy: usize,
        lang: String,
    },
    Term {
        taxonomy: usize,
        term: String,
        lang: String,
    },
    /// The files of the printed materials of every campaign and language (PDFs, pictures, share
    /// images): typeset on a thread of their own, beside every other output.
    PrintedMaterials,
    /// The pages of the printed materials and the printables page.
    Printables,
    /// The calculator, calendar, targets and other pages of `extras`.
    Extras,
    NotFound,
    /// The search page of every language (the index itself is not made by the preview).
    Search,
    /// sitemap.xml and robots.txt.
    Sitemap,
    /// The site map page (网站地图) of every language.
    SiteMapPage,
    /// The Atom feed of news in a language.
    Feed {
        lang: String,
    },
    /// The pages at old addresses (`aliases`) that lead on to the pages.
    Redirects,
}

/// The template functions that outputs give templates, beside the engine's own.
const TEMPLATE_FUNCTIONS: &[templates::Register] = &[extras::register_functions, printables::register_functions];

/// The template engine with every output's functions.
pub fn template_engine(shared: Arc<Shared>, diagnostics: &mut Diagnostics) -> Tera {
    templates::build(shared, TEMPLATE_FUNCTIONS, diagnostics)
}

/// Every output other than the pages, in the order a full render makes them.
pub fn site_outputs(shared: &Shared) -> Vec<OutputId> {
    let site = &shared.site;
    let mut ids = Vec::new();
    // A site without campaigns or tips has no printed materials.
    if !shared.printables.is_empty() {
        ids.push(OutputId::PrintedMaterials);
        ids.push(OutputId::Printables);
    }
    for (taxonomy, index) in site.taxonomies.iter().enumerate() {
        for lang in site.config.language_codes() {
            ids.push(OutputId::TaxonomyList {
                taxonomy,
                lang: lang.to_owned(),
            });
            for term in index.terms.keys() {
                if tagged_count(site, &index.config.name, term, lang) > 0 {
                    ids.push(OutputId::Term {
                        taxonomy,
                        term: term.clone(),
                        lang: lang.to_owned(),
                    });
                }
            }
        }
    }
    ids.extend([
        OutputId::NotFound,
        OutputId::Extras,
        OutputId::Search,
        OutputId::Sitemap,
        OutputId::SiteMapPage,
    ]);
    if !site.redirects.is_empty() {
        ids.push(OutputId::Redirects);
    }
    ids.extend(
        site.config
            .language_codes()
            .map(|lang| OutputId::Feed { lang: lang.to_owned() }),
    );
    ids
}

/// What making an output gave: the output, what it read (when recorded) and its problems.
pub type Made = (OutputId, BTreeSet<Input>, Diagnostics);

/// Makes `ids` into `output` on all cores, recording what each read when `track` is set.
pub fn render_outputs(shared: &Shared, tera: &Tera, ids: Vec<OutputId>, output: &Output, track: bool) -> Vec<Made> {
    ids.into_par_iter()
        .map(|id| {
            let mut local = Diagnostics::new();
            let ((), reads) = deps::recording_if(track, || render_output(shared, tera, &id, output, &mut local));
            (id, reads, local)
        })
        .collect()
}

/// Makes one output. A page's Markdown is rendered here too (a full render renders it earlier,
/// for every page at once, and calls [`pages::render_page`] itself).
pub fn render_output(shared: &Shared, tera: &Tera, id: &OutputId, output: &Output, diagnostics: &mut Diagnostics) {
    let site = &shared.site;
    match id {
        OutputId::Page(index) => {
            let before = diagnostics.error_count();
            let rendered = markdown::render(site, *index, Some(tera), diagnostics);
            if diagnostics.error_count() == before {
                pages::render_page(shared, tera, *index, rendered, output, diagnostics);
            }
        }
        OutputId::TaxonomyList { taxonomy, lang } => {
            taxonomy::render_taxonomy_list(shared, tera, *taxonomy, lang, output, diagnostics)
        }
        OutputId::Term { taxonomy, term, lang } => {
            taxonomy::render_term(shared, tera, *taxonomy, term, lang, output, diagnostics)
        }
        OutputId::PrintedMaterials => {
            // Posters show campaigns, their actions and tips: any page may be on one.
            deps::read(Input::AnyPage);
            printables::make::make_all(shared, &shared.printables, output, diagnostics);
        }
        OutputId::Printables => {
            deps::read(Input::AnyPage);
            printables::render(shared, tera, &shared.printables, output, diagnostics);
        }
        OutputId::Extras => {
            deps::read(Input::AnyPage);
            extras::render(shared, tera, output, diagnostics);
        }
        OutputId::NotFound => not_found::render_not_found(shared, tera, output, diagnostics),
        OutputId::Search => search_page::render_search(shared, tera, output, diagnostics),
        OutputId::Sitemap => {
            // Addresses change only with a full build; the sitemap also shows each page's date.
            deps::read(Input::Dates);
            feeds::write_sitemap(site, output, diagnostics);
        }
        OutputId::SiteMapPage => site_map::render_site_map(shared, tera, output, diagnostics),
        OutputId::Feed { lang } => feeds::write_feed(site, lang, output, diagnostics),
        OutputId::Redirects => {
            // Old addresses lead to pages' addresses and titles.
            deps::read(Input::AnyPage);
            redirects::write_redirects(site, output, diagnostics);
        }
    }
}
