//! What the index keeps of each page between builds.

use super::words::Words;
use serde::{Deserialize, Serialize};

/// What the index keeps of a page: enough to index it again without reading it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    pub url: String,
    /// The language of its index: its `<html lang>`, lower-cased.
    pub lang: String,
    /// The name of its result file (`fragment/<name>.pf_fragment`).
    pub fragment: String,
    pub filters: Vec<(String, String)>,
    /// The names of its metadata (`title`, `image` …).
    pub meta_fields: Vec<String>,
    pub words: Words,
}
