//! The bundled site: it builds with no warning, every campaign, action and tip exists in both
//! languages at matching URLs, and the content carries what its readers rely on.

use greenprint::build::{BuildOptions, build};
use greenprint::config::Config;
use greenprint::content::{self, PageKind};
use greenprint::data::Data;
use greenprint::diagnostics::Diagnostics;
use std::path::Path;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_bundled_site_builds_with_no_warning() {
    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        output: Some(out.path().join("public")),
        ..BuildOptions::new(repo())
    };
    let report = build(&options);
    assert!(
        report.diagnostics.is_empty(),
        "{}",
        report.diagnostics.render_terminal(false)
    );
    let public = out.path().join("public");
    for lang_prefix in ["", "en/"] {
        for campaign in [
            "thrifty-offices",
            "green-families",
            "green-schools",
            "green-communities",
            "green-commuting",
            "green-malls",
            "green-buildings",
        ] {
            assert!(
                public
                    .join(format!("{lang_prefix}campaigns/{campaign}/index.html"))
                    .is_file(),
                "{lang_prefix}{campaign}"
            );
        }
    }
}

#[test]
fn the_content_is_complete_in_both_languages() {
    let config = Config::load(repo()).expect("site.yaml loads");
    let mut diagnostics = Diagnostics::new();
    let data = Data::load(repo(), &mut diagnostics);
    let pages = content::load(repo(), &config, false, &mut diagnostics);
    assert!(diagnostics.is_empty(), "{}", diagnostics.render_terminal(false));
    let count = |kind| pages.iter().filter(|p| p.kind == kind && p.lang == "zh").count();
    assert_eq!(
        count(PageKind::Campaign),
        7,
        "the seven campaigns of 昌市政办发〔2021〕50号"
    );
    assert_eq!(count(PageKind::Action), 10, "the ten special actions");
    assert!(count(PageKind::Tip) >= 80, "a tip library of at least 80 tips");

    let mut problems = Vec::new();
    for page in &pages {
        let file = page.file().display().to_string();
        for lang in ["zh", "en"] {
            if !pages.iter().any(|p| p.key == page.key && p.lang == lang) {
                problems.push(format!("{file}: no {lang} version"));
            }
        }
        let m = &page.meta;
        match page.kind {
            PageKind::Tip => {
                if m.terms.get("categories").is_none_or(Vec::is_empty) {
                    problems.push(format!("{file}: a tip without a category"));
                }
                if m.terms.get("campaigns").is_none_or(Vec::is_empty) {
                    problems.push(format!("{file}: a tip without a campaign"));
                }
                if let Some(s) = &m.savings
                    && s.assumption.trim().len() < 10
                {
                    problems.push(format!("{file}: a savings figure without its assumptions"));
                }
            }
            PageKind::Campaign if m.lead_units.is_empty() || m.slogan.is_none() || m.sources.is_empty() => {
                problems.push(format!("{file}: a campaign without lead unit, slogan or source"));
            }
            _ => {}
        }
        // Translations state the same savings numbers.
        if let (Some(s), Some(other)) = (
            &page.meta.savings,
            pages.iter().find(|p| p.key == page.key && p.lang != page.lang),
        ) && let Some(o) = &other.meta.savings
            && (s.electricity != o.electricity || s.water != o.water || s.petrol != o.petrol)
        {
            problems.push(format!("{file}: its savings numbers differ from its translation's"));
        }
        for unit in m.lead_units.iter().chain(&m.partner_units) {
            if data.entry("units", &unit.id).is_none() {
                problems.push(format!("{file}: unit {} is not in data/units.yaml", unit.id));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_unit_has_both_names_and_every_factor_its_source() {
    let mut diagnostics = Diagnostics::new();
    let data = Data::load(repo(), &mut diagnostics);
    for (id, unit) in data.get("units").and_then(|u| u.as_object()).expect("data/units.yaml") {
        for lang in ["zh", "en"] {
            assert!(
                unit.get(lang).and_then(|v| v.as_str()).is_some_and(|s| !s.is_empty()),
                "unit {id} has no {lang} name"
            );
        }
    }
    for (id, factor) in data
        .get("factors")
        .and_then(|u| u.as_object())
        .expect("data/factors.yaml")
    {
        assert!(
            factor.get("value").and_then(|v| v.as_f64()).is_some(),
            "factor {id} has no value"
        );
        assert!(
            factor.get("year").is_some() && factor.get("source").is_some(),
            "factor {id} needs a source and a year"
        );
    }
}
