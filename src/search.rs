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
use crate::resolve::urls;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The folder of the search bundle under the output root.
pub const BUNDLE_DIR: &str = "pagefind";
/// The content key of the search page in every language: `/search/`, `/en/search/`.
pub const SEARCH_PATH: &str = "search";
/// Parts of a page's main content that are not indexed: the cards of list pages repeat the
/// summaries of other pages, eyebrows and tags repeat on every page of a kind (a term's own page
/// is found by its title), and forms are controls rather than text. A theme can leave out more
/// with Pagefind's `data-pagefind-ignore`.
const EXCLUDED: &[&str] = &[".cards", ".eyebrow", ".tags", "form"];
/// The attribute that marks what Pagefind indexes (on `<main>` in base.html).
const BODY_MARKER: &str = "data-pagefind-body";

/// What the index holds and weighs.
#[derive(Debug, Default, Clone)]
pub struct SearchStats {
    /// Files of the search bundle, written or kept.
    pub files: usize,
    /// Whether the published index was kept, since the pages it was made from have not changed.
    pub kept: bool,
}

/// Builds the search index from the HTML pages written so far into the staging folder, and
/// writes the search bundle under `/pagefind/`. When the published site's index was made from
/// exactly the same pages (the fingerprint in its `pagefind-entry.json`), that index is kept.
pub fn index(output: &Output, diagnostics: &mut Diagnostics) -> SearchStats {
    let mut stats = SearchStats::default();
    if diagnostics.has_errors() {
        // Nothing will be published; the index would only cost time.
        return stats;
    }
    let pages = match indexable_pages(output) {
        Ok(pages) => pages,
        Err(d) => {
            diagnostics.push(d);
            return stats;
        }
    };
    if pages.is_empty() {
        return stats;
    }
    let fingerprint = fingerprint(&pages);
    if previous_fingerprint(output.published_folder()).as_deref() == Some(fingerprint.as_str()) {
        // When the published index cannot be read, it is made again.
        if let Ok(kept) = output.keep(Path::new(BUNDLE_DIR)) {
            stats.files = kept;
            stats.kept = true;
            return stats;
        }
    }
    let files = match build_index(pages, &fingerprint) {
        Ok(files) => files,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(format!("the search index cannot be built: {e}"))
                    .hint("build again; if it happens again, report it with this message"),
            );
            return stats;
        }
    };
    for (name, bytes) in files {
        let path = Path::new(BUNDLE_DIR).join(&name);
        match output.write(&path, &bytes, "the search index") {
            Ok(()) => stats.files += 1,
            Err(d) => diagnostics.push(d),
        }
    }
    stats
}

/// A page to index: the URL it is served at, its HTML, and the language its `<html lang>` names.
struct Indexable {
    url: String,
    html: String,
    lang: String,
}

/// Every HTML page of the new site that marks its main content for the index (the search and
/// 404 pages do not), in path order, so that the index is the same from one build to the next.
/// The printed materials' files are not pages: the index is made while they are still being
/// written.
fn indexable_pages(output: &Output) -> Result<Vec<Indexable>, Diagnostic> {
    let files: Vec<(String, PathBuf)> = output
        .files()
        .into_iter()
        .map(|(relative, path)| (display_path(&relative), path))
        .filter(|(relative, _)| relative.ends_with(".html") && !relative.starts_with(&format!("{BUNDLE_DIR}/")))
        .collect();
    let read: Result<Vec<Option<Indexable>>, Diagnostic> = files
        .into_par_iter()
        .map(|(relative, path)| {
            let html = std::fs::read_to_string(&path).map_err(|e| {
                Diagnostic::error(format!("cannot read {relative} to index it for search: {e}"))
                    .hint("check that the output folder is readable")
            })?;
            // The joiners that keep a heading's last characters together would split its words.
            let html = crate::typography::without_joiners(&html);
            Ok(indexed_part(&html).map(|part| Indexable {
                url: urls::url_of_output(&relative),
                lang: html_lang(&html),
                html: part,
            }))
        })
        .collect();
    Ok(read?.into_iter().flatten().collect())
}

/// What Pagefind needs of a page that marks its content for the index (`None` for one that does
/// not): its `<html>` tag (the language) and the marked element (what it reads, titles and
/// images included). The header, the navigation and the rest around it, a third of each page,
/// would be parsed only to be thrown away. When the marked element is not the page's one
/// `<main>`, the page is kept from it to `</body>`; when more than one element is marked, whole.
fn indexed_part(html: &str) -> Option<String> {
    let marker = html.find(BODY_MARKER)?;
    let whole = Some(html.to_owned());
    if html[marker + BODY_MARKER.len()..].contains(BODY_MARKER) {
        return whole;
    }
    let Some(start) = html[..marker].rfind('<') else {
        return whole;
    };
    let end = if html[start..].starts_with("<main") {
        html.rfind("</main>").map(|i| i + "</main>".len())
    } else {
        Some(html.rfind("</body>").unwrap_or(html.len()))
    };
    match (end, html_tag(html)) {
        (Some(end), Some(html_tag)) if end > start => Some(format!(
            "<!DOCTYPE html>{html_tag}<head><meta charset=\"utf-8\"></head><body>{}</body></html>",
            &html[start..end]
        )),
        _ => whole,
    }
}

/// The page's `<html ...>` start tag.
fn html_tag(html: &str) -> Option<&str> {
    let start = html.find("<html")?;
    let tag = &html[start..];
    Some(&tag[..tag.find('>').map_or(tag.len(), |end| end + 1)])
}

/// The `lang` of a page's `<html>` element, lower-cased (Pagefind groups pages by it).
fn html_lang(html: &str) -> String {
    let Some(tag) = html_tag(html) else {
        return String::new();
    };
    tag.split_once("lang=")
        .map(|(_, rest)| {
            let rest = rest.trim_start_matches(['"', '\'']);
            rest[..rest.find(['"', '\'', ' ', '>']).unwrap_or(rest.len())].to_lowercase()
        })
        .unwrap_or_default()
}

/// What the index is made from, as a hash: the pages (URL and HTML), what is left out of them,
/// and the versions of Pagefind and greenprint. The same fingerprint gives the same index.
fn fingerprint(pages: &[Indexable]) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.update(PAGEFIND_VERSION.as_bytes());
    for selector in EXCLUDED {
        hasher.update(selector.as_bytes()).update(b"\0");
    }
    for page in pages {
        hasher.update(page.url.as_bytes()).update(b"\0");
        hasher.update(page.html.as_bytes()).update(b"\0");
    }
    hasher.finalize().to_hex()[..32].to_owned()
}

/// The fingerprint recorded in the published site's search bundle, if it has one.
fn previous_fingerprint(target: &Path) -> Option<String> {
    let entry = std::fs::read(target.join(BUNDLE_DIR).join(ENTRY)).ok()?;
    let entry: serde_json::Value = serde_json::from_slice(&entry).ok()?;
    entry.get(FINGERPRINT_KEY)?.as_str().map(str::to_owned)
}

/// Files of a search bundle: their paths in it and their bytes.
type Bundle = Vec<(PathBuf, Vec<u8>)>;

/// The file that lists the languages of the index, which Pagefind's script reads first.
const ENTRY: &str = "pagefind-entry.json";
/// The key under which greenprint records its fingerprint in the entry file (Pagefind's script
/// ignores keys it does not know).
const FINGERPRINT_KEY: &str = "greenprint_fingerprint";
/// The version of Pagefind greenprint is built with, as its entry file states it (a test checks
/// it against the entry file Pagefind writes, so an update of Pagefind cannot keep old indexes).
const PAGEFIND_VERSION: &str = "1.6.0";

/// Languages Pagefind stems (its Snowball stemmers), or splits into words (Chinese, Japanese,
/// Thai): indexed as they are.
const PAGEFIND_LANGUAGES: &[&str] = &[
    "ar", "hy", "eu", "ca", "da", "nl", "en", "fi", "fr", "de", "el", "hi", "hu", "id", "ga", "it", "lt", "ne", "no",
    "pt", "ro", "ru", "sr", "es", "sv", "ta", "tr", "yi", "zh", "ja", "th",
];
/// How another language is named to Pagefind: as a private use of Chinese (`zh-x-ug`).
const SEGMENTED_PREFIX: &str = "zh-x-";

/// The language a page's index is made in. A language Pagefind neither stems nor splits (Uyghur)
/// is indexed with the word splitter it uses for Chinese: that splits the language's own text at
/// its spaces as before, and the Chinese of a page not yet translated into it into words, so that
/// 空调 searched on /ug/ finds the untranslated pages that say it.
fn indexed_as(lang: &str) -> String {
    let primary = lang.split('-').next().unwrap_or(lang);
    if lang.is_empty() || PAGEFIND_LANGUAGES.contains(&primary) {
        lang.to_owned()
    } else {
        format!("{SEGMENTED_PREFIX}{lang}")
    }
}

/// Runs Pagefind on the pages and returns the files of the bundle that the search page needs
/// (paths relative to it). Each language is indexed on its own core: the index, fragments and
/// metadata of a language are its own files, and only the entry file, which lists the
/// languages, is put together from the parts.
fn build_index(pages: Vec<Indexable>, fingerprint: &str) -> Result<Bundle, String> {
    let mut languages: BTreeMap<String, Vec<Indexable>> = BTreeMap::new();
    for mut page in pages {
        let lang = page.lang.clone();
        let indexed_as = indexed_as(&lang);
        if indexed_as != lang {
            page.html = page
                .html
                .replacen(&format!("lang=\"{lang}\""), &format!("lang=\"{indexed_as}\""), 1);
        }
        languages.entry(lang).or_default().push(page);
    }
    // Not on rayon's shared threads: Pagefind runs an async runtime and uses rayon inside it, and
    // a shared worker waiting there may pick up other work (another language, another build)
    // that starts a second runtime on the same thread, which tokio refuses with a panic. So each
    // language gets a thread and a small rayon pool of its own, which only its Pagefind uses.
    // Pagefind's failures include a few panics: joining its thread makes them a message, not the
    // end of the build.
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let parts: Vec<Result<Bundle, String>> = std::thread::scope(|scope| {
        let workers: Vec<_> = languages
            .into_values()
            .map(|pages| {
                scope.spawn(move || {
                    rayon::ThreadPoolBuilder::new()
                        .num_threads(threads)
                        .build()
                        .map_err(|e| format!("cannot start the indexing threads: {e}"))?
                        .install(|| index_language(pages))
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| {
                worker.join().unwrap_or_else(|panic| {
                    Err(format!(
                        "Pagefind stopped with an internal error ({})",
                        panic_text(&*panic)
                    ))
                })
            })
            .collect()
    });
    let mut files: BTreeMap<PathBuf, Vec<u8>> = BTreeMap::new();
    let mut entry: Option<serde_json::Value> = None;
    for part in parts {
        for (name, bytes) in part? {
            if name == Path::new(ENTRY) {
                let mut part: serde_json::Value =
                    serde_json::from_slice(&bytes).map_err(|e| format!("Pagefind's {ENTRY} cannot be read: {e}"))?;
                // A language indexed as another is filed under its own name, which the search
                // page of that language (`<html lang>`) asks for.
                if let Some(languages) = part.get_mut("languages").and_then(|l| l.as_object_mut()) {
                    let renamed: Vec<(String, serde_json::Value)> = std::mem::take(languages)
                        .into_iter()
                        .map(|(name, index)| {
                            (
                                name.strip_prefix(SEGMENTED_PREFIX).map(str::to_owned).unwrap_or(name),
                                index,
                            )
                        })
                        .collect();
                    languages.extend(renamed);
                }
                match (&mut entry, part.get("languages").and_then(|l| l.as_object())) {
                    (Some(whole), Some(languages)) => {
                        if let Some(all) = whole.get_mut("languages").and_then(|l| l.as_object_mut()) {
                            all.extend(languages.clone());
                        }
                    }
                    _ => entry = Some(part),
                }
            } else if wanted(&name) {
                files.insert(name, bytes);
            }
        }
    }
    let mut entry = entry.ok_or_else(|| format!("Pagefind wrote no {ENTRY}"))?;
    if let Some(languages) = entry.get_mut("languages").and_then(|l| l.as_object_mut()) {
        languages.sort_keys();
    }
    entry[FINGERPRINT_KEY] = serde_json::Value::from(fingerprint);
    files.insert(PathBuf::from(ENTRY), entry.to_string().into_bytes());
    Ok(files.into_iter().collect())
}

/// Pagefind's index of the pages of one language.
fn index_language(pages: Vec<Indexable>) -> Result<Bundle, String> {
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
        Ok(index
            .get_files()
            .await
            .map_err(|e| format!("{e:#}"))?
            .into_iter()
            .map(|f| (f.filename, f.contents))
            .collect())
    })
}

/// What a panic said, for the message that replaces it.
fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_files_map_to_their_urls_and_languages() {
        assert_eq!(urls::url_of_output("index.html"), "/");
        assert_eq!(urls::url_of_output("en/tips/led/index.html"), "/en/tips/led/");
        assert_eq!(
            html_lang("<!DOCTYPE html>\n<html lang=\"zh-Hans\" dir=\"ltr\">"),
            "zh-hans"
        );
        assert_eq!(html_lang("<html dir=rtl lang=ug><body lang=\"en\">"), "ug");
        assert_eq!(html_lang("<html><body lang=\"en\">"), "");
    }

    #[test]
    fn pagefind_is_given_the_marked_element_and_the_language() {
        let page = "<!DOCTYPE html>\n<html lang=\"zh-Hans\" dir=\"ltr\"><head><title>t</title></head><body>\
                    <header><nav>导航</nav></header><main id=\"main\" data-pagefind-body><h1>标题</h1></main>\
                    <footer>页脚</footer></body></html>";
        assert_eq!(
            indexed_part(page).expect("the page is indexed"),
            "<!DOCTYPE html><html lang=\"zh-Hans\" dir=\"ltr\"><head><meta charset=\"utf-8\"></head><body>\
             <main id=\"main\" data-pagefind-body><h1>标题</h1></main></body></html>"
        );
        // Another element marked: from it to the end of the body (where it closes is not looked for).
        let div =
            "<html lang=\"en\"><body><nav>n</nav><div data-pagefind-body><div>a</div></div><p>b</p></body></html>";
        let part = indexed_part(div).expect("the page is indexed");
        assert!(part.ends_with("<body><div data-pagefind-body><div>a</div></div><p>b</p></body></html>"));
        assert!(!part.contains("<nav>"));
        // Two marked elements, or none that can be found: the whole page.
        let two = "<html lang=\"en\"><body><nav>n</nav><main data-pagefind-body>a</main><aside data-pagefind-body>b</aside></body></html>";
        assert_eq!(indexed_part(two).as_deref(), Some(two));
        // A page without the marker is not indexed.
        assert_eq!(
            indexed_part("<html lang=\"en\"><body><main>a</main></body></html>"),
            None
        );
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
        let site = tempfile::tempdir().expect("a temporary folder");
        let output = Output::begin(site.path(), &site.path().join("public")).expect("an output folder");
        for (path, html) in [
            (
                "t/index.html",
                "<html lang=\"zh-Hans\"><body><nav>导航</nav><main data-pagefind-body><h1>夏季空调温度设在26℃以上</h1>\
                   <ul class=\"cards\"><li>别的页面</li></ul><p>冷&amp;热 &lt;b&gt;</p></main></body></html>",
            ),
            // A page without the marker (a poster, the 404 page) is not indexed.
            (
                "poster.html",
                "<html lang=\"zh-Hans\"><body><main><h1>海报</h1></main></body></html>",
            ),
            (
                "en/t/index.html",
                "<html lang=\"en\"><body><main data-pagefind-body><h1>Air conditioning</h1></main></body></html>",
            ),
        ] {
            output
                .write(Path::new(path), html.as_bytes(), "test")
                .expect("the page is written");
        }
        let pages = indexable_pages(&output).expect("the pages are read");
        let found: Vec<(&str, &str)> = pages.iter().map(|p| (p.url.as_str(), p.lang.as_str())).collect();
        assert_eq!(
            found,
            [("/en/t/", "en"), ("/t/", "zh-hans")],
            "the poster is not indexed"
        );
        let files = build_index(pages, "abc").expect("the index builds");
        // Each language was indexed on its own; the entry file lists both, and the fingerprint.
        let (_, entry) = files
            .iter()
            .find(|(name, _)| name == Path::new(ENTRY))
            .expect("an entry file");
        let entry: serde_json::Value = serde_json::from_slice(entry).expect("JSON");
        let languages: Vec<&String> = entry["languages"].as_object().expect("languages").keys().collect();
        assert_eq!(languages, ["en", "zh-hans"]);
        assert_eq!(entry[FINGERPRINT_KEY], "abc");
        assert_eq!(
            entry["version"], PAGEFIND_VERSION,
            "Pagefind was updated: set PAGEFIND_VERSION to its version, so that sites index again"
        );
        for (_, language) in entry["languages"].as_object().expect("languages") {
            let hash = language["hash"].as_str().expect("a hash");
            assert!(
                files
                    .iter()
                    .any(|(name, _)| display_path(name) == format!("pagefind.{hash}.pf_meta")),
                "{hash} has its metadata"
            );
        }
        let fragments = files
            .iter()
            .filter(|(name, _)| display_path(name).starts_with("fragment/"))
            .count();
        assert_eq!(fragments, 2, "one fragment a page");
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
