//! Accessibility, validity and privacy of the generated site.
//!
//! - Every kind of page, in Chinese, in English and in a right-to-left test language, is loaded
//!   in headless Chromium from a server on 127.0.0.1 and audited with axe-core: no violation
//!   of serious or critical impact. Every request the page makes is recorded, and none may leave
//!   the local server (no CDN, no web font, no analytics).
//! - Every generated HTML file passes the Nu HTML Checker (vnu) with no error.
//! - The default theme's colours, and every campaign's colour, meet WCAG 2.1 AA (4.5:1).
//!
//! The browser and checker come from npm (tests/audit/package.json: axe-core, playwright-core,
//! vnu-jar; `npm ci --ignore-scripts` in tests/audit) with Debian's Chromium and a Java runtime.
//! Without them the tests are skipped and say so, unless GREENPRINT_REQUIRE_BROWSER=1 (as in
//! CI), when they fail.

mod common;

use common::server::Server;
use common::tools;
use greenprint::build::{BuildOptions, build};
use greenprint::color::{contrast, parse_hex};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Instant;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn audit_dir() -> PathBuf {
    repo().join("tests/audit")
}

// ---------------------------------------------------------------------------------------------
// The sites
// ---------------------------------------------------------------------------------------------

/// Builds the site in `root` into `target/tmp/audit-<name>/public`. The tests of this file run in
/// parallel and share the sites: each is built once, and left for the next run to replace.
fn build_site(root: &Path, name: &str) -> PathBuf {
    let started = Instant::now();
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("audit-{name}"));
    let _ = std::fs::remove_dir_all(&out);
    let public = out.join("public");
    let report = build(&BuildOptions {
        output: Some(public.clone()),
        ..BuildOptions::new(root)
    });
    assert!(report.succeeded(), "{}", report.diagnostics.render_terminal(false));
    eprintln!("built {name} in {:.1} s", started.elapsed().as_secs_f64());
    public
}

/// The bundled site (the repository root).
fn bundled() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| build_site(repo(), "bundled"))
}

/// The right-to-left test language: Uyghur, in Arabic script.
const RTL: &str = "ug";

/// The pages translated into the test language: one of every kind that has content (the
/// others, such as the calculator and the taxonomies, exist in every language).
const RTL_PAGES: &[&str] = &[
    "_index",
    "about",
    "guide",
    "campaigns/_index",
    "campaigns/green-families",
    "actions/_index",
    "actions/family-community",
    "tips/_index",
    "tips/ac-at-26-degrees",
    "tips/switch-off-lights",
    "news/_index",
    "news/changji-green-living-plan-2021",
];

/// A copy of the bundled site with a right-to-left language added: the English pages of
/// `RTL_PAGES` become its pages, with a few Uyghur words in their titles.
fn rtl_site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let root = &Path::new(env!("CARGO_TARGET_TMPDIR")).join("audit-rtl-site");
        let _ = std::fs::remove_dir_all(root);
        // Everything the bundled site is made of (its theme too, as the bundled build reads it).
        for folder in ["content", "data", "static", "templates", "i18n", "themes"] {
            if repo().join(folder).is_dir() {
                copy_tree(&repo().join(folder), &root.join(folder));
            }
        }
        let config = std::fs::read_to_string(repo().join("site.yaml")).expect("site.yaml");
        let english = "  - code: en\n    name: English\n";
        assert!(config.contains(english), "site.yaml lists English as `{english}`");
        let config = config.replacen(
            english,
            &format!("{english}  - code: {RTL}\n    name: ئۇيغۇرچە\n    dir: rtl\n"),
            1,
        );
        std::fs::write(root.join("site.yaml"), config).expect("write site.yaml");
        for page in RTL_PAGES {
            let text = std::fs::read_to_string(root.join(format!("content/{page}.en.md"))).expect("an English page");
            let text = uyghur_title(&text);
            std::fs::write(root.join(format!("content/{page}.{RTL}.md")), text).expect("write a page");
        }
        std::fs::write(root.join("static").join(CANARY), CANARY_HTML).expect("write the canary page");
        build_site(root, "rtl")
    })
}

/// The page with "يېشىل تۇرمۇش" (green living) before its title, inside the title's quotes if any.
fn uyghur_title(text: &str) -> String {
    const WORDS: &str = "يېشىل تۇرمۇش — ";
    let mut done = false;
    let lines: Vec<String> = text
        .lines()
        .map(|line| match line.strip_prefix("title: ") {
            Some(title) if !done => {
                done = true;
                match title.chars().next() {
                    Some(quote @ ('"' | '\'')) => format!("title: {quote}{WORDS}{}", &title[1..]),
                    _ => format!("title: {WORDS}{title}"),
                }
            }
            _ => line.to_owned(),
        })
        .collect();
    assert!(done, "a page without a title:\n{text}");
    lines.join("\n") + "\n"
}

/// A page that asks two other hosts for a stylesheet and an image: the audit must report both
/// (and let neither out), or it would not notice a page that does.
const CANARY: &str = "audit-canary.html";
const CANARY_HTML: &str = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<title>Canary</title>\n<link rel=\"stylesheet\" href=\"https://cdn.example.com/canary.css\">\n</head>\n\
<body>\n<main>\n<h1>Canary</h1>\n<img src=\"https://images.example.net/canary.png\" alt=\"a canary\">\n</main>\n\
</body>\n</html>\n";
const CANARY_REQUESTS: [&str; 2] = [
    "https://cdn.example.com/canary.css",
    "https://images.example.net/canary.png",
];

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().filter_map(Result::ok) {
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create folder");
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

// ---------------------------------------------------------------------------------------------
// The tools
// ---------------------------------------------------------------------------------------------

fn required() -> bool {
    std::env::var("GREENPRINT_REQUIRE_BROWSER").is_ok_and(|v| v == "1")
}

/// `None` (and a note) when a tool is missing and the test should be skipped.
fn missing<T>(what: &str, how: &str) -> Option<T> {
    if required() {
        panic!("{what} is required (GREENPRINT_REQUIRE_BROWSER=1) but is missing: {how}");
    }
    eprintln!("skipped: {what} is missing ({how})");
    None
}

fn runs(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn npm_package(name: &str) -> Option<PathBuf> {
    let dir = audit_dir().join("node_modules").join(name);
    if dir.join("package.json").is_file() {
        Some(dir)
    } else {
        missing(
            &format!("the npm package {name}"),
            "run `npm ci --ignore-scripts` in tests/audit",
        )
    }
}

/// Node.js with axe-core and playwright-core, and Chromium.
fn browser_tools() -> Option<PathBuf> {
    if !runs("node", "--version") {
        return missing("Node.js", "apt-get install nodejs npm");
    }
    npm_package("axe-core")?;
    npm_package("playwright-core")?;
    tools::chromium()
}

/// The Nu HTML Checker's jar, and Java to run it.
fn vnu() -> Option<PathBuf> {
    if !runs("java", "-version") {
        return missing("Java", "apt-get install default-jre-headless");
    }
    let jar = npm_package("vnu-jar")?.join("build/dist/vnu.jar");
    if jar.is_file() {
        Some(jar)
    } else {
        missing("vnu.jar", "run `npm ci --ignore-scripts` in tests/audit")
    }
}

// ---------------------------------------------------------------------------------------------
// Accessibility and requests, in the browser
// ---------------------------------------------------------------------------------------------

/// One page of every kind, as a path under a language's home (`""` or `en/`).
const KINDS: &[(&str, &str)] = &[
    ("home", ""),
    ("section", "campaigns/"),
    ("tip library", "tips/"),
    ("campaign", "campaigns/green-families/"),
    ("action", "actions/family-community/"),
    ("tip", "tips/ac-at-26-degrees/"),
    ("news", "news/changji-green-living-plan-2021/"),
    ("page", "about/"),
    ("page with code", "guide/"),
    ("taxonomy", "categories/"),
    ("term", "categories/electricity/"),
    ("printables", "printables/"),
    ("poster", "printables/green-families-poster-a4.html"),
    ("tip cards", "printables/green-families-tip-cards.html"),
    ("calculator", "calculator/"),
    ("calendar", "calendar/"),
    ("targets", "targets/"),
    ("search", "search/"),
];

/// A word each language's search finds (the search page is audited with its results shown).
fn query(lang: &str) -> &'static str {
    match lang {
        "zh" => "%E7%A9%BA%E8%B0%83",          // 空调
        "en" => "air%20conditioner",           // air conditioner
        _ => "%D9%8A%DB%90%D8%B4%D9%89%D9%84", // يېشىل
    }
}

/// The audit's list of pages of one site: every kind in every language.
fn pages(server: &Server, public: &Path, site: &str, langs: &[&str]) -> Vec<Value> {
    let mut pages = Vec::new();
    for lang in langs {
        let prefix = if *lang == "zh" {
            String::new()
        } else {
            format!("{lang}/")
        };
        for (kind, path) in KINDS {
            let file = if path.is_empty() || path.ends_with('/') {
                format!("{prefix}{path}index.html")
            } else {
                format!("{prefix}{path}")
            };
            assert!(
                public.join(&file).is_file(),
                "{site}: {lang} has no {kind} page ({file})"
            );
            let mut url = server.url(&format!("/{prefix}{path}"));
            let mut check = Vec::new();
            match *kind {
                "search" => url = format!("{url}?q={}", query(lang)),
                // The calculator's totals show once a tip is chosen: two are.
                "calculator" => check = vec!["li.calc__tip:nth-child(1) input", "li.calc__tip:nth-child(2) input"],
                _ => {}
            }
            pages.push(json!({"name": format!("{site} {lang} {kind}"), "url": url, "check": check}));
        }
    }
    pages
}

/// Runs tests/audit/audit.mjs over `pages` and returns its report.
fn run_audit(chromium: &Path, pages: Vec<Value>) -> Value {
    let job = json!({"chromium": chromium, "pages": pages, "parallel": 2});
    let mut child = Command::new("node")
        .arg("audit.mjs")
        .current_dir(audit_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(job.to_string().as_bytes())
        .expect("write the job");
    let out = child.wait_with_output().expect("the audit finishes");
    // A line per page, with its timings.
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "audit.mjs failed: {}", out.status);
    serde_json::from_slice(&out.stdout).expect("the audit's JSON report")
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

/// The problems of one page of the report, as lines of text.
fn problems(page: &Value) -> Vec<String> {
    let name = page["name"].as_str().unwrap_or("?");
    let url = page["url"].as_str().unwrap_or("?");
    let mut problems = Vec::new();
    if page["status"] != 200 {
        problems.push(format!("{name} ({url}): HTTP status {}", page["status"]));
    }
    for v in page["violations"].as_array().into_iter().flatten() {
        problems.push(format!(
            "{name} ({url}, {} px wide): axe {} [{}] {}: {} element(s)",
            v["width"],
            v["id"].as_str().unwrap_or("?"),
            v["impact"].as_str().unwrap_or("?"),
            v["help"].as_str().unwrap_or("?"),
            v["count"]
        ));
        for node in v["nodes"].as_array().into_iter().flatten() {
            problems.push(format!(
                "    {}\n      {}\n      {}",
                node["target"].as_str().unwrap_or(""),
                node["html"].as_str().unwrap_or(""),
                node["summary"].as_str().unwrap_or("").replace('\n', "\n      ")
            ));
        }
    }
    for url in strings(&page["foreign"]) {
        problems.push(format!("{name}: a request leaves the local server: {url}"));
    }
    for text in strings(&page["broken"]) {
        problems.push(format!("{name}: a request failed: {text}"));
    }
    for text in strings(&page["errors"]) {
        problems.push(format!("{name}: {text}"));
    }
    problems
}

#[test]
fn every_kind_of_page_is_accessible_and_loads_nothing_from_another_host() {
    let Some(chromium) = browser_tools() else {
        return;
    };
    let started = Instant::now();
    let bundled = bundled();
    let rtl = rtl_site();
    let (bundled_server, rtl_server) = (Server::start(bundled), Server::start(rtl));
    let mut list = pages(&bundled_server, bundled, "bundled", &["zh", "en"]);
    // The 404 page, one for the site, in every language.
    list.push(json!({"name": "bundled 404", "url": bundled_server.url("/404.html")}));
    list.extend(pages(&rtl_server, rtl, "rtl", &[RTL]));
    // Pages the right-to-left language shows untranslated, from Chinese.
    for path in ["tips/fan-before-ac/", "campaigns/green-schools/"] {
        list.push(
            json!({"name": format!("rtl {RTL} untranslated {path}"), "url": rtl_server.url(&format!("/{RTL}/{path}"))}),
        );
    }
    let canary = rtl_server.url(&format!("/{CANARY}"));
    list.push(json!({"name": "canary", "url": canary}));
    let count = list.len();
    let report = run_audit(&chromium, list);
    let mut results = report["pages"].as_array().expect("a result per page").clone();
    assert_eq!(results.len(), count);

    // The recorder works: it saw the canary's requests to other hosts, and none of them got out.
    let canary = results.pop().expect("the canary");
    let mut foreign = strings(&canary["foreign"]);
    foreign.sort();
    foreign.dedup();
    assert_eq!(
        foreign, CANARY_REQUESTS,
        "the canary's requests to other hosts:\n{canary:#}"
    );
    assert!(
        strings(&canary["requests"]).contains(&rtl_server.url(&format!("/{CANARY}"))),
        "{canary:#}"
    );

    let mut problems: Vec<String> = results.iter().flat_map(problems).collect();
    // Every page loaded its stylesheet from the local server: requests were really recorded.
    for page in &results {
        let requests = strings(&page["requests"]);
        if !requests.iter().any(|r| r.contains("/assets/css/")) {
            problems.push(format!("{}: no stylesheet among {requests:?}", page["name"]));
        }
    }
    // The less serious findings are listed, not failed.
    let mut minor: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for page in &results {
        for v in page["minor"].as_array().into_iter().flatten() {
            minor
                .entry(format!(
                    "{} [{}]",
                    v["id"].as_str().unwrap_or("?"),
                    v["impact"].as_str().unwrap_or("?")
                ))
                .or_default()
                .push(page["name"].as_str().unwrap_or("?").to_owned());
        }
    }
    for (rule, pages) in &minor {
        eprintln!("note: axe {rule} on {}", pages.join(", "));
    }
    eprintln!(
        "audited {count} pages with axe-core {} in {:.1} s",
        report["axe"].as_str().unwrap_or("?"),
        started.elapsed().as_secs_f64()
    );
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Validity
// ---------------------------------------------------------------------------------------------

#[test]
fn every_generated_html_file_is_valid() {
    let Some(jar) = vnu() else {
        return;
    };
    let started = Instant::now();
    let bundled = bundled();
    let rtl = rtl_site();
    let mut files = html_files(bundled);
    // The right-to-left language's own pages (the rest of that site is the bundled site again).
    files.extend(html_files(&rtl.join(RTL)));
    assert!(files.len() > 300, "{} HTML files", files.len());
    let out = Command::new("java")
        // The checker needs a deep stack; the serial collector is the quickest for one short run.
        .args(["-Xss1m", "-XX:+UseSerialGC", "-jar"])
        .arg(&jar)
        .args(["--errors-only", "--format", "json", "--stdout", "--exit-zero-always"])
        .args(&files)
        .output()
        .expect("java runs");
    assert!(
        out.status.success(),
        "vnu failed: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "vnu's JSON report: {e}\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let messages = report["messages"].as_array().expect("vnu's messages");
    let errors: Vec<String> = messages
        .iter()
        .filter(|m| m["type"] != "info")
        .map(|m| {
            let url = m["url"].as_str().unwrap_or("?");
            let file = url.rsplit_once("/public/").map_or(url, |(_, f)| f);
            format!(
                "{file}:{}: {} {}\n    {}",
                m["lastLine"],
                m["type"].as_str().unwrap_or("?"),
                m["message"].as_str().unwrap_or("?"),
                m["extract"].as_str().unwrap_or("").replace('\n', " ")
            )
        })
        .collect();
    eprintln!(
        "checked {} HTML files with vnu in {:.1} s",
        files.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(errors.is_empty(), "{} error(s):\n{}", errors.len(), errors.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Contrast
// ---------------------------------------------------------------------------------------------

/// WCAG 2.1 AA for normal text.
const AA: f64 = 4.5;

/// The custom properties of main.css's first `:root` rule, a few colours of its rules, and the
/// site's primary and accent colours from site.yaml.
fn theme_colours() -> BTreeMap<String, String> {
    let css = std::fs::read_to_string(repo().join("themes/default/assets/css/main.css")).expect("main.css");
    let mut colours = BTreeMap::new();
    let root = css
        .split(":root {")
        .nth(1)
        .and_then(|r| r.split('}').next())
        .expect(":root");
    for declaration in root.split(';') {
        if let Some((name, value)) = declaration.trim().split_once(':')
            && let Some(name) = name.trim().strip_prefix("--")
            && parse_hex(value).is_some()
        {
            colours.insert(name.to_owned(), value.trim().to_owned());
        }
    }
    // Colours written into rules rather than as properties.
    for (selector, property, name) in [
        ("a", "color", "link"),
        ("a:visited", "color", "visited"),
        ("a:hover", "color", "hover"),
        (".skip-link", "color", "on-focus"),
        (".search__excerpt mark", "background", "mark"),
        (".calendar-day__rule", "background", "rule"),
    ] {
        colours.insert(name.to_owned(), declaration(&css, selector, property));
    }
    let site = std::fs::read_to_string(repo().join("site.yaml")).expect("site.yaml");
    for name in ["primary", "accent"] {
        let value = site
            .lines()
            .find_map(|l| l.trim().strip_prefix(&format!("{name}:")))
            .unwrap_or_else(|| panic!("site.yaml has no {name} colour"));
        colours.insert(name.to_owned(), value.trim().trim_matches('"').to_owned());
    }
    colours
}

/// The value of `property` in the rule for exactly `selector` (at the start of a line).
fn declaration(css: &str, selector: &str, property: &str) -> String {
    let rule = css
        .split(&format!("\n{selector} {{"))
        .nth(1)
        .and_then(|r| r.split('}').next())
        .unwrap_or_else(|| panic!("main.css has no rule `{selector}`"));
    rule.split(';')
        .find_map(|d| d.trim().strip_prefix(&format!("{property}:")))
        .unwrap_or_else(|| panic!("main.css: `{selector}` has no {property}"))
        .trim()
        .to_owned()
}

/// Every `color:` of the campaigns and actions, by file.
fn campaign_colours() -> Vec<(String, String)> {
    let mut colours = Vec::new();
    for section in ["campaigns", "actions"] {
        for entry in std::fs::read_dir(repo().join("content").join(section)).expect("a section") {
            let path = entry.expect("an entry").path();
            let text = std::fs::read_to_string(&path).expect("a page");
            let front = text.split("---").nth(1).unwrap_or_default();
            if let Some(colour) = front.lines().find_map(|l| l.strip_prefix("color:")) {
                let name = path.strip_prefix(repo()).expect("inside").display().to_string();
                colours.push((name, colour.trim().trim_matches('"').to_owned()));
            }
        }
    }
    colours.sort();
    colours
}

#[test]
fn the_theme_and_every_campaign_colour_meet_wcag_aa_contrast() {
    let colours = theme_colours();
    let white = "#ffffff".to_owned();
    let mut pairs: Vec<(String, String)> = Vec::new();
    for fg in ["text", "muted", "link", "visited", "hover", "primary", "accent"] {
        for bg in ["paper", "tint"] {
            pairs.push((fg.to_owned(), bg.to_owned()));
        }
    }
    let value = |name: &str| -> String {
        let value = colours
            .get(name)
            .unwrap_or_else(|| panic!("no colour {name} in {colours:?}"));
        assert!(parse_hex(value).is_some(), "{name}: {value} is not #rrggbb");
        value.clone()
    };
    let mut problems = Vec::new();
    let mut check = |what: String, fg: &str, bg: &str| {
        let (a, b) = (parse_hex(fg).expect("a colour"), parse_hex(bg).expect("a colour"));
        let ratio = contrast(a, b);
        eprintln!("{ratio:5.2}:1  {what}");
        if ratio < AA {
            problems.push(format!("{what}: {ratio:.2}:1 is below {AA}:1"));
        }
    };
    // Focused links and the skip link; highlighted words in search results; theme-day rules.
    pairs.push(("on-focus".to_owned(), "focus".to_owned()));
    for fg in ["text", "muted"] {
        for bg in ["mark", "rule"] {
            pairs.push((fg.to_owned(), bg.to_owned()));
        }
    }
    for (fg, bg) in &pairs {
        let (fg_value, bg_value) = (value(fg), value(bg));
        check(
            format!("--{fg} ({fg_value}) on --{bg} ({bg_value})"),
            &fg_value,
            &bg_value,
        );
    }
    // White text on the header, the campaign headers and the coloured buttons.
    for name in ["primary", "accent"] {
        let colour = value(name);
        check(format!("white on {name} ({colour})"), &white, &colour);
    }
    // The page in a campaign's colour: its header is white on the colour, its slogan on cards and
    // checklist markers are the colour on white.
    let tint = value("tint");
    let campaigns = campaign_colours();
    assert!(campaigns.len() >= 7, "{campaigns:?}");
    for (file, colour) in &campaigns {
        check(format!("white on {file} ({colour})"), &white, colour);
        check(format!("{file} ({colour}) on --tint"), colour, &tint);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
