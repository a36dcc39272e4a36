//! The texts of the fixture site (site.yaml, data files, a home page, a campaign section and a tip
//! section with their pages, in Chinese and English), shared by tests/common/mod.rs and the fuzz
//! targets, which include this file by its path. It uses nothing but std.
#![allow(dead_code)]

pub const SITE_YAML: &str = "\
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

/// The fixture's site.yaml with one more language after English, e.g.
/// `{code: ug, name: ئۇيغۇرچە, dir: rtl}`.
pub fn site_yaml_with_language(entry: &str) -> String {
    SITE_YAML.replacen(
        "  - {code: en, name: English}\n",
        &format!("  - {{code: en, name: English}}\n  - {entry}\n"),
        1,
    )
}

pub const UNITS: &str = "womens-federation: {zh: 市妇联, en: Municipal Women's Federation}\n";
pub const SOURCES: &str = "local-plan: {zh: 《总体方案》, en: General Plan, issued: 2021-09-25}\n";
pub const TERMS: &str =
    "categories:\n  electricity: {zh: 节约用电, en: Electricity}\n  water: {zh: 节约用水, en: Water}\n";

pub fn campaign(title: &str, slogan: &str) -> String {
    format!(
        "---\ntitle: {title}\ndescription: {title}。\ncolor: \"#2e7d32\"\naudience: 居民\nslogan: {slogan}\nkey_actions: [随手关灯]\nlead_units: [womens-federation]\nsource: local-plan\n---\n{title}\n"
    )
}

pub fn tip(title: &str, category: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\ndescription: {title}。\ncategories: [{category}]\ncampaigns: [green-families]\n---\n{body}\n"
    )
}

/// Every file of the fixture site: its path and its text.
pub fn files() -> Vec<(&'static str, String)> {
    vec![
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
    ]
}
