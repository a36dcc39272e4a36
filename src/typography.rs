//! Keeping together what a line break must not part: a number and its unit ("约56元",
//! "15 千瓦时", "26 °C"), and "约" with the number it qualifies. Word joiners (U+2060) forbid a
//! break between characters that would otherwise allow one; a space between a number and its
//! unit becomes a no-break space. Also where a heading's last two characters begin, so that no
//! line holds one alone. The posters and the web pages both use it: one rule for both.

const JOIN: char = '\u{2060}';
const NO_BREAK_SPACE: char = '\u{a0}';

/// Words that qualify the number after them.
const BEFORE_NUMBER: &[char] = &['约', '近', '超', '逾', '≈', '~', '¥', '￥'];

/// A Chinese character (the unified ideographs and their extensions).
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

fn is_unit_start(c: char) -> bool {
    // A CJK character or a letter or sign that starts a unit: 元, 千瓦时, 吨, kWh, %, ℃, °C, m³ …
    is_han(c) || c.is_alphabetic() || matches!(c, '%' | '‰' | '℃' | '°' | '倍')
}

/// Units a number is kept with, written after a space or not: "15 千瓦时", "26 °C", "5,000 km".
pub const UNITS: &[&str] = &[
    "千瓦时",
    "度",
    "吨",
    "元",
    "升",
    "公里",
    "千米",
    "立方米",
    "千克",
    "万",
    "亿",
    "kWh",
    "kW",
    "W",
    "kg",
    "km",
    "m³",
    "m²",
    "m",
    "L",
    "litres",
    "liters",
    "tonnes",
    "tons",
    "t",
    "yuan",
    "°C",
    "℃",
    "%",
    "hours",
    "days",
    "years",
    "minutes",
];

/// Whether `rest` starts with a unit (as a whole word: "t" but not "the").
pub fn unit_follows(rest: &[char]) -> bool {
    let rest: String = rest.iter().take(12).collect();
    UNITS.iter().any(|u| {
        rest.starts_with(u)
            && rest[u.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_ascii_alphanumeric() || !u.is_ascii())
    })
}

/// `text` with every number held to its unit and to the word before it.
pub fn glue(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let after = chars.get(i + 2).copied();
        if c == ' ' && i > 0 && chars[i - 1].is_ascii_digit() && unit_follows(&chars[i + 1..]) {
            // "15 千瓦时", "26 °C", "5,000 km": a no-break space.
            out.push(NO_BREAK_SPACE);
            continue;
        }
        out.push(c);
        match next {
            Some(n) if c.is_ascii_digit() && is_unit_start(n) && !n.is_ascii_digit() => {
                // Glue the unit's first character to the number ("56元") — only when it is a
                // unit, not the start of the next word: a letter directly after a digit is one.
                out.push(JOIN)
            }
            Some(n)
                if BEFORE_NUMBER.contains(&c)
                    && (n.is_ascii_digit() || (n == ' ' && after.is_some_and(|a| a.is_ascii_digit()))) =>
            {
                out.push(JOIN)
            }
            _ => {}
        }
    }
    // A unit of several characters (千瓦时, 立方米, 公里) stays whole.
    for unit in ["千瓦时", "立方米", "千克", "公里", "千米", "万元", "亿元", "万吨"] {
        let joined: String = unit.chars().flat_map(|c| [c, JOIN]).collect::<String>();
        let joined = joined.trim_end_matches(JOIN);
        out = out.replace(unit, joined);
    }
    out
}

/// `text` cut where its last two characters begin, when the last is Chinese: the page keeps
/// the second part on one line, so that a heading or a slogan never ends with one character
/// alone ("做起", not "做|起"; a closing quote after it cannot start a line anyway). Browsers
/// without `text-wrap: balance` (WeChat's, Safari 12) need it. The tail is empty when there is
/// nothing to keep together.
pub fn last_line_tail(text: &str) -> (&str, &str) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let Some(last) = chars.iter().rposition(|&(_, c)| is_han(c)) else {
        return (text, "");
    };
    if last == 0 || chars[last - 1].1.is_whitespace() {
        return (text, "");
    }
    text.split_at(chars[last - 1].0)
}

/// `text` without the joiners [`glue`] puts in, for what reads words
/// rather than lines (the search index).
pub fn without_joiners(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(JOIN) {
        std::borrow::Cow::Owned(text.replace(JOIN, ""))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(s: &str) -> String {
        s.replace(JOIN, "+").replace(NO_BREAK_SPACE, "_")
    }

    #[test]
    fn numbers_stay_with_their_units() {
        assert_eq!(shown(&glue("约56元")), "约+56+元");
        assert_eq!(shown(&glue("每年省 15 千瓦时")), "每年省 15_千+瓦+时");
        assert_eq!(shown(&glue("set it to 26 °C")), "set it to 26_°C");
        assert_eq!(shown(&glue("about 5,000 km")), "about 5,000_km");
        assert_eq!(shown(&glue("26℃以上")), "26+℃以上");
    }

    #[test]
    fn the_last_chinese_character_of_a_heading_is_never_alone() {
        assert_eq!(last_line_tail("绿色生活从我家做起"), ("绿色生活从我家", "做起"));
        assert_eq!(last_line_tail("做到“零待机”"), ("做到“零", "待机”"));
        assert_eq!(
            last_line_tail("夏季空调温度设在26℃以上"),
            ("夏季空调温度设在26℃", "以上")
        );
        assert_eq!(last_line_tail("换用LED灯"), ("换用LE", "D灯"));
        assert_eq!(last_line_tail("Switch off lights"), ("Switch off lights", ""));
        assert_eq!(last_line_tail("灯"), ("灯", ""));
        assert_eq!(last_line_tail("Use LED 灯"), ("Use LED 灯", ""));
        assert_eq!(shown(&glue("每年 57 千克")), "每年 57_千+克");
        assert_eq!(without_joiners(&glue("约56元")), "约56元");
    }

    #[test]
    fn other_text_is_left_alone() {
        assert_eq!(glue("随手关灯"), "随手关灯");
        assert_eq!(glue("in 2025 the city"), "in 2025 the city");
    }
}
