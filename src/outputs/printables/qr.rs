//! QR codes drawn at build time as inline SVG, so a printed poster leads back to its page with
//! nothing fetched from anywhere.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// An inline `<svg>` of a QR code for `url`, with an accessible name; `None` if the text is too
/// long for a QR code.
pub fn svg(url: &str, label: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    let image = code
        .render::<svg::Color>()
        .quiet_zone(true)
        .min_dimensions(200, 200)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    // Inline SVG needs no XML declaration; it gets a role and a name for screen readers.
    let start = image.find("<svg")?;
    let escaped = crate::escape::escape_xml(label);
    Some(image[start..].replacen(
        "<svg",
        &format!("<svg role=\"img\" aria-label=\"{escaped}\" class=\"qr\""),
        1,
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn makes_an_inline_svg() {
        let svg = super::svg("https://green.example.gov.cn/campaigns/green-families/", "QR").unwrap();
        assert!(svg.starts_with("<svg role=\"img\" aria-label=\"QR\""));
        assert!(!svg.contains("<?xml"));
    }
}
