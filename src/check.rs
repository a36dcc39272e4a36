//! Checks of the whole site that no single page can make: translations that are missing,
//! savings figures whose factors the data lacks, campaign colours white text cannot sit on.

use crate::content::PageKind;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::{color, savings};
use crate::resolve::Site;

pub fn site(site: &Site, diagnostics: &mut Diagnostics) {
    let default = site.config.default_language();
    for page in &site.pages {
        if page.lang != default && site.page(&page.key, default).is_none() && !page.body.is_empty() {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "this translation has no original in the default language ({default})"
                ))
                .in_file(page.file())
                .hint(format!(
                    "add {} or rename this file",
                    default_file_name(&page.source, &page.lang)
                )),
            );
        }
        if let Some(savings) = &page.meta.savings {
            let missing = savings::missing_factors(savings, &site.data);
            if !missing.is_empty() {
                diagnostics.push(
                    Diagnostic::error(format!(
                        "the savings of this tip need factors that data/factors.yaml does not have: {}",
                        missing.join(", ")
                    ))
                    .in_file(page.file())
                    .hint("add them to data/factors.yaml with value, unit, source and year"),
                );
            }
        }
        if matches!(page.kind, PageKind::Campaign | PageKind::Action)
            && let Some(colour) = &page.meta.color
            && !color::white_text_readable(colour)
        {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "white text on the colour {colour} is hard to read (contrast below 4.5:1)"
                ))
                .in_file(page.file())
                .hint("choose a darker shade of the colour"),
            );
        }
    }
}

fn default_file_name(source: &str, lang: &str) -> String {
    format!("content/{}", source.replace(&format!(".{lang}.md"), ".md"))
}
