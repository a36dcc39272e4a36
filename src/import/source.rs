//! Finding and reading the settings of a Hugo or Zola site: the file names each tool looks
//! for, TOML, YAML and JSON read into one tree (serde_json's, which keeps the order the file
//! has), and Hugo's `config/_default/` folder merged as Hugo merges it. A file that does not
//! read is an error at its line and column, as Hugo or Zola would refuse it too.

use crate::diagnostics::Diagnostic;
use crate::yaml::Origin;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// The settings files Hugo reads at the root of a site, in its order of precedence.
pub const HUGO_FILES: &[&str] = &["hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json"];
/// The older names, which Hugo still reads, and Zola's `config.toml`.
pub const CONFIG_FILES: &[&str] = &["config.toml", "config.yaml", "config.yml", "config.json"];
/// Hugo's folder of settings split by top-level key (`languages.toml` holds `languages`).
pub const HUGO_CONFIG_DIR: &str = "config/_default";

/// The settings of a site, read and merged, with the files they came from.
pub struct Settings {
    pub tree: Map<String, Value>,
    /// The files read, relative to the site folder, in the order they were merged.
    pub files: Vec<PathBuf>,
    /// Whether a file's name says the site is Hugo's (`hugo.toml`, `config/_default/`);
    /// otherwise (`config.toml`) its keys and folders tell.
    pub named_hugo: bool,
    /// Settings files that are there but were not read, each with the one read instead.
    pub unread: Vec<(PathBuf, PathBuf)>,
}

impl Settings {
    /// The first settings file read, as the report names it.
    pub fn first_file(&self, src: &std::path::Path) -> String {
        self.files
            .first()
            .map(|f| crate::diagnostics::display_path(&src.join(f)))
            .unwrap_or_default()
    }
}

/// Every name looked for, for the message when none is there.
pub fn names_looked_for() -> String {
    let mut names: Vec<String> = HUGO_FILES.iter().chain(CONFIG_FILES).map(|n| (*n).to_owned()).collect();
    names.push(format!("{HUGO_CONFIG_DIR}/"));
    names.join(", ")
}

/// Finds and reads the settings of the site in `src`.
pub fn read(src: &Path) -> Result<Settings, Diagnostic> {
    let hugo = HUGO_FILES.iter().find(|n| src.join(n).is_file());
    let config = CONFIG_FILES.iter().find(|n| src.join(n).is_file());
    let config_dir = src.join(HUGO_CONFIG_DIR);
    let root_file = hugo.or(config).map(PathBuf::from);
    let mut unread = Vec::new();
    if let (Some(read), Some(other)) = (hugo, config) {
        unread.push((PathBuf::from(other), PathBuf::from(read)));
    }
    let mut files = Vec::new();
    let mut tree = Map::new();
    if let Some(file) = &root_file {
        tree = read_table(src, file)?;
        files.push(file.clone());
    }
    if config_dir.is_dir() {
        merge_config_dir(src, &mut tree, &mut files)?;
    }
    if files.is_empty() {
        return Err(
            Diagnostic::error(format!("{} has no settings file of a Hugo or Zola site", src.display())).hint(format!(
                "looked for {}; give the folder that holds the site's settings file",
                names_looked_for()
            )),
        );
    }
    Ok(Settings {
        tree,
        files,
        named_hugo: hugo.is_some() || config_dir.is_dir() || config.is_some_and(|n| !n.ends_with(".toml")),
        unread,
    })
}

/// `config/_default/`: `hugo.toml` (or `config.toml`) holds top-level keys, `menus.toml` the
/// value of `menus`, `menus.en.toml` the value of `languages.en.menus`. What the root file
/// already sets wins, as in Hugo.
fn merge_config_dir(src: &Path, tree: &mut Map<String, Value>, files: &mut Vec<PathBuf>) -> Result<(), Diagnostic> {
    let dir = Path::new(HUGO_CONFIG_DIR);
    let mut names: Vec<String> = std::fs::read_dir(src.join(dir))
        .map_err(|e| Diagnostic::error(format!("cannot read {}: {e}", src.join(dir).display())))?
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| format_of(Path::new(name)).is_some())
        .collect();
    // The root file of the folder first, then the others by name, so the result does not depend
    // on the order the system lists them in.
    names.sort_by_key(|name| (!matches!(stem_of(name).as_str(), "hugo" | "config"), name.clone()));
    for name in names {
        let file = dir.join(&name);
        let table = read_table(src, &file)?;
        files.push(file);
        let stem = stem_of(&name);
        let value = match stem.split_once('.') {
            _ if stem == "hugo" || stem == "config" => table,
            Some((key, lang)) => {
                let mut language = Map::new();
                language.insert(key.to_owned(), Value::Object(table));
                let mut languages = Map::new();
                languages.insert(lang.to_owned(), Value::Object(language));
                let mut top = Map::new();
                top.insert("languages".to_owned(), Value::Object(languages));
                top
            }
            None => {
                let mut top = Map::new();
                top.insert(stem.clone(), Value::Object(table));
                top
            }
        };
        fill_missing(tree, value);
    }
    Ok(())
}

/// The name without its extension: `menus.en.toml` → `menus.en`.
fn stem_of(name: &str) -> String {
    Path::new(name)
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// Adds the keys of `from` that `into` lacks (Hugo's keys match in any case), at every depth.
fn fill_missing(into: &mut Map<String, Value>, from: Map<String, Value>) {
    for (key, value) in from {
        match find_key(into, &key) {
            Some(existing) => {
                if let (Some(Value::Object(target)), Value::Object(more)) = (into.get_mut(&existing), value) {
                    fill_missing(target, more);
                }
            }
            None => {
                into.insert(key, value);
            }
        }
    }
}

/// The key of `map` that is `key` in any case, as Hugo matches its keys.
pub fn find_key(map: &Map<String, Value>, key: &str) -> Option<String> {
    map.keys().find(|k| k.eq_ignore_ascii_case(key)).cloned()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Toml,
    Yaml,
    Json,
}

fn format_of(path: &Path) -> Option<Format> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "toml" => Some(Format::Toml),
        "yaml" | "yml" => Some(Format::Yaml),
        "json" => Some(Format::Json),
        _ => None,
    }
}

/// Reads one settings file into a table of keys and values.
fn read_table(src: &Path, file: &Path) -> Result<Map<String, Value>, Diagnostic> {
    let shown = src.join(file);
    let bytes =
        std::fs::read(&shown).map_err(|e| Diagnostic::error(format!("cannot read {}: {e}", shown.display())))?;
    let mut diagnostics = crate::diagnostics::Diagnostics::new();
    let Some(text) = crate::decode::decode(&bytes, &shown, &mut diagnostics) else {
        return Err(diagnostics
            .into_iter()
            .next()
            .unwrap_or_else(|| Diagnostic::error(format!("cannot read {}", shown.display()))));
    };
    let value = match format_of(file) {
        Some(Format::Toml) => parse_toml(&text, &shown)?,
        Some(Format::Yaml) => crate::yaml::parse::<Value>(&text, Origin::whole_file(&shown, &text), &[])?,
        Some(Format::Json) => serde_json::from_str::<Value>(&text).map_err(|e| {
            // The line and column are shown beside the file; the message need not repeat them.
            let message = e.to_string();
            let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
            Diagnostic::error(format!("this JSON could not be read: {message}"))
                .in_file(&shown)
                .at(&text, e.line(), e.column())
                .hint("check the quotes, commas and brackets near the place shown")
        })?,
        None => return Ok(Map::new()),
    };
    match value {
        Value::Object(map) => Ok(map),
        // An empty YAML file reads as nothing: no settings.
        Value::Null => Ok(Map::new()),
        _ => Err(Diagnostic::error(format!(
            "{} does not hold settings: it should be a list of `key = value` lines",
            shown.display()
        ))),
    }
}

/// TOML into the tree, in the file's order; dates become text (`2024-05-01`).
fn parse_toml(text: &str, shown: &Path) -> Result<Value, Diagnostic> {
    match toml::from_str::<Value>(text) {
        Ok(value) => Ok(dates_as_text(value)),
        Err(e) => {
            let (line, column) = e.span().map(|span| line_and_column(text, span.start)).unwrap_or((1, 1));
            // The toml crate's message may run over lines ("invalid string" / "expected `"`").
            let message = e.message().trim().lines().map(str::trim).collect::<Vec<_>>().join("; ");
            Err(Diagnostic::error(format!("this TOML could not be read: {message}"))
                .in_file(shown)
                .at(text, line, column)
                .hint("check the line shown: text is written in quotes (title = \"Green living\"), and each key once"))
        }
    }
}

/// The line and column (1-based, in characters) of a byte offset.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

/// The toml crate hands a date to serde as a one-key table; it is the date's text.
fn dates_as_text(value: Value) -> Value {
    const DATE_KEY: &str = "$__toml_private_datetime";
    match value {
        Value::Object(map) => {
            if map.len() == 1
                && let Some(Value::String(date)) = map.get(DATE_KEY)
            {
                return Value::String(date.clone());
            }
            Value::Object(map.into_iter().map(|(k, v)| (k, dates_as_text(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(dates_as_text).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_keeps_the_order_of_the_file_and_reads_dates_as_text() {
        let value = parse_toml("zeta = 1\nalpha = 2\nwhen = 2024-05-01\n", Path::new("hugo.toml")).expect("reads");
        let keys: Vec<&String> = value.as_object().expect("a table").keys().collect();
        assert_eq!(keys, ["zeta", "alpha", "when"]);
        assert_eq!(value["when"], "2024-05-01");
    }

    #[test]
    fn a_toml_mistake_is_shown_at_its_line() {
        let d = parse_toml("title = \"a\"\nbaseURL = https://x\n", Path::new("site/hugo.toml")).expect_err("fails");
        assert_eq!(d.file.as_deref(), Some("site/hugo.toml"));
        assert_eq!(d.line, Some(2), "{d:?}");
    }

    #[test]
    fn the_root_file_wins_over_the_config_folder() {
        let mut tree: Map<String, Value> = serde_json::from_str(r#"{"Title": "root", "params": {"a": 1}}"#).unwrap();
        let more: Map<String, Value> =
            serde_json::from_str(r#"{"title": "folder", "params": {"a": 2, "b": 3}}"#).unwrap();
        fill_missing(&mut tree, more);
        assert_eq!(tree["Title"], "root");
        assert!(!tree.contains_key("title"));
        assert_eq!(tree["params"]["a"], 1);
        assert_eq!(tree["params"]["b"], 3);
    }
}
