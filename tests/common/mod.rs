//! Small fixture sites built in temporary folders, and helpers to read what they produce.
#![allow(dead_code)]

pub mod markup;
pub mod published;
pub mod server;
pub mod tools;

use greenprint::build::{BuildOptions, BuildReport, build};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Fixture {
    pub dir: tempfile::TempDir,
}

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

pub const UNITS: &str = "womens-federation: {zh: 市妇联, en: Municipal Women's Federation}\n";
pub const SOURCES: &str = "local-plan: {zh: 《总体方案》, en: General Plan, issued: 2021-09-25}\n";
pub const TERMS: &str =
    "categories:\n  electricity: {zh: 节约用电, en: Electricity}\n  water: {zh: 节约用水, en: Water}\n";

impl Fixture {
    /// A two-language site with a home page, a campaign section and a tip section.
    pub fn new() -> Fixture {
        let f = Fixture {
            dir: tempfile::tempdir().expect("temporary folder"),
        };
        f.file("site.yaml", SITE_YAML)
            .file("data/units.yaml", UNITS)
            .file("data/sources.yaml", SOURCES)
            .file("data/terms.yaml", TERMS)
            .file("content/_index.md", "---\ntitle: 绿色生活\n---\n欢迎\n")
            .file("content/_index.en.md", "---\ntitle: Green Living\n---\nWelcome\n")
            .file(
                "content/campaigns/_index.md",
                "---\ntitle: 创建行动\npage_kind: campaign\n---\n",
            )
            .file(
                "content/campaigns/_index.en.md",
                "---\ntitle: Campaigns\npage_kind: campaign\n---\n",
            )
            .file("content/tips/_index.md", "---\ntitle: 金点子\npage_kind: tip\n---\n")
            .file("content/tips/_index.en.md", "---\ntitle: Tips\npage_kind: tip\n---\n")
            .file(
                "content/campaigns/green-families.md",
                &campaign("绿色家庭", "节约一度电"),
            )
            .file(
                "content/campaigns/green-families.en.md",
                &campaign("Green Families", "Save power"),
            )
            .file(
                "content/tips/switch-off-lights.md",
                &tip("人走灯灭", "electricity", "离开房间时关灯。[节水](water-tip.md)"),
            )
            .file(
                "content/tips/switch-off-lights.en.md",
                &tip(
                    "Switch off lights",
                    "electricity",
                    "Switch off. See [water](water-tip.md).",
                ),
            )
            .file("content/tips/water-tip.md", &tip("一水多用", "water", "洗菜水浇花。"))
            .file(
                "content/tips/water-tip.en.md",
                &tip("Use water twice", "water", "Water the plants."),
            );
        f
    }

    /// The site loaded, to render Markdown bodies through the real renderer without a build.
    pub fn renderer(self) -> markup::Renderer {
        markup::Renderer::load(self.dir)
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, path: &str, content: &str) -> &Self {
        self.bytes(path, content.as_bytes())
    }

    pub fn bytes(&self, path: &str, content: &[u8]) -> &Self {
        let full = self.root().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("create folder");
        std::fs::write(full, content).expect("write fixture file");
        self
    }

    pub fn remove(&self, path: &str) -> &Self {
        std::fs::remove_file(self.root().join(path)).expect("remove fixture file");
        self
    }

    pub fn build(&self) -> BuildReport {
        build(&BuildOptions::new(self.root()))
    }

    /// Builds the site and fails the test, showing every problem, unless the build succeeded.
    pub fn build_ok(&self) -> BuildReport {
        let report = self.build();
        assert!(
            report.succeeded(),
            "the fixture should build:\n{}",
            report.diagnostics.render_terminal(false)
        );
        report
    }

    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.public().join(path)).unwrap_or_else(|e| panic!("public/{path} should exist: {e}"))
    }

    pub fn html(&self, path: &str) -> scraper::Html {
        scraper::Html::parse_document(&self.read(path))
    }

    /// Runs the greenprint binary in the fixture, its messages in English.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args)
            .env("GREENPRINT_LANG", "en")
            .output()
            .expect("run greenprint")
    }

    /// Runs the greenprint binary as a volunteer would: messages in the site's default language.
    pub fn run_in_site_language(&self, args: &[&str]) -> Output {
        self.command(args)
            .env_remove("GREENPRINT_LANG")
            .output()
            .expect("run greenprint")
    }

    /// The greenprint binary set up to run in the fixture, for tests that spawn it themselves.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_greenprint"));
        command
            .args(["--root", self.root().to_str().expect("utf-8 path")])
            .args(args)
            .env("NO_COLOR", "1");
        command
    }
}

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

/// The values of an attribute of every element a selector matches.
pub fn attrs(doc: &scraper::Html, selector: &str, attr: &str) -> Vec<String> {
    let selector = scraper::Selector::parse(selector).expect("valid selector");
    doc.select(&selector)
        .filter_map(|e| e.value().attr(attr).map(str::to_owned))
        .collect()
}

pub fn texts(doc: &scraper::Html, selector: &str) -> Vec<String> {
    let selector = scraper::Selector::parse(selector).expect("valid selector");
    doc.select(&selector)
        .map(|e| e.text().collect::<String>().trim().to_owned())
        .collect()
}

/// Every file under a folder with its bytes, for comparing two builds.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .expect("inside")
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect();
    files.sort();
    files
}
