//! What a user of a built site notices: pages at their URLs in each language, a language switcher
//! that leads to the same page, alternates, resolved links, taxonomy pages, feeds, escaping and
//! byte-identical output.

mod common;
use common::*;

#[test]
fn every_page_is_at_its_url_in_each_language() {
    let f = Fixture::new();
    let report = f.build();
    assert!(report.succeeded(), "{}", report.diagnostics.render_terminal(false));
    for path in [
        "index.html",
        "en/index.html",
        "campaigns/index.html",
        "campaigns/green-families/index.html",
        "en/campaigns/green-families/index.html",
        "tips/switch-off-lights/index.html",
        "en/tips/switch-off-lights/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
    ] {
        assert!(f.public().join(path).is_file(), "public/{path} is missing");
    }
    assert_eq!(
        texts(&f.html("en/campaigns/green-families/index.html"), "h1"),
        ["Green Families"]
    );
    assert_eq!(
        texts(&f.html("campaigns/green-families/index.html"), "h1"),
        ["绿色家庭"]
    );
}

#[test]
fn switcher_leads_to_same_page_in_other_language() {
    let f = Fixture::new();
    f.build_ok();
    let zh = f.html("campaigns/green-families/index.html");
    assert_eq!(
        attrs(&zh, ".lang-switch a[hreflang=en]", "href"),
        ["/en/campaigns/green-families/"]
    );
    let en = f.html("en/campaigns/green-families/index.html");
    assert_eq!(
        attrs(&en, ".lang-switch a[hreflang=zh]", "href"),
        ["/campaigns/green-families/"]
    );
    assert_eq!(attrs(&en, "html", "lang"), ["en"]);
}

#[test]
fn untranslated_page_is_shown_in_the_other_language_from_the_original() {
    let f = Fixture::new();
    f.file("content/tips/only-chinese.md", &tip("只有中文", "water", "正文"));
    f.build_ok();
    let zh = f.html("tips/only-chinese/index.html");
    assert_eq!(
        attrs(&zh, ".lang-switch a[hreflang=en]", "href"),
        ["/en/tips/only-chinese/"]
    );
    let en = f.html("en/tips/only-chinese/index.html");
    assert_eq!(attrs(&en, "h1", "lang"), ["zh"]);
    assert!(texts(&en, ".untranslated-notice")[0].contains("not been translated"));
}

#[test]
fn with_fallback_off_an_untranslated_page_switches_to_the_nearest_translated_section() {
    let f = Fixture::new();
    f.file("content/tips/only-chinese.md", &tip("只有中文", "water", "正文"));
    f.file(
        "site.yaml",
        &common::SITE_YAML.replace(
            "{code: en, name: English}",
            "{code: en, name: English, fallback: false}",
        ),
    );
    f.build_ok();
    let zh = f.html("tips/only-chinese/index.html");
    assert_eq!(attrs(&zh, ".lang-switch a[hreflang=en]", "href"), ["/en/tips/"]);
    assert!(!f.public().join("en/tips/only-chinese/index.html").exists());
}

#[test]
fn hreflang_alternates_and_canonical_name_both_languages() {
    let f = Fixture::new();
    f.build_ok();
    let doc = f.html("en/tips/switch-off-lights/index.html");
    let alternates = attrs(&doc, "link[rel=alternate][hreflang]", "href");
    assert!(
        alternates.contains(&"https://green.example.gov.cn/tips/switch-off-lights/".to_owned()),
        "{alternates:?}"
    );
    assert!(alternates.contains(&"https://green.example.gov.cn/en/tips/switch-off-lights/".to_owned()));
    assert_eq!(
        attrs(&doc, "link[hreflang=x-default]", "href"),
        ["https://green.example.gov.cn/tips/switch-off-lights/"]
    );
    assert_eq!(
        attrs(&doc, "link[rel=canonical]", "href"),
        ["https://green.example.gov.cn/en/tips/switch-off-lights/"]
    );
    assert_eq!(
        attrs(&doc, "meta[property='og:url']", "content"),
        ["https://green.example.gov.cn/en/tips/switch-off-lights/"]
    );
    let sitemap = f.read("sitemap.xml");
    assert!(sitemap.contains("<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://green.example.gov.cn/en/tips/switch-off-lights/\"/>"));
}

#[test]
fn links_to_source_files_resolve_to_the_page_in_the_current_language() {
    let f = Fixture::new();
    f.build_ok();
    assert_eq!(
        attrs(&f.html("tips/switch-off-lights/index.html"), ".prose a", "href"),
        ["/tips/water-tip/"]
    );
    assert_eq!(
        attrs(&f.html("en/tips/switch-off-lights/index.html"), ".prose a", "href"),
        ["/en/tips/water-tip/"]
    );
}

#[test]
fn taxonomy_pages_exist_in_every_language() {
    let f = Fixture::new();
    f.build_ok();
    assert_eq!(
        texts(&f.html("categories/electricity/index.html"), "h1 a, .card__title a"),
        ["人走灯灭"]
    );
    assert_eq!(
        texts(&f.html("en/categories/water/index.html"), ".card__title a"),
        ["Use water twice"]
    );
    let list = f.html("en/categories/index.html");
    assert_eq!(
        attrs(&list, ".term-list a", "href"),
        ["/en/categories/electricity/", "/en/categories/water/"]
    );
    // A section-backed taxonomy: the tips of a campaign, and the campaign page lists them too.
    assert!(
        f.public()
            .join("en/tips/by-campaign/green-families/index.html")
            .is_file()
    );
    let campaign = f.html("en/campaigns/green-families/index.html");
    assert_eq!(texts(&campaign, ".card__title a").len(), 2);
}

#[test]
fn front_matter_values_are_escaped() {
    let f = Fixture::new();
    f.file(
        "content/tips/water-tip.en.md",
        "---\ntitle: \"<script>alert(1)</script> & water\"\ndescription: \"\\\"quoted\\\" <b>\"\ncategories: [water]\ncampaigns: [green-families]\n---\nbody\n",
    );
    f.build_ok();
    let html = f.read("en/tips/water-tip/index.html");
    assert!(!html.contains("<script>alert(1)"), "the title must be escaped");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; water"));
    assert!(!html.contains("content=\"\"quoted"), "attribute values must be escaped");
}

#[test]
fn raw_html_in_markdown_is_sanitised_unless_trusted() {
    let f = Fixture::new();
    f.file(
        "content/tips/water-tip.en.md",
        &tip(
            "Water",
            "water",
            "<p onclick=\"steal()\">hi</p><script>alert(1)</script>",
        ),
    );
    f.build_ok();
    let html = f.read("en/tips/water-tip/index.html");
    assert!(!html.contains("alert(1)") && !html.contains("onclick"), "{html}");
    f.file("site.yaml", &format!("{SITE_YAML}build:\n  trust_html: true\n"));
    f.build_ok();
    assert!(
        f.read("en/tips/water-tip/index.html")
            .contains("<script>alert(1)</script>")
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let f = Fixture::new();
    f.build_ok();
    let first = snapshot(&f.public());
    f.build_ok();
    assert_eq!(first, snapshot(&f.public()));
}

#[test]
fn news_feed_per_language_uses_content_dates() {
    let f = Fixture::new();
    f.file("content/news/_index.md", "---\ntitle: 新闻\npage_kind: news\n---\n")
        .file("content/news/_index.en.md", "---\ntitle: News\npage_kind: news\n---\n")
        .file(
            "content/news/launch.md",
            "---\ntitle: 网站上线\ndescription: 上线。\ndate: 2024-06-05\n---\n正文\n",
        )
        .file(
            "content/news/launch.en.md",
            "---\ntitle: Site & launch\ndescription: Live.\ndate: 2024-06-05\n---\nBody\n",
        );
    f.build_ok();
    let feed = f.read("en/atom.xml");
    assert!(feed.contains("<title>Site &amp; launch</title>"));
    assert!(feed.contains("<updated>2024-06-05T00:00:00Z</updated>"));
    assert!(feed.contains("https://green.example.gov.cn/en/news/launch/"));
    assert!(f.read("atom.xml").contains("网站上线"));
}

#[test]
fn base_url_can_be_overridden_on_the_command_line() {
    let f = Fixture::new();
    let out = f.run(&["build", "--base-url", "https://staging.example.org"]);
    assert!(out.status.success());
    assert!(
        f.read("robots.txt")
            .contains("Sitemap: https://staging.example.org/sitemap.xml")
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("built") && stdout.contains("zh ") && stdout.contains("en "),
        "{stdout}"
    );
}

#[test]
fn chinese_file_names_get_pinyin_urls() {
    let f = Fixture::new();
    f.file("content/tips/节约用水.md", &tip("节约用水", "water", "正文"));
    f.build_ok();
    assert!(f.public().join("tips/jie-yue-yong-shui/index.html").is_file());
}

#[test]
fn page_bundles_publish_their_images_beside_the_page() {
    let f = Fixture::new();
    f.file(
        "content/tips/led/index.md",
        &tip("换LED灯", "electricity", "![LED灯](bulb.svg)"),
    )
    .file(
        "content/tips/led/index.en.md",
        &tip("Use LED bulbs", "electricity", "![An LED bulb](bulb.svg)"),
    )
    .file(
        "content/tips/led/bulb.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    f.build_ok();
    assert!(f.public().join("tips/led/bulb.svg").is_file());
    assert!(f.public().join("en/tips/led/bulb.svg").is_file());
}

#[test]
fn init_creates_a_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("my-site");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_greenprint"))
        .arg("init")
        .arg(&site)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report = greenprint::build::build(&greenprint::build::BuildOptions::new(&site));
    assert!(
        report.succeeded() && report.diagnostics.is_empty(),
        "{}",
        report.diagnostics.render_terminal(false)
    );
    for kind in [
        "campaigns/green-families",
        "actions/family-community",
        "tips/switch-off-lights",
        "news/site-launched",
        "about",
    ] {
        assert!(site.join("public").join(kind).join("index.html").is_file(), "{kind}");
        assert!(
            site.join("public/en").join(kind).join("index.html").is_file(),
            "en/{kind}"
        );
    }
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_greenprint"))
        .arg("init")
        .arg(&site)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1), "init never overwrites a site");
}

#[test]
fn init_makes_a_site_in_the_languages_named() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("changji");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_greenprint"))
        .args(["init", site.to_str().unwrap(), "--languages", "zh,ug"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let config = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    assert!(
        config.contains("  - code: ug\n    name: ئۇيغۇرچە\n    dir: rtl\n"),
        "{config}"
    );
    assert!(!config.contains("code: en"), "{config}");
    let report = greenprint::build::build(&greenprint::build::BuildOptions::new(&site));
    assert!(report.succeeded(), "{}", report.diagnostics.render_terminal(false));
    let page = std::fs::read_to_string(site.join("public/ug/campaigns/green-families/index.html")).unwrap();
    assert!(page.contains("<html lang=\"ug\" dir=\"rtl\">"), "{page}");
    assert!(page.contains("untranslated-notice"), "{page}");
    assert!(!site.join("public/en").exists(), "no English edition");
    assert!(!site.join("content/about.en.md").exists());

    let wrong = std::process::Command::new(env!("CARGO_BIN_EXE_greenprint"))
        .args([
            "init",
            dir.path().join("other").to_str().unwrap(),
            "--languages",
            "en,zh",
        ])
        .env("GREENPRINT_LANG", "en")
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("list zh first"));
}

#[test]
fn taxonomy_pages_mark_the_current_language_and_keep_the_declared_term_order() {
    let f = Fixture::new();
    f.file(
        "data/terms.yaml",
        "categories:\n  water: {zh: 节约用水, en: Water}\n  electricity: {zh: 节约用电, en: Electricity}\n",
    );
    f.build_ok();
    let list = f.html("en/categories/index.html");
    assert_eq!(texts(&list, ".lang-switch__current"), ["English"]);
    assert_eq!(
        attrs(&list, ".term-list a", "href"),
        ["/en/categories/water/", "/en/categories/electricity/"],
        "data/terms.yaml order"
    );
    assert_eq!(
        texts(&f.html("categories/water/index.html"), ".lang-switch__current"),
        ["中文"]
    );
}
