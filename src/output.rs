//! Writing the site safely, in one place: every file of a build goes through [`Output`].
//!
//! - **Sources are never the output.** [`check_target`] refuses an output folder that is the
//!   site folder, holds it, or lies in one of its source folders, and an output that is a file,
//!   before anything is written.
//! - **Readers see the old site or the new one, never a mix.** A build writes a whole new site
//!   into a staging folder beside the output (on the same file system). Files that did not change
//!   are hard links to the published ones, so a rebuild after a small edit writes a few files. The
//!   commit swaps the two folders in one atomic step (`renameat2` with `RENAME_EXCHANGE` on
//!   Linux): at every moment of any interruption, even `kill -9`, the output is wholly one of them.
//! - **Only greenprint's own files go.** A manifest beside the output lists what greenprint
//!   published there; a file it did not write (a CNAME, a server's own file) is carried into the
//!   new site.
//! - **One build at a time.** The manifest file is also a lock: a second build into the same
//!   folder is refused while the first runs, and a build removes whatever an interrupted one left.
//! - **A link stays a link.** When the output is a link to the web server's folder, that folder
//!   is updated and the link is left as it is.

use crate::diagnostics::Diagnostic;
use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{self, Read, Seek, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// Folders of a site that hold its sources: no output may be one of them or lie inside one.
const SOURCE_FOLDERS: &[&str] = &["content", "data", "static", "themes", "templates", "i18n", ".git"];

pub struct Output {
    /// The folder the site is published to, as it was named (it may be a link).
    target: PathBuf,
    /// The real folder behind `target`, which is the one swapped.
    real: PathBuf,
    staging: PathBuf,
    /// Every file written, and what wrote it, so that two outputs at one path are an error.
    written: Mutex<BTreeMap<PathBuf, String>>,
    /// Folders already made in the staging folder: making each once saves a `mkdir` a file,
    /// which the kernel serialises per folder (a third of a rebuild's time before).
    folders: Mutex<std::collections::HashSet<PathBuf>>,
    /// A published site is there: unchanged files are linked from it rather than written.
    update: bool,
    /// Files written in place that already had these bytes, and so were left as they were
    /// (the preview's rebuilds).
    unchanged: std::sync::atomic::AtomicUsize,
    /// Held from the start of the build to the end of its commit; `None` for in-place writing.
    lock: Option<Lock>,
    committed: bool,
}

/// The staging folder that the build of process `pid` writes `target` into.
pub fn staging_folder(target: &Path, pid: u32) -> PathBuf {
    hidden_sibling(target, &format!("staging-{pid}"))
}

/// The file beside `target` that is its lock and the manifest of what greenprint published there.
pub fn manifest_file(target: &Path) -> PathBuf {
    hidden_sibling(target, "greenprint")
}

/// A hidden file or folder beside `target` (on the same file system, so that moves are renames):
/// `.public.staging-PID`, `.public.old-PID`, `.public.greenprint`.
fn hidden_sibling(target: &Path, what: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    parent.join(format!(".{name}.{what}"))
}

/// Whether `target` may receive the site of `root`; gives the real folder to write (the
/// destination when `target` is a link). Nothing is created or changed here.
pub fn check_target(root: &Path, target: &Path) -> Result<PathBuf, Diagnostic> {
    let shown = target.display().to_string();
    let root = root.canonicalize().map_err(|e| {
        Diagnostic::error(format!("the site folder {} cannot be read: {e}", root.display()))
            .hint("check the path given with --root")
    })?;
    let real = match std::fs::symlink_metadata(target) {
        Ok(meta) if meta.is_dir() => target.canonicalize().map_err(|e| cannot_use(&shown, e))?,
        Ok(meta) if meta.file_type().is_symlink() => match target.canonicalize() {
            Ok(real) if real.is_dir() => real,
            Ok(_) => return Err(is_a_file(&shown)),
            Err(_) => {
                return Err(
                    Diagnostic::error(format!("the output {shown} is a link to a folder that does not exist"))
                        .hint("create the folder the link points to, or remove the link"),
                );
            }
        },
        Ok(_) => return Err(is_a_file(&shown)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            real_path_of_missing(target).map_err(|e| cannot_use(&shown, e))?
        }
        Err(e) => return Err(cannot_use(&shown, e)),
    };
    let hint = "leave out --output to build into public/ in the site folder, or name a new folder beside the site";
    if real == root {
        return Err(Diagnostic::error(format!(
            "the output folder {shown} is the site folder itself: building there would replace site.yaml and content/"
        ))
        .hint(hint));
    }
    if root.starts_with(&real) {
        return Err(Diagnostic::error(format!(
            "the output folder {shown} holds the site folder {}: building there would replace the site",
            root.display()
        ))
        .hint(hint));
    }
    for source in SOURCE_FOLDERS {
        let folder = root.join(source);
        let folder = folder.canonicalize().unwrap_or(folder);
        if real.starts_with(&folder) {
            return Err(Diagnostic::error(format!(
                "the output folder {shown} is inside {source}/, which holds the site's sources: building there would replace them"
            ))
            .hint(hint));
        }
    }
    Ok(real)
}

fn is_a_file(shown: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "the output {shown} is a file, not a folder; it was left as it is"
    ))
    .hint("name a folder for the site, e.g. --output public")
}

fn cannot_use(shown: &str, e: io::Error) -> Diagnostic {
    Diagnostic::error(format!("the output folder {shown} cannot be used: {e}"))
        .hint("check that the folder can be read and written")
}

/// The real path a missing `path` would have: its nearest existing ancestor resolved, and the
/// rest (which cannot hold links, since it does not exist) normalised as written.
fn real_path_of_missing(path: &Path) -> io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while std::fs::symlink_metadata(existing).is_err() {
        rest.push(existing.file_name().map(|n| n.to_os_string()));
        existing = existing
            .parent()
            .ok_or_else(|| io::Error::other("no folder of it exists"))?;
    }
    let mut real = existing.canonicalize()?;
    for part in rest.into_iter().rev() {
        match part {
            Some(name) => real.push(name),
            None => {
                real.pop();
            }
        }
    }
    Ok(real)
}

/// The lock on an output folder, in the file that also lists what greenprint published there.
struct Lock {
    file: File,
}

impl Lock {
    fn acquire(real: &Path) -> Result<Lock, Diagnostic> {
        let path = manifest_file(real);
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| cannot_use(&path.display().to_string(), e))?;
        match file.try_lock() {
            Ok(()) => Ok(Lock { file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(Diagnostic::error(format!(
                "another greenprint build is writing into {} right now",
                real.display()
            ))
            .hint("wait for it to finish, then build again")),
            Err(std::fs::TryLockError::Error(e)) => Err(cannot_use(&path.display().to_string(), e)),
        }
    }

    /// The files greenprint published, as last recorded; `None` when nothing was recorded.
    fn manifest(&mut self) -> Option<BTreeSet<PathBuf>> {
        let mut text = String::new();
        self.file.rewind().ok()?;
        self.file.read_to_string(&mut text).ok()?;
        let files: Vec<String> = serde_json::from_str(&text).ok()?;
        Some(files.into_iter().map(PathBuf::from).collect())
    }

    fn record(&mut self, files: &BTreeSet<&PathBuf>) -> io::Result<()> {
        let list: Vec<String> = files.iter().map(|f| crate::diagnostics::display_path(f)).collect();
        let text = serde_json::to_string_pretty(&list).map_err(io::Error::other)?;
        self.file.set_len(0)?;
        self.file.rewind()?;
        self.file.write_all(text.as_bytes())
    }
}

impl Output {
    /// Prepares to write the site of `root` into `target`: checks that `target` may be written
    /// (see [`check_target`]), takes its lock, removes what an interrupted build left, and makes
    /// an empty staging folder.
    pub fn begin(root: &Path, target: &Path) -> Result<Output, Diagnostic> {
        let real = check_target(root, target)?;
        if let Some(parent) = real.parent() {
            std::fs::create_dir_all(parent).map_err(|e| cannot_use(&target.display().to_string(), e))?;
        }
        let lock = Lock::acquire(&real)?;
        recover(&real).map_err(|e| cannot_use(&real.display().to_string(), e))?;
        if let (Some(parent), Ok(meta)) = (real.parent(), std::fs::metadata(&real))
            && std::fs::metadata(parent).is_ok_and(|p| device(&p) != device(&meta))
        {
            return Err(Diagnostic::error(format!(
                "the output folder {} is a mount point: greenprint cannot swap a new site into it in one step",
                target.display()
            ))
            .hint(
                "build into a folder on the same disk as the folder that holds it, and let the web server serve that",
            ));
        }
        let staging = staging_folder(&real, std::process::id());
        if let Err(e) = std::fs::create_dir(&staging) {
            return Err(Diagnostic::error(format!(
                "cannot prepare the output folder {}: {e}",
                target.display()
            ))
            .hint("greenprint writes the new site into a folder beside it first: check that the folder holding it is writable"));
        }
        Ok(Output {
            target: target.to_path_buf(),
            update: real.is_dir(),
            unchanged: Default::default(),
            real,
            staging,
            written: Mutex::new(BTreeMap::new()),
            folders: Mutex::new(std::collections::HashSet::new()),
            lock: Some(lock),
            committed: false,
        })
    }

    /// Writes straight into `target`, for the preview's quick rebuild of a single page (the
    /// preview's folder is private, so there is no published site to protect).
    pub fn in_place(target: &Path) -> Output {
        Output {
            target: target.to_path_buf(),
            real: target.to_path_buf(),
            staging: target.to_path_buf(),
            written: Mutex::new(BTreeMap::new()),
            folders: Mutex::new(std::collections::HashSet::new()),
            update: false,
            unchanged: Default::default(),
            lock: None,
            committed: true,
        }
    }

    /// Where the new site is being written; every file of it is there before the commit.
    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// The real folder the site is published to (whose current contents a build may keep).
    pub fn published_folder(&self) -> &Path {
        &self.real
    }

    /// Keeps the folder `relative` of the published output in the new one: every file of it
    /// that the new site has not written (a file written already stays as written). Returns
    /// how many it kept; fails when the folder cannot be read or holds anything but files and
    /// folders.
    pub fn keep(&self, relative: &Path) -> io::Result<usize> {
        let dir = self.published_file(relative, true)?;
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(&dir).follow_links(false) {
            let entry = entry?;
            if entry.file_type().is_file() {
                files.push(relative.join(entry.path().strip_prefix(&dir).map_err(io::Error::other)?));
            } else if !entry.file_type().is_dir() {
                return Err(io::Error::other("only files and folders can be kept"));
            }
        }
        let mut kept = 0;
        for file in files {
            if self.adopt(&file)? {
                kept += 1;
            }
        }
        Ok(kept)
    }

    /// Keeps one file of the published output as it is in the new one; fails when the
    /// published site does not have it or it was already written.
    pub fn keep_file(&self, relative: &Path) -> io::Result<()> {
        self.published_file(relative, false)?;
        if self.adopt(relative)? {
            Ok(())
        } else {
            Err(io::Error::other("a kept file was written again"))
        }
    }

    /// Where `relative` is in the published site, when it is a file (or, for `folder`, a folder)
    /// that lies inside it: not `..`, not an absolute path, and not reached through a link to
    /// somewhere else, so that keeping it can never carry a file from outside into the site.
    fn published_file(&self, relative: &Path, folder: bool) -> io::Result<PathBuf> {
        let outside = || io::Error::other("only a file inside the published site can be kept");
        if !is_inside(relative) || relative.as_os_str().is_empty() {
            return Err(outside());
        }
        let path = self.real.join(relative);
        let meta = std::fs::symlink_metadata(&path)?;
        let kind_ok = if folder { meta.is_dir() } else { meta.is_file() };
        if !kind_ok || !std::fs::canonicalize(&path)?.starts_with(std::fs::canonicalize(&self.real)?) {
            return Err(outside());
        }
        Ok(path)
    }

    /// Takes the published file `relative` into the new site (a hard link into the staging
    /// folder), unless the new site already has that file: then `false`.
    fn adopt(&self, relative: &Path) -> io::Result<bool> {
        {
            let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
            if written.contains_key(relative) {
                return Ok(false);
            }
            written.insert(relative.to_path_buf(), "the published site".to_owned());
        }
        if self.staging != self.real {
            let to = self.staging.join(relative);
            if let Some(parent) = to.parent() {
                self.make_folder(parent)?;
            }
            link_or_copy(&self.real.join(relative), &to)?;
        }
        Ok(true)
    }

    /// A hidden file beside the output for what a build keeps for the next one (a cache), such
    /// as `.public.search-cache`; never published.
    pub fn beside(&self, what: &str) -> PathBuf {
        hidden_sibling(&self.real, what)
    }

    /// Writes a file at a path relative to the output root. `origin` names what produced it, for
    /// the message when two things would write the same file.
    pub fn write(&self, relative: &Path, bytes: &[u8], origin: &str) -> Result<(), Diagnostic> {
        if !is_inside(relative) || relative.as_os_str().is_empty() {
            return Err(Diagnostic::error(format!(
                "{origin} would write outside the output folder ({})",
                relative.display()
            ))
            .hint("paths of pages and files must stay inside the site; remove `..` from the path"));
        }
        {
            let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(first) = written.get(relative) {
                // Named in the same order whichever was written first.
                let (a, b) = if first.as_str() <= origin {
                    (first.as_str(), origin)
                } else {
                    (origin, first.as_str())
                };
                return Err(
                    Diagnostic::error(format!("{a} and {b} would both be written to {}", relative.display()))
                        .hint("give one of them another file name or slug"),
                );
            }
            written.insert(relative.to_path_buf(), origin.to_owned());
        }
        let path = self.staging.join(relative);
        if let Some(parent) = path.parent() {
            self.make_folder(parent).map_err(|e| io_error(&path, e))?;
        }
        if self.staging == self.real && self.is_published(relative, bytes) {
            // Writing in place: a file that already has these bytes is left alone.
            self.unchanged.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            return Ok(());
        }
        if self.update && self.is_published(relative, bytes) && link_or_copy(&self.real.join(relative), &path).is_ok() {
            return Ok(());
        }
        std::fs::write(&path, bytes).map_err(|e| io_error(&path, e))
    }

    /// Makes `folder` of the staging folder (and those above it), once per build.
    fn make_folder(&self, folder: &Path) -> io::Result<()> {
        if self.folders.lock().unwrap_or_else(|e| e.into_inner()).contains(folder) {
            return Ok(());
        }
        std::fs::create_dir_all(folder)?;
        self.folders
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(folder.to_path_buf());
        Ok(())
    }

    /// Whether the published site already has exactly these bytes at `relative`.
    fn is_published(&self, relative: &Path, bytes: &[u8]) -> bool {
        let published = self.real.join(relative);
        std::fs::symlink_metadata(&published).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
            && std::fs::read(&published).is_ok_and(|old| old == bytes)
    }

    /// Every file of the new site, with where its bytes are now, in path order.
    pub fn files(&self) -> Vec<(PathBuf, PathBuf)> {
        let written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        written
            .keys()
            .map(|relative| (relative.clone(), self.staging.join(relative)))
            .collect()
    }

    pub fn file_count(&self) -> usize {
        self.written.lock().map(|w| w.len()).unwrap_or(0)
    }

    /// How many of those files were written (in place, files that already had their bytes are
    /// not).
    pub fn changed_count(&self) -> usize {
        self.file_count()
            .saturating_sub(self.unchanged.load(std::sync::atomic::Ordering::Relaxed))
    }

    /// Publishes the new site: carries over the files greenprint did not write, swaps the new
    /// site into place in one step, and removes the old one. Returns warnings about what it kept
    /// or could not remove; an error means the published site is as it was.
    pub fn commit(mut self) -> Result<Vec<Diagnostic>, Diagnostic> {
        let mut notes = Vec::new();
        let Some(mut lock) = self.lock.take() else {
            return Ok(notes);
        };
        let written = std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        let previous = lock.manifest();
        let shown = self.target.display().to_string();
        let failed = |e: io::Error| {
            Diagnostic::error(format!(
                "cannot publish the new site in {shown}: {e}; the site there is as it was"
            ))
            .hint("check that the folder is writable and the disk is not full, then build again")
        };
        if self.update {
            let kept = carry_over(&self.real, &self.staging, &written, previous.as_ref()).map_err(failed)?;
            if previous.is_none() && !kept.is_empty() {
                notes.push(
                    Diagnostic::warning(format!(
                        "{} had {} files that greenprint did not write; they were kept (e.g. {})",
                        shown,
                        kept.len(),
                        crate::diagnostics::display_path(&kept[0])
                    ))
                    .hint("delete by hand any that are left over from an older build; from now on greenprint keeps a list of what it publishes and removes only those"),
                );
            }
            if let Ok(meta) = std::fs::metadata(&self.real) {
                let _ = std::fs::set_permissions(&self.staging, meta.permissions());
            }
        }
        // Until the swap, the list covers both sites, so that whatever happens the next build
        // knows every file greenprint made.
        let new_files: BTreeSet<&PathBuf> = written.keys().collect();
        let mut both = new_files.clone();
        both.extend(previous.iter().flatten());
        lock.record(&both).map_err(failed)?;
        pause_for_tests("before-swap");
        swap(&self.staging, &self.real, self.update).map_err(failed)?;
        self.committed = true;
        if let Err(e) = lock.record(&new_files) {
            notes.push(Diagnostic::warning(format!(
                "the new site is published, but the list of its files beside it could not be written: {e}"
            )));
        }
        pause_for_tests("after-swap");
        // The staging folder now holds the previous site.
        if self.update
            && let Err(e) = std::fs::remove_dir_all(&self.staging)
        {
            notes.push(
                Diagnostic::warning(format!(
                    "the new site is published in {shown}; the previous one, moved to {}, could not be removed: {e}",
                    self.staging.display()
                ))
                .hint("delete that folder by hand; the next build also tries again"),
            );
        }
        drop(lock);
        Ok(notes)
    }
}

/// Puts `staging` in the place of `real` in one step. Where the system has no atomic exchange, the
/// old folder is moved aside first, and [`recover`] puts it back if the build stops in between.
fn swap(staging: &Path, real: &Path, exists: bool) -> io::Result<()> {
    if !exists {
        return std::fs::rename(staging, real);
    }
    #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, staging, CWD, real, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            // A file system without the exchange: fall back to two renames.
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(e.into()),
        }
    }
    let old = hidden_sibling(real, &format!("old-{}", std::process::id()));
    std::fs::rename(real, &old)?;
    if let Err(e) = std::fs::rename(staging, real) {
        if let Err(back) = std::fs::rename(&old, real) {
            // Said as it is: the previous site is whole, but beside its place.
            return Err(io::Error::other(format!(
                "{e}; the previous site could not be put back either ({back}) and is whole in {}, where the next build finds it and puts it back",
                old.display()
            )));
        }
        return Err(e);
    }
    // `staging` is where the caller expects the previous site.
    std::fs::rename(&old, staging)
}

/// Undoes what an interrupted build left beside `real` (called with its lock held): a previous
/// site moved aside and not replaced goes back; staging folders and old copies are removed.
fn recover(real: &Path) -> io::Result<()> {
    let (Some(parent), Some(name)) = (real.parent(), real.file_name()) else {
        return Ok(());
    };
    let name = name.to_string_lossy();
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Ok(());
    };
    let (staging, old) = (format!(".{name}.staging-"), format!(".{name}.old-"));
    let mut leftovers: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| {
            let n = e.file_name();
            let n = n.to_string_lossy();
            n.starts_with(&staging) || n.starts_with(&old)
        })
        .map(|e| e.path())
        .collect();
    leftovers.sort();
    if std::fs::symlink_metadata(real).is_err()
        && let Some(moved) = leftovers
            .iter()
            .position(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(&old)))
    {
        std::fs::rename(leftovers.remove(moved), real)?;
    }
    for leftover in leftovers {
        std::fs::remove_dir_all(&leftover)?;
    }
    Ok(())
}

/// Links into `staging` the files of the published site `real` that greenprint did not write:
/// those not in the `previous` manifest (all of them when there is none). Gives their paths.
fn carry_over(
    real: &Path,
    staging: &Path,
    written: &BTreeMap<PathBuf, String>,
    previous: Option<&BTreeSet<PathBuf>>,
) -> io::Result<Vec<PathBuf>> {
    let mut kept = Vec::new();
    for entry in walkdir::WalkDir::new(real)
        .min_depth(1)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = entry?;
        if entry.file_type().is_dir() {
            continue;
        }
        let relative = entry.path().strip_prefix(real).map_err(io::Error::other)?;
        let ours = written.contains_key(relative) || previous.is_some_and(|p| p.contains(relative));
        let to = staging.join(relative);
        // A folder or file of the new site already stands there (or above it): the new one wins.
        if ours || std::fs::symlink_metadata(&to).is_ok() || to.ancestors().skip(1).any(|a| a.is_file()) {
            continue;
        }
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)?;
        }
        if entry.file_type().is_symlink() {
            copy_link(entry.path(), &to)?;
        } else {
            link_or_copy(entry.path(), &to)?;
        }
        kept.push(relative.to_path_buf());
    }
    Ok(kept)
}

#[cfg(unix)]
fn copy_link(from: &Path, to: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(std::fs::read_link(from)?, to)
}

#[cfg(not(unix))]
fn copy_link(from: &Path, to: &Path) -> io::Result<()> {
    std::fs::copy(from, to).map(|_| ())
}

/// A hard link to `from` at `to` (the same file, not written again), or a copy where the file
/// system has no hard links.
fn link_or_copy(from: &Path, to: &Path) -> io::Result<()> {
    std::fs::hard_link(from, to).or_else(|_| std::fs::copy(from, to).map(|_| ()))
}

#[cfg(unix)]
fn device(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::dev(meta)
}

#[cfg(not(unix))]
fn device(_meta: &std::fs::Metadata) -> u64 {
    0
}

/// The tests of interrupted builds stop a build at a named moment of its commit: with
/// `GREENPRINT_TEST_PAUSE=NAME` the build says where it is and waits there a few seconds.
fn pause_for_tests(moment: &str) {
    if std::env::var_os("GREENPRINT_TEST_PAUSE").is_some_and(|m| m == moment) {
        eprintln!("greenprint: paused at {moment}");
        std::thread::sleep(std::time::Duration::from_secs(4));
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

    /// What is beside the output folder, other than the output and its manifest.
    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != "public" && n != ".public.greenprint")
            .collect()
    }

    #[test]
    fn an_abandoned_build_leaves_the_previous_output_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        std::fs::create_dir_all(&public).unwrap();
        std::fs::write(public.join("index.html"), "old").unwrap();
        {
            let output = Output::begin(dir.path(), &public).unwrap();
            output.write(Path::new("index.html"), b"new", "test").unwrap();
        }
        assert_eq!(std::fs::read_to_string(public.join("index.html")).unwrap(), "old");
        assert!(leftovers(dir.path()).is_empty(), "the staging folder is removed");
    }

    /// A rebuild over a published site writes only what changed and removes what is gone; until
    /// the commit, the published site is as it was.
    #[test]
    fn an_update_rewrites_only_changed_files_and_removes_stale_ones() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        let first = Output::begin(dir.path(), &public).unwrap();
        for (path, text) in [("a/index.html", "a"), ("b/index.html", "b"), ("gone/index.html", "x")] {
            first.write(Path::new(path), text.as_bytes(), "test").unwrap();
        }
        first.commit().unwrap();
        let inode = |p: &str| std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(public.join(p)).unwrap());
        let a_before = inode("a/index.html");

        let second = Output::begin(dir.path(), &public).unwrap();
        second.write(Path::new("a/index.html"), b"a", "test").unwrap();
        second.write(Path::new("b/index.html"), b"b2", "test").unwrap();
        second.write(Path::new("c.html"), b"c", "test").unwrap();
        let files: Vec<PathBuf> = second.files().into_iter().map(|(relative, _)| relative).collect();
        assert_eq!(files, ["a/index.html", "b/index.html", "c.html"].map(PathBuf::from));
        assert!(
            second.files().iter().all(|(_, at)| at.is_file()),
            "every file is staged"
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
        assert!(leftovers(dir.path()).is_empty(), "no staging folder is left");
    }

    /// Keeping never brings a file from outside the published site into the new one: not
    /// through `..`, an absolute path, a link to a file, or a folder that is a link elsewhere.
    #[cfg(unix)]
    #[test]
    fn nothing_outside_the_published_site_can_be_kept() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        let secret = dir.path().join("secret");
        std::fs::create_dir_all(&secret).unwrap();
        std::fs::write(secret.join("key.txt"), "secret").unwrap();
        let first = Output::begin(dir.path(), &public).unwrap();
        first.write(Path::new("pagefind/a.txt"), b"a", "test").unwrap();
        first.commit().unwrap();
        std::os::unix::fs::symlink(&secret, public.join("pagefind/linked")).unwrap();
        std::os::unix::fs::symlink(secret.join("key.txt"), public.join("pagefind/key.txt")).unwrap();
        std::os::unix::fs::symlink(&secret, public.join("elsewhere")).unwrap();
        let output = Output::begin(dir.path(), &public).unwrap();
        for hostile in [
            "../secret/key.txt",
            "pagefind/../../secret/key.txt",
            "pagefind/linked/key.txt",
            "pagefind/key.txt",
            "elsewhere/key.txt",
        ] {
            assert!(output.keep_file(Path::new(hostile)).is_err(), "{hostile} was kept");
        }
        assert!(
            output.keep_file(&secret.join("key.txt")).is_err(),
            "an absolute path was kept"
        );
        for hostile in ["elsewhere", "..", "pagefind/linked"] {
            assert!(output.keep(Path::new(hostile)).is_err(), "{hostile}/ was kept");
        }
        // A folder that holds a link is refused whole, not kept with it.
        assert!(output.keep(Path::new("pagefind")).is_err());
        assert!(
            output.files().iter().all(|(_, at)| at.starts_with(output.staging())),
            "nothing from outside is in the new site"
        );
        assert_eq!(output.file_count(), 0);
    }

    #[test]
    fn a_kept_folder_moves_into_the_new_output() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        let first = Output::begin(dir.path(), &public).unwrap();
        first
            .write(Path::new("pagefind/index/a.pf_index"), b"index", "test")
            .unwrap();
        first.write(Path::new("old.html"), b"old", "test").unwrap();
        first.commit().unwrap();
        let output = Output::begin(dir.path(), &public).unwrap();
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
        assert!(leftovers(dir.path()).is_empty(), "nothing is left beside it");
    }

    #[test]
    fn an_output_in_folders_that_do_not_exist_yet_is_made() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("a/b/public");
        let output = Output::begin(dir.path(), &public).unwrap();
        output.write(Path::new("index.html"), b"1", "test").unwrap();
        output.commit().unwrap();
        assert!(public.join("index.html").is_file());
    }

    #[test]
    fn a_commit_replaces_the_output_and_refuses_escapes() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        let output = Output::begin(dir.path(), &public).unwrap();
        assert!(output.write(Path::new("../evil.html"), b"x", "test").is_err());
        output.write(Path::new("a/index.html"), b"new", "test").unwrap();
        assert!(output.write(Path::new("a/index.html"), b"again", "other").is_err());
        output.commit().unwrap();
        assert_eq!(std::fs::read_to_string(public.join("a/index.html")).unwrap(), "new");
        assert!(!dir.path().join("evil.html").exists());
    }

    #[test]
    fn a_clash_names_its_two_files_in_one_order() {
        let dir = tempfile::tempdir().unwrap();
        let messages: Vec<String> = [("b.md", "a.md"), ("a.md", "b.md")]
            .iter()
            .map(|(first, second)| {
                let output = Output::begin(dir.path(), &dir.path().join("public")).unwrap();
                output.write(Path::new("x.html"), b"1", first).unwrap();
                output.write(Path::new("x.html"), b"2", second).unwrap_err().message
            })
            .collect();
        assert_eq!(messages[0], messages[1]);
        assert!(messages[0].starts_with("a.md and b.md"), "{}", messages[0]);
    }

    #[test]
    fn files_greenprint_did_not_write_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        std::fs::create_dir_all(public.join(".well-known")).unwrap();
        std::fs::write(public.join("CNAME"), "green.example.gov.cn").unwrap();
        std::fs::write(public.join(".well-known/security.txt"), "x").unwrap();
        let first = Output::begin(dir.path(), &public).unwrap();
        first.write(Path::new("index.html"), b"1", "test").unwrap();
        first.write(Path::new("gone.html"), b"1", "test").unwrap();
        let notes = first.commit().unwrap();
        assert_eq!(notes.len(), 1, "the first build says it kept files: {notes:?}");
        let second = Output::begin(dir.path(), &public).unwrap();
        second.write(Path::new("index.html"), b"2", "test").unwrap();
        assert!(second.commit().unwrap().is_empty(), "and only the first");
        assert!(public.join("CNAME").is_file() && public.join(".well-known/security.txt").is_file());
        assert!(!public.join("gone.html").exists(), "its own old file is removed");
    }

    #[test]
    fn a_second_build_into_the_same_folder_is_refused_while_the_first_runs() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        let first = Output::begin(dir.path(), &public).unwrap();
        let second = Output::begin(dir.path(), &public).err().expect("refused");
        assert!(
            second.message.contains("another greenprint build"),
            "{}",
            second.message
        );
        first.write(Path::new("index.html"), b"1", "test").unwrap();
        first.commit().unwrap();
        assert!(Output::begin(dir.path(), &public).is_ok(), "free again after the first");
    }

    #[test]
    fn an_output_over_the_sources_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        for folder in ["content/tips", "data", "static", "themes/default", "templates", "i18n"] {
            std::fs::create_dir_all(site.join(folder)).unwrap();
        }
        std::fs::write(site.join("site.yaml"), "title: x\n").unwrap();
        std::fs::write(site.join("notes.txt"), "mine").unwrap();
        for target in [
            site.clone(),
            site.join("."),
            dir.path().to_path_buf(),
            site.join(".."),
            PathBuf::from("/"),
            site.join("content"),
            site.join("content/tips"),
            site.join("content/new/deeper"),
            site.join("static/../data"),
            site.join("public/../themes"),
            site.join("templates/x"),
            site.join("i18n"),
            site.join("site.yaml"),
            site.join("notes.txt"),
        ] {
            assert!(
                check_target(&site, &target).is_err(),
                "{} must be refused",
                target.display()
            );
        }
        for target in [site.join("public"), site.join("docs/site"), dir.path().join("www")] {
            assert!(check_target(&site, &target).is_ok(), "{}", target.display());
        }
        assert_eq!(std::fs::read_to_string(site.join("notes.txt")).unwrap(), "mine");
    }
}
