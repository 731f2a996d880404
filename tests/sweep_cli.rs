//! `veto-sim sweep` end to end: the same bytes for 1 or 2 threads, for shards merged (n = 1,
//! 2, 3, 7) and for a run killed with `kill -9` and resumed; bad input gets a clear error with
//! file, line and key, exit code 2, and nothing written.

mod common;
use common::within_10_s;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn veto_sim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_veto-sim"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn ok(args: &[&str]) {
    let out = veto_sim(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "standard output carries no chatter");
}

/// Runs and expects exit code 2; returns standard error.
fn bad(args: &[&str]) -> String {
    let out = veto_sim(args);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stderr).unwrap()
}

const SCENARIO: &str = "name: two-drafts
council: 2026
trials: 100
seed: 5
drafts: [S/2011/612, S/2012/77]
rules: [present, restraint]
";

/// A sweep of 3 × 2 × 3 = 18 cells over a two-draft scenario.
const SWEEP: &str = "name: tiny
description: A small grid for tests.
base: two-drafts.yaml
trials: 150
seed: 11
axes:
  - { field: quota, from: 9, to: 11 }
  - { field: veto.negatives_to_block, values: [1, 2] }
  - { field: restraint.compliance, from: 0, to: 1, step: 0.5 }
";

fn setup(sweep: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("two-drafts.yaml"), SCENARIO).unwrap();
    let file = dir.path().join("sweep.yaml");
    std::fs::write(&file, sweep).unwrap();
    (dir, file.display().to_string())
}

fn path(dir: &Path, name: &str) -> String {
    dir.join(name).display().to_string()
}

const FILES: [&str; 3] = ["manifest.json", "cells.jsonl", "cells.csv"];

fn assert_same(a: &Path, b: &Path) {
    for f in FILES {
        let (x, y) = (
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
        );
        assert!(
            x == y,
            "{f} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
    assert!(!b.join("rows.partial.jsonl").exists());
}

#[test]
fn output_is_ordered_and_complete() {
    let (dir, sweep) = setup(SWEEP);
    let out = path(dir.path(), "one");
    ok(&["sweep", &sweep, "--out", &out, "--quiet"]);
    let rows = std::fs::read_to_string(dir.path().join("one/cells.jsonl")).unwrap();
    let cells: Vec<u64> = rows
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["cell"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(cells, (0..18).collect::<Vec<_>>());
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("one/manifest.json")).unwrap(),
    )
    .unwrap();
    for key in [
        "sweep_hash",
        "world_hash",
        "version",
        "seed",
        "cells",
        "config_hash",
    ] {
        assert!(!manifest[key].is_null(), "manifest has {key}");
    }
    assert_eq!(manifest["cells"], 18);
    assert_eq!(manifest["seed"], 11);
    let csv = std::fs::read_to_string(dir.path().join("one/cells.csv")).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(header.starts_with("cell,seed,quota,veto.negatives_to_block,restraint.compliance,drafts,trials,p_adopt[present]"), "{header}");
    assert_eq!(csv.lines().count(), 19);
    // The last axis varies fastest.
    let second: Vec<&str> = csv.lines().nth(2).unwrap().split(',').collect();
    assert_eq!(&second[2..5], ["9", "1", "0.5"]);
}

#[test]
fn threads_and_shards_merged_give_the_same_bytes() {
    let (dir, sweep) = setup(SWEEP);
    let whole = dir.path().join("whole");
    ok(&[
        "sweep",
        &sweep,
        "--out",
        &whole.display().to_string(),
        "--threads",
        "1",
        "-q",
    ]);
    let two = dir.path().join("two-threads");
    ok(&[
        "sweep",
        &sweep,
        "--out",
        &two.display().to_string(),
        "--threads",
        "2",
        "-q",
    ]);
    assert_same(&whole, &two);
    for n in [1u64, 2, 3, 7] {
        let mut shards: Vec<String> = Vec::new();
        for i in 0..n {
            let d = path(dir.path(), &format!("n{n}-s{i}"));
            ok(&[
                "sweep",
                &sweep,
                "--out",
                &d,
                "--shard",
                &format!("{i}/{n}"),
                "-q",
            ]);
            shards.push(d);
        }
        // Shards in any order.
        shards.reverse();
        let merged = dir.path().join(format!("merged-{n}"));
        let mut args = vec!["merge"];
        args.extend(shards.iter().map(String::as_str));
        let m = merged.display().to_string();
        args.extend(["--out", &m, "-q"]);
        ok(&args);
        assert_same(&whole, &merged);
    }
}

#[test]
fn kill_9_then_resume_gives_the_same_bytes() {
    // 48 cells of 2 drafts × 20,000 trials: long enough to be killed midway on one thread.
    let sweep_text = SWEEP
        .replace("trials: 150", "trials: 20000")
        .replace("values: [1, 2]", "values: [1, 2, 3]")
        .replace("step: 0.5", "step: 0.25")
        .replace("to: 11", "to: 10");
    let (dir, sweep) = setup(&sweep_text);
    let reference = dir.path().join("reference");
    ok(&[
        "sweep",
        &sweep,
        "--out",
        &reference.display().to_string(),
        "-q",
    ]);

    let out = dir.path().join("killed");
    let partial = out.join("rows.partial.jsonl");
    let mut child = Command::new(env!("CARGO_BIN_EXE_veto-sim"))
        .args([
            "sweep",
            &sweep,
            "--out",
            &out.display().to_string(),
            "--threads",
            "1",
            "-q",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        let lines = std::fs::read_to_string(&partial).map_or(0, |t| t.lines().count());
        if lines >= 3 || start.elapsed() > Duration::from_secs(60) {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert!(
        !out.join("cells.jsonl").exists(),
        "the sweep was killed before it finished"
    );
    let before = std::fs::read_to_string(&partial).unwrap();
    let done = before.lines().count();
    assert!((3..30).contains(&done), "{done} rows before the kill");
    // A row cut short, as a kill in the middle of a write leaves it.
    let mut torn = before.clone();
    torn.push_str(&before.lines().next().unwrap()[..40].replace("\"cell\":0", "\"cell\":47"));
    std::fs::write(&partial, torn).unwrap();

    let out_s = out.display().to_string();
    // Without --resume the folder is refused, and left as it was.
    let err = bad(&["sweep", &sweep, "--out", &out_s, "-q"]);
    assert!(err.contains("--resume"), "{err}");
    let o = veto_sim(&["sweep", &sweep, "--out", &out_s, "--resume"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("1 half-written or invalid row(s) dropped and redone"),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("{} kept", done)), "{stderr}");
    assert_same(&reference, &out);

    // Resuming a finished sweep changes nothing.
    ok(&["sweep", &sweep, "--out", &out_s, "--resume", "-q"]);
    assert_same(&reference, &out);
}

#[test]
fn resume_refuses_another_sweep() {
    let (dir, sweep) = setup(SWEEP);
    let out = path(dir.path(), "out");
    ok(&["sweep", &sweep, "--out", &out, "-q"]);
    let err = bad(&[
        "sweep", &sweep, "--out", &out, "--resume", "--seed", "12", "-q",
    ]);
    assert!(
        err.contains("seed 11 in the folder, 12 in this run"),
        "{err}"
    );
    let err = bad(&[
        "sweep", &sweep, "--out", &out, "--resume", "--shard", "0/2", "-q",
    ]);
    assert!(
        err.contains("the folder holds the whole grid, not a shard; this run holds shard 0/2"),
        "{err}"
    );
    assert!(!err.contains('{') && !err.contains("null"), "{err}");
}

fn no_output(dir: &Path, name: &str) {
    assert!(!dir.join(name).exists(), "nothing is written on bad input");
}

#[test]
fn unknown_field_names_line_key_and_nearest() {
    let (dir, sweep) = setup(&SWEEP.replace("field: quota,", "field: quorum,"));
    let err = bad(&["sweep", &sweep, "--out", &path(dir.path(), "o")]);
    assert!(err.contains("sweep.yaml:7:14:"), "{err}");
    assert!(err.contains("key `axes[0].field`"), "{err}");
    assert!(err.contains("did you mean `quota`"), "{err}");
    no_output(dir.path(), "o");
    let (dir, sweep) = setup(&SWEEP.replace("veto.negatives_to_block", "negatives_to_block"));
    let err = bad(&["sweep", &sweep, "--out", &path(dir.path(), "o")]);
    assert!(
        err.contains("did you mean `veto.negatives_to_block`"),
        "{err}"
    );
}

#[test]
fn empty_axes_are_rejected() {
    for (from, to, key) in [
        ("values: [1, 2]", "values: []", "axes[1].values"),
        ("from: 9, to: 11", "from: 11, to: 9", "axes[0].to"),
    ] {
        let (dir, sweep) = setup(&SWEEP.replace(from, to));
        let err = bad(&["sweep", &sweep, "--out", &path(dir.path(), "o")]);
        assert!(err.contains(&format!("key `{key}`")), "{err}");
        assert!(err.contains("empty"), "{err}");
        no_output(dir.path(), "o");
    }
}

#[test]
fn values_that_do_not_fit_name_the_value() {
    let (dir, sweep) = setup(&SWEEP.replace("from: 9, to: 11", "values: [9, 16]"));
    let err = bad(&["sweep", &sweep, "--out", &path(dir.path(), "o")]);
    assert!(err.contains("key `axes[0].values[1]`"), "{err}");
    assert!(
        err.contains("quota 16") && err.contains("15 seats"),
        "{err}"
    );
    let (dir, sweep) = setup(&SWEEP.replace("values: [1, 2]", "values: [1, 6]"));
    let err = bad(&["sweep", &sweep, "--out", &path(dir.path(), "o")]);
    assert!(
        err.contains("key `axes[1].values[1]`") && err.contains("5 veto holders"),
        "{err}"
    );
    let (dir, sweep) = setup(&SWEEP.replace("step: 0.5", "step: 0.5, rules: [present]"));
    let err = bad(&["sweep", &sweep, "--out", &path(dir.path(), "o")]);
    assert!(err.contains("rule `present` has no restraint"), "{err}");
    no_output(dir.path(), "o");
}

#[test]
fn a_grid_over_the_limit_needs_force() {
    let big = SWEEP.replace(
        "values: [1, 2] }",
        "values: [1, 2] }\n  - { field: model.align, from: 0, to: 3, step: 0.001 }",
    );
    let (dir, sweep) = setup(&big);
    let err = bad(&["sweep", &sweep, "--out", &path(dir.path(), "o")]);
    assert!(
        err.contains("54,018 cells")
            && err.contains("the limit is 10,000")
            && err.contains("--force"),
        "{err}"
    );
    assert!(err.contains("key `axes`"), "{err}");
    no_output(dir.path(), "o");
}

#[test]
fn a_tiny_step_is_counted_before_the_axis_is_expanded() {
    let huge = SWEEP.replace("step: 0.5 }", "step: 0.0000001 }");
    let (dir, sweep) = setup(&huge);
    let out = within_10_s(None, &["sweep", &sweep, "--out", &path(dir.path(), "o")]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the grid has 60,000,006 cells")
            && err.contains("the limit is 10,000")
            && err.contains("--force"),
        "{err}"
    );
    no_output(dir.path(), "o");
    // --force does not lift the limit of what can be held and written.
    let out = within_10_s(
        None,
        &["sweep", &sweep, "--out", &path(dir.path(), "o"), "--force"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("60,000,006 cells") && err.contains("at most 1,000,000 can be run"),
        "{err}"
    );
    no_output(dir.path(), "o");
    // Two axes whose product overflows 64 bits are refused as well.
    let wide = SWEEP.replace(
        "step: 0.5 }",
        "step: 0.0000000001 }\n  - { field: model.align, from: 0, to: 1000000000, step: 0.000001 }",
    );
    let (dir, sweep) = setup(&wide);
    let out = within_10_s(
        None,
        &["sweep", &sweep, "--out", &path(dir.path(), "o"), "--force"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("at most 1,000,000 can be run"), "{err}");
}

#[test]
fn bad_shard_specs_are_refused() {
    let (dir, sweep) = setup(SWEEP);
    for spec in ["3/2", "0/0", "2/2", "one/two"] {
        let err = bad(&[
            "sweep",
            &sweep,
            "--out",
            &path(dir.path(), "o"),
            "--shard",
            spec,
        ]);
        assert!(err.contains(&format!("--shard `{spec}`")), "{err}");
        no_output(dir.path(), "o");
    }
}

#[test]
fn shipped_sweeps_are_valid() {
    let world = veto_sim::world::World::embedded().unwrap();
    for (name, _) in veto_sim::sweep::SHIPPED {
        let sweep = veto_sim::sweep::load_sweep(name, world, false).unwrap();
        sweep.check(world, false).unwrap();
        assert!(sweep.cells() >= 2, "{name}");
    }
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/sweeps");
    let files = std::fs::read_dir(path).unwrap().count();
    assert_eq!(
        files,
        veto_sim::sweep::SHIPPED.len(),
        "every file in data/sweeps is shipped"
    );
}

/// A sweep over the flow priors and the conflicts: 2 × 2 = 4 cells.
const FLOW_SWEEP: &str = "name: flows
base: two-drafts.yaml
rules: [present, restraint, abolish-veto]
trials: 400
seed: 3
axes:
  - { field: flows.effect_scale, values: [0, 1] }
  - { field: conflicts, values: [syria, [syria, israel-palestine]] }
";

fn rows(dir: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(dir.join("cells.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn flow_axes_give_refugees_averted_per_rule() {
    let (dir, sweep) = setup(FLOW_SWEEP);
    ok(&["sweep", &sweep, "--out", &path(dir.path(), "o"), "-q"]);
    let rows = rows(&dir.path().join("o"));
    assert_eq!(rows.len(), 4);
    for row in &rows {
        let scale = row["axes"]["flows.effect_scale"].as_f64().unwrap();
        for rule in row["rules"].as_array().unwrap() {
            let mean = rule["refugees_averted"]["mean"].as_f64().unwrap();
            let europe = rule["europe_averted"]["mean"].as_f64().unwrap();
            // No effect, or the record's own rule: nothing averted.
            if scale == 0.0 || rule["rule"] == "present" {
                assert_eq!(mean, 0.0, "{row}");
                assert_eq!(europe, 0.0, "{row}");
            }
            assert!(europe.abs() <= mean.abs() + 1e-6, "{row}");
        }
    }
    // By the record, restraint passes no Syria draft (their vetoers, Russia and China, made no
    // pledge); abolishing the veto passes the vetoed ones and averts refugees.
    let restraint = &rows[2]["rules"][1];
    assert_eq!(restraint["rule"], "restraint");
    assert_eq!(
        restraint["refugees_averted"]["mean"].as_f64().unwrap(),
        0.0,
        "{}",
        rows[2]
    );
    let abolish = &rows[2]["rules"][2];
    assert!(
        abolish["refugees_averted"]["mean"].as_f64().unwrap() > 0.0,
        "{}",
        rows[2]
    );
    let csv = std::fs::read_to_string(dir.path().join("o/cells.csv")).unwrap();
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .contains("refugees_averted[restraint]")
    );
}

#[test]
fn bad_flow_axes_name_the_value() {
    let (dir, sweep) = setup(&FLOW_SWEEP.replace("flows.effect_scale", "flows.efect_scale"));
    let err = bad(&["sweep", &sweep, "--out", &path(dir.path(), "o")]);
    assert!(err.contains("did you mean `flows.effect_scale`"), "{err}");
    let (dir, sweep) = setup(&FLOW_SWEEP.replace("values: [syria,", "values: [syra,"));
    let err = bad(&["sweep", &sweep, "--out", &path(dir.path(), "o")]);
    assert!(
        err.contains("unknown conflict `syra`") && err.contains("syria"),
        "{err}"
    );
    let (dir, sweep) = setup(&FLOW_SWEEP.replace("values: [0, 1]", "values: [0, -1]"));
    let err = bad(&["sweep", &sweep, "--out", &path(dir.path(), "o")]);
    assert!(
        err.contains("sweep.yaml:7:") && err.contains("at least 0"),
        "{err}"
    );
    no_output(dir.path(), "o");
}
