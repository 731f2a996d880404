//! Who sits under each rule: the year's actual Council for the present rule and its variants;
//! named permanent members, sitting elected members and seats drawn by regional group for
//! enlarged Councils.

use veto_sim::engine::{McConfig, Plan, seat, simulate, summarize};
use veto_sim::rules::catalog;
use veto_sim::vote::{DraftSpec, ModelParams, Support};
use veto_sim::world::RegionalGroup;
use veto_sim::world::{SeatKind, World};

#[test]
fn present_rule_seats_the_actual_council_of_the_year() {
    let world = World::embedded().unwrap();
    let codes = world.state_codes();
    for name in [
        "present",
        "abolish-veto",
        "two-negatives",
        "restraint",
        "assembly-override",
        "qualified-10",
    ] {
        let rule = catalog::reform(name, &codes).unwrap();
        for year in [1995, 2011, 2026] {
            let council = world.council(year).unwrap();
            let s = seat(&rule, council, world).unwrap();
            assert!(s.actual_council && s.is_fixed(), "{name} {year}");
            let mut seated: Vec<&str> = s.fixed.iter().map(|f| f.code.as_str()).collect();
            let mut sitting = council.codes();
            seated.sort_unstable();
            sitting.sort_unstable();
            assert_eq!(seated, sitting);
        }
    }
}

#[test]
fn g4_keeps_sitting_elected_members_and_draws_the_rest_by_group() {
    let world = World::embedded().unwrap();
    let codes = world.state_codes();
    let rule = catalog::reform("g4", &codes).unwrap();
    let council = world.council(2026).unwrap();
    let s = seat(&rule, council, world).unwrap();
    assert!(!s.actual_council);
    assert_eq!(s.seats(), 25);
    let permanent: Vec<&str> = s
        .fixed
        .iter()
        .filter(|f| f.permanent)
        .map(|f| f.code.as_str())
        .collect();
    assert_eq!(
        permanent,
        [
            "CHN", "FRA", "GBR", "RUS", "USA", "BRA", "DEU", "IND", "JPN", "NGA", "ZAF"
        ]
    );
    for m in council
        .members
        .iter()
        .filter(|m| m.seat == SeatKind::Elected)
    {
        assert!(
            s.fixed.iter().any(|f| f.code == m.code),
            "{} keeps its seat",
            m.code
        );
    }
    for d in &s.draws {
        let group = d.group.expect("g4 seats by group");
        assert!(d.candidates.iter().all(|&c| world.states[c].group == group));
        assert!(
            d.candidates
                .iter()
                .all(|&c| !s.fixed.iter().any(|f| f.state == c))
        );
    }
    let holders: Vec<&str> = s
        .fixed
        .iter()
        .filter(|f| f.holder)
        .map(|f| f.code.as_str())
        .collect();
    assert_eq!(holders, ["CHN", "FRA", "GBR", "RUS", "USA"]);
}

#[test]
fn drawn_seats_fill_each_group_in_every_trial() {
    let world = World::embedded().unwrap();
    let codes = world.state_codes();
    let rules = vec![catalog::reform("model-b", &codes).unwrap()];
    let params = ModelParams::embedded().unwrap();
    let draft = DraftSpec::from_record(world, "S/2011/612").unwrap();
    let graph = world.alignment_graph(None).unwrap();
    let support = Support::new(world, &graph, &params, &draft);
    let plan = Plan::new(
        world,
        &draft,
        world.council(2026).unwrap(),
        &rules,
        &params,
        &support,
    )
    .unwrap();
    let trials = 4_000;
    let tally = &simulate(
        std::slice::from_ref(&plan),
        McConfig {
            trials,
            seed: 3,
            detail: true,
        },
        &|_| {},
    )[0];
    let result = summarize(&plan, tally, false);
    let members = &result.rules[0].members;
    // Every trial seats exactly 24 members, each at most once.
    let seated: f64 = members.iter().map(|m| m.seated).sum();
    assert!((seated - 24.0).abs() < 1e-9, "{seated}");
    assert!(members.iter().all(|m| m.seated <= 1.0));
    // Per group, seated shares add up to the group's seats.
    let seating = &plan.rules[0].seating;
    for group in RegionalGroup::ALL {
        let fixed = seating
            .fixed
            .iter()
            .filter(|f| world.state(&f.code).unwrap().group == group)
            .count() as f64;
        let drawn: usize = seating
            .draws
            .iter()
            .filter(|d| d.group == Some(group))
            .map(|d| d.seats)
            .sum();
        let share: f64 = members
            .iter()
            .filter(|m| world.state(&m.code).unwrap().group == group)
            .map(|m| m.seated)
            .sum();
        assert!(
            (share - fixed - drawn as f64).abs() < 1e-9,
            "{group}: {share}"
        );
    }
}

#[test]
fn a_rule_that_cannot_be_seated_is_a_clear_error() {
    let world = World::embedded().unwrap();
    let codes = world.state_codes();
    let text = "name: huge\nseats:\n  permanent: [CHN, FRA, GBR, RUS, USA]\n  elected: { Eastern European: 30 }\nquota: 9\n";
    let rule = veto_sim::rules::yaml::parse_rule(text, "huge.yaml", &codes).unwrap();
    let err = seat(&rule, world.council(2026).unwrap(), world).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(err.to_string().contains("Eastern European"), "{err}");
}

/// A rule for 2026 with one extra African seat drawn among the given candidates.
fn african_seat_rule(candidates: &str) -> String {
    format!(
        "name: african-seat\nseats:\n  permanent: [CHN, FRA, GBR, RUS, USA]\n  elected: {{ African: 4, Asia-Pacific: 2, Eastern European: 1, Latin American and Caribbean: 2, Western European and Others: 2 }}\n  candidates: {candidates}\nquota: 10\nveto: {{ holders: [CHN, FRA, GBR, RUS, USA] }}\n"
    )
}

#[test]
fn open_seats_are_drawn_only_among_the_candidates_a_rule_lists() {
    let world = World::embedded().unwrap();
    let codes = world.state_codes();
    let text = african_seat_rule("[NGA, EGY, KEN, DEU]");
    let rule = veto_sim::rules::yaml::parse_rule(&text, "african-seat.yaml", &codes).unwrap();
    assert_eq!(rule.candidates, ["NGA", "EGY", "KEN", "DEU"]);
    let council = world.council(2026).unwrap();
    let s = seat(&rule, council, world).unwrap();
    let drawn: Vec<&str> = s
        .draws
        .iter()
        .flat_map(|d| d.candidates.iter().map(|&c| world.states[c].code.as_str()))
        .collect();
    // The three sitting African members keep their seats; the fourth is drawn among the
    // listed African candidates not already seated.
    assert_eq!(s.draws.len(), 1, "{:?}", s.draws);
    assert_eq!(s.draws[0].group, Some(RegionalGroup::African));
    assert!(!drawn.is_empty());
    assert!(
        drawn.iter().all(|c| ["NGA", "EGY", "KEN"].contains(c)),
        "{drawn:?}"
    );
}

#[test]
fn too_few_candidates_or_a_permanent_candidate_is_refused() {
    let world = World::embedded().unwrap();
    let codes = world.state_codes();
    let council = world.council(2026).unwrap();
    let rule =
        veto_sim::rules::yaml::parse_rule(&african_seat_rule("[DEU, JPN]"), "r.yaml", &codes)
            .unwrap();
    let err = seat(&rule, council, world).unwrap_err().to_string();
    assert!(err.contains("among its candidates"), "{err}");
    let err = veto_sim::rules::yaml::parse_rule(&african_seat_rule("[NGA, FRA]"), "r.yaml", &codes)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("seats.candidates") && err.contains("FRA"),
        "{err}"
    );
    let err = veto_sim::rules::yaml::parse_rule(&african_seat_rule("[NGA, NGR]"), "r.yaml", &codes)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("seats.candidates") && err.contains("NGR"),
        "{err}"
    );
}
