//! The preview's private folder in the system's temporary folder: `greenprint-serve-PID`. It is
//! removed when the preview is stopped (Ctrl+C, or a terminate signal), and folders left by
//! previews that ended without that chance (killed, or the machine switched off) are removed
//! when the next one starts, so that a volunteer's disk does not fill with old copies of sites.

use crate::output::{manifest_file, staging_folder};
use std::path::{Path, PathBuf};

const PREFIX: &str = "greenprint-serve-";

/// The folder of the preview run by process `pid`.
pub fn path(temp: &Path, pid: u32) -> PathBuf {
    temp.join(format!("{PREFIX}{pid}"))
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
}
