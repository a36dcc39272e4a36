//! Tera 2 templates and the functions they call. Templates come from the theme and may be
//! overridden one by one from the site's `templates/` folder; functions give them what they
//! cannot compute themselves: URLs in a language, UI strings, pages of a section or term, data,
//! hashed asset URLs.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::context::{Shared, current_lang, tagged, template_error};
use crate::render::datafns;
use std::collections::BTreeMap;
use std::sync::Arc;
use tera::{Kwargs, State, Tera, TeraResult, Value};

/// Adds a feature's template functions to the engine; each output that gives templates
/// functions has one, and `outputs::registry` lists them.
pub type Register = fn(&mut Tera, &Arc<Shared>);

/// Builds the template engine: functions first (the engine's own, then each of `features`;
/// Tera checks at load time that every function a template calls exists), then the theme's
/// templates with the site's overrides.
pub fn build(shared: Arc<Shared>, features: &[Register], diagnostics: &mut Diagnostics) -> Tera {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml", ".svg"]);

    register_text_functions(&mut tera, &shared);
    register_list_functions(&mut tera, &shared);
    register_data_functions(&mut tera, &shared);

    for register in features {
        register(&mut tera, &shared);
    }

    let mut templates: Vec<(String, String)> = Vec::new();
    let mut shortcodes: Vec<(&String, &String, &std::path::PathBuf)> = Vec::new();
    for (name, (text, shown)) in &shared.theme.templates {
        if name.starts_with(SHORTCODES) {
            shortcodes.push((name, text, shown));
        } else {
            templates.push((name.clone(), text.clone()));
        }
    }
    if let Err(e) = tera.add_raw_templates(templates) {
        diagnostics.push(template_error(&shared.theme, None, &e));
    }
    // A shortcode template is needed only where a page uses it, and one brought from another
    // tool may not be one Tera reads: it is left out with a warning, and each use of it is then a
    // warning of its own, rather than the whole site failing.
    for (name, text, shown) in shortcodes {
        let mut trial = tera.clone();
        match trial.add_raw_template(name, text) {
            Ok(()) => tera = trial,
            Err(e) => diagnostics.push(
                Diagnostic::warning(format!("the shortcode template {name} cannot be read, so it is not used: {e}"))
                    .in_file(shown)
                    .hint("fix the template (greenprint reads Tera templates, with the arguments by name and `body`), or remove it"),
            ),
        }
    }
    tera
}

/// Where a site's shortcode templates are, among its templates.
const SHORTCODES: &str = "shortcodes/";

/// `text`, escaped, with its last two characters in a span that does not break when the last is
/// Chinese (see [`crate::typography::last_line_tail`]).
fn keep_together_html(text: &str) -> String {
    use crate::escape::escape_xml;
    match crate::typography::last_line_tail(text) {
        (_, "") => escape_xml(text),
        (head, tail) => format!("{}<span class=\"nowrap\">{}</span>", escape_xml(head), escape_xml(tail)),
    }
}

/// Registers `t`, `url`, `asset` and the `keep_together` and `local_unit` filters: UI strings,
/// page URLs, the theme's hashed assets, line breaks and units.
fn register_text_functions(tera: &mut Tera, shared: &Arc<Shared>) {
    let s = shared.clone();
    tera.register_function("t", move |kwargs: Kwargs, state: &State| -> TeraResult<String> {
        let key = kwargs.must_get::<&str>("key")?;
        let lang = current_lang(&kwargs, state, &s)?;
        Ok(s.string(&lang, key).to_owned())
    });

    let s = shared.clone();
    tera.register_function("url", move |kwargs: Kwargs, state: &State| -> TeraResult<String> {
        let key = kwargs.must_get::<&str>("key")?;
        let lang = current_lang(&kwargs, state, &s)?;
        let key = key.trim_matches('/');
        let taxonomy_path = |k: &str| {
            s.site
                .taxonomies
                .iter()
                .any(|t| k == t.config.path() || k.starts_with(&format!("{}/", t.config.path())))
        };
        match s.site.page_or_default(key, &lang) {
            Some(i) => Ok(s.site.url(i).to_owned()),
            None if taxonomy_path(key) => Ok(crate::resolve::urls::url_path(&s.site.config, &lang, key)),
            None => Err(tera::Error::message(format!(
                "url(): there is no page `{key}` (a path under content/ without .md)"
            ))),
        }
    });

    // ` lang="zh-Hans" dir="ltr"` for a text in another language than the page's (a name from
    // a data file that has none in the page's language), else nothing.
    let s = shared.clone();
    tera.register_function(
        "text_attrs",
        move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
            let of = kwargs.must_get::<&str>("of")?;
            let lang = current_lang(&kwargs, state, &s)?;
            Ok(Value::safe_string(&crate::render::views::text_attrs(
                &s.site.config,
                &lang,
                of,
            )))
        },
    );

    // `{{ page.title | keep_together }}`: no heading, slogan or savings line ends with one
    // Chinese character alone.
    tera.register_filter("keep_together", |text: &str, _: Kwargs, _: &State| {
        Value::safe_string(&keep_together_html(text))
    });
    // `{{ line | glue }}`: a number held to its unit ("约56元", "57 千克"), as on the posters.
    tera.register_filter("glue", |text: &str, _: Kwargs, _: &State| crate::typography::glue(text));

    // `{{ factor.unit | local_unit }}`: a unit of a data file as the page's language writes it,
    // from the UI string `unit:<unit>` (`unit:yuan/kWh` is 元/千瓦时 in Chinese), else as written.
    let s = shared.clone();
    tera.register_filter(
        "local_unit",
        move |unit: &str, kwargs: Kwargs, state: &State| -> TeraResult<String> {
            let lang = current_lang(&kwargs, state, &s)?;
            Ok(s.find_string(&lang, &format!("unit:{unit}")).unwrap_or(unit).to_owned())
        },
    );

    let s = shared.clone();
    tera.register_function("asset", move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
        let name = kwargs.must_get::<&str>("name")?;
        s.asset_urls
            .get(name)
            .cloned()
            .ok_or_else(|| tera::Error::message(format!("asset(): the theme has no asset `{name}`")))
    });
}

/// Registers `pages`, `page_for`, `taxonomies`, `term_url` and `tagged`: the pages and terms a page lists.
fn register_list_functions(tera: &mut Tera, shared: &Arc<Shared>) {
    let s = shared.clone();
    tera.register_function(
        "pages",
        move |kwargs: Kwargs, state: &State| -> TeraResult<Vec<Value>> {
            let section = kwargs.must_get::<&str>("section")?;
            let lang = current_lang(&kwargs, state, &s)?;
            let featured = kwargs.get::<bool>("featured")?;
            let limit = kwargs.get::<usize>("limit")?.unwrap_or(usize::MAX);
            Ok(s.site
                .children(section.trim_matches('/'), &lang)
                .iter()
                .filter(|&&i| {
                    // Whether a page is featured decides whether the list shows it.
                    crate::deps::read(crate::deps::Input::Page(i));
                    featured.is_none_or(|f| s.site.pages[i].meta.featured == f)
                })
                .take(limit)
                .map(|&i| s.summary(i))
                .collect())
        },
    );

    let s = shared.clone();
    tera.register_function("page_for", move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
        let key = kwargs.must_get::<&str>("key")?;
        let lang = current_lang(&kwargs, state, &s)?;
        Ok(s.site
            .page_or_default(key.trim_matches('/'), &lang)
            .map(|i| s.summary(i))
            .unwrap_or_else(Value::none))
    });

    let s = shared.clone();
    tera.register_function(
        "taxonomies",
        move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
            let lang = current_lang(&kwargs, state, &s)?;
            let list: Vec<BTreeMap<&str, String>> = s
                .site
                .taxonomies
                .iter()
                .map(|t| {
                    BTreeMap::from([
                        ("name", t.config.name.clone()),
                        ("title", s.taxonomy_title(&t.config.name, &lang)),
                        (
                            "url",
                            crate::resolve::urls::url_path(&s.site.config, &lang, t.config.path()),
                        ),
                    ])
                })
                .collect();
            Ok(Value::from_serializable(&list))
        },
    );

    let s = shared.clone();
    tera.register_function("term_url", move |kwargs: Kwargs, state: &State| -> TeraResult<String> {
        let taxonomy = kwargs.must_get::<&str>("taxonomy")?;
        let term = kwargs.must_get::<&str>("term")?;
        let lang = current_lang(&kwargs, state, &s)?;
        match s.site.taxonomy(taxonomy) {
            Some(index) => Ok(s.site.term_url(&index.config, term, &lang)),
            None => Err(tera::Error::message(format!(
                "term_url(): the site has no taxonomy `{taxonomy}`"
            ))),
        }
    });

    let s = shared.clone();
    tera.register_function(
        "tagged",
        move |kwargs: Kwargs, state: &State| -> TeraResult<Vec<Value>> {
            let taxonomy = kwargs.must_get::<&str>("taxonomy")?;
            let term = kwargs.must_get::<&str>("term")?;
            let lang = current_lang(&kwargs, state, &s)?;
            Ok(tagged(&s, taxonomy, term, &lang))
        },
    );
}

/// Registers `data`, `theme_days` and `targets`: the site's data files, as a language reads them.
fn register_data_functions(tera: &mut Tera, shared: &Arc<Shared>) {
    let s = shared.clone();
    tera.register_function("data", move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
        let name = kwargs.must_get::<&str>("name")?;
        s.site
            .data
            .get(name)
            .map(Value::from_serializable)
            .ok_or_else(|| tera::Error::message(format!("data(): there is no data/{name}.yaml or data/{name}.csv")))
    });

    let s = shared.clone();
    tera.register_function(
        "theme_days",
        move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
            let lang = current_lang(&kwargs, state, &s)?;
            Ok(Value::from_serializable(&datafns::theme_days(
                &s.site.data,
                &lang,
                s.site.config.default_language(),
            )))
        },
    );

    let s = shared.clone();
    tera.register_function("targets", move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
        let lang = current_lang(&kwargs, state, &s)?;
        let headline = kwargs.get::<bool>("headline")?;
        let region = kwargs.get::<&str>("region")?;
        let rows: Vec<_> = datafns::targets(&s.site.data, &lang, s.site.config.default_language())
            .into_iter()
            .filter(|r| headline.is_none_or(|h| r.headline == h))
            .filter(|r| region.is_none_or(|g| r.region_id == g))
            .collect();
        Ok(Value::from_serializable(&rows))
    });
}
