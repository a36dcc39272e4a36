//! Site search, built with the site: an index of the rendered pages, one per page language
//! (`<html lang>`), in the format of [Pagefind](https://pagefind.app) 1.6, whose search script
//! and WebAssembly are published with it under `/pagefind/`. The search page of each language
//! (`/search/`, `/en/search/`) loads them from there; nothing is fetched from another host, at
//! build time or in the browser.
//!
//! The pipeline, each step its own module:
//!
//! 1. **Read** ([`extract`]): the `<main data-pagefind-body>` of each page made from
//!    `base.html`, without the header, navigation, footer and the lists of cards on list pages,
//!    so that a query leads to the page that says it rather than to every list that shows its
//!    summary. Pages are read in parallel.
//! 2. **Words** ([`words`]): Chinese is split into words by ICU4X's dictionary segmenter, so
//!    that 空调 finds a page that says 空调温度 without matching every page that merely has 空
//!    in it; English is stemmed (showers finds shower).
//! 3. **Reuse** ([`cache`]): what was read from each page is kept beside the output, under the
//!    hash of the page's indexed HTML; a rebuild reads again only the pages that changed, and
//!    keeps their published result files.
//! 4. **Encode** ([`encode`]): the word index, the filters and the metadata of each language.
//! 5. **Client** ([`client`]): Pagefind's own script and WebAssembly for those languages.

mod cache;
mod client;
mod encode;
mod extract;
mod record;
mod words;

use record::Record;

use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::output::Output;
use crate::resolve::urls;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The folder of the search bundle under the output root.
pub const BUNDLE_DIR: &str = "pagefind";
/// The content key of the search page in every language: `/search/`, `/en/search/`.
pub const SEARCH_PATH: &str = "search";
/// Parts of a page's main content that are not indexed: the cards of list pages repeat the
/// summaries of other pages, eyebrows and tags repeat on every page of a kind (a term's own page
/// is found by its title), and forms are controls rather than text. A theme can leave out more
/// with Pagefind's `data-pagefind-ignore`.
const EXCLUDED: &str = ".cards, .eyebrow, .tags, form";
/// The attribute that marks what is indexed (on `<main>` in base.html).
const BODY_MARKER: &str = "data-pagefind-body";
/// Changes whenever what is read from a page changes, so that no older reading is reused.
const READER_VERSION: &str = "greenprint-search-1";
/// The file that lists the languages of the index, which the search script reads first.
const ENTRY: &str = "pagefind-entry.json";
/// The key under which greenprint records its fingerprint in the entry file (the search script
/// ignores keys it does not know).
const FINGERPRINT_KEY: &str = "greenprint_fingerprint";

/// What the index holds and how it was made.
#[derive(Debug, Default, Clone)]
pub struct SearchStats {
    /// Files of the search bundle, written or kept.
    pub files: usize,
    /// Whether the published index was kept whole, since the pages it was made from have not
    /// changed.
    pub kept: bool,
    /// Pages read and indexed anew.
    pub indexed: usize,
    /// Pages whose earlier reading was reused (unchanged since the last build).
    pub reused: usize,
    /// How long each step took, for `--verbose`.
    pub steps: Vec<(&'static str, std::time::Duration)>,
}

impl SearchStats {
    fn lap(&mut self, step: &'static str, since: &mut std::time::Instant) {
        self.steps.push((step, since.elapsed()));
        *since = std::time::Instant::now();
    }
}

/// Builds the search index from the HTML pages written so far into the staging folder, and
/// writes the search bundle under `/pagefind/`. Each page is read once: a page whose reading is
/// in the cache (unchanged since the last build) keeps its result file, the others are read
/// anew. When no page changed (the fingerprint in the published `pagefind-entry.json`), the
/// published index is kept whole.
pub fn index(output: &Output, diagnostics: &mut Diagnostics) -> SearchStats {
    let mut stats = SearchStats::default();
    if diagnostics.has_errors() {
        // Nothing will be published; the index would only cost time.
        return stats;
    }
    match build(output, &mut stats) {
        Ok(()) => {}
        Err(problems) => {
            for d in problems {
                diagnostics.push(d);
            }
        }
    }
    stats
}

/// A page, as one pass over the site found it.
enum Found {
    /// Not a page of the index (it marks no content).
    Not,
    /// Unchanged: its reading is in the cache under this hash, its result file kept.
    Unchanged([u8; 32]),
    /// Read anew, its result file written.
    Read([u8; 32], Box<Record>),
}

fn build(output: &Output, stats: &mut SearchStats) -> Result<(), Vec<Diagnostic>> {
    let mut started = std::time::Instant::now();
    let cache_file = output.beside("search-cache");
    // A reading is reused only with its published result file: without a published index
    // (a fresh folder) the cache would be read for nothing.
    let mut earlier = if output.published_folder().join(BUNDLE_DIR).is_dir() {
        cache::load(&cache_file)
    } else {
        Default::default()
    };
    stats.lap("· search: load the cache", &mut started);
    let claimed: Mutex<HashSet<String>> = Mutex::new(HashSet::new());
    let files: Vec<(String, PathBuf)> = output
        .files()
        .into_iter()
        .map(|(relative, path)| (display_path(&relative), path))
        .filter(|(relative, _)| relative.ends_with(".html") && !relative.starts_with(&format!("{BUNDLE_DIR}/")))
        .collect();
    let found: Vec<Result<Found, Diagnostic>> = files
        .par_iter()
        .map(|(relative, path)| {
            let html = read_html(relative, path)?;
            let Some(part) = indexed_part(&html) else {
                return Ok(Found::Not);
            };
            drop(html);
            let url = urls::url_of_output(relative);
            let lang = html_lang(&part);
            let key = page_key(&url, &lang, &part);
            if let Some(record) = earlier.get(&key)
                && record.url == url
                && record.lang == lang
                && reuse_fragment(output, &claimed, &record.fragment)
            {
                return Ok(Found::Unchanged(key));
            }
            read_page(output, &claimed, relative, url, lang, &part).map(|record| Found::Read(key, Box::new(record)))
        })
        .collect();
    let mut records = Vec::with_capacity(found.len());
    let mut keys = Vec::with_capacity(found.len());
    let mut problems = Vec::new();
    for result in found {
        match result {
            Ok(Found::Not) => {}
            Ok(Found::Unchanged(key)) => match earlier.remove(&key) {
                Some(record) => {
                    stats.reused += 1;
                    records.push(record);
                    keys.push(key);
                }
                // Every page's hash holds its address, so no two pages share one.
                None => problems.push(cannot_build("a page's earlier reading was lost")),
            },
            Ok(Found::Read(key, record)) => {
                stats.indexed += 1;
                records.push(*record);
                keys.push(key);
            }
            Err(d) => problems.push(d),
        }
    }
    drop(earlier);
    stats.lap("· search: read the pages", &mut started);
    stats.files += claimed.lock().map(|c| c.len()).unwrap_or(0);
    if !problems.is_empty() {
        return Err(problems);
    }
    if records.is_empty() {
        return Ok(());
    }
    let fingerprint = fingerprint(&keys);
    if stats.indexed == 0
        && previous_fingerprint(output.published_folder()).as_deref() == Some(fingerprint.as_str())
        && let Ok(kept) = output.keep(Path::new(BUNDLE_DIR))
    {
        stats.files += kept;
        stats.kept = true;
        return Ok(());
    }

    let mut languages: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
    for record in &records {
        languages.entry(&record.lang).or_default().push(record);
    }
    let client = client::files(languages.keys().copied()).map_err(|e| vec![cannot_build(&e)])?;
    // The languages side by side: each one's words are gathered on one thread.
    let indexes: Vec<(&str, usize, Result<encode::LanguageIndex, String>)> = languages
        .par_iter()
        .map(|(lang, records)| (*lang, records.len(), encode::language(lang, records)))
        .collect();
    let mut entry_languages = serde_json::Map::new();
    for (lang, pages, index) in indexes {
        let index = index.map_err(|e| vec![cannot_build(&e)])?;
        entry_languages.insert(
            lang.to_owned(),
            serde_json::json!({
                "hash": index.meta_hash,
                "wasm": client.wasm.get(lang),
                "page_count": pages,
            }),
        );
        write_all(output, index.files, stats, &mut problems);
    }
    let entry = serde_json::json!({
        "version": encode::FORMAT_VERSION,
        "languages": entry_languages,
        "include_characters": [],
        FINGERPRINT_KEY: fingerprint,
    });
    write_all(
        output,
        vec![(ENTRY.to_owned(), entry.to_string().into_bytes())],
        stats,
        &mut problems,
    );
    write_all(output, client.files.clone(), stats, &mut problems);
    stats.lap("· search: encode and write", &mut started);
    let readings: BTreeMap<[u8; 32], &Record> = keys.into_iter().zip(records.iter()).collect();
    // A cache that cannot be written costs the next build time, nothing else.
    let _ = cache::save(&cache_file, &readings);
    stats.lap("· search: save the cache", &mut started);
    if problems.is_empty() { Ok(()) } else { Err(problems) }
}

fn write_all(output: &Output, files: Vec<encode::File>, stats: &mut SearchStats, problems: &mut Vec<Diagnostic>) {
    for (name, bytes) in files {
        match output.write(&Path::new(BUNDLE_DIR).join(&name), &bytes, "the search index") {
            Ok(()) => stats.files += 1,
            Err(d) => problems.push(d),
        }
    }
}

/// The hash of what is read from a page: when it is the same, so is the reading.
fn page_key(url: &str, lang: &str, part: &str) -> [u8; 32] {
    let mut hasher = blake3::Hasher::new();
    for piece in [READER_VERSION, EXCLUDED, url, lang, part] {
        hasher.update(piece.as_bytes()).update(b"\0");
    }
    *hasher.finalize().as_bytes()
}

fn cannot_build(e: &str) -> Diagnostic {
    Diagnostic::error(format!("the search index cannot be built: {e}"))
        .hint("build again; if it happens again, report it with this message")
}

/// Keeps a page's published result file, once, when the published site has it.
fn reuse_fragment(output: &Output, claimed: &Mutex<HashSet<String>>, name: &str) -> bool {
    let mut claimed = claimed.lock().unwrap_or_else(|e| e.into_inner());
    if claimed.contains(name) {
        return true;
    }
    let kept = output.keep_file(&fragment_path(name)).is_ok();
    if kept {
        claimed.insert(name.to_owned());
    }
    kept
}

fn fragment_path(name: &str) -> PathBuf {
    Path::new(BUNDLE_DIR)
        .join("fragment")
        .join(format!("{name}.pf_fragment"))
}

/// Reads a page: its words for the index, and its result file, written here.
fn read_page(
    output: &Output,
    claimed: &Mutex<HashSet<String>>,
    relative: &str,
    url: String,
    lang: String,
    part: &str,
) -> Result<Record, Diagnostic> {
    let digest = extract::digest(part, EXCLUDED).map_err(|e| {
        Diagnostic::error(format!("cannot read {relative} to index it for search: {e}"))
            .hint("check that the page is well-formed HTML")
    })?;
    let (content, words) = words::Language::of(&lang).words(&digest);
    let fragment = serde_json::json!({
        "url": url,
        "content": content,
        "word_count": words.word_count,
        "filters": digest.filters,
        "meta": digest.meta,
        "anchors": [],
    })
    .to_string();
    let name = format!("{lang}_{}", &blake3::hash(fragment.as_bytes()).to_hex()[..12]);
    let first = claimed.lock().unwrap_or_else(|e| e.into_inner()).insert(name.clone());
    if first {
        let bytes = encode::gzip(fragment.as_bytes()).map_err(|e| cannot_build(&e))?;
        output.write(&fragment_path(&name), &bytes, "the search index")?;
    }
    Ok(Record {
        url,
        lang,
        fragment: name,
        filters: digest
            .filters
            .iter()
            .flat_map(|(f, values)| values.iter().map(move |v| (f.clone(), v.clone())))
            .collect(),
        meta_fields: digest.meta.keys().cloned().collect(),
        words,
    })
}

fn read_html(relative: &str, path: &Path) -> Result<String, Diagnostic> {
    let html = std::fs::read_to_string(path).map_err(|e| {
        Diagnostic::error(format!("cannot read {relative} to index it for search: {e}"))
            .hint("check that the output folder is readable")
    })?;
    // The joiners that keep a heading's last characters together would split its words.
    Ok(crate::typography::without_joiners(&html).into_owned())
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

/// What the index is made from, as a hash: every page's reading, and the client's version. The
/// same fingerprint gives the same index.
fn fingerprint(keys: &[[u8; 32]]) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.update(encode::FORMAT_VERSION.as_bytes());
    for key in keys {
        hasher.update(key);
    }
    hasher.finalize().to_hex()[..32].to_owned()
}

/// The fingerprint recorded in the published site's search bundle, if it has one.
fn previous_fingerprint(target: &Path) -> Option<String> {
    let entry = std::fs::read(target.join(BUNDLE_DIR).join(ENTRY)).ok()?;
    let entry: serde_json::Value = serde_json::from_slice(&entry).ok()?;
    entry.get(FINGERPRINT_KEY)?.as_str().map(str::to_owned)
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

    /// Builds the index of these pages into a new output folder, as a build does.
    fn index_pages(pages: &[(&str, &str)]) -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>, SearchStats) {
        let site = tempfile::tempdir().expect("a temporary folder");
        let output = Output::begin(site.path(), &site.path().join("public")).expect("an output folder");
        for (path, html) in pages {
            output
                .write(Path::new(path), html.as_bytes(), "test")
                .expect("the page is written");
        }
        let mut diagnostics = Diagnostics::new();
        let stats = index(&output, &mut diagnostics);
        assert!(!diagnostics.has_errors(), "{diagnostics:?}");
        let files = output
            .files()
            .into_iter()
            .filter_map(|(relative, path)| {
                let name = display_path(&relative);
                let name = name.strip_prefix("pagefind/")?.to_owned();
                Some((name, std::fs::read(path).expect("a file of the bundle")))
            })
            .collect();
        (site, files, stats)
    }

    fn ungzip(bytes: &[u8]) -> Vec<u8> {
        use std::io::Read;
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .expect("a gzipped file");
        out.strip_prefix(b"pagefind_dcd")
            .expect("Pagefind's signature")
            .to_vec()
    }

    /// Chinese is split into dictionary words, so that 空调 is a word of 空调温度 (the
    /// fragment's text carries a zero-width space at each word boundary), only the main content
    /// is indexed, and the bundle holds only what the search page loads.
    #[test]
    fn chinese_is_segmented_into_words() {
        let (_site, files, stats) = index_pages(&[
            (
                "t/index.html",
                "<html lang=\"zh-Hans\"><body><nav>导航</nav><main data-pagefind-body data-pagefind-filter=\"kind:content\"><h1>夏季空调温度设在26℃以上</h1>\
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
        ]);
        assert_eq!((stats.indexed, stats.reused), (2, 0));
        let entry: serde_json::Value = serde_json::from_slice(&files[ENTRY]).expect("JSON");
        let languages: Vec<&String> = entry["languages"].as_object().expect("languages").keys().collect();
        assert_eq!(languages, ["en", "zh-hans"]);
        assert_eq!(entry["version"], encode::FORMAT_VERSION);
        // English is stemmed by its own WebAssembly; Chinese is segmented at build time.
        assert_eq!(entry["languages"]["en"]["wasm"], "en");
        assert!(entry["languages"]["zh-hans"]["wasm"].is_null());
        for (_, language) in entry["languages"].as_object().expect("languages") {
            let hash = language["hash"].as_str().expect("a hash");
            assert!(
                files.contains_key(&format!("pagefind.{hash}.pf_meta")),
                "{hash} has its metadata"
            );
            assert_eq!(language["page_count"], 1);
        }
        for name in files.keys() {
            let first = name.split('/').next().unwrap_or_default();
            assert!(
                matches!(first, "index" | "fragment" | "filter")
                    || name == "pagefind.js"
                    || name == ENTRY
                    || (name.starts_with("wasm.") && name.ends_with(".pagefind"))
                    || name.ends_with(".pf_meta"),
                "{name} is not loaded by the search page"
            );
        }
        for wasm in ["wasm.unknown.pagefind", "wasm.en.pagefind"] {
            assert!(files.contains_key(wasm), "{wasm}");
        }
        let fragments: Vec<&String> = files.keys().filter(|n| n.starts_with("fragment/")).collect();
        assert_eq!(fragments.len(), 2, "one fragment a page");
        let zh = fragments
            .iter()
            .find(|n| n.starts_with("fragment/zh-hans"))
            .expect("a Chinese fragment");
        let fragment: serde_json::Value = serde_json::from_slice(&ungzip(&files[*zh])).expect("JSON");
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
        assert_eq!(fragment["filters"]["kind"][0], "content");
    }
}
