//! `greenprint serve`: a live preview for volunteers. It builds the site into a private folder
//! (the site's own public/ is never touched), serves it on 127.0.0.1, watches the site's files,
//! rebuilds on every save and tells open pages to reload. A build with errors keeps the last good
//! site on screen and shows the errors over it, with file, line and hint; fixing them clears it.

mod folder;
pub mod http;
pub mod incremental;
pub mod live;

use crate::build::{self, BuildOptions, BuildReport};
use crate::diagnostics::catalogue::translate;
pub use live::State;
use notify_debouncer_mini::notify::{self, EventKind, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Sender};
use std::time::{Duration, Instant};

/// The folders and files of a site that a change in triggers a rebuild.
/// How long the files must be quiet before a rebuild starts.
const SETTLE: Duration = Duration::from_millis(15);

pub const WATCHED: [&str; 7] = ["content", "data", "static", "themes", "templates", "i18n", "site.yaml"];

pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
    pub quiet: bool,
    /// Print how long each stage of every rebuild took.
    pub verbose: bool,
}

/// Runs until interrupted; returns the exit code for setup failures.
pub fn serve(options: ServeOptions) -> i32 {
    let (listener, port) = match http::bind(&options.bind, options.port) {
        Ok(bound) => bound,
        Err(message) => {
            eprintln!("error: {message}");
            return 2;
        }
    };
    let temp = std::env::temp_dir();
    folder::remove_stale(&temp);
    let pid = std::process::id();
    let output = match folder::create(&temp, pid) {
        Ok(output) => output,
        Err(e) => {
            eprintln!(
                "error: cannot make the preview's folder {}: {e}",
                folder::path(&temp, pid).display()
            );
            return 1;
        }
    };
    // Ctrl+C (or a terminate signal) removes the private folder before the preview ends.
    let on_stop = folder::path(&temp, pid);
    if let Err(e) = ctrlc::set_handler(move || {
        folder::remove(&on_stop, pid);
        std::process::exit(0);
    }) {
        eprintln!(
            "warning: the preview's folder {} will be left behind when it stops: {e}",
            output.display()
        );
    }
    let base_url = format!("http://{}:{port}", options.bind);
    let build_options = BuildOptions {
        output: Some(output.clone()),
        base_url: Some(base_url.clone()),
        drafts: true,
        search: false,
        track: true,
        ..BuildOptions::new(&options.root)
    };
    // Watch before the first build: a file saved while it runs is rebuilt after it, and the page
    // never reports ready before saves are noticed.
    let (tx, rx) = mpsc::channel();
    // Dropping the watcher would stop it: it lives as long as the preview.
    let _watcher = match watch(&options.root, tx) {
        Ok(watcher) => watcher,
        Err(e) => {
            eprintln!("error: cannot watch the site's files: {e}");
            return 1;
        }
    };
    let hosts = http::Hosts::new(&options.bind, port);
    let state = Arc::new(State::new(output.clone()));
    let mut report = build::build(&build_options);
    print_report(&report, &options, None);
    state.publish(&report);
    let mut session = report.session.take();
    if !report.published && !output.is_dir() {
        // Nothing to show yet: serve an empty folder until the first good build.
        let _ = std::fs::create_dir_all(&output);
    }
    let serving = format!("serving {} at {base_url}/ (Ctrl+C to stop)", options.root.display());
    println!("{}", translate(&serving, &report.language));

    let server_state = state.clone();
    std::thread::spawn(move || http::run(listener, hosts, server_state));

    while let Ok(first) = rx.recv() {
        // An editor's save is often several writes (truncate, write, rename): wait until the
        // files have been quiet for a moment so that the build never reads half a file.
        let mut batch = vec![first];
        while let Ok(more) = rx.recv_timeout(SETTLE) {
            batch.push(more);
        }
        let changed = changed_files(batch);
        if changed.is_empty() {
            continue;
        }
        let started = Instant::now();
        let outcome = match session.as_mut() {
            Some(s) => incremental::rebuild(s, &changed, &output),
            None => incremental::Outcome::Rebuild,
        };
        let report = match outcome {
            incremental::Outcome::Done(report) => *report,
            incremental::Outcome::Rebuild => {
                let mut report = build::build(&build_options);
                // A failed build keeps the last good site on screen, but not its session: the
                // model it holds is no longer the site's.
                session = report.session.take();
                report
            }
        };
        state.publish(&report);
        print_report(&report, &options, Some((&changed[0], started.elapsed())));
    }
    0
}

/// Watches the folders and files of the site that a rebuild reads ([`WATCHED`]); each event is
/// sent on `events`. One that cannot be watched is reported and left out.
fn watch(root: &Path, events: Sender<notify::Result<notify::Event>>) -> notify::Result<notify::RecommendedWatcher> {
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = events.send(event);
    })?;
    for name in WATCHED {
        let path = root.join(name);
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
    Ok(watcher)
}

/// The files a batch of events changed, sorted, hidden files left out.
fn changed_files(batch: Vec<notify::Result<notify::Event>>) -> Vec<PathBuf> {
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
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
            !crate::content::is_hidden(&name)
        })
        .collect();
    changed.sort();
    changed.dedup();
    changed
}

fn print_report(report: &BuildReport, options: &ServeOptions, change: Option<(&Path, Duration)>) {
    let lang = &report.language;
    if !report.diagnostics.is_empty() {
        eprintln!(
            "{}",
            report
                .diagnostics
                .localised(lang)
                .render_terminal(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        );
    }
    if options.quiet {
        return;
    }
    if options.verbose {
        eprint!("{}", build::timing_lines(report));
    }
    let line = match (report.succeeded(), change) {
        (true, Some((path, took))) => format!(
            "{} changed: {} file(s) made again in {} ms, pages reloaded",
            path.display(),
            report.files_written,
            took.as_millis()
        ),
        (true, None) => format!(
            "built {} pages in {} ms",
            report.pages_per_language.values().sum::<usize>(),
            report.elapsed.as_millis()
        ),
        (false, _) => {
            let line = format!(
                "{} error(s): the preview keeps the last good version and shows the errors",
                report.diagnostics.error_count()
            );
            eprintln!("{}", translate(&line, lang));
            return;
        }
    };
    println!("{}", translate(&line, lang));
}
