//! YAML through serde-saphyr, with its errors turned into diagnostics that point at the file,
//! line and column, and hints for the mistakes editors really make.
//!
//! serde-saphyr rather than serde_yaml: serde_yaml is archived and the libyaml binding beneath it
//! is flagged unmaintained (RUSTSEC-2024-0449); serde-saphyr is pure Rust, maintained, and gives a
//! location for every error, a missing field included.

use crate::diagnostics::{Diagnostic, did_you_mean};
use serde::de::{DeserializeOwned, MapAccess, SeqAccess, Visitor};
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
/// The budget is what stops a file of nested aliases ("billion laughs") from expanding without
/// end; it is set so that a real list of 50,000 records of twenty values each still loads.
pub fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        strict_booleans: true,
        duplicate_keys: serde_saphyr::options::DuplicateKeyPolicy::Error,
        budget: Some(budget()),
        alias_limits: alias_limits(),
    }
}

/// The most values a YAML file may hold: a list of 50,000 records of twenty values each.
pub const MAX_VALUES: usize = 2_000_000;
/// The most values all the aliases (`*name`) of a file may repeat. Data files rarely use aliases;
/// a file of nested aliases ("billion laughs") reaches this in a few milliseconds.
pub const MAX_ALIAS_VALUES: usize = 100_000;

fn alias_limits() -> serde_saphyr::options::AliasLimits {
    let mut limits = serde_saphyr::options::AliasLimits::default();
    limits.max_total_replayed_events = MAX_ALIAS_VALUES;
    limits
}

fn budget() -> serde_saphyr::budget::Budget {
    let mut budget = serde_saphyr::budget::Budget::default();
    budget.max_nodes = MAX_VALUES;
    // A value is one event; a list or mapping is two (its start and its end).
    budget.max_events = 2 * MAX_VALUES;
    budget
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
    if message.starts_with("alias replay limit") || message.starts_with("alias expansion limit") {
        diagnostic.message = format!(
            "this YAML repeats itself too much: its aliases (`*name`) expand into more than {} values",
            crate::locale::group_number(MAX_ALIAS_VALUES as f64)
        );
        diagnostic.hint = Some("write the values out instead of nesting aliases inside aliases".into());
    } else if message.starts_with("budget breached") {
        diagnostic.message = format!(
            "this YAML file is too large or nested too deeply to read (the limit is {} values, nested at most 64 deep)",
            crate::locale::group_number(MAX_VALUES as f64)
        );
        diagnostic.hint = Some("split it into several files, or put a long table in a CSV file under data/".into());
    } else if let Some(field) = between_backticks(&message, "unknown field") {
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

/// A mapping read in order, with the location of every key and value, so that the schema check
/// can say "line 7: `colour` is not a field" and keep the author's order. YAML front matter reads
/// into it directly; TOML and JSON front matter are turned into it (see `content::frontmatter`).
#[derive(Debug, Default)]
pub struct SpannedMap(pub Vec<(Located<String>, Located<serde_json::Value>)>);

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
                while let Some(key) = map.next_key::<Located<String>>()? {
                    let value = map.next_value::<Located<serde_json::Value>>()?;
                    entries.push((key, value));
                }
                Ok(SpannedMap(entries))
            }
        }
        deserializer.deserialize_map(MapVisitor)
    }
}

/// A value and where it starts in its file (1-based). Like serde-saphyr's `Spanned`, but one that
/// other readers (CSV) can make too.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub line: usize,
    pub column: usize,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<T>::deserialize(deserializer)?;
        Ok(Located {
            line: spanned.referenced.line() as usize,
            column: spanned.referenced.column() as usize,
            value: spanned.value,
        })
    }
}

/// Any YAML value with the location of every value in it, so that the data file checks can point
/// at the line of each bad entry. [`Tree::into_value`] gives the same value as parsing into JSON.
#[derive(Debug, Clone, PartialEq)]
pub enum Tree {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    Text(String),
    List(Vec<Located<Tree>>),
    Map(Vec<(Located<String>, Located<Tree>)>),
}

impl Tree {
    pub fn into_value(self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Tree::Null => Value::Null,
            Tree::Bool(b) => Value::Bool(b),
            Tree::Number(n) => Value::Number(n),
            Tree::Text(s) => Value::String(s),
            Tree::List(items) => Value::Array(items.into_iter().map(|i| i.value.into_value()).collect()),
            Tree::Map(entries) => Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.value, v.value.into_value()))
                    .collect(),
            ),
        }
    }

    /// What kind of value this is, in the words of a message ("a list", "text").
    pub fn kind(&self) -> &'static str {
        match self {
            Tree::Null => "empty",
            Tree::Bool(_) => "true or false",
            Tree::Number(_) => "a number",
            Tree::Text(_) => "text",
            Tree::List(_) => "a list",
            Tree::Map(_) => "a set of `key: value` lines",
        }
    }
}

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TreeVisitor;
        impl<'de> Visitor<'de> for TreeVisitor {
            type Value = Tree;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_unit<E>(self) -> Result<Tree, E> {
                Ok(Tree::Null)
            }
            fn visit_none<E>(self) -> Result<Tree, E> {
                Ok(Tree::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Tree, D::Error> {
                Tree::deserialize(d)
            }
            fn visit_bool<E>(self, b: bool) -> Result<Tree, E> {
                Ok(Tree::Bool(b))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Tree, E> {
                Ok(Tree::Number(n.into()))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Tree, E> {
                Ok(Tree::Number(n.into()))
            }
            fn visit_f64<E>(self, n: f64) -> Result<Tree, E> {
                // NaN and infinities have no JSON form; serde_json makes them null too.
                Ok(serde_json::Number::from_f64(n).map_or(Tree::Null, Tree::Number))
            }
            fn visit_str<E>(self, s: &str) -> Result<Tree, E> {
                Ok(Tree::Text(s.to_owned()))
            }
            fn visit_string<E>(self, s: String) -> Result<Tree, E> {
                Ok(Tree::Text(s))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Tree, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(item) = seq.next_element::<Located<Tree>>()? {
                    items.push(item);
                }
                Ok(Tree::List(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tree, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Located<String>>()? {
                    let value = map.next_value::<Located<Tree>>()?;
                    entries.push((key, value));
                }
                Ok(Tree::Map(entries))
            }
        }
        deserializer.deserialize_any(TreeVisitor)
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
    fn a_tree_gives_the_same_value_as_json_and_the_line_of_each_item() {
        let yaml = "a: [1, 2.5, x]\nb:\n  - {c: true, d: null}\n  - 2021-09-25\n";
        let tree: Located<Tree> = serde_saphyr::from_str_with_options(yaml, options()).unwrap();
        let json: serde_json::Value = serde_saphyr::from_str_with_options(yaml, options()).unwrap();
        let Tree::Map(entries) = &tree.value else {
            panic!("a map")
        };
        let Tree::List(items) = &entries[1].1.value else {
            panic!("a list")
        };
        assert_eq!(items[1].line, 4);
        assert_eq!(tree.value.into_value(), json);
    }

    #[test]
    fn nested_aliases_are_refused_in_plain_words() {
        let mut yaml = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (i, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().enumerate() {
            let prev = ["a", "b", "c", "d", "e", "f", "g", "h"][i];
            yaml.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        let path = PathBuf::from("data/laughs.yaml");
        let d = parse::<serde_json::Value>(&yaml, Origin::whole_file(&path, &yaml), &[]).unwrap_err();
        assert!(d.message.contains("repeats itself too much"), "{d:?}");
    }

    #[test]
    fn spanned_map_keeps_order_and_lines() {
        let map: SpannedMap = serde_saphyr::from_str_with_options("b: 1\na: [x, y]\n", options()).unwrap();
        assert_eq!(map.0[0].0.value, "b");
        assert_eq!(map.0[1].0.line, 2);
        assert_eq!(map.0[1].1.value, serde_json::json!(["x", "y"]));
    }
}
