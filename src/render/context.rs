//! What every output reads and how it writes a page: the shared render state ([`Shared`]), the
//! context every template gets, and the one way a rendered template reaches the output. It
//! imports nothing from the outputs that use it, so that each output depends on it and not on
//! each other.

use crate::deps::{self, Input};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Output;
use crate::render::views;
use crate::resolve::printables::Printable;
use crate::resolve::{Site, urls};
use crate::theme::Theme;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use tera::{Context, Kwargs, State, Tera, TeraResult, Value};

/// What template functions read: the site, its UI strings, asset URLs and a ready-made summary
/// of every page (built once, shared by every list that shows the page).
pub struct Shared {
    pub site: Arc<Site>,
    pub theme: Theme,
    pub asset_urls: BTreeMap<String, String>,
    pub summaries: Vec<Value>,
    pub printables: Vec<Printable>,
}

impl Shared {
    /// The summary of page `index`, as lists and the page itself show it.
    pub fn summary(&self, index: usize) -> Value {
        deps::read(Input::Page(index));
        self.summaries[index].clone()
    }

    pub fn string<'a>(&'a self, lang: &str, key: &'a str) -> &'a str {
        self.theme.string(lang, self.site.config.default_language(), key)
    }

    /// How `lang` writes dates, numbers and lists.
    pub fn locale(&self, lang: &str) -> crate::locale::Locale {
        crate::locale::Locale::of(lang, self.site.config.default_language())
    }

    /// The UI string `key` in `lang`, or `None` when the theme and the site have none.
    pub fn find_string(&self, lang: &str, key: &str) -> Option<&str> {
        self.theme.find_string(lang, self.site.config.default_language(), key)
    }

    /// What a taxonomy is called in `lang`: its `taxonomy_NAME` UI string, else its name.
    pub fn taxonomy_title(&self, taxonomy: &str, lang: &str) -> String {
        self.find_string(lang, &format!("taxonomy_{taxonomy}"))
            .unwrap_or(taxonomy)
            .to_owned()
    }
}

/// The language a template function works in: its `lang` argument, else the page's.
pub(crate) fn current_lang(kwargs: &Kwargs, state: &State, shared: &Shared) -> TeraResult<String> {
    if let Some(lang) = kwargs.get::<&str>("lang")? {
        return Ok(lang.to_owned());
    }
    Ok(state
        .get::<String>("lang")?
        .unwrap_or_else(|| shared.site.config.default_language().to_owned()))
}

/// Whether the theme has a template called `name`.
pub fn has(tera: &Tera, name: &str) -> bool {
    tera.get_template_names().any(|n| n == name)
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    /// `lang` and `dir` of the title, description and publisher when shown from another
    /// language (see [`views::text_attrs`]).
    title_attrs: String,
    description_attrs: String,
    publisher_attrs: String,
    base_url: &'a str,
    default_language: &'a str,
    languages: Vec<LanguageView<'a>>,
    logo: Option<String>,
    publisher: &'a str,
    primary_color: &'a str,
    bilingual_posters: bool,
    filing: FilingView<'a>,
    contact: ContactView<'a>,
    extra: &'a serde_json::Value,
}

/// `filing:` ready for the footer: each number with the address of its record.
#[derive(Serialize)]
struct FilingView<'a> {
    icp: Option<&'a str>,
    police: Option<&'a str>,
    police_url: Option<String>,
    site_code: Option<&'a str>,
    party_government_image: Option<String>,
    party_government_url: Option<&'a str>,
}

#[derive(Serialize)]
struct ContactView<'a> {
    phone: Option<&'a str>,
    email: Option<&'a str>,
    address: Option<&'a str>,
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
    /// `lang` and `dir` of a title shown from another language (see [`views::text_attrs`]).
    pub text_attrs: String,
}

/// The breadcrumbs of a page that hangs under the home page only: the site's name.
pub(crate) fn home_breadcrumbs(site: &Site, lang: &str) -> [Link; 1] {
    [Link {
        title: site.config.title(lang).to_owned(),
        url: urls::url_path(&site.config, lang, ""),
        active: false,
        text_attrs: String::new(),
    }]
}

/// A page's summary as templates see it.
pub(crate) fn summary(site: &Site, index: usize) -> Value {
    Value::from_serializable(&views::summary(site, index))
}

/// The address and context of a page every language has at the same `path` (the search page,
/// the site map, the printables page), with the language switcher leading to that path in the
/// other languages.
pub(crate) fn same_path_context(shared: &Shared, lang: &str, path: &str) -> (String, Context) {
    let config = &shared.site.config;
    let url = urls::url_path(config, lang, path);
    let mut context = base_context(shared, lang, &url);
    context.insert(
        "translations",
        &views::switcher(config, lang, |l| Some(urls::url_path(config, l, path))),
    );
    (url, context)
}

/// The context every template gets: the language, the site, navigation and the switcher.
pub(crate) fn base_context(shared: &Shared, lang: &str, current_url: &str) -> Context {
    let site = &shared.site;
    let config = &site.config;
    let default = config.default_language();
    let language = config.language(lang);
    let mut context = Context::new();
    context.insert("lang", lang);
    context.insert("html_lang", language.map(|l| l.html_lang()).unwrap_or(lang));
    context.insert("dir", language.map(|l| l.dir.as_str()).unwrap_or("ltr"));
    let logo = config.logo.as_ref().map(|l| format!("/{}", l.trim_start_matches('/')));
    let attrs_of = |text: Option<&crate::config::LocalText>| {
        text.map(|t| views::text_attrs(config, lang, t.get_in(lang, default).1))
            .unwrap_or_default()
    };
    context.insert(
        "site",
        &SiteView {
            title: config.title(lang),
            description: config.description.as_ref().map(|d| d.get(lang, default)).unwrap_or(""),
            title_attrs: attrs_of(Some(&config.title)),
            description_attrs: attrs_of(config.description.as_ref()),
            publisher_attrs: attrs_of(config.publisher.as_ref()),
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
            filing: FilingView {
                icp: config.filing.icp.as_deref(),
                police: config.filing.police.as_deref(),
                police_url: config
                    .filing
                    .police_record_code()
                    .map(|code| format!("http://www.beian.gov.cn/portal/registerSystemInfo?recordcode={code}")),
                site_code: config.filing.site_code.as_deref(),
                party_government_image: config
                    .filing
                    .party_government
                    .as_ref()
                    .map(|b| format!("/{}", b.image.trim_start_matches('/'))),
                party_government_url: config.filing.party_government.as_ref().map(|b| b.url.as_str()),
            },
            contact: ContactView {
                phone: config.contact.phone.as_deref(),
                email: config.contact.email.as_deref(),
                address: config.contact.address.as_ref().map(|a| a.get(lang, default)),
            },
            extra: &config.extra,
        },
    );
    let home = urls::url_path(config, lang, "");
    let nav: Vec<Link> = site
        .subsections("", lang)
        .iter()
        .chain(site.children("", lang))
        .filter(|&&i| !site.pages[i].meta.internal)
        .map(|&i| {
            deps::read(Input::Page(i));
            Link {
                title: site.pages[i].meta.title.clone(),
                url: site.url(i).to_owned(),
                active: current_url.starts_with(site.url(i)),
                text_attrs: views::text_attrs(config, lang, site.pages[i].text_lang()),
            }
        })
        .collect();
    context.insert("nav", &nav);
    context.insert("home_url", &home);
    context.insert("feed_url", &urls::file_url(config, lang, "atom.xml"));
    context.insert("printables_url", &urls::url_path(config, lang, "printables"));
    context.insert("sitemap_url", &urls::url_path(config, lang, urls::SITE_MAP_PATH));
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
    context.insert("untranslated_languages", &Vec::<String>::new());
    context.insert("related", &BTreeMap::<String, Vec<Value>>::new());
    context
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
        Err(e) => diagnostics.push(template_error(&shared.theme, Some(template), &e)),
    }
}

/// The pages in `lang` that carry a term of a taxonomy, as their summaries.
pub fn tagged(shared: &Shared, taxonomy: &str, term: &str, lang: &str) -> Vec<Value> {
    tagged_pages(&shared.site, taxonomy, term, lang)
        .into_iter()
        .map(|i| shared.summary(i))
        .collect()
}

/// The pages in `lang` that carry a term of a taxonomy, in display order.
pub fn tagged_pages(site: &Site, taxonomy: &str, term: &str, lang: &str) -> Vec<usize> {
    let mut pages: Vec<usize> = carriers(site, taxonomy, term, lang).collect();
    pages.sort_by(|&a, &b| crate::resolve::display_order(&site.pages[a], &site.pages[b]));
    pages
}

/// How many pages in `lang` carry a term of a taxonomy.
pub fn tagged_count(site: &Site, taxonomy: &str, term: &str, lang: &str) -> usize {
    carriers(site, taxonomy, term, lang).count()
}

/// The pages in `lang` that carry a term, in no particular order.
fn carriers<'a>(site: &'a Site, taxonomy: &str, term: &str, lang: &'a str) -> impl Iterator<Item = usize> + 'a {
    site.taxonomy(taxonomy)
        .and_then(|index| index.terms.get(term))
        .into_iter()
        .flatten()
        .filter_map(move |key| site.page(key, lang))
}

/// A template's error, pointing at the template's file.
pub fn template_error(theme: &Theme, template: Option<&str>, error: &tera::Error) -> Diagnostic {
    let message = error.to_string();
    let mut diagnostic = match template {
        Some(name) => Diagnostic::error(format!("the template {name} cannot be rendered:\n{message}")),
        None => Diagnostic::error(format!("a template has an error:\n{message}")),
    }
    .hint("fix the template at the line shown; if you did not change templates, the theme may be out of date");
    let named = template.and_then(|t| theme.templates.get(t)).or_else(|| {
        theme
            .templates
            .iter()
            .find(|(name, _)| message.contains(name.as_str()))
            .map(|(_, v)| v)
    });
    if let Some((_, shown)) = named {
        diagnostic = diagnostic.in_file(shown);
    }
    diagnostic
}
