//! Flags that would be silently ignored because of another flag (a mode that does not read
//! them, a format that has nothing they change, a command that loads no world) are refused
//! before anything runs: exit code 2, and a message naming both flags and why.

use std::process::{Command, Output};

fn veto_sim(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_veto-sim"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

/// A scenario with only the history section (no drafts voted before its Council).
const HISTORY_ONLY: &str = "name: history-only
sections: [history]
trials: 100
drafts:
  - S/2011/612
rules: [present, abolish-veto]
";

#[test]
fn flags_that_another_flag_makes_idle_are_refused_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("history-only.yaml"), HISTORY_ONLY).unwrap();
    // (command line, what the message must name)
    let cases: &[(&[&str], &[&str])] = &[
        // Text-table layout with a format that has no text table.
        (
            &["power", "--format", "json", "--columns", "rule"],
            &["--columns", "--format json"],
        ),
        (
            &["power", "--format", "csv", "--width", "80"],
            &["--width", "--format csv"],
        ),
        (
            &[
                "list",
                "states",
                "--format",
                "markdown",
                "--columns",
                "iso3",
            ],
            &["--columns", "--format markdown"],
        ),
        (
            &[
                "replay", "--format", "json", "--width", "100", "--trials", "10",
            ],
            &["--width", "--format json"],
        ),
        (
            &["show", "reform", "present", "--columns", "name"],
            &["--columns", "show reform"],
        ),
        // Filters that do not apply to what is listed.
        (
            &["list", "reforms", "--year", "2020"],
            &["--year", "list reforms"],
        ),
        (
            &["list", "reforms", "--group", "EEG"],
            &["--group", "list reforms"],
        ),
        (
            &["list", "states", "--year", "2020"],
            &["--year", "list states"],
        ),
        (
            &["list", "councils", "--year", "2020", "--since", "2010"],
            &["--year", "--since"],
        ),
        // --data with a command that loads no world.
        (
            &["--data", "data", "merge", "a", "--out", "b"],
            &["--data", "merge"],
        ),
        (
            &[
                "--data", "data", "data", "build", "--from", "raw", "--out", "w",
            ],
            &["--data", "data build", "--from"],
        ),
        (
            &["--data", "data", "completions", "bash"],
            &["--data", "completions"],
        ),
        (&["--data", "data", "man"], &["--data", "man"]),
        // Sections that JSON ignores (it carries them all).
        (
            &[
                "replay", "--by", "decade", "--format", "json", "--trials", "10",
            ],
            &["--by", "--format json"],
        ),
        (
            &[
                "replay",
                "--by",
                "decade,drafts",
                "--format",
                "csv",
                "--trials",
                "10",
            ],
            &["--by", "--format csv"],
        ),
        // Exact values for a scenario that votes on no draft of its own.
        (
            &["run", "history-only.yaml", "--exact", "-q"],
            &["--exact", "history section"],
        ),
        // An origin that only the regional key reads.
        (
            &[
                "distribute",
                "--key",
                "eu",
                "--refugees",
                "5",
                "--origin",
                "SYR",
            ],
            &["--origin", "--key eu", "--key regional"],
        ),
        (
            &[
                "distribute",
                "--key",
                "un",
                "--refugees",
                "5",
                "--origin",
                "SYR",
            ],
            &["--origin", "--key un"],
        ),
        // Options of the estimate behind --averted, without it.
        (
            &[
                "distribute",
                "--key",
                "eu",
                "--refugees",
                "5",
                "--trials",
                "10",
            ],
            &["--trials", "--averted"],
        ),
        (
            &[
                "distribute",
                "--key",
                "eu",
                "--conflict",
                "syria",
                "--seed",
                "3",
            ],
            &["--seed", "--averted"],
        ),
        (
            &[
                "distribute",
                "--key",
                "eu",
                "--refugees",
                "5",
                "--conflict",
                "syria",
            ],
            &["--refugees", "--conflict"],
        ),
        (
            &[
                "distribute",
                "--key",
                "eu",
                "--conflict",
                "syria",
                "--origin",
                "SYR",
            ],
            &["--origin", "--conflict"],
        ),
        // Chart options without a chart, or that the chart does not read.
        (&["flows", "--plot-rule", "g4"], &["--plot-rule", "--plot"]),
        (
            &["merge", "a", "--out", "b", "--plot-axes", "quota"],
            &["--plot-axes", "--plot"],
        ),
        (
            &[
                "sweep",
                "rule-fields",
                "--out",
                "s",
                "--plot-metric",
                "adoption",
            ],
            &["--plot-metric", "--plot"],
        ),
        (
            &[
                "sweep",
                "restraint-compliance",
                "--out",
                "rc",
                "--plot",
                "rc.svg",
                "--plot-rule",
                "present",
            ],
            &["--plot-rule", "--plot-axes"],
        ),
        (
            &[
                "sweep",
                "rule-fields",
                "--out",
                "rf",
                "--plot",
                "rf.svg",
                "--plot-axes",
                "quota",
                "--plot-rule",
                "present",
            ],
            &["--plot-rule", "--plot-axes quota"],
        ),
        (
            &[
                "sweep",
                "rule-fields",
                "--out",
                "rf",
                "--shard",
                "0/2",
                "--plot",
                "rf.svg",
            ],
            &["--plot", "--shard"],
        ),
        // One game at a time; one source of conflicts at a time.
        (
            &["power", "--reform", "g4", "--weights", "w.yaml"],
            &["--reform", "--weights"],
        ),
        (
            &[
                "flows",
                "--conflict",
                "syria",
                "--scenario",
                "sahel-example",
            ],
            &["--scenario", "--conflict"],
        ),
        // A by-year table that the summary output would not show.
        (
            &["flows", "--by-year", "--trials", "10"],
            &["--by-year", "--conflict"],
        ),
    ];
    for (args, names) in cases {
        let out = veto_sim(d, args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        for name in *names {
            assert!(err.contains(name), "{args:?}: `{name}` not named in: {err}");
        }
    }
    // Nothing was run or written.
    let left: Vec<_> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(left, ["history-only.yaml"]);
}

#[test]
fn the_same_flags_are_accepted_where_they_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for args in [
        &["power", "--columns", "code", "--width", "80"][..],
        &[
            "distribute",
            "--key",
            "regional",
            "--refugees",
            "5",
            "--origin",
            "SYR",
        ][..],
        &[
            "replay", "--by", "decade", "--format", "csv", "--trials", "10", "--since", "2020",
        ][..],
        &["list", "councils", "--year", "2020", "--group", "EEG"][..],
    ] {
        let out = veto_sim(d, args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
