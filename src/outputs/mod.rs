//! What a build writes, one module per kind of output: the pages, taxonomy lists and terms, the
//! 404 page, the search page, the site map page, the extra pages (calculator, targets, calendar and its .ics),
//! printables, feeds and sitemap, static files. [`registry`] lists the kinds; [`render`] runs
//! them all, the preview's [`session`] makes them again one by one.

pub mod charts;
pub mod extras;
pub mod feeds;
pub mod ics;
pub mod not_found;
pub mod pages;
pub mod printables;
pub mod redirects;
pub mod registry;
pub mod search_page;
pub mod session;
pub mod site_map;
pub mod static_files;
pub mod taxonomy;

use crate::deps::{self, Input};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Output;
use crate::render::context::{Shared, has, summary};
use crate::render::markdown;
use crate::resolve::Site;
use crate::resolve::printables::Printable;
use crate::theme::{Theme, assets};
use rayon::prelude::*;
pub use registry::OutputId;
use session::Graph;
pub use session::Session;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;
use tera::{Tera, Value};

/// What a render produced, for the build summary.
#[derive(Debug, Default)]
pub struct Stats {
    pub pages_per_language: BTreeMap<String, usize>,
    /// The printed materials made.
    pub printables: Vec<Printable>,
    /// What it takes to render outputs again, kept by the preview for incremental rebuilds.
    pub session: Option<Session>,
    /// Whether the theme has a search page, which the search index is for.
    pub search_page: bool,
}

/// Renders every output of `site` into `output`.
pub fn render(site: Arc<Site>, theme: Theme, output: &Output, diagnostics: &mut Diagnostics) -> Stats {
    render_tracked(site, theme, output, false, diagnostics, || ()).0
}

/// [`render`], and with `track` also what each output read, for the preview's incremental
/// rebuilds (see [`session`]). `with_pages` runs as soon as every page is written, while the
/// printed materials are still being made (the search index is made from the pages alone);
/// what it gives is returned with the stats.
pub fn render_tracked<T: Send>(
    site: Arc<Site>,
    theme: Theme,
    output: &Output,
    track: bool,
    diagnostics: &mut Diagnostics,
    with_pages: impl FnOnce() -> T + Send,
) -> (Stats, Option<T>) {
    let assets = assets::build(&site.config, &theme, diagnostics);
    for (file, bytes) in &assets.files {
        if let Err(d) = output.write(Path::new(file), bytes, "the theme's assets") {
            diagnostics.push(d);
        }
    }
    let (summaries, summary_reads): (Vec<Value>, Vec<BTreeSet<Input>>) = (0..site.pages.len())
        .into_par_iter()
        .map(|i| deps::recording_if(track, || summary(&site, i)))
        .unzip();
    let shared = Arc::new(Shared {
        site: site.clone(),
        theme,
        asset_urls: assets.urls.clone(),
        summaries,
        printables: crate::resolve::printables::plan(&site),
    });
    let before = diagnostics.error_count();
    let tera = registry::template_engine(shared.clone(), diagnostics);
    if diagnostics.error_count() > before {
        // Templates that do not load would fail on every page: report them once and stop.
        return (Stats::default(), None);
    }

    // The printed materials take longest and need nothing the pages make: they are typeset on
    // a thread of their own while the pages and the other outputs are rendered.
    let (made, alongside) = std::thread::scope(|scope| {
        let materials = scope.spawn(|| {
            let ids: Vec<OutputId> = registry::site_outputs(&shared)
                .into_iter()
                .filter(|id| *id == OutputId::PrintedMaterials)
                .collect();
            registry::render_outputs(&shared, &tera, ids, output, track)
        });
        let mut made = render_pages_and_outputs(&site, &shared, &tera, output, track, diagnostics);
        let alongside = with_pages();
        match materials.join() {
            Ok(m) => made.extend(m),
            Err(_) => diagnostics.push(
                Diagnostic::error("making the printed materials stopped unexpectedly")
                    .hint("this is a fault in greenprint; please report it with the site that causes it"),
            ),
        }
        (made, alongside)
    });
    let mut graph = Graph::default();
    if track {
        for (i, reads) in summary_reads.into_iter().enumerate() {
            graph.record_summary(i, reads);
        }
    }
    for (id, reads, local) in made {
        diagnostics.extend(local);
        if track {
            graph.record(id, reads);
        }
    }
    static_files::copy_static(&site.root, output, diagnostics);
    static_files::copy_bundle_assets(&site, output, diagnostics);

    let mut stats = Stats {
        printables: shared.printables.clone(),
        search_page: has(&tera, "search.html"),
        ..Stats::default()
    };
    for page in &site.pages {
        *stats.pages_per_language.entry(page.lang.clone()).or_default() += 1;
    }
    stats.session = Some(Session { shared, tera, graph });
    (stats, Some(alongside))
}

/// The Markdown and page of every page, and every output but the printed materials.
fn render_pages_and_outputs(
    site: &Arc<Site>,
    shared: &Arc<Shared>,
    tera: &Tera,
    output: &Output,
    track: bool,
    diagnostics: &mut Diagnostics,
) -> Vec<registry::Made> {
    // Markdown first, for every page, so that links to headings of other pages can be checked.
    let rendered: Vec<((markdown::Rendered, Diagnostics), BTreeSet<Input>)> = (0..site.pages.len())
        .into_par_iter()
        .map(|i| {
            deps::recording_if(track, || {
                let mut local = Diagnostics::new();
                (markdown::render(site, i, Some(tera), &mut local), local)
            })
        })
        .collect();
    let mut markdown_reads = Vec::with_capacity(rendered.len());
    let rendered: Vec<markdown::Rendered> = rendered
        .into_iter()
        .map(|((r, d), reads)| {
            diagnostics.extend(d);
            markdown_reads.push(reads);
            r
        })
        .collect();
    markdown::check_anchors(site, &rendered, diagnostics);
    let pages: Vec<registry::Made> = rendered
        .into_par_iter()
        .zip(markdown_reads)
        .enumerate()
        .map(|(i, (r, mut reads))| {
            let mut local = Diagnostics::new();
            let ((), page_reads) =
                deps::recording_if(track, || pages::render_page(shared, tera, i, r, output, &mut local));
            reads.extend(page_reads);
            (OutputId::Page(i), reads, local)
        })
        .collect();
    // Everything else (lists of terms, the calendar and other extras, feeds) but the printed
    // materials.
    let ids = registry::site_outputs(shared)
        .into_iter()
        .filter(|id| *id != OutputId::PrintedMaterials)
        .collect();
    let others = registry::render_outputs(shared, tera, ids, output, track);
    pages.into_iter().chain(others).collect()
}
