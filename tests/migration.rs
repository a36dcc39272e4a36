//! Sites that move in from Hugo and Zola, in the shape real ones have (tests/fixtures/migrate):
//! their pages build as they are written, with TOML and JSON front matter, date-times, their
//! keys, shortcodes, language layouts, summaries and old addresses that still lead somewhere.

mod common;

use common::Fixture;
use std::path::Path;

/// The fixture copied into a temporary folder, with the site.yaml `greenprint import` writes.
fn site(name: &str, site_yaml: &str) -> Fixture {
    let f = Fixture {
        dir: tempfile::tempdir().expect("temporary folder"),
    };
    copy(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/migrate")
            .join(name),
        f.root(),
    );
    f.file("site.yaml", site_yaml);
    f
}

fn copy(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("fixture file");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

const HUGO_SITE: &str = "title: {en: Example, zh: 示例}\nbase_url: https://example.org/\ndefault_language: en\nlanguages:\n  - {code: en, name: English}\n  - {code: zh, name: 中文, html_lang: zh-Hans}\ntaxonomies:\n  - name: tags\n  - name: categories\nbuild:\n  links: warn\n";

const ZOLA_SITE: &str = "title: {en: Wiki, zh: 维基}\nbase_url: https://wiki.example.org\ndefault_language: en\nlanguages:\n  - {code: en, name: English}\n  - {code: zh, name: 中文}\ntaxonomies:\n  - name: tags\nbuild:\n  links: warn\n";

fn warnings(report: &greenprint::build::BuildReport) -> Vec<String> {
    report
        .diagnostics
        .sorted()
        .iter()
        .map(|d| {
            format!(
                "{}:{}: {}",
                d.file.clone().unwrap_or_default(),
                d.line.unwrap_or(0),
                d.message
            )
        })
        .collect()
}

#[test]
fn a_hugo_site_with_a_folder_per_language_builds_every_page() {
    let f = site("hugo", HUGO_SITE);
    let report = f.build_ok();
    for page in [
        "index.html",
        "posts/index.html",
        "posts/getting_started/index.html",
        "posts/second/index.html",
        "zh/index.html",
        "zh/posts/getting_started/index.html",
        "tags/setup/index.html",
        "categories/docs/index.html",
    ] {
        assert!(f.public().join(page).is_file(), "{page} should be published");
    }
    // The translation in content/zh/ is the same page: the switcher joins them.
    let zh = f.read("zh/posts/getting_started/index.html");
    assert!(zh.contains("中文内容"), "{zh}");
    assert!(
        f.read("posts/getting_started/index.html")
            .contains("href=\"/zh/posts/getting_started/\"")
    );
    let said = warnings(&report);
    let file = "content/en/posts/getting_started.md";
    for expected in [
        "content/en/posts/_index.md:3: `menu` is a Hugo or Zola setting greenprint does not use".to_string(),
        format!("{file}:10: `author` is a Hugo or Zola setting"),
        format!("{file}:11: `featured_image` is not a greenprint field"),
        format!("{file}:12: `docs.html` is not a template of the theme"),
        format!("{file}:28: the shortcode `tabs` is not one greenprint knows"),
        format!("{file}:36: this link points to `nothere.md`, which is not a page of the site"),
    ] {
        assert!(
            said.iter().any(|s| s.starts_with(&expected)),
            "no `{expected}` in:\n{}",
            said.join("\n")
        );
    }
    assert_eq!(said.len(), 6, "{}", said.join("\n"));
}

#[test]
fn toml_dates_with_times_and_hugo_keys_are_read() {
    let f = site("hugo", HUGO_SITE);
    f.build_ok();
    let page = f.read("posts/getting_started/index.html");
    // lastmod is the page's updated date, shown and in the sitemap.
    let sitemap = f.read("sitemap.xml");
    assert!(sitemap.contains("<lastmod>2025-05-02</lastmod>"), "{sitemap}");
    // The summary before <!--more--> is what the list shows.
    let list = f.read("posts/index.html");
    assert!(list.contains("This is the summary."), "{list}");
    // A date in the future (`publishDate` in JSON front matter) is not published yet.
    assert!(!f.public().join("posts/future/index.html").exists());
    assert!(!list.contains("Future"));
    // Tags and categories from the TOML lists are terms.
    assert!(f.read("tags/intro/index.html").contains("Getting started"));
    assert!(page.contains("<h1>Getting started</h1>"), "{page}");
}

#[test]
fn hugo_shortcodes_render_and_shortcodes_in_code_stay_text() {
    let f = site("hugo", HUGO_SITE);
    f.build_ok();
    let page = f.read("posts/getting_started/index.html");
    for expected in [
        // ref and relref: the link of the page, in the page's language unless named otherwise.
        "<a href=\"/posts/second/\">other post</a>",
        "<a href=\"/zh/posts/getting_started/\">中文</a>",
        // figure: an image checked like any other, with its caption.
        "<img src=\"/images/a.png\" alt=\"A picture\">",
        "<figcaption>A caption</figcaption>",
        // youtube without the host allowed: a link, nothing loaded from another site.
        "<a href=\"https://www.youtube.com/watch?v=w7Ft2ymGmfc\">",
        // notice, with Markdown inside.
        "<aside class=\"notice notice-tip\">",
        "Switch off the <strong>lights</strong>.",
        // an unknown shortcode's content is kept.
        "inside tabs",
        // a protocol-relative address is a web address, not a missing page.
        "<a href=\"//github.com/gohugoio/hugo/README.md\">GitHub</a>",
    ] {
        assert!(page.contains(expected), "no `{expected}` in the page:\n{page}");
    }
    assert!(
        page.contains("youtube stays"),
        "the shortcode in code is shown as written"
    );
    assert!(
        !page.contains("{{&lt;") && !page.contains("{{<"),
        "no shortcode is printed as text"
    );
}

#[test]
fn old_addresses_lead_to_the_page() {
    let f = site("hugo", HUGO_SITE);
    f.build_ok();
    for old in ["old/start/index.html", "posts/start.html"] {
        let redirect = f.read(old);
        assert!(
            redirect.contains("<meta http-equiv=\"refresh\" content=\"0; url=/posts/getting_started/\">"),
            "{redirect}"
        );
        assert!(redirect.contains("<link rel=\"canonical\" href=\"https://example.org/posts/getting_started/\">"));
        assert!(redirect.contains("noindex"));
    }
    assert!(
        !f.read("sitemap.xml").contains("old/start"),
        "old addresses are not listed"
    );
}

#[test]
fn an_alias_never_replaces_a_page() {
    let f = site("hugo", HUGO_SITE);
    f.file(
        "content/en/posts/third.md",
        "+++\ntitle = \"Third\"\naliases = [\"/posts/second/\", \"../../../outside/\"]\n+++\nThird.\n",
    );
    let report = f.build_ok();
    assert!(f.read("posts/second/index.html").contains("Second post."));
    assert!(
        warnings(&report)
            .iter()
            .any(|w| w.contains("the old address /posts/second/ in `aliases` is taken"))
    );
    // `..` cannot leave the site: the alias is made inside it.
    assert!(f.public().join("outside/index.html").is_file());
    assert!(!f.root().join("outside").exists());
}

#[test]
fn a_zola_site_with_translations_beside_each_page_builds_every_page() {
    let f = site("zola", ZOLA_SITE);
    let report = f.build_ok();
    // `path` is the page's address in every language; the file name keeps its `_` elsewhere.
    let first = f.read("blog/first/index.html");
    assert!(f.read("zh/blog/first/index.html").contains("摘要"));
    assert!(f.public().join("blog/second/index.html").is_file());
    assert!(f.read("2024/03/first-post/index.html").contains("url=/blog/first/"));
    // Zola's [taxonomies] table gives the terms.
    assert!(f.read("tags/zola/index.html").contains("First post"));
    // Zola's shortcodes: a built-in, a notice with content, and the site's own template.
    assert!(first.contains("https://www.youtube.com/watch?v=dQw4w9WgXcQ"), "{first}");
    assert!(first.contains("<aside class=\"notice notice-note\">"), "{first}");
    assert!(first.contains("<p class=\"notice-title\">Tip</p>"), "{first}");
    assert!(first.contains("Keep <strong>notes</strong> short."), "{first}");
    assert!(
        first.contains("<p class=\"callout callout-info\">A site shortcode</p>"),
        "{first}"
    );
    // A link that names the Chinese file on purpose leads to the Chinese page.
    assert!(
        first.contains("<a href=\"/zh/blog/first/\">Chinese version</a>"),
        "{first}"
    );
    assert!(first.contains("<a href=\"/blog/second/\">second</a>"), "{first}");
    // The summary before <!-- more --> is what the list shows.
    assert!(f.read("blog/index.html").contains("The summary."));
    let said = warnings(&report);
    for expected in [
        "content/_index.md:3: `sort_by` is a Hugo or Zola setting",
        "content/blog/_index.md:3: `paginate_by` is a Hugo or Zola setting",
        "content/blog/_index.md:4: `insert_anchor_links` is a Hugo or Zola setting",
        "content/blog/first_post.md:7: `in_search_index` is a Hugo or Zola setting",
    ] {
        assert!(
            said.iter().any(|s| s.starts_with(expected)),
            "no `{expected}` in:\n{}",
            said.join("\n")
        );
    }
    assert!(!said.iter().any(|s| s.contains("shortcode")), "{}", said.join("\n"));
}

#[test]
fn a_translation_key_joins_pages_with_different_names() {
    let f = site("zola", ZOLA_SITE);
    f.file(
        "content/blog/hello.md",
        "+++\ntitle = \"Hello\"\ntranslationKey = \"greeting\"\n+++\nHello.\n",
    );
    f.file(
        "content/blog/ni_hao.zh.md",
        "+++\ntitle = \"你好\"\ntranslationKey = \"greeting\"\n+++\n你好。\n",
    );
    f.build_ok();
    let zh = f.read("zh/blog/hello/index.html");
    assert!(zh.contains("你好。"), "{zh}");
    assert!(f.read("blog/hello/index.html").contains("href=\"/zh/blog/hello/\""));
    // The Chinese page's own address still leads to it.
    assert!(f.read("zh/blog/ni_hao/index.html").contains("url=/zh/blog/hello/"));
}

#[test]
fn a_misspelt_greenprint_key_is_still_an_error_beside_hugo_keys() {
    let f = site("hugo", HUGO_SITE);
    f.file(
        "content/en/posts/typo.md",
        "+++\ntitle = \"Typo\"\ndescripton = \"x\"\nlinkTitle = \"T\"\n+++\nText.\n",
    );
    let report = f.build();
    assert!(!report.succeeded());
    let shown = report.diagnostics.render_terminal(false);
    assert!(
        shown.contains("content/en/posts/typo.md:3:1: error: `descripton` is not a field a page can have"),
        "{shown}"
    );
    assert!(shown.contains("did you mean `description`?"), "{shown}");
    assert!(!shown.contains("linkTitle"), "{shown}");
}

#[test]
fn the_same_page_twice_in_the_default_language_says_how_to_choose_it() {
    let f = site(
        "zola",
        &ZOLA_SITE.replace("default_language: en", "default_language: zh"),
    );
    let report = f.build();
    assert!(!report.succeeded());
    let shown = report.diagnostics.render_terminal(false);
    assert!(shown.contains("make it `default_language` in site.yaml"), "{shown}");
}

#[test]
fn a_hugo_folder_without_site_yaml_is_told_to_import() {
    let f = site("hugo", HUGO_SITE);
    f.remove("site.yaml");
    let out = f.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("this folder has hugo.toml, the configuration of a Hugo or Zola site: run `greenprint import"),
        "{said}"
    );
}

/// What a user does: `greenprint import` of the Hugo and Zola sites as they are, then a build
/// of what it wrote, with every page.
#[test]
fn imported_sites_build_with_every_page() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/migrate");
    for (name, pages) in [
        (
            "hugo",
            &[
                "index.html",
                "posts/getting_started/index.html",
                "posts/second/index.html",
                "zh/index.html",
                "zh/posts/getting_started/index.html",
                "old/start/index.html",
            ][..],
        ),
        (
            "zola",
            &[
                "index.html",
                "blog/first/index.html",
                "blog/second/index.html",
                "zh/blog/first/index.html",
                "2024/03/first-post/index.html",
            ][..],
        ),
    ] {
        let work = tempfile::tempdir().expect("temporary folder");
        let dest = work.path().join("site");
        let f = Fixture {
            dir: tempfile::tempdir().expect("temporary folder"),
        };
        let imported = f.run(&[
            "import",
            &fixtures.join(name).display().to_string(),
            &dest.display().to_string(),
        ]);
        let said = String::from_utf8_lossy(&imported.stdout).to_string() + &String::from_utf8_lossy(&imported.stderr);
        assert_eq!(imported.status.code(), Some(0), "{said}");
        let built = f.run(&["build", "--root", &dest.display().to_string()]);
        let shown = String::from_utf8_lossy(&built.stdout).to_string() + &String::from_utf8_lossy(&built.stderr);
        assert_eq!(built.status.code(), Some(0), "{name}: {shown}");
        for page in pages {
            assert!(
                dest.join("public").join(page).is_file(),
                "{name}: {page} should be published:\n{shown}"
            );
        }
        if name == "hugo" {
            assert!(
                said.contains("the site's own shortcodes (tabs) are Hugo templates"),
                "{said}"
            );
        } else {
            // Zola's shortcode templates came along and render.
            let first = std::fs::read_to_string(dest.join("public/blog/first/index.html")).expect("page");
            assert!(
                first.contains("<p class=\"callout callout-info\">A site shortcode</p>"),
                "{first}"
            );
        }
    }
}

/// What real Hugo sites have (Hugo's example site, a Docsy project site): pages without a title,
/// a headless bundle with Markdown beside its index.md, `description:` left empty, a page that
/// asks for the search layout, and a shortcode template Tera cannot read.
#[test]
fn what_real_hugo_sites_have_builds_with_warnings() {
    let f = site("hugo", HUGO_SITE);
    f.file("content/en/archives.md", "---\nlayout: archives\n---\n");
    f.file("content/en/homepage/index.md", "---\nheadless: true\n---\n");
    f.file(
        "content/en/homepage/work.md",
        "---\ntitle: Work\n---\nA piece of the home page.\n",
    );
    f.file(
        "content/en/blog/announce.md",
        "---\ntitle: Announcement\ndate: 2024-03-15\ndescription:\n---\nOnline!\n",
    );
    f.file("content/en/search.md", "---\ntitle: Search\nlayout: search\n---\n");
    f.file(
        "templates/shortcodes/gallery.html",
        "{% for a in page.assets -%}{{ resize_image(path=a) }}{% endfor %}",
    );
    let report = f.build_ok();
    let said = warnings(&report);
    let has = |text: &str| said.iter().any(|s| s.contains(text));
    assert!(
        f.read("archives/index.html").contains("<h1>Archives</h1>"),
        "a title from the file name"
    );
    assert!(
        has("content/en/archives.md:1: the page has no `title`: it is shown as “Archives”, from its file name"),
        "{said:?}"
    );
    assert!(
        !f.public().join("homepage/index.html").exists(),
        "a headless bundle is not published"
    );
    assert!(!f.public().join("homepage/work/index.html").exists());
    assert!(
        has("content/en/homepage/work.md:0: this file is inside the page bundle content/en/homepage/"),
        "{said:?}"
    );
    assert!(f.read("blog/announce/index.html").contains("Online!"));
    assert!(
        f.read("search/index.html").contains("data-search"),
        "greenprint's own search page"
    );
    assert!(
        has("content/en/search.md:0: this page asks for the template `search.html`"),
        "{said:?}"
    );
    assert!(
        has("the shortcode template shortcodes/gallery.html cannot be read, so it is not used"),
        "{said:?}"
    );
}

#[test]
fn tags_that_differ_in_case_are_one_term() {
    let f = site("hugo", HUGO_SITE);
    f.file(
        "content/en/posts/third.md",
        "+++\ntitle = \"Third\"\ntags = [\"Setup\"]\n+++\nThird.\n",
    );
    let report = f.build_ok();
    let term = f.read("tags/setup/index.html");
    assert!(term.contains("Getting started") && term.contains("Third"), "{term}");
    let said = warnings(&report);
    assert!(
        said.iter()
            .any(|w| w.contains("the term `Setup` is written `setup` on other pages")),
        "{said:?}"
    );
}

/// A page written only in English, on a site whose Chinese edition shows no fallbacks: a link to
/// it from a Chinese page leads to the English page rather than being reported missing.
#[test]
fn a_link_to_a_page_in_one_language_only_leads_there() {
    let f = site(
        "zola",
        &ZOLA_SITE
            .replace(
                "  - {code: zh, name: 中文}",
                "  - {code: zh, name: 中文, fallback: false}",
            )
            .replace("links: warn", "links: error"),
    );
    f.file(
        "content/blog/first_post.zh.md",
        "+++\ntitle = \"第一篇\"\ndate = 2024-03-01\n+++\n见[第二篇](second.md)。\n",
    );
    f.build_ok();
    assert!(!f.public().join("zh/blog/second/index.html").exists());
    assert!(
        f.read("zh/blog/first/index.html")
            .contains("<a href=\"/blog/second/\">第二篇</a>")
    );
}

#[test]
fn toc_true_shows_the_contents_of_a_short_page() {
    let f = site("hugo", HUGO_SITE);
    f.file(
        "content/en/posts/short.md",
        "+++\ntitle = \"Short\"\ntoc = true\n+++\n## One\n\nText.\n\n## Two\n\nMore.\n",
    );
    f.file(
        "content/en/posts/plain.md",
        "+++\ntitle = \"Plain\"\n+++\n## One\n\nText.\n\n## Two\n\nMore.\n",
    );
    f.build_ok();
    assert!(f.read("posts/short/index.html").contains("class=\"toc\""));
    assert!(!f.read("posts/plain/index.html").contains("class=\"toc\""));
}
