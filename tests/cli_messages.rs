//! Messages about the command line in words: a Council year out of range gives the years the
//! world has; shards that differ are described, not dumped as JSON; Ctrl-C on a sweep prints
//! the command that resumes it.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn veto_sim(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_veto-sim"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_council_year_out_of_range_gives_the_range() {
    let dir = tempfile::tempdir().unwrap();
    let out = veto_sim(
        dir.path(),
        &[
            "compare",
            "--draft",
            "S/2011/612",
            "--council",
            "1900",
            "-q",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(!err.contains("pass --council"), "{err}");
    // The range comes from the world's Council table.
    let councils = include_str!("../data/councils.csv");
    let years: Vec<i32> = councils
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next()?.parse().ok())
        .collect();
    let (lo, hi) = (years.iter().min().unwrap(), years.iter().max().unwrap());
    assert_eq!(
        err,
        format!(
            "error: --council 1900: this world has no Council for that year; it has Councils for {lo}–{hi}\n"
        )
    );
}

const SCENARIO: &str = "name: one-draft
council: 2026
trials: 100
seed: 5
drafts: [S/2011/612]
rules: [present]
";

fn sweep_file(dir: &Path, trials: u64, values: &str) {
    sweep_axes(
        dir,
        trials,
        &format!("  - {{ field: quota, values: [{values}] }}\n"),
    );
}

fn sweep_axes(dir: &Path, trials: u64, axes: &str) {
    std::fs::write(dir.join("one-draft.yaml"), SCENARIO).unwrap();
    std::fs::write(
        dir.join("sweep.yaml"),
        format!(
            "name: tiny\ndescription: A small grid for tests.\nbase: one-draft.yaml\ntrials: {trials}\nseed: 11\naxes:\n{axes}"
        ),
    )
    .unwrap();
}

#[test]
fn shards_that_differ_are_described_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    sweep_file(d, 100, "9, 10, 11");
    for args in [
        ["sweep", "sweep.yaml", "--out", "a", "--shard", "1/3", "-q"],
        ["sweep", "sweep.yaml", "--out", "b", "--seed", "4", "-q"],
    ] {
        let out = veto_sim(d, &args);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let out = veto_sim(d, &["merge", "a", "b", "--out", "m"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("seed 11 in `a`, 4 in `b`"), "{err}");
    assert!(!err.contains('{') && !err.contains("null"), "{err}");
    // Resuming a whole grid as a shard.
    let out = veto_sim(d, &["sweep", "sweep.yaml", "--out", "a", "--resume", "-q"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(
            "the folder holds shard 1/3 (--shard 1/3); this run holds the whole grid, not a shard"
        ),
        "{err}"
    );
    assert!(!err.contains('{') && !err.contains("null"), "{err}");
}

#[cfg(unix)]
#[test]
fn ctrl_c_on_a_sweep_prints_the_resume_command() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Long enough to be interrupted midway on one thread.
    sweep_axes(
        d,
        200_000,
        "  - { field: quota, from: 7, to: 15 }\n  - { field: veto.negatives_to_block, values: [1, 2] }\n",
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_veto-sim"))
        .args(["sweep", "sweep.yaml", "--out", "o", "--threads", "1", "-q"])
        .current_dir(d)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let partial = d.join("o/rows.partial.jsonl");
    let start = Instant::now();
    while !std::fs::read_to_string(&partial).is_ok_and(|t| t.lines().count() >= 1)
        && start.elapsed() < Duration::from_secs(60)
    {
        assert!(child.try_wait().unwrap().is_none(), "the sweep ended early");
        std::thread::sleep(Duration::from_millis(5));
    }
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(130), "{err}");
    assert!(err.contains("interrupted"), "{err}");
    let command = err.lines().last().unwrap().trim();
    assert!(
        command.ends_with("sweep sweep.yaml --out o --threads 1 -q --resume"),
        "{err}"
    );
    assert!(
        !d.join("o/cells.jsonl").exists(),
        "it stopped before the end"
    );
}
