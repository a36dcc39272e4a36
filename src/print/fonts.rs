//! The fonts of the printed materials: the site's own folder (`print.fonts` in site.yaml) first,
//! then the system's. Each script takes the first family of its list that is installed, so a
//! site prints the same on Linux (Noto), Windows (Microsoft YaHei, DengXian) and macOS (PingFang).

use crate::diagnostics::Diagnostic;
use std::path::PathBuf;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst_kit::fonts::{FontSlot, Fonts};

/// Latin text and figures.
const LATIN: &[&str] = &[
    "Noto Sans",
    "Source Sans 3",
    "Segoe UI",
    "Helvetica Neue",
    "Arial",
    "Liberation Sans",
    "DejaVu Sans",
];
/// Chinese.
pub const CJK: &[&str] = &[
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "Microsoft YaHei",
    "DengXian",
    "PingFang SC",
    "Hiragino Sans GB",
    "WenQuanYi Micro Hei",
];
/// Arabic script (Uyghur).
const ARABIC: &[&str] = &[
    "Noto Naskh Arabic",
    "Noto Sans Arabic",
    "Microsoft Uighur",
    "Segoe UI",
    "Geeza Pro",
    "DejaVu Sans",
];

pub struct FontSet {
    pub book: LazyHash<FontBook>,
    slots: Vec<FontSlot>,
    /// The families to ask for, in order: the site's own, then Latin, Chinese and Arabic.
    pub families: Vec<String>,
    /// Paths and sizes of the font files, so that a changed font changes the materials' keys.
    pub identity: String,
}

impl FontSet {
    pub fn font(&self, index: usize) -> Option<Font> {
        self.slots.get(index)?.get()
    }
}

/// Finds the fonts, or says which to install when no Chinese font is there.
pub fn find(site_folder: Option<PathBuf>) -> Result<FontSet, Diagnostic> {
    let dirs: Vec<PathBuf> = site_folder.iter().cloned().collect();
    let Fonts { book, fonts } = Fonts::searcher()
        .include_system_fonts(std::env::var_os("GREENPRINT_NO_SYSTEM_FONTS").is_none())
        .search_with(&dirs);
    let mut families: Vec<String> = Vec::new();
    // The site's own fonts come first, in the order their names sort.
    let mut own: Vec<String> = fonts
        .iter()
        .filter(|slot| slot.path().is_some_and(|p| dirs.iter().any(|d| p.starts_with(d))))
        .filter_map(|slot| book.info(fonts.iter().position(|s| std::ptr::eq(s, slot))?))
        .map(|info| info.family.clone())
        .collect();
    own.sort();
    own.dedup();
    families.extend(own);
    let has = |name: &str| book.contains_family(&name.to_lowercase());
    for list in [LATIN, CJK, ARABIC] {
        if let Some(name) = list.iter().find(|n| has(n)) {
            families.push((*name).to_owned());
        }
    }
    let cjk = families.iter().any(|f| {
        book.select_family(&f.to_lowercase())
            .next()
            .and_then(|i| book.info(i))
            .is_some_and(|info| info.coverage.contains('中' as u32))
    });
    if !cjk {
        return Err(Diagnostic::error("no Chinese font was found, so the posters and other printed materials cannot be made")
            .hint("install Noto Sans CJK (Debian or Ubuntu: `sudo apt install fonts-noto-cjk`; Fedora: `sudo dnf install google-noto-sans-cjk-fonts`), or put a Chinese .otf or .ttf font in a folder of the site and name the folder in site.yaml under `print:` as `fonts: FOLDER`"));
    }
    let identity = fonts
        .iter()
        .filter_map(|s| s.path())
        .filter_map(|p| Some(format!("{}:{}", p.display(), std::fs::metadata(p).ok()?.len())))
        .collect::<Vec<_>>()
        .join("\n");
    Ok(FontSet {
        book: LazyHash::new(book),
        slots: fonts,
        families,
        identity,
    })
}
