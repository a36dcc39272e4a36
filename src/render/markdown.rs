//! Markdown to HTML with pulldown-cmark: tables, footnotes, strikethrough, task lists and
//! heading anchors; links to source files (`../tips/a.md`) become the URL of that page in the
//! page's language; fenced code is highlighted into CSS classes by [`crate::highlight`]. Every
//! address obeys [`crate::url_rule`], and the whole page goes through [`sanitise`] unless the
//! site trusts its authors.

use crate::content::Page;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::sanitise::{MAX_NESTING, Nesting, Removed, nesting_depth, sanitise};
use crate::render::shortcodes;
use crate::resolve::Site;
use crate::slug::slugify;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::Instant;

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

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// A page slower than this is named in a warning.
const SLOW_PAGE: std::time::Duration = std::time::Duration::from_secs(1);

/// Renders the body of `page`; broken internal links are recorded with their file line. The
/// templates are those of the site's shortcodes (`templates/shortcodes/NAME.html`).
pub fn render(site: &Site, index: usize, templates: Option<&tera::Tera>, diagnostics: &mut Diagnostics) -> Rendered {
    let page = &site.pages[index];
    let started = Instant::now();
    let rendered = render_text(site, page, &page.body, page.body_line, templates, diagnostics);
    let took = started.elapsed();
    if took > SLOW_PAGE {
        diagnostics.push(
            Diagnostic::warning(format!("this page took {:.1} s to render", took.as_secs_f64()))
                .in_file(page.file())
                .hint("every build and preview waits for it: split it into several pages, or look for something repeated thousands of times (headings, links, nested HTML)"),
        );
    }
    rendered
}

/// Where the lines of a text start, found once, so that the line of any offset is a binary
/// search rather than a count from the start.
struct LineIndex {
    newlines: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        LineIndex {
            newlines: text
                .bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        }
    }

    /// How many lines come before the one `offset` is on.
    fn lines_before(&self, offset: usize) -> usize {
        self.newlines.partition_point(|&n| n < offset)
    }

    /// Line `line` (1-based) of `text`, without its line ending.
    fn line<'t>(&self, text: &'t str, line: usize) -> Option<&'t str> {
        let index = line.checked_sub(1)?;
        let start = match index {
            0 => 0,
            i => self.newlines.get(i - 1)? + 1,
        };
        let end = self.newlines.get(index).copied().unwrap_or(text.len());
        text.get(start..end).map(|l| l.strip_suffix('\r').unwrap_or(l))
    }
}

/// A page's source file, read on the first diagnostic that quotes it and then kept.
struct SourceFile {
    path: PathBuf,
    shown: PathBuf,
    text: OnceCell<(String, LineIndex)>,
}

impl SourceFile {
    fn new(site: &Site, page: &Page) -> SourceFile {
        SourceFile {
            path: site.root.join(page.file()),
            shown: page.file().to_path_buf(),
            text: OnceCell::new(),
        }
    }

    fn line(&self, line: usize) -> Option<&str> {
        let (text, index) = self.text.get_or_init(|| {
            let text = crate::decode::read_text(&self.path);
            let index = LineIndex::new(&text);
            (text, index)
        });
        index.line(text, line)
    }

    /// `diagnostic` in this file, at `line` and the column where `needle` is written on it (or 1).
    fn point(&self, diagnostic: Diagnostic, line: usize, needle: &str) -> Diagnostic {
        let quoted = self.line(line);
        let column = quoted
            .and_then(|l| {
                l.find(needle)
                    .filter(|_| !needle.is_empty())
                    .map(|b| l[..b].chars().count() + 1)
            })
            .unwrap_or(1);
        diagnostic.in_file(&self.shown).at_quoted(quoted, line, column)
    }
}

/// The ids of a page's headings: each its own `{#id}` or the slug of its title, with `-2`, `-3`…
/// when an id is taken.
#[derive(Default)]
struct HeadingIds {
    used: HashSet<String>,
    /// The next suffix to try for each id, so that many equal headings stay linear.
    next_suffix: HashMap<String, usize>,
}

impl HeadingIds {
    fn choose(&mut self, explicit: Option<String>, title: &str) -> String {
        let base = explicit.unwrap_or_else(|| {
            let s = slugify(title);
            if s.is_empty() { "section".to_owned() } else { s }
        });
        let mut id = base.clone();
        if self.used.contains(&id) {
            let mut n = self.next_suffix.get(&base).copied().unwrap_or(2);
            loop {
                id = format!("{base}-{n}");
                n += 1;
                if !self.used.contains(&id) {
                    break;
                }
            }
            self.next_suffix.insert(base, n);
        }
        self.used.insert(id.clone());
        id
    }
}

/// A shortcode rendered by the site's template `shortcodes/NAME.html`, when it has one: the
/// template gets the named arguments by name, the others as `args`, the content as `body`.
fn site_shortcode(
    templates: Option<&tera::Tera>,
    page: &Page,
    call: &shortcodes::Call,
) -> Option<Result<String, String>> {
    let name = format!("shortcodes/{}.html", call.name);
    let tera = templates?;
    if !crate::render::context::has(tera, &name) {
        return None;
    }
    crate::deps::read(crate::deps::Input::Template(name.clone()));
    let mut context = tera::Context::new();
    for (key, value) in &call.named {
        context.insert(key.clone(), value);
    }
    context.insert("args", &call.positional);
    context.insert("body", call.inner.as_deref().unwrap_or_default());
    context.insert("lang", &page.lang);
    Some(tera.render(&name, &context).map_err(|e| e.to_string()))
}

pub fn render_text(
    site: &Site,
    page: &Page,
    body: &str,
    body_line: usize,
    templates: Option<&tera::Tera>,
    diagnostics: &mut Diagnostics,
) -> Rendered {
    let trusted = site.config.build.trust_html;
    let source = SourceFile::new(site, page);
    let expanded = shortcodes::may_have_shortcodes(body).then(|| {
        let custom = |call: &shortcodes::Call| site_shortcode(templates, page, call);
        shortcodes::expand(body, &site.config, &custom)
    });
    let (body, written_lines) = match &expanded {
        Some(expanded) => {
            for (line, problem) in &expanded.problems {
                diagnostics.push(source.point(problem.clone(), body_line + line, "{"));
            }
            (expanded.text.as_str(), Some(&expanded.lines))
        }
        None => (body, None),
    };
    let body_lines = LineIndex::new(body);
    let line_of = |offset: usize| {
        let line = body_lines.lines_before(offset.min(body.len()));
        body_line + written_lines.map_or(line, |written| written.get(line).copied().unwrap_or(line))
    };
    let mut events: Vec<Event> = Vec::new();
    let mut toc = Vec::new();
    let mut has_code = false;
    let mut heading_ids = HeadingIds::default();
    let mut code: Option<(String, String)> = None; // (language, text)
    let mut heading: Option<(HeadingLevel, Option<String>, Vec<Event>, usize)> = None;
    let mut anchors = Vec::new();
    // An image being read: its address, line and alt text so far, and whether it is allowed.
    let mut image: Option<(String, usize, String)> = None;
    // The nesting of raw HTML, to name the line where it gets too deep.
    let mut nesting = Nesting::default();
    let mut too_deep_at: Option<usize> = None;

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if let Some((_, text)) = code.as_mut() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (language, text) = code.take().unwrap_or_default();
                    events.push(Event::Html(crate::highlight::highlight(&language, &text).into()));
                }
                _ => {}
            }
            continue;
        }
        // Links and images are checked wherever they are, in headings too.
        let event = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let line = line_of(range.start);
                let dest_url = if refuse_scheme(&source, false, &dest_url, line, diagnostics) {
                    CowStr::from("#")
                } else {
                    match rewrite_link(site, page, &source, &dest_url, line, &mut anchors, diagnostics) {
                        Some(dest) => CowStr::from(dest),
                        None => dest_url,
                    }
                };
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let line = line_of(range.start);
                let refused = refuse_scheme(&source, true, &dest_url, line, diagnostics);
                image = Some((dest_url.to_string(), line, String::new()));
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: if refused { CowStr::from("#") } else { dest_url },
                    title,
                    id,
                })
            }
            Event::Html(ref html) | Event::InlineHtml(ref html) if !trusted => {
                nesting.feed(html);
                if nesting.deepest > MAX_NESTING && too_deep_at.is_none() {
                    too_deep_at = Some(line_of(range.start));
                }
                event
            }
            other => other,
        };
        if let Some((_, _, alt)) = image.as_mut() {
            match &event {
                Event::Text(t) | Event::Code(t) => alt.push_str(t),
                Event::End(TagEnd::Image) => {
                    let (dest, line, alt) = image.take().unwrap_or_default();
                    check_image(site, page, &source, &dest, &alt, line, diagnostics);
                }
                _ => {}
            }
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
                let (_, explicit, mut inner, start) = heading.take().unwrap_or((level, None, Vec::new(), 0));
                let chosen = explicit.clone();
                let title: String = inner
                    .iter()
                    .filter_map(|e| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                let id = heading_ids.choose(explicit, &title);
                if let Some(chosen) = chosen
                    && chosen != id
                {
                    // A link to `#chosen` would land on the first heading, not this one.
                    diagnostics.push(
                        source.point(
                            Diagnostic::warning(format!(
                                "the heading id `{chosen}` is already used on this page; this heading got `{id}`"
                            ))
                            .hint("give each heading its own `{#id}`"),
                            line_of(start),
                            "",
                        ),
                    );
                }
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
                // No heading ends with one Chinese character alone on its last line.
                let split = match inner.last() {
                    Some(Event::Text(last)) => match crate::typography::last_line_tail(last) {
                        (_, "") => None,
                        (head, tail) => Some((head.to_owned(), tail.to_owned())),
                    },
                    _ => None,
                };
                if let Some((head, tail)) = split {
                    inner.pop();
                    inner.extend([
                        Event::Text(CowStr::from(head)),
                        Event::InlineHtml(CowStr::from("<span class=\"nowrap\">")),
                        Event::Text(CowStr::from(tail)),
                        Event::InlineHtml(CowStr::from("</span>")),
                    ]);
                }
                events.extend(inner);
                events.push(Event::End(TagEnd::Heading(level)));
            }
            other => events.push(other),
        }
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if !trusted {
        html = untrusted_html(site, page, &source, html, too_deep_at.unwrap_or(body_line), diagnostics);
    }
    Rendered {
        html,
        toc,
        has_code,
        anchors,
    }
}

/// The HTML of a page whose authors the site does not trust: empty when it is nested too deep
/// (`too_deep_at` is the line to name), else sanitised, each removal reported.
fn untrusted_html(
    site: &Site,
    page: &Page,
    source: &SourceFile,
    mut html: String,
    too_deep_at: usize,
    diagnostics: &mut Diagnostics,
) -> String {
    // Markdown nests too (quotes in quotes), so the whole page is measured.
    if nesting_depth(&html) > MAX_NESTING {
        let line = too_deep_at;
        diagnostics.push(
            source.point(
                Diagnostic::error(format!(
                    "the HTML of this page is nested more than {MAX_NESTING} levels deep"
                ))
                .hint("close each <div> (and other tags) with its </div>; a page needs only a few levels of nesting"),
                line,
                "<",
            ),
        );
        html.clear();
    } else {
        let (clean, removed) = sanitise(&html, &site.config.build.allowed_iframe_hosts);
        html = clean;
        for what in removed {
            let (message, hint) = match what {
                Removed::Address(scheme) => (
                    format!("the HTML of this page had an address that uses `{scheme}:`; it was removed"),
                    "a link can be a web address (https://...), mailto:, tel: or a link to a page of the site; remove this one",
                ),
                Removed::Iframe(address) => (
                    format!("the HTML of this page had an iframe from `{address}`; it was removed"),
                    "only iframes from the hosts listed in `build: {allowed_iframe_hosts: [...]}` in site.yaml are published, and only over https://",
                ),
            };
            diagnostics.push(Diagnostic::warning(message).in_file(page.file()).hint(hint));
        }
    }
    html
}

/// Reports a link (or, if `image`, an image) whose address breaks the URL rule (`javascript:`,
/// `data:`...); `true` when it was refused.
fn refuse_scheme(source: &SourceFile, image: bool, dest: &str, line: usize, diagnostics: &mut Diagnostics) -> bool {
    let Some(scheme) = crate::url_rule::rejected_scheme(dest) else {
        return false;
    };
    let (message, hint) = if image {
        (
            format!("this image uses `{scheme}:`, which is not allowed on a published page"),
            "an image is a file beside the page or under static/, or a web address (https://...)",
        )
    } else {
        (
            format!("this link uses `{scheme}:`, which is not allowed on a published page"),
            "a link can be a web address (https://...), mailto:, tel: or a link to a page of the site; remove this one",
        )
    };
    diagnostics.push(source.point(Diagnostic::error(message).hint(hint), line, dest));
    true
}

/// A local image must exist (beside the page in its folder, or under static/) and every image
/// needs a text alternative for people who cannot see it.
fn check_image(
    site: &Site,
    page: &Page,
    source: &SourceFile,
    dest: &str,
    alt: &str,
    line: usize,
    diagnostics: &mut Diagnostics,
) {
    if alt.trim().is_empty() {
        diagnostics.push(source.point(
            Diagnostic::warning(format!("the image `{dest}` has no text alternative")).hint(
                "describe the image between the brackets, e.g. `![一只LED灯泡](led.jpg)`, for people who cannot see it",
            ),
            line,
            "",
        ));
    }
    // Web addresses are not fetched; other schemes were refused already.
    if crate::url_rule::is_external(dest) {
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
        diagnostics.push(source.point(
            broken(site, format!("the image `{dest}` does not exist"))
                .hint("put the image in the page's own folder (a folder with index.md) or under static/, and check the spelling"),
            line,
            "",
        ));
    }
}

/// The problem of a link or image to something the site does not have: an error, or a warning
/// while a site that moved in fixes its links (`build.links: warn`).
fn broken(site: &Site, message: String) -> Diagnostic {
    match site.config.build.links {
        crate::config::LinkPolicy::Error => Diagnostic::error(message),
        crate::config::LinkPolicy::Warn => Diagnostic::warning(message),
    }
}

/// Every `page.md#heading` link must name a heading of that page.
pub fn check_anchors(site: &Site, rendered: &[Rendered], diagnostics: &mut Diagnostics) {
    for (index, r) in rendered.iter().enumerate() {
        let page = &site.pages[index];
        let source = SourceFile::new(site, page);
        for link in &r.anchors {
            let Some(target) = rendered.get(link.target) else {
                continue;
            };
            if target.toc.iter().any(|h| h.id == link.fragment) {
                continue;
            }
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
                source.point(
                    broken(
                        site,
                        format!(
                            "the link `{}` points to a heading that {} does not have",
                            link.written,
                            site.pages[link.target].file().display()
                        ),
                    )
                    .hint(hint),
                    link.line,
                    "",
                ),
            );
        }
    }
}

/// The URL a link should point to, or `None` to keep it as written (external links, anchors,
/// images). A link to a missing page is an error at its line.
fn rewrite_link(
    site: &Site,
    page: &Page,
    source: &SourceFile,
    dest: &str,
    line: usize,
    anchors: &mut Vec<AnchorLink>,
    diagnostics: &mut Diagnostics,
) -> Option<String> {
    if crate::url_rule::is_external(dest) || dest.starts_with('#') {
        return None;
    }
    let path = dest.split(['#', '?']).next().unwrap_or(dest);
    if !path.ends_with(".md") {
        return None;
    }
    // A query (`a.md?x=1`) means nothing to a static page: drop it, keep the fragment.
    let fragment_part = dest.find('#').map(|i| &dest[i..]).unwrap_or("");
    let target = site.link_target(page, &format!("{path}{fragment_part}"));
    let found = target.as_ref().map(|(target, _)| *target);
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
            diagnostics.push(source.point(
                broken(site, format!("this link points to `{dest}`, which is not a page of the site"))
                    .hint("links between pages are paths to the .md file, relative to this file, e.g. `[关灯](../tips/switch-off-lights.md)`; check the folder and the spelling"),
                line,
                dest,
            ));
            Some(dest.to_owned())
        }
    }
}
