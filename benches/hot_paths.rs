//! Criterion benchmarks for the build's hot paths: front matter, Markdown, templates, writing,
//! and the whole build of the bundled site (this repository).
//!
//! Run with `cargo bench --bench hot_paths`; `bench/README.md` explains each group. Everything
//! here goes through greenprint's public API, and every benchmark checks once, before it is
//! measured, that the code under test produced what it should.

use criterion::measurement::WallTime;
use criterion::{BatchSize, BenchmarkGroup, Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use greenprint::build::{BuildOptions, build};
use greenprint::config::Config;
use greenprint::content::{self, PageKind, frontmatter, schema};
use greenprint::data::Data;
use greenprint::decode;
use greenprint::diagnostics::Diagnostics;
use greenprint::output::Output;
use greenprint::outputs::{self, OutputId, Session, registry};
use greenprint::render::markdown;
use greenprint::resolve::{self, Site, urls};
use greenprint::theme::Theme;
use greenprint::yaml::Origin;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// The bundled site: the repository root.
fn site_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A typical tip: front matter with taxonomies and a `savings` block, a two-paragraph body.
const TIP: &str = "tips/unplug-standby.md";
/// The longest page of the bundled site: `##` headings, lists, a table and code blocks.
const GUIDE: &str = "guide.md";

/// Quick settings, so that `cargo bench --bench hot_paths` takes a minute or two.
fn quick<'a>(c: &'a mut Criterion, name: &str) -> BenchmarkGroup<'a, WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    group
}

/// Settings for benchmarks whose single run takes tens of milliseconds or more: 10 samples of
/// a fixed number of runs, instead of criterion's growing run counts.
fn slow<'a>(c: &'a mut Criterion, name: &str) -> BenchmarkGroup<'a, WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    group
}

fn no_errors(diagnostics: &Diagnostics, what: &str) {
    assert!(
        !diagnostics.has_errors(),
        "{what} reported errors:\n{}",
        diagnostics.render_terminal(false)
    );
}

/// The site model as `build` makes it: config, data, content, resolve.
fn load_site() -> Site {
    let root = site_root();
    let config = Config::load(root).unwrap_or_else(|d| panic!("site.yaml: {}", d.render_terminal(false)));
    let mut diagnostics = Diagnostics::new();
    let data = Data::load(root, &mut diagnostics);
    let pages = content::load(root, &config, false, &mut diagnostics);
    let site = resolve::resolve(root.to_path_buf(), config, data, pages, &mut diagnostics);
    no_errors(&diagnostics, "loading the bundled site");
    site
}

fn load_theme(site: &Site) -> Theme {
    let mut diagnostics = Diagnostics::new();
    let theme = Theme::load(&site.root, &site.config.theme, &mut diagnostics);
    no_errors(&diagnostics, "loading the theme");
    theme
}

fn page_index(site: &Site, source: &str) -> usize {
    site.pages
        .iter()
        .position(|p| p.source == source)
        .unwrap_or_else(|| panic!("the bundled site has no content/{source}"))
}

/// What `content::load` does for one file once it is read: split, then check against the
/// schema of its kind. Returns the title, so that nothing can be optimised away.
fn split_and_check(
    text: &str,
    shown: &Path,
    kind: PageKind,
    taxonomies: &[&str],
    diagnostics: &mut Diagnostics,
) -> String {
    let split = frontmatter::split(text, shown, diagnostics).expect("front matter splits");
    let origin = Origin {
        file: shown,
        file_text: text,
        line_offset: 1,
    };
    let meta = schema::check(&split.front, &split.yaml, kind, taxonomies, origin, diagnostics);
    meta.title
}

fn front_matter(c: &mut Criterion) {
    let root = site_root();
    let config = Config::load(root).unwrap_or_else(|d| panic!("site.yaml: {}", d.render_terminal(false)));
    let taxonomies: Vec<&str> = config.taxonomies.iter().map(|t| t.name.as_str()).collect();
    let tips = root.join("content/tips");

    // The kind of a tip comes from its section's `page_kind`, as in `content::load`.
    let index_text = std::fs::read_to_string(tips.join("_index.md")).expect("content/tips/_index.md");
    let mut diagnostics = Diagnostics::new();
    let index = frontmatter::split(&index_text, Path::new("content/tips/_index.md"), &mut diagnostics).unwrap();
    let kind = index
        .front
        .0
        .iter()
        .find(|(k, _)| k.value == "page_kind")
        .and_then(|(_, v)| v.value.as_str().and_then(PageKind::parse))
        .expect("content/tips/_index.md has a page_kind");
    assert_eq!(kind, PageKind::Tip);

    let mut files: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&tips)
        .expect("content/tips")
        .map(|e| e.expect("content/tips entry").path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "md") && !p.file_name().unwrap().to_string_lossy().starts_with('_')
        })
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (Path::new("content/tips").join(p.file_name().unwrap()), bytes)
        })
        .collect();
    files.sort();
    assert!(files.len() > 20, "the bundled site has its tips");

    let shown = Path::new("content").join(TIP);
    let bytes = std::fs::read(root.join("content").join(TIP)).unwrap();
    let text = decode::decode(&bytes, &shown, &mut diagnostics).unwrap();
    let split = frontmatter::split(&text, &shown, &mut diagnostics).unwrap();
    assert!(split.front.0.iter().any(|(k, _)| k.value == "savings"));
    assert!(split.body.contains("机顶盒"));
    let title = split_and_check(&text, &shown, kind, &taxonomies, &mut diagnostics);
    assert_eq!(title, "电器不用就断电，做到“零待机”");
    for (path, bytes) in &files {
        let text = decode::decode(bytes, path, &mut diagnostics).unwrap();
        assert!(!split_and_check(&text, path, kind, &taxonomies, &mut diagnostics).is_empty());
    }
    no_errors(&diagnostics, "the tips' front matter");

    let mut group = quick(c, "frontmatter");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("decode_tip", |b| {
        b.iter(|| {
            let mut d = Diagnostics::new();
            black_box(decode::decode(black_box(&bytes), &shown, &mut d))
        })
    });
    group.bench_function("split_tip", |b| {
        b.iter(|| {
            let mut d = Diagnostics::new();
            black_box(frontmatter::split(black_box(&text), &shown, &mut d).map(|s| s.body_line))
        })
    });
    group.bench_function("split_check_tip", |b| {
        b.iter(|| {
            let mut d = Diagnostics::new();
            black_box(split_and_check(black_box(&text), &shown, kind, &taxonomies, &mut d))
        })
    });
    // Every tip in both languages, one after another: decode, split, check.
    group.throughput(Throughput::Elements(files.len() as u64));
    group.bench_function(format!("all_tips_{}_files", files.len()), |b| {
        b.iter(|| {
            let mut d = Diagnostics::new();
            for (path, bytes) in &files {
                let text = decode::decode(black_box(bytes), path, &mut d).unwrap();
                black_box(split_and_check(&text, path, kind, &taxonomies, &mut d));
            }
            d
        })
    });
    group.finish();
}

fn markdown_bodies(c: &mut Criterion) {
    let site = load_site();
    let guide = page_index(&site, GUIDE);
    let tip = page_index(&site, TIP);

    let mut diagnostics = Diagnostics::new();
    let rendered = markdown::render(&site, guide, None, &mut diagnostics);
    assert!(rendered.html.contains("<h2"), "the guide has headings");
    assert!(rendered.html.contains("<table"), "the guide has a table");
    assert!(rendered.has_code, "the guide has code blocks");
    assert!(rendered.toc.len() >= 5);
    let rendered = markdown::render(&site, tip, None, &mut diagnostics);
    assert!(rendered.html.contains("<p>") && rendered.html.contains("机顶盒"));
    no_errors(&diagnostics, "rendering Markdown");

    let mut group = quick(c, "markdown");
    for (name, index) in [("guide", guide), ("tip", tip)] {
        group.throughput(Throughput::Bytes(site.pages[index].body.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut d = Diagnostics::new();
                black_box(markdown::render(&site, black_box(index), None, &mut d))
            })
        });
    }
    group.finish();
}

/// Renders the whole site once (into a staging folder that is thrown away), for the template
/// engine and page summaries that `outputs::render` keeps in its session.
fn render_session(site: Arc<Site>) -> Session {
    let dir = tempfile::tempdir().unwrap();
    let output = Output::begin(dir.path(), &dir.path().join("public")).unwrap();
    let theme = load_theme(&site);
    let mut diagnostics = Diagnostics::new();
    let stats = outputs::render(site, theme, &output, &mut diagnostics);
    no_errors(&diagnostics, "rendering the bundled site");
    assert!(output.file_count() > 300, "{} files", output.file_count());
    assert!(output.staging().join("index.html").is_file());
    stats.session.expect("a render keeps its session")
}

fn templates(c: &mut Criterion) {
    // `registry::render_output`, which the preview uses to make one output again, renders one
    // page whole: its Markdown, then its template, then the file written. The `markdown` group gives the
    // Markdown part alone; a tip's body is short, so `tip_page` is mostly the template.
    let site = Arc::new(load_site());
    let kept = render_session(site.clone());
    let dir = tempfile::tempdir().unwrap();

    let mut group = quick(c, "templates");
    for (name, source, marker) in [
        ("tip_page", TIP, "机顶盒"),
        ("guide_page", GUIDE, "编辑指南"),
        // The tips section lists every tip with its summary.
        ("tips_section", "tips/_index.md", "电器不用就断电"),
    ] {
        let id = OutputId::Page(page_index(&site, source));
        let file = dir
            .path()
            .join(urls::output_path(site.urls[page_index(&site, source)].as_str()));

        let mut diagnostics = Diagnostics::new();
        let output = Output::in_place(dir.path());
        registry::render_output(&kept.shared, &kept.tera, &id, &output, &mut diagnostics);
        no_errors(&diagnostics, "rendering a page");
        assert_eq!(output.file_count(), 1);
        let html = std::fs::read_to_string(&file).unwrap();
        assert!(html.contains("</html>") && html.contains(marker), "{name}: {html}");
        assert!(html.contains("<nav"), "{name} went through the theme's layout");

        group.bench_function(name, |b| {
            b.iter_batched(
                // A fresh `Output` each time: one output refuses a second file at the same path.
                || Output::in_place(dir.path()),
                |output| {
                    let mut d = Diagnostics::new();
                    registry::render_output(&kept.shared, &kept.tera, black_box(&id), &output, &mut d);
                    (output, d)
                },
                BatchSize::SmallInput,
            )
        });
    }
    group.finish();

    // Every output of the site: Markdown, all pages and lists through their templates, feeds,
    // assets and static files, written into a staging folder (not committed). `render_session`
    // above checked that this render has no error and writes the whole site.
    let mut group = slow(c, "render");
    group.bench_function("whole_site", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().unwrap();
                let output = Output::begin(dir.path(), &dir.path().join("public")).unwrap();
                (dir, output, load_theme(&site))
            },
            |(dir, output, theme)| {
                let mut d = Diagnostics::new();
                let stats = outputs::render(site.clone(), theme, &output, &mut d);
                (stats, d, output, dir)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

const WRITTEN_FILES: usize = 500;

fn writing(c: &mut Criterion) {
    // A small page, about the size of a tip's HTML without the layout's navigation.
    let html: Vec<u8> = format!(
        "<!doctype html><html lang=\"zh-Hans\"><head><meta charset=\"utf-8\"><title>t</title></head>\
         <body><main>{}</main></body></html>\n",
        "<p>电器不用就断电，做到“零待机”。Unplug what you do not use.</p>\n".repeat(40)
    )
    .into_bytes();
    let paths: Vec<PathBuf> = (0..WRITTEN_FILES)
        .map(|i| PathBuf::from(format!("section-{:02}/page-{i:04}/index.html", i % 20)))
        .collect();
    let publish = |dir: &Path| {
        let output = Output::begin(dir, &dir.join("public")).unwrap();
        for path in &paths {
            output.write(path, black_box(&html), "the benchmark").unwrap();
        }
        let count = output.file_count();
        output.commit().unwrap();
        count
    };

    let dir = tempfile::tempdir().unwrap();
    assert_eq!(publish(dir.path()), WRITTEN_FILES);
    assert_eq!(std::fs::read(dir.path().join("public").join(&paths[7])).unwrap(), html);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "the staging folder was moved"
    );

    let mut group = slow(c, "output");
    group.throughput(Throughput::Elements(WRITTEN_FILES as u64));
    // Into an empty folder (a first build) and over a previous output (a rebuild, which also
    // removes the old folder).
    group.bench_function(format!("write_commit_{WRITTEN_FILES}_fresh"), |b| {
        b.iter_batched(
            || tempfile::tempdir().unwrap(),
            |dir| {
                black_box(publish(dir.path()));
                dir
            },
            BatchSize::PerIteration,
        )
    });
    group.bench_function(format!("write_commit_{WRITTEN_FILES}_replace"), |b| {
        b.iter(|| black_box(publish(dir.path())))
    });
    group.finish();
}

fn whole_build(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        output: Some(dir.path().join("public")),
        search: false,
        ..BuildOptions::new(site_root())
    };
    let report = build(&options);
    no_errors(&report.diagnostics, "building the bundled site");
    assert!(
        report.published && report.files_written > 300,
        "{} files",
        report.files_written
    );
    assert!(dir.path().join("public/index.html").is_file());

    let mut group = slow(c, "build");
    // Load, resolve, check, render and publish over the previous output; no search index, no PDF.
    group.bench_function("bundled_site", |b| b.iter(|| black_box(build(black_box(&options)))));
    group.finish();
}

/// Pages made to be slow: work must grow with the input, not with its square. Each input comes
/// in two sizes, four times apart; a linear path takes about four times as long at the larger.
fn growth(c: &mut Criterion) {
    let site = load_site();
    let tip = page_index(&site, TIP);
    let page = &site.pages[tip];
    let render = |body: &str| {
        let mut d = Diagnostics::new();
        let rendered = markdown::render_text(&site, page, body, 1, None, &mut d);
        (rendered, d)
    };
    let inputs: Vec<(String, usize, String)> = [1_000, 4_000]
        .into_iter()
        .map(|n| ("identical_headings".to_owned(), n, "## 节约用电\n\n文字\n\n".repeat(n)))
        .chain([10_000, 40_000].into_iter().map(|n| {
            let body: String = (0..n).map(|i| format!("[链接](https://example.com/{i})\n")).collect();
            ("links".to_owned(), n, body)
        }))
        // Nested too deeply: refused after one pass, before html5ever sees it.
        .chain([50_000, 200_000].into_iter().map(|n| {
            (
                "nested_divs".to_owned(),
                n,
                format!("{}x{}\n", "<div>".repeat(n), "</div>".repeat(n)),
            )
        }))
        // Nested as deeply as allowed, many times over: the sanitiser's input grows.
        .chain([100, 400].into_iter().map(|n| {
            let block = format!("{}x{}\n\n", "<div>".repeat(150), "</div>".repeat(150));
            ("sanitised_deep_blocks".to_owned(), n, block.repeat(n))
        }))
        .collect();
    for (name, n, body) in &inputs {
        let (rendered, d) = render(body);
        match name.as_str() {
            "identical_headings" => {
                assert_eq!(rendered.toc.len(), *n);
                assert!(rendered.toc.last().is_some_and(|h| h.id.ends_with(&format!("-{n}"))));
            }
            "links" => assert_eq!(rendered.html.matches("<a href=").count(), *n),
            "nested_divs" => assert!(d.has_errors() && rendered.html.is_empty(), "{name} is refused"),
            _ => assert_eq!(rendered.html.matches("<div>").count(), 150 * n),
        }
        if name != "nested_divs" {
            no_errors(&d, name);
        }
    }
    let mut group = slow(c, "growth");
    for (name, n, body) in &inputs {
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_function(format!("{name}_{n}"), |b| b.iter(|| black_box(render(black_box(body)))));
    }
    group.finish();
}

/// The cost of sanitising every page: the bodies of the whole bundled site rendered as they
/// are (every page through ammonia) and as a site that trusts its authors would (none).
fn sanitiser(c: &mut Criterion) {
    let sanitised = load_site();
    let mut trusted = load_site();
    trusted.config.build.trust_html = true;
    let render_all = |site: &Site| {
        let mut d = Diagnostics::new();
        let bytes: usize = (0..site.pages.len())
            .map(|i| markdown::render(site, i, None, &mut d).html.len())
            .sum();
        (bytes, d)
    };
    let (bytes, d) = render_all(&sanitised);
    no_errors(&d, "rendering every body");
    assert!(bytes > 100_000, "{bytes} bytes of HTML");
    let mut group = slow(c, "sanitiser");
    group.throughput(Throughput::Elements(sanitised.pages.len() as u64));
    group.bench_function("all_bodies_sanitised", |b| b.iter(|| black_box(render_all(&sanitised))));
    group.bench_function("all_bodies_trusted", |b| b.iter(|| black_box(render_all(&trusted))));
    group.finish();
}

criterion_group!(
    benches,
    front_matter,
    markdown_bodies,
    growth,
    sanitiser,
    templates,
    writing,
    whole_build
);
criterion_main!(benches);
