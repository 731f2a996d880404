//! The library's front door (`veto_sim::api` and `veto_sim::report::Render`) gives a program
//! the same bytes as the command line: the same computation and the same rendering.

use std::process::Command;

use veto_sim::api::{self, CompareOptions, Game, PowerOptions, ReplayOptions};
use veto_sim::replay::ReplayConfig;
use veto_sim::report::{Format, Render, RenderOptions};
use veto_sim::rules::catalog;
use veto_sim::vote::{DraftSpec, ModelParams};
use veto_sim::world::World;
use veto_sim::world::{DraftFilter, FilterArgs};

fn cli(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_veto-sim"))
        .args(args)
        .env_remove("VETO_SIM_WIDTH")
        .env_remove("COLUMNS")
        .output()
        .expect("the binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn compare_through_the_library_prints_what_the_command_prints() {
    let world = World::embedded().unwrap();
    let codes = world.state_codes();
    let rules = vec![
        catalog::reform("present", &codes).unwrap(),
        catalog::reform("abolish-veto", &codes).unwrap(),
    ];
    let draft = DraftSpec::from_record(world, "S/2011/612").unwrap();
    let mut options = CompareOptions::new(rules, draft).unwrap();
    options.trials = 3_000;
    options.seed = 7;
    let report = api::compare(world, &options, &()).unwrap();
    let csv = report
        .render(Format::Csv, &RenderOptions::default())
        .unwrap();
    let printed = cli(&[
        "compare",
        "--draft",
        "S/2011/612",
        "--reforms",
        "present,abolish-veto",
        "--trials",
        "3000",
        "--seed",
        "7",
        "--quiet",
        "--format",
        "csv",
    ]);
    assert_eq!(csv, printed);
}

#[test]
fn replay_through_the_library_prints_what_the_command_prints() {
    let world = World::embedded().unwrap();
    let codes = world.state_codes();
    let mut config = ReplayConfig::new(ModelParams::embedded().unwrap());
    config.reforms = vec![catalog::reform("restraint", &codes).unwrap()];
    config.filter = DraftFilter::parse(FilterArgs {
        since: Some("2011"),
        ..FilterArgs::default()
    })
    .unwrap();
    config.trials = 500;
    let report = api::replay(
        world,
        &ReplayOptions {
            config,
            threads: None,
        },
    )
    .unwrap();
    let options = RenderOptions {
        sections: Some(vec!["decade".into()]),
        ..RenderOptions::default()
    };
    let csv = report.render(Format::Csv, &options).unwrap();
    let printed = cli(&[
        "replay",
        "--reforms",
        "restraint",
        "--since",
        "2011",
        "--trials",
        "500",
        "--by",
        "decade",
        "--quiet",
        "--format",
        "csv",
    ]);
    assert_eq!(csv, printed);
    assert!(csv.contains("\ndecade,2010s,"), "{csv}");
}

#[test]
fn an_empty_selection_is_an_error_of_the_library_too() {
    let world = World::embedded().unwrap();
    let codes = world.state_codes();
    let mut config = ReplayConfig::new(ModelParams::embedded().unwrap());
    config.reforms = vec![catalog::reform("present", &codes).unwrap()];
    config.filter = DraftFilter::parse(FilterArgs {
        since: Some("2030"),
        ..FilterArgs::default()
    })
    .unwrap();
    let err = api::replay(
        world,
        &ReplayOptions {
            config,
            threads: None,
        },
    )
    .unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(err.to_string().starts_with("no draft matches"), "{err}");
}

#[test]
fn power_csv_through_the_library_carries_the_run_record() {
    let world = World::embedded().unwrap();
    let rule = catalog::reform("two-negatives", &world.state_codes()).unwrap();
    let options = PowerOptions {
        game: Game::Rule(Box::new(rule)),
        name: "two-negatives".into(),
    };
    let csv = api::power(world, &options)
        .unwrap()
        .render(Format::Csv, &RenderOptions::default())
        .unwrap();
    let printed = cli(&["power", "--reform", "two-negatives", "--format", "csv"]);
    assert_eq!(csv, printed);
    assert!(csv.starts_with("# meta: "), "{csv}");
}
