//! The bundled site as visitors see it in headless Chromium, on a phone (390 × 844) and on a
//! desktop (1280 × 800): a header that leaves room for the page, a calculator whose totals never
//! cover the tip being ticked, tables and charts that stay readable, and headings that never
//! end with one Chinese character alone on their last line.

mod common;
use common::browser::{dump_dom, harness_sized, out_json};
use common::server::Server;
use common::tools;
use greenprint::build::{BuildOptions, build};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const PHONE: (u32, u32) = (390, 844);
const DESKTOP: (u32, u32) = (1280, 800);

/// The bundled site, built once for every test in this file.
fn bundled() -> &'static Path {
    static PUBLIC: OnceLock<PathBuf> = OnceLock::new();
    PUBLIC.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("phones-bundled");
        let options = BuildOptions {
            output: Some(out.clone()),
            ..BuildOptions::new(Path::new(env!("CARGO_MANIFEST_DIR")))
        };
        let report = build(&options);
        assert!(report.succeeded(), "{}", report.diagnostics.render_terminal(false));
        out
    })
}

/// Loads `page` in a frame of `size`, runs `script` on it and returns what it reported.
fn look(browser: &Path, server: &Server, name: &str, page: &str, size: (u32, u32), script: &str) -> serde_json::Value {
    let harness = harness_sized(bundled(), name, page, size, script);
    out_json(&dump_dom(browser, &server.url(&harness)))
}

#[test]
fn the_header_leaves_the_phone_screen_to_the_page() {
    let Some(browser) = tools::chromium() else { return };
    let server = Server::start(bundled());
    let script = "const header = d.querySelector('.site-header').getBoundingClientRect().height;\
        const input = d.querySelector('.site-search input');\
        const button = d.querySelector('.site-search button');\
        const style = w.getComputedStyle(input);\
        const ctx = d.createElement('canvas').getContext('2d'); ctx.font = style.font;\
        const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);\
        const b = w.getComputedStyle(button);\
        const lines = Math.round((button.clientHeight - parseFloat(b.paddingTop) - parseFloat(b.paddingBottom)) / parseFloat(b.lineHeight));\
        report({header, buttonLines: lines, placeholder: ctx.measureText(input.placeholder).width, room});";
    for page in ["/", "/en/", "/calculator/", "/en/calculator/", "/en/targets/", "/tips/"] {
        for size in [PHONE, DESKTOP] {
            let seen = look(&browser, &server, "header-harness.html", page, size, script);
            let header = seen["header"].as_f64().unwrap();
            assert!(header <= 160.0, "{page} at {size:?}: the header is {header} px tall");
            assert_eq!(seen["buttonLines"], 1, "{page} at {size:?}: the search button wraps");
            let (placeholder, room) = (seen["placeholder"].as_f64().unwrap(), seen["room"].as_f64().unwrap());
            assert!(
                placeholder <= room,
                "{page} at {size:?}: the placeholder needs {placeholder} px and has {room}"
            );
        }
    }
}

#[test]
fn the_calculator_totals_never_cover_a_focused_tip() {
    let Some(browser) = tools::chromium() else { return };
    let server = Server::start(bundled());
    // Every tip is focused in turn, as the Tab key would, with a few already ticked.
    let script = "const boxes = [...d.querySelectorAll('.calc__tip input')];\
        boxes.slice(0, 3).forEach(b => b.click());\
        const shown = e => e && !e.hidden && w.getComputedStyle(e).display !== 'none';\
        const covers = [d.querySelector('.calc__bar'), d.querySelector('.calc__results')].filter(shown);\
        const bar = d.querySelector('.calc__bar');\
        const covered = [];\
        boxes.forEach(b => { b.focus();\
          const r = b.getBoundingClientRect();\
          if (r.top < 0 || r.bottom > w.innerHeight) covered.push(b.id + ' is off the screen');\
          covers.forEach(c => { const s = c.getBoundingClientRect();\
            if (r.bottom > s.top && r.top < s.bottom && r.right > s.left && r.left < s.right) covered.push(b.id + ' under ' + c.className); }); });\
        report({tips: boxes.length, covered, bar: shown(bar) ? bar.getBoundingClientRect().height : 0,\
          barText: bar ? bar.textContent : '', viewport: w.innerHeight,\
          prompt: d.querySelector('[data-calc-count]').getAttribute('data-none')});";
    for page in ["/calculator/", "/en/calculator/"] {
        for size in [PHONE, DESKTOP] {
            let seen = look(&browser, &server, "calculator-harness.html", page, size, script);
            assert!(seen["tips"].as_u64().unwrap() >= 10, "{seen}");
            assert_eq!(seen["covered"], serde_json::json!([]), "{page} at {size:?}");
            let bar = seen["bar"].as_f64().unwrap();
            assert!(
                bar <= seen["viewport"].as_f64().unwrap() / 5.0,
                "{page} at {size:?}: {seen}"
            );
            if size == PHONE {
                assert!(bar > 0.0, "{page}: on a phone a bar keeps the totals in sight");
                assert!(seen["barText"].as_str().unwrap().contains('3'), "{seen}");
            }
            assert!(!seen["prompt"].as_str().unwrap().contains("左侧"), "{seen}");
        }
    }
}

#[test]
fn targets_tables_and_charts_stay_readable_on_a_phone() {
    let Some(browser) = tools::chromium() else { return };
    let server = Server::start(bundled());
    // A cell is too narrow when its text runs fewer than three characters a line.
    let script = "const narrow = [];\
        d.querySelectorAll('.targets-table th, .targets-table td, .chart__table th, .chart__table td').forEach(c => {\
          const text = c.textContent.trim(); if (text.length < 2) return;\
          const r = d.createRange(); r.selectNodeContents(c);\
          const lines = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top))).size;\
          if (lines > 1 && text.length / lines < 3) narrow.push(text + ': ' + lines + ' lines'); });\
        const small = [];\
        d.querySelectorAll('svg.chart__svg').forEach(svg => {\
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;\
          svg.querySelectorAll('text').forEach(t => { const px = parseFloat(w.getComputedStyle(t).fontSize) * scale;\
            if (px < 12) small.push(t.textContent + ': ' + px.toFixed(1)); }); });\
        const firstColumn = [...d.querySelectorAll('.targets-table tr > :first-child')].every(c => w.getComputedStyle(c).position === 'sticky');\
        report({cells: d.querySelectorAll('.targets-table td').length, narrow, small, firstColumn,\
          charts: d.querySelectorAll('svg.chart__svg').length});";
    for page in ["/targets/", "/en/targets/"] {
        for size in [PHONE, DESKTOP] {
            let seen = look(&browser, &server, "targets-harness.html", page, size, script);
            assert!(
                seen["cells"].as_u64().unwrap() > 20 && seen["charts"].as_u64().unwrap() > 2,
                "{seen}"
            );
            assert_eq!(
                seen["narrow"],
                serde_json::json!([]),
                "{page} at {size:?}: cells too narrow"
            );
            assert_eq!(
                seen["small"],
                serde_json::json!([]),
                "{page} at {size:?}: chart text under 12 px"
            );
            assert_eq!(seen["firstColumn"], true, "{page}: the first column stays in view");
        }
    }
}

/// Reports every heading, slogan, card title and savings line whose last line holds one
/// Chinese character alone (punctuation aside). With `old_browser`, `text-wrap` is switched
/// off first, as in WeChat's browser or Safari 12, so that only what the build did counts.
fn lone_characters_script(old_browser: bool) -> String {
    let switch_off = if old_browser {
        "const st = d.createElement('style'); st.textContent = '* { text-wrap-style: auto !important; }'; d.head.append(st);"
    } else {
        ""
    };
    format!(
        "{switch_off}\
        const han = /[\\u3400-\\u9fff\\uf900-\\ufaff]/;\
        const lone = []; let checked = 0;\
        d.querySelectorAll('h1, h2, h3, .card__title, .card__slogan, .campaign__slogan, .card__saving').forEach(el => {{\
          const chars = []; const walker = d.createTreeWalker(el, NodeFilter.SHOW_TEXT); let node;\
          while ((node = walker.nextNode())) {{ for (let i = 0; i < node.data.length; i++) {{\
            if (/[\\s\\u2060]/.test(node.data[i])) continue;\
            const r = d.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);\
            const box = r.getClientRects()[0]; if (!box || box.width === 0) continue;\
            chars.push({{ c: node.data[i], mid: (box.top + box.bottom) / 2, h: box.height }}); }} }}\
          if (chars.length < 2) return; checked++;\
          const last = chars[chars.length - 1];\
          const line = chars.filter(x => Math.abs(x.mid - last.mid) < last.h / 2);\
          if (line.length === chars.length) return;\
          const letters = line.filter(x => /[\\p{{L}}\\p{{N}}]/u.test(x.c));\
          if (letters.length === 1 && han.test(letters[0].c)) lone.push(el.textContent.trim()); }});\
        report({{checked, lone}});"
    )
}

#[test]
fn no_heading_slogan_or_savings_line_ends_with_one_chinese_character_alone() {
    let Some(browser) = tools::chromium() else { return };
    let server = Server::start(bundled());
    let pages = [
        "/",
        "/campaigns/",
        "/campaigns/green-families/",
        "/tips/",
        "/tips/ac-at-26-degrees/",
        "/calculator/",
        "/targets/",
        "/about/",
    ];
    for old_browser in [false, true] {
        let script = lone_characters_script(old_browser);
        for page in pages {
            for size in [PHONE, DESKTOP] {
                let seen = look(&browser, &server, "lines-harness.html", page, size, &script);
                assert!(seen["checked"].as_u64().unwrap() > 0, "{page}: {seen}");
                assert_eq!(
                    seen["lone"],
                    serde_json::json!([]),
                    "{page} at {size:?}{}: these end with one character alone",
                    if old_browser { " without text-wrap" } else { "" }
                );
            }
        }
    }
}

#[test]
fn large_text_stays_on_for_the_next_page_and_makes_text_a_quarter_larger() {
    let Some(browser) = tools::chromium() else { return };
    let server = Server::start(bundled());
    // First load: note the text size and press the button; then follow a link and look again.
    let script = "const size = () => parseFloat(w.getComputedStyle(d.body).fontSize);\
        const button = d.querySelector('[data-large-text]');\
        if (!window.step) { window.step = { before: size(), visible: !button.hidden };\
          button.click(); window.step.pressed = button.getAttribute('aria-pressed');\
          w.location.href = d.querySelector('.site-nav a').href; return; }\
        report(Object.assign(window.step, { after: size(), on: d.documentElement.classList.contains('large-text'),\
          pressedAfter: button.getAttribute('aria-pressed'), page: w.location.pathname }));";
    for (page, size) in [("/", PHONE), ("/en/", DESKTOP)] {
        let seen = look(&browser, &server, "large-text-harness.html", page, size, script);
        assert_eq!(seen["visible"], true, "{seen}");
        assert_eq!(seen["pressed"], "true", "{seen}");
        assert_ne!(seen["page"], page, "{seen}");
        assert_eq!(seen["on"], true, "the next page is in large text too: {seen}");
        assert_eq!(seen["pressedAfter"], "true", "{seen}");
        let (before, after) = (seen["before"].as_f64().unwrap(), seen["after"].as_f64().unwrap());
        assert!(after >= before * 1.25 - 0.01, "{before} px became {after} px: {seen}");
    }
}

#[test]
fn chinese_pages_have_no_slanted_text_and_write_units_in_chinese() {
    let Some(browser) = tools::chromium() else { return };
    let server = Server::start(bundled());
    let script = "const slanted = [...d.querySelectorAll('em, i, cite')]\
          .filter(e => e.closest('[lang]').lang.startsWith('zh') && w.getComputedStyle(e).fontStyle !== 'normal')\
          .map(e => e.textContent);\
        report({ checked: d.querySelectorAll('em, i, cite').length, slanted,\
          factors: [...d.querySelectorAll('.calc__factors td')].map(td => td.textContent).join(' | ') });";
    for page in ["/calculator/", "/targets/", "/campaigns/green-families/"] {
        let seen = look(&browser, &server, "italics-harness.html", page, DESKTOP, script);
        assert_eq!(seen["slanted"], serde_json::json!([]), "{page}: {seen}");
        if page == "/calculator/" {
            let factors = seen["factors"].as_str().unwrap();
            assert!(
                factors.contains("元/千瓦时") && !factors.contains("yuan/kWh"),
                "{factors}"
            );
        } else {
            assert!(seen["checked"].as_u64().unwrap() > 0, "{page}: {seen}");
        }
    }
}
