//! The one place where URLs are made. The default language lives at the root
//! (`/campaigns/green-families/`), every other language under its code
//! (`/en/campaigns/green-families/`), and the slug is the same in every language.

use crate::config::Config;
use std::path::PathBuf;

/// `""` for the default language, `/en` for English.
/// The path of the site map page (网站地图) in every language: `/sitemap/`, `/en/sitemap/`.
pub const SITE_MAP_PATH: &str = "sitemap";

pub fn lang_prefix(config: &Config, lang: &str) -> String {
    if lang == config.default_language() {
        String::new()
    } else {
        format!("/{lang}")
    }
}

/// The site-relative URL of a path in a language: `url_path(c, "en", "tips/x")` is `/en/tips/x/`.
pub fn url_path(config: &Config, lang: &str, path: &str) -> String {
    let path = path.trim_matches('/');
    let prefix = lang_prefix(config, lang);
    if path.is_empty() {
        format!("{prefix}/")
    } else {
        format!("{prefix}/{path}/")
    }
}

/// The URL of a file (not a page) in a language: `/en/feed.xml`.
pub fn file_url(config: &Config, lang: &str, file: &str) -> String {
    format!("{}/{}", lang_prefix(config, lang), file.trim_start_matches('/'))
}

/// The absolute address of a site-relative URL, from `base_url`.
pub fn permalink(config: &Config, url: &str) -> String {
    format!("{}{}", config.base_url(), url)
}

/// The file a folder's URL is served from.
pub const INDEX_FILE: &str = "index.html";

/// Where a site-relative URL is written under the output folder: directory URLs get `index.html`.
pub fn output_path(url: &str) -> PathBuf {
    let relative = url.trim_start_matches('/');
    if relative.is_empty() || relative.ends_with('/') {
        PathBuf::from(relative).join(INDEX_FILE)
    } else {
        PathBuf::from(relative)
    }
}

/// The URL of a file written under the output folder (the reverse of [`output_path`]):
/// `tips/led/index.html` is served at `/tips/led/`.
pub fn url_of_output(relative: &str) -> String {
    match relative.strip_suffix(INDEX_FILE) {
        Some(folder) => format!("/{folder}"),
        None => format!("/{relative}"),
    }
}

/// The URL path of a content key: each folder slugged, then the page's slug.
pub fn key_path(key: &str, slug: &str) -> String {
    let mut parts: Vec<String> = key
        .split('/')
        .filter(|p| !p.is_empty())
        .map(crate::slug::address_part)
        .collect();
    if let Some(last) = parts.last_mut() {
        *last = slug.to_owned();
    }
    parts.join("/")
}

/// The path a written address gives (`url: /about-us/`, Zola's `path`): each part an address
/// part (see [`crate::slug::address_part`]), so no `..` or other character leads elsewhere.
pub fn written_path(written: &str) -> String {
    written
        .split(['/', '\\'])
        .map(crate::slug::address_part)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("/")
}

/// The site-relative URL of an old address in `aliases`: a folder (`/old/path/`) or a page
/// file (`/old/page.html`), always inside the site.
pub fn written_url(written: &str) -> String {
    let path = written_path(written);
    if path.is_empty() {
        "/".to_owned()
    } else if path.ends_with(".html") || path.ends_with(".htm") {
        format!("/{path}")
    } else {
        format!("/{path}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        serde_saphyr::from_str(
            "title: t\nbase_url: https://green.example.gov.cn/\nlanguages: [{code: zh, name: 中文}, {code: en, name: English}]\n",
        )
        .unwrap()
    }

    #[test]
    fn default_language_at_the_root_others_under_their_code() {
        let c = config();
        assert_eq!(
            url_path(&c, "zh", "campaigns/green-families"),
            "/campaigns/green-families/"
        );
        assert_eq!(
            url_path(&c, "en", "campaigns/green-families"),
            "/en/campaigns/green-families/"
        );
        assert_eq!(url_path(&c, "en", ""), "/en/");
        assert_eq!(url_path(&c, "zh", ""), "/");
        assert_eq!(permalink(&c, "/en/"), "https://green.example.gov.cn/en/");
        assert_eq!(output_path("/en/tips/"), PathBuf::from("en/tips/index.html"));
        assert_eq!(output_path("/sitemap.xml"), PathBuf::from("sitemap.xml"));
    }

    #[test]
    fn written_addresses_stay_inside_the_site() {
        assert_eq!(written_path("/about-us/"), "about-us");
        assert_eq!(written_url("/posts/old_name.html"), "/posts/old_name.html");
        assert_eq!(written_url("old/path"), "/old/path/");
        for hostile in [
            "../../etc/passwd",
            "/..\\..\\x",
            "//evil.example/x",
            "a/./../b",
            "/%2e%2e/x",
        ] {
            let url = written_url(hostile);
            assert!(
                !url.contains("..") && !url.starts_with("//") && !url.contains('\\') && !url.contains('%'),
                "{hostile} → {url}"
            );
        }
    }
}
