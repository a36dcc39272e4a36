//! Which printed materials the site has and where they live: for every campaign and language a
//! poster in A3 and A4, a banner, a sign, a sheet of stickers, a sheet of tip cards and a leaflet,
//! each for a print shop (with bleed and crop marks) and, where it is A4, for the office printer;
//! per language a wall chart of the tip library; per campaign two share images. Planned once with
//! the site model; pages link to them and the printables output makes them.

use crate::content::PageKind;
use crate::resolve::{Site, urls};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    PosterA3,
    PosterA4,
    Banner,
    Sign,
    Stickers,
    TipCards,
    Leaflet,
    /// The tip library on one A2 sheet, per language (not per campaign).
    WallChart,
    /// 1200 × 630 pixels, for link previews (`og:image`).
    ShareLink,
    /// 1080 × 1920 pixels with the QR code, for WeChat Moments.
    ShareMoments,
}

impl Kind {
    /// The materials of a campaign, in the order the printables page lists them.
    pub const CAMPAIGN: [Kind; 9] = [
        Kind::PosterA3,
        Kind::PosterA4,
        Kind::Banner,
        Kind::Sign,
        Kind::Stickers,
        Kind::TipCards,
        Kind::Leaflet,
        Kind::ShareLink,
        Kind::ShareMoments,
    ];

    /// The end of the file name: `<campaign>-<suffix>.pdf`.
    pub fn suffix(self) -> &'static str {
        match self {
            Kind::PosterA3 => "poster-a3",
            Kind::PosterA4 => "poster-a4",
            Kind::Banner => "banner",
            Kind::Sign => "sign",
            Kind::Stickers => "stickers",
            Kind::TipCards => "tip-cards",
            Kind::Leaflet => "leaflet",
            Kind::WallChart => "wall-chart-a2",
            Kind::ShareLink => "share",
            Kind::ShareMoments => "moments",
        }
    }

    /// The design that lays it out (in src/print/designs).
    pub fn design(self) -> &'static str {
        match self {
            Kind::PosterA3 | Kind::PosterA4 => "poster.typ",
            Kind::Banner => "banner.typ",
            Kind::Sign => "sign.typ",
            Kind::Stickers => "stickers.typ",
            Kind::TipCards => "cards.typ",
            Kind::Leaflet => "leaflet.typ",
            Kind::WallChart => "wallchart.typ",
            Kind::ShareLink | Kind::ShareMoments => "share.typ",
        }
    }

    /// The finished (trimmed) size: millimetres for paper, pixels for share images.
    pub fn trim(self) -> (f64, f64) {
        match self {
            Kind::PosterA3 => (297.0, 420.0),
            Kind::PosterA4 | Kind::Stickers | Kind::TipCards => (210.0, 297.0),
            Kind::Banner => (3000.0, 700.0),
            Kind::Sign | Kind::Leaflet => (297.0, 210.0),
            Kind::WallChart => (420.0, 594.0),
            Kind::ShareLink => (1200.0, 630.0),
            Kind::ShareMoments => (1080.0, 1920.0),
        }
    }

    /// Share images are pictures only; everything else is printed.
    pub fn is_image(self) -> bool {
        matches!(self, Kind::ShareLink | Kind::ShareMoments)
    }

    /// A4 materials also come plain, for the office printer.
    pub fn has_office_form(self) -> bool {
        matches!(
            self,
            Kind::PosterA4 | Kind::Sign | Kind::Stickers | Kind::TipCards | Kind::Leaflet
        )
    }

    pub fn pages(self) -> usize {
        if self == Kind::Leaflet { 2 } else { 1 }
    }

    /// The UI string that names it, and the one that says what it is for.
    pub fn label_key(self) -> &'static str {
        match self {
            Kind::PosterA3 => "poster_a3",
            Kind::PosterA4 => "poster_a4",
            Kind::Banner => "banner",
            Kind::Sign => "sign",
            Kind::Stickers => "stickers",
            Kind::TipCards => "tip_cards",
            Kind::Leaflet => "leaflet",
            Kind::WallChart => "wall_chart",
            Kind::ShareLink => "share_link",
            Kind::ShareMoments => "share_moments",
        }
    }

    pub fn purpose_key(self) -> &'static str {
        match self {
            Kind::PosterA3 => "purpose_poster_a3",
            Kind::PosterA4 => "purpose_poster_a4",
            Kind::Banner => "purpose_banner",
            Kind::Sign => "purpose_sign",
            Kind::Stickers => "purpose_stickers",
            Kind::TipCards => "purpose_tip_cards",
            Kind::Leaflet => "purpose_leaflet",
            Kind::WallChart => "purpose_wall_chart",
            Kind::ShareLink => "purpose_share_link",
            Kind::ShareMoments => "purpose_share_moments",
        }
    }
}

/// One material: a campaign's (or, for the wall chart, a language's) in a language.
#[derive(Debug, Clone)]
pub struct Printable {
    /// The campaign page; `None` for the wall chart.
    pub campaign: Option<usize>,
    pub lang: String,
    pub kind: Kind,
    /// Site-relative URL of the material's page, `…/printables/<name>.html`; the files beside it
    /// share the name: `.pdf`, `-office.pdf` and `.svg` (its picture; share images are `.png`).
    pub url: String,
}

impl Printable {
    fn with(&self, end: &str) -> String {
        self.url.trim_end_matches(".html").to_owned() + end
    }

    /// The print-shop PDF (none for share images).
    pub fn pdf_url(&self) -> Option<String> {
        (!self.kind.is_image()).then(|| self.with(".pdf"))
    }

    /// The office-printer PDF.
    pub fn office_url(&self) -> Option<String> {
        self.kind.has_office_form().then(|| self.with("-office.pdf"))
    }

    /// The picture: the share image itself (PNG), or the picture of the material's first page
    /// for its web page (SVG).
    pub fn image_url(&self) -> String {
        self.image_url_of(0)
    }

    /// The picture of a page (the leaflet's inside is its second).
    pub fn image_url_of(&self, page: usize) -> String {
        let end = if self.kind.is_image() { "png" } else { "svg" };
        if page == 0 {
            self.with(&format!(".{end}"))
        } else {
            self.with(&format!("-{}.{end}", page + 1))
        }
    }

    pub fn path_of(url: &str) -> std::path::PathBuf {
        urls::output_path(url)
    }
}

/// Every material of the site: each campaign page, in each of its languages, in each kind, then
/// the wall chart of each language that has tips and the site's share image in each language.
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
        for kind in Kind::CAMPAIGN {
            let file = format!("printables/{}-{}.html", page.slug, kind.suffix());
            list.push(Printable {
                campaign: Some(index),
                lang: page.lang.clone(),
                kind,
                url: urls::file_url(&site.config, &page.lang, &file),
            });
        }
    }
    for lang in site.config.language_codes() {
        // Its own tips: a wall chart is not made of tips shown from another language.
        if site
            .pages
            .iter()
            .any(|p| p.kind == PageKind::Tip && p.lang == lang && p.is_translated())
        {
            list.push(Printable {
                campaign: None,
                lang: lang.to_owned(),
                kind: Kind::WallChart,
                url: urls::file_url(&site.config, lang, "printables/wall-chart-a2.html"),
            });
        }
        // The site's link-preview picture, for the pages that are not a campaign's.
        list.push(Printable {
            campaign: None,
            lang: lang.to_owned(),
            kind: Kind::ShareLink,
            url: urls::file_url(&site.config, lang, "printables/share.html"),
        });
    }
    list
}
