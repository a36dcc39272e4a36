//! What each material says: the data its design is typeset from (`data.json` of the design), in
//! the material's language, with numbers kept with their units.

use super::qr;
use crate::color;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::context::{Shared, tagged_pages};
use crate::render::views::{self, Summary};
use crate::resolve::printables::{Kind, Printable};
use crate::typography::glue;
use serde_json::{Value, json};

/// Which sheet the design makes: for a print shop (bleed, crop marks; the office form and the
/// pictures are made from it), or the trimmed sheet alone (the share images).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    PrintShop,
    Picture,
}

impl Form {
    fn as_str(self) -> &'static str {
        match self {
            Form::PrintShop => "print",
            Form::Picture => "preview",
        }
    }
}

/// Posters show at most six key actions, at least three (related tips make up the number).
pub const MAX_ACTIONS: usize = 6;
const MIN_ACTIONS: usize = 3;
/// The QR code's side on the A4 poster (the code, without its quiet zone): at least 40 mm, to be
/// scanned from a few metres. The A3 poster is the A4 one enlarged (see `make`), so its code is
/// √2 as large: at least 60 mm.
const QR_MM_A4: f64 = 43.0;
/// How much larger the A3 poster is than the A4 one.
pub const ENLARGED: f64 = std::f64::consts::SQRT_2;
const STICKERS: usize = 24;
const CARDS: usize = 8;

/// The pictogram of a tip category (designs/lib.typ draws these), or the leaf.
fn category_icon(id: &str) -> &'static str {
    match id {
        "electricity" => "electricity",
        "water" => "water",
        "heating-cooling" => "heating-cooling",
        "transport" => "transport",
        "food" => "food",
        "waste" => "waste",
        "shopping" => "shopping",
        "office" => "office",
        "school" => "school",
        "community" => "community",
        _ => "leaf",
    }
}

/// Words that say what an action is about, in the languages of the bundled site, for its
/// pictogram: the category whose word comes first in the text wins.
const ACTION_WORDS: &[(&str, &[&str])] = &[
    (
        "heating-cooling",
        &[
            "空调",
            "温度",
            "供暖",
            "暖气",
            "air condition",
            "heating",
            "thermostat",
            "°C",
            "℃",
        ],
    ),
    (
        "electricity",
        &["灯", "电", "light", "electric", "power", "switch", "energy"],
    ),
    ("water", &["水", "water", "tap"]),
    (
        "transport",
        &[
            "步行", "骑", "公交", "地铁", "出行", "车", "walk", "cycl", "bike", "bus", "car ", "cars", "commut",
            "metro",
        ],
    ),
    ("food", &["粮", "餐", "食", "光盘", "food", "meal", "leftover"]),
    (
        "waste",
        &["垃圾", "回收", "分类", "旧", "recycl", "waste", "sort", "rubbish"],
    ),
    ("shopping", &["购", "买", "袋", "包装", "buy", "shop", "bag", "packag"]),
    (
        "office",
        &["纸", "打印", "办公", "会议", "paper", "print", "office", "meeting"],
    ),
    ("school", &["学", "书", "课", "school", "book", "class", "stud"]),
    (
        "community",
        &[
            "植树",
            "社区",
            "邻",
            "tree",
            "plant",
            "neighbour",
            "communit",
            "volunteer",
        ],
    ),
];

pub fn action_icon(text: &str) -> &'static str {
    let lower = text.to_lowercase();
    ACTION_WORDS
        .iter()
        .filter_map(|(icon, words)| {
            words
                .iter()
                .filter_map(|w| lower.find(&w.to_lowercase()))
                .min()
                .map(|at| (at, *icon))
        })
        .min()
        .map(|(_, icon)| icon)
        .unwrap_or("leaf")
}

/// The campaign's own pictogram: from what its address says it is about, else from the
/// category most of its tips are in.
fn campaign_icon(slug: &str, tips: &[Summary]) -> &'static str {
    const SLUGS: &[(&str, &str)] = &[
        ("office", "office"),
        ("famil", "home"),
        ("school", "school"),
        ("communit", "community"),
        ("commut", "transport"),
        ("mall", "shopping"),
        ("shop", "shopping"),
        ("building", "building"),
    ];
    if let Some((_, icon)) = SLUGS.iter().find(|(word, _)| slug.contains(word)) {
        return icon;
    }
    themes(tips, 1).first().copied().unwrap_or("leaf")
}

/// The categories most of `tips` are in, as pictograms, most common first.
fn themes(tips: &[Summary], count: usize) -> Vec<&'static str> {
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for tip in tips {
        for term in tip.terms.get("categories").into_iter().flatten() {
            let icon = category_icon(&term.id);
            match counts.iter_mut().find(|(i, _)| *i == icon) {
                Some(entry) => entry.1 += 1,
                None => counts.push((icon, 1)),
            }
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts
        .into_iter()
        .filter(|(i, _)| *i != "leaf")
        .take(count)
        .map(|(i, _)| i)
        .collect()
}

/// The colour of the campaign as CMYK percentages.
fn cmyk(hex: &str) -> [f64; 4] {
    let (r, g, b) = color::parse_hex(hex).unwrap_or((29, 107, 59));
    let (r, g, b) = (f64::from(r) / 255.0, f64::from(g) / 255.0, f64::from(b) / 255.0);
    let k = 1.0 - r.max(g).max(b);
    if k >= 1.0 {
        return [0.0, 0.0, 0.0, 100.0];
    }
    let c = |x: f64| ((1.0 - x - k) / (1.0 - k) * 100.0).round();
    [c(r), c(g), c(b), (k * 100.0).round()]
}

/// The short address printed under a QR code: without `https://` and the trailing slash.
fn short_address(permalink: &str) -> String {
    permalink
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned()
}

/// A tip's yearly savings in words, e.g. "每年约可节省 202 千瓦时 · 约 101 元".
pub fn saving_line(shared: &Shared, lang: &str, tip: &Summary) -> Option<String> {
    let s = tip.savings.as_ref()?;
    let t = |key| shared.string(lang, key);
    let locale = crate::locale::Locale::of(lang, shared.site.config.default_language());
    let n = |v: f64| locale.number(v);
    let mut parts = Vec::new();
    if s.kwh > 0.0 {
        parts.push(format!("{} {}", n(s.kwh), t("unit_kwh")));
    }
    if s.water_m3 > 0.0 {
        parts.push(format!("{} {}", n(s.water_m3), t("unit_m3_water")));
    }
    if s.petrol_litres > 0.0 {
        parts.push(format!("{} {}", n(s.petrol_litres), t("unit_litres_petrol")));
    }
    if parts.is_empty() {
        return None;
    }
    let mut line = format!("{} {}", t("saves_per_year"), parts.join(" "));
    if s.yuan > 0.0 {
        line.push_str(&format!(
            " · {}{}{}",
            t("about_yuan_before"),
            n(s.yuan),
            t("about_yuan_after")
        ));
    }
    Some(glue(&line))
}

struct Campaign {
    page: Summary,
    tips: Vec<Summary>,
}

impl Campaign {
    fn new(shared: &Shared, index: usize) -> Campaign {
        let site = &shared.site;
        let page = views::summary(site, index);
        let tips = tagged_pages(site, "campaigns", &site.pages[index].slug_key(), &page.lang)
            .into_iter()
            // A material is in one language: tips shown from another language stay off it.
            .filter(|&i| site.pages[i].is_translated())
            .map(|i| views::summary(site, i))
            .collect();
        Campaign { page, tips }
    }

    fn lead(&self) -> Vec<String> {
        self.page.lead_units.iter().map(|u| glue(&u.name)).collect()
    }
}

/// The text and settings every design reads.
fn common(
    shared: &Shared,
    printable: &Printable,
    form: Form,
    fonts: &[String],
    title: &str,
) -> serde_json::Map<String, Value> {
    let site = &shared.site;
    let lang = printable.lang.as_str();
    let language = site.config.language(lang);
    let dir = language.map(|l| l.dir.as_str()).unwrap_or("ltr");
    let (w, h) = printable.kind.trim();
    let publisher = site
        .config
        .publisher
        .as_ref()
        .unwrap_or(&site.config.title)
        .get(lang, site.config.default_language())
        .to_owned();
    let label = shared.string(lang, printable.kind.label_key());
    let mut map = serde_json::Map::new();
    map.insert("form".into(), json!(form.as_str()));
    map.insert("trim".into(), json!([w, h]));
    map.insert("lang".into(), json!(lang));
    map.insert("dir".into(), json!(dir));
    map.insert("fonts".into(), json!(fonts));
    map.insert("doc_title".into(), json!(format!("{title} · {label}")));
    map.insert("publisher".into(), json!(glue(&publisher)));
    map
}

fn labels(shared: &Shared, lang: &str, keys: &[(&str, &str)]) -> Value {
    Value::Object(
        keys.iter()
            .map(|(name, key)| ((*name).to_owned(), json!(shared.string(lang, key))))
            .collect(),
    )
}

/// The poster's key actions: its own, then related tips up to three, at most six. Also says how
/// many of its key actions are on the web page only.
fn poster_actions(c: &Campaign, other: Option<&Summary>) -> (Vec<Value>, usize) {
    let mut list: Vec<Value> = c
        .page
        .key_actions
        .iter()
        .enumerate()
        .map(|(n, text)| {
            json!({
                "text": glue(text),
                "icon": action_icon(text),
                "secondary": other.and_then(|o| o.key_actions.get(n)).map(|s| glue(s)),
            })
        })
        .collect();
    for tip in &c.tips {
        if list.len() >= MIN_ACTIONS {
            break;
        }
        let icon = tip
            .terms
            .get("categories")
            .and_then(|t| t.first())
            .map(|t| category_icon(&t.id))
            .unwrap_or("leaf");
        list.push(json!({"text": glue(&tip.title), "icon": icon, "secondary": null}));
    }
    let over = list.len().saturating_sub(MAX_ACTIONS);
    list.truncate(MAX_ACTIONS);
    (list, over)
}

/// The page in the language printed beside the main one on bilingual posters.
fn second_language(shared: &Shared, index: usize) -> Option<Summary> {
    let site = &shared.site;
    let page = &site.pages[index];
    if !site.config.build.bilingual_posters || page.lang != site.config.default_language() {
        return None;
    }
    let other = site.config.languages.iter().find(|l| l.code != page.lang)?;
    site.page(&page.key, &other.code).map(|i| views::summary(site, i))
}

/// The QR code of an address as rows of "1" and "0", or an error naming the page.
fn qr_rows(shared: &Shared, index: usize, permalink: &str, diagnostics: &mut Diagnostics) -> Vec<String> {
    qr::rows(permalink).unwrap_or_else(|| {
        diagnostics.push(
            Diagnostic::error(format!(
                "the printed materials of this campaign cannot have a QR code: the page's address is {} characters long, too long for a QR code",
                permalink.chars().count()
            ))
            .in_file(shared.site.pages[index].file())
            .hint("shorten the page's `slug:` or the site's `base_url`; a QR code holds an address of up to about 2,000 characters"),
        );
        Vec::new()
    })
}

/// Where a campaign's materials come from, for warnings.
pub fn source_file(shared: &Shared, printable: &Printable) -> Option<std::path::PathBuf> {
    printable.campaign.map(|i| shared.site.pages[i].file().to_path_buf())
}

/// The data of a campaign's material.
pub fn data(
    shared: &Shared,
    printable: &Printable,
    form: Form,
    fonts: &[String],
    diagnostics: &mut Diagnostics,
) -> Value {
    let Some(index) = printable.campaign else {
        return match printable.kind {
            Kind::ShareLink => site_share_data(shared, printable, form, fonts),
            _ => wall_chart_data(shared, printable, form, fonts),
        };
    };
    let c = Campaign::new(shared, index);
    let lang = printable.lang.as_str();
    let page = &c.page;
    let mut map = common(shared, printable, form, fonts, &page.title);
    let colour = page
        .color
        .clone()
        .unwrap_or_else(|| shared.site.config.colors.primary.clone());
    let permalink = page.permalink.clone();
    map.insert("colour".into(), json!(cmyk(&colour)));
    map.insert("title".into(), json!(glue(&page.title)));
    map.insert(
        "slogan".into(),
        json!(glue(page.slogan.as_deref().unwrap_or(&page.title))),
    );
    map.insert("icon".into(), json!(campaign_icon(&page.slug, &c.tips)));
    map.insert("address".into(), json!(short_address(&permalink)));
    map.insert("qr".into(), json!(qr_rows(shared, index, &permalink, diagnostics)));
    map.insert("lead".into(), json!(c.lead()));
    match printable.kind {
        Kind::PosterA3 | Kind::PosterA4 => {
            let other = second_language(shared, index);
            let (actions, over) = poster_actions(&c, other.as_ref());
            map.insert("actions".into(), json!(actions));
            map.insert("over_design".into(), json!(over));
            map.insert("themes".into(), json!(themes(&c.tips, 3)));
            map.insert(
                "qr_mm".into(),
                json!(if printable.kind == Kind::PosterA3 {
                    QR_MM_A4 * ENLARGED
                } else {
                    QR_MM_A4
                }),
            );
            let both = |key: &str| match &other {
                Some(o) => format!("{} · {}", shared.string(lang, key), shared.string(&o.lang, key)),
                None => shared.string(lang, key).to_owned(),
            };
            map.insert(
                "labels".into(),
                json!({
                    "lead": both("lead_units"),
                    "publisher": both("published_by"),
                    "scan": both("scan_for_more"),
                    "list_sep": shared.string(lang, "list_separator"),
                }),
            );
            map.insert(
                "second".into(),
                match &other {
                    Some(o) => {
                        let dir = shared.site.config.language(&o.lang).map(|l| l.dir.as_str()).unwrap_or("ltr");
                        json!({"lang": o.lang, "dir": dir, "title": glue(&o.title), "slogan": glue(o.slogan.as_deref().unwrap_or(&o.title))})
                    }
                    None => Value::Null,
                },
            );
        }
        Kind::Sign => {
            let action = page.key_actions.first().or(c.tips.first().map(|t| &t.title));
            map.insert("action".into(), json!(action.map(|a| glue(a)).unwrap_or_default()));
        }
        Kind::Stickers => {
            let mut kinds: Vec<String> = Vec::new();
            for tip in &c.tips {
                for term in tip.terms.get("categories").into_iter().flatten() {
                    if !kinds.contains(&term.id) {
                        kinds.push(term.id.clone());
                    }
                }
            }
            let stickers: Vec<Value> = kinds
                .iter()
                .map(|id| {
                    let text = shared
                        .find_string(lang, &format!("reminder_{}", id.replace('-', "_")))
                        .map(str::to_owned)
                        .or_else(|| {
                            c.tips
                                .iter()
                                .flat_map(|t| t.terms.get("categories").into_iter().flatten())
                                .find(|t| &t.id == id)
                                .map(|t| t.label.clone())
                        })
                        .unwrap_or_else(|| id.clone());
                    json!({"text": glue(&text), "icon": category_icon(id)})
                })
                .collect();
            let sheet: Vec<Value> = stickers
                .iter()
                .cycle()
                .take(if stickers.is_empty() { 0 } else { STICKERS })
                .cloned()
                .collect();
            map.insert("stickers".into(), json!(sheet));
        }
        Kind::TipCards => {
            map.insert("cards".into(), json!(cards(shared, lang, &c.tips)));
            map.insert(
                "footer".into(),
                json!(format!(
                    "{} · {}",
                    glue(&page.title),
                    map["publisher"].as_str().unwrap_or("")
                )),
            );
        }
        Kind::Leaflet => {
            let mut with_savings: Vec<&Summary> = c.tips.iter().filter(|t| t.savings.is_some()).collect();
            with_savings.truncate(5);
            map.insert(
                "savings".into(),
                json!(
                    with_savings
                        .iter()
                        .filter_map(|t| Some(json!({"title": glue(&t.title), "saving": saving_line(shared, lang, t)?})))
                        .collect::<Vec<_>>()
                ),
            );
            map.insert(
                "partners".into(),
                json!(page.partner_units.iter().map(|u| glue(&u.name)).collect::<Vec<_>>()),
            );
            map.insert(
                "audience".into(),
                json!(glue(page.audience.as_deref().unwrap_or(&page.description))),
            );
            map.insert(
                "goal".into(),
                json!(glue(page.goal.as_deref().unwrap_or(&page.description))),
            );
            map.insert(
                "actions".into(),
                json!(
                    page.key_actions
                        .iter()
                        .map(|a| json!({"text": glue(a), "icon": action_icon(a)}))
                        .collect::<Vec<_>>()
                ),
            );
            map.insert(
                "tips".into(),
                json!(c.tips
                    .iter()
                    .filter(|t| t.savings.is_none())
                    .take(6)
                    .map(|t| json!({"title": glue(&t.title), "description": (!t.description.is_empty()).then(|| glue(&t.description))}))
                    .collect::<Vec<_>>()),
            );
            map.insert(
                "labels".into(),
                labels(
                    shared,
                    lang,
                    &[
                        ("savings", "leaflet_savings"),
                        ("savings_note", "leaflet_savings_note"),
                        ("lead", "lead_units"),
                        ("partners", "partner_units"),
                        ("scan", "scan_for_more"),
                        ("audience", "leaflet_audience"),
                        ("goal", "leaflet_goal"),
                        ("actions", "leaflet_actions"),
                        ("tips", "leaflet_tips"),
                        ("list_sep", "list_separator"),
                    ],
                ),
            );
        }
        Kind::Banner => {}
        Kind::ShareLink | Kind::ShareMoments => {
            map.insert("labels".into(), labels(shared, lang, &[("scan", "scan_for_more")]));
        }
        Kind::WallChart => {}
    }
    Value::Object(map)
}

/// Up to eight cards: tips with savings figures first.
fn cards(shared: &Shared, lang: &str, tips: &[Summary]) -> Vec<Value> {
    let mut ordered: Vec<&Summary> = tips.iter().collect();
    ordered.sort_by_key(|t| t.savings.is_none());
    let categories = category_order(shared);
    ordered
        .into_iter()
        .take(CARDS)
        .map(|tip| {
            let term = tip.terms.get("categories").and_then(|t| t.first());
            let id = term.map(|t| t.id.as_str()).unwrap_or("");
            json!({
                "title": glue(&tip.title),
                "description": (!tip.description.is_empty()).then(|| glue(&tip.description)),
                "saving": saving_line(shared, lang, tip),
                "category": term.map(|t| t.label.clone()).unwrap_or_default(),
                "icon": category_icon(id),
                "colour": category_colour(&categories, id),
            })
        })
        .collect()
}

/// The categories of `data/terms.yaml`, in their order there.
fn category_order(shared: &Shared) -> Vec<String> {
    shared
        .site
        .data
        .get("terms")
        .and_then(|t| t.get("categories"))
        .and_then(|c| c.as_object())
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

/// Each category keeps one colour on every material (CMYK, chosen for legibility of white on it).
const CATEGORY_COLOURS: [[f64; 4]; 10] = [
    [80.0, 20.0, 100.0, 10.0],
    [100.0, 45.0, 0.0, 10.0],
    [0.0, 60.0, 100.0, 15.0],
    [60.0, 90.0, 0.0, 10.0],
    [90.0, 10.0, 60.0, 20.0],
    [10.0, 95.0, 65.0, 20.0],
    [40.0, 20.0, 0.0, 65.0],
    [90.0, 55.0, 0.0, 5.0],
    [30.0, 60.0, 90.0, 35.0],
    [75.0, 0.0, 100.0, 25.0],
];

fn category_colour(categories: &[String], id: &str) -> [f64; 4] {
    let position = categories.iter().position(|c| c == id).unwrap_or(0);
    CATEGORY_COLOURS[position % CATEGORY_COLOURS.len()]
}

/// The wall chart: every tip of the language, by category.
/// The site's own link-preview picture (the `og:image` of every page but the campaigns'): its
/// title large, in its primary colour, with the publisher (the description is the preview's
/// text beside it).
fn site_share_data(shared: &Shared, printable: &Printable, form: Form, fonts: &[String]) -> Value {
    let config = &shared.site.config;
    let title = config.title.get(&printable.lang, config.default_language()).to_owned();
    let mut map = common(shared, printable, form, fonts, &title);
    map.insert("colour".into(), json!(cmyk(&config.colors.primary)));
    map.insert("title".into(), json!(""));
    map.insert("slogan".into(), json!(glue(&title)));
    map.insert("icon".into(), json!("leaf"));
    Value::Object(map)
}

fn wall_chart_data(shared: &Shared, printable: &Printable, form: Form, fonts: &[String]) -> Value {
    let site = &shared.site;
    let lang = printable.lang.as_str();
    let title = shared.string(lang, "wall_chart_title").to_owned();
    let mut map = common(shared, printable, form, fonts, &title);
    let categories = category_order(shared);
    let tips: Vec<Summary> = (0..site.pages.len())
        .filter(|&i| {
            let page = &site.pages[i];
            page.kind == crate::content::PageKind::Tip && page.lang == lang && page.is_translated()
        })
        .map(|i| views::summary(site, i))
        .collect();
    let mut ordered: Vec<&Summary> = tips.iter().collect();
    ordered.sort_by(|a, b| a.weight.cmp(&b.weight).then_with(|| a.title.cmp(&b.title)));
    let groups: Vec<Value> = categories
        .iter()
        .filter_map(|id| {
            let in_it: Vec<&&Summary> = ordered
                .iter()
                .filter(|t| t.terms.get("categories").and_then(|c| c.first()).is_some_and(|c| &c.id == id))
                .collect();
            let label = in_it.first()?.terms.get("categories")?.first()?.label.clone();
            Some(json!({
                "label": glue(&label),
                "icon": category_icon(id),
                "colour": category_colour(&categories, id),
                "tips": in_it.iter().map(|t| json!({"title": glue(&t.title), "saving": saving_line(shared, lang, t)})).collect::<Vec<_>>(),
            }))
        })
        .collect();
    let home = urls::permalink(&site.config, &urls::url_path(&site.config, lang, ""));
    map.insert("colour".into(), json!(cmyk(&site.config.colors.primary)));
    map.insert("title".into(), json!(glue(&title)));
    map.insert(
        "subtitle".into(),
        json!(glue(shared.string(lang, "wall_chart_subtitle"))),
    );
    map.insert("columns".into(), json!(share_out(&groups, 3)));
    map.insert("categories".into(), json!(groups));
    map.insert("footer".into(), map["publisher"].clone());
    map.insert("address".into(), json!(short_address(&home)));
    Value::Object(map)
}

/// Shares the categories out between `n` columns in their order, each column about as long as
/// the others (a category counts its tips and two lines for its heading).
fn share_out(groups: &[Value], n: usize) -> Vec<Vec<usize>> {
    let size = |g: &Value| g["tips"].as_array().map(Vec::len).unwrap_or(0) + 2;
    let total: usize = groups.iter().map(size).sum();
    let mut columns: Vec<Vec<usize>> = vec![Vec::new(); n];
    let (mut column, mut filled) = (0, 0);
    for (i, group) in groups.iter().enumerate() {
        let target = total * (column + 1) / n;
        // Move on when this category would take the column further past its share than
        // leaving it short would.
        if column + 1 < n && filled > 0 && filled + size(group) / 2 > target {
            column += 1;
        }
        columns[column].push(i);
        filled += size(group);
    }
    columns
}

use crate::resolve::urls;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_get_the_pictogram_of_what_they_are_about() {
        assert_eq!(action_icon("随手关灯、关紧水龙头"), "electricity");
        assert_eq!(action_icon("夏季空调温度设在26℃以上"), "heating-cooling");
        assert_eq!(action_icon("Walk, cycle or take the bus"), "transport");
        assert_eq!(action_icon("做好垃圾分类"), "waste");
        assert_eq!(action_icon("Learn about the campaign"), "leaf");
    }

    #[test]
    fn colours_become_cmyk() {
        assert_eq!(cmyk("#000000"), [0.0, 0.0, 0.0, 100.0]);
        assert_eq!(cmyk("#ffffff"), [0.0, 0.0, 0.0, 0.0]);
        assert_eq!(cmyk("#2e7d32"), [63.0, 0.0, 60.0, 51.0]);
    }

    #[test]
    fn the_printed_address_is_short() {
        assert_eq!(
            short_address("https://green.example.gov.cn/campaigns/x/"),
            "green.example.gov.cn/campaigns/x"
        );
    }
}
