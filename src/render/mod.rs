//! Turning the resolved site into text: Markdown to HTML (with the sanitiser), the template
//! engine and its functions, the views templates see, and the context every output shares
//! ([`context`]). What is written, and where, is the job of `outputs`.

pub mod context;
pub mod datafns;
pub mod markdown;
pub mod sanitise;
pub mod shortcodes;
pub mod templates;
pub mod views;
