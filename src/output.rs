//! Writing the site atomically: everything goes into a staging folder beside the output folder,
//! and only a build without errors swaps it into place. A failed build leaves the previous
//! `public/` exactly as it was.

use crate::diagnostics::Diagnostic;
use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

pub struct Output {
    target: PathBuf,
    staging: PathBuf,
    /// Every file written, and what wrote it, so that two outputs at one path are an error.
    written: Mutex<BTreeMap<PathBuf, String>>,
    committed: bool,
}

impl Output {
    /// Prepares a fresh staging folder next to `target` (on the same file system, so that the
    /// final move is a rename).
    pub fn begin(target: &Path) -> io::Result<Output> {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging)?;
        }
        std::fs::create_dir_all(&staging)?;
        Ok(Output {
            target: target.to_path_buf(),
            staging,
            written: Mutex::new(BTreeMap::new()),
            committed: false,
        })
    }

    /// Writes straight into `target`, for the preview's quick rebuild of a single page (the
    /// preview's folder is private, so there is no published site to protect).
    pub fn in_place(target: &Path) -> Output {
        Output {
            target: target.to_path_buf(),
            staging: target.to_path_buf(),
            written: Mutex::new(BTreeMap::new()),
            committed: true,
        }
    }

    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// Writes a file at a path relative to the output root. `origin` names what produced it, for
    /// the message when two things would write the same file.
    pub fn write(&self, relative: &Path, bytes: &[u8], origin: &str) -> Result<(), Diagnostic> {
        if !is_inside(relative) {
            return Err(Diagnostic::error(format!(
                "{origin} would write outside the output folder ({})",
                relative.display()
            ))
            .hint("paths of pages and files must stay inside the site; remove `..` from the path"));
        }
        {
            let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(first) = written.get(relative) {
                return Err(Diagnostic::error(format!(
                    "{origin} and {first} would both be written to {}",
                    relative.display()
                ))
                .hint("give one of them another file name or slug"));
            }
            written.insert(relative.to_path_buf(), origin.to_owned());
        }
        let path = self.staging.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_error(&path, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| io_error(&path, e))
    }

    pub fn file_count(&self) -> usize {
        self.written.lock().map(|w| w.len()).unwrap_or(0)
    }

    /// Moves the staging folder into place and removes the previous output.
    pub fn commit(mut self) -> io::Result<()> {
        let old = self.staging.with_file_name(format!(
            ".{}.old-{}",
            self.target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        let had_previous = self.target.exists();
        if had_previous {
            std::fs::rename(&self.target, &old)?;
        }
        if let Err(e) = std::fs::rename(&self.staging, &self.target) {
            if had_previous {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(e);
        }
        self.committed = true;
        if had_previous {
            std::fs::remove_dir_all(&old)?;
        }
        Ok(())
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// Whether a relative path stays below its root: no `..`, no absolute parts.
pub fn is_inside(relative: &Path) -> bool {
    relative
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

fn io_error(path: &Path, e: io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot write {}: {e}", path.display()))
        .hint("check that the output folder is writable and the disk is not full")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_abandoned_build_leaves_the_previous_output_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        std::fs::create_dir_all(&public).unwrap();
        std::fs::write(public.join("index.html"), "old").unwrap();
        {
            let output = Output::begin(&public).unwrap();
            output.write(Path::new("index.html"), b"new", "test").unwrap();
        }
        assert_eq!(std::fs::read_to_string(public.join("index.html")).unwrap(), "old");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "the staging folder is removed"
        );
    }

    #[test]
    fn a_commit_replaces_the_output_and_refuses_escapes() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        let output = Output::begin(&public).unwrap();
        assert!(output.write(Path::new("../evil.html"), b"x", "test").is_err());
        output.write(Path::new("a/index.html"), b"new", "test").unwrap();
        assert!(output.write(Path::new("a/index.html"), b"again", "other").is_err());
        output.commit().unwrap();
        assert_eq!(std::fs::read_to_string(public.join("a/index.html")).unwrap(), "new");
        assert!(!dir.path().join("evil.html").exists());
    }
}
