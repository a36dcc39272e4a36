//! How each language writes what the site formats: dates and month names, numbers, quantities
//! counted in 万 and 亿, percentages and lists. One [`Locale`] per language, so that a page never
//! shows "5 June", "June" and "2021-09-25" side by side; and one rule ([`fallback`]) for which
//! language answers when the reader's has no text. Depends on nothing of ours.
//!
//! greenprint knows Chinese, English and Uyghur. A language it does not know is written as the
//! next language of its fallback chain is (the site's default language, then English).

pub mod fallback;

use chrono::{Datelike, NaiveDate};

/// The ways of writing greenprint knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// Chinese (and the month and day counting of Japanese): 2021年9月25日, 4.32万吨, 甲、乙、丙.
    Chinese,
    /// English: 25 September 2021, 43,200 tonnes, a, b and c.
    English,
    /// Uyghur in Arabic script: 2021-يىلى 25-سېنتەبىر, 1.33 مىليون, a، b ۋە c.
    Uyghur,
}

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

/// The months as Uyghur writes them (from Russian, in Uyghur Arabic script).
const MONTHS_UG: [&str; 12] = [
    "يانۋار",
    "فېۋرال",
    "مارت",
    "ئاپرېل",
    "ماي",
    "ئىيۇن",
    "ئىيۇل",
    "ئاۋغۇست",
    "سېنتەبىر",
    "ئۆكتەبىر",
    "نويابىر",
    "دېكابىر",
];

fn style_of(lang: &str) -> Option<Style> {
    let primary = lang.split('-').next().unwrap_or(lang).to_ascii_lowercase();
    match primary.as_str() {
        "zh" | "ja" => Some(Style::Chinese),
        "en" => Some(Style::English),
        "ug" => Some(Style::Uyghur),
        _ => None,
    }
}

/// How one language writes dates, numbers and lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Locale {
    style: Style,
}

impl Locale {
    /// The locale of `lang`; for a language greenprint does not know, the first of its fallback
    /// chain that it does (in the end, English).
    pub fn of(lang: &str, default: &str) -> Locale {
        let style = fallback::pick(lang, default, style_of)
            .map(|(style, _)| style)
            .unwrap_or(Style::English);
        Locale { style }
    }

    /// Whether the language counts large numbers in 万 (ten thousand) and 亿 (a hundred million).
    pub fn counts_in_myriads(self) -> bool {
        self.style == Style::Chinese
    }

    /// A month (1 to 12) in words: 6月, June, ئىيۇن.
    pub fn month(self, month: u32) -> String {
        let index = month.clamp(1, 12) as usize - 1;
        match self.style {
            Style::Chinese => format!("{}月", index + 1),
            Style::English => MONTHS_EN[index].to_owned(),
            Style::Uyghur => MONTHS_UG[index].to_owned(),
        }
    }

    /// A day of a month, as a theme day's date: 6月5日, 5 June, 5-ئىيۇن.
    pub fn day_of_month(self, month: u32, day: u32) -> String {
        match self.style {
            Style::Chinese => format!("{month}月{day}日"),
            Style::English => format!("{day} {}", self.month(month)),
            Style::Uyghur => format!("{day}-{}", self.month(month)),
        }
    }

    /// A month, or the months from `month` to `until`: 6月, 5月至8月, May–August.
    pub fn months(self, month: u32, until: Option<u32>) -> String {
        match (until, self.style) {
            (None, _) => self.month(month),
            (Some(last), Style::Chinese) => format!("{}至{}", self.month(month), self.month(last)),
            (Some(last), Style::English | Style::Uyghur) => format!("{}–{}", self.month(month), self.month(last)),
        }
    }

    /// The month (or months) in which the authorities set the days each year: 6月（每年公布）,
    /// May–August (dates set yearly).
    pub fn month_set_yearly(self, month: u32, until: Option<u32>) -> String {
        let name = self.months(month, until);
        match self.style {
            Style::Chinese => format!("{name}（每年公布）"),
            Style::English => format!("{name} (dates set yearly)"),
            Style::Uyghur => format!("{name} (كۈنلىرى ھەر يىلى ئېلان قىلىنىدۇ)"),
        }
    }

    /// A date: 2021年9月25日, 25 September 2021, 2021-يىلى 25-سېنتەبىر.
    pub fn date(self, date: NaiveDate) -> String {
        match self.style {
            Style::Chinese => format!("{}年{}月{}日", date.year(), date.month(), date.day()),
            Style::English => format!("{} {} {}", date.day(), self.month(date.month()), date.year()),
            Style::Uyghur => format!("{}-يىلى {}", date.year(), self.day_of_month(date.month(), date.day())),
        }
    }

    /// A number as the language writes it in running text: grouped by thousands in English and
    /// Uyghur (5,000), as the documents write it in Chinese (5000).
    pub fn number(self, value: f64) -> String {
        match self.style {
            Style::Chinese => plain_number(value),
            Style::English | Style::Uyghur => group_number(value),
        }
    }

    /// A figure with every decimal it was given (0.5703), for a factor the sums use as stored:
    /// `number` rounds to two decimals, which suits results but would misstate a factor.
    pub fn exact(self, value: f64) -> String {
        let plain = if value.fract() == 0.0 && value.abs() < 1e15 {
            format!("{}", value as i64)
        } else {
            format!("{value}")
        };
        match self.style {
            Style::Chinese => plain,
            Style::English | Style::Uyghur => group_digits(&plain),
        }
    }

    /// A percentage: 14%.
    pub fn percent(self, value: f64) -> String {
        format!("{}%", self.number(value))
    }

    /// An amount of a unit the data counts in `scale`s (10000 for 万吨, 万辆): kept as it is
    /// in Chinese, whose unit says 万 (4.32万吨); multiplied out elsewhere, with "million" for
    /// millions (43,200 tonnes, 1.33 million tonnes a day). `unit` is the unit's name in this
    /// language (tonnes), empty for a bare count.
    pub fn quantity(self, value: f64, scale: f64, unit: &str) -> String {
        let joined = |number: String| match (unit.is_empty(), self.style) {
            (true, _) => number,
            (false, Style::Chinese) => format!("{number}{unit}"),
            (false, _) => format!("{number} {unit}"),
        };
        if self.counts_in_myriads() || scale == 1.0 {
            return joined(self.number(value));
        }
        let amount = value * scale;
        let (million, billion) = match self.style {
            Style::Uyghur => ("مىليون", "مىليارد"),
            _ => ("million", "billion"),
        };
        if amount.abs() >= 1e9 {
            joined(format!("{} {billion}", self.number(round_to(amount / 1e9, 3))))
        } else if amount.abs() >= 1e6 {
            joined(format!("{} {million}", self.number(round_to(amount / 1e6, 3))))
        } else {
            joined(self.number(round_to(amount, 2)))
        }
    }

    /// An amount with the document's qualifier: 14%以上, at least 14%, 14% دىن ئارتۇق.
    pub fn qualified(self, amount: &str, qualifier: &str) -> String {
        match (qualifier.is_empty(), self.style) {
            (true, _) => amount.to_owned(),
            (false, Style::Chinese) => format!("{amount}{qualifier}"),
            (false, Style::English) => format!("{qualifier} {amount}"),
            (false, Style::Uyghur) => format!("{amount} {qualifier}"),
        }
    }

    /// Items joined as a list: 甲、乙、丙; a, b and c; a، b ۋە c.
    pub fn join(self, items: &[String]) -> String {
        let (separator, last) = match self.style {
            Style::Chinese => ("、", "、"),
            Style::English => (", ", " and "),
            Style::Uyghur => ("، ", " ۋە "),
        };
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., final_item] => format!("{}{last}{final_item}", rest.join(separator)),
        }
    }
}

fn round_to(value: f64, decimals: i32) -> f64 {
    let factor = 10f64.powi(decimals);
    (value * factor).round() / factor
}

/// A number without a needless `.0`, at most two decimals, not grouped: for machines (data
/// attributes, SVG) and for languages that write numbers so.
/// Whether a character belongs to a right-to-left script (Arabic, as Uyghur is written, or
/// Hebrew).
pub fn is_right_to_left(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF)
}

pub fn plain_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        let s = format!("{value:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// A number with thousands grouped: `1,234.5`.
pub fn group_number(value: f64) -> String {
    group_digits(&plain_number(value))
}

/// A written number with the thousands of its whole part grouped.
fn group_digits(plain: &str) -> String {
    let (sign, digits) = plain.strip_prefix('-').map(|d| ("-", d)).unwrap_or(("", plain));
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

    fn locale(lang: &str) -> Locale {
        Locale::of(lang, "zh")
    }

    #[test]
    fn numbers_print_as_people_write_them() {
        assert_eq!(plain_number(14.0), "14");
        assert_eq!(plain_number(4.32), "4.32");
        assert_eq!(plain_number(0.5), "0.5");
        assert_eq!(locale("en").number(5000.0), "5,000");
        assert_eq!(locale("ug").number(5000.0), "5,000");
        assert_eq!(locale("zh").number(5000.0), "5000");
        assert_eq!(locale("en").percent(14.0), "14%");
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
    fn a_factor_keeps_every_decimal_it_was_given() {
        assert_eq!(locale("zh").exact(0.5703), "0.5703");
        assert_eq!(locale("en").exact(0.5703), "0.5703");
        assert_eq!(locale("en").exact(7.0), "7");
        assert_eq!(locale("en").exact(1234.5678), "1,234.5678");
    }

    #[test]
    fn quantities_in_wan_are_thousands_and_millions_in_english_and_wan_in_chinese() {
        let en = locale("en");
        assert_eq!(en.quantity(4.32, 1e4, "tonnes"), "43,200 tonnes");
        assert_eq!(
            en.quantity(1000.0, 1e4, "tonnes of coal equivalent"),
            "10 million tonnes of coal equivalent"
        );
        assert_eq!(en.quantity(100.0, 1e4, "vehicles"), "1 million vehicles");
        assert_eq!(en.quantity(133.0, 1e4, "tonnes a day"), "1.33 million tonnes a day");
        assert_eq!(en.quantity(5000.0, 1.0, "km"), "5,000 km");
        assert_eq!(en.quantity(45.0, 1e8, "yuan"), "4.5 billion yuan");
        assert_eq!(locale("zh").quantity(4.32, 1e4, "万吨"), "4.32万吨");
        assert_eq!(locale("zh").quantity(5000.0, 1.0, "公里"), "5000公里");
        assert_eq!(locale("ug").quantity(133.0, 1e4, "توننا"), "1.33 مىليون توننا");
    }

    #[test]
    fn months_and_dates_read_naturally_in_each_language() {
        assert_eq!(locale("en").month(6), "June");
        assert_eq!(locale("zh").month(6), "6月");
        assert_eq!(locale("ja").month(6), "6月");
        assert_eq!(locale("ug").month(6), "ئىيۇن");
        let d = NaiveDate::from_ymd_opt(2021, 9, 25).unwrap();
        assert_eq!(locale("zh").date(d), "2021年9月25日");
        assert_eq!(locale("en").date(d), "25 September 2021");
        assert_eq!(locale("ug").date(d), "2021-يىلى 25-سېنتەبىر");
        assert_eq!(locale("ug").day_of_month(6, 5), "5-ئىيۇن");
        assert_eq!(locale("en").month_set_yearly(6, None), "June (dates set yearly)");
        assert_eq!(
            locale("en").month_set_yearly(5, Some(8)),
            "May–August (dates set yearly)"
        );
        assert_eq!(locale("zh").month_set_yearly(5, Some(8)), "5月至8月（每年公布）");
    }

    #[test]
    fn a_language_greenprint_does_not_know_is_written_as_its_fallback_is() {
        assert_eq!(Locale::of("kk", "zh"), locale("zh"));
        assert_eq!(Locale::of("fr", "de"), locale("en"));
    }

    #[test]
    fn lists_are_joined_as_each_language_joins_them() {
        let items: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        assert_eq!(locale("en").join(&items), "a, b and c");
        assert_eq!(locale("zh").join(&items), "a、b、c");
        assert_eq!(locale("ug").join(&items), "a، b ۋە c");
        assert_eq!(locale("en").join(&items[..1]), "a");
    }
}
