//! Shortcodes, as pages written for Hugo and Zola have them: Hugo's `{{< name args >}}` and
//! `{{% name args %}}` (with `{{< /name >}}` closing one that has content), Zola's
//! `{{ name(key=value) }}` and `{% name(key=value) %}…{% end %}`. Each becomes Markdown before the
//! page is read, so what it makes goes through the same link checks, URL rule and sanitiser as
//! anything written by hand. A site's own `templates/shortcodes/NAME.html` comes first; then the
//! common ones are built in; any other is a warning at its line, its content kept. Shortcodes in
//! code (fenced blocks and `code spans`) stay text, and `{{</* name */>}}` writes one as text.

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::escape::escape_xml;

/// The built-in shortcodes, for hints.
pub const BUILT_IN: &[&str] = &[
    "figure",
    "youtube",
    "bilibili",
    "vimeo",
    "video",
    "ref",
    "relref",
    "highlight",
    "details",
    "notice",
    "admonition",
    "param",
    "x",
    "tweet",
    "gist",
    "instagram",
];

/// Shortcodes that never have content, so no closing tag is looked for.
const SELF_CONTAINED: &[&str] = &[
    "figure",
    "youtube",
    "bilibili",
    "vimeo",
    "video",
    "ref",
    "relref",
    "param",
    "gist",
    "tweet",
    "x",
    "instagram",
];

/// Names that are a kind of notice, with the kind they show.
const NOTICES: &[&str] = &[
    "notice",
    "admonition",
    "hint",
    "alert",
    "callout",
    "note",
    "tip",
    "info",
    "warning",
    "caution",
    "important",
    "danger",
];

/// How deep shortcodes may sit inside each other's content.
const MAX_DEPTH: usize = 16;

/// A page's text with its shortcodes expanded, and for each of its lines the line of the
/// written text it comes from (0-based, from the start of the body), so that problems further
/// down are still reported at the line the author sees.
pub struct Expanded {
    pub text: String,
    pub lines: Vec<usize>,
    /// Problems, each at a line of the written text (0-based, from the start of the body).
    pub problems: Vec<(usize, Diagnostic)>,
}

/// One use of a shortcode.
pub struct Call<'t> {
    pub name: &'t str,
    pub positional: Vec<String>,
    pub named: Vec<(String, String)>,
    /// The content between the opening and the closing tag, already expanded.
    pub inner: Option<String>,
}

impl Call<'_> {
    fn arg(&self, key: &str, position: usize) -> Option<&str> {
        self.named
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
            .or_else(|| self.positional.get(position).map(String::as_str))
    }

    fn named(&self, key: &str) -> Option<&str> {
        self.named
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }
}

/// Renders a shortcode with a template of the site, when it has one by that name.
pub type Custom<'a> = &'a dyn Fn(&Call) -> Option<Result<String, String>>;

/// Expands every shortcode of `text`.
pub fn expand(text: &str, config: &Config, custom: Custom) -> Expanded {
    let mut out = Writer::new(0);
    let mut problems = Vec::new();
    expand_into(text, 0, config, custom, 0, &mut out, &mut problems);
    Expanded {
        text: out.text,
        lines: out.lines,
        problems,
    }
}

/// Whether `text` may have a shortcode at all: most pages have none and are not copied.
pub fn may_have_shortcodes(text: &str) -> bool {
    text.contains("{{") || text.contains("{%")
}

struct Writer {
    text: String,
    lines: Vec<usize>,
}

impl Writer {
    fn new(first_line: usize) -> Writer {
        Writer {
            text: String::new(),
            lines: vec![first_line],
        }
    }

    /// Written text, starting on written line `line`.
    fn verbatim(&mut self, s: &str, mut line: usize) {
        for c in s.chars() {
            self.text.push(c);
            if c == '\n' {
                line += 1;
                self.lines.push(line);
            }
        }
    }

    /// Text a shortcode written on line `line` made.
    fn generated(&mut self, s: &str, line: usize) {
        for c in s.chars() {
            self.text.push(c);
            if c == '\n' {
                self.lines.push(line);
            }
        }
    }

    fn append(&mut self, other: Writer) {
        let mut lines = other.lines.into_iter();
        lines.next();
        self.text.push_str(&other.text);
        self.lines.extend(lines);
    }
}

fn expand_into(
    text: &str,
    first_line: usize,
    config: &Config,
    custom: Custom,
    depth: usize,
    out: &mut Writer,
    problems: &mut Vec<(usize, Diagnostic)>,
) {
    let line_at = |offset: usize| first_line + text[..offset].matches('\n').count();
    let mut copied = 0;
    let mut i = 0;
    let mut fence: Option<(char, usize)> = None;
    let mut line_start = true;
    while i < text.len() {
        let rest = &text[i..];
        if line_start {
            line_start = false;
            // Fenced code: everything up to the closing fence is text.
            let trimmed = rest.trim_start_matches(' ');
            let indent = rest.len() - trimmed.len();
            let marker = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
            if indent <= 3
                && let Some(c) = marker
            {
                let run = trimmed.chars().take_while(|x| *x == c).count();
                if run >= 3 {
                    match fence {
                        None => fence = Some((c, run)),
                        Some((open, len)) if open == c && run >= len => fence = None,
                        _ => {}
                    }
                    // The fence line itself (its info string too) is text.
                    i += rest.find('\n').unwrap_or(rest.len());
                    continue;
                }
            }
        }
        let c = rest.chars().next().unwrap_or('\n');
        if c == '\n' {
            line_start = true;
            i += 1;
            continue;
        }
        if fence.is_some() {
            i += c.len_utf8();
            continue;
        }
        // A code span: skip to the same run of backticks.
        if c == '`' {
            let run = rest.chars().take_while(|x| *x == '`').count();
            let closing = "`".repeat(run);
            i += run;
            if let Some(end) = text[i..].find(&closing) {
                i += end + run;
            }
            continue;
        }
        if c == '{'
            && let Some(found) = parse_at(text, i)
        {
            out.verbatim(&text[copied..i], line_at(copied));
            let line = line_at(i);
            match found {
                Found::Literal(literal) => out.generated(&literal, line),
                Found::Call {
                    name,
                    positional,
                    named,
                    end,
                    closing,
                } => {
                    let (inner, after) = match (closing, SELF_CONTAINED.contains(&name)) {
                        (Closing::None, _) | (_, true) => (None, end),
                        (kind, false) => match find_closing(text, end, name, kind) {
                            Some((inner_end, after)) => (Some((end, inner_end)), after),
                            None => (None, end),
                        },
                    };
                    let inner = inner.map(|(from, to)| {
                        let mut nested = Writer::new(line_at(from));
                        if depth < MAX_DEPTH {
                            expand_into(
                                &text[from..to],
                                line_at(from),
                                config,
                                custom,
                                depth + 1,
                                &mut nested,
                                problems,
                            );
                        } else {
                            nested.verbatim(&text[from..to], line_at(from));
                        }
                        nested
                    });
                    let call = Call {
                        name,
                        positional,
                        named,
                        inner: inner.as_ref().map(|w| w.text.clone()),
                    };
                    match render(&call, config, custom) {
                        Rendered::Text(made) => out.generated(&made, line),
                        Rendered::Around(before, after_inner) => {
                            out.generated(&before, line);
                            if let Some(inner) = inner {
                                out.append(inner);
                            }
                            out.generated(&after_inner, line);
                        }
                        Rendered::Problem(problem, kept) => {
                            problems.push((line, problem));
                            if kept && let Some(inner) = inner {
                                out.append(inner);
                            }
                        }
                    }
                    i = after;
                    copied = after;
                    continue;
                }
            }
            i = found_end(text, i);
            copied = i;
            continue;
        }
        i += c.len_utf8();
    }
    out.verbatim(&text[copied..], line_at(copied));
}

enum Rendered {
    Text(String),
    /// Text before and after the shortcode's own content.
    Around(String, String),
    /// A warning, and whether the content is kept.
    Problem(Diagnostic, bool),
}

fn render(call: &Call, config: &Config, custom: Custom) -> Rendered {
    if let Some(made) = custom(call) {
        return match made {
            Ok(text) => Rendered::Text(text),
            Err(e) => Rendered::Problem(
                Diagnostic::warning(format!(
                    "the shortcode template `shortcodes/{}.html` cannot be rendered: {e}",
                    call.name
                ))
                .hint("check the template; the page is published without this shortcode"),
                true,
            ),
        };
    }
    let name = call.name.to_ascii_lowercase();
    let hosts = &config.build.allowed_iframe_hosts;
    let allowed = |host: &str| hosts.iter().any(|h| h.eq_ignore_ascii_case(host));
    match name.as_str() {
        "figure" => figure(call),
        "youtube" => match call.arg("id", 0) {
            Some(id) if is_video_id(id) => {
                let host = ["www.youtube-nocookie.com", "www.youtube.com"].into_iter().find(|h| allowed(h));
                video(
                    call,
                    host.map(|h| format!("https://{h}/embed/{id}")),
                    format!("https://www.youtube.com/watch?v={id}"),
                    "YouTube",
                )
            }
            _ => missing_argument(call, "the video's id", "{{< youtube w7Ft2ymGmfc >}}"),
        },
        "bilibili" => match call.arg("id", 0).or(call.named("bvid")) {
            Some(id) if is_video_id(id) => video(
                call,
                allowed("player.bilibili.com").then(|| format!("https://player.bilibili.com/player.html?bvid={id}&autoplay=0")),
                format!("https://www.bilibili.com/video/{id}"),
                "哔哩哔哩",
            ),
            _ => missing_argument(call, "the video's id", "{{< bilibili BV1xx411c7mD >}}"),
        },
        // Posts of other sites: a link, so nothing is loaded from them.
        "tweet" | "twitter" | "twitter_simple" | "x" => match (call.arg("user", 0), call.arg("id", 1)) {
            (Some(user), Some(id)) if is_video_id(user) && is_video_id(id) => Rendered::Text(format!(
                "[▶ @{}](<https://x.com/{user}/status/{id}>)",
                markdown_text(user)
            )),
            _ => missing_argument(call, "the account and the post's id", "{{< x user=\"SanDiegoZoo\" id=\"1453110110599868418\" >}}"),
        },
        "gist" => match (call.arg("user", 0), call.arg("id", 1)) {
            (Some(user), Some(id)) if is_video_id(user) && is_video_id(id) => Rendered::Text(format!(
                "[gist {}/{}](<https://gist.github.com/{user}/{id}>)",
                markdown_text(user),
                markdown_text(id)
            )),
            _ => missing_argument(call, "the account and the gist's id", "{{< gist spf13 7896402 >}}"),
        },
        "instagram" => match call.arg("id", 0) {
            Some(id) if is_video_id(id) => Rendered::Text(format!("[Instagram](<https://www.instagram.com/p/{id}/>)")),
            _ => missing_argument(call, "the post's id", "{{< instagram CxOWiQNP2MO >}}"),
        },
        "vimeo" | "vimeo_simple" => match call.arg("id", 0) {
            Some(id) if is_video_id(id) => video(
                call,
                allowed("player.vimeo.com").then(|| format!("https://player.vimeo.com/video/{id}")),
                format!("https://vimeo.com/{id}"),
                "Vimeo",
            ),
            _ => missing_argument(call, "the video's id", "{{< vimeo 146022717 >}}"),
        },
        "video" => match call.arg("src", 0) {
            Some(src) => Rendered::Text(format!("[▶ {}](<{}>)", markdown_text(call.named("title").unwrap_or(src)), src)),
            None => missing_argument(call, "the video's address", "{{< video src=\"clip.mp4\" >}}"),
        },
        "ref" | "relref" => match call.arg("path", 0) {
            Some(path) => Rendered::Text(reference(path)),
            None => missing_argument(call, "the page to link to", "[关灯]({{< ref \"tips/switch-off.md\" >}})"),
        },
        "highlight" => {
            let language = call.positional.first().map_or("", String::as_str);
            let code = call.inner.as_deref().unwrap_or_default();
            let fence = "`".repeat(longest_run(code, '`').max(2) + 1);
            Rendered::Text(format!("\n{fence}{language}\n{}\n{fence}\n", code.trim_matches('\n')))
        }
        "details" => {
            let summary = call.arg("summary", 0).unwrap_or("…");
            let open = if call.named("open").is_some_and(|v| v != "false") { " open" } else { "" };
            Rendered::Around(
                format!("\n<details{open}><summary>{}</summary>\n\n", escape_xml(summary)),
                "\n\n</details>\n".to_owned(),
            )
        }
        "param" => match call.arg("name", 0).and_then(|key| config.extra.get(key)) {
            Some(serde_json::Value::String(s)) => Rendered::Text(s.clone()),
            Some(other) => Rendered::Text(other.to_string()),
            None => Rendered::Problem(
                Diagnostic::warning(format!(
                    "the shortcode `param` names `{}`, which is not under `extra:` in site.yaml",
                    call.arg("name", 0).unwrap_or_default()
                ))
                .hint("Hugo's site `params` are `extra:` in site.yaml"),
                false,
            ),
        },
        notice if NOTICES.contains(&notice) => {
            // `{{% notice info "Title" %}}`, `{{< admonition type="tip" title="…" >}}`,
            // `{{< hint warning >}}`, or a kind by name: `{{< note >}}`.
            let generic = matches!(notice, "notice" | "admonition" | "hint" | "alert" | "callout");
            let kind = if generic {
                call.arg("type", 0).unwrap_or("note")
            } else {
                notice
            };
            let title = call.named("title").or(if generic { call.positional.get(1) } else { call.positional.first() }.map(String::as_str));
            let kind_class = crate::slug::slugify(kind);
            let heading = title.map(|t| format!("<p class=\"notice-title\">{}</p>\n", escape_xml(t))).unwrap_or_default();
            Rendered::Around(
                format!("\n<aside class=\"notice notice-{kind_class}\">\n{heading}\n"),
                "\n\n</aside>\n".to_owned(),
            )
        }
        _ => Rendered::Problem(
            Diagnostic::warning(format!("the shortcode `{}` is not one greenprint knows: it was left out", call.name)).hint(
                format!(
                    "to show it, add a template templates/shortcodes/{}.html to the site (it gets the shortcode's arguments and `body`); the built-in ones are {}",
                    call.name,
                    BUILT_IN.join(", ")
                ),
            ),
            true,
        ),
    }
}

fn figure(call: &Call) -> Rendered {
    let Some(src) = call.arg("src", 0) else {
        return missing_argument(
            call,
            "the image",
            "{{< figure src=\"led.jpg\" alt=\"一只LED灯泡\" caption=\"…\" >}}",
        );
    };
    let caption = call.named("caption").or(call.named("title"));
    let alt = call.named("alt").or(caption).unwrap_or_default();
    let image = format!("![{}](<{}>)", markdown_text(alt), src.replace('>', "%3E"));
    let image = match call.named("link") {
        Some(link) => format!("[{image}](<{}>)", link.replace('>', "%3E")),
        None => image,
    };
    let caption = caption
        .map(|c| format!("<figcaption>{}</figcaption>\n", escape_xml(c)))
        .unwrap_or_default();
    Rendered::Text(format!("\n<figure>\n\n{image}\n\n{caption}</figure>\n"))
}

/// A video: in an iframe when the site allows the player's host, else a link to it, so no page
/// loads anything from another site unless the site said so.
fn video(call: &Call, player: Option<String>, page: String, site_name: &str) -> Rendered {
    let title = call.named("title").unwrap_or(site_name);
    Rendered::Text(match player {
        Some(player) => format!(
            "\n<iframe src=\"{}\" title=\"{}\" width=\"640\" height=\"360\" allowfullscreen></iframe>\n",
            escape_xml(&player),
            escape_xml(title)
        ),
        None => format!("[▶ {}](<{page}>)", markdown_text(title)),
    })
}

fn missing_argument(call: &Call, what: &str, example: &str) -> Rendered {
    Rendered::Problem(
        Diagnostic::warning(format!("the shortcode `{}` needs {what}: it was left out", call.name))
            .hint(format!("for example: {example}")),
        true,
    )
}

/// Hugo's `ref "tips/led.md"` or `ref "/about"`: the path of a page's file, which the link
/// check then finds (from the content folder when it has a folder, else beside the page).
fn reference(written: &str) -> String {
    let (path, fragment) = match written.split_once('#') {
        Some((p, f)) => (p, format!("#{f}")),
        None => (written, String::new()),
    };
    let path = path.trim().trim_end_matches('/');
    if path.is_empty() {
        return fragment;
    }
    let file = if path.ends_with(".md") {
        path.to_owned()
    } else {
        format!("{path}.md")
    };
    if file.starts_with('/') || file.contains('/') {
        format!("@/{}{fragment}", file.trim_start_matches('/'))
    } else {
        format!("{file}{fragment}")
    }
}

/// A video id is letters, digits, `-` and `_`: nothing that can leave the address it goes into.
fn is_video_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Text for inside `[...]` of a Markdown link or image.
fn markdown_text(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('[', "\\[")
        .replace(']', "\\]")
        .replace('\n', " ")
}

fn longest_run(text: &str, c: char) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for x in text.chars() {
        run = if x == c { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Closing {
    /// No closing tag can follow (`{{< name />}}`, Zola's `{{ name() }}`).
    None,
    /// Hugo's `{{< /name >}}` or `{{% /name %}}`.
    Hugo,
    /// Zola's `{% end %}`.
    Zola,
}

enum Found<'t> {
    /// `{{</* name */>}}`: a shortcode written as text.
    Literal(String),
    Call {
        name: &'t str,
        positional: Vec<String>,
        named: Vec<(String, String)>,
        end: usize,
        closing: Closing,
    },
}

/// Where the text of a [`Found::Literal`] ends.
fn found_end(text: &str, start: usize) -> usize {
    let rest = &text[start..];
    ["*/>}}", "*/%}}"]
        .iter()
        .filter_map(|close| rest.find(close).map(|i| start + i + close.len()))
        .min()
        .unwrap_or(text.len())
}

/// A shortcode starting at byte `start` of `text`, if one does.
fn parse_at(text: &str, start: usize) -> Option<Found<'_>> {
    let rest = &text[start..];
    if let Some(after) = rest.strip_prefix("{{<").or_else(|| rest.strip_prefix("{{%")) {
        let close = if rest.as_bytes()[2] == b'<' { ">}}" } else { "%}}" };
        let inside = after.trim_start();
        if let Some(comment) = inside.strip_prefix("/*") {
            let end = comment.find("*/")?;
            return Some(Found::Literal(format!("{}{}{}", &rest[..3], &comment[..end], close)));
        }
        let length = after.find(close)?;
        let body = after[..length].trim();
        if body.starts_with('/') || body.contains('\n') && body.lines().count() > 20 {
            return None;
        }
        let (body, self_closing) = match body.strip_suffix('/') {
            Some(b) => (b.trim_end(), true),
            None => (body, false),
        };
        let name_length = body.find(char::is_whitespace).unwrap_or(body.len());
        let name = &body[..name_length];
        if !is_name(name) {
            return None;
        }
        let (positional, named) = hugo_arguments(&body[name_length..]);
        return Some(Found::Call {
            name,
            positional,
            named,
            end: start + 3 + length + close.len(),
            closing: if self_closing { Closing::None } else { Closing::Hugo },
        });
    }
    // Zola: `{{ name(...) }}` or `{% name(...) %}`.
    let (open, close, closing) = if rest.starts_with("{{") {
        ("{{", "}}", Closing::None)
    } else if rest.starts_with("{%") {
        ("{%", "%}", Closing::Zola)
    } else {
        return None;
    };
    let inside = &rest[open.len()..];
    let trimmed = inside.trim_start();
    let name_length = trimmed.find('(')?;
    let name = &trimmed[..name_length];
    if !is_name(name) || name == "end" {
        return None;
    }
    let arguments_start = open.len() + (inside.len() - trimmed.len()) + name_length + 1;
    let (named, arguments_end) = zola_arguments(&rest[arguments_start..])?;
    let after = &rest[arguments_start + arguments_end..];
    let spaces = after.len() - after.trim_start().len();
    if !after[spaces..].starts_with(close) {
        return None;
    }
    Some(Found::Call {
        name,
        positional: Vec::new(),
        named,
        end: start + arguments_start + arguments_end + spaces + close.len(),
        closing,
    })
}

fn is_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '/')
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
}

/// The closing tag of `name` after byte `from`: where the content ends and where the tag ends.
/// Shortcodes of the same name inside are counted, so that nested ones close in pairs.
fn find_closing(text: &str, from: usize, name: &str, kind: Closing) -> Option<(usize, usize)> {
    let mut depth = 0;
    let mut i = from;
    while let Some(offset) = text[i..].find('{') {
        let at = i + offset;
        let rest = &text[at..];
        match kind {
            Closing::Hugo if rest.starts_with("{{<") || rest.starts_with("{{%") => {
                let close = if rest.as_bytes()[2] == b'<' { ">}}" } else { "%}}" };
                let Some(length) = rest[3..].find(close) else { break };
                let body = rest[3..3 + length].trim();
                let tag_end = at + 3 + length + close.len();
                if let Some(closed) = body.strip_prefix('/') {
                    if closed.trim() == name {
                        if depth == 0 {
                            return Some((at, tag_end));
                        }
                        depth -= 1;
                    }
                } else if body.split_whitespace().next() == Some(name) && !body.ends_with('/') {
                    depth += 1;
                }
                i = tag_end;
            }
            Closing::Zola if rest.starts_with("{%") => {
                let Some(length) = rest[2..].find("%}") else { break };
                let body = rest[2..2 + length].trim();
                let tag_end = at + 2 + length + 2;
                if body == "end" {
                    if depth == 0 {
                        return Some((at, tag_end));
                    }
                    depth -= 1;
                } else if body.contains('(') {
                    depth += 1;
                }
                i = tag_end;
            }
            _ => i = at + 1,
        }
    }
    None
}

/// Hugo's arguments: `"quoted"`, `` `raw` `` or bare words, each positional or `key=value`.
fn hugo_arguments(text: &str) -> (Vec<String>, Vec<(String, String)>) {
    let mut positional = Vec::new();
    let mut named = Vec::new();
    let mut chars = text.trim().chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            break;
        }
        let mut key = None;
        let mut word = String::new();
        loop {
            match chars.peek().copied() {
                None => break,
                Some(c) if c.is_whitespace() => break,
                Some('"') | Some('`') => {
                    word.push_str(&quoted(&mut chars));
                }
                Some('=') if key.is_none() => {
                    chars.next();
                    key = Some(std::mem::take(&mut word));
                }
                Some(c) => {
                    chars.next();
                    word.push(c);
                }
            }
        }
        match key {
            Some(key) => named.push((key, word)),
            None => positional.push(word),
        }
    }
    (positional, named)
}

/// A `"quoted"` (with `\"` escapes) or `` `raw` `` string, the quote next in `chars`.
fn quoted(chars: &mut std::iter::Peekable<std::str::Chars>) -> String {
    let quote = chars.next().unwrap_or('"');
    let mut out = String::new();
    while let Some(c) = chars.next() {
        match c {
            '\\' if quote != '`' => {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            c if c == quote => break,
            c => out.push(c),
        }
    }
    out
}

/// Zola's arguments up to the closing `)`: `key=value` pairs, values quoted in `"`, `'` or `` ` ``,
/// numbers, booleans or lists. Returns them and the length read, the `)` included.
fn zola_arguments(text: &str) -> Option<(Vec<(String, String)>, usize)> {
    let mut named = Vec::new();
    let mut chars = text.char_indices().peekable();
    loop {
        while chars.next_if(|(_, c)| c.is_whitespace() || *c == ',').is_some() {}
        let (at, c) = chars.next()?;
        if c == ')' {
            return Some((named, at + 1));
        }
        let mut key = String::from(c);
        while let Some((_, c)) = chars.next_if(|(_, c)| *c != '=' && *c != ')') {
            key.push(c);
        }
        chars.next_if(|(_, c)| *c == '=')?;
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        let (_, first) = *chars.peek()?;
        let mut value = String::new();
        if matches!(first, '"' | '\'' | '`') {
            chars.next();
            for (_, c) in chars.by_ref() {
                if c == first {
                    break;
                }
                value.push(c);
            }
        } else {
            let mut brackets = 0usize;
            while let Some((_, c)) = chars.next_if(|(_, c)| brackets > 0 || (*c != ',' && *c != ')')) {
                match c {
                    '[' => brackets += 1,
                    ']' => brackets = brackets.saturating_sub(1),
                    _ => {}
                }
                value.push(c);
            }
            value = value.trim().to_owned();
        }
        named.push((key.trim().to_owned(), value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        serde_saphyr::from_str(
            "title: t\nbase_url: https://green.example.gov.cn/\nlanguages: [{code: zh, name: 中文}]\nbuild: {allowed_iframe_hosts: [player.bilibili.com]}\nextra: {city: 昌吉}\n",
        )
        .unwrap()
    }

    fn none(_: &Call) -> Option<Result<String, String>> {
        None
    }

    fn run(text: &str) -> Expanded {
        expand(text, &config(), &none)
    }

    #[test]
    fn hugo_and_zola_forms_expand_and_code_stays_text() {
        let text = "A {{< ref \"tips/led.md\" >}} b\n\n```\n{{< youtube abc >}}\n```\n\n`{{< youtube abc >}}` and {{ youtube(id=\"w7Ft2ymGmfc\") }}\n";
        let e = run(text);
        assert!(e.text.starts_with("A @/tips/led.md b\n"), "{}", e.text);
        assert!(e.text.contains("```\n{{< youtube abc >}}\n```"), "{}", e.text);
        assert!(e.text.contains("`{{< youtube abc >}}`"), "{}", e.text);
        assert!(
            e.text
                .contains("[▶ YouTube](<https://www.youtube.com/watch?v=w7Ft2ymGmfc>)"),
            "{}",
            e.text
        );
        assert!(e.problems.is_empty());
    }

    #[test]
    fn content_between_tags_is_kept_and_lines_map_back() {
        let text = "intro\n{{% notice warning \"注意\" %}}\n关灯\n{{% /notice %}}\nlast line\n";
        let e = run(text);
        assert!(e.text.contains("<aside class=\"notice notice-warning\">"), "{}", e.text);
        assert!(e.text.contains("<p class=\"notice-title\">注意</p>"), "{}", e.text);
        assert!(e.text.contains("关灯"));
        let last = e.text.lines().position(|l| l == "last line").unwrap();
        assert_eq!(e.lines[last], 4, "{:?}", e.lines);
    }

    #[test]
    fn an_unknown_shortcode_is_a_warning_at_its_line_and_keeps_its_content() {
        let e = run("a\n\n{{< tabs >}}\ninside\n{{< /tabs >}}\n{% card(title=\"x\") %}\nbody\n{% end %}\n");
        let lines: Vec<usize> = e.problems.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [2, 5]);
        assert!(e.problems[0].1.message.contains("`tabs`"));
        assert!(e.text.contains("inside") && e.text.contains("body"), "{}", e.text);
        assert!(!e.text.contains("{{<") && !e.text.contains("{%"), "{}", e.text);
    }

    #[test]
    fn figures_become_checked_images_and_iframes_only_from_allowed_hosts() {
        let e = run(
            "{{<figure src=\"led.jpg\" alt=\"LED [灯]\" caption=\"一只LED灯泡\">}}\n{{< bilibili BV1xx411c7mD >}}\n{{< youtube id=\"x\\\"><script>\" >}}\n",
        );
        assert!(e.text.contains("![LED \\[灯\\]](<led.jpg>)"), "{}", e.text);
        assert!(e.text.contains("<figcaption>一只LED灯泡</figcaption>"), "{}", e.text);
        assert!(
            e.text
                .contains("<iframe src=\"https://player.bilibili.com/player.html?bvid=BV1xx411c7mD&amp;autoplay=0\""),
            "{}",
            e.text
        );
        assert!(!e.text.contains("<script>"), "{}", e.text);
        assert_eq!(e.problems.len(), 1, "the hostile id is refused");
    }

    #[test]
    fn code_after_a_closed_fence_is_read_again() {
        let e = run("```\nfirst\n```\n\n{{ youtube(id=\"abc\") }}\n\n```jinja\n{{ get_url(path=x) }}\n```\n");
        assert!(e.text.contains("youtube.com/watch?v=abc"), "{}", e.text);
        assert!(e.text.contains("{{ get_url(path=x) }}"), "{}", e.text);
        assert!(e.problems.is_empty());
    }

    #[test]
    fn a_shortcode_written_as_text_stays_text() {
        assert_eq!(run("{{</* figure src=\"x\" */>}}").text, "{{< figure src=\"x\" >}}");
    }

    #[test]
    fn highlight_and_details_and_param() {
        let e = run(
            "{{< highlight rust >}}\nfn main() {}\n{{< /highlight >}}\n{{< details summary=\"更多\" >}}\n内容\n{{< /details >}}\n{{< param city >}}\n",
        );
        assert!(e.text.contains("```rust\nfn main() {}\n```"), "{}", e.text);
        assert!(e.text.contains("<details><summary>更多</summary>"), "{}", e.text);
        assert!(e.text.contains("昌吉"), "{}", e.text);
    }

    #[test]
    fn a_site_template_comes_first() {
        let custom = |call: &Call| {
            (call.name == "figure").then(|| Ok(format!("<b>{}</b>", call.arg("src", 0).unwrap_or_default())))
        };
        assert_eq!(
            expand("{{< figure src=\"a.png\" >}}", &config(), &custom).text,
            "<b>a.png</b>"
        );
    }
}
