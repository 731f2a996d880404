//! Every report in every format, rendered from the library's report values and compared with
//! the reviewed snapshots in `tests/snapshots/` (one file per report and format).
//!
//! The inputs are small (few trials, fixed seeds) so the whole file runs in seconds; the
//! version string is redacted so a release does not change the snapshots. A change of layout
//! or of a figure shows as a diff; after review, `INSTA_UPDATE=always cargo test --release
//! --test snapshots` rewrites the files (or `cargo insta review` where cargo-insta is
//! installed).

use veto_sim::api::{self, world as listing};
use veto_sim::calibrate::CalibrateConfig;
use veto_sim::flows::keys::Key;
use veto_sim::flows::priors::FlowPriors;
use veto_sim::replay::ReplayConfig;
use veto_sim::report::{Format, Render, RenderOptions};
use veto_sim::rules::catalog;
use veto_sim::vote::{DraftSpec, ModelParams};
use veto_sim::world::{DraftFilter, FilterArgs, WindowChoice, World};

const FORMATS: [(Format, &str); 4] = [
    (Format::Table, "table"),
    (Format::Csv, "csv"),
    (Format::Json, "json"),
    (Format::Markdown, "markdown"),
];

/// The report in each format against its snapshots `NAME_FORMAT`.
fn check(name: &str, report: &dyn Render, options: &RenderOptions) {
    for (format, suffix) in FORMATS {
        let text = report
            .render(format, options)
            .unwrap_or_else(|e| panic!("{name} as {suffix}: {e}"));
        // The version changes with every release; nothing else in a report should.
        let text = text.replace(env!("CARGO_PKG_VERSION"), "[version]");
        insta::assert_snapshot!(format!("{name}_{suffix}"), text);
    }
}

fn world() -> &'static World {
    World::embedded().unwrap()
}

fn rules(names: &[&str]) -> Vec<veto_sim::rules::Rule> {
    let codes = world().state_codes();
    names
        .iter()
        .map(|n| catalog::reform(n, &codes).unwrap())
        .collect()
}

#[test]
fn power() {
    let options = api::PowerOptions {
        game: api::Game::Rule(Box::new(rules(&["two-negatives"]).remove(0))),
        name: "two-negatives".into(),
    };
    let report = api::power(world(), &options).unwrap();
    check("power", &report, &RenderOptions::default());
}

#[test]
fn compare() {
    let draft = DraftSpec::from_record(world(), "S/2011/612").unwrap();
    let mut options = api::CompareOptions::new(rules(&["present", "abolish-veto"]), draft).unwrap();
    options.trials = 500;
    options.seed = 7;
    options.threads = Some(1);
    let report = api::compare(world(), &options, &()).unwrap();
    check("compare", &report, &RenderOptions::default());
}

#[test]
fn run() {
    let mut scenario = veto_sim::scenario::load("syria", world()).unwrap();
    scenario.trials = 300;
    scenario.seed = 11;
    scenario.rules.truncate(2);
    let options = api::RunOptions {
        scenario,
        method: veto_sim::scenario::Method::DEFAULT,
        flows: false,
        threads: Some(1),
    };
    let report = api::run(world(), &options, &()).unwrap();
    check("run", &report, &RenderOptions::default());
}

#[test]
fn replay() {
    let mut config = ReplayConfig::new(ModelParams::embedded().unwrap());
    config.reforms = rules(&["present", "restraint"]);
    config.filter = DraftFilter::parse(FilterArgs {
        since: Some("2017"),
        vetoed_by: Some("RUS"),
        ..FilterArgs::default()
    })
    .unwrap();
    config.trials = 200;
    let report = api::replay(
        world(),
        &api::ReplayOptions {
            config,
            threads: Some(1),
        },
    )
    .unwrap();
    check("replay", &report, &RenderOptions::default());
    let by_topic = RenderOptions {
        sections: Some(vec!["topic".into()]),
        ..RenderOptions::default()
    };
    for (format, suffix) in [(Format::Table, "table"), (Format::Csv, "csv")] {
        let text = report.render(format, &by_topic).unwrap();
        let text = text.replace(env!("CARGO_PKG_VERSION"), "[version]");
        insta::assert_snapshot!(format!("replay_by_topic_{suffix}"), text);
    }
}

#[test]
fn flows() {
    let world = world();
    let options = api::FlowsOptions {
        flows: veto_sim::flows::run::FlowsOptions {
            conflicts: vec!["syria".into()],
            rules: rules(&["present", "abolish-veto"]),
            trials: 200,
            vote_trials: 200,
            seed: 3,
            window: "era".into(),
            by_year: true,
            model: ModelParams::embedded().unwrap(),
            priors: FlowPriors::embedded(world).unwrap(),
            hypothetical: None,
        },
        threads: Some(1),
    };
    let report = api::flows(world, &options, &()).unwrap();
    check(
        "flows",
        &report,
        &RenderOptions {
            detailed: true,
            ..RenderOptions::default()
        },
    );
}

#[test]
fn distribute() {
    let world = world();
    let options = api::DistributeOptions {
        key: Key::Eu,
        amount: api::Amount::Refugees {
            count: 100_000.0,
            origin: None,
        },
        priors: FlowPriors::embedded(world).unwrap(),
        trials: None,
        seed: None,
        threads: None,
    };
    let report = api::distribute(world, &options).unwrap();
    check("distribute", &report, &RenderOptions::default());
}

#[test]
fn calibrate_flows() {
    let world = world();
    let options = api::CalibrateFlowsOptions {
        priors: FlowPriors::embedded(world).unwrap(),
    };
    let report = api::calibrate_flows(world, &options).unwrap();
    check("calibrate_flows", &report, &RenderOptions::default());
}

#[test]
fn calibrate_votes() {
    // The drafts of the last decade and few nodes, without cross-validation: a short fit.
    let config = CalibrateConfig {
        filter: DraftFilter::parse(FilterArgs {
            since: Some("2012"),
            ..FilterArgs::default()
        })
        .unwrap(),
        window: WindowChoice::Era,
        nodes: 8,
        cross_validate: false,
        evaluate_from: None,
    };
    let options = api::CalibrateVotesOptions {
        config,
        threads: Some(1),
    };
    let report = api::calibrate_votes(world(), &options).unwrap();
    check("calibrate_votes", &report, &RenderOptions::default());
}

#[test]
fn predict_votes() {
    let options = api::PredictVotesOptions {
        votes: "tests/fixtures/votes_small.csv".into(),
        until: Some("2019-12-31".into()),
        threads: Some(1),
    };
    let report = api::predict_votes(world(), &options).unwrap();
    check("predict_votes", &report, &RenderOptions::default());
}

#[test]
fn list_and_show() {
    let world = world();
    let none = RenderOptions::default();
    check(
        "list_states",
        &listing::list_states(world, Some("EEG"), None).unwrap(),
        &none,
    );
    check(
        "list_councils",
        &listing::list_councils(world, Some(2026), None, None, None).unwrap(),
        &none,
    );
    let recent = FilterArgs {
        vetoed_by: Some("RUS"),
        since: Some("2019"),
        ..FilterArgs::default()
    };
    check(
        "list_drafts",
        &listing::list_drafts(world, None, recent).unwrap(),
        &none,
    );
    check(
        "list_conflicts",
        &listing::list_conflicts(world, None, Some("2015"), None).unwrap(),
        &none,
    );
    check(
        "list_reforms",
        &listing::list_reforms(world).unwrap(),
        &none,
    );
    check(
        "show_state",
        &listing::show_state(world, "NOR").unwrap(),
        &none,
    );
    check(
        "show_draft",
        &listing::show_draft(world, "S/2011/612").unwrap(),
        &none,
    );
    check(
        "show_conflict",
        &listing::show_conflict(world, "cyprus").unwrap(),
        &none,
    );
    check(
        "show_reform",
        &listing::show_reform(world, "two-negatives").unwrap(),
        &none,
    );
}
