//! The one way the build lists the files of a folder of the site (content/, data/, static/,
//! templates/, i18n/, themes/NAME/). A link is never followed, the folder itself and the folders
//! above it included: a site is built from what is inside its folder, so a `static` that links
//! to a folder elsewhere on the computer cannot publish that folder. Each link is reported, so
//! that the author knows what was left out and why.

use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use std::path::{Path, PathBuf};

/// The folder of the pages, and of the pictures and files published beside them.
pub const CONTENT_DIR: &str = "content";

/// The files under `root/folder` (`folder` is relative to the site's root, e.g. `static` or
/// `themes/default`), as paths relative to it, sorted by name. Entries whose name `skip`s are
/// left out, with everything under them. A folder that does not exist has no files.
pub fn list(root: &Path, folder: &Path, skip: fn(&str) -> bool, diagnostics: &mut Diagnostics) -> Vec<PathBuf> {
    let dir = root.join(folder);
    // Each folder on the way is checked: `themes` being a link would lead `themes/default` away.
    let mut on_the_way = PathBuf::new();
    for part in folder.components() {
        on_the_way.push(part);
        match std::fs::symlink_metadata(root.join(&on_the_way)) {
            Err(_) => return Vec::new(),
            Ok(meta) if meta.file_type().is_symlink() => {
                diagnostics.push(link_warning(root, &on_the_way));
                return Vec::new();
            }
            Ok(_) => {}
        }
    }
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(&dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !skip(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                diagnostics.push(
                    Diagnostic::error(format!("cannot read part of this folder: {e}"))
                        .in_file(folder)
                        .hint("check that the folder and the files in it can be read"),
                );
                continue;
            }
        };
        let Ok(relative) = entry.path().strip_prefix(&dir) else {
            continue;
        };
        if entry.path_is_symlink() {
            diagnostics.push(link_warning(root, &folder.join(relative)));
        } else if entry.file_type().is_file() {
            files.push(relative.to_path_buf());
        }
    }
    files
}

/// The bytes of the file `relative` to the site's root, or `None` with the reason reported.
pub fn read(root: &Path, relative: &Path, diagnostics: &mut Diagnostics) -> Option<Vec<u8>> {
    std::fs::read(root.join(relative))
        .map_err(|e| diagnostics.push(Diagnostic::error(format!("cannot read this file: {e}")).in_file(relative)))
        .ok()
}

/// Whether the file `relative` to the site's root (`site.yaml`) may be read: it is not a link.
/// A link is reported.
pub fn readable(root: &Path, relative: &Path, diagnostics: &mut Diagnostics) -> bool {
    match std::fs::symlink_metadata(root.join(relative)) {
        Ok(meta) if meta.file_type().is_symlink() => {
            diagnostics.push(Diagnostic {
                severity: crate::diagnostics::Severity::Error,
                ..link_warning(root, relative)
            });
            false
        }
        _ => true,
    }
}

/// "this is a link to ..., and was not read", saying whether it leads outside the site.
fn link_warning(root: &Path, relative: &Path) -> Diagnostic {
    let link = root.join(relative);
    let target = std::fs::canonicalize(&link).ok();
    let inside = match (&target, std::fs::canonicalize(root)) {
        (Some(target), Ok(root)) => target.starts_with(root),
        _ => false,
    };
    let shown_target = target
        .or_else(|| std::fs::read_link(&link).ok())
        .map(|t| display_path(&t))
        .unwrap_or_default();
    let message = if inside {
        format!("this is a link to {shown_target}, and links are not followed: it was not read")
    } else {
        format!("this is a link to {shown_target}, outside the site folder: it was not read")
    };
    Diagnostic::warning(message)
        .in_file(relative)
        .hint("copy the files here instead of linking to them: a site is built only from what is inside its folder")
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn a_folder_that_is_a_link_is_not_read_and_says_where_it_leads() {
        let outside = tempfile::tempdir().expect("a folder");
        std::fs::write(outside.path().join("secret.txt"), "x").expect("a file");
        let site = tempfile::tempdir().expect("a folder");
        symlink(outside.path(), site.path().join("static")).expect("a link");
        let mut diagnostics = Diagnostics::new();
        assert!(list(site.path(), Path::new("static"), |_| false, &mut diagnostics).is_empty());
        let found = diagnostics.into_vec();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].file.as_deref(), Some("static"));
        assert!(found[0].message.contains("outside the site folder"), "{:?}", found[0]);
    }
}
