//! The print kit: every material of every campaign in every language, as a print shop would
//! check it (pages, trim and bleed boxes, fonts embedded and not Type 3, the output intent, the
//! title, colour in CMYK with black as one ink), QR codes that decode to the right page at the
//! size asked for, office versions without marks, pictures on the web pages, and warnings that
//! name what was made smaller or left off.

mod common;
use common::preflight::{self, MM};
use common::*;
use greenprint::build::{BuildOptions, build};
use std::path::{Path, PathBuf};

/// Every material of a campaign: the name's end, the trim size in mm, the pages, an office form.
const MATERIALS: [(&str, f64, f64, usize, bool); 7] = [
    ("poster-a3", 297.0, 420.0, 1, false),
    ("poster-a4", 210.0, 297.0, 1, true),
    ("banner", 3000.0, 700.0, 1, false),
    ("sign", 297.0, 210.0, 1, true),
    ("stickers", 210.0, 297.0, 1, true),
    ("tip-cards", 210.0, 297.0, 1, true),
    ("leaflet", 297.0, 210.0, 2, true),
];

fn mm(v: [f64; 4]) -> (f64, f64) {
    ((v[2] - v[0]) / MM, (v[3] - v[1]) / MM)
}

/// The print-shop checks of one PDF, with what it should be.
fn assert_print_shop_form(pdf: &Path, trim: (f64, f64), pages: usize, title: &str) {
    let r = preflight::read(pdf);
    let at = pdf.display();
    assert_eq!(r.pages.len(), pages, "{at}: pages");
    for page in &r.pages {
        let (w, h) = mm(page.media);
        assert!(
            (w - trim.0 - 20.0).abs() < 0.2 && (h - trim.1 - 20.0).abs() < 0.2,
            "{at}: media box {w} × {h} mm"
        );
        let t = page.trim.unwrap_or_else(|| panic!("{at}: a trim box"));
        let (tw, th) = mm(t);
        assert!(
            (tw - trim.0).abs() < 0.1 && (th - trim.1).abs() < 0.1,
            "{at}: trim box {tw} × {th} mm"
        );
        let b = page.bleed.unwrap_or_else(|| panic!("{at}: a bleed box"));
        assert!(
            preflight::same(b, [t[0] - 3.0 * MM, t[1] - 3.0 * MM, t[2] + 3.0 * MM, t[3] + 3.0 * MM]),
            "{at}: bleed 3 mm"
        );
    }
    assert_common(pdf, &r, title);
}

fn assert_common(pdf: &Path, r: &preflight::Report, title: &str) {
    let at = pdf.display();
    assert!(!r.fonts.is_empty(), "{at}: has text");
    for font in &r.fonts {
        assert_ne!(font.subtype, "Type3", "{at}: {} is a Type 3 font", font.name);
        assert!(font.embedded, "{at}: {} is embedded", font.name);
    }
    assert_eq!(r.output_intent.as_deref(), Some("FOGRA39"), "{at}: output intent");
    assert_eq!(r.title.as_deref(), Some(title), "{at}: title");
    assert_eq!(r.rgb_operators, 0, "{at}: colour is CMYK only");
    assert!(
        r.cmyk_operators > 0 && r.black_is_one_ink,
        "{at}: black text is one ink (K)"
    );
}

/// The office checks: the sheet itself, no bleed, and nothing printed in the outer 5 mm.
fn assert_office_form(pdf: &Path, sheet: (f64, f64), pages: usize, title: &str) {
    let r = preflight::read(pdf);
    let at = pdf.display();
    assert_eq!(r.pages.len(), pages, "{at}: pages");
    for page in &r.pages {
        let (w, h) = mm(page.media);
        assert!(
            (w - sheet.0).abs() < 0.2 && (h - sheet.1).abs() < 0.2,
            "{at}: sheet {w} × {h} mm"
        );
        assert!(page.bleed.is_none(), "{at}: no bleed box");
    }
    assert_common(pdf, &r, title);
    if tools::poppler().is_some() {
        let image = tools::pdf_image(pdf, 72);
        let margin = (5.0 / 25.4 * 72.0) as u32;
        let (iw, ih) = image.dimensions();
        let inked = image
            .enumerate_pixels()
            .filter(|(x, y, _)| *x < margin || *y < margin || *x >= iw - margin || *y >= ih - margin)
            .filter(|(_, _, p)| p.0.iter().any(|&c| c < 235))
            .count();
        assert_eq!(inked, 0, "{at}: nothing is printed within 5 mm of the paper's edge");
    }
}

fn decode_qr(image: &image::RgbImage) -> Vec<(String, f64)> {
    let gray = image::DynamicImage::ImageRgb8(image.clone()).to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(gray);
    prepared
        .detect_grids()
        .into_iter()
        .filter_map(|g| {
            let side = ((g.bounds[1].x - g.bounds[0].x) as f64).hypot((g.bounds[1].y - g.bounds[0].y) as f64);
            g.decode().ok().map(|(_, text)| (text, side))
        })
        .collect()
}

/// The bundled site, built once for the tests that read it.
fn bundled() -> &'static Path {
    static BUILT: std::sync::OnceLock<(tempfile::TempDir, PathBuf)> = std::sync::OnceLock::new();
    &BUILT
        .get_or_init(|| {
            let out = tempfile::tempdir().unwrap();
            let public = out.path().join("public");
            let options = BuildOptions {
                output: Some(public.clone()),
                ..BuildOptions::new(Path::new(env!("CARGO_MANIFEST_DIR")))
            };
            let report = build(&options);
            assert!(report.succeeded(), "{}", report.diagnostics.render_terminal(false));
            let shown = report.diagnostics.render_terminal(false);
            for rule in [
                "alone",
                "closing punctuation",
                "parted from its unit",
                "smaller",
                "left off",
            ] {
                assert!(
                    !shown.contains(rule),
                    "the bundled materials need no warning about “{rule}”: {shown}"
                );
            }
            (out, public)
        })
        .1
}

struct Campaign {
    lang: String,
    slug: String,
    title: String,
}

fn bundled_campaigns() -> Vec<Campaign> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = greenprint::config::Config::load(repo).unwrap();
    let mut diagnostics = greenprint::diagnostics::Diagnostics::new();
    greenprint::content::load(repo, &config, false, &mut diagnostics)
        .into_iter()
        .filter(|p| p.kind == greenprint::content::PageKind::Campaign)
        .map(|p| Campaign {
            lang: p.lang.clone(),
            slug: p.slug.clone(),
            title: p.meta.title.clone(),
        })
        .collect()
}

fn prefix(lang: &str) -> String {
    if lang == "zh" {
        String::new()
    } else {
        format!("{lang}/")
    }
}

/// What each material is called, as the PDF's title says after the campaign's name.
fn label(lang: &str, suffix: &str) -> &'static str {
    let zh = lang == "zh";
    match suffix {
        "poster-a3" => {
            if zh {
                "A3 海报"
            } else {
                "A3 poster"
            }
        }
        "poster-a4" => {
            if zh {
                "A4 海报"
            } else {
                "A4 poster"
            }
        }
        "banner" => {
            if zh {
                "横幅"
            } else {
                "Banner"
            }
        }
        "sign" => {
            if zh {
                "标语牌"
            } else {
                "Sign"
            }
        }
        "stickers" => {
            if zh {
                "提示贴"
            } else {
                "Reminder stickers"
            }
        }
        "tip-cards" => {
            if zh {
                "金点子卡片"
            } else {
                "Tip cards"
            }
        }
        "leaflet" => {
            if zh {
                "三折页"
            } else {
                "Tri-fold leaflet"
            }
        }
        _ => {
            if zh {
                "挂图"
            } else {
                "Wall chart"
            }
        }
    }
}

#[test]
fn every_material_of_the_bundled_site_passes_a_print_shops_preflight() {
    let public = bundled();
    let campaigns = bundled_campaigns();
    assert_eq!(campaigns.len(), 14, "7 campaigns in 2 languages");
    for c in &campaigns {
        for (suffix, w, h, pages, office) in MATERIALS {
            let base = public.join(format!("{}printables/{}-{suffix}", prefix(&c.lang), c.slug));
            let title = format!("{} · {}", c.title, label(&c.lang, suffix));
            assert_print_shop_form(&base.with_extension("pdf"), (w, h), pages, &title);
            let office_pdf = PathBuf::from(format!("{}-office.pdf", base.display()));
            assert_eq!(office_pdf.is_file(), office, "{}", office_pdf.display());
            if office {
                assert_office_form(&office_pdf, (w, h), pages, &title);
            }
        }
    }
    for lang in ["zh", "en"] {
        let chart = public.join(format!("{}printables/wall-chart-a2.pdf", prefix(lang)));
        let title = if lang == "zh" {
            "绿色生活金点子 · 挂图"
        } else {
            "Tips for green living · Wall chart"
        };
        assert_print_shop_form(&chart, (420.0, 594.0), 1, title);
    }
}

#[test]
fn each_qr_code_leads_to_its_campaign_in_its_language_at_the_size_asked_for() {
    let Some(_) = tools::poppler() else { return };
    let public = bundled();
    for c in bundled_campaigns() {
        let permalink = format!("https://green.example.gov.cn/{}campaigns/{}/", prefix(&c.lang), c.slug);
        // The A3 poster's code is at least 60 mm, the A4's at least 40 mm; the leaflet's too.
        for (suffix, least, dpi) in [("poster-a3", 60.0, 60), ("poster-a4", 40.0, 90), ("leaflet", 35.0, 90)] {
            let pdf = public.join(format!("{}printables/{}-{suffix}.pdf", prefix(&c.lang), c.slug));
            let image = tools::pdf_image(&pdf, dpi);
            let codes = decode_qr(&image);
            let (text, side) = codes.first().unwrap_or_else(|| panic!("{}: a QR code", pdf.display()));
            assert_eq!(text, &permalink, "{}", pdf.display());
            // rqrr's bounds are the corners of the code: its side in millimetres.
            let side_mm = side / f64::from(dpi) * 25.4;
            assert!(
                side_mm >= least,
                "{}: the QR code is {side_mm:.0} mm, at least {least} mm",
                pdf.display()
            );
        }
        let moments = public.join(format!("{}printables/{}-moments.png", prefix(&c.lang), c.slug));
        let image = image::open(&moments).unwrap().to_rgb8();
        assert_eq!(image.dimensions(), (1080, 1920), "{}", moments.display());
        assert_eq!(
            decode_qr(&image).first().map(|c| c.0.as_str()),
            Some(permalink.as_str()),
            "{}",
            moments.display()
        );
    }
}

#[test]
fn the_printables_page_shows_every_material_with_its_picture_size_and_files() {
    let public = bundled();
    let page =
        scraper::Html::parse_document(&std::fs::read_to_string(public.join("en/printables/index.html")).unwrap());
    let links = attrs(&page, ".material-card a", "href");
    for (suffix, _, _, pages, office) in MATERIALS {
        let base = format!("/en/printables/green-families-{suffix}");
        assert!(links.contains(&format!("{base}.html")), "{base}.html in {links:?}");
        assert!(links.contains(&format!("{base}.pdf")), "{base}.pdf");
        assert_eq!(
            links.contains(&format!("{base}-office.pdf")),
            office,
            "{base}-office.pdf"
        );
        // Its page shows the pictures of its pages and links both files.
        let own = scraper::Html::parse_document(
            &std::fs::read_to_string(public.join(format!("{}.html", &base[1..]))).unwrap(),
        );
        let images = attrs(&own, ".material__picture img", "src");
        assert_eq!(images.len(), pages, "{base}.html pictures");
        for src in images {
            // The picture is drawn from the same layout as the PDF: the trimmed sheet, as SVG.
            let svg = std::fs::read_to_string(public.join(src.trim_start_matches('/'))).unwrap();
            assert!(svg.starts_with("<svg"), "{src}");
            let width: f64 = svg
                .split("width=\"")
                .nth(1)
                .and_then(|w| w.split("pt").next())
                .and_then(|w| w.parse().ok())
                .unwrap();
            let trim = MATERIALS.iter().find(|m| m.0 == suffix).unwrap().1;
            assert!(
                (width / MM - trim).abs() < 0.5,
                "{src} is the trimmed sheet: {width} pt"
            );
        }
    }
    let thumbs = attrs(&page, ".material-card__thumb", "src");
    assert!(thumbs.iter().all(|t| public.join(t.trim_start_matches('/')).is_file()));
    assert!(links.contains(&"/en/printables/wall-chart-a2.pdf".to_owned()));
    assert!(
        texts(&page, ".material-card__size").iter().any(|t| t == "300 × 70 cm"),
        "the banner's size"
    );
    // The campaign page links its materials and its share image is the link preview.
    let campaign = scraper::Html::parse_document(
        &std::fs::read_to_string(public.join("en/campaigns/green-families/index.html")).unwrap(),
    );
    assert!(
        attrs(&campaign, ".campaign__prints a", "href")
            .contains(&"/en/printables/green-families-poster-a3.html".to_owned())
    );
    let og = attrs(&campaign, "meta[property='og:image']", "content");
    assert_eq!(
        og,
        ["https://green.example.gov.cn/en/printables/green-families-share.png"]
    );
    let (w, h) = image::image_dimensions(public.join("en/printables/green-families-share.png")).unwrap();
    assert_eq!((w, h), (1200, 630));
    // Every other page has the site's own share image, a PNG of the same size, in its language.
    for (page, image) in [
        ("index.html", "printables/share.png"),
        ("en/tips/index.html", "en/printables/share.png"),
    ] {
        let html = scraper::Html::parse_document(&std::fs::read_to_string(public.join(page)).unwrap());
        assert_eq!(
            attrs(&html, "meta[property='og:image']", "content"),
            [format!("https://green.example.gov.cn/{image}")],
            "{page}"
        );
        assert_eq!(
            image::image_dimensions(public.join(image)).unwrap(),
            (1200, 630),
            "{image}"
        );
    }
}

#[test]
fn the_a3_poster_is_the_a4_poster_enlarged() {
    if common::tools::poppler().is_none() {
        return;
    }
    let public = bundled();
    for campaign in bundled_campaigns() {
        let folder = public.join(prefix(&campaign.lang)).join("printables");
        let a3 = folder.join(format!("{}-poster-a3.pdf", campaign.slug));
        let a4 = folder.join(format!("{}-poster-a4.pdf", campaign.slug));
        // The same words in the same order, on a sheet √2 as large.
        assert_eq!(
            common::tools::pdf_text(&a3),
            common::tools::pdf_text(&a4),
            "{}",
            a3.display()
        );
        let (_, w3, h3) = common::tools::pdf_info(&a3);
        let (_, w4, h4) = common::tools::pdf_info(&a4);
        assert!(w3 > w4 * 1.35 && h3 > h4 * 1.35, "{}: {w3} × {h3} pt", a3.display());
    }
}

#[test]
fn a_tip_card_sheet_has_only_its_campaigns_tips() {
    let Some(_) = tools::poppler() else { return };
    let public = bundled();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = greenprint::config::Config::load(repo).unwrap();
    let mut diagnostics = greenprint::diagnostics::Diagnostics::new();
    let pages = greenprint::content::load(repo, &config, false, &mut diagnostics);
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    for slug in ["green-schools", "green-buildings", "thrifty-offices"] {
        let text = tools::pdf_text(&public.join(format!("printables/{slug}-tip-cards.pdf")));
        let tips: Vec<_> = pages
            .iter()
            .filter(|p| p.kind == greenprint::content::PageKind::Tip && p.lang == "zh")
            .collect();
        let own = tips.iter().filter(|t| {
            t.meta
                .terms
                .get("campaigns")
                .is_some_and(|c| c.iter().any(|x| x.id == slug))
        });
        let shown: Vec<_> = tips.iter().filter(|t| text.contains(&squeeze(&t.meta.title))).collect();
        assert!(!shown.is_empty(), "{slug}: cards show tips");
        assert!(shown.len() <= 8);
        for t in &shown {
            assert!(
                own.clone().any(|o| o.meta.title == t.meta.title),
                "{slug}: “{}” is not one of its tips",
                t.meta.title
            );
        }
    }
}

#[test]
fn a_rebuild_with_nothing_changed_rewrites_no_pdf() {
    let f = Fixture::new();
    f.build_ok();
    let pdf = f.public().join("printables/green-families-poster-a3.pdf");
    let inode = |p: &Path| std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(p).unwrap());
    let before = inode(&pdf);
    f.build_ok();
    assert_eq!(inode(&pdf), before, "the same file, not written again");
    // A changed slogan makes new files.
    f.file(
        "content/campaigns/green-families.md",
        &campaign("绿色家庭", "绿色生活从今天开始"),
    );
    f.build_ok();
    assert_ne!(inode(&pdf), before);
}

#[test]
fn bilingual_posters_keep_each_language_together_and_translate_every_line() {
    let Some(_) = tools::poppler() else { return };
    let f = Fixture::new();
    f.file("site.yaml", &format!("{SITE_YAML}build:\n  bilingual_posters: true\n"));
    f.build_ok();
    let text = tools::pdf_text(&f.public().join("printables/green-families-poster-a3.pdf"));
    let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("“{s}” in {text}"));
    // Each language's title and slogan together, Chinese first.
    assert!(at("绿色家庭") < at("节约一度电"));
    assert!(at("节约一度电") < at("GreenFamilies"));
    assert!(at("GreenFamilies") < at("Savepower"));
    // The footer too.
    assert!(text.contains("牵头单位·Leadunits"), "{text}");
}

#[test]
fn a_right_to_left_poster_is_made_and_keeps_its_address_left_to_right() {
    let Some(_) = tools::poppler() else { return };
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
    let pdf = f.public().join("ug/printables/green-families-poster-a4.pdf");
    let text = tools::pdf_text(&pdf);
    assert!(
        text.contains("green.example.gov.cn/ug/campaigns/green-families"),
        "{text}"
    );
    let codes = decode_qr(&tools::pdf_image(&pdf, 90));
    assert_eq!(
        codes.first().map(|c| c.0.as_str()),
        Some("https://green.example.gov.cn/ug/campaigns/green-families/")
    );
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
fn an_overfull_poster_still_fits_one_sheet_and_every_warning_is_given() {
    let f = Fixture::new();
    overfull_campaign(&f);
    let report = f.build();
    assert!(report.succeeded());
    let shown = report.diagnostics.render_terminal(false);
    let file = "content/campaigns/green-families.md: warning: ";
    assert!(
        shown.contains(&format!(
            "{file}posters show six key actions; 6 more are on the web page only"
        )),
        "{shown}"
    );
    assert!(
        shown.contains(&format!(
            "{file}green-families-poster-a4.pdf: the title and slogan were set"
        )),
        "{shown}"
    );
    assert!(
        shown.contains(&format!(
            "{file}green-families-poster-a3.pdf: the title and slogan were set"
        )),
        "{shown}"
    );
    // A slogan too long even at the smallest size is shortened, and that is said too.
    assert!(
        shown.contains(&format!(
            "{file}green-families-poster-a4.pdf: the slogan was shortened to fit"
        )),
        "{shown}"
    );
    assert!(
        shown.contains(&format!("{file}green-families-banner.pdf: the slogan is only")),
        "{shown}"
    );
    let r = preflight::read(&f.public().join("printables/green-families-poster-a4.pdf"));
    assert_eq!(r.pages.len(), 1);
}

#[test]
fn many_lead_units_are_set_smaller_beside_the_code_and_a_warning_says_when_they_cannot_be_read() {
    let f = Fixture::new();
    let ids: Vec<String> = (1..=14).map(|n| format!("unit-{n}")).collect();
    let units: String = std::iter::once(common::fixture_files::UNITS.to_owned())
        .chain(ids.iter()
        .map(|id| format!("{id}: {{zh: 昌吉市住房和城乡建设局第{id}办公室, en: Municipal Bureau of Housing and Urban-Rural Development office {id}}}\n")))
        .collect();
    f.file("data/units.yaml", &units);
    f.file(
        "content/campaigns/green-families.md",
        &format!(
            "---\ntitle: 绿色家庭\ndescription: d。\ncolor: \"#2e7d32\"\naudience: 居民\nslogan: 绿色生活从我家开始\nkey_actions: [随手关灯]\nlead_units: [{}]\nsource: local-plan\n---\n",
            ids.join(", ")
        ),
    );
    let report = f.build();
    assert!(report.succeeded(), "{}", report.diagnostics.render_terminal(false));
    let shown = report.diagnostics.render_terminal(false);
    assert!(
        shown.contains("content/campaigns/green-families.md: warning: green-families-poster-a4.pdf: the lead units and the publisher were set"),
        "{shown}"
    );
    // Set smaller, they stay on the sheet beside the code: the poster is still one page, and the
    // last line of the footer is printed.
    let pdf = f.public().join("printables/green-families-poster-a4.pdf");
    assert_eq!(preflight::read(&pdf).pages.len(), 1);
    if common::tools::poppler().is_some() {
        assert!(
            common::tools::pdf_text(&pdf).contains("扫码了解更多"),
            "{}",
            common::tools::pdf_text(&pdf)
        );
    }
}

#[test]
fn without_a_chinese_font_the_build_stops_with_one_clear_error_and_keeps_the_site() {
    let f = Fixture::new();
    f.build_ok();
    let before = snapshot(&f.public());
    let out = f
        .command(&["build"])
        .env("GREENPRINT_NO_SYSTEM_FONTS", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    // In the site's language, once.
    assert_eq!(err.matches("没有找到中文字体").count(), 1, "{err}");
    assert!(err.contains("fonts-noto-cjk"), "{err}");
    assert_eq!(snapshot(&f.public()), before);
    // A font in the folder site.yaml names is enough.
    let system = ["/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"];
    let Some(font) = system.iter().map(Path::new).find(|p| p.is_file()) else {
        return;
    };
    f.bytes("fonts/cjk.ttc", &std::fs::read(font).unwrap());
    f.file("site.yaml", &format!("{SITE_YAML}print:\n  fonts: fonts\n"));
    let out = f
        .command(&["build"])
        .env("GREENPRINT_NO_SYSTEM_FONTS", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}
