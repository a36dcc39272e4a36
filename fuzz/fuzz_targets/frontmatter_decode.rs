//! A file's bytes as an editor saved them (UTF-8 with a BOM, CRLF, GBK, binary), decoded by
//! `decode::decode` and then split and checked as a tip page.
#![no_main]

mod shared;

use greenprint::content::PageKind;
use greenprint::decode;
use greenprint::diagnostics::Diagnostics;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let mut diagnostics = Diagnostics::new();
    match decode::decode(data, Path::new(shared::FILE), &mut diagnostics) {
        None => assert!(diagnostics.has_errors(), "decode gave nothing and reported no error"),
        Some(text) => {
            assert!(!text.contains('\r'), "decoded text still has a carriage return");
            if let Some(split) = shared::split(&text, &mut diagnostics) {
                shared::check(&text, &split, PageKind::Tip, &mut diagnostics);
            }
        }
    }
    shared::render(&diagnostics);
});
