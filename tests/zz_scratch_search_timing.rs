// Temporary: times the search index of the bundled site (deleted after measuring).
use greenprint::build::{BuildOptions, build};
#[test]
fn time_index() {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let r = build(&BuildOptions {
        output: Some(public.clone()),
        ..BuildOptions::new(env!("CARGO_MANIFEST_DIR"))
    });
    assert!(r.succeeded());
    let output = greenprint::output::Output::begin(&out.path().join("again")).unwrap();
    for e in walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let rel = e.path().strip_prefix(&public).unwrap();
        if rel.starts_with("pagefind") {
            continue;
        }
        let t = output.staging().join(rel);
        std::fs::create_dir_all(t.parent().unwrap()).unwrap();
        std::fs::copy(e.path(), t).unwrap();
    }
    let mut d = greenprint::diagnostics::Diagnostics::new();
    let started = std::time::Instant::now();
    let stats = greenprint::search::index(&output, &mut d);
    eprintln!(
        "TIMING whole build {:.2}s; index {:.2}s: {:?}",
        r.elapsed.as_secs_f64(),
        started.elapsed().as_secs_f64(),
        stats
    );
}
