//! Loading the content folder into the site model: every Markdown file becomes a [`Page`] with
//! its language, translation key, kind, checked front matter and body.
//!
//! The naming follows Hugo and Zola: `name.md` is a page in the default language, `name.<lang>.md`
//! its translation, `_index.md` describes a section, and a folder with `index.md` is a page bundle
//! whose other files (images) are published beside it. A site may instead keep each language in
//! a folder of its own, `content/<lang>/` (Hugo's `contentDir` per language).

pub mod assets;
pub mod frontmatter;
pub mod schema;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::yaml::Origin;
use rayon::prelude::*;
pub use schema::{FrontMatter, PageKind, Ref, Savings};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use crate::site_files::CONTENT_DIR;

/// The section a content key hangs under: `tips/led` → `tips`, `tips` → `` (the home page).
pub fn parent_key(key: &str) -> &str {
    key.rfind('/').map_or("", |i| &key[..i])
}

/// One Markdown file in one language.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path under `content/`, with forward slashes, e.g. `campaigns/green-families.en.md`.
    pub source: String,
    pub lang: String,
    /// The same for every translation: `campaigns/green-families`, `campaigns` for a section,
    /// the empty string for the home page.
    pub key: String,
    /// The key of the section the page belongs to (`""` for the top level).
    pub section: String,
    pub kind: PageKind,
    /// The last part of the URL, the same in every language.
    pub slug: String,
    pub meta: FrontMatter,
    pub body: String,
    /// The file line on which the body starts, for locating problems in it.
    pub body_line: usize,
    /// Files of a page bundle, as paths under `content/`.
    pub assets: Vec<String>,
    /// A list page made up for a folder without `_index.md` (there is no file to point at).
    pub generated: bool,
    /// The front matter as written, so that the preview can tell a body-only edit.
    pub front: String,
    /// For a page shown in a language it has no translation in: the language its text is in.
    /// `None` for a page written in its own language.
    pub text_lang: Option<String>,
}

/// The day a build publishes for (`publish_date`, `expiry_date`): `SOURCE_DATE_EPOCH` when set,
/// so that a build can be repeated exactly, else today.
pub fn build_day() -> chrono::NaiveDate {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        });
    chrono::NaiveDate::from_num_days_from_ce_opt(719_163 + (seconds / 86_400) as i32).unwrap_or_default()
}

impl Page {
    /// Whether the page is published on `day`: not a draft, its `publish_date` reached and its
    /// `expiry_date` not passed (the day itself still shows it).
    pub fn is_published(&self, day: chrono::NaiveDate) -> bool {
        !self.meta.draft
            && !self.meta.headless
            && self.meta.publish_date.is_none_or(|from| from <= day)
            && self.meta.expiry_date.is_none_or(|until| day <= until)
    }

    pub fn is_section(&self) -> bool {
        matches!(self.kind, PageKind::Home | PageKind::Section)
    }

    /// Whether this is a translation (or the original), not a page shown in another language.
    pub fn is_translated(&self) -> bool {
        self.text_lang.is_none()
    }

    /// The language the page's text is in.
    pub fn text_lang(&self) -> &str {
        self.text_lang.as_deref().unwrap_or(&self.lang)
    }

    /// The file as users name it in messages: `content/...`.
    pub fn file(&self) -> PathBuf {
        Path::new(CONTENT_DIR).join(&self.source)
    }
}

/// What a file name says about a page before its front matter is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceName {
    pub key: String,
    pub lang: String,
    pub section: String,
    pub is_section: bool,
    pub is_bundle: bool,
    /// Whether the name says its language (`a.en.md`, `content/en/a.md`) rather than being in
    /// the default language by having none: a link to such a file means that language.
    pub lang_given: bool,
    /// The file-name part of the key, before slugging.
    pub stem: String,
}

/// Reads a path under `content/` (`tips/a.en.md`, `campaigns/_index.md`, `tips/b/index.md`).
/// Returns `None` for a language suffix that is not configured (the caller reports it).
pub fn parse_source_name(relative: &str, config: &Config) -> Result<SourceName, String> {
    // `content/en/...`: a top folder named after one of the site's languages holds that
    // language's pages (Hugo's `contentDir` per language), with the same names as the others.
    let (folder_lang, relative) = match relative.split_once('/') {
        Some((first, rest)) if config.language(first).is_some() => (Some(first), rest),
        _ => (None, relative),
    };
    let default = folder_lang.unwrap_or(config.default_language());
    let (dir, file) = match relative.rfind('/') {
        Some(i) => (&relative[..i], &relative[i + 1..]),
        None => ("", relative),
    };
    let base = file.strip_suffix(".md").unwrap_or(file);
    let (stem, lang, lang_given) = match base.rsplit_once('.') {
        Some((stem, suffix)) if config.language(suffix).is_some() => (stem, suffix.to_owned(), true),
        Some((_, suffix)) if suffix.len() <= 3 && suffix.chars().all(|c| c.is_ascii_lowercase()) => {
            return Err(suffix.to_owned());
        }
        _ => (base, default.to_owned(), folder_lang.is_some()),
    };
    let parent_of = |path: &str| parent_key(path).to_owned();
    Ok(match stem {
        "_index" => SourceName {
            key: dir.to_owned(),
            lang,
            section: parent_of(dir),
            is_section: true,
            is_bundle: false,
            lang_given,
            stem: dir.rsplit('/').next().unwrap_or_default().to_owned(),
        },
        "index" if !dir.is_empty() => SourceName {
            key: dir.to_owned(),
            lang,
            section: parent_of(dir),
            is_section: false,
            is_bundle: true,
            lang_given,
            stem: dir.rsplit('/').next().unwrap_or_default().to_owned(),
        },
        _ => SourceName {
            key: if dir.is_empty() {
                stem.to_owned()
            } else {
                format!("{dir}/{stem}")
            },
            lang,
            section: dir.to_owned(),
            is_section: false,
            is_bundle: false,
            lang_given,
            stem: stem.to_owned(),
        },
    })
}

/// A file read and split but not yet checked against its kind's schema.
struct RawPage {
    name: SourceName,
    source: String,
    text: String,
    split: frontmatter::Split,
}

/// Walks `content/` and loads every page. Problems are recorded, never fatal: the caller
/// decides from `diagnostics` whether the build may go on.
pub fn load(root: &Path, config: &Config, drafts: bool, diagnostics: &mut Diagnostics) -> Vec<Page> {
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        diagnostics.push(
            Diagnostic::error("there is no content/ folder")
                .in_file(CONTENT_DIR)
                .hint("create content/ with a home page content/_index.md, or start from `greenprint init DIR`"),
        );
        return Vec::new();
    }
    let (mut markdown, others) = walk(root, diagnostics);
    // As in Hugo, the other Markdown files of a page bundle (a folder with `index.md`) are part
    // of that page, not pages of their own.
    let bundle_folders: std::collections::BTreeSet<&str> = markdown
        .iter()
        .filter(|m| {
            let file = m.rsplit('/').next().unwrap_or(m);
            file == "index.md" || (file.starts_with("index.") && file.matches('.').count() == 2)
        })
        .map(|m| source_folder(m))
        .filter(|folder| !folder.is_empty())
        .collect();
    // The nearest folder above the file that is a bundle, found by walking up its folders.
    let in_bundle = |m: &str| -> Option<String> {
        let file = m.rsplit('/').next().unwrap_or(m);
        let mut folder = source_folder(m);
        if file.starts_with("index.") && bundle_folders.contains(folder) {
            return None;
        }
        while !folder.is_empty() {
            if bundle_folders.contains(folder) {
                return Some(folder.to_owned());
            }
            folder = source_folder(folder);
        }
        None
    };
    let inside: Vec<(String, String)> = markdown
        .iter()
        .filter_map(|m| in_bundle(m).map(|b| (m.clone(), b)))
        .collect();
    for (file, bundle) in &inside {
        diagnostics.push(
            Diagnostic::warning(format!(
                "this file is inside the page bundle {CONTENT_DIR}/{bundle}/ (a folder with index.md), so it is part of that page and is not published as a page of its own"
            ))
            .in_file(Path::new(CONTENT_DIR).join(file))
            .hint("to make it a page, move it out of that folder, or rename the folder's index.md to _index.md to make the folder a section"),
        );
    }
    markdown.retain(|m| !inside.iter().any(|(file, _)| file == m));
    let read: Vec<(Option<RawPage>, Diagnostics)> = markdown
        .par_iter()
        .map(|relative| {
            let mut local = Diagnostics::new();
            let page = read_page(&content, relative, config, &mut local);
            (page, local)
        })
        .collect();
    let mut raws = Vec::new();
    for (page, local) in read {
        diagnostics.extend(local);
        raws.extend(page);
    }

    // The kind of a page comes from its nearest section's `page_kind`.
    let mut section_kinds: BTreeMap<String, PageKind> = BTreeMap::new();
    for raw in raws.iter().filter(|r| r.name.is_section) {
        if let Some((_, value)) = raw.split.front.0.iter().find(|(k, _)| k.value == "page_kind")
            && let Some(kind) = value.value.as_str().and_then(PageKind::parse)
        {
            section_kinds.insert(raw.name.key.clone(), kind);
        }
    }
    let kind_of = |name: &SourceName| -> PageKind {
        if name.is_section {
            return if name.key.is_empty() {
                PageKind::Home
            } else {
                PageKind::Section
            };
        }
        let mut section = name.section.as_str();
        loop {
            if let Some(kind) = section_kinds.get(section) {
                return *kind;
            }
            if section.is_empty() {
                return PageKind::Page;
            }
            section = parent_key(section);
        }
    };

    let taxonomies: Vec<&str> = config.taxonomies.iter().map(|t| t.name.as_str()).collect();
    // The files of bundles, each checked once (a bundle has a page in each language).
    let bundles: std::collections::BTreeSet<&str> = raws
        .iter()
        .filter(|r| r.name.is_bundle)
        .map(|r| source_folder(&r.source))
        .collect();
    let mut bundle_assets = bundle_assets(&others);
    bundle_assets.retain(|key, _| bundles.contains(key.as_str()));
    for files in bundle_assets.values_mut() {
        files.retain(|file| assets::publishable(&content, file, config.build.trust_html, diagnostics));
    }
    let checked: Vec<(Page, Diagnostics)> = raws
        .into_par_iter()
        .map(|raw| {
            let mut local = Diagnostics::new();
            let kind = kind_of(&raw.name);
            let assets = if raw.name.is_bundle {
                bundle_assets
                    .get(source_folder(&raw.source))
                    .cloned()
                    .unwrap_or_default()
            } else {
                Vec::new()
            };
            (check_page(raw, kind, &taxonomies, assets, config, &mut local), local)
        })
        .collect();
    let mut pages = Vec::with_capacity(checked.len());
    let today = build_day();
    for (page, local) in checked {
        diagnostics.extend(local);
        // Hugo sites make their search and 404 pages from a page of content (`layout: search`);
        // greenprint makes both itself, at the same address.
        if let Some(own) = page
            .meta
            .template
            .as_deref()
            .filter(|t| matches!(*t, "search.html" | "404.html"))
        {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "this page asks for the template `{own}`: greenprint makes that page itself, so this one is not published"
                ))
                .in_file(page.file())
                .hint("remove the file; the site's search page and 404 page come with the theme"),
            );
            continue;
        }
        if drafts || page.is_published(today) {
            pages.push(page);
        }
    }
    pages.sort_by(|a, b| (&a.key, &a.lang).cmp(&(&b.key, &b.lang)));
    pages
}

/// Checks a page's front matter against the schema of its kind and makes the page.
fn check_page(
    raw: RawPage,
    kind: PageKind,
    taxonomies: &[&str],
    assets: Vec<String>,
    config: &Config,
    diagnostics: &mut Diagnostics,
) -> Page {
    let shown = Path::new(CONTENT_DIR).join(&raw.source);
    let origin = Origin {
        file: &shown,
        file_text: &raw.text,
        line_offset: raw.split.line_offset,
    };
    let meta = schema::check(&raw.split.front, &raw.split.yaml, kind, taxonomies, origin, diagnostics);
    let slug = match &meta.slug {
        Some(written) => {
            let slug = crate::slug::address_part(written);
            // `a/../b` or `A B` cannot be an address as written: say what it became.
            if &slug != written {
                let (line, column) = origin.find_line(&raw.split.yaml, 1, "slug:").unwrap_or((1, 1));
                diagnostics.push(
                    origin
                        .warning_at(
                            line,
                            column,
                            format!("the slug `{written}` became `{slug}`: an address has only small letters a-z, digits, dashes, `_` and `.`, and stays inside the site"),
                        )
                        .hint(format!("write `slug: {slug}` to keep this address, or choose another")),
                );
            }
            slug
        }
        None => crate::slug::address_part(&raw.name.stem),
    };
    let mut meta = meta;
    if meta.title.is_empty() {
        // As Hugo and Zola do: the site's title for the home page, else the file's name.
        let (title, from) = if kind == PageKind::Home {
            (config.title(&raw.name.lang).to_owned(), "the site's title")
        } else {
            (title_from_name(&raw.name.stem), "its file name")
        };
        diagnostics.push(
            Diagnostic::warning(format!(
                "the page has no `title`: it is shown as “{title}”, from {from}"
            ))
            .in_file(&shown)
            .at(&raw.text, 1, 1)
            .hint("add a line `title: ...` to its front matter"),
        );
        meta.title = title;
    }
    // Hugo's and Zola's summary marker: what comes before it is what lists show of the page.
    if meta.description.is_none()
        && let Some(summary) = before_summary_marker(&raw.split.body)
    {
        let text = plain_text(summary);
        if !text.is_empty() {
            meta.description = Some(text);
        }
    }
    Page {
        source: raw.source,
        lang: raw.name.lang,
        key: raw.name.key,
        section: raw.name.section,
        kind,
        slug,
        meta,
        body: raw.split.body,
        body_line: raw.split.body_line,
        assets,
        generated: false,
        front: raw.split.yaml,
        text_lang: None,
    }
}

/// A title made from a file name: `getting_started` → `Getting started`.
fn title_from_name(stem: &str) -> String {
    let words = stem.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => stem.to_owned(),
    }
}

/// The text before Hugo's `<!--more-->` (Zola's `<!-- more -->`), which ends a page's summary.
fn before_summary_marker(body: &str) -> Option<&str> {
    let mut from = 0;
    while let Some(at) = body[from..].find("<!--") {
        let start = from + at;
        let rest = &body[start + 4..];
        let inner = rest.split("-->").next().unwrap_or_default();
        if inner.trim() == "more" {
            return Some(&body[..start]);
        }
        from = start + 4;
    }
    None
}

/// The words of some Markdown, without its markup.
fn plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) if !text.ends_with(' ') && !text.is_empty() => {
                text.push(' ')
            }
            _ => {}
        }
    }
    text.trim().to_owned()
}

/// Reads one page again after an edit, as [`load`] would, given the kind it had (which comes
/// from its section) and its bundle's files. `None` when it cannot be read; the reason is in
/// `diagnostics`.
pub fn load_one(root: &Path, config: &Config, previous: &Page, diagnostics: &mut Diagnostics) -> Option<Page> {
    let raw = read_page(&root.join(CONTENT_DIR), &previous.source, config, diagnostics)?;
    let taxonomies: Vec<&str> = config.taxonomies.iter().map(|t| t.name.as_str()).collect();
    Some(check_page(
        raw,
        previous.kind,
        &taxonomies,
        previous.assets.clone(),
        config,
        diagnostics,
    ))
}

fn read_page(content: &Path, relative: &str, config: &Config, diagnostics: &mut Diagnostics) -> Option<RawPage> {
    let shown = Path::new(CONTENT_DIR).join(relative);
    let name = match parse_source_name(relative, config) {
        Ok(name) => name,
        Err(suffix) => {
            let languages: Vec<&str> = config.language_codes().collect();
            diagnostics.push(
                Diagnostic::error(format!("`.{suffix}.md` names a language the site does not have"))
                    .in_file(&shown)
                    .hint(format!(
                        "the site's languages are {}; add `{suffix}` to `languages` in site.yaml, or rename the file",
                        languages.join(", ")
                    )),
            );
            return None;
        }
    };
    let path = content.join(relative);
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    if size > crate::decode::MAX_TEXT_FILE {
        diagnostics.push(
            Diagnostic::error(format!("this file is too large for a page ({} MB)", size / 1024 / 1024))
                .in_file(&shown)
                .hint("split it into several pages; a page should be well under 4 MB"),
        );
        return None;
    }
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            diagnostics.push(Diagnostic::error(format!("cannot read this file: {e}")).in_file(&shown));
            return None;
        }
    };
    let text = crate::decode::decode(&bytes, &shown, diagnostics)?;
    let split = frontmatter::split(&text, &shown, diagnostics)?;
    Some(RawPage {
        name,
        source: relative.to_owned(),
        text,
        split,
    })
}

/// Lists the Markdown files and the other files under `content/`, sorted, as paths relative to
/// it. Links are not followed (see [`crate::site_files`]) but are reported.
fn walk(root: &Path, diagnostics: &mut Diagnostics) -> (Vec<String>, Vec<String>) {
    let mut markdown = Vec::new();
    let mut others = Vec::new();
    for path in crate::site_files::list(root, Path::new(CONTENT_DIR), is_hidden, diagnostics) {
        let relative = display_path(&path);
        if relative.ends_with(".md") {
            markdown.push(relative);
        } else {
            others.push(relative);
        }
    }
    (markdown, others)
}

/// Hidden files and the swap files and backups editors leave behind: never content, and not a
/// change worth a rebuild in the preview.
pub fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('~')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
}

/// The folder a source file is in (`en/tips/led` for `en/tips/led/index.md`): a bundle's files
/// are those of its own folder, which in a `content/<lang>/` layout differ by language.
fn source_folder(source: &str) -> &str {
    source.rfind('/').map_or("", |i| &source[..i])
}

/// The non-Markdown files of each bundle folder, by folder.
fn bundle_assets(others: &[String]) -> BTreeMap<String, Vec<String>> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in others {
        if let Some(i) = file.rfind('/') {
            map.entry(file[..i].to_owned()).or_default().push(file.clone());
        }
    }
    map
}

impl Page {
    /// The last part of the key, which taxonomies use as a term id (`green-families`).
    pub fn slug_key(&self) -> String {
        self.key.rsplit('/').next().unwrap_or_default().to_owned()
    }
}
