//! `veto-sim calibrate flows`: the elasticity of outflows to battle deaths on the world's panel
//! (pinned), the gravity model's fit and leave-one-out validation, and the parameter file's
//! checks (bad values are named by file, line and key, exit code 2).

use std::process::Command;

use veto_sim::flows::dest_validation::{DestinationModel, Method, validate};
use veto_sim::flows::destinations::{gravity, radiation};
use veto_sim::flows::elasticity::{MAIN, VARIANTS, fit};
use veto_sim::flows::priors::{DEFAULT_YAML, FlowPriors, parse_priors};
use veto_sim::world::World;

fn world() -> &'static World {
    World::embedded().unwrap()
}

#[test]
fn the_elasticity_on_the_world_panel_is_pinned() {
    let e = fit(&world().flows_panel, &MAIN).unwrap();
    // log(1 + outflow) on log battle deaths, country fixed effects, 1989-2022, 25+ deaths.
    assert!((e.estimate - 0.245).abs() < 0.001, "{}", e.estimate);
    assert!((e.std_error - 0.039).abs() < 0.001, "{}", e.std_error);
    assert_eq!(e.country_years, 1033);
    assert_eq!(e.countries, 78);
    assert!(e.interval90[0] < e.estimate && e.estimate < e.interval90[1]);
    assert!(e.interval90[0] > 0.0, "the interval excludes zero");
    for v in VARIANTS {
        let f = fit(&world().flows_panel, &v).unwrap();
        assert!(f.estimate.is_finite() && f.std_error > 0.0, "{}", v.label);
    }
}

#[test]
fn the_panel_holds_member_states_and_palestine_with_outflows_from_1962() {
    let panel = &world().flows_panel;
    assert!(panel.len() > 2000);
    assert!(panel.iter().any(|p| p.iso3 == "PSE"));
    assert!(
        panel
            .iter()
            .all(|p| p.deaths_best + p.deaths_low + p.deaths_high > 0)
    );
    assert!(
        panel
            .iter()
            .all(|p| (p.year >= 1962) == p.outflow().is_some())
    );
    let syr2013 = panel
        .iter()
        .find(|p| p.iso3 == "SYR" && p.year == 2013)
        .unwrap();
    assert_eq!(syr2013.deaths_best, 71970);
    assert_eq!(syr2013.outflow(), Some(2_193_623 + 66_581));
}

#[test]
fn the_gravity_model_is_fitted_and_validated_leave_one_out() {
    let priors = FlowPriors::embedded(world()).unwrap();
    let g = gravity(world(), &priors).unwrap();
    assert_eq!(g.validation.len(), 12);
    assert_eq!(g.model.conflicts.len(), 12);
    let b = g.model.coefficients;
    assert!(b[0] > 0.0, "larger states take more");
    assert!(b[2] < 0.0, "farther states take fewer");
    assert!(b[3] > 0.0, "neighbours take more");
    for v in &g.validation {
        let sum = v.predicted.neighbours
            + v.predicted.region
            + v.predicted.europe
            + v.predicted.elsewhere;
        assert!((sum - 1.0).abs() < 1e-9, "{}", v.conflict);
        assert!((0.0..=1.0).contains(&v.misallocated));
    }
    assert!(g.mean_mae_states > 0.0 && g.mean_mae_states < 0.02);
    assert!(g.left_out.iter().any(|(c, _)| c == "israel-palestine"));
    // Predictions for an origin sum to 1 and favour neighbours.
    let p = g.model.predict(world(), &["NER".to_string()]).unwrap();
    assert!((p.iter().map(|(_, s)| s).sum::<f64>() - 1.0).abs() < 1e-9);
    assert!(
        ["NGA", "TCD", "MLI", "BFA", "DZA", "LBY", "BEN"].contains(&p[0].0.as_str()),
        "{}",
        p[0].0
    );
}

fn priors_error(text: &str) -> String {
    let err = parse_priors(text, "p.yaml", world()).unwrap_err();
    assert_eq!(err.exit_code(), 2, "{err}");
    err.to_string()
}

#[test]
fn a_bad_parameter_file_is_named_by_line_and_key() {
    let broken = DEFAULT_YAML.replacen(
        "interval90: [-0.90, -0.10]",
        "interval90: [-0.60, -0.10]",
        1,
    );
    let msg = priors_error(&broken);
    assert!(msg.starts_with("p.yaml:"), "{msg}");
    assert!(
        msg.contains("key `effects.peacekeeping.interval90`"),
        "{msg}"
    );
    assert!(msg.contains("does not contain the median"), "{msg}");

    let msg = priors_error(&DEFAULT_YAML.replacen("  condemnation:", "  condemnations:", 1));
    assert!(msg.contains("did you mean `condemnation`"), "{msg}");

    let msg = priors_error(&DEFAULT_YAML.replacen("change: -0.70", "change: -1.5", 1));
    assert!(msg.contains("key `effects.peacekeeping.change`"), "{msg}");

    let msg = priors_error(&DEFAULT_YAML.replacen("[AUT, BEL,", "[AUTT, BEL,", 1));
    assert!(msg.contains("destinations.europe"), "{msg}");

    let msg = priors_error(&DEFAULT_YAML.replacen("from: averaged", "from: declared", 1));
    assert!(msg.contains("elasticity.mean"), "{msg}");

    let msg = priors_error(&format!("{DEFAULT_YAML}\nextra: 1\n"));
    assert!(msg.contains("extra"), "{msg}");
}

#[test]
fn a_declared_elasticity_replaces_the_calibrated_one() {
    let text = DEFAULT_YAML.replacen(
        "  from: averaged\n",
        "  from: declared\n  mean: 0.5\n  sd: 0.1\n",
        1,
    );
    let p = parse_priors(&text, "p.yaml", world()).unwrap();
    let (used, fitted) = veto_sim::flows::run::elasticity_used(world(), &p).unwrap();
    assert_eq!(used.mean, 0.5);
    assert_eq!(used.sd, 0.1);
    assert!(fitted.is_none());
}

#[test]
fn destinations_year_by_year_are_validated_against_each_years_arrivals() {
    let priors = FlowPriors::embedded(world()).unwrap();
    let g = gravity(world(), &priors).unwrap();
    let v = validate(world(), &priors, &g).unwrap();
    assert_eq!(v.conflicts.len(), 12);
    assert_eq!(v.min_arrivals, priors.destinations.min_arrivals);
    // One peak year per conflict, and every row has enough arrivals.
    assert_eq!(v.rows.iter().filter(|r| r.peak).count(), 12);
    assert!(v.rows.iter().all(|r| r.arrivals >= v.min_arrivals));
    assert!(v.rows.len() > 100);
    for r in &v.rows {
        let sum: f64 = r.observed.as_array().iter().sum();
        assert!((sum - 1.0).abs() < 1e-9);
        for e in &r.errors {
            assert!((0.0..=1.0).contains(&e.misallocated));
            assert!((0.0..=1.0).contains(&e.neighbours));
        }
    }
    let mean = |m: Method, years: &str| {
        v.summary
            .iter()
            .find(|s| s.method == m && s.years == years)
            .unwrap()
            .mean
            .categories
    };
    // Last year's arrivals beat one split per conflict, year by year.
    assert!(mean(Method::PreviousYear, "all years") < mean(Method::PeakStocks, "all years"));
    // The model for hypothetical conflicts is the better of the two, not a fixed one.
    let want = if mean(Method::Radiation, "all years") < mean(Method::Gravity, "all years") {
        DestinationModel::Radiation
    } else {
        DestinationModel::Gravity
    };
    assert_eq!(v.chosen, want);
}

#[test]
fn the_radiation_model_sends_more_to_near_populous_states() {
    let shares = radiation(world(), &["SYR".to_string()]).unwrap();
    let sum: f64 = shares.iter().map(|s| s.1).sum();
    assert!((sum - 1.0).abs() < 1e-9);
    assert!(shares.iter().all(|s| s.0 != "SYR"));
    let share = |c: &str| shares.iter().find(|s| s.0 == c).unwrap().1;
    assert!(share("TUR") > share("BRA"));
    assert!(radiation(world(), &["XXX".to_string()]).is_err());
}

#[test]
fn a_minimum_of_zero_arrivals_is_refused_by_key() {
    let msg = priors_error(&DEFAULT_YAML.replacen("min_arrivals: 1000", "min_arrivals: 0", 1));
    assert!(msg.contains("key `destinations.min_arrivals`"), "{msg}");
}

#[test]
fn calibrate_flows_prints_the_destinations_validation() {
    let out = Command::new(env!("CARGO_BIN_EXE_veto-sim"))
        .args(["calibrate", "flows"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for want in [
        "Gravity model of destinations",
        "Destinations year by year against each year's new arrivals",
        "neighbour error (points)",
        "previous-year shares",
        "peak-year stocks",
        "gravity (leave-one-conflict-out)",
        "radiation",
        "hypothetical conflicts use the",
    ] {
        assert!(text.contains(want), "`{want}` missing:\n{text}");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_veto-sim"))
        .args(["calibrate", "flows", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &json["destinations_by_year"];
    assert_eq!(d["summary"].as_array().unwrap().len(), 8);
    assert!(d["chosen"].is_string());
    assert!(json["gravity"]["validation"].as_array().unwrap().len() == 12);
}
