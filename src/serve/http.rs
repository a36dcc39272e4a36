//! The preview's HTTP server: static files from the build folder (never anything outside it),
//! the live-reload event stream, and the script that listens to it, added to HTML pages only
//! while serving.

use super::State;
use percent_encoding::percent_decode_str;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;
use tiny_http::{Header, Request, Response, Server};

pub const EVENTS_PATH: &str = "/__greenprint/events";
pub const SCRIPT_PATH: &str = "/__greenprint/live.js";
const LIVE_JS: &str = include_str!("live.js");

/// Binds to `port`, or the next free one of the 20 after it.
pub fn bind(address: &str, port: u16) -> Result<(Server, u16), String> {
    let mut last = String::new();
    for candidate in port..port.saturating_add(20) {
        match Server::http((address, candidate)) {
            Ok(server) => return Ok((server, candidate)),
            Err(e) => last = e.to_string(),
        }
    }
    Err(format!(
        "no free port from {port} to {} on {address}: {last}",
        port.saturating_add(19)
    ))
}

pub fn run(server: Server, state: Arc<State>) {
    for request in server.incoming_requests() {
        let state = state.clone();
        std::thread::spawn(move || handle(request, &state));
    }
}

fn handle(request: Request, state: &State) {
    let url = request.url().to_owned();
    let path = url.split(['?', '#']).next().unwrap_or("/");
    if path == EVENTS_PATH {
        stream_events(request.into_writer(), state.listen());
        return;
    }
    if path == SCRIPT_PATH {
        let _ = request.respond(
            Response::from_string(LIVE_JS).with_header(header("Content-Type", "text/javascript; charset=utf-8")),
        );
        return;
    }
    // A rebuild swaps the whole folder in two renames; a request that falls between them
    // waits a moment instead of getting a 404.
    let found = (0..4).find_map(|attempt| {
        if attempt > 0 {
            std::thread::sleep(Duration::from_millis(25));
        }
        resolve(&state.output, path)
    });
    match found {
        Some(file) => respond_file(request, &file, 200),
        None => {
            let not_found = state.output.join("404.html");
            if not_found.is_file() {
                respond_file(request, &not_found, 404);
            } else {
                let _ = request.respond(Response::from_string("not found").with_status_code(404));
            }
        }
    }
}

fn respond_file(request: Request, file: &Path, status: u16) {
    let Ok(mut bytes) = std::fs::read(file) else {
        let _ = request.respond(Response::from_string("not found").with_status_code(404));
        return;
    };
    let content_type = content_type(file);
    if content_type.starts_with("text/html") {
        bytes = inject_live_script(&bytes);
    }
    let response = Response::from_data(bytes)
        .with_status_code(status)
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"));
    let _ = request.respond(response);
}

/// The live-reload script goes before `</body>`; it is never part of the built site.
pub fn inject_live_script(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\" defer></script>");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// The file a URL path names inside `root`, or `None` for anything that would leave it:
/// `..` in any encoding, backslashes, NUL bytes, or a link that points outside.
pub fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode_str(url_path).decode_utf8().ok()?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let mut path = root.to_path_buf();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s => {
                if Path::new(s).components().any(|c| !matches!(c, Component::Normal(_))) {
                    return None;
                }
                path.push(s);
            }
        }
    }
    if path.is_dir() {
        path.push("index.html");
    }
    let real = path.canonicalize().ok()?;
    let real_root = root.canonicalize().ok()?;
    (real.starts_with(&real_root) && real.is_file()).then_some(real)
}

pub fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "ics" => "text/calendar; charset=utf-8",
        "wasm" => "application/wasm",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("static header names and values are valid")
}

/// Server-sent events, written and flushed one by one on the raw connection (a buffered
/// response would hold them back), with a comment every 15 s to keep the connection open.
fn stream_events(mut writer: Box<dyn Write + Send>, events: Receiver<String>) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\n\r\n";
    if writer.write_all(head.as_bytes()).and_then(|()| writer.flush()).is_err() {
        return;
    }
    loop {
        let message = match events.recv_timeout(Duration::from_secs(15)) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_owned(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if writer
            .write_all(message.as_bytes())
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_path_climbs_out_of_the_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a/index.html"), "ok").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        assert!(resolve(&root, "/a/").is_some());
        for attack in [
            "/../secret.txt",
            "/a/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/..%5csecret.txt",
            "/a/%00",
            "/%2e%2e%2f%2e%2e%2fetc/passwd",
        ] {
            assert!(resolve(&root, attack).is_none(), "{attack}");
        }
    }

    #[test]
    fn the_script_goes_before_the_end_of_body() {
        let html = inject_live_script(b"<html><body><p>x</p></body></html>");
        assert!(
            String::from_utf8(html)
                .unwrap()
                .ends_with("<script src=\"/__greenprint/live.js\" defer></script></body></html>")
        );
    }
}
