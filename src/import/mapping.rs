//! What the `hugo` and `zola` mappers share: taking keys out of a settings tree (a key left in
//! it is reported as not taken over), and the rules that do not depend on the tool, such as a
//! language's name or an address that cannot be published.

use super::model::{LanguageSettings, PLACEHOLDER_ADDRESS, Text};
use super::{report, source};
use crate::diagnostics::Diagnostic;
use serde_json::{Map, Value};
use std::path::Path;

/// Removes `key` from `map` (Hugo's keys in any case) and gives its value.
pub fn take(map: &mut Map<String, Value>, key: &str) -> Option<Value> {
    let found = source::find_key(map, key)?;
    map.shift_remove(&found)
}

/// As [`take`], for a value that is text; a number or a flag is read as its text.
pub fn take_text(map: &mut Map<String, Value>, key: &str) -> Option<String> {
    match take(map, key)? {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The table under `key`, taken out of `map`; an empty one when there is none.
pub fn take_table(map: &mut Map<String, Value>, key: &str) -> Map<String, Value> {
    match take(map, key) {
        Some(Value::Object(table)) => table,
        _ => Map::new(),
    }
}

/// A language code as greenprint writes it: lower case, `-` between its parts.
pub fn language_code(code: &str, file: &str) -> Result<String, Diagnostic> {
    let normal = code.trim().to_ascii_lowercase().replace('_', "-");
    if normal.is_empty() || !normal.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(Diagnostic::error(format!("`{code}` cannot be used as a language code"))
            .in_file(file)
            .hint("use a short code such as zh, en or ug, once each"));
    }
    Ok(normal)
}

/// A language's entry: its own name, `lang` attribute and direction from the site where it
/// gives them, else from greenprint's table of languages.
pub fn language_settings(
    code: &str,
    name: Option<String>,
    html_lang: Option<String>,
    rtl: Option<bool>,
) -> LanguageSettings {
    let known = crate::init::known_language(code);
    let html_lang = match html_lang {
        Some(given) if given.eq_ignore_ascii_case(code) => None,
        Some(given) => Some(given),
        None => known.and_then(|k| k.html_lang).map(str::to_owned),
    };
    LanguageSettings {
        code: code.to_owned(),
        name: name
            .filter(|n| !n.trim().is_empty())
            .or_else(|| known.map(|k| k.name.to_owned())),
        html_lang,
        rtl: rtl.unwrap_or_else(|| known.is_some_and(|k| k.rtl)),
    }
}

/// The site's address, or the placeholder and a note when it gives none that can be published.
pub fn address(given: Option<String>, key: &str, notes: &mut Vec<String>) -> (String, Option<String>) {
    match given {
        Some(url) if crate::url_rule::is_site_address(url.trim()) => {
            let url = url.trim().to_owned();
            (url.clone(), Some(url))
        }
        Some(url) => {
            notes.push(report::address_not_full(key, &url));
            (PLACEHOLDER_ADDRESS.to_owned(), None)
        }
        None => {
            notes.push(report::address_missing(key));
            (PLACEHOLDER_ADDRESS.to_owned(), None)
        }
    }
}

/// The site's name in each language (`per_language` in the order of the languages), falling
/// back to the one name for all; the folder's name when there is none at all.
pub fn site_title(
    all: Option<String>,
    per_language: Vec<(String, Option<String>)>,
    src: &Path,
    notes: &mut Vec<String>,
) -> Text {
    if per_language.iter().any(|(_, t)| t.is_some()) {
        let texts: Vec<(String, String)> = per_language
            .into_iter()
            .filter_map(|(code, own)| own.or_else(|| all.clone()).map(|t| (code, t)))
            .collect();
        return Text::PerLanguage(texts);
    }
    match all {
        Some(title) => Text::Same(title),
        None => {
            let name = src
                .canonicalize()
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_else(|| "My site".to_owned());
            notes.push(report::title_missing(&name));
            Text::Same(name)
        }
    }
}

/// `title (zh, en)`: a site.yaml key and the languages it is given in.
pub fn key_in_languages(key: &str, text: &Text) -> String {
    match text {
        Text::Same(_) => key.to_owned(),
        Text::PerLanguage(texts) => format!(
            "{key} ({})",
            texts.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// `zh 中文, en English`, for the report.
pub fn languages_shown(languages: &[LanguageSettings]) -> String {
    languages
        .iter()
        .map(|l| format!("{} {}", l.code, l.name.as_deref().unwrap_or(&l.code)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The names of taxonomies greenprint can give an address (`tags`, `系列`), each once.
pub fn taxonomy_names(names: impl IntoIterator<Item = String>, not_mapped: &mut Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in names {
        let name = name.trim().to_owned();
        let valid = !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_');
        if !valid {
            not_mapped.push(report::taxonomy_name_unusable(&name));
        } else if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// The notes about languages whose names greenprint had to guess.
pub fn unnamed_languages(languages: &[LanguageSettings]) -> Vec<String> {
    languages
        .iter()
        .filter(|l| l.name.is_none())
        .map(|l| report::language_name_unknown(&l.code))
        .collect()
}

/// A folder the settings name inside the site (`./content/zh/` → `content/zh`); `None` for one
/// outside it (`../pages`, `/srv/pages`), which is never read.
pub fn dir_inside(dir: &str) -> Option<String> {
    let dir = dir.replace('\\', "/");
    let outside = dir.starts_with('/') || Path::new(&dir).is_absolute() || dir.split('/').any(|p| p == "..");
    (!outside).then(|| clean_dir(&dir))
}

/// A relative folder name as the settings give it (`./content/zh/` → `content/zh`).
pub fn clean_dir(dir: &str) -> String {
    let dir = dir.replace('\\', "/");
    let parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_outside_the_site_is_never_one_to_read() {
        assert_eq!(dir_inside("./content/zh/").as_deref(), Some("content/zh"));
        assert_eq!(dir_inside("content\\en").as_deref(), Some("content/en"));
        assert_eq!(dir_inside("../pages"), None);
        assert_eq!(dir_inside("content/../../pages"), None);
        assert_eq!(dir_inside("/srv/pages"), None);
    }
}
