//! The default run, pinned: `veto-sim run --trials 2000 --seed 7 --format json` must print
//! exactly `tests/golden/default_run.json`. A change to the engine, the model's defaults, the
//! default scenario or the world changes these bytes; regenerate the file deliberately with
//! `UPDATE_GOLDEN=1 cargo test --release --test golden_run` and explain the change.

use std::path::Path;
use std::process::Command;

const ARGS: [&str; 8] = [
    "run", "--trials", "2000", "--seed", "7", "--format", "json", "--quiet",
];

#[test]
fn default_run_matches_the_golden_json() {
    let out = Command::new(env!("CARGO_BIN_EXE_veto-sim"))
        .args(ARGS)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = String::from_utf8(out.stdout).unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/default_run.json");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .expect("tests/golden/default_run.json (create it with UPDATE_GOLDEN=1)");
    if got != want {
        let line = got
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "the default run differs from tests/golden/default_run.json from line {}:\n  got:  {}\n  want: {}\nIf the change is intended, run UPDATE_GOLDEN=1 cargo test --release --test golden_run",
            line + 1,
            got.lines().nth(line).unwrap_or(""),
            want.lines().nth(line).unwrap_or("")
        );
    }
}
