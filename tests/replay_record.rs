//! The replay on the recorded data: the three checks the record itself supports (under
//! `abolish-veto` every vetoed draft with a recorded tally passes, and every vetoed draft of
//! the Council of 15 without one, since a veto presupposes nine votes; under `two-negatives`
//! exactly the lone vetoes with nine votes pass; under `qualified-10` exactly the drafts with
//! ten recorded votes pass), and the bookkeeping that keeps recorded, modelled and unknown
//! outcomes apart.

use std::collections::BTreeSet;

use veto_sim::engine::Basis;
use veto_sim::replay::{DraftReplay, Judgement, ReplayConfig, ReplayReport, replay};
use veto_sim::rules::catalog;
use veto_sim::vote::ModelParams;
use veto_sim::world::{Draft, Outcome, TallyStatus, World};

fn run(reforms: &[&str], trials: u64) -> ReplayReport {
    let world = World::embedded().unwrap();
    let codes = world.state_codes();
    let config = ReplayConfig {
        reforms: reforms
            .iter()
            .map(|r| catalog::reform(r, &codes).unwrap())
            .collect(),
        trials,
        ..ReplayConfig::new(ModelParams::embedded().unwrap())
    };
    replay(world, &config).unwrap()
}

fn cell<'r>(d: &'r DraftReplay, rule: &str) -> &'r Judgement {
    &d.cells.iter().find(|c| c.rule == rule).unwrap().judgement
}

fn recorded_adopted(report: &ReplayReport, rule: &str) -> BTreeSet<String> {
    report
        .drafts
        .iter()
        .filter(|d| matches!(cell(d, rule), Judgement::Recorded { adopted: true, .. }))
        .map(|d| d.id.clone())
        .collect()
}

/// Drafts whose affirmative votes are recorded.
fn with_tally(world: &World) -> impl Iterator<Item = &Draft> {
    world.drafts.iter().filter(|d| d.n_yes.is_some())
}

#[test]
fn abolish_veto_adopts_every_vetoed_draft_with_a_recorded_tally() {
    let world = World::embedded().unwrap();
    let report = run(&["abolish-veto"], 400);
    let vetoed: Vec<&Draft> = with_tally(world)
        .filter(|d| d.outcome == Outcome::Vetoed)
        .collect();
    assert!(vetoed.len() >= 60, "{}", vetoed.len());
    for d in vetoed {
        assert!(
            d.n_yes.unwrap() >= 9,
            "{}: the record's vetoes had nine votes",
            d.id
        );
        let r = report.drafts.iter().find(|r| r.id == d.id).unwrap();
        assert!(
            matches!(
                cell(r, "abolish-veto"),
                Judgement::Recorded { adopted: true, .. }
            ),
            "{}: {:?}",
            d.id,
            cell(r, "abolish-veto")
        );
    }
}

#[test]
fn two_negatives_adopts_exactly_the_lone_vetoes_with_nine_votes() {
    let world = World::embedded().unwrap();
    let report = run(&["two-negatives"], 400);
    // With a tally, its yes votes; without one, the nine votes a veto presupposes on the
    // Council of 15.
    let expected: BTreeSet<String> = world
        .drafts
        .iter()
        .filter(|d| d.vetoed_by.len() == 1)
        .filter(|d| match d.n_yes {
            Some(n) => n >= 9,
            None => d.year >= 1966,
        })
        .map(|d| d.id.clone())
        .collect();
    assert!(expected.len() >= 100, "{}", expected.len());
    assert_eq!(recorded_adopted(&report, "two-negatives"), expected);
    // Every draft of the 15-member Council with a recorded tally is decided by the record
    // (the unresolved row is not replayed).
    for d in with_tally(world).filter(|d| d.year >= 1966 && !d.unresolved()) {
        let r = report.drafts.iter().find(|r| r.id == d.id).unwrap();
        assert_eq!(cell(r, "two-negatives").basis(), "recorded", "{}", d.id);
    }
}

#[test]
fn qualified_ten_adopts_exactly_the_drafts_with_ten_votes() {
    let world = World::embedded().unwrap();
    let report = run(&["qualified-10"], 400);
    let expected: BTreeSet<String> = with_tally(world)
        .filter(|d| d.n_yes.unwrap() >= 10)
        .map(|d| d.id.clone())
        .collect();
    assert!(expected.len() >= 40, "{}", expected.len());
    assert_eq!(recorded_adopted(&report, "qualified-10"), expected);
}

#[test]
fn recorded_modelled_and_unknown_are_counted_apart() {
    let report = run(&["present", "abolish-veto", "g4", "assembly-override"], 400);
    let first = 1990;
    for d in &report.drafts {
        for c in &d.cells {
            match &c.judgement {
                Judgement::Modelled { adoption, reason } => {
                    assert!(d.year >= first, "{} modelled before {first}", d.id);
                    assert!(
                        adoption.lower <= adoption.estimate + 1e-12
                            && adoption.estimate <= adoption.upper + 1e-12
                    );
                    // Sampled seatings only where seats are drawn (g4), at most the trials
                    // (400, rounded up to whole blocks of 64); fixed seatings are exact.
                    match adoption.basis {
                        Basis::Seatings { seatings } => {
                            assert!((128..=448).contains(&seatings), "{seatings}");
                            assert_eq!(c.rule, "g4", "{}", d.id);
                        }
                        Basis::Exact => assert_ne!(c.rule, "g4", "{}", d.id),
                        Basis::MonteCarlo { .. } => panic!("{}: the replay counts no trials", d.id),
                    }
                    assert!(reason.contains("the record lacks"), "{reason}");
                }
                Judgement::Unknown { reason } => {
                    assert!(d.year < first, "{} unknown from {first}", d.id);
                    assert!(reason.contains("does not decide"), "{reason}");
                }
                Judgement::Recorded { reason, .. } => assert!(!reason.is_empty()),
            }
        }
    }
    let groups = std::iter::once(&report.totals)
        .chain(&report.summaries.decade)
        .chain(&report.summaries.kind)
        .chain(&report.summaries.topic);
    for g in groups {
        for c in &g.rules {
            assert_eq!(
                c.recorded_adopted + c.recorded_not_adopted + c.modelled + c.unknown,
                g.drafts,
                "{} {}",
                g.group,
                c.rule
            );
            assert_eq!(c.adopted.len(), c.recorded_adopted);
            assert!(c.modelled_expected <= c.modelled as f64 + 1e-9);
        }
    }
    assert_eq!(report.totals.drafts, report.drafts.len());
    // Decades partition the drafts.
    let by_decade: usize = report.summaries.decade.iter().map(|g| g.drafts).sum();
    assert_eq!(by_decade, report.drafts.len());
}

#[test]
fn the_present_rule_adopts_no_draft_of_the_record() {
    let report = run(&["present", "restraint"], 400);
    for d in &report.drafts {
        let present = cell(d, "present");
        assert!(
            !matches!(present, Judgement::Recorded { adopted: true, .. }),
            "{}",
            d.id
        );
        if d.year >= 1966 {
            assert!(
                matches!(present, Judgement::Recorded { adopted: false, .. }),
                "{}: {present:?}",
                d.id
            );
        }
        // The pledged members' recorded no votes on atrocity drafts were cast on drafts that
        // lacked nine votes anyway: restraint changes no outcome of the record.
        if let (Judgement::Recorded { adopted: a, .. }, Judgement::Recorded { adopted: b, .. }) =
            (present, cell(d, "restraint"))
        {
            assert_eq!(a, b, "{}", d.id);
        }
    }
}

#[test]
fn a_draft_before_1990_without_a_tally_is_decided_by_its_vetoes_and_their_floor() {
    let report = run(
        &[
            "present",
            "abolish-veto",
            "two-negatives",
            "qualified-10",
            "g4",
        ],
        400,
    );
    let world = World::embedded().unwrap();
    let drafts: Vec<&Draft> = world
        .drafts
        .iter()
        .filter(|d| d.year < 1990 && d.n_yes.is_none() && d.vetoed_by.len() == 1)
        .collect();
    assert!(drafts.iter().any(|d| d.year < 1966) && drafts.iter().any(|d| d.year >= 1966));
    for d in drafts {
        let r = report.drafts.iter().find(|r| r.id == d.id).unwrap();
        // A veto that still blocks decides.
        assert!(matches!(
            cell(r, "present"),
            Judgement::Recorded { adopted: false, .. }
        ));
        assert!(matches!(
            cell(r, "g4"),
            Judgement::Recorded { adopted: false, .. }
        ));
        // Ten votes are more than the record vouches for.
        assert_eq!(cell(r, "qualified-10").basis(), "unknown", "{}", d.id);
        if d.year >= 1966 {
            // The veto presupposes nine votes of fifteen, and it was cast alone.
            for rule in ["abolish-veto", "two-negatives"] {
                assert!(
                    matches!(cell(r, rule), Judgement::Recorded { adopted: true, .. }),
                    "{} {rule}: {:?}",
                    d.id,
                    cell(r, rule)
                );
            }
        } else {
            // Seven votes of eleven, and four seats the Council of 11 did not have.
            assert_eq!(cell(r, "abolish-veto").basis(), "unknown", "{}", d.id);
            assert_eq!(cell(r, "two-negatives").basis(), "unknown", "{}", d.id);
        }
    }
}

#[test]
fn an_unresolved_raw_row_is_left_out_of_the_replay() {
    let world = World::embedded().unwrap();
    let id = "S/2017/968#row-3-5-7";
    assert!(world.draft(id).unwrap().unresolved());
    let report = run(&["present", "abolish-veto"], 200);
    assert!(report.drafts.iter().all(|d| d.id != id));
    assert!(report.drafts.iter().any(|d| d.id == "S/2017/968"));
    assert_eq!(report.drafts.len(), world.drafts.len() - 1);
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("unresolved") && n.contains(id)),
        "{:?}",
        report.notes
    );
}

#[test]
fn vetoed_amendments_with_counts_only_are_decided_by_their_counts() {
    let world = World::embedded().unwrap();
    let report = run(&["abolish-veto", "two-negatives", "qualified-10"], 200);
    for (id, yes) in [("amendment/res2774/1", 9), ("amendment/res2774/2", 11)] {
        let d = world.draft(id).unwrap();
        assert_eq!(d.tally, TallyStatus::Counts, "{id}");
        assert_eq!(d.n_yes, Some(yes), "{id}");
        let r = report.drafts.iter().find(|r| r.id == id).unwrap();
        for rule in ["abolish-veto", "two-negatives"] {
            match cell(r, rule) {
                Judgement::Recorded {
                    adopted: true,
                    reason,
                } => assert!(reason.starts_with(&format!("{yes} yes")), "{id}: {reason}"),
                other => panic!("{id} {rule}: {other:?}"),
            }
        }
    }
    // Ten votes: eleven recorded pass, nine do not.
    let q = |id: &str| {
        let r = report.drafts.iter().find(|r| r.id == id).unwrap();
        cell(r, "qualified-10").clone()
    };
    assert!(matches!(
        q("amendment/res2774/2"),
        Judgement::Recorded { adopted: true, .. }
    ));
    assert!(matches!(
        q("amendment/res2774/1"),
        Judgement::Recorded { adopted: false, .. }
    ));
}

#[test]
fn vetoes_recorded_without_a_tally_are_adopted_on_the_record_without_the_veto() {
    let report = run(&["abolish-veto", "two-negatives", "qualified-10"], 400);
    let world = World::embedded().unwrap();
    for id in ["S/21084", "S/1994/1358"] {
        let d = world.draft(id).unwrap();
        assert_eq!(d.n_yes, None, "{id} has no recorded tally");
        let r = report.drafts.iter().find(|r| r.id == id).unwrap();
        match cell(r, "abolish-veto") {
            Judgement::Recorded {
                adopted: true,
                reason,
            } => assert!(reason.contains("at least 9 yes"), "{id}: {reason}"),
            other => panic!("{id}: {other:?}"),
        }
        // One vetoing member each: a lone negative vote no longer blocks.
        assert_eq!(d.vetoed_by.len(), 1, "{id}");
        assert!(
            matches!(
                cell(r, "two-negatives"),
                Judgement::Recorded { adopted: true, .. }
            ),
            "{id}: {:?}",
            cell(r, "two-negatives")
        );
        // The record vouches for nine votes, not ten: the model decides.
        assert_eq!(cell(r, "qualified-10").basis(), "modelled", "{id}");
    }
}

#[test]
fn the_replay_does_not_depend_on_the_number_of_threads() {
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| run(&["g4", "assembly-override"], 300));
    let two = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap()
        .install(|| run(&["g4", "assembly-override"], 300));
    assert_eq!(one, two);
    // A cell's stream depends on the draft and the rule only, not on the other rules asked for.
    let alone = run(&["assembly-override"], 300);
    for (a, b) in alone.drafts.iter().zip(&one.drafts) {
        assert_eq!(cell(a, "assembly-override"), cell(b, "assembly-override"));
    }
}
