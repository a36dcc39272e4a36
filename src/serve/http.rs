//! The preview's HTTP server: static files from the build folder (never anything outside it),
//! the live-reload event stream, and the script that listens to it, added to HTML pages only
//! while serving.
//!
//! Request heads are parsed by httparse (hyper's parser) from at most [`MAX_HEAD_BYTES`], so a
//! request cannot fill the memory (tiny_http, used before, read headers of any size), and only
//! requests addressed to the preview's own `Host` are answered (see [`Hosts`]).

use super::live::State;
use percent_encoding::percent_decode_str;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

pub const EVENTS_PATH: &str = "/__greenprint/events";
pub const SCRIPT_PATH: &str = "/__greenprint/live.js";
const LIVE_JS: &str = include_str!("live.js");

/// The most a request's line and headers may take together, and how many headers it may have;
/// browsers send a few kilobytes. Read with these bounds, a request cannot fill the memory.
pub const MAX_HEAD_BYTES: usize = 16 * 1024;
pub const MAX_HEADERS: usize = 100;
/// An idle connection is closed after this long.
const IDLE: Duration = Duration::from_secs(60);

/// Binds to `port`, or the next free one of the 20 after it.
pub fn bind(address: &str, port: u16) -> Result<(TcpListener, u16), String> {
    let mut last = String::new();
    for candidate in port..port.saturating_add(20) {
        match TcpListener::bind((address, candidate)) {
            Ok(listener) => return Ok((listener, candidate)),
            Err(e) => last = e.to_string(),
        }
    }
    Err(format!(
        "no free port from {port} to {} on {address}: {last}",
        port.saturating_add(19)
    ))
}

/// The `Host` values the preview answers: its own address only. A web page the volunteer visits
/// can point a name of its own at 127.0.0.1 (DNS rebinding); the browser then sends that name,
/// and the preview refuses it, so the page cannot read drafts or error details.
#[derive(Debug, Clone)]
pub struct Hosts {
    port: u16,
    names: Vec<String>,
    /// Bound to every address (`--bind 0.0.0.0`): any IP address is its own too. A rebinding
    /// page can only send a name, never an address.
    any_address: bool,
}

impl Hosts {
    pub fn new(bind: &str, port: u16) -> Hosts {
        let bound: Option<IpAddr> = bind.trim_matches(['[', ']']).parse().ok();
        let mut names = vec![
            format!("127.0.0.1:{port}"),
            format!("localhost:{port}"),
            format!("[::1]:{port}"),
        ];
        match bound {
            Some(IpAddr::V6(ip)) => names.push(format!("[{ip}]:{port}")),
            Some(ip) => names.push(format!("{ip}:{port}")),
            None => names.push(format!("{}:{port}", bind.to_ascii_lowercase())),
        }
        Hosts {
            port,
            names,
            any_address: bound.is_some_and(|ip| ip.is_unspecified()),
        }
    }

    pub fn allows(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        if self.names.contains(&host) {
            return true;
        }
        let Some((address, port)) = host.rsplit_once(':') else {
            return false;
        };
        self.any_address && port.parse() == Ok(self.port) && address.trim_matches(['[', ']']).parse::<IpAddr>().is_ok()
    }
}

pub fn run(listener: TcpListener, hosts: Hosts, state: Arc<State>) {
    let hosts = Arc::new(hosts);
    for stream in listener.incoming().flatten() {
        let (hosts, state) = (hosts.clone(), state.clone());
        std::thread::spawn(move || serve_connection(stream, &hosts, &state));
    }
}

/// One request's line and headers.
struct Head {
    method: String,
    target: String,
    /// HTTP/1.0, or `Connection: close`.
    close: bool,
    host: Option<String>,
    has_body: bool,
}

enum Refused {
    /// The connection closed, or went quiet.
    Gone,
    TooLarge,
    Malformed,
}

/// Requests on one connection, answered in turn until the client closes it.
fn serve_connection(stream: TcpStream, hosts: &Hosts, state: &State) {
    let _ = stream.set_read_timeout(Some(IDLE));
    let Ok(reading) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(reading);
    let mut stream = stream;
    loop {
        let head = match read_head(&mut reader) {
            Ok(head) => head,
            Err(Refused::Gone) => return,
            Err(Refused::TooLarge) => {
                return refuse(stream, reader, 431, b"request headers too large");
            }
            Err(Refused::Malformed) => {
                return refuse(stream, reader, 400, b"bad request");
            }
        };
        if !head.host.as_deref().is_some_and(|h| hosts.allows(h)) {
            let text = format!(
                "This preview answers only at its own address: open http://127.0.0.1:{}/",
                hosts.port
            );
            return refuse(stream, reader, 403, text.as_bytes());
        }
        if !matches!(head.method.as_str(), "GET" | "HEAD") || head.has_body {
            return refuse(stream, reader, 405, b"the preview only shows pages");
        }
        let path = head.target.split(['?', '#']).next().unwrap_or("/");
        if path == EVENTS_PATH {
            stream_events(stream, state.listen());
            return;
        }
        let only_head = head.method == "HEAD";
        if answer(&mut stream, state, path, only_head, head.close).is_err() || head.close {
            return;
        }
    }
}

/// Answers a refused request and closes the connection. What the client is still sending is read
/// and dropped for a moment first: closing with unread data would reset the connection, and the
/// client could lose the answer.
fn refuse(mut stream: TcpStream, reader: BufReader<TcpStream>, status: u16, text: &[u8]) {
    let _ = respond(&mut stream, status, "text/plain; charset=utf-8", text, true, false);
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = reader.get_ref().set_read_timeout(Some(Duration::from_millis(500)));
    let _ = std::io::copy(&mut reader.take(1 << 20), &mut std::io::sink());
}

/// Reads a request's line and headers with httparse, never more than [`MAX_HEAD_BYTES`] or
/// [`MAX_HEADERS`]; what follows the head (a next request on the connection) stays unread.
fn read_head(reader: &mut impl BufRead) -> Result<Head, Refused> {
    let mut buffer: Vec<u8> = Vec::new();
    loop {
        let available = reader.fill_buf().map_err(|_| Refused::Gone)?;
        if available.is_empty() {
            return Err(Refused::Gone);
        }
        let before = buffer.len();
        let taken = available.len().min(MAX_HEAD_BYTES + 1 - before);
        buffer.extend_from_slice(&available[..taken]);
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut request = httparse::Request::new(&mut headers);
        match request.parse(&buffer) {
            Ok(httparse::Status::Complete(end)) if end <= MAX_HEAD_BYTES => {
                let head = head_of(&request)?;
                reader.consume(end - before);
                return Ok(head);
            }
            Ok(httparse::Status::Partial) if buffer.len() <= MAX_HEAD_BYTES => reader.consume(taken),
            Ok(_) | Err(httparse::Error::TooManyHeaders) => return Err(Refused::TooLarge),
            Err(_) => return Err(Refused::Malformed),
        }
    }
}

fn head_of(request: &httparse::Request) -> Result<Head, Refused> {
    let (Some(method), Some(target), Some(version)) = (request.method, request.path, request.version) else {
        return Err(Refused::Malformed);
    };
    let mut head = Head {
        method: method.to_owned(),
        target: target.to_owned(),
        close: version == 0,
        host: None,
        has_body: false,
    };
    for header in request.headers.iter() {
        let value = std::str::from_utf8(header.value)
            .map_err(|_| Refused::Malformed)?
            .trim();
        match header.name.to_ascii_lowercase().as_str() {
            // Two Host headers could mean two different things to two readers: refuse them.
            "host" if head.host.is_some() => return Err(Refused::Malformed),
            "host" => head.host = Some(value.to_owned()),
            "connection" => head.close |= value.eq_ignore_ascii_case("close"),
            "content-length" => head.has_body |= value != "0",
            "transfer-encoding" => head.has_body = true,
            _ => {}
        }
    }
    Ok(head)
}

fn answer(stream: &mut TcpStream, state: &State, path: &str, only_head: bool, close: bool) -> std::io::Result<()> {
    if path == SCRIPT_PATH {
        return respond(
            stream,
            200,
            "text/javascript; charset=utf-8",
            LIVE_JS.as_bytes(),
            close,
            only_head,
        );
    }
    // Where the system cannot swap folders in one step, a rebuild swaps them in two renames; a
    // request that falls between them waits a moment instead of getting a 404.
    let found = (0..4).find_map(|attempt| {
        if attempt > 0 {
            std::thread::sleep(Duration::from_millis(25));
        }
        resolve(&state.output, path)
    });
    let not_found = state.output.join("404.html");
    let (file, status) = match found {
        Some(file) => (file, 200),
        None if not_found.is_file() => (not_found, 404),
        None => return respond(stream, 404, "text/plain; charset=utf-8", b"not found", close, only_head),
    };
    let Ok(mut bytes) = std::fs::read(&file) else {
        return respond(stream, 404, "text/plain; charset=utf-8", b"not found", close, only_head);
    };
    let content_type = content_type(&file);
    if content_type.starts_with("text/html") {
        bytes = inject_live_script(&bytes);
    }
    respond(stream, status, content_type, &bytes, close, only_head)
}

fn respond(
    stream: &mut TcpStream,
    status: u16,
    content_type: &str,
    body: &[u8],
    close: bool,
    only_head: bool,
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        _ => "",
    };
    let connection = if close { "close" } else { "keep-alive" };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: {connection}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if !only_head {
        stream.write_all(body)?;
    }
    stream.flush()
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
        path.push(crate::resolve::urls::INDEX_FILE);
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

/// Server-sent events, written and flushed one by one on the raw connection (a buffered
/// response would hold them back), with a comment every 15 s to keep the connection open.
fn stream_events(mut writer: TcpStream, events: Receiver<String>) {
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
    fn only_the_previews_own_addresses_are_its_hosts() {
        let local = Hosts::new("127.0.0.1", 1111);
        for own in ["127.0.0.1:1111", "localhost:1111", "LOCALHOST:1111", "[::1]:1111"] {
            assert!(local.allows(own), "{own}");
        }
        for other in [
            "evil.example",
            "evil.example:1111",
            "127.0.0.1",
            "localhost:2222",
            "192.168.1.5:1111",
        ] {
            assert!(!local.allows(other), "{other}");
        }
        let everywhere = Hosts::new("0.0.0.0", 1111);
        assert!(everywhere.allows("192.168.1.5:1111") && everywhere.allows("[fe80::1]:1111"));
        assert!(!everywhere.allows("evil.example:1111") && !everywhere.allows("192.168.1.5:2222"));
    }

    #[test]
    fn a_request_head_is_read_within_its_bounds() {
        let ok = "GET /a HTTP/1.1\r\nHost: localhost:1\r\nConnection: close\r\n\r\n";
        let head = read_head(&mut ok.as_bytes()).ok().expect("a head");
        assert_eq!(
            (head.target.as_str(), head.host.as_deref(), head.close),
            ("/a", Some("localhost:1"), true)
        );
        let long = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_HEAD_BYTES));
        assert!(matches!(read_head(&mut long.as_bytes()), Err(Refused::TooLarge)));
        let many: String = (0..=MAX_HEADERS).map(|i| format!("X-{i}: 1\r\n")).collect();
        let many = format!("GET / HTTP/1.1\r\n{many}\r\n");
        assert!(matches!(read_head(&mut many.as_bytes()), Err(Refused::TooLarge)));
        // Two requests on one connection: the second is still there after the first head.
        let two = "GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\n";
        let mut reader = std::io::BufReader::with_capacity(7, two.as_bytes());
        let first = read_head(&mut reader).ok().expect("the first head");
        let second = read_head(&mut reader).ok().expect("the second head");
        assert_eq!((first.target.as_str(), second.target.as_str()), ("/1", "/2"));
        let two_hosts = "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n";
        assert!(matches!(read_head(&mut two_hosts.as_bytes()), Err(Refused::Malformed)));
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
