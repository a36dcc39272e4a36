//! The index of one language, in the files Pagefind's client reads (the format of Pagefind
//! 1.6, whose script and WebAssembly ship with the site):
//!
//! - `pagefind.<lang>_<hash>.pf_meta`: the pages (fragment, word count), the word chunks (the
//!   first and last word of each) and the filters;
//! - `index/<lang>_<hash>.pf_index`: the words, each with the pages it is on and where;
//! - `filter/<lang>_<hash>.pf_filter`: each filter's values and their pages;
//! - `fragment/<lang>_<hash>.pf_fragment`: a page's address, title and text, for its result.
//!
//! Each is CBOR (the first three) or JSON (fragments), gzipped after the signature
//! `pagefind_dcd`; every name is a hash of the contents, so an unchanged file keeps its name and
//! browsers keep it cached.

use super::record::Record;
use minicbor::Encode;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;

/// The version the client checks the index against.
pub const FORMAT_VERSION: &str = "1.6.0";
/// Words are cut into chunks of about this many bytes of locations (Pagefind's 20,000
/// locations): a query loads only the chunks of its words.
const CHUNK_LOCATIONS: usize = 24_000;

#[derive(Encode)]
struct MetaIndex<'a> {
    #[n(0)]
    version: &'a str,
    #[n(1)]
    pages: Vec<MetaPage<'a>>,
    #[n(2)]
    index_chunks: Vec<MetaChunk>,
    #[n(3)]
    filters: Vec<MetaFilter>,
    #[n(4)]
    sorts: Vec<MetaSort>,
    #[n(5)]
    meta_fields: Vec<String>,
}

#[derive(Encode)]
struct MetaPage<'a> {
    #[n(0)]
    hash: &'a str,
    #[n(1)]
    word_count: u32,
    #[n(2)]
    group_hash: &'a str,
}

#[derive(Encode)]
struct MetaChunk {
    #[n(0)]
    from: String,
    #[n(1)]
    to: String,
    #[n(2)]
    hash: String,
}

#[derive(Encode)]
struct MetaFilter {
    #[n(0)]
    filter: String,
    #[n(1)]
    hash: String,
}

#[derive(Encode)]
struct MetaSort {
    #[n(0)]
    sort: String,
    #[n(1)]
    pages: Vec<usize>,
}

// The word chunks are written by `encode_chunk`, which copies each page's locations as they
// were encoded when the page was read; these types, which Pagefind's own writer uses, are the
// reference a test holds it to.
#[cfg(test)]
#[derive(Encode)]
struct WordIndex<'a> {
    #[n(0)]
    words: Vec<PackedWord<'a>>,
}

#[cfg(test)]
#[derive(Encode)]
struct PackedWord<'a> {
    #[n(0)]
    word: &'a str,
    #[n(1)]
    pages: Vec<PackedPage<'a>>,
    #[n(2)]
    additional_variants: Vec<PackedVariant>,
}

#[cfg(test)]
#[derive(Encode)]
struct PackedVariant {
    #[n(0)]
    form: String,
    #[n(1)]
    pages: Vec<usize>,
}

#[cfg(test)]
#[derive(Encode)]
struct PackedPage<'a> {
    /// The page's number after the previous page's (a delta).
    #[n(0)]
    page_number: usize,
    #[n(1)]
    locs: &'a [i32],
    #[n(2)]
    meta_locs: Vec<i32>,
}

#[derive(Encode)]
struct FilterIndex<'a> {
    #[n(0)]
    filter: &'a str,
    #[n(1)]
    values: Vec<PackedValue<'a>>,
}

#[derive(Encode)]
struct PackedValue<'a> {
    #[n(0)]
    value: &'a str,
    #[n(1)]
    pages: Vec<usize>,
}

/// A file of the index: its path in the bundle and its bytes.
pub type File = (String, Vec<u8>);

/// The language's files, and the name of its metadata (which the entry file gives).
pub struct LanguageIndex {
    pub meta_hash: String,
    pub files: Vec<File>,
}

/// The index of the pages of one language, `records` in page order.
pub fn language(lang: &str, records: &[&Record]) -> Result<LanguageIndex, String> {
    let mut meta_fields: Vec<String> = records.iter().flat_map(|r| r.meta_fields.iter().cloned()).collect();
    meta_fields.sort_unstable();
    meta_fields.dedup();
    let title_field = meta_fields.iter().position(|f| f == "title");

    // Every word, with the pages it is on, in page order: twelve bytes a page a word, so that
    // the words are gathered and cut into chunks without touching their locations.
    let mut by_word: HashMap<&str, Vec<Posting>> = HashMap::new();
    for (page, record) in records.iter().enumerate() {
        let mut titles = record.words.title_words.iter().map(|(w, _)| w.as_str()).peekable();
        for (word, start, end) in record.words.spans() {
            while titles.next_if(|t| *t < word).is_some() {}
            let in_title = titles.peek() == Some(&word);
            let posting = Posting {
                page: page as u32,
                start,
                size: (end - start) | if in_title { IN_TITLE } else { 0 },
            };
            match by_word.get_mut(word) {
                Some(pages) => pages.push(posting),
                None => {
                    by_word.insert(word, vec![posting]);
                }
            }
        }
    }
    let mut words: Vec<(&str, Vec<Posting>)> = by_word.into_iter().collect();
    words.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let locations = |p: &Posting| {
        let size = p.size & !IN_TITLE;
        records[p.page as usize].words.locations(p.start, p.start + size)
    };
    let title = |word: &str, p: &Posting| {
        if p.size & IN_TITLE == 0 {
            return Vec::new();
        }
        title_field
            .and_then(|field| {
                records[p.page as usize]
                    .words
                    .in_title(word)
                    .map(|at| meta_locations(field, at))
            })
            .unwrap_or_default()
    };

    let mut files: Vec<File> = Vec::new();
    let mut names = Names::default();
    let mut chunks = Vec::new();
    let mut start = 0;
    while start < words.len() {
        let mut size = 0;
        let mut end = start;
        while end < words.len() && (size < CHUNK_LOCATIONS || end == start) {
            // A location takes about a byte.
            size += words[end]
                .1
                .iter()
                .map(|p| (p.size & !IN_TITLE) as usize)
                .sum::<usize>();
            end += 1;
        }
        chunks.push(start..end);
        start = end;
    }
    let mut index_chunks: Vec<MetaChunk> = chunks
        .iter()
        .map(|range| MetaChunk {
            from: words[range.start].0.to_owned(),
            to: words[range.end - 1].0.to_owned(),
            hash: String::new(),
        })
        .collect();
    trim_chunk_bounds(&mut index_chunks);
    let encoded: Vec<(Vec<u8>, Vec<u8>)> = {
        use rayon::prelude::*;
        chunks
            .par_iter()
            .map(|range| {
                let bytes = encode_chunk(&words[range.clone()], &locations, &title)?;
                let gzipped = gzip(&bytes)?;
                Ok::<_, String>((bytes, gzipped))
            })
            .collect::<Result<_, _>>()?
    };
    for (chunk, (bytes, gzipped)) in index_chunks.iter_mut().zip(encoded) {
        chunk.hash = names.name(lang, &bytes);
        files.push((format!("index/{}.pf_index", chunk.hash), gzipped));
    }

    // Filters: each value with the pages that have it.
    let mut filter_values: BTreeMap<&str, BTreeMap<&str, Vec<usize>>> = BTreeMap::new();
    for (page, record) in records.iter().enumerate() {
        for (filter, value) in &record.filters {
            filter_values
                .entry(filter)
                .or_default()
                .entry(value)
                .or_default()
                .push(page);
        }
    }
    let mut filters = Vec::new();
    for (filter, values) in filter_values {
        let bytes = cbor(&FilterIndex {
            filter,
            values: values
                .into_iter()
                .map(|(value, pages)| PackedValue { value, pages })
                .collect(),
        })?;
        let hash = names.name(lang, &bytes);
        files.push((format!("filter/{hash}.pf_filter"), gzip(&bytes)?));
        filters.push(MetaFilter {
            filter: filter.to_owned(),
            hash,
        });
    }

    let meta = cbor(&MetaIndex {
        version: FORMAT_VERSION,
        pages: records
            .iter()
            .map(|r| MetaPage {
                hash: &r.fragment,
                word_count: r.words.word_count,
                group_hash: "",
            })
            .collect(),
        index_chunks,
        filters,
        sorts: Vec::new(),
        meta_fields,
    })?;
    let meta_hash = names.name(lang, &meta);
    files.push((format!("pagefind.{meta_hash}.pf_meta"), gzip(&meta)?));
    Ok(LanguageIndex { meta_hash, files })
}

/// A page a word is on: the page's number, and where its locations are in that page's list.
#[derive(Clone, Copy)]
struct Posting {
    page: u32,
    start: u32,
    /// The locations' size in bytes, with [`IN_TITLE`] set when the word is in the title.
    size: u32,
}

const IN_TITLE: u32 = 1 << 31;

/// A chunk of the word index: each word with the pages it is on (the page's number after the
/// previous one's, its locations, its positions in the title), as Pagefind's `WordIndex`
/// encodes it.
fn encode_chunk<'a>(
    words: &[(&str, Vec<Posting>)],
    locations: &impl Fn(&Posting) -> &'a [u8],
    title: &impl Fn(&str, &Posting) -> Vec<i32>,
) -> Result<Vec<u8>, String> {
    let failed =
        |e: minicbor::encode::Error<std::convert::Infallible>| format!("the search index cannot be encoded: {e}");
    let mut e = minicbor::Encoder::new(Vec::with_capacity(64 * 1024));
    e.array(1).and_then(|e| e.array(words.len() as u64)).map_err(failed)?;
    for (word, pages) in words {
        e.array(3)
            .and_then(|e| e.str(word))
            .and_then(|e| e.array(pages.len() as u64))
            .map_err(failed)?;
        let mut last = 0;
        for posting in pages {
            e.array(3)
                .and_then(|e| e.u64(u64::from(posting.page - last)))
                .map_err(failed)?;
            last = posting.page;
            e.writer_mut().extend_from_slice(locations(posting));
            let meta = title(word, posting);
            e.array(meta.len() as u64).map_err(failed)?;
            for m in meta {
                e.i32(m).map_err(failed)?;
            }
        }
        // No variants: a word with accents is indexed without them.
        e.array(0).map_err(failed)?;
    }
    Ok(e.into_writer())
}

/// A title's word positions as the index stores them: the field's number (`-(field + 1)`),
/// then each position after the one before.
fn meta_locations(field: usize, positions: &[u32]) -> Vec<i32> {
    let mut out = Vec::with_capacity(positions.len() + 1);
    out.push(-(field as i32) - 1);
    let mut last = 0;
    for &at in positions {
        out.push((at - last) as i32);
        last = at;
    }
    out
}

/// Shortens the bounds between neighbouring chunks to the shortest prefixes that still tell
/// them apart (what the client compares a query word with).
fn trim_chunk_bounds(chunks: &mut [MetaChunk]) {
    for i in 1..chunks.len() {
        let (before, after) = chunks.split_at_mut(i);
        let (a, b) = (&mut before[i - 1], &mut after[0]);
        let common = b.from.chars().zip(a.to.chars()).take_while(|(x, y)| x == y).count();
        let a_prefix: String = a.to.chars().take(common + 1).collect();
        let b_prefix: String = b.from.chars().take(common + 1).collect();
        if a_prefix >= a.from {
            a.to = a_prefix;
        }
        b.from = b_prefix;
    }
}

/// The names given so far, so that two files never share one.
#[derive(Default)]
pub struct Names(std::collections::HashSet<String>);

impl Names {
    /// `<lang>_<hash>`: ten hexadecimal digits of the contents' hash, more if they are taken.
    pub fn name(&mut self, lang: &str, bytes: &[u8]) -> String {
        let hash = blake3::hash(bytes).to_hex();
        let mut length = 10;
        loop {
            let name = format!("{lang}_{}", &hash[..length]);
            if length == hash.len() || self.0.insert(name.clone()) {
                return name;
            }
            length += 1;
        }
    }
}

fn cbor<T: Encode<()>>(value: &T) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::with_capacity(64 * 1024);
    minicbor::encode(value, &mut bytes).map_err(|e| format!("the search index cannot be encoded: {e}"))?;
    Ok(bytes)
}

/// The bytes as the client reads them: gzipped, after Pagefind's signature. Level 3: on the
/// 10,000-page corpus the index is 9 % larger than at the default level 6 and made in half the
/// time, which is what a rebuild after an edit waits for.
pub fn gzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut gz = flate2::write::GzEncoder::new(Vec::with_capacity(bytes.len() / 3), flate2::Compression::new(3));
    gz.write_all(b"pagefind_dcd")
        .and_then(|()| gz.write_all(bytes))
        .map_err(|e| e.to_string())?;
    gz.finish().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbouring_chunks_are_told_apart_by_their_shortest_prefixes() {
        let chunk = |from: &str, to: &str| MetaChunk {
            from: from.into(),
            to: to.into(),
            hash: String::new(),
        };
        let mut chunks = vec![
            chunk("apple", "apple"),
            chunk("apricot", "banana"),
            chunk("peach", "peach"),
        ];
        trim_chunk_bounds(&mut chunks);
        let bounds: Vec<(&str, &str)> = chunks.iter().map(|c| (c.from.as_str(), c.to.as_str())).collect();
        assert_eq!(bounds, [("apple", "apple"), ("apr", "b"), ("p", "peach")]);
    }

    /// The chunks are written by hand, from locations encoded when each page was read; they are
    /// byte for byte what Pagefind's types encode.
    #[test]
    fn a_chunk_is_encoded_as_pagefinds_word_index() {
        let locs: Vec<Vec<i32>> = vec![vec![-25, 5, 4, -169, 0], vec![3], vec![1, 300, 70_000]];
        let raw: Vec<Vec<u8>> = locs.iter().map(|l| minicbor::to_vec(l).unwrap()).collect();
        let posting = |page, start| Posting { page, start, size: 0 };
        let words = vec![
            ("shower", vec![posting(0, 0), posting(3, 1)]),
            ("sink", vec![posting(2, 2)]),
        ];
        let locations = |p: &Posting| raw[p.start as usize].as_slice();
        let title = |word: &str, p: &Posting| {
            if word == "sink" && p.page == 2 {
                vec![-1, 0]
            } else {
                vec![]
            }
        };
        let manual = encode_chunk(&words, &locations, &title).unwrap();
        let reference = minicbor::to_vec(WordIndex {
            words: vec![
                PackedWord {
                    word: "shower",
                    pages: vec![
                        PackedPage {
                            page_number: 0,
                            locs: &locs[0],
                            meta_locs: vec![],
                        },
                        PackedPage {
                            page_number: 3,
                            locs: &locs[1],
                            meta_locs: vec![],
                        },
                    ],
                    additional_variants: vec![],
                },
                PackedWord {
                    word: "sink",
                    pages: vec![PackedPage {
                        page_number: 2,
                        locs: &locs[2],
                        meta_locs: vec![-1, 0],
                    }],
                    additional_variants: vec![],
                },
            ],
        })
        .unwrap();
        assert_eq!(manual, reference);
    }

    #[test]
    fn names_follow_the_contents() {
        let mut names = Names::default();
        let a = names.name("en", b"one");
        assert_eq!(a.len(), "en_".len() + 10);
        assert_ne!(a, names.name("en", b"two"));
        // The same contents twice get two names (a file is written once under each).
        let again = names.name("en", b"one");
        assert!(again.starts_with(&a) && again.len() == a.len() + 1, "{again}");
    }
}
