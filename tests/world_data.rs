//! The embedded world holds what the project promises, with values pinned from the raw data:
//! 193 states each in one regional group, the alignment graph's known pairs, 15 members in
//! every Council year, the published totals of veto casts, the raw defects resolved, and an
//! annotation with a source (or an explicit unknown) on every annotated draft.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use veto_sim::world::RegionalGroup;
use veto_sim::world::{Outcome, SeatKind, TallyStatus, World};

const P5: [&str; 5] = ["CHN", "FRA", "GBR", "RUS", "USA"];

fn world() -> &'static World {
    World::embedded().expect("the embedded world parses")
}

#[test]
fn exactly_193_member_states_each_in_one_of_the_five_groups() {
    let w = world();
    assert_eq!(w.states.len(), 193);
    let codes: BTreeSet<&str> = w.state_codes().into_iter().collect();
    assert_eq!(codes.len(), 193, "codes are unique");
    assert!(!codes.contains("VAT"), "the Holy See is not a member");
    assert!(codes.contains("SSD") && codes.contains("NAM") && codes.contains("SRB"));
    let mut per_group: BTreeMap<RegionalGroup, usize> = BTreeMap::new();
    for s in &w.states {
        *per_group.entry(s.group).or_default() += 1;
    }
    assert_eq!(per_group.values().sum::<usize>(), 193);
    assert_eq!(per_group[&RegionalGroup::African], 54);
    assert_eq!(per_group[&RegionalGroup::EasternEuropean], 23);
    assert_eq!(per_group[&RegionalGroup::LatinAmericanCaribbean], 33);
    // The documented exception: the United States belongs to no group and is counted in WEOG.
    let usa = w.state("USA").unwrap();
    assert_eq!(usa.group, RegionalGroup::WesternEuropeanOthers);
    assert!(
        usa.group_note
            .contains("not a member of any regional group")
    );
}

#[test]
fn states_have_coordinates_neighbours_population_and_ideal_points() {
    let w = world();
    let fra = w.state("FRA").unwrap();
    assert!(
        fra.neighbours.contains(&"DEU".to_string()) && fra.neighbours.contains(&"ESP".to_string())
    );
    assert!((fra.lat - 46.0).abs() < 1.0);
    assert!(fra.population_m.unwrap() > 60.0 && fra.pop_gdp_year == Some(2023));
    // Island states have no land neighbours (the raw file's one-sided LKA–IND border is dropped).
    assert!(w.state("LKA").unwrap().neighbours.is_empty());
    assert!(w.state("JPN").unwrap().neighbours.is_empty());
    // Three microstates have no population or GDP in either file: left empty, not guessed.
    let missing: Vec<&str> = w
        .states
        .iter()
        .filter(|s| s.population_m.is_none())
        .map(|s| s.code.as_str())
        .collect();
    assert_eq!(missing, ["KIR", "TON", "TUV"]);
    // Ideal points: Serbia's come from the YUG-coded rows.
    assert!(w.states.iter().all(|s| s.ideal_point.is_some()));
    assert_eq!(w.state("SRB").unwrap().ideal_point_year, Some(2024));
    // Borders are symmetric.
    for s in &w.states {
        for n in &s.neighbours {
            assert!(
                w.state(n).unwrap().neighbours.contains(&s.code),
                "{} – {n}",
                s.code
            );
        }
    }
    assert!(w.state("TUR").unwrap().hosted_refugees > 2_000_000);
}

#[test]
fn alignment_pins_known_pairs_2010_2019() {
    let w = world();
    let fra_gbr = w.agreement("FRA", "GBR", None).unwrap();
    let rus_chn = w.agreement("RUS", "CHN", None).unwrap();
    let usa_rus = w.agreement("USA", "RUS", None).unwrap();
    assert!((fra_gbr - 0.93).abs() < 0.005, "FRA–GBR {fra_gbr}");
    assert!((rus_chn - 0.75).abs() < 0.005, "RUS–CHN {rus_chn}");
    assert!((usa_rus - 0.27).abs() < 0.006, "USA–RUS {usa_rus}");
    // Exactly the raw pairwise file's counts.
    let a = w.alignment(Some("2010-2019")).unwrap();
    let (fra, gbr) = (w.state_index("FRA").unwrap(), w.state_index("GBR").unwrap());
    assert_eq!(a.n_common(fra, gbr), 917);
    assert!(!a.is_filled(fra, gbr));
    assert_eq!(
        w.agreement("GBR", "FRA", None).unwrap(),
        fra_gbr,
        "symmetric"
    );
}

#[test]
fn alignment_graph_covers_every_pair_with_ideal_points_as_node_attributes() {
    let w = world();
    assert_eq!(w.windows(), ["1946-1989", "1990-2019", "2010-2019"]);
    let cov = w.alignment(None).unwrap().coverage();
    assert_eq!(
        (cov.states_with_data, cov.pairs_observed, cov.pairs_filled),
        (193, 18528, 0)
    );
    // The Cold War window has states that did not exist yet: their pairs are filled and marked.
    let old = w.alignment(Some("1946-1989")).unwrap().coverage();
    assert!(old.pairs_filled > 0 && old.states_with_data < 193);
    let g = w.alignment_graph(None).unwrap();
    assert_eq!(g.graph.node_count(), 193);
    assert_eq!(g.graph.edge_count(), 193 * 192 / 2);
    let usa = g.node("USA").unwrap();
    assert!(g.graph[usa].ideal_point.unwrap() > 2.0);
    for e in g.graph.edge_weights() {
        assert!((0.0..=1.0).contains(&e.agreement));
    }
    let err = w.alignment(Some("1800-1900")).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(err.to_string().contains("2010-2019"));
}

#[test]
fn fifteen_members_in_every_council_year_1990_to_2026() {
    let w = world();
    let years: Vec<i32> = w.councils.iter().map(|c| c.year).collect();
    assert_eq!(years, (1990..=2026).collect::<Vec<_>>());
    for c in &w.councils {
        assert_eq!(c.members.len(), 15, "{}", c.year);
        let permanent: Vec<&str> = c
            .members
            .iter()
            .filter(|m| m.seat == SeatKind::Permanent)
            .map(|m| m.code.as_str())
            .collect();
        assert_eq!(permanent, P5, "{}", c.year);
        for m in &c.members {
            assert!(w.state(&m.code).is_some(), "{} in {}", m.code, c.year);
        }
    }
    assert_eq!(w.default_council().year, 2026);
    assert!(w.default_council().contains("PAK") && w.default_council().contains("DNK"));
}

#[test]
fn veto_casts_to_september_2022_match_the_published_totals() {
    let w = world();
    let mut recorded: BTreeMap<&str, usize> = BTreeMap::new();
    let mut seats: BTreeMap<&str, usize> = BTreeMap::new();
    for d in w
        .drafts
        .iter()
        .filter(|d| d.outcome == Outcome::Vetoed && d.date.as_str() < "2022-09-30")
    {
        for v in &d.vetoed_by_recorded {
            *recorded.entry(v.as_str()).or_default() += 1;
        }
        for v in &d.vetoed_by {
            *seats.entry(v.as_str()).or_default() += 1;
        }
    }
    assert_eq!(recorded["USSR"], 90);
    assert_eq!(recorded["Russia"], 31);
    assert_eq!(
        seats["RUS"], 121,
        "USSR plus Russia, under the seat code RUS"
    );
    assert_eq!(seats["USA"], 82);
    assert_eq!(seats["GBR"], 29);
    assert_eq!(seats["FRA"], 16);
    assert_eq!(seats["CHN"], 17);
}

#[test]
fn the_veto_record_runs_from_1946_to_2025() {
    let w = world();
    let vetoed: Vec<_> = w
        .drafts
        .iter()
        .filter(|d| d.outcome == Outcome::Vetoed)
        .collect();
    assert!(
        vetoed.len() >= 229,
        "216 listed + 13 supplement, found {}",
        vetoed.len()
    );
    assert_eq!(vetoed.first().unwrap().date, "1946-02-16");
    assert!(vetoed.iter().all(|d| (1946..=2025).contains(&d.year)));
    assert!(vetoed.iter().any(|d| d.id == "S/2025/583"));
    let ids: BTreeSet<&str> = w.drafts.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids.len(), w.drafts.len(), "ids are unique");
    // Dates are in order.
    assert!(w.drafts.windows(2).all(|p| p[0].date <= p[1].date));
}

#[test]
fn every_recorded_vote_is_consistent_with_the_veto_and_the_council() {
    let w = world();
    let mut full_since_1990 = 0;
    for d in &w.drafts {
        if d.tally != TallyStatus::Full {
            continue;
        }
        let all: BTreeSet<&String> = d
            .yes
            .iter()
            .chain(&d.no)
            .chain(&d.abstain)
            .chain(&d.absent)
            .collect();
        let size = if d.year < 1966 { 11 } else { 15 };
        assert_eq!(all.len(), size, "{}", d.id);
        if d.year >= 1990 {
            full_since_1990 += 1;
            let council: BTreeSet<&String> = w
                .council(d.year)
                .unwrap()
                .members
                .iter()
                .map(|m| &m.code)
                .collect();
            assert_eq!(
                all, council,
                "{} covers exactly the {} Council",
                d.id, d.year
            );
        }
        if d.outcome == Outcome::Vetoed {
            let quota = if d.year < 1966 { 7 } else { 9 };
            assert!(
                d.yes.len() >= quota,
                "{} vetoed with {} yes",
                d.id,
                d.yes.len()
            );
            let p5_no: BTreeSet<&str> =
                d.no.iter()
                    .map(String::as_str)
                    .filter(|c| P5.contains(c))
                    .collect();
            let by: BTreeSet<&str> = d.vetoed_by.iter().map(String::as_str).collect();
            assert_eq!(p5_no, by, "{}", d.id);
        }
    }
    assert!(full_since_1990 >= 60, "{full_since_1990}");
}

#[test]
fn the_vetoed_drafts_of_2020_to_2025_have_their_curated_vote() {
    let w = world();
    for d in w
        .drafts
        .iter()
        .filter(|d| d.outcome == Outcome::Vetoed && d.year >= 2020)
    {
        if d.id.starts_with("S/") {
            assert_eq!(d.tally, TallyStatus::Full, "{}", d.id);
            assert!(d.tally_source.contains("tallies_2020_2025.csv"), "{}", d.id);
        } else {
            // Vetoed amendments whose vote by member is unknown say so, or give the counts.
            assert!(
                d.flags.iter().any(|f| f == "tally-missing")
                    || (d.tally == TallyStatus::Counts && d.n_yes.is_some()),
                "{}",
                d.id
            );
        }
    }
    // The amendments of 24 Feb 2025: yes counts from GA/12677, nothing more.
    for (id, yes) in [("amendment/res2774/1", 9), ("amendment/res2774/2", 11)] {
        let d = w.draft(id).unwrap();
        assert_eq!(d.tally, TallyStatus::Counts, "{id}");
        assert_eq!(
            (d.n_yes, d.n_no, d.n_abstain),
            (Some(yes), None, None),
            "{id}"
        );
        assert!(d.tally_source.contains("GA/12677"), "{id}");
    }
    let d = w.draft("S/2022/155").unwrap();
    assert_eq!(
        (d.yes.len(), d.no.clone(), d.abstain.clone()),
        (
            11,
            vec!["RUS".to_string()],
            vec!["ARE".into(), "CHN".into(), "IND".into()]
        )
    );
}

#[test]
fn known_defects_of_the_raw_list_are_resolved() {
    let w = world();
    // Meeting symbols in place of draft symbols, numbered where repeated.
    assert!(
        w.draft("S/PV.23")
            .unwrap()
            .flags
            .contains(&"meeting-symbol".to_string())
    );
    assert_eq!(w.find_drafts("S/PV.49").len(), 3);
    // The S/PV.3038 typo.
    assert!(w.find_drafts("S/PV.3038").is_empty());
    let pv303 = w.draft("S/PV.303#1").unwrap();
    assert_eq!(pv303.symbol_recorded, "S/PV.3038");
    assert!(pv303.flags.contains(&"typo-fixed".to_string()));
    // S/2017/962 (the US draft, vetoed 11-2-2) vs S/2017/968 (the Russian draft, failed 4-7-4).
    let us = w.draft("S/2017/962").unwrap();
    assert_eq!(
        (us.outcome, us.n_yes, us.n_no, us.n_abstain),
        (Outcome::Vetoed, Some(11), Some(2), Some(2))
    );
    let ru = w.draft("S/2017/968").unwrap();
    assert_eq!(
        (ru.outcome, ru.n_yes, ru.n_no, ru.n_abstain),
        (Outcome::Failed, Some(4), Some(7), Some(4))
    );
    assert!(
        w.draft("S/2017/968#row-3-5-7")
            .unwrap()
            .flags
            .contains(&"unidentified-vote".to_string())
    );
    // The S/7591 typo of the failed-votes file, and a wrong date of the veto list.
    assert!(w.draft("S/7951/Rev.2#para1").is_some());
    assert_eq!(w.draft("S/2001/270").unwrap().date, "2001-03-27");
    // The USSR's casts are under the seat code RUS, recorded as USSR.
    let hungary = w.draft("S/3730/Rev.1").unwrap();
    assert_eq!(
        (
            hungary.vetoed_by.clone(),
            hungary.vetoed_by_recorded.clone()
        ),
        (vec!["RUS".to_string()], vec!["USSR".to_string()])
    );
}

#[test]
fn every_annotation_has_a_source_and_known_values_or_an_explicit_unknown() {
    let w = world();
    let mut annotated = 0;
    for d in &w.drafts {
        let Some(a) = &d.annotation else { continue };
        annotated += 1;
        assert!(!a.source.trim().is_empty(), "{} has no source", d.id);
        for code in a
            .sponsors
            .iter()
            .flatten()
            .chain(a.targets.iter().flatten())
        {
            assert!(w.is_known_code(code), "{}: {code}", d.id);
        }
    }
    assert!(annotated >= 100, "{annotated}");
    // Every vetoed draft since 1990 and every failed draft is annotated.
    let missing: Vec<&str> = w
        .drafts
        .iter()
        .filter(|d| (d.outcome == Outcome::Failed || d.year >= 1990) && d.annotation.is_none())
        .map(|d| d.id.as_str())
        .collect();
    assert!(missing.is_empty(), "not annotated: {missing:?}");
    // Unknowns are explicit.
    let d = w.draft("S/1994/1358").unwrap().annotation.clone().unwrap();
    assert_eq!(d.sponsors, None);
}

#[test]
fn conflicts_join_deaths_refugees_and_destinations() {
    let w = world();
    for id in [
        "syria",
        "israel-palestine",
        "ukraine",
        "myanmar",
        "yemen",
        "sudan",
        "bosnia",
    ] {
        assert!(w.conflict(id).is_some(), "{id}");
    }
    let syria = w.conflict("syria").unwrap();
    let y2015 = syria.years.iter().find(|y| y.year == 2015).unwrap();
    assert_eq!(y2015.refugees, Some(4_873_236), "the UNHCR check figure");
    assert!(y2015.deaths_best.unwrap() > 40_000 && y2015.ucdp_active);
    assert!(syria.drafts >= 20);
    for c in &w.conflicts {
        for basis in ["latest", "peak"] {
            let list = c.destinations_on(basis);
            if list.is_empty() {
                continue;
            }
            let share: f64 = list.iter().map(|d| d.share).sum();
            assert!((share - 1.0).abs() < 1e-3, "{} {basis}: {share}", c.id);
            assert!(list.windows(2).all(|p| p[0].total >= p[1].total));
        }
    }
    let top = &syria.destinations_on("latest")[0];
    assert_eq!(top.asylum_code, "TUR");
    // Every annotated draft's conflict exists or is flagged as not curated yet.
    for d in &w.drafts {
        if let Some(a) = &d.annotation
            && !a.conflict_id.is_empty()
        {
            assert!(
                w.conflict(&a.conflict_id).is_some()
                    || d.flags.contains(&"conflict-not-curated".to_string()),
                "{}",
                d.id
            );
        }
    }
}

#[test]
fn the_world_loaded_from_data_equals_the_embedded_one() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let loaded = World::load(&dir).unwrap();
    let embedded = world();
    assert_eq!(loaded.states, embedded.states);
    assert_eq!(loaded.drafts, embedded.drafts);
    assert_eq!(loaded.hash(), embedded.hash());
    assert_eq!(embedded.hash().len(), 64);
}
