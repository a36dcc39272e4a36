//! Splitting a Markdown file into its front matter and its body. Front matter is YAML between
//! `---` lines, as greenprint writes it, or what a site moving in from Hugo or Zola has: TOML
//! between `+++` lines, or a JSON object. All three become the same [`SpannedMap`], with the line
//! of every key, so the schema check and its messages do not depend on the format.
//!
//! YAML is forgiving of what Chinese input methods produce (a full-width colon or space after a
//! key) but never guesses silently: every repair is reported with its line.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml::{self, Located, Origin, SpannedMap};
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use std::path::Path;

pub struct Split {
    pub front: SpannedMap,
    /// The front matter text as parsed (after repairs), for locating list items.
    pub yaml: String,
    /// How many lines of the file come before the front matter text (1 after a `---` or `+++`
    /// line, 0 for JSON, whose `{` is part of it).
    pub line_offset: usize,
    pub body: String,
    /// The file line on which the body starts (1-based).
    pub body_line: usize,
}

/// Splits `text` (already decoded) into front matter and body.
pub fn split(text: &str, file: &Path, diagnostics: &mut Diagnostics) -> Option<Split> {
    let first = text.split_inclusive('\n').next().unwrap_or("");
    match first.trim_end() {
        "---" => fenced(text, "---", file, diagnostics),
        "+++" => fenced(text, "+++", file, diagnostics),
        line if line.starts_with('{') => json(text, file, diagnostics),
        _ => {
            let hint = if first.trim_start().starts_with("title") && first.contains('=') {
                "add a line `+++` above the first line, and another below the front matter (TOML, as Hugo and Zola write it)"
            } else if first.trim_start().starts_with("title") {
                "add a line with three dashes `---` above the first line, and another below the front matter"
            } else {
                "every page starts with front matter: its title and other fields between two `---` lines (YAML), e.g. `title: Saving water` (or between two `+++` lines in TOML, as Hugo and Zola write it)"
            };
            diagnostics.push(
                Diagnostic::error("the page has no front matter")
                    .in_file(file)
                    .at(text, 1, 1)
                    .hint(hint),
            );
            None
        }
    }
}

/// Front matter between two fence lines: YAML (`---`, or `...` to close) or TOML (`+++`).
fn fenced(text: &str, fence: &str, file: &Path, diagnostics: &mut Diagnostics) -> Option<Split> {
    let mut lines = text.split_inclusive('\n');
    let mut front = String::new();
    let mut consumed = lines.next().unwrap_or("").len();
    let mut closed = false;
    let mut line_count = 1;
    for line in lines {
        consumed += line.len();
        line_count += 1;
        let line_text = line.trim_end();
        if line_text == fence || (fence == "---" && line_text == "...") {
            closed = true;
            break;
        }
        front.push_str(line);
    }
    if !closed {
        diagnostics.push(
            Diagnostic::error(format!("the front matter starts with `{fence}` but never ends"))
                .in_file(file)
                .at(text, 1, 1)
                .hint(format!("add a line `{fence}` after the last front matter line")),
        );
        return None;
    }
    let origin = Origin {
        file,
        file_text: text,
        line_offset: 1,
    };
    let (front, parsed) = if fence == "+++" {
        let parsed = toml_map(&front, origin);
        (front, parsed)
    } else {
        let front = repair_full_width(&front, origin, diagnostics);
        let parsed = yaml::parse::<SpannedMap>(&front, origin, &[]);
        (front, parsed)
    };
    match parsed {
        Ok(map) => Some(Split {
            front: map,
            yaml: front,
            line_offset: 1,
            body: text[consumed..].to_owned(),
            body_line: line_count + 1,
        }),
        Err(d) => {
            diagnostics.push(d);
            None
        }
    }
}

/// TOML front matter, each top-level key located by its span. Dates and times (a TOML type of
/// their own) become text, as YAML gives them.
fn toml_map(front: &str, origin: Origin) -> Result<SpannedMap, Diagnostic> {
    struct TomlMap(Vec<(toml::Spanned<String>, toml::Spanned<toml::Value>)>);
    impl<'de> Deserialize<'de> for TomlMap {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct MapVisitor;
            impl<'de> Visitor<'de> for MapVisitor {
                type Value = TomlMap;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("`key = value` lines")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TomlMap, A::Error> {
                    let mut entries = Vec::new();
                    while let Some(key) = map.next_key()? {
                        entries.push((key, map.next_value()?));
                    }
                    Ok(TomlMap(entries))
                }
            }
            deserializer.deserialize_map(MapVisitor)
        }
    }
    let map: TomlMap = toml::from_str(front).map_err(|e| {
        let (line, column) = e.span().map(|s| line_column(front, s.start)).unwrap_or((1, 1));
        origin
            .error_at(line, column, format!("this TOML could not be read: {}", e.message()))
            .hint("TOML front matter has one `key = value` a line, text in double quotes: `title = \"Saving water\"`")
    })?;
    Ok(SpannedMap(
        map.0
            .into_iter()
            .map(|(key, value)| {
                let (line, column) = line_column(front, key.span().start);
                let (vline, vcolumn) = line_column(front, value.span().start);
                (
                    Located {
                        value: key.into_inner(),
                        line,
                        column,
                    },
                    Located {
                        value: toml_to_json(value.into_inner()),
                        line: vline,
                        column: vcolumn,
                    },
                )
            })
            .collect(),
    ))
}

/// A TOML value as the JSON value the schema check reads.
pub fn toml_to_json(value: toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(n) => J::from(n),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(J::Null, J::Number),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(items) => J::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => J::Object(table.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect()),
    }
}

/// A JSON object at the top of the file (Hugo's third format); the body is what follows it.
fn json(text: &str, file: &Path, diagnostics: &mut Diagnostics) -> Option<Split> {
    let origin = Origin::whole_file(file, text);
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<serde_json::Map<String, serde_json::Value>>();
    let object = match stream.next() {
        Some(Ok(object)) => object,
        Some(Err(e)) => {
            diagnostics.push(
                origin
                    .error_at(
                        e.line(),
                        e.column(),
                        format!("this JSON front matter could not be read: {e}"),
                    )
                    .hint("JSON front matter is one object: `{ \"title\": \"Saving water\" }`, then the page's text"),
            );
            return None;
        }
        None => return None,
    };
    let end = stream.byte_offset();
    let front = &text[..end];
    // The body starts on the line after the object's closing brace.
    let body_start = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
    let mut search_from = 0;
    let entries = object
        .into_iter()
        .map(|(key, value)| {
            let quoted = serde_json::to_string(&key).unwrap_or_default();
            let at = front[search_from..].find(&quoted).map_or(0, |i| search_from + i);
            search_from = at;
            let (line, column) = line_column(front, at);
            (
                Located {
                    value: key,
                    line,
                    column,
                },
                Located { value, line, column },
            )
        })
        .collect();
    Some(Split {
        front: SpannedMap(entries),
        yaml: front.to_owned(),
        line_offset: 0,
        body: text[body_start..].to_owned(),
        body_line: text[..body_start].matches('\n').count() + 1,
    })
}

/// The 1-based line and column of a byte offset in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// A key followed by a full-width colon (`title：绿色家庭`) or an ideographic space used for
/// indentation is what a Chinese input method types; the meaning is unambiguous, so it is read
/// as intended and the author is told where.
fn repair_full_width(yaml: &str, origin: Origin, diagnostics: &mut Diagnostics) -> String {
    let mut out = String::with_capacity(yaml.len());
    for (index, line) in yaml.split_inclusive('\n').enumerate() {
        let mut line = line.to_owned();
        let indent_end = line
            .char_indices()
            .find(|(_, c)| !(*c == ' ' || *c == '\u{3000}'))
            .map(|(i, _)| i)
            .unwrap_or(line.len());
        if line[..indent_end].contains('\u{3000}') {
            let column = line[..line.find('\u{3000}').unwrap_or(0)].chars().count() + 1;
            diagnostics.push(
                origin
                    .warning_at(index + 1, column, "a full-width space （　） is used to indent this line")
                    .hint("it was read as two ordinary spaces; switch the input method to half-width (半角) to type spaces"),
            );
            line = line[..indent_end].replace('\u{3000}', "  ") + &line[indent_end..];
        }
        let body = &line[line.len() - line.trim_start().len()..];
        let key_len = body
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
            .map(|(i, _)| i)
            .unwrap_or(body.len());
        if key_len > 0 && body[key_len..].starts_with('：') {
            let column = line[..line.len() - body.len() + key_len].chars().count() + 1;
            diagnostics.push(
                origin
                    .warning_at(index + 1, column, "a full-width colon （：） follows the key")
                    .hint("it was read as `: `; type the colon with the input method in English or half-width (半角) mode"),
            );
            let at = line.len() - body.len() + key_len;
            line = format!("{}: {}", &line[..at], line[at + '：'.len_utf8()..].trim_start());
        }
        out.push_str(&line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_colon_is_read_and_reported_with_its_line() {
        let text = "---\ntitle：绿色家庭\nweight: 2\n---\n正文\n";
        let mut d = Diagnostics::new();
        let split = split(text, Path::new("content/a.md"), &mut d).unwrap();
        assert_eq!(split.front.0[0].1.value, serde_json::json!("绿色家庭"));
        assert_eq!(split.body, "正文\n");
        assert_eq!(split.body_line, 5);
        let warning = &d.sorted()[0].clone();
        assert_eq!(warning.line, Some(2));
        assert!(warning.message.contains("full-width colon"));
    }

    #[test]
    fn missing_closing_dashes_is_an_error_at_line_one() {
        let mut d = Diagnostics::new();
        assert!(split("---\ntitle: x\n\nbody", Path::new("a.md"), &mut d).is_none());
        assert!(d.render_terminal(false).contains("never ends"));
    }

    #[test]
    fn toml_front_matter_reads_like_yaml_with_every_key_on_its_line() {
        let text = "+++\ntitle = \"Saving water\"\ndate = 2025-04-30T17:15:25+05:30\ntags = [\"water\"]\n\n[extra]\nicon = \"tap\"\n+++\nBody\n";
        let mut d = Diagnostics::new();
        let split = split(text, Path::new("content/a.md"), &mut d).unwrap();
        let keys: Vec<(&str, usize)> = split.front.0.iter().map(|(k, _)| (k.value.as_str(), k.line)).collect();
        assert_eq!(keys, [("title", 1), ("date", 2), ("tags", 3), ("extra", 5)]);
        assert_eq!(split.front.0[1].1.value, serde_json::json!("2025-04-30T17:15:25+05:30"));
        assert_eq!(split.front.0[3].1.value, serde_json::json!({"icon": "tap"}));
        assert_eq!((split.body.as_str(), split.body_line), ("Body\n", 9));
        assert!(d.is_empty());
    }

    #[test]
    fn a_toml_mistake_names_its_line_in_the_file() {
        let mut d = Diagnostics::new();
        assert!(split("+++\ntitle = \"a\"\nweight = = 2\n+++\n", Path::new("a.md"), &mut d).is_none());
        let error = &d.sorted()[0];
        assert_eq!(error.line, Some(3), "{error:?}");
        assert!(error.message.contains("TOML"), "{error:?}");
    }

    #[test]
    fn json_front_matter_ends_at_its_closing_brace() {
        let text = "{\n  \"title\": \"Saving water\",\n  \"weight\": 3\n}\nBody\n";
        let mut d = Diagnostics::new();
        let split = split(text, Path::new("a.md"), &mut d).unwrap();
        assert_eq!(split.front.0[1].0.value, "weight");
        assert_eq!(split.front.0[1].0.line, 3);
        assert_eq!((split.body.as_str(), split.body_line), ("Body\n", 5));
    }

    #[test]
    fn a_page_without_front_matter_is_told_both_ways_to_write_it() {
        let mut d = Diagnostics::new();
        assert!(split("Just text\n", Path::new("a.md"), &mut d).is_none());
        let hint = d.sorted()[0].hint.clone().unwrap_or_default();
        assert!(
            hint.contains("`---`") && hint.contains("`+++`") && !hint.contains("页面标题"),
            "{hint}"
        );
    }
}
