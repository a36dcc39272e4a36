//! The preview's private folder in the system's temporary folder: `greenprint-serve-PID`. It is
//! removed when the preview is stopped (Ctrl+C, or a terminate signal), and folders left by
//! previews that ended without that chance (killed, or the machine switched off) are removed
//! when the next one starts, so that a volunteer's disk does not fill with old copies of sites.
//!
//! The temporary folder is shared with every user of the machine, so the private folder is made
//! fresh, readable by its owner only, and never through a link someone left at its path; the site
//! is built into `site/` inside it, where its staging folders sit too, out of others' reach.

use crate::output::{manifest_file, staging_folder};
use std::path::{Path, PathBuf};

const PREFIX: &str = "greenprint-serve-";

/// The folder of the preview run by process `pid`.
pub fn path(temp: &Path, pid: u32) -> PathBuf {
    temp.join(format!("{PREFIX}{pid}"))
}

/// Makes the private folder of process `pid` afresh and returns the folder the site is built
/// into. Whatever is at its path (a stale folder, or a link planted there) is removed, not
/// followed; if something appears there again before the folder is made, this fails.
pub fn create(temp: &Path, pid: u32) -> std::io::Result<PathBuf> {
    let private = path(temp, pid);
    if let Ok(meta) = std::fs::symlink_metadata(&private) {
        if meta.is_dir() {
            std::fs::remove_dir_all(&private)?;
        } else {
            std::fs::remove_file(&private)?;
        }
    }
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(&private)?;
    Ok(private.join("site"))
}

/// Removes a preview's folder and the staging folder a build may have left beside it.
pub fn remove(folder: &Path, pid: u32) {
    let _ = std::fs::remove_dir_all(staging_folder(folder, pid));
    let _ = std::fs::remove_dir_all(folder);
    let _ = std::fs::remove_file(manifest_file(folder));
}

/// Removes the folders of previews whose process no longer runs. Where the system cannot say
/// which processes run (no `/proc`), nothing is removed.
pub fn remove_stale(temp: &Path) {
    let processes = Path::new("/proc");
    if !processes.join("self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(temp) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        // `greenprint-serve-PID`, its staging folder `.greenprint-serve-PID.staging-PID` or its
        // manifest `.greenprint-serve-PID.greenprint`.
        let pid = name.strip_prefix(PREFIX).or_else(|| {
            name.strip_prefix('.')
                .and_then(|n| n.strip_prefix(PREFIX))
                .and_then(|n| n.split_once('.'))
                .map(|(pid, _)| pid)
        });
        let Some(pid) = pid.and_then(|n| n.parse::<u32>().ok()) else {
            continue;
        };
        if pid != std::process::id() && !processes.join(pid.to_string()).exists() {
            remove(&path(temp, pid), pid);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_of_previews_that_no_longer_run_are_removed() {
        let temp = tempfile::tempdir().expect("a temporary folder");
        // Above Linux's largest process number: no process has it.
        let gone = path(temp.path(), 4_194_305);
        let running = path(temp.path(), std::process::id());
        let staging = staging_folder(&gone, 4_194_305);
        let lone_staging = staging_folder(&path(temp.path(), 4_194_306), 4_194_306);
        let other = temp.path().join("greenprint-serve-notes");
        for folder in [&gone, &running, &staging, &lone_staging, &other] {
            std::fs::create_dir_all(folder.join("tips")).expect("a folder");
        }
        remove_stale(temp.path());
        if Path::new("/proc/self").exists() {
            assert!(
                !gone.exists() && !staging.exists(),
                "the ended preview's folders are removed"
            );
            assert!(!lone_staging.exists(), "so is a staging folder left alone");
        }
        assert!(running.exists(), "a running preview's folder is kept");
        assert!(other.exists(), "a folder that is not a preview's is kept");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_at_the_private_folders_path_is_not_followed() {
        let temp = tempfile::tempdir().expect("a temporary folder");
        let elsewhere = temp.path().join("elsewhere");
        std::fs::create_dir_all(&elsewhere).expect("a folder");
        std::fs::write(elsewhere.join("keep.txt"), "mine").expect("a file");
        std::os::unix::fs::symlink(&elsewhere, path(temp.path(), 7)).expect("a link");
        let site = create(temp.path(), 7).expect("the private folder");
        let private = path(temp.path(), 7);
        let meta = std::fs::symlink_metadata(&private).expect("it exists");
        assert!(meta.is_dir() && !meta.file_type().is_symlink());
        assert!(site.starts_with(&private));
        assert!(elsewhere.join("keep.txt").is_file(), "the link's target is untouched");
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(meta.permissions().mode() & 0o777, 0o700);
    }
}
