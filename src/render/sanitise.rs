//! The one sanitiser for HTML that comes from Markdown: every page's body goes through it, with
//! or without raw HTML, unless the site trusts its authors (`build.trust_html`). Scripts, event
//! handlers, iframes from hosts not listed, addresses that break the rule of
//! [`crate::url_rule`] and style declarations that could move, cover or load anything are
//! removed; the markup Markdown itself produces is kept.
//!
//! html5ever (inside ammonia) takes time that grows with the square of the nesting depth, so
//! [`nesting_depth`] measures it first, in one pass, and a page nested too deeply is refused.

use std::borrow::Cow;
use std::collections::HashMap;

/// The deepest nesting a page may have. Real pages stay under 30; html5ever at 200 is still
/// a few milliseconds.
pub const MAX_NESTING: usize = 200;

/// Style properties a page may set (pulldown-cmark's tables write `text-align`).
const STYLE_PROPERTIES: [&str; 8] = [
    "text-align",
    "color",
    "background-color",
    "font-weight",
    "font-style",
    "text-decoration",
    "width",
    "height",
];

/// Schemes that are refused with a warning rather than silently.
const REPORTED_SCHEMES: [&str; 4] = ["javascript", "vbscript", "data", "file"];

/// Attributes whose value is an address, in any element.
const URL_ATTRIBUTES: [&str; 11] = [
    "href",
    "src",
    "xlink:href",
    "cite",
    "action",
    "formaction",
    "poster",
    "data",
    "ping",
    "background",
    "longdesc",
];

/// What the sanitiser took out that an author would want to know about, for a warning.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Removed {
    /// An `href`, `src`... with this scheme (lower case).
    Address(String),
    /// An iframe from this address.
    Iframe(String),
}

/// `html` with everything removed that could run code, load from another site or cover the
/// page; and the addresses and iframes that were removed (scripts and handlers go silently).
pub fn sanitise(html: &str, allowed_iframe_hosts: &[String]) -> (String, Vec<Removed>) {
    let mut builder = ammonia::Builder::default();
    builder
        .add_generic_attributes(["id", "class", "lang", "dir", "title"])
        .add_tags([
            "figure",
            "figcaption",
            "details",
            "summary",
            "mark",
            "section",
            "aside",
            "input",
        ])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("td", ["style"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("a", ["href", "hreflang"])
        .add_tag_attributes("img", ["src", "alt", "width", "height", "loading"])
        // ammonia drops other schemes silently; these few reach the filter, which refuses them
        // by the URL rule and records them for the author's warning.
        .url_schemes(
            crate::url_rule::ALLOWED_SCHEMES
                .into_iter()
                .chain(REPORTED_SCHEMES)
                .collect(),
        )
        .filter_style_properties(STYLE_PROPERTIES.into())
        .link_rel(None)
        .url_relative(ammonia::UrlRelative::PassThrough);
    if !allowed_iframe_hosts.is_empty() {
        builder
            .add_tags(["iframe"])
            .add_tag_attributes("iframe", ["src", "title", "width", "height", "allowfullscreen"]);
    }
    let hosts: Vec<String> = allowed_iframe_hosts.to_vec();
    let removed = std::sync::Arc::new(std::sync::Mutex::new(std::collections::BTreeSet::new()));
    let record = removed.clone();
    builder.attribute_filter(move |element, attribute, value| {
        let kept = filter_attribute(&hosts, element, attribute, value);
        if kept.is_none() {
            let what = if element == "iframe" && attribute == "src" {
                Some(Removed::Iframe(value.trim().to_owned()))
            } else {
                crate::url_rule::rejected_scheme(value)
                    .filter(|_| URL_ATTRIBUTES.contains(&attribute))
                    .map(Removed::Address)
            };
            if let (Some(what), Ok(mut set)) = (what, record.lock()) {
                set.insert(what);
            }
        }
        kept
    });
    let clean = builder.clean(html).to_string();
    drop(builder);
    let removed = match std::sync::Arc::try_unwrap(removed) {
        Ok(set) => set.into_inner().unwrap_or_default().into_iter().collect(),
        Err(shared) => shared.lock().map(|s| s.iter().cloned().collect()).unwrap_or_default(),
    };
    (clean, removed)
}

/// The one attribute filter (ammonia takes only one): addresses obey the URL rule, an iframe
/// comes from an allowed host, and a style keeps only harmless declarations.
fn filter_attribute<'v>(hosts: &[String], element: &str, attribute: &str, value: &'v str) -> Option<Cow<'v, str>> {
    if element == "iframe" && attribute == "src" {
        let host = value
            .trim()
            .strip_prefix("https://")
            .and_then(|rest| rest.split(['/', '?', '#']).next())
            .unwrap_or("");
        return hosts
            .iter()
            .any(|h| h.eq_ignore_ascii_case(host))
            .then_some(value.into());
    }
    if URL_ATTRIBUTES.contains(&attribute) {
        return crate::url_rule::is_allowed(value).then_some(value.into());
    }
    if attribute == "style" {
        let kept = harmless_style(value);
        return (!kept.is_empty()).then_some(kept.into());
    }
    Some(value.into())
}

/// The declarations of a `style` attribute whose property is listed and whose value is plain:
/// words, numbers, lengths, `#colours` and `rgb()`/`hsl()`; nothing that loads (`url(`), runs
/// (`expression(`) or hides something behind escapes or comments.
fn harmless_style(style: &str) -> String {
    let mut kept = String::new();
    for declaration in style.split(';') {
        let Some((name, value)) = declaration.split_once(':') else {
            continue;
        };
        let name = name.trim().to_ascii_lowercase();
        let value = value.trim();
        let lower = value.to_ascii_lowercase();
        let plain = value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '#' | '%' | '.' | ',' | '-'));
        let colour_function = ["rgb(", "rgba(", "hsl(", "hsla("].iter().any(|f| lower.starts_with(f))
            && lower.ends_with(')')
            && lower.matches('(').count() == 1
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '%' | '.' | ',' | '-' | '(' | ')' | '/'));
        if STYLE_PROPERTIES.contains(&name.as_str()) && !value.is_empty() && (plain || colour_function) {
            kept.push_str(&name);
            kept.push(':');
            kept.push_str(value);
            kept.push(';');
        }
    }
    kept
}

/// The deepest nesting of elements in `html` (up to just past [`MAX_NESTING`]), in one pass:
/// an upper bound of what an HTML parser builds. Elements whose end tag may be left out (`<p>`, `<li>`, table cells...) close
/// their like in a parser, so they do not count; void elements and comments do not either.
pub fn nesting_depth(html: &str) -> usize {
    let mut nesting = Nesting::default();
    nesting.feed(html);
    nesting.deepest
}

/// A running measure of nesting over pieces of HTML fed in order.
#[derive(Default)]
pub struct Nesting {
    open: Vec<String>,
    counts: HashMap<String, usize>,
    pub deepest: usize,
}

const NOT_COUNTED: [&str; 32] = [
    // Void elements.
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param",
    "keygen", // Elements a parser closes when their like opens.
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "rt", "rp", "colgroup",
    "caption", "image",
];

impl Nesting {
    pub fn depth(&self) -> usize {
        self.open.len()
    }

    pub fn feed(&mut self, html: &str) {
        let bytes = html.as_bytes();
        let mut i = 0;
        while let Some(offset) = memchr(b'<', &bytes[i..]) {
            // Past the limit the page is refused; how much deeper does not matter.
            if self.deepest > MAX_NESTING {
                return;
            }
            i += offset + 1;
            if bytes[i..].starts_with(b"!--") {
                i = match find(&bytes[i..], b"-->") {
                    Some(end) => i + end + 3,
                    None => bytes.len(),
                };
                continue;
            }
            let closing = bytes.get(i) == Some(&b'/');
            let start = i + usize::from(closing);
            let len = bytes[start..]
                .iter()
                .position(|b| !b.is_ascii_alphanumeric() && *b != b'-' && *b != b':')
                .unwrap_or(bytes.len() - start);
            if len == 0 || !bytes[start].is_ascii_alphabetic() {
                continue;
            }
            let name = html[start..start + len].to_ascii_lowercase();
            let end = memchr(b'>', &bytes[start..]).map_or(bytes.len(), |e| start + e);
            i = end.min(bytes.len());
            if NOT_COUNTED.contains(&name.as_str()) {
                continue;
            }
            if closing {
                self.close(&name);
            } else {
                // `<path/>` closes itself inside SVG and MathML, not in HTML.
                let self_closing = end > start && bytes[end - 1] == b'/';
                let foreign =
                    self.counts.get("svg").copied().unwrap_or(0) + self.counts.get("math").copied().unwrap_or(0) > 0;
                if !(self_closing && foreign) {
                    *self.counts.entry(name.clone()).or_default() += 1;
                    self.open.push(name);
                    self.deepest = self.deepest.max(self.open.len());
                }
            }
        }
    }

    /// Closes the innermost open `name` and what is inside it; a stray end tag is ignored.
    fn close(&mut self, name: &str) {
        if self.counts.get(name).copied().unwrap_or(0) == 0 {
            return;
        }
        while let Some(top) = self.open.pop() {
            if let Some(n) = self.counts.get_mut(&top) {
                *n -= 1;
            }
            if top == name {
                break;
            }
        }
    }
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_handlers_are_removed() {
        let (clean, removed) = sanitise(
            "<p onclick=\"x()\">hi<script>alert(1)</script><a href=\"javascript:alert(1)\">a</a></p>",
            &[],
        );
        assert_eq!(removed, [Removed::Address("javascript".into())]);
        assert!(
            !clean.contains("script") && !clean.contains("onclick") && !clean.contains("javascript"),
            "{clean}"
        );
        assert!(clean.contains("<p>hi"));
    }

    #[test]
    fn iframes_survive_only_from_allowed_hosts() {
        let html = "<iframe src=\"https://video.example.gov.cn/v/1\"></iframe><iframe src=\"https://evil.example/x\"></iframe>";
        let (clean, removed) = sanitise(html, &["video.example.gov.cn".into()]);
        assert_eq!(removed, [Removed::Iframe("https://evil.example/x".into())]);
        assert!(clean.contains("video.example.gov.cn"), "{clean}");
        assert!(!clean.contains("evil.example"), "{clean}");
        // Host names are the same in any case (found by the fuzzer, which had the check wrong).
        let (clean, removed) = sanitise(
            "<iframe src=\"https://Video.Example.gov.cn/v\"></iframe>",
            &["video.example.gov.cn".into()],
        );
        assert!(removed.is_empty() && clean.contains("Video.Example.gov.cn"), "{clean}");
        for sneaky in [
            "https://video.example.gov.cn@evil.example/",
            "https://video.example.gov.cn.evil.example/",
            "http://video.example.gov.cn/",
        ] {
            let (clean, _) = sanitise(
                &format!("<iframe src=\"{sneaky}\"></iframe>"),
                &["video.example.gov.cn".into()],
            );
            assert!(!clean.contains("src="), "{sneaky}: {clean}");
        }
    }

    #[test]
    fn a_style_keeps_only_harmless_declarations() {
        let (clean, _) = sanitise(
            "<table><tr><td style=\"text-align: center; position: fixed; top: 0; background: url(https://x.example/a.png); color: rgb(0, 80, 0); width: expression(alert(1))\">x</td></tr></table>",
            &[],
        );
        assert!(clean.contains("text-align:center"), "{clean}");
        assert!(clean.contains("color:rgb(0, 80, 0)"), "{clean}");
        assert!(
            !clean.contains("position") && !clean.contains("url(") && !clean.contains("expression"),
            "{clean}"
        );
    }

    #[test]
    fn nesting_is_measured_as_a_parser_would_build_it() {
        assert_eq!(nesting_depth("<div><div><p>a<p>b</div></div>"), 2);
        assert_eq!(nesting_depth("<ul><li>a<li>b</ul><ul><li>c</ul>"), 1);
        assert_eq!(nesting_depth("<svg><path d=\"M0\"/><path/></svg>"), 1);
        assert_eq!(nesting_depth(&"<div>".repeat(150)), 150);
        assert!(nesting_depth(&"<div>".repeat(100_000)) > MAX_NESTING);
        assert_eq!(nesting_depth("<!-- <div><div> --><span></span></b>"), 1);
    }
}
