//! Checks of the whole site that no single page can make: translations that are missing,
//! savings figures whose factors the data lacks, campaign colours white text cannot sit on.

use crate::content::PageKind;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::resolve::Site;
use crate::{color, savings};

pub fn site(site: &Site, diagnostics: &mut Diagnostics) {
    let default = site.config.default_language();
    for page in site.pages.iter().filter(|p| p.is_translated()) {
        if page.lang != default && site.page(&page.key, default).is_none() && !page.body.is_empty() {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "this translation has no original in the default language ({default})"
                ))
                .in_file(page.file())
                .hint(format!(
                    "add {} or rename this file",
                    default_file_name(&page.source, &page.lang)
                )),
            );
        }
        if let Some(savings) = &page.meta.savings {
            let missing = savings::missing_factors(savings, &site.data);
            if !missing.is_empty() {
                diagnostics.push(
                    Diagnostic::error(format!(
                        "the savings of this tip need factors that data/factors.yaml does not have: {}",
                        missing.join(", ")
                    ))
                    .in_file(page.file())
                    .hint("add them to data/factors.yaml with value, unit, source and year"),
                );
            }
        }
        if matches!(page.kind, PageKind::Campaign | PageKind::Action)
            && let Some(colour) = &page.meta.color
            && !color::white_text_readable(colour)
        {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "white text on the colour {colour} is hard to read (contrast below 4.5:1)"
                ))
                .in_file(page.file())
                .hint("choose a darker shade of the colour"),
            );
        }
    }
}

fn default_file_name(source: &str, lang: &str) -> String {
    format!("content/{}", source.replace(&format!(".{lang}.md"), ".md"))
}

/// How much of the site each language has.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Coverage {
    pub language: String,
    pub pages: usize,
    pub total: usize,
    /// Keys of the pages this language lacks.
    pub missing: Vec<String>,
    /// Interface strings the theme and the site have in another language but not in this one.
    pub missing_strings: Vec<String>,
}

/// What only `greenprint check` reports, on top of everything a build checks: translations that
/// are missing, pages without a description, and data that nothing uses.
pub fn thorough(site: &Site, theme: &crate::theme::Theme, diagnostics: &mut Diagnostics) -> Vec<Coverage> {
    use std::collections::BTreeSet;
    let keys: BTreeSet<&str> = site
        .pages
        .iter()
        .filter(|p| !p.generated)
        .map(|p| p.key.as_str())
        .collect();
    let coverage: Vec<Coverage> = site
        .config
        .languages
        .iter()
        .map(|l| {
            let missing: Vec<String> = keys
                .iter()
                .filter(|k| site.translated_page(k, &l.code).is_none())
                .map(|k| k.to_string())
                .collect();
            let missing_strings: Vec<String> = theme.missing_strings(&l.code).into_iter().map(str::to_owned).collect();
            if !missing_strings.is_empty() {
                diagnostics.push(
                    Diagnostic::warning(format!(
                        "the theme has no {} ({}) text for {} interface strings: {}",
                        l.name,
                        l.code,
                        missing_strings.len(),
                        missing_strings.join(", "),
                    ))
                    .in_file(format!("i18n/{}.yaml", l.code))
                    .hint(format!(
                        "until then they are shown in the fallback language; copy the theme's i18n/en.yaml to i18n/{}.yaml and translate it",
                        l.code
                    )),
                );
            }
            Coverage {
                language: l.code.clone(),
                pages: keys.len() - missing.len(),
                total: keys.len(),
                missing,
                missing_strings,
            }
        })
        .collect();
    let default = site.config.default_language();
    for page in site.pages.iter().filter(|p| p.lang == default && !p.generated) {
        for l in site.config.languages.iter().filter(|l| l.code != default) {
            if site.translated_page(&page.key, &l.code).is_none() {
                let name = page.source.trim_end_matches(".md");
                diagnostics.push(
                    Diagnostic::warning(format!("this page has no {} translation", l.name))
                        .in_file(page.file())
                        .hint(format!(
                            "add content/{name}.{}.md with the same front matter keys, translated",
                            l.code
                        )),
                );
            }
        }
        if page.meta.description.as_deref().is_none_or(|d| d.trim().is_empty()) {
            diagnostics.push(
                Diagnostic::warning("this page has no description")
                    .in_file(page.file())
                    .hint(
                        "add `description:` with one or two sentences: search engines, link previews and lists show it",
                    ),
            );
        }
    }
    if site.config.is_government_site() && site.config.filing.icp.is_none() {
        diagnostics.push(
            Diagnostic::warning("this .gov.cn site has no ICP filing number in its footer")
                .in_file(crate::config::CONFIG_FILE)
                .hint("add `filing: {icp: ...}` with the number from https://beian.miit.gov.cn/ (your IT department or hosting provider has it)"),
        );
    }
    unused_data(site, diagnostics);
    coverage
}

/// Units, sources and terms that no page refers to: often a typo on one side.
fn unused_data(site: &Site, diagnostics: &mut Diagnostics) {
    let mut used: std::collections::BTreeSet<(&str, &str)> = std::collections::BTreeSet::new();
    for page in &site.pages {
        for r in page.meta.lead_units.iter().chain(&page.meta.partner_units) {
            used.insert(("units", &r.id));
        }
        for r in &page.meta.sources {
            used.insert(("sources", &r.id));
        }
        for (taxonomy, refs) in &page.meta.terms {
            for r in refs {
                used.insert((taxonomy.as_str(), &r.id));
            }
        }
    }
    // Data files refer to each other too (a target names its source).
    for (name, value) in &site.data.files {
        collect_strings(value, &mut |s| {
            for file in ["units", "sources"] {
                if file != name {
                    used.insert((file, s));
                }
            }
        });
    }
    for file in ["units", "sources"] {
        for id in site.data.ids(file) {
            if !used.contains(&(file, id)) {
                diagnostics.push(
                    Diagnostic::warning(format!("`{id}` in data/{file}.yaml is not used by any page"))
                        .in_file(format!("data/{file}.yaml"))
                        .hint("remove it, or check the spelling where a page was meant to use it"),
                );
            }
        }
    }
    if let Some(terms) = site.data.get("terms").and_then(|t| t.as_object()) {
        for (taxonomy, entries) in terms {
            for id in entries
                .as_object()
                .map(|m| m.keys().collect::<Vec<_>>())
                .unwrap_or_default()
            {
                if !used.contains(&(taxonomy.as_str(), id.as_str())) {
                    diagnostics.push(
                        Diagnostic::warning(format!(
                            "the {taxonomy} term `{id}` in data/terms.yaml is not used by any page"
                        ))
                        .in_file("data/terms.yaml")
                        .hint("remove it, or add it to the pages it belongs to"),
                    );
                }
            }
        }
    }
}

fn collect_strings<'a>(value: &'a serde_json::Value, found: &mut impl FnMut(&'a str)) {
    match value {
        serde_json::Value::String(s) => found(s),
        serde_json::Value::Array(a) => a.iter().for_each(|v| collect_strings(v, found)),
        serde_json::Value::Object(m) => m.values().for_each(|v| collect_strings(v, found)),
        _ => {}
    }
}

/// The coverage table as text: one line per language.
pub fn coverage_table(coverage: &[Coverage]) -> String {
    let mut out = String::from("translations:\n");
    for c in coverage {
        let percent = if c.total == 0 {
            100.0
        } else {
            c.pages as f64 * 100.0 / c.total as f64
        };
        out.push_str(&format!(
            "  {:<6} {:>5} of {:<5} pages  {:>5.1}%{}\n",
            c.language,
            c.pages,
            c.total,
            percent,
            if c.missing_strings.is_empty() {
                String::new()
            } else {
                format!("  ({} interface strings missing)", c.missing_strings.len())
            }
        ));
    }
    out
}
