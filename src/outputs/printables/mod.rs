//! Printables: every campaign's printed materials in every language (poster A3 and A4, banner,
//! sign, stickers, tip cards, leaflet), the wall chart of each language and each campaign's share
//! images, typeset by the print engine (`crate::print`) into PDFs for a print shop and for the
//! office printer and pictures of the same layout. Each material also has a page that shows its
//! picture and links its files, and the printables page lists them all.

pub mod content;
pub mod make;
pub mod qr;

use crate::diagnostics::Diagnostics;
use crate::output::Output;
use crate::render::context::{Shared, base_context, current_lang, write_rendered};
pub use crate::resolve::printables::{Kind, Printable, plan};
use crate::resolve::urls;
use serde::Serialize;
use std::sync::Arc;
use tera::{Kwargs, State, Tera, TeraResult, Value};

/// What templates show of a material.
#[derive(Debug, Clone, Serialize)]
pub struct PrintableView {
    pub kind: Kind,
    pub label: String,
    pub purpose: String,
    pub size: String,
    /// The material's own page.
    pub url: String,
    pub pdf_url: Option<String>,
    pub office_url: Option<String>,
    /// Its picture (the first page), and one per page.
    pub image_url: String,
    pub image_urls: Vec<String>,
    /// The picture's size in pixels.
    pub image_width: u32,
    pub image_height: u32,
    pub is_image: bool,
}

/// The size of a material in words: "A3（297 × 420 毫米）", "1200 × 630 像素".
fn size(shared: &Shared, printable: &Printable, lang: &str) -> String {
    let (w, h) = printable.kind.trim();
    let key = match printable.kind {
        Kind::PosterA3 => "size_a3",
        Kind::PosterA4 | Kind::Stickers | Kind::TipCards => "size_a4",
        Kind::Sign | Kind::Leaflet => "size_a4_landscape",
        Kind::WallChart => "size_a2",
        Kind::Banner => "size_banner",
        Kind::ShareLink | Kind::ShareMoments => "size_pixels",
    };
    let locale = crate::locale::Locale::of(lang, shared.site.config.default_language());
    shared
        .string(lang, key)
        .replace("{w}", &locale.number(w))
        .replace("{h}", &locale.number(h))
        .replace("{wcm}", &locale.number(w / 10.0))
        .replace("{hcm}", &locale.number(h / 10.0))
}

/// A material as a page in `lang` names it (a Uyghur page lists the Chinese materials of an
/// untranslated campaign in Uyghur).
pub fn view(shared: &Shared, printable: &Printable, lang: &str) -> PrintableView {
    let (width, height) = make::picture_size(printable.kind);
    PrintableView {
        kind: printable.kind,
        label: shared.string(lang, printable.kind.label_key()).to_owned(),
        purpose: shared.string(lang, printable.kind.purpose_key()).to_owned(),
        size: size(shared, printable, lang),
        url: printable.url.clone(),
        pdf_url: printable.pdf_url(),
        office_url: printable.office_url(),
        image_url: printable.image_url(),
        image_urls: (0..printable.kind.pages()).map(|p| printable.image_url_of(p)).collect(),
        image_width: width,
        image_height: height,
        is_image: printable.kind.is_image(),
    }
}

/// Registers `printables` (the materials of a campaign, for its page) and `share_image` (the
/// address of a campaign's link-preview picture, for `og:image`; without `key`, the site's).
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
                // An untranslated campaign has the materials of the language it is shown in.
                .filter(|p| {
                    p.campaign.is_some_and(|c| s.site.pages[c].key == key) && p.lang == s.site.shown_lang(key, &lang)
                })
                .map(|p| view(&s, p, &lang))
                .collect();
            Ok(Value::from_serializable(&list))
        },
    );
    let s = shared.clone();
    tera.register_function(
        "share_image",
        move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
            let key = kwargs.get::<&str>("key")?;
            let lang = current_lang(&kwargs, state, &s)?;
            let found = s.printables.iter().find(|p| {
                p.kind == Kind::ShareLink
                    && p.lang == lang
                    && match (key, p.campaign) {
                        (Some(key), Some(c)) => s.site.pages[c].key == key,
                        (None, None) => true,
                        _ => false,
                    }
            });
            Ok(match found {
                Some(p) => Value::from(urls::permalink(&s.site.config, &p.image_url())),
                None => Value::none(),
            })
        },
    );
}

/// The page of every material, and the printables page of each language (the files are made by
/// [`make::make_all`]).
pub fn render(shared: &Shared, tera: &Tera, printables: &[Printable], output: &Output, diagnostics: &mut Diagnostics) {
    if crate::render::context::has(tera, "printable.html") {
        for printable in printables.iter().filter(|p| !p.kind.is_image()) {
            render_page(shared, tera, printables, printable, output, diagnostics);
        }
    }
    if crate::render::context::has(tera, "printables.html") {
        render_index(shared, tera, printables, output, diagnostics);
    }
}

/// The page of a material: its picture, what it is for, its files.
fn render_page(
    shared: &Shared,
    tera: &Tera,
    printables: &[Printable],
    printable: &Printable,
    output: &Output,
    diagnostics: &mut Diagnostics,
) {
    let site = &shared.site;
    let lang = printable.lang.as_str();
    let mut context = base_context(shared, lang, &printable.url);
    let view = view(shared, printable, lang);
    let colour = printable
        .campaign
        .and_then(|i| site.pages[i].meta.color.clone())
        .unwrap_or_else(|| site.config.colors.primary.clone());
    context.insert("colour", &colour);
    let (subject, origin) = match printable.campaign {
        Some(index) => {
            context.insert("campaign_url", site.url(index));
            context.insert_value("page", shared.summary(index));
            (
                site.pages[index].meta.title.clone(),
                site.pages[index].file().display().to_string(),
            )
        }
        None => (
            shared.string(lang, "wall_chart_title").to_owned(),
            "the wall chart".to_owned(),
        ),
    };
    context.insert("title", &format!("{subject} · {}", view.label));
    context.insert("subject", &subject);
    context.insert("printable", &view);
    // The same material in the other languages, where the campaign has them.
    let same = |code: &str| {
        printables
            .iter()
            .find(|p| {
                p.lang == code
                    && p.kind == printable.kind
                    && match (p.campaign, printable.campaign) {
                        (Some(a), Some(b)) => site.pages[a].key == site.pages[b].key,
                        (None, None) => true,
                        _ => false,
                    }
            })
            .map(|p| p.url.clone())
    };
    context.insert(
        "translations",
        &crate::render::views::switcher(&site.config, lang, same),
    );
    write_rendered(
        shared,
        tera,
        "printable.html",
        &context,
        &printable.url,
        &origin,
        output,
        diagnostics,
    );
}

#[derive(Serialize)]
struct Group {
    title: String,
    /// `lang` and `dir` of the title when it is in another language than the page.
    text_attrs: String,
    url: String,
    color: Option<String>,
    items: Vec<PrintableView>,
}

/// The page listing every material, in each language.
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
        let mut library: Vec<PrintableView> = Vec::new();
        for printable in printables {
            let Some(index) = printable.campaign else {
                if printable.lang == lang {
                    library.push(view(shared, printable, lang));
                }
                continue;
            };
            let campaign = &site.pages[index];
            // An untranslated campaign lists the materials of the language it is shown in.
            if printable.lang != site.shown_lang(&campaign.key, lang) {
                continue;
            }
            let page = site.page(&campaign.key, lang).unwrap_or(index);
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
        let (url, mut context) = crate::render::context::same_path_context(shared, lang, "printables");
        context.insert("title", shared.string(lang, "printables_title"));
        context.insert("groups", &groups);
        context.insert("library", &library);
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
