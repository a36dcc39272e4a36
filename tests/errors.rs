//! Bad input gets a clear error naming the file and line, every problem in one run, exit code 1,
//! and the previous public/ untouched.

mod common;
use common::*;

fn messages(report: &greenprint::build::BuildReport) -> String {
    report.diagnostics.render_terminal(false)
}

#[test]
fn broken_link_names_file_and_line_and_keeps_the_previous_site() {
    let f = Fixture::new();
    f.build_ok();
    let before = snapshot(&f.public());
    f.file("content/tips/water-tip.md", "---\ntitle: 一水多用\ndescription: x。\ncategories: [water]\ncampaigns: [green-families]\n---\n第一行\n\n见[关灯](no-such-tip.md)\n");
    let report = f.build();
    assert!(!report.succeeded());
    let shown = messages(&report);
    assert!(shown.contains("content/tips/water-tip.md:9:"), "{shown}");
    assert!(shown.contains("no-such-tip.md"), "{shown}");
    assert_eq!(
        before,
        snapshot(&f.public()),
        "a failed build must leave public/ exactly as it was"
    );
    let leftovers: Vec<_> = std::fs::read_dir(f.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        // Beside the output stay only its manifest and the search index's cache of readings.
        .filter(|n| {
            n.to_string_lossy().starts_with(".public") && n != ".public.greenprint" && n != ".public.search-cache"
        })
        .collect();
    assert!(leftovers.is_empty(), "the staging folder is cleaned up: {leftovers:?}");
}

#[test]
fn every_problem_of_a_run_is_reported_together() {
    let f = Fixture::new();
    f.file(
        "content/tips/water-tip.md",
        "---\ntitle: 一水多用\ndescripton: x\ncategories: [watr]\ncampaigns: [green-families]\n---\n[x](missing.md)\n",
    );
    f.file("content/campaigns/green-families.en.md", "---\ntitle: Green Families\ndescription: d\ncolor: \"#2e7d32\"\naudience: a\nslogan: s\nkey_actions: [a]\nlead_units: [womens-federaton]\nsource: local-plan\n---\n");
    let report = f.build();
    let shown = messages(&report);
    assert!(report.diagnostics.error_count() >= 4, "{shown}");
    assert!(
        shown.contains("content/tips/water-tip.md:3:1: error: `descripton` is not a field"),
        "{shown}"
    );
    assert!(shown.contains("did you mean `description`?"), "{shown}");
    assert!(
        shown.contains("content/tips/water-tip.md:4:") && shown.contains("did you mean `water`?"),
        "{shown}"
    );
    assert!(
        shown.contains("content/campaigns/green-families.en.md:8:")
            && shown.contains("did you mean `womens-federation`?"),
        "{shown}"
    );
    assert!(shown.contains("missing.md"), "{shown}");
}

#[test]
fn the_command_line_exits_1_on_content_errors_and_2_on_usage_errors() {
    let f = Fixture::new();
    f.file("content/tips/water-tip.md", "---\ntitle: [unclosed\n---\n");
    let out = f.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("content/tips/water-tip.md:2:"), "{stderr}");
    assert!(stderr.contains("nothing was published"), "{stderr}");
    assert_eq!(f.run(&["biuld"]).status.code(), Some(2));
    assert_eq!(f.run(&["build", "--no-such-flag"]).status.code(), Some(2));
}

#[test]
fn unknown_config_key_suggests_the_right_one() {
    let f = Fixture::new();
    f.file("site.yaml", &SITE_YAML.replace("base_url:", "base_ulr:"));
    let report = f.build();
    let shown = messages(&report);
    assert!(shown.contains("site.yaml:2:"), "{shown}");
    assert!(shown.contains("did you mean `base_url`?"), "{shown}");
}

#[test]
fn campaign_without_its_required_fields_is_an_error() {
    let f = Fixture::new();
    f.file(
        "content/campaigns/green-families.md",
        "---\ntitle: 绿色家庭\ndescription: d\n---\n",
    );
    let shown = messages(&f.build());
    for field in ["slogan", "lead_units", "source", "color", "audience", "key_actions"] {
        assert!(
            shown.contains(&format!("a campaign page needs `{field}`")),
            "{field}: {shown}"
        );
    }
}

#[test]
fn what_editors_produce_is_accepted_bom_crlf_and_full_width_colon() {
    let f = Fixture::new();
    f.bytes("content/tips/water-tip.md", "\u{feff}---\r\ntitle：一水多用\r\ndescription: 洗菜水浇花。\r\ncategories: [water]\r\ncampaigns: [green-families]\r\n---\r\n正文\r\n".as_bytes());
    let report = f.build();
    assert!(report.succeeded(), "{}", messages(&report));
    let shown = messages(&report);
    assert!(
        shown.contains("content/tips/water-tip.md:2:6: warning: a full-width colon"),
        "{shown}"
    );
    assert_eq!(texts(&f.html("tips/water-tip/index.html"), "h1"), ["一水多用"]);
}

#[test]
fn gbk_file_is_read_and_the_author_told_how_to_convert_it() {
    let f = Fixture::new();
    let (gbk, _, _) = encoding_rs::GBK.encode("---\ntitle: 一水多用\ndescription: 洗菜水浇花。\ncategories: [water]\ncampaigns: [green-families]\n---\n正文\n");
    f.bytes("content/tips/water-tip.md", &gbk);
    let report = f.build();
    assert!(report.succeeded());
    assert!(messages(&report).contains("UTF-8"));
    assert_eq!(texts(&f.html("tips/water-tip/index.html"), "h1"), ["一水多用"]);
}

#[test]
fn dates_written_the_chinese_way_get_the_right_spelling_as_hint() {
    let f = Fixture::new();
    f.file(
        "content/news/x.md",
        "---\ntitle: 新闻\ndescription: d\ndate: 2024年5月1日\n---\n",
    );
    let shown = messages(&f.build());
    assert!(
        shown.contains("content/news/x.md:4:") && shown.contains("date: 2024-05-01"),
        "{shown}"
    );
}

#[test]
fn missing_closing_dashes_and_tabs_are_explained() {
    let f = Fixture::new();
    f.file("content/tips/a.md", "---\ntitle: a\n\nno closing line\n");
    f.file("content/tips/b.md", "---\ntitle: b\ncategories:\n\t- water\n---\n");
    let shown = messages(&f.build());
    assert!(
        shown.contains("content/tips/a.md:1:1: error: the front matter starts with `---` but never ends"),
        "{shown}"
    );
    assert!(
        shown.contains("content/tips/b.md:4:1: error: a tab is used to indent"),
        "{shown}"
    );
}

#[test]
fn two_pages_at_one_url_are_an_error_naming_both() {
    let f = Fixture::new();
    f.file(
        "content/tips/other.md",
        "---\ntitle: x\ndescription: d\nslug: water-tip\ncategories: [water]\ncampaigns: [green-families]\n---\n",
    );
    let shown = messages(&f.build());
    assert!(
        shown.contains("two pages would be published at /tips/water-tip/"),
        "{shown}"
    );
}

#[test]
fn a_template_error_names_the_template() {
    let f = Fixture::new();
    f.file(
        "templates/tip.html",
        "{% extends \"base.html\" %}{% block main %}{{ page.no_such_field }}{% endblock main %}",
    );
    let report = f.build();
    let shown = messages(&report);
    assert!(!report.succeeded());
    assert!(shown.contains("tip.html"), "{shown}");
}

#[test]
fn a_colon_inside_a_list_line_is_explained() {
    let f = Fixture::new();
    f.file(
        "content/campaigns/green-families.en.md",
        &campaign("Green Families", "Save power").replace(
            "key_actions: [随手关灯]",
            "key_actions:\n  - Switch off lights\n  - Go paperless: print less",
        ),
    );
    let shown = f.build().diagnostics.render_terminal(false);
    assert!(
        shown.contains("content/campaigns/green-families.en.md:9:3: error: line 2 of `key_actions` contains \": \""),
        "{shown}"
    );
    assert!(shown.contains("double quotes"), "{shown}");
}

#[test]
fn messages_speak_the_site_default_language() {
    let f = Fixture::new();
    f.file("content/tips/water-tip.md", "---\ntitle: 一水多用\nwieght: 3\n---\n");
    let out = f.run_in_site_language(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/tips/water-tip.md:3:1: 错误: `wieght` 不是"),
        "{stderr}"
    );
    assert!(stderr.contains("提示:"), "{stderr}");
}

#[test]
fn links_that_leave_the_content_folder_or_name_no_language_are_errors() {
    let f = Fixture::new();
    f.file("content/tips/water-tip.md", &tip("一水多用", "water", "[A](@/../../etc/passwd.md) [B](../../../../outside.md) [C](switch-off-lights.zz.md) [D](switch-off-lights.md?x=1)"));
    let report = f.build();
    let shown = report.diagnostics.render_terminal(false);
    for link in [
        "@/../../etc/passwd.md",
        "../../../../outside.md",
        "switch-off-lights.zz.md",
    ] {
        assert!(
            shown.contains(&format!(
                "this link points to `{link}`, which is not a page of the site"
            )),
            "{link}: {shown}"
        );
    }
    let messages: Vec<&str> = report
        .diagnostics
        .sorted()
        .iter()
        .map(|d| d.message.as_str())
        .collect::<Vec<_>>();
    assert!(
        messages.iter().all(|m| !m.contains("?x=1")),
        "a query string does not break a link: {shown}"
    );
}

#[test]
fn config_paths_cannot_lead_outside_the_site() {
    let f = Fixture::new();
    f.file(
        "site.yaml",
        &format!(
            "{}theme: ../../etc\n",
            SITE_YAML.replace("    path: tips/by-campaign", "    path: ../../outside")
        ),
    );
    let shown = f.build().diagnostics.render_terminal(false);
    assert!(shown.contains("`../../etc` cannot be a theme name"), "{shown}");
    assert!(
        shown.contains("`../../outside` cannot be the path of a taxonomy"),
        "{shown}"
    );
}

/// Two headings given the same `{#id}`: the second gets another id, and the author is told
/// where, since a link to the id would land on the first.
#[test]
fn a_heading_id_used_twice_is_reported_with_its_line() {
    let f = Fixture::new();
    f.file(
        "content/tips/water-tip.md",
        "---\ntitle: 一水多用\ndescription: x。\ncategories: [water]\ncampaigns: [green-families]\n---\n## 洗菜 {#wash}\n\n文字\n\n## 浇花 {#wash}\n",
    );
    let report = f.build();
    assert!(report.succeeded(), "a warning, not an error");
    let shown = messages(&report);
    assert!(
        shown.contains("content/tips/water-tip.md:11:1: warning: the heading id `wash` is already used"),
        "{shown}"
    );
    let page = f.read("tips/water-tip/index.html");
    assert!(page.contains("id=\"wash\"") && page.contains("id=\"wash-2\""), "{page}");
}

/// Notepad's "Unicode" is UTF-16: the page is read, with a warning that says how to save it.
#[test]
fn a_utf16_page_is_read_with_a_hint() {
    let f = Fixture::new();
    let text = "---\r\ntitle: 一水多用\r\ndescription: x。\r\ncategories: [water]\r\ncampaigns: [green-families]\r\n---\r\n洗菜水浇花。\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    f.bytes("content/tips/water-tip.md", &bytes);
    let report = f.build();
    let shown = messages(&report);
    assert!(report.succeeded(), "{shown}");
    assert!(
        shown.contains("content/tips/water-tip.md: warning: this file is saved in the UTF-16 encoding"),
        "{shown}"
    );
    assert!(f.read("tips/water-tip/index.html").contains("洗菜水浇花"));
}

/// `template:` naming a template the theme does not have (as the templates of a site that moved
/// in from Hugo or Zola do): a warning with the page's file and line and the nearest name, and
/// the page is still published with its kind's template.
#[test]
fn a_missing_template_names_the_page_and_the_nearest_template() {
    let f = Fixture::new();
    f.file(
        "content/tips/water-tip.md",
        "---\ntitle: 一水多用\ndescription: x。\ntemplate: tips.html\ncategories: [water]\ncampaigns: [green-families]\n---\n洗菜水浇花。\n",
    );
    let report = f.build();
    assert!(report.succeeded());
    let shown = messages(&report);
    assert!(
        shown.contains("content/tips/water-tip.md:4:1: warning: `tips.html` is not a template of the theme"),
        "{shown}"
    );
    assert!(shown.contains("did you mean `tip.html`?"), "{shown}");
    assert!(f.read("tips/water-tip/index.html").contains("一水多用"));
}

/// A message about a GBK file quotes its line as the build read it, not as UTF-8 that fails.
#[test]
fn a_message_about_a_gbk_file_quotes_its_line() {
    let f = Fixture::new();
    let (gbk, _, _) = encoding_rs::GBK.encode(
        "---\ntitle: 一水多用\ndescription: 洗菜水浇花。\ntemplate: tips.html\ncategories: [water]\ncampaigns: [green-families]\n---\n正文\n",
    );
    f.bytes("content/tips/water-tip.md", &gbk);
    let shown = messages(&f.build());
    assert!(
        shown.contains("content/tips/water-tip.md:4:1: warning: `tips.html` is not a template"),
        "{shown}"
    );
    assert!(shown.contains("| template: tips.html"), "{shown}");
}

/// `new`, `build` and `check` answer in the site's default language too, not only diagnostics.
#[test]
fn the_command_lines_own_messages_speak_the_site_default_language() {
    let f = Fixture::new();
    let run = |args: &[&str]| {
        let out = f.run_in_site_language(args);
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    };
    let created = run(&["new", "tip", "换用LED灯"]);
    assert!(
        created.contains("已创建 content/tips/huan-yong-led-deng.md"),
        "{created}"
    );
    let again = run(&["new", "tip", "换用LED灯"]);
    assert!(
        again.contains("错误: content/tips/huan-yong-led-deng.md 已经存在"),
        "{again}"
    );
    let built = run(&["build"]);
    assert!(built.contains("已生成") && built.contains("个页面"), "{built}");
    let checked = run(&["check"]);
    assert!(checked.contains("个错误") && checked.contains("个警告"), "{checked}");
}

/// Several problems in pages checked and rendered in parallel, built again and again.
#[test]
fn the_same_input_gives_the_same_messages_in_the_same_order() {
    let f = Fixture::new();
    for i in 0..12 {
        f.file(
            &format!("content/tips/tip-{i}.md"),
            &format!("---\ntitle: t{i}\ndescription: d。\ncategories: [watr]\ncolour: red\n---\n[x](missing-{i}.md)\n"),
        );
    }
    let first = f.build();
    assert!(first.diagnostics.error_count() >= 36, "{}", messages(&first));
    for _ in 0..4 {
        let again = f.build();
        assert_eq!(messages(&again), messages(&first));
        assert_eq!(again.diagnostics.to_json(), first.diagnostics.to_json());
    }
}

/// Two outputs rendered in parallel written to the same place (a taxonomy named like the
/// calendar page): the message names both, in the same order whichever thread wrote first.
#[test]
fn a_clash_names_its_two_files_in_the_same_order_every_build() {
    let f = Fixture::new();
    f.file("site.yaml", &format!("{SITE_YAML}  - name: calendar\n"));
    f.file(
        "data/theme_days.yaml",
        "- id: water\n  name: {zh: 世界水日, en: World Water Day}\n  date: \"03-22\"\n",
    );
    let first = f.build();
    assert!(
        messages(&first).contains("would both be written to"),
        "{}",
        messages(&first)
    );
    for _ in 0..12 {
        assert_eq!(messages(&f.build()), messages(&first));
    }
}
