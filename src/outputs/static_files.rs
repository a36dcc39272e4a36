//! Files published as they are: `static/` at the root of the site, and the pictures of a page
//! bundle beside the page.

use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::output::Output;
use crate::resolve::{Site, urls};
use std::path::Path;

/// `static/` is published as it is, at the root of the site.
pub fn copy_static(root: &Path, output: &Output, diagnostics: &mut Diagnostics) {
    for relative in crate::site_files::list(root, Path::new("static"), |_| false, diagnostics) {
        copy_static_file(root, &relative, output, diagnostics);
    }
}

/// Publishes one file of `static/` (`relative` to that folder) at the same path in the site.
pub fn copy_static_file(root: &Path, relative: &Path, output: &Output, diagnostics: &mut Diagnostics) {
    let shown = Path::new("static").join(relative);
    if let Some(bytes) = crate::site_files::read(root, &shown, diagnostics)
        && let Err(d) = output.write(relative, &bytes, &display_path(&shown))
    {
        diagnostics.push(d);
    }
}

/// The images of a page bundle are published beside the page in every language.
pub fn copy_bundle_assets(site: &Site, output: &Output, diagnostics: &mut Diagnostics) {
    for (i, page) in site.pages.iter().enumerate() {
        for asset in &page.assets {
            let name = asset.rsplit('/').next().unwrap_or(asset);
            let target = urls::output_path(site.url(i)).with_file_name(name);
            match std::fs::read(site.root.join(crate::content::CONTENT_DIR).join(asset)) {
                Ok(bytes) => {
                    if let Err(d) = output.write(&target, &bytes, &format!("content/{asset}")) {
                        diagnostics.push(d);
                    }
                }
                Err(e) => diagnostics.push(
                    Diagnostic::error(format!("cannot read this file: {e}")).in_file(Path::new("content").join(asset)),
                ),
            }
        }
    }
}
