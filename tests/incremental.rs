//! The preview's incremental rebuild makes the same site as a full build. A copy of the bundled
//! site is built once with tracking (as `greenprint serve` does); then each edit a volunteer or a
//! theme author makes is applied incrementally to that output, and the result is compared, file
//! by file, with a fresh full build of the edited site. A missed dependency shows up here as a
//! page that still shows the old title, unit name or template.

mod common;

use common::snapshot;
use greenprint::build::{BuildOptions, build};
use greenprint::outputs::Session;
use greenprint::serve::incremental::{Outcome, rebuild};
use std::path::{Path, PathBuf};

const BASE_URL: &str = "http://127.0.0.1:1";

struct Preview {
    site: tempfile::TempDir,
    output: tempfile::TempDir,
    session: Session,
}

fn options(root: &Path, output: &Path) -> BuildOptions {
    BuildOptions {
        output: Some(output.to_path_buf()),
        base_url: Some(BASE_URL.to_owned()),
        drafts: true,
        search: false,
        track: true,
        ..BuildOptions::new(root)
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().filter_map(Result::ok) {
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A copy of the bundled site (with its theme on disk, so templates can be edited), built.
fn preview() -> Preview {
    preview_with(|config| config)
}

/// The same with its site.yaml changed by `configure`.
fn preview_with(configure: impl Fn(String) -> String) -> Preview {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = tempfile::tempdir().expect("site folder");
    for part in ["content", "data", "static", "themes"] {
        copy_tree(&repo.join(part), &site.path().join(part));
    }
    let config = std::fs::read_to_string(repo.join("site.yaml")).expect("site.yaml");
    std::fs::write(site.path().join("site.yaml"), configure(config)).expect("site.yaml");
    let output = tempfile::tempdir().expect("output folder");
    let mut report = build(&options(site.path(), output.path()));
    assert!(report.succeeded(), "{}", report.diagnostics.render_terminal(false));
    let session = report.session.take().expect("a successful build keeps its session");
    Preview { site, output, session }
}

impl Preview {
    fn path(&self, relative: &str) -> PathBuf {
        self.site.path().join(relative)
    }

    /// Replaces `from` with `to` in a file of the site (which must contain it).
    fn edit(&self, relative: &str, from: &str, to: &str) -> PathBuf {
        let path = self.path(relative);
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.contains(from), "{relative} has no {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
        path
    }

    /// Applies the edit of `changed` incrementally, and checks the output against a full build.
    /// Returns how many files the incremental rebuild wrote.
    fn apply(&mut self, changed: &[PathBuf]) -> usize {
        let report = match rebuild(&mut self.session, changed, self.output.path()) {
            Outcome::Done(report) => report,
            Outcome::Rebuild => panic!("{changed:?} should not need a full build"),
        };
        assert!(report.succeeded(), "{}", report.diagnostics.render_terminal(false));
        let fresh = tempfile::tempdir().expect("fresh output");
        let full = build(&options(self.site.path(), fresh.path()));
        assert!(full.succeeded(), "{}", full.diagnostics.render_terminal(false));
        let (got, want) = (snapshot(self.output.path()), snapshot(fresh.path()));
        let names = |s: &[(String, Vec<u8>)]| s.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        assert_eq!(names(&got), names(&want), "the same files");
        let stale: Vec<&String> = got
            .iter()
            .zip(&want)
            .filter(|((_, a), (_, b))| a != b)
            .map(|((name, _), _)| name)
            .collect();
        assert!(stale.is_empty(), "after editing {changed:?}, stale: {stale:?}");
        report.files_written
    }
}

#[test]
fn every_kind_of_edit_gives_the_same_site_as_a_full_build() {
    let mut p = preview();
    let pages = p.session.shared.site.pages.len();

    // The text of one tip: only that page.
    let tip = "content/tips/ac-at-26-degrees.md";
    let changed = p.edit(tip, "\n---\n", "\n---\n\n新加的一段话。\n");
    assert_eq!(p.apply(&[changed]), 1, "a body edit writes one file");

    // A tip's title: its page, the lists and term pages that show it, the calculator.
    let changed = p.edit(tip, "title: 夏季空调", "title: 夏天空调");
    let written = p.apply(&[changed]);
    assert!(written > 1 && written < pages / 2, "{written} files for a title edit");

    // Each of these is checked against a full build on its own.
    let edits = [
        // A tip's weight: the order of the lists it is in.
        (tip, "weight: 1", "weight: 90"),
        // A campaign's title: term labels on the tips that support it, posters, the list.
        (
            "content/campaigns/green-families.md",
            "title: 绿色家庭",
            "title: 绿色家庭创建",
        ),
        // A top-level section's title is in the navigation of every page.
        (
            "content/tips/_index.en.md",
            "title: Everyday tips",
            "title: Everyday ideas",
        ),
        // A unit's name in a data file: the campaigns that name it.
        ("data/units.yaml", "昌吉市妇女联合会", "昌吉市妇联"),
        // A template: every page made with it.
        (
            "themes/default/templates/tip.html",
            "{% block main %}",
            "{% block main %}<p class=\"x\"></p>",
        ),
    ];
    for (file, from, to) in edits {
        let changed = p.edit(file, from, to);
        p.apply(&[changed]);
    }
    // A template that others extend: every page made with any of them.
    let changed = p.edit(
        "themes/default/templates/base.html",
        "</main>",
        "</main><!-- edited -->",
    );
    let written = p.apply(&[changed]);
    assert!(written >= pages, "base.html is under every page: {written}");

    // A static file is copied.
    let changed = p.path("static/logo.svg");
    let logo = std::fs::read_to_string(&changed).expect("logo");
    std::fs::write(&changed, logo.replace("</svg>", "<!-- edited --></svg>")).expect("write");
    assert_eq!(p.apply(&[changed]), 1);

    // Two files saved at once.
    let a = p.edit("content/tips/ac-at-26-degrees.en.md", "weight: 1", "weight: 3");
    let b = p.edit("data/units.yaml", "昌吉市妇联", "昌吉市妇女联合会");
    p.apply(&[a, b]);
}

#[test]
fn edits_that_move_pages_need_a_full_build_and_broken_edits_change_nothing() {
    let mut p = preview();
    let before = snapshot(p.output.path());

    // A broken front matter: the problem is reported, and the preview keeps what it showed.
    let tip = "content/tips/ac-at-26-degrees.md";
    let changed = p.edit(tip, "weight: 1", "weight: [1");
    match rebuild(&mut p.session, std::slice::from_ref(&changed), p.output.path()) {
        Outcome::Done(report) => {
            assert!(!report.succeeded());
            let shown = report.diagnostics.render_terminal(false);
            assert!(shown.contains("ac-at-26-degrees.md"), "{shown}");
        }
        Outcome::Rebuild => panic!("a broken page needs no full build to be reported"),
    }
    assert!(snapshot(p.output.path()) == before, "nothing was written");

    // Fixed again: back to the same site.
    let changed = p.edit(tip, "weight: [1", "weight: 1");
    p.apply(&[changed]);

    // Other terms move the page between term pages; a new page adds one: full builds.
    let changed = p.edit(tip, "categories: [electricity", "categories: [water");
    assert!(matches!(
        rebuild(&mut p.session, &[changed], p.output.path()),
        Outcome::Rebuild
    ));
    let new = p.path("content/tips/new-tip.md");
    std::fs::write(&new, "---\ntitle: 新的\n---\n").expect("write");
    assert!(matches!(
        rebuild(&mut p.session, &[new], p.output.path()),
        Outcome::Rebuild
    ));
    let config = p.path("site.yaml");
    assert!(matches!(
        rebuild(&mut p.session, &[config], p.output.path()),
        Outcome::Rebuild
    ));
}

/// An edit of a Chinese page that the Uyghur edition shows untranslated reaches its Uyghur copy
/// too, in place.
#[test]
fn an_edit_reaches_the_copies_that_other_languages_show_untranslated() {
    let mut p = preview_with(|config| {
        config.replacen(
            "  - code: en\n",
            "  - code: ug\n    name: ئۇيغۇرچە\n    dir: rtl\n  - code: en\n",
            1,
        )
    });
    let tip = "content/tips/ac-at-26-degrees.md";
    let changed = p.edit(tip, "\n---\n", "\n---\n\n新加的一段话。\n");
    assert_eq!(p.apply(&[changed]), 2, "the page and its Uyghur copy");
    let changed = p.edit(tip, "title: 夏季空调", "title: 夏天空调");
    p.apply(&[changed]);
}
