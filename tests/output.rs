//! The output folder as a careless user and an interrupted machine would meet it: no `--output`
//! can eat the site's sources, an interrupted build leaves the old site or the new one whole and
//! nothing behind, two builds never write one folder at once, and what greenprint did not write
//! is kept.

mod common;

use common::{Fixture, snapshot, tip};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// The site's own files (everything but the output and what greenprint keeps beside it).
fn sources(f: &Fixture) -> Vec<(String, Vec<u8>)> {
    snapshot(f.root())
        .into_iter()
        .filter(|(path, _)| !path.starts_with("public") && !path.starts_with(".public."))
        .collect()
}

/// What stands beside the output folder other than the folder and its manifest: leftovers.
fn leftovers(parent: &Path, name: &str) -> Vec<String> {
    std::fs::read_dir(parent)
        .expect("read the folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        // The manifest and the search index's cache of readings stay beside the output.
        .filter(|n| {
            n.starts_with(&format!(".{name}."))
                && *n != format!(".{name}.greenprint")
                && *n != format!(".{name}.search-cache")
        })
        .collect()
}

#[test]
fn no_output_over_the_sources_loses_a_file() {
    let f = Fixture::new();
    f.file("static/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .file("notes.txt", "my notes")
        .file("templates/page.html", "{{ page.title }}")
        .file("i18n/zh.yaml", "search: 搜索\n");
    let neighbour = f.root().join("../greenprint-neighbour-file.txt");
    let before = sources(&f);
    for output in [
        ".",
        "./",
        "content",
        "content/tips",
        "content/new-folder",
        "data",
        "static",
        "static/../data",
        "templates",
        "i18n",
        "themes",
        "..",
        "../..",
        "/",
        "site.yaml",
        "notes.txt",
        "content/_index.md",
    ] {
        let absolute = f.root().join(output);
        let run = f.run(&["build", "--output", absolute.to_str().expect("utf-8")]);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(
            run.status.code(),
            Some(2),
            "--output {output} must be refused: {stderr}"
        );
        assert!(
            stderr.contains("output"),
            "the message says why for --output {output}: {stderr}"
        );
        assert_eq!(sources(&f), before, "--output {output} changed the sources");
    }
    assert!(!neighbour.exists());
    assert!(!f.public().exists(), "nothing was built");
    // A relative --output is read from where the command runs, as a shell user expects.
    let run = Command::new(env!("CARGO_BIN_EXE_greenprint"))
        .current_dir(f.root())
        .args(["build", "--output", "."])
        .env("GREENPRINT_LANG", "en")
        .output()
        .expect("run greenprint");
    assert_eq!(run.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&run.stderr).contains("is the site folder itself"),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(sources(&f), before);
}

#[test]
fn the_refusal_speaks_the_sites_language() {
    let f = Fixture::new();
    let content = f.root().join("content");
    let run = f.run_in_site_language(&["build", "--output", content.to_str().expect("utf-8")]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("源文件"), "{stderr}");
}

#[test]
fn an_output_that_is_a_file_is_refused_and_the_file_kept() {
    let f = Fixture::new();
    let outside = tempfile::tempdir().expect("a folder");
    let notes = outside.path().join("notes.txt");
    std::fs::write(&notes, "keep me").expect("write");
    let run = f.run(&["build", "--output", notes.to_str().expect("utf-8")]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("is a file"));
    assert_eq!(std::fs::read_to_string(&notes).expect("still there"), "keep me");
    assert_eq!(
        std::fs::read_dir(outside.path()).expect("read").count(),
        1,
        "nothing beside it"
    );
}

#[test]
fn files_greenprint_did_not_publish_survive_a_rebuild() {
    let f = Fixture::new();
    f.build_ok();
    std::fs::write(f.public().join("CNAME"), "green.example.gov.cn").expect("write");
    std::fs::create_dir_all(f.public().join(".well-known")).expect("folder");
    std::fs::write(f.public().join(".well-known/security.txt"), "Contact: x").expect("write");
    f.remove("content/tips/water-tip.md")
        .remove("content/tips/water-tip.en.md");
    f.file(
        "content/tips/switch-off-lights.md",
        &tip("人走灯灭", "electricity", "离开房间时关灯。"),
    )
    .file(
        "content/tips/switch-off-lights.en.md",
        &tip("Switch off lights", "electricity", "Switch off."),
    );
    f.build_ok();
    assert_eq!(f.read("CNAME"), "green.example.gov.cn");
    assert_eq!(f.read(".well-known/security.txt"), "Contact: x");
    assert!(
        !f.public().join("tips/water-tip/index.html").exists(),
        "a page the site no longer has is removed"
    );
}

#[test]
fn a_public_that_is_a_link_is_updated_through_it_and_stays_a_link() {
    let f = Fixture::new();
    let server = tempfile::tempdir().expect("a folder");
    let www = server.path().join("www");
    std::fs::create_dir_all(&www).expect("folder");
    std::fs::write(www.join("server-page.html"), "the server's own").expect("write");
    std::os::unix::fs::symlink(&www, f.public()).expect("link");
    for _ in 0..2 {
        f.build_ok();
        let meta = std::fs::symlink_metadata(f.public()).expect("public");
        assert!(meta.file_type().is_symlink(), "public is still a link");
        assert!(www.join("index.html").is_file(), "the site is in the linked folder");
        assert!(www.join("server-page.html").is_file(), "and the server's file is kept");
        assert!(leftovers(server.path(), "www").is_empty());
    }
}

/// The site as v1 or v2: every tip page says which, and v2 has one tip more.
fn write_version(f: &Fixture, version: u32) {
    for i in 0..40 {
        f.file(
            &format!("content/tips/tip-{i}.md"),
            &tip(&format!("金点子{i}"), "water", &format!("版本{version}")),
        );
    }
    if version == 2 {
        f.file("content/tips/only-in-v2.md", &tip("新的金点子", "water", "版本2"));
    }
}

/// Builds the fixture's v1 and v2 into folders of their own, for comparing with `public/`.
fn reference_sites(f: &Fixture) -> [Vec<(String, Vec<u8>)>; 2] {
    let reference = |version| {
        write_version(f, version);
        let out = tempfile::tempdir().expect("a folder");
        let target = out.path().join("site");
        let run = f.run(&["build", "--output", target.to_str().expect("utf-8")]);
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        snapshot(&target)
    };
    let v2 = reference(2);
    f.remove("content/tips/only-in-v2.md");
    let v1 = reference(1);
    [v1, v2]
}

/// Starts a build of v2 over the published v1 that pauses at `moment`, and waits until it is there.
fn build_paused_at(f: &Fixture, moment: &str) -> Child {
    write_version(f, 2);
    let mut child = f
        .command(&["build"])
        .env("GREENPRINT_LANG", "en")
        .env("GREENPRINT_TEST_PAUSE", moment)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("start greenprint");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    loop {
        match lines.next() {
            Some(Ok(line)) if line.contains(&format!("paused at {moment}")) => break,
            Some(_) => {}
            None => panic!("the build ended before {moment}"),
        }
    }
    child
}

fn publish_v1(f: &Fixture) {
    write_version(f, 1);
    let _ = f.remove_if_there("content/tips/only-in-v2.md");
    let run = f.run(&["build"]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
}

trait RemoveIfThere {
    fn remove_if_there(&self, path: &str) -> bool;
}

impl RemoveIfThere for Fixture {
    fn remove_if_there(&self, path: &str) -> bool {
        std::fs::remove_file(self.root().join(path)).is_ok()
    }
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_site_or_the_new_one() {
    let f = Fixture::new();
    let [v1, v2] = reference_sites(&f);
    assert_ne!(v1, v2);
    for (moment, expected) in [("before-swap", &v1), ("after-swap", &v2)] {
        publish_v1(&f);
        assert_eq!(&snapshot(&f.public()), &v1);
        let mut child = build_paused_at(&f, moment);
        child.kill().expect("SIGKILL");
        let _ = child.wait();
        assert!(
            &snapshot(&f.public()) == expected,
            "killed {moment}: public/ is not wholly the {} site",
            if expected == &v1 { "old" } else { "new" }
        );
        // The next build removes what the killed one left and publishes v2.
        let run = f.run(&["build"]);
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        assert_eq!(&snapshot(&f.public()), &v2);
        assert_eq!(
            leftovers(f.root(), "public"),
            Vec::<String>::new(),
            "after a kill {moment}"
        );
    }
    // Kills at moments chosen by the clock rather than by the build.
    for delay_ms in [5, 40, 120, 250, 500] {
        publish_v1(&f);
        write_version(&f, 2);
        let mut child = f
            .command(&["build"])
            .stderr(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .expect("start greenprint");
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let now = snapshot(&f.public());
        assert!(now == v1 || now == v2, "killed after {delay_ms} ms: a mixed site");
    }
}

#[test]
fn a_terminated_build_leaves_nothing_that_the_next_one_does_not_remove() {
    let f = Fixture::new();
    reference_sites(&f);
    // A terminate signal, and Ctrl+C. A process started in the background by a shell without job
    // control ignores Ctrl+C, and so do its children: the build then rightly carries on.
    let signals: &[&str] = if ignores_ctrl_c() {
        eprintln!("this test runs with Ctrl+C ignored (started in the background): SIGINT is not tried");
        &["-TERM"]
    } else {
        &["-TERM", "-INT"]
    };
    for &signal in signals {
        publish_v1(&f);
        let old = snapshot(&f.public());
        let mut child = build_paused_at(&f, "before-swap");
        let _ = Command::new("kill").args([signal, &child.id().to_string()]).status();
        let _ = child.wait();
        assert_eq!(
            snapshot(&f.public()),
            old,
            "a build stopped by {signal} publishes nothing"
        );
    }
    let run = f.run(&["build"]);
    assert!(run.status.success());
    assert!(
        leftovers(f.root(), "public").is_empty(),
        "{:?}",
        leftovers(f.root(), "public")
    );
}

/// Whether this process ignores SIGINT (and so would the builds it starts), from /proc.
fn ignores_ctrl_c() -> bool {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("SigIgn:"))
        .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
        .is_some_and(|mask| mask & (1 << (2 - 1)) != 0)
}

#[test]
fn a_second_build_into_the_same_folder_is_refused_while_the_first_runs() {
    let f = Fixture::new();
    publish_v1(&f);
    let first = build_paused_at(&f, "before-swap");
    let second = f.run(&["build"]);
    assert_eq!(second.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(stderr.contains("another greenprint build is writing into"), "{stderr}");
    let first = first.wait_with_output().expect("the first build ends");
    assert!(first.status.success(), "the first build is not disturbed");
    assert!(f.read("tips/tip-0/index.html").contains("版本2"));
    assert!(leftovers(f.root(), "public").is_empty());
}

#[test]
fn a_base_url_flag_that_is_not_a_web_address_is_refused() {
    let f = Fixture::new();
    for address in [
        "javascript:alert(1)//",
        "green.example.gov.cn",
        "https://a.example/\"><script>",
        "file:///etc",
    ] {
        let run = f.run(&["build", "--base-url", address]);
        assert_eq!(run.status.code(), Some(2), "--base-url {address}");
        assert!(String::from_utf8_lossy(&run.stderr).contains("is not a web address"));
    }
    assert!(!f.public().exists());
    let run = f.run(&["build", "--base-url", "https://staging.example.gov.cn/"]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
}
