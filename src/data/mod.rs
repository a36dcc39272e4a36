//! Data files under `data/` (YAML and CSV): units, sources, targets, theme days, conversion
//! factors. Each is read once and made available to templates by its path without extension
//! (`data/targets.yaml` is `targets`, `data/regions/xinjiang.csv` is `regions/xinjiang`).
//! The files the theme reads are checked against their schema ([`schema`]) as they are loaded.

pub mod schema;

use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::yaml::{self, Origin, Tree};
use serde_json::{Map, Value};
use serde_saphyr::Spanned;
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

    /// The text of a `{zh: ..., en: ...}` value in `lang`, falling back to `fallback`.
    pub fn local_text<'a>(value: &'a Value, lang: &str, fallback: &str) -> Option<&'a str> {
        match value {
            Value::String(s) => Some(s),
            Value::Object(map) => map.get(lang).or_else(|| map.get(fallback)).and_then(Value::as_str),
            _ => None,
        }
    }

    pub fn load(root: &Path, diagnostics: &mut Diagnostics) -> Data {
        let mut files = BTreeMap::new();
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
            let Some(text) = crate::content::source::decode(&bytes, &shown, diagnostics) else {
                continue;
            };
            let value = if extension == "csv" {
                read_csv(&text, &shown, diagnostics)
            } else {
                read_yaml(name, &text, &shown, diagnostics)
            };
            if let Some(value) = value {
                files.insert(name.to_owned(), value);
            }
        }
        Data { files }
    }
}

/// A YAML file, checked against the schema of its name when it has one.
pub fn read_yaml(name: &str, text: &str, shown: &Path, diagnostics: &mut Diagnostics) -> Option<Value> {
    let origin = Origin::whole_file(shown, text);
    let tree = yaml::parse::<Spanned<Tree>>(text, origin, &[])
        .map_err(|d| diagnostics.push(d))
        .ok()?;
    if let Some(shape) = schema::schema(name) {
        diagnostics.extend(schema::check(shape, &tree, origin));
    }
    Some(tree.value.into_value())
}

/// A CSV file becomes a list of records keyed by the header row; numbers stay numbers.
fn read_csv(text: &str, shown: &Path, diagnostics: &mut Diagnostics) -> Option<Value> {
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
    let mut rows = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => {
                let mut row = Map::new();
                for (header, field) in headers.iter().zip(record.iter()) {
                    let value = field
                        .parse::<i64>()
                        .map(Value::from)
                        .or_else(|_| field.parse::<f64>().map(Value::from))
                        .unwrap_or_else(|_| Value::String(field.to_owned()));
                    row.insert(header.to_owned(), value);
                }
                rows.push(Value::Object(row));
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
    Some(Value::Array(rows))
}
