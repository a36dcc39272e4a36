//! Every language in site.yaml is a full edition: a fixture site in Chinese, Uyghur (right to
//! left, with no page translated) and English, read as a Uyghur reader and an English reader
//! would read it.

mod common;

use common::{Fixture, attrs, texts};

/// The fixture site with Uyghur between Chinese and English, and Chinese marked as `zh-Hans`.
fn site_yaml() -> String {
    common::SITE_YAML.replacen(
        "  - {code: zh, name: 中文}\n",
        "  - {code: zh, name: 中文, html_lang: zh-Hans}\n  - {code: ug, name: ئۇيغۇرچە, dir: rtl}\n",
        1,
    )
}

const THEME_DAYS: &str = "\
- id: world-environment-day
  name: {zh: 世界环境日, en: World Environment Day}
  date: \"06-05\"
- id: energy-saving-week
  name: {zh: 全国节能宣传周, en: National Energy Saving Week}
  announced: {month: 6, zh: 每年由国家发展改革委公布, en: set each year by the NDRC}
  days: 7
";

const TARGETS: &str = "\
units:
  percent: {zh: \"%\", en: \"%\"}
  10k-tonnes: {zh: 万吨, en: tonnes, scale: 10000}
  10k-tce: {zh: 万吨标准煤, en: tonnes of coal equivalent, scale: 10000}
  10k-vehicles: {zh: 万辆, en: vehicles, scale: 10000}
  km: {zh: 公里, en: km}
regions:
  a: {zh: 甲市, en: City A}
  b: {zh: 乙市, en: City B}
  c: {zh: 丙市, en: City C}
indicators:
  energy-intensity: {zh: 单位地区生产总值能源消耗降低, en: Cut in energy use per unit of GDP}
  cod: {zh: 化学需氧量减排量, en: Cut in chemical oxygen demand}
  saved: {zh: 节能量, en: Energy saved}
  vehicles: {zh: 新能源汽车, en: New-energy vehicles}
  lanes: {zh: 自行车道, en: Cycle lanes}
targets:
  - {region: a, indicator: energy-intensity, baseline_year: 2020, target_year: 2025, value: 14, unit: percent, kind: reduction, headline: true, source: local-plan}
  - {region: b, indicator: energy-intensity, baseline_year: 2020, target_year: 2025, value: 13.5, unit: percent, kind: reduction, source: local-plan}
  - {region: c, indicator: energy-intensity, baseline_year: 2020, target_year: 2025, value: 12, unit: percent, kind: reduction, source: local-plan}
  - {region: a, indicator: cod, target_year: 2025, value: 4.32, unit: 10k-tonnes, kind: amount, source: local-plan}
  - {region: a, indicator: saved, target_year: 2025, value: 1000, unit: 10k-tce, kind: amount, source: local-plan}
  - {region: a, indicator: vehicles, target_year: 2025, value: 100, unit: 10k-vehicles, kind: amount, source: local-plan}
  - {region: a, indicator: lanes, target_year: 2025, value: 5000, unit: km, kind: amount, source: local-plan}
";

/// The fixture site with Uyghur added, a calendar and targets; no page is translated into Uyghur.
fn trilingual() -> Fixture {
    let site = Fixture::new();
    site.file("site.yaml", &site_yaml())
        .file("data/theme_days.yaml", THEME_DAYS)
        .file("data/targets.yaml", TARGETS)
        .file("content/news/_index.md", "---\ntitle: 新闻\npage_kind: news\n---\n")
        .file(
            "content/news/launch.md",
            "---\ntitle: 网站上线\ndescription: 网站上线了。\ndate: 2024-05-01\n---\n网站上线了。\n",
        )
        .file("content/news/_index.en.md", "---\ntitle: News\npage_kind: news\n---\n")
        .file(
            "content/news/launch.en.md",
            "---\ntitle: The site is live\ndescription: The site is live.\ndate: 2024-05-01\n---\nLive.\n",
        );
    site
}

fn one(doc: &scraper::Html, selector: &str) -> String {
    texts(doc, selector).join(" ")
}

#[test]
fn the_uyghur_edition_has_the_navigation_the_campaigns_and_a_uyghur_interface() {
    let site = trilingual();
    site.build_ok();
    let home = site.html("ug/index.html");
    let root = home.select(&scraper::Selector::parse("html").unwrap()).next().unwrap();
    assert_eq!(root.value().attr("lang"), Some("ug"));
    assert_eq!(root.value().attr("dir"), Some("rtl"));
    let nav = attrs(&home, ".site-nav a", "href");
    assert!(nav.contains(&"/ug/campaigns/".to_owned()), "{nav:?}");
    assert!(nav.contains(&"/ug/tips/".to_owned()), "{nav:?}");
    let cards = attrs(&home, ".cards--campaigns .card__title a", "href");
    assert_eq!(cards, ["/ug/campaigns/green-families/"]);
    assert_eq!(one(&home, ".skip-link"), "ئاساسلىق مەزمۇنغا ئۆتۈش");
    assert_eq!(one(&home, "#campaigns-title"), "يەتتە چوڭ بەرپا قىلىش ھەرىكىتى");
    // The tips list and a tip exist in Uyghur too, linking within the Uyghur edition.
    let tip = site.read("ug/tips/switch-off-lights/index.html");
    assert!(tip.contains("href=\"/ug/tips/water-tip/\""), "{tip}");
}

#[test]
fn an_untranslated_page_is_shown_from_chinese_marked_with_its_own_language_under_a_notice() {
    let site = trilingual();
    site.build_ok();
    let page = site.html("ug/campaigns/green-families/index.html");
    let notice = one(&page, ".untranslated-notice");
    assert!(
        notice.contains("تەرجىمە قىلىنمىدى"),
        "the notice is in Uyghur: {notice}"
    );
    assert_eq!(attrs(&page, ".untranslated-notice bdi", "lang"), ["zh-Hans"]);
    for selector in ["h1", ".prose", ".campaign__slogan", ".checklist"] {
        assert_eq!(attrs(&page, selector, "lang"), ["zh-Hans"], "{selector}");
        assert_eq!(attrs(&page, selector, "dir"), ["ltr"], "{selector}");
    }
    assert_eq!(one(&page, "h1"), "绿色家庭");
    // Navigation titles shown from Chinese are marked too.
    assert!(attrs(&page, ".site-nav a", "lang").iter().all(|l| l == "zh-Hans"));
    // hreflang names the real translations only, here and on the original.
    for path in [
        "ug/campaigns/green-families/index.html",
        "campaigns/green-families/index.html",
    ] {
        let alternates = attrs(&site.html(path), "link[rel=alternate][hreflang]", "hreflang");
        assert!(alternates.contains(&"en".to_owned()), "{path}: {alternates:?}");
        assert!(!alternates.contains(&"ug".to_owned()), "{path}: {alternates:?}");
    }
    // The Uyghur edition's feed (linked from every page) has the news, marked as Chinese.
    let feed = site.read("ug/atom.xml");
    assert!(feed.contains("<entry xml:lang=\"zh-Hans\">"), "{feed}");
    let sitemap = site.read("sitemap.xml");
    assert!(!sitemap.contains("/ug/"), "{sitemap}");
    assert!(sitemap.contains("/en/campaigns/green-families/"), "{sitemap}");
    // A translated page has no notice.
    let english = site.html("en/campaigns/green-families/index.html");
    assert!(texts(&english, ".untranslated-notice").is_empty());
    assert!(attrs(&english, "h1", "lang").is_empty());
}

#[test]
fn a_language_with_fallback_off_publishes_only_its_translated_pages() {
    let site = trilingual();
    site.file(
        "site.yaml",
        &site_yaml().replace("dir: rtl}", "dir: rtl, fallback: false}"),
    )
    .file(
        "content/tips/water-tip.ug.md",
        &common::tip("سۇنى ئىككى قېتىم ئىشلىتىش", "water", "سۇ."),
    );
    site.build_ok();
    assert!(site.public().join("ug/tips/water-tip/index.html").is_file());
    assert!(!site.public().join("ug/campaigns/green-families/index.html").exists());
    assert!(!site.public().join("ug/tips/switch-off-lights/index.html").exists());
}

#[test]
fn the_uyghur_calendar_names_uyghur_months() {
    let site = trilingual();
    site.build_ok();
    let calendar = site.html("ug/calendar/index.html");
    let page = texts(&calendar, "main").join(" ");
    assert!(page.contains("ئىيۇن"), "June in Uyghur: {page}");
    assert!(page.contains("5-ئىيۇن"), "5 June in Uyghur: {page}");
    assert!(!page.contains("June") && !page.contains("6月"), "{page}");
}

#[test]
fn charts_on_a_right_to_left_page_are_mirrored_with_their_labels_inside() {
    let site = trilingual();
    site.build_ok();
    let targets = site.html("ug/targets/index.html");
    let svg = scraper::Selector::parse("svg.chart__svg").unwrap();
    let charts: Vec<_> = targets.select(&svg).collect();
    assert!(!charts.is_empty(), "the targets page has charts");
    let text = scraper::Selector::parse("text, rect").unwrap();
    for chart in charts {
        let width: f64 = chart.value().attr("width").unwrap().parse().unwrap();
        for element in chart.select(&text) {
            let x: f64 = element.value().attr("x").unwrap().parse().unwrap();
            let w: f64 = element.value().attr("width").map_or(0.0, |w| w.parse().unwrap());
            assert!(x >= 0.0 && x + w <= width, "{:?} is outside the chart", element.value());
        }
        // Bars grow from the right: each bar ends at the right edge.
        let bars = scraper::Selector::parse("rect.chart__bar").unwrap();
        for bar in chart.select(&bars) {
            let x: f64 = bar.value().attr("x").unwrap().parse().unwrap();
            let w: f64 = bar.value().attr("width").unwrap().parse().unwrap();
            assert!((x + w - (width - 1.0)).abs() < 0.2, "{:?}", bar.value());
        }
    }
}

#[test]
fn figures_counted_in_wan_read_as_english_in_english_and_as_wan_in_chinese() {
    let site = trilingual();
    site.build_ok();
    let english = texts(&site.html("en/targets/index.html"), "main").join(" ");
    for figure in [
        "43,200 tonnes",
        "10 million tonnes of coal equivalent",
        "1 million vehicles",
        "5,000 km",
    ] {
        assert!(english.contains(figure), "{figure} in: {english}");
    }
    assert!(
        !english.contains("10,000 tonnes") && !english.contains('万'),
        "{english}"
    );
    let chinese = texts(&site.html("targets/index.html"), "main").join(" ");
    for figure in ["4.32万吨", "1000万吨标准煤", "100万辆", "5000公里"] {
        assert!(chinese.contains(figure), "{figure} in: {chinese}");
    }
}

#[test]
fn check_names_the_interface_strings_a_language_lacks_and_the_pages_it_lacks() {
    let site = trilingual();
    site.file(
        "site.yaml",
        &site_yaml().replace(
            "  - {code: en, name: English}\n",
            "  - {code: en, name: English}\n  - {code: kk, name: Қазақша}\n",
        ),
    );
    let out = site.run(&["check"]);
    let said = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("the theme has no Қазақша (kk) text for"), "{said}");
    assert!(said.contains("skip_to_content"), "{said}");
    assert!(said.contains("i18n/kk.yaml"), "{said}");
    assert!(
        !said.contains("ئۇيغۇرچە (ug) text for"),
        "the theme has every Uyghur string: {said}"
    );
    assert!(said.contains("this page has no ئۇيغۇرچە translation"), "{said}");
}

#[test]
fn the_uyghur_printables_list_the_chinese_posters_of_untranslated_campaigns_in_uyghur() {
    let site = trilingual();
    site.build_ok();
    let printables = site.html("ug/printables/index.html");
    let links = attrs(&printables, ".material-card a", "href");
    assert!(
        links.contains(&"/printables/green-families-poster-a4.html".to_owned()),
        "{links:?}"
    );
    assert_eq!(attrs(&printables, ".printables-group h2 a", "lang"), ["zh-Hans"]);
    let labels = texts(&printables, ".material-card__name");
    assert!(labels.iter().any(|l| l.starts_with("A4 پلاكات")), "{labels:?}");
    let campaign = site.html("ug/campaigns/green-families/index.html");
    assert!(!attrs(&campaign, ".campaign__prints a", "href").is_empty());
}

#[test]
fn data_text_shown_from_chinese_on_a_uyghur_page_is_marked_as_chinese() {
    let site = trilingual();
    site.build_ok();
    let calendar = site.html("ug/calendar/index.html");
    assert!(
        attrs(&calendar, ".calendar-day__name", "lang")
            .iter()
            .all(|l| l == "zh-Hans")
    );
    let targets = site.html("ug/targets/index.html");
    let cells = attrs(&targets, ".targets-table tbody th", "lang");
    assert!(!cells.is_empty() && cells.iter().all(|l| l == "zh-Hans"), "{cells:?}");
    let chart_rows = attrs(&targets, ".chart__table tbody th", "dir");
    assert!(
        !chart_rows.is_empty() && chart_rows.iter().all(|d| d == "ltr"),
        "{chart_rows:?}"
    );
    let campaign = site.html("ug/campaigns/green-families/index.html");
    assert_eq!(attrs(&campaign, ".facts li span", "lang"), ["zh-Hans"]);
    assert_eq!(attrs(&campaign, ".facts cite", "lang"), ["zh-Hans"]);
    // The English edition has its own texts and marks nothing.
    let english = site.read("en/targets/index.html");
    assert!(!english.contains("lang=\"zh-Hans\" dir=\"ltr\""), "{english}");
}
