//! `greenprint init DIR`: a new site with the default theme (built in) and one sample page of
//! each kind in Chinese and English, ready to build. `--languages zh,ug,en` names the site's
//! languages instead: the first is the default; the sample pages are in Chinese, with their
//! English translations when English is among them, and every other language shows them from
//! Chinese until they are translated.

use include_dir::{Dir, include_dir};
use std::path::Path;

static SKELETON: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/skeleton");

/// The languages of the skeleton's site.yaml.
const SKELETON_LANGUAGES: &str =
    "languages:\n  - code: zh\n    name: 中文\n    html_lang: zh-Hans\n  - code: en\n    name: English\n";

/// A language greenprint can name in site.yaml without being told its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownLanguage {
    pub code: &'static str,
    /// Its own name, as the language switcher shows it.
    pub name: &'static str,
    /// The `lang` attribute, when it differs from the code.
    pub html_lang: Option<&'static str>,
    pub rtl: bool,
}

const fn known(code: &'static str, name: &'static str, html_lang: Option<&'static str>, rtl: bool) -> KnownLanguage {
    KnownLanguage {
        code,
        name,
        html_lang,
        rtl,
    }
}

/// The languages `init` and `import` can name: those of campaign sites in China and their
/// neighbours, and those a site moving in from Hugo or Zola is most often written in.
const KNOWN: &[KnownLanguage] = &[
    known("zh", "中文", Some("zh-Hans"), false),
    known("en", "English", None, false),
    known("ug", "ئۇيغۇرچە", None, true),
    known("bo", "བོད་ཡིག", None, false),
    known("ar", "العربية", None, true),
    known("fa", "فارسی", None, true),
    known("he", "עברית", None, true),
    known("ur", "اردو", None, true),
    known("ru", "Русский", None, false),
    known("fr", "Français", None, false),
    known("de", "Deutsch", None, false),
    known("es", "Español", None, false),
    known("pt", "Português", None, false),
    known("it", "Italiano", None, false),
    known("nl", "Nederlands", None, false),
    known("ja", "日本語", None, false),
    known("ko", "한국어", None, false),
    known("vi", "Tiếng Việt", None, false),
    known("th", "ไทย", None, false),
];

/// The language of `code` (`zh`, `ug`; `zh-tw` is found by `zh` for its name), if greenprint
/// knows it. The `lang` attribute and direction of the table hold for the exact code only.
pub fn known_language(code: &str) -> Option<KnownLanguage> {
    let code = code.to_ascii_lowercase();
    if let Some(exact) = KNOWN.iter().find(|l| l.code == code) {
        return Some(*exact);
    }
    let primary = code.split(['-', '_']).next().unwrap_or(&code);
    KNOWN
        .iter()
        .find(|l| l.code == primary)
        .map(|l| KnownLanguage { html_lang: None, ..*l })
}

/// Creates the site in `dir`, in the skeleton's languages (Chinese and English) or in `languages`.
pub fn create(dir: &Path, languages: Option<&[String]>) -> Result<(), String> {
    let languages = match languages {
        Some(list) => checked(list)?,
        None => vec!["zh".to_owned(), "en".to_owned()],
    };
    if dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        return Err(format!(
            "{} is not empty; choose a new folder name so nothing is overwritten",
            dir.display()
        ));
    }
    let english = languages.iter().any(|l| l == "en");
    write_dir(&SKELETON, dir, english, &languages_yaml(&languages))
        .map_err(|e| format!("cannot create the site in {}: {e}", dir.display()))
}

/// The languages as given, each a code once, Chinese first (the sample pages are Chinese).
fn checked(list: &[String]) -> Result<Vec<String>, String> {
    let mut codes: Vec<String> = Vec::new();
    for code in list
        .iter()
        .flat_map(|l| l.split(','))
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        if !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(format!(
                "`{code}` cannot be used as a language code; use short codes such as zh, ug or en"
            ));
        }
        if !codes.iter().any(|c| c == code) {
            codes.push(code.to_owned());
        }
    }
    if codes.first().map(String::as_str) != Some("zh") {
        return Err("the sample pages are written in Chinese: list zh first, e.g. `--languages zh,ug,en`".to_owned());
    }
    Ok(codes)
}

/// The `languages:` block of site.yaml for `codes`.
fn languages_yaml(codes: &[String]) -> String {
    let mut out = String::from("languages:\n");
    for code in codes {
        match KNOWN.iter().find(|known| known.code == code) {
            Some(known) => {
                out.push_str(&format!("  - code: {code}\n    name: {}\n", known.name));
                if let Some(html_lang) = known.html_lang {
                    out.push_str(&format!("    html_lang: {html_lang}\n"));
                }
                if known.rtl {
                    out.push_str("    dir: rtl\n");
                }
            }
            None => out.push_str(&format!(
                "  - code: {code}\n    name: {code}   # the language's own name, shown in the language switcher\n"
            )),
        }
    }
    out
}

fn write_dir(source: &Dir<'static>, target: &Path, english: bool, languages: &str) -> std::io::Result<()> {
    for file in source.files() {
        let name = file.path().to_string_lossy();
        if !english && name.ends_with(".en.md") {
            continue;
        }
        let path = target.join(file.path());
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        if name == crate::config::CONFIG_FILE {
            let text = String::from_utf8_lossy(file.contents()).replacen(SKELETON_LANGUAGES, languages, 1);
            std::fs::write(path, text)?;
        } else {
            std::fs::write(path, file.contents())?;
        }
    }
    for sub in source.dirs() {
        write_dir(sub, target, english, languages)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_skeleton_lists_the_languages_init_replaces() {
        let config = SKELETON
            .get_file(crate::config::CONFIG_FILE)
            .and_then(|f| f.contents_utf8())
            .expect("skeleton/site.yaml");
        assert!(config.contains(SKELETON_LANGUAGES), "{config}");
        let yaml = languages_yaml(&checked(&["zh,ug".to_owned(), "en".to_owned()]).expect("valid"));
        assert!(
            yaml.contains("  - code: ug\n    name: ئۇيغۇرچە\n    dir: rtl\n"),
            "{yaml}"
        );
        assert!(checked(&["en,zh".to_owned()]).is_err());
        assert!(checked(&["zh,u g".to_owned()]).is_err());
    }
}
