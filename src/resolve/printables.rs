//! Which printables the site has and where they live: for every campaign and language, an A4
//! and an A3 poster and a sheet of tip cards. Planned once with the site model; pages link to
//! them, the printables output writes them and `pdf` prints them.

use crate::content::PageKind;
use crate::resolve::{Site, urls};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    PosterA4,
    PosterA3,
    Cards,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::PosterA4, Format::PosterA3, Format::Cards];

    pub fn suffix(self) -> &'static str {
        match self {
            Format::PosterA4 => "poster-a4",
            Format::PosterA3 => "poster-a3",
            Format::Cards => "tip-cards",
        }
    }

    /// The sheet, as CSS and print shops name it.
    pub fn paper(self) -> &'static str {
        match self {
            Format::PosterA3 => "a3",
            _ => "a4",
        }
    }

    /// The sheet's size in PDF points (1/72 inch).
    pub fn size_points(self) -> (f64, f64) {
        match self {
            Format::PosterA3 => (841.89, 1190.55),
            _ => (595.28, 841.89),
        }
    }

    /// The UI string that names the format.
    pub fn label_key(self) -> &'static str {
        match self {
            Format::PosterA4 => "poster_a4",
            Format::PosterA3 => "poster_a3",
            Format::Cards => "tip_cards",
        }
    }
}

/// One printable: a campaign in a language in a format.
#[derive(Debug, Clone)]
pub struct Printable {
    pub campaign: usize,
    pub lang: String,
    pub format: Format,
    /// Site-relative URL of the HTML page.
    pub url: String,
}

impl Printable {
    pub fn pdf_url(&self) -> String {
        self.url.trim_end_matches(".html").to_owned() + ".pdf"
    }

    pub fn html_path(&self) -> std::path::PathBuf {
        urls::output_path(&self.url)
    }

    pub fn pdf_path(&self) -> std::path::PathBuf {
        urls::output_path(&self.pdf_url())
    }
}

/// Every printable of the site: each campaign page, in each of its languages, in each format.
pub fn plan(site: &Site) -> Vec<Printable> {
    let mut campaigns: Vec<usize> = (0..site.pages.len())
        // A campaign shown from another language has the printables of that language.
        .filter(|&i| site.pages[i].kind == PageKind::Campaign && site.pages[i].is_translated())
        .collect();
    campaigns.sort_by(|&a, &b| {
        let (pa, pb) = (&site.pages[a], &site.pages[b]);
        pa.lang
            .cmp(&pb.lang)
            .then_with(|| crate::resolve::display_order(pa, pb))
    });
    let mut list = Vec::new();
    for index in campaigns {
        let page = &site.pages[index];
        for format in Format::ALL {
            let file = format!("printables/{}-{}.html", page.slug, format.suffix());
            list.push(Printable {
                campaign: index,
                lang: page.lang.clone(),
                format,
                url: urls::file_url(&site.config, &page.lang, &file),
            });
        }
    }
    list
}
