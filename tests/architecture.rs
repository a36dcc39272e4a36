//! The module graph of src/ has no import circles, not even between a parent and its child.
//!
//! Reads every `src/**/*.rs`, collects the crate-internal paths it uses (`crate::…`, `super::…`,
//! grouped `use` trees included; test modules aside) and maps each to a module of one or two
//! levels (`render`, `render::templates`). A parent declaring `mod child` is no edge; a parent
//! using the child's items is. Print the graph with
//! `cargo test --test architecture -- --nocapture`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

type Graph = BTreeMap<String, BTreeSet<String>>;

#[test]
fn modules_import_each_other_in_no_circle() {
    let graph = module_graph(Path::new(env!("CARGO_MANIFEST_DIR")).join("src").as_path());
    println!("module graph (module -> the modules it uses):");
    for (module, uses) in &graph {
        let uses: Vec<&str> = uses.iter().map(String::as_str).collect();
        println!("  {module} -> {}", uses.join(", "));
    }
    let circles = circles(&graph);
    for circle in &circles {
        println!("circle: {}", circle.join(", "));
    }
    assert!(circles.is_empty(), "import circles: {circles:?}");
}

/// Every module (as `a::b::c`) with the file that holds it.
fn module_files(src: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let mut pending = vec![src.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(src).unwrap().with_extension("");
                let mut parts: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if matches!(parts.last().map(String::as_str), Some("mod" | "lib" | "main")) {
                    parts.pop();
                }
                files.insert(parts.join("::"), fs::read_to_string(&path).unwrap());
            }
        }
    }
    files
}

fn module_graph(src: &Path) -> Graph {
    let files = module_files(src);
    let modules: BTreeSet<&str> = files.keys().map(String::as_str).collect();
    let mut graph = Graph::new();
    for (module, text) in &files {
        if module.is_empty() {
            continue; // lib.rs and main.rs only declare and run the modules
        }
        let from = node(module);
        let edges = graph.entry(from.clone()).or_default();
        let code = code_outside_tests(text);
        let children = child_paths(&modules, module, &code);
        for path in used_paths(&code).into_iter().chain(children) {
            let Some(absolute) = absolute(module, &path) else {
                continue;
            };
            let target = longest_module(&modules, &absolute);
            if target.is_empty() {
                continue;
            }
            let to = node(&target);
            if to != from {
                edges.insert(to);
            }
        }
    }
    graph
}

/// Paths into a child module written without `self::` (`http::serve` in `serve`), made absolute.
fn child_paths(modules: &BTreeSet<&str>, module: &str, code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    for child in modules
        .iter()
        .filter_map(|m| m.strip_prefix(module)?.strip_prefix("::"))
    {
        if child.contains("::") {
            continue;
        }
        let needle = format!("{child}::");
        for (at, _) in code.match_indices(&needle) {
            let before = code.as_bytes()[..at].last().copied();
            if before.is_none_or(|b| !is_ident(b) && b != b':') {
                paths.push(format!("crate::{module}::{child}"));
            }
        }
    }
    paths
}

/// A module's node in the graph: its first two levels.
fn node(module: &str) -> String {
    module.split("::").take(2).collect::<Vec<_>>().join("::")
}

/// The text before the file's test module, without comments.
fn code_outside_tests(text: &str) -> String {
    let mut code = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]") && lines.peek().is_some_and(|next| next.trim_start().starts_with("mod "))
        {
            break;
        }
        let code_part = match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        };
        code.push_str(code_part);
        code.push('\n');
    }
    code
}

/// Every path starting with `crate::` or `super::`, with `use` trees expanded.
fn used_paths(code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let bytes = code.as_bytes();
    let mut at = 0;
    while at < code.len() {
        let rest = &code[at..];
        let starts = ["crate::", "super::"].iter().any(|p| rest.starts_with(p))
            && (at == 0 || !is_ident(bytes[at - 1]) && bytes[at - 1] != b'$');
        if !starts {
            at += rest.chars().next().unwrap().len_utf8();
            continue;
        }
        let end = path_end(rest);
        expand_tree(&rest[..end], &mut paths);
        at += end.max(1);
    }
    paths
}

fn is_ident(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// Where a path (or a `use` tree with balanced braces) ends.
fn path_end(text: &str) -> usize {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return i,
            '}' => depth -= 1,
            c if depth > 0 || c.is_alphanumeric() || c == '_' || c == ':' => {}
            _ => return i,
        }
    }
    text.len()
}

/// `a::{b, c::{d}}` into `a::b`, `a::c::d`.
fn expand_tree(tree: &str, out: &mut Vec<String>) {
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(open) = tree.find('{') else {
        out.push(tree.trim_end_matches("::").to_string());
        return;
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut depth = 0;
    let mut start = 0;
    let mut parts = Vec::new();
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    for part in parts.into_iter().filter(|p| !p.is_empty()) {
        if part == "self" {
            out.push(prefix.trim_end_matches("::").to_string());
        } else {
            expand_tree(&format!("{prefix}{part}"), out);
        }
    }
}

/// A path as seen from `module`, made absolute (`a::b::item`).
fn absolute(module: &str, path: &str) -> Option<String> {
    let mut segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let mut base: Vec<&str> = Vec::new();
    if segments.first() == Some(&"crate") {
        segments.remove(0);
    } else {
        base = module.split("::").collect();
        while segments.first() == Some(&"super") {
            segments.remove(0);
            base.pop()?;
        }
    }
    base.extend(segments);
    Some(base.join("::"))
}

/// The deepest module that `path` names or lies in.
fn longest_module(modules: &BTreeSet<&str>, path: &str) -> String {
    let segments: Vec<&str> = path.split("::").collect();
    (0..=segments.len())
        .rev()
        .map(|n| segments[..n].join("::"))
        .find(|prefix| modules.contains(prefix.as_str()))
        .unwrap_or_default()
}

/// Every strongly connected group of more than one module (Tarjan's algorithm).
fn circles(graph: &Graph) -> Vec<Vec<String>> {
    struct State<'g> {
        graph: &'g Graph,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'g>(state: &mut State<'g>, module: &'g str) {
        let index = state.index.len();
        state.index.insert(module, index);
        state.low.insert(module, index);
        state.stack.push(module);
        state.on_stack.insert(module);
        for next in state.graph.get(module).into_iter().flatten() {
            let next = next.as_str();
            if !state.index.contains_key(next) {
                visit(state, next);
                let low = state.low[module].min(state.low[next]);
                state.low.insert(module, low);
            } else if state.on_stack.contains(next) {
                let low = state.low[module].min(state.index[next]);
                state.low.insert(module, low);
            }
        }
        if state.low[module] == state.index[module] {
            let mut group = Vec::new();
            while let Some(top) = state.stack.pop() {
                state.on_stack.remove(top);
                group.push(top.to_string());
                if top == module {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                state.found.push(group);
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for module in graph.keys() {
        if !state.index.contains_key(module.as_str()) {
            visit(&mut state, module);
        }
    }
    state.found
}
