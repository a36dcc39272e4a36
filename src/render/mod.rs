//! Rendering the resolved site into files: Markdown to HTML, every page through its template,
//! taxonomy lists, the 404 page, feeds, sitemap, assets and static files.

pub mod assets;
pub mod charts;
pub mod color;
pub mod datafns;
pub mod extras;
pub mod feeds;
pub mod ics;
pub mod markdown;
pub mod printables;
pub mod sanitise;
pub mod savings;
pub mod session;
pub mod templates;
pub mod theme;
pub mod views;

use crate::content::PageKind;
use crate::deps::{self, Input};
use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::output::Output;
use crate::resolve::{Site, urls};
use rayon::prelude::*;
use serde::Serialize;
pub use session::{OutputId, Session};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;
use templates::Shared;
use tera::{Context, Tera, Value};
use theme::Theme;

/// What a render produced, for the build summary.
#[derive(Debug, Default)]
pub struct Stats {
    pub pages_per_language: BTreeMap<String, usize>,
    /// The printables written, for the PDF export.
    pub printables: Vec<printables::Printable>,
    /// What it takes to render outputs again, kept by the preview for incremental rebuilds.
    pub session: Option<Session>,
    /// Whether the theme has a search page, which the search index is for.
    pub search_page: bool,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    default_language: &'a str,
    languages: Vec<LanguageView<'a>>,
    logo: Option<String>,
    publisher: &'a str,
    primary_color: &'a str,
    bilingual_posters: bool,
    extra: &'a serde_json::Value,
}

#[derive(Serialize)]
struct LanguageView<'a> {
    code: &'a str,
    name: &'a str,
    dir: &'a str,
    home: String,
}

/// A link in the navigation, the breadcrumbs or a list of alternatives.
#[derive(Serialize)]
pub(crate) struct Link {
    pub title: String,
    pub url: String,
    pub active: bool,
}

/// The breadcrumbs of a page that hangs under the home page only: the site's name.
pub(crate) fn home_breadcrumbs(site: &Site, lang: &str) -> [Link; 1] {
    [Link {
        title: site.config.title(lang).to_owned(),
        url: urls::url_path(&site.config, lang, ""),
        active: false,
    }]
}

/// Renders every output of `site` into `output`.
/// `pdf` says whether PDFs of the printables will be made, so that pages link to them.
pub fn render(site: Arc<Site>, theme: Theme, output: &Output, pdf: bool, diagnostics: &mut Diagnostics) -> Stats {
    render_tracked(site, theme, output, pdf, false, diagnostics)
}

/// [`render`], and with `track` also what each output read, for the preview's incremental
/// rebuilds (see [`session`]).
pub fn render_tracked(
    site: Arc<Site>,
    theme: Theme,
    output: &Output,
    pdf: bool,
    track: bool,
    diagnostics: &mut Diagnostics,
) -> Stats {
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
        printables: printables::plan(&site),
        pdf,
    });
    let before = diagnostics.error_count();
    let tera = templates::build(shared.clone(), diagnostics);
    if diagnostics.error_count() > before {
        // Templates that do not load would fail on every page: report them once and stop.
        return Stats::default();
    }

    // Markdown first, for every page, so that links to headings of other pages can be checked.
    let rendered: Vec<((markdown::Rendered, Diagnostics), BTreeSet<Input>)> = (0..site.pages.len())
        .into_par_iter()
        .map(|i| {
            deps::recording_if(track, || {
                let mut local = Diagnostics::new();
                (markdown::render(&site, i, &mut local), local)
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
    markdown::check_anchors(&site, &rendered, diagnostics);
    let mut graph = session::Graph::default();
    if track {
        for (i, reads) in summary_reads.into_iter().enumerate() {
            graph.record_summary(i, reads);
        }
    }
    let pages: Vec<session::Made> = rendered
        .into_par_iter()
        .zip(markdown_reads)
        .enumerate()
        .map(|(i, (r, mut reads))| {
            let mut local = Diagnostics::new();
            let ((), page_reads) = deps::recording_if(track, || render_page(&shared, &tera, i, r, output, &mut local));
            reads.extend(page_reads);
            (OutputId::Page(i), reads, local)
        })
        .collect();
    // Everything else: lists of terms, printables, the calendar and other extras, feeds.
    let others = session::render_outputs(&shared, &tera, session::site_outputs(&shared, &tera), output, track);
    for (id, reads, local) in pages.into_iter().chain(others) {
        diagnostics.extend(local);
        if track {
            graph.record(id, reads);
        }
    }
    copy_static(&site.root, output, diagnostics);
    copy_bundle_assets(&site, output, diagnostics);

    let mut stats = Stats {
        printables: shared.printables.clone(),
        search_page: templates::has(&tera, "search.html"),
        ..Stats::default()
    };
    for page in &site.pages {
        *stats.pages_per_language.entry(page.lang.clone()).or_default() += 1;
    }
    stats.session = Some(Session { shared, tera, graph });
    stats
}

/// A page's summary as templates see it.
pub(crate) fn summary(site: &Site, index: usize) -> Value {
    Value::from_serializable(&views::summary(site, index))
}

/// The context every template gets: the language, the site, navigation and the switcher.
pub(crate) fn base_context(shared: &Shared, lang: &str, current_url: &str) -> Context {
    let site = &shared.site;
    let config = &site.config;
    let default = config.default_language();
    let language = config.language(lang);
    let mut context = Context::new();
    context.insert("lang", lang);
    context.insert(
        "html_lang",
        &language
            .and_then(|l| l.html_lang.clone())
            .unwrap_or_else(|| lang.to_owned()),
    );
    context.insert("dir", language.map(|l| l.dir.as_str()).unwrap_or("ltr"));
    let logo = config.logo.as_ref().map(|l| format!("/{}", l.trim_start_matches('/')));
    context.insert(
        "site",
        &SiteView {
            title: config.title(lang),
            description: config.description.as_ref().map(|d| d.get(lang, default)).unwrap_or(""),
            base_url: config.base_url(),
            default_language: default,
            languages: config
                .languages
                .iter()
                .map(|l| LanguageView {
                    code: &l.code,
                    name: &l.name,
                    dir: l.dir.as_str(),
                    home: urls::url_path(config, &l.code, ""),
                })
                .collect(),
            logo,
            publisher: config.publisher.as_ref().map(|p| p.get(lang, default)).unwrap_or(""),
            primary_color: &config.colors.primary,
            bilingual_posters: config.build.bilingual_posters,
            extra: &config.extra,
        },
    );
    let home = urls::url_path(config, lang, "");
    let nav: Vec<Link> = site
        .subsections("", lang)
        .iter()
        .chain(site.children("", lang))
        .map(|&i| {
            crate::deps::read(crate::deps::Input::Page(i));
            Link {
                title: site.pages[i].meta.title.clone(),
                url: site.url(i).to_owned(),
                active: current_url.starts_with(site.url(i)),
            }
        })
        .collect();
    context.insert("nav", &nav);
    context.insert("home_url", &home);
    context.insert("feed_url", &urls::file_url(config, lang, "atom.xml"));
    context.insert("current_url", current_url);
    context.insert("permalink", &urls::permalink(config, current_url));
    // Defaults that pages override, so that every template can rely on them.
    context.insert("title", config.title(lang));
    context.insert(
        "description",
        config.description.as_ref().map(|d| d.get(lang, default)).unwrap_or(""),
    );
    context.insert("og_type", "website");
    context.insert("body_kind", "list");
    context.insert("has_code", &false);
    context.insert("breadcrumbs", &Vec::<Link>::new());
    context.insert("related", &BTreeMap::<String, Vec<Value>>::new());
    context
}

fn template_for(shared: &Shared, tera: &Tera, index: usize) -> String {
    let site = &shared.site;
    let page = &site.pages[index];
    if let Some(template) = &page.meta.template {
        return template.clone();
    }
    let has = |name: &str| templates::has(tera, name);
    match page.kind {
        PageKind::Home => "index.html".into(),
        PageKind::Section => {
            let kind = page.meta.page_kind.unwrap_or(PageKind::Page);
            let specific = format!("{}_list.html", kind.as_str());
            if has(&specific) {
                specific
            } else {
                "section.html".into()
            }
        }
        kind => {
            let specific = format!("{}.html", kind.as_str());
            if has(&specific) { specific } else { "page.html".into() }
        }
    }
}

fn render_page(
    shared: &Shared,
    tera: &Tera,
    index: usize,
    rendered: markdown::Rendered,
    output: &Output,
    diagnostics: &mut Diagnostics,
) {
    let site = &shared.site;
    let page = &site.pages[index];
    let url = site.url(index).to_owned();
    let mut context = base_context(shared, &page.lang, &url);
    context.insert_value("page", shared.summary(index));
    context.insert("title", &page.meta.title);
    if let Some(description) = &page.meta.description {
        context.insert("description", description);
    }
    context.insert("og_type", if page.is_section() { "website" } else { "article" });
    context.insert("body_kind", page.kind.as_str());
    context.insert_value("content", Value::safe_string(&rendered.html));
    context.insert("toc", &rendered.toc);
    context.insert("has_code", &rendered.has_code);
    context.insert("translations", &views::translations(site, index));
    context.insert("breadcrumbs", &breadcrumbs(site, index));
    if page.is_section() {
        let children: Vec<Value> = site
            .children(&page.key, &page.lang)
            .iter()
            .map(|&i| shared.summary(i))
            .collect();
        let subsections: Vec<Value> = site
            .subsections(&page.key, &page.lang)
            .iter()
            .map(|&i| shared.summary(i))
            .collect();
        context.insert_value("pages", Value::from(children));
        context.insert_value("subsections", Value::from(subsections));
    }
    // A page that is a term of a section-backed taxonomy (a campaign) lists what carries it.
    let mut related: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for taxonomy in &site.taxonomies {
        if taxonomy.config.section.as_deref() == Some(page.section.as_str()) && !page.is_section() {
            related.insert(
                taxonomy.config.name.clone(),
                templates::tagged(shared, &taxonomy.config.name, &page.slug_key(), &page.lang),
            );
        }
    }
    context.insert("related", &related);
    let template = template_for(shared, tera, index);
    if !templates::has(tera, &template) {
        diagnostics.push(missing_template(shared, tera, page, &template));
        return;
    }
    write_rendered(
        shared,
        tera,
        &template,
        &context,
        &url,
        &page.file().display().to_string(),
        output,
        diagnostics,
    );
}

/// The message for a page whose `template:` names a template the theme does not have.
fn missing_template(shared: &Shared, tera: &Tera, page: &crate::content::Page, template: &str) -> Diagnostic {
    // Page templates, not the partials and printables they include.
    let names: Vec<&str> = tera
        .get_template_names()
        .filter(|n| !n.starts_with("partials_") && *n != "base.html" && *n != "printable_base.html")
        .collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    let hint = match crate::diagnostics::did_you_mean(template, names.iter().copied()) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!("the theme's templates are: {}", sorted.join(", ")),
    };
    let file = page.file();
    // The front matter starts on the file's second line.
    let line = page
        .front
        .lines()
        .position(|l| l.trim_start().starts_with("template:"))
        .map(|i| i + 2);
    let diagnostic = Diagnostic::error(format!(
        "`template: {template}` names a template the theme `{}` does not have",
        shared.site.config.theme
    ))
    .in_file(&file)
    .hint(hint);
    match line {
        Some(line) => {
            let text = std::fs::read_to_string(shared.site.root.join(&file)).unwrap_or_default();
            diagnostic.at(&text, line, 1)
        }
        None => diagnostic,
    }
}

impl crate::content::Page {
    /// The last part of the key, which taxonomies use as a term id (`green-families`).
    pub fn slug_key(&self) -> String {
        self.key.rsplit('/').next().unwrap_or_default().to_owned()
    }
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn write_rendered(
    shared: &Shared,
    tera: &Tera,
    template: &str,
    context: &Context,
    url: &str,
    origin: &str,
    output: &Output,
    diagnostics: &mut Diagnostics,
) {
    deps::read(Input::Template(template.to_owned()));
    match tera.render(template, context) {
        Ok(html) => {
            if let Err(d) = output.write(&urls::output_path(url), html.as_bytes(), origin) {
                diagnostics.push(d);
            }
        }
        Err(e) => diagnostics.push(templates::template_error(&shared.theme, Some(template), &e)),
    }
}

fn breadcrumbs(site: &Site, index: usize) -> Vec<Link> {
    let page = &site.pages[index];
    let mut crumbs = Vec::new();
    if page.kind == PageKind::Home {
        return crumbs;
    }
    let mut section = page.section.clone();
    loop {
        if let Some(i) = site.page(&section, &page.lang) {
            crate::deps::read(crate::deps::Input::Page(i));
            crumbs.push(Link {
                title: site.pages[i].meta.title.clone(),
                url: site.url(i).to_owned(),
                active: false,
            });
        }
        if section.is_empty() {
            break;
        }
        section = section.rfind('/').map(|i| section[..i].to_owned()).unwrap_or_default();
    }
    crumbs.reverse();
    crumbs
}

#[derive(Serialize)]
pub(crate) struct TermEntry {
    id: String,
    label: String,
    url: String,
    count: usize,
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
            count: templates::tagged_count(site, &index.config.name, term, lang),
        })
        .filter(|t| t.count > 0)
        .collect();
    terms.sort_by(|a, b| {
        declared_order(site, &index.config, &a.id)
            .cmp(&declared_order(site, &index.config, &b.id))
            .then(a.label.cmp(&b.label))
    });
    terms
}

/// The title of a taxonomy's list page: its UI string, else its name.
fn taxonomy_title(shared: &Shared, taxonomy: &crate::config::Taxonomy, lang: &str) -> String {
    let key = format!("taxonomy_{}", taxonomy.name);
    let title = shared.string(lang, &key);
    if title == key {
        taxonomy.name.clone()
    } else {
        title.to_owned()
    }
}

/// The page listing the terms of taxonomy `taxonomy` in `lang`.
pub(crate) fn render_taxonomy_list(
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
    context.insert("title", &taxonomy_title(shared, config, lang));
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
pub(crate) fn render_term(
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
    let title = taxonomy_title(shared, config, lang);
    let list_url = urls::url_path(&site.config, lang, config.path());
    let pages = templates::tagged(shared, &config.name, term, lang);
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

/// Terms keep the order in which data/terms.yaml or the section lists them.
fn declared_order(site: &Site, taxonomy: &crate::config::Taxonomy, term: &str) -> usize {
    if let Some(section) = &taxonomy.section {
        return site
            .page_or_default(&format!("{section}/{term}"), site.config.default_language())
            .map(|i| {
                crate::deps::read(crate::deps::Input::Page(i));
                site.pages[i].meta.weight.max(0) as usize
            })
            .unwrap_or(usize::MAX);
    }
    site.data
        .get("terms")
        .and_then(|t| t.get(&taxonomy.name))
        .and_then(|t| t.as_object())
        .and_then(|m| m.keys().position(|k| k == term))
        .unwrap_or(usize::MAX)
}

pub(crate) fn render_not_found(shared: &Shared, tera: &Tera, output: &Output, diagnostics: &mut Diagnostics) {
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

/// sitemap.xml and robots.txt.
pub(crate) fn write_sitemap(site: &Site, output: &Output, diagnostics: &mut Diagnostics) {
    for (file, text) in [
        ("sitemap.xml", feeds::sitemap(site)),
        ("robots.txt", feeds::robots(site)),
    ] {
        if let Err(d) = output.write(Path::new(file), text.as_bytes(), file) {
            diagnostics.push(d);
        }
    }
}

/// The Atom feed of news in `lang`, when it has news.
pub(crate) fn write_feed(site: &Site, lang: &str, output: &Output, diagnostics: &mut Diagnostics) {
    if let Some(feed) = feeds::atom(site, lang) {
        let file = urls::file_url(&site.config, lang, "atom.xml");
        let file = file.trim_start_matches('/');
        if let Err(d) = output.write(Path::new(file), feed.as_bytes(), file) {
            diagnostics.push(d);
        }
    }
}

/// `static/` is published as it is, at the root of the site.
fn copy_static(root: &Path, output: &Output, diagnostics: &mut Diagnostics) {
    for relative in crate::site_files::list(root, Path::new("static"), |_| false, diagnostics) {
        copy_static_file(root, &relative, output, diagnostics);
    }
}

/// Publishes one file of `static/` (`relative` to that folder) at the same path in the site.
pub(crate) fn copy_static_file(root: &Path, relative: &Path, output: &Output, diagnostics: &mut Diagnostics) {
    let shown = Path::new("static").join(relative);
    if let Some(bytes) = crate::site_files::read(root, &shown, diagnostics)
        && let Err(d) = output.write(relative, &bytes, &display_path(&shown))
    {
        diagnostics.push(d);
    }
}

/// The images of a page bundle are published beside the page in every language.
fn copy_bundle_assets(site: &Site, output: &Output, diagnostics: &mut Diagnostics) {
    for (i, page) in site.pages.iter().enumerate() {
        for asset in &page.assets {
            let name = asset.rsplit('/').next().unwrap_or(asset);
            let target = urls::output_path(site.url(i)).with_file_name(name);
            match std::fs::read(site.root.join(crate::content::CONTENT_DIR).join(asset)) {
                Ok(bytes) => {
                    if let Err(d) = output.write(&target, &bytes, &format!("content/{asset}")) {
                        diagnostics.push(d);
                    }
                }
                Err(e) => diagnostics.push(
                    Diagnostic::error(format!("cannot read this file: {e}")).in_file(Path::new("content").join(asset)),
                ),
            }
        }
    }
}
