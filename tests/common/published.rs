//! What the HTML of a published page must never hold, checked on the parsed document (with
//! scraper, as a browser would build it) rather than by searching the text: a script, an event
//! handler, a `javascript:`/`vbscript:`/`data:` address, an iframe from a host not allowed, or
//! a style that can move the element or load a file.
//!
//! Shared by tests/properties.rs and fuzz/fuzz_targets/sanitise.rs (which includes this file by
//! its path), so that both check the same thing. It uses only scraper.

/// Attributes whose value a browser follows or loads, in HTML, SVG and MathML.
const ADDRESSES: [&str; 12] = [
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "cite",
    "longdesc",
    "ping",
    "xlink:href",
];

/// Everything wrong with `html` (a page body), in words; empty when it may be published.
/// An iframe may only come from an address that starts with `allowed_iframe_prefix`.
pub fn problems(html: &str, allowed_iframe_prefix: &str) -> Vec<String> {
    let doc = scraper::Html::parse_fragment(html);
    let mut found = Vec::new();
    for node in doc.tree.values() {
        let scraper::Node::Element(element) = node else {
            continue;
        };
        let name = element.name().to_ascii_lowercase();
        if matches!(
            name.as_str(),
            "script" | "object" | "embed" | "base" | "meta" | "link" | "style"
        ) {
            found.push(format!("a <{name}> element"));
        }
        // An iframe without an address shows nothing; with one, it must be from an allowed host.
        if name == "iframe"
            && element
                .attr("src")
                // Schemes and host names are the same in any case.
                .is_some_and(|s| {
                    !s.to_ascii_lowercase()
                        .starts_with(&allowed_iframe_prefix.to_ascii_lowercase())
                })
        {
            found.push(format!("an iframe from {:?}", element.attr("src")));
        }
        for (attribute, value) in element.attrs() {
            let attribute = attribute.to_ascii_lowercase();
            if attribute.starts_with("on") {
                found.push(format!("an event handler {attribute}={value:?} on <{name}>"));
            }
            if ADDRESSES.contains(&attribute.as_str()) {
                // Browsers ignore whitespace and control characters in a scheme, and its case.
                let squeezed: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                for scheme in ["javascript:", "vbscript:", "data:"] {
                    if squeezed.starts_with(scheme) {
                        found.push(format!("{attribute}={value:?} on <{name}>"));
                    }
                }
            }
            if attribute == "style" {
                let lower = value.to_ascii_lowercase();
                for bad in ["position", "url(", "expression", "\\", "@import", "binding", "behavior"] {
                    if lower.contains(bad) {
                        found.push(format!("style={value:?} on <{name}>"));
                    }
                }
            }
            if attribute == "srcdoc" {
                found.push(format!("srcdoc on <{name}>"));
            }
        }
    }
    found
}
