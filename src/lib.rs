//! greenprint: a static site generator for bilingual green-living campaign sites.
//!
//! The modules follow the pipeline: `config` and `content` load and check the site, `resolve`
//! links pages to each other (URLs, translations, taxonomies), `render` turns the site model into
//! files, and `output` writes them atomically. `build` runs the pipeline; `cli` sits on top.

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
pub mod init;
pub mod locale;
pub mod new;
pub mod output;
pub mod outputs;
pub mod pdf;
pub mod progress;
pub mod render;
pub mod resolve;
pub mod savings;
pub mod search;
pub mod serve;
pub mod site_files;
pub mod slug;
pub mod theme;
pub mod url_rule;
pub mod yaml;
