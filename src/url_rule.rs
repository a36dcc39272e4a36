//! The one rule for every address that reaches a page: Markdown links and images, raw HTML's
//! `href` and `src`, and the URLs of site.yaml. Only web addresses (http, https), mailto:, tel:,
//! addresses without a scheme (`a/b`, `/a`, `../a`, `?q`) and fragments (`#x`) are allowed.
//!
//! The scheme is read the way a browser reads it: after character references are decoded and
//! whitespace and control characters are removed, in any case. So `&#106;avascript:`,
//! ` JavaScript:` and `java\tscript:` are all `javascript:`. This module imports nothing from
//! its users.

/// The schemes a published page may link to.
pub const ALLOWED_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// The scheme of `value` when it is not allowed on a page (lower case, e.g. `javascript`), or
/// `None` when the address may be published.
pub fn rejected_scheme(value: &str) -> Option<String> {
    match scheme(value) {
        Some(s) if ALLOWED_SCHEMES.contains(&s.as_str()) => None,
        Some(s) => Some(s),
        None => None,
    }
}

/// Whether `value` can be the address of a whole site (`base_url`, `--base-url`): http or https
/// with a host, and nothing a browser reads differently from how it looks.
pub fn is_site_address(value: &str) -> bool {
    matches!(scheme(value).as_deref(), Some("http" | "https"))
        && (value.starts_with("http://") || value.starts_with("https://"))
        && value.split_once("://").is_some_and(|(_, host)| !host.is_empty())
        && !value
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '`' | '\\'))
}

/// Whether `value` leads off the site: it has a scheme (`https:`), or is protocol-relative
/// (`//github.com/...`, which a browser reads as a web address on the page's own scheme).
pub fn is_external(value: &str) -> bool {
    let trimmed = value.trim_start();
    scheme(value).is_some() || trimmed.starts_with("//") || trimmed.starts_with("\\\\") || trimmed.starts_with("/\\")
}

/// Whether `value` may be published as an `href` or `src`.
pub fn is_allowed(value: &str) -> bool {
    rejected_scheme(value).is_none()
}

/// The scheme of `value` in lower case, as a browser would find it; `None` for an address
/// without one (relative, or a fragment). Anything before the first `:` that comes before any
/// `/`, `?` or `#` counts as a scheme, so a colon in an odd place is refused rather than
/// guessed about.
pub fn scheme(value: &str) -> Option<String> {
    let decoded = decode_references(value);
    let mut scheme = String::new();
    for c in decoded.chars() {
        match c {
            ':' => return Some(scheme.to_ascii_lowercase()),
            '/' | '?' | '#' | '\\' => return None,
            // Browsers drop tabs and newlines anywhere, and spaces and controls at the start.
            c if c.is_ascii_whitespace() || c.is_control() || c == '\u{FEFF}' => {}
            c => scheme.push(c),
        }
    }
    None
}

/// `value` with HTML character references decoded: numeric ones (with or without `;`) and the
/// named ones that can spell a scheme. Others are kept as written.
fn decode_references(value: &str) -> std::borrow::Cow<'_, str> {
    if !value.contains('&') {
        return value.into();
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        if let Some((c, used)) = reference(rest) {
            out.push(c);
            rest = &rest[used..];
        } else {
            out.push('&');
        }
    }
    out.push_str(rest);
    out.into()
}

/// The character a reference (the text after `&`) stands for, and how many bytes it used.
fn reference(after_amp: &str) -> Option<(char, usize)> {
    if let Some(number) = after_amp.strip_prefix('#') {
        let (digits, radix, skip) = match number.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 2),
            None => (number, 10, 1),
        };
        let len = digits.find(|c: char| !c.is_digit(radix)).unwrap_or(digits.len());
        if len == 0 {
            return None;
        }
        // Many leading zeros are allowed: `&#0000106;`.
        let value = u32::from_str_radix(digits[..len].trim_start_matches('0'), radix)
            .ok()
            .or(if digits[..len].bytes().all(|b| b == b'0') {
                Some(0)
            } else {
                None
            })?;
        let c = char::from_u32(value).unwrap_or('\u{FFFD}');
        let semicolon = usize::from(digits[len..].starts_with(';'));
        return Some((c, skip + len + semicolon));
    }
    const NAMED: [(&str, char); 9] = [
        ("colon;", ':'),
        ("Tab;", '\t'),
        ("NewLine;", '\n'),
        ("amp;", '&'),
        ("amp", '&'),
        ("sol;", '/'),
        ("quest;", '?'),
        ("num;", '#'),
        ("period;", '.'),
    ];
    NAMED
        .iter()
        .find(|(name, _)| after_amp.starts_with(name))
        .map(|(name, c)| (*c, name.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_mail_phone_relative_and_fragment_addresses_are_allowed() {
        for ok in [
            "https://green.example.gov.cn/a",
            "HTTP://x",
            "mailto:a@b.cn",
            "tel:+86-10-1234",
            "a/b",
            "/a",
            "../a.md",
            "?q=1",
            "#why",
            "",
            "//cdn.example/x",
            "a/b:c",
            "节约用电.md",
        ] {
            assert!(is_allowed(ok), "{ok}");
        }
    }

    #[test]
    fn script_and_data_schemes_are_refused_however_they_are_written() {
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "  javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "&#106;avascript:alert(1)",
            "&#x6A;avascript:alert(1)",
            "&#0000106avascript:alert(1)",
            "javascript&colon;alert(1)",
            "vbscript:msgbox",
            "data:text/html;base64,PHNjcmlwdD4=",
            "DATA:image/svg+xml,<svg>",
            "file:///etc/passwd",
            "unknown:x",
        ] {
            assert!(!is_allowed(bad), "{bad:?}");
        }
        assert_eq!(rejected_scheme("&#74;avaScript:x").as_deref(), Some("javascript"));
    }
}
