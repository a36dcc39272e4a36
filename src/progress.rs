//! A counter for long work: after a second of a build (PDF export included), a line on the
//! terminal says it is still going and for how long; shorter work stays quiet, and nothing is
//! printed when the output is not a terminal (CI logs, editors).

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub struct Progress {
    done: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

impl Progress {
    /// Starts counting; `label` is what is being done, in the reader's language.
    pub fn start(label: String, quiet: bool) -> Progress {
        let done = Arc::new(AtomicBool::new(false));
        let handle = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let done = done.clone();
            std::thread::spawn(move || {
                let started = Instant::now();
                let mut shown = false;
                while !done.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(100));
                    let seconds = started.elapsed().as_secs();
                    if seconds >= 1 && !done.load(Ordering::Relaxed) {
                        eprint!("\r{label} {seconds} s …");
                        let _ = std::io::stderr().flush();
                        shown = true;
                    }
                }
                if shown {
                    eprint!("\r\x1b[K");
                }
            })
        });
        Progress { done, handle }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(handle) = self.handle.take() {
            let _ = handle.join();
        }
    }
}
