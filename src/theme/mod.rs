//! The theme: templates, UI strings and assets. The default theme is compiled into the binary,
//! so `greenprint init` and any site work without copying it; a site may ship its own theme
//! under `themes/<name>/`, and override any single template or UI string from its own
//! `templates/` and `i18n/` folders.

pub mod assets;

use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::yaml::{self, Origin};
use include_dir::{Dir, include_dir};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// UI strings per language: `i18n[lang][key]`.
pub type Strings = BTreeMap<String, BTreeMap<String, String>>;

pub struct Theme {
    /// Template name (`campaign.html`) to its text and the file it came from (for messages).
    pub templates: BTreeMap<String, (String, PathBuf)>,
    pub strings: Strings,
    /// Asset path under `assets/` (`css/main.css`) to its bytes.
    pub assets: BTreeMap<String, Vec<u8>>,
}

/// A file of a theme, from disk or from the compiled-in default.
struct ThemeFile {
    path: String,
    bytes: Vec<u8>,
    shown: PathBuf,
}

fn theme_files(root: &Path, name: &str, diagnostics: &mut Diagnostics) -> Vec<ThemeFile> {
    let dir = root.join("themes").join(name);
    if dir.is_dir() {
        let folder = Path::new("themes").join(name);
        return crate::site_files::list(root, &folder, |_| false, diagnostics)
            .into_iter()
            .filter_map(|relative| {
                let shown = folder.join(&relative);
                let bytes = crate::site_files::read(root, &shown, diagnostics)?;
                Some(ThemeFile {
                    path: display_path(&relative),
                    shown,
                    bytes,
                })
            })
            .collect();
    }
    if name != "default" {
        diagnostics.push(
            Diagnostic::error(format!("the theme `{name}` is not in themes/{name}/"))
                .in_file(crate::config::CONFIG_FILE)
                .hint("use `theme: default`, or put the theme's folder under themes/"),
        );
        return Vec::new();
    }
    let mut files = Vec::new();
    collect_embedded(&DEFAULT_THEME, &mut files);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

fn collect_embedded(dir: &Dir<'static>, out: &mut Vec<ThemeFile>) {
    for file in dir.files() {
        let path = display_path(file.path());
        out.push(ThemeFile {
            shown: Path::new("(built-in theme)").join(&path),
            path,
            bytes: file.contents().to_vec(),
        });
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
}

/// Writes the default theme's files into `target` (used by `greenprint init --with-theme`).
pub fn write_default_theme(target: &Path) -> std::io::Result<()> {
    let mut files = Vec::new();
    collect_embedded(&DEFAULT_THEME, &mut files);
    for file in files {
        let path = target.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, file.bytes)?;
    }
    Ok(())
}

impl Theme {
    pub fn load(root: &Path, name: &str, diagnostics: &mut Diagnostics) -> Theme {
        let mut theme = Theme {
            templates: BTreeMap::new(),
            strings: BTreeMap::new(),
            assets: BTreeMap::new(),
        };
        for file in theme_files(root, name, diagnostics) {
            theme.add(file, diagnostics);
        }
        // The site's own overrides.
        for folder in ["templates", "i18n"] {
            for relative in crate::site_files::list(root, Path::new(folder), |_| false, diagnostics) {
                let relative = Path::new(folder).join(relative);
                let Some(bytes) = crate::site_files::read(root, &relative, diagnostics) else {
                    continue;
                };
                theme.add(
                    ThemeFile {
                        path: display_path(&relative),
                        shown: relative,
                        bytes,
                    },
                    diagnostics,
                );
            }
        }
        theme
    }

    fn add(&mut self, file: ThemeFile, diagnostics: &mut Diagnostics) {
        if let Some(name) = file.path.strip_prefix("templates/") {
            let Some(text) = crate::decode::decode(&file.bytes, &file.shown, diagnostics) else {
                return;
            };
            self.templates.insert(name.to_owned(), (text, file.shown));
        } else if let Some(name) = file.path.strip_prefix("i18n/") {
            // `zh.yaml`, and `zh.<part>.yaml` for strings kept apart (all merged into `zh`).
            let Some(stem) = name.strip_suffix(".yaml") else { return };
            let lang = stem.split('.').next().unwrap_or(stem);
            let Some(text) = crate::decode::decode(&file.bytes, &file.shown, diagnostics) else {
                return;
            };
            match yaml::parse::<BTreeMap<String, String>>(&text, Origin::whole_file(&file.shown, &text), &[]) {
                Ok(strings) => self.strings.entry(lang.to_owned()).or_default().extend(strings),
                Err(d) => diagnostics.push(d),
            }
        } else if let Some(name) = file.path.strip_prefix("assets/") {
            self.assets.insert(name.to_owned(), file.bytes);
        }
    }

    /// The templates that use any of `changed`, through `extends`, `include` or `import`, at any
    /// depth, together with `changed` themselves: what an edit of those templates can change.
    pub fn users_of(&self, changed: &BTreeSet<String>) -> BTreeSet<String> {
        let uses: BTreeMap<&str, Vec<&str>> = self
            .templates
            .iter()
            .map(|(name, (text, _))| (name.as_str(), template_uses(text)))
            .collect();
        let mut affected = changed.clone();
        loop {
            let more: Vec<String> = uses
                .iter()
                .filter(|(name, used)| !affected.contains(**name) && used.iter().any(|u| affected.contains(*u)))
                .map(|(name, _)| (*name).to_owned())
                .collect();
            if more.is_empty() {
                return affected;
            }
            affected.extend(more);
        }
    }

    /// A UI string in `lang`, or in the language [`crate::locale::fallback`] chooses, or else the
    /// key itself (so a missing string shows, rather than breaking the build).
    pub fn string<'a>(&'a self, lang: &str, default: &str, key: &'a str) -> &'a str {
        self.find_string(lang, default, key).unwrap_or(key)
    }

    /// The UI string `key` in `lang`, else along the fallback chain; `None` when no language has it.
    pub fn find_string(&self, lang: &str, default: &str, key: &str) -> Option<&str> {
        crate::locale::fallback::pick(lang, default, |l| self.strings.get(l).and_then(|s| s.get(key)))
            .map(|(text, _)| text.as_str())
    }

    /// The keys of interface strings that some language of the theme has and `lang` lacks, in
    /// key order: what `check` reports for each configured language.
    pub fn missing_strings(&self, lang: &str) -> Vec<&str> {
        let own = self.strings.get(lang);
        let all: BTreeSet<&str> = self
            .strings
            .values()
            .flat_map(|s| s.keys().map(String::as_str))
            .collect();
        all.into_iter()
            .filter(|key| own.is_none_or(|s| !s.contains_key(*key)))
            .collect()
    }
}

/// A UI string with its `{name}` placeholders filled in.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The templates a template names in `{% extends %}`, `{% include %}` and `{% import %}` tags.
fn template_uses(text: &str) -> Vec<&str> {
    text.split("{%")
        .skip(1)
        .filter_map(|tag| {
            let tag = tag.trim_start_matches('-').trim_start();
            let rest = ["extends", "include", "import"]
                .iter()
                .find_map(|keyword| tag.strip_prefix(keyword))?;
            let rest = rest.trim_start();
            let quote = rest.chars().next().filter(|c| matches!(c, '"' | '\''))?;
            let rest = &rest[1..];
            rest.find(quote).map(|end| &rest[..end])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_tags_name_the_templates_they_use() {
        let text = "{% extends \"base.html\" %}{%- import 'macros.html' as m -%}{% block x %}\
                    {% include \"card.html\" %}{% if a %}{{ include }}{% endif %}{% endblock x %}";
        assert_eq!(template_uses(text), ["base.html", "macros.html", "card.html"]);
    }

    #[test]
    fn an_edited_base_template_reaches_every_template_that_extends_it() {
        let theme = Theme::load(Path::new("/nonexistent"), "default", &mut Diagnostics::new());
        let affected = theme.users_of(&BTreeSet::from(["base.html".to_owned()]));
        for name in ["base.html", "page.html", "campaign.html", "404.html"] {
            assert!(affected.contains(name), "{name}: {affected:?}");
        }
        assert!(!affected.contains("poster.html"), "posters do not extend base.html");
        let leaf = theme.users_of(&BTreeSet::from(["campaign.html".to_owned()]));
        assert_eq!(leaf, BTreeSet::from(["campaign.html".to_owned()]));
    }
}
