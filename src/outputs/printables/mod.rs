//! Printables: for every campaign and language, an A4 and an A3 poster and an A4 sheet of eight
//! cut-out tip cards, plus a page listing them all. Each is an HTML page sized to exactly one
//! sheet; `pdf` turns them into PDFs with a headless Chromium.

pub mod fit;
pub mod qr;

use crate::content::Page;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Output;
use crate::render::context::{Shared, base_context, current_lang, tagged, write_rendered};
pub use crate::resolve::printables::{Format, Printable, plan};
use crate::resolve::{Site, urls};
use serde::Serialize;
use std::sync::Arc;
use tera::{Kwargs, State, Tera, TeraResult, Value};

/// What templates show of a printable.
#[derive(Debug, Clone, Serialize)]
pub struct PrintableView {
    pub format: Format,
    pub label: String,
    pub size: String,
    pub url: String,
    pub pdf_url: Option<String>,
}

/// A printable as a page in `lang` names it (a Uyghur page lists the Chinese posters of an
/// untranslated campaign in Uyghur).
pub fn view(shared: &Shared, printable: &Printable, lang: &str) -> PrintableView {
    PrintableView {
        format: printable.format,
        label: shared.string(lang, printable.format.label_key()).to_owned(),
        size: shared
            .string(
                lang,
                if printable.format.paper() == "a3" {
                    "size_a3"
                } else {
                    "size_a4"
                },
            )
            .to_owned(),
        url: printable.url.clone(),
        pdf_url: shared.pdf.then(|| printable.pdf_url()),
    }
}

/// Registers `printables` (the printables of a campaign, for its page).
pub fn register_functions(tera: &mut Tera, shared: &Arc<Shared>) {
    let s = shared.clone();
    tera.register_function(
        "printables",
        move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
            let key = kwargs.must_get::<&str>("key")?;
            let lang = current_lang(&kwargs, state, &s)?;
            let list: Vec<_> = s
                .printables
                .iter()
                // An untranslated campaign has the printables of the language it is shown in.
                .filter(|p| s.site.pages[p.campaign].key == key && p.lang == s.site.shown_lang(key, &lang))
                .map(|p| view(&s, p, &lang))
                .collect();
            Ok(Value::from_serializable(&list))
        },
    );
}

// The poster's geometry on A4, in millimetres; A3 is the same scaled by √2 (poster.css uses the
// same numbers through --u).
const CONTENT_WIDTH: f64 = 182.0;
const ACTION_WIDTH: f64 = 166.0;
/// What is left for the title, slogan and actions once the header's padding, the brand row, the
/// body's padding and the footer with the QR code are taken from 297 mm; 4 % is kept in reserve.
const AVAILABLE: f64 = (297.0 - 35.0 - 16.0 - 62.0) * 0.96;
const MAX_ACTIONS: usize = 6;
const MIN_ACTIONS: usize = 3;

#[derive(Serialize)]
struct Line {
    text: String,
    secondary: Option<String>,
}

#[derive(Serialize)]
struct Poster {
    paper: &'static str,
    title: String,
    title_secondary: Option<String>,
    slogan: String,
    slogan_secondary: Option<String>,
    actions: Vec<Line>,
    lead_units: Vec<String>,
    color: String,
    qr: String,
    permalink: String,
    scale: f64,
}

/// The page in the language shown beneath the main text on bilingual posters.
fn secondary(site: &Site, index: usize) -> Option<usize> {
    let page = &site.pages[index];
    if !site.config.build.bilingual_posters || page.lang != site.config.default_language() {
        return None;
    }
    let other = site.config.languages.iter().find(|l| l.code != page.lang)?;
    site.page(&page.key, &other.code)
}

/// The poster's lines before fitting: the key actions, or related tips where there are fewer
/// than three, at most six.
fn poster_lines(shared: &Shared, index: usize) -> Vec<Line> {
    let site = &shared.site;
    let page = &site.pages[index];
    let other = secondary(site, index).map(|i| &site.pages[i]);
    let mut lines: Vec<Line> = page
        .meta
        .key_actions
        .iter()
        .enumerate()
        .map(|(n, text)| Line {
            text: text.clone(),
            secondary: other.and_then(|o| o.meta.key_actions.get(n).cloned()),
        })
        .collect();
    if lines.len() < MIN_ACTIONS {
        for tip in tagged(shared, "campaigns", &page.slug_key(), &page.lang) {
            if lines.len() >= MIN_ACTIONS {
                break;
            }
            if let Some(title) = tip.get_from_path("title").and_then(Value::as_str) {
                lines.push(Line {
                    text: title.to_owned(),
                    secondary: None,
                });
            }
        }
    }
    lines
}

/// Down to 90 % the poster is still as designed; below that, or with lines left off, the
/// author should know (once, on the A4 poster).
fn warn_when_too_full(
    printable: &Printable,
    page: &Page,
    scale: f64,
    dropped: usize,
    over_design: usize,
    diagnostics: &mut Diagnostics,
) {
    if printable.format == Format::PosterA4 && (scale < 0.9 || dropped > 0) {
        let mut what = Vec::new();
        if scale < 1.0 {
            what.push(format!(
                "the type was made {}% smaller",
                ((1.0 - scale) * 100.0).round()
            ));
        }
        if dropped > 0 {
            what.push(format!("{dropped} of its key actions were left off"));
        }
        diagnostics.push(
            Diagnostic::warning(format!(
                "the {} posters of this campaign are too full to fit one sheet: {}",
                page.lang,
                what.join(" and ")
            ))
            .in_file(page.file())
            .hint("shorten the slogan or the key actions, or keep to at most six short key actions"),
        );
    } else if printable.format == Format::PosterA4 && over_design > 0 {
        diagnostics.push(
            Diagnostic::warning(format!(
                "posters show six key actions; {over_design} more are on the web page only"
            ))
            .in_file(page.file())
            .hint("put the six most important key actions first"),
        );
    }
}

/// The poster's QR code of the page's address, or an error when the address is too long.
fn poster_qr(shared: &Shared, page: &Page, permalink: &str, diagnostics: &mut Diagnostics) -> String {
    qr::svg(
        permalink,
        &format!("{} {}", shared.string(&page.lang, "scan_for_more"), permalink),
    )
    .unwrap_or_else(|| {
        diagnostics.push(
            Diagnostic::error(format!(
                "the poster of this campaign cannot have its QR code: the page's address is {} characters long, too long for a QR code",
                permalink.chars().count()
            ))
            .in_file(page.file())
            .hint("shorten the page's `slug:` or the site's `base_url`; a QR code holds an address of up to about 2,000 characters"),
        );
        String::new()
    })
}

/// Builds a poster and says, as a warning, when its text had to shrink or lose lines to fit.
fn poster(shared: &Shared, printable: &Printable, diagnostics: &mut Diagnostics) -> Poster {
    let site = &shared.site;
    let page = &site.pages[printable.campaign];
    let other = secondary(site, printable.campaign).map(|i| &site.pages[i]);
    let mut actions = poster_lines(shared, printable.campaign);
    let over_design = actions.len().saturating_sub(MAX_ACTIONS);
    actions.truncate(MAX_ACTIONS);

    let slogan = page.meta.slogan.clone().unwrap_or_default();
    let mut fixed = vec![
        fit::Block {
            text: &page.meta.title,
            font: 20.0,
            line_height: 1.15,
            width: CONTENT_WIDTH,
            gap: 4.0,
        },
        fit::Block {
            text: &slogan,
            font: 10.0,
            line_height: 1.3,
            width: CONTENT_WIDTH,
            gap: 0.0,
        },
    ];
    if let Some(o) = other {
        fixed.push(fit::Block {
            text: &o.meta.title,
            font: 8.0,
            line_height: 1.2,
            width: CONTENT_WIDTH,
            gap: 2.0,
        });
        if let Some(s) = &o.meta.slogan {
            fixed.push(fit::Block {
                text: s,
                font: 5.5,
                line_height: 1.3,
                width: CONTENT_WIDTH,
                gap: 0.0,
            });
        }
    }
    let items: Vec<Vec<fit::Block>> = actions
        .iter()
        .map(|line| {
            let mut blocks = vec![fit::Block {
                text: &line.text,
                font: 6.5,
                line_height: 1.4,
                width: ACTION_WIDTH,
                gap: 4.0,
            }];
            if let Some(s) = &line.secondary {
                blocks.push(fit::Block {
                    text: s,
                    font: 4.2,
                    line_height: 1.35,
                    width: ACTION_WIDTH,
                    gap: 0.0,
                });
            }
            blocks
        })
        .collect();
    let fitted = fit::fit(&fixed, &items, AVAILABLE, MIN_ACTIONS);
    drop(items);
    drop(fixed);
    let dropped = actions.len() - fitted.kept;
    actions.truncate(fitted.kept);
    warn_when_too_full(printable, page, fitted.scale, dropped, over_design, diagnostics);
    let permalink = site.permalink(printable.campaign);
    Poster {
        paper: printable.format.paper(),
        title: page.meta.title.clone(),
        title_secondary: other.map(|o| o.meta.title.clone()),
        slogan,
        slogan_secondary: other.and_then(|o| o.meta.slogan.clone()),
        actions,
        lead_units: crate::render::views::summary(site, printable.campaign)
            .lead_units
            .into_iter()
            .map(|u| u.name)
            .collect(),
        color: page
            .meta
            .color
            .clone()
            .unwrap_or_else(|| site.config.colors.primary.clone()),
        qr: poster_qr(shared, page, &permalink, diagnostics),
        permalink,
        scale: fitted.scale,
    }
}

#[derive(Serialize)]
struct Card {
    item: Value,
    mark: String,
    mark_color: &'static str,
    show_description: bool,
}

const CARDS_PER_SHEET: usize = 8;
const MARK_COLOURS: [&str; 10] = [
    "#1d6b3b", "#0b5c8a", "#8a4b00", "#6a1b9a", "#00695c", "#9e2a3a", "#37474f", "#1d5fa6", "#795032", "#2e7d32",
];

/// The eight tips of a campaign's card sheet: those with savings figures first.
fn cards(shared: &Shared, printable: &Printable) -> Vec<Card> {
    let site = &shared.site;
    let page = &site.pages[printable.campaign];
    let mut tips = tagged(shared, "campaigns", &page.slug_key(), &page.lang);
    tips.sort_by_key(|t| t.get_from_path("savings").is_none_or(Value::is_none));
    let categories: Vec<String> = site
        .data
        .get("terms")
        .and_then(|t| t.get("categories"))
        .and_then(|c| c.as_object())
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    tips.into_iter()
        .take(CARDS_PER_SHEET)
        .map(|item| {
            let category = item
                .get_from_path("terms.categories")
                .and_then(|c| c.as_array())
                .and_then(|c| c.first())
                .cloned();
            let id = category
                .as_ref()
                .and_then(|c| c.get_from_path("id"))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            let label = category
                .as_ref()
                .and_then(|c| c.get_from_path("label"))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            let position = categories.iter().position(|c| *c == id).unwrap_or(0);
            let description = item.get_from_path("description").and_then(Value::as_str).unwrap_or("");
            Card {
                show_description: fit::lines(description, 3.6, 83.0) <= 4,
                mark: label,
                mark_color: MARK_COLOURS[position % MARK_COLOURS.len()],
                item,
            }
        })
        .collect()
}

/// Writes every printable's HTML page.
pub fn render(shared: &Shared, tera: &Tera, printables: &[Printable], output: &Output, diagnostics: &mut Diagnostics) {
    for printable in printables {
        let site = &shared.site;
        let page = &site.pages[printable.campaign];
        let mut context = base_context(shared, &page.lang, &printable.url);
        context.insert(
            "title",
            &format!(
                "{} · {}",
                page.meta.title,
                shared.string(&page.lang, printable.format.label_key())
            ),
        );
        context.insert("printable", &view(shared, printable, &printable.lang));
        context.insert("campaign_url", site.url(printable.campaign));
        context.insert_value("page", shared.summary(printable.campaign));
        let template = match printable.format {
            Format::Cards => {
                context.insert("cards", &cards(shared, printable));
                "tip_cards.html"
            }
            _ => {
                context.insert("poster", &poster(shared, printable, diagnostics));
                "poster.html"
            }
        };
        write_rendered(
            shared,
            tera,
            template,
            &context,
            &printable.url,
            &page.file().display().to_string(),
            output,
            diagnostics,
        );
    }
}

#[derive(Serialize)]
struct Group {
    title: String,
    /// ` lang=... dir=...` when the campaign is shown from another language.
    text_attrs: String,
    url: String,
    color: Option<String>,
    items: Vec<PrintableView>,
}

/// The page listing every printable, in each language.
pub fn render_index(
    shared: &Shared,
    tera: &Tera,
    printables: &[Printable],
    output: &Output,
    diagnostics: &mut Diagnostics,
) {
    let site = &shared.site;
    for language in &site.config.languages {
        let lang = language.code.as_str();
        let mut groups: Vec<Group> = Vec::new();
        // An untranslated campaign lists the printables of the language it is shown in.
        let shown = |p: &&Printable| p.lang == site.shown_lang(&site.pages[p.campaign].key, lang);
        for printable in printables.iter().filter(shown) {
            let campaign = &site.pages[printable.campaign];
            let page = site.page(&campaign.key, lang).unwrap_or(printable.campaign);
            if groups.last().is_none_or(|g| g.url != site.url(page)) {
                groups.push(Group {
                    title: campaign.meta.title.clone(),
                    text_attrs: crate::render::views::text_attrs(&site.config, lang, &campaign.lang),
                    url: site.url(page).to_owned(),
                    color: campaign.meta.color.clone(),
                    items: Vec::new(),
                });
            }
            if let Some(group) = groups.last_mut() {
                group.items.push(view(shared, printable, lang));
            }
        }
        let url = urls::url_path(&site.config, lang, "printables");
        let mut context = base_context(shared, lang, &url);
        context.insert("title", shared.string(lang, "printables_title"));
        context.insert("groups", &groups);
        context.insert(
            "translations",
            &site
                .config
                .languages
                .iter()
                .map(|l| {
                    let u = urls::url_path(&site.config, &l.code, "printables");
                    crate::render::views::TranslationView {
                        lang: l.code.clone(),
                        name: l.name.clone(),
                        html_lang: l.html_lang.clone().unwrap_or_else(|| l.code.clone()),
                        permalink: urls::permalink(&site.config, &u),
                        url: u,
                        current: l.code == lang,
                        exists: true,
                    }
                })
                .collect::<Vec<_>>(),
        );
        write_rendered(
            shared,
            tera,
            "printables.html",
            &context,
            &url,
            "the printables page",
            output,
            diagnostics,
        );
    }
}
