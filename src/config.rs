//! `site.yaml`: the one file where a publicity department sets its name, languages, colours,
//! logo, address and build options. Unknown keys are errors with a "did you mean" hint.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml::{self, Origin};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = "site.yaml";

/// Text given once for every language, or per language (`{zh: ..., en: ...}`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum LocalText {
    Same(String),
    PerLanguage(BTreeMap<String, String>),
}

impl LocalText {
    /// The text in `lang`, or in the language [`crate::locale::fallback`] chooses.
    pub fn get<'a>(&'a self, lang: &str, default: &str) -> &'a str {
        self.get_in(lang, default).0
    }

    /// The text and the language it is in (`lang` for one text given for every language).
    pub fn get_in<'a, 'l>(&'a self, lang: &'l str, default: &'l str) -> (&'a str, &'l str) {
        match self {
            LocalText::Same(s) => (s, lang),
            LocalText::PerLanguage(map) => crate::locale::fallback::pick(lang, default, |l| map.get(l))
                .map(|(text, in_lang)| (text.as_str(), in_lang))
                .unwrap_or(("", lang)),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// BCP 47 code: `zh`, `en`, `ug` ...; also the URL prefix of every language but the default.
    pub code: String,
    /// The language's own name, shown in the language switcher (中文, English, ئۇيغۇرچە).
    pub name: String,
    /// `ltr` or `rtl`; right-to-left languages such as Uyghur get a mirrored layout.
    #[serde(default)]
    pub dir: Direction,
    /// The `lang` attribute, when it differs from the code (e.g. `zh-Hans`).
    #[serde(default)]
    pub html_lang: Option<String>,
    /// Whether a page without a translation in this language is shown from the default
    /// language, marked as such (`true`, the default), or left out of this language's edition.
    #[serde(default = "yes")]
    pub fallback: bool,
}

impl Language {
    /// The `lang` attribute of text in this language.
    pub fn html_lang(&self) -> &str {
        self.html_lang.as_deref().unwrap_or(&self.code)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    Ltr,
    Rtl,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Taxonomy {
    /// The front matter field that holds the terms, e.g. `categories`.
    pub name: String,
    /// Where its pages live, e.g. `tips/by-campaign`; defaults to the name.
    #[serde(default)]
    pub path: Option<String>,
    /// When set, the terms are the pages of this section (a tip's `campaigns: [green-families]`
    /// names campaign pages); otherwise their labels come from `data/terms.yaml`.
    #[serde(default)]
    pub section: Option<String>,
}

impl Taxonomy {
    pub fn path(&self) -> &str {
        self.path.as_deref().unwrap_or(&self.name)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Colors {
    #[serde(default = "default_primary")]
    pub primary: String,
    #[serde(default = "default_accent")]
    pub accent: String,
}

impl Default for Colors {
    fn default() -> Self {
        Colors {
            primary: default_primary(),
            accent: default_accent(),
        }
    }
}

fn default_primary() -> String {
    "#1d6b3b".into()
}
fn default_accent() -> String {
    "#b04a00".into()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuildOptions {
    /// Raw HTML in Markdown is sanitised unless the site trusts its authors.
    #[serde(default)]
    pub trust_html: bool,
    /// Browsers the CSS is compiled for (browserslist queries).
    #[serde(default = "default_browsers")]
    pub browsers: Vec<String>,
    /// The syntect theme for code blocks.
    #[serde(default = "default_highlight_theme")]
    pub highlight_theme: String,
    /// No longer needed (every build makes the PDFs); read so that older sites still build.
    #[serde(default)]
    pub pdf: bool,
    /// Posters with the English text beneath the Chinese.
    #[serde(default)]
    pub bilingual_posters: bool,
    /// Hosts whose iframes survive sanitising (e.g. a city's own video platform).
    #[serde(default)]
    pub allowed_iframe_hosts: Vec<String>,
    /// Build the search index (most of a small site's build time).
    #[serde(default = "yes")]
    pub search: bool,
    /// What a link or image to a page or file that does not exist is: an error that stops the
    /// build (the default), or a warning, so that a site moving in from another tool can be
    /// published while its links are fixed.
    #[serde(default)]
    pub links: LinkPolicy,
}

/// `build.links` in site.yaml.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkPolicy {
    #[default]
    Error,
    Warn,
}

/// `print:` in site.yaml.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrintOptions {
    /// A folder of the site with font files (.otf, .ttf, .ttc) the printed materials use before
    /// the system's, e.g. `fonts/`.
    #[serde(default)]
    pub fonts: Option<String>,
}

/// `filing:` in site.yaml: the registrations a website in mainland China shows in its footer
/// (《政府网站发展指引》, 国办发〔2017〕47号). Each is copied as issued; none is invented.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filing {
    /// The ICP filing number from the MIIT (e.g. `新ICP备2021000001号-1`), linked to
    /// https://beian.miit.gov.cn/.
    #[serde(default)]
    pub icp: Option<String>,
    /// The public-security filing number (e.g. `新公网安备65230102000001号`), linked to its
    /// record on www.beian.gov.cn.
    #[serde(default)]
    pub police: Option<String>,
    /// The 政府网站标识码 from the national government website list (ten digits or letters).
    #[serde(default)]
    pub site_code: Option<String>,
    /// The 党政机关网站标识 (the red badge the 中央编办 issues): its image and certificate page.
    #[serde(default)]
    pub party_government: Option<PartyGovernmentBadge>,
}

/// The badge is an image the publisher downloads once (served from the site, not fetched from
/// conac.cn at view time) and a link to the certificate that proves it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartyGovernmentBadge {
    /// An image under `static/`, e.g. `images/dzjg.png`.
    pub image: String,
    /// The certificate page on the 中央编办's site, e.g. `https://bszs.conac.cn/sitename?method=show&id=...`.
    pub url: String,
}

impl Filing {
    /// The digits of the public-security number: its record page on www.beian.gov.cn is found
    /// by them alone.
    pub fn police_record_code(&self) -> Option<String> {
        let digits: String = self.police.as_deref()?.chars().filter(char::is_ascii_digit).collect();
        (!digits.is_empty()).then_some(digits)
    }
}

/// `contact:` in site.yaml: how a visitor reaches the publisher, shown in the footer.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub address: Option<LocalText>,
}

fn yes() -> bool {
    true
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            trust_html: false,
            browsers: default_browsers(),
            highlight_theme: default_highlight_theme(),
            pdf: false,
            bilingual_posters: false,
            allowed_iframe_hosts: Vec::new(),
            search: true,
            links: LinkPolicy::Error,
        }
    }
}

/// Recent Chrome and Edge, Safari and iOS 12+, and the Chromium-based browsers inside WeChat,
/// QQ and UC that most phones in mainland China use.
fn default_browsers() -> Vec<String> {
    [
        "chrome >= 87",
        "edge >= 88",
        "firefox >= 78",
        "safari >= 12",
        "ios_saf >= 12",
        "and_chr >= 87",
        "and_qq >= 13",
        "and_uc >= 13",
    ]
    .map(String::from)
    .to_vec()
}

fn default_highlight_theme() -> String {
    "InspiredGitHub".into()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: LocalText,
    #[serde(default)]
    pub description: Option<LocalText>,
    /// The address the site is published at, e.g. `https://green.changji.gov.cn`.
    pub base_url: String,
    pub languages: Vec<Language>,
    #[serde(default)]
    pub default_language: Option<String>,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub colors: Colors,
    /// A logo under `static/`, e.g. `logo.svg`.
    #[serde(default)]
    pub logo: Option<String>,
    /// Who publishes the site, shown in the footer and on posters.
    #[serde(default)]
    pub publisher: Option<LocalText>,
    /// The filing numbers of a site published in mainland China.
    #[serde(default)]
    pub filing: Filing,
    /// How visitors reach the publisher.
    #[serde(default)]
    pub contact: Contact,
    #[serde(default)]
    pub taxonomies: Vec<Taxonomy>,
    #[serde(default)]
    pub build: BuildOptions,
    /// The printed materials.
    #[serde(default)]
    pub print: PrintOptions,
    /// Free-form values for theme authors.
    #[serde(default)]
    pub extra: serde_json::Value,
}

const CONFIG_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "languages",
    "default_language",
    "theme",
    "colors",
    "logo",
    "publisher",
    "filing",
    "icp",
    "police",
    "site_code",
    "party_government",
    "image",
    "url",
    "contact",
    "phone",
    "email",
    "address",
    "taxonomies",
    "build",
    "print",
    "fonts",
    "extra",
    "code",
    "name",
    "dir",
    "html_lang",
    "fallback",
    "path",
    "section",
    "primary",
    "accent",
    "trust_html",
    "browsers",
    "highlight_theme",
    "pdf",
    "bilingual_posters",
    "allowed_iframe_hosts",
    "search",
    "links",
];

fn default_theme() -> String {
    "default".into()
}

impl Config {
    pub fn default_language(&self) -> &str {
        self.default_language
            .as_deref()
            .unwrap_or_else(|| self.languages.first().map(|l| l.code.as_str()).unwrap_or("zh"))
    }

    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    pub fn language_codes(&self) -> impl Iterator<Item = &str> {
        self.languages.iter().map(|l| l.code.as_str())
    }

    pub fn title(&self, lang: &str) -> &str {
        self.title.get(lang, self.default_language())
    }

    /// Whether the site is published under .gov.cn, where a filing number is required.
    pub fn is_government_site(&self) -> bool {
        let host = self
            .base_url()
            .split("://")
            .nth(1)
            .unwrap_or("")
            .split(['/', ':'])
            .next()
            .unwrap_or("");
        host.to_ascii_lowercase().ends_with(".gov.cn")
    }

    /// The base URL without a trailing slash.
    pub fn base_url(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }

    /// Reads and checks `site.yaml` in `root`.
    pub fn load(root: &Path) -> Result<Config, Diagnostics> {
        let path = root.join(CONFIG_FILE);
        let shown = PathBuf::from(CONFIG_FILE);
        let mut diagnostics = Diagnostics::new();
        if !crate::site_files::readable(root, &shown, &mut diagnostics) {
            return Err(diagnostics);
        }
        let text = match std::fs::read(&path) {
            Ok(bytes) => match crate::decode::decode(&bytes, &shown, &mut diagnostics) {
                Some(text) => text,
                None => return Err(diagnostics),
            },
            Err(e) => {
                // A Hugo or Zola site's own configuration: say what was found and what to do.
                let found = [
                    "hugo.toml",
                    "hugo.yaml",
                    "hugo.json",
                    "config.toml",
                    "config.yaml",
                    "config.json",
                ]
                .into_iter()
                .find(|name| root.join(name).is_file())
                .or_else(|| root.join("config/_default").is_dir().then_some("config/_default/"));
                let hint = match found {
                    Some(found) => format!(
                        "this folder has {found}, the configuration of a Hugo or Zola site: run `greenprint import {}` to write its site.yaml",
                        root.display()
                    ),
                    None => "run greenprint in a site folder, point at one with --root DIR, or create one with `greenprint init DIR`".to_owned(),
                };
                diagnostics.push(
                    Diagnostic::error(format!("cannot read {CONFIG_FILE}: {e}"))
                        .in_file(&shown)
                        .hint(hint),
                );
                return Err(diagnostics);
            }
        };
        let origin = Origin::whole_file(&shown, &text);
        let config: Config = match yaml::parse(&text, origin, CONFIG_KEYS) {
            Ok(c) => c,
            Err(d) => {
                diagnostics.push(d);
                return Err(diagnostics);
            }
        };
        config.check(origin, &mut diagnostics);
        if diagnostics.has_errors() {
            Err(diagnostics)
        } else {
            Ok(config)
        }
    }

    fn check(&self, origin: Origin, diagnostics: &mut Diagnostics) {
        let line_of = |needle: &str| origin.find_line(origin.file_text, 1, needle).unwrap_or((1, 1));
        if self.languages.is_empty() {
            let (l, c) = line_of("languages");
            diagnostics.push(
                origin
                    .error_at(l, c, "no language is configured")
                    .hint("list at least one, e.g. `languages: [{code: zh, name: 中文}]`"),
            );
        }
        let mut seen = std::collections::BTreeSet::new();
        for language in &self.languages {
            let valid =
                !language.code.is_empty() && language.code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
            if !valid || !seen.insert(language.code.as_str()) {
                let (l, c) = line_of(&language.code);
                diagnostics.push(
                    origin
                        .error_at(l, c, format!("`{}` cannot be used as a language code", language.code))
                        .hint("use a short code such as zh, en or ug, once each"),
                );
            }
        }
        if let Some(default) = &self.default_language
            && self.language(default).is_none()
        {
            let (l, c) = line_of("default_language");
            diagnostics.push(
                origin
                    .error_at(
                        l,
                        c,
                        format!("the default language `{default}` is not among the languages"),
                    )
                    .hint("add it to `languages`, or choose one of those listed there"),
            );
        }
        // Written into every page and feed as it is: a web address, and nothing a browser reads
        // differently from how it looks.
        let web_address = crate::url_rule::is_site_address(&self.base_url);
        if !web_address {
            let (l, c) = line_of("base_url");
            diagnostics.push(
                origin
                    .error_at(l, c, "base_url must be a full address")
                    .hint("write it with https://, e.g. `base_url: https://green.example.gov.cn`"),
            );
        }
        if let Some(badge) = &self.filing.party_government
            && !crate::url_rule::is_site_address(&badge.url)
        {
            let (l, c) = line_of(&badge.url);
            diagnostics.push(
                origin
                    .error_at(
                        l,
                        c,
                        "the address of the 党政机关网站标识 certificate must be a full address",
                    )
                    .hint("copy the certificate link the 中央编办 gave you, starting with https://"),
            );
        }
        for colour in [&self.colors.primary, &self.colors.accent] {
            if crate::color::parse_hex(colour).is_none() {
                let (l, c) = line_of(colour);
                diagnostics.push(
                    origin
                        .error_at(l, c, format!("`{colour}` is not a colour"))
                        .hint("write colours as hex, e.g. \"#1d6b3b\" (in quotes)"),
                );
            }
        }
        // A theme is a folder under themes/: its name may not lead anywhere else.
        if self.theme.is_empty() || !self.theme.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_') {
            let (l, c) = line_of("theme");
            diagnostics.push(
                origin
                    .error_at(l, c, format!("`{}` cannot be a theme name", self.theme))
                    .hint("a theme is named by its folder under themes/, e.g. `theme: default`, without / or .."),
            );
        }
        for taxonomy in &self.taxonomies {
            let path_ok = taxonomy
                .path()
                .split('/')
                .all(|part| !part.is_empty() && part.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_'));
            if !path_ok {
                let (l, c) = line_of(taxonomy.path());
                diagnostics.push(
                    origin
                        .error_at(l, c, format!("`{}` cannot be the path of a taxonomy", taxonomy.path()))
                        .hint("use words joined by - and /, e.g. `path: tips/by-campaign`"),
                );
            }
        }
        let mut taxonomy_paths = std::collections::BTreeSet::new();
        for taxonomy in &self.taxonomies {
            if !taxonomy_paths.insert(taxonomy.path()) {
                let (l, c) = line_of(&taxonomy.name);
                diagnostics.push(origin.error_at(l, c, format!("two taxonomies use the path `{}`", taxonomy.path())));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_text_falls_back_to_the_default_language() {
        let t: LocalText = serde_saphyr::from_str("{zh: 绿色生活, en: Green living}").unwrap();
        assert_eq!(t.get("en", "zh"), "Green living");
        assert_eq!(t.get("ug", "zh"), "绿色生活");
    }
}
