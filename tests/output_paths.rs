//! Every output path means what the user means: `-` is standard output, a symbolic link is
//! followed and its target replaced, a device or pipe is written through, a folder is refused;
//! and a failure is said once, in words, about the path the user gave.

mod common;
use common::within_10_s;

use std::path::Path;
use std::process::{Command, Output};

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

/// Runs and expects exit code `code` with one line on standard error; returns it.
fn fails(dir: &Path, args: &[&str], code: i32) -> String {
    let out = veto_sim(dir, args);
    assert_eq!(out.status.code(), Some(code), "{args:?}: {}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(!err.contains("os error") && !err.contains(".tmp"), "{err}");
    err
}

#[test]
fn a_dash_is_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = veto_sim(dir.path(), &["power", "--format", "json", "--out", "-"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"rule\""));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_folder_is_refused_and_a_missing_folder_named() {
    let dir = tempfile::tempdir().unwrap();
    let err = fails(dir.path(), &["power", "--out", "."], 2);
    assert_eq!(err, "error: cannot write .: it is a folder\n");
    let err = fails(
        dir.path(),
        &["power", "--out", "/nonexistent/dir/p.json"],
        2,
    );
    assert_eq!(
        err,
        "error: cannot write /nonexistent/dir/p.json: the folder /nonexistent/dir does not exist\n"
    );
    std::fs::write(dir.path().join("afile"), "x").unwrap();
    let err = fails(dir.path(), &["power", "--out", "afile/p.json"], 2);
    assert!(err.contains("afile is a file, not a folder"), "{err}");
    // A chart and a sweep folder are output paths like any other.
    let err = fails(
        dir.path(),
        &[
            "compare",
            "--draft",
            "S/2011/612",
            "--trials",
            "100",
            "--plot",
            ".",
            "-q",
        ],
        2,
    );
    assert!(err.contains("."), "{err}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[cfg(unix)]
#[test]
fn links_are_followed_and_their_targets_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("real")).unwrap();
    std::fs::write(d.join("real/target.json"), "old").unwrap();
    std::os::unix::fs::symlink("real/target.json", d.join("link.json")).unwrap();
    let out = veto_sim(d, &["power", "--format", "json", "--out", "link.json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        std::fs::symlink_metadata(d.join("link.json"))
            .unwrap()
            .is_symlink()
    );
    let text = std::fs::read_to_string(d.join("real/target.json")).unwrap();
    assert!(text.contains("\"rule\""), "{text}");
    assert_eq!(
        std::fs::read_dir(d.join("real")).unwrap().count(),
        1,
        "no temporary file left"
    );
    // A link to nothing yet: the file is made where it points.
    std::os::unix::fs::symlink("real/new.json", d.join("dangling.json")).unwrap();
    let out = veto_sim(d, &["power", "--out", "dangling.json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(d.join("real/new.json").is_file());
    assert!(
        std::fs::symlink_metadata(d.join("dangling.json"))
            .unwrap()
            .is_symlink()
    );
}

#[cfg(target_os = "linux")]
#[test]
fn devices_are_written_through_and_errors_said_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = veto_sim(dir.path(), &["power", "--out", "/dev/null"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        !std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_file()
    );
    let err = fails(dir.path(), &["power", "--out", "/dev/full"], 1);
    assert_eq!(
        err,
        "error: cannot write /dev/full: no space left on the device\n"
    );
    let out = veto_sim(dir.path(), &["power", "--out", "/dev/stdout"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("present"));
    assert!(
        std::fs::symlink_metadata("/dev/stdout")
            .unwrap()
            .is_symlink()
    );
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let out = veto_sim(dir.path(), &["power", "--out", "pipe"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(reader.join().unwrap().contains("present"));
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(!kind.is_file(), "the pipe is still a pipe");
}

const SCENARIO: &str = "name: one-draft
council: 2026
trials: 100
seed: 5
drafts: [S/2011/612]
rules: [present]
";

const SWEEP: &str = "name: tiny
description: A small grid for tests.
base: one-draft.yaml
trials: 100
seed: 11
axes:
  - { field: quota, values: [9, 10] }
";

#[test]
fn an_output_folder_that_is_a_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("one-draft.yaml"), SCENARIO).unwrap();
    std::fs::write(d.join("sweep.yaml"), SWEEP).unwrap();
    std::fs::write(d.join("taken"), "x").unwrap();
    let err = fails(d, &["sweep", "sweep.yaml", "--out", "taken", "-q"], 2);
    assert_eq!(
        err,
        "error: cannot write taken: it is a file, not a folder\n"
    );
    let err = fails(d, &["sweep", "sweep.yaml", "--out", "taken/sub", "-q"], 2);
    assert_eq!(
        err,
        "error: cannot write taken/sub: taken is a file, not a folder\n"
    );
    assert_eq!(std::fs::read_to_string(d.join("taken")).unwrap(), "x");
}

#[test]
fn a_bad_output_path_is_refused_before_the_computation() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("afile"), "x").unwrap();
    std::fs::create_dir(d.join("folder")).unwrap();
    let long_run = ["run", "--trials", "1e9", "-q"];
    for (out, why) in [
        (
            "/nonexistent/dir/x.json",
            "the folder /nonexistent/dir does not exist",
        ),
        ("folder", "it is a folder"),
        ("afile/x.json", "afile is a file, not a folder"),
    ] {
        for args in [
            &long_run[..],
            &["replay", "--trials", "1e9", "-q"][..],
            &["flows", "--trials", "1e6", "-q"][..],
            &["compare", "--draft", "S/2011/612", "--trials", "1e9", "-q"][..],
        ] {
            let mut full = args.to_vec();
            full.extend(["--out", out]);
            let result = within_10_s(Some(d), &full);
            let err = stderr(&result);
            assert_eq!(result.status.code(), Some(2), "{full:?}: {err}");
            assert!(
                err.contains(&format!("cannot write {out}: {why}")),
                "{full:?}: {err}"
            );
        }
    }
    // A folder that takes no new file (sysfs refuses one even to root).
    if cfg!(target_os = "linux") && Path::new("/sys/kernel").is_dir() {
        for args in [
            &[
                "run",
                "--trials",
                "1e9",
                "-q",
                "--out",
                "/sys/kernel/x.json",
            ][..],
            &["sweep", "rule-fields", "--out", "/sys/kernel/rf", "-q"][..],
        ] {
            let result = within_10_s(Some(d), args);
            let err = stderr(&result);
            assert!(!result.status.success(), "{args:?}");
            assert!(err.starts_with("error: cannot write /sys/kernel/"), "{err}");
        }
    }
    let result = within_10_s(
        Some(d),
        &[
            "calibrate",
            "votes",
            "--write-model",
            "/nonexistent/dir/m.yaml",
            "-q",
        ],
    );
    assert_eq!(result.status.code(), Some(2), "{}", stderr(&result));
    assert!(stderr(&result).contains("/nonexistent/dir/m.yaml"));
    // An output folder too: here the folder's error comes before the missing raw files'.
    let result = within_10_s(
        Some(d),
        &[
            "data",
            "build",
            "--from",
            "no-such-raw-folder",
            "--out",
            "afile/tables",
        ],
    );
    assert_eq!(result.status.code(), Some(2), "{}", stderr(&result));
    assert_eq!(
        stderr(&result),
        "error: cannot write afile/tables: afile is a file, not a folder\n"
    );
    assert_eq!(std::fs::read_to_string(d.join("afile")).unwrap(), "x");
    assert_eq!(std::fs::read_dir(d).unwrap().count(), 2, "nothing written");
}
