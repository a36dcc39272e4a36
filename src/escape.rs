//! Escaping text for HTML and XML: one function for every page, feed, chart and poster.

/// Escapes text for HTML and XML; the one escaping function of the Rust side. Characters that
/// XML 1.0 forbids (most control characters, U+FFFE, U+FFFF) are dropped: one of them makes a
/// whole feed or sitemap unreadable, and they show nothing on a page.
pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let allowed: std::borrow::Cow<str> = if s.chars().any(forbidden_in_xml) {
        s.chars().filter(|&c| !forbidden_in_xml(c)).collect::<String>().into()
    } else {
        s.into()
    };
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, &allowed);
    out
}

/// Whether XML 1.0 forbids `c` anywhere in a document.
pub fn forbidden_in_xml(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}
