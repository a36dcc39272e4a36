//! The folders of the site: content/, static/ and data/ copied into DEST (or left where they
//! are), every other folder named with why greenprint does not use it. Copying never follows a
//! link out of the site folder: such a link is left out and reported, so that an import cannot
//! carry files from elsewhere on the machine into a site that is then published.

use super::mapping::clean_dir;
use super::model::{Generator, SiteSettings};
use super::report;
use crate::diagnostics::Diagnostic;
use std::path::{Path, PathBuf};

/// The folders part of the report.
#[derive(Default)]
pub struct FolderReport {
    pub folders: Vec<String>,
    pub not_used: Vec<String>,
    pub notes: Vec<String>,
}

/// The folders of Hugo and Zola greenprint has no use for, in the order the report names them.
pub(super) const NOT_USED: &[&str] = &[
    "layouts",
    "themes",
    "archetypes",
    "assets",
    "i18n",
    "resources",
    "templates",
    "sass",
];

/// DEST must be empty or new, and must not lie inside a folder that is copied into it.
pub fn check_destination(src: &Path, dest: &Path, settings: &SiteSettings) -> Result<(), Diagnostic> {
    match std::fs::symlink_metadata(dest) {
        Ok(meta) if !meta.is_dir() => {
            return Err(Diagnostic::error(format!(
                "{} is a file; choose a new folder name so nothing is overwritten",
                dest.display()
            )));
        }
        Ok(_) if std::fs::read_dir(dest).map(|mut d| d.next().is_some()).unwrap_or(true) => {
            return Err(Diagnostic::error(format!(
                "{} is not empty; choose a new folder name so nothing is overwritten",
                dest.display()
            )));
        }
        _ => {}
    }
    let dest_real = real_path(dest);
    for folder in copied_folders(settings).into_iter().map(|(from, _)| from) {
        let Ok(real) = src.join(&folder).canonicalize() else {
            continue;
        };
        if dest_real.starts_with(&real) {
            return Err(Diagnostic::error(format!(
                "{} is inside {folder}/ of the site, which would be copied into itself",
                dest.display()
            ))
            .hint("choose a folder outside the site's content/, static/ and data/, for example beside the site"));
        }
    }
    Ok(())
}

/// The path `path` will have: the real path of its nearest existing folder, and the rest.
fn real_path(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return rest.iter().rev().fold(real, |p: PathBuf, part| p.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// What is copied, from where in SRC to where in DEST.
fn copied_folders(settings: &SiteSettings) -> Vec<(String, String)> {
    vec![
        (settings.content_dir.clone(), "content".to_owned()),
        ("static".to_owned(), "static".to_owned()),
        ("data".to_owned(), "data".to_owned()),
        // Zola's shortcodes are Tera templates, which greenprint renders as the site's own.
        (ZOLA_SHORTCODES.to_owned(), ZOLA_SHORTCODES.to_owned()),
    ]
}

const ZOLA_SHORTCODES: &str = "templates/shortcodes";

/// The names of the shortcodes a Hugo site made itself (`layouts/shortcodes/NAME.html`).
fn hugo_shortcodes(src: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(src.join("layouts/shortcodes"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".html").map(str::to_owned)
        })
        .collect();
    names.sort();
    names
}

/// Copies the folders greenprint reads into `dest` and reports every folder.
pub fn copy(
    src: &Path,
    dest: &Path,
    settings: &SiteSettings,
    generator: Generator,
) -> Result<FolderReport, Diagnostic> {
    let mut out = FolderReport::default();
    std::fs::create_dir_all(dest).map_err(|e| Diagnostic::error(format!("cannot create {}: {e}", dest.display())))?;
    let root = src
        .canonicalize()
        .map_err(|e| Diagnostic::error(format!("cannot read {}: {e}", src.display())))?;
    for (from, to) in copied_folders(settings) {
        let source = src.join(&from);
        if std::fs::symlink_metadata(&source).is_err() {
            if to == "content" {
                out.notes.push(report::no_content(&from));
            }
            continue;
        }
        let mut copier = Copier {
            root: &root,
            files: 0,
            skipped: Vec::new(),
            open: Vec::new(),
            written_by_greenprint: written_by_greenprint(settings),
        };
        let target = dest.join(&to);
        copier.copy_entry(&source, &target, Path::new(&from)).map_err(|e| {
            Diagnostic::error(format!("cannot copy {} to {}: {e}", source.display(), target.display())).hint(format!(
                "check that there is room and that {} can be written to; then remove it and import again",
                dest.display()
            ))
        })?;
        out.folders.push(report::copied(&from, &shown(&target), copier.files));
        out.not_used.extend(copier.skipped);
    }
    describe(src, settings, generator, false, &mut out);
    Ok(out)
}

/// Whether a templates folder holds nothing but `shortcodes/`.
fn only_shortcodes(templates: &Path) -> bool {
    std::fs::read_dir(templates)
        .into_iter()
        .flatten()
        .flatten()
        .all(|entry| entry.file_name() == "shortcodes")
}

/// Reports the folders of a site imported where it is.
pub fn in_place(src: &Path, settings: &SiteSettings, generator: Generator) -> FolderReport {
    let mut out = FolderReport::default();
    for (from, _) in copied_folders(settings) {
        if src.join(&from).exists() {
            out.folders.push(report::stays(&from));
        } else if from == settings.content_dir {
            out.notes.push(report::no_content(&from));
        }
    }
    for (path, name) in written_by_greenprint(settings) {
        if src.join(&path).is_file() {
            out.notes.push(report::written_by_greenprint(&shown(&path), name, true));
        }
    }
    if settings.content_dir != "content" && src.join(&settings.content_dir).exists() {
        out.notes.push(report::content_dir_in_place(&settings.content_dir));
    }
    describe(src, settings, generator, true, &mut out);
    out
}

/// What both kinds of import say: the languages' folders, the home page, the folders not used.
fn describe(src: &Path, settings: &SiteSettings, generator: Generator, in_place: bool, out: &mut FolderReport) {
    let content = settings.content_dir.as_str();
    for (code, dir) in &settings.language_dirs {
        let dir = clean_dir(dir);
        if !is_within(&dir, content) {
            out.not_used.push(report::language_dir_outside(&dir, code, content));
            continue;
        }
        let inside = dir[content.len()..].trim_matches('/');
        if inside.is_empty() {
            continue;
        }
        if inside == code {
            out.folders.push(report::language_dir(&dir, code));
        } else {
            out.notes.push(report::language_dir_misnamed(&dir, code));
        }
    }
    let home_pages = std::iter::once(content.to_owned())
        .chain(settings.language_dirs.iter().map(|(_, d)| clean_dir(d)))
        .any(|dir| src.join(dir).join("_index.md").is_file());
    if src.join(content).is_dir() && !home_pages {
        out.notes.push(report::no_home_page(content));
    }
    let own_shortcodes = hugo_shortcodes(src);
    if !own_shortcodes.is_empty() {
        out.notes.push(report::hugo_shortcodes(&own_shortcodes));
    }
    for folder in NOT_USED {
        let path = src.join(folder);
        if !path.is_dir() {
            continue;
        }
        out.not_used.extend(report::folder_not_used(folder));
        // greenprint reads these folders of a site for its theme: left as they are, they would
        // be read as greenprint's own and break the build.
        let read_by_greenprint = match *folder {
            // Its shortcodes are read as the site's own; its page templates would replace the theme's.
            "templates" => has_file(&path, |_| true) && !only_shortcodes(&path),
            "i18n" => has_file(&path, |name| name.ends_with(".yaml")),
            "themes" => path.join("default").is_dir(),
            _ => false,
        };
        if in_place && read_by_greenprint {
            let new_name = format!("{}-{folder}", generator.name().to_ascii_lowercase());
            out.notes
                .push(report::rename_before_build(folder, generator, &new_name));
        }
    }
    let config = src.join("config");
    if config.is_dir() {
        out.not_used.push(report::config_folder(in_place));
        let mut environments: Vec<String> = std::fs::read_dir(&config)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .filter(|e| e.path().is_dir() && e.file_name() != "_default")
            .map(|e| format!("config/{}", e.file_name().to_string_lossy()))
            .collect();
        environments.sort();
        out.not_used
            .extend(environments.iter().map(|e| report::environment_folder(e)));
    }
    if src.join("public").is_dir() {
        out.not_used.push(report::public_folder(generator, in_place));
    }
    let unread: Vec<PathBuf> = walkdir::WalkDir::new(src.join("data"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml" || x == "json"))
        .collect();
    if let Some(first) = unread.first() {
        let example = first.strip_prefix(src).unwrap_or(first);
        out.notes.push(report::data_not_read(unread.len(), &shown(example)));
    }
}

/// Whether `dir` holds, at any depth, a file whose name `wanted` accepts.
fn has_file(dir: &Path, wanted: impl Fn(&str) -> bool) -> bool {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .any(|e| e.file_type().is_file() && wanted(&e.file_name().to_string_lossy()))
}

/// The files of static/ greenprint writes itself (at the root, and the feed of each language),
/// which a copy in static/ would collide with.
fn written_by_greenprint(settings: &SiteSettings) -> Vec<(PathBuf, &'static str)> {
    let mut files: Vec<(PathBuf, &'static str)> = ["robots.txt", "sitemap.xml", "404.html", "atom.xml"]
        .into_iter()
        .map(|name| (Path::new("static").join(name), name))
        .collect();
    for language in settings
        .languages
        .iter()
        .filter(|l| l.code != settings.default_language)
    {
        files.push((Path::new("static").join(&language.code).join("atom.xml"), "atom.xml"));
    }
    files
}

/// Copies a tree, following a link only to a place inside the site folder.
struct Copier<'a> {
    /// The real path of the site folder.
    root: &'a Path,
    files: usize,
    /// Report lines for links left out.
    skipped: Vec<String>,
    /// The real paths of the folders being copied, so that a link to one of them is no loop.
    open: Vec<PathBuf>,
    /// Files not copied because greenprint writes its own, each with its name.
    written_by_greenprint: Vec<(PathBuf, &'static str)>,
}

impl Copier<'_> {
    /// Copies `from` (shown as `shown`, relative to the site folder) to `to`.
    fn copy_entry(&mut self, from: &Path, to: &Path, shown_as: &Path) -> std::io::Result<()> {
        if let Some((_, name)) = self.written_by_greenprint.iter().find(|(path, _)| path == shown_as) {
            self.skipped
                .push(report::written_by_greenprint(&shown(shown_as), name, false));
            return Ok(());
        }
        let meta = std::fs::symlink_metadata(from)?;
        let real = match from.canonicalize() {
            Err(_) if meta.file_type().is_symlink() => {
                self.skipped.push(report::link_broken(&shown(shown_as)));
                return Ok(());
            }
            Err(e) => return Err(e),
            Ok(real) => real,
        };
        // The one check every copied file and folder passes: a link, or a folder the settings
        // name, that leads out of the site folder is not followed.
        if !real.starts_with(self.root) {
            let target = std::fs::read_link(from).unwrap_or_else(|_| real.clone());
            self.skipped
                .push(report::link_outside(&shown(shown_as), &shown(&target)));
            return Ok(());
        }
        if real.is_dir() {
            if self.open.contains(&real) {
                self.skipped.push(report::link_loop(&shown(shown_as)));
                return Ok(());
            }
            std::fs::create_dir_all(to)?;
            let mut names: Vec<_> = std::fs::read_dir(&real)?
                .map(|entry| entry.map(|e| e.file_name()))
                .collect::<Result<_, _>>()?;
            names.sort();
            self.open.push(real.clone());
            for name in names {
                self.copy_entry(&real.join(&name), &to.join(&name), &shown_as.join(&name))?;
            }
            self.open.pop();
        } else if real.is_file() {
            std::fs::copy(&real, to)?;
            self.files += 1;
        }
        Ok(())
    }
}

/// Whether `dir` (relative, with `/`) is the folder itself or lies inside `parent`.
fn is_within(dir: &str, parent: &str) -> bool {
    let dir = dir.trim_matches('/');
    let parent = parent.trim_matches('/');
    dir == parent || dir.starts_with(&format!("{parent}/"))
}

/// Paths in messages, as given by the volunteer.
fn shown(path: &Path) -> String {
    crate::diagnostics::display_path(path)
}
