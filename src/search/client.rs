//! The search client: Pagefind's script (`pagefind.js`) and its WebAssembly, one build of it
//! for each language it stems (`wasm.en.pagefind`) and one for the others
//! (`wasm.unknown.pagefind`). They come from the Pagefind crate greenprint is built with, so the
//! client always matches the index format of [`super::encode`]: Pagefind is run once on one
//! small page per language, and only these files of its bundle are kept. They are the same for
//! every build with the same languages, so a process makes them once.

use super::encode::FORMAT_VERSION;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

/// The client's files (names in the bundle, bytes), and the WebAssembly each language loads.
pub struct Client {
    pub files: Vec<(String, Vec<u8>)>,
    /// The languages with a WebAssembly build of their own, by the entry file's name for it.
    pub wasm: BTreeMap<String, String>,
}

/// The client for these languages (lower-cased `<html lang>` values).
pub fn files<'a>(languages: impl Iterator<Item = &'a str>) -> Result<Arc<Client>, String> {
    static MADE: OnceLock<Mutex<HashMap<Vec<String>, Arc<Client>>>> = OnceLock::new();
    let languages: Vec<String> = languages.map(str::to_owned).collect();
    let made = MADE.get_or_init(Default::default);
    if let Some(client) = made.lock().unwrap_or_else(|e| e.into_inner()).get(&languages) {
        return Ok(Arc::clone(client));
    }
    let client = Arc::new(run_pagefind(&languages)?);
    made.lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(languages, Arc::clone(&client));
    Ok(client)
}

/// Runs Pagefind on one page per language and keeps its client files.
///
/// Not on rayon's shared threads: Pagefind runs an async runtime and uses rayon inside it, and a
/// shared worker waiting there may pick up other work that starts a second runtime on the same
/// thread, which tokio refuses with a panic. So it gets a thread and a small rayon pool of its
/// own. Pagefind's failures include a few panics: joining its thread makes them a message.
fn run_pagefind(languages: &[String]) -> Result<Client, String> {
    let languages = languages.to_vec();
    std::thread::spawn(move || {
        rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .map_err(|e| format!("cannot start the indexing threads: {e}"))?
            .install(|| bundle(&languages))
    })
    .join()
    .unwrap_or_else(|panic| {
        Err(format!(
            "Pagefind stopped with an internal error ({})",
            panic_text(&*panic)
        ))
    })
}

fn bundle(languages: &[String]) -> Result<Client, String> {
    use pagefind::api::PagefindIndex;
    use pagefind::options::PagefindServiceConfig;

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start Pagefind's runtime: {e}"))?;
    let files = runtime.block_on(async move {
        let config = PagefindServiceConfig::builder()
            .keep_index_url(false)
            .write_playground(false)
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| format!("{e:#}"))?;
        for (i, lang) in languages.iter().enumerate() {
            let lang = html_escape::encode_double_quoted_attribute(lang);
            let page = format!("<html lang=\"{lang}\"><body><p>greenprint</p></body></html>");
            index
                .add_html_file(None, Some(format!("/{i}/")), page)
                .await
                .map_err(|e| format!("{e:#}"))?;
        }
        index.get_files().await.map_err(|e| format!("{e:#}"))
    })?;
    let mut client = Client {
        files: Vec::new(),
        wasm: BTreeMap::new(),
    };
    for file in files {
        let name = crate::diagnostics::display_path(&file.filename);
        if name == "pagefind-entry.json" {
            let entry: serde_json::Value = serde_json::from_slice(&file.contents)
                .map_err(|e| format!("Pagefind's entry file cannot be read: {e}"))?;
            if entry["version"] != FORMAT_VERSION {
                return Err(format!(
                    "Pagefind {} is not the version whose index greenprint writes ({FORMAT_VERSION})",
                    entry["version"]
                ));
            }
            for (lang, index) in entry["languages"].as_object().into_iter().flatten() {
                if let Some(wasm) = index["wasm"].as_str() {
                    client.wasm.insert(lang.clone(), wasm.to_owned());
                }
            }
        } else if name == "pagefind.js" || (name.starts_with("wasm.") && name.ends_with(".pagefind")) {
            client.files.push((name, file.contents));
        }
    }
    if !client.files.iter().any(|(name, _)| name == "pagefind.js") {
        return Err("Pagefind wrote no pagefind.js".into());
    }
    client.files.sort();
    Ok(client)
}

/// What a panic said, for the message that replaces it.
fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}
