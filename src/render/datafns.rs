//! Data files made readable for one language: the theme days in calendar order with their
//! dates written out, and the targets with their region, indicator, unit and source named.

use crate::data::Data;
use crate::locale::Locale;
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, Serialize)]
pub struct ThemeDay {
    pub id: String,
    pub name: String,
    pub about: String,
    /// When it falls, in words: 6月5日, 5 June, "usually in June".
    pub when: String,
    pub month: u32,
    /// For announced days that move over several months, the last of them (`announced.until`):
    /// the calendar lists the day in `month` and reminds on its 1st.
    pub until: Option<u32>,
    /// The fixed day of the month, when there is one.
    pub day: Option<u32>,
    pub days: u32,
    /// True when the authorities set the dates each year.
    pub announced: bool,
    /// For announced days, how the dates are set, in words.
    pub rule: String,
    /// The language the day's name is in: `lang`, or the one the fallback chain chose.
    pub lang: String,
}

fn text(value: Option<&Value>, lang: &str, default: &str) -> String {
    value
        .and_then(|v| Data::local_text(v, lang, default))
        .unwrap_or_default()
        .to_owned()
}

/// The theme days in calendar order, for `lang`.
pub fn theme_days(data: &Data, lang: &str, default: &str) -> Vec<ThemeDay> {
    let Some(Value::Array(days)) = data.get("theme_days") else {
        return Vec::new();
    };
    let locale = Locale::of(lang, default);
    let mut out: Vec<ThemeDay> = days
        .iter()
        .filter_map(|d| {
            let id = d.get("id")?.as_str()?.to_owned();
            let length = d.get("days").and_then(Value::as_u64).unwrap_or(1) as u32;
            let (month, until, day, when, rule) = if let Some(date) = d.get("date").and_then(Value::as_str) {
                let (m, dd) = date.split_once('-')?;
                let (m, dd): (u32, u32) = (m.parse().ok()?, dd.parse().ok()?);
                (m, None, Some(dd), locale.day_of_month(m, dd), None)
            } else if let Some(rule) = d.get("announced") {
                let m = rule.get("month")?.as_u64()? as u32;
                let until = rule
                    .get("until")
                    .and_then(Value::as_u64)
                    .map(|u| u as u32)
                    .filter(|&u| u != m);
                (
                    m,
                    until,
                    None,
                    locale.month_set_yearly(m, until),
                    Some(text(Some(rule), lang, default)),
                )
            } else {
                return None;
            };
            let (name, name_lang) = d
                .get("name")
                .and_then(|v| Data::local_text_in(v, lang, default))
                .unwrap_or(("", lang));
            Some(ThemeDay {
                name: name.to_owned(),
                lang: name_lang.to_owned(),
                about: text(d.get("about"), lang, default),
                id,
                when,
                month,
                until,
                day,
                days: length,
                announced: rule.is_some(),
                rule: rule.unwrap_or_default(),
            })
        })
        .collect();
    out.sort_by_key(|d| (d.month, d.day.unwrap_or(32), d.id.clone()));
    out
}

#[derive(Debug, Clone, Serialize)]
pub struct TargetRow {
    pub region_id: String,
    pub region: String,
    pub indicator_id: String,
    pub indicator: String,
    pub baseline_year: Option<i64>,
    pub target_year: Option<i64>,
    pub value: f64,
    /// The value as the document writes it, with its unit and qualifier (−14 %, 4.32 万吨), or
    /// its `shown` text when a number cannot say it (Ⅱ类).
    pub display: String,
    pub unit: String,
    pub kind: String,
    pub headline: bool,
    pub source_id: String,
    pub source: String,
    pub note: String,
    /// The language the indicator's name is in: `lang`, or the one the fallback chain chose.
    pub lang: String,
}

/// Every target of `data/targets.yaml`, named in `lang`.
pub fn targets(data: &Data, lang: &str, default: &str) -> Vec<TargetRow> {
    let Some(file) = data.get("targets") else {
        return Vec::new();
    };
    let entry = |table: &str, id: &str| file.get(table).and_then(|t| t.get(id));
    let lookup_in = |table: &str, id: &str| {
        entry(table, id)
            .and_then(|v| Data::local_text_in(v, lang, default))
            .map(|(text, in_lang)| (text.to_owned(), in_lang))
            .unwrap_or_else(|| (String::new(), lang))
    };
    let lookup = |table: &str, id: &str| lookup_in(table, id).0;
    let Some(Value::Array(rows)) = file.get("targets") else {
        return Vec::new();
    };
    rows.iter()
        .filter_map(|row| {
            let get = |k: &str| row.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
            let value = row.get("value")?.as_f64()?;
            let unit_id = get("unit");
            // The figure is written as the language of its unit's name writes it.
            let (unit, unit_lang) = lookup_in("units", &unit_id);
            let scale = entry("units", &unit_id)
                .and_then(|u| u.get("scale"))
                .and_then(Value::as_f64)
                .unwrap_or(1.0);
            let locale = Locale::of(unit_lang, default);
            let amount = match unit_id.as_str() {
                "percent" => locale.percent(value),
                _ => locale.quantity(value, scale, &unit),
            };
            let display = match (row.get("shown"), row.get("qualifier").and_then(Value::as_str)) {
                (Some(shown), _) => text(Some(shown), lang, default),
                (None, Some(q)) => {
                    let (qualifier, qualifier_lang) = lookup_in("qualifiers", q);
                    Locale::of(qualifier_lang, default).qualified(&amount, &qualifier)
                }
                (None, None) => amount,
            };
            let (indicator, indicator_lang) = lookup_in("indicators", &get("indicator"));
            let source_id = get("source");
            Some(TargetRow {
                region: lookup("regions", &get("region")),
                region_id: get("region"),
                indicator,
                lang: indicator_lang.to_owned(),
                indicator_id: get("indicator"),
                baseline_year: row.get("baseline_year").and_then(Value::as_i64),
                target_year: row.get("target_year").and_then(Value::as_i64),
                value,
                display,
                unit,
                kind: get("kind"),
                headline: row.get("headline").and_then(Value::as_bool).unwrap_or(false),
                source: text(data.entry("sources", &source_id), lang, default),
                source_id,
                note: text(row.get("note"), lang, default),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_and_announced_days_are_written_out_and_sorted() {
        let mut data = Data::default();
        data.files.insert(
            "theme_days".into(),
            serde_json::json!([
                {"id": "env", "name": {"zh": "世界环境日", "en": "World Environment Day"}, "date": "06-05"},
                {"id": "water", "name": {"zh": "世界水日", "en": "World Water Day"}, "date": "03-22"},
                {"id": "week", "name": {"zh": "节能宣传周", "en": "Energy Saving Week"}, "announced": {"month": 6, "en": "usually in June"}, "days": 7}
            ]),
        );
        let days = theme_days(&data, "en", "zh");
        assert_eq!(
            days.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
            ["water", "env", "week"]
        );
        assert_eq!(days[1].when, "5 June");
        assert_eq!(days[2].when, "June (dates set yearly)");
        assert_eq!(days[2].rule, "usually in June");
        assert_eq!(theme_days(&data, "zh", "zh")[0].when, "3月22日");
        assert_eq!(theme_days(&data, "ug", "zh")[1].when, "5-ئىيۇن");
    }
}
