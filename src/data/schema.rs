//! What each data file the theme reads must look like. One table per file drives the check at
//! load and its hints, so that a bad entry is reported at its line instead of vanishing from the
//! calendar, the targets page or a savings figure.

use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::yaml::{Located, Origin, Tree};
use std::collections::BTreeMap;

/// The shape a value must have.
pub enum Shape {
    Text,
    /// A string, or the text in each language: `{zh: 节约用电, en: Electricity}`.
    LocalText,
    /// Text or a number: a label such as a year written `2022` or `2022–2023`.
    Label,
    Number,
    /// A whole number within a range, e.g. a year or a number of days.
    Whole {
        min: i64,
        max: i64,
        example: &'static str,
    },
    Bool,
    /// A day that comes back every year, `"MM-DD"`.
    MonthDay,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    List(&'static Shape),
    /// A mapping of ids to entries of one shape.
    Ids(&'static Shape),
    Record(&'static Record),
    /// The id of an entry of another table of the same file (`unit: percent` in targets).
    IdOf(&'static str),
    /// The id of an entry of another data file (`source: changji-2021-50`, from sources.yaml).
    IdIn(&'static str),
}

pub struct Record {
    /// What one such record is, for messages: "a theme day".
    pub noun: &'static str,
    pub fields: &'static [Field],
    /// Whether text in each language (`zh:`, `en:`) may stand beside the fields.
    pub languages: bool,
    /// Exactly one of these fields must be present.
    pub one_of: &'static [&'static str],
    /// Why exactly one of `one_of`, for the hint.
    pub one_of_hint: &'static str,
}

pub struct Field {
    pub name: &'static str,
    pub shape: Shape,
    /// The hint when a required field is missing; `None` for an optional field.
    pub required: Option<&'static str>,
}

const fn optional(name: &'static str, shape: Shape) -> Field {
    Field {
        name,
        shape,
        required: None,
    }
}

const fn required(name: &'static str, shape: Shape, hint: &'static str) -> Field {
    Field {
        name,
        shape,
        required: Some(hint),
    }
}

const YEAR: Shape = Shape::Whole {
    min: 1900,
    max: 2200,
    example: "2025",
};

static ANNOUNCED: Record = Record {
    noun: "an `announced:` rule",
    fields: &[
        required(
            "month",
            Shape::Whole {
                min: 1,
                max: 12,
                example: "5",
            },
            "add `month: 5`: the month the dates are usually in, so that the calendar can place the day",
        ),
        // For dates that have moved over several months: the last of them. The calendar then
        // lists the day in `month` and reminds on its 1st.
        optional(
            "until",
            Shape::Whole {
                min: 1,
                max: 12,
                example: "8",
            },
        ),
    ],
    languages: true,
    one_of: &[],
    one_of_hint: "",
};

static THEME_DAY: Record = Record {
    noun: "a theme day",
    fields: &[
        required(
            "id",
            Shape::Text,
            "add `id: world-water-day`: a short name that stays the same in every language",
        ),
        required(
            "name",
            Shape::LocalText,
            "add `name: {zh: 世界水日, en: World Water Day}`",
        ),
        optional("about", Shape::LocalText),
        optional("date", Shape::MonthDay),
        optional("announced", Shape::Record(&ANNOUNCED)),
        optional(
            "days",
            Shape::Whole {
                min: 1,
                max: 366,
                example: "7",
            },
        ),
        optional("sources", Shape::List(&Shape::IdIn("sources"))),
    ],
    languages: false,
    one_of: &["date", "announced"],
    one_of_hint: "give `date: \"06-05\"` for a day with a fixed date, or `announced: {month: 6}` when the authorities set the dates each year",
};

static TARGET: Record = Record {
    noun: "a target",
    fields: &[
        required(
            "region",
            Shape::IdOf("regions"),
            "add `region: ...` with an id from `regions:` at the top of this file",
        ),
        required(
            "indicator",
            Shape::IdOf("indicators"),
            "add `indicator: ...` with an id from `indicators:` at the top of this file",
        ),
        required(
            "value",
            Shape::Number,
            "add `value: 14`: the number the document states, without its unit",
        ),
        optional("unit", Shape::IdOf("units")),
        optional("qualifier", Shape::IdOf("qualifiers")),
        optional("baseline_year", YEAR),
        optional("target_year", YEAR),
        optional("kind", Shape::Text),
        // A value no number can write, as the document writes it: 稳定达到Ⅱ类.
        optional("shown", Shape::LocalText),
        optional("headline", Shape::Bool),
        optional("source", Shape::IdIn("sources")),
        optional("note", Shape::LocalText),
    ],
    languages: false,
    one_of: &[],
    one_of_hint: "",
};

/// A unit of the targets: its name in each language, and for a unit the Chinese name counts in
/// 万 (万吨), `scale: 10000`, so that other languages write the amount out (43,200 tonnes).
static UNIT: Record = Record {
    noun: "a unit",
    fields: &[optional("scale", Shape::Number)],
    languages: true,
    one_of: &[],
    one_of_hint: "",
};

static TARGETS: Record = Record {
    noun: "the targets file",
    fields: &[
        optional("units", Shape::Ids(&Shape::Record(&UNIT))),
        optional("qualifiers", Shape::Ids(&Shape::LocalText)),
        optional("regions", Shape::Ids(&Shape::LocalText)),
        optional("indicators", Shape::Ids(&Shape::LocalText)),
        optional("targets", Shape::List(&Shape::Record(&TARGET))),
    ],
    languages: false,
    one_of: &[],
    one_of_hint: "",
};

static FACTOR: Record = Record {
    noun: "a conversion factor",
    fields: &[
        required(
            "value",
            Shape::Number,
            "add `value: 0.5703`: the factor as a number, without its unit",
        ),
        optional("unit", Shape::Text),
        optional("year", Shape::Label),
        optional("source", Shape::LocalText),
    ],
    languages: false,
    one_of: &[],
    one_of_hint: "",
};

static SOURCE: Record = Record {
    noun: "a source",
    fields: &[optional("issued", Shape::Date), optional("year", YEAR)],
    languages: true,
    one_of: &[],
    one_of_hint: "",
};

/// The data files the theme and the build read, and what each must look like.
pub static FILES: &[(&str, Shape)] = &[
    ("theme_days", Shape::List(&Shape::Record(&THEME_DAY))),
    ("targets", Shape::Record(&TARGETS)),
    ("factors", Shape::Ids(&Shape::Record(&FACTOR))),
    ("terms", Shape::Ids(&Shape::Ids(&Shape::LocalText))),
    ("units", Shape::Ids(&Shape::LocalText)),
    ("sources", Shape::Ids(&Shape::Record(&SOURCE))),
];

/// The schema of the data file `name` (its path under data/ without extension), if it has one.
pub fn schema(name: &str) -> Option<&'static Shape> {
    FILES.iter().find(|(n, _)| *n == name).map(|(_, shape)| shape)
}

/// Every bad entry of a data file, each at its line with a hint. `files` are the data files read,
/// by name, for the ids one file takes from another.
pub fn check(shape: &Shape, tree: &Located<Tree>, origin: Origin, files: &BTreeMap<&str, &Tree>) -> Vec<Diagnostic> {
    let mut checker = Checker {
        origin,
        root: &tree.value,
        files,
        found: Vec::new(),
    };
    // An empty file has no entries, and nothing to be wrong.
    if tree.value != Tree::Null {
        checker.value(shape, tree, "this file");
    }
    checker.found
}

struct Checker<'a> {
    origin: Origin<'a>,
    root: &'a Tree,
    files: &'a BTreeMap<&'a str, &'a Tree>,
    found: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn report<T>(&mut self, at: &Located<T>, message: String, hint: impl Into<String>) {
        self.found
            .push(self.origin.error_at(at.line, at.column, message).hint(hint));
    }

    /// Checks `node` against `shape`; `what` names it in messages ("`value`", "this entry").
    fn value(&mut self, shape: &Shape, node: &Located<Tree>, what: &str) {
        let tree = &node.value;
        match (shape, tree) {
            (Shape::Text, Tree::Text(_)) | (Shape::Bool, Tree::Bool(_)) | (Shape::Number, Tree::Number(_)) => {}
            (Shape::Label, Tree::Text(_) | Tree::Number(_)) => {}
            (Shape::LocalText, Tree::Text(_)) => {}
            (Shape::LocalText, Tree::Map(entries)) => {
                for (key, value) in entries {
                    if !looks_like_language(&key.value) {
                        self.report(
                            key,
                            format!("`{}` is not a language code", key.value),
                            "write the text in each language of the site, such as `{zh: 节约用电, en: Electricity}`",
                        );
                    } else if !matches!(value.value, Tree::Text(_) | Tree::Null) {
                        self.wrong(&Shape::Text, value, &format!("`{}`", key.value));
                    }
                }
            }
            (Shape::Whole { min, max, example }, Tree::Number(n)) => {
                if !n.as_i64().is_some_and(|n| (*min..=*max).contains(&n)) {
                    self.report(
                        node,
                        format!("{what} should be a whole number from {min} to {max}, not {n}"),
                        format!("write it like {example}"),
                    );
                }
            }
            (Shape::MonthDay, Tree::Text(text)) => self.month_day(node, text, what),
            (Shape::Date, Tree::Text(text)) => {
                if chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_err() {
                    self.report(
                        node,
                        format!("{what} should be a date such as 2021-09-25, not `{text}`"),
                        "write the year, month and day with dashes: 2021-09-25",
                    );
                }
            }
            (Shape::List(item), Tree::List(items)) => {
                for entry in items {
                    self.value(item, entry, "this entry");
                }
                if let Shape::Record(record) = item {
                    self.unique_ids(record, items);
                }
            }
            (Shape::Ids(item), Tree::Map(entries)) => {
                for (key, entry) in entries {
                    self.value(item, entry, &format!("`{}`", key.value));
                }
            }
            (Shape::Record(record), Tree::Map(entries)) => self.record(record, node, entries),
            // A source or an announcement may be plain text in the default language.
            (Shape::Record(record), Tree::Text(_)) if record.languages && !has_required(record) => {}
            (Shape::IdOf(table), Tree::Text(id)) => self.id_of(table, node, id, what),
            (Shape::IdIn(file), Tree::Text(id)) => self.id_in(file, node, id, what),
            _ => self.wrong(shape, node, what),
        }
    }

    fn wrong(&mut self, shape: &Shape, node: &Located<Tree>, what: &str) {
        let hint = match (shape, &node.value) {
            (Shape::Number | Shape::Whole { .. }, Tree::Text(t))
                if t.trim().replace(',', "").parse::<f64>().is_ok() =>
            {
                "remove the quotes and any commas, so that it is read as a number".to_string()
            }
            (Shape::Number | Shape::Whole { .. }, Tree::Text(_)) => {
                "write the number alone; the unit has a field of its own".to_string()
            }
            (_, Tree::Null) => "give it a value, or remove the line".to_string(),
            _ => format!("write it like {}", example(shape)),
        };
        let message = format!("{what} should be {}, not {}", expected(shape), node.value.kind());
        self.report(node, message, hint);
    }

    fn month_day(&mut self, node: &Located<Tree>, text: &str, what: &str) {
        let parts: Vec<&str> = text.split('-').collect();
        if let [_, month, day] = parts[..]
            && parse_month_day(month, day).is_some()
        {
            self.report(
                node,
                format!("{what} should be a month and day such as \"06-05\", not a full date (`{text}`)"),
                format!(
                    "a theme day comes back every year, so the calendar and the .ics file need only its month and day: write `date: \"{month}-{day}\"`"
                ),
            );
        } else if !matches!(parts[..], [month, day] if parse_month_day(month, day).is_some()) {
            self.report(
                node,
                format!("{what} should be a month and day such as \"06-05\", not `{text}`"),
                "write the month, a dash and the day, in quotes: `date: \"06-05\"` for 5 June",
            );
        }
    }

    /// Records of a list that have an `id` (theme days) each need their own: the calendar file
    /// tells them apart by it.
    fn unique_ids(&mut self, record: &Record, items: &[Located<Tree>]) {
        if !record.fields.iter().any(|f| f.name == "id") {
            return;
        }
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for item in items {
            let Tree::Map(entries) = &item.value else { continue };
            let Some((_, id)) = entries.iter().find(|(k, _)| k.value == "id") else {
                continue;
            };
            let Tree::Text(text) = &id.value else { continue };
            if let Some(first) = seen.get(text.as_str()) {
                self.report(
                    id,
                    format!("the id `{text}` is already used by {} at line {first}", record.noun),
                    "give each one an id of its own: the calendar and its .ics file tell them apart by it",
                );
            } else {
                seen.insert(text, id.line);
            }
        }
    }

    fn id_in(&mut self, file: &str, node: &Located<Tree>, id: &str, what: &str) {
        let ids = self.files.get(file).map_or_else(Vec::new, |tree| keys(tree));
        let place = format!("data/{file}.yaml");
        let missing = format!("add `{id}:` with the document's name to {place}, or remove it here");
        self.known_id(
            &ids,
            node,
            id,
            format!("{what} names `{id}`, which is not in {place}"),
            missing,
        );
    }

    fn id_of(&mut self, table: &str, node: &Located<Tree>, id: &str, what: &str) {
        let ids = match self.root {
            Tree::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.value == table)
                .map_or_else(Vec::new, |(_, v)| keys(&v.value)),
            _ => Vec::new(),
        };
        let missing = format!("add `{id}` under `{table}:` at the top of this file, or use one that is there");
        let message = format!("{what} names `{id}`, which is not in `{table}:` of this file");
        self.known_id(&ids, node, id, message, missing);
    }

    /// Reports `id` unless it is one of `ids`, suggesting the nearest.
    fn known_id(&mut self, ids: &[&str], node: &Located<Tree>, id: &str, message: String, missing: String) {
        if !ids.contains(&id) {
            let hint = match did_you_mean(id, ids.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => missing,
            };
            self.report(node, message, hint);
        }
    }

    fn record(&mut self, record: &Record, node: &Located<Tree>, entries: &[(Located<String>, Located<Tree>)]) {
        for (key, value) in entries {
            match record.fields.iter().find(|f| f.name == key.value) {
                Some(field) => self.value(&field.shape, value, &format!("`{}`", key.value)),
                None if record.languages && looks_like_language(&key.value) && matches!(value.value, Tree::Text(_)) => {
                }
                None => {
                    let names = record.fields.iter().map(|f| f.name);
                    let hint = match did_you_mean(&key.value, names.clone()) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => {
                            let mut all: Vec<&str> = names.collect();
                            if record.languages {
                                all.extend(["zh", "en"]);
                            }
                            format!("the fields are: {}", all.join(", "))
                        }
                    };
                    self.report(key, format!("`{}` is not a field of {}", key.value, record.noun), hint);
                }
            }
        }
        let present = |name: &str| entries.iter().any(|(k, _)| k.value == name);
        for field in record.fields {
            if let Some(hint) = field.required
                && !present(field.name)
            {
                self.report(node, format!("{} needs `{}`", record.noun, field.name), hint);
            }
        }
        if !record.one_of.is_empty() {
            let given: Vec<&str> = record.one_of.iter().copied().filter(|n| present(n)).collect();
            if given.len() != 1 {
                let names = record
                    .one_of
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(" or ");
                let message = if given.is_empty() {
                    format!("{} needs {names}", record.noun)
                } else {
                    format!("{} should have only one of {names}", record.noun)
                };
                self.report(node, message, record.one_of_hint);
            }
        }
    }
}

/// The keys of a mapping; nothing for any other value.
fn keys(tree: &Tree) -> Vec<&str> {
    match tree {
        Tree::Map(entries) => entries.iter().map(|(k, _)| k.value.as_str()).collect(),
        _ => Vec::new(),
    }
}

fn has_required(record: &Record) -> bool {
    record.fields.iter().any(|f| f.required.is_some())
}

fn parse_month_day(month: &str, day: &str) -> Option<(u32, u32)> {
    let (month, day): (u32, u32) = (month.parse().ok()?, day.parse().ok()?);
    // 2024 is a leap year, so that 02-29 is a day of the year.
    chrono::NaiveDate::from_ymd_opt(2024, month, day).map(|_| (month, day))
}

/// `zh`, `en`, `zh-Hant`, `ug`: the keys that hold text in one language.
fn looks_like_language(key: &str) -> bool {
    let mut parts = key.split(['-', '_']);
    let first = parts.next().unwrap_or_default();
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn expected(shape: &Shape) -> String {
    match shape {
        Shape::Text => "text".into(),
        Shape::LocalText => "text, or text in each language".into(),
        Shape::Label => "text or a number".into(),
        Shape::Number => "a number".into(),
        Shape::Whole { min, max, .. } => format!("a whole number from {min} to {max}"),
        Shape::Bool => "true or false".into(),
        Shape::MonthDay => "a month and day such as \"06-05\"".into(),
        Shape::Date => "a date such as 2021-09-25".into(),
        Shape::List(_) => "a list".into(),
        Shape::Ids(_) => "a set of `id: ...` lines".into(),
        Shape::Record(record) => record.noun.into(),
        Shape::IdOf(table) => format!("an id from `{table}:`"),
        Shape::IdIn(file) => format!("an id from data/{file}.yaml"),
    }
}

fn example(shape: &Shape) -> String {
    match shape {
        Shape::Text | Shape::IdOf(_) | Shape::IdIn(_) => "`water` (quote it if it looks like a number)".into(),
        Shape::LocalText => "`{zh: 节约用电, en: Electricity}`".into(),
        Shape::Label => "`2022`".into(),
        Shape::Number => "`14` or `4.32`".into(),
        Shape::Whole { example, .. } => format!("`{example}`"),
        Shape::Bool => "`true`".into(),
        Shape::MonthDay => "`\"06-05\"`".into(),
        Shape::Date => "`2021-09-25`".into(),
        Shape::List(_) => "lines that each start with `- `".into(),
        Shape::Ids(_) | Shape::Record(_) => "indented `key: value` lines".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn problems(name: &str, yaml: &str) -> Vec<Diagnostic> {
        let origin = Origin::whole_file(Path::new("data/x.yaml"), yaml);
        let tree: Located<Tree> = crate::yaml::parse(yaml, origin, &[]).expect("valid YAML");
        check(schema(name).expect("a schema"), &tree, origin, &BTreeMap::new())
    }

    #[test]
    fn the_bundled_data_files_follow_their_schemas() {
        let mut diagnostics = crate::diagnostics::Diagnostics::new();
        let data = crate::data::Data::load(Path::new(env!("CARGO_MANIFEST_DIR")), &mut diagnostics);
        assert!(diagnostics.is_empty(), "{}", diagnostics.render_terminal(false));
        for (name, _) in FILES {
            assert!(data.files.contains_key(*name), "data/{name}.yaml");
        }
    }

    #[test]
    fn a_target_with_a_misspelt_unit_gets_a_suggestion() {
        let yaml = "units:\n  percent: {zh: \"%\", en: \"%\"}\nregions: {a: A}\nindicators: {b: B}\ntargets:\n  - {region: a, indicator: b, value: 3, unit: percnt}\n";
        let found = problems("targets", yaml);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, Some(6));
        assert_eq!(found[0].hint.as_deref(), Some("did you mean `percent`?"));
    }

    #[test]
    fn language_codes_are_told_from_fields() {
        assert!(looks_like_language("zh") && looks_like_language("zh-Hant") && looks_like_language("ug"));
        assert!(!looks_like_language("issued") && !looks_like_language("Zh"));
    }
}
