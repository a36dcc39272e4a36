//! The schema check of every kind of page on whatever front matter `split` accepts.
#![no_main]

mod shared;

use greenprint::diagnostics::Diagnostics;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut diagnostics = Diagnostics::new();
    let Some(split) = shared::split(&text, &mut diagnostics) else {
        return;
    };
    for kind in greenprint::content::PageKind::ALL {
        let mut local = Diagnostics::new();
        shared::check(&text, &split, kind, &mut local);
        shared::render(&local);
    }
});
