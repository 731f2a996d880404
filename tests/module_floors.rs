//! Module floors: which top-level module may import which. Every `use crate::…` line under
//! `src/` is an edge from the file's top-level module to the module it names; an edge missing
//! from [`ALLOWED`] fails, and so does a cycle among library modules (beyond the back edges
//! still listed in [`STANDING_BACK_EDGES`]) or among the files of `src/cli/`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module → modules it may import (`cli` and `main` may import anything).
const ALLOWED: &[(&str, &[&str])] = &[
    (
        "api",
        &[
            "calibrate",
            "centres",
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
        &["databuild", "error", "flows", "input", "world", "yaml"],
    ),
    ("charts", &["error", "output", "table"]),
    ("databuild", &["error", "flows", "output", "world"]),
    ("engine", &["error", "rules", "vote", "world"]),
    ("error", &["output"]),
    ("fit", &["table"]),
    (
        "flows",
        &[
            "engine", "error", "input", "replay", "rules", "vote", "world", "yaml",
        ],
    ),
    ("input", &["error", "output"]),
    ("io", &[]),
    ("numfmt", &["table"]),
    ("output", &["error", "io"]),
    ("power", &["error", "table", "yaml"]),
    ("replay", &["engine", "error", "rules", "vote", "world"]),
    (
        "report",
        &[
            "api",
            "calibrate",
            "centres",
            "charts",
            "error",
            "flows",
            "power",
            "replay",
            "scenario",
            "table",
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
            "engine", "error", "flows", "input", "output", "rules", "scenario", "table", "vote",
            "world", "yaml",
        ],
    ),
    ("table", &["error", "fit", "numfmt", "output"]),
    ("vote", &["engine", "error", "input", "world", "yaml"]),
    ("world", &["databuild", "error"]),
    ("yaml", &["error", "table"]),
];

/// Back edges that still close a cycle among library modules; each is to be removed, none added.
const STANDING_BACK_EDGES: &[(&str, &str)] = &[
    ("world", "databuild"),
    ("databuild", "flows"),
    ("vote", "engine"),
    ("error", "output"),
    ("fit", "table"),
    ("numfmt", "table"),
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
fn modules_import_only_what_their_floor_allows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&root, &mut all);
    let allowed: BTreeMap<&str, BTreeSet<&str>> = ALLOWED
        .iter()
        .map(|(m, to)| (*m, to.iter().copied().collect()))
        .collect();
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
        for to in uses(&text) {
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
        .filter(|e| !STANDING_BACK_EDGES.contains(e))
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
