//! The outputs of a render, one by one, and what each read: what the preview keeps between
//! edits so that it makes again only the outputs an edit changes (see `serve::incremental`).

use super::templates::{self, Shared};
use super::{markdown, printables};
use crate::deps::{self, Input};
use crate::diagnostics::Diagnostics;
use crate::output::Output;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
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
    /// Posters, tip cards and the printables index of every campaign and language.
    Printables,
    /// The calculator, calendar, targets and other pages of `extras`.
    Extras,
    NotFound,
    /// The search page of every language (the index itself is not made by the preview).
    Search,
    /// sitemap.xml and robots.txt.
    Sitemap,
    /// The Atom feed of news in a language.
    Feed {
        lang: String,
    },
}

/// What each output read, and what each page's summary read, with the reverse maps (who read
/// an input) that an edit looks up.
#[derive(Debug, Default)]
pub struct Graph {
    outputs: HashMap<OutputId, BTreeSet<Input>>,
    readers: HashMap<Input, BTreeSet<OutputId>>,
    /// Summaries show unit names, term labels (a campaign's title) and computed savings.
    summaries: Vec<BTreeSet<Input>>,
    summary_readers: HashMap<Input, BTreeSet<usize>>,
}

impl Graph {
    /// Notes what output `id` read when it was made last.
    pub fn record(&mut self, id: OutputId, reads: BTreeSet<Input>) {
        if let Some(old) = self.outputs.get(&id) {
            for input in old {
                if let Some(readers) = self.readers.get_mut(input) {
                    readers.remove(&id);
                }
            }
        }
        for input in &reads {
            self.readers.entry(input.clone()).or_default().insert(id.clone());
        }
        self.outputs.insert(id, reads);
    }

    /// Notes what the summary of page `index` read when it was made last.
    pub fn record_summary(&mut self, index: usize, reads: BTreeSet<Input>) {
        if self.summaries.len() <= index {
            self.summaries.resize(index + 1, BTreeSet::new());
        }
        for input in &self.summaries[index] {
            if let Some(readers) = self.summary_readers.get_mut(input) {
                readers.remove(&index);
            }
        }
        for input in &reads {
            self.summary_readers.entry(input.clone()).or_default().insert(index);
        }
        self.summaries[index] = reads;
    }

    /// The outputs that read any of `changed`, in a stable order. An output that looks over
    /// every page ([`Input::AnyPage`]) reads every page's change.
    pub fn readers(&self, changed: &BTreeSet<Input>) -> BTreeSet<OutputId> {
        let mut found = BTreeSet::new();
        let any_page = changed.iter().any(|i| matches!(i, Input::Page(_)));
        let inputs = changed.iter().chain(any_page.then_some(&Input::AnyPage));
        for input in inputs {
            if let Some(readers) = self.readers.get(input) {
                found.extend(readers.iter().cloned());
            }
        }
        found
    }

    /// The pages whose summaries read any of `changed`.
    pub fn summary_readers(&self, changed: &BTreeSet<Input>) -> BTreeSet<usize> {
        changed
            .iter()
            .filter_map(|input| self.summary_readers.get(input))
            .flatten()
            .copied()
            .collect()
    }
}

/// The template engine, the site it was built for, and what every output read: enough to make
/// any output again.
pub struct Session {
    pub shared: Arc<Shared>,
    pub tera: Tera,
    pub graph: Graph,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Session")
    }
}

impl Session {
    /// Makes `ids` again into `output`, on all cores, and records what they read this time.
    pub fn rerender(&mut self, ids: Vec<OutputId>, output: &Output, diagnostics: &mut Diagnostics) {
        for (id, reads, local) in render_outputs(&self.shared, &self.tera, ids, output, true) {
            diagnostics.extend(local);
            self.graph.record(id, reads);
        }
    }

    /// Lets `change` edit the site model (and the summaries' reads) and rebuilds the template
    /// engine around the result. The engine's functions hold the model, so it is dropped first;
    /// when something else still holds the model, when `change` returns `false` or the templates
    /// do not load, `false` says that the session is spent and the site must be built again.
    pub fn update(
        &mut self,
        change: impl FnOnce(&mut Shared, &mut Graph) -> bool,
        diagnostics: &mut Diagnostics,
    ) -> bool {
        drop(std::mem::take(&mut self.tera));
        let Some(shared) = Arc::get_mut(&mut self.shared) else {
            return false;
        };
        if !change(shared, &mut self.graph) {
            return false;
        }
        let before = diagnostics.error_count();
        self.tera = templates::build(self.shared.clone(), diagnostics);
        diagnostics.error_count() == before
    }
}

/// Every output other than the pages, in the order a full render makes them.
pub fn site_outputs(shared: &Shared, tera: &Tera) -> Vec<OutputId> {
    let site = &shared.site;
    let has_template = |name: &str| templates::has(tera, name);
    let mut ids = Vec::new();
    // A theme without printable templates (or a site without campaigns) has no printables.
    if !shared.printables.is_empty() && has_template("poster.html") && has_template("tip_cards.html") {
        ids.push(OutputId::Printables);
    }
    for (taxonomy, index) in site.taxonomies.iter().enumerate() {
        for lang in site.config.language_codes() {
            ids.push(OutputId::TaxonomyList {
                taxonomy,
                lang: lang.to_owned(),
            });
            for term in index.terms.keys() {
                if templates::tagged_count(site, &index.config.name, term, lang) > 0 {
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
    ]);
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
/// for every page at once, and calls [`super::render_page`] itself).
pub fn render_output(shared: &Shared, tera: &Tera, id: &OutputId, output: &Output, diagnostics: &mut Diagnostics) {
    let site = &shared.site;
    match id {
        OutputId::Page(index) => {
            let before = diagnostics.error_count();
            let rendered = markdown::render(site, *index, diagnostics);
            if diagnostics.error_count() == before {
                super::render_page(shared, tera, *index, rendered, output, diagnostics);
            }
        }
        OutputId::TaxonomyList { taxonomy, lang } => {
            super::render_taxonomy_list(shared, tera, *taxonomy, lang, output, diagnostics)
        }
        OutputId::Term { taxonomy, term, lang } => {
            super::render_term(shared, tera, *taxonomy, term, lang, output, diagnostics)
        }
        OutputId::Printables => {
            // Posters show campaigns, their actions and tips: any page may be on one.
            deps::read(Input::AnyPage);
            printables::render(shared, tera, &shared.printables, output, diagnostics);
            if templates::has(tera, "printables.html") {
                printables::render_index(shared, tera, &shared.printables, output, diagnostics);
            }
        }
        OutputId::Extras => {
            deps::read(Input::AnyPage);
            super::extras::render(shared, tera, output, diagnostics);
        }
        OutputId::NotFound => super::render_not_found(shared, tera, output, diagnostics),
        OutputId::Search => crate::search::render_search(shared, tera, output, diagnostics),
        OutputId::Sitemap => {
            // Addresses change only with a full build; the sitemap also shows each page's date.
            deps::read(Input::Dates);
            super::write_sitemap(site, output, diagnostics);
        }
        OutputId::Feed { lang } => super::write_feed(site, lang, output, diagnostics),
    }
}
