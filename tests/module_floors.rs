//! Module floors: which top-level module may import which. Every `use crate::…` statement and
//! every inline `crate::…` path in code (not in comments) under `src/` is an edge from the
//! file's top-level module to the module it names; an edge missing from [`ALLOWED`] fails, and
//! so does a cycle among library modules or among the files of `src/cli/`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module → modules it may import (`cli` and `main` may import anything).
const ALLOWED: &[(&str, &[&str])] = &[
    (
        "api",
        &[
            "calibrate",
            "centres",
            "databuild",
            "engine",
            "error",
            "flows",
            "input",
            "power",
            "replay",
            "rules",
            "scenario",
            "sweep",
            "table",
            "vote",
            "world",
        ],
    ),
    (
        "calibrate",
        &["databuild", "engine", "error", "table", "vote", "world"],
    ),
    (
        "centres",
        &[
            "databuild",
            "error",
            "flows",
            "input",
            "random",
            "world",
            "yaml",
        ],
    ),
    ("charts", &["error", "output", "table"]),
    ("databuild", &["error", "output", "progress", "world"]),
    (
        "engine",
        &["error", "numerics", "random", "rules", "vote", "world"],
    ),
    ("error", &[]),
    ("fit", &[]),
    (
        "flows",
        &[
            "engine", "error", "input", "progress", "random", "replay", "rules", "vote", "world",
            "yaml",
        ],
    ),
    ("input", &["error", "output"]),
    ("io", &[]),
    ("numerics", &[]),
    ("numfmt", &[]),
    ("output", &["error", "io"]),
    ("power", &["error", "table", "yaml"]),
    ("progress", &[]),
    ("random", &[]),
    (
        "replay",
        &["engine", "error", "random", "rules", "vote", "world"],
    ),
    (
        "report",
        &[
            "api",
            "calibrate",
            "centres",
            "charts",
            "engine",
            "error",
            "flows",
            "power",
            "replay",
            "scenario",
            "sweep",
            "table",
            "world",
        ],
    ),
    ("rules", &["error", "input", "power", "world", "yaml"]),
    (
        "scenario",
        &[
            "engine", "error", "flows", "input", "replay", "rules", "vote", "world", "yaml",
        ],
    ),
    (
        "sweep",
        &[
            "engine", "error", "flows", "input", "output", "random", "rules", "scenario", "table",
            "vote", "world", "yaml",
        ],
    ),
    ("table", &["error", "fit", "numfmt", "output"]),
    ("vote", &["error", "input", "numerics", "world", "yaml"]),
    ("world", &["error"]),
    ("yaml", &["error", "table"]),
];

fn names_in(path: &str) -> Vec<String> {
    let path = path.trim();
    if let Some(group) = path.strip_prefix('{') {
        let mut out = Vec::new();
        let mut depth = 0;
        let mut item = String::new();
        for c in group.trim_end_matches(['}', ';']).chars() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    out.push(std::mem::take(&mut item));
                    continue;
                }
                _ => {}
            }
            item.push(c);
        }
        out.push(item);
        out.iter()
            .map(|i| i.trim().split("::").next().unwrap_or("").trim().to_string())
            .filter(|n| !n.is_empty() && n != "self")
            .collect()
    } else {
        let name: String = path
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        vec![name]
    }
}

/// Edges (from file, to module) of every `use crate::` statement in `text`.
fn uses(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("use crate::") {
        let line_start = rest[..i].rfind('\n').map_or(0, |n| n + 1);
        let before = rest[line_start..i].trim();
        let stmt_end = rest[i..].find(';').map_or(rest.len(), |n| i + n);
        if !before.starts_with("//") {
            out.extend(names_in(&rest[i + "use crate::".len()..stmt_end]));
        }
        rest = &rest[stmt_end.min(rest.len())..];
        if rest.len() <= 1 {
            break;
        }
        rest = &rest[1..];
    }
    out
}

/// Modules named by inline `crate::x::…` paths in code: comments (`//`, `///`, `//!`) are
/// cut from each line first, so doc links and commented-out code are not edges.
fn inline_paths(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let code = line.find("//").map_or(line, |i| &line[..i]);
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let before = rest[..i].chars().next_back();
            let after = &rest[i + "crate::".len()..];
            // `pub(in crate::x)` aside, a path starts after a non-identifier character;
            // `use crate::{…}` groups are read by [`uses`].
            if !before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                let name: String = after
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.push(name);
                }
            }
            rest = after;
        }
    }
    out
}

/// Items the crate root re-exports (`pub use m::{A, B};` in `lib.rs`), with their module: a
/// path `crate::A` is an edge to `m`.
fn root_reexports(lib: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for line in lib.lines().map(str::trim) {
        let Some(path) = line.strip_prefix("pub use ") else {
            continue;
        };
        let path = path.trim_end_matches(';');
        let Some((module, items)) = path.split_once("::") else {
            continue;
        };
        for item in items.trim_matches(['{', '}']).split(',') {
            let item = item.trim();
            if !item.is_empty() {
                out.insert(item.to_string(), module.to_string());
            }
        }
    }
    out
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

type Graph = BTreeMap<String, BTreeSet<String>>;

/// One cycle of `graph` per strongly connected part with more than one node or a self loop.
fn cycles(graph: &Graph) -> Vec<Vec<String>> {
    let nodes: BTreeSet<&String> = graph.keys().chain(graph.values().flatten()).collect();
    let reach = |from: &String| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.clone()];
        while let Some(n) = stack.pop() {
            for m in graph.get(&n).into_iter().flatten() {
                if seen.insert(m.clone()) {
                    stack.push(m.clone());
                }
            }
        }
        seen
    };
    let mut done = BTreeSet::new();
    let mut out = Vec::new();
    for n in nodes {
        if done.contains(n) {
            continue;
        }
        let r = reach(n);
        if !r.contains(n) {
            continue;
        }
        let part: Vec<String> = r.iter().filter(|m| reach(m).contains(n)).cloned().collect();
        done.extend(part.iter().cloned());
        out.push(part);
    }
    out
}

fn graph_of(edges: &[(&str, &str)]) -> Graph {
    let mut g = Graph::new();
    for (a, b) in edges {
        g.entry(a.to_string()).or_default().insert(b.to_string());
    }
    g
}

#[test]
fn the_cycle_finder_finds_a_cycle_and_only_a_cycle() {
    assert!(cycles(&graph_of(&[("a", "b"), ("b", "c")])).is_empty());
    let found = cycles(&graph_of(&[("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]));
    assert_eq!(found, vec![vec!["a".to_string(), "b".into(), "c".into()]]);
}

#[test]
fn grouped_uses_are_read() {
    assert_eq!(
        uses("use crate::{a::X, b::{c, d}};\n// use crate::z;\nuse crate::e;"),
        ["a", "b", "e"]
    );
}

#[test]
fn inline_paths_in_code_are_edges_and_comments_are_not() {
    let text = "fn f() { crate::a::g(); let x: crate::b::T = 1; } // crate::z::h\n\
/// [`crate::y::Y`]\n//! see crate::w\nuse crate::{c::D};\nlet s = my_crate::v::x;";
    assert_eq!(inline_paths(text), ["a", "b"]);
}

#[test]
fn root_reexports_name_their_module() {
    let found = root_reexports("pub mod error;\npub use error::{Error, Result};\n");
    assert_eq!(found.get("Error").map(String::as_str), Some("error"));
    assert_eq!(found.get("Result").map(String::as_str), Some("error"));
}

#[test]
fn modules_import_only_what_their_floor_allows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&root, &mut all);
    let allowed: BTreeMap<&str, BTreeSet<&str>> = ALLOWED
        .iter()
        .map(|(m, to)| (*m, to.iter().copied().collect()))
        .collect();
    let reexported = root_reexports(&std::fs::read_to_string(root.join("lib.rs")).unwrap());
    let mut bad = Vec::new();
    let mut cli = Graph::new();
    for file in &all {
        let rel = file
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let top = rel
            .split('/')
            .next()
            .unwrap()
            .trim_end_matches(".rs")
            .to_string();
        let text = std::fs::read_to_string(file).unwrap();
        for to in uses(&text).into_iter().chain(inline_paths(&text)) {
            let to = reexported.get(&to).cloned().unwrap_or(to);
            if to == top || top == "cli" || top == "main" || top == "lib" {
                continue;
            }
            if !allowed
                .get(top.as_str())
                .is_some_and(|a| a.contains(to.as_str()))
            {
                bad.push(format!("{rel}: {top} -> {to}"));
            }
        }
        if let Some(name) = rel.strip_prefix("cli/") {
            let from = name.trim_end_matches(".rs").to_string();
            for line in text
                .lines()
                .filter(|l| l.trim_start().starts_with("use super::"))
            {
                let rest = line.trim_start().trim_start_matches("use super::");
                for to in names_in(rest) {
                    if to != from && all.iter().any(|f| f.ends_with(format!("cli/{to}.rs"))) {
                        cli.entry(from.clone()).or_default().insert(to);
                    }
                }
            }
        }
    }
    assert!(
        bad.is_empty(),
        "imports outside the floors:\n{}",
        bad.join("\n")
    );
    let lib: Vec<(&str, &str)> = ALLOWED
        .iter()
        .flat_map(|(m, to)| to.iter().map(move |t| (*m, *t)))
        .collect();
    assert_eq!(
        cycles(&graph_of(&lib)),
        Vec::<Vec<String>>::new(),
        "cycle among library modules"
    );
    assert_eq!(
        cycles(&cli),
        Vec::<Vec<String>>::new(),
        "cycle among src/cli files"
    );
}
