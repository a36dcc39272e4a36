//! Highlighting fenced code: syntect turns a code block into spans with CSS classes, and the
//! stylesheet for those classes comes from the configured syntect theme, made readable. Pages
//! (render::markdown) and the theme's assets both use it; it uses no stage.

use crate::escape::escape_xml;
use std::sync::OnceLock;

/// The class prefix of highlighted code, shared with the stylesheet generated for it.
pub const CODE_CLASS_PREFIX: &str = "hl-";

fn syntaxes() -> &'static syntect::parsing::SyntaxSet {
    static SET: OnceLock<syntect::parsing::SyntaxSet> = OnceLock::new();
    SET.get_or_init(syntect::parsing::SyntaxSet::load_defaults_newlines)
}

/// Highlighted code as `<pre><code>` with CSS classes; the syntax set is loaded on first use only.
pub fn highlight(language: &str, code: &str) -> String {
    use syntect::html::{ClassStyle, ClassedHTMLGenerator};
    use syntect::util::LinesWithEndings;
    let set = syntaxes();
    let syntax = set
        .find_syntax_by_token(language)
        .unwrap_or_else(|| set.find_syntax_plain_text());
    let mut generator = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        set,
        ClassStyle::SpacedPrefixed {
            prefix: CODE_CLASS_PREFIX,
        },
    );
    for line in LinesWithEndings::from(code) {
        if generator.parse_html_for_line_which_includes_newline(line).is_err() {
            return format!("<pre class=\"code hl-code\"><code>{}</code></pre>\n", escape_xml(code));
        }
    }
    let class = if language.is_empty() {
        String::new()
    } else {
        format!(" data-lang=\"{}\"", escape_xml(language))
    };
    format!(
        "<pre class=\"code hl-code\"{class}><code>{}</code></pre>\n",
        generator.finalize()
    )
}

/// The stylesheet for highlighted code in the configured syntect theme. Its `.hl-code` rule (the
/// theme's own text and background colours) applies to every code block. syntect's themes have
/// pale greens, greys and oranges that are hard to read (InspiredGitHub's tags are 3:1 on its
/// white), so every colour is darkened (or, on a dark theme, lightened) to WCAG AA, 4.5:1.
pub fn code_stylesheet(theme_name: &str) -> Option<String> {
    use syntect::html::{ClassStyle, css_for_theme_with_class_style};
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    let theme = themes.themes.get(theme_name)?;
    let css = css_for_theme_with_class_style(
        theme,
        ClassStyle::SpacedPrefixed {
            prefix: CODE_CLASS_PREFIX,
        },
    )
    .ok()?;
    let background = theme.settings.background.map_or((255, 255, 255), |c| (c.r, c.g, c.b));
    Some(readable_colours(&css, background))
}

/// `css` (as syntect writes it: one ` color: #rrggbb;` per line) with every text colour moved
/// towards black or white until it has 4.5:1 against its rule's background, or `background`.
fn readable_colours(css: &str, background: (u8, u8, u8)) -> String {
    use crate::color::{contrast, parse_hex};
    let mut out = String::with_capacity(css.len());
    for rule in css.split_inclusive('}') {
        let rule_background = rule
            .lines()
            .find_map(|l| l.trim().strip_prefix("background-color:"))
            .and_then(|v| parse_hex(v.trim().trim_end_matches(';')))
            .unwrap_or(background);
        for line in rule.split_inclusive('\n') {
            let colour = line
                .trim()
                .strip_prefix("color:")
                .and_then(|v| parse_hex(v.trim().trim_end_matches(';')));
            let Some(mut colour) = colour else {
                out.push_str(line);
                continue;
            };
            let target = if contrast(rule_background, (0, 0, 0)) >= contrast(rule_background, (255, 255, 255)) {
                0.0
            } else {
                255.0
            };
            let mut step = 0;
            while contrast(colour, rule_background) < 4.5 && step < 50 {
                step += 1;
                let mix = |c: u8| (c as f64 + (target - c as f64) * 0.04).round() as u8;
                colour = (mix(colour.0), mix(colour.1), mix(colour.2));
            }
            if contrast(colour, rule_background) < 4.5 {
                colour = (target as u8, target as u8, target as u8);
            }
            let (r, g, b) = colour;
            out.push_str(&format!(" color: #{r:02x}{g:02x}{b:02x};\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_colour_of_the_code_stylesheet_is_readable() {
        use crate::color::{contrast, parse_hex};
        for (theme, background) in [("InspiredGitHub", "#ffffff"), ("base16-ocean.dark", "#2b303b")] {
            let css = code_stylesheet(theme).expect("a theme");
            let background = parse_hex(background).unwrap();
            let colours: Vec<_> = css
                .split_inclusive('}')
                .filter(|rule| !rule.contains("background-color") || rule.contains(".hl-code "))
                .flat_map(|rule| rule.lines())
                .filter_map(|l| l.trim().strip_prefix("color:"))
                .map(|v| parse_hex(v.trim().trim_end_matches(';')).expect("#rrggbb"))
                .collect();
            assert!(colours.len() > 20, "{theme}: {css}");
            for colour in colours {
                assert!(contrast(colour, background) >= 4.5, "{theme}: {colour:?}");
            }
        }
    }
}
