//! The settings of an imported site as greenprint will write them, whichever tool the site came
//! from: what the `hugo` and `zola` mappers make and `site_yaml` writes. Plain data that imports
//! nothing of its neighbours.

use serde_json::{Map, Value};

/// The tool a site was made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generator {
    Hugo,
    Zola,
}

impl Generator {
    pub fn name(self) -> &'static str {
        match self {
            Generator::Hugo => "Hugo",
            Generator::Zola => "Zola",
        }
    }
}

/// Text once for every language, or one per language (in the order of the languages).
#[derive(Debug, Clone, PartialEq)]
pub enum Text {
    Same(String),
    PerLanguage(Vec<(String, String)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct LanguageSettings {
    pub code: String,
    /// Its own name; `None` when neither the site nor greenprint knows it (the code is shown).
    pub name: Option<String>,
    pub html_lang: Option<String>,
    pub rtl: bool,
}

/// What site.yaml gets, whichever tool the site came from.
#[derive(Debug, Clone)]
pub struct SiteSettings {
    pub title: Text,
    pub description: Option<Text>,
    pub base_url: String,
    /// The default language first.
    pub languages: Vec<LanguageSettings>,
    pub default_language: String,
    pub taxonomies: Vec<String>,
    pub search: bool,
    pub extra: Map<String, Value>,
    /// The folder of the pages, relative to the site (Hugo's `contentDir`; `content`).
    pub content_dir: String,
    /// Languages whose pages have a folder of their own (Hugo's `languages.xx.contentDir`).
    pub language_dirs: Vec<(String, String)>,
}

/// A mapper's result: the settings and the report's lines about them.
pub struct Mapped {
    pub settings: SiteSettings,
    pub mapped: Vec<String>,
    pub not_mapped: Vec<String>,
    pub notes: Vec<String>,
}

/// The address site.yaml gets when the site gives none that can be published.
pub const PLACEHOLDER_ADDRESS: &str = "https://example.org";
