//! Properties that hold for any input, checked on generated input (proptest): hostile or broken
//! front matter loads or is reported but never panics, builds are byte-for-byte deterministic,
//! slugs are always clean, no path with `..` is ever written, and no mix of Markdown and HTML
//! gets a script, a handler, a script address or a covering style past the sanitiser.
//!
//! The cases are kept few enough that the whole file runs in seconds in a debug build; the fuzz
//! targets in fuzz/ (scripts/fuzz.sh) explore the same ground for longer.

mod common;
use common::*;

use greenprint::build::{BuildOptions, build};
use greenprint::content::{PageKind, frontmatter, schema};
use greenprint::decode;
use greenprint::diagnostics::Diagnostics;
use greenprint::output::is_inside;
use greenprint::slug::slugify;
use greenprint::yaml::Origin;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::TestCaseError;
use std::path::{Path, PathBuf};

const FILE: &str = "content/tips/generated.md";

/// The taxonomies of the bundled site, so that their keys are fields of tips.
const TAXONOMIES: &[&str] = &["categories", "audiences", "campaigns", "actions"];

/// The schema's field names, the taxonomies, the keys inside `savings`, and a few misspellings.
const KEYS: &[&str] = &[
    "title",
    "description",
    "slug",
    "weight",
    "date",
    "updated",
    "draft",
    "template",
    "page_kind",
    "color",
    "audience",
    "slogan",
    "key_actions",
    "goal",
    "activities",
    "lead_units",
    "partner_units",
    "source",
    "featured",
    "savings",
    "extra",
    "categories",
    "audiences",
    "campaigns",
    "actions",
    "assumption",
    "electricity",
    "watts",
    "hours_per_day",
    "days_per_year",
    "water",
    "litres_per_day",
    "petrol",
    "km_per_day",
    "titel",
    "colour",
    "Title",
    "sources",
    "标题",
];

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        // Failures are turned into named regression tests below rather than files in tests/.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Splits `text` and checks it against every kind's schema, as `content::load` does; what does
/// not load must have been reported as an error. Rendering the diagnostics must not panic either.
fn loads_or_reports(text: &str) -> Result<(), TestCaseError> {
    let file = Path::new(FILE);
    let mut diagnostics = Diagnostics::new();
    match frontmatter::split(text, file, &mut diagnostics) {
        None => prop_assert!(diagnostics.has_errors(), "split refused the page without an error"),
        Some(split) => {
            prop_assert!(text.ends_with(&split.body), "the body is not the end of the file");
            for kind in PageKind::ALL {
                let origin = Origin {
                    file,
                    file_text: text,
                    line_offset: 1,
                };
                let mut local = Diagnostics::new();
                let meta = schema::check(&split.front, &split.yaml, kind, TAXONOMIES, origin, &mut local);
                if let Some(slug) = &meta.slug {
                    slugify(slug);
                }
                local.render_terminal(true);
                local.to_json();
            }
        }
    }
    diagnostics.render_terminal(true);
    diagnostics.to_json();
    Ok(())
}

/// A value as volunteers type it, or mistype it: YAML's special forms, dates in other formats,
/// colours without quotes, unclosed brackets and quotes, full-width punctuation.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => select(&[
            "",
            "true",
            "false",
            "yes",
            "no",
            "~",
            "null",
            "0",
            "-1",
            "3",
            "3.5",
            "9223372036854775808",
            "-9223372036854775809",
            "1e400",
            ".nan",
            "-.inf",
            "0x1F",
            "2024-05-01",
            "2024/5/1",
            "2024-13-45",
            "2024-02-30",
            "2024-05-01T10:00:00Z",
            "２０２４－０５－０１",
            "\"#2e7d32\"",
            "#2e7d32",
            "\"#fff\"",
            "\"#zzzzzz\"",
            "campaign",
            "tip",
            "section",
            "green-families",
            "womens-federation",
            "local-plan",
            "[]",
            "{}",
            "[a, b]",
            "[electricity, water]",
            "[womens-federation, nobody]",
            "[[nested]]",
            "[1, 2.5, true, null]",
            "{watts: 51, hours_per_day: 4, days_per_year: 365}",
            "{assumption: x, electricity: {watts: 51, hours_per_day: 4, days_per_year: 365}}",
            "{assumption: x, water: {litres_per_day: -1, days_per_year: 1e400}}",
            "{assumption: x}",
            "{assumption: x, unknown: 1}",
            "|",
            "|-\n  two\n  lines",
            ">\n  folded",
            "&anchor x",
            "*anchor",
            "!!str 3",
            "!!binary aGVsbG8=",
            "!custom x",
            "? x",
            "'single'",
            "\"double\"",
            "\"esc\\u0000aped\"",
            "\"unterminated",
            "'unterminated",
            "[unclosed",
            "{unclosed: 1",
            "- item",
            "a: b: c",
            "绿色生活：节约",
            "《总体方案》",
        ])
        .prop_map(str::to_owned),
        1 => "[a-z0-9 ：:\\-\"'\t\u{3000}#,\\[\\]{}&*!|>%@`\u{ff01}-\u{ff5e}绿色生活。，]{0,24}",
    ]
}

/// One line of front matter: an indent (spaces, tabs, ideographic spaces, list dashes), a key, a
/// separator (half- and full-width colons with any spacing) and a value; or a line of its own.
/// Most lines are well formed, so that most pages get past the YAML parser to the schema check.
fn line() -> impl Strategy<Value = String> {
    let indent = prop_oneof![
        12 => Just(""),
        1 => select(&["  ", "    ", "\t", "  \t", "\u{3000}", "\u{3000}\u{3000}", " \u{3000}", "- ", "  - ", "-"]),
    ];
    let key = prop_oneof![
        8 => select(KEYS).prop_map(str::to_owned),
        1 => "[a-zA-Z_\\-]{1,12}",
    ];
    let separator = prop_oneof![
        10 => Just(": "),
        1 => select(&[":", "：", "： ", "：\u{3000}", " : ", ":\t", ": \t", "::", ": : ", " ", "="]),
    ];
    prop_oneof![
        20 => (indent, key, separator, value()).prop_map(|(i, k, s, v)| format!("{i}{k}{s}{v}")),
        1 => select(&["---", "...", "- a", "  - b", "# comment", "", "\t", "   ", "\u{3000}", "--- ", "-- -"])
            .prop_map(str::to_owned),
        1 => "[^\n\r]{0,30}",
    ]
}

/// A whole page: an opening line, front matter lines (often after a valid title and description),
/// a closing line (or none) and a body.
fn page() -> impl Strategy<Value = String> {
    let open = prop_oneof![
        10 => Just("---\n"),
        1 => select(&["--- \n", "---\r\n", "\u{feff}---\n", "----\n", ""]),
    ];
    let close = prop_oneof![
        10 => Just("---\n"),
        1 => select(&["...\n", "---", "--- \t\n", "", "----\n"]),
    ];
    let newline = prop_oneof![10 => Just("\n"), 1 => select(&["\r\n", "\r"])];
    let start = select(&["", "title: 标题\ndescription: 说明\n"]);
    (
        open,
        start,
        prop::collection::vec(line(), 0..8),
        newline,
        close,
        "[^\u{0}]{0,40}",
    )
        .prop_map(|(open, start, lines, newline, close, body)| {
            let mut text = format!("{open}{start}");
            for l in lines {
                text.push_str(&l);
                text.push_str(newline);
            }
            text + close + &body
        })
}

/// Starts of files as editors save them: a BOM, CRLF, a UTF-16 BOM.
const BYTE_PREFIXES: &[&[u8]] = &[b"", b"\xEF\xBB\xBF", b"---\r\n", b"\xEF\xBB\xBF---\n", b"\xFF\xFE"];

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn any_text_loads_or_is_reported(text in any::<String>()) {
        loads_or_reports(&text)?;
    }

    #[test]
    fn any_text_between_dashes_loads_or_is_reported(yaml in any::<String>(), body in any::<String>()) {
        loads_or_reports(&format!("---\n{yaml}\n---\n{body}"))?;
    }

    #[test]
    fn yaml_ish_text_loads_or_is_reported(
        yaml in "[a-z_ ：:\\-\"'\t\u{3000}\n#,.\\[\\]{}&*!|>?%@`~\u{ff01}-\u{ff5e}0-9绿色。]{0,80}",
    ) {
        loads_or_reports(&format!("---\n{yaml}\n---\n"))?;
    }

    #[test]
    fn structured_front_matter_loads_or_is_reported(text in page()) {
        loads_or_reports(&text)?;
    }

    #[test]
    fn any_bytes_decode_and_load_or_are_reported(
        prefix in select(BYTE_PREFIXES),
        bytes in prop::collection::vec(any::<u8>(), 0..300),
    ) {
        let data = [prefix, &bytes[..]].concat();
        let mut diagnostics = Diagnostics::new();
        match decode::decode(&data, Path::new(FILE), &mut diagnostics) {
            None => prop_assert!(diagnostics.has_errors(), "decode refused the file without an error"),
            Some(text) => {
                prop_assert!(!text.contains('\r'));
                loads_or_reports(&text)?;
            }
        }
        diagnostics.render_terminal(false);
    }
}

// ---- slugs ----

fn assert_clean_slug(text: &str) -> Result<(), TestCaseError> {
    let slug = slugify(text);
    prop_assert!(
        slug.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
        "slugify({text:?}) = {slug:?} has a character outside [a-z0-9-]"
    );
    prop_assert!(
        !slug.starts_with('-'),
        "slugify({text:?}) = {slug:?} starts with a dash"
    );
    prop_assert!(!slug.ends_with('-'), "slugify({text:?}) = {slug:?} ends with a dash");
    prop_assert!(
        !slug.contains("--"),
        "slugify({text:?}) = {slug:?} has two dashes in a row"
    );
    prop_assert_eq!(slugify(&slug), slug.clone(), "a slug is its own slug");
    Ok(())
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn slugs_are_clean_for_any_text(text in any::<String>()) {
        assert_clean_slug(&text)?;
    }

    #[test]
    fn slugs_are_clean_for_titles(
        text in "[\u{4e00}-\u{9fff}a-zA-Z0-9 \\-_.,!?'&()\u{3000}，。！？、：；（）《》àáâãäåèéêëìíîïòóôõöùúûüçñÀÉÜÇÑāēīōūüÆæøß\u{2160}-\u{216b}\u{ff10}-\u{ff19}\u{ff21}-\u{ff3a}]{0,24}",
    ) {
        assert_clean_slug(&text)?;
    }

    #[test]
    fn slugs_are_clean_around_phrases(
        parts in prop::collection::vec(
            select(&["重庆", "银行", "行动", "自行车", "长江", "音乐", "-", "--", " ", "行", "重", "a", "9", "ü", "绿"]),
            0..8,
        ),
    ) {
        assert_clean_slug(&parts.concat())?;
    }
}

// ---- output paths ----

/// Path components, ordinary and not: names with dots, `.`, `..`, empty (a doubled slash).
fn component() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z0-9_\\-]{1,6}",
        1 => select(&["", ".", "...", "..a", "a..", ".hidden", "绿色", "a b"]).prop_map(str::to_owned),
    ]
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn paths_with_parent_components_are_refused(
        before in prop::collection::vec(component(), 0..4),
        after in prop::collection::vec(component(), 0..4),
        dots in select(&["..", "../..", "./..", "../."]),
    ) {
        let path: PathBuf = [before.join("/"), dots.to_owned(), after.join("/")].iter().collect();
        prop_assert!(!is_inside(&path), "{} was accepted", path.display());
        let text = [before.join("/"), dots.to_owned(), after.join("/")].join("/");
        prop_assert!(!is_inside(Path::new(&text)), "{text} was accepted");
    }

    #[test]
    fn absolute_paths_are_refused(parts in prop::collection::vec(component(), 0..4)) {
        let text = format!("/{}", parts.join("/"));
        prop_assert!(!is_inside(Path::new(&text)), "{text} was accepted");
    }

    #[test]
    fn relative_paths_without_parent_components_are_accepted(parts in prop::collection::vec(component(), 1..5)) {
        let text = parts.join("/");
        prop_assume!(!text.starts_with('/'));
        prop_assert!(is_inside(Path::new(&text)), "{text} was refused");
    }
}

// ---- deterministic builds ----

/// A title as editors write them, quoted as a YAML string so that any of it is text.
fn title() -> impl Strategy<Value = String> {
    "[\u{4e00}-\u{9fa5}a-zA-Z0-9][\u{4e00}-\u{9fa5}a-zA-Z0-9 ：:\\-\"'#&<>!?，。《》]{0,20}"
}

/// A Markdown body from the pieces greenprint renders specially, mixed with plain text.
fn body() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => "[\u{4e00}-\u{9fa5}a-zA-Z0-9 ，。*_`<>&]{0,40}",
        1 => select(&[
            "## 小标题 {#custom-id}",
            "## Heading",
            "[节水](water-tip.md)",
            "[关灯](@/tips/switch-off-lights.md)",
            "[家庭](../campaigns/green-families.md)",
            "[外链](https://example.com/?a=1&b=2)",
            "```rust\nfn main() { println!(\"hi\"); }\n```",
            "```\nplain code\n```",
            "| 项目 | 数量 |\n|---|---|\n| 电 | 1 |",
            "脚注[^1]\n\n[^1]: 注释",
            "- [ ] 待办\n- [x] 完成",
            "~~删除~~",
            "<script>alert(1)</script>",
            "<b onclick=\"x()\">粗</b>",
            "<a href=\"javascript:alert(1)\">链接</a>",
            "<iframe src=\"https://evil.example/\"></iframe>",
            "> 引用",
            "1. 一\n2. 二",
            "![图](https://example.com/a.png)",
        ])
        .prop_map(str::to_owned),
    ];
    prop::collection::vec(piece, 0..6).prop_map(|pieces| pieces.join("\n\n"))
}

/// A tip like tests/common's `tip`, with its title and description quoted so that any title is
/// text to YAML.
fn quoted_tip(title: &str, category: &str, body: &str) -> String {
    let quote = |s: &str| serde_json::to_string(s).expect("a string");
    format!(
        "---\ntitle: {}\ndescription: {}\ncategories: [{category}]\ncampaigns: [green-families]\n---\n{body}\n",
        quote(title),
        quote(&format!("{title}。")),
    )
}

fn build_into(root: &Path, output: PathBuf) -> greenprint::build::BuildReport {
    build(&BuildOptions {
        output: Some(output),
        ..BuildOptions::new(root)
    })
}

proptest! {
    #![proptest_config(config(3))]

    #[test]
    fn builds_are_byte_identical(
        tips in prop::collection::vec((title(), title(), body()), 1..4),
        category in select(&["electricity", "water"]),
    ) {
        let f = Fixture::new();
        for (i, (zh, en, text)) in tips.iter().enumerate() {
            f.file(&format!("content/tips/generated-{i}.md"), &quoted_tip(zh, category, text));
            f.file(&format!("content/tips/generated-{i}.en.md"), &quoted_tip(en, category, text));
        }
        let first = build_into(f.root(), f.root().join("out-a"));
        let second = build_into(f.root(), f.root().join("out-b"));
        prop_assert!(first.succeeded(), "{}", first.diagnostics.render_terminal(false));
        prop_assert_eq!(
            first.diagnostics.render_terminal(false),
            second.diagnostics.render_terminal(false)
        );
        let a = snapshot(&f.root().join("out-a"));
        let b = snapshot(&f.root().join("out-b"));
        prop_assert!(!a.is_empty(), "the build wrote nothing");
        prop_assert_eq!(a.len(), b.len(), "the builds wrote different numbers of files");
        for ((path_a, bytes_a), (path_b, bytes_b)) in a.iter().zip(&b) {
            prop_assert_eq!(path_a, path_b);
            prop_assert!(bytes_a == bytes_b, "{} differs between two builds", path_a);
        }
    }
}

/// Addresses written the ways that have slipped past sanitisers: schemes in mixed case, with
/// character references, whitespace or control characters inside; and a few harmless ones.
const ADDRESSES: &[&str] = &[
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "\tjavascript:alert(1)",
    "java\tscript:alert(1)",
    "java&#x09;script:alert(1)",
    "java&#10;script:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "&#0000106avascript:alert(1)",
    "javascript&colon;alert(1)",
    "javascript&#58;alert(1)",
    "\u{1}javascript:alert(1)",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:image/svg+xml;base64,PHN2Zz4=",
    "DATA:text/html;base64,PHNjcmlwdD4=",
    "https://ok.example/a",
    "#frag",
    "switch-off-lights.md",
    "mailto:a@example.cn",
    "/a?b=1",
];

/// Markdown and HTML that carry an address (`ADDR`).
const CARRIERS: &[&str] = &[
    "[t](ADDR)",
    "[t](<ADDR>)",
    "![i](ADDR)",
    "<ADDR>",
    "[t][r]\n\n[r]: ADDR\n",
    "<a href=\"ADDR\">x</a>",
    "<a href='ADDR'>x</a>",
    "<a href=ADDR>x</a>",
    "<img src=\"ADDR\" alt=x>",
    "<iframe src=\"ADDR\"></iframe>",
    "<form action=\"ADDR\"><button formaction=\"ADDR\">b</button></form>",
    "<svg><a xlink:href=\"ADDR\"><text>x</text></a></svg>",
    "<math><a href=\"ADDR\">x</a></math>",
    "<object data=\"ADDR\"></object>",
    "<video poster=\"ADDR\"></video>",
    "<base href=\"ADDR\">",
    "<td background=\"ADDR\">",
    "## heading [t](ADDR)\n",
    "<span style=\"background:url(ADDR)\">s</span>",
];

/// Hostile and ordinary pieces of Markdown and HTML, to be mixed at random.
const PIECES: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//x.example/a.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<img src=x OnError='alert(1)'>",
    "<div onclick=\"alert(1)\">",
    "<p/onmouseover=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<iframe src=\"https://allowed.example/v/1\"></iframe>",
    "<iframe src=\"https://evil.example/\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<style>body{position:fixed;background:url(https://x.example/a.png)}</style>",
    "<td style=\"position:fixed;top:0;width:100%;background:url(https://x.example/a.png)\">",
    "<span style=\"color:red;position:absolute\">s</span>",
    "<div style=\"width:expression(alert(1))\">",
    "<div style=\"background-image: u\\72l(x)\">",
    "<p style='color:red;-moz-binding:url(x)'>",
    "<meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">",
    "<link rel=import href=x.html>",
    "<object data=x.swf></object>",
    "<a href=\"",
    "<a title='",
    "\"",
    "'",
    "<",
    ">",
    "/>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<div>",
    "</div>",
    "## ",
    "# ",
    " {#id}",
    " {#\"><script>alert(1)</script>}",
    " {#x onclick=alert(1) .c style=position:fixed}",
    "\n",
    "\n\n",
    " ",
    "text 文字",
    "| a | b |\n|:-:|--|\n| c | d |\n",
    "> ",
    "- ",
    "1. ",
    "```\n",
    "`",
    "*",
    "[",
    "](",
    ")",
    "&#",
    "&amp;",
    // Shortcodes of Hugo and Zola pages: what they make goes through the same sanitiser.
    "{{< figure src=\"",
    "{{<figure link=\"",
    "\" alt=\"",
    "\" caption=\"",
    "\" >}}",
    " >}}",
    "{{< youtube ",
    "{{< bilibili id=\"",
    "{{< video src=\"",
    "{{< ref \"",
    "{{< details summary=\"",
    "{{< /details >}}",
    "{{% notice warning \"",
    "{{% /notice %}}",
    "{{< highlight html >}}",
    "{{< /highlight >}}",
    "{{ youtube(id=\"",
    "\") }}",
    "{% note(title=\"",
    "\") %}",
    "{% end %}",
    "{{</* x */>}}",
];

fn markup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        select(PIECES).prop_map(str::to_owned),
        (select(CARRIERS), select(ADDRESSES)).prop_map(|(carrier, address)| carrier.replace("ADDR", address)),
    ];
    prop::collection::vec(piece, 1..16).prop_map(|pieces| pieces.concat())
}

/// One loaded fixture site for every case: only the body changes.
fn renderer() -> &'static common::markup::Renderer {
    static RENDERER: std::sync::OnceLock<common::markup::Renderer> = std::sync::OnceLock::new();
    RENDERER.get_or_init(|| {
        let f = Fixture::new();
        f.file(
            "site.yaml",
            &format!("{SITE_YAML}build:\n  allowed_iframe_hosts: [allowed.example]\n"),
        );
        f.renderer()
    })
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn markdown_and_html_never_publish_scripts_handlers_or_covering_styles(body in markup()) {
        let (html, _) = renderer().render(&body);
        let problems = common::published::problems(&html, "https://allowed.example/");
        prop_assert!(problems.is_empty(), "{:?}\nfrom {:?}\ngave {}", problems, body, html);
    }
}

#[test]
fn a_heading_with_a_handler_in_its_id_is_published_without_it() {
    let (html, _) = renderer().render("## a {#x onclick=alert(1) .c style=position:fixed}\n\n<p/onmouseover=alert(1)>");
    assert!(
        common::published::problems(&html, "https://allowed.example/").is_empty(),
        "{html}"
    );
}
