//! The old addresses of pages (`aliases`, as Hugo and Zola sites have them): a small page at each
//! that sends visitors and search engines on to where the page is now, so that links into a site
//! that moved in from another tool keep working.

use crate::diagnostics::Diagnostics;
use crate::escape::escape_xml;
use crate::output::Output;
use crate::resolve::{Site, urls};

/// The page written at an old address. Without scripts: a refresh for browsers, the canonical
/// link for search engines, `noindex` so the old address is not listed, and a link for anyone
/// whose browser does not follow the refresh.
pub fn redirect_page(site: &Site, to: usize) -> String {
    let page = &site.pages[to];
    let lang = site
        .config
        .language(&page.lang)
        .map_or(page.lang.as_str(), |l| l.html_lang());
    let target = escape_xml(site.url(to));
    let permalink = escape_xml(&site.permalink(to));
    let title = escape_xml(&page.meta.title);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n\
         <link rel=\"canonical\" href=\"{permalink}\">\n<meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n\
         <body>\n<p><a href=\"{target}\">{title}</a></p>\n</body>\n</html>\n"
    )
}

/// Writes the page of every old address.
pub fn write_redirects(site: &Site, output: &Output, diagnostics: &mut Diagnostics) {
    for redirect in &site.redirects {
        let html = redirect_page(site, redirect.to);
        let origin = format!(
            "the alias {} of {}",
            redirect.from,
            site.pages[redirect.to].file().display()
        );
        if let Err(d) = output.write(&urls::output_path(&redirect.from), html.as_bytes(), &origin) {
            diagnostics.push(d);
        }
    }
}
