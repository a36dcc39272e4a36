//! What templates see: plain, serialisable views of pages, units, terms and translations, in
//! the page's language. Built in Rust so that templates stay templates.

use crate::config::Config;
use crate::content::{Page, PageKind, Ref};
use crate::data::Data;
use crate::locale::Locale;
use crate::resolve::{Site, urls};
use crate::savings::{self, YearlySavings};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct NamedRef {
    pub id: String,
    pub name: String,
    /// The language the name is in.
    pub lang: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    pub id: String,
    pub name: String,
    /// The language the name is in.
    pub lang: String,
    pub issued: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TermView {
    pub id: String,
    pub label: String,
    /// `lang` and `dir` of a label shown from another language.
    pub text_attrs: String,
    /// The term's list page.
    pub url: String,
    /// For terms that are pages themselves (a campaign), that page.
    pub page_url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TranslationView {
    pub lang: String,
    pub name: String,
    pub html_lang: String,
    pub url: String,
    pub permalink: String,
    pub current: bool,
    /// False when the page has no translation and the switcher leads to the nearest section.
    pub exists: bool,
}

/// The `lang` and `dir` attributes for text in `text_lang` inside a page in `lang`, so that
/// Chinese shown on a Uyghur page is read, laid out and spoken as Chinese; empty when the two
/// are the same.
pub fn text_attrs(config: &Config, lang: &str, text_lang: &str) -> String {
    if lang == text_lang {
        return String::new();
    }
    let language = config.language(text_lang);
    format!(
        " lang=\"{}\" dir=\"{}\"",
        crate::escape::escape_xml(language.map(|l| l.html_lang()).unwrap_or(text_lang)),
        language.map(|l| l.dir.as_str()).unwrap_or("auto")
    )
}

/// The language switcher of a page that is not a content page (a term's list, the search page,
/// the calendar): `url_in(lang)` gives its URL in each language, or `None` where it has none.
pub fn switcher(config: &Config, lang: &str, url_in: impl Fn(&str) -> Option<String>) -> Vec<TranslationView> {
    config
        .languages
        .iter()
        .filter_map(|l| {
            let url = url_in(&l.code)?;
            Some(TranslationView {
                lang: l.code.clone(),
                name: l.name.clone(),
                html_lang: l.html_lang().to_owned(),
                permalink: urls::permalink(config, &url),
                url,
                current: l.code == lang,
                exists: true,
            })
        })
        .collect()
}

/// A page as a list shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub key: String,
    pub kind: &'static str,
    pub lang: String,
    /// Whether the page is written in its language; when not, `text_attrs` mark its text.
    pub translated: bool,
    /// ` lang="zh-Hans" dir="ltr"` for a page shown from another language, else empty.
    pub text_attrs: String,
    pub title: String,
    pub description: String,
    pub url: String,
    pub permalink: String,
    pub slug: String,
    pub section: String,
    pub weight: i64,
    pub date: Option<String>,
    pub date_display: Option<String>,
    pub color: Option<String>,
    pub audience: Option<String>,
    pub slogan: Option<String>,
    pub key_actions: Vec<String>,
    pub goal: Option<String>,
    pub activities: Vec<String>,
    pub featured: bool,
    pub internal: bool,
    pub lead_units: Vec<NamedRef>,
    pub partner_units: Vec<NamedRef>,
    pub sources: Vec<SourceView>,
    pub terms: BTreeMap<String, Vec<TermView>>,
    pub savings: Option<YearlySavings>,
    pub extra: serde_json::Value,
}

pub fn summary(site: &Site, index: usize) -> Summary {
    let page = &site.pages[index];
    let lang = page.lang.as_str();
    let meta = &page.meta;
    Summary {
        key: page.key.clone(),
        kind: page.kind.as_str(),
        lang: page.lang.clone(),
        translated: page.is_translated(),
        text_attrs: text_attrs(&site.config, &page.lang, page.text_lang()),
        title: meta.title.clone(),
        description: meta.description.clone().unwrap_or_default(),
        url: site.url(index).to_owned(),
        permalink: site.permalink(index),
        slug: page.slug.clone(),
        section: page.section.clone(),
        weight: meta.weight,
        date: meta.date.map(|d| d.format("%Y-%m-%d").to_string()),
        date_display: meta
            .date
            .map(|d| Locale::of(lang, site.config.default_language()).date(d)),
        color: meta.color.clone(),
        audience: meta.audience.clone(),
        slogan: meta.slogan.clone(),
        key_actions: meta.key_actions.clone(),
        goal: meta.goal.clone(),
        activities: meta.activities.clone(),
        featured: meta.featured,
        internal: meta.internal,
        lead_units: units(site, &meta.lead_units, lang),
        partner_units: units(site, &meta.partner_units, lang),
        sources: sources(site, &meta.sources, lang),
        terms: terms(site, page),
        savings: meta.savings.as_ref().map(|s| savings::compute(s, &site.data)),
        extra: meta.extra.clone(),
    }
}

fn units(site: &Site, refs: &[Ref], lang: &str) -> Vec<NamedRef> {
    let default = site.config.default_language();
    refs.iter()
        .map(|r| {
            let (name, name_lang) = site
                .data
                .entry("units", &r.id)
                .and_then(|v| Data::local_text_in(v, lang, default))
                .unwrap_or((&r.id, lang));
            NamedRef {
                id: r.id.clone(),
                name: name.to_owned(),
                lang: name_lang.to_owned(),
            }
        })
        .collect()
}

fn sources(site: &Site, refs: &[Ref], lang: &str) -> Vec<SourceView> {
    let default = site.config.default_language();
    refs.iter()
        .map(|r| {
            let entry = site.data.entry("sources", &r.id);
            let (name, name_lang) = entry
                .and_then(|v| Data::local_text_in(v, lang, default))
                .unwrap_or((&r.id, lang));
            SourceView {
                id: r.id.clone(),
                name: name.to_owned(),
                lang: name_lang.to_owned(),
                issued: entry
                    .and_then(|v| v.get("issued"))
                    .and_then(|v| v.as_str())
                    .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
                    .map(|d| Locale::of(lang, default).date(d)),
            }
        })
        .collect()
}

fn terms(site: &Site, page: &Page) -> BTreeMap<String, Vec<TermView>> {
    page.meta
        .terms
        .iter()
        .filter_map(|(taxonomy, refs)| {
            let index = site.taxonomy(taxonomy)?;
            let views = refs
                .iter()
                .map(|r| {
                    let (label, label_lang) = site.term_label_in(taxonomy, &r.id, &page.lang);
                    TermView {
                        id: r.id.clone(),
                        text_attrs: text_attrs(&site.config, &page.lang, &label_lang),
                        label,
                        url: site.term_url(&index.config, &r.id, &page.lang),
                        page_url: index
                            .config
                            .section
                            .as_ref()
                            .and_then(|section| site.page_or_default(&format!("{section}/{}", r.id), &page.lang))
                            .map(|i| site.url(i).to_owned()),
                    }
                })
                .collect();
            Some((taxonomy.clone(), views))
        })
        .collect()
}

/// The language switcher's entries for a page: every language, leading to the same page.
pub fn translations(site: &Site, index: usize) -> Vec<TranslationView> {
    let page = &site.pages[index];
    site.config
        .languages
        .iter()
        .filter_map(|language| {
            let target = site.counterpart(index, &language.code)?;
            Some(TranslationView {
                lang: language.code.clone(),
                name: language.name.clone(),
                html_lang: language.html_lang().to_owned(),
                url: site.url(target).to_owned(),
                permalink: site.permalink(target),
                current: language.code == page.lang,
                exists: site.pages[target].key == page.key,
            })
        })
        .collect()
}

/// The languages in which page `index` is shown untranslated: the language switcher leads
/// there, but they are not named as its alternates (hreflang).
pub fn untranslated_languages(site: &Site, index: usize) -> Vec<String> {
    let key = &site.pages[index].key;
    site.config
        .language_codes()
        .filter(|code| site.page(key, code).is_some_and(|i| !site.pages[i].is_translated()))
        .map(str::to_owned)
        .collect()
}

/// Whether a page kind is listed in feeds.
pub fn in_feed(kind: PageKind) -> bool {
    kind == PageKind::News
}
