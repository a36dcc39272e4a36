//! The 网站地图 of every language (`/sitemap/`, `/en/sitemap/`): every section with its pages,
//! the lists by taxonomy and the pages made from data, as links a person reads. The rules for
//! government sites ask for one beside the sitemap.xml that search engines read. Pages for the
//! site's editors (`internal: true`) are left out, as they are of the navigation.

use crate::deps::{self, Input};
use crate::diagnostics::Diagnostics;
use crate::output::Output;
use crate::outputs::{extras, taxonomy};
use crate::render::context::{Link, Shared, has, home_breadcrumbs, same_path_context, write_rendered};
use crate::render::views;
use crate::resolve::urls::{self, SITE_MAP_PATH};
use serde::Serialize;
use tera::Tera;

/// A section of the site with its pages, and how deep it lies (0 under the home page).
#[derive(Serialize)]
struct SectionEntry {
    link: Link,
    depth: usize,
    pages: Vec<Link>,
}

/// A group of links that are not pages of a section: a taxonomy's terms, the tools.
#[derive(Serialize)]
struct Group {
    link: Link,
    links: Vec<Link>,
}

fn page_link(shared: &Shared, index: usize, lang: &str) -> Link {
    let site = &shared.site;
    Link {
        title: site.pages[index].meta.title.clone(),
        url: site.url(index).to_owned(),
        active: false,
        text_attrs: views::text_attrs(&site.config, lang, site.pages[index].text_lang()),
    }
}

fn plain_link(title: &str, url: String) -> Link {
    Link {
        title: title.to_owned(),
        url,
        active: false,
        text_attrs: String::new(),
    }
}

/// Every section under `section` in `lang`, depth first, each with the pages it lists.
fn sections(shared: &Shared, section: &str, lang: &str, depth: usize, into: &mut Vec<SectionEntry>) {
    let site = &shared.site;
    for &i in site.subsections(section, lang) {
        if site.pages[i].meta.internal {
            continue;
        }
        let key = site.pages[i].key.clone();
        into.push(SectionEntry {
            link: page_link(shared, i, lang),
            depth,
            pages: visible_pages(shared, &key, lang),
        });
        sections(shared, &key, lang, depth + 1, into);
    }
}

fn visible_pages(shared: &Shared, section: &str, lang: &str) -> Vec<Link> {
    let site = &shared.site;
    site.children(section, lang)
        .iter()
        .filter(|&&i| !site.pages[i].meta.internal)
        .map(|&i| page_link(shared, i, lang))
        .collect()
}

/// The pages that are not in a section: the home page's own pages, the pages made from data,
/// the printables and the search.
fn other_pages(shared: &Shared, tera: &Tera, lang: &str) -> Vec<Link> {
    let site = &shared.site;
    let mut links = visible_pages(shared, "", lang);
    for page in extras::ExtraPage::ALL {
        if let Some(url) = page.url(shared, lang) {
            links.push(plain_link(shared.string(lang, &format!("{}_title", page.name())), url));
        }
    }
    if !shared.printables.is_empty() {
        links.push(plain_link(
            shared.string(lang, "all_printables"),
            urls::url_path(&site.config, lang, "printables"),
        ));
    }
    if has(tera, "search.html") {
        links.push(plain_link(
            shared.string(lang, "search_title"),
            urls::url_path(&site.config, lang, crate::search::SEARCH_PATH),
        ));
    }
    links
}

fn taxonomy_groups(shared: &Shared, lang: &str) -> Vec<Group> {
    let site = &shared.site;
    (0..site.taxonomies.len())
        .map(|t| {
            let config = &site.taxonomies[t].config;
            Group {
                link: plain_link(
                    &shared.taxonomy_title(&config.name, lang),
                    urls::url_path(&site.config, lang, config.path()),
                ),
                links: taxonomy::taxonomy_terms(shared, t, lang)
                    .into_iter()
                    .map(|term| plain_link(&term.label, term.url))
                    .collect(),
            }
        })
        .filter(|g| !g.links.is_empty())
        .collect()
}

/// Renders the site map page of every language from `sitemap.html`.
pub fn render_site_map(shared: &Shared, tera: &Tera, output: &Output, diagnostics: &mut Diagnostics) {
    let site = &shared.site;
    if !has(tera, "sitemap.html") {
        return;
    }
    // It names every page by its title.
    deps::read(Input::AnyPage);
    for language in &site.config.languages {
        let lang = language.code.as_str();
        // A page of content/ at the same path takes its place.
        if site.page(SITE_MAP_PATH, lang).is_some() {
            continue;
        }
        let (url, mut context) = same_path_context(shared, lang, SITE_MAP_PATH);
        context.insert("title", shared.string(lang, "sitemap"));
        context.insert("description", shared.string(lang, "sitemap_description"));
        context.insert("body_kind", "sitemap");
        context.insert("breadcrumbs", &home_breadcrumbs(site, lang));
        let mut entries = Vec::new();
        sections(shared, "", lang, 0, &mut entries);
        context.insert("sections", &entries);
        context.insert("taxonomies", &taxonomy_groups(shared, lang));
        context.insert("other_pages", &other_pages(shared, tera, lang));
        write_rendered(
            shared,
            tera,
            "sitemap.html",
            &context,
            &url,
            &format!("the site map page ({lang})"),
            output,
            diagnostics,
        );
    }
}
