//! Splitting a Markdown file into its YAML front matter and its body, forgiving what Chinese
//! input methods produce (a full-width colon or space after a key) but never guessing silently:
//! every repair is reported with its line.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml::{self, Origin, SpannedMap};
use std::path::Path;

pub struct Split {
    pub front: SpannedMap,
    /// The front matter text as parsed (after repairs), for locating list items.
    pub yaml: String,
    pub body: String,
    /// The file line on which the body starts (1-based).
    pub body_line: usize,
}

/// Splits `text` (already decoded) into front matter and body.
pub fn split(text: &str, file: &Path, diagnostics: &mut Diagnostics) -> Option<Split> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        let hint = if first.trim_start().starts_with("title") {
            "add a line with three dashes `---` above the first line, and another below the front matter"
        } else {
            "every page starts with front matter between two `---` lines, e.g.\n---\ntitle: 页面标题\n---"
        };
        diagnostics.push(
            Diagnostic::error("the page has no front matter")
                .in_file(file)
                .at(text, 1, 1)
                .hint(hint),
        );
        return None;
    }
    let mut yaml_text = String::new();
    let mut consumed = first.len();
    let mut closed = false;
    let mut line_count = 1;
    for line in lines {
        consumed += line.len();
        line_count += 1;
        if line.trim_end() == "---" || line.trim_end() == "..." {
            closed = true;
            break;
        }
        yaml_text.push_str(line);
    }
    if !closed {
        diagnostics.push(
            Diagnostic::error("the front matter starts with `---` but never ends")
                .in_file(file)
                .at(text, 1, 1)
                .hint("add a line with three dashes `---` after the last front matter line"),
        );
        return None;
    }
    let origin = Origin {
        file,
        file_text: text,
        line_offset: 1,
    };
    let yaml_text = repair_full_width(&yaml_text, origin, diagnostics);
    let front = match yaml::parse::<SpannedMap>(&yaml_text, origin, &[]) {
        Ok(front) => front,
        Err(d) => {
            diagnostics.push(d);
            return None;
        }
    };
    Some(Split {
        front,
        yaml: yaml_text,
        body: text[consumed..].to_owned(),
        body_line: line_count + 1,
    })
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
}
