//! Pages made from data rather than from Markdown, in every language: the low-carbon calculator
//! (the tips that carry savings figures, as a checklist), the targets with their charts, and the
//! theme-day calendar with an iCalendar file. Each is built only when the theme has its template
//! and the site has its data, and a content page at the same path takes precedence.
//!
//! Also the template functions these pages and the tip list use: `chart(...)`,
//! `extra_url(name)` and `filter_terms(section)`.

use crate::content::PageKind;
use crate::data::Data;
use crate::diagnostics::Diagnostics;
use crate::output::Output;
use crate::outputs::charts::{self, Spec};
use crate::outputs::ics;
use crate::render::context::{Link, Shared, base_context, current_lang, home_breadcrumbs, write_rendered};
use crate::render::datafns::{self, TargetRow};
use crate::render::views;
use crate::resolve::urls;
use serde::Serialize;
use std::path::Path;
use std::sync::Arc;
use tera::{Kwargs, State, Tera, TeraResult, Value};

/// The pages this module can build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtraPage {
    Calculator,
    Targets,
    Calendar,
}

impl ExtraPage {
    pub const ALL: [ExtraPage; 3] = [ExtraPage::Calculator, ExtraPage::Targets, ExtraPage::Calendar];

    /// Its name, for `extra_url` and its UI strings (`calculator_title`), and its path.
    pub fn name(self) -> &'static str {
        match self {
            ExtraPage::Calculator => "calculator",
            ExtraPage::Targets => "targets",
            ExtraPage::Calendar => "calendar",
        }
    }

    fn template(self) -> &'static str {
        match self {
            ExtraPage::Calculator => "calculator.html",
            ExtraPage::Targets => "targets.html",
            ExtraPage::Calendar => "calendar.html",
        }
    }

    fn from_name(name: &str) -> Option<ExtraPage> {
        ExtraPage::ALL.into_iter().find(|page| page.name() == name)
    }

    /// Whether the site has what the page shows in `lang`.
    fn has_data(self, shared: &Shared, lang: &str) -> bool {
        let site = &shared.site;
        let default = site.config.default_language();
        match self {
            ExtraPage::Calculator => site
                .pages
                .iter()
                .any(|p| p.lang == lang && p.kind == PageKind::Tip && p.meta.savings.is_some()),
            ExtraPage::Targets => !datafns::targets(&site.data, lang, default).is_empty(),
            ExtraPage::Calendar => !datafns::theme_days(&site.data, lang, default).is_empty(),
        }
    }

    /// The page's URL in `lang`, if this build makes it: the theme has its template, no page of
    /// content/ takes its place and the site has its data.
    pub fn url(self, shared: &Shared, lang: &str) -> Option<String> {
        let built = shared.theme.templates.contains_key(self.template())
            && shared.site.page(self.name(), lang).is_none()
            && self.has_data(shared, lang);
        built.then(|| urls::url_path(&shared.site.config, lang, self.name()))
    }
}

/// The iCalendar file of the theme days, in each language's folder.
pub const ICS_FILE: &str = "calendar.ics";

/// The URL of the theme-day calendar file in `lang`, if the site has theme days in it.
fn ics_url(shared: &Shared, lang: &str) -> Option<String> {
    ExtraPage::Calendar
        .has_data(shared, lang)
        .then(|| urls::file_url(&shared.site.config, lang, ICS_FILE))
}

/// The URL of an extra page (or of `calendar_ics`) in `lang`, if this build makes it.
pub fn url(shared: &Shared, name: &str, lang: &str) -> Option<String> {
    if name == "calendar_ics" {
        return ics_url(shared, lang);
    }
    ExtraPage::from_name(name)?.url(shared, lang)
}

/// Writes the extra pages and the iCalendar files of every language.
pub fn render(shared: &Shared, tera: &Tera, output: &Output, diagnostics: &mut Diagnostics) {
    let site = &shared.site;
    for language in &site.config.languages {
        let lang = language.code.as_str();
        for page in ExtraPage::ALL {
            let Some(page_url) = page.url(shared, lang) else {
                continue;
            };
            let name = page.name();
            let mut context = base_context(shared, lang, &page_url);
            let title = shared.string(lang, &format!("{name}_title")).to_owned();
            context.insert("title", &title);
            context.insert("description", shared.string(lang, &format!("{name}_intro")));
            context.insert("body_kind", name);
            context.insert(
                "translations",
                &views::switcher(&site.config, lang, |l| page.url(shared, l)),
            );
            context.insert("breadcrumbs", &home_breadcrumbs(site, lang));
            match page {
                ExtraPage::Calculator => {
                    context.insert("groups", &calculator_groups(shared, lang));
                    context.insert("factors", &factors(shared, lang));
                }
                ExtraPage::Targets => {
                    let view = targets_view(shared, lang);
                    context.insert_value("overview", Value::safe_string(&view.overview));
                    context.insert("documents", &view.documents);
                }
                ExtraPage::Calendar => {
                    context.insert("months", &calendar_months(shared, lang));
                    context.insert("ics_url", &ics_url(shared, lang));
                    let others: Vec<Link> = site
                        .config
                        .languages
                        .iter()
                        .filter(|l| l.code != lang)
                        .filter_map(|l| {
                            Some(Link {
                                title: l.name.clone(),
                                url: ics_url(shared, &l.code)?,
                                active: false,
                                text_attrs: crate::render::views::text_attrs(&site.config, lang, &l.code),
                            })
                        })
                        .collect();
                    context.insert("other_ics", &others);
                }
            }
            write_rendered(
                shared,
                tera,
                page.template(),
                &context,
                &page_url,
                &format!("the {name} page"),
                output,
                diagnostics,
            );
        }
        if let Some(file) = ics_url(shared, lang) {
            let page = urls::url_path(&site.config, lang, ExtraPage::Calendar.name());
            let text = ics::calendar(shared, lang, &page);
            if let Err(d) = output.write(
                Path::new(file.trim_start_matches('/')),
                text.as_bytes(),
                "the theme-day calendar (data/theme_days.yaml)",
            ) {
                diagnostics.push(d);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Calculator

#[derive(Serialize)]
struct Figure {
    key: &'static str,
    label: String,
    value: String,
    before: String,
    after: String,
}

#[derive(Serialize)]
struct CalcTip {
    id: String,
    title: String,
    url: String,
    /// The raw figures for the script, as plain numbers (`74`, `4.5`).
    kwh: String,
    water: String,
    petrol: String,
    co2: String,
    yuan: String,
    /// The nonzero figures as the reader sees them, numbers grouped per language.
    figures: Vec<Figure>,
    assumption: String,
}

#[derive(Serialize)]
struct CalcGroup {
    id: String,
    label: String,
    tips: Vec<CalcTip>,
}

fn calculator_groups(shared: &Shared, lang: &str) -> Vec<CalcGroup> {
    let site = &shared.site;
    let mut tips: Vec<usize> = (0..site.pages.len())
        .filter(|&i| {
            let p = &site.pages[i];
            p.lang == lang && p.kind == PageKind::Tip && p.meta.savings.is_some()
        })
        .collect();
    tips.sort_by(|&a, &b| crate::resolve::display_order(&site.pages[a], &site.pages[b]));
    let s = |key: &str| shared.string(lang, key).to_owned();
    let mut groups: Vec<(usize, CalcGroup)> = Vec::new();
    for i in tips {
        let page = &site.pages[i];
        let Some(savings) = page
            .meta
            .savings
            .as_ref()
            .map(|s| crate::savings::compute(s, &site.data))
        else {
            continue;
        };
        let category = page
            .meta
            .terms
            .get("categories")
            .and_then(|c| c.first())
            .map(|r| r.id.clone())
            .unwrap_or_default();
        let mut figures = Vec::new();
        for (key, value, label, unit) in [
            ("kwh", savings.kwh, "electricity", "unit_kwh"),
            ("water", savings.water_m3, "water", "unit_m3"),
            ("petrol", savings.petrol_litres, "petrol", "unit_litres"),
            ("co2", savings.co2_kg, "co2", "unit_kg"),
        ] {
            if value > 0.0 {
                figures.push(Figure {
                    key,
                    label: s(label),
                    value: shared.locale(lang).number(value),
                    before: String::new(),
                    after: format!(" {}", s(unit)),
                });
            }
        }
        if savings.yuan > 0.0 {
            figures.push(Figure {
                key: "yuan",
                label: s("money"),
                value: shared.locale(lang).number(savings.yuan),
                before: s("about_yuan_before"),
                after: s("about_yuan_after"),
            });
        }
        let tip = CalcTip {
            id: page.slug.clone(),
            title: page.meta.title.clone(),
            url: site.url(i).to_owned(),
            kwh: crate::locale::plain_number(savings.kwh),
            water: crate::locale::plain_number(savings.water_m3),
            petrol: crate::locale::plain_number(savings.petrol_litres),
            co2: crate::locale::plain_number(savings.co2_kg),
            yuan: crate::locale::plain_number(savings.yuan),
            figures,
            assumption: savings.assumption.clone(),
        };
        let order = if category.is_empty() {
            usize::MAX
        } else {
            shared.site.term_order("categories", &category)
        };
        match groups.iter_mut().find(|(_, g)| g.id == category) {
            Some((_, group)) => group.tips.push(tip),
            None => groups.push((
                order,
                CalcGroup {
                    label: if category.is_empty() {
                        s("calculator_other_tips")
                    } else {
                        site.term_label("categories", &category, lang)
                    },
                    id: category,
                    tips: vec![tip],
                },
            )),
        }
    }
    groups.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.label.cmp(&b.1.label)));
    groups.into_iter().map(|(_, g)| g).collect()
}

#[derive(Serialize)]
struct FactorView {
    id: String,
    label: String,
    value: String,
    unit: String,
    year: String,
    source: String,
}

/// The conversion factors behind every figure, with their sources.
fn factors(shared: &Shared, lang: &str) -> Vec<FactorView> {
    let site = &shared.site;
    let default = site.config.default_language();
    let Some(map) = site.data.get("factors").and_then(|f| f.as_object()) else {
        return Vec::new();
    };
    map.iter()
        .map(|(id, f)| {
            let key = match id.as_str() {
                "grid_emission" => "grid_factor",
                "petrol_emission" => "petrol_factor",
                other => other,
            };
            let label = shared.string(lang, key);
            FactorView {
                id: id.clone(),
                label: if label == key { id.clone() } else { label.to_owned() },
                value: f
                    .get("value")
                    .and_then(|v| v.as_f64())
                    .map(|v| shared.locale(lang).exact(v))
                    .unwrap_or_default(),
                unit: f.get("unit").and_then(|v| v.as_str()).unwrap_or_default().to_owned(),
                year: f
                    .get("year")
                    .map(|y| {
                        y.as_i64()
                            .map(|n| n.to_string())
                            .unwrap_or_else(|| y.as_str().unwrap_or_default().to_owned())
                    })
                    .unwrap_or_default(),
                source: f
                    .get("source")
                    .and_then(|s| Data::local_text(s, lang, default))
                    .unwrap_or_default()
                    .to_owned(),
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Calendar

#[derive(Serialize)]
struct DayView {
    id: String,
    name: String,
    about: String,
    when: String,
    /// A yearless date for `<time datetime>` (`03-22`), for days with a fixed date.
    datetime: Option<String>,
    days: u32,
    length: String,
    announced: bool,
    rule: String,
    sources: Vec<String>,
    /// The language of the day's texts.
    lang: String,
}

#[derive(Serialize)]
struct MonthView {
    number: u32,
    name: String,
    days: Vec<DayView>,
}

fn calendar_months(shared: &Shared, lang: &str) -> Vec<MonthView> {
    let site = &shared.site;
    let default = site.config.default_language();
    let raw = site.data.get("theme_days").and_then(|d| d.as_array());
    let mut months: Vec<MonthView> = Vec::new();
    for day in datafns::theme_days(&site.data, lang, default) {
        let sources = raw
            .and_then(|r| {
                r.iter()
                    .find(|d| d.get("id").and_then(|i| i.as_str()) == Some(day.id.as_str()))
            })
            .and_then(|d| d.get("sources"))
            .and_then(|s| s.as_array())
            .map(|ids| {
                ids.iter()
                    .filter_map(|id| id.as_str())
                    .map(|id| {
                        site.data
                            .entry("sources", id)
                            .and_then(|v| Data::local_text(v, lang, default))
                            .unwrap_or(id)
                            .to_owned()
                    })
                    .collect()
            })
            .unwrap_or_default();
        let view = DayView {
            datetime: day.day.map(|d| format!("{:02}-{d:02}", day.month)),
            length: shared
                .string(
                    lang,
                    if day.days == 1 {
                        "calendar_one_day"
                    } else {
                        "calendar_days"
                    },
                )
                .replace("{count}", &day.days.to_string()),
            id: day.id,
            name: day.name,
            about: day.about,
            when: day.when,
            days: day.days,
            announced: day.announced,
            rule: day.rule,
            sources,
            lang: day.lang,
        };
        match months.last_mut() {
            Some(m) if m.number == day.month => m.days.push(view),
            _ => months.push(MonthView {
                number: day.month,
                name: shared.locale(lang).month(day.month),
                days: vec![view],
            }),
        }
    }
    months
}

// ---------------------------------------------------------------------------------------------
// Targets

#[derive(Serialize)]
struct DocumentView {
    id: String,
    name: String,
    /// The language of the document's name and rows.
    lang: String,
    issued: Option<String>,
    regions: Vec<String>,
    rows: Vec<TargetRow>,
    /// The charts of the document's cuts, as HTML.
    charts: String,
}

struct TargetsView {
    overview: String,
    documents: Vec<DocumentView>,
}

fn targets_view(shared: &Shared, lang: &str) -> TargetsView {
    let site = &shared.site;
    let default = site.config.default_language();
    let rows = datafns::targets(&site.data, lang, default);

    // The indicator most regions share is the one worth comparing across them.
    let mut counts: Vec<(String, usize)> = Vec::new();
    for row in &rows {
        match counts.iter_mut().find(|(i, _)| *i == row.indicator_id) {
            Some((_, n)) => *n += 1,
            None => counts.push((row.indicator_id.clone(), 1)),
        }
    }
    let overview = counts
        .iter()
        .filter(|(_, n)| *n >= 3)
        .max_by_key(|(_, n)| *n)
        .map(|(indicator, _)| {
            let selected: Vec<TargetRow> = rows.iter().filter(|r| &r.indicator_id == indicator).cloned().collect();
            charts::indicator_charts(
                shared,
                lang,
                &selected,
                &format!("chart-bars-{}", crate::slug::slugify(indicator)),
            )
            .iter()
            .map(charts::figure)
            .collect::<String>()
        })
        .unwrap_or_default();

    let mut documents: Vec<DocumentView> = Vec::new();
    for row in &rows {
        if !documents.iter().any(|d| d.id == row.source_id) {
            let entry = site.data.entry("sources", &row.source_id);
            let issued = entry.and_then(|e| {
                e.get("issued")
                    .and_then(|v| v.as_str())
                    .and_then(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
                    .map(|d| shared.locale(lang).date(d))
                    .or_else(|| e.get("year").and_then(|y| y.as_i64()).map(|y| y.to_string()))
            });
            documents.push(DocumentView {
                id: row.source_id.clone(),
                name: row.source.clone(),
                lang: row.lang.clone(),
                issued,
                regions: Vec::new(),
                rows: Vec::new(),
                charts: String::new(),
            });
        }
        if let Some(doc) = documents.iter_mut().find(|d| d.id == row.source_id) {
            if !doc.regions.contains(&row.region) {
                doc.regions.push(row.region.clone());
            }
            doc.rows.push(row.clone());
        }
    }
    for doc in &mut documents {
        // Rows grouped by region, in the order regions first appear.
        let regions = doc.regions.clone();
        doc.rows
            .sort_by_key(|r| regions.iter().position(|g| *g == r.region).unwrap_or(usize::MAX));
        let mut region_ids: Vec<String> = Vec::new();
        for row in &doc.rows {
            if !region_ids.contains(&row.region_id) {
                region_ids.push(row.region_id.clone());
            }
        }
        for region in region_ids {
            let selected: Vec<TargetRow> = doc.rows.iter().filter(|r| r.region_id == region).cloned().collect();
            let chart = charts::reductions_chart(
                shared,
                lang,
                &selected,
                &format!(
                    "chart-reductions-{}-{}",
                    crate::slug::slugify(&doc.id),
                    crate::slug::slugify(&region)
                ),
                None,
            );
            // A single cut is already a bar of the overview; a chart needs at least two.
            if chart.rows.len() >= 2 {
                doc.charts.push_str(&charts::figure(&chart));
            }
        }
    }
    TargetsView { overview, documents }
}

// ---------------------------------------------------------------------------------------------
// Tip filters

#[derive(Serialize)]
pub struct FilterTerm {
    pub id: String,
    pub label: String,
    pub count: usize,
    /// The term's own page: where the filter leads without JavaScript.
    pub url: String,
}

#[derive(Serialize)]
pub struct FilterGroup {
    pub name: String,
    pub label: String,
    pub terms: Vec<FilterTerm>,
}

/// For each taxonomy, the terms that the pages of a section carry, with how many carry each.
pub fn filter_terms(shared: &Shared, section: &str, lang: &str) -> Vec<FilterGroup> {
    let site = &shared.site;
    let children = site.children(section, lang);
    site.taxonomies
        .iter()
        .filter_map(|taxonomy| {
            let name = &taxonomy.config.name;
            let mut terms: Vec<FilterTerm> = Vec::new();
            for &i in children {
                for r in site.pages[i].meta.terms.get(name).into_iter().flatten() {
                    match terms.iter_mut().find(|t| t.id == r.id) {
                        Some(t) => t.count += 1,
                        None => terms.push(FilterTerm {
                            id: r.id.clone(),
                            label: site.term_label(name, &r.id, lang),
                            count: 1,
                            url: site.term_url(&taxonomy.config, &r.id, lang),
                        }),
                    }
                }
            }
            if terms.is_empty() {
                return None;
            }
            terms.sort_by(|a, b| {
                site.term_order(name, &a.id)
                    .cmp(&site.term_order(name, &b.id))
                    .then_with(|| a.label.cmp(&b.label))
            });
            let label = match shared.find_string(lang, &format!("filter_label_{name}")) {
                Some(label) => label.to_owned(),
                None => shared.taxonomy_title(name, lang),
            };
            Some(FilterGroup {
                name: name.clone(),
                label,
                terms,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Template functions

/// Registers `chart`, `extra_url` and `filter_terms` (listed in `outputs::registry`).
pub fn register_functions(tera: &mut Tera, shared: &Arc<Shared>) {
    let s = shared.clone();
    tera.register_function("chart", move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
        let lang = current_lang(&kwargs, state, &s)?;
        // Every argument may also come in one map, `spec`, e.g. from a page's front matter.
        let spec_map = kwargs.get::<Value>("spec")?;
        let text = |k: &str| -> TeraResult<Option<String>> {
            if let Some(v) = kwargs.get::<&str>(k)? {
                return Ok(Some(v.to_owned()));
            }
            Ok(spec_map
                .as_ref()
                .and_then(|m| m.get_from_path(k))
                .and_then(|v| v.as_str())
                .map(str::to_owned))
        };
        let spec = Spec {
            data: text("data")?.unwrap_or_else(|| "targets".into()),
            indicator: text("indicator")?,
            regions: text("region")?
                .map(|r| {
                    r.split(',')
                        .map(|p| p.trim().to_owned())
                        .filter(|p| !p.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            source: text("source")?,
            kind: text("kind")?,
            id: text("id")?,
            title: text("title")?,
            label: text("label")?,
            value: text("value")?,
            unit: text("unit")?,
        };
        charts::render(&s, &lang, &spec)
            .map(|html| Value::safe_string(&html))
            .map_err(tera::Error::message)
    });

    let s = shared.clone();
    tera.register_function("extra_url", move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
        let name = kwargs.must_get::<&str>("name")?;
        let lang = current_lang(&kwargs, state, &s)?;
        if name != "calendar_ics" && ExtraPage::from_name(name).is_none() {
            return Err(tera::Error::message(format!(
                "extra_url(): there is no page `{name}`; use calculator, targets, calendar or calendar_ics"
            )));
        }
        Ok(url(&s, name, &lang)
            .map(|u| Value::from(u.as_str()))
            .unwrap_or_else(Value::none))
    });

    let s = shared.clone();
    tera.register_function(
        "filter_terms",
        move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
            let section = kwargs.must_get::<&str>("section")?;
            let lang = current_lang(&kwargs, state, &s)?;
            Ok(Value::from_serializable(&filter_terms(
                &s,
                section.trim_matches('/'),
                &lang,
            )))
        },
    );
}
