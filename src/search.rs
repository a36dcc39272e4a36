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
/// Parts of a page's main content that are not indexed: the cards of list pages repeat the
/// summaries of other pages, eyebrows and tags repeat on every page of a kind (a term's own page
/// is found by its title), and forms are controls rather than text. A theme can leave out more
/// with Pagefind's `data-pagefind-ignore`.
const EXCLUDED: &[&str] = &[".cards", ".eyebrow", ".tags", "form"];
/// The files Pagefind reads: every HTML page of the output (the bundle is written after).
const PAGES: &str = "**/*.html";

/// What the index holds and weighs.
#[derive(Debug, Default, Clone)]
pub struct SearchStats {
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
    // Pagefind reads the working folder, and a few of its failures are panics: both become a
    // message rather than the end of the build.
    let result = match std::env::current_dir() {
        Ok(_) => std::panic::catch_unwind(|| build_index(output.staging()))
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

/// Runs Pagefind over the HTML pages in `folder` and returns the files of the bundle (paths
/// relative to it). Pagefind reads and parses the pages on all cores; pages without
/// `data-pagefind-body` (printables, the search and 404 pages) are left out by Pagefind itself,
/// since the theme marks the others. URLs are those the files are served at (`/tips/led/`).
fn build_index(folder: &Path) -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
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
        index
            .add_directory(folder.to_string_lossy().into_owned(), Some(PAGES.to_owned()))
            .await
            .map_err(|e| format!("{e:#}"))?;
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
        let site = tempfile::tempdir().expect("a temporary folder");
        std::fs::create_dir_all(site.path().join("t")).expect("a page folder");
        std::fs::write(
            site.path().join("t/index.html"),
            "<html lang=\"zh-Hans\"><body><nav>导航</nav><main data-pagefind-body><h1>夏季空调温度设在26℃以上</h1>\
               <ul class=\"cards\"><li>别的页面</li></ul><p>冷&amp;热 &lt;b&gt;</p></main></body></html>",
        )
        .expect("the page is written");
        // A page without the marker (a poster, the 404 page) is not indexed.
        std::fs::write(
            site.path().join("poster.html"),
            "<html lang=\"zh-Hans\"><body><main><h1>海报</h1></main></body></html>",
        )
        .expect("the poster is written");
        let files = build_index(site.path()).expect("the index builds");
        let fragments = files
            .iter()
            .filter(|(name, _)| display_path(name).starts_with("fragment/"))
            .count();
        assert_eq!(fragments, 1, "only the marked page is indexed");
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
