//! What the preview shows now (the site's folder, or the problems of the last build) and the
//! pages listening for a change: shared by the watcher, which publishes builds, and the server.

use crate::build::BuildReport;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::mpsc::{self, Sender};

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
