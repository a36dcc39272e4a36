//! Making the files of each material: typesetting its design in each form, the PDFs finished
//! for print, its picture, and the warnings a designer would give (text made smaller, lines left
//! off, a character alone on a line). Materials are typeset on all cores; one that has not
//! changed since the published site is not typeset again.

use super::content::{self, Form};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Output;
use crate::print::finish::{self, Boxes};
use crate::print::{Engine, Typeset, lines};
use crate::render::context::Shared;
use crate::resolve::printables::{Kind, Printable};
use rayon::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The size a picture is shown at on the web pages, in CSS pixels (share images are that big).
pub fn picture_size(kind: Kind) -> (u32, u32) {
    let (w, h) = kind.trim();
    let width = match kind {
        Kind::ShareLink | Kind::ShareMoments => return (w as u32, h as u32),
        Kind::Banner => 1200.0,
        Kind::Sign | Kind::Leaflet | Kind::WallChart => 760.0,
        _ => 600.0,
    };
    (width as u32, (width * h / w).round() as u32)
}

/// The engine is made once per process: finding the fonts reads every font file's tables.
static ENGINE: Mutex<Option<(Option<PathBuf>, Arc<Engine>)>> = Mutex::new(None);

pub fn engine(font_folder: Option<PathBuf>) -> Result<Arc<Engine>, Diagnostic> {
    let mut slot = ENGINE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((folder, engine)) = slot.as_ref()
        && *folder == font_folder
    {
        return Ok(engine.clone());
    }
    let engine = Arc::new(Engine::new(font_folder.clone())?);
    *slot = Some((font_folder, engine.clone()));
    Ok(engine)
}

/// The threads that typeset: Typst's layout recurses deeply, more than the default stack of a
/// worker thread allows for a large material.
fn pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .stack_size(64 << 20)
            .thread_name(|n| format!("greenprint-print-{n}"))
            .build()
            .ok()
    })
    .as_ref()
}

/// The steps of making a material, for `--verbose`: the time each took, summed over the threads.
#[derive(Clone, Copy)]
enum Step {
    Fonts,
    Typeset,
    Pdf,
    Pictures,
    Office,
    Images,
}

const STEPS: [(Step, &str); 6] = [
    (Step::Fonts, "· fonts"),
    (Step::Typeset, "· typesetting"),
    (Step::Pdf, "· print PDFs"),
    (Step::Pictures, "· web pictures"),
    (Step::Office, "· office PDFs"),
    (Step::Images, "· share images"),
];

static STEP_NANOS: [AtomicU64; 6] = [const { AtomicU64::new(0) }; 6];

/// Runs `f`, adding the time it took to `step`.
fn timed<T>(step: Step, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let value = f();
    STEP_NANOS[step as usize].fetch_add(started.elapsed().as_nanos() as u64, Ordering::Relaxed);
    value
}

/// The time each step of the last [`make_all`] took, summed over the threads that made the
/// materials (so together more than the time the build took).
pub fn step_timings() -> Vec<(&'static str, Duration)> {
    STEPS
        .iter()
        .map(|(step, name)| {
            (
                *name,
                Duration::from_nanos(STEP_NANOS[*step as usize].load(Ordering::Relaxed)),
            )
        })
        .collect()
}

/// What one material gave: files to write and problems to report.
struct Made {
    files: Files,
    diagnostics: Diagnostics,
}

/// Makes the files of every material; when they cannot be made at all (no Chinese font), says so.
pub fn make_all(shared: &Shared, printables: &[Printable], output: &Output, diagnostics: &mut Diagnostics) {
    let folder = shared
        .site
        .config
        .print
        .fonts
        .as_ref()
        .map(|f| shared.site.root.join(f));
    for nanos in &STEP_NANOS {
        nanos.store(0, Ordering::Relaxed);
    }
    let engine = match timed(Step::Fonts, || engine(folder)) {
        Ok(engine) => engine,
        Err(d) => {
            diagnostics.push(d);
            return;
        }
    };
    let make = || -> Vec<Made> {
        jobs(printables)
            .par_iter()
            .map(|job| make_one(shared, &engine, job, output.published_folder()))
            .collect()
    };
    let made = match pool() {
        Some(pool) => pool.install(make),
        None => make(),
    };
    for m in made {
        diagnostics.extend(m.diagnostics);
        for (url, bytes) in m.files {
            if let Err(d) = output.write(&Printable::path_of(&url), &bytes, "the printed materials") {
                diagnostics.push(d);
            }
        }
    }
    crate::print::forget_old_layouts();
}

/// The key of a material's files: everything that goes into them. A file published with the same
/// key is the same file.
fn key(engine: &Engine, data: &Value) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    for (_, text) in crate::print::world::DESIGNS {
        hasher.update(text.as_bytes());
    }
    hasher.update(engine.fonts.identity.as_bytes());
    hasher.update(serde_json::to_string(data).unwrap_or_default().as_bytes());
    hasher.finalize().to_hex().to_string()
}

/// A material to typeset, and the materials made from its layout without typesetting again: the
/// A3 poster is the A4 poster enlarged, as a copier enlarges it (every A size is the next
/// smaller one times √2), so that both sizes read the same and the code is typeset once.
struct Job<'a> {
    printable: &'a Printable,
    enlargements: Vec<&'a Printable>,
}

fn jobs(printables: &[Printable]) -> Vec<Job<'_>> {
    let a4_of = |p: &Printable| {
        printables
            .iter()
            .find(|q| q.kind == Kind::PosterA4 && q.campaign == p.campaign && q.lang == p.lang)
    };
    printables
        .iter()
        .filter(|p| p.kind != Kind::PosterA3 || a4_of(p).is_none())
        .map(|printable| Job {
            printable,
            enlargements: printables
                .iter()
                .filter(|q| printable.kind == Kind::PosterA4 && q.kind == Kind::PosterA3)
                .filter(|q| q.campaign == printable.campaign && q.lang == printable.lang)
                .collect(),
        })
        .collect()
}

/// A material of a job: its data, the key of its files, and the published files when they carry
/// that key.
struct Part<'a> {
    printable: &'a Printable,
    data: Value,
    key: String,
    reused: Option<(Files, Vec<Note>)>,
    file: Option<PathBuf>,
}

impl Part<'_> {
    /// `d`, in the file the material is made from.
    fn place(&self, d: Diagnostic) -> Diagnostic {
        match &self.file {
            Some(f) => d.in_file(f),
            None => d,
        }
    }

    fn warn(&self, note: &Note, diagnostics: &mut Diagnostics) {
        diagnostics.push(self.place(Diagnostic::warning(note.0.clone()).hint(note.1.clone())));
    }
}

fn make_one(shared: &Shared, engine: &Engine, job: &Job, published: &Path) -> Made {
    let mut diagnostics = Diagnostics::new();
    let mut files = Vec::new();
    let families = &engine.fonts.families;
    let parts: Vec<Part> = std::iter::once(job.printable)
        .chain(job.enlargements.iter().copied())
        .map(|printable| {
            let form = if printable.kind.is_image() {
                Form::Picture
            } else {
                Form::PrintShop
            };
            let data = content::data(shared, printable, form, families, &mut diagnostics);
            let key = key(engine, &data);
            let reused = reuse(printable, &key, published);
            let file = content::source_file(shared, printable);
            Part {
                printable,
                data,
                key,
                reused,
                file,
            }
        })
        .collect();
    if diagnostics.error_count() > 0 {
        return Made { files, diagnostics };
    }
    let main = &parts[0];
    let kind = main.printable.kind;
    let typeset = if parts.iter().all(|p| p.reused.is_some()) {
        None
    } else {
        match timed(Step::Typeset, || engine.typeset(kind.design(), &main.data)) {
            Ok(t) => Some(t),
            Err(e) => {
                diagnostics.push(main.place(
                    Diagnostic::error(format!("the {} could not be typeset: {e}", kind.suffix()))
                        .hint("this is a fault in greenprint's design of the material; please report it with the page that causes it"),
                ));
                return Made { files, diagnostics };
            }
        }
    };
    for part in &parts {
        if let Some((reused, notes)) = &part.reused {
            // The published files are these files; their notes are the warnings they gave.
            for note in notes {
                part.warn(note, &mut diagnostics);
            }
            files.extend(reused.iter().cloned());
            continue;
        }
        let Some(typeset) = &typeset else { continue };
        let notes = notes(part.printable, &part.data, typeset);
        for note in &notes {
            part.warn(note, &mut diagnostics);
        }
        let stamp = Stamp {
            key: &part.key,
            notes: &notes,
        };
        let printable = part.printable;
        if printable.kind.is_image() {
            let (pw, _) = picture_size(printable.kind);
            push(
                &mut files,
                printable.image_url(),
                timed(Step::Images, || typeset.png(0, pw)).map(|png| stamp.png(png)),
                &mut diagnostics,
            );
            continue;
        }
        let title = part.data["doc_title"].as_str().unwrap_or_default();
        let slug = finish::SLUG_MM * finish::MM;
        let enlarged;
        let layout = if std::ptr::eq(part, main) {
            typeset
        } else {
            enlarged = typeset.enlarged(content::ENLARGED, slug, finish::BLEED_MM * finish::MM, title);
            &enlarged
        };
        let pdf = timed(Step::Pdf, || {
            layout
                .pdf(&format!("{title} print"))
                .and_then(|pdf| finish::finish(&pdf, Boxes::PrintShop, &stamp.pdf_info()))
        });
        push(
            &mut files,
            printable.pdf_url().unwrap_or_default(),
            pdf,
            &mut diagnostics,
        );
        for page in 0..printable.kind.pages() {
            let picture =
                timed(Step::Pictures, || layout.svg_trimmed(page, slug)).map(|svg| stamp.svg(svg).into_bytes());
            push(&mut files, printable.image_url_of(page), picture, &mut diagnostics);
        }
        if let Some(office_url) = printable.office_url() {
            let pdf = timed(Step::Office, || {
                typeset
                    .office(finish::OFFICE_MARGIN_MM * finish::MM, slug)
                    .pdf(&format!("{title} office"))
                    .and_then(|pdf| finish::finish(&pdf, Boxes::Office, &stamp.pdf_info()))
            });
            push(&mut files, office_url, pdf, &mut diagnostics);
        }
    }
    Made { files, diagnostics }
}

fn push(
    files: &mut Vec<(String, Vec<u8>)>,
    url: String,
    bytes: Result<Vec<u8>, String>,
    diagnostics: &mut Diagnostics,
) {
    match bytes {
        Ok(bytes) => files.push((url, bytes)),
        Err(e) => diagnostics.push(
            Diagnostic::error(format!("{url} could not be made: {e}"))
                .hint("this is a fault in greenprint's print engine; please report it"),
        ),
    }
}

/// A warning and its hint.
type Note = (String, String);

/// Files of a material: each address and its bytes.
type Files = Vec<(String, Vec<u8>)>;

/// What the layout says a designer would warn about, each naming the material's file.
fn notes(printable: &Printable, data: &Value, typeset: &Typeset) -> Vec<Note> {
    let file = printable
        .pdf_url()
        .unwrap_or_else(|| printable.image_url())
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    let shorten = "shorten the text, or keep to the lengths of the bundled campaigns".to_owned();
    let percent = |scale: f64| ((1.0 - scale) * 100.0).round();
    let shrunk = |report: &Value| report["scale"].as_f64().filter(|s| *s < 0.995);
    let mut notes: Vec<Note> = Vec::new();
    let shortened = typeset
        .reports("band")
        .iter()
        .chain(typeset.reports("fit").iter())
        .any(|r| r["shortened"] == Value::Bool(true));
    if shortened {
        notes.push((
            format!("{file}: the slogan was shortened to fit (it ends with “…”)"),
            "shorten the `slogan:`; a slogan of up to about 20 characters fits every material".to_owned(),
        ));
    }
    for report in typeset.reports("band") {
        if let Some(scale) = shrunk(&report) {
            notes.push((
                format!(
                    "{file}: the title and slogan were set {}% smaller to fit",
                    percent(scale)
                ),
                shorten.clone(),
            ));
        }
    }
    for report in typeset.reports("fit") {
        // The banner's slogan is set as large as one line allows; below 10 cm it is hard to read
        // from across a street.
        if let Some(size) = report["slogan_mm"].as_f64().filter(|s| *s < 100.0) {
            notes.push((
                format!("{file}: the slogan is only {} cm high on the banner, to fit one line", (size / 10.0).round()),
                "a slogan of up to about 25 characters (or 45 letters) gives letters at least 10 cm high, to be read from across a street".to_owned(),
            ));
        }
        if let Some(scale) = shrunk(&report) {
            notes.push(
                match (printable.kind, report["panel"].as_u64(), report["page"].as_u64()) {
                    (Kind::PosterA3 | Kind::PosterA4, _, _) => (
                        format!("{file}: the key actions were set {}% smaller to fit", percent(scale)),
                        shorten.clone(),
                    ),
                    (_, Some(panel), Some(page)) => (
                        format!(
                            "{file}: the text of panel {panel} on page {page} was set {}% smaller to fit",
                            percent(scale)
                        ),
                        shorten.clone(),
                    ),
                    _ => (
                        format!("{file}: the text was set {}% smaller to fit", percent(scale)),
                        shorten.clone(),
                    ),
                },
            );
        }
        if let Some(shown) = report["shown"].as_u64() {
            let all = data["actions"].as_array().map(Vec::len).unwrap_or(0) as u64;
            if shown < all {
                notes.push((
                    format!("{file}: {} of its {all} key actions were left off to fit", all - shown),
                    "shorten the key actions, or put the most important first".to_owned(),
                ));
            }
        }
    }
    // Many lead units are set smaller beside the code, as a designer would; below 60 % (10 pt
    // on A4, 14 pt on A3) they can no longer be read from 2 m on the A3 poster.
    for report in typeset.reports("footer") {
        if let Some(scale) = shrunk(&report).filter(|s| *s < 0.6) {
            notes.push((
                format!(
                    "{file}: the lead units and the publisher were set {}% smaller to fit beside the QR code",
                    percent(scale)
                ),
                "name fewer units in `lead_units:`, or give them shorter names, to keep them readable from a few metres"
                    .to_owned(),
            ));
        }
    }
    if let Some(over) = data["over_design"]
        .as_u64()
        .filter(|&o| o > 0 && printable.kind == Kind::PosterA4)
    {
        notes.push((
            format!("posters show six key actions; {over} more are on the web page only"),
            "put the six most important key actions first".to_owned(),
        ));
    }
    let plain = |v: &Value| v.as_str().unwrap_or("").replace('\u{2060}', "").replace('\u{a0}', " ");
    let cards = typeset.reports("card");
    let without: Vec<String> = cards
        .iter()
        .filter(|c| c["description"] == Value::Bool(false) && c["had_description"] == Value::Bool(true))
        .map(|c| plain(&c["title"]))
        .collect();
    if !without.is_empty() {
        notes.push((
            format!(
                "{file}: the description of {} cards was left off to fit: {}",
                without.len(),
                without.join("; ")
            ),
            "shorten those tips' `description:` to about 60 characters".to_owned(),
        ));
    }
    for c in cards.iter().chain(typeset.reports("sticker").iter()) {
        if let Some(scale) = shrunk(c) {
            let text = if c["title"].is_null() {
                plain(&c["text"])
            } else {
                plain(&c["title"])
            };
            notes.push((
                format!("{file}: “{text}” was set {}% smaller to fit", percent(scale)),
                shorten.clone(),
            ));
        }
    }
    for fault in lines::faults(&lines::lines(&typeset.document)) {
        let line = fault.line.replace('\u{2060}', "").replace('\u{a0}', " ");
        notes.push((
            format!("{file}: {} (“{line}”)", fault.rule),
            "reword or shorten the text so that the line breaks elsewhere".to_owned(),
        ));
    }
    notes
}

/// The key and notes a file carries, so that an unchanged material is not typeset again and its
/// warnings are still given.
struct Stamp<'a> {
    key: &'a str,
    notes: &'a [Note],
}

const STAMP: &str = "greenprint-key";

impl Stamp<'_> {
    /// The stamp as `greenprint-key:` and its JSON in hexadecimal, which needs no escaping in a
    /// PDF string or a PNG text chunk.
    fn text(&self) -> String {
        let json = serde_json::json!({"key": self.key, "notes": self.notes}).to_string();
        let hex: String = json.bytes().map(|b| format!("{b:02x}")).collect();
        format!("{STAMP}:{hex}")
    }

    fn pdf_info(&self) -> Vec<(String, String)> {
        vec![("GreenprintKey".to_owned(), self.text())]
    }

    /// An SVG with the stamp as a comment after its root element's start.
    fn svg(&self, svg: String) -> String {
        match svg.find('>') {
            Some(end) => format!("{}<!-- {} -->{}", &svg[..=end], self.text(), &svg[end + 1..]),
            None => svg,
        }
    }

    /// A PNG with the stamp as a text chunk after its header.
    fn png(&self, png: Vec<u8>) -> Vec<u8> {
        const HEADER: usize = 8 + 25; // signature, then the IHDR chunk
        if png.len() < HEADER {
            return png;
        }
        let mut data = b"Comment".to_vec();
        data.push(0);
        data.extend_from_slice(self.text().as_bytes());
        let mut chunk = Vec::with_capacity(data.len() + 12);
        chunk.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = b"tEXt".to_vec();
        body.extend_from_slice(&data);
        chunk.extend_from_slice(&body);
        chunk.extend_from_slice(&crc32fast::hash(&body).to_be_bytes());
        let mut out = png[..HEADER].to_vec();
        out.extend_from_slice(&chunk);
        out.extend_from_slice(&png[HEADER..]);
        out
    }
}

/// Reads the stamp a published file carries.
fn read_stamp(bytes: &[u8]) -> Option<(String, Vec<Note>)> {
    let marker = format!("{STAMP}:");
    let marker = marker.as_bytes();
    let at = bytes.windows(marker.len()).position(|w| w == marker)? + marker.len();
    let hex: Vec<u8> = bytes[at..]
        .iter()
        .take_while(|b| b.is_ascii_hexdigit())
        .copied()
        .collect();
    let json: Vec<u8> = hex
        .chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok())
        .collect::<Option<_>>()?;
    let value: Value = serde_json::from_slice(&json).ok()?;
    let key = value["key"].as_str()?.to_owned();
    let notes = serde_json::from_value(value["notes"].clone()).ok()?;
    Some((key, notes))
}

/// The published files of a material, when all of them carry `key`.
fn reuse(printable: &Printable, key: &str, published: &Path) -> Option<(Files, Vec<Note>)> {
    let mut urls: Vec<String> = Vec::new();
    urls.extend(printable.pdf_url());
    urls.extend(printable.office_url());
    urls.extend((0..printable.kind.pages()).map(|p| printable.image_url_of(p)));
    let mut files = Vec::new();
    let mut notes = Vec::new();
    for url in urls {
        let bytes = std::fs::read(published.join(Printable::path_of(&url))).ok()?;
        let (k, n) = read_stamp(&bytes)?;
        if k != key {
            return None;
        }
        notes = n;
        files.push((url, bytes));
    }
    Some((files, notes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_is_read_back_from_a_png() {
        let notes = vec![("a (warning)".to_owned(), "a \\ hint".to_owned())];
        let stamp = Stamp {
            key: "abc",
            notes: &notes,
        };
        let mut png = vec![0u8; 33];
        png.extend_from_slice(b"IDAT");
        let stamped = stamp.png(png);
        assert_eq!(read_stamp(&stamped), Some(("abc".to_owned(), notes)));
    }
}
