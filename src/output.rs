//! Writing the site safely: nothing in the output folder changes until the build has finished
//! without errors, so a failed build leaves the previous `public/` exactly as it was.
//!
//! The first build writes everything into a staging folder beside the output folder and swaps it
//! into place. A rebuild over a published site compares each file with the published one and
//! writes only those that differ into the staging folder; the commit then moves just those into
//! place and removes the files the site no longer has. Unchanged files are never rewritten, so a
//! rebuild after a small edit touches a few files, not the whole site.

use crate::diagnostics::Diagnostic;
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

pub struct Output {
    target: PathBuf,
    staging: PathBuf,
    /// Every file written, and what wrote it, so that two outputs at one path are an error.
    written: Mutex<BTreeMap<PathBuf, String>>,
    /// Folders of the published output that the new one keeps as they are.
    kept: Mutex<Vec<PathBuf>>,
    /// Updating a published site: only changed files go to the staging folder.
    update: bool,
    /// Files that are the same as the published ones (when updating): not written again.
    unchanged: Mutex<BTreeSet<PathBuf>>,
    committed: bool,
}

/// The staging folder that the build of process `pid` writes `target` into.
pub fn staging_folder(target: &Path, pid: u32) -> PathBuf {
    hidden_sibling(target, "staging", pid)
}

/// A hidden folder beside `target` (on the same file system, so that moves are renames) for
/// process `pid`'s use `what`: `.public.staging-PID`, `.public.old-PID`.
fn hidden_sibling(target: &Path, what: &str, pid: u32) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    parent.join(format!(".{name}.{what}-{pid}"))
}

impl Output {
    /// Prepares to write the site into `target`: a whole new folder when there is none yet,
    /// else an update of the published one (see the module's description).
    pub fn begin(target: &Path) -> io::Result<Output> {
        let mut output = Output::begin_whole(target)?;
        output.update = target.is_dir();
        Ok(output)
    }

    /// Prepares a fresh staging folder next to `target` (on the same file system, so that the
    /// final move is a rename) that will replace it whole: for builds that hand the staging
    /// folder to another program (the PDF export) and so need every file in it.
    pub fn begin_whole(target: &Path) -> io::Result<Output> {
        let staging = staging_folder(target, std::process::id());
        if let Some(parent) = staging.parent() {
            std::fs::create_dir_all(parent)?;
        }
        if staging.exists() {
            std::fs::remove_dir_all(&staging)?;
        }
        std::fs::create_dir_all(&staging)?;
        Ok(Output {
            target: target.to_path_buf(),
            staging,
            written: Mutex::new(BTreeMap::new()),
            kept: Mutex::new(Vec::new()),
            update: false,
            unchanged: Mutex::new(BTreeSet::new()),
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
            kept: Mutex::new(Vec::new()),
            update: false,
            unchanged: Mutex::new(BTreeSet::new()),
            committed: true,
        }
    }

    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// The folder the output is published to (whose current contents a build may keep).
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Keeps the folder `relative` of the published output as it is: it is moved into the new
    /// output when it is committed, instead of being written again. Returns how many files it
    /// holds; fails when it cannot be read or a file in it was already written.
    pub fn keep(&self, relative: &Path) -> io::Result<usize> {
        let dir = self.target.join(relative);
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(&dir).follow_links(false) {
            let entry = entry?;
            if entry.file_type().is_file() {
                files.push(relative.join(entry.path().strip_prefix(&dir).map_err(io::Error::other)?));
            } else if !entry.file_type().is_dir() {
                return Err(io::Error::other("only files and folders can be kept"));
            }
        }
        let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        if files.iter().any(|f| written.contains_key(f)) {
            return Err(io::Error::other("a kept file was written again"));
        }
        let count = files.len();
        for file in files {
            written.insert(file, "the published site".to_owned());
        }
        if self.staging != self.target {
            self.kept
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(relative.to_path_buf());
        }
        Ok(count)
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
        if self.update && self.is_published(relative, bytes) {
            self.unchanged
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(relative.to_path_buf());
            return Ok(());
        }
        let path = self.staging.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_error(&path, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| io_error(&path, e))
    }

    /// Whether the published site already has exactly these bytes at `relative`.
    fn is_published(&self, relative: &Path, bytes: &[u8]) -> bool {
        let published = self.target.join(relative);
        std::fs::symlink_metadata(&published).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
            && std::fs::read(&published).is_ok_and(|old| old == bytes)
    }

    /// Every file of the new site, with where its bytes are now (the staging folder, or the
    /// published folder for an unchanged file), in path order.
    pub fn files(&self) -> Vec<(PathBuf, PathBuf)> {
        let written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        let unchanged = self.unchanged.lock().unwrap_or_else(|e| e.into_inner());
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        written
            .keys()
            .map(|relative| {
                let published = unchanged.contains(relative) || kept.iter().any(|k| relative.starts_with(k));
                let root = if published { &self.target } else { &self.staging };
                (relative.clone(), root.join(relative))
            })
            .collect()
    }

    pub fn file_count(&self) -> usize {
        self.written.lock().map(|w| w.len()).unwrap_or(0)
    }

    /// Moves the new site into place and removes what the previous output had and the new one
    /// does not.
    pub fn commit(mut self) -> io::Result<()> {
        if self.update {
            return self.commit_update();
        }
        let old = hidden_sibling(&self.target, "old", std::process::id());
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
            let kept = std::mem::take(&mut *self.kept.lock().unwrap_or_else(|e| e.into_inner()));
            for relative in kept {
                let to = self.target.join(&relative);
                if let Some(parent) = to.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::rename(old.join(&relative), to)?;
            }
            std::fs::remove_dir_all(&old)?;
        }
        Ok(())
    }
}

impl Output {
    /// Moves the changed files into the published folder, then removes the files it should no
    /// longer have, and the folders left empty.
    fn commit_update(mut self) -> io::Result<()> {
        let written = std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        let unchanged = std::mem::take(&mut *self.unchanged.lock().unwrap_or_else(|e| e.into_inner()));
        for relative in written.keys().filter(|r| !unchanged.contains(*r)) {
            let from = self.staging.join(relative);
            if !from.exists() {
                // A file of a kept folder: it is already in place.
                continue;
            }
            let to = self.target.join(relative);
            if to.is_dir() {
                std::fs::remove_dir_all(&to)?;
            }
            if let Some(parent) = to.parent() {
                // A file of the old site may stand where the new one has a folder.
                for ancestor in parent
                    .ancestors()
                    .take_while(|a| a.starts_with(&self.target) && *a != self.target)
                {
                    if ancestor.is_file() {
                        std::fs::remove_file(ancestor)?;
                    }
                }
                std::fs::create_dir_all(parent)?;
            }
            std::fs::rename(&from, &to)?;
        }
        self.committed = true;
        let _ = std::fs::remove_dir_all(&self.staging);
        let stale: Vec<PathBuf> = walkdir::WalkDir::new(&self.target)
            .contents_first(true)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| !e.file_type().is_dir())
            .filter(|e| {
                e.path()
                    .strip_prefix(&self.target)
                    .is_ok_and(|relative| !written.contains_key(relative))
            })
            .map(|e| e.into_path())
            .collect();
        for file in stale {
            std::fs::remove_file(file)?;
        }
        for entry in walkdir::WalkDir::new(&self.target)
            .contents_first(true)
            .min_depth(1)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_dir())
        {
            // Only empty folders go; a folder that still holds files stays.
            let _ = std::fs::remove_dir(entry.path());
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

    /// A rebuild over a published site writes only what changed and removes what is gone; until
    /// the commit, the published site is as it was.
    #[test]
    fn an_update_rewrites_only_changed_files_and_removes_stale_ones() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        let first = Output::begin(&public).unwrap();
        for (path, text) in [("a/index.html", "a"), ("b/index.html", "b"), ("gone/index.html", "x")] {
            first.write(Path::new(path), text.as_bytes(), "test").unwrap();
        }
        first.commit().unwrap();
        let inode = |p: &str| std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(public.join(p)).unwrap());
        let a_before = inode("a/index.html");

        let second = Output::begin(&public).unwrap();
        second.write(Path::new("a/index.html"), b"a", "test").unwrap();
        second.write(Path::new("b/index.html"), b"b2", "test").unwrap();
        second.write(Path::new("c.html"), b"c", "test").unwrap();
        let located: Vec<(PathBuf, bool)> = second
            .files()
            .into_iter()
            .map(|(relative, at)| (relative, at.starts_with(&public)))
            .collect();
        assert_eq!(
            located,
            [
                (PathBuf::from("a/index.html"), true),
                (PathBuf::from("b/index.html"), false),
                (PathBuf::from("c.html"), false)
            ]
        );
        assert_eq!(
            std::fs::read_to_string(public.join("b/index.html")).unwrap(),
            "b",
            "not yet"
        );
        assert!(public.join("gone/index.html").exists(), "not yet");
        second.commit().unwrap();
        assert_eq!(
            inode("a/index.html"),
            a_before,
            "an unchanged file is not written again"
        );
        assert_eq!(std::fs::read_to_string(public.join("b/index.html")).unwrap(), "b2");
        assert_eq!(std::fs::read_to_string(public.join("c.html")).unwrap(), "c");
        assert!(
            !public.join("gone").exists(),
            "a page the site no longer has is removed"
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no staging folder is left"
        );
    }

    #[test]
    fn a_kept_folder_moves_into_the_new_output() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        std::fs::create_dir_all(public.join("pagefind/index")).unwrap();
        std::fs::write(public.join("pagefind/index/a.pf_index"), "index").unwrap();
        std::fs::write(public.join("old.html"), "old").unwrap();
        let output = Output::begin_whole(&public).unwrap();
        output.write(Path::new("new.html"), b"new", "test").unwrap();
        assert_eq!(output.keep(Path::new("pagefind")).unwrap(), 1);
        assert_eq!(output.file_count(), 2);
        assert!(
            output
                .write(Path::new("pagefind/index/a.pf_index"), b"x", "test")
                .is_err()
        );
        output.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(public.join("pagefind/index/a.pf_index")).unwrap(),
            "index"
        );
        assert!(public.join("new.html").exists() && !public.join("old.html").exists());
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "nothing is left beside it"
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
