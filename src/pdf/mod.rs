//! PDF export of the printables through a headless Chromium. A cold start of the browser costs
//! about a second, so the sheets are printed in a few batches (one document each, a sheet per
//! page) and each batch's PDF is split into one file per printable.

pub mod chromium;
pub mod split;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Output;
use crate::resolve::printables::Printable;
use std::path::Path;
use std::time::Instant;

/// Marks around a printable's sheet in its HTML, so that sheets can be gathered into a batch.
pub const SHEET_START: &str = "<!--sheet-->";
pub const SHEET_END: &str = "<!--/sheet-->";

/// How long one batch may take before the browser is stopped.
const BATCH_TIMEOUT_SECS: u64 = 180;

pub struct ExportReport {
    pub files: usize,
    pub seconds: f64,
}

/// Renders every printable already written to `output` into a PDF beside it.
pub fn export(
    browser: &Path,
    printables: &[Printable],
    output: &Output,
    diagnostics: &mut Diagnostics,
) -> ExportReport {
    let started = Instant::now();
    // file:// URLs need an absolute path.
    let staging = output
        .staging()
        .canonicalize()
        .unwrap_or_else(|_| output.staging().to_path_buf());
    let jobs = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 4);
    let per_batch = printables.len().div_ceil(jobs).max(1);
    let batches: Vec<&[Printable]> = printables.chunks(per_batch).collect();
    let results: Vec<Result<Vec<Vec<u8>>, Diagnostic>> = std::thread::scope(|scope| {
        let handles: Vec<_> = batches
            .iter()
            .enumerate()
            .map(|(n, batch)| {
                let staging = staging.clone();
                scope.spawn(move || print_batch(browser, &staging, batch, n))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(Diagnostic::error("the PDF export stopped unexpectedly")))
            })
            .collect()
    });
    let mut files = 0;
    for (batch, result) in batches.iter().zip(results) {
        match result {
            Ok(pdfs) => {
                for (printable, pdf) in batch.iter().zip(pdfs) {
                    match output.write(&printable.pdf_path(), &pdf, "the PDF export") {
                        Ok(()) => files += 1,
                        Err(d) => diagnostics.push(d),
                    }
                }
            }
            Err(d) => diagnostics.push(d),
        }
    }
    ExportReport {
        files,
        seconds: started.elapsed().as_secs_f64(),
    }
}

/// Prints a batch of printables as one document and splits it into one PDF per printable.
fn print_batch(browser: &Path, staging: &Path, batch: &[Printable], n: usize) -> Result<Vec<Vec<u8>>, Diagnostic> {
    let mut sheets = Vec::with_capacity(batch.len());
    let mut head = String::new();
    for printable in batch {
        let html = std::fs::read_to_string(staging.join(printable.html_path()))
            .map_err(|e| Diagnostic::error(format!("cannot read the printable {}: {e}", printable.url)))?;
        let (start, end) = (html.find(SHEET_START), html.find(SHEET_END));
        let (Some(start), Some(end)) = (start, end) else {
            return Err(
                Diagnostic::error(format!("the printable {} has no sheet to print", printable.url)).hint(format!(
                    "a printable template must wrap its sheet in {SHEET_START} and {SHEET_END}"
                )),
            );
        };
        if head.is_empty()
            && let Some(h) = html.find("</head>")
        {
            head = html[..h].to_owned();
        }
        sheets.push(html[start..end + SHEET_END.len()].to_owned());
    }
    // Site-absolute URLs (/assets/..., /logo.svg) point into the staging folder.
    let base = format!("=\"file://{}/", staging.display());
    let document = format!(
        "{head}</head>\n<body class=\"print-batch\">\n{}\n</body>\n</html>\n",
        sheets.join("\n")
    )
    .replace("=\"/", &base);
    let work = tempfile_dir(n)?;
    let input = work.join("batch.html");
    let pdf_path = work.join("batch.pdf");
    std::fs::write(&input, document).map_err(|e| Diagnostic::error(format!("cannot prepare the PDF export: {e}")))?;
    let result = chromium::print_to_pdf(browser, &input, &pdf_path, &work.join("profile"), BATCH_TIMEOUT_SECS)
        .and_then(|()| std::fs::read(&pdf_path).map_err(|e| Diagnostic::error(format!("Chromium wrote no PDF: {e}"))))
        .and_then(|pdf| split::split(&pdf, batch.len()));
    let _ = std::fs::remove_dir_all(&work);
    result.map_err(|d| {
        let names: Vec<&str> = batch.iter().map(|p| p.url.as_str()).collect();
        Diagnostic {
            hint: d
                .hint
                .clone()
                .or_else(|| Some(format!("the printables concerned: {}", names.join(", ")))),
            ..d
        }
    })
}

fn tempfile_dir(n: usize) -> Result<std::path::PathBuf, Diagnostic> {
    let dir = std::env::temp_dir().join(format!("greenprint-pdf-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)
        .map_err(|e| Diagnostic::error(format!("cannot create a temporary folder for the PDF export: {e}")))?;
    Ok(dir)
}
