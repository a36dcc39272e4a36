//! `greenprint import SRC [DEST]`: a Hugo or Zola site moves in. Its settings file becomes a
//! site.yaml (written in SRC, or in DEST beside a copy of content/, static/ and data/), and a
//! report says, line by line, what was taken over, what was not and why, so that nothing the
//! site's authors wrote disappears without a word.
//!
//! The stages: `source` finds and reads the settings, `hugo` and `zola` turn each tool's keys
//! into the plain data of `model` (with the rules they share in `mapping`), `site_yaml` writes
//! it as text (checked by greenprint's own loader before anything is written), `folders` copies
//! and names the folders, `report` holds every line the volunteer reads. Nothing is written
//! until the settings have been read and turned into a site.yaml that loads.

mod folders;
mod hugo;
mod mapping;
pub mod model;
pub mod report;
mod site_yaml;
mod source;
mod zola;

use crate::diagnostics::Diagnostic;
use model::Generator;
use report::Report;
use serde_json::Value;
use std::path::Path;

/// Imports the site in `src`: into `dest` when given, else in place.
pub fn import(src: &Path, dest: Option<&Path>) -> Result<Report, Diagnostic> {
    check_source(src)?;
    let target = dest.unwrap_or(src);
    let site_yaml = target.join(crate::config::CONFIG_FILE);
    if dest.is_none() && site_yaml.exists() {
        return Err(Diagnostic::error(format!(
            "{} already exists, and import never replaces it",
            site_yaml.display()
        ))
        .hint(format!(
            "to import again, rename that site.yaml first; or import into a new folder: `greenprint import {} NEW-FOLDER`",
            src.display()
        )));
    }
    let settings = source::read(src)?;
    let (generator, chosen) = detect(src, &settings)?;
    let shown_files = settings
        .files
        .iter()
        .map(|f| crate::diagnostics::display_path(f))
        .collect::<Vec<_>>()
        .join(", ");
    let mapped = match generator {
        Generator::Hugo => hugo::map(&settings, src)?,
        Generator::Zola => zola::map(&settings, src)?,
    };
    let header = format!(
        "Imported by `greenprint import` from the {} site in {} ({}).",
        generator.name(),
        src.display(),
        shown_files
    );
    let text = site_yaml::render(&mapped.settings, &header);
    site_yaml::check(&text, &shown_files)?;
    if let Some(dest) = dest {
        folders::check_destination(src, dest, &mapped.settings)?;
    }

    let mut report = Report::new(generator, src, &shown_files, &site_yaml, target);
    report.notes.extend(chosen);
    for (unread, instead) in &settings.unread {
        report.not_mapped.push(report::unread_file(unread, instead, generator));
    }
    report.mapped = mapped.mapped;
    report.not_mapped.extend(mapped.not_mapped);
    report.notes.extend(mapped.notes);
    let folder_report = match dest {
        Some(dest) => folders::copy(src, dest, &mapped.settings, generator)?,
        None => folders::in_place(src, &mapped.settings, generator),
    };
    report.folders = folder_report.folders;
    report.not_mapped.extend(folder_report.not_used);
    report.notes.extend(folder_report.notes);
    report.notes.push(report::links_warn());
    site_yaml::write(&site_yaml, &text)?;
    Ok(report)
}

fn check_source(src: &Path) -> Result<(), Diagnostic> {
    let hint = "give the folder of the Hugo or Zola site: the one with hugo.toml or config.toml in it";
    match std::fs::metadata(src) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => Err(Diagnostic::error(format!("{} is a file, not a site folder", src.display())).hint(hint)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(Diagnostic::error(format!("the folder {} does not exist", src.display())).hint(hint))
        }
        Err(e) => Err(Diagnostic::error(format!("cannot read {}: {e}", src.display())).hint(hint)),
    }
}

/// Keys only Hugo uses (compared in lower case, as Hugo reads them).
const HUGO_KEYS: &[&str] = &[
    "baseurl",
    "languagecode",
    "defaultcontentlanguage",
    "defaultcontentlanguageinsubdir",
    "params",
    "menu",
    "menus",
    "disablekinds",
    "contentdir",
    "paginate",
    "pagination",
    "permalinks",
    "markup",
    "outputs",
    "module",
    "enablerobotstxt",
    "enableemoji",
    "summarylength",
];
/// Keys only Zola uses.
const ZOLA_KEYS: &[&str] = &[
    "base_url",
    "compile_sass",
    "build_search_index",
    "markdown",
    "default_language",
    "generate_feeds",
    "generate_feed",
    "feed_filenames",
    "minify_html",
    "ignored_content",
    "slugify",
    "link_checker",
    "search",
    "extra",
    "output_dir",
    "generate_sitemap",
    "generate_robots_txt",
];
const HUGO_FOLDERS: &[&str] = &["layouts", "archetypes", "assets", "i18n", "resources"];
const ZOLA_FOLDERS: &[&str] = &["templates", "sass"];

/// Hugo or Zola: the settings file's name when it tells (`hugo.toml`), else its keys, else the
/// folders. When folders of both are there the keys decide, and a note says so.
fn detect(src: &Path, settings: &source::Settings) -> Result<(Generator, Option<String>), Diagnostic> {
    let hugo_folders: Vec<&str> = HUGO_FOLDERS.iter().copied().filter(|f| src.join(f).is_dir()).collect();
    let zola_folders: Vec<&str> = ZOLA_FOLDERS.iter().copied().filter(|f| src.join(f).is_dir()).collect();
    if settings.named_hugo {
        return Ok((Generator::Hugo, None));
    }
    let mut hugo_keys: Vec<String> = Vec::new();
    let mut zola_keys: Vec<String> = Vec::new();
    for (key, value) in &settings.tree {
        if HUGO_KEYS.contains(&key.to_ascii_lowercase().as_str()) && !ZOLA_KEYS.contains(&key.as_str()) {
            hugo_keys.push(key.clone());
        } else if ZOLA_KEYS.contains(&key.as_str()) {
            zola_keys.push(key.clone());
        } else if key == "taxonomies" {
            // Hugo: a table `tag = "tags"`; Zola: a list `[{name = "tags"}]`.
            match value {
                Value::Object(_) => hugo_keys.push(key.clone()),
                Value::Array(_) => zola_keys.push(key.clone()),
                _ => {}
            }
        }
    }
    let both = !hugo_folders.is_empty() && !zola_folders.is_empty();
    let by_keys = match hugo_keys.len().cmp(&zola_keys.len()) {
        std::cmp::Ordering::Greater => Some((Generator::Hugo, &hugo_keys)),
        std::cmp::Ordering::Less => Some((Generator::Zola, &zola_keys)),
        std::cmp::Ordering::Equal => None,
    };
    if let Some((generator, keys)) = by_keys {
        let against = match generator {
            Generator::Hugo => !zola_folders.is_empty(),
            Generator::Zola => !hugo_folders.is_empty(),
        };
        let note = (both || against).then(|| {
            report::chosen_by_keys(
                &folder_list(&hugo_folders),
                &folder_list(&zola_folders),
                generator,
                &keys.iter().take(4).cloned().collect::<Vec<_>>().join(", "),
            )
        });
        return Ok((generator, note));
    }
    match (hugo_folders.is_empty(), zola_folders.is_empty()) {
        (false, true) => Ok((Generator::Hugo, None)),
        (true, false) => Ok((Generator::Zola, None)),
        _ => Err(Diagnostic::error(format!(
            "cannot tell whether {} is a Hugo or a Zola site",
            src.display()
        ))
        .hint("its config.toml has neither tool's own keys (Hugo: baseURL, languageCode; Zola: base_url, compile_sass); add the site's address as the tool writes it and import again")),
    }
}

fn folder_list(folders: &[&str]) -> String {
    if folders.is_empty() {
        return "-".to_owned();
    }
    folders.iter().map(|f| format!("{f}/")).collect::<Vec<_>>().join(", ")
}
