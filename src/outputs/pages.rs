//! The pages of content/: each through its template (its own `template:`, else the template of
//! its kind), with its breadcrumbs, translations and the pages it lists.

use crate::content::{Page, PageKind, parent_key};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::escape::escape_xml;
use crate::output::Output;
use crate::render::context::{Link, Shared, base_context, has, tagged, write_rendered};
use crate::render::{markdown, views};
use crate::resolve::Site;
use std::collections::BTreeMap;
use tera::{Tera, Value};

fn template_for(shared: &Shared, tera: &Tera, index: usize) -> String {
    let page = &shared.site.pages[index];
    if let Some(template) = &page.meta.template {
        return template.clone();
    }
    kind_template(tera, page)
}

/// Templates of pages greenprint makes itself, with context no content page has.
const OWN_OUTPUT_TEMPLATES: &[&str] = &[
    "404.html",
    "search.html",
    "sitemap.html",
    "printables.html",
    "printable.html",
    "calculator.html",
    "calendar.html",
    "targets.html",
    "taxonomy.html",
    "term.html",
    "index.html",
    "base.html",
];

/// The template of the page's kind: `tip.html`, else `page.html`; a section's `tip_list.html`,
/// else `section.html`.
fn kind_template(tera: &Tera, page: &Page) -> String {
    let exists = |name: &str| has(tera, name);
    match page.kind {
        PageKind::Home => "index.html".into(),
        PageKind::Section => {
            let kind = page.meta.page_kind.unwrap_or(PageKind::Page);
            let specific = format!("{}_list.html", kind.as_str());
            if exists(&specific) {
                specific
            } else {
                "section.html".into()
            }
        }
        kind => {
            let specific = format!("{}.html", kind.as_str());
            if exists(&specific) {
                specific
            } else {
                "page.html".into()
            }
        }
    }
}

/// Writes page `index`, its Markdown already rendered.
pub fn render_page(
    shared: &Shared,
    tera: &Tera,
    index: usize,
    rendered: markdown::Rendered,
    output: &Output,
    diagnostics: &mut Diagnostics,
) {
    let site = &shared.site;
    let page = &site.pages[index];
    let url = site.url(index).to_owned();
    let mut context = base_context(shared, &page.lang, &url);
    context.insert_value("page", shared.summary(index));
    context.insert("title", &page.meta.title);
    if let Some(description) = &page.meta.description {
        context.insert("description", description);
    }
    context.insert("og_type", if page.is_section() { "website" } else { "article" });
    context.insert("body_kind", page.kind.as_str());
    context.insert_value("content", Value::safe_string(&rendered.html));
    // A contents list of the page's main headings: when it has more than three, or as `toc` says.
    let main_headings = rendered.toc.iter().filter(|h| h.level == 2).count();
    context.insert(
        "show_toc",
        &(main_headings > 0 && page.meta.toc.unwrap_or(rendered.toc.len() > 3)),
    );
    context.insert("toc", &rendered.toc);
    context.insert("has_code", &rendered.has_code);
    context.insert("translations", &views::translations(site, index));
    context.insert("untranslated_languages", &views::untranslated_languages(site, index));
    if !page.is_translated() {
        // The language's name is isolated in the sentence: 中文 inside Uyghur keeps its place.
        let text_language = site.config.language(page.text_lang());
        let name = format!(
            "<bdi lang=\"{}\">{}</bdi>",
            escape_xml(text_language.map(|l| l.html_lang()).unwrap_or(page.text_lang())),
            escape_xml(text_language.map(|l| l.name.as_str()).unwrap_or(page.text_lang()))
        );
        let notice = crate::theme::fill(
            &escape_xml(shared.string(&page.lang, "shown_untranslated")),
            &[("language", &name)],
        );
        context.insert_value("untranslated_notice", Value::safe_string(&notice));
    }
    context.insert("breadcrumbs", &breadcrumbs(site, index));
    if page.is_section() {
        let children: Vec<Value> = site
            .children(&page.key, &page.lang)
            .iter()
            .map(|&i| shared.summary(i))
            .collect();
        let subsections: Vec<Value> = site
            .subsections(&page.key, &page.lang)
            .iter()
            .map(|&i| shared.summary(i))
            .collect();
        context.insert_value("pages", Value::from(children));
        context.insert_value("subsections", Value::from(subsections));
    }
    // A page that is a term of a section-backed taxonomy (a campaign) lists what carries it.
    let mut related: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for taxonomy in &site.taxonomies {
        if taxonomy.config.section.as_deref() == Some(page.section.as_str()) && !page.is_section() {
            related.insert(
                taxonomy.config.name.clone(),
                tagged(shared, &taxonomy.config.name, &page.slug_key(), &page.lang),
            );
        }
    }
    context.insert("related", &related);
    let mut template = template_for(shared, tera, index);
    if OWN_OUTPUT_TEMPLATES.contains(&template.as_str()) && page.meta.template.is_some() {
        // Hugo's `layout: search` names greenprint's search page, which is made on its own.
        diagnostics.push(
            Diagnostic::warning(format!(
                "`{template}` is the template of a page greenprint makes itself, not of a page of content/: the page uses the template of its kind"
            ))
            .in_file(page.file())
            .hint("remove `template`, `type` or `layout` from the front matter; greenprint publishes its own search page, site map and 404 page"),
        );
        template = kind_template(tera, page);
    }
    if !has(tera, &template) {
        diagnostics.push(missing_template(shared, tera, page, &template));
        // A template of the tool a site moved in from: the page still gets its kind's own.
        template = kind_template(tera, page);
        if !has(tera, &template) {
            return;
        }
    }
    write_rendered(
        shared,
        tera,
        &template,
        &context,
        &url,
        &page.file().display().to_string(),
        output,
        diagnostics,
    );
}

/// The warning for a page whose `template:` (or Hugo's `type` or `layout`) names a template the
/// theme does not have.
fn missing_template(shared: &Shared, tera: &Tera, page: &Page, template: &str) -> Diagnostic {
    // Page templates, not the partials and printables they include.
    let names: Vec<&str> = tera
        .get_template_names()
        .filter(|n| !n.starts_with("partials_") && *n != "base.html" && *n != "printable_base.html")
        .collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    let hint = match crate::diagnostics::did_you_mean(template, names.iter().copied()) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!("the theme's templates are: {}", sorted.join(", ")),
    };
    let file = page.file();
    // The front matter starts on the file's second line; Hugo names it `type` or `layout`.
    let line = page
        .front
        .lines()
        .position(|l| {
            let l = l.trim_start();
            ["template", "type", "layout"].iter().any(|key| {
                l.strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with([':', '=']))
            })
        })
        .map(|i| i + 2);
    let diagnostic = Diagnostic::warning(format!(
        "`{template}` is not a template of the theme `{}`: the page uses the template of its kind",
        shared.site.config.theme
    ))
    .in_file(&file)
    .hint(hint);
    match line {
        Some(line) => {
            let text = crate::decode::read_text(&shared.site.root.join(&file));
            diagnostic.at(&text, line, 1)
        }
        None => diagnostic,
    }
}

fn breadcrumbs(site: &Site, index: usize) -> Vec<Link> {
    let page = &site.pages[index];
    let mut crumbs = Vec::new();
    if page.kind == PageKind::Home {
        return crumbs;
    }
    let mut section = page.section.clone();
    loop {
        if let Some(i) = site.page(&section, &page.lang) {
            crate::deps::read(crate::deps::Input::Page(i));
            crumbs.push(Link {
                title: site.pages[i].meta.title.clone(),
                url: site.url(i).to_owned(),
                active: false,
                text_attrs: views::text_attrs(&site.config, &page.lang, site.pages[i].text_lang()),
            });
        }
        if section.is_empty() {
            break;
        }
        section = parent_key(&section).to_owned();
    }
    crumbs.reverse();
    crumbs
}
