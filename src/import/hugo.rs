//! Hugo's settings as greenprint's. Hugo reads its keys in any case (`baseURL`, `baseurl`), so
//! every key is found so here. Each key is taken out of the tree as it is used; what is left at
//! the end is what greenprint has nothing for, and the report names each.

use super::mapping::{
    address, dir_inside, key_in_languages, language_code, language_settings, languages_shown, site_title, take,
    take_table, take_text, taxonomy_names, unnamed_languages,
};
use super::model::{Generator, LanguageSettings, Mapped, SiteSettings, Text};
use super::report;
use super::source::Settings;
use crate::diagnostics::Diagnostic;
use serde_json::{Map, Value};
use std::path::Path;

/// A language as Hugo's `[languages.xx]` describes it.
struct HugoLanguage {
    settings: LanguageSettings,
    weight: i64,
    title: Option<String>,
    description: Option<String>,
    content_dir: Option<String>,
}

pub fn map(source: &Settings, src: &Path) -> Result<Mapped, Diagnostic> {
    let file = source.first_file(src);
    let mut top = source.tree.clone();
    let mut mapped = Vec::new();
    let mut not_mapped = Vec::new();
    let mut notes = Vec::new();
    // What the languages say that greenprint has nothing for, reported after the site's own keys.
    let mut language_lines = Vec::new();

    let root_title = take_text(&mut top, "title");
    let base_url = take_text(&mut top, "baseURL");
    let default_given = take_text(&mut top, "defaultContentLanguage");
    let root_language_code = take_text(&mut top, "languageCode");
    let mut params = take_table(&mut top, "params");
    let languages_table = take_table(&mut top, "languages");
    let disabled_languages: Vec<String> = match take(&mut top, "disableLanguages") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_ascii_lowercase)
            .collect(),
        _ => Vec::new(),
    };
    let content_dir = match take_text(&mut top, "contentDir") {
        Some(given) => match dir_inside(&given) {
            Some(dir) if !dir.is_empty() => dir,
            Some(_) => "content".to_owned(),
            None => {
                not_mapped.push(report::content_dir_outside(&given));
                "content".to_owned()
            }
        },
        None => "content".to_owned(),
    };

    let default_language = match &default_given {
        Some(code) => language_code(code, &file)?,
        None => "en".to_owned(),
    };

    // The languages, each with what it says of itself.
    let mut languages: Vec<HugoLanguage> = Vec::new();
    for (code, value) in languages_table {
        let lang = language_code(&code, &file)?;
        let Value::Object(mut table) = value else {
            language_lines.push(report::unused_setting(&format!("languages.{code}"), &value));
            continue;
        };
        let disabled = matches!(take(&mut table, "disabled"), Some(Value::Bool(true)));
        if disabled || disabled_languages.contains(&lang) {
            language_lines.push(report::language_turned_off(&lang));
            continue;
        }
        let name = take_text(&mut table, "languageName");
        let mut html_lang = take_text(&mut table, "languageCode");
        if html_lang.is_none() && lang == default_language {
            html_lang = root_language_code.clone();
        }
        let rtl = take_text(&mut table, "languageDirection").map(|d| d.eq_ignore_ascii_case("rtl"));
        let weight = take(&mut table, "weight").and_then(|w| w.as_i64()).unwrap_or(0);
        let title = take_text(&mut table, "title");
        let mut own_params = take_table(&mut table, "params");
        // Hugo once read a language's params from the language's own table.
        let description = take_text(&mut own_params, "description").or_else(|| take_text(&mut table, "description"));
        let own_dir = take_text(&mut table, "contentDir").map(|d| dir_inside(&d).unwrap_or(d));
        for menus_key in ["menus", "menu"] {
            for (name, entries) in take_table(&mut table, menus_key) {
                language_lines.push(report::menu_in_language(&name, &lang, entry_count(&entries)));
            }
        }
        for (key, value) in own_params {
            language_lines.push(report::unused_setting(
                &format!("languages.{code}.params.{key}"),
                &value,
            ));
        }
        for (key, value) in table {
            language_lines.push(report::unused_setting(&format!("languages.{code}.{key}"), &value));
        }
        languages.push(HugoLanguage {
            settings: language_settings(&lang, name, html_lang, rtl),
            weight,
            title,
            description,
            content_dir: own_dir.filter(|d| !d.is_empty()),
        });
    }
    let from_table = !languages.is_empty();
    if !from_table {
        languages.push(HugoLanguage {
            settings: language_settings(&default_language, None, root_language_code.clone(), None),
            weight: 0,
            title: None,
            description: None,
            content_dir: None,
        });
    }
    if !languages.iter().any(|l| l.settings.code == default_language) {
        return Err(Diagnostic::error(format!(
            "the default language `{default_language}` is not among the languages"
        ))
        .in_file(&file)
        .hint("add it to `languages`, or choose one of those listed there"));
    }
    // Hugo's order: by weight, a language without one last, then by code; the default first.
    languages.sort_by(|a, b| {
        let key = |l: &HugoLanguage| {
            (
                l.settings.code != default_language,
                l.weight == 0,
                l.weight,
                l.settings.code.clone(),
            )
        };
        key(a).cmp(&key(b))
    });

    // The site's name and description.
    let title = site_title(
        root_title.clone(),
        languages
            .iter()
            .map(|l| (l.settings.code.clone(), l.title.clone()))
            .collect(),
        src,
        &mut notes,
    );
    let mut title_sources: Vec<String> = Vec::new();
    if root_title.is_some() {
        title_sources.push("title".to_owned());
    }
    for language in languages.iter().filter(|l| l.title.is_some()) {
        title_sources.push(format!("languages.{}.title", language.settings.code));
    }
    if !title_sources.is_empty() {
        mapped.push(report::title(
            &title_sources.join(", "),
            &key_in_languages("title", &title),
        ));
    }
    let root_description = take_text(&mut params, "description");
    let description = if languages.iter().any(|l| l.description.is_some()) {
        Some(Text::PerLanguage(
            languages
                .iter()
                .filter_map(|l| {
                    l.description
                        .clone()
                        .or_else(|| root_description.clone())
                        .map(|d| (l.settings.code.clone(), d))
                })
                .collect(),
        ))
    } else {
        root_description.clone().map(Text::Same)
    };
    if let Some(description) = &description {
        let mut sources: Vec<String> = Vec::new();
        if root_description.is_some() {
            sources.push("params.description".to_owned());
        }
        for language in languages.iter().filter(|l| l.description.is_some()) {
            sources.push(format!("languages.{}.params.description", language.settings.code));
        }
        mapped.push(report::description(
            &sources.join(", "),
            &key_in_languages("description", description),
        ));
    }

    let (base_url, taken) = address(base_url, "baseURL", &mut notes);
    if let Some(url) = taken {
        mapped.push(report::base_url("baseURL", &url));
    }

    let settings_languages: Vec<LanguageSettings> = languages.iter().map(|l| l.settings.clone()).collect();
    let language_sources = if from_table {
        format!(
            "languages ({})",
            settings_languages
                .iter()
                .map(|l| l.code.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    } else if root_language_code.is_some() {
        "languageCode".to_owned()
    } else {
        "defaultContentLanguage".to_owned()
    };
    mapped.push(report::languages(
        &language_sources,
        &languages_shown(&settings_languages),
    ));
    mapped.push(match default_given {
        Some(_) => report::default_language("defaultContentLanguage", &default_language),
        None => report::default_language_not_given(&default_language, Generator::Hugo),
    });
    notes.extend(unnamed_languages(&settings_languages));

    // Taxonomies: `tag = "tags"`, the plural being the front matter field and the address.
    let taxonomies = match take(&mut top, "taxonomies") {
        Some(Value::Object(table)) => {
            let names = taxonomy_names(
                table.values().filter_map(Value::as_str).map(str::to_owned),
                &mut not_mapped,
            );
            let singular: Vec<&str> = table.keys().map(String::as_str).collect();
            mapped.push(report::taxonomies(
                &format!("taxonomies ({})", singular.join(", ")),
                &names.join(", "),
            ));
            names
        }
        Some(other) => {
            not_mapped.push(report::unused_setting("taxonomies", &other));
            Vec::new()
        }
        None if taxonomies_disabled(&top) => {
            mapped.push(report::taxonomies_turned_off());
            Vec::new()
        }
        None => {
            let names = vec!["tags".to_owned(), "categories".to_owned()];
            mapped.push(report::taxonomies_not_given(&names.join(", ")));
            names
        }
    };

    if !params.is_empty() {
        mapped.push(report::extra("params", params.len()));
    }

    for menus_key in ["menus", "menu"] {
        for (name, entries) in take_table(&mut top, menus_key) {
            not_mapped.push(report::menu(&name, entry_count(&entries)));
        }
    }
    if let Some(theme) = take(&mut top, "theme") {
        not_mapped.push(report::theme(&theme, Generator::Hugo));
    }
    for (key, value) in &top {
        not_mapped.push(report::unused_setting(key, value));
    }
    not_mapped.extend(language_lines);

    let language_dirs = languages
        .iter()
        .filter_map(|l| Some((l.settings.code.clone(), l.content_dir.clone()?)))
        .collect();
    Ok(Mapped {
        settings: SiteSettings {
            title,
            description,
            base_url,
            languages: settings_languages,
            default_language,
            taxonomies,
            search: true,
            extra: params,
            content_dir,
            language_dirs,
        },
        mapped,
        not_mapped,
        notes,
    })
}

/// Whether `disableKinds` turns off the pages of taxonomies (so Hugo makes none by default).
fn taxonomies_disabled(top: &Map<String, Value>) -> bool {
    super::source::find_key(top, "disableKinds")
        .and_then(|k| top.get(&k))
        .and_then(Value::as_array)
        .is_some_and(|kinds| {
            kinds
                .iter()
                .filter_map(Value::as_str)
                .any(|kind| matches!(kind.to_ascii_lowercase().as_str(), "taxonomy" | "term" | "taxonomyterm"))
        })
}

/// The entries of a menu (a list of them, or one).
fn entry_count(entries: &Value) -> usize {
    match entries {
        Value::Array(items) => items.len(),
        Value::Null => 0,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapped(json: &str) -> Mapped {
        let settings = Settings {
            tree: serde_json::from_str(json).expect("valid JSON"),
            files: vec!["hugo.toml".into()],
            named_hugo: true,
            unread: Vec::new(),
        };
        map(&settings, Path::new(".")).unwrap_or_else(|d| panic!("{}", d.render_terminal(false)))
    }

    #[test]
    fn hugo_keys_are_read_in_any_case() {
        let m = mapped(
            r#"{"baseurl": "https://green.example.org/", "Title": "Green", "defaultcontentlanguage": "ZH",
                "Languages": {"zh": {"languagename": "中文", "WEIGHT": 2, "LanguageDirection": "ltr"},
                              "en": {"weight": 1, "Title": "Green living"}},
                "disableKinds": ["Taxonomy", "term"]}"#,
        );
        let s = &m.settings;
        assert_eq!(s.base_url, "https://green.example.org/");
        assert_eq!(s.default_language, "zh");
        let codes: Vec<&str> = s.languages.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["zh", "en"], "the default language first");
        assert_eq!(s.languages[0].name.as_deref(), Some("中文"));
        assert_eq!(
            s.title,
            Text::PerLanguage(vec![
                ("zh".into(), "Green".into()),
                ("en".into(), "Green living".into())
            ])
        );
        assert!(s.taxonomies.is_empty(), "disableKinds turns them off");
        assert!(m.mapped.contains(&report::taxonomies_turned_off()), "{:?}", m.mapped);
        assert!(
            m.not_mapped
                .iter()
                .any(|l| l.starts_with("disableKinds = [\"Taxonomy\",\"term\"]")),
            "still reported, as it does more: {:?}",
            m.not_mapped
        );
    }

    #[test]
    fn languages_without_a_weight_come_after_the_weighted_ones_as_in_hugo() {
        let m = mapped(
            r#"{"baseURL": "https://green.example.org/", "title": "Green",
                "languages": {"fr": {}, "ug": {"weight": 3}, "en": {"weight": 9}, "de": {"weight": 2}},
                "disableLanguages": ["de"]}"#,
        );
        let codes: Vec<&str> = m.settings.languages.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["en", "ug", "fr"]);
        assert!(m.settings.languages[1].rtl, "Uyghur is right to left");
        assert!(
            m.not_mapped.contains(&report::language_turned_off("de")),
            "{:?}",
            m.not_mapped
        );
    }

    #[test]
    fn a_default_language_that_is_not_among_the_languages_is_an_error() {
        let settings = Settings {
            tree: serde_json::from_str(r#"{"defaultContentLanguage": "fr", "languages": {"en": {}}}"#).unwrap(),
            files: vec!["hugo.toml".into()],
            named_hugo: true,
            unread: Vec::new(),
        };
        let error = map(&settings, Path::new("old")).err().expect("refused");
        assert_eq!(error.message, "the default language `fr` is not among the languages");
        assert_eq!(error.file.as_deref(), Some("old/hugo.toml"));
    }
}
