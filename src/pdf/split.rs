//! Splitting a printed batch into one PDF per sheet with lopdf.

use crate::diagnostics::Diagnostic;
use lopdf::Document;

/// Splits `pdf` into `expected` one-page PDFs; a different page count means a sheet spilled
/// onto a second page, which is an error rather than a poster cut in two.
pub fn split(pdf: &[u8], expected: usize) -> Result<Vec<Vec<u8>>, Diagnostic> {
    let document =
        Document::load_mem(pdf).map_err(|e| Diagnostic::error(format!("Chromium's PDF cannot be read: {e}")))?;
    let pages: Vec<u32> = document.get_pages().keys().copied().collect();
    if pages.len() != expected {
        return Err(Diagnostic::error(format!(
            "{} sheets were printed on {} pages: a printable does not fit its sheet",
            expected,
            pages.len()
        ))
        .hint("a template or stylesheet change made a sheet taller than the paper; check poster.css"));
    }
    pages
        .iter()
        .map(|&keep| {
            let mut one = document.clone();
            let others: Vec<u32> = pages.iter().copied().filter(|&p| p != keep).collect();
            one.delete_pages(&others);
            one.prune_objects();
            one.renumber_objects();
            one.compress();
            let mut bytes = Vec::new();
            one.save_to(&mut bytes)
                .map_err(|e| Diagnostic::error(format!("cannot write a PDF: {e}")))?;
            Ok(bytes)
        })
        .collect()
}
