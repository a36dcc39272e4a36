//! What was read from each page at the last build, kept in one file beside the output
//! (`.public.search-cache`), under the hash of the page's indexed HTML. A rebuild reuses the
//! reading of every page whose hash it finds, so that after an edit only the edited pages are
//! read again. The file is a cache: when it is missing, unreadable or of another version, every
//! page is read, and nothing else changes.

use super::record::Record;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::Path;

/// Changes with the layout of the file.
const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct CacheFile<R> {
    version: u32,
    greenprint: String,
    pages: Vec<([u8; 32], R)>,
}

/// The readings of the last build, by page hash; empty when there are none to trust.
pub fn load(path: &Path) -> HashMap<[u8; 32], Record> {
    let Ok(bytes) = std::fs::read(path) else {
        return HashMap::new();
    };
    match postcard::from_bytes::<CacheFile<Record>>(&bytes) {
        Ok(file) if file.version == VERSION && file.greenprint == env!("CARGO_PKG_VERSION") => file
            .pages
            .into_iter()
            .filter(|(_, record)| record.words.is_consistent())
            .collect(),
        _ => HashMap::new(),
    }
}

/// Replaces the file with this build's readings, in one step (written beside it, then renamed
/// over it), so that an interrupted build leaves the old file or the new one.
pub fn save(path: &Path, pages: &BTreeMap<[u8; 32], &Record>) -> std::io::Result<()> {
    let file = CacheFile {
        version: VERSION,
        greenprint: env!("CARGO_PKG_VERSION").to_owned(),
        pages: pages.iter().map(|(key, record)| (*key, *record)).collect(),
    };
    let bytes = postcard::to_stdvec(&file).map_err(std::io::Error::other)?;
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temporary = tempfile::NamedTempFile::new_in(folder)?;
    temporary.write_all(&bytes)?;
    temporary.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_reading_is_loaded_again_and_a_damaged_file_is_ignored() {
        let folder = tempfile::tempdir().expect("a folder");
        let path = folder.path().join(".public.search-cache");
        let record = Record {
            url: "/a/".into(),
            lang: "en".into(),
            fragment: "en_0123456789ab".into(),
            filters: vec![("kind".into(), "content".into())],
            meta_fields: vec!["title".into()],
            words: crate::search::words::Language::of("en")
                .words(
                    &crate::search::extract::digest("<main data-pagefind-body><h1>Showers</h1></main>", "")
                        .expect("read"),
                )
                .1,
        };
        let mut pages = BTreeMap::new();
        pages.insert([7u8; 32], &record);
        save(&path, &pages).expect("saved");
        let loaded = load(&path);
        assert_eq!(loaded.len(), 1);
        assert_eq!(loaded[&[7u8; 32]].words, record.words);
        std::fs::write(&path, b"not a cache").expect("written");
        assert!(load(&path).is_empty());
        // A reading whose lists point past their ends is dropped, not trusted (it would make
        // the index read out of bounds).
        let mut bytes = postcard::to_stdvec(&CacheFile {
            version: VERSION,
            greenprint: env!("CARGO_PKG_VERSION").to_owned(),
            pages: vec![([7u8; 32], &record)],
        })
        .expect("encoded");
        let stem = bytes
            .windows(6)
            .position(|w| w == b"shower")
            .expect("the word is in the file");
        // The word's length byte comes just before it: make the text shorter than its end says.
        bytes[stem - 1] = 3;
        bytes.drain(stem + 3..stem + 6);
        let damaged = postcard::from_bytes::<CacheFile<Record>>(&bytes).expect("still a cache file");
        assert!(!damaged.pages[0].1.words.is_consistent());
        std::fs::write(&path, &bytes).expect("written");
        assert!(load(&path).is_empty(), "a damaged reading is not loaded");
    }
}
