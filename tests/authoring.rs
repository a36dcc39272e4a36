//! What volunteers use besides build: `check` finds every problem without publishing, `new`
//! starts a page of a kind in every language.

mod common;
use common::*;

#[test]
fn check_reports_anchors_images_alt_text_translations_and_unused_data_as_json() {
    let f = Fixture::new();
    f.file(
        "content/tips/water-tip.md",
        &tip(
            "一水多用",
            "water",
            "## 为什么\n\n见[关灯](switch-off-lights.md#no-such-heading)。\n\n![](missing.png)\n",
        ),
    )
    .file("content/tips/only-zh.md", &tip("只有中文", "water", "正文"))
    .file(
        "data/units.yaml",
        &format!("{UNITS}unused-unit: {{zh: 没人用, en: Unused}}\n"),
    );
    let out = f.run(&["check", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "broken anchors and missing images are errors"
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("check --format json prints JSON");
    let messages: Vec<String> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{} {}",
                d["file"].as_str().unwrap_or(""),
                d["line"],
                d["message"].as_str().unwrap_or("")
            )
        })
        .collect();
    let has = |needle: &str| messages.iter().any(|m| m.contains(needle));
    assert!(
        has("content/tips/water-tip.md:9 the link `switch-off-lights.md#no-such-heading` points to a heading"),
        "{messages:#?}"
    );
    assert!(
        has("content/tips/water-tip.md:11 the image `missing.png` does not exist"),
        "{messages:#?}"
    );
    assert!(has("the image `missing.png` has no text alternative"), "{messages:#?}");
    assert!(
        has("content/tips/only-zh.md:null this page has no English translation"),
        "{messages:#?}"
    );
    assert!(
        has("`unused-unit` in data/units.yaml is not used by any page"),
        "{messages:#?}"
    );
    let en = json["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["language"] == "en")
        .unwrap();
    assert!(en["missing"].as_array().unwrap().iter().any(|k| k == "tips/only-zh"));
    assert!(!f.public().exists(), "check publishes nothing");
}

#[test]
fn check_prints_a_coverage_table_and_exits_0_on_a_clean_site() {
    let f = Fixture::new();
    let out = f.run(&["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("translations:") && stdout.contains("100.0%"),
        "{stdout}"
    );
}

#[test]
fn new_writes_a_draft_in_every_language_with_a_pinyin_slug_and_never_overwrites() {
    let f = Fixture::new();
    let out = f.run(&["new", "tip", "节约用水小窍门"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let zh = f.root().join("content/tips/jie-yue-yong-shui-xiao-qiao-men.md");
    let en = f.root().join("content/tips/jie-yue-yong-shui-xiao-qiao-men.en.md");
    assert!(zh.is_file() && en.is_file());
    let text = std::fs::read_to_string(&zh).unwrap();
    assert!(
        text.contains("draft: true") && text.contains("title: \"节约用水小窍门\"") && text.contains("categories: []"),
        "{text}"
    );
    // The draft is valid front matter: it builds (unpublished) without errors.
    let report = f.build();
    assert!(report.succeeded(), "{}", report.diagnostics.render_terminal(false));
    assert!(
        !f.public().join("tips/jie-yue-yong-shui-xiao-qiao-men").exists(),
        "drafts are not published"
    );

    std::fs::write(&zh, "mine").unwrap();
    let again = f.run(&["new", "tip", "节约用水小窍门"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    assert_eq!(std::fs::read_to_string(&zh).unwrap(), "mine");

    let campaign = f.run(&["new", "campaign", "重庆绿色出行"]);
    assert!(campaign.status.success());
    assert!(
        f.root()
            .join("content/campaigns/chong-qing-lv-se-chu-xing.md")
            .is_file(),
        "重庆 reads chong-qing, 行 reads xing"
    );
    assert_eq!(
        f.run(&["new", "poster", "x"]).status.code(),
        Some(2),
        "an unknown kind is a usage error"
    );
}
