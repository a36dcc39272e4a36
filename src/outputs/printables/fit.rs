//! Fitting a poster's text onto one sheet. Chromium lays the text out, but the build must know
//! in advance whether it fits, so that it can shrink the type a little or drop tips (and say so)
//! instead of letting a poster spill onto a second page. The estimate is deliberately
//! pessimistic; the sheet's CSS clips anything that still overflows.

/// Width of a text in ems: CJK and full-width characters are one em, Latin letters about half.
pub fn width_em(text: &str) -> f64 {
    text.chars()
        .map(|c| match c as u32 {
            0x1100..=0x11FF
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60 => 1.0,
            _ if c.is_ascii_uppercase() || c.is_ascii_digit() => 0.64,
            _ if c.is_ascii_lowercase() => 0.54,
            _ if c == ' ' => 0.3,
            _ if c.is_ascii_punctuation() => 0.4,
            _ => 0.62,
        })
        .sum()
}

/// How many lines `text` takes at `font` (mm) in a box `width` (mm) wide. Words do not break in
/// Latin scripts, so a line loses on average half a word: counted as 10 % slack.
pub fn lines(text: &str, font: f64, width: f64) -> usize {
    if text.trim().is_empty() {
        return 0;
    }
    let latin = text.chars().filter(|c| c.is_ascii_alphabetic()).count() * 2 > text.chars().count();
    let slack = if latin { 1.1 } else { 1.02 };
    ((width_em(text) * font * slack) / width).ceil().max(1.0) as usize
}

/// One block of text on a poster, with its font size at scale 1 and the line height.
pub struct Block<'a> {
    pub text: &'a str,
    pub font: f64,
    pub line_height: f64,
    pub width: f64,
    /// Space after the block, in mm at scale 1.
    pub gap: f64,
}

impl Block<'_> {
    pub fn height(&self, scale: f64) -> f64 {
        let font = self.font * scale;
        lines(self.text, font, self.width) as f64 * font * self.line_height + self.gap * scale
    }
}

/// The outcome of fitting: the type scale and how many of the items were kept.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    pub scale: f64,
    pub kept: usize,
}

/// Scales tried in order; below 0.8 the key actions get too small to read from two metres, so
/// items are dropped first, and only a slogan too long for any layout shrinks further.
const READABLE_SCALES: [f64; 3] = [1.0, 0.9, 0.8];
const LAST_RESORT_SCALES: [f64; 3] = [0.7, 0.6, 0.5];

/// Finds the largest scale at which `fixed` blocks and `items` fit in `available` mm, dropping
/// items from the end (never below `min_items`) before shrinking past the readable scales.
pub fn fit(fixed: &[Block], items: &[Vec<Block>], available: f64, min_items: usize) -> Fit {
    let height = |scale: f64, kept: usize| -> f64 {
        fixed.iter().map(|b| b.height(scale)).sum::<f64>()
            + items.iter().take(kept).flatten().map(|b| b.height(scale)).sum::<f64>()
    };
    for scale in READABLE_SCALES {
        if height(scale, items.len()) <= available {
            return Fit {
                scale,
                kept: items.len(),
            };
        }
    }
    let min = min_items.min(items.len());
    for kept in (min..items.len()).rev() {
        if height(0.8, kept) <= available {
            return Fit { scale: 0.8, kept };
        }
    }
    for scale in LAST_RESORT_SCALES {
        if height(scale, min) <= available {
            return Fit { scale, kept: min };
        }
    }
    Fit { scale: 0.5, kept: min }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(text: &str) -> Block<'_> {
        Block {
            text,
            font: 10.0,
            line_height: 1.2,
            width: 100.0,
            gap: 0.0,
        }
    }

    #[test]
    fn chinese_is_wider_than_latin_per_character() {
        assert_eq!(width_em("绿色家庭"), 4.0);
        assert!(width_em("green") < 3.0);
        assert_eq!(lines("绿色家庭", 10.0, 100.0), 1);
        assert_eq!(lines(&"绿".repeat(25), 10.0, 100.0), 3);
    }

    #[test]
    fn short_content_keeps_full_size() {
        let items = vec![vec![block("随手关灯")], vec![block("节约用水")]];
        assert_eq!(fit(&[block("标题")], &items, 100.0, 3), Fit { scale: 1.0, kept: 2 });
    }

    #[test]
    fn long_content_drops_items_before_shrinking_past_readable() {
        let items: Vec<Vec<Block>> = (0..12)
            .map(|_| vec![block("每天少开一小时空调，夏季温度设在二十六度以上")])
            .collect();
        let f = fit(&[block("标题")], &items, 120.0, 3);
        assert_eq!(f.scale, 0.8);
        assert!(f.kept < 12 && f.kept >= 3, "{f:?}");
    }
}
