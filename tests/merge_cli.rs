//! `veto-sim merge` refuses what it cannot join into one run's output (shards of other
//! sweeps, seeds, trials or versions, unfinished shards, missing or duplicate cells), with a
//! clear message, exit code 2 and nothing written.

use std::path::Path;
use std::process::{Command, Output};

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
}

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

const SWEEP: &str = "name: merge-test
base: enlarged-councils
rules: [present, two-negatives]
trials: 100
seed: 3
axes:
  - { field: quota, values: [9, 10, 11] }
  - { field: model.sigma_draft, values: [0.3, 0.7] }
";

struct Shards {
    dir: tempfile::TempDir,
    sweep: String,
}

impl Shards {
    fn new() -> Shards {
        let dir = tempfile::tempdir().unwrap();
        let sweep = dir.path().join("s.yaml");
        std::fs::write(&sweep, SWEEP).unwrap();
        Shards {
            sweep: sweep.display().to_string(),
            dir,
        }
    }

    fn p(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }

    fn shard(&self, name: &str, spec: &str, extra: &[&str]) -> String {
        let out = self.p(name);
        let mut args = vec![
            "sweep",
            self.sweep.as_str(),
            "--out",
            &out,
            "--shard",
            spec,
            "-q",
        ];
        args.extend(extra);
        ok(&args);
        out
    }
}

fn nothing_at(dir: &str) {
    assert!(
        !Path::new(dir).exists(),
        "nothing is written when merge refuses"
    );
}

#[test]
fn shards_of_other_seeds_trials_or_versions_are_refused() {
    let s = Shards::new();
    let a = s.shard("a", "0/2", &[]);
    let b = s.shard("b", "1/2", &["--seed", "4"]);
    let out = s.p("out");
    let err = bad(&["merge", &a, &b, "--out", &out]);
    assert!(
        err.contains("different sweeps") && err.contains("seed 3 in `") && err.contains(", 4 in `"),
        "{err}"
    );
    nothing_at(&out);

    let c = s.shard("c", "1/2", &["--trials", "101"]);
    let err = bad(&["merge", &a, &c, "--out", &out]);
    assert!(
        err.contains("trials 100 in `") && err.contains(", 101 in `"),
        "{err}"
    );

    let d = s.shard("d", "1/2", &[]);
    let manifest = Path::new(&d).join("manifest.json");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        text.replace(env!("CARGO_PKG_VERSION"), "0.0.1-other"),
    )
    .unwrap();
    let err = bad(&["merge", &a, &d, "--out", &out]);
    assert!(err.contains("version"), "{err}");
    nothing_at(&out);
}

#[test]
fn missing_and_duplicate_cells_are_refused() {
    let s = Shards::new();
    let a = s.shard("a", "0/3", &[]);
    let b = s.shard("b", "1/3", &[]);
    let out = s.p("out");
    let err = bad(&["merge", &a, &b, "--out", &out]);
    assert!(
        err.contains("2 of the 6 cells are missing (cells 2, 5)"),
        "{err}"
    );
    assert!(err.contains("missing shards of 3: 2/3"), "{err}");
    let err = bad(&["merge", &a, &b, &a, "--out", &out]);
    assert!(err.contains("cell 0 is in both"), "{err}");
    // A whole run and a shard overlap.
    let whole = s.shard("whole", "0/1", &[]);
    let err = bad(&["merge", &whole, &b, "--out", &out]);
    assert!(err.contains("is in both"), "{err}");
    nothing_at(&out);
    let err = bad(&["merge", &s.p("nowhere"), "--out", &out]);
    assert!(err.contains("not a sweep output folder"), "{err}");
}

#[test]
fn unfinished_or_edited_shards_are_refused() {
    let s = Shards::new();
    let a = s.shard("a", "0/2", &[]);
    let b = s.shard("b", "1/2", &[]);
    let out = s.p("out");
    // A shard whose run was interrupted still has its partial rows.
    let rows = Path::new(&b).join("cells.jsonl");
    let text = std::fs::read_to_string(&rows).unwrap();
    std::fs::write(Path::new(&b).join("rows.partial.jsonl"), &text).unwrap();
    let err = bad(&["merge", &a, &b, "--out", &out]);
    assert!(
        err.contains("unfinished shard 1/2") && err.contains("--resume"),
        "{err}"
    );
    std::fs::remove_file(Path::new(&b).join("rows.partial.jsonl")).unwrap();
    // A row cut short.
    std::fs::write(&rows, &text[..text.len() - 20]).unwrap();
    let err = bad(&["merge", &a, &b, "--out", &out]);
    assert!(
        err.contains("cells.jsonl:3:1") && err.contains("not a complete sweep row"),
        "{err}"
    );
    // A row with a changed value is not this sweep's cell.
    std::fs::write(&rows, text.replacen("\"quota\":9", "\"quota\":12", 1)).unwrap();
    let err = bad(&["merge", &a, &b, "--out", &out]);
    assert!(err.contains("other axis values"), "{err}");
    nothing_at(&out);
    // Restored, it merges; merging again into the same folder needs --force.
    std::fs::write(&rows, &text).unwrap();
    ok(&["merge", &a, &b, "--out", &out, "-q"]);
    let err = bad(&["merge", &a, &b, "--out", &out]);
    assert!(err.contains("--force"), "{err}");
    ok(&["merge", &a, &b, "--out", &out, "--force", "-q"]);
}

#[test]
fn quiet_merge_says_nothing_on_standard_error() {
    let s = Shards::new();
    let a = s.shard("a", "0/2", &[]);
    let b = s.shard("b", "1/2", &[]);
    let out = s.p("out");
    let run = veto_sim(&["merge", &a, &b, "--out", &out, "-q"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        "",
        "no bar, no summary"
    );
    assert!(Path::new(&out).join("cells.jsonl").is_file());
    // Without -q the summary is said.
    let run = veto_sim(&["merge", &a, &b, "--out", &out, "--force"]);
    assert!(String::from_utf8_lossy(&run.stderr).contains("merged 2 folder(s)"));
}
