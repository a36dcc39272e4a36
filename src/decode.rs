//! Reading a file as editors really save it: UTF-8 with or without a BOM, CRLF line endings,
//! and now and then GBK from a Chinese Windows editor, or UTF-16 from Notepad's "Unicode"
//! choice. Everything becomes UTF-8 with LF; a GBK or UTF-16 file is read correctly and the
//! author is told how to save it as UTF-8.

use crate::diagnostics::{Diagnostic, Diagnostics};
use std::path::Path;

/// Markdown and YAML files larger than this are refused rather than slowing every build.
pub const MAX_TEXT_FILE: u64 = 4 * 1024 * 1024;

/// Decodes `bytes` to text with LF line endings, or records why it cannot.
pub fn decode(bytes: &[u8], shown: &Path, diagnostics: &mut Diagnostics) -> Option<String> {
    // UTF-16 starts with its byte order mark (Notepad writes one); its text is full of zero
    // bytes, so it is recognised before the check for binary data.
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes)
        && encoding != encoding_rs::UTF_8
    {
        let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
        let unreadable = "this file is saved as UTF-16 but part of it cannot be read";
        let read = "this file is saved in the UTF-16 encoding (\"Unicode\" in Notepad); it was read as UTF-16";
        return read_as("UTF-16", text, had_errors, (unreadable, read), shown, diagnostics);
    }
    if bytes.contains(&0) {
        diagnostics.push(
            Diagnostic::error("this is not a text file (it contains binary data)")
                .in_file(shown)
                .hint("only Markdown (.md) files belong in content/; put images and PDFs next to the page in a page folder, or in static/"),
        );
        return None;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(normalise_newlines(text.to_owned())),
        Err(_) => {
            let (text, _, had_errors) = encoding_rs::GBK.decode(bytes);
            let unreadable = "this file is not saved as UTF-8 and its encoding is unknown";
            let read = "this file is saved in the GBK encoding; it was read as GBK";
            read_as("GBK", text, had_errors, (unreadable, read), shown, diagnostics)
        }
    }
}

/// A file's text as [`decode`] reads it, for quoting its lines in a message: the lines a message
/// points at were counted in this text, in any encoding. Empty when the file cannot be read (that
/// was reported when it was loaded).
pub fn read_text(path: &Path) -> String {
    std::fs::read(path)
        .ok()
        .and_then(|bytes| decode(&bytes, path, &mut Diagnostics::new()))
        .unwrap_or_default()
}

/// The text of a file decoded from `encoding` (as an editor's status bar names it), with the
/// author told how to save it as UTF-8; or, when part of it did not decode, an error. `messages`
/// are the error's and the warning's.
fn read_as(
    encoding: &str,
    text: std::borrow::Cow<str>,
    had_errors: bool,
    messages: (&str, &str),
    shown: &Path,
    diagnostics: &mut Diagnostics,
) -> Option<String> {
    let (unreadable, read) = messages;
    if had_errors {
        diagnostics.push(
            Diagnostic::error(unreadable)
                .in_file(shown)
                .hint("open it in your editor and save it again with the encoding \"UTF-8\""),
        );
        return None;
    }
    diagnostics.push(Diagnostic::warning(read).in_file(shown).hint(format!(
        "save it as UTF-8 so every tool reads it the same way: in Notepad choose File > Save As > Encoding: UTF-8; in VS Code click \"{encoding}\" in the status bar > Save with Encoding > UTF-8"
    )));
    Some(normalise_newlines(text.into_owned()))
}

/// CRLF (Windows) and lone CR line endings become LF.
fn normalise_newlines(text: String) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_accepted_silently() {
        let mut d = Diagnostics::new();
        let text = decode(b"\xEF\xBB\xBF---\r\ntitle: x\r\n---\r\n", Path::new("a.md"), &mut d).unwrap();
        assert_eq!(text, "---\ntitle: x\n---\n");
        assert!(d.is_empty());
    }

    #[test]
    fn utf16_from_notepad_is_read_and_the_author_is_told() {
        for big_endian in [false, true] {
            let mut bytes: Vec<u8> = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
            for unit in "---\r\ntitle: 绿色家庭\r\n---\r\n".encode_utf16() {
                let pair = if big_endian {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                };
                bytes.extend(pair);
            }
            let mut d = Diagnostics::new();
            let text = decode(&bytes, Path::new("a.md"), &mut d).expect("read");
            assert_eq!(text, "---\ntitle: 绿色家庭\n---\n");
            let shown = d.render_terminal(false);
            assert!(
                shown.contains("UTF-16") && shown.contains("UTF-8") && !d.has_errors(),
                "{shown}"
            );
        }
    }

    #[test]
    fn gbk_is_read_and_the_author_is_told() {
        let (gbk, _, _) = encoding_rs::GBK.encode("title: 绿色家庭\n");
        let mut d = Diagnostics::new();
        let text = decode(&gbk, Path::new("a.md"), &mut d).unwrap();
        assert_eq!(text, "title: 绿色家庭\n");
        let shown = d.render_terminal(false);
        assert!(shown.contains("GBK") && shown.contains("UTF-8"), "{shown}");
    }
}
