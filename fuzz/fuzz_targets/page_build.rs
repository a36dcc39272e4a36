//! The whole pipeline on one hostile page: the fixture site of tests/common/mod.rs (site.yaml,
//! data files, a home page, a campaign section and a tip section with their pages, in Chinese and
//! English) plus `content/tips/fuzzed.md`, whose bytes come from the fuzzer, built with
//! `build::build` into the fixture's temporary folder. Errors are diagnostics; a panic is a bug.
//!
//! Shortcodes are not fuzzed: greenprint has none yet.
//!
//! The fixture's files are copied from tests/common/mod.rs rather than included from it: that
//! module also holds helpers for browser and PDF tests whose dependencies a fuzz target should
//! not need. Keep the two in step.
#![no_main]

use greenprint::build::{BuildOptions, build};
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

const SITE_YAML: &str = "\
title: {zh: 绿色生活, en: Green Living}
base_url: https://green.example.gov.cn
default_language: zh
languages:
  - {code: zh, name: 中文}
  - {code: en, name: English}
taxonomies:
  - name: categories
  - name: campaigns
    path: tips/by-campaign
    section: campaigns
";

const UNITS: &str = "womens-federation: {zh: 市妇联, en: Municipal Women's Federation}\n";
const SOURCES: &str = "local-plan: {zh: 《总体方案》, en: General Plan, issued: 2021-09-25}\n";
const TERMS: &str = "categories:\n  electricity: {zh: 节约用电, en: Electricity}\n  water: {zh: 节约用水, en: Water}\n";

fn campaign(title: &str, slogan: &str) -> String {
    format!(
        "---\ntitle: {title}\ndescription: {title}。\ncolor: \"#2e7d32\"\naudience: 居民\nslogan: {slogan}\nkey_actions: [随手关灯]\nlead_units: [womens-federation]\nsource: local-plan\n---\n{title}\n"
    )
}

fn tip(title: &str, category: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\ndescription: {title}。\ncategories: [{category}]\ncampaigns: [green-families]\n---\n{body}\n"
    )
}

/// The same files as tests/common's `Fixture::new()`.
fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let files: Vec<(&str, String)> = vec![
        ("site.yaml", SITE_YAML.into()),
        ("data/units.yaml", UNITS.into()),
        ("data/sources.yaml", SOURCES.into()),
        ("data/terms.yaml", TERMS.into()),
        ("content/_index.md", "---\ntitle: 绿色生活\n---\n欢迎\n".into()),
        (
            "content/_index.en.md",
            "---\ntitle: Green Living\n---\nWelcome\n".into(),
        ),
        (
            "content/campaigns/_index.md",
            "---\ntitle: 创建行动\npage_kind: campaign\n---\n".into(),
        ),
        (
            "content/campaigns/_index.en.md",
            "---\ntitle: Campaigns\npage_kind: campaign\n---\n".into(),
        ),
        (
            "content/tips/_index.md",
            "---\ntitle: 金点子\npage_kind: tip\n---\n".into(),
        ),
        (
            "content/tips/_index.en.md",
            "---\ntitle: Tips\npage_kind: tip\n---\n".into(),
        ),
        (
            "content/campaigns/green-families.md",
            campaign("绿色家庭", "节约一度电"),
        ),
        (
            "content/campaigns/green-families.en.md",
            campaign("Green Families", "Save power"),
        ),
        (
            "content/tips/switch-off-lights.md",
            tip("人走灯灭", "electricity", "离开房间时关灯。[节水](water-tip.md)"),
        ),
        (
            "content/tips/switch-off-lights.en.md",
            tip(
                "Switch off lights",
                "electricity",
                "Switch off. See [water](water-tip.md).",
            ),
        ),
        ("content/tips/water-tip.md", tip("一水多用", "water", "洗菜水浇花。")),
        (
            "content/tips/water-tip.en.md",
            tip("Use water twice", "water", "Water the plants."),
        ),
    ];
    for (path, text) in files {
        write(dir.path(), path, text.as_bytes());
    }
    dir
}

fn write(root: &Path, path: &str, bytes: &[u8]) {
    let full = root.join(path);
    std::fs::create_dir_all(full.parent().expect("parent")).expect("create folder");
    std::fs::write(full, bytes).expect("write fixture file");
}

/// One fixture for the whole run: only the fuzzed page changes between inputs.
static SITE: OnceLock<tempfile::TempDir> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let root = SITE.get_or_init(fixture).path();
    write(root, "content/tips/fuzzed.md", data);
    let options = BuildOptions {
        output: Some(root.join("public")),
        ..BuildOptions::new(root)
    };
    let report = build(&options);
    assert!(
        !report.published || report.succeeded(),
        "a build with errors was published"
    );
    let _ = report.diagnostics.render_terminal(false);
    let _ = report.diagnostics.to_json();
});
