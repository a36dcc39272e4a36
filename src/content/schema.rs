//! The front matter of each kind of page: which fields it may have, which it must have, and of
//! what type. One table serves the check, the error hints and `greenprint new`.

use crate::diagnostics::{Diagnostics, did_you_mean};
use crate::yaml::{Origin, SpannedMap};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    Home,
    Section,
    Campaign,
    Action,
    Tip,
    News,
    Page,
}

impl PageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::Home => "home",
            PageKind::Section => "section",
            PageKind::Campaign => "campaign",
            PageKind::Action => "action",
            PageKind::Tip => "tip",
            PageKind::News => "news",
            PageKind::Page => "page",
        }
    }

    /// Every kind of page.
    pub const ALL: [PageKind; 7] = [
        PageKind::Home,
        PageKind::Section,
        PageKind::Campaign,
        PageKind::Action,
        PageKind::Tip,
        PageKind::News,
        PageKind::Page,
    ];

    /// The kinds a section can give its pages with `page_kind:`.
    pub const CONTENT_KINDS: [PageKind; 5] = [
        PageKind::Campaign,
        PageKind::Action,
        PageKind::Tip,
        PageKind::News,
        PageKind::Page,
    ];

    /// The kind as a message names one page of it: "a tip page", "an action page", "a page".
    pub fn a_page(self) -> &'static str {
        match self {
            PageKind::Home => "the home page",
            PageKind::Section => "a section page",
            PageKind::Campaign => "a campaign page",
            PageKind::Action => "an action page",
            PageKind::Tip => "a tip page",
            PageKind::News => "a news page",
            PageKind::Page => "a page",
        }
    }

    pub fn parse(name: &str) -> Option<PageKind> {
        Self::CONTENT_KINDS.into_iter().find(|k| k.as_str() == name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldType {
    Text,
    TextList,
    Integer,
    Bool,
    Date,
    Colour,
    Kind,
    /// Ids of entries in a data file (units, sources).
    Refs,
    Savings,
    Map,
}

use PageKind::*;

struct Field {
    name: &'static str,
    ty: FieldType,
    /// Kinds that may have it; empty means every kind.
    kinds: &'static [PageKind],
    /// Kinds that must have it.
    required: &'static [PageKind],
}

const fn field(name: &'static str, ty: FieldType, kinds: &'static [PageKind], required: &'static [PageKind]) -> Field {
    Field {
        name,
        ty,
        kinds,
        required,
    }
}

const ALL: &[PageKind] = &[];
const LISTS: &[PageKind] = &[Home, Section];
const UNIT_KINDS: &[PageKind] = &[Campaign, Action];

const FIELDS: &[Field] = &[
    field(
        "title",
        FieldType::Text,
        ALL,
        &[Home, Section, Campaign, Action, Tip, News, Page],
    ),
    field("description", FieldType::Text, ALL, &[Campaign, Action, Tip, News]),
    field("slug", FieldType::Text, &[Campaign, Action, Tip, News, Page], &[]),
    field("weight", FieldType::Integer, ALL, &[]),
    field("date", FieldType::Date, ALL, &[News]),
    field("updated", FieldType::Date, ALL, &[]),
    field("draft", FieldType::Bool, ALL, &[]),
    field("template", FieldType::Text, ALL, &[]),
    field("page_kind", FieldType::Kind, LISTS, &[]),
    field("color", FieldType::Colour, &[Campaign, Action], &[Campaign]),
    field("audience", FieldType::Text, &[Campaign, Action], &[Campaign]),
    field("slogan", FieldType::Text, &[Campaign, Action], &[Campaign]),
    field("key_actions", FieldType::TextList, &[Campaign], &[Campaign]),
    field("goal", FieldType::Text, &[Campaign, Action], &[]),
    field("activities", FieldType::TextList, &[Action], &[Action]),
    field("lead_units", FieldType::Refs, UNIT_KINDS, &[Campaign, Action]),
    field("partner_units", FieldType::Refs, UNIT_KINDS, &[]),
    field("source", FieldType::Refs, ALL, &[Campaign, Action]),
    field("featured", FieldType::Bool, &[Tip, News, Page], &[]),
    field("internal", FieldType::Bool, ALL, &[]),
    field("savings", FieldType::Savings, &[Tip], &[]),
    field("extra", FieldType::Map, ALL, &[]),
    // What Hugo and Zola pages have, under greenprint's names (see `borrowed_name`).
    field("link_title", FieldType::Text, ALL, &[]),
    field("summary", FieldType::Text, ALL, &[]),
    field("url", FieldType::Text, &[Campaign, Action, Tip, News, Page], &[]),
    field("aliases", FieldType::TextList, ALL, &[]),
    field("publish_date", FieldType::Date, ALL, &[]),
    field("expiry_date", FieldType::Date, ALL, &[]),
    field("translation_key", FieldType::Text, ALL, &[]),
    field("toc", FieldType::Bool, ALL, &[]),
    // Hugo's headless bundle: content other pages use, never published itself.
    field("headless", FieldType::Bool, ALL, &[]),
];

/// The name a Hugo or Zola key has in greenprint. Hugo's keys are not case-sensitive
/// (`linkTitle`, `publishDate`), so they are compared in small letters without `_`.
fn borrowed_name(key: &str) -> Option<&'static str> {
    let folded: String = key.chars().filter(|c| *c != '_').flat_map(char::to_lowercase).collect();
    Some(match folded.as_str() {
        "lastmod" | "modified" => "updated",
        "linktitle" => "link_title",
        "publishdate" | "pubdate" => "publish_date",
        "expirydate" | "unpublishdate" => "expiry_date",
        "translationkey" => "translation_key",
        // Zola's `path` is Hugo's `url`: the page's whole address.
        "path" => "url",
        // Hugo's content type and layout name a template.
        "type" | "layout" => "template",
        _ => {
            return FIELDS
                .iter()
                .find(|f| f.name.replace('_', "") == folded && f.name != key)
                .map(|f| f.name);
        }
    })
}

/// Keys Hugo or Zola pages have that mean nothing to greenprint, and why each is ignored.
fn foreign_key(key: &str) -> Option<&'static str> {
    let folded: String = key.chars().filter(|c| *c != '_').flat_map(char::to_lowercase).collect();
    Some(match folded.as_str() {
        "menu" | "menus" => "greenprint's navigation lists the sections of content/ in the order of their `weight`",
        "author" | "authors" => "the site's `publisher` in site.yaml is shown as the author of every page",
        "outputs" | "sitemap" | "build" | "render" | "cascade" | "resources" | "markup" | "iscjklanguage"
        | "insertanchorlinks" | "transparent" | "pagetemplate" | "sortby" | "paginateby" | "paginatepath"
        | "paginatereversed" | "generatefeeds" | "generatefeed" | "insearchindex" | "redirectto" | "keywords"
        | "images" | "videos" | "audio" | "params" | "series" => "greenprint has no such setting",
        _ => return None,
    })
}

/// A reference to data (a unit, a source) or to a page, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ref {
    pub id: String,
    pub line: usize,
    pub column: usize,
}

/// What a tip saves, stated as assumptions that anyone can check; the yearly figures are
/// computed from them and from `data/factors.yaml` at render time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Savings {
    /// The assumptions in words, in the page's language.
    pub assumption: String,
    #[serde(default)]
    pub electricity: Option<ElectricitySaving>,
    #[serde(default)]
    pub water: Option<WaterSaving>,
    #[serde(default)]
    pub petrol: Option<PetrolSaving>,
}

/// kWh a year = watts × hours_per_day × days_per_year / 1000.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElectricitySaving {
    pub watts: f64,
    pub hours_per_day: f64,
    pub days_per_year: f64,
}

/// m³ a year = litres_per_day × days_per_year / 1000.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaterSaving {
    pub litres_per_day: f64,
    pub days_per_year: f64,
}

/// Litres of petrol a year = km_per_day × days_per_year × the car's litres per 100 km / 100.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PetrolSaving {
    pub km_per_day: f64,
    pub days_per_year: f64,
}

/// The checked front matter of one page.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FrontMatter {
    pub title: String,
    pub description: Option<String>,
    pub slug: Option<String>,
    pub weight: i64,
    pub date: Option<NaiveDate>,
    pub updated: Option<NaiveDate>,
    pub draft: bool,
    pub template: Option<String>,
    pub page_kind: Option<PageKind>,
    pub color: Option<String>,
    pub audience: Option<String>,
    pub slogan: Option<String>,
    pub key_actions: Vec<String>,
    pub goal: Option<String>,
    pub activities: Vec<String>,
    pub lead_units: Vec<Ref>,
    pub partner_units: Vec<Ref>,
    pub sources: Vec<Ref>,
    pub featured: bool,
    /// For the site's editors, not its visitors: built, but left out of the navigation, the
    /// search, both site maps and search engines (`noindex`).
    pub internal: bool,
    pub savings: Option<Savings>,
    /// Hugo's `summary`, read as the description when there is none.
    #[serde(skip)]
    pub summary: Option<String>,
    /// Terms of each taxonomy the site declares, by taxonomy name.
    pub terms: BTreeMap<String, Vec<Ref>>,
    pub extra: Value,
    /// A shorter title for navigation and lists (Hugo's `linkTitle`).
    pub link_title: Option<String>,
    /// The page's whole address instead of the one its file gives (Hugo's `url`, Zola's
    /// `path`), e.g. `/about-us/`.
    pub url: Option<String>,
    /// Old addresses of the page: each gets a page that sends visitors on to it.
    pub aliases: Vec<String>,
    /// Not published before this day, nor after `expiry_date` (as drafts are not).
    pub publish_date: Option<NaiveDate>,
    pub expiry_date: Option<NaiveDate>,
    /// Pages in different languages with the same key are translations of each other, whatever
    /// their file names.
    pub translation_key: Option<String>,
    /// Show a table of contents of the page's headings (`None`: when it has more than three).
    pub toc: Option<bool>,
    /// Not published: a Hugo bundle of content for other pages.
    pub headless: bool,
}

/// Checks a parsed front matter against the schema of `kind` and builds its typed form,
/// recording every problem (not just the first).
pub fn check(
    map: &SpannedMap,
    yaml: &str,
    kind: PageKind,
    taxonomies: &[&str],
    origin: Origin,
    diagnostics: &mut Diagnostics,
) -> FrontMatter {
    let mut fm = FrontMatter::default();
    let mut present = Vec::new();
    let terms = TermReader {
        kind,
        taxonomies,
        yaml,
        origin,
    };
    for (key, value) in &map.0 {
        let written = key.value.as_str();
        let (line, column) = (key.line, key.column);
        let own = FIELDS.iter().any(|f| f.name == written) || taxonomies.contains(&written);
        // A Hugo or Zola key is read under its greenprint name.
        let name = if own {
            written
        } else {
            borrowed_name(written).unwrap_or(written)
        };
        // `description:` with nothing after it is not given, as in Hugo and Zola.
        if value.value.is_null() {
            continue;
        }
        present.push(name.to_owned());
        let ignored = |why: String, hint: &str, diagnostics: &mut Diagnostics| {
            diagnostics.push(origin.warning_at(line, column, why).hint(hint));
        };
        // Zola keeps a page's terms in a table: `[taxonomies]` with `tags = [...]`.
        if name == "taxonomies"
            && let Some(table) = value.value.as_object()
        {
            for (taxonomy, terms_value) in table {
                let (tline, _) = origin.find_line(yaml, line, taxonomy).unwrap_or((line, column));
                terms.take(taxonomy, terms_value, tline, &mut fm, diagnostics);
            }
            continue;
        }
        if taxonomies.contains(&name) || matches!(name, "tags" | "categories") {
            terms.take(name, &value.value, line, &mut fm, diagnostics);
            continue;
        }
        if let Some(why) = foreign_key(name) {
            ignored(
                format!("`{written}` is a Hugo or Zola setting greenprint does not use: it was ignored"),
                why,
                diagnostics,
            );
            continue;
        }
        let Some(spec) = FIELDS.iter().find(|f| f.name == name) else {
            // Fields of this kind first, then of any kind: `colour` on a tip is still `color`.
            let of_kind = FIELDS
                .iter()
                .filter(|f| f.kinds.is_empty() || f.kinds.contains(&kind))
                .map(|f| f.name)
                .chain(taxonomies.iter().copied());
            let known: Vec<&str> = match did_you_mean(name, of_kind) {
                Some(near) => vec![near],
                None => FIELDS.iter().map(|f| f.name).collect(),
            };
            // A misspelling is a few letters off (`descripton`); a longer difference is a key of
            // its own (`featured_image` beside `featured`).
            let misspelt =
                did_you_mean(name, known).filter(|s| strsim::levenshtein(name, s) <= (name.chars().count() / 4).max(2));
            match misspelt {
                Some(suggestion) => diagnostics.push(
                    origin
                        .error_at(
                            line,
                            column,
                            format!("`{name}` is not a field {} can have", kind.a_page()),
                        )
                        .hint(format!("did you mean `{suggestion}`?")),
                ),
                // Not a misspelling: a value for the theme, as Hugo's page parameters are.
                None => {
                    ignored(
                        format!(
                            "`{written}` is not a greenprint field: it was kept for the theme's templates as `extra.{written}`"
                        ),
                        &format!(
                            "{} can have: {}; move it under `extra:` to say it is for the templates",
                            kind.a_page(),
                            allowed_fields(kind, taxonomies).join(", ")
                        ),
                        diagnostics,
                    );
                    if fm.extra.is_null() {
                        fm.extra = Value::Object(Default::default());
                    }
                    if let Some(extra) = fm.extra.as_object_mut() {
                        extra.entry(written.to_owned()).or_insert_with(|| value.value.clone());
                    }
                }
            }
            continue;
        };
        if !spec.kinds.is_empty() && !spec.kinds.contains(&kind) {
            let owners: Vec<&str> = spec.kinds.iter().map(|k| k.as_str()).collect();
            diagnostics.push(
                origin
                    .error_at(
                        line,
                        column,
                        format!(
                            "`{name}` is a field of {} pages, not of {}",
                            owners.join(" and "),
                            kind.a_page()
                        ),
                    )
                    .hint("remove it, or move the file into a section whose pages are of that kind"),
            );
            continue;
        }
        let (vline, vcolumn) = (value.line, value.column);
        let mut wrong_type = |expected: &str, example: &str| {
            diagnostics.push(
                origin
                    .error_at(vline, vcolumn, format!("`{name}` should be {expected}"))
                    .hint(format!("for example: `{name}: {example}`")),
            );
        };
        let v = &value.value;
        match spec.ty {
            FieldType::Text => match text(v) {
                Some(s) => match name {
                    "title" => fm.title = s,
                    "description" => fm.description = Some(s),
                    "slug" => fm.slug = Some(s),
                    // Hugo's `type: posts` or `layout: wide` names a template without `.html`.
                    "template" if !s.ends_with(".html") => fm.template = Some(format!("{s}.html")),
                    "template" => fm.template = Some(s),
                    "audience" => fm.audience = Some(s),
                    "slogan" => fm.slogan = Some(s),
                    "goal" => fm.goal = Some(s),
                    "link_title" => fm.link_title = Some(s),
                    "summary" => fm.summary = Some(s),
                    "url" => fm.url = Some(s),
                    "translation_key" => fm.translation_key = Some(s),
                    _ => {}
                },
                None => wrong_type("text", "\"...\""),
            },
            FieldType::TextList => match v
                .as_array()
                .and_then(|a| a.iter().map(text).collect::<Option<Vec<_>>>())
            {
                Some(list) => match name {
                    "key_actions" => fm.key_actions = list,
                    "activities" => fm.activities = list,
                    "aliases" => fm.aliases = list,
                    _ => {}
                },
                None => match v.as_array().and_then(|a| a.iter().position(Value::is_object)) {
                    Some(n) => {
                        let (l, c) = origin
                            .find_line(yaml, vline, "- ")
                            .map(|(l, c)| (l + n, c))
                            .unwrap_or((vline, vcolumn));
                        diagnostics.push(
                            origin
                                .error_at(l, c, format!("line {} of `{name}` contains \": \", which YAML reads as a key and a value", n + 1))
                                .hint("put that line in double quotes, e.g. `- \"Go paperless: print less\"`, or use a full-width colon （：）"),
                        );
                    }
                    None => wrong_type("a list of lines", "\n  - 第一条\n  - 第二条"),
                },
            },
            FieldType::Integer => match v.as_i64() {
                Some(n) => fm.weight = n,
                None => wrong_type("a whole number", "3"),
            },
            FieldType::Bool => match v.as_bool() {
                Some(b) => match name {
                    "draft" => fm.draft = b,
                    "featured" => fm.featured = b,
                    "internal" => fm.internal = b,
                    "toc" => fm.toc = Some(b),
                    "headless" => fm.headless = b,
                    _ => {}
                },
                None => wrong_type("true or false", "true"),
            },
            FieldType::Date => match v.as_str().map(parse_date) {
                Some(Ok(date)) => match name {
                    "date" => fm.date = Some(date),
                    "publish_date" => fm.publish_date = Some(date),
                    "expiry_date" => fm.expiry_date = Some(date),
                    _ => fm.updated = Some(date),
                },
                Some(Err(suggestion)) => {
                    let hint = match suggestion {
                        Some(fixed) => format!("write dates as year-month-day with dashes: `{name}: {fixed}`"),
                        None => format!(
                            "write dates as year-month-day with dashes, e.g. `{name}: 2024-05-01`, or with a time: `2024-05-01T09:30:00+08:00`"
                        ),
                    };
                    diagnostics.push(
                        origin
                            .error_at(
                                vline,
                                vcolumn,
                                format!("`{}` is not a date greenprint can read", v.as_str().unwrap_or_default()),
                            )
                            .hint(hint),
                    );
                }
                None => wrong_type("a date", "2024-05-01"),
            },
            FieldType::Colour => match v.as_str() {
                Some(s) if crate::color::parse_hex(s).is_some() => fm.color = Some(s.to_owned()),
                _ => wrong_type("a colour in hex, in quotes", "\"#2e7d32\""),
            },
            FieldType::Kind => match v.as_str().and_then(PageKind::parse) {
                Some(k) => fm.page_kind = Some(k),
                None => wrong_type("one of campaign, action, tip, news, page", "tip"),
            },
            FieldType::Refs => {
                let list = refs(v, vline, yaml, origin, name, diagnostics);
                match name {
                    "lead_units" => fm.lead_units = list,
                    "partner_units" => fm.partner_units = list,
                    _ => fm.sources = list,
                }
            }
            FieldType::Savings => match serde_json::from_value::<Savings>(v.clone()) {
                Ok(s) => {
                    if s.electricity.is_none() && s.water.is_none() && s.petrol.is_none() {
                        diagnostics.push(origin.error_at(vline, vcolumn, "`savings` states no quantity").hint(
                            "add `electricity:`, `water:` or `petrol:` with its assumptions, or remove `savings`",
                        ));
                    } else {
                        fm.savings = Some(s);
                    }
                }
                Err(e) => {
                    let msg = e.to_string();
                    let (l, c) = msg
                        .split('`')
                        .nth(1)
                        .and_then(|field| origin.find_line(yaml, vline, field))
                        .unwrap_or((vline, vcolumn));
                    diagnostics.push(
                        origin
                            .error_at(l, c, format!("`savings` cannot be read: {msg}"))
                            .hint("savings has `assumption:` (words) and `electricity: {watts, hours_per_day, days_per_year}`, `water: {litres_per_day, days_per_year}` or `petrol: {km_per_day, days_per_year}` (numbers)"),
                    );
                }
            },
            FieldType::Map => fm.extra = v.clone(),
        }
    }
    // Hugo's `summary` is what lists show of the page: greenprint's description.
    if let Some(summary) = fm.summary.take() {
        fm.description.get_or_insert(summary);
        if !present.iter().any(|p| p == "description") {
            present.push("description".to_owned());
        }
    }
    // A page without a title gets one from its file name (see `content::check_page`), as in Hugo
    // and Zola; every other required field must be written.
    for spec in FIELDS
        .iter()
        .filter(|f| f.required.contains(&kind) && f.name != "title")
    {
        if !present.iter().any(|p| p == spec.name) {
            let hint = match spec.name {
                "lead_units" => {
                    "add the responsible unit's id from data/units.yaml, e.g. `lead_units: [changji-womens-federation]`"
                        .to_string()
                }
                "source" => {
                    "add the id of the document it comes from in data/sources.yaml, e.g. `source: changji-2021-50`"
                        .to_string()
                }
                "date" => "add `date: 2024-05-01` (year-month-day)".to_string(),
                other => format!("add a line `{other}: ...` to the front matter"),
            };
            diagnostics.push(
                origin
                    .error_at(0, 1, format!("{} needs `{}`", kind.a_page(), spec.name))
                    .hint(hint),
            );
        }
    }
    fm
}

/// Reads the terms a page gives a taxonomy (`categories: [water]`).
struct TermReader<'a> {
    kind: PageKind,
    taxonomies: &'a [&'a str],
    yaml: &'a str,
    origin: Origin<'a>,
}

impl TermReader<'_> {
    fn take(&self, name: &str, value: &Value, line: usize, fm: &mut FrontMatter, diagnostics: &mut Diagnostics) {
        let origin = self.origin;
        if !self.taxonomies.contains(&name) {
            diagnostics.push(
                origin
                    .warning_at(
                        line,
                        1,
                        format!("`{name}` is not a taxonomy of this site: its terms were ignored"),
                    )
                    .hint(format!(
                        "to use them, add `- name: {name}` under `taxonomies:` in site.yaml"
                    )),
            );
        } else if matches!(self.kind, Home | Section) {
            diagnostics.push(
                origin
                    .warning_at(
                        line,
                        1,
                        format!("the terms of a section are not shown: `{name}` was ignored"),
                    )
                    .hint("put terms on the pages of the section"),
            );
        } else {
            let refs = refs(value, line, self.yaml, origin, name, diagnostics);
            fm.terms.entry(name.to_owned()).or_default().extend(refs);
        }
    }
}

/// All the fields a page of `kind` can have, for hints and documentation.
pub fn allowed_fields<'a>(kind: PageKind, taxonomies: &[&'a str]) -> Vec<&'a str> {
    FIELDS
        .iter()
        .filter(|f| f.kinds.is_empty() || f.kinds.contains(&kind))
        .map(|f| f.name)
        .chain(if matches!(kind, Home | Section) {
            vec![]
        } else {
            taxonomies.to_vec()
        })
        .collect()
}

/// The fields a page of `kind` must have.
pub fn required_fields(kind: PageKind) -> Vec<&'static str> {
    FIELDS
        .iter()
        .filter(|f| f.required.contains(&kind))
        .map(|f| f.name)
        .collect()
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A single id or a list of ids, each located on its own line when it can be found.
fn refs(v: &Value, line: usize, yaml: &str, origin: Origin, name: &str, diagnostics: &mut Diagnostics) -> Vec<Ref> {
    let items: Vec<&Value> = match v {
        Value::Array(a) => a.iter().collect(),
        Value::Null => vec![],
        other => vec![other],
    };
    let mut out = Vec::new();
    let mut search_from = line;
    for item in items {
        match item.as_str() {
            Some(id) => {
                let (l, c) = origin.find_line(yaml, search_from, id).unwrap_or((line, 1));
                search_from = l;
                out.push(Ref {
                    id: id.trim().to_owned(),
                    line: l + origin.line_offset,
                    column: c,
                });
            }
            None => diagnostics.push(
                origin
                    .error_at(
                        line,
                        1,
                        format!("`{name}` should list ids (words like `green-families`)"),
                    )
                    .hint(format!("for example: `{name}: [first-id, second-id]`")),
            ),
        }
    }
    out
}

/// Reads `2024-05-01`; for `2024/5/1`, `2024.5.1` or `2024年5月1日` returns the same date written
/// the right way, as a suggestion.
pub fn parse_date(s: &str) -> Result<NaiveDate, Option<String>> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d);
    }
    // A date and time as Hugo, Zola and TOML write them (`2025-04-30T17:15:25+05:30`): the day
    // as written where it was written, since pages are dated, not timed.
    if let Ok(time) = chrono::DateTime::parse_from_rfc3339(s) {
        return Ok(time.date_naive());
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(time) = chrono::NaiveDateTime::parse_from_str(s, format) {
            return Ok(time.date());
        }
    }
    for format in [
        "%Y-%m-%d %H:%M:%S%.f %z",
        "%Y-%m-%d %H:%M:%S%.f%:z",
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%dT%H:%MZ",
    ] {
        if let Ok(time) = chrono::DateTime::parse_from_str(s, format) {
            return Ok(time.date_naive());
        }
    }
    let numbers: Vec<u32> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect();
    let suggestion = match numbers.as_slice() {
        [y, m, d] => NaiveDate::from_ymd_opt(*y as i32, *m, *d).map(|d| d.format("%Y-%m-%d").to_string()),
        _ => None,
    };
    Err(suggestion)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_slashed_dates_get_the_right_spelling_as_hint() {
        assert_eq!(parse_date("2024年5月1日"), Err(Some("2024-05-01".into())));
        assert_eq!(parse_date("2024/5/1"), Err(Some("2024-05-01".into())));
        assert!(parse_date("2024-05-01").is_ok());
        assert_eq!(parse_date("soon"), Err(None));
    }

    #[test]
    fn dates_with_a_time_keep_the_day_as_written() {
        let day = NaiveDate::from_ymd_opt(2025, 4, 30).unwrap();
        for written in [
            "2025-04-30T17:15:25+05:30",
            "2025-04-30T23:59:59Z",
            "2025-04-30T17:15:25.123-07:00",
            "2025-04-30T17:15:25",
            "2025-04-30 17:15",
            "2025-04-30 17:15:25 +0800",
            "2025-04-30T17:15+08:00",
        ] {
            assert_eq!(parse_date(written), Ok(day), "{written}");
        }
        assert!(parse_date("2025-04-30T25:00:00").is_err());
    }

    #[test]
    fn every_required_field_is_allowed_for_its_kind() {
        for kind in [Home, Section, Campaign, Action, Tip, News, Page] {
            for name in required_fields(kind) {
                assert!(allowed_fields(kind, &[]).contains(&name), "{name} for {kind:?}");
            }
        }
    }
}
