//! Site search: the bundled site is indexed per language at build time, the search pages work
//! without JavaScript (they explain and link on), and in a browser a search finds the pages that
//! say it, Chinese included (空调 is a word of 空调温度, found by dictionary segmentation).

mod common;

use common::server::Server;
use common::{attrs, texts, tools};
use greenprint::build::{BuildOptions, build};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The bundled site built into a temporary folder.
fn bundled() -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().expect("temporary folder");
    let public = out.path().join("public");
    let report = build(&BuildOptions {
        output: Some(public.clone()),
        ..BuildOptions::new(env!("CARGO_MANIFEST_DIR"))
    });
    assert!(report.succeeded(), "{}", report.diagnostics.render_terminal(false));
    (out, public)
}

fn html(public: &Path, path: &str) -> scraper::Html {
    let text = std::fs::read_to_string(public.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    scraper::Html::parse_document(&text)
}

fn bundle_weight(public: &Path) -> (usize, u64) {
    walkdir::WalkDir::new(public.join("pagefind"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .fold((0, 0), |(n, bytes), e| {
            (n + 1, bytes + e.metadata().map(|m| m.len()).unwrap_or(0))
        })
}

#[test]
fn the_bundled_site_is_indexed_in_both_languages() {
    let (_out, public) = bundled();
    let bundle = public.join("pagefind");
    for file in [
        "pagefind.js",
        "pagefind-entry.json",
        "wasm.unknown.pagefind",
        "wasm.en.pagefind",
    ] {
        assert!(bundle.join(file).is_file(), "pagefind/{file}");
    }
    for unused in [
        "pagefind-ui.js",
        "pagefind-ui.css",
        "pagefind-highlight.js",
        "pagefind-worker.js",
    ] {
        assert!(!bundle.join(unused).exists(), "pagefind/{unused} is not published");
    }
    let entry: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(bundle.join("pagefind-entry.json")).unwrap()).unwrap();
    for (lang, html_lang) in [("zh", "zh-hans"), ("en", "en")] {
        let index = &entry["languages"][html_lang];
        let pages = index["page_count"].as_u64().unwrap_or(0);
        assert!(pages >= 100, "{lang}: {pages} pages indexed\n{entry:#}");
        let hash = index["hash"].as_str().expect("a hash");
        assert!(
            bundle.join(format!("pagefind.{hash}.pf_meta")).is_file(),
            "{lang}'s meta"
        );
        let prefix = format!("{html_lang}_");
        let index_files = std::fs::read_dir(bundle.join("index"))
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
            .count();
        assert!(index_files > 0, "{lang} has index chunks");
    }
    let (files, bytes) = bundle_weight(&public);
    eprintln!("search bundle: {files} files, {bytes} bytes");

    // Every page made from base.html marks its main content for the index and has a search box
    // that works without JavaScript (a GET form to the search page of its language).
    for (page, search) in [
        ("index.html", "/search/"),
        ("en/tips/ac-at-26-degrees/index.html", "/en/search/"),
    ] {
        let doc = html(&public, page);
        assert_eq!(attrs(&doc, "main", "data-pagefind-body").len(), 1, "{page}");
        assert_eq!(attrs(&doc, "form.site-search", "action"), [search], "{page}");
        assert_eq!(attrs(&doc, "form.site-search input", "name"), ["q"], "{page}");
        assert_eq!(attrs(&doc, "form.site-search", "method"), ["get"], "{page}");
    }

    // The search pages: not indexed themselves; without JavaScript they explain and link on.
    for (page, lang, tips, site_map) in [
        ("search/index.html", "zh-Hans", "/tips/", "/sitemap/"),
        ("en/search/index.html", "en", "/en/tips/", "/en/sitemap/"),
    ] {
        let doc = html(&public, page);
        assert_eq!(attrs(&doc, "html", "lang"), [lang]);
        assert!(
            attrs(&doc, "main", "data-pagefind-body").is_empty(),
            "{page} is not indexed"
        );
        assert!(
            attrs(&doc, "form.site-search", "action").is_empty(),
            "no second search box"
        );
        assert_eq!(
            attrs(&doc, "[data-search-form]", "hidden").len(),
            1,
            "the form needs JavaScript"
        );
        assert!(attrs(&doc, "[data-search-fallback]", "hidden").is_empty());
        assert_eq!(attrs(&doc, "[data-search-fallback] a", "href"), [tips, site_map]);
        assert_eq!(attrs(&doc, "[data-search-status]", "aria-live"), ["polite"]);
        assert_eq!(attrs(&doc, "label[for=search-q]", "for").len(), 1, "a labelled input");
        assert_eq!(attrs(&doc, "[data-search]", "data-bundle"), ["/pagefind/pagefind.js"]);
        let scripts = attrs(&doc, "script", "src");
        assert!(
            scripts
                .iter()
                .all(|s| s.starts_with("/assets/js/search.") || s.starts_with("/assets/js/large-text.")),
            "{scripts:?}"
        );
    }
    let zh = html(&public, "search/index.html");
    assert!(texts(&zh, "[data-search-nojs]")[0].contains("JavaScript"));
}

/// Loads a page in headless Chromium and returns the DOM after its scripts ran.
fn dump_dom(chromium: &Path, url: &str) -> String {
    let profile = tempfile::tempdir().expect("a fresh profile");
    let out = Command::new(chromium)
        .args(common::chromium::HEADLESS_FLAGS)
        .args([
            "--disable-dev-shm-usage",
            // Every host but the test server is unreachable: the search needs no other.
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(["--virtual-time-budget=60000", "--dump-dom", url])
        .output()
        .expect("chromium runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The search page at `url` once its search has finished. Under `--virtual-time-budget` the
/// timers of Pagefind's wait for its WebAssembly run on virtual time while the compiling takes
/// real time, so on a busy machine the budget can run out with the page still searching; the
/// page is then loaded again (a finished search, even one without results, is never retried).
fn searched(chromium: &Path, url: &str) -> scraper::Html {
    let mut doc = scraper::Html::parse_document("");
    for _ in 0..4 {
        doc = scraper::Html::parse_document(&dump_dom(chromium, url));
        let loading = attrs(&doc, "[data-search]", "data-text-loading");
        let status = texts(&doc, "[data-search-status]");
        if loading.is_empty() || status != loading {
            break;
        }
        eprintln!("{url}: still searching when the virtual time ran out; loading it again");
    }
    doc
}

#[test]
fn a_search_in_the_browser_finds_the_air_conditioning_tips() {
    let Some(chromium) = tools::chromium() else {
        return;
    };
    let (_out, public) = bundled();
    let server = Server::start(&public);
    for (path, prefix, marked) in [
        ("/search/?q=%E7%A9%BA%E8%B0%83", "/tips/", "空调"),
        ("/en/search/?q=air%20conditioner", "/en/tips/", "air"),
    ] {
        let doc = searched(&chromium, &server.url(path));
        let links = attrs(&doc, "[data-search-results] li a", "href");
        let requests = server.requests().join("\n");
        for tip in ["ac-at-26-degrees", "fan-before-ac", "clean-ac-filters"] {
            let url = format!("{prefix}{tip}/");
            assert!(
                links.contains(&url),
                "{path}: {url} not among {links:?}\nrequests:\n{requests}"
            );
        }
        let english = |l: &String| l.starts_with("/en/");
        assert!(
            links.iter().all(|l| english(l) == prefix.starts_with("/en/")),
            "{path}: every result is in the page's language: {links:?}"
        );
        let marks = texts(&doc, "[data-search-results] mark");
        assert!(
            marks.iter().any(|m| m.to_lowercase().contains(marked)),
            "{path}: the match is highlighted: {marks:?}"
        );
        let titles = texts(&doc, "[data-search-results] h2");
        assert!(titles.iter().all(|t| !t.is_empty()), "{titles:?}");
        let status = texts(&doc, "[data-search-status]").join("");
        assert!(!status.is_empty(), "{path}: the count is announced");
        assert!(
            !attrs(&doc, "[data-search-fallback]", "hidden").is_empty(),
            "{path}: no fallback"
        );
        assert!(requests.contains("/pagefind/pagefind.js"), "{requests}");
    }
    // Everything the search loads is in the output.
    let requests = server.requests();
    assert!(
        requests
            .iter()
            .filter(|r| r.contains(" /pagefind/") || r.contains(" /assets/"))
            .all(|r| r.ends_with("200 OK")),
        "{requests:#?}"
    );
}

/// A rebuild whose pages did not change keeps the published index (moved, not made again);
/// any change to an indexed page's text makes it again.
#[test]
fn an_unchanged_site_keeps_its_search_index() {
    let f = common::Fixture::new();
    let first = f.build();
    assert!(first.succeeded(), "{}", first.diagnostics.render_terminal(false));
    let entry = |f: &common::Fixture| f.read("pagefind/pagefind-entry.json");
    let before = (entry(&f), common::snapshot(&f.public().join("pagefind")));
    assert!(first.search.as_ref().is_some_and(|s| !s.kept && s.files > 0));
    assert!(before.0.contains("\"greenprint_fingerprint\""), "{}", before.0);

    let second = f.build();
    let stats = second.search.as_ref().expect("search ran");
    assert!(stats.kept, "nothing changed: the index is kept");
    assert_eq!(stats.files, before.1.len(), "every file of the bundle is counted");
    assert!(
        (entry(&f), common::snapshot(&f.public().join("pagefind"))) == before,
        "the kept bundle is the one that was published"
    );

    f.file(
        "content/tips/led.md",
        &common::tip("换用LED灯", "electricity", "一只LED灯比白炽灯省电八成以上。"),
    );
    let third = f.build();
    assert!(third.succeeded(), "{}", third.diagnostics.render_terminal(false));
    let stats = third.search.as_ref().expect("search ran");
    assert!(!stats.kept, "a changed page is indexed again");
    assert_ne!(entry(&f), before.0);
    // Only the pages whose HTML changed were read again (the tip, and the lists that show its
    // card); every other page's reading was reused, and its result file kept as it was.
    assert!(
        stats.indexed >= 1 && stats.indexed < stats.reused,
        "read {} pages again, reused {}",
        stats.indexed,
        stats.reused
    );
    let fragments = |files: &[(String, Vec<u8>)]| -> Vec<(String, Vec<u8>)> {
        files
            .iter()
            .filter(|(name, _)| name.starts_with("fragment/"))
            .cloned()
            .collect()
    };
    let after = common::snapshot(&f.public().join("pagefind"));
    let (old, new) = (fragments(&before.1), fragments(&after));
    let kept = new.iter().filter(|file| old.contains(file)).count();
    assert_eq!(
        kept, stats.reused,
        "each reused page kept its result file, bytes and name"
    );
    let led: Vec<String> = new
        .iter()
        .filter(|file| !old.contains(file))
        .map(|(_, bytes)| {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text).expect("gzipped");
            text
        })
        .filter(|text| text.contains("\"/tips/led/\""))
        .collect();
    assert_eq!(led.len(), 1, "the edited tip has a new result file");
    assert!(led[0].contains("八成"), "{}", led[0]);
}

/// Pagefind runs an async runtime and uses rayon inside it. When it ran on rayon's shared
/// threads, a thread waiting inside it could take up another build's indexing (the shared pool
/// serves every build of the process: the preview's, these tests') and start a second runtime on
/// itself; that build then failed with "Pagefind stopped with an internal error". Sites built side
/// by side all get their index.
#[test]
fn sites_built_side_by_side_all_get_their_search_index() {
    let fixture = || {
        let f = common::Fixture::new();
        // Enough pages that Pagefind shares its own work out between threads.
        for i in 0..40 {
            let zh = common::tip(&format!("节水{i}"), "water", "洗菜水浇花，淘米水洗碗。");
            let en = common::tip(&format!("Water {i}"), "water", "Water the plants with it.");
            f.file(&format!("content/tips/t{i}.md"), &zh)
                .file(&format!("content/tips/t{i}.en.md"), &en);
        }
        f
    };
    let failures: Vec<String> = std::thread::scope(|scope| {
        let builds: Vec<_> = (0..16)
            .map(|_| {
                scope.spawn(|| {
                    let f = fixture();
                    let report = f.build();
                    let indexed = f.public().join("pagefind/pagefind-entry.json").exists();
                    (!report.succeeded() || !indexed).then(|| report.diagnostics.render_terminal(false))
                })
            })
            .collect();
        builds
            .into_iter()
            .filter_map(|b| b.join().expect("the build ran"))
            .collect()
    });
    assert!(
        failures.is_empty(),
        "{} of 16 builds failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A Uyghur reader searching Chinese on /ug/ finds the pages not yet translated into Uyghur
/// (their text is Chinese, split into words in the Uyghur index), at their Uyghur addresses.
#[test]
fn a_search_on_the_uyghur_page_finds_the_untranslated_chinese_pages() {
    let Some(chromium) = tools::chromium() else {
        return;
    };
    let f = common::Fixture::new();
    f.file(
        "site.yaml",
        &common::site_yaml_with_language("{code: ug, name: ئۇيغۇرچە, dir: rtl}"),
    );
    f.build_ok();
    let entry = f.read("pagefind/pagefind-entry.json");
    assert!(entry.contains("\"ug\""), "the Uyghur index is filed under ug: {entry}");
    let server = Server::start(&f.public());
    // 关灯 is a word inside 离开房间时关灯, the body of the tip 人走灯灭.
    let doc = searched(&chromium, &server.url("/ug/search/?q=%E5%85%B3%E7%81%AF"));
    let links = attrs(&doc, "[data-search-results] li a", "href");
    assert!(
        links.contains(&"/ug/tips/switch-off-lights/".to_owned()),
        "{links:?}\n{}",
        server.requests().join("\n")
    );
    assert!(links.iter().all(|l| l.starts_with("/ug/")), "{links:?}");
}

/// In a frame, searches `query` on the search page at `page`, presses "load more" until it is
/// gone, and reports the links of every result, how many were found and what the page offers
/// when nothing is.
fn search_everything(public: &Path, page: &str, query: &str) -> String {
    let frame = format!("{page}?q={}", query.replace(' ', "%20"));
    common::browser::harness(
        public,
        "search-harness.html",
        &frame,
        "const loading = d.querySelector('[data-search]').getAttribute('data-text-loading');\
         const status = d.querySelector('[data-search-status]');\
         let clicks = 0;\
         const step = () => {\
           if (!status.textContent || status.textContent === loading) return setTimeout(step, 50);\
           const more = d.querySelector('[data-search-more]');\
           if (!more.parentNode.hidden && clicks < 20) { clicks++; more.click(); return setTimeout(step, 200); }\
           const suggestions = d.querySelector('[data-search-suggestions]');\
           report({ links: [...d.querySelectorAll('[data-search-results] h2 a')].map(a => a.getAttribute('href')),\
             excerpts: [...d.querySelectorAll('.search__excerpt')].map(p => p.textContent),\
             status: status.textContent, clicks, suggestions: suggestions.hidden ? [] :\
             [...suggestions.querySelectorAll('a')].map(a => a.getAttribute('href')) }); };\
         step();",
    )
}

/// What the search page at `page` shows for `query` once every result is loaded (see
/// [`search_everything`]): links, excerpts, status, clicks on "more", suggestions.
fn everything_found(chromium: &Path, server: &Server, public: &Path, page: &str, query: &str) -> serde_json::Value {
    let harness = search_everything(public, page, query);
    let doc = scraper::Html::parse_document(&dump_dom(chromium, &server.url(&harness)));
    let text = texts(&doc, "#out").pop().expect("#out");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{query}: {e}: {text}"))
}

/// The file of the output a result's address names (`/tips/a/`, `/printables/a.html`).
fn output_file(url: &str) -> String {
    let file = url.trim_start_matches('/');
    if file.ends_with(".html") {
        file.to_owned()
    } else {
        format!("{file}index.html")
    }
}

/// The kind a page gives the index: `content`, or `list` for sections and lists of terms.
fn index_kind(public: &Path, url: &str) -> String {
    let doc = html(public, &output_file(url));
    attrs(&doc, "main", "data-pagefind-filter").pop().unwrap_or_default()
}

#[test]
fn every_result_is_reachable_and_pages_with_the_answer_come_first() {
    let Some(chromium) = tools::chromium() else {
        return;
    };
    let (_out, public) = bundled();
    let server = Server::start(&public);
    let look = |page: &str, query: &str| everything_found(&chromium, &server, &public, page, query);
    let links = |seen: &serde_json::Value| -> Vec<String> {
        seen["links"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap().to_owned())
            .collect()
    };

    // 公交 is on more pages than one screen shows: "load more" leads to every one.
    let seen = look("/search/", "公交");
    let found = links(&seen);
    assert!(found.len() > 10 && seen["clicks"].as_u64().unwrap() >= 1, "{seen}");
    assert!(
        seen["status"].as_str().unwrap().contains(&found.len().to_string()),
        "{seen}"
    );
    let unique: std::collections::BTreeSet<&String> = found.iter().collect();
    assert_eq!(unique.len(), found.len(), "no result twice: {found:?}");
    // Content pages first, then the lists that only name them.
    let kinds: Vec<String> = found.iter().map(|l| index_kind(&public, l)).collect();
    let first_list = kinds.iter().position(|k| k == "kind:list").unwrap_or(kinds.len());
    assert!(
        kinds[first_list..].iter().all(|k| k == "kind:list"),
        "{:?}",
        found.iter().zip(&kinds).collect::<Vec<_>>()
    );
    assert!(!found.iter().any(|l| l.contains("guide")), "{found:?}");
    // Excerpts read as Chinese: no ". " between sentences, an ellipsis where text was cut.
    let excerpts: Vec<&str> = seen["excerpts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    assert!(excerpts.iter().all(|e| !e.contains(". ")), "{excerpts:?}");
    assert!(excerpts.iter().any(|e| e.ends_with('…')), "{excerpts:?}");

    // A short English word is matched whole: "bus" is not "Businesses".
    let seen = look("/en/search/", "bus");
    let first = links(&seen).first().cloned().expect("a result for bus");
    let page = std::fs::read_to_string(public.join(output_file(&first))).expect("the first result's page");
    let main = page.split("<main").nth(1).unwrap_or("").to_lowercase();
    let whole_word = main.match_indices("bus").any(|(at, _)| {
        let before = main[..at].chars().last().is_none_or(|c| !c.is_alphanumeric());
        let after = main[at + 3..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        before && after
    });
    assert!(whole_word, "the first result for bus, {first}, has the word");

    // Nothing found: the tips, the categories and the same search in the other language.
    let seen = look("/en/search/", "xyzzyq");
    assert!(links(&seen).is_empty(), "{seen}");
    let offered: Vec<String> = seen["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap().to_owned())
        .collect();
    for wanted in ["/en/tips/", "/en/categories/", "/search/?q=xyzzyq"] {
        assert!(offered.iter().any(|o| o == wanted), "{wanted} not in {offered:?}");
    }
}

/// A relevance set: for each query, a page that answers it is among the first three results
/// (the tip whose title says it), in both languages, Chinese words and English stems alike.
#[test]
fn each_query_of_the_relevance_set_finds_its_answer_first() {
    let Some(chromium) = tools::chromium() else {
        return;
    };
    let (_out, public) = bundled();
    let server = Server::start(&public);
    let set: &[(&str, &str, &[&str])] = &[
        (
            "/search/",
            "空调",
            &[
                "/tips/ac-at-26-degrees/",
                "/tips/ac-one-hour-less/",
                "/tips/ac-doors-windows-closed/",
            ],
        ),
        (
            "/search/",
            "节水",
            &["/tips/low-flow-shower-head/", "/tips/school-water-day-activities/"],
        ),
        (
            "/search/",
            "垃圾分类",
            &["/tips/learn-the-four-waste-types/", "/tips/sort-kitchen-waste/"],
        ),
        ("/search/", "公交", &["/tips/take-the-bus/"]),
        (
            "/search/",
            "塑料袋",
            &["/tips/bring-a-shopping-bag/", "/tips/offer-reusable-bags-at-the-till/"],
        ),
        (
            "/search/",
            "待机",
            &["/tips/unplug-standby/", "/tips/office-zero-standby-after-work/"],
        ),
        (
            "/en/search/",
            "standby",
            &["/en/tips/unplug-standby/", "/en/tips/office-zero-standby-after-work/"],
        ),
        (
            "/en/search/",
            "shower",
            &["/en/tips/shorter-showers/", "/en/tips/low-flow-shower-head/"],
        ),
        ("/en/search/", "LED", &["/en/tips/switch-to-led-bulbs/"]),
        (
            "/en/search/",
            "energy saving week",
            &["/en/tips/join-energy-saving-week-and-low-carbon-day/"],
        ),
    ];
    let mut misses = Vec::new();
    for (page, query, answers) in set {
        let seen = everything_found(&chromium, &server, &public, page, query);
        let top: Vec<&str> = seen["links"]
            .as_array()
            .expect("links")
            .iter()
            .take(3)
            .filter_map(|l| l.as_str())
            .collect();
        if !top.iter().any(|l| answers.contains(l)) {
            misses.push(format!("{query}: the first three are {top:?}, none of {answers:?}"));
        }
    }
    assert!(misses.is_empty(), "{misses:#?}");
}
