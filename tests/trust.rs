//! What a visitor's browser may be given: no address that runs code, no markup from Markdown
//! that skipped the sanitiser (headings included), no style that covers the page, no character
//! that breaks a feed, and no script or web page copied from a page's folder. Also that slow
//! inputs stay fast. Each test builds a fixture site and reads what was published.

mod common;
use common::*;

use greenprint::diagnostics::Diagnostic;

/// The fixture site with `body` as the body of its tip content/tips/water-tip.md, whose body
/// starts on line 7.
fn with_water_tip(body: &str) -> Fixture {
    let f = Fixture::new();
    f.file("content/tips/water-tip.md", &tip("一水多用", "water", body));
    f
}

const NOT_ALLOWED: &str = "which is not allowed on a published page";

fn errors_with<'a>(report: &'a greenprint::build::BuildReport, text: &str) -> Vec<&'a Diagnostic> {
    report
        .diagnostics
        .sorted()
        .into_iter()
        .filter(|d| d.is_error() && d.message.contains(text))
        .collect()
}

fn warnings_with<'a>(report: &'a greenprint::build::BuildReport, text: &str) -> Vec<&'a Diagnostic> {
    report
        .diagnostics
        .sorted()
        .into_iter()
        .filter(|d| !d.is_error() && d.message.contains(text))
        .collect()
}

/// The ways of writing a script address in Markdown, one per line.
const HOSTILE_LINKS: &[&str] = &[
    "[a](javascript:alert(1))",
    "[a](JaVaScRiPt:alert(1))",
    "[a](   javascript:alert(1))",
    "[a](<java\tscript:alert(1)>)",
    "[a](&#106;avascript:alert(1))",
    "[a](&#x6A;avascript&#58;alert(1))",
    "[a](java&#x09;script:alert(1))",
    "[a](java&#10;script:alert(1))",
    "[a](vbscript:msgbox(1))",
    "[a](VBScript:msgbox(1))",
    "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[a](DATA:text/html,x)",
    "<javascript:alert(1)>",
    "<JAVASCRIPT:alert(1)>",
    "[a][ref]",
    "[ref]",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2Zz4=)",
    "[a](file:///etc/passwd)",
];

#[test]
fn a_javascript_link_is_never_published() {
    let body = format!("{}\n\n[ref]: javascript:alert(1)\n", HOSTILE_LINKS.join("\n\n"));
    let f = with_water_tip(&body);
    let report = f.build();
    assert!(
        !report.published,
        "nothing is published while a page has a script address"
    );
    let errors = errors_with(&report, NOT_ALLOWED);
    // Every hostile line is reported at its own line of the file (the body starts on line 7).
    let mut lines: Vec<usize> = errors.iter().filter_map(|d| d.line).collect();
    lines.dedup();
    assert_eq!(
        lines.len(),
        HOSTILE_LINKS.len(),
        "{}",
        report.diagnostics.render_terminal(false)
    );
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(*line, 7 + 2 * i, "{}", HOSTILE_LINKS[i]);
    }
    for d in &errors {
        assert_eq!(d.file.as_deref(), Some("content/tips/water-tip.md"));
        assert!(d.hint.as_deref().is_some_and(|h| h.contains("https://")), "{d:?}");
    }
    assert!(errors.iter().any(|d| d.message.contains("`javascript:`")));
    assert!(errors.iter().any(|d| d.message.contains("`vbscript:`")));
    assert!(errors.iter().any(|d| d.message.contains("`data:`")));
    assert!(errors.iter().any(|d| d.message.starts_with("this image uses")));
}

#[test]
fn a_refused_link_is_taken_out_of_the_rendered_page() {
    let renderer = Fixture::new().renderer();
    for link in HOSTILE_LINKS {
        let (html, diagnostics) = renderer.render(&format!("{link}\n\n[ref]: javascript:alert(1)\n"));
        assert!(diagnostics.has_errors(), "{link}");
        let doc = scraper::Html::parse_fragment(&html);
        for address in attrs(&doc, "a", "href").into_iter().chain(attrs(&doc, "img", "src")) {
            assert_eq!(address, "#", "{link}: {html}");
        }
    }
}

#[test]
fn web_mail_phone_and_page_links_are_published_as_written() {
    let f = with_water_tip(
        "[网](https://green.example.gov.cn/a) [信](mailto:a@example.cn) [电](tel:+86-991-1234) \
         [页](switch-off-lights.md) [节](#top) <https://example.org/x> <a@example.cn>",
    );
    f.build_ok();
    let hrefs = attrs(&f.html("tips/water-tip/index.html"), ".prose a", "href");
    assert_eq!(
        hrefs,
        [
            "https://green.example.gov.cn/a",
            "mailto:a@example.cn",
            "tel:+86-991-1234",
            "/tips/switch-off-lights/",
            "#top",
            "https://example.org/x",
            "mailto:a@example.cn"
        ]
    );
}

#[test]
fn raw_html_is_cleaned_of_script_addresses_and_handlers() {
    let f = with_water_tip(
        "<a href=\"javascript:alert(1)\">a</a> <a href=\"&#106;avascript:alert(1)\">b</a> \
         <a href=\" JAVA&#x09;SCRIPT:alert(1)\">c</a> <a href=\"vbscript:x\">d</a> \
         <img src=\"data:image/svg+xml,x\" alt=\"e\"> <img src=x onerror=alert(1) alt=\"f\"> \
         <span onmouseover=\"alert(1)\">g</span> <iframe src=\"https://evil.example/\"></iframe> \
         <a href=\"https://green.example.gov.cn/ok\">ok</a>",
    );
    let report = f.build_ok();
    let doc = f.html("tips/water-tip/index.html");
    assert_eq!(attrs(&doc, ".prose a", "href"), ["https://green.example.gov.cn/ok"]);
    // The author learns what was taken out, once for each scheme.
    let removed: Vec<&str> = warnings_with(&report, "it was removed")
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        removed,
        [
            "the HTML of this page had an address that uses `data:`; it was removed",
            "the HTML of this page had an address that uses `javascript:`; it was removed",
            "the HTML of this page had an address that uses `vbscript:`; it was removed",
            "the HTML of this page had an iframe from `https://evil.example/`; it was removed",
        ]
    );
    assert_eq!(attrs(&doc, ".prose img", "src"), ["x"]);
    let selector = scraper::Selector::parse(".prose *").unwrap();
    for element in doc.select(&selector) {
        assert!(
            element.value().attrs().all(|(name, _)| !name.starts_with("on")),
            "{:?}",
            element.value()
        );
        assert_ne!(element.value().name(), "iframe");
    }
}

#[test]
fn inline_html_in_headings_goes_through_the_sanitiser() {
    let f = with_water_tip(
        "## Hello <img src=x onerror=alert(1) alt=\"i\">\n\n# <script>alert(1)</script>\n\n\
         ## <a href=\"javascript:alert(2)\">link</a>\n\n正文",
    );
    f.build_ok();
    let doc = f.html("tips/water-tip/index.html");
    assert!(texts(&doc, "main script").is_empty(), "no script in the page's content");
    assert_eq!(attrs(&doc, ".prose h2 img", "onerror"), Vec::<String>::new());
    assert_eq!(attrs(&doc, ".prose h2 img", "src"), ["x"]);
    assert_eq!(attrs(&doc, ".prose h2 a", "href"), Vec::<String>::new());
    assert_eq!(texts(&doc, ".prose h2")[1], "link");
}

#[test]
fn an_explicit_heading_id_cannot_break_out_of_its_attribute() {
    let f = Fixture::new();
    let headings: String = [
        "## One {#\"><script>alert(1)</script>}",
        "## Two {#a\"onmouseover=\"alert(1)}",
        "## Three {#x' onclick='alert(1)}",
        "## Four {#four .evil onclick=alert(1)}",
    ]
    .map(|h| format!("{h}\n\ntext\n\n"))
    .concat();
    f.file("content/page.md", &format!("---\ntitle: 页面\n---\n{headings}"));
    f.build_ok();
    let doc = f.html("page/index.html");
    assert!(texts(&doc, "main script").is_empty());
    assert_eq!(texts(&doc, ".prose h2").len(), 4);
    let selector = scraper::Selector::parse("main *").unwrap();
    for element in doc.select(&selector) {
        assert!(
            element.value().attrs().all(|(name, _)| !name.starts_with("on")),
            "{:?}",
            element.value()
        );
    }
    // The table of contents (four headings) links to each heading by its id.
    let ids = attrs(&doc, ".prose h2", "id");
    let toc: Vec<String> = attrs(&doc, ".toc a", "href");
    assert_eq!(toc, ids.iter().map(|i| format!("#{i}")).collect::<Vec<_>>());
    assert_eq!(attrs(&doc, ".prose h2", "class"), Vec::<String>::new());
}

#[test]
fn a_style_keeps_only_harmless_declarations() {
    let f = with_water_tip(
        "| 左 | 中 |\n|:--|:-:|\n| a | b |\n\n\
         <table><tr><td style=\"position:fixed;top:0;left:0;width:100%;height:100%;z-index:9999;\
         background:url(https://other.host/cover.png);color:#2e7d32\">x</td>\
         <td style=\"width: expression(alert(1)); background-image: URL(https://other.host/a.png)\">y</td>\
         <td style=\"color: red; -moz-binding: url(x); behavior: url(x.htc)\">z</td></tr></table>",
    );
    f.build_ok();
    let doc = f.html("tips/water-tip/index.html");
    let styles = attrs(&doc, ".prose td, .prose th", "style");
    assert!(styles.iter().any(|s| s.contains("text-align:center")), "{styles:?}");
    for style in &styles {
        let lower = style.to_ascii_lowercase();
        for bad in ["position", "url(", "expression", "z-index", "binding", "behavior"] {
            assert!(!lower.contains(bad), "{style}");
        }
    }
    assert!(styles.iter().any(|s| s.contains("color:#2e7d32")), "{styles:?}");
}

#[test]
fn a_control_character_in_a_title_keeps_the_feed_and_sitemap_readable() {
    let f = Fixture::new();
    f.file("content/news/_index.md", "---\ntitle: 新闻\npage_kind: news\n---\n")
        .file("content/news/_index.en.md", "---\ntitle: News\npage_kind: news\n---\n")
        .file(
            "content/news/launch.md",
            "---\ntitle: \"网站\\v上线\\x01\"\ndescription: \"上\\f线\\b。\"\ndate: 2024-06-05\n---\n正文\n",
        )
        .file(
            "content/news/launch.en.md",
            "---\ntitle: \"Site\\vlaunch\"\ndescription: Live.\ndate: 2024-06-05\n---\nBody\n",
        );
    f.build_ok();
    for feed in ["atom.xml", "en/atom.xml", "sitemap.xml"] {
        let text = f.read(feed);
        let parsed = roxmltree::Document::parse(&text);
        assert!(parsed.is_ok(), "{feed} is well-formed XML: {parsed:?}");
    }
    let feed = f.read("atom.xml");
    assert!(feed.contains("<title>网站上线</title>"), "{feed}");
    assert!(feed.contains("<summary>上线。</summary>"), "{feed}");
}

#[test]
fn scripts_and_web_pages_in_a_bundle_are_not_published_and_each_is_named() {
    let f = Fixture::new();
    let active = ["page.html", "old.HTM", "app.js", "mod.mjs", "calc.wasm"];
    f.file(
        "content/tips/bundle/index.md",
        &tip("打包", "water", "![照片](photo.png)"),
    )
    .bytes("content/tips/bundle/photo.png", b"\x89PNG\r\n\x1a\n");
    for file in active {
        f.file(&format!("content/tips/bundle/{file}"), "<script>alert(1)</script>");
    }
    let report = f.build_ok();
    assert!(f.public().join("tips/bundle/photo.png").is_file());
    let warnings = warnings_with(&report, "this file is not published");
    for file in active {
        assert!(
            !f.public().join("tips/bundle").join(file).exists(),
            "{file} was published"
        );
        let shown = format!("content/tips/bundle/{file}");
        assert!(
            warnings.iter().any(|d| d.file.as_deref() == Some(shown.as_str())),
            "no warning names {shown}"
        );
        assert!(warnings[0].hint.as_deref().is_some_and(|h| h.contains("trust_html")));
    }
    assert_eq!(warnings.len(), active.len());
}

#[test]
fn a_site_that_trusts_its_authors_publishes_scripts_from_bundles() {
    let f = Fixture::new();
    f.file("site.yaml", &format!("{SITE_YAML}build:\n  trust_html: true\n"))
        .file("content/tips/bundle/index.md", &tip("打包", "water", "正文"))
        .file("content/tips/bundle/app.js", "console.log(1)")
        .file("content/tips/bundle/demo.html", "<p>demo</p>");
    let report = f.build_ok();
    assert!(f.public().join("tips/bundle/app.js").is_file());
    assert!(f.public().join("tips/bundle/demo.html").is_file());
    assert!(warnings_with(&report, "this file is not published").is_empty());
}

#[test]
fn an_svg_that_could_run_a_script_is_refused_and_named() {
    let f = Fixture::new();
    f.file("content/tips/bundle/index.md", &tip("打包", "water", "![图](bad.svg)"))
        .file(
            "content/tips/bundle/bad.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>alert(2)</script></svg>",
        )
        .file(
            "content/tips/bundle/outside.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">\
             <image xlink:href=\"https://other.host/track.png\"/></svg>",
        );
    let report = f.build();
    assert!(!report.published);
    let errors = errors_with(&report, "this SVG picture is refused");
    let files: Vec<&str> = errors.iter().filter_map(|d| d.file.as_deref()).collect();
    assert_eq!(
        files,
        ["content/tips/bundle/bad.svg", "content/tips/bundle/outside.svg"]
    );
}

#[test]
fn a_harmless_svg_is_published() {
    let f = Fixture::new();
    let svg = r##"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
     xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" viewBox="0 0 10 10">
  <sodipodi:namedview id="base" inkscape:zoom="1"/>
  <metadata id="m"><title>叶子</title></metadata>
  <defs><linearGradient id="grad"><stop offset="0" style="stop-color:#2e7d32"/></linearGradient></defs>
  <path d="M0 0 L10 10" style="fill:url(#grad);stroke:#000"/>
  <use xlink:href="#grad"/>
</svg>"##;
    f.file(
        "content/tips/bundle/index.md",
        &tip("打包", "water", "![叶子](leaf.svg)"),
    )
    .file("content/tips/bundle/leaf.svg", svg);
    let report = f.build_ok();
    assert_eq!(f.read("tips/bundle/leaf.svg"), svg);
    assert!(
        report.diagnostics.is_empty(),
        "{}",
        report.diagnostics.render_terminal(false)
    );
}

#[test]
fn html_nested_too_deeply_is_refused_at_its_line() {
    let deep = format!("{}x{}", "<div>".repeat(100_000), "</div>".repeat(100_000));
    let f = with_water_tip(&format!("正文\n\n{deep}\n"));
    let started = std::time::Instant::now();
    let report = f.build();
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    let errors = errors_with(&report, "nested more than 200 levels deep");
    assert_eq!(errors.len(), 1, "{}", report.diagnostics.render_terminal(false));
    assert_eq!(errors[0].file.as_deref(), Some("content/tips/water-tip.md"));
    assert_eq!(errors[0].line, Some(9));
}

#[test]
fn a_base_url_must_be_a_web_address() {
    for base in [
        "javascript:alert(1)//",
        "JAVASCRIPT://x",
        "data:text/html,x",
        "ftp://x.example",
        "https://",
    ] {
        let f = Fixture::new();
        f.file("site.yaml", &SITE_YAML.replace("https://green.example.gov.cn", base));
        let report = f.build();
        assert!(
            !errors_with(&report, "base_url must be a full address").is_empty(),
            "{base}: {}",
            report.diagnostics.render_terminal(false)
        );
    }
}

#[test]
fn a_volunteer_reads_why_a_file_was_not_published_in_chinese() {
    let f = Fixture::new();
    f.file(
        "content/tips/bundle/index.md",
        &tip("打包", "water", "[坏](javascript:alert(1))"),
    )
    .file("content/tips/bundle/app.js", "alert(1)")
    .file(
        "content/tips/bundle/bad.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
    );
    let output = f.run_in_site_language(&["build"]);
    let shown = String::from_utf8_lossy(&output.stderr).into_owned() + &String::from_utf8_lossy(&output.stdout);
    for expected in [
        "这个文件没有发布",
        "content/tips/bundle/app.js",
        "这张 SVG 图片不能发布：它含有 <script> 元素",
        "这个链接用了 `javascript:`",
        "build: {trust_html: true}",
    ] {
        assert!(shown.contains(expected), "{expected} in:\n{shown}");
    }
}

/// Charts, the targets page and the calendar are drawn by our code from data files and put into
/// pages as they are, outside the sanitiser: every text a data file gives them must arrive as
/// text, never as markup, whichever file and field it comes from.
#[test]
fn markup_in_data_files_reaches_charts_and_data_pages_only_as_text() {
    const HOSTILE: &str = "<script>alert(1)</script><img src=x onerror=alert(1)><svg onload=alert(1)>";
    // The theme's own pages have scripts of their own (search, calculator): compare each page's
    // findings with those of the same site whose data says nothing hostile.
    let baseline = problems_of_data_pages("plain words");
    let hostile = problems_of_data_pages(HOSTILE);
    assert_eq!(hostile.0, baseline.0, "markup from data files reached a page");
    assert!(
        hostile.1 >= 3,
        "the hostile text is shown, escaped, on the targets, calendar and chart pages ({})",
        hostile.1
    );
}

/// Every problem `published::problems` finds in each page of a site whose data files say
/// `text` everywhere, and how many pages show `text` escaped.
fn problems_of_data_pages(text: &str) -> (Vec<(String, Vec<String>)>, usize) {
    let f = Fixture::new();
    f.file(
        "data/targets.yaml",
        &format!(
            "units:\n  percent: {{zh: \"{text}\", en: \"{text}\"}}\nregions:\n  north: {{zh: \"{text}\", en: \"{text}\"}}\n\
             indicators:\n  energy: {{zh: \"{text}\", en: \"{text}\"}}\ntargets:\n  \
             - {{region: north, indicator: energy, target_year: 2025, value: 14, unit: percent, kind: reduction, source: local-plan}}\n  \
             - {{region: north, indicator: energy, target_year: 2030, value: 20, unit: percent, kind: reduction, source: local-plan}}\n"
        ),
    )
    .file(
        "data/theme_days.yaml",
        &format!("- id: water-day\n  name: {{zh: \"{text}\", en: \"{text}\"}}\n  about: {{zh: \"{text}\", en: \"{text}\"}}\n  date: \"03-22\"\n"),
    )
    .file("data/visits.csv", &format!("month,visitors\n\"{text}\",120\n二月,80\n"))
    .file(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<h1>{{ page.title }}</h1>\
         {{ chart(data=\"targets\", indicator=\"energy\") }}\
         {{ chart(data=\"visits\", label=\"month\", value=\"visitors\", title=\"<b onclick=x>t</b>\", unit=\"people\") }}\
         {% endblock main %}",
    )
    .file("content/about.md", "---\ntitle: 关于\n---\n");
    f.build_ok();
    let mut found = Vec::new();
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(f.public()) {
        let entry = entry.expect("an entry");
        if entry.path().extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(entry.path()).expect("a page");
            let main = html.split("<main").nth(1).unwrap_or("");
            let relative = entry
                .path()
                .strip_prefix(f.public())
                .expect("inside")
                .display()
                .to_string();
            found.push((relative, common::published::problems(main, "https://allowed.example/")));
            pages += html.contains("&lt;script&gt;alert(1)") as usize;
        }
    }
    found.sort();
    (found, pages)
}
