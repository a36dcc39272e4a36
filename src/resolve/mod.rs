//! Resolving the loaded pages into a site: the URL of every page, which pages translate each
//! other, what each section lists, the terms of each taxonomy, and whether every reference to
//! data (units, sources, terms) and every slug holds. The result is plain data, built once and
//! then only read by rendering.

pub mod printables;
pub mod urls;

use crate::config::{Config, Taxonomy};
use crate::content::{Page, PageKind, Ref, parent_key};
use crate::data::Data;
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The resolved site: pages with their URLs and relations.
pub struct Site {
    pub root: std::path::PathBuf,
    pub config: Config,
    pub data: Data,
    pub pages: Vec<Page>,
    /// The site-relative URL of each page, parallel to `pages`.
    pub urls: Vec<String>,
    by_key: HashMap<(String, String), usize>,
    /// Every language version of a key, in the order of the configured languages.
    translations: HashMap<String, Vec<usize>>,
    /// The pages (not sections) each section lists, per language, in display order.
    children: HashMap<(String, String), Vec<usize>>,
    /// The subsections of each section, per language.
    subsections: HashMap<(String, String), Vec<usize>>,
    pub taxonomies: Vec<TaxonomyIndex>,
    /// Old addresses (`aliases`) that send visitors on to a page.
    pub redirects: Vec<Redirect>,
}

/// An old address of a page: a small page there sends visitors on to the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The old site-relative URL, `/old/path/` or `/old/page.html`.
    pub from: String,
    /// The page it leads to.
    pub to: usize,
}

/// The terms of one taxonomy and the pages (by key) that carry each.
pub struct TaxonomyIndex {
    pub config: Taxonomy,
    pub terms: BTreeMap<String, Vec<String>>,
}

impl Site {
    pub fn page(&self, key: &str, lang: &str) -> Option<usize> {
        self.by_key.get(&(key.to_owned(), lang.to_owned())).copied()
    }

    /// The page of `key` in `lang`, or along the fallback chain when `lang` has none (a
    /// language with `fallback: false`).
    pub fn page_or_default(&self, key: &str, lang: &str) -> Option<usize> {
        crate::locale::fallback::pick(lang, self.config.default_language(), |l| self.page(key, l)).map(|(i, _)| i)
    }

    /// The language the page of `key` is written in where `lang` shows it: `lang`, or the
    /// language of the original it shows untranslated.
    pub fn shown_lang<'a>(&'a self, key: &str, lang: &'a str) -> &'a str {
        self.page(key, lang).map_or(lang, |i| self.pages[i].text_lang())
    }

    /// The page of `key` written in `lang` itself, not one shown from another language.
    pub fn translated_page(&self, key: &str, lang: &str) -> Option<usize> {
        self.page(key, lang).filter(|&i| self.pages[i].is_translated())
    }

    /// Puts an edited page in the place of page `index`. The edit must leave the page where it
    /// was (same file, slug and taxonomy terms: the caller checks); what it shows may change, so
    /// the list it is in is sorted again.
    pub fn replace_page(&mut self, index: usize, mut page: Page) {
        let old = &self.pages[index];
        page.slug = old.slug.clone();
        page.generated = old.generated;
        self.pages[index] = page;
        let page = &self.pages[index];
        let list = (page.section.clone(), page.lang.clone());
        let pages = &self.pages;
        for lists in [&mut self.children, &mut self.subsections] {
            if let Some(list) = lists.get_mut(&list) {
                list.sort_by(|&a, &b| display_order(&pages[a], &pages[b]));
            }
        }
    }

    pub fn url(&self, index: usize) -> &str {
        &self.urls[index]
    }

    pub fn permalink(&self, index: usize) -> String {
        urls::permalink(&self.config, &self.urls[index])
    }

    pub fn translations(&self, key: &str) -> &[usize] {
        self.translations.get(key).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Where the language switcher leads from `index` to `lang`: the same page in that language,
    /// or, where it is not translated, its nearest translated section (at worst the home page).
    pub fn counterpart(&self, index: usize, lang: &str) -> Option<usize> {
        let page = &self.pages[index];
        if let Some(i) = self.page(&page.key, lang) {
            return Some(i);
        }
        let mut section = page.section.clone();
        loop {
            if let Some(i) = self.page(&section, lang) {
                return Some(i);
            }
            if section.is_empty() {
                return None;
            }
            section = parent_key(&section).to_owned();
        }
    }

    pub fn children(&self, section: &str, lang: &str) -> &[usize] {
        self.children
            .get(&(section.to_owned(), lang.to_owned()))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    pub fn subsections(&self, section: &str, lang: &str) -> &[usize] {
        self.subsections
            .get(&(section.to_owned(), lang.to_owned()))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    pub fn taxonomy(&self, name: &str) -> Option<&TaxonomyIndex> {
        self.taxonomies.iter().find(|t| t.config.name == name)
    }

    /// Where a term stands among its taxonomy's terms: the weight of its page for a taxonomy of
    /// a section (campaigns), else its place in data/terms.yaml; unknown terms come last.
    pub fn term_order(&self, taxonomy: &str, term: &str) -> usize {
        let Some(index) = self.taxonomy(taxonomy) else {
            return usize::MAX;
        };
        if let Some(section) = &index.config.section {
            return self
                .page_or_default(&format!("{section}/{term}"), self.config.default_language())
                .map(|i| {
                    crate::deps::read(crate::deps::Input::Page(i));
                    self.pages[i].meta.weight.max(0) as usize
                })
                .unwrap_or(usize::MAX);
        }
        self.data
            .get("terms")
            .and_then(|t| t.get(taxonomy))
            .and_then(|t| t.as_object())
            .and_then(|m| m.keys().position(|k| k == term))
            .unwrap_or(usize::MAX)
    }

    /// The display name of a taxonomy term in `lang`: a page title for section-backed
    /// taxonomies, otherwise the label in `data/terms.yaml`, otherwise the id itself.
    pub fn term_label(&self, taxonomy: &str, term: &str, lang: &str) -> String {
        self.term_label_in(taxonomy, term, lang).0
    }

    /// The display name of a term and the language it is in.
    pub fn term_label_in(&self, taxonomy: &str, term: &str, lang: &str) -> (String, String) {
        let default = self.config.default_language();
        if let Some(index) = self.taxonomy(taxonomy)
            && let Some(section) = &index.config.section
            && let Some(page) = self.page_or_default(&format!("{section}/{term}"), lang)
        {
            crate::deps::read(crate::deps::Input::Page(page));
            let page = &self.pages[page];
            return (page.meta.title.clone(), page.text_lang().to_owned());
        }
        let (label, label_lang) = self
            .data
            .get("terms")
            .and_then(|t| t.get(taxonomy))
            .and_then(|t| t.get(term))
            .and_then(|v| Data::local_text_in(v, lang, default))
            .unwrap_or((term, lang));
        (label.to_owned(), label_lang.to_owned())
    }

    /// The URL of a term's list page in `lang`.
    pub fn term_url(&self, taxonomy: &Taxonomy, term: &str, lang: &str) -> String {
        urls::url_path(
            &self.config,
            lang,
            &format!("{}/{}", taxonomy.path(), crate::slug::slugify(term)),
        )
    }

    /// The page a link target names: `../tips/a.md`, `@/tips/a.md`, `tips/_index.en.md` ...
    /// relative to the page's own folder, in the linking page's language unless the file named
    /// is of another language on purpose (`a.zh.md`, `../zh/a.md`); when the page has no version
    /// in that language, the version there is (a page written only in Chinese). Returns the
    /// page and the `#fragment`, if any.
    pub fn link_target(&self, from: &Page, target: &str) -> Option<(usize, Option<String>)> {
        let (path, fragment) = match target.split_once('#') {
            Some((p, f)) => (p, Some(f.to_owned())),
            None => (target, None),
        };
        if !path.ends_with(".md") {
            return None;
        }
        let joined = if let Some(rest) = path.strip_prefix("@/") {
            rest.to_owned()
        } else {
            let dir = from.source.rfind('/').map(|i| &from.source[..i]).unwrap_or("");
            format!("{dir}/{path}")
        };
        let mut parts: Vec<&str> = Vec::new();
        for part in joined.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    parts.pop()?;
                }
                p => parts.push(p),
            }
        }
        let normalised = parts.join("/");
        let name = crate::content::parse_source_name(&normalised, &self.config).ok()?;
        let lang = if name.lang_given { &name.lang } else { &from.lang };
        let page = self
            .page_or_default(&name.key, lang)
            .or_else(|| self.translations(&name.key).first().copied())?;
        Some((page, fragment))
    }
}

/// Builds the site from loaded pages; records every broken reference and URL collision.
pub fn resolve(
    root: std::path::PathBuf,
    config: Config,
    data: Data,
    mut pages: Vec<Page>,
    diagnostics: &mut Diagnostics,
) -> Site {
    join_translation_keys(&config, &mut pages);
    add_fallback_pages(&config, &mut pages);
    add_missing_sections(&config, &mut pages);
    unify_slugs(&config, &mut pages, diagnostics);
    // A written `url` (Hugo) or `path` (Zola) is the page's address in every language, as its
    // slug is: the default language's wins.
    let default = config.default_language();
    let in_default: std::collections::HashSet<&str> = pages
        .iter()
        .filter(|p| p.lang == default)
        .map(|p| p.key.as_str())
        .collect();
    let written_urls: HashMap<&str, &str> = pages
        .iter()
        .filter(|p| p.lang == default || !in_default.contains(p.key.as_str()))
        .filter_map(|p| Some((p.key.as_str(), p.meta.url.as_deref()?)))
        .collect();
    let urls: Vec<String> = pages
        .iter()
        .map(|p| {
            let path = if p.kind == PageKind::Home {
                String::new()
            } else if let Some(written) = written_urls.get(p.key.as_str()) {
                urls::written_path(written)
            } else {
                urls::key_path(&p.key, &p.slug)
            };
            urls::url_path(&config, &p.lang, &path)
        })
        .collect();

    let mut by_key = HashMap::new();
    let mut by_url: HashMap<&str, usize> = HashMap::new();
    for (i, page) in pages.iter().enumerate() {
        by_key.insert((page.key.clone(), page.lang.clone()), i);
        if let Some(&other) = by_url.get(urls[i].as_str()) {
            let hint = if pages[other].key == page.key && pages[other].lang == page.lang {
                // `a.md` and `a.zh.md` on a site whose default language is Chinese.
                format!(
                    "{} is the same page in the same language: a file without a language in its name (`a.md`) is in the default language, `{}`; if those files are in another language, make it `default_language` in site.yaml, else remove one",
                    pages[other].file().display(),
                    config.default_language()
                )
            } else {
                format!(
                    "{} has the same address; give one of them another file name or `slug`",
                    pages[other].file().display()
                )
            };
            diagnostics.push(
                Diagnostic::error(format!("two pages would be published at {}", urls[i]))
                    .in_file(page.file())
                    .hint(hint),
            );
        } else {
            by_url.insert(&urls[i], i);
        }
    }

    let language_order = |lang: &str| {
        config
            .languages
            .iter()
            .position(|l| l.code == lang)
            .unwrap_or(usize::MAX)
    };
    let mut translations: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, page) in pages.iter().enumerate().filter(|(_, p)| p.is_translated()) {
        translations.entry(page.key.clone()).or_default().push(i);
    }
    for list in translations.values_mut() {
        list.sort_by_key(|&i| language_order(&pages[i].lang));
    }

    let mut children: HashMap<(String, String), Vec<usize>> = HashMap::new();
    let mut subsections: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for (i, page) in pages.iter().enumerate() {
        if page.kind == PageKind::Home {
            continue;
        }
        let target = if page.is_section() {
            &mut subsections
        } else {
            &mut children
        };
        target
            .entry((page.section.clone(), page.lang.clone()))
            .or_default()
            .push(i);
    }
    for list in children.values_mut().chain(subsections.values_mut()) {
        list.sort_by(|&a, &b| display_order(&pages[a], &pages[b]));
    }

    let redirects = redirects(&pages, &urls, &by_url, diagnostics);
    check_references(&root, &data, &pages, diagnostics);
    let taxonomies = config
        .taxonomies
        .iter()
        .map(|t| TaxonomyIndex {
            config: t.clone(),
            terms: collect_terms(&root, t, &config, &data, &pages, &by_key, diagnostics),
        })
        .collect();

    Site {
        root,
        config,
        data,
        pages,
        urls,
        by_key,
        translations,
        children,
        subsections,
        taxonomies,
        redirects,
    }
}

/// The old addresses of every page (`aliases`), each once. One that is the address of a page,
/// or of another page's alias, is left out with a warning: a real page is never replaced.
fn redirects(
    pages: &[Page],
    urls: &[String],
    by_url: &HashMap<&str, usize>,
    diagnostics: &mut Diagnostics,
) -> Vec<Redirect> {
    let mut taken: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for (i, page) in pages.iter().enumerate().filter(|(_, p)| p.is_translated()) {
        for alias in &page.meta.aliases {
            let from = urls::written_url(alias);
            let clash = match (by_url.get(from.as_str()), taken.get(&from)) {
                (Some(&other), _) if other != i => Some(pages[other].file()),
                (_, Some(&other)) if other != i => Some(pages[other].file()),
                _ => None,
            };
            if from == urls[i] {
                continue;
            }
            if let Some(other) = clash {
                diagnostics.push(
                    Diagnostic::warning(format!(
                        "the old address {from} in `aliases` is taken: no redirect was made"
                    ))
                    .in_file(page.file())
                    .hint(format!(
                        "{} is published at or redirected from {from}; remove the alias from one of them",
                        other.display()
                    )),
                );
                continue;
            }
            taken.insert(from.clone(), i);
            out.push(Redirect { from, to: i });
        }
    }
    out
}

/// Pages in different languages with the same `translation_key` are one page: each takes the key
/// of the default language's page (or of the first), so the switcher joins them and they share
/// an address, and a page whose address moved gets its old one as an alias.
fn join_translation_keys(config: &Config, pages: &mut [Page]) {
    let default = config.default_language();
    let mut keys: HashMap<String, String> = HashMap::new();
    let mut order: Vec<&Page> = pages.iter().filter(|p| p.meta.translation_key.is_some()).collect();
    order.sort_by_key(|p| p.lang != default);
    for page in order {
        if let Some(group) = &page.meta.translation_key {
            keys.entry(group.clone()).or_insert_with(|| page.key.clone());
        }
    }
    for page in pages.iter_mut() {
        let Some(key) = page.meta.translation_key.as_ref().and_then(|g| keys.get(g)) else {
            continue;
        };
        if *key != page.key {
            let old = urls::url_path(config, &page.lang, &urls::key_path(&page.key, &page.slug));
            page.meta.aliases.push(old);
            page.key = key.clone();
            page.slug = key.rsplit('/').next().unwrap_or_default().to_owned();
            if !page.is_section() {
                page.section = parent_key(key).to_owned();
            }
        }
    }
}

/// Weight first, then the newest date, then the title: the order of every list.
pub fn display_order(a: &Page, b: &Page) -> std::cmp::Ordering {
    let weight = |p: &Page| if p.meta.weight == 0 { i64::MAX } else { p.meta.weight };
    weight(a)
        .cmp(&weight(b))
        .then_with(|| b.meta.date.cmp(&a.meta.date))
        .then_with(|| a.meta.title.cmp(&b.meta.title))
        .then_with(|| a.key.cmp(&b.key))
}

/// Every configured language is a full edition: where a language (with `fallback`, the default)
/// has no translation of a page, the page is shown in it from the language the fallback chain
/// finds, at the language's own address, so that its lists, navigation and links are whole.
fn add_fallback_pages(config: &Config, pages: &mut Vec<Page>) {
    let default = config.default_language();
    let present: HashMap<(&str, &str), usize> = (pages.iter().enumerate())
        .map(|(i, p)| ((p.key.as_str(), p.lang.as_str()), i))
        .collect();
    let mut keys: Vec<&str> = pages.iter().map(|p| p.key.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    let mut added = Vec::new();
    for language in config.languages.iter().filter(|l| l.fallback) {
        for &key in &keys {
            if present.contains_key(&(key, language.code.as_str())) {
                continue;
            }
            let found = crate::locale::fallback::pick(&language.code, default, |l| present.get(&(key, l)).copied());
            if let Some((original, _)) = found {
                let original = &pages[original];
                let mut copy = original.clone();
                copy.text_lang = Some(original.lang.clone());
                copy.lang = language.code.clone();
                added.push(copy);
            }
        }
    }
    pages.extend(added);
}

/// A site without a home page or a folder without `_index.md` still gets list pages, as in Hugo.
fn add_missing_sections(config: &Config, pages: &mut Vec<Page>) {
    let mut existing: std::collections::HashSet<(String, String)> = pages
        .iter()
        .filter(|p| p.is_section())
        .map(|p| (p.key.clone(), p.lang.clone()))
        .collect();
    let mut needed = Vec::new();
    for page in pages.iter() {
        let mut section = page.section.clone();
        loop {
            if existing.insert((section.clone(), page.lang.clone())) {
                needed.push((section.clone(), page.lang.clone()));
            }
            if section.is_empty() {
                break;
            }
            section = parent_key(&section).to_owned();
        }
    }
    for lang in config.language_codes() {
        if existing.insert((String::new(), lang.to_owned())) {
            needed.push((String::new(), lang.to_owned()));
        }
    }
    for (key, lang) in needed {
        let is_home = key.is_empty();
        let name = key.rsplit('/').next().unwrap_or_default().to_owned();
        let title = if is_home {
            config.title(&lang).to_owned()
        } else {
            name.clone()
        };
        pages.push(Page {
            source: if is_home {
                format!("_index.{lang}.md")
            } else {
                format!("{key}/_index.{lang}.md")
            },
            lang,
            section: parent_key(&key).to_owned(),
            kind: if is_home { PageKind::Home } else { PageKind::Section },
            slug: crate::slug::address_part(&name),
            meta: crate::content::FrontMatter {
                title,
                ..Default::default()
            },
            body: String::new(),
            body_line: 1,
            assets: Vec::new(),
            generated: true,
            front: String::new(),
            text_lang: None,
            key,
        });
    }
    pages.sort_by(|a, b| (&a.key, &a.lang).cmp(&(&b.key, &b.lang)));
}

/// The slug is the same in every language, so the switcher always lands on the same page: the
/// default language's slug wins, and a translation that sets another one is told so.
fn unify_slugs(config: &Config, pages: &mut [Page], diagnostics: &mut Diagnostics) {
    let default = config.default_language();
    let mut slugs: HashMap<String, String> = HashMap::new();
    for page in pages.iter().filter(|p| p.lang == default) {
        slugs.insert(page.key.clone(), page.slug.clone());
    }
    for page in pages.iter_mut().filter(|p| p.lang != default) {
        if let Some(slug) = slugs.get(&page.key)
            && *slug != page.slug
        {
            if page.meta.slug.is_some() {
                diagnostics.push(
                    Diagnostic::warning(format!(
                        "this translation sets its own slug `{}`; the page keeps `{slug}` in every language",
                        page.slug
                    ))
                    .in_file(page.file())
                    .hint(
                        "a page has the same address in every language; set `slug` in the default-language file only",
                    ),
                );
            }
            page.slug = slug.clone();
        }
    }
}

/// Checks that the units and sources `pages` name exist in the data files.
pub fn check_references<'a>(
    root: &Path,
    data: &Data,
    pages: impl IntoIterator<Item = &'a Page>,
    diagnostics: &mut Diagnostics,
) {
    let unit_ids = data.ids("units");
    let source_ids = data.ids("sources");
    let mut check = |page: &Page, refs: &[Ref], file: &str, ids: &[&str], what: &str| {
        for r in refs {
            if !ids.contains(&r.id.as_str()) {
                let hint = match did_you_mean(&r.id, ids.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("add `{}` with its names in every language to data/{file}.yaml", r.id),
                };
                diagnostics.push(
                    error_at(
                        root,
                        page,
                        r,
                        format!("there is no {what} `{}` in data/{file}.yaml", r.id),
                    )
                    .hint(hint),
                );
            }
        }
    };
    for page in pages {
        check(page, &page.meta.lead_units, "units", &unit_ids, "unit");
        check(page, &page.meta.partner_units, "units", &unit_ids, "unit");
        check(page, &page.meta.sources, "sources", &source_ids, "source");
    }
}

fn collect_terms(
    root: &Path,
    taxonomy: &Taxonomy,
    config: &Config,
    data: &Data,
    pages: &[Page],
    by_key: &HashMap<(String, String), usize>,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<String, Vec<String>> {
    let default = config.default_language();
    let declared: Option<Vec<&str>> = match &taxonomy.section {
        Some(section) => Some(
            by_key
                .keys()
                .filter(|(key, lang)| lang == default && key.rsplit_once('/').map(|(s, _)| s) == Some(section.as_str()))
                .map(|(key, _)| key.rsplit('/').next().unwrap_or_default())
                .collect(),
        ),
        None => data
            .get("terms")
            .and_then(|t| t.get(&taxonomy.name))
            .and_then(|t| t.as_object())
            .map(|m| m.keys().map(String::as_str).collect()),
    };
    let mut terms: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut spellings: HashMap<String, String> = HashMap::new();
    let mut told: std::collections::HashSet<String> = std::collections::HashSet::new();
    for page in pages {
        let Some(refs) = page.meta.terms.get(&taxonomy.name) else {
            continue;
        };
        for r in refs {
            if let Some(declared) = &declared
                && !declared.contains(&r.id.as_str())
            {
                let hint = match (did_you_mean(&r.id, declared.iter().copied()), &taxonomy.section) {
                    (Some(s), _) => format!("did you mean `{s}`?"),
                    (None, Some(section)) => format!(
                        "`{}` must be the file name of a page in content/{section}/",
                        taxonomy.name
                    ),
                    (None, None) => format!(
                        "add it under `{}:` in data/terms.yaml with its label in every language",
                        taxonomy.name
                    ),
                };
                diagnostics.push(
                    error_at(
                        root,
                        page,
                        r,
                        format!("`{}` is not one of the site's {}", r.id, taxonomy.name),
                    )
                    .hint(hint),
                );
                continue;
            }
            // Terms written differently that have one address (`Go` and `go`, as tags in Hugo
            // sites often are) are one term, under the spelling met first.
            let address = crate::slug::slugify(&r.id);
            let id = spellings.entry(address).or_insert_with(|| r.id.clone()).clone();
            if id != r.id && told.insert(r.id.clone()) {
                diagnostics.push(
                    error_at(
                        root,
                        page,
                        r,
                        format!(
                            "the term `{}` is written `{id}` on other pages: both are one term, shown as `{id}`",
                            r.id
                        ),
                    )
                    .hint("write the term the same way on every page")
                    .into_warning(),
                );
            }
            let list = terms.entry(id).or_default();
            if !list.contains(&page.key) {
                list.push(page.key.clone());
            }
        }
    }
    terms
}

/// An error at a reference in a page's front matter. The file is read again for the offending
/// line: this happens only when something is wrong.
fn error_at(root: &Path, page: &Page, r: &Ref, message: String) -> Diagnostic {
    let text = crate::decode::read_text(&root.join(page.file()));
    Diagnostic::error(message)
        .in_file(page.file())
        .at(&text, r.line, r.column)
}
