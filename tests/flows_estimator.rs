//! The flow estimator's required checks: with no intervention it reproduces the recorded
//! series exactly; zero effect or zero probability of adoption averts nothing; refugees averted
//! never decrease as the effect grows (or as adoption grows, for effects that only reduce
//! deaths); totals are preserved when split by destination; the output does not depend on the
//! number of threads or on which other conflicts are in the run.

use proptest::prelude::*;
use veto_sim::flows::destinations::Split;
use veto_sim::flows::estimator::{
    ConflictInput, DraftInput, MaskDist, SeriesYear, Settings, counterfactual_outflow, run_conflict,
};
use veto_sim::flows::priors::{EffectPrior, FlowPriors};
use veto_sim::flows::run::{FlowsOptions, FlowsReport, estimate, series_of};
use veto_sim::rules::catalog;
use veto_sim::vote::ModelParams;
use veto_sim::world::{ActionKind, World};

fn world() -> &'static World {
    World::embedded().unwrap()
}

fn prior(change: f64, lo: f64, hi: f64) -> EffectPrior {
    EffectPrior {
        change,
        interval90: [lo, hi],
        lag_months: [3.0, 12.0],
        duration_years: [1.0, 5.0],
        outcome: "battle deaths".into(),
        source: "test".into(),
    }
}

fn settings(rules: usize, trials: u64, effect: &EffectPrior, by_year: bool) -> Settings {
    Settings {
        trials,
        seed: 11,
        rules,
        elasticity_mean: 0.25,
        elasticity_sd: 0.04,
        elasticity_mixture: Vec::new(),
        effects: vec![effect.clone(); ActionKind::ALL.len()],
        by_year,
    }
}

/// Syria's recorded series with its drafts' dates and kinds, passing with the given
/// probabilities per rule.
fn syria_input(p: &[f64]) -> ConflictInput {
    let w = world();
    let c = w.conflicts.iter().find(|c| c.id == "syria").unwrap();
    let mut drafts: Vec<DraftInput> = w
        .drafts
        .iter()
        .filter(|d| {
            d.annotation
                .as_ref()
                .is_some_and(|a| a.conflict_id == "syria")
        })
        .map(|d| DraftInput {
            id: d.id.clone(),
            kind: d.annotation.as_ref().unwrap().kind,
            date: veto_sim::flows::run::fractional_year(&d.date).unwrap(),
            masks: MaskDist::nested(p),
        })
        .collect();
    drafts.sort_by(|a, b| a.date.total_cmp(&b.date));
    ConflictInput::with_split(
        "syria",
        series_of(c),
        drafts,
        Split {
            neighbours: 0.7,
            region: 0.05,
            europe: 0.2,
            elsewhere: 0.05,
        },
    )
}

fn small_options(conflicts: &[&str], rules: &[&str], trials: u64) -> FlowsOptions {
    let w = world();
    let codes = w.state_codes();
    FlowsOptions {
        conflicts: conflicts.iter().map(|c| c.to_string()).collect(),
        rules: rules
            .iter()
            .map(|r| catalog::reform(r, &codes).unwrap())
            .collect(),
        trials,
        vote_trials: trials,
        seed: 5,
        window: "2010-2019".into(),
        by_year: true,
        model: ModelParams::embedded().unwrap(),
        priors: FlowPriors::embedded(w).unwrap(),
        hypothetical: None,
    }
}

#[test]
fn with_no_intervention_the_recorded_series_is_reproduced_exactly() {
    // Every conflict of the world, no draft ever passing.
    for (i, c) in world().conflicts.iter().enumerate() {
        let series = series_of(c);
        let input = ConflictInput::with_split(
            c.id.clone(),
            series.clone(),
            vec![DraftInput {
                id: "never".into(),
                kind: ActionKind::Peacekeeping,
                date: f64::from(c.first_year) + 0.5,
                masks: MaskDist::never(),
            }],
            Split::default(),
        );
        let run = run_conflict(
            &input,
            i,
            &settings(2, 3000, &prior(-0.7, -0.9, -0.1), true),
        );
        for r in 0..2 {
            assert!(run.refugees[r].iter().all(|v| *v == 0.0), "{}", c.id);
            assert!(run.deaths[r].iter().all(|v| *v == 0.0), "{}", c.id);
            for (y, s) in series.iter().enumerate() {
                assert_eq!(run.year_refugees[r][y], 0.0);
                if let Some(o) = s.outflow {
                    let mean_averted = run.year_refugees[r][y] / run.trials as f64;
                    assert_eq!(o - mean_averted, o, "{} {}", c.id, s.year);
                }
            }
        }
        // The counterfactual of a year with an unchanged deaths ratio is the record itself.
        for s in &series {
            if let Some(o) = s.outflow {
                assert_eq!(counterfactual_outflow(o, 1.0, 0.3), o);
            }
        }
    }
}

#[test]
fn the_present_rule_averts_nothing_and_reproduces_the_record() {
    let report = estimate(
        world(),
        &small_options(&["syria", "ukraine"], &["present", "abolish-veto"], 2000),
        &|_| {},
    )
    .unwrap();
    for c in &report.conflicts {
        let present = &c.rules[0];
        assert_eq!(present.rule, "present");
        assert_eq!(present.refugees.mean, 0.0);
        assert_eq!(present.refugees.p95, 0.0);
        assert_eq!(present.deaths.mean, 0.0);
        for y in &c.by_year {
            assert_eq!(y.counterfactual[0], y.outflow, "{} {}", c.conflict, y.year);
        }
        // Drafts of the record pass under `present` with probability 0: they failed.
        assert!(
            c.drafts
                .iter()
                .all(|d| d.pass.first().is_none_or(|p| *p == 0.0))
        );
    }
    assert!(report.totals[1].refugees.mean > 0.0);
}

#[test]
fn zero_effect_averts_nothing() {
    let none = EffectPrior::none();
    let run = run_conflict(
        &syria_input(&[0.9, 1.0]),
        0,
        &settings(2, 4000, &none, false),
    );
    for r in 0..2 {
        assert!(run.refugees[r].iter().all(|v| *v == 0.0));
        assert!(run.deaths[r].iter().all(|v| *v == 0.0));
    }
    // And through the whole pipeline, with every kind's effect set to none.
    let mut options = small_options(&["syria"], &["abolish-veto"], 2000);
    options.priors = options.priors.with_all_effects(&none);
    let report = estimate(world(), &options, &|_| {}).unwrap();
    for t in &report.totals {
        assert_eq!(t.refugees.mean, 0.0, "{}", t.rule);
        assert_eq!(t.europe.p95, 0.0);
        assert_eq!(t.deaths.mean, 0.0);
    }
}

#[test]
fn zero_probability_of_adoption_averts_nothing() {
    let run = run_conflict(
        &syria_input(&[0.0, 0.0, 0.0]),
        0,
        &settings(3, 4000, &prior(-0.7, -0.9, -0.1), false),
    );
    for r in 0..3 {
        assert!(run.refugees[r].iter().all(|v| *v == 0.0));
        assert_eq!(run.any_passed[r], 0);
    }
}

#[test]
fn refugees_averted_never_decrease_as_the_effect_grows() {
    // The same draws, the median reduction growing with the interval's log-width fixed:
    // every trial's refugees averted is non-decreasing.
    let input = syria_input(&[0.0, 0.4, 0.8]);
    let mut previous: Option<Vec<Vec<f64>>> = None;
    for change in [0.2, 0.0, -0.1, -0.3, -0.5, -0.7, -0.9] {
        let (lo, hi) = (
            (1.0f64 + change) * 0.5 - 1.0,
            ((1.0f64 + change) * 1.5 - 1.0).min(3.0),
        );
        let run = run_conflict(&input, 3, &settings(3, 3000, &prior(change, lo, hi), false));
        if let Some(prev) = &previous {
            for (r, (before, now)) in prev.iter().zip(&run.refugees).enumerate() {
                for (t, (a, b)) in before.iter().zip(now).enumerate() {
                    assert!(
                        b >= a,
                        "change {change}: rule {r} trial {t}: {b} < {a} averted"
                    );
                }
            }
        }
        previous = Some(run.refugees);
    }
}

#[test]
fn totals_are_preserved_when_split_by_destination() {
    let report: FlowsReport = estimate(
        world(),
        &small_options(&[], &["abolish-veto", "two-negatives"], 1500),
        &|_| {},
    )
    .unwrap();
    assert_eq!(report.conflicts.len(), 17);
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0);
    for c in &report.conflicts {
        let s = c.destinations.split;
        assert!(
            close(s.neighbours + s.region + s.europe + s.elsewhere, 1.0),
            "{}",
            c.conflict
        );
        assert!(s.as_array().iter().all(|v| *v >= 0.0));
        for r in &c.rules {
            let sum = r.neighbours.mean + r.region.mean + r.europe.mean + r.elsewhere.mean;
            assert!(close(sum, r.refugees.mean), "{} {}", c.conflict, r.rule);
        }
    }
    for t in &report.totals {
        let sum = t.neighbours.mean + t.region.mean + t.europe.mean + t.elsewhere.mean;
        assert!(close(sum, t.refugees.mean), "{}", t.rule);
        let by_conflict: f64 = report
            .conflicts
            .iter()
            .map(|c| {
                c.rules
                    .iter()
                    .find(|r| r.rule == t.rule)
                    .unwrap()
                    .refugees
                    .mean
            })
            .sum();
        assert!(close(by_conflict, t.refugees.mean), "{}", t.rule);
    }
}

#[test]
fn each_year_is_split_by_its_own_destinations_and_the_split_preserves_totals() {
    // Syria's refugees averted go to Europe in even years and to neighbours in odd ones.
    let mut input = syria_input(&[0.0, 0.6]);
    let first = input.series[0].year;
    input.splits = input
        .series
        .iter()
        .map(|s| {
            if s.year % 2 == 0 {
                Split {
                    europe: 1.0,
                    ..Split::default()
                }
            } else {
                Split {
                    neighbours: 1.0,
                    ..Split::default()
                }
            }
        })
        .collect();
    let run = run_conflict(
        &input,
        0,
        &settings(2, 3000, &prior(-0.7, -0.9, -0.1), true),
    );
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0);
    for t in 0..3000 {
        let (lo, _) = run.year_range;
        let yt = &run.year_trials.as_ref().unwrap()[1];
        let (mut even, mut odd, mut size) = (0.0, 0.0, 0.0);
        for (i, v) in yt.iter().enumerate() {
            let v = f64::from(v[t]);
            size += v.abs();
            if (first + (lo + i) as i32) % 2 == 0 {
                even += v;
            } else {
                odd += v;
            }
        }
        let cats: Vec<f64> = (0..4).map(|k| run.categories[1][k][t]).collect();
        assert!(close(cats.iter().sum(), run.refugees[1][t]), "trial {t}");
        // The per-year values are kept as f32: compare at that precision, relative to the
        // size of the terms summed (gains and losses cancel).
        let f32_close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * size + 1e-6;
        assert!(f32_close(cats[2], even), "trial {t}: {} vs {even}", cats[2]);
        assert!(f32_close(cats[0], odd), "trial {t}: {} vs {odd}", cats[0]);
        assert_eq!(cats[1], 0.0);
        assert_eq!(cats[3], 0.0);
    }
    for k in 0..4 {
        let mean = run.category_summary(1, k).mean;
        let sample = run.categories[1][k].iter().sum::<f64>() / 3000.0;
        assert!(close(mean, sample), "category {k}");
    }
}

#[test]
fn beyond_the_kept_trials_a_systematic_sample_of_the_same_trials_is_kept() {
    use veto_sim::flows::estimator::{KEPT_TRIALS, kept, stride};
    assert_eq!(stride(KEPT_TRIALS), 1);
    assert_eq!(stride(KEPT_TRIALS + 1), 2);
    assert_eq!(kept(3 * KEPT_TRIALS), KEPT_TRIALS as usize);
    for n in [
        KEPT_TRIALS + 1,
        3 * KEPT_TRIALS + 1,
        10_000_000,
        123_456_789,
    ] {
        assert!(kept(n) <= KEPT_TRIALS as usize, "{n}");
        assert!(kept(n) > KEPT_TRIALS as usize / 2, "{n}");
    }
    let input = syria_input(&[0.0, 0.5]);
    let effect = prior(-0.7, -0.9, -0.1);
    let all = run_conflict(&input, 0, &settings(2, KEPT_TRIALS, &effect, false));
    let many = 3 * KEPT_TRIALS;
    let sampled = run_conflict(&input, 0, &settings(2, many, &effect, false));
    // Trial t of the larger run is trial t of the smaller one: the streams are the blocks'.
    for (i, v) in sampled.refugees[1].iter().enumerate() {
        let t = i * 3;
        if t < KEPT_TRIALS as usize {
            assert_eq!(*v, all.refugees[1][t], "trial {t}");
        }
    }
    assert_eq!(sampled.refugees[1].len(), KEPT_TRIALS as usize);
    // The mean is over every trial, not the kept ones alone.
    let summary = sampled.refugees_summary(1);
    assert_eq!(summary.mean, sampled.refugees_sum[1] / many as f64);
    assert!(summary.p_positive > 0.0 && summary.p_positive <= 1.0);
}

#[test]
fn results_do_not_depend_on_the_number_of_threads() {
    let options = small_options(
        &["syria", "israel-palestine"],
        &["abolish-veto", "restraint"],
        20_000,
    );
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let report = pool
            .install(|| estimate(world(), &options, &|_| {}))
            .unwrap();
        serde_json::to_string(&report).unwrap()
    };
    assert_eq!(run(1), run(3));
}

#[test]
fn a_conflict_has_the_same_figures_alone_or_among_others() {
    let alone = estimate(
        world(),
        &small_options(&["ukraine"], &["abolish-veto"], 3000),
        &|_| {},
    )
    .unwrap();
    let among = estimate(
        world(),
        &small_options(&["syria", "ukraine"], &["abolish-veto"], 3000),
        &|_| {},
    )
    .unwrap();
    let a = &alone.conflicts[0];
    let b = among
        .conflicts
        .iter()
        .find(|c| c.conflict == "ukraine")
        .unwrap();
    assert_eq!(a.rules, b.rules);
    assert_eq!(a.drafts, b.drafts);
}

#[test]
fn an_unknown_conflict_is_a_usage_error_with_a_suggestion() {
    let err = estimate(
        world(),
        &small_options(&["syri"], &["abolish-veto"], 100),
        &|_| {},
    )
    .unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(err.to_string().contains("did you mean `syria`"), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        rng_seed: proptest::test_runner::RngSeed::Fixed(20261128),
        ..ProptestConfig::default()
    })]

    /// With effects that only reduce deaths, passing more often never averts fewer refugees,
    /// and a larger reduction never averts fewer: trial by trial, on the same draws.
    #[test]
    fn more_adoption_or_a_larger_reduction_never_averts_less(
        p_low in 0.0f64..1.0,
        extra in 0.0f64..1.0,
        change in -0.95f64..-0.05,
        more in 0.0f64..0.9,
        outflows in prop::collection::vec(0.0f64..1e6, 8),
        dates in prop::collection::vec(2000.0f64..2008.0, 1..5),
    ) {
        let p_high = (p_low + extra).min(1.0);
        let series: Vec<SeriesYear> = outflows
            .iter()
            .enumerate()
            .map(|(i, o)| SeriesYear { year: 2000 + i as i32, deaths: Some(1000.0), outflow: Some(*o) })
            .collect();
        let kinds = [ActionKind::Peacekeeping, ActionKind::Sanctions, ActionKind::CeasefireHumanitarian];
        let drafts: Vec<DraftInput> = dates
            .iter()
            .enumerate()
            .map(|(i, d)| DraftInput {
                id: format!("d{i}"),
                kind: kinds[i % 3],
                date: *d,
                masks: MaskDist::nested(&[p_low, p_high]),
            })
            .collect();
        let input = ConflictInput::with_split("p", series, drafts, Split::default());
        // Reductions only: the upper scale is 0, so the deaths ratio never exceeds 1 + c < 1.
        let reduce = |c: f64| prior(c, (1.0 + c) * 0.5 - 1.0, c);
        let a = run_conflict(&input, 0, &settings(2, 400, &reduce(change), false));
        let stronger = change - more * (1.0 + change);
        let b = run_conflict(&input, 0, &settings(2, 400, &reduce(stronger), false));
        for t in 0..400 {
            prop_assert!(a.refugees[1][t] >= a.refugees[0][t] - 1e-9);
            prop_assert!(b.refugees[0][t] >= a.refugees[0][t] - 1e-9);
            prop_assert!(b.refugees[1][t] >= a.refugees[1][t] - 1e-9);
            prop_assert!(a.refugees[0][t] >= 0.0);
        }
    }
}

#[test]
fn only_rules_that_weaken_the_veto_on_the_same_council_take_the_exact_path() {
    use veto_sim::flows::run::adopts_whenever;
    let codes = world().state_codes();
    let present = catalog::reform("present", &codes).unwrap();
    for entry in catalog::ENTRIES {
        let rule = catalog::reform(entry.name, &codes).unwrap();
        let want = matches!(
            entry.name,
            "present" | "abolish-veto" | "two-negatives" | "restraint" | "assembly-override"
        );
        assert_eq!(adopts_whenever(&rule, &present), want, "{}", entry.name);
    }
}

#[test]
fn the_exact_conditional_probability_agrees_with_the_simulated_one() {
    use veto_sim::engine::{McConfig, Plan, simulate};
    use veto_sim::vote::{DraftSpec, Support};
    let w = world();
    let codes = w.state_codes();
    let rules: Vec<_> = ["present", "abolish-veto", "assembly-override"]
        .iter()
        .map(|r| catalog::reform(r, &codes).unwrap())
        .collect();
    let params = ModelParams::embedded().unwrap();
    let graph = w.alignment_graph(None).unwrap();
    let draft = DraftSpec::from_record(w, "S/2016/1026").unwrap();
    let support = Support::new(w, &graph, &params, &draft);
    let plan = Plan::new(
        w,
        &draft,
        w.council(2016).unwrap(),
        &rules,
        &params,
        &support,
    )
    .unwrap();
    let tally = &simulate(
        std::slice::from_ref(&plan),
        McConfig {
            trials: 200_000,
            seed: 3,
            detail: false,
        },
        &|_| {},
    )[0];
    let p0 = veto_sim::engine::exact_adoption(&plan, 0).unwrap();
    for r in 1..3 {
        let pr = veto_sim::engine::exact_adoption(&plan, r).unwrap();
        let exact = (pr - p0) / (1.0 - p0);
        let simulated = MaskDist::from_joint(&tally.joint, Some(0)).probability(r);
        // Present adopts only where these rules do: no trial adopts under present alone.
        let present_only: u64 = tally
            .joint
            .iter()
            .enumerate()
            .filter(|(m, _)| m & 1 == 1 && m >> r & 1 == 0)
            .map(|(_, c)| c)
            .sum();
        assert_eq!(present_only, 0, "rule {r}");
        assert!(
            (exact - simulated).abs() < 0.006,
            "rule {r}: {exact} vs {simulated}"
        );
    }
}
