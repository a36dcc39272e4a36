//! The build pipeline: load (config, data, content, theme) → resolve → render → write.
//! Every stage records its problems and the run goes as far as it can, so that one run reports
//! everything; the output is swapped into place only when there is no error.

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Output;
use crate::outputs;
use crate::theme::Theme;
use crate::{content, data::Data, resolve};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Where the site is written; `public/` in the site folder by default.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from site.yaml (e.g. for a staging server).
    pub base_url: Option<String>,
    /// False for `greenprint check`: everything is rendered and checked, nothing is published.
    pub write: bool,
    /// `--pdf`, which earlier versions needed for PDFs; every build makes them now.
    pub pdf: bool,
    /// Publish pages marked `draft: true` (the preview shows them).
    pub drafts: bool,
    /// Build the search index (unless site.yaml says `build.search: false`); `check` and the
    /// preview skip it, since it is most of a small site's build time.
    pub search: bool,
    /// Record what each output reads, so that the preview can make again only what an edit
    /// changes (kept in the report's session).
    pub track: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            write: true,
            pdf: false,
            drafts: false,
            search: true,
            track: false,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

#[derive(Debug, Default)]
pub struct BuildReport {
    pub diagnostics: Diagnostics,
    pub pages_per_language: std::collections::BTreeMap<String, usize>,
    pub files_written: usize,
    pub elapsed: Duration,
    /// The language messages are shown in: the site's default language.
    pub language: String,
    /// Pages per language, for `greenprint check`.
    pub coverage: Vec<crate::check::Coverage>,
    /// How long each stage took, for `--verbose` and profiling.
    pub timings: Vec<(&'static str, Duration)>,
    /// Whether the output folder was replaced.
    pub published: bool,
    /// What the search index holds, when one was made or kept.
    pub search: Option<crate::search::SearchStats>,
    /// Kept after a successful build for the preview's quick rebuilds.
    pub session: Option<outputs::Session>,
}

impl BuildReport {
    pub fn succeeded(&self) -> bool {
        !self.diagnostics.has_errors()
    }
}

pub fn build(options: &BuildOptions) -> BuildReport {
    let started = Instant::now();
    let mut report = BuildReport::default();
    let diagnostics = &mut report.diagnostics;

    report.language = message_language(None);
    let config = match load_config(options) {
        Ok(config) => {
            report.language = message_language(Some(config.default_language()));
            config
        }
        Err(problems) => {
            diagnostics.extend(problems);
            report.elapsed = started.elapsed();
            return report;
        }
    };
    let mut clock = Instant::now();
    let mut lap = |name: &'static str, timings: &mut Vec<(&'static str, Duration)>| {
        timings.push((name, clock.elapsed()));
        clock = Instant::now();
    };
    let mut timings = Vec::new();
    let data = Data::load(&options.root, diagnostics);
    let pages = content::load(&options.root, &config, options.drafts, diagnostics);
    let theme = Theme::load(&options.root, &config.theme.clone(), diagnostics);
    lap("load", &mut timings);
    let site = Arc::new(resolve::resolve(options.root.clone(), config, data, pages, diagnostics));
    crate::check::site(&site, diagnostics);
    lap("resolve", &mut timings);
    if !options.write {
        report.coverage = crate::check::thorough(&site, &theme, diagnostics);
    }

    if options.pdf || site.config.build.pdf {
        diagnostics.push(
            Diagnostic::warning(
                "every build now makes the PDFs of the printed materials; `--pdf` and `build.pdf` are no longer needed",
            )
            .hint("remove `pdf: true` from `build:` in site.yaml, or `--pdf` from the command"),
        );
    }
    let target = options.output_dir();
    // Kept until the end of the build: the folder `check` renders into.
    let mut scratch = None;
    let output = match begin_output(options, &target, &mut scratch) {
        Ok(output) => output,
        Err(d) => {
            diagnostics.push(d);
            report.elapsed = started.elapsed();
            return report;
        }
    };
    // The search index is made from the pages alone, beside the printed materials.
    let search =
        options.search && options.write && site.config.build.search && theme.templates.contains_key("search.html");
    let (mut stats, searched) = outputs::render_tracked(site, theme, &output, options.track, diagnostics, || {
        if !search {
            return None;
        }
        let started = Instant::now();
        let mut found = Diagnostics::new();
        let stats = crate::search::index(&output, &mut found);
        Some((stats, found, started.elapsed()))
    });
    report.pages_per_language = std::mem::take(&mut stats.pages_per_language);
    lap("render", &mut timings);
    if !stats.printables.is_empty() {
        // Within "render": the printed materials' steps, in CPU time over all threads.
        timings.extend(outputs::printables::make::step_timings());
    }
    if let Some((search, found, took)) = searched.flatten() {
        diagnostics.extend(found);
        let kept = search.kept;
        timings.push((
            if kept {
                "· search index (kept)"
            } else {
                "· search index"
            },
            took,
        ));
        for (step, took) in &search.steps {
            timings.push((step, *took));
        }
        report.search = Some(search);
    }
    report.files_written = output.file_count();
    if options.write && !diagnostics.has_errors() {
        match output.commit() {
            Ok(notes) => {
                diagnostics.extend(notes);
                report.published = true;
            }
            Err(d) => diagnostics.push(d),
        }
    } else {
        drop(output);
    }
    lap("write", &mut timings);
    if report.published {
        report.session = stats.session.take();
    }
    drop(scratch);
    report.timings = timings;
    report.elapsed = started.elapsed();
    report
}

/// site.yaml, with `--base-url` in place of its `base_url`; an output folder over the sources
/// is refused here, before anything is read or written.
fn load_config(options: &BuildOptions) -> Result<Config, Diagnostics> {
    let one = |d: Diagnostic| {
        let mut problems = Diagnostics::new();
        problems.push(d);
        problems
    };
    let mut config = Config::load(&options.root)?;
    if let Some(base_url) = &options.base_url {
        check_base_url(base_url).map_err(one)?;
        config.base_url = base_url.clone();
    }
    if options.write {
        crate::output::check_target(&options.root, &options.output_dir()).map_err(one)?;
    }
    Ok(config)
}

/// The output a build writes into: the site's target, or for `check` a private folder that is
/// never published (kept in `scratch` until the build ends).
fn begin_output(
    options: &BuildOptions,
    target: &Path,
    scratch: &mut Option<tempfile::TempDir>,
) -> Result<Output, Diagnostic> {
    if options.write {
        return Output::begin(&options.root, target);
    }
    let dir = tempfile::tempdir().map_err(|e| Diagnostic::error(format!("cannot make a temporary folder: {e}")))?;
    let output = Output::begin(dir.path(), &dir.path().join("public"))?;
    *scratch = Some(dir);
    Ok(output)
}

/// A `--base-url` must be a site's address, as `base_url` in site.yaml must.
pub fn check_base_url(base_url: &str) -> Result<(), Diagnostic> {
    if crate::url_rule::is_site_address(base_url) {
        return Ok(());
    }
    Err(Diagnostic::error(format!("--base-url {base_url} is not a web address"))
        .hint("write it with https://, e.g. `--base-url https://green.example.gov.cn`"))
}

/// The language of messages: `GREENPRINT_LANG` if set, else the site's default language, else
/// the system's (`LANG=zh_CN.UTF-8` gives Chinese), else English.
pub fn message_language(site_default: Option<&str>) -> String {
    if let Ok(lang) = std::env::var("GREENPRINT_LANG")
        && !lang.is_empty()
    {
        return lang;
    }
    if let Some(lang) = site_default {
        return lang.to_owned();
    }
    match std::env::var("LANG") {
        Ok(lang) if lang.starts_with("zh") => "zh".to_owned(),
        _ => "en".to_owned(),
    }
}

/// How long each stage took, a line each, for `--verbose`.
pub fn timing_lines(report: &BuildReport) -> String {
    report
        .timings
        .iter()
        .map(|(stage, took)| format!("  {stage:<16} {:>8.1} ms\n", took.as_secs_f64() * 1000.0))
        .collect()
}

/// The summary printed after a build, in the language of the report's messages.
pub fn summary_line(report: &BuildReport, output: &Path) -> String {
    let translate = |line: String| crate::diagnostics::catalogue::translate(&line, &report.language);
    let total: usize = report.pages_per_language.values().sum();
    let per_language: Vec<String> = report
        .pages_per_language
        .iter()
        .map(|(lang, n)| format!("{lang} {n}"))
        .collect();
    translate(format!(
        "built {total} pages ({}), {} files in {:.2} s → {}",
        per_language.join(", "),
        report.files_written,
        report.elapsed.as_secs_f64(),
        output.display()
    ))
}
