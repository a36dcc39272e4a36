//! Data files under `data/` (YAML and CSV): units, sources, targets, theme days, conversion
//! factors. Each is read once and made available to templates by its path without extension
//! (`data/targets.yaml` is `targets`, `data/regions/xinjiang.csv` is `regions/xinjiang`).
//! The files the theme reads are checked against their schema ([`schema`]) as they are loaded.

pub mod schema;

use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::yaml::{self, Located, Origin, Tree};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

pub const DATA_DIR: &str = "data";

#[derive(Debug, Clone, Default)]
pub struct Data {
    pub files: BTreeMap<String, Value>,
}

impl Data {
    pub fn get(&self, name: &str) -> Option<&Value> {
        crate::deps::read(crate::deps::Input::Data(name.to_owned()));
        self.files.get(name)
    }

    /// An entry of a data file that maps ids to records, e.g. `entry("units", "changji-...")`.
    pub fn entry(&self, file: &str, id: &str) -> Option<&Value> {
        self.get(file)?.get(id)
    }

    /// The ids of a data file that maps ids to records, for "did you mean" hints.
    pub fn ids(&self, file: &str) -> Vec<&str> {
        match self.get(file) {
            Some(Value::Object(map)) => map.keys().map(String::as_str).collect(),
            _ => Vec::new(),
        }
    }

    /// The text of a `{zh: ..., en: ...}` value in `lang`, or in the language
    /// [`crate::locale::fallback`] chooses.
    pub fn local_text<'a>(value: &'a Value, lang: &str, default: &str) -> Option<&'a str> {
        Data::local_text_in(value, lang, default).map(|(text, _)| text)
    }

    /// The text of a `{zh: ..., en: ...}` value and the language it is in (`lang` itself for one
    /// text given for every language).
    pub fn local_text_in<'a, 'l>(value: &'a Value, lang: &'l str, default: &'l str) -> Option<(&'a str, &'l str)> {
        match value {
            Value::String(s) => Some((s, lang)),
            Value::Object(map) => crate::locale::fallback::pick(lang, default, |l| map.get(l).and_then(Value::as_str)),
            _ => None,
        }
    }

    pub fn load(root: &Path, diagnostics: &mut Diagnostics) -> Data {
        let mut read: Vec<(String, std::path::PathBuf, String, Located<Tree>)> = Vec::new();
        for path in crate::site_files::list(root, Path::new(DATA_DIR), |_| false, diagnostics) {
            let relative = display_path(&path);
            let shown = Path::new(DATA_DIR).join(&relative);
            let Some((name, extension)) = relative.rsplit_once('.') else {
                continue;
            };
            if !matches!(extension, "yaml" | "yml" | "csv") || name.starts_with('.') {
                continue;
            }
            let Some(bytes) = crate::site_files::read(root, &shown, diagnostics) else {
                continue;
            };
            let Some(text) = crate::decode::decode(&bytes, &shown, diagnostics) else {
                continue;
            };
            let tree = if extension == "csv" {
                read_csv(&text, &shown, diagnostics)
            } else {
                parse_yaml(&text, &shown, diagnostics)
            };
            if let Some(tree) = tree {
                read.push((name.to_owned(), shown, text, tree));
            }
        }
        // Every file is read before any is checked: theme days name the ids of sources.
        let trees: BTreeMap<&str, &Tree> = read
            .iter()
            .map(|(name, _, _, tree)| (name.as_str(), &tree.value))
            .collect();
        for (name, shown, text, tree) in &read {
            if let Some(shape) = schema::schema(name) {
                diagnostics.extend(schema::check(shape, tree, Origin::whole_file(shown, text), &trees));
            }
        }
        let files = read
            .into_iter()
            .map(|(name, _, _, tree)| (name, tree.value.into_value()))
            .collect();
        Data { files }
    }
}

fn parse_yaml(text: &str, shown: &Path, diagnostics: &mut Diagnostics) -> Option<Located<Tree>> {
    yaml::parse::<Located<Tree>>(text, Origin::whole_file(shown, text), &[])
        .map_err(|d| diagnostics.push(d))
        .ok()
}

/// One YAML data file on its own, checked against the schema of its name when it has one (ids
/// it names in other files are not there to be found).
pub fn read_yaml(name: &str, text: &str, shown: &Path, diagnostics: &mut Diagnostics) -> Option<Value> {
    let tree = parse_yaml(text, shown, diagnostics)?;
    if let Some(shape) = schema::schema(name) {
        let alone = BTreeMap::from([(name, &tree.value)]);
        diagnostics.extend(schema::check(shape, &tree, Origin::whole_file(shown, text), &alone));
    }
    Some(tree.value.into_value())
}

/// A CSV file becomes a list of records keyed by the header row, each at its line; numbers stay
/// numbers.
fn read_csv(text: &str, shown: &Path, diagnostics: &mut Diagnostics) -> Option<Located<Tree>> {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(format!("the header row cannot be read: {e}"))
                    .in_file(shown)
                    .at(text, 1, 1),
            );
            return None;
        }
    };
    // A CSV value is placed by its row only.
    fn located<T>(value: T, line: usize) -> Located<T> {
        Located { value, line, column: 1 }
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => {
                let line = record.position().map_or(1, |p| p.line() as usize);
                let row = headers
                    .iter()
                    .zip(record.iter())
                    .map(|(header, field)| {
                        let value = field
                            .parse::<i64>()
                            .map(|n| Tree::Number(n.into()))
                            .or_else(|_| {
                                field
                                    .parse::<f64>()
                                    .map(|n| serde_json::Number::from_f64(n).map_or(Tree::Null, Tree::Number))
                            })
                            .unwrap_or_else(|_| Tree::Text(field.to_owned()));
                        (located(header.to_owned(), line), located(value, line))
                    })
                    .collect();
                rows.push(located(Tree::Map(row), line));
            }
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize).unwrap_or(1);
                diagnostics.push(
                    Diagnostic::error(format!("this row cannot be read: {e}"))
                        .in_file(shown)
                        .at(text, line, 1)
                        .hint(
                            "every row needs as many commas as the header; put text containing commas in double quotes",
                        ),
                );
            }
        }
    }
    Some(located(Tree::List(rows), 1))
}
