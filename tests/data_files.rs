//! Every data file the theme reads is checked when it is loaded: a bad entry is reported at its
//! line with a hint, never dropped without a word; YAML that would expand without end is refused
//! in plain words, while a real long list loads.

mod common;
use common::*;
use greenprint::diagnostics::Diagnostic;

fn problems(f: &Fixture) -> Vec<Diagnostic> {
    let report = f.build();
    assert!(!report.succeeded(), "the build should fail");
    report.diagnostics.sorted().into_iter().cloned().collect()
}

fn one_at<'a>(found: &'a [Diagnostic], file: &str, line: usize) -> &'a Diagnostic {
    let at: Vec<&Diagnostic> = found
        .iter()
        .filter(|d| d.file.as_deref() == Some(file) && d.line == Some(line))
        .collect();
    assert_eq!(at.len(), 1, "one problem at {file}:{line}, got {found:#?}");
    at[0]
}

const DAYS: &str = "\
- id: water
  name: {zh: 世界水日, en: World Water Day}
  date: \"03-22\"
- id: environment
  name: {zh: 世界环境日, en: World Environment Day}
  date: 2024-06-05
- id: week
  name: {zh: 节能宣传周, en: Energy Saving Week}
  announced: {month: 6}
  dayz: 7
";

#[test]
fn a_theme_day_with_a_full_date_is_reported_at_its_line() {
    let f = Fixture::new();
    f.file("data/theme_days.yaml", DAYS);
    let found = problems(&f);
    let full = one_at(&found, "data/theme_days.yaml", 6);
    assert!(full.message.contains("not a full date"), "{full:?}");
    let hint = full.hint.as_deref().unwrap_or_default();
    assert!(hint.contains("every year") && hint.contains("\"06-05\""), "{hint}");
    let misspelt = one_at(&found, "data/theme_days.yaml", 10);
    assert_eq!(misspelt.message, "`dayz` is not a field of a theme day");
    assert_eq!(misspelt.hint.as_deref(), Some("did you mean `days`?"));
}

#[test]
fn a_theme_day_without_a_date_or_an_announcement_is_reported() {
    let f = Fixture::new();
    f.file(
        "data/theme_days.yaml",
        "- id: water\n  name: 世界水日\n  date: \"13-40\"\n- id: none\n  name: 无日期\n",
    );
    let found = problems(&f);
    assert!(
        one_at(&found, "data/theme_days.yaml", 3)
            .message
            .contains("month and day")
    );
    let missing = one_at(&found, "data/theme_days.yaml", 4);
    assert_eq!(missing.message, "a theme day needs `date` or `announced`");
    assert!(
        missing
            .hint
            .as_deref()
            .unwrap_or_default()
            .contains("announced: {month: 6}")
    );
}

const TARGETS: &str = "\
units:
  percent: {zh: \"%\", en: \"%\"}
regions:
  changji: {zh: 昌吉市, en: Changji}
indicators:
  energy: {zh: 能耗降低, en: Cut in energy use}
targets:
  - region: changji
    indicator: energy
    value: 14
    unit: percent
  - region: changji
    indicator: energy
    unit: percent
  - region: changji
    indicator: energy
    value: \"about 14\"
    target_year: 2025
    unit: percnt
";

#[test]
fn a_target_without_a_number_is_reported_not_dropped() {
    let f = Fixture::new();
    f.file("data/targets.yaml", TARGETS);
    let found = problems(&f);
    let missing = one_at(&found, "data/targets.yaml", 12);
    assert_eq!(missing.message, "a target needs `value`");
    assert!(missing.hint.as_deref().unwrap_or_default().contains("value: 14"));
    let text = one_at(&found, "data/targets.yaml", 17);
    assert_eq!(text.message, "`value` should be a number, not text");
    let unit = one_at(&found, "data/targets.yaml", 19);
    assert_eq!(unit.hint.as_deref(), Some("did you mean `percent`?"));
}

#[test]
fn factors_units_sources_and_terms_are_checked_at_their_lines() {
    let f = Fixture::new();
    f.file("data/factors.yaml", "grid_emission:\n  value: 0.57\n  unit: kg CO2/kWh\nwater_price:\n  unit: yuan/m3\n  vaule: 4\n")
        .file("data/units.yaml", "womens-federation: {zh: 市妇联, en: Municipal Women's Federation}\nbureau: [a, b]\n")
        .file("data/sources.yaml", "local-plan: {zh: 《总体方案》, en: General Plan, issued: 2021-09-25}\nold-plan: {zh: 旧方案, isued: 2015-07-10}\nnew-plan: {zh: 新方案, issued: 25 September 2021}\n")
        .file("data/terms.yaml", "categories:\n  electricity: {zh: 节约用电, en: Electricity}\n  water: 3\n");
    let found = problems(&f);
    assert_eq!(
        one_at(&found, "data/factors.yaml", 5).message,
        "a conversion factor needs `value`"
    );
    assert_eq!(
        one_at(&found, "data/factors.yaml", 6).hint.as_deref(),
        Some("did you mean `value`?")
    );
    assert!(one_at(&found, "data/units.yaml", 2).message.contains("not a list"));
    assert_eq!(
        one_at(&found, "data/sources.yaml", 2).hint.as_deref(),
        Some("did you mean `issued`?")
    );
    assert!(
        one_at(&found, "data/sources.yaml", 3)
            .message
            .contains("a date such as 2021-09-25")
    );
    assert!(one_at(&found, "data/terms.yaml", 3).message.contains("not a number"));
}

#[test]
fn a_poster_whose_address_is_too_long_for_a_qr_code_is_an_error_not_a_blank() {
    let f = Fixture::new();
    let long = format!("https://green.example.gov.cn/{}", "a".repeat(3000));
    f.file("site.yaml", &SITE_YAML.replace("https://green.example.gov.cn", &long));
    let found = problems(&f);
    let qr: Vec<&Diagnostic> = found.iter().filter(|d| d.message.contains("QR code")).collect();
    assert!(!qr.is_empty(), "{found:#?}");
    assert!(
        qr.iter()
            .all(|d| d.file.as_deref().is_some_and(|p| p.starts_with("content/campaigns/")))
    );
}

fn billion_laughs() -> String {
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    let mut yaml = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for pair in names.windows(2) {
        let alias = format!("*{}", pair[0]);
        yaml.push_str(&format!("{0}: &{0} [{1}]\n", pair[1], vec![alias; 10].join(", ")));
    }
    yaml
}

#[test]
fn a_file_of_nested_aliases_is_refused_in_plain_words() {
    let f = Fixture::new();
    f.file("data/laughs.yaml", &billion_laughs());
    let found = problems(&f);
    let refused: Vec<&Diagnostic> = found
        .iter()
        .filter(|d| d.file.as_deref() == Some("data/laughs.yaml"))
        .collect();
    assert_eq!(refused.len(), 1, "{found:#?}");
    assert!(
        refused[0].message.contains("repeats itself too much"),
        "{:?}",
        refused[0]
    );
    assert!(!refused[0].message.contains("budget"), "{:?}", refused[0]);
    assert!(refused[0].hint.is_some());
}

#[test]
fn front_matter_of_nested_aliases_is_refused_the_same_way() {
    let f = Fixture::new();
    let aliases = billion_laughs().replace('\n', "\n  ");
    f.file(
        "content/tips/water-tip.md",
        &format!("---\ntitle: x\nextra:\n  {aliases}\n---\n"),
    );
    let found = problems(&f);
    assert!(
        found
            .iter()
            .any(|d| d.file.as_deref() == Some("content/tips/water-tip.md")
                && d.message.contains("repeats itself too much")),
        "{found:#?}"
    );
}

#[test]
fn a_list_of_fifty_thousand_rows_loads() {
    let f = Fixture::new();
    let rows: String = (0..50_000)
        .map(|i| format!("- {{name: row{i}, value: {i}}}\n"))
        .collect();
    f.file("data/rows.yaml", &rows);
    f.build_ok();
}

#[test]
fn a_theme_day_naming_a_source_that_does_not_exist_is_reported() {
    let f = Fixture::new();
    f.file(
        "data/theme_days.yaml",
        "- id: water\n  name: 世界水日\n  date: \"03-22\"\n  sources: [local-plan, locl-plan]\n",
    );
    let found = problems(&f);
    let unknown = one_at(&found, "data/theme_days.yaml", 4);
    assert_eq!(
        unknown.message,
        "this entry names `locl-plan`, which is not in data/sources.yaml"
    );
    assert_eq!(unknown.hint.as_deref(), Some("did you mean `local-plan`?"));
}

#[test]
fn a_csv_data_file_is_checked_like_a_yaml_one_at_its_row() {
    let f = Fixture::new();
    f.file(
        "data/theme_days.csv",
        "id,name,date\nwater,世界水日,03-22\nenvironment,世界环境日,2024-06-05\n",
    );
    let found = problems(&f);
    assert!(
        one_at(&found, "data/theme_days.csv", 3)
            .message
            .contains("not a full date")
    );
}

#[test]
fn two_theme_days_with_one_id_are_reported_and_an_empty_file_is_not() {
    let f = Fixture::new();
    f.file(
        "data/theme_days.yaml",
        "- {id: water, name: 世界水日, date: \"03-22\"}\n- {id: water, name: 中国水周, date: \"03-22\", days: 7}\n",
    )
    .file("data/units.yaml", "# no units yet\n");
    let found = problems(&f);
    let twice = one_at(&found, "data/theme_days.yaml", 2);
    assert_eq!(twice.message, "the id `water` is already used by a theme day at line 1");
    assert!(
        found.iter().all(|d| d.file.as_deref() != Some("data/units.yaml")),
        "{found:#?}"
    );
}
