//! Markdown to HTML with pulldown-cmark: tables, footnotes, strikethrough, task lists and
//! heading anchors; links to source files (`../tips/a.md`) become the URL of that page in the
//! page's language; fenced code is highlighted by syntect into CSS classes; raw HTML is
//! sanitised unless the site trusts its authors.

use crate::content::Page;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::feeds::escape_xml;
use crate::resolve::{Site, slug::slugify};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::sync::OnceLock;

#[derive(Debug, Clone, Default, Serialize)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<Heading>,
    /// Whether the page has highlighted code, so that only such pages load the code stylesheet.
    pub has_code: bool,
    /// Links to a heading of another page, checked once every page is rendered.
    #[serde(skip)]
    pub anchors: Vec<AnchorLink>,
}

/// A link such as `../tips/a.md#why`: the target page, the heading id, and where it was written.
#[derive(Debug, Clone)]
pub struct AnchorLink {
    pub target: usize,
    pub fragment: String,
    pub line: usize,
    pub written: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// The class prefix of highlighted code, shared with the stylesheet generated for it.
pub const CODE_CLASS_PREFIX: &str = "hl-";

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders the body of `page`; broken internal links are recorded with their file line.
pub fn render(site: &Site, index: usize, diagnostics: &mut Diagnostics) -> Rendered {
    let page = &site.pages[index];
    render_text(site, page, &page.body, page.body_line, diagnostics)
}

pub fn render_text(site: &Site, page: &Page, body: &str, body_line: usize, diagnostics: &mut Diagnostics) -> Rendered {
    let mut events: Vec<Event> = Vec::new();
    let mut toc = Vec::new();
    let mut has_code = false;
    let mut has_raw_html = false;
    let mut used_ids: Vec<String> = Vec::new();
    let mut code: Option<(String, String)> = None; // (language, text)
    let mut heading: Option<(HeadingLevel, Option<String>, Vec<Event>, usize)> = None;
    let mut anchors = Vec::new();
    // An image being read: its address, line and alt text so far.
    let mut image: Option<(String, usize, String)> = None;

    let line_of = |offset: usize| body_line + body[..offset.min(body.len())].matches('\n').count();

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if let Some((_, text)) = code.as_mut() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (language, text) = code.take().unwrap_or_default();
                    events.push(Event::Html(highlight(&language, &text).into()));
                }
                _ => {}
            }
            continue;
        }
        if let Some((_, _, alt)) = image.as_mut() {
            match &event {
                Event::Text(t) | Event::Code(t) => alt.push_str(t),
                Event::End(TagEnd::Image) => {
                    let (dest, line, alt) = image.take().unwrap_or_default();
                    check_image(site, page, &dest, &alt, line, diagnostics);
                }
                _ => {}
            }
            if let Some((_, _, inner, _)) = heading.as_mut() {
                inner.push(event);
            } else {
                events.push(event);
            }
            continue;
        }
        if let Event::Start(Tag::Image { dest_url, .. }) = &event {
            image = Some((dest_url.to_string(), line_of(range.start), String::new()));
        }
        if let Some((_, _, inner, _)) = heading.as_mut()
            && !matches!(event, Event::End(TagEnd::Heading(_)))
        {
            inner.push(event);
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                has_code = true;
                let language = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split(|c: char| c == ',' || c.is_whitespace())
                        .next()
                        .unwrap_or("")
                        .to_owned(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((language, String::new()));
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((level, id.map(|i| i.to_string()), Vec::new(), range.start));
            }
            Event::End(TagEnd::Heading(level)) => {
                let (_, explicit, inner, start) = heading.take().unwrap_or((level, None, Vec::new(), 0));
                let chosen = explicit.clone();
                let title: String = inner
                    .iter()
                    .filter_map(|e| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                let base = explicit.unwrap_or_else(|| {
                    let s = slugify(&title);
                    if s.is_empty() { "section".to_owned() } else { s }
                });
                let mut id = base.clone();
                let mut n = 1;
                while used_ids.contains(&id) {
                    n += 1;
                    id = format!("{base}-{n}");
                }
                if let Some(chosen) = chosen
                    && chosen != id
                {
                    // A link to `#chosen` would land on the first heading, not this one.
                    let text = std::fs::read_to_string(site.root.join(page.file())).unwrap_or_default();
                    diagnostics.push(
                        Diagnostic::warning(format!(
                            "the heading id `{chosen}` is already used on this page; this heading got `{id}`"
                        ))
                        .in_file(page.file())
                        .at(&text, line_of(start), 1)
                        .hint("give each heading its own `{#id}`"),
                    );
                }
                used_ids.push(id.clone());
                toc.push(Heading {
                    level: level as u8,
                    id: id.clone(),
                    title: title.clone(),
                });
                events.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(id)),
                    classes: vec![],
                    attrs: vec![],
                }));
                events.extend(inner);
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = rewrite_link(site, page, &dest_url, line_of(range.start), &mut anchors, diagnostics);
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest.map(CowStr::from).unwrap_or(dest_url),
                    title,
                    id,
                }));
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                has_raw_html = true;
                events.push(event);
            }
            other => events.push(other),
        }
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if has_raw_html && !site.config.build.trust_html {
        html = sanitise(&html, &site.config.build.allowed_iframe_hosts);
    }
    Rendered {
        html,
        toc,
        has_code,
        anchors,
    }
}

/// A local image must exist (beside the page in its folder, or under static/) and every image
/// needs a text alternative for people who cannot see it.
fn check_image(site: &Site, page: &Page, dest: &str, alt: &str, line: usize, diagnostics: &mut Diagnostics) {
    let text = || std::fs::read_to_string(site.root.join(page.file())).unwrap_or_default();
    if alt.trim().is_empty() {
        diagnostics.push(
            Diagnostic::warning(format!("the image `{dest}` has no text alternative"))
                .in_file(page.file())
                .at(&text(), line, 1)
                .hint("describe the image between the brackets, e.g. `![一只LED灯泡](led.jpg)`, for people who cannot see it"),
        );
    }
    if dest.contains("://") || dest.starts_with("data:") {
        return;
    }
    let path = dest.split(['?', '#']).next().unwrap_or(dest);
    let file = match path.strip_prefix('/') {
        Some(absolute) => site.root.join("static").join(absolute),
        None => {
            let dir = page.file().parent().map(|p| p.to_path_buf()).unwrap_or_default();
            site.root.join(dir).join(path)
        }
    };
    let inside = crate::output::is_inside(std::path::Path::new(path.trim_start_matches('/')));
    if !inside || !file.is_file() {
        diagnostics.push(
            Diagnostic::error(format!("the image `{dest}` does not exist"))
                .in_file(page.file())
                .at(&text(), line, 1)
                .hint("put the image in the page's own folder (a folder with index.md) or under static/, and check the spelling"),
        );
    }
}

/// Every `page.md#heading` link must name a heading of that page.
pub fn check_anchors(site: &Site, rendered: &[Rendered], diagnostics: &mut Diagnostics) {
    for (index, r) in rendered.iter().enumerate() {
        for link in &r.anchors {
            let Some(target) = rendered.get(link.target) else {
                continue;
            };
            if target.toc.iter().any(|h| h.id == link.fragment) {
                continue;
            }
            let page = &site.pages[index];
            let text = std::fs::read_to_string(site.root.join(page.file())).unwrap_or_default();
            let ids: Vec<&str> = target.toc.iter().map(|h| h.id.as_str()).collect();
            let hint = match crate::diagnostics::did_you_mean(&link.fragment, ids.iter().copied()) {
                Some(s) => format!("did you mean `#{s}`?"),
                None if ids.is_empty() => {
                    "that page has no headings to link to; link to the page without `#...`".to_owned()
                }
                None => format!(
                    "its headings are: {}",
                    ids.iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(", ")
                ),
            };
            diagnostics.push(
                Diagnostic::error(format!(
                    "the link `{}` points to a heading that {} does not have",
                    link.written,
                    site.pages[link.target].file().display()
                ))
                .in_file(page.file())
                .at(&text, link.line, 1)
                .hint(hint),
            );
        }
    }
}

/// The URL a link should point to, or `None` to keep it as written (external links, anchors,
/// images). A link to a missing page is an error at its line.
fn rewrite_link(
    site: &Site,
    page: &Page,
    dest: &str,
    line: usize,
    anchors: &mut Vec<AnchorLink>,
    diagnostics: &mut Diagnostics,
) -> Option<String> {
    if dest.contains("://") || dest.starts_with("mailto:") || dest.starts_with('#') || dest.starts_with("tel:") {
        return None;
    }
    let path = dest.split(['#', '?']).next().unwrap_or(dest);
    if !path.ends_with(".md") {
        return None;
    }
    // A query (`a.md?x=1`) means nothing to a static page: drop it, keep the fragment.
    let fragment_part = dest.find('#').map(|i| &dest[i..]).unwrap_or("");
    let target = site.link_target(page, &format!("{path}{fragment_part}"));
    let found = target
        .as_ref()
        .and_then(|(key, _)| site.page_or_default(key, &page.lang));
    let fragment = target.and_then(|(_, f)| f);
    match found {
        Some(target) => {
            let mut url = site.url(target).to_owned();
            if let Some(fragment) = fragment {
                url.push('#');
                url.push_str(&fragment);
                anchors.push(AnchorLink {
                    target,
                    fragment,
                    line,
                    written: dest.to_owned(),
                });
            }
            Some(url)
        }
        None => {
            let text = std::fs::read_to_string(site.root.join(page.file())).unwrap_or_default();
            let column = text
                .lines()
                .nth(line.saturating_sub(1))
                .and_then(|l| l.find(dest))
                .map(|b| b + 1)
                .unwrap_or(1);
            let column = text
                .lines()
                .nth(line.saturating_sub(1))
                .map(|l| l[..column.saturating_sub(1).min(l.len())].chars().count() + 1)
                .unwrap_or(1);
            diagnostics.push(
                Diagnostic::error(format!("this link points to `{dest}`, which is not a page of the site"))
                    .in_file(page.file())
                    .at(&text, line, column)
                    .hint("links between pages are paths to the .md file, relative to this file, e.g. `[关灯](../tips/switch-off-lights.md)`; check the folder and the spelling"),
            );
            Some(dest.to_owned())
        }
    }
}

fn syntaxes() -> &'static syntect::parsing::SyntaxSet {
    static SET: OnceLock<syntect::parsing::SyntaxSet> = OnceLock::new();
    SET.get_or_init(syntect::parsing::SyntaxSet::load_defaults_newlines)
}

/// Highlighted code as `<pre><code>` with CSS classes; the syntax set is loaded on first use only.
fn highlight(language: &str, code: &str) -> String {
    use syntect::html::{ClassStyle, ClassedHTMLGenerator};
    use syntect::util::LinesWithEndings;
    let set = syntaxes();
    let syntax = set
        .find_syntax_by_token(language)
        .unwrap_or_else(|| set.find_syntax_plain_text());
    let mut generator = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        set,
        ClassStyle::SpacedPrefixed {
            prefix: CODE_CLASS_PREFIX,
        },
    );
    for line in LinesWithEndings::from(code) {
        if generator.parse_html_for_line_which_includes_newline(line).is_err() {
            return format!("<pre class=\"code hl-code\"><code>{}</code></pre>\n", escape_xml(code));
        }
    }
    let class = if language.is_empty() {
        String::new()
    } else {
        format!(" data-lang=\"{}\"", escape_xml(language))
    };
    format!(
        "<pre class=\"code hl-code\"{class}><code>{}</code></pre>\n",
        generator.finalize()
    )
}

/// The stylesheet for highlighted code in the configured syntect theme. Its `.hl-code` rule (the
/// theme's own text and background colours) applies to every code block. syntect's themes have
/// pale greens, greys and oranges that are hard to read (InspiredGitHub's tags are 3:1 on its
/// white), so every colour is darkened (or, on a dark theme, lightened) to WCAG AA, 4.5:1.
pub fn code_stylesheet(theme_name: &str) -> Option<String> {
    use syntect::html::{ClassStyle, css_for_theme_with_class_style};
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    let theme = themes.themes.get(theme_name)?;
    let css = css_for_theme_with_class_style(
        theme,
        ClassStyle::SpacedPrefixed {
            prefix: CODE_CLASS_PREFIX,
        },
    )
    .ok()?;
    let background = theme.settings.background.map_or((255, 255, 255), |c| (c.r, c.g, c.b));
    Some(readable_colours(&css, background))
}

/// `css` (as syntect writes it: one ` color: #rrggbb;` per line) with every text colour moved
/// towards black or white until it has 4.5:1 against its rule's background, or `background`.
fn readable_colours(css: &str, background: (u8, u8, u8)) -> String {
    use crate::render::color::{contrast, parse_hex};
    let mut out = String::with_capacity(css.len());
    for rule in css.split_inclusive('}') {
        let rule_background = rule
            .lines()
            .find_map(|l| l.trim().strip_prefix("background-color:"))
            .and_then(|v| parse_hex(v.trim().trim_end_matches(';')))
            .unwrap_or(background);
        for line in rule.split_inclusive('\n') {
            let colour = line
                .trim()
                .strip_prefix("color:")
                .and_then(|v| parse_hex(v.trim().trim_end_matches(';')));
            let Some(mut colour) = colour else {
                out.push_str(line);
                continue;
            };
            let target = if contrast(rule_background, (0, 0, 0)) >= contrast(rule_background, (255, 255, 255)) {
                0.0
            } else {
                255.0
            };
            let mut step = 0;
            while contrast(colour, rule_background) < 4.5 && step < 50 {
                step += 1;
                let mix = |c: u8| (c as f64 + (target - c as f64) * 0.04).round() as u8;
                colour = (mix(colour.0), mix(colour.1), mix(colour.2));
            }
            if contrast(colour, rule_background) < 4.5 {
                colour = (target as u8, target as u8, target as u8);
            }
            let (r, g, b) = colour;
            out.push_str(&format!(" color: #{r:02x}{g:02x}{b:02x};\n"));
        }
    }
    out
}

/// Removes scripts, event handlers, `javascript:` URLs and iframes (except from allowed hosts)
/// from HTML, keeping the markup Markdown itself produces.
pub fn sanitise(html: &str, allowed_iframe_hosts: &[String]) -> String {
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
        .link_rel(None)
        .url_relative(ammonia::UrlRelative::PassThrough);
    if !allowed_iframe_hosts.is_empty() {
        let hosts: Vec<String> = allowed_iframe_hosts.to_vec();
        builder
            .add_tags(["iframe"])
            .add_tag_attributes("iframe", ["src", "title", "width", "height", "allowfullscreen"])
            .attribute_filter(move |element, attribute, value| {
                if element == "iframe" && attribute == "src" {
                    let host = value
                        .strip_prefix("https://")
                        .and_then(|rest| rest.split('/').next())
                        .unwrap_or("");
                    if hosts.iter().any(|h| h == host) {
                        Some(value.into())
                    } else {
                        None
                    }
                } else {
                    Some(value.into())
                }
            });
    }
    builder.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_colour_of_the_code_stylesheet_is_readable() {
        use crate::render::color::{contrast, parse_hex};
        for (theme, background) in [("InspiredGitHub", "#ffffff"), ("base16-ocean.dark", "#2b303b")] {
            let css = code_stylesheet(theme).expect("a theme");
            let background = parse_hex(background).unwrap();
            let colours: Vec<_> = css
                .split_inclusive('}')
                .filter(|rule| !rule.contains("background-color") || rule.contains(".hl-code "))
                .flat_map(|rule| rule.lines())
                .filter_map(|l| l.trim().strip_prefix("color:"))
                .map(|v| parse_hex(v.trim().trim_end_matches(';')).expect("#rrggbb"))
                .collect();
            assert!(colours.len() > 20, "{theme}: {css}");
            for colour in colours {
                assert!(contrast(colour, background) >= 4.5, "{theme}: {colour:?}");
            }
        }
    }

    #[test]
    fn scripts_and_handlers_are_removed() {
        let clean = sanitise(
            "<p onclick=\"x()\">hi<script>alert(1)</script><a href=\"javascript:alert(1)\">a</a></p>",
            &[],
        );
        assert!(
            !clean.contains("script") && !clean.contains("onclick") && !clean.contains("javascript"),
            "{clean}"
        );
        assert!(clean.contains("<p>hi"));
    }

    #[test]
    fn iframes_survive_only_from_allowed_hosts() {
        let html = "<iframe src=\"https://video.example.gov.cn/v/1\"></iframe><iframe src=\"https://evil.example/x\"></iframe>";
        let clean = sanitise(html, &["video.example.gov.cn".into()]);
        assert!(clean.contains("video.example.gov.cn"), "{clean}");
        assert!(!clean.contains("evil.example"), "{clean}");
    }
}
