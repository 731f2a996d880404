//! The README's figures come from the program: its run excerpt, the vote model's forecast table
//! and the permanent members' effects must match what the program prints today. When a change
//! moves them, regenerate the README's blocks from the commands they name.

use std::process::Command;

use veto_sim::calibrate::pooled::Priors;
use veto_sim::calibrate::pooled::forecast::{
    DraftForecast, MODEL_GIVEN_FATE, SETS, STANDARD_SPLIT, find, forecast_report,
};
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
        .find("\nHistory: ")
        .expect("the default run has a history section");
    let mut in_refugees = false;
    for line in lines {
        if line.starts_with("History: ") {
            continue;
        }
        if line.starts_with("rule               adopted of ") {
            assert!(
                printed[refugees..]
                    .lines()
                    .any(|l| l.starts_with(line.split("  refugees").next().unwrap())),
                "the history table's header is not printed:\n{line}"
            );
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

    // The figures the reading beside the table quotes.
    let loss = |set: usize, p: &str| find(&r, set, p).unwrap().log_loss.unwrap();
    let best = |set: usize| {
        r.scores
            .iter()
            .filter(|s| s.set == SETS[set] && !s.predictor.starts_with("pooled model"))
            .filter_map(|s| s.log_loss)
            .fold(f64::INFINITY, f64::min)
    };
    let bin = |b: usize| &r.calibration[b];
    let range = |f: fn(&DraftForecast) -> f64| {
        let v: Vec<f64> = r.drafts.iter().map(f).collect();
        let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        format!("{lo:.2} to {hi:.2}")
    };
    let quoted = [
        format!(
            "it scores {:.3} nats per vote against {:.3} for the best base rate",
            loss(0, MODEL_GIVEN_FATE),
            best(0)
        ),
        format!(
            "given its fate class only, the model scores {:.3}",
            loss(0, "pooled model, fate class only")
        ),
        format!("({:.3} against {:.3})", loss(1, MODEL_GIVEN_FATE), best(1)),
        format!("({:.3} against {:.3})", loss(2, MODEL_GIVEN_FATE), best(2)),
        format!(
            "({:.3} on (a))",
            loss(0, "previous model (contested drafts)")
        ),
        format!(
            "({:.3} against {:.3}; {:.3} against {:.3})",
            bin(0).predicted,
            bin(0).observed,
            bin(9).predicted,
            bin(9).observed
        ),
        format!(
            "(0.3–0.4: {} predictions, {:.0}% observed)",
            bin(3).count,
            100.0 * bin(3).observed
        ),
        format!(
            "{} and {} for the {} vetoed drafts",
            range(|d| d.p_reaches_quota),
            range(|d| d.p_permanent_no),
            r.drafts.len()
        ),
        format!(
            "(a) the {} member votes on the vetoed and failed drafts",
            find(&r, 0, MODEL_GIVEN_FATE).unwrap().votes
        ),
    ];
    let text = flat(&readme());
    for q in quoted {
        assert!(text.contains(&q), "README should quote `{q}`");
    }
}

/// The text with every run of white space as one space (prose wraps anywhere).
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_replay_counts_quoted_are_the_replays() {
    let out = Command::new(env!("CARGO_BIN_EXE_veto-sim"))
        .args([
            "replay",
            "--reforms",
            "abolish-veto,two-negatives,qualified-10",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let adopted_on_record = |rule: &str| {
        report["drafts"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|d| d["cells"].as_array().unwrap())
            .filter(|c| c["rule"] == rule && c["basis"] == "recorded" && c["adopted"] == true)
            .count()
    };
    let quoted = format!(
        "under `abolish-veto` {} drafts are adopted on the record",
        adopted_on_record("abolish-veto")
    );
    let text = flat(&readme());
    assert!(text.contains(&quoted), "README should quote `{quoted}`");
    let quoted = format!(
        "under `two-negatives` {} and under `qualified-10` {};",
        adopted_on_record("two-negatives"),
        adopted_on_record("qualified-10")
    );
    assert!(text.contains(&quoted), "README should quote `{quoted}`");
}

#[test]
fn the_hand_check_quoted_is_the_builds() {
    let data_readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/README.md")).unwrap();
    let at = data_readme
        .find("Error rate of the title rules on the sample: ")
        .expect("data/README.md states the hand check");
    let wrong: String = data_readme[at + 45..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let quoted = format!("a hand check of 100 classifications ({wrong} wrong)");
    assert!(readme().contains(&quoted), "README should quote `{quoted}`");
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

#[test]
fn the_destinations_validation_table_is_what_calibrate_flows_prints() {
    let out = Command::new(env!("CARGO_BIN_EXE_veto-sim"))
        .args(["calibrate", "flows", "--format", "markdown"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let printed = String::from_utf8(out.stdout).unwrap();
    let section = printed
        .split("### Destinations year by year")
        .nth(1)
        .expect("calibrate flows prints the destinations section");
    let table: String = section
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(!table.is_empty());
    assert_eq!(
        block(&readme(), "destinations-validation"),
        table,
        "regenerate the README's destinations table from `veto-sim calibrate flows --format markdown`"
    );
}

#[test]
fn the_elasticity_the_flows_draw_is_the_readmes() {
    let world = World::embedded().unwrap();
    let priors = veto_sim::flows::FlowPriors::embedded(world).unwrap();
    let (e, _) = veto_sim::flows::run::elasticity_used(world, &priors).unwrap();
    assert_eq!(e.from, "averaged");
    let readme = readme().split_whitespace().collect::<Vec<_>>().join(" ");
    let figure = format!(
        "mean {:.3}, 90% interval {:.3} to {:.3}",
        e.mean, e.interval90[0], e.interval90[1]
    );
    assert!(readme.contains(&figure), "the README lacks `{figure}`");
}
