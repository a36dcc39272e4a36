//! The Typst world of one material: its design (and the shared `lib.typ`), its data as
//! `data.json`, and the fonts found once for the whole build.

use super::fonts::FontSet;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, Source, VirtualPath};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

/// The designs, one per material, compiled into the binary.
pub const DESIGNS: [(&str, &str); 9] = [
    ("lib.typ", include_str!("designs/lib.typ")),
    ("poster.typ", include_str!("designs/poster.typ")),
    ("banner.typ", include_str!("designs/banner.typ")),
    ("sign.typ", include_str!("designs/sign.typ")),
    ("stickers.typ", include_str!("designs/stickers.typ")),
    ("cards.typ", include_str!("designs/cards.typ")),
    ("leaflet.typ", include_str!("designs/leaflet.typ")),
    ("wallchart.typ", include_str!("designs/wallchart.typ")),
    ("share.typ", include_str!("designs/share.typ")),
];

/// The parsed designs, shared by every material of a build.
pub struct Designs {
    sources: Vec<Source>,
}

impl Designs {
    pub fn new() -> Designs {
        Designs {
            sources: DESIGNS
                .iter()
                .map(|(name, text)| Source::new(FileId::new(None, VirtualPath::new(name)), (*text).to_owned()))
                .collect(),
        }
    }

    pub fn get(&self, name: &str) -> Option<&Source> {
        self.sources
            .iter()
            .find(|s| s.id().vpath().as_rootless_path().to_str() == Some(name))
    }
}

impl Default for Designs {
    fn default() -> Self {
        Designs::new()
    }
}

pub struct MaterialWorld<'a> {
    pub library: &'a LazyHash<Library>,
    pub fonts: &'a FontSet,
    pub designs: &'a Designs,
    pub main: FileId,
    pub data: Bytes,
}

impl World for MaterialWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        let path = id.vpath().as_rootless_path();
        path.to_str()
            .and_then(|name| self.designs.get(name))
            .cloned()
            .ok_or_else(|| FileError::NotFound(path.to_path_buf()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let path = id.vpath().as_rootless_path();
        if path.to_str() == Some("data.json") {
            Ok(self.data.clone())
        } else {
            Err(FileError::NotFound(path.to_path_buf()))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    /// Materials carry no date of their own, so that the same content makes the same file.
    fn today(&self, _offset: Option<i64>) -> Option<Datetime> {
        None
    }
}
