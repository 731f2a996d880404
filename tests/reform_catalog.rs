//! The embedded reform catalog: every rule validates, and seat counts, quotas and vetoes match
//! the documents each cites.

use veto_sim::rules::catalog;
use veto_sim::world::World;

fn rule(name: &str) -> veto_sim::rules::Rule {
    let world = World::embedded().expect("embedded world");
    catalog::reform(name, &world.state_codes()).expect("valid reform")
}

#[test]
fn every_catalog_reform_validates_and_cites_a_source() {
    let world = World::embedded().unwrap();
    let rules = catalog::all(&world.state_codes()).unwrap();
    assert_eq!(rules.len(), catalog::ENTRIES.len());
    for (rule, entry) in rules.iter().zip(catalog::ENTRIES) {
        assert_eq!(rule.name, entry.name, "file name and rule name agree");
        assert!(
            rule.description.len() > 80,
            "{} has a description",
            rule.name
        );
        assert!(rule.source.len() > 20, "{} cites a source", rule.name);
    }
}

/// (name, seats, quota, veto holders, negatives to block).
const EXPECTED: [(&str, u32, u32, usize, u32); 11] = [
    ("present", 15, 9, 5, 1),
    ("council-1945", 11, 7, 5, 1),
    ("abolish-veto", 15, 9, 0, 0),
    ("qualified-10", 15, 10, 0, 0),
    ("two-negatives", 15, 9, 5, 2),
    ("restraint", 15, 9, 5, 1),
    ("assembly-override", 15, 9, 5, 1),
    ("g4", 25, 14, 5, 1),
    ("ezulwini", 26, 15, 11, 1),
    ("uniting-for-consensus", 25, 15, 5, 1),
    ("model-a", 24, 15, 5, 1),
];

#[test]
fn seats_quotas_and_vetoes_match_the_cited_documents() {
    for (name, seats, quota, holders, k) in EXPECTED {
        let r = rule(name);
        assert_eq!(r.seats(), seats, "{name} seats");
        assert_eq!(r.quota, quota, "{name} quota");
        match &r.veto {
            Some(v) => {
                assert_eq!(v.holders.len(), holders, "{name} holders");
                assert_eq!(v.negatives_to_block, k, "{name} negatives");
            }
            None => assert_eq!(holders, 0, "{name} has no veto"),
        }
    }
    let b = rule("model-b");
    assert_eq!(
        (b.seats(), b.quota, b.long_term.map(|l| l.total())),
        (24, 15, Some(8))
    );
}

#[test]
fn behavioural_reforms_carry_their_blocks() {
    let restraint = rule("restraint").restraint.expect("restraint block");
    assert_eq!(restraint.members, ["FRA", "GBR"]);
    assert_eq!(restraint.compliance, 1.0);
    let over = rule("assembly-override")
        .override_majority
        .expect("override");
    assert_eq!((over.numerator, over.denominator), (2, 3));
}

#[test]
fn g4_new_permanent_members_hold_no_veto_but_ezulwini_ones_do() {
    let g4 = rule("g4");
    assert!(g4.permanent.contains(&"IND".to_string()));
    assert!(!g4.is_veto_holder("IND"));
    assert!(rule("ezulwini").is_veto_holder("NGA"));
}

#[test]
fn unknown_reform_suggests_the_nearest_name() {
    let err = catalog::entry("two-negative").unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(
        err.to_string().contains("did you mean `two-negatives`"),
        "{err}"
    );
}
