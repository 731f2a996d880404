//! Property tests of the engine on random drafts, Councils, rules and parameters: the Monte
//! Carlo estimate agrees with the exact path within 4 standard errors; removing the veto never
//! lowers the probability of adoption; raising the quota never raises it; the fast bit-mask
//! judges count exactly what the member-by-member judges count.

use proptest::prelude::*;
use veto_sim::engine::assembly::plan_tables;
use veto_sim::engine::{McConfig, Plan, exact_adoption, mc, simulate};
use veto_sim::rules::{Rule, yaml::parse_rule};
use veto_sim::vote::{DraftSpec, ModelParams, Support};
use veto_sim::world::{ActionKind, World};

#[derive(Debug, Clone)]
struct Case {
    year: i32,
    sponsors: Vec<usize>,
    targets: Vec<usize>,
    kind: usize,
    atrocity: bool,
    quota: u32,
    negatives: u32,
    abstention_blocks: bool,
    compliance: Option<f64>,
    override_: Option<(u32, u32)>,
    align: f64,
    sigma: f64,
    cut_p: f64,
    cut_e: f64,
    intercept: f64,
}

fn case() -> impl Strategy<Value = Case> {
    (
        (
            1990i32..=2026,
            prop::collection::vec(0usize..193, 0..4),
            prop::collection::vec(0usize..193, 0..3),
            0usize..9,
            any::<bool>(),
        ),
        (
            5u32..=13,
            1u32..=3,
            any::<bool>(),
            prop::option::of(0.0f64..=1.0),
            prop::option::of(prop::sample::select(vec![(1u32, 2u32), (2, 3), (3, 5)])),
        ),
        (
            0.0f64..3.0,
            0.0f64..1.2,
            0.05f64..2.0,
            0.05f64..2.0,
            -1.0f64..1.5,
        ),
    )
        .prop_map(
            |(
                (year, sponsors, targets, kind, atrocity),
                (quota, negatives, abstention_blocks, compliance, override_),
                (align, sigma, cut_p, cut_e, intercept),
            )| Case {
                year,
                targets: targets
                    .into_iter()
                    .filter(|t| !sponsors.contains(t))
                    .collect(),
                sponsors,
                kind,
                atrocity,
                quota,
                negatives,
                abstention_blocks,
                compliance,
                override_,
                align,
                sigma,
                cut_p,
                cut_e,
                intercept,
            },
        )
}

fn rule(name: &str, quota: u32, veto: Option<u32>, case: &Case, codes: &[&str]) -> Rule {
    let mut text = format!(
        "name: {name}\nseats:\n  permanent: [CHN, FRA, GBR, RUS, USA]\n  elected: 10\nquota: {quota}\nabstention_blocks: {}\n",
        case.abstention_blocks
    );
    if let Some(k) = veto {
        text.push_str(&format!(
            "veto: {{ holders: permanent, negatives_to_block: {k} }}\n"
        ));
        if let Some(c) = case.compliance {
            text.push_str(&format!(
                "restraint: {{ on: atrocity, members: [FRA, GBR, USA], compliance: {c} }}\n"
            ));
        }
        if let Some((p, q)) = case.override_ {
            text.push_str(&format!(
                "override: {{ body: general-assembly, majority: \"{p}/{q}\" }}\n"
            ));
        }
    }
    parse_rule(&text, name, codes).unwrap()
}

fn setup(case: &Case, rules: &[Rule]) -> Plan {
    let world = World::embedded().unwrap();
    let mut params = ModelParams::embedded().unwrap();
    params.align = case.align;
    params.sigma_draft = case.sigma;
    params.cut_permanent = case.cut_p;
    params.cut_elected = case.cut_e;
    params
        .intercept
        .values_mut()
        .for_each(|v| *v = case.intercept);
    let code = |i: &usize| world.states[*i].code.clone();
    let draft = DraftSpec {
        id: "random".into(),
        year: case.year,
        sponsors: case.sponsors.iter().map(code).collect(),
        targets: case.targets.iter().map(code).collect(),
        kind: ActionKind::ALL[case.kind],
        atrocity: case.atrocity,
        origin: "test".into(),
        notes: vec![],
    };
    let graph = world.alignment_graph(None).unwrap();
    let support = Support::new(world, &graph, &params, &draft);
    let council = world.council(case.year).unwrap();
    Plan::new(world, &draft, council, rules, &params, &support).unwrap()
}

/// How far two exact values may disagree with the order the rules imply: the adaptive
/// quadrature refines each rule's integrand on its own; it aims at 1e-8
/// (`engine::exact::ADAPTIVE_TOLERANCE`), and the worst case these tests have found erred by
/// 1.7e-6 (a probability of 0.9996 with an Assembly override).
const QUADRATURE_SLACK: f64 = 1e-5;

proptest! {
    // A fixed seed: the same cases on every run, so that a rare Monte Carlo excursion
    // beyond 4 standard errors cannot make the suite fail at random.
    #![proptest_config(ProptestConfig {
        cases: 40,
        rng_seed: proptest::test_runner::RngSeed::Fixed(20261128),
        ..ProptestConfig::default()
    })]

    #[test]
    fn monte_carlo_agrees_with_the_exact_path(case in case(), seed in 0u64..1000) {
        let world = World::embedded().unwrap();
        let codes = world.state_codes();
        let rules = vec![rule("r", case.quota, Some(case.negatives), &case, &codes)];
        let plan = setup(&case, &rules);
        let trials = 30_000;
        let tally = &simulate(std::slice::from_ref(&plan), McConfig { trials, seed, detail: false }, &|_| {})[0];
        let exact = exact_adoption(&plan, 0).unwrap();
        let estimate = tally.rules[0].adopted as f64 / trials as f64;
        let se = (exact * (1.0 - exact) / trials as f64).sqrt().max(1.0 / trials as f64);
        prop_assert!((estimate - exact).abs() <= 4.0 * se + 2e-4, "MC {estimate} vs exact {exact} (se {se})");
    }

    #[test]
    fn removing_the_veto_never_lowers_adoption(case in case(), seed in 0u64..1000) {
        let world = World::embedded().unwrap();
        let codes = world.state_codes();
        let rules = vec![rule("veto", case.quota, Some(case.negatives), &case, &codes), rule("no-veto", case.quota, None, &case, &codes)];
        let plan = setup(&case, &rules);
        let tally = &simulate(std::slice::from_ref(&plan), McConfig { trials: 5_000, seed, detail: false }, &|_| {})[0];
        // On the same votes: every trial adopted with the veto is adopted without it.
        prop_assert!(tally.rules[1].adopted >= tally.rules[0].adopted);
        prop_assert_eq!(tally.joint[0b01], 0, "adopted with the veto but not without");
        let (with_veto, without) = (exact_adoption(&plan, 0).unwrap(), exact_adoption(&plan, 1).unwrap());
        prop_assert!(without >= with_veto - QUADRATURE_SLACK, "exact {without} without the veto < {with_veto} with it");
    }

    #[test]
    fn raising_the_quota_never_raises_adoption(case in case(), seed in 0u64..1000) {
        let world = World::embedded().unwrap();
        let codes = world.state_codes();
        let rules = vec![rule("low", case.quota, Some(case.negatives), &case, &codes), rule("high", case.quota + 1, Some(case.negatives), &case, &codes)];
        let plan = setup(&case, &rules);
        let tally = &simulate(std::slice::from_ref(&plan), McConfig { trials: 5_000, seed, detail: false }, &|_| {})[0];
        prop_assert!(tally.rules[1].adopted <= tally.rules[0].adopted);
        prop_assert_eq!(tally.joint[0b10], 0, "adopted with the higher quota but not the lower");
        let (low, high) = (exact_adoption(&plan, 0).unwrap(), exact_adoption(&plan, 1).unwrap());
        prop_assert!(high <= low + QUADRATURE_SLACK, "exact {high} with the higher quota > {low} with the lower");
    }

    #[test]
    fn fast_judges_count_what_the_member_by_member_judges_count(case in case(), seed in 0u64..1000) {
        let world = World::embedded().unwrap();
        let codes = world.state_codes();
        // Without an override the detailed run consumes the same random numbers.
        let case = Case { override_: None, ..case };
        let rules = vec![
            rule("a", case.quota, Some(case.negatives), &case, &codes),
            rule("b", case.quota, None, &case, &codes),
            veto_sim::rules::catalog::reform("g4", &codes).unwrap(),
        ];
        let plan = setup(&case, &rules);
        let tables = plan_tables(&plan, 3_000);
        let fast = mc::run_unit(&plan, &tables, seed, 3, 3_000, false);
        let slow = mc::run_unit(&plan, &tables, seed, 3, 3_000, true);
        prop_assert_eq!(&fast.joint, &slow.joint);
        for (f, s) in fast.rules.iter().zip(&slow.rules) {
            prop_assert_eq!(f.adopted, s.adopted);
            prop_assert_eq!(f.blocked_by_veto, s.blocked_by_veto);
            prop_assert_eq!(&f.yes_votes, &s.yes_votes);
        }
    }
}
