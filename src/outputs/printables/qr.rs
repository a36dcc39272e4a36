//! QR codes made at build time, so a printed material leads back to its page with nothing
//! fetched from anywhere. The designs draw the modules themselves (in black ink only).

use qrcode::{Color, EcLevel, QrCode};

/// The modules of the QR code of `url`, row by row, "1" dark and "0" light (without the quiet
/// zone, which the design adds); `None` if the text is too long for a QR code.
pub fn rows(url: &str) -> Option<Vec<String>> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    Some(
        colors
            .chunks(width)
            .map(|row| row.iter().map(|c| if *c == Color::Dark { '1' } else { '0' }).collect())
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_code_is_square() {
        let rows = super::rows("https://green.example.gov.cn/campaigns/green-families/").unwrap();
        assert!(rows.len() >= 21);
        assert!(rows.iter().all(|r| r.len() == rows.len()));
        // The finder pattern in the top left corner.
        assert!(rows[0].starts_with("1111111"));
    }

    #[test]
    fn an_address_too_long_has_none() {
        assert!(super::rows(&"x".repeat(5000)).is_none());
    }
}
