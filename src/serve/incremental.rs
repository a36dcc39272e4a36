//! The preview's rebuild after an edit: read again only the files that changed, change the site
//! model in place, and make again only the outputs that read what changed. The map from each
//! output to what it read is kept by [`Session`]; this module works out what an edit changed.
//!
//! - a page's text: that page;
//! - a page's front matter: that page, and every output that showed it (the lists it is in, its
//!   translations' language switcher when they show its title, term pages, the navigation when it
//!   is a top-level section, feeds and posters), and the summaries that show its title;
//! - a data file: the outputs and summaries that read that file;
//! - a template: the outputs rendered with it or with a template that extends or includes it;
//! - a file under `static/`: that file, copied.
//!
//! Anything the model cannot take in place (a page added, deleted or moved, other slug, terms
//! or draft state, site.yaml, UI strings, theme assets, data/terms.yaml) is left to a full
//! rebuild: [`Outcome::Rebuild`].

use crate::build::{self, BuildReport};
use crate::content::{self, Page};
use crate::data::Data;
use crate::deps::Input;
use crate::diagnostics::{Diagnostics, display_path};
use crate::output::Output;
use crate::outputs::session::Graph;
use crate::outputs::{OutputId, Session};
use crate::render::context::{Shared, summary};
use crate::resolve::printables;
use crate::theme::Theme;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What became of an edit.
pub enum Outcome {
    /// The changed outputs were made again, or the problems found are in the report (and the
    /// preview still shows the last good site).
    Done(Box<BuildReport>),
    /// The edit needs a full build.
    Rebuild,
}

/// The files an edit touched, sorted by what they are.
#[derive(Default)]
struct Touched {
    pages: Vec<usize>,
    data: bool,
    theme: bool,
    statics: Vec<PathBuf>,
}

/// Applies the edit of `changed` (absolute paths) to the preview in `output`.
pub fn rebuild(session: &mut Session, changed: &[PathBuf], output: &Path) -> Outcome {
    let started = Instant::now();
    let Some(touched) = sort_out(session, changed) else {
        return Outcome::Rebuild;
    };
    let site = &session.shared.site;
    let mut diagnostics = Diagnostics::new();
    let mut inputs: BTreeSet<Input> = BTreeSet::new();
    let mut outputs: BTreeSet<OutputId> = BTreeSet::new();

    // Read everything first, and change nothing while any of it has problems.
    let mut pages: Vec<(usize, Page)> = Vec::new();
    for &index in &touched.pages {
        let old = &site.pages[index];
        let Some(mut page) = content::load_one(&site.root, &site.config, old, &mut diagnostics) else {
            continue;
        };
        if !old.is_translated() {
            // A copy shown in another language: the edited original, in that language.
            page.lang = old.lang.clone();
            page.text_lang = old.text_lang.clone();
        }
        if page.front != old.front {
            if !same_place(old, &page) {
                return Outcome::Rebuild;
            }
            inputs.insert(Input::Page(index));
            if (old.meta.date, old.meta.updated) != (page.meta.date, page.meta.updated) {
                inputs.insert(Input::Dates);
            }
        }
        outputs.insert(OutputId::Page(index));
        pages.push((index, page));
    }
    let data = touched.data.then(|| Data::load(&site.root, &mut diagnostics));
    if let Some(data) = &data {
        let names: BTreeSet<&String> = data.files.keys().chain(site.data.files.keys()).collect();
        for name in names {
            if data.files.get(name) != site.data.files.get(name) {
                if name == "terms" {
                    // Term labels and which terms exist are settled when the site is resolved.
                    return Outcome::Rebuild;
                }
                inputs.insert(Input::Data(name.clone()));
            }
        }
    }
    let theme = touched
        .theme
        .then(|| Theme::load(&site.root, &site.config.theme, &mut diagnostics));
    if let Some(theme) = &theme {
        let old = &session.shared.theme;
        if theme.strings != old.strings || theme.assets != old.assets {
            return Outcome::Rebuild;
        }
        let edited = edited_templates(theme, old);
        inputs.extend(theme.users_of(&edited).into_iter().map(Input::Template));
    }
    // Units and sources a page names must exist in the data as it is now.
    let data_now = data.as_ref().unwrap_or(&site.data);
    if data.is_some() {
        let unchanged = (site.pages.iter().enumerate())
            .filter(|(i, _)| !touched.pages.contains(i))
            .map(|(_, p)| p);
        crate::resolve::check_references(&site.root, data_now, unchanged, &mut diagnostics);
    }
    crate::resolve::check_references(&site.root, data_now, pages.iter().map(|(_, p)| p), &mut diagnostics);
    let language = build::message_language(Some(site.config.default_language()));
    let mut timings = vec![("read", started.elapsed())];
    if diagnostics.has_errors() {
        return Outcome::Done(Box::new(report(diagnostics, language, 0, started, timings)));
    }

    // Change the model, and the summaries that show what changed.
    let updated = session.update(
        |shared, graph| {
            let Some(site) = Arc::get_mut(&mut shared.site) else {
                return false;
            };
            for (index, page) in pages {
                site.replace_page(index, page);
            }
            if let Some(data) = data {
                site.data = data;
            }
            if let Some(theme) = theme {
                shared.theme = theme;
            }
            refresh_summaries(shared, graph, &mut inputs);
            shared.printables = printables::plan(&shared.site);
            true
        },
        &mut diagnostics,
    );
    if !updated {
        return Outcome::Rebuild;
    }
    timings.push(("update model", started.elapsed()));
    outputs.extend(session.graph.readers(&inputs));
    let target = Output::in_place(output);
    session.rerender(outputs.into_iter().collect(), &target, &mut diagnostics);
    for file in &touched.statics {
        crate::outputs::static_files::copy_static_file(&session.shared.site.root, file, &target, &mut diagnostics);
    }
    let written = target.changed_count();
    timings.push(("render and write", started.elapsed()));
    Outcome::Done(Box::new(report(diagnostics, language, written, started, timings)))
}

/// The templates whose text differs between `old` and `theme`, added and removed ones included.
fn edited_templates(theme: &Theme, old: &Theme) -> BTreeSet<String> {
    let names: BTreeSet<&String> = theme.templates.keys().chain(old.templates.keys()).collect();
    names
        .into_iter()
        .filter(|n| theme.templates.get(*n).map(|t| &t.0) != old.templates.get(*n).map(|t| &t.0))
        .cloned()
        .collect()
}

/// Makes again the summaries that read any of `inputs`, and those that read a summary that
/// changed; each changed summary is an input of what shows it.
fn refresh_summaries(shared: &mut Shared, graph: &mut Graph, inputs: &mut BTreeSet<Input>) {
    let mut pending: Vec<usize> = inputs
        .iter()
        .filter_map(|i| match i {
            Input::Page(i) => Some(*i),
            _ => None,
        })
        .chain(graph.summary_readers(inputs))
        .collect();
    let mut seen = BTreeSet::new();
    while let Some(index) = pending.pop() {
        if !seen.insert(index) {
            continue;
        }
        let (value, reads) = crate::deps::recording(|| summary(&shared.site, index));
        graph.record_summary(index, reads);
        if value != shared.summaries[index] {
            shared.summaries[index] = value;
            let changed = Input::Page(index);
            pending.extend(graph.summary_readers(&BTreeSet::from([changed.clone()])));
            inputs.insert(changed);
        }
    }
}

/// Sorts the changed paths by what they are; `None` when one of them needs a full build.
fn sort_out(session: &Session, changed: &[PathBuf]) -> Option<Touched> {
    let site = &session.shared.site;
    let root = site.root.canonicalize().ok()?;
    let mut touched = Touched::default();
    for path in changed {
        // A deleted file takes its page or output with it, and a link is left out by a full
        // build (crate::site_files): both need one.
        if std::fs::symlink_metadata(path).ok()?.file_type().is_symlink() {
            return None;
        }
        let path = path.canonicalize().ok()?;
        let relative = path.strip_prefix(&root).ok()?;
        let mut parts = relative.components().map(|c| c.as_os_str().to_string_lossy());
        match parts.next()?.as_ref() {
            content::CONTENT_DIR => {
                let source = display_path(relative.strip_prefix(content::CONTENT_DIR).ok()?);
                // A new page, or a file of a page bundle, needs a full build.
                // The page, and its copies in the languages that show it untranslated.
                let indices: Vec<usize> = (0..site.pages.len())
                    .filter(|&i| site.pages[i].source == source)
                    .collect();
                if indices.is_empty() {
                    return None;
                }
                touched.pages.extend(indices);
            }
            "data" => touched.data = true,
            "templates" | "i18n" => touched.theme = true,
            "themes" => {
                // Another theme than the site's does not show.
                if parts.next()? == site.config.theme.as_str() {
                    touched.theme = true;
                }
            }
            "static" => touched
                .statics
                .push(relative.strip_prefix("static").ok()?.to_path_buf()),
            _ => return None,
        }
    }
    Some(touched)
}

/// Whether an edited page stays where it was: same address, same terms, same template, still
/// published. Only then can it replace the old one in place.
fn same_place(old: &Page, new: &Page) -> bool {
    let terms = |p: &Page| -> Vec<(String, Vec<String>)> {
        p.meta
            .terms
            .iter()
            .map(|(k, refs)| (k.clone(), refs.iter().map(|r| r.id.clone()).collect()))
            .collect()
    };
    old.kind == new.kind
        && old.meta.slug == new.meta.slug
        && old.meta.draft == new.meta.draft
        && old.meta.template == new.meta.template
        && old.meta.page_kind == new.meta.page_kind
        && terms(old) == terms(new)
}

/// The report of a rebuild; `laps` are the times since `started` at which each stage ended.
fn report(
    diagnostics: Diagnostics,
    language: String,
    files: usize,
    started: Instant,
    laps: Vec<(&'static str, Duration)>,
) -> BuildReport {
    let mut previous = Duration::ZERO;
    let timings = laps
        .into_iter()
        .map(|(name, at)| {
            let took = at.saturating_sub(previous);
            previous = at;
            (name, took)
        })
        .collect();
    BuildReport {
        timings,
        published: !diagnostics.has_errors(),
        diagnostics,
        language,
        files_written: files,
        elapsed: started.elapsed(),
        ..BuildReport::default()
    }
}
