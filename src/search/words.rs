//! A page's words, as the search client looks them up: each word normalised (lower case, letters
//! and digits only, accents taken off) and stemmed in the page's language (Pagefind's Snowball
//! stemmers, the ones its WebAssembly applies to a query), with the position of each
//! occurrence and its weight.
//!
//! Chinese, Japanese and Thai have no spaces between words: their text is split into dictionary
//! words by ICU4X's segmenter, which agrees with the browser's `Intl.Segmenter` that splits the
//! query. So that a query the two segment differently still matches, every pair of adjacent
//! characters is indexed too (as part of a word, at a lower weight). A language that is neither
//! stemmed nor segmented (Uyghur) is split the same way: its own words at their spaces, and the
//! Chinese of a page not yet translated into it into words.

use super::extract::{Digest, normalize_space};
use pagefind_stem::{Algorithm, Stemmer};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// The zero-width space that separates words in a segmented page's stored text (the client
/// splits excerpts at it).
const WORD_BREAK: char = '\u{200B}';
/// The weight the client assumes before the first weight marker of a page's locations.
const DEFAULT_ENCODED_WEIGHT: u8 = 25;

/// One page's words, ready for the index, kept compact (a 10,000-page site holds millions of
/// them): the words one after the other in one string, their locations one after the other
/// in one list of bytes, each word's already encoded as the index stores it (CBOR), so that a
/// chunk of the index is made by copying them.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Words {
    pub word_count: u32,
    /// The indexed words, in order, one after the other.
    text: String,
    /// For each word, where it ends in `text` and where its locations end in `locations`.
    ends: Vec<(u32, u32)>,
    /// Each word's locations, encoded as the index stores them (a CBOR array).
    locations: Vec<u8>,
    /// The words of the title, with their positions in it, in order.
    pub title_words: Vec<(String, Vec<u32>)>,
}

impl Words {
    /// The page's words with their locations (CBOR), in order.
    #[cfg(test)]
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        (0..self.ends.len()).map(|i| self.get(i))
    }

    /// The `i`-th word and its locations (CBOR).
    #[cfg(test)]
    pub fn get(&self, i: usize) -> (&str, &[u8]) {
        let (text_start, locations_start) = if i == 0 { (0, 0) } else { self.ends[i - 1] };
        let (text_end, locations_end) = self.ends[i];
        (
            &self.text[text_start as usize..text_end as usize],
            &self.locations[locations_start as usize..locations_end as usize],
        )
    }

    /// Whether every word and its locations lie where the lists say (a cache read back from the
    /// disk may have been damaged): a reading that is not is read again rather than trusted.
    pub fn is_consistent(&self) -> bool {
        let mut previous = (0u32, 0u32);
        self.ends.iter().all(|&(text_end, locations_end)| {
            let ok = text_end >= previous.0
                && locations_end >= previous.1
                && (text_end as usize) <= self.text.len()
                && (locations_end as usize) <= self.locations.len()
                && self.text.is_char_boundary(text_end as usize);
            previous = (text_end, locations_end);
            ok
        })
    }

    /// The page's words with where their locations are in [`Words::locations`], in order,
    /// without touching the locations themselves.
    pub fn spans(&self) -> impl Iterator<Item = (&str, u32, u32)> {
        let mut previous = (0u32, 0u32);
        self.ends.iter().map(move |&(text_end, locations_end)| {
            let (text_start, locations_start) = std::mem::replace(&mut previous, (text_end, locations_end));
            (
                &self.text[text_start as usize..text_end as usize],
                locations_start,
                locations_end,
            )
        })
    }

    /// The locations (CBOR) from byte `start` to byte `end`, as [`Words::spans`] gives them.
    pub fn locations(&self, start: u32, end: u32) -> &[u8] {
        &self.locations[start as usize..end as usize]
    }

    /// The positions of a word in the title.
    pub fn in_title(&self, word: &str) -> Option<&[u32]> {
        self.title_words
            .binary_search_by(|(w, _)| w.as_str().cmp(word))
            .ok()
            .map(|i| self.title_words[i].1.as_slice())
    }
}

/// How a language is indexed.
pub struct Language {
    stemmer: Option<Stemmer>,
    segmented: bool,
}

impl Language {
    pub fn of(lang: &str) -> Language {
        let primary = lang.split('-').next().unwrap_or(lang).to_ascii_lowercase();
        let stemmer = stemmer(&primary);
        let pagefind_known = matches!(primary.as_str(), "zh" | "ja" | "th" | "") || stemmer.is_some();
        Language {
            segmented: matches!(primary.as_str(), "zh" | "ja" | "th") || !pagefind_known,
            stemmer: stemmer.map(Stemmer::create),
        }
    }

    /// The words of a digest, and the text the client makes excerpts from (its words as the
    /// positions count them).
    pub fn words(&self, digest: &Digest) -> (String, Words) {
        let mut content = String::with_capacity(digest.text.len() + digest.text.len() / 4);
        let mut found: HashMap<String, Vec<(u32, u8)>> = HashMap::new();
        let mut position: u32 = 0;
        fn add(found: &mut HashMap<String, Vec<(u32, u8)>>, word: &str, weight: u8, at: u32) {
            match found.get_mut(word) {
                Some(locations) => locations.push((at, weight)),
                None => {
                    found.insert(word.to_owned(), vec![(at, weight)]);
                }
            }
        }
        let text = &digest.text;
        for (start, chunk) in chunks(text) {
            let weight = digest.weight_at(start);
            if self.segmented {
                let segments: Vec<&str> = segment(chunk).collect();
                let mut previous: Option<&str> = None;
                for (i, segment) in segments.iter().enumerate() {
                    let last = i + 1 == segments.len();
                    content.push_str(segment);
                    // Where a piece of text ends, a space, unless it ends in Chinese or
                    // Japanese (whose sentences run on without one: "滤网。滤网积满灰尘").
                    if last && !segment.chars().next_back().is_some_and(is_cjk_or_its_punctuation) {
                        content.push(' ');
                    }
                    content.push(WORD_BREAK);
                    let parts = self.indexable(segment);
                    let whole = parts.0;
                    let mut bigrams = bigrams(segment, previous);
                    bigrams.retain(|(pair, _)| Some(pair) != whole.as_ref() && !parts.1.contains(pair));
                    let compound = parts.1.len() + bigrams.len();
                    let partial = partial_weight(weight, compound);
                    if let Some(word) = whole {
                        add(&mut found, &word, weight, position);
                    }
                    for part in parts.1 {
                        add(&mut found, &part, partial, position);
                    }
                    for (bigram, across) in bigrams {
                        let at = if across { position.saturating_sub(1) } else { position };
                        let stemmed = self.stem(&bigram);
                        if !found.get(&stemmed).is_some_and(|p| p.iter().any(|(a, _)| *a == at)) {
                            add(&mut found, &stemmed, partial, at);
                        }
                    }
                    previous = segment.graphemes(true).next_back();
                    position += 1;
                }
            } else {
                content.push_str(chunk);
                content.push(' ');
                let (whole, parts) = self.indexable(chunk);
                let partial = partial_weight(weight, parts.len());
                if let Some(word) = whole {
                    add(&mut found, &word, weight, position);
                }
                for part in parts {
                    add(&mut found, &part, partial, position);
                }
                position += 1;
            }
        }
        while content.ends_with(WORD_BREAK) || content.ends_with(' ') {
            content.pop();
        }
        let mut found: Vec<(String, Vec<(u32, u8)>)> = found.into_iter().collect();
        found.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut words = Words::default();
        for (word, mut locations) in found {
            locations.dedup();
            words.text.push_str(&word);
            // Writing to memory cannot fail.
            let _ = minicbor::encode(encode_locations(locations), &mut words.locations);
            words.ends.push((words.text.len() as u32, words.locations.len() as u32));
        }
        let mut title_words: Vec<(String, Vec<u32>)> = Vec::new();
        if let Some(title) = digest.meta.get("title") {
            for (i, word) in normalize_space(title).split(' ').enumerate() {
                if let (Some(word), _) = self.indexable(word) {
                    match title_words.iter_mut().find(|(w, _)| *w == word) {
                        Some((_, at)) => at.push(i as u32),
                        None => title_words.push((word, vec![i as u32])),
                    }
                }
            }
            title_words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        }
        words.word_count = position.max(1);
        words.title_words = title_words;
        (content, words)
    }

    /// The word to index for a piece of text, and the parts of a compound word (`energy-saving`
    /// is also `energy` and `saving`).
    fn indexable(&self, raw: &str) -> (Option<String>, Vec<String>) {
        let normalized = normalize(raw);
        let whole = (!normalized.is_empty()).then(|| self.stem(&normalized));
        let compound = raw.chars().any(|c| !c.is_alphanumeric()) || raw.chars().skip(1).any(char::is_uppercase);
        let mut parts = Vec::new();
        if compound {
            let spaced = split_compound(raw);
            let pieces: Vec<&str> = spaced.split_whitespace().collect();
            if pieces.len() > 1 || pieces.first().is_some_and(|p| *p != normalized) {
                for piece in pieces.into_iter().filter(|p| p.chars().count() > 1) {
                    let piece = self.stem(&normalize(piece));
                    if !piece.is_empty() && Some(&piece) != whole.as_ref() && !parts.contains(&piece) {
                        parts.push(piece);
                    }
                }
            }
        }
        (whole, parts)
    }

    fn stem(&self, word: &str) -> String {
        match &self.stemmer {
            Some(stemmer) => stemmer.stem(word).into_owned(),
            None => word.to_owned(),
        }
    }
}

/// The white-space separated pieces of a text, with where each starts.
fn chunks(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace()
        .map(move |chunk| (chunk.as_ptr() as usize - text.as_ptr() as usize, chunk))
}

/// ICU4X's dictionary words of a run of text (the browser's `Intl.Segmenter` splits the query
/// the same way). A break inside a grapheme cluster (a Thai vowel sign) is not a word break.
fn segment(input: &str) -> impl Iterator<Item = &str> {
    let segmenter = icu_segmenter::WordSegmenter::new_dictionary(Default::default());
    let mut grapheme_starts = input.grapheme_indices(true).map(|(i, _)| i).peekable();
    let mut start = 0;
    segmenter
        .segment_str(input)
        .skip(1)
        .filter(move |&end| {
            while grapheme_starts.next_if(|&g| g < end).is_some() {}
            end == input.len() || grapheme_starts.peek() == Some(&end)
        })
        .map(move |end| {
            let word = &input[start..end];
            start = end;
            word
        })
        .filter(|w| !w.is_empty())
}

/// The pairs of adjacent characters of a segmented script in a word, the first one across the
/// boundary from the previous word (marked `true`) when both sides are in such a script.
fn bigrams(word: &str, previous: Option<&str>) -> Vec<(String, bool)> {
    let mut pairs = Vec::new();
    let mut last = previous.filter(|c| is_segmented_cluster(c));
    let mut across = true;
    for cluster in word.graphemes(true) {
        if !is_segmented_cluster(cluster) {
            last = None;
            across = false;
            continue;
        }
        if let Some(before) = last {
            pairs.push((normalize(&format!("{before}{cluster}")), across));
        }
        last = Some(cluster);
        across = false;
    }
    pairs.retain(|(p, _)| p.chars().count() == 2);
    pairs
}

/// A Chinese or Japanese character, or the full-width punctuation that goes with them.
fn is_cjk_or_its_punctuation(c: char) -> bool {
    super::extract::is_cjk(c) || matches!(u32::from(c), 0x3000..=0x303F | 0xFF00..=0xFF65)
}

fn is_segmented_cluster(cluster: &str) -> bool {
    matches!(
        cluster.chars().next().map(u32::from),
        Some(
            0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xF900..=0xFAFF
            | 0x20000..=0x2FA1F
            | 0x30000..=0x323AF
            | 0x3041..=0x30FF
            | 0x31F0..=0x31FF
            | 0xFF66..=0xFF9F
            | 0x0E00..=0x0EFF
            | 0x1000..=0x109F
            | 0x1780..=0x17FF,
        )
    )
}

/// A word as the client normalises a query: letters and digits only, in lower case, without
/// accents (the query is normalised the same way).
fn normalize(raw: &str) -> String {
    let kept: String = raw
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    if kept.is_ascii() {
        return kept;
    }
    let stripped: String = kept
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c) || matches!(*c, '\u{3099}' | '\u{309A}'))
        .collect();
    if stripped.chars().any(|c| matches!(c, '\u{3099}' | '\u{309A}')) {
        stripped.nfc().collect()
    } else {
        stripped
    }
}

/// A compound word's parts, separated by spaces: at punctuation and where a lower-case letter
/// meets an upper-case one (`camelCase`).
fn split_compound(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 4);
    let mut previous_lower = false;
    for c in raw.chars() {
        if !c.is_alphanumeric() {
            out.push(' ');
            previous_lower = false;
            continue;
        }
        if c.is_uppercase() && previous_lower {
            out.push(' ');
        }
        previous_lower = c.is_lowercase();
        out.push(c);
    }
    out
}

fn partial_weight(weight: u8, parts: usize) -> u8 {
    if parts == 0 || weight == 0 {
        return 0;
    }
    (weight / u8::try_from(parts).unwrap_or(u8::MAX)).max(1)
}

/// A word's locations on a page as the index stores them: the positions of each weight in
/// order, each after the one before (a delta), a negative number starting a new weight
/// (`-(weight + 1)`, then the position itself).
fn encode_locations(mut locations: Vec<(u32, u8)>) -> Vec<i32> {
    locations.sort_unstable_by_key(|&(at, weight)| (if weight == DEFAULT_ENCODED_WEIGHT { 0 } else { weight }, at));
    let mut current = DEFAULT_ENCODED_WEIGHT;
    let mut last = 0u32;
    let mut encoded = Vec::with_capacity(locations.len() + 2);
    for (at, weight) in locations {
        if weight != current {
            encoded.push(-i32::from(weight) - 1);
            encoded.push(at as i32);
            current = weight;
        } else {
            encoded.push((at - last) as i32);
        }
        last = at;
    }
    encoded
}

/// Pagefind's stemmer for a language, if it has one.
fn stemmer(primary: &str) -> Option<Algorithm> {
    Some(match primary {
        "ar" => Algorithm::Arabic,
        "hy" => Algorithm::Armenian,
        "eu" => Algorithm::Basque,
        "ca" => Algorithm::Catalan,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "eo" => Algorithm::Esperanto,
        "et" => Algorithm::Estonian,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hi" => Algorithm::Hindi,
        "hu" => Algorithm::Hungarian,
        "id" => Algorithm::Indonesian,
        "ga" => Algorithm::Irish,
        "it" => Algorithm::Italian,
        "lt" => Algorithm::Lithuanian,
        "nb" | "nn" | "no" => Algorithm::Norwegian,
        "ne" => Algorithm::Nepali,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "sr" => Algorithm::Serbian,
        "pl" => Algorithm::Polish,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        "yi" => Algorithm::Yiddish,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::extract::digest;

    fn words_of(lang: &str, html: &str) -> (String, Words) {
        let page = format!("<html lang=\"{lang}\"><body><main data-pagefind-body>{html}</main></body></html>");
        Language::of(lang).words(&digest(&page, "").unwrap())
    }

    fn has((_, words): &(String, Words), word: &str) -> bool {
        words.iter().any(|(w, _)| w == word)
    }

    #[test]
    fn chinese_is_split_into_dictionary_words_and_pairs() {
        let w = words_of("zh-Hans", "<p>夏季空调温度设在26℃以上</p>");
        assert!(w.0.starts_with("夏季\u{200b}空调\u{200b}温度"), "{:?}", w.0);
        // No space after a Chinese sentence, as there is none in the text.
        let two = words_of("zh-Hans", "<p>关灯。</p><p>节水。</p><p>LED</p><p>灯</p>");
        assert_eq!(two.0.replace('\u{200b}', ""), "关灯。节水。LED. 灯。", "{:?}", two.0);
        for word in ["空调", "温度", "调温"] {
            assert!(has(&w, word), "{word} in {:?}", w.1);
        }
        // The pair across two words is indexed where it starts, so an excerpt marks it there.
        let locations_of = |word: &str| w.1.iter().find(|(x, _)| *x == word).map(|(_, l)| l.to_vec()).unwrap();
        assert_eq!(locations_of("调温"), locations_of("空调"));
    }

    #[test]
    fn english_is_stemmed_and_compounds_are_split() {
        let w = words_of("en", "<h1>Energy-saving showers</h1><p>Switching off</p>");
        for word in ["energysav", "energi", "save", "shower", "switch", "off"] {
            assert!(has(&w, word), "{word} in {:?}", w.1);
        }
        assert_eq!(w.0, "Energy-saving showers. Switching off.");
        assert_eq!(w.1.word_count, 4);
        assert_eq!(
            w.1.title_words.iter().map(|(w, _)| w.as_str()).collect::<Vec<_>>(),
            ["energysav", "shower"]
        );
    }

    #[test]
    fn locations_carry_their_weights() {
        assert_eq!(encode_locations(vec![(0, 168), (5, 24), (9, 24)]), [-25, 5, 4, -169, 0]);
        assert_eq!(encode_locations(vec![(3, 25), (7, 25)]), [3, 4]);
    }
}
