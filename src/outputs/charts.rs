//! Bar charts of data files, drawn at build time as accessible SVG: every chart has a title, a
//! description and `role="img"`, and comes with an HTML table of the same numbers, so that a
//! screen reader, a printer and a reader without images all get the figures.
//!
//! Two charts read `data/targets.yaml`: bars of one indicator across regions, and the cuts a
//! region set from a baseline year (= 100) to its target year. Any other data file that is a list
//! of records can be drawn as bars by naming its label and value columns.

use crate::data::Data;
use crate::escape::escape_xml;
use crate::render::context::Shared;
use crate::render::datafns::{self, TargetRow};
use crate::slug::slugify;
use crate::theme::fill;
use std::fmt::Write as _;

/// How a chart draws its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Plain bars from zero, scaled to the largest value.
    Bars,
    /// A cut from a baseline of 100: the outlined track is the baseline, the solid bar the
    /// level the target allows (100 − cut).
    Reductions,
}

/// One row of a chart: what the bar is labelled, its length, the text beside it and the
/// cells of its table row (the first cell is the row header).
#[derive(Debug, Clone)]
pub struct ChartRow {
    pub label: String,
    pub value: f64,
    pub shown: String,
    pub cells: Vec<String>,
    /// `lang` and `dir` of the row's text in the table when it is in another language than the
    /// page (a name the data has only in Chinese, on a Uyghur page); empty otherwise.
    pub text_attrs: String,
}

#[derive(Debug, Clone)]
pub struct Chart {
    /// A unique id on the page; the SVG's title and description ids derive from it.
    pub id: String,
    pub title: String,
    pub description: String,
    pub style: Style,
    /// The table's column headers.
    pub columns: Vec<String>,
    pub rows: Vec<ChartRow>,
    /// Lines under the chart: sources, a reminder of what the numbers are.
    pub notes: Vec<String>,
    pub color: String,
    /// Drawn mirrored, bars growing from the right, for a right-to-left page.
    pub rtl: bool,
}

/// Whether a page in `lang` is right to left, so its charts mirror.
fn mirrored(shared: &Shared, lang: &str) -> bool {
    shared
        .site
        .config
        .language(lang)
        .is_some_and(|l| l.dir == crate::config::Direction::Rtl)
}

/// Whether a text reads right to left, by its first letter that has a direction (as
/// `dir="auto"` decides): Uyghur does, and Chinese, figures and Latin text do not.
fn reads_right_to_left(text: &str) -> bool {
    text.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(crate::locale::is_right_to_left)
}

/// The attributes of a text drawn at `x` (from the start edge) on a chart: in a mirrored chart
/// it is placed from the right and ends at its place whatever its own direction, so that the
/// text stays inside the chart and Chinese or figures keep their order.
fn text_place(chart: &Chart, x: f64, text: &str) -> String {
    if !chart.rtl {
        return format!("x=\"{x:.1}\" direction=\"ltr\"");
    }
    let (direction, anchor) = if reads_right_to_left(text) {
        ("rtl", "start")
    } else {
        ("ltr", "end")
    };
    format!(
        "x=\"{:.1}\" direction=\"{direction}\" text-anchor=\"{anchor}\"",
        WIDTH - x
    )
}

/// What a template asks for: `chart(data="targets", indicator="energy-intensity", region="a,b")`.
#[derive(Debug, Clone, Default)]
pub struct Spec {
    pub data: String,
    pub indicator: Option<String>,
    pub regions: Vec<String>,
    pub source: Option<String>,
    /// `bars` or `reductions`; for targets, the default is bars when an indicator is named.
    pub kind: Option<String>,
    pub id: Option<String>,
    pub title: Option<String>,
    /// For other data files: the columns holding each row's label and value.
    pub label: Option<String>,
    pub value: Option<String>,
    pub unit: Option<String>,
}

/// Narrow enough that the 14-unit text is at least 12 px on a 390 px phone (the chart is drawn
/// across the screen, 358 px); the theme caps it at 30rem on wider screens.
const WIDTH: f64 = 400.0;
const TRACK: f64 = 300.0;
const ROW: f64 = 46.0;
const TOP: f64 = 6.0;

/// Roughly how wide a text is drawn at 14px: CJK and full-width characters are a full em.
fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if (c as u32) >= 0x2E80 { 14.0 } else { 7.6 })
        .sum()
}

/// The label cut to fit the chart, with an ellipsis; the table keeps the whole text.
fn fit(text: &str, room: f64) -> String {
    if text_width(text) <= room {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut width = 14.0;
    for c in text.chars() {
        width += text_width(&c.to_string());
        if width > room {
            break;
        }
        out.push(c);
    }
    out.trim_end().to_owned() + "…"
}

/// The smallest 1, 2 or 5 × 10ⁿ at or above `x`, so that the scale reads well.
fn nice_max(x: f64) -> f64 {
    if x <= 0.0 || !x.is_finite() {
        return 1.0;
    }
    let magnitude = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|&m| m >= x)
        .unwrap_or(10.0 * magnitude)
}

/// The chart as an SVG image with its title and description.
pub fn svg(chart: &Chart) -> String {
    let id = escape_xml(&chart.id);
    let height = TOP + ROW * chart.rows.len() as f64 + 4.0;
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg class=\"chart__svg\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"14\">\
<title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape_xml(&chart.title),
        escape_xml(&chart.description),
    );
    let max = match chart.style {
        Style::Bars => nice_max(chart.rows.iter().map(|r| r.value).fold(0.0, f64::max)),
        Style::Reductions => 100.0,
    };
    let color = escape_xml(&chart.color);
    // The start edge: the left, or the right of a mirrored chart; a bar from `x` that is
    // `length` long starts at `edge(x, length)`.
    let edge = |x: f64, length: f64| if chart.rtl { WIDTH - x - length } else { x };
    let axis = if chart.rtl { WIDTH - 0.5 } else { 0.5 };
    let _ = write!(
        out,
        "<line x1=\"{axis}\" y1=\"0\" x2=\"{axis}\" y2=\"{height}\" stroke=\"#4a534d\" stroke-width=\"1\"/>"
    );
    for (i, row) in chart.rows.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        // A long name is cut, but the years in brackets at its end stay.
        let label = match row.label.rfind(" (") {
            Some(at) if row.label.ends_with(')') => {
                let (name, years) = row.label.split_at(at);
                fit(name, WIDTH - 8.0 - text_width(years)) + years
            }
            _ => fit(&row.label, WIDTH - 8.0),
        };
        let _ = write!(
            out,
            "<text class=\"chart__label\" {} y=\"{}\" fill=\"#1b1f1c\">{}</text>",
            text_place(chart, 6.0, &label),
            y + 14.0,
            escape_xml(&label)
        );
        let bar_y = y + 20.0;
        let (length, text_x) = match chart.style {
            Style::Bars => {
                let length = (row.value.max(0.0) / max * TRACK).max(1.0);
                (length, length + 6.0)
            }
            Style::Reductions => {
                let _ = write!(
                    out,
                    "<rect class=\"chart__track\" x=\"{:.1}\" y=\"{bar_y}\" width=\"{TRACK}\" height=\"16\" fill=\"#f2f5f1\" stroke=\"#4a534d\" stroke-width=\"1\"/>",
                    edge(1.0, TRACK)
                );
                let level = (100.0 - row.value).clamp(0.0, 100.0);
                (level / max * TRACK, TRACK + 6.0)
            }
        };
        let shown = fit(&row.shown, WIDTH - text_x - 2.0);
        let _ = write!(
            out,
            "<rect class=\"chart__bar\" x=\"{:.1}\" y=\"{bar_y}\" width=\"{:.1}\" height=\"16\" fill=\"{color}\"/>\
<text class=\"chart__value\" {} y=\"{}\" fill=\"#1b1f1c\" font-weight=\"700\">{}</text>",
            edge(1.0, length),
            length,
            text_place(chart, text_x, &shown),
            bar_y + 13.0,
            escape_xml(&shown),
        );
    }
    out.push_str("</svg>");
    out
}

/// The same numbers as a table.
pub fn table(chart: &Chart) -> String {
    let mut out = String::from("<table class=\"chart__table\">");
    let _ = write!(out, "<caption>{}</caption><thead><tr>", escape_xml(&chart.title));
    for column in &chart.columns {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape_xml(column));
    }
    out.push_str("</tr></thead><tbody>");
    for row in &chart.rows {
        out.push_str("<tr>");
        for (i, cell) in row.cells.iter().enumerate() {
            if i == 0 {
                let _ = write!(out, "<th scope=\"row\"{}>{}</th>", row.text_attrs, escape_xml(cell));
            } else {
                let _ = write!(out, "<td{}>{}</td>", row.text_attrs, escape_xml(cell));
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}

/// The chart and its table side by side in a figure, with the notes as its caption. On a narrow
/// screen the table scrolls in its box, which the keyboard can reach and which is named after the
/// chart.
pub fn figure(chart: &Chart) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<figure class=\"chart\" id=\"{}\"><div class=\"chart__graphic\">{}</div>\
<div class=\"chart__data\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">{}</div>",
        escape_xml(&chart.id),
        svg(chart),
        escape_xml(&chart.title),
        table(chart)
    );
    if !chart.notes.is_empty() {
        out.push_str("<figcaption class=\"chart__notes\">");
        for note in &chart.notes {
            let _ = write!(out, "<span>{}</span> ", escape_xml(note));
        }
        out.truncate(out.trim_end().len());
        out.push_str("</figcaption>");
    }
    out.push_str("</figure>");
    out
}

/// A UI string with `{name}` placeholders filled in.
fn years(row: &TargetRow) -> String {
    match (row.baseline_year, row.target_year) {
        (Some(b), Some(t)) => format!("{b}–{t}"),
        (None, Some(t)) => t.to_string(),
        (Some(b), None) => b.to_string(),
        (None, None) => String::new(),
    }
}

fn year_cell(year: Option<i64>) -> String {
    year.map(|y| y.to_string()).unwrap_or_else(|| "—".into())
}

/// A short description of the spread of a chart's values: how many, lowest, highest.
fn spread(shared: &Shared, lang: &str, rows: &[ChartRow], template_key: &str) -> String {
    let (Some(low), Some(high)) = (
        rows.iter().min_by(|a, b| a.value.total_cmp(&b.value)),
        rows.iter().max_by(|a, b| a.value.total_cmp(&b.value)),
    ) else {
        return String::new();
    };
    fill(
        shared.string(lang, template_key),
        &[
            ("count", &rows.len().to_string()),
            ("low", &format!("{} {}", low.label, low.shown)),
            ("high", &format!("{} {}", high.label, high.shown)),
        ],
    )
}

/// The documents the rows cite, in order of first appearance.
fn sources_of<'a>(rows: &[&'a TargetRow]) -> Vec<&'a str> {
    let mut sources: Vec<&str> = Vec::new();
    for row in rows {
        if !sources.contains(&row.source.as_str()) && !row.source.is_empty() {
            sources.push(&row.source);
        }
    }
    sources
}

/// The notes under a chart: its source, or its numbered sources when the rows cite several
/// (the table then names each row's source by its number), and what the numbers are.
fn source_notes(shared: &Shared, lang: &str, rows: &[&TargetRow]) -> Vec<String> {
    let sources = sources_of(rows);
    let label = format!("{}{}", shared.string(lang, "source"), shared.string(lang, "colon"));
    let mut notes = Vec::new();
    match sources.as_slice() {
        [] => {}
        [one] => notes.push(format!("{label}{one}")),
        many => {
            notes.push(label.trim_end().trim_end_matches(['：', ':']).to_owned());
            for (i, source) in many.iter().enumerate() {
                notes.push(format!("[{}] {source}", i + 1));
            }
        }
    }
    notes.push(shared.string(lang, "targets_are_historic").to_owned());
    notes
}

/// Bars of one indicator across regions, one chart per unit (an indicator rarely mixes units).
pub fn indicator_charts(shared: &Shared, lang: &str, rows: &[TargetRow], id: &str) -> Vec<Chart> {
    let mut units: Vec<&str> = Vec::new();
    for row in rows {
        if !units.contains(&row.unit.as_str()) {
            units.push(&row.unit);
        }
    }
    let color = shared.site.config.colors.primary.clone();
    units
        .iter()
        .enumerate()
        .map(|(n, unit)| {
            let group: Vec<&TargetRow> = rows.iter().filter(|r| r.unit == *unit).collect();
            let indicator = group.first().map(|r| r.indicator.clone()).unwrap_or_default();
            let sources = sources_of(&group);
            let numbered = sources.len() > 1;
            let chart_rows: Vec<ChartRow> = group
                .iter()
                .map(|r| {
                    let mut cells = vec![
                        r.region.clone(),
                        year_cell(r.baseline_year),
                        year_cell(r.target_year),
                        r.display.clone(),
                    ];
                    if numbered {
                        let n = sources.iter().position(|s| *s == r.source).map_or(0, |i| i + 1);
                        cells.push(format!("[{n}]"));
                    }
                    ChartRow {
                        label: format!("{} ({})", r.region, years(r)),
                        value: r.value,
                        shown: r.display.clone(),
                        cells,
                        text_attrs: crate::render::views::text_attrs(&shared.site.config, lang, &r.lang),
                    }
                })
                .collect();
            let mut columns = vec![
                "chart_region",
                "chart_baseline_year",
                "chart_target_year",
                "chart_target",
            ];
            if numbered {
                columns.push("source");
            }
            let mut description = fill(shared.string(lang, "chart_bars_desc"), &[("indicator", &indicator)]);
            description.push(' ');
            description.push_str(&spread(shared, lang, &chart_rows, "chart_spread"));
            Chart {
                id: if n == 0 { id.to_owned() } else { format!("{id}-{n}") },
                title: indicator,
                description,
                style: Style::Bars,
                columns: columns.iter().map(|k| shared.string(lang, k).to_owned()).collect(),
                rows: chart_rows,
                notes: source_notes(shared, lang, &group),
                color: color.clone(),
                rtl: mirrored(shared, lang),
            }
        })
        .collect()
}

/// The name of the percent unit in `lang`, as target rows carry it.
fn percent_unit(shared: &Shared, lang: &str) -> String {
    let data = &shared.site.data;
    data.get("targets")
        .and_then(|t| t.get("units"))
        .and_then(|u| u.get("percent"))
        .and_then(|v| Data::local_text(v, lang, shared.site.config.default_language()))
        .unwrap_or("%")
        .to_owned()
}

/// Whether a target is a percentage cut against a stated baseline year.
pub fn is_reduction(row: &TargetRow, percent: &str) -> bool {
    row.kind == "reduction" && row.unit == percent && row.baseline_year.is_some()
}

/// The cuts a region (or several) set from a baseline year, each drawn against baseline = 100.
pub fn reductions_chart(shared: &Shared, lang: &str, rows: &[TargetRow], id: &str, title: Option<&str>) -> Chart {
    let percent = percent_unit(shared, lang);
    let rows: Vec<&TargetRow> = rows.iter().filter(|r| is_reduction(r, &percent)).collect();
    let mut regions: Vec<&str> = Vec::new();
    for row in &rows {
        if !regions.contains(&row.region.as_str()) {
            regions.push(&row.region);
        }
    }
    let many_regions = regions.len() > 1;
    let chart_rows: Vec<ChartRow> = rows
        .iter()
        .map(|r| {
            let name = if many_regions {
                format!("{} · {}", r.region, r.indicator)
            } else {
                r.indicator.clone()
            };
            let locale = shared.locale(&r.lang);
            let level = locale.number(100.0 - r.value);
            ChartRow {
                label: format!("{name} ({})", years(r)),
                value: r.value,
                shown: format!("−{} → {level}", locale.percent(r.value)),
                text_attrs: crate::render::views::text_attrs(&shared.site.config, lang, &r.lang),
                cells: vec![
                    name,
                    year_cell(r.baseline_year),
                    year_cell(r.target_year),
                    r.display.clone(),
                    level,
                ],
            }
        })
        .collect();
    let title = title.map(str::to_owned).unwrap_or_else(|| {
        fill(
            shared.string(lang, "chart_reductions_title"),
            &[("region", &regions.join(shared.string(lang, "list_separator")))],
        )
    });
    let mut description = shared.string(lang, "chart_reductions_desc").to_owned();
    description.push(' ');
    description.push_str(&spread(shared, lang, &chart_rows, "chart_spread"));
    Chart {
        id: id.to_owned(),
        title,
        description,
        style: Style::Reductions,
        columns: [
            "chart_indicator",
            "chart_baseline_year",
            "chart_target_year",
            "chart_cut",
            "chart_target_level",
        ]
        .iter()
        .map(|k| shared.string(lang, k).to_owned())
        .collect(),
        rows: chart_rows,
        notes: source_notes(shared, lang, &rows),
        color: shared.site.config.colors.primary.clone(),
        rtl: mirrored(shared, lang),
    }
}

/// A number from a data cell: a YAML number or CSV text.
fn number(value: &serde_json::Value) -> Option<f64> {
    match value {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => s.trim().replace(',', "").parse().ok(),
        _ => None,
    }
}

/// Bars of any data file that is a list of records, from its label and value columns.
fn records_chart(shared: &Shared, lang: &str, spec: &Spec) -> Result<Vec<Chart>, String> {
    let site = &shared.site;
    let default = site.config.default_language();
    let Some(serde_json::Value::Array(records)) = site.data.get(&spec.data) else {
        return Err(format!(
            "chart(): data/{} is not a list of records (or does not exist)",
            spec.data
        ));
    };
    let (Some(label), Some(value)) = (&spec.label, &spec.value) else {
        return Err(format!(
            "chart(): to draw data/{} name its columns: chart(data=\"{}\", label=\"...\", value=\"...\")",
            spec.data, spec.data
        ));
    };
    let unit = spec.unit.clone().unwrap_or_default();
    let mut rows = Vec::new();
    for (i, record) in records.iter().enumerate() {
        let (text, text_lang) = record
            .get(label)
            .and_then(|v| {
                Data::local_text_in(v, lang, default)
                    .map(|(t, l)| (t.to_owned(), l))
                    .or_else(|| number(v).map(|n| (shared.locale(lang).number(n), lang)))
            })
            .ok_or_else(|| format!("chart(): record {} of data/{} has no `{label}`", i + 1, spec.data))?;
        let amount = record.get(value).and_then(number).ok_or_else(|| {
            format!(
                "chart(): record {} of data/{} has no number in `{value}`",
                i + 1,
                spec.data
            )
        })?;
        let shown = shared.locale(lang).quantity(amount, 1.0, &unit);
        rows.push(ChartRow {
            label: text.clone(),
            value: amount,
            shown: shown.clone(),
            cells: vec![text, shown],
            text_attrs: crate::render::views::text_attrs(&site.config, lang, text_lang),
        });
    }
    let title = spec.title.clone().unwrap_or_else(|| format!("data/{}", spec.data));
    let description = spread(shared, lang, &rows, "chart_spread");
    Ok(vec![Chart {
        id: spec
            .id
            .clone()
            .unwrap_or_else(|| format!("chart-{}", slugify(&spec.data))),
        title,
        description,
        style: Style::Bars,
        columns: vec![label.clone(), value.clone()],
        rows,
        notes: Vec::new(),
        color: site.config.colors.primary.clone(),
        rtl: mirrored(shared, lang),
    }])
}

/// The charts a template asks for, as HTML (figures with SVG and table).
pub fn render(shared: &Shared, lang: &str, spec: &Spec) -> Result<String, String> {
    let charts = if spec.data == "targets" {
        targets_charts(shared, lang, spec)?
    } else {
        records_chart(shared, lang, spec)?
    };
    Ok(charts.iter().map(figure).collect())
}

fn targets_charts(shared: &Shared, lang: &str, spec: &Spec) -> Result<Vec<Chart>, String> {
    let site = &shared.site;
    let all = datafns::targets(&site.data, lang, site.config.default_language());
    if all.is_empty() {
        return Err("chart(): the site has no data/targets.yaml with targets".into());
    }
    let rows: Vec<TargetRow> = all
        .into_iter()
        .filter(|r| spec.indicator.as_ref().is_none_or(|i| &r.indicator_id == i))
        .filter(|r| spec.regions.is_empty() || spec.regions.contains(&r.region_id))
        .filter(|r| spec.source.as_ref().is_none_or(|s| &r.source_id == s))
        .collect();
    let kind = spec
        .kind
        .clone()
        .unwrap_or_else(|| if spec.indicator.is_some() { "bars" } else { "reductions" }.into());
    let mut id = String::from("chart-") + &slugify(&kind);
    for part in spec.indicator.iter().chain(&spec.regions).chain(&spec.source) {
        id.push('-');
        id.push_str(&slugify(part));
    }
    let id = spec.id.clone().unwrap_or(id);
    let charts = match kind.as_str() {
        "bars" => {
            if spec.indicator.is_none() {
                return Err("chart(): bars of targets need an indicator, e.g. indicator=\"energy-intensity\"".into());
            }
            let mut charts = indicator_charts(shared, lang, &rows, &id);
            if let (Some(title), Some(first)) = (&spec.title, charts.first_mut()) {
                first.title = title.clone();
            }
            charts
        }
        "reductions" => {
            let chart = reductions_chart(shared, lang, &rows, &id, spec.title.as_deref());
            if chart.rows.is_empty() { Vec::new() } else { vec![chart] }
        }
        other => {
            return Err(format!(
                "chart(): kind=\"{other}\" is not a chart; use kind=\"bars\" or kind=\"reductions\""
            ));
        }
    };
    if charts.is_empty() {
        return Err(format!(
            "chart(): no target matches (indicator {:?}, region {:?}, source {:?})",
            spec.indicator.as_deref().unwrap_or("any"),
            if spec.regions.is_empty() {
                "any".to_owned()
            } else {
                spec.regions.join(",")
            },
            spec.source.as_deref().unwrap_or("any"),
        ));
    }
    Ok(charts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Chart {
        Chart {
            id: "c1".into(),
            title: "Cuts <2015>".into(),
            description: "Two & more".into(),
            style: Style::Bars,
            columns: vec!["Region".into(), "Target".into()],
            rows: vec![
                ChartRow {
                    label: "Ürümqi".into(),
                    value: 13.0,
                    shown: "13%".into(),
                    cells: vec!["Ürümqi".into(), "13%".into()],
                    text_attrs: String::new(),
                },
                ChartRow {
                    label: "Hotan".into(),
                    value: 6.0,
                    shown: "6%".into(),
                    cells: vec!["Hotan".into(), "6%".into()],
                    text_attrs: String::new(),
                },
            ],
            notes: vec!["Source: a plan".into()],
            color: "#1d6b3b".into(),
            rtl: false,
        }
    }

    #[test]
    fn a_mirrored_chart_keeps_its_labels_and_bars_inside_it() {
        let chart = Chart { rtl: true, ..sample() };
        let svg = svg(&chart);
        for x in svg.split(" x=\"").skip(1).filter_map(|rest| rest.split('"').next()) {
            let x: f64 = x.parse().expect("a number");
            assert!((0.0..=WIDTH).contains(&x), "x={x} is outside the chart: {svg}");
        }
        assert!(svg.contains("text-anchor=\"end\""), "{svg}");
        assert!(reads_right_to_left("ئېنېرگىيە (2020–2025)"));
        assert!(!reads_right_to_left("单位GDP能耗 (2020–2025)"));
    }

    #[test]
    fn svg_is_labelled_and_escaped() {
        let svg = svg(&sample());
        assert!(svg.starts_with("<svg class=\"chart__svg\" role=\"img\" aria-labelledby=\"c1-title c1-desc\""));
        assert!(svg.contains("<title id=\"c1-title\">Cuts &lt;2015&gt;</title>"));
        assert!(svg.contains("<desc id=\"c1-desc\">Two &amp; more</desc>"));
        assert_eq!(svg.matches("class=\"chart__bar\"").count(), 2);
        // The largest bar fills the scale up to its nice maximum (13 → 20).
        assert!(svg.contains("width=\"195.0\""), "{svg}");
    }

    #[test]
    fn table_has_a_header_per_row() {
        let table = table(&sample());
        assert!(table.contains("<caption>Cuts &lt;2015&gt;</caption>"));
        assert!(table.contains("<th scope=\"row\">Hotan</th><td>6%</td>"));
    }

    #[test]
    fn scales_and_labels_fit() {
        assert_eq!(nice_max(13.0), 20.0);
        assert_eq!(nice_max(100.0), 100.0);
        assert_eq!(nice_max(0.18), 0.2);
        assert_eq!(slugify("Energy intensity / 2015"), "energy-intensity-2015");
        // Chart ids keep the Chinese of an indicator or region, as pinyin.
        assert_eq!(slugify("单位GDP能耗"), "dan-wei-gdp-neng-hao");
        let long = "伊犁哈萨克自治州直属县（市）".repeat(5);
        assert!(fit(&long, 300.0).ends_with('…'));
        assert!(text_width(&fit(&long, 300.0)) <= 300.0);
    }
}
