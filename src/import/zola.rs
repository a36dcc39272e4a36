//! Zola's config.toml as greenprint's settings. Zola names no language (its languages have
//! codes only), so names come from greenprint's table of languages; its taxonomies are a list
//! of names with options. As in `hugo`, each key is taken out as it is used, and what is left
//! is reported.

use super::mapping::{
    address, key_in_languages, language_code, language_settings, languages_shown, site_title, take, take_table,
    take_text, taxonomy_names, unnamed_languages,
};
use super::model::{Generator, Mapped, SiteSettings, Text};
use super::report;
use super::source::Settings;
use crate::diagnostics::Diagnostic;
use serde_json::Value;
use std::path::Path;

pub fn map(source: &Settings, src: &Path) -> Result<Mapped, Diagnostic> {
    let file = source.first_file(src);
    let mut top = source.tree.clone();
    let mut mapped = Vec::new();
    let mut not_mapped = Vec::new();
    let mut notes = Vec::new();
    // What the languages say that greenprint has nothing for, reported after the site's own keys.
    let mut language_lines = Vec::new();

    let root_title = take_text(&mut top, "title");
    let root_description = take_text(&mut top, "description");
    let base_url = take_text(&mut top, "base_url");
    let default_given = take_text(&mut top, "default_language");
    let default_language = match &default_given {
        Some(code) => language_code(code, &file)?,
        None => "en".to_owned(),
    };

    // The default language, then the others in the file's order. Zola before 0.14 listed them
    // as `languages = [{code = "fr"}]`.
    let mut codes = vec![default_language.clone()];
    let mut titles = vec![(default_language.clone(), None::<String>)];
    let mut descriptions = vec![(default_language.clone(), None::<String>)];
    let mut taxonomy_sources: Vec<(String, Vec<String>)> = Vec::new();
    let entries: Vec<(String, Value)> = match take(&mut top, "languages") {
        Some(Value::Object(table)) => table.into_iter().collect(),
        Some(Value::Array(items)) => items
            .into_iter()
            .filter_map(|item| match item {
                Value::Object(mut table) => {
                    let code = take_text(&mut table, "code")?;
                    Some((code, Value::Object(table)))
                }
                _ => None,
            })
            .collect(),
        Some(other) => {
            not_mapped.push(report::unused_setting("languages", &other));
            Vec::new()
        }
        None => Vec::new(),
    };
    for (code, value) in entries {
        let lang = language_code(&code, &file)?;
        let Value::Object(mut table) = value else {
            language_lines.push(report::unused_setting(&format!("languages.{code}"), &value));
            continue;
        };
        if !codes.contains(&lang) {
            codes.push(lang.clone());
            titles.push((lang.clone(), None));
            descriptions.push((lang.clone(), None));
        }
        let at = codes.iter().position(|c| *c == lang).unwrap_or(0);
        titles[at].1 = take_text(&mut table, "title");
        descriptions[at].1 = take_text(&mut table, "description");
        if let Some(Value::Array(list)) = take(&mut table, "taxonomies") {
            let names = taxonomy_list(list, &format!("languages.{code}.taxonomies"), &mut language_lines);
            taxonomy_sources.push((format!("languages.{code}.taxonomies"), names));
        }
        for (key, value) in table {
            language_lines.push(report::unused_setting(&format!("languages.{code}.{key}"), &value));
        }
    }
    let languages: Vec<_> = codes
        .iter()
        .map(|code| language_settings(code, None, None, None))
        .collect();

    let title_sources: Vec<String> = root_title
        .iter()
        .map(|_| "title".to_owned())
        .chain(
            titles
                .iter()
                .filter(|(_, t)| t.is_some())
                .map(|(c, _)| format!("languages.{c}.title")),
        )
        .collect();
    let title = site_title(root_title, titles, src, &mut notes);
    if !title_sources.is_empty() {
        mapped.push(report::title(
            &title_sources.join(", "),
            &key_in_languages("title", &title),
        ));
    }
    let description_sources: Vec<String> = root_description
        .iter()
        .map(|_| "description".to_owned())
        .chain(
            descriptions
                .iter()
                .filter(|(_, d)| d.is_some())
                .map(|(c, _)| format!("languages.{c}.description")),
        )
        .collect();
    let description = if descriptions.iter().any(|(_, d)| d.is_some()) {
        Some(Text::PerLanguage(
            descriptions
                .into_iter()
                .filter_map(|(code, own)| own.or_else(|| root_description.clone()).map(|d| (code, d)))
                .collect(),
        ))
    } else {
        root_description.map(Text::Same)
    };
    if let Some(description) = &description {
        mapped.push(report::description(
            &description_sources.join(", "),
            &key_in_languages("description", description),
        ));
    }

    let (base_url, taken) = address(base_url, "base_url", &mut notes);
    if let Some(url) = taken {
        mapped.push(report::base_url("base_url", &url));
    }
    let language_sources = if codes.len() > 1 {
        format!("default_language, languages ({})", codes[1..].join(", "))
    } else {
        "default_language".to_owned()
    };
    mapped.push(report::languages(&language_sources, &languages_shown(&languages)));
    mapped.push(match default_given {
        Some(_) => report::default_language("default_language", &default_language),
        None => report::default_language_not_given(&default_language, Generator::Zola),
    });
    notes.extend(unnamed_languages(&languages));

    if let Some(value) = take(&mut top, "taxonomies") {
        match value {
            Value::Array(list) => {
                let names = taxonomy_list(list, "taxonomies", &mut not_mapped);
                taxonomy_sources.insert(0, ("taxonomies".to_owned(), names));
            }
            other => not_mapped.push(report::unused_setting("taxonomies", &other)),
        }
    }
    let taxonomies = taxonomy_names(
        taxonomy_sources.iter().flat_map(|(_, names)| names.iter().cloned()),
        &mut not_mapped,
    );
    if !taxonomy_sources.is_empty() {
        let sources: Vec<&str> = taxonomy_sources.iter().map(|(s, _)| s.as_str()).collect();
        mapped.push(report::taxonomies(&sources.join(", "), &taxonomies.join(", ")));
    }

    let search = match take(&mut top, "build_search_index") {
        Some(Value::Bool(on)) => {
            mapped.push(report::search("build_search_index", on));
            on
        }
        Some(other) => {
            not_mapped.push(report::unused_setting("build_search_index", &other));
            true
        }
        None => true,
    };

    let extra = take_table(&mut top, "extra");
    if !extra.is_empty() {
        mapped.push(report::extra("extra", extra.len()));
    }
    if let Some(theme) = take(&mut top, "theme") {
        not_mapped.push(report::theme(&theme, Generator::Zola));
    }
    for (key, value) in &top {
        not_mapped.push(report::unused_setting(key, value));
    }
    not_mapped.extend(language_lines);

    Ok(Mapped {
        settings: SiteSettings {
            title,
            description,
            base_url,
            languages,
            default_language,
            taxonomies,
            search,
            extra,
            content_dir: "content".to_owned(),
            language_dirs: Vec::new(),
        },
        mapped,
        not_mapped,
        notes,
    })
}

/// The names of Zola's `taxonomies = [{name = "tags", feed = true}]`; each other option is
/// reported as not taken over.
fn taxonomy_list(list: Vec<Value>, key: &str, not_mapped: &mut Vec<String>) -> Vec<String> {
    let mut names = Vec::new();
    for item in list {
        match item {
            Value::Object(mut table) => {
                let Some(name) = take_text(&mut table, "name") else {
                    not_mapped.push(report::unused_setting(key, &Value::Object(table)));
                    continue;
                };
                for (option, value) in table {
                    not_mapped.push(report::unused_setting(&format!("{key}.{name}.{option}"), &value));
                }
                names.push(name);
            }
            Value::String(name) => names.push(name),
            other => not_mapped.push(report::unused_setting(key, &other)),
        }
    }
    names
}
