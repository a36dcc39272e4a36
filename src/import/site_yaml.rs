//! The imported settings written as site.yaml: plain text a volunteer can read and edit, a
//! comment over each block. Every string is quoted as JSON (a JSON string is a YAML string), so
//! that no title or address can be read as anything else; the text is then read back through
//! greenprint's own loader before it is written anywhere.

use super::model::{SiteSettings, Text};
use crate::diagnostics::Diagnostic;
use serde_json::{Map, Value};
use std::fmt::Write as _;
use std::path::Path;

/// `text` as a quoted YAML string.
pub fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

/// A key written bare when YAML reads it as the same text, quoted otherwise.
fn key(name: &str) -> String {
    let plain = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !matches!(
            name.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain { name.to_owned() } else { quote(name) }
}

/// The text of site.yaml for `settings`, under a comment that says where it came from.
pub fn render(settings: &SiteSettings, header: &str) -> String {
    let mut out = String::new();
    // A path may hold a line break; the comment must stay one line.
    let header: String = header.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let _ = writeln!(out, "# {header}");
    out.push_str("# Every key is explained in greenprint's README (\"site.yaml\"); the import's report said\n");
    out.push_str("# what was taken over and what was not.\n\n");

    out.push_str("# The site's name, shown in every page's title and header.\n");
    write_text(&mut out, "title", &settings.title);
    if let Some(description) = &settings.description {
        out.push_str("# What the site is about, for search engines and link previews.\n");
        write_text(&mut out, "description", description);
    }
    out.push_str("# The address the site is published at (`greenprint build --base-url URL` overrides it).\n");
    let _ = writeln!(out, "base_url: {}", quote(&settings.base_url));

    out.push_str("\n# The default language is at the root of the site, every other under its code (/en/...).\n");
    let _ = writeln!(out, "default_language: {}", quote(&settings.default_language));
    out.push_str("languages:\n");
    for language in &settings.languages {
        let _ = writeln!(out, "  - code: {}", quote(&language.code));
        match &language.name {
            Some(name) => {
                let _ = writeln!(out, "    name: {}", quote(name));
            }
            None => {
                let _ = writeln!(
                    out,
                    "    name: {}   # the language's own name, shown in the language switcher",
                    quote(&language.code)
                );
            }
        }
        if let Some(html_lang) = &language.html_lang {
            let _ = writeln!(out, "    html_lang: {}", quote(html_lang));
        }
        if language.rtl {
            out.push_str("    dir: rtl\n");
        }
    }

    out.push_str("\n# greenprint's own theme, built in.\n");
    out.push_str("theme: default\n");

    if settings.taxonomies.is_empty() {
        out.push_str("\n# The ways pages are grouped (a front matter field listing terms, e.g. tags: [water]).\n");
        out.push_str("taxonomies: []\n");
    } else {
        out.push_str("\n# The ways pages are grouped: each is a front matter field listing terms (tags: [water]);\n");
        out.push_str("# the terms' labels in each language can go in data/terms.yaml.\n");
        out.push_str("taxonomies:\n");
        for name in &settings.taxonomies {
            let _ = writeln!(out, "  - name: {}", quote(name));
        }
    }

    out.push_str("\nbuild:\n");
    out.push_str("  # A link to a page that does not exist is a warning while the imported links are fixed;\n");
    out.push_str("  # set it to `error` once they are, so that a broken link stops the build.\n");
    out.push_str("  links: warn\n");
    let _ = writeln!(out, "  search: {}   # build the search index", settings.search);

    out.push_str("\n# Free-form settings for templates, read there as config.extra.\n");
    if settings.extra.is_empty() {
        out.push_str("extra: {}\n");
    } else {
        out.push_str("extra:\n");
        write_map(&mut out, &settings.extra, 1);
    }
    out
}

fn write_text(out: &mut String, name: &str, text: &Text) {
    match text {
        Text::Same(s) => {
            let _ = writeln!(out, "{name}: {}", quote(s));
        }
        Text::PerLanguage(texts) => {
            let _ = writeln!(out, "{name}:");
            for (code, s) in texts {
                let _ = writeln!(out, "  {}: {}", key(code), quote(s));
            }
        }
    }
}

/// A scalar, or an empty group or list, on the line of its key.
fn inline(value: &Value) -> Option<String> {
    match value {
        Value::Null => Some("null".to_owned()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(quote(s)),
        Value::Array(items) if items.is_empty() => Some("[]".to_owned()),
        Value::Object(map) if map.is_empty() => Some("{}".to_owned()),
        _ => None,
    }
}

/// The entries of `map` as a block, `depth` levels in.
fn write_map(out: &mut String, map: &Map<String, Value>, depth: usize) {
    write_entries(out, map, depth, &"  ".repeat(depth));
}

/// As [`write_map`], the first entry after `first` (`  - ` for a group in a list).
fn write_entries(out: &mut String, map: &Map<String, Value>, depth: usize, first: &str) {
    let pad = "  ".repeat(depth);
    for (i, (name, value)) in map.iter().enumerate() {
        let lead = if i == 0 { first } else { pad.as_str() };
        let _ = write!(out, "{lead}{}:", key(name));
        write_value(out, value, depth);
    }
}

/// What follows `key:` or `-`: the value on the same line, or a block beneath it.
fn write_value(out: &mut String, value: &Value, depth: usize) {
    if let Some(text) = inline(value) {
        let _ = writeln!(out, " {text}");
        return;
    }
    out.push('\n');
    match value {
        Value::Object(map) => write_map(out, map, depth + 1),
        Value::Array(items) => {
            let pad = "  ".repeat(depth + 1);
            for item in items {
                match item {
                    Value::Object(map) if !map.is_empty() => write_entries(out, map, depth + 2, &format!("{pad}- ")),
                    _ => {
                        let _ = write!(out, "{pad}-");
                        write_value(out, item, depth + 1);
                    }
                }
            }
        }
        _ => {}
    }
}

/// Reads `text` back as greenprint reads site.yaml, so that a file greenprint cannot load is
/// never written.
pub fn check(text: &str, from: &str) -> Result<(), Diagnostic> {
    let problem = |message: String| {
        Diagnostic::error(format!("greenprint could not make a site.yaml it can read from {from}: {message}"))
            .hint("please report this to greenprint's authors; meanwhile write site.yaml by hand, as the README's section \"site.yaml\" shows")
    };
    let dir = tempfile::tempdir().map_err(|e| problem(e.to_string()))?;
    std::fs::write(dir.path().join(crate::config::CONFIG_FILE), text).map_err(|e| problem(e.to_string()))?;
    match crate::config::Config::load(dir.path()) {
        Ok(_) => Ok(()),
        Err(diagnostics) => {
            let first = diagnostics
                .sorted()
                .first()
                .map(|d| format!("line {}: {}", d.line.unwrap_or(1), d.message))
                .unwrap_or_default();
            Err(problem(first))
        }
    }
}

/// Writes site.yaml, never over a file that is there.
pub fn write(path: &Path, text: &str) -> Result<(), Diagnostic> {
    use std::io::Write as _;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Diagnostic::error(format!("cannot write {}: {e}", path.display())))?;
    file.write_all(text.as_bytes())
        .map_err(|e| Diagnostic::error(format!("cannot write {}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::model::LanguageSettings;

    fn settings() -> SiteSettings {
        SiteSettings {
            title: Text::PerLanguage(vec![
                ("zh".into(), "绿色生活: \"家庭\"".into()),
                ("en".into(), "Green # living".into()),
            ]),
            description: Some(Text::Same("yes".into())),
            base_url: "https://green.example.org/".into(),
            languages: vec![
                LanguageSettings {
                    code: "zh".into(),
                    name: Some("中文".into()),
                    html_lang: Some("zh-Hans".into()),
                    rtl: false,
                },
                LanguageSettings {
                    code: "xx".into(),
                    name: None,
                    html_lang: None,
                    rtl: true,
                },
            ],
            default_language: "zh".into(),
            taxonomies: vec!["tags".into()],
            search: false,
            extra: serde_json::from_str(
                r#"{"no": "on", "nested": {"list": [1, {"a": "b", "c": []}, [true, null]]}, "with space": {}}"#,
            )
            .unwrap(),
            content_dir: "content".into(),
            language_dirs: Vec::new(),
        }
    }

    #[test]
    fn what_is_written_reads_back_as_the_same_values() {
        let text = render(&settings(), "Imported from the Hugo site in a\nb (hugo.toml).");
        check(&text, "hugo.toml").unwrap_or_else(|d| panic!("{}\n{text}", d.render_terminal(false)));
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.yaml"), &text).unwrap();
        let config = crate::config::Config::load(dir.path()).expect("loads");
        assert_eq!(config.title("zh"), "绿色生活: \"家庭\"");
        assert_eq!(config.title("en"), "Green # living");
        assert_eq!(config.languages[1].dir, crate::config::Direction::Rtl);
        assert!(!config.build.search);
        assert_eq!(config.build.links, crate::config::LinkPolicy::Warn);
        assert_eq!(config.extra["no"], "on");
        assert_eq!(config.extra["nested"]["list"][1]["a"], "b");
        assert_eq!(config.extra["nested"]["list"][2][1], Value::Null);
        assert_eq!(config.extra["with space"], serde_json::json!({}));
        assert!(
            text.starts_with("# Imported from the Hugo site in a b (hugo.toml).\n"),
            "{text}"
        );
    }
}
