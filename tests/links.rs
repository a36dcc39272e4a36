//! Nothing outside the site folder is read: a folder of the site, or a file in it, that is a link
//! to somewhere else is not followed, nothing from there is published, and the message says so.
#![cfg(unix)]

mod common;
use common::*;
use greenprint::build::BuildReport;
use std::os::unix::fs::symlink;

/// A folder outside the site with a file that must never be published.
fn outside() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a folder");
    std::fs::write(dir.path().join("secret.txt"), "SECRET-OUTSIDE").expect("a file");
    std::fs::write(dir.path().join("secret.yaml"), "SECRET-OUTSIDE: 1\n").expect("a file");
    std::fs::write(
        dir.path().join("secret.md"),
        "---\ntitle: SECRET-OUTSIDE\ndescription: x。\ncategories: [water]\n---\nSECRET-OUTSIDE\n",
    )
    .expect("a file");
    std::fs::create_dir_all(dir.path().join("templates")).expect("a folder");
    std::fs::write(dir.path().join("templates/page.html"), "SECRET-OUTSIDE").expect("a file");
    dir
}

/// No published file holds anything from the outside folder.
fn assert_nothing_from_outside(f: &Fixture) {
    for (path, bytes) in snapshot(&f.public()) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("SECRET-OUTSIDE") && !path.contains("secret"),
            "{path} was published from outside the site"
        );
    }
}

/// The warning about `file`: it says the link leads outside the site and was not read.
fn assert_link_reported(report: &BuildReport, file: &str) {
    let said: Vec<_> = report
        .diagnostics
        .sorted()
        .into_iter()
        .filter(|d| d.file.as_deref() == Some(file))
        .collect();
    assert_eq!(
        said.len(),
        1,
        "one message about {file}: {}",
        report.diagnostics.render_terminal(false)
    );
    assert!(
        said[0].message.contains("outside the site folder") && said[0].message.contains("not read"),
        "{:?}",
        said[0]
    );
    assert!(said[0].hint.as_deref().unwrap_or_default().contains("copy the files"));
}

#[test]
fn a_static_folder_that_links_outside_the_site_publishes_nothing_from_there() {
    let away = outside();
    let f = Fixture::new();
    symlink(away.path(), f.root().join("static")).expect("a link");
    let report = f.build_ok();
    assert_link_reported(&report, "static");
    assert_nothing_from_outside(&f);
}

#[test]
fn a_link_inside_static_to_an_outside_folder_is_not_followed() {
    let away = outside();
    let f = Fixture::new();
    f.file("static/notice.txt", "ours\n");
    symlink(away.path(), f.root().join("static/files")).expect("a link");
    symlink(away.path().join("secret.txt"), f.root().join("static/secret.txt")).expect("a link");
    let report = f.build_ok();
    assert_link_reported(&report, "static/files");
    assert_link_reported(&report, "static/secret.txt");
    assert_nothing_from_outside(&f);
    assert!(
        f.public().join("notice.txt").is_file(),
        "the site's own static files are published"
    );
}

#[test]
fn a_data_folder_or_data_file_that_links_outside_is_not_read() {
    let away = outside();
    let f = Fixture::new();
    symlink(away.path().join("secret.yaml"), f.root().join("data/secret.yaml")).expect("a link");
    let report = f.build_ok();
    assert_link_reported(&report, "data/secret.yaml");

    let g = Fixture::new();
    std::fs::remove_dir_all(g.root().join("data")).expect("remove data/");
    symlink(away.path(), g.root().join("data")).expect("a link");
    let report = g.build();
    assert_link_reported(&report, "data");
    assert_nothing_from_outside(&g);
}

#[test]
fn a_templates_folder_or_a_theme_that_links_outside_is_not_read() {
    let away = outside();
    let f = Fixture::new();
    symlink(away.path().join("templates"), f.root().join("templates")).expect("a link");
    let report = f.build_ok();
    assert_link_reported(&report, "templates");
    assert_nothing_from_outside(&f);

    let g = Fixture::new();
    std::fs::create_dir_all(g.root().join("themes")).expect("themes/");
    symlink(away.path(), g.root().join("themes/mine")).expect("a link");
    g.file("site.yaml", &format!("{SITE_YAML}theme: mine\n"));
    let report = g.build();
    assert_link_reported(&report, "themes/mine");
    assert_nothing_from_outside(&g);

    let h = Fixture::new();
    symlink(away.path(), h.root().join("themes")).expect("a link");
    h.file("site.yaml", &format!("{SITE_YAML}theme: templates\n"));
    let report = h.build();
    assert_link_reported(&report, "themes");
    assert_nothing_from_outside(&h);
}

#[test]
fn a_page_or_a_content_folder_that_links_outside_is_not_published() {
    let away = outside();
    let f = Fixture::new();
    symlink(away.path().join("secret.md"), f.root().join("content/tips/secret.md")).expect("a link");
    symlink(away.path(), f.root().join("content/tips/more")).expect("a link");
    let report = f.build_ok();
    assert_link_reported(&report, "content/tips/secret.md");
    assert_link_reported(&report, "content/tips/more");
    assert_nothing_from_outside(&f);
}

#[test]
fn a_site_yaml_that_links_outside_stops_the_build_and_says_why() {
    let away = outside();
    std::fs::write(away.path().join("site.yaml"), SITE_YAML).expect("a file");
    let f = Fixture::new();
    f.remove("site.yaml");
    symlink(away.path().join("site.yaml"), f.root().join("site.yaml")).expect("a link");
    let report = f.build();
    assert!(!report.succeeded());
    let shown = report.diagnostics.render_terminal(false);
    assert!(
        shown.contains("site.yaml") && shown.contains("outside the site folder"),
        "{shown}"
    );
}

#[test]
fn a_slug_that_would_leave_the_site_is_made_safe_with_a_warning_at_its_line() {
    let f = Fixture::new();
    f.file(
        "content/tips/water-tip.md",
        "---\ntitle: 一水多用\ndescription: x。\nslug: ../../etc\\passwd\ncategories: [water]\ncampaigns: [green-families]\n---\n洗菜水浇花。\n",
    );
    let report = f.build_ok();
    let said: Vec<_> = report
        .diagnostics
        .sorted()
        .into_iter()
        .filter(|d| d.message.contains("the slug"))
        .collect();
    assert_eq!(said.len(), 1, "{}", report.diagnostics.render_terminal(false));
    assert_eq!(said[0].file.as_deref(), Some("content/tips/water-tip.md"));
    assert_eq!(said[0].line, Some(4));
    assert!(said[0].message.contains("became `etc-passwd`"), "{:?}", said[0]);
    assert!(f.public().join("tips/etc-passwd/index.html").is_file());
}

#[test]
fn a_content_folder_that_links_outside_is_not_read() {
    let away = outside();
    let f = Fixture::new();
    std::fs::remove_dir_all(f.root().join("content")).expect("remove content/");
    symlink(away.path(), f.root().join("content")).expect("a link");
    let report = f.build();
    assert_link_reported(&report, "content");
    assert_nothing_from_outside(&f);
}
