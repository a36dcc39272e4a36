//! Messages in the site's language. As in gettext, the English text is the key: a catalogue maps
//! each English message pattern (with `{}` where a name, a line or a value goes) to its
//! translation (with `{0}`, `{1}` ... in whatever order that language needs, or `{}` in order).
//! A message without an entry stays in English, so a missing translation never hides a problem.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// One pattern: the fixed pieces of the English text between placeholders, and the translation.
struct Entry {
    pieces: Vec<String>,
    translation: String,
}

fn load(yaml: &str) -> Vec<Entry> {
    let map: BTreeMap<String, String> = serde_saphyr::from_str(yaml).unwrap_or_default();
    let mut entries: Vec<Entry> = map
        .into_iter()
        .map(|(english, translation)| Entry {
            pieces: english.split("{}").map(str::to_owned).collect(),
            translation,
        })
        .collect();
    // More specific patterns (more fixed text) win over general ones.
    entries.sort_by_key(|e| std::cmp::Reverse(e.pieces.iter().map(String::len).sum::<usize>()));
    entries
}

/// The Chinese catalogue, one file per area so that each stage's messages sit together.
const ZH_FILES: &[&str] = &[
    include_str!("zh.yaml"),
    include_str!("zh/output.yaml"),
    include_str!("zh/markup.yaml"),
    include_str!("zh/data.yaml"),
    include_str!("zh/print.yaml"),
    include_str!("zh/import.yaml"),
];

fn catalogue(lang: &str) -> Option<&'static [Entry]> {
    static ZH: OnceLock<Vec<Entry>> = OnceLock::new();
    if lang.starts_with("zh") {
        Some(ZH.get_or_init(|| load(&ZH_FILES.join("\n"))))
    } else {
        None
    }
}

/// The values that fill the placeholders of `pieces` in `text`, if the text has that shape.
fn matches(pieces: &[String], text: &str) -> Option<Vec<String>> {
    let (first, rest) = pieces.split_first()?;
    let mut remaining = text.strip_prefix(first.as_str())?;
    let mut values = Vec::new();
    for (i, piece) in rest.iter().enumerate() {
        let last = i == rest.len() - 1;
        let at = if last {
            if !remaining.ends_with(piece.as_str()) {
                return None;
            }
            remaining.len() - piece.len()
        } else if piece.is_empty() {
            return None;
        } else {
            remaining.find(piece.as_str())?
        };
        values.push(remaining[..at].to_owned());
        remaining = &remaining[at + piece.len()..];
    }
    (pieces.len() > 1 || remaining.is_empty()).then_some(values)
}

fn fill(translation: &str, values: &[String]) -> String {
    let mut out = translation.to_owned();
    for (i, value) in values.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), value);
    }
    let mut next = values.iter();
    while let Some(at) = out.find("{}") {
        let value = next.next().cloned().unwrap_or_default();
        out.replace_range(at..at + 2, &value);
    }
    out
}

/// `text` in `lang`, when the catalogue of that language has its pattern.
pub fn translate(text: &str, lang: &str) -> String {
    let Some(entries) = catalogue(lang) else {
        return text.to_owned();
    };
    // Multi-line messages (a template error with Tera's report) translate their first line.
    let (head, tail) = match text.split_once('\n') {
        Some((h, t)) => (h, Some(t)),
        None => (text, None),
    };
    let translated = entries
        .iter()
        .find_map(|e| matches(&e.pieces, head).map(|values| fill(&e.translation, &values)))
        .unwrap_or_else(|| head.to_owned());
    match tail {
        Some(t) => format!("{translated}\n{t}"),
        None => translated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A key in two files (or twice in one) makes the whole catalogue unreadable, and every
    /// message would silently stay in English.
    #[test]
    fn the_chinese_catalogue_reads_whole() {
        let joined = ZH_FILES.join("\n");
        let parsed = serde_saphyr::from_str::<BTreeMap<String, String>>(&joined);
        assert!(parsed.is_ok(), "the catalogue cannot be read: {:?}", parsed.err());
    }

    #[test]
    fn patterns_match_and_fill_in_any_order() {
        let pieces: Vec<String> = "`{}` is not a field a {} page can have"
            .split("{}")
            .map(str::to_owned)
            .collect();
        let values = matches(&pieces, "`wieght` is not a field a tip page can have").unwrap();
        assert_eq!(values, ["wieght", "tip"]);
        assert_eq!(fill("{1} 页面不能有字段 `{0}`", &values), "tip 页面不能有字段 `wieght`");
        assert!(matches(&pieces, "something else").is_none());
    }

    /// The catalogue is read leniently at run time (a broken one leaves messages in English);
    /// here it must read, with no key twice.
    #[test]
    fn the_chinese_catalogue_reads() {
        let map: BTreeMap<String, String> =
            serde_saphyr::from_str(&ZH_FILES.join("\n")).expect("the zh catalogue files read, with no key twice");
        assert!(map.len() > 250, "{} entries", map.len());
        assert_eq!(translate("error: x", "zh"), "错误: x");
    }

    #[test]
    fn every_catalogue_entry_keeps_its_placeholders() {
        for entry in load(&ZH_FILES.join("\n")) {
            let count = entry.pieces.len() - 1;
            let positional = (0..count).all(|i| entry.translation.contains(&format!("{{{i}}}")));
            let in_order = entry.translation.matches("{}").count() == count;
            assert!(
                positional || in_order,
                "{:?} → {}",
                entry.pieces.join("{}"),
                entry.translation
            );
        }
    }
}
