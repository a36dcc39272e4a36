//! How a language writes numbers, months and dates: one function for each, so that a page never
//! shows "5 June", "June" and "2021-09-25" side by side. Depends on nothing of ours.

use chrono::{Datelike, NaiveDate};

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Chinese and Japanese count months and days with 月 and 日.
fn counts_months(lang: &str) -> bool {
    lang.starts_with("zh") || lang.starts_with("ja")
}

/// A month (1 to 12) in words: 6月, June.
pub fn month_name(month: u32, lang: &str) -> String {
    if counts_months(lang) {
        return format!("{month}月");
    }
    MONTHS_EN[month.clamp(1, 12) as usize - 1].to_owned()
}

/// A date as readers of `lang` write it: 2021年9月25日, 25 September 2021; ISO in others.
pub fn format_date(date: NaiveDate, lang: &str) -> String {
    match lang {
        l if counts_months(l) => format!("{}年{}月{}日", date.year(), date.month(), date.day()),
        l if l.starts_with("en") => format!("{} {} {}", date.day(), MONTHS_EN[date.month0() as usize], date.year()),
        _ => date.format("%Y-%m-%d").to_string(),
    }
}

/// A number without a needless `.0`.
pub fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        let s = format!("{value:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// A number with thousands grouped (`1,234.5`), as Chinese and English readers both write it.
pub fn group_number(value: f64) -> String {
    let plain = format_number(value);
    let (sign, digits) = plain
        .strip_prefix('-')
        .map(|d| ("-", d))
        .unwrap_or(("", plain.as_str()));
    let (whole, fraction) = digits
        .split_once('.')
        .map(|(w, f)| (w, Some(f)))
        .unwrap_or((digits, None));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match fraction {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_people_write_them() {
        assert_eq!(format_number(14.0), "14");
        assert_eq!(format_number(4.32), "4.32");
        assert_eq!(format_number(0.5), "0.5");
    }

    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(group_number(74.0), "74");
        assert_eq!(group_number(1234.5), "1,234.5");
        assert_eq!(group_number(1_000_000.0), "1,000,000");
        assert_eq!(group_number(-4321.0), "-4,321");
        assert_eq!(group_number(0.5), "0.5");
    }

    #[test]
    fn months_and_dates_read_naturally_in_each_language() {
        assert_eq!(month_name(6, "en"), "June");
        assert_eq!(month_name(6, "zh"), "6月");
        assert_eq!(month_name(6, "ja"), "6月");
        let d = NaiveDate::from_ymd_opt(2021, 9, 25).unwrap();
        assert_eq!(format_date(d, "zh"), "2021年9月25日");
        assert_eq!(format_date(d, "en"), "25 September 2021");
        assert_eq!(format_date(d, "ug"), "2021-09-25");
    }
}
