//! What a page says, read from its HTML: the text of its marked content (`data-pagefind-body`),
//! with a weight for each part (headings weigh more than paragraphs), its title, its filters and
//! its metadata. One pass of a streaming parser (lol_html) over the part of the page that is
//! indexed; nothing is built into a tree.
//!
//! The attributes are Pagefind's, so that a theme written for Pagefind works unchanged:
//! `data-pagefind-body`, `-ignore`, `-filter` (`name:value` or `name`, then the element's text),
//! `-meta` (`key:value`, `key[attribute]` or `key`) and `-weight`.

use lol_html::html_content::{Element, TextType};
use lol_html::{HtmlRewriter, Settings, doc_text, element};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// The weight of ordinary text; a heading's is a multiple of it (Pagefind's scale: 1 is 24).
pub const BODY_WEIGHT: u8 = 24;

/// Elements whose text is never indexed.
const REMOVED: &[&str] = &[
    "head", "style", "script", "noscript", "label", "form", "svg", "footer", "nav", "iframe", "template", "button",
    "select", "textarea",
];
/// Elements that end a sentence: their text does not run into the next block's.
const BLOCKS: &[&str] = &[
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "div",
    "ul",
    "ol",
    "li",
    "td",
    "th",
    "tr",
    "table",
    "dl",
    "dt",
    "dd",
    "article",
    "section",
    "aside",
    "header",
    "main",
    "blockquote",
    "figure",
    "figcaption",
    "pre",
    "details",
    "summary",
    "caption",
];

/// The indexed text of a page and what goes with it.
#[derive(Debug, Default, PartialEq)]
pub struct Digest {
    /// The text, blocks separated by a space (and a full stop where a block did not end a
    /// sentence).
    pub text: String,
    /// Where the weight changes: from this byte of `text` on, text weighs this much.
    pub weights: Vec<(usize, u8)>,
    /// `title`, `image` and any `data-pagefind-meta`.
    pub meta: BTreeMap<String, String>,
    /// `data-pagefind-filter`: each filter's values.
    pub filters: BTreeMap<String, Vec<String>>,
}

impl Digest {
    /// The weight of the text that starts at byte `at`.
    pub fn weight_at(&self, at: usize) -> u8 {
        match self.weights.partition_point(|(from, _)| *from <= at) {
            0 => BODY_WEIGHT,
            i => self.weights[i - 1].1,
        }
    }
}

/// An element open around the text being read.
struct Frame {
    id: u64,
    /// Its text is left out (a removed element, an excluded selector, `data-pagefind-ignore`).
    ignored: bool,
    /// It is, or is inside, the marked content.
    body: bool,
    block: bool,
    /// The weight of its text.
    weight: u8,
    /// Where its text starts in the digest, for filters and metadata taken from its text.
    start: usize,
    /// Filters and metadata that take its text, and whether it is the first `<h1>`.
    text_filters: Vec<String>,
    text_meta: Vec<String>,
    title: bool,
}

#[derive(Default)]
struct State {
    digest: Digest,
    frames: Vec<Frame>,
    next_id: u64,
    /// Set by the handler of the excluded selectors, read by the next element's frame.
    excluded: bool,
    has_title: bool,
}

impl State {
    fn ignored(&self) -> bool {
        self.frames.last().is_some_and(|f| f.ignored || !f.body)
    }

    fn weight(&self) -> u8 {
        self.frames.last().map_or(BODY_WEIGHT, |f| f.weight)
    }

    fn push_text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let weight = self.weight();
        let digest = &mut self.digest;
        if digest.weight_at(digest.text.len()) != weight {
            digest.weights.push((digest.text.len(), weight));
        }
        digest.text.push_str(text);
    }

    /// A space, so that the text of two blocks never makes one word.
    fn space(&mut self) {
        if !self.digest.text.is_empty() && !self.digest.text.ends_with(' ') {
            self.digest.text.push(' ');
        }
    }

    /// The end of a block: a full stop when its text did not end a sentence (Chinese gets 。),
    /// then a space.
    fn end_sentence(&mut self) {
        let text = self.digest.text.trim_end();
        if let Some(last) = text.chars().last() {
            let stop = if is_cjk(last) {
                Some('。')
            } else if last.is_alphanumeric() || matches!(last, '\'' | '"' | ')' | '$' | '*' | '”' | '’') {
                Some('.')
            } else {
                None
            };
            let end = text.len();
            self.digest.text.truncate(end);
            if let Some(stop) = stop {
                self.digest.text.push(stop);
            }
        }
        self.space();
    }
}

/// Whether `c` is a Chinese or Japanese character (whose sentences end with 。).
pub fn is_cjk(c: char) -> bool {
    matches!(u32::from(c), 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Reads `html`. `excluded` are CSS selectors whose elements are left out (as with
/// `data-pagefind-ignore`). Only text inside an element marked `data-pagefind-body` is read.
pub fn digest(html: &str, excluded: &str) -> Result<Digest, String> {
    let state = Rc::new(RefCell::new(State::default()));
    {
        let on_excluded = Rc::clone(&state);
        let on_element = Rc::clone(&state);
        let on_text = Rc::clone(&state);
        let mut settings = Settings::new().with_strict(false);
        if !excluded.is_empty() {
            settings = settings.append_element_content_handler(element!(excluded, move |_el| {
                on_excluded.borrow_mut().excluded = true;
                Ok(())
            }));
        }
        settings = settings
            .append_element_content_handler(element!("*", move |el| {
                open(&on_element, el);
                Ok(())
            }))
            .append_document_content_handler(doc_text!(move |chunk| {
                let mut state = on_text.borrow_mut();
                if state.ignored() || !matches!(chunk.text_type(), TextType::Data) {
                    return Ok(());
                }
                let text = html_escape::decode_html_entities(chunk.as_str());
                state.push_text(&text);
                Ok(())
            }));
        let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
        rewriter.write(html.as_bytes()).map_err(|e| e.to_string())?;
        rewriter.end().map_err(|e| e.to_string())?;
    }
    let state = Rc::try_unwrap(state)
        .map_err(|_| "the page's parser was not finished".to_owned())?
        .into_inner();
    let mut digest = state.digest;
    let trimmed = digest.text.trim_end().len();
    digest.text.truncate(trimmed);
    Ok(digest)
}

/// An element starts: its frame is pushed, and popped again at its end tag.
fn open(state: &Rc<RefCell<State>>, el: &mut Element) {
    let name = el.tag_name();
    let mut s = state.borrow_mut();
    let excluded = std::mem::take(&mut s.excluded);
    let parent_body = s.frames.last().is_some_and(|f| f.body);
    let parent_ignored = s.frames.last().is_some_and(|f| f.ignored);
    let body = parent_body || el.has_attribute("data-pagefind-body");
    let inside = body && !parent_ignored;
    if inside {
        for filter in attribute_list(el, "data-pagefind-filter") {
            if let Some((name, value)) = filter.split_once(':') {
                add_filter(&mut s.digest, name, value);
            }
        }
        for meta in attribute_list(el, "data-pagefind-meta") {
            if let Some((key, value)) = meta.split_once(':') {
                s.digest.meta.insert(key.trim().to_owned(), value.trim().to_owned());
            } else if let Some((key, attribute)) = meta.strip_suffix(']').and_then(|m| m.split_once('['))
                && let Some(value) = el.get_attribute(attribute.trim())
            {
                s.digest.meta.insert(key.trim().to_owned(), value);
            }
        }
        if name == "img"
            && !s.digest.meta.contains_key("image")
            && s.has_title
            && let Some(src) = el.get_attribute("src")
        {
            s.digest.meta.insert("image".into(), src);
            let alt = el.get_attribute("alt").unwrap_or_default();
            s.digest.meta.insert("image_alt".into(), alt);
        }
    }
    if !el.can_have_content() {
        if inside && !parent_ignored && matches!(name.as_str(), "br" | "hr" | "img" | "input" | "wbr") {
            s.space();
        }
        return;
    }
    let block = BLOCKS.contains(&name.as_str());
    let ignored =
        parent_ignored || excluded || REMOVED.contains(&name.as_str()) || el.has_attribute("data-pagefind-ignore");
    let weight = el
        .get_attribute("data-pagefind-weight")
        .and_then(|w| w.trim().parse::<f32>().ok())
        .map(|w| (w.clamp(0.0, 10.0) * f32::from(BODY_WEIGHT)) as u8)
        .or_else(|| {
            // A heading's own weight, unless it sits inside text given a weight of its own.
            let inherited = s.frames.last().map_or(BODY_WEIGHT, |f| f.weight);
            let level = name
                .strip_prefix('h')
                .and_then(|l| l.parse::<u8>().ok())
                .filter(|l| (1..=6).contains(l));
            match level {
                Some(level) if inherited == BODY_WEIGHT => Some((8 - level) * BODY_WEIGHT),
                _ => None,
            }
        })
        .unwrap_or_else(|| s.frames.last().map_or(BODY_WEIGHT, |f| f.weight));
    let title = inside && !ignored && name == "h1" && !s.has_title;
    let (text_filters, text_meta) = if inside && !ignored {
        (
            attribute_list(el, "data-pagefind-filter")
                .into_iter()
                .filter(|f| !f.contains(':'))
                .collect(),
            attribute_list(el, "data-pagefind-meta")
                .into_iter()
                .filter(|m| !m.contains(':') && !m.contains('['))
                .collect(),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    if block && inside && !ignored {
        s.space();
    }
    s.next_id += 1;
    let id = s.next_id;
    let start = s.digest.text.len();
    s.frames.push(Frame {
        id,
        ignored,
        body,
        block,
        weight,
        start,
        text_filters,
        text_meta,
        title,
    });
    drop(s);
    let state = Rc::clone(state);
    if let Some(handlers) = el.end_tag_handlers() {
        handlers.push(Box::new(move |_end| {
            close(&state, id);
            Ok(())
        }));
    }
}

/// An element ends: its frame, and those of elements inside it whose end tags were left out,
/// are popped.
fn close(state: &Rc<RefCell<State>>, id: u64) {
    let mut s = state.borrow_mut();
    let Some(at) = s.frames.iter().rposition(|f| f.id == id) else {
        return;
    };
    while s.frames.len() > at {
        let Some(frame) = s.frames.pop() else { break };
        if frame.ignored || !frame.body {
            continue;
        }
        let own = s
            .digest
            .text
            .get(frame.start..)
            .map(normalize_space)
            .unwrap_or_default();
        if frame.title && !own.is_empty() {
            s.has_title = true;
            s.digest.meta.entry("title".into()).or_insert_with(|| own.clone());
        }
        for filter in &frame.text_filters {
            add_filter(&mut s.digest, filter, &own);
        }
        for key in &frame.text_meta {
            s.digest.meta.insert(key.clone(), own.clone());
        }
        if frame.block {
            s.end_sentence();
        }
        // The weight of what follows is its parent's again.
        let weight = s.weight();
        let len = s.digest.text.len();
        if s.digest.weight_at(len) != weight {
            s.digest.weights.push((len, weight));
        }
    }
}

fn add_filter(digest: &mut Digest, name: &str, value: &str) {
    let (name, value) = (name.trim(), value.trim());
    if name.is_empty() || value.is_empty() {
        return;
    }
    let values = digest.filters.entry(name.to_owned()).or_default();
    if !values.iter().any(|v| v == value) {
        values.push(value.to_owned());
    }
}

/// The comma-separated entries of an attribute.
fn attribute_list(el: &Element, name: &str) -> Vec<String> {
    el.get_attribute(name)
        .map(|v| {
            v.split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// Runs of white space as one space, trimmed.
pub fn normalize_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(inner: &str) -> String {
        format!("<html lang=\"en\"><body><main data-pagefind-body>{inner}</main></body></html>")
    }

    #[test]
    fn blocks_end_sentences_in_their_language() {
        let d = digest(
            &body("<h1>节约用水</h1><p>随手关<b>水龙头</b></p><p>Turn it off</p><p>Done.</p>"),
            "",
        )
        .unwrap();
        assert_eq!(d.text, "节约用水。 随手关水龙头。 Turn it off. Done.");
        assert_eq!(d.meta["title"], "节约用水");
    }

    #[test]
    fn headings_weigh_more_and_the_weight_ends_with_them() {
        let d = digest(&body("<h1>Title</h1><p>body</p><h3>Sub</h3><p>more</p>"), "").unwrap();
        let at = |w: &str| d.weight_at(d.text.find(w).unwrap());
        assert_eq!(at("Title"), 7 * BODY_WEIGHT);
        assert_eq!(at("body"), BODY_WEIGHT);
        assert_eq!(at("Sub"), 5 * BODY_WEIGHT);
        assert_eq!(at("more"), BODY_WEIGHT);
    }

    #[test]
    fn what_is_not_content_is_left_out() {
        let page = "<html lang=\"en\"><body><nav>menu</nav><main data-pagefind-body data-pagefind-filter=\"kind:content\">\
                    <p class=\"eyebrow\">Tip</p><p>kept &amp; decoded &lt;b&gt;</p><script>var x = 1;</script>\
                    <div data-pagefind-ignore><p>hidden</p></div><form><p>a form</p></form><ul class=\"cards\"><li>other page</li></ul>\
                    <p>end</p></main><footer>footer</footer></body></html>";
        let d = digest(page, ".cards, .eyebrow").unwrap();
        assert_eq!(d.text, "kept & decoded <b> end.");
        assert_eq!(d.filters["kind"], ["content"]);
    }

    #[test]
    fn text_outside_the_marked_content_is_not_read() {
        let d = digest(
            "<html><body><p>outside</p><div data-pagefind-body><p>inside</p></div><p>after</p></body></html>",
            "",
        )
        .unwrap();
        assert_eq!(d.text, "inside.");
    }

    #[test]
    fn metadata_and_filters_from_attributes_and_text() {
        let d = digest(
            &body(
                "<h1>Name</h1><img src=\"/a.png\" alt=\"A\"><span data-pagefind-filter=\"topic\">water</span>\
                 <p data-pagefind-meta=\"summary\">Short</p><i data-pagefind-meta=\"lead:Office\"></i>",
            ),
            "",
        )
        .unwrap();
        assert_eq!(d.meta["image"], "/a.png");
        assert_eq!(d.meta["image_alt"], "A");
        assert_eq!(d.meta["summary"], "Short");
        assert_eq!(d.meta["lead"], "Office");
        assert_eq!(d.filters["topic"], ["water"]);
    }
}
