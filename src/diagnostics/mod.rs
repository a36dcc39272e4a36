//! One diagnostic type for every stage: a problem with the file, line and column it comes from,
//! a message in plain words and a hint that says how to fix it.
//!
//! Every stage pushes into a [`Diagnostics`] list instead of stopping at the first problem, so
//! that a volunteer sees everything that is wrong in one run.

pub mod catalogue;

use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, with forward slashes; `None` for problems of the whole run.
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
    /// The offending line of the file, shown with a caret under the column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: None,
            line: None,
            column: None,
            message: message.into(),
            hint: None,
            source_line: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// The same problem, as a warning: the build goes on.
    pub fn into_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn in_file(mut self, file: impl AsRef<Path>) -> Self {
        self.file = Some(display_path(file.as_ref()));
        self
    }

    /// Points at a line (1-based) and column (1-based) of `text`, the file's content.
    pub fn at(mut self, text: &str, line: usize, column: usize) -> Self {
        self.line = Some(line.max(1));
        self.column = Some(column.max(1));
        self.source_line = text.lines().nth(line.max(1) - 1).map(str::to_owned);
        self
    }

    /// As [`at`](Self::at), given the offending line itself, for callers that index a file's
    /// lines once instead of searching it for each diagnostic.
    pub fn at_quoted(mut self, source_line: Option<&str>, line: usize, column: usize) -> Self {
        self.line = Some(line.max(1));
        self.column = Some(column.max(1));
        self.source_line = source_line.map(str::to_owned);
        self
    }

    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line.max(1));
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The message and hint in `lang`, where the catalogue has them.
    pub fn localised(&self, lang: &str) -> Diagnostic {
        Diagnostic {
            message: catalogue::translate(&self.message, lang),
            hint: self.hint.as_ref().map(|h| catalogue::translate(h, lang)),
            ..self.clone()
        }
    }

    /// `file:line:column: error: message`, the offending line with a caret, and the hint.
    pub fn render_terminal(&self, colour: bool) -> String {
        self.render_terminal_in(colour, "en")
    }

    /// As [`render_terminal`](Self::render_terminal), with the labels in `lang`.
    pub fn render_terminal_in(&self, colour: bool, lang: &str) -> String {
        let zh = lang.starts_with("zh");
        let (error_word, warning_word, hint_word) = if zh {
            ("错误", "警告", "提示")
        } else {
            ("error", "warning", "hint")
        };
        let (red, yellow, cyan, bold, reset) = if colour {
            ("\x1b[31m", "\x1b[33m", "\x1b[36m", "\x1b[1m", "\x1b[0m")
        } else {
            ("", "", "", "", "")
        };
        let mut out = String::new();
        if let Some(file) = &self.file {
            out.push_str(file);
            if let Some(line) = self.line {
                let _ = write!(out, ":{line}");
                if let Some(column) = self.column {
                    let _ = write!(out, ":{column}");
                }
            }
            out.push_str(": ");
        }
        let label = match self.severity {
            Severity::Error => format!("{red}{bold}{error_word}{reset}"),
            Severity::Warning => format!("{yellow}{bold}{warning_word}{reset}"),
        };
        let _ = writeln!(out, "{label}: {bold}{}{reset}", self.message);
        if let (Some(line), Some(source)) = (self.line, &self.source_line) {
            let number = line.to_string();
            let pad = " ".repeat(number.len());
            let _ = writeln!(out, "{cyan}{pad} |{reset}");
            let _ = writeln!(out, "{cyan}{number} |{reset} {source}");
            if let Some(column) = self.column {
                let before: String = source.chars().take(column.saturating_sub(1)).collect();
                let _ = writeln!(out, "{cyan}{pad} |{reset} {}{red}^{reset}", caret_indent(&before));
            }
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  {cyan}{hint_word}:{reset} {hint}");
        }
        out
    }
}

/// The blank space that puts a caret under a column, counting wide (CJK) characters as two.
fn caret_indent(before: &str) -> String {
    before
        .chars()
        .map(|c| {
            if c == '\t' {
                "\t"
            } else if is_wide(c) {
                "  "
            } else {
                " "
            }
        })
        .collect()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// A path as users see it in messages: relative, with forward slashes on every system.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Where a diagnostic comes in the list: by file and line, then everything else.
type SortKey<'a> = (
    Option<&'a String>,
    Option<usize>,
    Option<usize>,
    Severity,
    &'a String,
    Option<&'a String>,
    Option<&'a String>,
);

fn sort_key(d: &Diagnostic) -> SortKey<'_> {
    (
        d.file.as_ref(),
        d.line,
        d.column,
        d.severity,
        &d.message,
        d.hint.as_ref(),
        d.source_line.as_ref(),
    )
}

/// Every problem of a run, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Errors, each counted once however many pages met it.
    pub fn error_count(&self) -> usize {
        self.sorted().iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.sorted().iter().filter(|d| !d.is_error()).count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorted by file, then line, so that output is the same from run to run even though
    /// pages are checked in parallel. Every field takes part, so that no two different
    /// diagnostics tie and come out in the order the threads happened to push them.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        items.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
        items.dedup();
        items
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }

    pub fn render_terminal(&self, colour: bool) -> String {
        self.render_terminal_in(colour, "en")
    }

    /// Every diagnostic in `lang`: messages from the catalogue, labels in that language.
    pub fn render_terminal_in(&self, colour: bool, lang: &str) -> String {
        self.sorted()
            .iter()
            .map(|d| d.localised(lang).render_terminal_in(colour, lang))
            .collect::<Vec<_>>()
            .join("\n")
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.sorted()).unwrap_or_else(|_| "[]".into())
    }
}

impl Diagnostics {
    /// Every message in `lang` (the site's default language), for the people who read them.
    pub fn localised(&self, lang: &str) -> Diagnostics {
        Diagnostics {
            items: self.items.iter().map(|d| d.localised(lang)).collect(),
        }
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// Suggests the closest of `candidates` to a misspelt `word`, for "did you mean" hints.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Where a path lives relative to the site root, for messages.
pub fn relative_to(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_sits_under_the_column_even_after_chinese_text() {
        let text = "---\ntitle：绿色家庭\n---\n";
        let d = Diagnostic::error("full-width colon")
            .in_file("content/a.md")
            .at(text, 2, 6);
        let shown = d.render_terminal(false);
        assert!(shown.starts_with("content/a.md:2:6: error: full-width colon"));
        assert!(shown.contains("2 | title：绿色家庭"));
        assert!(shown.contains("  |      ^"), "{shown}");
    }

    #[test]
    fn suggests_the_nearest_name() {
        assert_eq!(did_you_mean("titel", ["title", "description"]), Some("title"));
        assert_eq!(did_you_mean("zzz", ["title", "description"]), None);
    }
}
