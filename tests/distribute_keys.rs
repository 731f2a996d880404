//! Distribution plans: each key's shares sum to 1 over the right states, allocations add up to
//! the refugees shared out, the EU key's corrective criterion respects its cap, the Gini
//! coefficient behaves, and `veto-sim distribute` reports loads, changes and Gini in every
//! format with clear errors for bad input.

use std::process::{Command, Output};

use proptest::prelude::*;
use veto_sim::flows::keys::{Key, allocate, gini, shares};
use veto_sim::flows::priors::FlowPriors;
use veto_sim::world::World;

fn world() -> &'static World {
    World::embedded().unwrap()
}

fn priors() -> FlowPriors {
    FlowPriors::embedded(world()).unwrap()
}

#[test]
fn each_key_sums_to_one_over_its_states() {
    let p = priors();
    let (eu, _) = shares(world(), &p, Key::Eu, &[]).unwrap();
    assert_eq!(eu.len(), 27);
    let (un, notes) = shares(world(), &p, Key::Un, &[]).unwrap();
    assert_eq!(un.len(), 190, "KIR, TON and TUV have no population or GDP");
    assert!(notes.iter().any(|n| n.contains("KIR")));
    let (reg, _) = shares(world(), &p, Key::Regional, &["SYR".to_string()]).unwrap();
    for code in ["TUR", "LBN", "JOR", "IRQ", "ISR"] {
        assert!(reg.iter().any(|(c, _)| c == code), "{code}");
    }
    assert!(!reg.iter().any(|(c, _)| c == "SYR"));
    for list in [&eu, &un, &reg] {
        let total: f64 = list.iter().map(|(_, s)| s).sum();
        assert!((total - 1.0).abs() < 1e-12);
        assert!(list.iter().all(|(_, s)| *s > 0.0));
    }
    // Palestine is not a member state but has neighbours in the world's host table.
    let (pse, _) = shares(world(), &p, Key::Regional, &["PSE".to_string()]).unwrap();
    assert!(pse.iter().any(|(c, _)| c == "JOR"));
}

#[test]
fn the_eu_key_follows_population_and_gdp_and_caps_the_effort_criterion() {
    let p = priors();
    let (eu, notes) = shares(world(), &p, Key::Eu, &[]).unwrap();
    let share = |c: &str| eu.iter().find(|(x, _)| x == c).unwrap().1;
    assert!(share("DEU") > share("FRA") && share("FRA") > share("MLT"));
    assert!(
        share("DEU") > 0.15 && share("DEU") < 0.25,
        "{}",
        share("DEU")
    );
    assert!(notes.iter().any(|n| n.contains("no unemployment figures")));
    assert!(notes.iter().any(|n| n.contains("capped for")));
}

#[test]
fn allocations_add_up_and_changes_balance() {
    let p = priors();
    for key in [Key::Eu, Key::Un] {
        let a = allocate(world(), &p, key, 160_000.0, "test", &[], None).unwrap();
        let total: f64 = a.states.iter().map(|s| s.allocated).sum();
        assert!((total - 160_000.0).abs() < 1e-6);
        let today: f64 = a.states.iter().map(|s| s.today).sum();
        assert!((today - 160_000.0).abs() < 1e-6);
        let change: f64 = a.states.iter().map(|s| s.change).sum();
        assert!(change.abs() < 1e-6);
        assert!((0.0..1.0).contains(&a.gini_before) && (0.0..1.0).contains(&a.gini_after));
    }
    // A conflict's refugees leave their present hosts, including those outside the key.
    let syria = world().conflicts.iter().find(|c| c.id == "syria").unwrap();
    let today: Vec<(String, f64)> = syria
        .destinations_on("latest")
        .iter()
        .map(|d| (d.asylum_code.clone(), d.total as f64))
        .collect();
    let n: f64 = today.iter().map(|(_, v)| v).sum();
    let a = allocate(
        world(),
        &p,
        Key::Eu,
        n,
        "syria",
        &syria.origin,
        Some(&today),
    )
    .unwrap();
    let tur = a.states.iter().find(|s| s.code == "TUR").unwrap();
    assert!(!tur.in_key && tur.change < 0.0 && tur.load_after < tur.load_before);
    let change: f64 = a.states.iter().map(|s| s.change).sum();
    assert!(change.abs() < 1e-3 * n);
}

#[test]
fn the_regional_key_needs_an_origin() {
    let err = allocate(world(), &priors(), Key::Regional, 10.0, "x", &[], None).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(err.to_string().contains("needs an origin"));
}

proptest! {
    #[test]
    fn gini_is_between_zero_and_one_and_scale_free(
        v in prop::collection::vec(0.0f64..1e6, 1..40),
        k in 0.001f64..1000.0,
    ) {
        let g = gini(&v);
        prop_assert!((0.0..1.0).contains(&g));
        let scaled: Vec<f64> = v.iter().map(|x| x * k).collect();
        prop_assert!((gini(&scaled) - g).abs() < 1e-9);
        let equal = vec![v[0] + 1.0; v.len()];
        prop_assert!(gini(&equal).abs() < 1e-12);
    }
}

fn veto_sim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_veto-sim"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn ok(args: &[&str]) -> String {
    let out = veto_sim(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn distribute_reports_loads_changes_and_gini_in_every_format() {
    let text = ok(&["distribute", "--key", "eu", "--refugees", "160000"]);
    for want in [
        "per 1,000 inhabitants",
        "per US$1bn GDP",
        "Gini coefficient",
        "DEU",
        "no unemployment figures",
        "Sources:",
    ] {
        assert!(text.contains(want), "{want}\n{text}");
    }
    let json = ok(&[
        "distribute",
        "--key",
        "regional",
        "--conflict",
        "syria",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["allocation"]["key"], "regional");
    assert!(
        v["allocation"]["gini_after"].as_f64().unwrap()
            < v["allocation"]["gini_before"].as_f64().unwrap()
    );
    let csv = ok(&[
        "distribute",
        "--key",
        "un",
        "--refugees",
        "1000",
        "--format",
        "csv",
    ]);
    assert!(csv.starts_with("# meta: "));
    assert!(csv.contains("code,in_key,share,allocated"));
    let md = ok(&[
        "distribute",
        "--key",
        "regional",
        "--refugees",
        "5000",
        "--origin",
        "UKR",
        "--format",
        "markdown",
    ]);
    assert!(md.contains("| POL |") || md.contains("| MDA |"), "{md}");
}

#[test]
fn distribute_shares_out_the_refugees_a_reform_would_have_averted() {
    let v: serde_json::Value = serde_json::from_str(&ok(&[
        "distribute",
        "--key",
        "eu",
        "--conflict",
        "syria",
        "--averted",
        "abolish-veto",
        "--trials",
        "3000",
        "--format",
        "json",
    ]))
    .unwrap();
    let a = &v["allocation"];
    assert!(a["refugees"].as_f64().unwrap() > 0.0);
    assert!(a["what"].as_str().unwrap().contains("abolish-veto"));
}

#[test]
fn distribute_rejects_bad_input_with_exit_code_two() {
    for args in [
        vec!["distribute", "--key", "regional", "--refugees", "1000"],
        vec!["distribute", "--key", "eu", "--refugees", "-5"],
        vec![
            "distribute",
            "--key",
            "eu",
            "--refugees",
            "5",
            "--conflict",
            "syria",
        ],
        vec!["distribute", "--key", "eu"],
        vec!["distribute", "--key", "eu", "--conflict", "syri"],
        vec!["distribute", "--key", "world", "--refugees", "5"],
        vec![
            "distribute",
            "--key",
            "regional",
            "--refugees",
            "5",
            "--origin",
            "SYX",
        ],
    ] {
        let out = veto_sim(&args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stdout.is_empty());
    }
    let out = veto_sim(&["distribute", "--key", "eu", "--conflict", "syri"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `syria`"));
}

#[test]
fn flags_that_would_be_ignored_are_refused_naming_both() {
    for (args, flags) in [
        (
            vec!["--key", "eu", "--refugees", "10", "--averted", "g4"],
            ["--refugees", "--averted"],
        ),
        (
            vec![
                "--key",
                "regional",
                "--conflict",
                "syria",
                "--origin",
                "FRA",
            ],
            ["--conflict", "--origin"],
        ),
        (
            vec!["--key", "eu", "--refugees", "10", "--seed", "4"],
            ["--seed", "--averted"],
        ),
        (
            vec!["--key", "eu", "--conflict", "syria", "--trials", "1e3"],
            ["--trials", "--averted"],
        ),
        (
            vec!["--key", "eu", "--refugees", "10", "--threads", "2"],
            ["--threads", "--averted"],
        ),
    ] {
        let mut full = vec!["distribute"];
        full.extend(&args);
        let out = veto_sim(&full);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{full:?}: {err}");
        for f in flags {
            assert!(err.contains(f), "{full:?}: expected {f} in {err}");
        }
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn counts_take_the_same_forms_as_every_other_count_flag() {
    let plain = ok(&["distribute", "--key", "eu", "--refugees", "1000000"]);
    for form in ["1e6", "1_000_000", "1,000,000"] {
        assert_eq!(
            ok(&["distribute", "--key", "eu", "--refugees", form]),
            plain,
            "{form}"
        );
    }
    let out = veto_sim(&["distribute", "--key", "eu", "--refugees", "1.5e0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a whole number"));
}
