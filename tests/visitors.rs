//! What a Chinese government site must show its visitors: the filing numbers and a way to reach
//! the publisher in the footer, a human site map, and the editing guide kept out of their way.

mod common;
use common::*;

const FILING: &str = "\
filing:
  icp: 新ICP备2021000001号-1
  police: 新公网安备65230102000001号
  site_code: \"6523010001\"
  party_government: {image: images/dzjg.png, url: \"https://bszs.conac.cn/sitename?method=show&id=ABC\"}
contact:
  phone: 0994-123 4567
  email: green@example.gov.cn
  address: {zh: 昌吉市延安北路1号, en: \"1 Yan'an North Road, Changji\"}
";

fn with_filing() -> Fixture {
    let f = Fixture::new();
    f.file("site.yaml", &format!("{SITE_YAML}{FILING}"));
    f.bytes("static/images/dzjg.png", b"\x89PNG\r\n\x1a\n");
    f
}

#[test]
fn the_footer_shows_each_filing_number_linked_to_its_record_in_each_language() {
    let f = with_filing();
    f.build_ok();
    for (page, site_code, contact) in [
        ("index.html", "网站标识码：6523010001", "联系我们："),
        ("en/index.html", "Government website code: 6523010001", "Contact: "),
    ] {
        let doc = f.html(page);
        let footer = texts(&doc, ".site-footer__filing p");
        assert_eq!(footer.len(), 1, "{page}: {footer:?}");
        assert_eq!(
            texts(&doc, ".site-footer__filing p > *"),
            ["新ICP备2021000001号-1", "新公网安备65230102000001号", site_code],
            "{page}"
        );
        assert_eq!(
            attrs(&doc, ".site-footer__filing a:not(.site-footer__badge)", "href"),
            [
                "https://beian.miit.gov.cn/",
                "http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=65230102000001",
            ],
            "{page}"
        );
        assert_eq!(
            attrs(&doc, ".site-footer__badge", "href"),
            ["https://bszs.conac.cn/sitename?method=show&id=ABC"]
        );
        assert_eq!(attrs(&doc, ".site-footer__badge img", "src"), ["/images/dzjg.png"]);
        assert!(!attrs(&doc, ".site-footer__badge img", "alt")[0].is_empty());
        let contact_line = &texts(&doc, ".site-footer__contact")[0];
        assert!(contact_line.starts_with(contact), "{page}: {contact_line}");
        assert_eq!(
            attrs(&doc, ".site-footer__contact a", "href"),
            ["tel:0994-1234567", "mailto:green@example.gov.cn"]
        );
    }
    assert!(texts(&f.html("index.html"), ".site-footer__contact")[0].contains("昌吉市延安北路1号"));
    assert!(texts(&f.html("en/index.html"), ".site-footer__contact")[0].contains("1 Yan'an North Road"));
}

#[test]
fn a_site_without_filings_shows_no_empty_filing_lines() {
    let f = Fixture::new();
    f.build_ok();
    let doc = f.html("index.html");
    assert!(texts(&doc, ".site-footer__filing").is_empty());
    assert!(texts(&doc, ".site-footer__contact").is_empty());
}

#[test]
fn check_warns_when_a_gov_cn_site_has_no_icp_number() {
    let f = Fixture::new();
    let said = |f: &Fixture| {
        let out = f.run(&["check"]);
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr)
    };
    assert!(
        said(&f).contains("this .gov.cn site has no ICP filing number"),
        "{}",
        said(&f)
    );
    let f = with_filing();
    assert!(!said(&f).contains("ICP filing number"), "{}", said(&f));
    let elsewhere = Fixture::new();
    elsewhere.file(
        "site.yaml",
        &SITE_YAML.replace("green.example.gov.cn", "green.example.org"),
    );
    assert!(!said(&elsewhere).contains("ICP filing number"), "{}", said(&elsewhere));
}

#[test]
fn a_badge_certificate_that_is_not_a_web_address_is_an_error() {
    let f = Fixture::new();
    f.file(
        "site.yaml",
        &format!("{SITE_YAML}filing:\n  party_government: {{image: dzjg.png, url: \"javascript:alert(1)\"}}\n"),
    );
    let report = f.build();
    assert!(!report.succeeded());
    assert!(
        report
            .diagnostics
            .render_terminal(false)
            .contains("certificate must be a full address")
    );
}

const GUIDE: &str = "---\ntitle: 编辑指南\ninternal: true\n---\n## 怎样新增金点子\n\n志愿者看这里。\n";
const ABOUT: &str = "---\ntitle: 关于本站\n---\n编辑请看[编辑指南](guide.md)。\n";

fn with_guide() -> Fixture {
    let f = Fixture::new();
    f.file("content/guide.md", GUIDE)
        .file("content/guide.en.md", &GUIDE.replace("编辑指南", "Editing guide"))
        .file("content/about.md", ABOUT)
        .file("content/about.en.md", &ABOUT.replace("关于本站", "About"));
    f
}

#[test]
fn the_site_map_page_of_each_language_lists_every_section_and_page_of_that_language() {
    let f = with_guide();
    f.build_ok();
    for (lang, prefix, home) in [("zh", "", "index.html"), ("en", "/en", "en/index.html")] {
        let map = f.html(&format!(
            "{}sitemap/index.html",
            &home[..home.len() - "index.html".len()]
        ));
        let links = attrs(&map, "main a", "href");
        for url in [
            "/campaigns/",
            "/campaigns/green-families/",
            "/tips/",
            "/tips/switch-off-lights/",
            "/tips/water-tip/",
            "/about/",
            "/categories/electricity/",
            "/categories/water/",
            "/search/",
        ] {
            let url = format!("{prefix}{url}");
            assert!(
                links.contains(&url),
                "{lang}: the site map should link {url}: {links:?}"
            );
        }
        assert!(
            links
                .iter()
                .all(|l| l.starts_with(&format!("{prefix}/")) && (lang == "en") == l.starts_with("/en/")),
            "{lang}: only this language's pages: {links:?}"
        );
        assert!(!links.iter().any(|l| l.contains("guide")), "{lang}: {links:?}");
        assert!(!texts(&map, "main h2").is_empty());
        assert_eq!(
            attrs(&f.html(home), ".site-footer a[href$='/sitemap/']", "href"),
            [format!("{prefix}/sitemap/")],
            "{lang}: the footer links the site map page, not sitemap.xml"
        );
    }
    assert_eq!(texts(&f.html("sitemap/index.html"), "h1"), ["网站地图"]);
    assert_eq!(texts(&f.html("en/sitemap/index.html"), "h1"), ["Sitemap"]);
}

#[test]
fn an_internal_page_is_built_but_kept_out_of_the_navigation_search_and_site_maps() {
    let f = with_guide();
    f.build_ok();
    let guide = f.read("guide/index.html");
    assert!(guide.contains("<meta name=\"robots\" content=\"noindex\">"), "{guide}");
    assert!(
        !guide.contains("data-pagefind-body"),
        "the guide is not indexed for search"
    );
    let about = f.html("about/index.html");
    assert!(about.html().contains("data-pagefind-body"), "other pages are");
    assert!(!about.html().contains("noindex"));
    for page in ["index.html", "about/index.html", "en/index.html"] {
        let nav = attrs(&f.html(page), ".site-nav a", "href");
        assert!(nav.iter().any(|l| l.ends_with("/about/")), "{page}: {nav:?}");
        assert!(!nav.iter().any(|l| l.contains("guide")), "{page}: {nav:?}");
    }
    assert_eq!(attrs(&about, "main a[href*=guide]", "href"), ["/guide/"]);
    let sitemap = f.read("sitemap.xml");
    assert!(!sitemap.contains("/guide/"), "{sitemap}");
    assert!(sitemap.contains("/about/"), "{sitemap}");
}

#[test]
fn internal_must_be_true_or_false() {
    let f = Fixture::new();
    f.file("content/guide.md", "---\ntitle: 编辑指南\ninternal: yes please\n---\n");
    let report = f.build();
    assert!(!report.succeeded());
    assert!(
        report.diagnostics.render_terminal(false).contains("true or false"),
        "{}",
        report.diagnostics.render_terminal(false)
    );
}
