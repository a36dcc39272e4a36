//! The theme days as an iCalendar file (RFC 5545) per language, for calendar applications to
//! import. Every day with a fixed date is a yearly all-day event; a day or week whose dates the
//! authorities announce each year is a yearly reminder on the 1st of its usual month (the first
//! of its months, when its dates have moved over several), and says so in its title and
//! description rather than guessing a date. Nothing depends on the clock:
//! the first year, the time stamps and the order are fixed, so the file is the same on every
//! build.

use crate::render::context::Shared;
use crate::render::datafns::{self, ThemeDay};
use crate::theme::fill;
use chrono::NaiveDate;

/// The year the recurring events start in. A fixed year keeps the output byte-identical.
pub const FIRST_YEAR: i32 = 2024;

/// Escapes a TEXT value: backslash, semicolon, comma and line breaks.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded so that no line is longer than 75 octets (a continuation
/// line starts with a space, which counts), never inside a UTF-8 character, ended by CRLF.
pub fn push_line(out: &mut String, line: &str) {
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

/// The host of the site's address, for UIDs that are unique to it.
fn host(base_url: &str) -> String {
    let rest = base_url.split_once("://").map(|(_, r)| r).unwrap_or(base_url);
    let host = rest.split(['/', ':']).next().unwrap_or_default();
    if host.is_empty() {
        "greenprint.invalid".into()
    } else {
        host.to_owned()
    }
}

/// The time stamp every event carries: the date of the newest document the theme days cite,
/// so that it changes only with the data.
fn stamp(shared: &Shared) -> String {
    let data = &shared.site.data;
    let newest = data
        .get("theme_days")
        .and_then(|d| d.as_array())
        .into_iter()
        .flatten()
        .filter_map(|day| day.get("sources")?.as_array())
        .flatten()
        .filter_map(|id| data.entry("sources", id.as_str()?)?.get("issued")?.as_str())
        .filter_map(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .max()
        .unwrap_or(NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1).unwrap_or_default());
    newest.format("%Y%m%dT000000Z").to_string()
}

/// The first day of an event and the day after its last, as iCalendar dates.
fn span(day: &ThemeDay) -> Option<(NaiveDate, NaiveDate)> {
    let (start, length) = match day.day {
        Some(d) => (NaiveDate::from_ymd_opt(FIRST_YEAR, day.month, d)?, day.days.max(1)),
        // Announced each year: a one-day reminder on the 1st of the usual (or first) month.
        None => (NaiveDate::from_ymd_opt(FIRST_YEAR, day.month, 1)?, 1),
    };
    Some((start, start.checked_add_days(chrono::Days::new(u64::from(length)))?))
}

/// The calendar file for `lang`. `page_url` is the calendar page the events link to.
pub fn calendar(shared: &Shared, lang: &str, page_url: &str) -> String {
    let site = &shared.site;
    let config = &site.config;
    let days = datafns::theme_days(&site.data, lang, config.default_language());
    let host = host(config.base_url());
    let stamp = stamp(shared);
    let permalink = crate::resolve::urls::permalink(config, page_url);
    let title = format!("{} · {}", config.title(lang), shared.string(lang, "calendar_title"));
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        format!("PRODID:-//greenprint//{}//{}", escape_text(&host), lang.to_uppercase()),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        format!("NAME:{}", escape_text(&title)),
        format!("X-WR-CALNAME:{}", escape_text(&title)),
        format!(
            "X-WR-CALDESC:{}",
            escape_text(shared.string(lang, "calendar_ics_description"))
        ),
        format!("URL:{permalink}"),
    ] {
        push_line(&mut out, &line);
    }
    for day in &days {
        let Some((start, end)) = span(day) else { continue };
        let month = shared.locale(lang).month(day.month);
        let (summary, description) = if day.announced {
            let months = shared.locale(lang).months(day.month, day.until);
            (
                fill(
                    shared.string(lang, "calendar_announced_summary"),
                    &[("name", &day.name), ("month", &months)],
                ),
                format!(
                    "{}\n\n{}\n\n{}",
                    day.about,
                    day.rule,
                    fill(shared.string(lang, "calendar_announced_note"), &[("month", &month)])
                ),
            )
        } else {
            (day.name.clone(), day.about.clone())
        };
        let url = format!("{permalink}#{}", day.id);
        let description = format!("{description}\n{url}");
        for line in [
            "BEGIN:VEVENT".to_owned(),
            format!("UID:{}.{}@{}", day.id, lang, host),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{}", start.format("%Y%m%d")),
            format!("DTEND;VALUE=DATE:{}", end.format("%Y%m%d")),
            "RRULE:FREQ=YEARLY".to_owned(),
            format!("SUMMARY:{}", escape_text(summary.trim())),
            format!("DESCRIPTION:{}", escape_text(description.trim())),
            format!("URL:{url}"),
            "TRANSP:TRANSPARENT".to_owned(),
            "CLASS:PUBLIC".to_owned(),
            "END:VEVENT".to_owned(),
        ] {
            push_line(&mut out, &line);
        }
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut out = String::new();
        push_line(&mut out, &format!("DESCRIPTION:{}", "节约用水".repeat(20)));
        assert!(out.ends_with("\r\n"));
        for line in out.trim_end_matches("\r\n").split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        assert_eq!(
            out.replace("\r\n ", ""),
            format!("DESCRIPTION:{}\r\n", "节约用水".repeat(20))
        );
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape_text("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
    }

    #[test]
    fn hosts_and_months() {
        assert_eq!(host("https://green.example.gov.cn/sub"), "green.example.gov.cn");
        assert_eq!(host("http://localhost:8000"), "localhost");
    }
}
