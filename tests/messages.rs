//! Messages are translated by their English text (src/diagnostics/catalogue.rs), so rewording a
//! message would silently lose its translation. This test reads every message and hint written
//! in the code — the text given to `Diagnostic::error`, `Diagnostic::warning`, `.hint`,
//! `error_at` and `warning_at`, as a string or the pattern of a `format!` — and fails on each one
//! the Chinese catalogue does not have. (A message built elsewhere and passed as a variable is
//! not seen here; it stays in English where the catalogue lacks it, never hidden.)

use regex::Regex;
use std::collections::BTreeSet;
use std::path::Path;

fn catalogue_keys(root: &Path) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let mut files = vec![root.join("src/diagnostics/zh.yaml")];
    for entry in std::fs::read_dir(root.join("src/diagnostics/zh")).expect("the zh folder") {
        files.push(entry.expect("an entry").path());
    }
    for file in files {
        let text = std::fs::read_to_string(&file).expect("a catalogue file");
        let map: std::collections::BTreeMap<String, String> =
            serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        keys.extend(map.into_keys());
    }
    keys
}

/// The messages of one source file, as catalogue patterns (`{name}` and `{:?}` become `{}`), each
/// with its line; multi-line messages by their first line, as the catalogue translates them.
fn messages(source: &str) -> Vec<(usize, String)> {
    let call = Regex::new(
        r#"(?:Diagnostic::(?:error|warning)\(|\.hint\(|(?:error|warning)_at\([^,()]+,[^,()]+,)\s*(format!\(\s*)?"((?:[^"\\]|\\.)*)""#,
    )
    .expect("a valid pattern");
    let placeholder = Regex::new(r"\{[^{}]*\}").expect("a valid pattern");
    // Test modules write messages of their own.
    let code = source.split("#[cfg(test)]").next().unwrap_or(source);
    call.captures_iter(code)
        .map(|c| {
            let whole = c.get(0).expect("a match");
            let line = code[..whole.start()].matches('\n').count() + 1;
            let mut text = c[2].replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\");
            if c.get(1).is_some() {
                let unescaped = text.replace("{{", "\u{1}").replace("}}", "\u{2}");
                text = placeholder
                    .replace_all(&unescaped, "{}")
                    .replace('\u{1}', "{")
                    .replace('\u{2}', "}");
            }
            let first = text.split('\n').next().unwrap_or("").to_owned();
            (line, first)
        })
        .collect()
}

#[test]
fn every_message_written_in_the_code_has_a_chinese_translation() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let keys = catalogue_keys(root);
    let mut missing = Vec::new();
    let mut seen = 0;
    for entry in walkdir::WalkDir::new(root.join("src")).sort_by_file_name() {
        let entry = entry.expect("an entry");
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let source = std::fs::read_to_string(entry.path()).expect("a source file");
        for (line, message) in messages(&source) {
            seen += 1;
            if !keys.contains(&message) {
                let file = entry.path().strip_prefix(root).expect("inside").display().to_string();
                missing.push(format!("{file}:{line}: {message:?}"));
            }
        }
    }
    assert!(
        seen > 150,
        "only {seen} messages found: the pattern no longer sees them"
    );
    assert!(
        missing.is_empty(),
        "{} messages have no Chinese translation; add each to src/diagnostics/zh.yaml or zh/*.yaml:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn the_reader_finds_messages_as_the_catalogue_keys_them() {
    let source = r#"
        Diagnostic::error(format!("`{name}` is not a field a {} page can have", kind)).hint("remove it, or check its spelling");
        origin.error_at(l, c, "base_url must be a full address");
        Diagnostic::warning(format!("the template {} cannot be rendered:\n{e}", name));
        Diagnostic::error("give each heading its own `{#id}`");
    "#;
    let found: Vec<String> = messages(source).into_iter().map(|(_, m)| m).collect();
    assert_eq!(
        found,
        [
            "`{}` is not a field a {} page can have",
            "remove it, or check its spelling",
            "base_url must be a full address",
            "the template {} cannot be rendered:",
            "give each heading its own `{#id}`",
        ]
    );
}
