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
pub mod savings;
pub mod templates;
pub mod theme;
pub mod views;

use crate::content::PageKind;
use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::output::Output;
use crate::resolve::{Site, urls};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
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
    /// What it takes to render one page again, kept by the preview for quick rebuilds.
    pub session: Option<Session>,
}

/// The template engine and the site it was built for: enough to render a single page again.
pub struct Session {
    pub shared: Arc<Shared>,
    pub tera: Tera,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Session")
    }
}

impl Session {
    /// Renders page `index` with a new body (its front matter unchanged) into `output`.
    pub fn rerender_body(
        &self,
        index: usize,
        body: &str,
        body_line: usize,
        output: &Output,
        diagnostics: &mut Diagnostics,
    ) {
        let site = &self.shared.site;
        let rendered = markdown::render_text(site, &site.pages[index], body, body_line, diagnostics);
        if !diagnostics.has_errors() {
            render_page(&self.shared, &self.tera, index, rendered, output, diagnostics);
        }
    }
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

#[derive(Serialize)]
struct Link {
    title: String,
    url: String,
    active: bool,
}

/// Renders every output of `site` into `output`.
/// `pdf` says whether PDFs of the printables will be made, so that pages link to them.
pub fn render(site: Arc<Site>, theme: Theme, output: &Output, pdf: bool, diagnostics: &mut Diagnostics) -> Stats {
    let assets = assets::build(&site.config, &theme, diagnostics);
    for (file, bytes) in &assets.files {
        if let Err(d) = output.write(Path::new(file), bytes, "the theme's assets") {
            diagnostics.push(d);
        }
    }
    let summaries: Vec<Value> = (0..site.pages.len())
        .into_par_iter()
        .map(|i| Value::from_serializable(&views::summary(&site, i)))
        .collect();
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

    let rendered: Vec<(markdown::Rendered, Diagnostics)> = (0..site.pages.len())
        .into_par_iter()
        .map(|i| {
            let mut local = Diagnostics::new();
            (markdown::render(&site, i, &mut local), local)
        })
        .collect();
    let rendered: Vec<markdown::Rendered> = rendered
        .into_iter()
        .map(|(r, d)| {
            diagnostics.extend(d);
            r
        })
        .collect();
    markdown::check_anchors(&site, &rendered, diagnostics);
    let results: Vec<Diagnostics> = rendered
        .into_par_iter()
        .enumerate()
        .map(|(i, r)| {
            let mut local = Diagnostics::new();
            render_page(&shared, &tera, i, r, output, &mut local);
            local
        })
        .collect();
    results.into_iter().for_each(|d| diagnostics.extend(d));

    // A theme without printable templates (or a site without campaigns) has no printables.
    let has_template = |name: &str| tera.get_template_names().any(|n| n == name);
    if !shared.printables.is_empty() && has_template("poster.html") && has_template("tip_cards.html") {
        printables::render(&shared, &tera, &shared.printables, output, diagnostics);
        if has_template("printables.html") {
            printables::render_index(&shared, &tera, &shared.printables, output, diagnostics);
        }
    }
    render_taxonomies(&shared, &tera, output, diagnostics);
    render_not_found(&shared, &tera, output, diagnostics);
    extras::render(&shared, &tera, output, diagnostics);
    crate::search::render_search(&shared, &tera, output, diagnostics);
    write_feeds(&site, output, diagnostics);
    copy_static(&site.root, output, diagnostics);
    copy_bundle_assets(&site, output, diagnostics);

    let mut stats = Stats {
        printables: shared.printables.clone(),
        ..Stats::default()
    };
    for page in &site.pages {
        *stats.pages_per_language.entry(page.lang.clone()).or_default() += 1;
    }
    stats.session = Some(Session { shared, tera });
    stats
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
        .map(|&i| Link {
            title: site.pages[i].meta.title.clone(),
            url: site.url(i).to_owned(),
            active: current_url.starts_with(site.url(i)),
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
    let has = |name: &str| tera.get_template_names().any(|n| n == name);
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
    context.insert_value("page", shared.summaries[index].clone());
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
            .map(|&i| shared.summaries[i].clone())
            .collect();
        let subsections: Vec<Value> = site
            .subsections(&page.key, &page.lang)
            .iter()
            .map(|&i| shared.summaries[i].clone())
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
struct TermEntry {
    id: String,
    label: String,
    url: String,
    count: usize,
}

/// For each taxonomy and language: a page listing its terms, and a page per term.
fn render_taxonomies(shared: &Shared, tera: &Tera, output: &Output, diagnostics: &mut Diagnostics) {
    let site = &shared.site;
    for taxonomy in &site.taxonomies {
        for language in &site.config.languages {
            let lang = language.code.as_str();
            let mut terms: Vec<TermEntry> = taxonomy
                .terms
                .keys()
                .map(|term| TermEntry {
                    id: term.clone(),
                    label: site.term_label(&taxonomy.config.name, term, lang),
                    url: site.term_url(&taxonomy.config, term, lang),
                    count: templates::tagged(shared, &taxonomy.config.name, term, lang).len(),
                })
                .filter(|t| t.count > 0)
                .collect();
            terms.sort_by(|a, b| {
                declared_order(site, &taxonomy.config, &a.id)
                    .cmp(&declared_order(site, &taxonomy.config, &b.id))
                    .then(a.label.cmp(&b.label))
            });
            let title_key = format!("taxonomy_{}", taxonomy.config.name);
            let title = shared.string(lang, &title_key).to_owned();
            let title = if title == title_key {
                taxonomy.config.name.clone()
            } else {
                title
            };
            let list_url = urls::url_path(&site.config, lang, taxonomy.config.path());
            let mut context = base_context(shared, lang, &list_url);
            context.insert("taxonomy", &taxonomy.config.name);
            context.insert("title", &title);
            context.insert(
                "breadcrumbs",
                &[Link {
                    title: shared.site.config.title(lang).to_owned(),
                    url: urls::url_path(&site.config, lang, ""),
                    active: false,
                }],
            );
            context.insert("terms", &terms);
            context.insert(
                "translations",
                &taxonomy_translations(site, lang, taxonomy.config.path(), None, &taxonomy.config),
            );
            write_rendered(
                shared,
                tera,
                "taxonomy.html",
                &context,
                &list_url,
                &format!("the {} list", taxonomy.config.name),
                output,
                diagnostics,
            );
            for term in &terms {
                let mut context = base_context(shared, lang, &term.url);
                context.insert("taxonomy", &taxonomy.config.name);
                context.insert("taxonomy_title", &title);
                context.insert("taxonomy_url", &list_url);
                context.insert("term", term);
                context.insert("title", &term.label);
                context.insert(
                    "breadcrumbs",
                    &[Link {
                        title: title.clone(),
                        url: list_url.clone(),
                        active: false,
                    }],
                );
                context.insert_value(
                    "pages",
                    Value::from(templates::tagged(shared, &taxonomy.config.name, &term.id, lang)),
                );
                context.insert(
                    "translations",
                    &taxonomy_translations(site, lang, taxonomy.config.path(), Some(&term.id), &taxonomy.config),
                );
                write_rendered(
                    shared,
                    tera,
                    "term.html",
                    &context,
                    &term.url,
                    &format!("the {} term `{}`", taxonomy.config.name, term.id),
                    output,
                    diagnostics,
                );
            }
        }
    }
}

/// Terms keep the order in which data/terms.yaml or the section lists them.
fn declared_order(site: &Site, taxonomy: &crate::config::Taxonomy, term: &str) -> usize {
    if let Some(section) = &taxonomy.section {
        return site
            .page_or_default(&format!("{section}/{term}"), site.config.default_language())
            .map(|i| site.pages[i].meta.weight.max(0) as usize)
            .unwrap_or(usize::MAX);
    }
    site.data
        .get("terms")
        .and_then(|t| t.get(&taxonomy.name))
        .and_then(|t| t.as_object())
        .and_then(|m| m.keys().position(|k| k == term))
        .unwrap_or(usize::MAX)
}

fn taxonomy_translations(
    site: &Site,
    lang: &str,
    path: &str,
    term: Option<&str>,
    taxonomy: &crate::config::Taxonomy,
) -> Vec<views::TranslationView> {
    site.config
        .languages
        .iter()
        .map(|l| {
            let url = match term {
                Some(t) => site.term_url(taxonomy, t, &l.code),
                None => urls::url_path(&site.config, &l.code, path),
            };
            views::TranslationView {
                lang: l.code.clone(),
                name: l.name.clone(),
                html_lang: l.html_lang.clone().unwrap_or_else(|| l.code.clone()),
                permalink: urls::permalink(&site.config, &url),
                url,
                current: l.code == lang,
                exists: true,
            }
        })
        .collect()
}

fn render_not_found(shared: &Shared, tera: &Tera, output: &Output, diagnostics: &mut Diagnostics) {
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

fn write_feeds(site: &Site, output: &Output, diagnostics: &mut Diagnostics) {
    let mut files = vec![
        ("sitemap.xml".to_owned(), feeds::sitemap(site)),
        ("robots.txt".to_owned(), feeds::robots(site)),
    ];
    for lang in site.config.language_codes() {
        if let Some(feed) = feeds::atom(site, lang) {
            files.push((
                urls::file_url(&site.config, lang, "atom.xml")
                    .trim_start_matches('/')
                    .to_owned(),
                feed,
            ));
        }
    }
    for (file, text) in files {
        if let Err(d) = output.write(Path::new(&file), text.as_bytes(), &file) {
            diagnostics.push(d);
        }
    }
}

/// `static/` is published as it is, at the root of the site.
fn copy_static(root: &Path, output: &Output, diagnostics: &mut Diagnostics) {
    let dir = root.join("static");
    if !dir.is_dir() {
        return;
    }
    for entry in walkdir::WalkDir::new(&dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        if !entry.file_type().is_file() {
            if entry.path_is_symlink() {
                diagnostics.push(
                    Diagnostic::warning("this is a link to another place and was not published")
                        .in_file(entry.path().strip_prefix(root).unwrap_or(entry.path())),
                );
            }
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(&dir) else {
            continue;
        };
        match std::fs::read(entry.path()) {
            Ok(bytes) => {
                if let Err(d) = output.write(relative, &bytes, &format!("static/{}", display_path(relative))) {
                    diagnostics.push(d);
                }
            }
            Err(e) => diagnostics.push(
                Diagnostic::error(format!("cannot read this file: {e}"))
                    .in_file(entry.path().strip_prefix(root).unwrap_or(entry.path())),
            ),
        }
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
