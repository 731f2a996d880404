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

#[test]
fn requests_by_name_give_the_options_the_command_runs() {
    let world = World::embedded().unwrap();

    // A scenario by name with its trials overridden: the bytes `run` prints.
    let request = api::RunRequest {
        scenario: Some("default"),
        trials: Some(2_000),
        seed: Some(7),
        mc: true,
        ..api::RunRequest::default()
    };
    let options = request.options(world).unwrap();
    assert_eq!((options.scenario.trials, options.scenario.seed), (2_000, 7));
    let report = api::run(world, &options, &()).unwrap();
    let csv = report
        .render(Format::Csv, &RenderOptions::default())
        .unwrap();
    let args = ["run", "default", "--mc", "--trials", "2000", "--seed", "7"];
    assert_eq!(csv, cli(&[&args[..], &["--format", "csv", "-q"]].concat()));

    // A replay by reform names and typed dates.
    let reforms = ["present".to_string(), "abolish-veto".to_string()];
    let request = api::ReplayRequest {
        reforms: &reforms,
        filter: FilterArgs {
            since: Some("2011"),
            vetoed_by: Some("RUS"),
            ..FilterArgs::default()
        },
        trials: 500,
        seed: 3,
        model: None,
        window: "era",
    };
    let options = ReplayOptions {
        config: request.config(world).unwrap(),
        threads: None,
    };
    let csv = api::replay(world, &options)
        .unwrap()
        .render(Format::Csv, &RenderOptions::default())
        .unwrap();
    let args = [
        "replay",
        "--reforms",
        "present,abolish-veto",
        "--since",
        "2011",
        "--vetoed-by",
        "RUS",
        "--trials",
        "500",
        "--seed",
        "3",
        "--format",
        "csv",
        "-q",
    ];
    assert_eq!(csv, cli(&args));

    // The refusals are the library's: flow trials beyond what memory holds, a flag that the
    // estimate behind --averted alone reads, a power game by reform name.
    let too_many = api::FlowsRequest {
        conflicts: &[],
        reforms: Some("present"),
        scenario: None,
        trials: veto_sim::flows::run::MAX_TRIALS + 1,
        vote_trials: None,
        seed: 1,
        window: "era",
        model: None,
        priors: None,
        by_year: false,
    };
    let err = too_many.options(world).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(
        err.to_string()
            .contains("--trials keeps every trial in memory"),
        "{err}"
    );
    let stray_seed = api::DistributeRequest {
        key: veto_sim::flows::keys::Key::Un,
        refugees: Some(1000.0),
        conflict: None,
        averted: None,
        origin: None,
        priors: None,
        trials: None,
        seed: Some(2),
        threads: None,
    };
    let err = stray_seed.options(world).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("--seed applies only with --averted"),
        "{err}"
    );
    let options = PowerOptions::from_names(world, Some("g4"), None, None).unwrap();
    assert!(matches!(options.game, Game::Rule(_)) && options.name == "g4");
}
