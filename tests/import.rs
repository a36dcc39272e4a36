//! `greenprint import`: Hugo and Zola sites (tests/fixtures/import/, in the shape of real ones)
//! move in. Each test runs the built binary as a volunteer would and reads the site.yaml it
//! writes back through greenprint's own loader.

use greenprint::config::{Config, Direction, LinkPolicy};
use std::path::{Path, PathBuf};
use std::process::Output;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// Runs greenprint with its messages in English.
fn greenprint(args: &[&Path]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_greenprint"))
        .args(args)
        .env("GREENPRINT_LANG", "en")
        .env("NO_COLOR", "1")
        .output()
        .expect("run greenprint")
}

fn import(src: &Path, dest: Option<&Path>) -> Output {
    let mut args = vec![Path::new("import"), src];
    args.extend(dest);
    greenprint(&args)
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Imports and fails the test, showing what greenprint said, unless the import succeeded.
fn import_ok(src: &Path, dest: Option<&Path>) -> String {
    let out = import(src, dest);
    assert!(
        out.status.success(),
        "the import should succeed:\n{}{}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

fn load(site: &Path) -> Config {
    Config::load(site).unwrap_or_else(|d| panic!("site.yaml should load:\n{}", d.render_terminal(false)))
}

/// Builds the site into its public/ and fails the test unless that succeeded.
fn build_ok(site: &Path) {
    let public = site.join("public");
    let out = greenprint(&[
        Path::new("build"),
        Path::new("--root"),
        site,
        Path::new("--output"),
        &public,
    ]);
    assert!(
        out.status.success(),
        "the imported site should build:\n{}",
        stderr(&out)
    );
    assert!(public.join("index.html").is_file());
}

/// A copy of a fixture in a temporary folder, for imports that write into the site itself.
fn copy_of(name: &str, into: &Path) -> PathBuf {
    let from = fixture(name);
    let to = into.join(name);
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.expect("a fixture file");
        let target = to.join(entry.path().strip_prefix(&from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy fixture file");
        }
    }
    to
}

/// The report's lines, without their indent.
fn lines(report: &str) -> Vec<&str> {
    report.lines().map(str::trim).collect()
}

#[test]
fn a_hugo_site_in_two_languages_moves_into_a_new_folder_with_its_settings_and_content() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("green");
    let src = fixture("hugo-multilingual");
    let report = import_ok(&src, Some(&dest));

    let config = load(&dest);
    assert_eq!(config.title("zh"), "绿色生活");
    assert_eq!(config.title("en"), "Green Living");
    let description = config.description.as_ref().expect("a description");
    assert_eq!(description.get("zh", "zh"), "绿色生活创建行动的宣传网站。");
    assert_eq!(description.get("en", "zh"), "Everyday ways to live greener.");
    assert_eq!(config.base_url, "https://green.example.org/");
    assert_eq!(config.default_language(), "zh");
    let codes: Vec<&str> = config.language_codes().collect();
    assert_eq!(codes, ["zh", "en"], "the default language first, then by weight");
    assert_eq!(config.languages[0].name, "中文");
    assert_eq!(config.languages[0].html_lang(), "zh-CN", "from languageCode");
    assert_eq!(config.languages[1].name, "English");
    assert_eq!(config.languages[1].html_lang, None);
    let taxonomies: Vec<&str> = config.taxonomies.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(taxonomies, ["tags", "categories", "series"]);
    assert_eq!(config.build.links, LinkPolicy::Warn);
    assert!(config.build.search);
    assert_eq!(config.theme, "default");
    assert_eq!(config.extra["social"]["weibo"], "greenliving");
    assert_eq!(config.extra["mainSections"][0], "posts");
    assert!(
        config.extra.get("description").is_none(),
        "description is taken over, not repeated"
    );
    let yaml = std::fs::read_to_string(dest.join("site.yaml")).unwrap();
    assert!(
        yaml.starts_with("# Imported by `greenprint import` from the Hugo site in "),
        "{yaml}"
    );
    assert!(yaml.contains("(hugo.toml)."), "{yaml}");

    let report_lines = lines(&report);
    let dest_shown = dest.display().to_string();
    for expected in [
        format!("taken over into {dest_shown}/site.yaml:"),
        "the site's name: title, languages.zh.title, languages.en.title → title (zh, en)".to_owned(),
        "the description: params.description, languages.en.params.description → description (zh, en)".to_owned(),
        "the site's address: baseURL → base_url (https://green.example.org/)".to_owned(),
        "the languages: languages (zh, en) → languages (zh 中文, en English)".to_owned(),
        "the default language: defaultContentLanguage → default_language (zh)".to_owned(),
        "the groupings of pages: taxonomies (tag, category, series) → taxonomies (tags, categories, series)".to_owned(),
        "the theme's own settings: params (2 values) → extra".to_owned(),
        format!("content/ → {dest_shown}/content/ (2 files)"),
        format!("static/ → {dest_shown}/static/ (1 file)"),
        "content/zh/ holds the pages in zh (contentDir): greenprint reads content/zh/ as that language's pages".to_owned(),
        "the menu `main` (3 entries): greenprint's default theme makes its menu from the sections of content/, so it was not taken over".to_owned(),
        "the menu `footer` (1 entry): greenprint's default theme makes its menu from the sections of content/, so it was not taken over".to_owned(),
        "theme = \"ananke\": a Hugo theme is made of templates for Hugo, which greenprint cannot use; site.yaml has theme: default, greenprint's own".to_owned(),
        "paginate = 10: greenprint has no such setting".to_owned(),
        "enableRobotsTXT = true: greenprint has no such setting".to_owned(),
        "markup (a group of 2 settings): greenprint has no such setting".to_owned(),
        "layouts/: not used; these are Hugo's page templates, written in Go's template language, and greenprint's theme has Tera templates of its own".to_owned(),
        "archetypes/: not used; these are Hugo's outlines of new pages, and `greenprint new` writes pages of greenprint's own kinds".to_owned(),
        "build.links is set to warn: a link to a page that does not exist is a warning, and the site is still published, so that it can go live while its links are fixed; set it to error once they are".to_owned(),
        format!("next: run `greenprint build --root {dest_shown}`"),
    ] {
        assert!(report_lines.contains(&expected.as_str()), "missing {expected:?} in:\n{report}");
    }
    assert!(
        report_lines
            .iter()
            .any(|l| l.starts_with("copyright = \"© 2024 Changji Green")
                && l.ends_with("…\": greenprint has no such setting")),
        "{report}"
    );

    for file in ["content/zh/_index.md", "content/en/_index.md", "static/images/leaf.svg"] {
        assert_eq!(
            std::fs::read(dest.join(file)).unwrap(),
            std::fs::read(src.join(file)).unwrap(),
            "{file} is copied as it is"
        );
    }
    for folder in ["layouts", "archetypes"] {
        assert!(!dest.join(folder).exists(), "{folder}/ is not copied");
    }
}

#[test]
fn a_hugo_site_split_across_config_default_is_merged_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("green");
    let report = import_ok(&fixture("hugo-config-dir"), Some(&dest));

    let config = load(&dest);
    let codes: Vec<&str> = config.language_codes().collect();
    assert_eq!(codes, ["en", "zh"]);
    assert_eq!(
        config.languages[0].html_lang(),
        "en-GB",
        "the root languageCode names the default language"
    );
    assert_eq!(config.languages[1].name, "简体中文", "languageName from languages.yaml");
    assert_eq!(config.languages[1].html_lang(), "zh-Hans");
    assert_eq!(config.title("en"), "Green Living");
    assert_eq!(config.title("zh"), "绿色生活");
    let description = config.description.as_ref().expect("a description");
    assert_eq!(description.get("zh", "en"), "绿色生活的日常做法。");
    let taxonomies: Vec<&str> = config.taxonomies.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(taxonomies, ["tags"]);
    assert_eq!(
        config.base_url, "https://green.example.org/",
        "config/production/ is not read"
    );

    let report_lines = lines(&report);
    for expected in [
        "read the Hugo site in",
        "the menu `main` (2 entries): greenprint's default theme",
        "the menu `main` in zh (2 entries): greenprint's default theme",
        "enableGitInfo = true: greenprint has no such setting",
        "config/: not copied; its settings are now in site.yaml",
        "config/production/: not read; Hugo uses these settings only for builds in that environment",
        "data/ has a file greenprint does not read (it reads YAML and CSV): data/counts.json",
    ] {
        assert!(
            report_lines.iter().any(|l| l.starts_with(expected)),
            "missing {expected:?} in:\n{report}"
        );
    }
    assert!(
        report.contains("config/_default/hugo.yaml, config/_default/languages.yaml, config/_default/menus.yaml"),
        "{report}"
    );
    build_ok(&dest);
}

#[test]
fn a_zola_site_moves_in_with_its_languages_taxonomies_and_search_setting_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("green");
    let report = import_ok(&fixture("zola-site"), Some(&dest));

    let config = load(&dest);
    assert_eq!(config.default_language(), "en");
    let codes: Vec<&str> = config.language_codes().collect();
    assert_eq!(codes, ["en", "zh"]);
    assert_eq!(
        config.languages[1].name, "中文",
        "Zola names no language: greenprint's table does"
    );
    assert_eq!(config.title("en"), "Green Living");
    assert_eq!(config.title("zh"), "绿色生活");
    assert_eq!(config.base_url, "https://green.example.org");
    let taxonomies: Vec<&str> = config.taxonomies.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(taxonomies, ["tags", "categories"]);
    assert!(!config.build.search, "build_search_index = false");
    assert_eq!(config.build.links, LinkPolicy::Warn);
    assert_eq!(config.extra["author"], "Changji Green Living Campaign");
    assert_eq!(config.extra["menu"][1]["url"], "/about/");

    let report_lines = lines(&report);
    for expected in [
        "read the Zola site in",
        "the search index: build_search_index → build.search (false)",
        "the groupings of pages: taxonomies, languages.zh.taxonomies → taxonomies (tags, categories)",
        "taxonomies.categories.feed = true: greenprint has no such setting",
        "compile_sass = true: greenprint has no such setting",
        "markdown (a group of 2 settings): greenprint has no such setting",
        "languages.zh.generate_feeds = true: greenprint has no such setting",
        "static/robots.txt: not copied; greenprint writes its own robots.txt",
        "templates/: not used; these are Zola's page templates",
        "sass/: not used; these are Zola's styles",
    ] {
        assert!(
            report_lines.iter().any(|l| l.starts_with(expected)),
            "missing {expected:?} in:\n{report}"
        );
    }
    assert!(!dest.join("templates").exists() && !dest.join("sass").exists());
    assert!(dest.join("static/images/leaf.svg").is_file());
    build_ok(&dest);
}

#[test]
fn without_dest_site_yaml_is_written_in_the_site_folder_and_the_rest_stays() {
    let dir = tempfile::tempdir().unwrap();
    let site = copy_of("zola-site", dir.path());
    let report = import_ok(&site, None);

    let config = load(&site);
    assert_eq!(config.title("zh"), "绿色生活");
    assert_eq!(
        std::fs::read_to_string(site.join("content/_index.md")).unwrap(),
        std::fs::read_to_string(fixture("zola-site/content/_index.md")).unwrap()
    );
    assert!(
        site.join("templates/index.html").is_file(),
        "nothing is moved or removed"
    );
    let report_lines = lines(&report);
    for expected in [
        "content/ stays where it is",
        "static/ stays where it is",
        "templates/ is a folder greenprint reads for its own theme, and this one is written for Zola: rename it (for example to zola-templates/) before you build",
        "static/robots.txt: greenprint writes its own robots.txt, and the build stops while this one is there: remove it from static/",
    ] {
        assert!(report_lines.contains(&expected), "missing {expected:?} in:\n{report}");
    }
    assert!(
        report_lines.contains(&format!("next: run `greenprint build --root {}`", site.display()).as_str()),
        "{report}"
    );
}

#[test]
fn import_never_replaces_a_site_yaml_that_is_there() {
    let dir = tempfile::tempdir().unwrap();
    let site = copy_of("hugo-config-dir", dir.path());
    let mine = "title: Mine\nbase_url: https://mine.example.org\nlanguages: [{code: en, name: English}]\n";
    std::fs::write(site.join("site.yaml"), mine).unwrap();
    let out = import(&site, None);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let message = stderr(&out);
    assert!(
        message.contains("site.yaml already exists, and import never replaces it"),
        "{message}"
    );
    assert!(message.contains("import into a new folder"), "{message}");
    assert_eq!(std::fs::read_to_string(site.join("site.yaml")).unwrap(), mine);
}

#[test]
fn a_dest_that_is_not_empty_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "keep me").unwrap();
    let out = import(&fixture("zola-site"), Some(dir.path()));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is not empty; choose a new folder name"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("site.yaml").exists());
}

#[test]
fn a_toml_mistake_is_reported_with_its_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("old");
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::write(
        site.join("hugo.toml"),
        "baseURL = \"https://green.example.org/\"\ntitle = \"Green Living\"\nlanguageCode = en-us\n",
    )
    .unwrap();
    let dest = dir.path().join("new");
    let out = import(&site, Some(&dest));
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert!(message.contains("hugo.toml:3:"), "file and line: {message}");
    assert!(message.contains("this TOML could not be read"), "{message}");
    assert!(
        message.contains("3 | languageCode = en-us"),
        "the line is shown: {message}"
    );
    assert!(!message.contains("panicked"), "{message}");
    assert!(!dest.exists(), "nothing is written");
}

#[test]
fn a_folder_without_settings_is_refused_naming_the_files_looked_for() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    let out = import(dir.path(), None);
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert!(
        message.contains("has no settings file of a Hugo or Zola site"),
        "{message}"
    );
    for name in ["hugo.toml", "hugo.yaml", "config.toml", "config/_default/"] {
        assert!(message.contains(name), "{name} in {message}");
    }

    let missing = import(&dir.path().join("nowhere"), None);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("does not exist"), "{}", stderr(&missing));
}

#[test]
fn a_config_toml_beside_folders_of_both_tools_is_read_by_its_keys() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("old");
    for folder in ["content", "layouts", "templates"] {
        std::fs::create_dir_all(site.join(folder)).unwrap();
    }
    std::fs::write(
        site.join("config.toml"),
        "base_url = \"https://green.example.org\"\ntitle = \"Green\"\ncompile_sass = false\n",
    )
    .unwrap();
    std::fs::write(site.join("content/_index.md"), "---\ntitle: Green\n---\n").unwrap();
    let report = import_ok(&site, Some(&dir.path().join("new")));
    assert!(
        lines(&report).contains(
            &"this folder has folders of Hugo (layouts/) and of Zola (templates/); its settings use Zola's keys (base_url, compile_sass), so it was read as a Zola site"
        ),
        "{report}"
    );

    std::fs::write(site.join("config.toml"), "title = \"Green\"\n").unwrap();
    let out = import(&site, Some(&dir.path().join("other")));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("cannot tell whether"), "{}", stderr(&out));
}

#[test]
fn a_hugo_site_without_languages_gets_hugo_defaults_and_a_placeholder_address() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("old");
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::write(site.join("content/_index.md"), "---\ntitle: Green\n---\n").unwrap();
    std::fs::write(
        site.join("hugo.yaml"),
        "baseURL: /\ntitle: Green\nlanguageCode: ar-EG\ndefaultContentLanguage: ar\n",
    )
    .unwrap();
    let dest = dir.path().join("new");
    let report = import_ok(&site, Some(&dest));
    let config = load(&dest);
    assert_eq!(config.base_url, "https://example.org");
    assert_eq!(config.languages[0].code, "ar");
    assert_eq!(config.languages[0].name, "العربية");
    assert_eq!(config.languages[0].dir, Direction::Rtl);
    assert_eq!(config.languages[0].html_lang(), "ar-EG");
    let taxonomies: Vec<&str> = config.taxonomies.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(taxonomies, ["tags", "categories"], "Hugo's own when none are given");
    assert!(
        lines(&report).contains(&"baseURL = \"/\" is not a full web address: base_url is https://example.org until you write the site's own address (https://...) in site.yaml"),
        "{report}"
    );
    build_ok(&dest);
}

#[cfg(unix)]
#[test]
fn a_link_inside_content_to_a_file_outside_the_site_is_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("private.txt");
    std::fs::write(&outside, "not for publishing").unwrap();
    let site = copy_of("hugo-config-dir", dir.path());
    std::os::unix::fs::symlink(&outside, site.join("content/private.md")).unwrap();
    std::os::unix::fs::symlink("about.md", site.join("content/about-us.md")).unwrap();
    std::os::unix::fs::symlink(dir.path(), site.join("content/everything")).unwrap();
    let dest = dir.path().join("new");
    let report = import_ok(&site, Some(&dest));

    assert!(
        !dest.join("content/private.md").exists(),
        "the link out is not followed"
    );
    assert!(!dest.join("content/everything").exists());
    assert_eq!(
        std::fs::read_to_string(dest.join("content/about-us.md")).unwrap(),
        std::fs::read_to_string(site.join("content/about.md")).unwrap(),
        "a link inside the site is copied as the file it points to"
    );
    let report_lines = lines(&report);
    let expected = format!(
        "content/private.md is a link to {}, outside the site folder: not copied; copy what it points to into the site if the pages need it",
        outside.display()
    );
    assert!(
        report_lines.contains(&expected.as_str()),
        "missing {expected:?} in:\n{report}"
    );
    assert!(
        report_lines
            .iter()
            .any(|l| l.starts_with("content/everything is a link to")),
        "{report}"
    );
}

#[test]
fn the_report_is_in_chinese_for_a_chinese_volunteer() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("green");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_greenprint"))
        .arg("import")
        .arg(fixture("hugo-multilingual"))
        .arg(&dest)
        .env("GREENPRINT_LANG", "zh")
        .env("NO_COLOR", "1")
        .output()
        .expect("run greenprint");
    assert!(out.status.success(), "{}", stderr(&out));
    let report = stdout(&out);
    assert!(
        report.contains("网站网址：baseURL → base_url（https://green.example.org/）"),
        "{report}"
    );
    assert!(report.contains("菜单 `footer`（1 项）"), "{report}");
    assert!(
        report.contains(&format!("下一步：运行 `greenprint build --root {}`", dest.display())),
        "{report}"
    );
}

#[test]
fn the_pages_of_a_hugo_content_dir_are_copied_into_content_and_one_outside_the_site_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("old");
    std::fs::create_dir_all(site.join("pages")).unwrap();
    std::fs::write(site.join("pages/_index.md"), "---\ntitle: Green\n---\n").unwrap();
    std::fs::write(
        site.join("hugo.toml"),
        "baseURL = \"https://green.example.org/\"\ntitle = \"Green\"\ncontentDir = \"pages\"\n",
    )
    .unwrap();
    let dest = dir.path().join("new");
    let report = import_ok(&site, Some(&dest));
    assert!(dest.join("content/_index.md").is_file(), "{report}");
    assert!(
        lines(&report).contains(&format!("pages/ → {}/content/ (1 file)", dest.display()).as_str()),
        "{report}"
    );
    build_ok(&dest);

    std::fs::create_dir_all(dir.path().join("elsewhere")).unwrap();
    std::fs::write(dir.path().join("elsewhere/secret.md"), "---\ntitle: Secret\n---\n").unwrap();
    std::fs::write(
        site.join("hugo.toml"),
        "baseURL = \"https://green.example.org/\"\ntitle = \"Green\"\ncontentDir = \"../elsewhere\"\n",
    )
    .unwrap();
    let other = dir.path().join("other");
    let report = import_ok(&site, Some(&other));
    assert!(!other.join("content/secret.md").exists(), "{report}");
    assert!(
        lines(&report).contains(
            &"contentDir = \"../elsewhere\": the pages are outside the site folder, so they were not read; copy them into content/"
        ),
        "{report}"
    );
}
