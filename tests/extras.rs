//! The pages made from data: the low-carbon calculator, the target charts, the theme-day
//! calendar with its iCalendar files, and the instant filters of the tip list. Static checks run
//! everywhere; with Chromium, the filters and the calculator are driven in a real browser.

mod common;
use common::browser::{dump_dom, harness, out_json};
use common::tools;
use common::*;
use greenprint::build::{BuildOptions, build};
use greenprint::config::Config;
use greenprint::content::{self, PageKind};
use greenprint::data::Data;
use greenprint::diagnostics::Diagnostics;
use greenprint::render::datafns;
use greenprint::savings;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled site, built once for every test in this file.
fn bundled() -> &'static Path {
    static PUBLIC: OnceLock<PathBuf> = OnceLock::new();
    PUBLIC.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("extras-bundled");
        let options = BuildOptions {
            output: Some(out.clone()),
            ..BuildOptions::new(repo())
        };
        let report = build(&options);
        assert!(report.succeeded(), "{}", report.diagnostics.render_terminal(false));
        out
    })
}

fn read(path: &str) -> String {
    std::fs::read_to_string(bundled().join(path)).unwrap_or_else(|e| panic!("{path} should exist: {e}"))
}

fn html(path: &str) -> scraper::Html {
    scraper::Html::parse_document(&read(path))
}

fn select<'a>(doc: &'a scraper::Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = scraper::Selector::parse(selector).expect("valid selector");
    doc.select(&selector).collect()
}

/// The tips of the bundled site that carry savings, per slug, with the figures the summaries
/// show, in `lang`.
fn savings_by_slug(lang: &str) -> BTreeMap<String, savings::YearlySavings> {
    let config = Config::load(repo()).expect("site.yaml loads");
    let mut diagnostics = Diagnostics::new();
    let data = Data::load(repo(), &mut diagnostics);
    let pages = content::load(repo(), &config, false, &mut diagnostics);
    pages
        .iter()
        .filter(|p| p.lang == lang && p.kind == PageKind::Tip)
        .filter_map(|p| Some((p.slug.clone(), savings::compute(p.meta.savings.as_ref()?, &data))))
        .collect()
}

fn number(text: &str) -> f64 {
    text.replace(',', "")
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("a number: {text:?}"))
}

// ---------------------------------------------------------------------------------------------
// The pages

#[test]
fn every_extra_page_exists_in_both_languages_and_is_linked_from_home() {
    for (prefix, lang) in [("", "zh-Hans"), ("en/", "en")] {
        for page in ["calculator", "targets", "calendar"] {
            let doc = html(&format!("{prefix}{page}/index.html"));
            assert_eq!(attrs(&doc, "html", "lang"), [lang], "{prefix}{page}");
            assert_eq!(texts(&doc, "main h1").len(), 1, "{prefix}{page} has one h1");
            // The language switcher leads to the same page in the other language.
            let other = if prefix.is_empty() { "/en/" } else { "/" };
            assert!(
                attrs(&doc, ".lang-switch a", "href").contains(&format!("{other}{page}/")),
                "{prefix}{page}: {:?}",
                attrs(&doc, ".lang-switch a", "href")
            );
            let home = html(&format!("{prefix}index.html"));
            assert!(
                attrs(&home, ".tools a", "href").contains(&format!("/{prefix}{page}/")),
                "the home page links to {prefix}{page}"
            );
        }
        assert!(bundled().join(format!("{prefix}calendar.ics")).is_file());
        let tips = html(&format!("{prefix}tips/index.html"));
        assert!(attrs(&tips, ".filters a", "href").contains(&format!("/{prefix}calculator/")));
    }
}

#[test]
fn the_calculator_lists_every_tip_with_savings_with_its_figures_and_assumption() {
    for (prefix, lang) in [("", "zh"), ("en/", "en")] {
        let expected = savings_by_slug(lang);
        assert!(expected.len() >= 20, "the bundled site has tips with savings");
        let doc = html(&format!("{prefix}calculator/index.html"));
        let boxes = select(&doc, "form[data-calculator] input[type=checkbox][name=t]");
        let slugs: Vec<&str> = boxes.iter().filter_map(|b| b.value().attr("value")).collect();
        assert_eq!(
            slugs.iter().copied().collect::<std::collections::BTreeSet<_>>(),
            expected
                .keys()
                .map(String::as_str)
                .collect::<std::collections::BTreeSet<_>>(),
            "{prefix}calculator lists exactly the tips with savings"
        );
        for b in &boxes {
            let slug = b.value().attr("value").unwrap();
            let s = &expected[slug];
            for (attr, value) in [
                ("data-kwh", s.kwh),
                ("data-water", s.water_m3),
                ("data-petrol", s.petrol_litres),
                ("data-co2", s.co2_kg),
                ("data-yuan", s.yuan),
            ] {
                assert_eq!(number(b.value().attr(attr).unwrap()), value, "{slug} {attr}");
            }
            // Its label, figures and assumption are on the page, and the box is described by them.
            let label = texts(&doc, &format!("label[for=\"tip-{slug}\"]"));
            assert_eq!(label.len(), 1, "{slug} has a label");
            assert_eq!(
                b.value().attr("aria-describedby"),
                Some(format!("figures-{slug} assumption-{slug}").as_str())
            );
            let assumption = texts(&doc, &format!("#assumption-{slug}"));
            assert!(assumption[0].contains(s.assumption.trim()), "{slug}: {assumption:?}");
            assert!(
                !texts(&doc, &format!("#figures-{slug} li")).is_empty(),
                "{slug} shows figures"
            );
        }
        // Without JavaScript, the totals stay hidden and a note says why.
        assert_eq!(attrs(&doc, "[data-calc-results]", "hidden"), [""]);
        assert_eq!(select(&doc, "noscript").len(), 1);
        assert_eq!(
            attrs(&doc, "[data-calc-results] [role=status]", "aria-live"),
            ["polite"]
        );
        let script = attrs(&doc, "script[src]", "src");
        assert!(
            script.iter().any(|s| s.contains("/assets/js/calculator.")),
            "{script:?}"
        );
    }
}

#[test]
fn charts_have_a_title_a_description_and_a_table_of_the_same_numbers() {
    for prefix in ["", "en/"] {
        let doc = html(&format!("{prefix}targets/index.html"));
        let figures = select(&doc, "figure.chart");
        assert!(
            figures.len() >= 3,
            "{prefix}targets has the overview and the cuts of each region"
        );
        for figure in &figures {
            let svg = select_in(figure, "svg");
            assert_eq!(svg.len(), 1);
            let svg = svg[0];
            assert_eq!(svg.value().attr("role"), Some("img"));
            let labelled: Vec<&str> = svg.value().attr("aria-labelledby").unwrap().split(' ').collect();
            assert_eq!(labelled.len(), 2);
            let title = select_in(&svg, "title");
            let desc = select_in(&svg, "desc");
            assert_eq!(title[0].value().attr("id"), Some(labelled[0]));
            assert_eq!(desc[0].value().attr("id"), Some(labelled[1]));
            assert!(!text_of(&title[0]).is_empty() && text_of(&desc[0]).len() > 20);
            let bars = select_in(figure, "rect.chart__bar").len();
            let rows = select_in(figure, "table tbody tr").len();
            assert!(bars > 0);
            assert_eq!(bars, rows, "one table row per bar");
            assert_eq!(select_in(figure, "table caption").len(), 1);
        }
    }
    // The overview compares energy intensity across the regions, with the numbers of the data.
    let doc = html("en/targets/index.html");
    let overview = select(&doc, "#chart-bars-energy-intensity")[0];
    let rows: Vec<Vec<String>> = select_in(&overview, "tbody tr")
        .iter()
        .map(|tr| select_in(tr, "th, td").iter().map(text_of).collect())
        .collect();
    let data = datafns::targets(&load_data(), "en", "zh");
    let expected: Vec<_> = data.iter().filter(|r| r.indicator_id == "energy-intensity").collect();
    assert_eq!(rows.len(), expected.len());
    for (row, target) in rows.iter().zip(&expected) {
        assert_eq!(row[0], target.region);
        assert_eq!(row[3], target.display);
    }
    assert!(rows.iter().any(|r| r[0] == "Chongqing" && r[3] == "14%"));
    // Every target is in a table with its source named.
    let all_rows = select(&doc, ".targets-table tbody tr").len();
    assert_eq!(all_rows, data.len());
    assert!(texts(&doc, ".targets-doc h2 cite").len() >= 3);
}

fn load_data() -> Data {
    let mut diagnostics = Diagnostics::new();
    Data::load(repo(), &mut diagnostics)
}

fn select_in<'a>(element: &scraper::ElementRef<'a>, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = scraper::Selector::parse(selector).expect("valid selector");
    element.select(&selector).collect()
}

fn text_of(element: &scraper::ElementRef) -> String {
    element.text().collect::<String>().trim().to_owned()
}

#[test]
fn the_calendar_lists_every_theme_day_by_month() {
    for (prefix, lang) in [("", "zh"), ("en/", "en")] {
        let doc = html(&format!("{prefix}calendar/index.html"));
        let days = datafns::theme_days(&load_data(), lang, "zh");
        let ids = attrs(&doc, ".calendar-day", "id");
        assert_eq!(ids, days.iter().map(|d| d.id.clone()).collect::<Vec<_>>());
        let names = texts(&doc, ".calendar-day__name");
        assert_eq!(names, days.iter().map(|d| d.name.clone()).collect::<Vec<_>>());
        // Announced days say so, and the .ics files of both languages are linked.
        assert_eq!(
            select(&doc, ".calendar-day__rule").len(),
            days.iter().filter(|d| d.announced).count()
        );
        let links = attrs(&doc, ".calendar-file a", "href");
        assert!(links.contains(&"/calendar.ics".to_owned()) && links.contains(&"/en/calendar.ics".to_owned()));
    }
}

// ---------------------------------------------------------------------------------------------
// iCalendar

#[test]
fn each_ics_file_parses_and_holds_every_theme_day() {
    use icalendar::Component;
    for (prefix, lang) in [("", "zh"), ("en/", "en")] {
        let text = read(&format!("{prefix}calendar.ics"));
        // RFC 5545: CRLF line ends, lines of at most 75 octets.
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(
            !text.replace("\r\n", "").contains('\n'),
            "bare LF in {prefix}calendar.ics"
        );
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded = icalendar::parser::unfold(&text);
        let parsed =
            icalendar::parser::read_calendar(&unfolded).unwrap_or_else(|e| panic!("{prefix}calendar.ics parses: {e}"));
        assert!(
            parsed
                .properties
                .iter()
                .any(|p| p.name.as_str() == "VERSION" && p.val.as_str() == "2.0")
        );
        let calendar: icalendar::Calendar = text.parse().expect("a calendar");
        let events: Vec<&icalendar::Event> = calendar.components.iter().filter_map(|c| c.as_event()).collect();
        let days = datafns::theme_days(&load_data(), lang, "zh");
        assert_eq!(events.len(), days.len(), "one event per theme day");
        let mut uids = std::collections::BTreeSet::new();
        for day in &days {
            let event = events
                .iter()
                .find(|e| {
                    e.get_uid()
                        .is_some_and(|u| u.starts_with(&format!("{}.{lang}@", day.id)))
                })
                .unwrap_or_else(|| panic!("{prefix}calendar.ics has {}", day.id));
            assert!(uids.insert(event.get_uid().unwrap().to_owned()));
            let summary = event.get_summary().expect("a summary");
            assert!(summary.contains(&day.name), "{summary} names {}", day.name);
            assert_eq!(event.property_value("RRULE"), Some("FREQ=YEARLY"));
            let Some(icalendar::DatePerhapsTime::Date(start)) = event.get_start() else {
                panic!("{} is an all-day event", day.id)
            };
            let Some(icalendar::DatePerhapsTime::Date(end)) = event.get_end() else {
                panic!("{} has an end date", day.id)
            };
            use chrono::Datelike;
            assert_eq!(start.month(), day.month);
            match day.day {
                Some(d) => {
                    assert_eq!(start.day(), d);
                    assert_eq!((end - start).num_days(), i64::from(day.days), "{}", day.id);
                }
                None => {
                    // Dates announced each year: a reminder on the 1st that says so.
                    assert_eq!(start.day(), 1);
                    assert_eq!((end - start).num_days(), 1);
                    let said = if lang == "zh" {
                        "每年公布"
                    } else {
                        "announced each year"
                    };
                    assert!(summary.contains(said), "{summary}");
                    let description = event.get_description().unwrap_or_default();
                    assert!(description.contains(day.rule.trim_end_matches('.')), "{description}");
                }
            }
            assert!(event.property_value("DTSTAMP").is_some());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Fixtures: sites without the data, a chart in any template, byte-identical builds

const TARGETS: &str = "\
units:
  percent: {zh: \"%\", en: \"%\"}
regions:
  north: {zh: 北区, en: North}
  south: {zh: 南区, en: South}
indicators:
  energy-intensity: {zh: 能耗降低, en: Cut in energy use}
  water-intensity: {zh: 水耗降低, en: Cut in water use}
targets:
  - {region: north, indicator: energy-intensity, baseline_year: 2020, target_year: 2025, value: 14, unit: percent, kind: reduction, source: local-plan}
  - {region: north, indicator: water-intensity, baseline_year: 2020, target_year: 2025, value: 10, unit: percent, kind: reduction, source: local-plan}
  - {region: south, indicator: energy-intensity, baseline_year: 2020, target_year: 2025, value: 9.5, unit: percent, kind: reduction, source: local-plan}
";

const THEME_DAYS: &str = "\
- id: water-day
  name: {zh: 世界水日, en: \"World Water Day, with a comma; and a semicolon\"}
  about: {zh: 节约用水。, en: Save water.}
  date: \"03-22\"
  sources: [local-plan]
- id: energy-week
  name: {zh: 节能宣传周, en: Energy Saving Week}
  about: {zh: 节约能源。, en: Save energy.}
  announced: {month: 6, zh: 每年公布, en: Dates are set each year}
  days: 7
";

#[test]
fn a_site_without_the_data_gets_no_extra_pages_and_no_links_to_them() {
    let f = Fixture::new();
    let report = f.build();
    assert!(
        report.diagnostics.is_empty(),
        "{}",
        report.diagnostics.render_terminal(false)
    );
    for path in [
        "calculator/index.html",
        "targets/index.html",
        "calendar/index.html",
        "calendar.ics",
    ] {
        assert!(!f.public().join(path).exists(), "{path}");
    }
    assert!(select(&f.html("index.html"), ".tools").is_empty());
}

#[test]
fn any_template_can_embed_a_chart_of_a_data_file() {
    let f = Fixture::new();
    f.file("data/targets.yaml", TARGETS)
        .file("data/visits.csv", "month,visitors\n一月,120\n二月,\"1,480\"\n")
        .file(
            "templates/page.html",
            "{% extends \"base.html\" %}{% block main %}<h1>{{ page.title }}</h1>\
             {{ chart(data=\"targets\", indicator=\"energy-intensity\") }}\
             {{ chart(data=\"targets\", kind=\"reductions\", region=\"north\", id=\"north-cuts\") }}\
             {{ chart(data=\"visits\", label=\"month\", value=\"visitors\", title=\"<Visitors>\", unit=\"people\") }}\
             {% for c in page.extra.charts | default(value=[]) %}{{ chart(spec=c) }}{% endfor %}\
             {% endblock main %}",
        )
        .file("content/about.md", "---\ntitle: 关于\n---\n")
        .file(
            "content/about.en.md",
            "---\ntitle: About\nextra:\n  charts:\n    - {kind: reductions, region: south, id: south-cuts}\n---\n",
        );
    let report = f.build();
    assert!(report.succeeded(), "{}", report.diagnostics.render_terminal(false));
    let doc = f.html("en/about/index.html");
    assert_eq!(
        attrs(&doc, "figure.chart", "id"),
        [
            "chart-bars-energy-intensity",
            "north-cuts",
            "chart-visits",
            "south-cuts"
        ]
    );
    assert_eq!(
        texts(&doc, "#chart-bars-energy-intensity svg title"),
        ["Cut in energy use"]
    );
    assert_eq!(texts(&doc, "#chart-bars-energy-intensity tbody th"), ["North", "South"]);
    assert_eq!(
        texts(&doc, "#north-cuts tbody th"),
        ["Cut in energy use", "Cut in water use"]
    );
    // Text is escaped, and CSV numbers with grouping commas are read (and written as English
    // writes them).
    assert_eq!(texts(&doc, "#chart-visits svg title"), ["<Visitors>"]);
    assert!(f.read("en/about/index.html").contains("&lt;Visitors&gt;"));
    assert_eq!(texts(&doc, "#chart-visits tbody td"), ["120 people", "1,480 people"]);
    // The targets page and the calendar appear once their data does.
    assert!(f.public().join("en/targets/index.html").is_file());

    // A chart of something that is not there is an error that names the function.
    f.file(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}{{ chart(indicator=\"nothing\") }}{% endblock main %}",
    );
    let report = f.build();
    assert!(!report.succeeded());
    let message = report.diagnostics.render_terminal(false);
    assert!(message.contains("chart(): no target matches"), "{message}");
}

#[test]
fn extra_pages_and_calendars_are_byte_identical_across_builds() {
    let f = Fixture::new();
    f.file("data/targets.yaml", TARGETS)
        .file("data/theme_days.yaml", THEME_DAYS)
        .file(
            "data/factors.yaml",
            "grid_emission: {value: 0.5703, unit: kg CO2/kWh, year: 2022, source: {zh: 因子, en: Factor}}\n\
             electricity_price: {value: 0.56, unit: yuan/kWh, year: 2024, source: {zh: 电价, en: Tariff}}\n",
        )
        .file(
            "content/tips/led.md",
            "---\ntitle: 换LED灯\ndescription: 换灯。\ncategories: [electricity]\nsavings:\n  assumption: 每天4小时，全年365天，少用51瓦\n  electricity: {watts: 51, hours_per_day: 4, days_per_year: 365}\n---\n",
        )
        .file(
            "content/tips/led.en.md",
            "---\ntitle: Switch to LED\ndescription: Switch.\ncategories: [electricity]\nsavings:\n  assumption: 4 hours a day all year, 51 W less\n  electricity: {watts: 51, hours_per_day: 4, days_per_year: 365}\n---\n",
        );
    for out in ["out-a", "out-b"] {
        let options = BuildOptions {
            output: Some(f.root().join(out)),
            ..BuildOptions::new(f.root())
        };
        let report = build(&options);
        assert!(report.succeeded(), "{}", report.diagnostics.render_terminal(false));
    }
    let a = snapshot(&f.root().join("out-a"));
    let b = snapshot(&f.root().join("out-b"));
    assert_eq!(a, b);
    for file in [
        "calculator/index.html",
        "en/calculator/index.html",
        "targets/index.html",
        "calendar/index.html",
        "calendar.ics",
        "en/calendar.ics",
    ] {
        assert!(a.iter().any(|(p, _)| p == file), "{file}");
    }
    // Text values are escaped as RFC 5545 asks.
    let ics = std::fs::read_to_string(f.root().join("out-a/en/calendar.ics")).unwrap();
    let unfolded = icalendar::parser::unfold(&ics);
    assert!(
        unfolded.contains("SUMMARY:World Water Day\\, with a comma\\; and a semicolon\r\n"),
        "{unfolded}"
    );
    assert!(unfolded.contains("DTSTART;VALUE=DATE:20240322\r\n"));
    assert!(unfolded.contains("SUMMARY:Energy Saving Week (dates announced each year\\; usually in June)\r\n"));
    // The calculator shows the figures of the tip in the site's language.
    let doc = scraper::Html::parse_document(
        &std::fs::read_to_string(f.root().join("out-a/en/calculator/index.html")).unwrap(),
    );
    assert_eq!(attrs(&doc, "#tip-led", "data-kwh"), ["74"]);
}

#[test]
fn the_tip_list_has_a_filter_form_hidden_until_javascript_and_cards_carry_their_terms() {
    for prefix in ["", "en/"] {
        let doc = html(&format!("{prefix}tips/index.html"));
        assert_eq!(attrs(&doc, "form[data-tip-filter]", "hidden"), [""]);
        let names = attrs(&doc, "form[data-tip-filter] select", "name");
        for taxonomy in ["categories", "campaigns", "audiences"] {
            assert!(names.contains(&taxonomy.to_owned()), "{names:?}");
        }
        assert_eq!(attrs(&doc, ".tip-filter__status", "aria-live"), ["polite"]);
        let cards = select(&doc, "#tip-cards > li");
        assert!(cards.len() >= 80);
        assert!(cards.iter().all(|c| c.value().attr("data-terms-categories").is_some()));
    }
}

// ---------------------------------------------------------------------------------------------
// In a browser

/// A static file server on 127.0.0.1 for the browser tests (the site's URLs start at `/`,
/// which `file://` cannot serve). It stops when dropped, and by itself after two minutes.
struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
}

impl Server {
    fn start(root: &Path) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        listener.set_nonblocking(true).expect("non-blocking");
        let addr = listener.local_addr().expect("an address");
        let stop = Arc::new(AtomicBool::new(false));
        let (root, flag) = (root.to_path_buf(), stop.clone());
        std::thread::spawn(move || {
            let started = Instant::now();
            while !flag.load(Ordering::SeqCst) && started.elapsed() < Duration::from_secs(120) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let root = root.clone();
                        std::thread::spawn(move || answer(stream, &root));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Server { addr, stop }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn answer(mut stream: TcpStream, root: &Path) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) if line == "\r\n" || line == "\n" => break,
            Ok(_) => {}
        }
    }
    let target = request.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let mut file = root.to_path_buf();
    for part in path.split('/').filter(|p| !p.is_empty()) {
        if part == ".." {
            return;
        }
        file.push(part);
    }
    if file.is_dir() {
        file.push("index.html");
    }
    let (status, kind, body) = match std::fs::read(&file) {
        Ok(body) => {
            let kind = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("css") => "text/css",
                Some("js") => "text/javascript",
                Some("svg") => "image/svg+xml",
                Some("ics") => "text/calendar; charset=utf-8",
                _ => "application/octet-stream",
            };
            ("200 OK", kind, body)
        }
        Err(_) => ("404 Not Found", "text/plain", b"not found".to_vec()),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

#[test]
fn filters_narrow_the_tip_list_in_a_browser_and_keep_the_choice_in_the_address() {
    let Some(browser) = tools::chromium() else { return };
    let site = bundled();
    let server = Server::start(site);
    let static_doc = html("en/tips/index.html");
    let water: Vec<String> = select(&static_doc, "#tip-cards > li")
        .iter()
        .filter(|c| {
            c.value()
                .attr("data-terms-categories")
                .is_some_and(|t| t.split(' ').any(|x| x == "water"))
        })
        .map(|c| text_of(&select_in(c, ".card__title")[0]))
        .collect();
    let total = select(&static_doc, "#tip-cards > li").len();
    assert!(!water.is_empty() && water.len() < total);
    // Without JavaScript, each filter is a link to its term's own page.
    let filter_links = attrs(&static_doc, "[data-filter-links] a", "href");
    assert!(
        filter_links.contains(&"/en/categories/water/".to_owned()),
        "{filter_links:?}"
    );
    assert!(site.join("en/categories/water/index.html").is_file());

    // The address sets the filter on load.
    let doc = dump_dom(&browser, &server.url("/en/tips/?categories=water"));
    assert_eq!(attrs(&doc, "form[data-tip-filter]", "hidden"), Vec::<String>::new());
    let visible: Vec<String> = select(&doc, "#tip-cards > li:not([hidden]) .card__title")
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(visible, water);
    let status = texts(&doc, ".tip-filter__status").pop().unwrap();
    assert_eq!(status, format!("Showing {} of {total} tips.", water.len()));
    // The heading and its count follow the filter; the links it replaces are hidden.
    let water_label = texts(&doc, "#filter-categories option[value=water]").pop().unwrap();
    let heading = texts(&doc, "[data-filter-heading]").pop().unwrap();
    assert_eq!(
        heading,
        format!("{} ({})", water_label.rsplit_once(" (").unwrap().0, water.len())
    );
    assert_eq!(attrs(&doc, "[data-filter-links]", "hidden").len(), 1);

    // Choosing in the form narrows the list further and writes the choice into the address.
    let page = harness(
        site,
        "harness-filters.html",
        "/en/tips/",
        "const category = d.getElementById('filter-categories'); category.value = 'water';\
         category.dispatchEvent(new Event('change', { bubbles: true }));\
         const audience = d.getElementById('filter-audiences'); audience.value = 'schools';\
         audience.dispatchEvent(new Event('change', { bubbles: true }));\
         setTimeout(() => report({ search: w.location.search,\
           visible: Array.from(d.querySelectorAll('#tip-cards > li')).filter(c => !c.hidden).map(c => [c.getAttribute('data-terms-categories'), c.getAttribute('data-terms-audiences')]),\
           status: d.querySelector('.tip-filter__status').textContent }), 100);",
    );
    let result = out_json(&dump_dom(&browser, &server.url(&page)));
    assert_eq!(result["search"], "?categories=water&audiences=schools");
    let visible = result["visible"].as_array().expect("a list");
    assert!(!visible.is_empty() && visible.len() < water.len(), "{visible:?}");
    for card in visible {
        assert!(card[0].as_str().unwrap().split(' ').any(|t| t == "water"));
        assert!(card[1].as_str().unwrap_or_default().split(' ').any(|t| t == "schools"));
    }
}

#[test]
fn ticking_three_tips_adds_up_their_figures_and_the_address_restores_the_choice() {
    let Some(browser) = tools::chromium() else { return };
    let site = bundled();
    let server = Server::start(site);
    let expected = savings_by_slug("en");
    // Three tips that between them save electricity, water and petrol.
    let pick = |f: &dyn Fn(&savings::YearlySavings) -> bool| {
        expected
            .iter()
            .find(|(_, s)| f(s))
            .map(|(slug, _)| slug.clone())
            .expect("such a tip")
    };
    let chosen = [
        pick(&|s| s.kwh > 0.0),
        pick(&|s| s.water_m3 > 0.0),
        pick(&|s| s.petrol_litres > 0.0),
    ];
    let sum = |f: fn(&savings::YearlySavings) -> f64| -> f64 {
        (chosen.iter().map(|c| f(&expected[c])).sum::<f64>() * 10.0).round() / 10.0
    };
    let totals = [
        ("kwh", sum(|s| s.kwh)),
        ("water", sum(|s| s.water_m3)),
        ("petrol", sum(|s| s.petrol_litres)),
        ("co2", sum(|s| s.co2_kg)),
        ("yuan", sum(|s| s.yuan)),
    ];

    // Ticking the boxes as a reader would.
    let ids = serde_json::to_string(&chosen).unwrap();
    let page = harness(
        site,
        "harness-calculator.html",
        "/en/calculator/",
        &format!(
            "{ids}.forEach(id => d.getElementById('tip-' + id).click());\
             setTimeout(() => {{ const totals = {{}};\
               d.querySelectorAll('[data-total]').forEach(o => totals[o.dataset.total] = [o.dataset.value, o.textContent]);\
               report({{ totals, search: w.location.search, count: d.querySelector('[data-calc-count]').textContent,\
                        share: d.querySelector('[data-calc-share]').getAttribute('href'),\
                        hidden: d.querySelector('[data-calc-results]').hidden }}); }}, 100);"
        ),
    );
    let result = out_json(&dump_dom(&browser, &server.url(&page)));
    // The address lists the choice in the order of the page.
    let order = attrs(&html("en/calculator/index.html"), "input[name=t]", "value");
    let mut in_order = chosen.to_vec();
    in_order.sort_by_key(|slug| order.iter().position(|o| o == slug));
    let query = format!("?t={}", in_order.join(","));
    assert_eq!(result["search"], query.as_str());
    assert_eq!(result["share"], format!("/en/calculator/{query}").as_str());
    assert_eq!(result["hidden"], false);
    assert!(
        result["count"].as_str().unwrap().starts_with("3 tips chosen"),
        "{result}"
    );
    for (key, value) in totals {
        let shown = &result["totals"][key];
        assert_eq!(number(shown[0].as_str().unwrap()), value, "{key}: {result}");
        assert_eq!(number(shown[1].as_str().unwrap()), value, "{key} as shown: {result}");
    }

    // Opening the shared address restores the ticks and the totals.
    let page = harness(
        site,
        "harness-restore.html",
        &format!("/en/calculator/{query}"),
        "setTimeout(() => report({ checked: Array.from(d.querySelectorAll('input[name=t]')).filter(b => b.checked).map(b => b.value) }), 100);",
    );
    let result = out_json(&dump_dom(&browser, &server.url(&page)));
    let mut restored: Vec<String> = serde_json::from_value(result["checked"].clone()).unwrap();
    restored.sort();
    let mut wanted = chosen.to_vec();
    wanted.sort();
    assert_eq!(restored, wanted);
    let doc = dump_dom(&browser, &server.url(&format!("/en/calculator/{query}")));
    for (key, value) in totals {
        let shown = attrs(&doc, &format!("[data-total={key}]"), "data-value");
        assert_eq!(number(&shown[0]), value, "{key} restored from the address");
        let text = texts(&doc, &format!("[data-total={key}]"));
        assert_eq!(number(&text[0]), value);
    }
    // Numbers are grouped as the page's language writes them.
    if totals.iter().any(|(_, v)| *v >= 1000.0) {
        assert!(texts(&doc, "[data-total]").iter().any(|t| t.contains(',')));
    }
}
