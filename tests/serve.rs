//! The live preview: it serves the site, reloads open pages when a file is saved, shows errors
//! with their file and line (keeping the last good site), and refuses requests that climb out of
//! its folder.

mod common;
use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Preview {
    child: Child,
    port: u16,
    /// The address serve printed.
    url: String,
    /// The private folder it builds into.
    folder: std::path::PathBuf,
}

impl Preview {
    /// Stops the preview as Ctrl+C does, and returns whether it ended by itself within 10 s.
    fn interrupt(&mut self) -> Option<std::process::ExitStatus> {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        if self.interrupt().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The temporary folder a fixture's preview is given (TMPDIR), where it makes its own folder.
fn temp_of(f: &Fixture) -> std::path::PathBuf {
    f.root().join("tmp")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start(f: &Fixture) -> Preview {
    start_on(f, free_port())
}

/// Starts serve asking for `port`, and waits for the address it prints.
fn start_on(f: &Fixture, port: u16) -> Preview {
    let child = Command::new(env!("CARGO_BIN_EXE_greenprint"))
        .args([
            "--root",
            f.root().to_str().unwrap(),
            "serve",
            "--port",
            &port.to_string(),
        ])
        .env("GREENPRINT_LANG", "en")
        .env("TMPDIR", {
            std::fs::create_dir_all(temp_of(f)).unwrap();
            temp_of(f)
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Owned by the guard from here on, so the server is stopped however the test ends.
    let folder = temp_of(f).join(format!("greenprint-serve-{}/site", child.id()));
    let mut preview = Preview {
        child,
        port,
        url: String::new(),
        folder,
    };
    let mut stdout = BufReader::new(preview.child.stdout.take().unwrap());
    let mut line = String::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        line.clear();
        if stdout.read_line(&mut line).unwrap() == 0 {
            break;
        }
        if let Some(start) = line.find("http://") {
            let url = line[start..]
                .split(|c: char| c.is_whitespace() || c == '（')
                .next()
                .unwrap();
            preview.port = url.trim_end_matches('/').rsplit(':').next().unwrap().parse().unwrap();
            preview.url = url.to_owned();
            std::thread::spawn(move || for _ in stdout.lines() {});
            return preview;
        }
    }
    panic!("serve did not start: {line}");
}

/// A raw HTTP/1.1 GET, so that paths reach the server exactly as written.
fn get(port: u16, path: &str) -> (u16, String) {
    request(
        port,
        &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"),
    )
}

/// Sends `raw` as it is and reads the whole answer, with its status.
fn request(port: u16, raw: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    // The server may answer and close before reading all of a refused request.
    let _ = stream.write_all(raw.as_bytes());
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, text)
}

/// Listens to the reload events and returns the next one's name and data.
struct Events(BufReader<TcpStream>);

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            stream,
            "GET /__greenprint/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
        )
        .unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let mut events = Events(BufReader::new(stream));
        // Changes made before the server has registered this listener would be missed.
        assert_eq!(events.next().0, "ready");
        events
    }

    /// The next event whose data contains `needle` (a build may report a file half-saved first).
    fn wait_for(&mut self, name: &str, needle: &str) -> String {
        loop {
            let (n, data) = self.next();
            if n == name && data.contains(needle) {
                return data;
            }
        }
    }

    fn next(&mut self) -> (String, String) {
        let (mut name, mut line) = (String::new(), String::new());
        loop {
            line.clear();
            assert!(self.0.read_line(&mut line).unwrap() > 0, "the event stream closed");
            if let Some(n) = line.trim().strip_prefix("event: ") {
                name = n.to_owned();
            } else if let Some(data) = line.trim().strip_prefix("data: ")
                && !name.is_empty()
            {
                return (name, data.to_owned());
            }
        }
    }
}

#[test]
fn a_saved_change_reloads_the_page_and_errors_show_until_fixed() {
    let f = Fixture::new();
    let preview = start(&f);
    let (status, page) = get(preview.port, "/tips/switch-off-lights/");
    assert_eq!(status, 200);
    assert!(page.contains("人走灯灭"));
    assert!(
        page.contains("/__greenprint/live.js"),
        "the reload script is added while serving"
    );
    assert!(!f.public().exists(), "serve never writes the site's public/");

    let mut events = Events::open(preview.port);
    let saved = Instant::now();
    f.file(
        "content/tips/switch-off-lights.md",
        &tip("随手关灯", "electricity", "离开房间时关灯。"),
    );
    events.wait_for("reload", "{}");
    eprintln!("save to reload event: {} ms", saved.elapsed().as_millis());
    let (status, page) = get(preview.port, "/tips/switch-off-lights/");
    assert!(
        page.contains("随手关灯"),
        "{status}: {}",
        page.lines()
            .filter(|l| l.contains("<h1") || l.contains("<title"))
            .collect::<Vec<_>>()
            .join("\n")
    );

    f.file(
        "content/tips/switch-off-lights.md",
        "---\ntitle: 随手关灯\ndescripton: x\n---\n",
    );
    let data = events.wait_for("problems", "descripton");
    assert!(
        data.contains("content/tips/switch-off-lights.md") && data.contains("\"line\": 3"),
        "{data}"
    );
    assert!(
        get(preview.port, "/tips/switch-off-lights/").1.contains("随手关灯"),
        "the last good page stays"
    );

    f.file(
        "content/tips/switch-off-lights.md",
        &tip("人走灯灭", "electricity", "修好了。"),
    );
    events.wait_for("reload", "{}");
    assert!(get(preview.port, "/tips/switch-off-lights/").1.contains("修好了"));
}

#[test]
fn requests_that_climb_out_of_the_output_folder_are_refused() {
    let f = Fixture::new();
    let preview = start(&f);
    for path in [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E%2Fsite.yaml",
        "/tips/..%2f..%2fsite.yaml",
        "/..%5csite.yaml",
        "/%252e%252e/site.yaml",
        "//etc/passwd",
    ] {
        let (status, body) = get(preview.port, path);
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("base_url"), "{path} leaked a file");
    }
}

#[test]
fn the_port_moves_on_when_taken() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let f = Fixture::new();
    let preview = start_on(&f, port);
    let line = &preview.url;
    assert!(
        line.contains("http://127.0.0.1:") && !line.contains(&format!(":{port}/")),
        "{line}"
    );
}

#[test]
fn a_body_only_edit_is_applied_without_rebuilding_the_site() {
    let f = Fixture::new();
    let preview = start(&f);
    let mut events = Events::open(preview.port);
    // Same front matter, new text: only this page is rendered again.
    f.file(
        "content/tips/switch-off-lights.md",
        &tip("人走灯灭", "electricity", "正文改过了，见[节水](water-tip.md)。"),
    );
    events.wait_for("reload", "{}");
    let page = get(preview.port, "/tips/switch-off-lights/").1;
    assert!(
        page.contains("正文改过了") && page.contains("href=\"/tips/water-tip/\""),
        "{page}"
    );
    // A broken link in the new text is still reported, with its line.
    f.file(
        "content/tips/switch-off-lights.md",
        &tip("人走灯灭", "electricity", "见[错](nowhere.md)。"),
    );
    let data = events.wait_for("problems", "nowhere.md");
    assert!(data.contains("\"line\": 7"), "{data}");
}

/// A new title, through the real watcher: the page, the tips list and the term page follow at
/// once, and a page that does not show the tip (its English translation) is not rewritten.
#[test]
fn a_title_edit_updates_the_lists_that_show_the_page_and_nothing_else() {
    let f = Fixture::new();
    let preview = start(&f);
    let mut events = Events::open(preview.port);
    let english_before = std::fs::metadata(preview_file(&preview, "en/tips/switch-off-lights/index.html"))
        .and_then(|m| m.modified())
        .expect("the English page exists");
    f.file(
        "content/tips/switch-off-lights.md",
        &tip("随手关灯", "electricity", "离开房间时关灯。[节水](water-tip.md)"),
    );
    events.wait_for("reload", "{}");
    for path in ["/tips/switch-off-lights/", "/tips/", "/categories/electricity/"] {
        let page = get(preview.port, path).1;
        assert!(
            page.contains("随手关灯") && !page.contains("人走灯灭"),
            "{path}: {page}"
        );
    }
    let english_after = std::fs::metadata(preview_file(&preview, "en/tips/switch-off-lights/index.html"))
        .and_then(|m| m.modified())
        .expect("the English page exists");
    assert_eq!(
        english_before, english_after,
        "the English page does not show the Chinese title"
    );
}

/// Where the preview keeps a file it serves (its private folder, named after its process).
fn preview_file(preview: &Preview, relative: &str) -> std::path::PathBuf {
    preview.folder.join(relative)
}

/// The preview builds into a private folder; Ctrl+C removes it (a volunteer's disk would
/// otherwise keep a copy of the site for every preview ever started), and one left by a preview
/// that was killed is removed when the next one starts.
#[test]
fn stopping_the_preview_removes_its_folder() {
    let f = Fixture::new();
    std::fs::create_dir_all(temp_of(&f).join("greenprint-serve-4194305/tips")).unwrap();
    let mut preview = start(&f);
    let folder = preview.folder.clone();
    assert!(
        folder.join("index.html").is_file(),
        "the preview builds into {}",
        folder.display()
    );
    assert!(
        !temp_of(&f).join("greenprint-serve-4194305").exists(),
        "a folder left by a preview that no longer runs is removed"
    );
    let status = preview.interrupt().expect("the preview stops on Ctrl+C");
    assert!(status.success(), "{status:?}");
    let left: Vec<_> = std::fs::read_dir(temp_of(&f))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert!(left.is_empty(), "nothing is left behind: {left:?}");
}

#[test]
fn the_preview_answers_only_its_own_address() {
    let f = Fixture::new();
    let preview = start(&f);
    let port = preview.port;
    let ask = |host: &str, path: &str| {
        request(
            port,
            &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        )
    };
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(ask(&host, "/tips/switch-off-lights/").0, 200, "{host}");
    }
    for host in [
        "evil.example".to_owned(),
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        "127.0.0.1".to_owned(),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
    ] {
        for path in [
            "/tips/switch-off-lights/",
            "/__greenprint/events",
            "/__greenprint/live.js",
        ] {
            let (status, body) = ask(&host, path);
            assert_eq!(status, 403, "{host} {path}");
            assert!(
                !body.contains("人走灯灭") && !body.contains("event:"),
                "{host} {path}: {body}"
            );
        }
    }
    let (status, _) = request(port, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 403, "a request without a Host is refused");
}

#[test]
fn oversized_request_headers_are_refused() {
    let f = Fixture::new();
    let preview = start(&f);
    let port = preview.port;
    let big = format!(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Padding: {}\r\nConnection: close\r\n\r\n",
        "a".repeat(20 * 1024)
    );
    assert_eq!(request(port, &big).0, 431);
    let many: String = (0..150).map(|i| format!("X-Header-{i}: {i}\r\n")).collect();
    let many = format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{many}Connection: close\r\n\r\n");
    assert_eq!(request(port, &many).0, 431);
    assert_eq!(get(port, "/").0, 200, "the preview still answers after refusing");
}

#[test]
fn two_requests_on_one_connection_are_both_answered() {
    let f = Fixture::new();
    let preview = start(&f);
    let port = preview.port;
    let one = format!("GET /tips/switch-off-lights/ HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n");
    let two = format!("HEAD /tips/water-tip/ HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n");
    let (_, text) = request(port, &format!("{one}{two}"));
    assert_eq!(text.matches("HTTP/1.1 200 OK").count(), 2, "{text}");
}
