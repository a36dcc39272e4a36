//! Arbitrary text as each data file the theme reads, through the YAML reader and its schema
//! check: whatever the input, no panic, and every problem is reported inside the file.
#![no_main]

use greenprint::data::{read_yaml, schema};
use greenprint::diagnostics::Diagnostics;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for (name, _) in schema::FILES {
        let shown = format!("data/{name}.yaml");
        let mut diagnostics = Diagnostics::new();
        let value = read_yaml(name, &text, Path::new(&shown), &mut diagnostics);
        for d in diagnostics.sorted() {
            assert_eq!(d.file.as_deref(), Some(shown.as_str()), "{d:?}");
            assert!(d.line.is_some(), "a data file problem without a line: {d:?}");
            let _ = d.render_terminal(false);
        }
        assert!(value.is_some() || diagnostics.has_errors(), "nothing read and nothing said");
    }
});
