//! greenprint: a static site generator for bilingual green-living campaign sites.
//!
//! The modules follow the pipeline: `config`, `content` and `data` load and check the site,
//! `resolve` links pages to each other (URLs, translations, taxonomies) into the site model,
//! `theme` loads templates and UI strings, `render` turns Markdown and templates into text,
//! `outputs` has one module per kind of file the site gets, and `output` writes them atomically.
//! `build` runs the pipeline; `serve` and `cli` sit on top, with `init` and `import` (a Hugo or
//! Zola site moving in) beside them. Small leaf modules (`color`, `slug`,
//! `decode`, `savings`, `locale`, `escape`, `highlight`) are there for any stage to use; `tests/architecture.rs`
//! keeps the module graph free of import circles.

// A diagnostic is returned on the rare path where something is wrong; boxing it would only add
// noise to every stage that reports one.
#![allow(clippy::result_large_err)]

pub mod build;
pub mod check;
pub mod cli;
pub mod color;
pub mod config;
pub mod content;
pub mod data;
pub mod decode;
pub mod deps;
pub mod diagnostics;
pub mod escape;
pub mod highlight;
pub mod import;
pub mod init;
pub mod locale;
pub mod new;
pub mod output;
pub mod outputs;
pub mod print;
pub mod progress;
pub mod render;
pub mod resolve;
pub mod savings;
pub mod search;
pub mod serve;
pub mod site_files;
pub mod slug;
pub mod theme;
pub mod typography;
pub mod url_rule;
pub mod yaml;
