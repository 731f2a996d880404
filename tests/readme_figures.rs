//! The README's figures come from the program: its run excerpt, the vote model's forecast table
//! and the permanent members' effects must match what the program prints today. When a change
//! moves them, regenerate the README's blocks from the commands they name.

use std::process::Command;

use veto_sim::calibrate::pooled::Priors;
use veto_sim::calibrate::pooled::forecast::{SETS, STANDARD_SPLIT, forecast_report};
use veto_sim::vote::ModelParams;
use veto_sim::world::World;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

/// The text between `<!-- NAME:start -->` and `<!-- NAME:end -->`.
fn block(text: &str, name: &str) -> String {
    let start = format!("<!-- {name}:start -->\n");
    let end = format!("<!-- {name}:end -->");
    let a = text.find(&start).expect("start marker") + start.len();
    let b = text[a..].find(&end).expect("end marker") + a;
    text[a..b].to_string()
}

fn cells(line: &str) -> Vec<&str> {
    line.split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect()
}

#[test]
fn the_run_excerpt_is_what_the_default_run_prints() {
    let out = Command::new(env!("CARGO_BIN_EXE_veto-sim"))
        .args(["run", "-q"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let printed = String::from_utf8(out.stdout).unwrap();
    let excerpt = block(&readme(), "run-excerpt");
    let lines: Vec<&str> = excerpt
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with("```") && !l.starts_with("---"))
        .collect();
    let refugees = printed
        .find("Refugees averted")
        .expect("the default run has a refugee table");
    let mut in_refugees = false;
    for line in lines {
        if line.starts_with("rule               refugees averted") {
            in_refugees = true;
            continue;
        }
        if !in_refugees {
            assert!(
                printed.lines().any(|l| l == line),
                "README line not printed by `veto-sim run`:\n{line}"
            );
            continue;
        }
        // The refugee excerpt keeps some columns: each of its cells is in the rule's row.
        let want = cells(line);
        let row = printed[refugees..]
            .lines()
            .find(|l| l.starts_with(&format!("{} ", want[0])))
            .unwrap_or_else(|| panic!("no refugee row for {}", want[0]));
        let got = cells(row);
        for cell in &want {
            assert!(
                got.contains(cell),
                "`{cell}` not in the printed row:\n{row}"
            );
        }
    }
}

#[test]
fn the_forecast_table_is_what_calibrate_votes_reports() {
    let world = World::embedded().unwrap();
    let (until, from) = STANDARD_SPLIT;
    let r = forecast_report(world, Some(until), from, Priors::default()).unwrap();
    let mut predictors: Vec<&str> = Vec::new();
    for s in &r.scores {
        if !predictors.contains(&s.predictor.as_str()) {
            predictors.push(&s.predictor);
        }
    }
    let mut table = String::from(
        "| predictor (fitted on the votes to 2019) | (a) log loss | (a) accuracy | (b) log loss | (b) accuracy | (c) log loss | (c) accuracy |\n|---|---:|---:|---:|---:|---:|---:|\n",
    );
    for p in predictors {
        let mut row = format!("| {p}");
        for set in SETS {
            let s = r
                .scores
                .iter()
                .find(|s| s.set == set && s.predictor == p)
                .unwrap();
            let loss = s.log_loss.map_or("-".to_string(), |l| format!("{l:.3}"));
            row.push_str(&format!(" | {loss} | {:.3}", s.accuracy));
        }
        table.push_str(&row);
        table.push_str(" |\n");
    }
    assert_eq!(
        block(&readme(), "forecast-table"),
        table,
        "regenerate the README's forecast table from `veto-sim calibrate votes --until {until} --evaluate-from {from}`"
    );
}

#[test]
fn the_permanent_members_effects_quoted_are_the_model_files() {
    let params = ModelParams::embedded().unwrap();
    let text = readme();
    for code in ["CHN", "FRA", "GBR", "RUS", "USA"] {
        let quoted = format!("{code} {:.2}", params.member_of(code));
        assert!(text.contains(&quoted), "README should quote `{quoted}`");
    }
}
