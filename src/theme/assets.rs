//! The theme's assets: the stylesheet compiled and minified by lightningcss for the site's target
//! browsers, the stylesheet of highlighted code, scripts and images, each published under a
//! name that carries a hash of its content so browsers can cache it for good.

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::theme::Theme;
use lightningcss::printer::PrinterOptions;
use lightningcss::stylesheet::{MinifyOptions, ParserOptions, StyleSheet};
use lightningcss::targets::{Browsers, Targets};
use std::collections::BTreeMap;

/// The theme's main stylesheet; it is the only CSS every page loads.
pub const MAIN_CSS: &str = "css/main.css";
/// The stylesheet of highlighted code, loaded only by pages with code.
pub const CODE_CSS: &str = "css/code.css";

/// Published assets: the logical name (`css/main.css`) to its URL, and the files to write.
#[derive(Debug, Default)]
pub struct Assets {
    pub urls: BTreeMap<String, String>,
    pub files: Vec<(String, Vec<u8>)>,
}

impl Assets {
    pub fn url(&self, name: &str) -> Option<&str> {
        self.urls.get(name).map(String::as_str)
    }

    fn publish(&mut self, name: &str, bytes: Vec<u8>) {
        let hash = blake3::hash(&bytes).to_hex();
        let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
        let file = format!("assets/{stem}.{}.{extension}", &hash[..10]);
        self.urls.insert(name.to_owned(), format!("/{file}"));
        self.files.push((file, bytes));
    }
}

pub fn build(config: &Config, theme: &Theme, diagnostics: &mut Diagnostics) -> Assets {
    let mut assets = Assets::default();
    let targets = targets(config, diagnostics);
    for (name, bytes) in &theme.assets {
        if name.ends_with(".css") {
            let Ok(source) = std::str::from_utf8(bytes) else {
                continue;
            };
            let source = if name == MAIN_CSS {
                format!("{}\n{source}", site_colours(config))
            } else {
                source.to_owned()
            };
            match compile_css(&source, targets) {
                Ok(css) => assets.publish(name, css.into_bytes()),
                Err(e) => diagnostics.push(
                    Diagnostic::error(format!("the stylesheet cannot be compiled: {e}"))
                        .in_file(format!("themes/{}/assets/{name}", config.theme))
                        .hint("check the CSS near the place named in the message"),
                ),
            }
        } else {
            assets.publish(name, bytes.clone());
        }
    }
    match crate::highlight::code_stylesheet(&config.build.highlight_theme) {
        Some(css) => {
            let compiled = compile_css(&css, targets).unwrap_or(css);
            assets.publish(CODE_CSS, compiled.into_bytes());
        }
        None => diagnostics.push(
            Diagnostic::error(format!(
                "there is no code highlighting theme `{}`",
                config.build.highlight_theme
            ))
            .in_file(crate::config::CONFIG_FILE)
            .hint("use one of syntect's themes, e.g. InspiredGitHub, base16-ocean.light, Solarized (light)"),
        ),
    }
    assets
}

/// The site's colours from site.yaml as CSS custom properties the theme uses.
fn site_colours(config: &Config) -> String {
    format!(
        ":root{{--primary:{};--accent:{}}}",
        config.colors.primary, config.colors.accent
    )
}

fn targets(config: &Config, diagnostics: &mut Diagnostics) -> Targets {
    match Browsers::from_browserslist(&config.build.browsers) {
        Ok(browsers) => Targets::from(browsers),
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(format!("the browser list in `build.browsers` cannot be read: {e}"))
                    .in_file(crate::config::CONFIG_FILE)
                    .hint("write browserslist queries such as \"chrome >= 87\" or \"safari >= 12\""),
            );
            Targets::default()
        }
    }
}

pub fn compile_css(source: &str, targets: Targets) -> Result<String, String> {
    let mut sheet = StyleSheet::parse(source, ParserOptions::default()).map_err(|e| e.to_string())?;
    sheet
        .minify(MinifyOptions {
            targets,
            ..MinifyOptions::default()
        })
        .map_err(|e| e.to_string())?;
    let out = sheet
        .to_css(PrinterOptions {
            minify: true,
            targets,
            ..PrinterOptions::default()
        })
        .map_err(|e| e.to_string())?;
    Ok(out.code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_is_minified_and_prefixed_for_old_safari() {
        let browsers = Browsers::from_browserslist(["safari >= 12"]).unwrap();
        let css = compile_css(
            ".a {\n  user-select: none;\n  color: #ff0000;\n}\n",
            Targets::from(browsers),
        )
        .unwrap();
        assert!(css.contains("-webkit-user-select:none"), "{css}");
        assert!(!css.contains('\n'));
    }
}
