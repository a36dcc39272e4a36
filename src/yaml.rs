//! YAML through serde-saphyr, with its errors turned into diagnostics that point at the file,
//! line and column, and hints for the mistakes editors really make.
//!
//! serde-saphyr rather than serde_yaml: serde_yaml is archived and the libyaml binding beneath it
//! is flagged unmaintained (RUSTSEC-2024-0449); serde-saphyr is pure Rust, maintained, and gives a
//! location for every error, a missing field included.

use crate::diagnostics::{Diagnostic, did_you_mean};
use serde::de::{DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_saphyr::Spanned;
use std::fmt;
use std::path::Path;

/// Where a YAML text sits inside its file: front matter starts on line 2 of a Markdown file.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    pub file: &'a Path,
    /// The whole file, for showing the offending line.
    pub file_text: &'a str,
    /// How many lines of the file come before the YAML text.
    pub line_offset: usize,
}

impl<'a> Origin<'a> {
    pub fn whole_file(file: &'a Path, text: &'a str) -> Self {
        Origin {
            file,
            file_text: text,
            line_offset: 0,
        }
    }

    /// A diagnostic at a line and column of the YAML text (both 1-based).
    pub fn error_at(&self, line: usize, column: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(message)
            .in_file(self.file)
            .at(self.file_text, line + self.line_offset, column)
    }

    pub fn warning_at(&self, line: usize, column: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: crate::diagnostics::Severity::Warning,
            ..self.error_at(line, column, message)
        }
    }

    /// A diagnostic at a spanned value.
    pub fn error_for<T>(&self, spanned: &Spanned<T>, message: impl Into<String>) -> Diagnostic {
        self.error_at(
            spanned.referenced.line() as usize,
            spanned.referenced.column() as usize,
            message,
        )
    }

    /// The line of the YAML text (1-based) where `needle` first appears at or after `from_line`;
    /// used to point at one item of a list whose key alone carries a location.
    pub fn find_line(&self, yaml: &str, from_line: usize, needle: &str) -> Option<(usize, usize)> {
        yaml.lines()
            .enumerate()
            .skip(from_line.saturating_sub(1))
            .find_map(|(i, line)| line.find(needle).map(|byte| (i + 1, line[..byte].chars().count() + 1)))
    }
}

/// Parses YAML into `T`, or gives one diagnostic saying where and why it failed.
pub fn parse<T: DeserializeOwned>(yaml: &str, origin: Origin, known_keys: &[&str]) -> Result<T, Diagnostic> {
    if let Some(d) = check_tabs(yaml, origin) {
        return Err(d);
    }
    serde_saphyr::from_str_with_options::<T>(yaml, options()).map_err(|e| to_diagnostic(&e, origin, known_keys))
}

/// YAML 1.2 booleans only, so that `no` (Norway) or `y` stay text; a repeated key is an error.
pub fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        strict_booleans: true,
        duplicate_keys: serde_saphyr::options::DuplicateKeyPolicy::Error,
    }
}

fn check_tabs(yaml: &str, origin: Origin) -> Option<Diagnostic> {
    yaml.lines().enumerate().find_map(|(i, line)| {
        let indent: String = line.chars().take_while(|c| c.is_whitespace()).collect();
        indent.find('\t').map(|byte| {
            origin
                .error_at(i + 1, byte + 1, "a tab is used to indent this line")
                .hint("YAML only accepts spaces for indentation: replace the tab with two spaces")
        })
    })
}

fn to_diagnostic(error: &serde_saphyr::Error, origin: Origin, known_keys: &[&str]) -> Diagnostic {
    let message = plain_message(error);
    let (line, column) = error
        .location()
        .map(|l| (l.line() as usize, l.column() as usize))
        .unwrap_or((1, 1));
    let mut diagnostic = origin.error_at(line, column, humanise(&message));
    if let Some(field) = between_backticks(&message, "unknown field") {
        diagnostic.message = format!("`{field}` is not a field this file can have");
        diagnostic.hint = Some(match did_you_mean(&field, known_keys.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None if known_keys.is_empty() => "remove it, or check its spelling".to_string(),
            None => format!("the fields are: {}", known_keys.join(", ")),
        });
    } else if let Some(field) = between_backticks(&message, "missing field") {
        diagnostic.message = format!("the required field `{field}` is missing");
        diagnostic.hint = Some(format!("add a line `{field}: ...`"));
    } else if message.contains("duplicate") {
        diagnostic.hint = Some("each key may appear only once: delete or merge the repeated one".into());
    } else if message.contains("mapping values are not allowed")
        || message.contains("did not find expected")
        || message.contains("expected ':'")
    {
        diagnostic.hint =
            Some("check the quoting and indentation; a value that contains \": \" must be put in quotes".into());
    }
    diagnostic
}

/// The error's message without serde-saphyr's own snippet and position (we show our own).
fn plain_message(error: &serde_saphyr::Error) -> String {
    let text = error.without_snippet().to_string();
    let first = text.lines().next().unwrap_or_default().trim().to_string();
    // Drop a trailing " at line X column Y" that duplicates our location.
    match first.rfind(" at line ") {
        Some(i) => first[..i].to_string(),
        None => first,
    }
}

fn between_backticks(message: &str, after: &str) -> Option<String> {
    let rest = &message[message.find(after)? + after.len()..];
    let start = rest.find('`')? + 1;
    let end = rest[start..].find('`')? + start;
    Some(rest[start..end].to_string())
}

fn humanise(message: &str) -> String {
    let m = message.trim();
    if m.is_empty() {
        "this YAML could not be read".into()
    } else {
        format!("this YAML could not be read: {m}")
    }
}

/// A YAML mapping read in order, with the location of every key and value, so that the schema
/// check can say "line 7: `colour` is not a field" and keep the author's order.
#[derive(Debug, Default)]
pub struct SpannedMap(pub Vec<(Spanned<String>, Spanned<serde_json::Value>)>);

impl<'de> Deserialize<'de> for SpannedMap {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor;
        impl<'de> Visitor<'de> for MapVisitor {
            type Value = SpannedMap;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of `key: value` lines")
            }
            fn visit_unit<E>(self) -> Result<SpannedMap, E> {
                Ok(SpannedMap::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SpannedMap, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    let value = map.next_value::<Spanned<serde_json::Value>>()?;
                    entries.push((key, value));
                }
                Ok(SpannedMap(entries))
            }
        }
        deserializer.deserialize_map(MapVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Cfg {
        title: String,
        weight: Option<i64>,
    }

    fn origin<'a>(path: &'a Path, text: &'a str) -> Origin<'a> {
        Origin {
            file: path,
            file_text: text,
            line_offset: 1,
        }
    }

    #[test]
    fn misspelt_key_names_the_line_and_suggests_the_field() {
        let path = PathBuf::from("content/a.md");
        let file = "---\ntitle: x\nwieght: 3\n---\n";
        let yaml = "title: x\nwieght: 3\n";
        let d = parse::<Cfg>(yaml, origin(&path, file), &["title", "weight"]).unwrap_err();
        assert_eq!(d.line, Some(3), "{d:?}");
        assert_eq!(d.hint.as_deref(), Some("did you mean `weight`?"));
    }

    #[test]
    fn tab_indentation_is_explained() {
        let path = PathBuf::from("site.yaml");
        let yaml = "title: x\n\tweight: 3\n";
        let d = parse::<Cfg>(yaml, Origin::whole_file(&path, yaml), &[]).unwrap_err();
        assert_eq!(d.line, Some(2));
        assert!(d.hint.unwrap().contains("spaces"));
    }

    #[test]
    fn spanned_map_keeps_order_and_lines() {
        let map: SpannedMap = serde_saphyr::from_str_with_options("b: 1\na: [x, y]\n", options()).unwrap();
        assert_eq!(map.0[0].0.value, "b");
        assert_eq!(map.0[1].0.referenced.line(), 2);
        assert_eq!(map.0[1].1.value, serde_json::json!(["x", "y"]));
    }
}
