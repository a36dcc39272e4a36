//! `greenprint init DIR`: a new site with the default theme (built in) and one sample page of
//! each kind in Chinese and English, ready to build.

use include_dir::{Dir, include_dir};
use std::path::Path;

static SKELETON: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/skeleton");

pub fn create(dir: &Path) -> Result<(), String> {
    if dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        return Err(format!(
            "{} is not empty; choose a new folder name so nothing is overwritten",
            dir.display()
        ));
    }
    write_dir(&SKELETON, dir).map_err(|e| format!("cannot create the site in {}: {e}", dir.display()))
}

fn write_dir(source: &Dir<'static>, target: &Path) -> std::io::Result<()> {
    for file in source.files() {
        let path = target.join(file.path());
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, file.contents())?;
    }
    for sub in source.dirs() {
        write_dir(sub, target)?;
    }
    Ok(())
}
