//! Wide text tables fit a terminal's width: `--width N` (or `VETO_SIM_WIDTH`) lays them out
//! as on a terminal N characters wide, keeping the first columns and naming the others on
//! one line; `--columns` chooses them. Output to a pipe or a file keeps every column.

use std::process::Command;

fn veto_sim(args: &[&str], env: &[(&str, &str)]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_veto-sim"))
        .args(args)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn widest(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

const RUN: [&str; 4] = ["run", "--trials", "300", "-q"];
const FLOWS: [&str; 4] = ["flows", "--trials", "300", "-q"];
const DISTRIBUTE: [&str; 5] = ["distribute", "--key", "eu", "--conflict", "syria"];

#[test]
fn a_width_of_100_fits_run_flows_and_distribute() {
    for command in [&RUN[..], &FLOWS[..], &DISTRIBUTE[..]] {
        let full = veto_sim(command, &[]);
        assert!(widest(&full) > 150, "{command:?} is wide when piped");
        assert!(!full.contains("Hidden to fit"));
        let mut args = command.to_vec();
        args.extend(["--width", "100"]);
        let fitted = veto_sim(&args, &[]);
        assert!(widest(&fitted) <= 100, "{command:?}:\n{fitted}");
        assert!(fitted.contains("Hidden to fit: "), "{fitted}");
        assert!(fitted.contains("--columns all"), "{fitted}");
        // The same through the environment, as a terminal's width.
        let by_env = veto_sim(command, &[("VETO_SIM_WIDTH", "100")]);
        assert_eq!(by_env, fitted, "{command:?}");
    }
}

#[test]
fn piped_output_ignores_the_terminal_width() {
    let piped = veto_sim(&RUN, &[("COLUMNS", "100")]);
    assert_eq!(piped, veto_sim(&RUN, &[]));
    assert!(widest(&piped) > 100);
}

#[test]
fn columns_choose_what_a_narrow_table_shows() {
    let mut args = RUN.to_vec();
    args.extend(["--width", "100", "--columns", "present,g4"]);
    let text = veto_sim(&args, &[]);
    let header = text
        .lines()
        .find(|l| l.starts_with("draft "))
        .expect("the drafts table");
    assert!(
        header.contains("present") && header.contains("g4"),
        "{header}"
    );
    assert!(
        !header.contains("two-negatives") && !header.contains("year"),
        "{header}"
    );
    let mut all = RUN.to_vec();
    all.extend(["--width", "100", "--columns", "all"]);
    assert_eq!(
        veto_sim(&all, &[])
            .lines()
            .find(|l| l.starts_with("draft ")),
        {
            let full = veto_sim(&RUN, &[]);
            full.lines()
                .find(|l| l.starts_with("draft "))
                .map(str::to_string)
        }
        .as_deref()
    );
}

#[test]
fn other_formats_are_never_fitted() {
    for format in ["csv", "json", "markdown"] {
        let mut args = RUN.to_vec();
        args.extend(["--format", format]);
        let full = veto_sim(&args, &[]);
        // A width from the environment is for text tables: these formats ignore it.
        assert_eq!(
            veto_sim(&args, &[("VETO_SIM_WIDTH", "60")]),
            full,
            "{format}"
        );
        // Given as a flag, it would do nothing: refused, naming both flags.
        args.extend(["--width", "60"]);
        let out = Command::new(env!("CARGO_BIN_EXE_veto-sim"))
            .args(&args)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{format}: {err}");
        assert!(
            err.contains("--width") && err.contains(&format!("--format {format}")),
            "{err}"
        );
    }
}
