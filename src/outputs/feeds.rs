//! The machine-readable outputs: sitemap.xml with language alternates, robots.txt, and an Atom
//! feed of news per language. Dates come from the content, never from the clock, so that the
//! same input gives the same bytes.

use crate::diagnostics::Diagnostics;
use crate::escape::escape_xml;
use crate::output::Output;
use crate::render::views::in_feed;
use crate::resolve::{Site, urls};
use std::fmt::Write as _;
use std::path::Path;

pub fn sitemap(site: &Site) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    // A page shown from another language is not a translation: the sitemap names only pages
    // written in their language.
    let mut indices: Vec<usize> = (0..site.pages.len())
        .filter(|&i| site.pages[i].is_translated() && !site.pages[i].meta.internal)
        .collect();
    indices.sort_by(|&a, &b| site.url(a).cmp(site.url(b)));
    for i in indices {
        let page = &site.pages[i];
        let _ = writeln!(out, "  <url>\n    <loc>{}</loc>", escape_xml(&site.permalink(i)));
        if let Some(date) = page.meta.updated.or(page.meta.date) {
            let _ = writeln!(out, "    <lastmod>{}</lastmod>", date.format("%Y-%m-%d"));
        }
        let translations = site.translations(&page.key);
        if translations.len() > 1 {
            for &t in translations {
                let _ = writeln!(
                    out,
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    site.pages[t].lang,
                    escape_xml(&site.permalink(t))
                );
            }
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

pub fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        urls::permalink(&site.config, "/sitemap.xml")
    )
}

/// The Atom feed of news in `lang`, newest first; `None` when the language has no news.
pub fn atom(site: &Site, lang: &str) -> Option<String> {
    let mut items: Vec<usize> = (0..site.pages.len())
        .filter(|&i| site.pages[i].lang == lang && in_feed(site.pages[i].kind))
        .collect();
    if items.is_empty() {
        return None;
    }
    for &i in &items {
        crate::deps::read(crate::deps::Input::Page(i));
    }
    items.sort_by(|&a, &b| {
        site.pages[b]
            .meta
            .date
            .cmp(&site.pages[a].meta.date)
            .then_with(|| site.url(a).cmp(site.url(b)))
    });
    let feed_url = urls::permalink(&site.config, &urls::file_url(&site.config, lang, "atom.xml"));
    let home = urls::permalink(&site.config, &urls::url_path(&site.config, lang, ""));
    let stamp = |i: usize| {
        let m = &site.pages[i].meta;
        m.updated
            .or(m.date)
            .map(|d| format!("{}T00:00:00Z", d.format("%Y-%m-%d")))
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
    };
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(out, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">");
    let _ = writeln!(out, "  <title>{}</title>", escape_xml(site.config.title(lang)));
    let _ = writeln!(
        out,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape_xml(&feed_url)
    );
    let _ = writeln!(
        out,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape_xml(&home)
    );
    let _ = writeln!(out, "  <id>{}</id>", escape_xml(&feed_url));
    let _ = writeln!(
        out,
        "  <updated>{}</updated>",
        items.iter().map(|&i| stamp(i)).max().unwrap_or_default()
    );
    for i in items {
        let page = &site.pages[i];
        let link = site.permalink(i);
        // News shown untranslated is in the feed in the language of its text.
        match site.config.language(page.text_lang()).filter(|_| !page.is_translated()) {
            Some(text_language) => {
                let _ = writeln!(out, "  <entry xml:lang=\"{}\">", escape_xml(text_language.html_lang()));
            }
            None => {
                let _ = writeln!(out, "  <entry>");
            }
        }
        let _ = writeln!(out, "    <title>{}</title>", escape_xml(&page.meta.title));
        let _ = writeln!(
            out,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            escape_xml(&link)
        );
        let _ = writeln!(out, "    <id>{}</id>", escape_xml(&link));
        let _ = writeln!(out, "    <updated>{}</updated>", stamp(i));
        if let Some(d) = page.meta.date {
            let _ = writeln!(out, "    <published>{}T00:00:00Z</published>", d.format("%Y-%m-%d"));
        }
        let publisher = site
            .config
            .publisher
            .as_ref()
            .map(|p| p.get(lang, site.config.default_language()))
            .unwrap_or(site.config.title(lang));
        let _ = writeln!(out, "    <author><name>{}</name></author>", escape_xml(publisher));
        if let Some(summary) = &page.meta.description {
            let _ = writeln!(out, "    <summary>{}</summary>", escape_xml(summary));
        }
        let _ = writeln!(out, "  </entry>");
    }
    out.push_str("</feed>\n");
    Some(out)
}

/// sitemap.xml and robots.txt.
pub fn write_sitemap(site: &Site, output: &Output, diagnostics: &mut Diagnostics) {
    for (file, text) in [("sitemap.xml", sitemap(site)), ("robots.txt", robots(site))] {
        if let Err(d) = output.write(Path::new(file), text.as_bytes(), file) {
            diagnostics.push(d);
        }
    }
}

/// The Atom feed of news in `lang`, when it has news.
pub fn write_feed(site: &Site, lang: &str, output: &Output, diagnostics: &mut Diagnostics) {
    if let Some(feed) = atom(site, lang) {
        let file = urls::file_url(&site.config, lang, "atom.xml");
        let file = file.trim_start_matches('/');
        if let Err(d) = output.write(Path::new(file), feed.as_bytes(), file) {
            diagnostics.push(d);
        }
    }
}
