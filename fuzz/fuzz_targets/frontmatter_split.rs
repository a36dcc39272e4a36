//! Front matter splitting and YAML parsing on arbitrary UTF-8 text (invalid bytes become U+FFFD).
#![no_main]

mod shared;

use greenprint::diagnostics::Diagnostics;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut diagnostics = Diagnostics::new();
    let _ = shared::split(&text, &mut diagnostics);
    shared::render(&diagnostics);
});
