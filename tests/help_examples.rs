//! Every command's `--help` ends with examples, and every example works: each is parsed by
//! the command line's own definition, and those that are quick are run (with few trials,
//! writing into a temporary folder) and must succeed.

use std::path::Path;
use std::process::Command;

/// Commands whose examples are only parsed: they need raw data or shard folders, or fit the
/// vote model (minutes, not seconds).
const PARSE_ONLY: [&str; 4] = ["data build", "merge", "calibrate votes", "predict votes"];

/// Options whose value is a file or folder the example writes: redirected into the
/// temporary folder.
const WRITES: [&str; 3] = ["--out", "--plot", "--write-model"];

/// Every command and subcommand with its path of names (`calibrate votes`).
fn commands() -> Vec<(String, clap::Command)> {
    fn walk(prefix: &str, cmd: &clap::Command, out: &mut Vec<(String, clap::Command)>) {
        for sub in cmd.get_subcommands() {
            if sub.get_name() == "help" {
                continue;
            }
            let path = format!("{prefix} {}", sub.get_name()).trim().to_string();
            out.push((path.clone(), sub.clone()));
            walk(&path, sub, out);
        }
    }
    let root = veto_sim::cli::command();
    let mut out = vec![(String::new(), root.clone())];
    walk("", &root, &mut out);
    out
}

/// The example command lines of a command's help, without their comments, as words (up to
/// a shell redirection or pipe, which the test does itself).
fn examples(cmd: &clap::Command) -> Vec<Vec<String>> {
    let help = cmd
        .get_after_help()
        .map(ToString::to_string)
        .unwrap_or_default();
    help.lines()
        .map(str::trim)
        .filter(|l| l.starts_with("veto-sim "))
        .map(|l| {
            let l = l.split(" #").next().unwrap();
            let l = l.split(['>', '|']).next().unwrap();
            assert!(!l.contains(['"', '\'']), "no quoting in examples: {l}");
            l.split_whitespace().map(str::to_string).collect()
        })
        .collect()
}

#[test]
fn every_command_has_examples_in_its_help() {
    for (path, cmd) in commands() {
        let examples = examples(&cmd);
        assert!(
            !examples.is_empty(),
            "`veto-sim {path} --help` has no examples"
        );
        for words in &examples {
            // An example of a command names that command.
            let named = words[1..=path.split(' ').filter(|w| !w.is_empty()).count()].join(" ");
            assert!(
                path.is_empty() || named == path,
                "`veto-sim {path}`: example `{}` is of another command",
                words.join(" ")
            );
        }
    }
}

#[test]
fn every_example_parses() {
    for (path, cmd) in commands() {
        for words in examples(&cmd) {
            if let Err(e) = veto_sim::cli::command().try_get_matches_from(&words) {
                panic!(
                    "`veto-sim {path}`: example `{}` does not parse:\n{e}",
                    words.join(" ")
                );
            }
        }
    }
}

/// An example ready to run: fewer trials, and files written into `dir`.
fn runnable(words: &[String], dir: &Path) -> Vec<String> {
    let mut out = Vec::with_capacity(words.len());
    let mut previous = "";
    for w in &words[1..] {
        let value = if previous == "--trials" {
            "300".to_string()
        } else if WRITES.contains(&previous) {
            dir.join(Path::new(w).file_name().unwrap())
                .display()
                .to_string()
        } else {
            w.clone()
        };
        out.push(value);
        previous = w;
    }
    out
}

#[test]
fn quick_examples_run() {
    let dir = tempfile::tempdir().unwrap();
    let mut ran = 0;
    for (path, cmd) in commands() {
        if PARSE_ONLY.iter().any(|p| path.starts_with(p)) {
            continue;
        }
        for words in examples(&cmd) {
            if PARSE_ONLY
                .iter()
                .any(|p| words[1..].join(" ").starts_with(p))
            {
                continue;
            }
            let args = runnable(&words, dir.path());
            let out = Command::new(env!("CARGO_BIN_EXE_veto-sim"))
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .args(&args)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "`veto-sim {}` failed:\n{}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr)
            );
            let wrote_file = args
                .iter()
                .any(|a| a.starts_with(&*dir.path().to_string_lossy()));
            assert!(
                wrote_file || !out.stdout.is_empty(),
                "`veto-sim {}` printed nothing",
                args.join(" ")
            );
            ran += 1;
        }
    }
    assert!(ran >= 30, "only {ran} examples ran");
}
