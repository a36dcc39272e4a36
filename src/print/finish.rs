//! What a print shop's preflight looks for and Typst does not write: the trim and bleed boxes of
//! every page, and the output intent that names the CMYK printing condition the colours were
//! chosen for.

use lopdf::{Dictionary, Document, Object, StringFormat};

/// 1 mm in PDF points.
pub const MM: f64 = 72.0 / 25.4;
/// The bleed beyond the trim on every side, and the room left for crop marks around the bleed
/// (the same numbers as `bleed` and `slug` in designs/lib.typ).
pub const BLEED_MM: f64 = 3.0;
pub const SLUG_MM: f64 = 10.0;
/// The white margin of the office form on every side: more than the 3–5 mm office printers
/// cannot print.
pub const OFFICE_MARGIN_MM: f64 = 6.0;

/// The printing condition the colours are meant for: FOGRA39 (ISO 12647-2, coated paper), the
/// condition most offset and digital presses are set up for, named by its ICC registry entry.
pub const OUTPUT_CONDITION: &str = "FOGRA39";
pub const OUTPUT_CONDITION_INFO: &str = "Coated FOGRA39 (ISO 12647-2:2004)";

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Boxes {
    /// Trim and bleed boxes inside a page that has room for crop marks.
    PrintShop,
    /// The page is the sheet: trim box = media box, no bleed.
    Office,
}

fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Object {
    Object::Array(
        [x0, y0, x1, y1]
            .iter()
            .map(|v| Object::Real(((v * 1000.0).round() / 1000.0) as f32))
            .collect(),
    )
}

/// Adds the boxes and the output intent to a PDF Typst wrote.
pub fn finish(pdf: &[u8], boxes: Boxes, info: &[(String, String)]) -> Result<Vec<u8>, String> {
    let mut doc = Document::load_mem(pdf).map_err(|e| e.to_string())?;
    let pages: Vec<_> = doc.get_pages().into_values().collect();
    for id in pages {
        let media = doc
            .get_object(id)
            .and_then(Object::as_dict)
            .and_then(|d| d.get(b"MediaBox"))
            .and_then(Object::as_array)
            .map_err(|e| e.to_string())?
            .iter()
            .map(|o| o.as_float().map(f64::from).unwrap_or(0.0))
            .collect::<Vec<_>>();
        let [x0, y0, x1, y1] = media[..] else {
            return Err("a page has no size".into());
        };
        let page = doc
            .get_object_mut(id)
            .and_then(Object::as_dict_mut)
            .map_err(|e| e.to_string())?;
        match boxes {
            Boxes::PrintShop => {
                let (s, b) = (SLUG_MM * MM, BLEED_MM * MM);
                page.set("TrimBox", rect(x0 + s, y0 + s, x1 - s, y1 - s));
                page.set("BleedBox", rect(x0 + s - b, y0 + s - b, x1 - s + b, y1 - s + b));
            }
            Boxes::Office => {
                page.set("TrimBox", rect(x0, y0, x1, y1));
            }
        }
    }
    let mut intent = Dictionary::new();
    intent.set("Type", Object::Name(b"OutputIntent".to_vec()));
    intent.set("S", Object::Name(b"GTS_PDFX".to_vec()));
    let text = |s: &str| Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    intent.set("OutputConditionIdentifier", text(OUTPUT_CONDITION));
    intent.set("OutputCondition", text(OUTPUT_CONDITION_INFO));
    intent.set("RegistryName", text("http://www.color.org"));
    intent.set("Info", text(OUTPUT_CONDITION_INFO));
    let intent = doc.add_object(intent);
    let root = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| e.to_string())?;
    doc.get_object_mut(root)
        .and_then(Object::as_dict_mut)
        .map_err(|e| e.to_string())?
        .set("OutputIntents", Object::Array(vec![Object::Reference(intent)]));
    // Entries of the document information dictionary (greenprint's own key of the file).
    let info_id = match doc.trailer.get(b"Info").and_then(Object::as_reference) {
        Ok(id) => id,
        Err(_) => {
            let id = doc.add_object(Dictionary::new());
            doc.trailer.set("Info", Object::Reference(id));
            id
        }
    };
    if let Ok(dict) = doc.get_object_mut(info_id).and_then(Object::as_dict_mut) {
        for (key, value) in info {
            dict.set(key.as_bytes().to_vec(), text(value));
        }
    }
    let mut out = Vec::with_capacity(pdf.len() + 512);
    doc.save_to(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}
