//! Site search, built with the site. [Pagefind](https://pagefind.app) indexes the rendered HTML
//! of every page, one index per page language (`<html lang>`), and Chinese is split into words by
//! ICU's dictionary segmenter (Pagefind's `extended` feature), so that 空调 finds a page that says
//! 空调温度 without matching every page that merely has 空 in it. The index, Pagefind's small
//! search script and its WebAssembly are written under `/pagefind/` in the output; the search
//! page of each language (`/search/`, `/en/search/`) loads them from there. Nothing is fetched
//! from another host, at build time or in the browser.
//!
//! What is indexed is the `<main data-pagefind-body>` of each page made from `base.html`; the
//! header, navigation, footer and the lists of cards on list pages are left out, so that a query
//! leads to the page that says it rather than to every list that shows its summary.

use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::output::Output;
use crate::render::templates::Shared;
use crate::render::{base_context, views, write_rendered};
use crate::resolve::urls;
use std::path::{Path, PathBuf};
use tera::Tera;

/// The folder of the search bundle under the output root.
pub const BUNDLE_DIR: &str = "pagefind";
/// The content key of the search page in every language: `/search/`, `/en/search/`.
pub const SEARCH_PATH: &str = "search";
/// The attribute that marks what Pagefind indexes (on `<main>` in base.html).
const BODY_MARKER: &str = "data-pagefind-body";
/// Parts of a page's main content that are not indexed: the cards of list pages repeat the
/// summaries of other pages, eyebrows and tags repeat on every page of a kind (a term's own page
/// is found by its title), and forms are controls rather than text. A theme can leave out more
/// with Pagefind's `data-pagefind-ignore`.
const EXCLUDED: &[&str] = &[".cards", ".eyebrow", ".tags", "form"];

/// What the index holds and weighs.
#[derive(Debug, Default, Clone)]
pub struct SearchStats {
    /// Pages indexed.
    pub pages: usize,
    /// Files of the search bundle written, and their total size in bytes.
    pub files: usize,
    pub bytes: u64,
}

/// Builds the search index from the HTML pages written so far into the staging folder, and
/// writes the search bundle under `/pagefind/`.
pub fn index(output: &Output, diagnostics: &mut Diagnostics) -> SearchStats {
    let mut stats = SearchStats::default();
    if diagnostics.has_errors() {
        // Nothing will be published; the index would only cost time.
        return stats;
    }
    let pages = match indexable_pages(output.staging()) {
        Ok(pages) => pages,
        Err(d) => {
            diagnostics.push(d);
            return stats;
        }
    };
    if pages.is_empty() {
        return stats;
    }
    stats.pages = pages.len();
    // Pagefind reads the working folder, and a few of its failures are panics: both become a
    // message rather than the end of the build.
    let result = match std::env::current_dir() {
        Ok(_) => std::panic::catch_unwind(|| build_index(pages))
            .unwrap_or_else(|_| Err("Pagefind stopped with an internal error".to_owned())),
        Err(e) => Err(format!("the current folder cannot be read ({e})")),
    };
    let files = match result {
        Ok(files) => files,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(format!("the search index cannot be built: {e}"))
                    .hint("build again from a folder that exists; if it happens again, report it with this message"),
            );
            return stats;
        }
    };
    for (name, bytes) in files {
        if !wanted(&name) {
            continue;
        }
        let path = Path::new(BUNDLE_DIR).join(&name);
        match output.write(&path, &bytes, "the search index") {
            Ok(()) => {
                stats.files += 1;
                stats.bytes += bytes.len() as u64;
            }
            Err(d) => diagnostics.push(d),
        }
    }
    stats
}

/// A page to index: its URL and its HTML.
struct Indexable {
    url: String,
    html: String,
}

/// Every HTML file under `root` that marks its main content for the index, in path order (so
/// that the index is the same from one build to the next), with the URL it is served at.
fn indexable_pages(root: &Path) -> Result<Vec<Indexable>, Diagnostic> {
    let mut pages = Vec::new();
    for entry in walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let Ok(relative) = entry.path().strip_prefix(root) else {
            continue;
        };
        let relative = display_path(relative);
        if !relative.ends_with(".html") || relative.starts_with(&format!("{BUNDLE_DIR}/")) || relative == "404.html" {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).map_err(|e| {
            Diagnostic::error(format!("cannot read {relative} to index it for search: {e}"))
                .hint("check that the output folder is readable")
        })?;
        if !html.contains(BODY_MARKER) {
            continue;
        }
        pages.push(Indexable {
            url: page_url(&relative),
            html,
        });
    }
    Ok(pages)
}

/// The URL of an output file: `tips/led/index.html` is served at `/tips/led/`.
fn page_url(relative: &str) -> String {
    match relative.strip_suffix("index.html") {
        Some(folder) => format!("/{folder}"),
        None => format!("/{relative}"),
    }
}

/// Runs Pagefind on the pages and returns the files of the bundle (paths relative to it).
fn build_index(pages: Vec<Indexable>) -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
    use pagefind::api::PagefindIndex;
    use pagefind::options::PagefindServiceConfig;

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start Pagefind's runtime: {e}"))?;
    runtime.block_on(async move {
        let config = PagefindServiceConfig::builder()
            .exclude_selectors(EXCLUDED.iter().map(|s| (*s).to_owned()).collect())
            .keep_index_url(false)
            .write_playground(false)
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| format!("{e:#}"))?;
        for page in pages {
            index
                .add_html_file(None, Some(page.url.clone()), page.html)
                .await
                .map_err(|e| format!("{e:#} (while indexing {})", page.url))?;
        }
        let mut files: Vec<(PathBuf, Vec<u8>)> = index
            .get_files()
            .await
            .map_err(|e| format!("{e:#}"))?
            .into_iter()
            .map(|f| (f.filename, f.contents))
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(files)
    })
}

/// Whether a file of Pagefind's bundle is needed by our search page. Pagefind also writes its
/// ready-made interfaces (`pagefind-ui.js` and others), a highlighter and a web worker; the
/// theme's own small script replaces the interfaces and searches on the page's own thread, so
/// they are not published.
fn wanted(name: &Path) -> bool {
    let name = display_path(name);
    let first = name.split('/').next().unwrap_or_default();
    matches!(first, "index" | "fragment" | "filter")
        || name == "pagefind.js"
        || name == "pagefind-entry.json"
        || (name.starts_with("wasm.") && name.ends_with(".pagefind"))
        || name.ends_with(".pf_meta")
}

/// Renders the search page of every language from `search.html`.
pub fn render_search(shared: &Shared, tera: &Tera, output: &Output, diagnostics: &mut Diagnostics) {
    let site = &shared.site;
    if !tera.get_template_names().any(|n| n == "search.html") {
        return;
    }
    let translations: Vec<views::TranslationView> = site
        .config
        .languages
        .iter()
        .map(|l| {
            let url = urls::url_path(&site.config, &l.code, SEARCH_PATH);
            views::TranslationView {
                lang: l.code.clone(),
                name: l.name.clone(),
                html_lang: l.html_lang.clone().unwrap_or_else(|| l.code.clone()),
                permalink: urls::permalink(&site.config, &url),
                url,
                current: false,
                exists: true,
            }
        })
        .collect();
    for language in &site.config.languages {
        let lang = language.code.as_str();
        let url = urls::url_path(&site.config, lang, SEARCH_PATH);
        let mut context = base_context(shared, lang, &url);
        let mut own = translations.clone();
        for tr in &mut own {
            tr.current = tr.lang == lang;
        }
        context.insert("translations", &own);
        context.insert("title", shared.string(lang, "search_title"));
        context.insert("description", shared.string(lang, "search_description"));
        context.insert("body_kind", "search");
        context.insert("search_bundle", &format!("/{BUNDLE_DIR}/pagefind.js"));
        write_rendered(
            shared,
            tera,
            "search.html",
            &context,
            &url,
            &format!("the search page ({lang})"),
            output,
            diagnostics,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_files_map_to_their_urls() {
        assert_eq!(page_url("index.html"), "/");
        assert_eq!(page_url("en/tips/led/index.html"), "/en/tips/led/");
        assert_eq!(page_url("about.html"), "/about.html");
    }

    #[test]
    fn only_what_the_search_page_loads_is_published() {
        for name in [
            "pagefind.js",
            "pagefind-entry.json",
            "wasm.unknown.pagefind",
            "wasm.en.pagefind",
            "pagefind.zh-hans_0123abc.pf_meta",
            "index/zh-hans_0123abc.pf_index",
            "fragment/en_0123abc.pf_fragment",
        ] {
            assert!(wanted(Path::new(name)), "{name}");
        }
        for name in [
            "pagefind-ui.js",
            "pagefind-ui.css",
            "pagefind-modular-ui.js",
            "pagefind-component-ui.css",
            "pagefind-highlight.js",
            "pagefind-worker.js",
            "playground/index.html",
        ] {
            assert!(!wanted(Path::new(name)), "{name}");
        }
    }

    /// Chinese is split into dictionary words at index time, so that 空调 is a word of 空调温度
    /// (the fragment's text carries a zero-width space at each word boundary), and only the
    /// main content is indexed.
    #[test]
    fn chinese_is_segmented_into_words() {
        use std::io::Read;
        let page = Indexable {
            url: "/t/".into(),
            html:
                "<html lang=\"zh-Hans\"><body><nav>导航</nav><main data-pagefind-body><h1>夏季空调温度设在26℃以上</h1>\
                   <ul class=\"cards\"><li>别的页面</li></ul><p>冷&amp;热 &lt;b&gt;</p></main></body></html>"
                    .into(),
        };
        let files = build_index(vec![page]).expect("the index builds");
        let (_, fragment) = files
            .iter()
            .find(|(name, _)| display_path(name).starts_with("fragment/zh-hans"))
            .expect("a Chinese fragment");
        let mut json = String::new();
        flate2::read::GzDecoder::new(&fragment[..])
            .read_to_string(&mut json)
            .expect("a gzipped fragment");
        let json = json.strip_prefix("pagefind_dcd").expect("Pagefind's signature");
        let fragment: serde_json::Value = serde_json::from_str(json).expect("JSON");
        let content = fragment["content"].as_str().expect("content");
        assert!(content.contains("空调\u{200b}温度"), "{content:?}");
        // The text is stored decoded (search.js puts excerpts in text nodes, never as HTML).
        assert!(
            content.contains('&') && content.contains('<') && !content.contains("&amp;"),
            "{content:?}"
        );
        assert!(
            !content.contains("导航") && !content.contains("别的页面"),
            "{content:?}"
        );
        assert_eq!(fragment["url"], "/t/");
        assert_eq!(fragment["meta"]["title"], "夏季空调温度设在26℃以上");
    }
}
