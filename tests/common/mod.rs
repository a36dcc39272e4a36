//! Small fixture sites built in temporary folders, and helpers to read what they produce.
#![allow(dead_code)]

pub mod browser;
pub mod chromium;
pub mod fixture_files;
pub mod markup;
pub mod preflight;
pub mod published;
pub mod server;
pub mod tools;

// Not every test binary uses every one.
#[allow(unused_imports)]
pub use fixture_files::{SITE_YAML, SOURCES, TERMS, UNITS, campaign, site_yaml_with_language, tip};
use greenprint::build::{BuildOptions, BuildReport, build};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// A two-language site with a home page, a campaign section and a tip section.
    pub fn new() -> Fixture {
        let f = Fixture {
            dir: tempfile::tempdir().expect("temporary folder"),
        };
        for (path, text) in fixture_files::files() {
            f.file(path, &text);
        }
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
