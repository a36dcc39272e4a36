//! The print engine. Every printed material (posters, banner, sign, stickers, tip cards, leaflet,
//! wall chart) and the share images are typeset by Typst, in process, from one design each
//! (`designs/*.typ`) and the material's data. The PDF gets its print-shop boxes and output
//! intent in `finish`; pictures of the same layout (PNG) show it on the web page, so no second
//! layout can drift from the printed one.

pub mod finish;
pub mod fonts;
pub mod lines;
pub mod world;

use crate::diagnostics::Diagnostic;
use fonts::FontSet;
use std::path::PathBuf;
use typst::foundations::{Bytes, Label, Selector, Smart, Value};
use typst::layout::FrameItem;
use typst::layout::{Abs, Frame, PagedDocument, Point, Ratio, Size, Transform};
use typst::syntax::Span;
use typst::syntax::{FileId, VirtualPath};
use typst::utils::LazyHash;
use typst::visualize::{Cmyk, Color, Curve, FixedStroke, Geometry, Paint};
use typst::{Library, LibraryExt};
use world::{Designs, MaterialWorld};

/// What a build needs to typeset: fonts found once, the designs parsed once.
pub struct Engine {
    library: LazyHash<Library>,
    pub fonts: FontSet,
    designs: Designs,
}

/// A typeset material: its pages, and what its design said about fitting (shrinking, lines left
/// off), by label.
pub struct Typeset {
    pub document: PagedDocument,
}

impl Engine {
    pub fn new(font_folder: Option<PathBuf>) -> Result<Engine, Diagnostic> {
        Ok(Engine {
            library: LazyHash::new(Library::default()),
            fonts: fonts::find(font_folder)?,
            designs: Designs::new(),
        })
    }

    /// Typesets `design` (e.g. "poster.typ") with `data` as its `data.json`.
    pub fn typeset(&self, design: &str, data: &serde_json::Value) -> Result<Typeset, String> {
        let world = MaterialWorld {
            library: &self.library,
            fonts: &self.fonts,
            designs: &self.designs,
            main: FileId::new(None, VirtualPath::new(design)),
            data: Bytes::new(serde_json::to_vec(data).unwrap_or_default()),
        };
        let warned = typst::compile::<PagedDocument>(&world);
        match warned.output {
            Ok(document) => Ok(Typeset { document }),
            Err(errors) => Err(errors
                .iter()
                .map(|e| {
                    let place = world
                        .source(e.span.id().unwrap_or(world.main))
                        .ok()
                        .and_then(|s| s.range(e.span).map(|r| (s.clone(), r)))
                        .map(|(s, r)| {
                            let line = s.lines().byte_to_line(r.start).map(|l| l + 1).unwrap_or(0);
                            format!("{}:{line}: ", s.id().vpath().as_rootless_path().display())
                        })
                        .unwrap_or_default();
                    format!("{place}{}", e.message)
                })
                .collect::<Vec<_>>()
                .join("; ")),
        }
    }
}

use typst::World as _;

impl Typeset {
    /// The values the design left as `#metadata(...) <label>`, as JSON.
    pub fn reports(&self, label: &str) -> Vec<serde_json::Value> {
        let Some(label) = Label::new(typst::utils::PicoStr::intern(label)) else {
            return Vec::new();
        };
        self.document
            .introspector
            .query(&Selector::Label(label))
            .iter()
            .filter_map(|c| c.get_by_name("value").ok())
            .filter_map(|v: Value| serde_json::to_value(&v).ok())
            .collect()
    }

    /// The PDF; `ident` names the material stably across builds.
    pub fn pdf(&self, ident: &str) -> Result<Vec<u8>, String> {
        let options = typst_pdf::PdfOptions {
            ident: Smart::Custom(ident),
            ..Default::default()
        };
        typst_pdf::pdf(&self.document, &options).map_err(|errors| {
            errors
                .iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; ")
        })
    }

    /// A page as a PNG `width` pixels wide.
    pub fn png(&self, page: usize, width: u32) -> Result<Vec<u8>, String> {
        let page = self.document.pages.get(page).ok_or("the material has no such page")?;
        let points = page.frame.width().to_pt() as f32;
        let pixmap = typst_render::render(page, width as f32 / points.max(1.0));
        encode_png(&pixmap)
    }

    /// A page of a print-shop layout as an SVG of its trimmed sheet (without the `margin`
    /// points of bleed and crop marks around it): the picture on the web pages, sharp at any
    /// size and drawn from the same layout as the PDF.
    pub fn svg_trimmed(&self, page: usize, margin: f64) -> Result<String, String> {
        let page = self.document.pages.get(page).ok_or("the material has no such page")?;
        let size = page.frame.size();
        let trim = Size::new(size.x - Abs::pt(2.0 * margin), size.y - Abs::pt(2.0 * margin));
        let mut frame = page.frame.clone();
        frame.translate(Point::new(Abs::pt(-margin), Abs::pt(-margin)));
        frame.set_size(trim);
        frame.clip(Curve::rect(trim));
        let mut trimmed = page.clone();
        trimmed.frame = frame;
        Ok(typst_svg::svg(&trimmed))
    }

    /// The office form of a print-shop layout: each page cut to its trim box (so without bleed
    /// and crop marks), scaled to leave white margins of `margin` points on the sheet of the trim
    /// size, and centred on it. The same layout, not a second one.
    pub fn office(&self, margin: f64, slug: f64) -> Typeset {
        let mut document = self.document.clone();
        for page in &mut document.pages {
            let size = page.frame.size();
            let trim = Size::new(size.x - Abs::pt(2.0 * slug), size.y - Abs::pt(2.0 * slug));
            let s = ((trim.x.to_pt() - 2.0 * margin) / trim.x.to_pt())
                .min((trim.y.to_pt() - 2.0 * margin) / trim.y.to_pt());
            let mut art = page.frame.clone();
            art.translate(Point::new(Abs::pt(-slug), Abs::pt(-slug)));
            art.set_size(trim);
            art.clip(Curve::rect(trim));
            art.transform(Transform::scale(Ratio::new(s), Ratio::new(s)));
            let mut sheet = Frame::hard(trim);
            sheet.push_frame(Point::new(trim.x * (1.0 - s) / 2.0, trim.y * (1.0 - s) / 2.0), art);
            page.frame = sheet;
        }
        Typeset { document }
    }

    /// A print-shop layout enlarged by `factor` (A4 to A3 is √2, as a copier enlarges): each
    /// page's artwork and `bleed` points beyond it scaled, on a sheet with `slug` points around
    /// the trim box and crop marks drawn again at their usual distance and weight. The same
    /// layout at another size, so the two sizes cannot differ but in scale; titled `title`.
    pub fn enlarged(&self, factor: f64, slug: f64, bleed: f64, title: &str) -> Typeset {
        let mut document = self.document.clone();
        document.info.title = Some(title.into());
        for page in &mut document.pages {
            let size = page.frame.size();
            let trim = Size::new(size.x - Abs::pt(2.0 * slug), size.y - Abs::pt(2.0 * slug));
            // The artwork with the bleed it needs once enlarged.
            let b = Abs::pt(bleed / factor);
            let art_size = Size::new(trim.x + 2.0 * b, trim.y + 2.0 * b);
            let mut art = page.frame.clone();
            art.translate(Point::new(b - Abs::pt(slug), b - Abs::pt(slug)));
            art.set_size(art_size);
            art.clip(Curve::rect(art_size));
            art.transform(Transform::scale(Ratio::new(factor), Ratio::new(factor)));
            let big = Size::new(trim.x * factor, trim.y * factor);
            let mut sheet = Frame::hard(Size::new(big.x + Abs::pt(2.0 * slug), big.y + Abs::pt(2.0 * slug)));
            let edge = Abs::pt(slug - bleed);
            sheet.push_frame(Point::new(edge, edge), art);
            crop_marks(&mut sheet, big, Abs::pt(slug), Abs::pt(bleed));
            page.frame = sheet;
        }
        Typeset { document }
    }

    /// The pages' sizes in points.
    pub fn page_sizes(&self) -> Vec<(f64, f64)> {
        self.document
            .pages
            .iter()
            .map(|p| (p.frame.width().to_pt(), p.frame.height().to_pt()))
            .collect()
    }
}

/// Crop marks at the corners of a trim box of `trim` placed `slug` from the sheet's edges, as
/// designs/lib.typ draws them: each starts 1 mm outside the bleed, is 5 mm long and 0.25 pt wide,
/// in black ink alone.
fn crop_marks(sheet: &mut Frame, trim: Size, slug: Abs, bleed: Abs) {
    let mm = Abs::mm(1.0);
    let (gap, len) = (bleed + mm, 5.0 * mm);
    let stroke = FixedStroke {
        paint: Paint::Solid(Color::Cmyk(Cmyk {
            c: 0.0,
            m: 0.0,
            y: 0.0,
            k: 1.0,
        })),
        thickness: Abs::pt(0.25),
        ..FixedStroke::default()
    };
    for (x, y) in [
        (Abs::zero(), Abs::zero()),
        (trim.x, Abs::zero()),
        (Abs::zero(), trim.y),
        (trim.x, trim.y),
    ] {
        let dx = if x == Abs::zero() { -1.0 } else { 1.0 };
        let dy = if y == Abs::zero() { -1.0 } else { 1.0 };
        let (cx, cy) = (slug + x, slug + y);
        // The horizontal mark from `gap` to `gap + len` outside the corner, then the vertical.
        let h0 = if dx < 0.0 { cx - gap - len } else { cx + gap };
        let v0 = if dy < 0.0 { cy - gap - len } else { cy + gap };
        let line = |to: Point| FrameItem::Shape(Geometry::Line(to).stroked(stroke.clone()), Span::detached());
        sheet.push(Point::new(h0, cy), line(Point::new(len, Abs::zero())));
        sheet.push(Point::new(cx, v0), line(Point::new(Abs::zero(), len)));
    }
}

/// A picture as an opaque RGB PNG (a page is drawn on white), compressed quickly: the pictures
/// are many and a slower deflate saves little on flat colours.
fn encode_png(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, String> {
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| {
            // Premultiplied: over white, a pixel of alpha a shows c + (255 - a).
            let white = 255 - p[3];
            [
                p[0].saturating_add(white),
                p[1].saturating_add(white),
                p[2].saturating_add(white),
            ]
        })
        .collect();
    let mut out = Vec::with_capacity(rgb.len() / 8);
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fastest);
    encoder.set_filter(png::Filter::Sub);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(&rgb).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

/// Frees what Typst remembered of layouts older than a few builds (the preview server builds
/// many times in one process).
pub fn forget_old_layouts() {
    typst::comemo::evict(4);
}
