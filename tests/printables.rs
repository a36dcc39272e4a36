//! Posters and tip cards: listed on a printables page in each language, linked from their
//! campaign, and — with Chromium — printed to PDFs of exactly one sheet of the declared size,
//! with the title, slogan, campaign colour and a QR code that leads back to the campaign page.

mod common;
use common::tools;
use common::*;
use greenprint::build::{BuildOptions, build};
use std::path::Path;

#[test]
fn printables_page_lists_every_poster_and_card_sheet_with_its_size() {
    let f = Fixture::new();
    f.build_ok();
    for (prefix, size) in [("", "A4（210 × 297 毫米）"), ("en/", "A3 (297 × 420 mm)")] {
        let page = f.html(&format!("{prefix}printables/index.html"));
        let links = attrs(&page, ".printables-table a", "href");
        for suffix in ["poster-a4", "poster-a3", "tip-cards"] {
            let url = format!("/{prefix}printables/green-families-{suffix}.html");
            assert!(links.contains(&url), "{url} in {links:?}");
            assert!(f.public().join(url.trim_start_matches('/')).is_file());
        }
        assert!(texts(&page, ".printables-table td").iter().any(|t| t == size), "{size}");
    }
    let campaign = f.html("en/campaigns/green-families/index.html");
    assert!(
        attrs(&campaign, ".campaign__prints a", "href")
            .contains(&"/en/printables/green-families-poster-a3.html".to_owned())
    );
}

#[test]
fn a_poster_carries_title_slogan_actions_lead_unit_and_a_qr_code() {
    let f = Fixture::new();
    f.build_ok();
    let poster = f.html("en/printables/green-families-poster-a4.html");
    assert_eq!(texts(&poster, ".poster__title"), ["Green Families"]);
    assert_eq!(texts(&poster, ".poster__slogan"), ["Save power"]);
    assert_eq!(
        texts(&poster, ".poster__url"),
        ["https://green.example.gov.cn/en/campaigns/green-families/"]
    );
    assert!(texts(&poster, ".poster__lead")[0].contains("Municipal Women's Federation"));
    assert_eq!(attrs(&poster, ".poster__qr svg", "role"), ["img"]);
    // One key action is filled up to three with the campaign's tips.
    assert_eq!(texts(&poster, ".poster__action").len(), 3);
}

#[test]
fn bilingual_posters_put_the_english_beneath_the_chinese() {
    let f = Fixture::new();
    f.file("site.yaml", &format!("{SITE_YAML}build:\n  bilingual_posters: true\n"));
    f.build_ok();
    let poster = f.html("printables/green-families-poster-a3.html");
    assert_eq!(texts(&poster, ".poster__title"), ["绿色家庭"]);
    assert_eq!(texts(&poster, ".poster__title-2"), ["Green Families"]);
    assert_eq!(texts(&poster, ".poster__slogan-2"), ["Save power"]);
}

#[test]
fn a_right_to_left_poster_mirrors() {
    let f = Fixture::new();
    f.file(
        "site.yaml",
        &SITE_YAML.replace(
            "  - {code: en, name: English}",
            "  - {code: en, name: English}\n  - {code: ug, name: ئۇيغۇرچە, dir: rtl}",
        ),
    )
    .file(
        "content/campaigns/green-families.ug.md",
        &campaign("يېشىل ئائىلە", "توكنى تېجەڭ"),
    );
    f.build_ok();
    let poster = f.html("ug/printables/green-families-poster-a4.html");
    assert_eq!(attrs(&poster, "html", "dir"), ["rtl"]);
    assert_eq!(attrs(&poster, "main.sheet", "dir"), ["rtl"]);
}

/// A campaign with a very long slogan and twelve key actions.
fn overfull_campaign(f: &Fixture) {
    let actions: String = (1..=12)
        .map(|n| format!("  - 第{n}条：每天少开一小时空调，夏季室内温度设在二十六度以上，冬季不高于二十度\n"))
        .collect();
    f.file(
        "content/campaigns/green-families.md",
        &format!(
            "---\ntitle: 绿色家庭\ndescription: d。\ncolor: \"#2e7d32\"\naudience: 居民\nslogan: {}\nkey_actions:\n{actions}lead_units: [womens-federation]\nsource: local-plan\n---\n",
            "节约一度电一滴水一张纸一粒米，绿色生活从我家开始，".repeat(6)
        ),
    );
}

#[test]
fn an_overfull_poster_still_fits_one_sheet_and_the_build_warns() {
    let f = Fixture::new();
    overfull_campaign(&f);
    let report = f.build();
    assert!(report.succeeded());
    let shown = report.diagnostics.render_terminal(false);
    assert!(
        shown.contains("content/campaigns/green-families.md: warning: the zh posters of this campaign are too full"),
        "{shown}"
    );
    let poster = f.html("printables/green-families-poster-a4.html");
    assert!(texts(&poster, ".poster__action").len() < 12);
    let (Some(browser), Some(_)) = (tools::chromium(), tools::poppler()) else {
        return;
    };
    // Printed on its own by the browser, as a person would, it is still one page.
    let pdf = f.root().join("poster.pdf");
    let profile = tempfile::tempdir().unwrap();
    greenprint::pdf::chromium::print_to_pdf(
        &browser,
        &f.public().join("printables/green-families-poster-a4.html"),
        &pdf,
        profile.path(),
        60,
    )
    .unwrap();
    assert_eq!(tools::pdf_info(&pdf).0, 1);
}

fn contains_colour(image: &image::RgbImage, hex: &str) -> bool {
    let (r, g, b) = greenprint::color::parse_hex(hex).unwrap();
    let close = |a: u8, b: u8| a.abs_diff(b) <= 6;
    image
        .pixels()
        .filter(|p| close(p[0], r) && close(p[1], g) && close(p[2], b))
        .count()
        > 500
}

fn decode_qr(image: &image::RgbImage) -> Option<String> {
    let gray = image::DynamicImage::ImageRgb8(image.clone()).to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(gray);
    prepared
        .detect_grids()
        .into_iter()
        .find_map(|g| g.decode().ok().map(|(_, text)| text))
}

#[test]
fn every_printable_of_the_bundled_site_prints_to_one_sheet_with_its_colour_and_qr_code() {
    let (Some(_), Some(_)) = (tools::chromium(), tools::poppler()) else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let options = BuildOptions {
        output: Some(out.path().join("public")),
        pdf: true,
        ..BuildOptions::new(repo)
    };
    let report = build(&options);
    assert!(report.succeeded(), "{}", report.diagnostics.render_terminal(false));
    eprintln!("rendered {} PDFs in {:.1} s", report.pdf_files, report.pdf_seconds);
    assert_eq!(report.pdf_files, 42, "7 campaigns × 2 languages × (A4, A3, cards)");

    let config = greenprint::config::Config::load(repo).unwrap();
    let mut diagnostics = greenprint::diagnostics::Diagnostics::new();
    let pages = greenprint::content::load(repo, &config, false, &mut diagnostics);
    let public = out.path().join("public");
    for page in pages
        .iter()
        .filter(|p| p.kind == greenprint::content::PageKind::Campaign)
    {
        let prefix = if page.lang == "zh" {
            String::new()
        } else {
            format!("{}/", page.lang)
        };
        let colour = page.meta.color.as_deref().unwrap();
        let permalink = format!("https://green.example.gov.cn/{prefix}campaigns/{}/", page.slug);
        for (suffix, width, height) in [
            ("poster-a4", 595.0, 842.0),
            ("poster-a3", 842.0, 1191.0),
            ("tip-cards", 595.0, 842.0),
        ] {
            let pdf = public.join(format!("{prefix}printables/{}-{suffix}.pdf", page.slug));
            let (count, w, h) = tools::pdf_info(&pdf);
            assert_eq!(count, 1, "{}", pdf.display());
            assert!(
                (w - width).abs() <= 1.0 && (h - height).abs() <= 1.0,
                "{}: {w} × {h}",
                pdf.display()
            );
            let image = tools::pdf_image(&pdf, 72);
            assert!(
                contains_colour(&image, colour),
                "{} shows its campaign colour {colour}",
                pdf.display()
            );
            if suffix == "tip-cards" {
                continue;
            }
            let text = tools::pdf_text(&pdf);
            let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            assert!(
                text.contains(&squeeze(&page.meta.title)),
                "{} has its title",
                pdf.display()
            );
            assert!(
                text.contains(&squeeze(page.meta.slogan.as_deref().unwrap())),
                "{} has its slogan: {text}",
                pdf.display()
            );
            let qr = decode_qr(&tools::pdf_image(&pdf, 110));
            assert_eq!(qr.as_deref(), Some(permalink.as_str()), "{} QR code", pdf.display());
        }
    }
}
