//! The checks a print shop's preflight runs on a PDF, read with lopdf: pages and their boxes,
//! fonts embedded and none of them Type 3, the output intent, the title, and colour in CMYK only.

use lopdf::{Document, Object};
use std::path::Path;

pub const MM: f64 = 72.0 / 25.4;

#[derive(Debug)]
pub struct Page {
    pub media: [f64; 4],
    pub trim: Option<[f64; 4]>,
    pub bleed: Option<[f64; 4]>,
}

#[derive(Debug)]
pub struct Font {
    pub name: String,
    pub subtype: String,
    pub embedded: bool,
}

#[derive(Debug)]
pub struct Report {
    pub pages: Vec<Page>,
    pub fonts: Vec<Font>,
    pub output_intent: Option<String>,
    pub title: Option<String>,
    /// Colour operators in the pages' content: `k`/`K` (CMYK), `rg`/`RG` (RGB), `g`/`G` (grey),
    /// `sc`/`scn` (colour spaces), with their counts.
    pub rgb_operators: usize,
    pub cmyk_operators: usize,
    /// Whether "0 0 0 1 k" (black in K only) is used.
    pub black_is_one_ink: bool,
}

fn rect(doc: &Document, dict: &lopdf::Dictionary, key: &[u8]) -> Option<[f64; 4]> {
    let obj = dict.get(key).ok()?;
    let obj = match obj {
        Object::Reference(id) => doc.get_object(*id).ok()?,
        o => o,
    };
    let a = obj.as_array().ok()?;
    let v: Vec<f64> = a.iter().filter_map(|o| o.as_float().ok().map(f64::from)).collect();
    (v.len() == 4).then(|| [v[0], v[1], v[2], v[3]])
}

fn deref<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
    match obj {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(obj),
        o => o,
    }
}

fn name(obj: &Object) -> String {
    obj.as_name()
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_default()
}

/// Reads a PDF Typst wrote and greenprint finished.
pub fn read(path: &Path) -> Report {
    let doc = Document::load(path).unwrap_or_else(|e| panic!("{} is a PDF: {e}", path.display()));
    let mut pages = Vec::new();
    let mut fonts = Vec::new();
    let (mut rgb, mut cmyk, mut black) = (0, 0, false);
    for (_, id) in doc.get_pages() {
        let dict = doc.get_object(id).and_then(Object::as_dict).expect("a page");
        pages.push(Page {
            media: rect(&doc, dict, b"MediaBox").expect("a media box"),
            trim: rect(&doc, dict, b"TrimBox"),
            bleed: rect(&doc, dict, b"BleedBox"),
        });
        // Every content stream the page draws, its form XObjects included.
        let mut streams: Vec<Vec<u8>> = vec![doc.get_page_content(id)];
        for (_, obj) in doc.objects.iter() {
            if let Object::Stream(s) = obj
                && s.dict.get(b"Subtype").map(name).ok().as_deref() == Some("Form")
            {
                streams.push(s.decompressed_content().unwrap_or_else(|_| s.content.clone()));
            }
        }
        for content in streams {
            let Ok(ops) = lopdf::content::Content::decode(&content) else {
                continue;
            };
            for op in ops.operations {
                match op.operator.as_str() {
                    "rg" | "RG" => rgb += 1,
                    "k" | "K" => {
                        cmyk += 1;
                        let v: Vec<f64> = op
                            .operands
                            .iter()
                            .filter_map(|o| o.as_float().ok().map(f64::from))
                            .collect();
                        if v == [0.0, 0.0, 0.0, 1.0] {
                            black = true;
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    // Every font of the document (those of form XObjects too): the composite fonts' descendants
    // and every simple font must carry their font file.
    for obj in doc.objects.values() {
        let Ok(font) = obj.as_dict() else { continue };
        if font.get(b"Type").map(name).ok().as_deref() != Some("Font") {
            continue;
        }
        let subtype = font.get(b"Subtype").map(name).unwrap_or_default();
        if subtype == "Type0" {
            continue;
        }
        let embedded = font
            .get(b"FontDescriptor")
            .ok()
            .map(|d| deref(&doc, d))
            .and_then(|d| d.as_dict().ok())
            .is_some_and(|d| d.has(b"FontFile2") || d.has(b"FontFile3") || d.has(b"FontFile"));
        fonts.push(Font {
            name: font.get(b"BaseFont").map(name).unwrap_or_default(),
            subtype,
            embedded,
        });
    }
    let catalog = doc.catalog().expect("a catalog");
    let output_intent = catalog
        .get(b"OutputIntents")
        .ok()
        .map(|o| deref(&doc, o))
        .and_then(|o| o.as_array().ok())
        .and_then(|a| a.first())
        .map(|o| deref(&doc, o))
        .and_then(|o| o.as_dict().ok())
        .and_then(|d| d.get(b"OutputConditionIdentifier").ok())
        .and_then(|o| o.as_str().ok())
        .map(|s| String::from_utf8_lossy(s).into_owned());
    let title = doc
        .trailer
        .get(b"Info")
        .ok()
        .map(|o| deref(&doc, o))
        .and_then(|o| o.as_dict().ok())
        .and_then(|d| d.get(b"Title").ok())
        .and_then(|o| o.as_str().ok())
        .map(decode_text);
    Report {
        pages,
        fonts,
        output_intent,
        title,
        rgb_operators: rgb,
        cmyk_operators: cmyk,
        black_is_one_ink: black,
    }
}

/// A PDF text string: UTF-16 with its byte-order mark, or PDFDocEncoding (ASCII here).
fn decode_text(bytes: &[u8]) -> String {
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

/// Whether two rectangles are the same within a tenth of a millimetre.
pub fn same(a: [f64; 4], b: [f64; 4]) -> bool {
    a.iter().zip(b.iter()).all(|(x, y)| (x - y).abs() < 0.1 * MM)
}
