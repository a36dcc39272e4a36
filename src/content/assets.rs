//! Which files beside the pages of content/ are published. Pictures and documents are; web
//! pages and scripts (`.html`, `.js`, `.wasm`...) would run with the site's own address, so
//! they are published only when the site trusts its authors (`build.trust_html`). An SVG is a
//! picture that can carry scripts: it is read with an XML parser and refused, not cleaned, when
//! it has anything that could run or load from elsewhere, so that what is published is exactly
//! what was drawn.

use crate::diagnostics::{Diagnostic, Diagnostics};
use std::path::Path;

/// Extensions (lower case) of files that a browser runs rather than shows.
const ACTIVE: [&str; 7] = ["html", "htm", "xhtml", "js", "mjs", "wasm", "svgz"];

/// Whether the file `relative` (a path under `content/`) may be published; a file that may not
/// is reported, naming it.
pub fn publishable(content: &Path, relative: &str, trust_html: bool, diagnostics: &mut Diagnostics) -> bool {
    if trust_html {
        return true;
    }
    let shown = Path::new(crate::site_files::CONTENT_DIR).join(relative);
    let extension = Path::new(relative)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if ACTIVE.contains(&extension.as_str()) {
        diagnostics.push(
            Diagnostic::warning("this file is not published: scripts and web pages cannot be published from content/")
                .in_file(&shown)
                .hint("put it under static/ if the site's owner trusts it, or set `build: {trust_html: true}` in site.yaml"),
        );
        return false;
    }
    if extension != "svg" {
        return true;
    }
    let problem = match std::fs::read(content.join(relative)) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => svg_problem(&text),
            Err(_) => Some("text that is not UTF-8".to_owned()),
        },
        Err(e) => Some(format!("nothing that could be read ({e})")),
    };
    match problem {
        None => true,
        Some(problem) => {
            diagnostics.push(
                Diagnostic::error(format!("this SVG picture is refused: it has {problem}"))
                    .in_file(&shown)
                    .hint("an SVG may not run scripts or load anything from elsewhere; export it again as a plain SVG (in Inkscape: Save As, Optimized SVG) or as a PNG"),
            );
            false
        }
    }
}

/// What makes `svg` unsafe to publish, in words for the message; `None` when it is a picture
/// and nothing else.
pub fn svg_problem(svg: &str) -> Option<String> {
    // Entities can hide markup and multiply it (a "billion laughs"); a DOCTYPE alone is common.
    if svg.contains("<!ENTITY") {
        return Some("an <!ENTITY> declaration".to_owned());
    }
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let document = match roxmltree::Document::parse_with_options(svg, options) {
        Ok(d) => d,
        Err(e) => return Some(format!("XML that cannot be read ({e})")),
    };
    for node in document.descendants() {
        if node.is_pi() {
            return Some("an <?xml-stylesheet?> or other processing instruction".to_owned());
        }
        if node.is_text() {
            let in_style = node
                .parent()
                .is_some_and(|p| p.tag_name().name().eq_ignore_ascii_case("style"));
            if in_style && let Some(problem) = css_problem(node.text().unwrap_or("")) {
                return Some(problem);
            }
            continue;
        }
        if !node.is_element() {
            continue;
        }
        let name = node.tag_name().name().to_ascii_lowercase();
        if matches!(
            name.as_str(),
            "script" | "foreignobject" | "iframe" | "embed" | "object" | "handler" | "listener"
        ) {
            return Some(format!("a <{}> element", node.tag_name().name()));
        }
        let animates_href = matches!(name.as_str(), "set" | "animate" | "animatemotion" | "animatetransform")
            && node
                .attributes()
                .any(|a| a.name() == "attributeName" && a.value().to_ascii_lowercase().contains("href"));
        if animates_href {
            return Some(format!("a <{}> that changes a link", node.tag_name().name()));
        }
        for attribute in node.attributes() {
            let attribute_name = attribute.name().to_ascii_lowercase();
            let value = attribute.value();
            if attribute_name.starts_with("on") {
                return Some(format!("an event handler `{}`", attribute.name()));
            }
            if attribute_name == "href" && !internal_or_embedded(value) {
                return Some(format!("a link to `{}`", shorten(value)));
            }
            if let Some(problem) = css_problem(value) {
                return Some(problem);
            }
        }
    }
    None
}

/// A reference inside the picture (`#gradient`) or a picture embedded in it.
fn internal_or_embedded(href: &str) -> bool {
    let href = href.trim();
    let lower = href.to_ascii_lowercase();
    href.starts_with('#')
        || ["png", "jpeg", "jpg", "gif", "webp"]
            .iter()
            .any(|kind| lower.starts_with(&format!("data:image/{kind};base64,")))
}

/// What makes a style or attribute value unsafe: `url()` other than `url(#id)`, `@import`, a
/// script address.
fn css_problem(value: &str) -> Option<String> {
    let lower = value.to_ascii_lowercase();
    if lower.contains("@import") {
        return Some("a style that imports another file".to_owned());
    }
    if lower.contains("javascript:") || lower.contains("vbscript:") {
        return Some("a script address".to_owned());
    }
    let mut rest = lower.as_str();
    while let Some(i) = rest.find("url(") {
        rest = &rest[i + 4..];
        let target = rest.trim_start_matches([' ', '\t', '\n', '\r', '"', '\'']);
        if !target.starts_with('#') {
            return Some("a style that loads a file from elsewhere (`url(...)`)".to_owned());
        }
    }
    None
}

fn shorten(value: &str) -> String {
    let mut short: String = value.chars().take(60).collect();
    if short.len() < value.len() {
        short.push_str("...");
    }
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drawing_with_gradients_and_metadata_is_a_picture() {
        let svg = r##"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" viewBox="0 0 10 10">
  <metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#2e7d32"/></linearGradient></defs>
  <style>.leaf { fill: url(#g); }</style>
  <rect width="10" height="10" fill="url(#g)" style="stroke: url( '#g' )" inkscape:label="leaf"/>
  <use xlink:href="#g"/>
</svg>"##;
        assert_eq!(svg_problem(svg), None);
    }

    #[test]
    fn scripts_handlers_and_outside_references_are_refused() {
        for svg in [
            r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><text>x</text></a></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="https://other.example/x.png"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://x.example/a.css);</style></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(https://x.example/#a)"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><a><set attributeName="href" to="javascript:alert(1)"/></a></svg>"#,
            r#"<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>"#,
            "<svg><unclosed></svg>",
        ] {
            assert!(svg_problem(svg).is_some(), "{svg}");
        }
    }
}
