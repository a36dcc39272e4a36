//! `greenprint serve`: a live preview for volunteers. It builds the site into a private folder
//! (the site's own public/ is never touched), serves it on 127.0.0.1, watches the site's files,
//! rebuilds on every save and tells open pages to reload. A build with errors keeps the last good
//! site on screen and shows the errors over it, with file, line and hint; fixing them clears it.

pub mod http;

use crate::build::{self, BuildOptions, BuildReport};
use crate::diagnostics::Diagnostics;
use crate::render::Session;
use notify_debouncer_mini::notify::{self, EventKind, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The folders and files of a site that a change in triggers a rebuild.
/// How long the files must be quiet before a rebuild starts.
const SETTLE: Duration = Duration::from_millis(15);

pub const WATCHED: [&str; 7] = ["content", "data", "static", "themes", "templates", "i18n", "site.yaml"];

/// What the preview shows now, and the pages listening for changes.
pub struct State {
    pub output: PathBuf,
    status: Mutex<Status>,
    listeners: Mutex<Vec<Sender<String>>>,
}

#[derive(Clone, Default)]
struct Status {
    /// The diagnostics of the last build as JSON, when it had errors.
    problems: Option<String>,
}

impl State {
    pub fn new(output: PathBuf) -> State {
        State {
            output,
            status: Mutex::new(Status::default()),
            listeners: Mutex::new(Vec::new()),
        }
    }

    /// A new listener is told at once that it is connected, and the problems if the last build
    /// failed.
    pub fn listen(&self) -> mpsc::Receiver<String> {
        let (tx, rx) = mpsc::channel();
        let _ = tx.send(event("ready", "{}"));
        if let Some(problems) = self.status.lock().map(|s| s.problems.clone()).unwrap_or_default() {
            let _ = tx.send(event("problems", &problems));
        }
        if let Ok(mut listeners) = self.listeners.lock() {
            listeners.push(tx);
        }
        rx
    }

    /// Records a build and tells every open page: reload, or here are the problems.
    pub fn publish(&self, report: &BuildReport) {
        let problems = report.diagnostics.localised(&report.language).to_json();
        let message = if report.succeeded() {
            event("reload", "{}")
        } else {
            event("problems", &problems)
        };
        if let Ok(mut status) = self.status.lock() {
            status.problems = (!report.succeeded()).then_some(problems);
        }
        if let Ok(mut listeners) = self.listeners.lock() {
            listeners.retain(|l| l.send(message.clone()).is_ok());
        }
    }
}

/// One server-sent event; data lines may not contain newlines, so JSON is sent compact.
fn event(name: &str, data: &str) -> String {
    let compact: String = data.lines().map(str::trim).collect::<Vec<_>>().join("");
    format!("event: {name}\ndata: {compact}\n\n")
}

pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
    pub quiet: bool,
}

/// Runs until interrupted; returns the exit code for setup failures.
pub fn serve(options: ServeOptions) -> i32 {
    let (server, port) = match http::bind(&options.bind, options.port) {
        Ok(bound) => bound,
        Err(message) => {
            eprintln!("error: {message}");
            return 2;
        }
    };
    let output = std::env::temp_dir().join(format!("greenprint-serve-{}", std::process::id()));
    let base_url = format!("http://{}:{port}", options.bind);
    let build_options = BuildOptions {
        output: Some(output.clone()),
        base_url: Some(base_url.clone()),
        drafts: true,
        search: false,
        ..BuildOptions::new(&options.root)
    };
    let state = Arc::new(State::new(output.clone()));
    let mut report = build::build(&build_options);
    print_report(&report, options.quiet, None);
    state.publish(&report);
    let mut session = report.session.take();
    if !report.published && !output.is_dir() {
        // Nothing to show yet: serve an empty folder until the first good build.
        let _ = std::fs::create_dir_all(&output);
    }
    println!("serving {} at {base_url}/ (Ctrl+C to stop)", options.root.display());

    let server_state = state.clone();
    std::thread::spawn(move || http::run(server, server_state));

    let (tx, rx) = mpsc::channel();
    let mut watcher = match notify::recommended_watcher(move |event| {
        let _ = tx.send(event);
    }) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch the site's files: {e}");
            return 1;
        }
    };
    for name in WATCHED {
        let path = options.root.join(name);
        if path.exists() {
            let mode = if path.is_dir() {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            if let Err(e) = watcher.watch(&path, mode) {
                eprintln!("warning: cannot watch {}: {e}", path.display());
            }
        }
    }
    while let Ok(first) = rx.recv() {
        // An editor's save is often several writes (truncate, write, rename): wait until the
        // files have been quiet for a moment so that the build never reads half a file.
        let mut batch = vec![first];
        while let Ok(more) = rx.recv_timeout(SETTLE) {
            batch.push(more);
        }
        let mut changed: Vec<PathBuf> = batch
            .into_iter()
            .flatten()
            // Reading a file is an event too (the build reads them all): only changes count.
            .filter(|e| {
                matches!(
                    e.kind,
                    EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
                )
            })
            .flat_map(|e| e.paths)
            .filter(|p| !is_editor_noise(p))
            .collect();
        changed.sort();
        changed.dedup();
        if changed.is_empty() {
            continue;
        }
        let started = Instant::now();
        let quick = session
            .as_ref()
            .and_then(|s| quick_rebuild(s, &options.root, &changed, &output));
        let report = match quick {
            Some(report) => report,
            None => {
                let mut report = build::build(&build_options);
                if report.succeeded() {
                    session = report.session.take();
                }
                report
            }
        };
        state.publish(&report);
        print_report(&report, options.quiet, Some((&changed[0], started.elapsed())));
    }
    0
}

/// The common edit while writing: one page's text changed and its front matter did not. Only that
/// page is rendered again, straight into the preview's folder. Anything else (front matter, a new
/// or removed file, data, templates) returns `None` and the whole site is rebuilt.
pub fn quick_rebuild(session: &Session, root: &Path, changed: &[PathBuf], output: &Path) -> Option<BuildReport> {
    let started = Instant::now();
    let mut unique: Vec<PathBuf> = changed.iter().filter_map(|p| p.canonicalize().ok()).collect();
    unique.sort();
    unique.dedup();
    let [path] = unique.as_slice() else { return None };
    let content = root.join(crate::content::CONTENT_DIR).canonicalize().ok()?;
    let relative = crate::diagnostics::display_path(path.strip_prefix(&content).ok()?);
    let site = &session.shared.site;
    let index = site.pages.iter().position(|p| p.source == relative)?;
    let page = &site.pages[index];
    let mut diagnostics = Diagnostics::new();
    let bytes = std::fs::read(path).ok()?;
    let text = crate::content::source::decode(&bytes, &page.file(), &mut diagnostics)?;
    let split = crate::content::frontmatter::split(&text, &page.file(), &mut diagnostics)?;
    if split.yaml != page.front || diagnostics.has_errors() {
        return None;
    }
    session.rerender_body(
        index,
        &split.body,
        split.body_line,
        &crate::output::Output::in_place(output),
        &mut diagnostics,
    );
    Some(BuildReport {
        published: !diagnostics.has_errors(),
        diagnostics,
        language: build::message_language(Some(site.config.default_language())),
        pages_per_language: [(page.lang.clone(), 1)].into(),
        files_written: 1,
        elapsed: started.elapsed(),
        ..BuildReport::default()
    })
}

/// Swap files and backups that editors write beside the real file.
fn is_editor_noise(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    name.starts_with('.')
        || name.starts_with('~')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
}

fn print_report(report: &BuildReport, quiet: bool, change: Option<(&Path, Duration)>) {
    if !report.diagnostics.is_empty() {
        eprintln!(
            "{}",
            report
                .diagnostics
                .render_terminal(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        );
    }
    if quiet {
        return;
    }
    match (report.succeeded(), change) {
        (true, Some((path, took))) => println!(
            "{} changed: rebuilt in {} ms, pages reloaded",
            path.display(),
            took.as_millis()
        ),
        (true, None) => println!(
            "built {} pages in {} ms",
            report.pages_per_language.values().sum::<usize>(),
            report.elapsed.as_millis()
        ),
        (false, _) => eprintln!(
            "{} error(s): the preview keeps the last good version and shows the errors",
            report.diagnostics.error_count()
        ),
    }
}
