//! Published reference values of Security Council voting power, reproduced exactly.
//!
//! All values follow the yes/no convention (abstention counts as no). The present
//! Council's values are the classic ones (Shapley–Shubik 421/2145 for a permanent member);
//! the rules that no weighted game expresses (two negatives to block) are checked against a
//! brute-force count over all 2^15 coalitions.

use num_bigint::{BigInt, BigUint};
use num_rational::BigRational;
use num_traits::{One, Zero};
use veto_sim::power::{
    MemberType, PowerReport, TypedGame, WeightedGame, typed_power, weighted_banzhaf, weighted_power,
};
use veto_sim::report::Format;

const P5: [&str; 5] = ["CHN", "FRA", "GBR", "RUS", "USA"];

fn council(
    name: &str,
    elected: usize,
    wins: impl Fn(&[usize]) -> bool + Send + Sync + 'static,
) -> TypedGame {
    TypedGame::new(
        name,
        vec![
            MemberType::new("permanent", P5),
            MemberType::new("elected", (1..=elected).map(|i| format!("E{i}"))),
        ],
        wins,
    )
}

fn present() -> TypedGame {
    council("present", 10, |c: &[usize]| c[0] == 5 && c[0] + c[1] >= 9)
}

fn q(s: &str) -> BigRational {
    match s.split_once('/') {
        Some((n, d)) => {
            BigRational::new(n.parse::<BigInt>().unwrap(), d.parse::<BigInt>().unwrap())
        }
        None => BigRational::from_integer(s.parse::<BigInt>().unwrap()),
    }
}

/// Checks one index for the permanent members (first five) and the elected ones.
fn check(
    report: &PowerReport,
    index: fn(&veto_sim::power::MemberPower) -> &BigRational,
    perm: &str,
    elected: &str,
) {
    for (i, m) in report.members.iter().enumerate() {
        let want = if i < 5 { perm } else { elected };
        assert_eq!(index(m), &q(want), "{} of {}", report.rule, m.code);
    }
}

fn check_present(report: &PowerReport) {
    assert_eq!(report.players, 15);
    assert_eq!(report.convention, "yes-no");
    check(report, |m| &m.shapley_shubik, "421/2145", "4/2145");
    check(report, |m| &m.banzhaf_normalised, "106/635", "21/1270");
    check(report, |m| &m.banzhaf_absolute, "53/1024", "21/4096");
    check(report, |m| &m.coleman_prevent, "1", "21/212");
    check(report, |m| &m.coleman_initiate, "53/1995", "1/380");
    assert_eq!(report.coleman_act, q("53/2048"));
    assert_eq!(report.winning_coalitions, BigUint::from(848u32));
    assert_eq!(report.members[0].swings, BigUint::from(848u32));
    assert_eq!(report.members[5].swings, BigUint::from(84u32));
}

#[test]
fn present_council_matches_the_reference_values() {
    let report = typed_power(&present());
    check_present(&report);
    let codes: Vec<&str> = report.members.iter().map(|m| m.code.as_str()).collect();
    assert_eq!(&codes[..6], ["CHN", "FRA", "GBR", "RUS", "USA", "E1"]);
    let types = &report.types;
    assert_eq!((types[0].size, types[1].size), (5, 10));
    assert_eq!(types[0].shapley_shubik_total, q("421/429"));
    assert_eq!(types[1].shapley_shubik_total, q("8/429"));
    assert_eq!(types[0].banzhaf_normalised_total, q("530/635"));
    assert_eq!(types[1].banzhaf_normalised_total, q("21/127"));
}

#[test]
fn council_of_1945_to_1965_matches_the_reference_values() {
    let report = typed_power(&council("1945-65", 6, |c: &[usize]| {
        c[0] == 5 && c[0] + c[1] >= 7
    }));
    check(&report, |m| &m.shapley_shubik, "76/385", "1/462");
    assert_eq!(report.players, 11);
}

#[test]
fn abolishing_the_veto_gives_power_to_act_9949_of_32768() {
    let report = typed_power(&council("no veto", 10, |c: &[usize]| c[0] + c[1] >= 9));
    assert_eq!(report.coleman_act, q("9949/32768"));
    check(&report, |m| &m.shapley_shubik, "1/15", "1/15");
}

#[test]
fn present_council_as_a_weighted_game_gives_the_same_values() {
    let game = WeightedGame {
        name: "present (weighted)".into(),
        players: P5
            .iter()
            .map(|c| (c.to_string(), 7))
            .chain((1..=10).map(|i| (format!("E{i}"), 1)))
            .collect(),
        quota: 39,
    };
    let report = weighted_power(&game).unwrap();
    check_present(&report);
    let banzhaf = weighted_banzhaf(&game).unwrap();
    assert_eq!(banzhaf.coleman_act, q("53/2048"));
    assert_eq!(banzhaf.members[0].banzhaf_normalised, q("106/635"));
    assert_eq!(banzhaf.members[14].banzhaf_absolute, q("21/4096"));
}

/// Exact indices by brute force over all 2^n coalitions of a rule given on bitmasks.
struct Brute {
    shapley_shubik: Vec<BigRational>,
    swings: Vec<u64>,
    winning: u64,
}

fn brute_force(n: usize, wins: impl Fn(u32) -> bool) -> Brute {
    let table: Vec<bool> = (0..1u32 << n).map(&wins).collect();
    let factorial = |k: usize| (1..=k).fold(BigUint::one(), |a, i| a * i);
    let mut shapley_shubik = Vec::new();
    let mut swings = Vec::new();
    for i in 0..n {
        let mut by_size = vec![0u64; n];
        for s in 0..1u32 << n {
            if s & (1 << i) == 0 && !table[s as usize] && table[(s | 1 << i) as usize] {
                by_size[s.count_ones() as usize] += 1;
            }
        }
        let numer: BigUint = by_size
            .iter()
            .enumerate()
            .map(|(k, &c)| factorial(k) * factorial(n - k - 1) * c)
            .sum();
        shapley_shubik.push(BigRational::new(numer.into(), factorial(n).into()));
        swings.push(by_size.iter().sum());
    }
    Brute {
        shapley_shubik,
        swings,
        winning: table.iter().filter(|&&w| w).count() as u64,
    }
}

#[test]
fn two_negatives_rule_agrees_with_brute_force() {
    // Blocked only when two or more permanent members vote no; 9 yes votes of 15 needed.
    let report = typed_power(&council("two-negatives", 10, |c: &[usize]| {
        5 - c[0] < 2 && c[0] + c[1] >= 9
    }));
    let brute = brute_force(15, |s| {
        (s & 0b11111).count_ones() >= 4 && s.count_ones() >= 9
    });
    assert_eq!(report.winning_coalitions, BigUint::from(brute.winning));
    let total: u64 = brute.swings.iter().sum();
    for (i, m) in report.members.iter().enumerate() {
        assert_eq!(m.shapley_shubik, brute.shapley_shubik[i], "{}", m.code);
        assert_eq!(m.swings, BigUint::from(brute.swings[i]), "{}", m.code);
        assert_eq!(
            m.banzhaf_normalised,
            BigRational::new(brute.swings[i].into(), total.into())
        );
    }
    let ss_sum: BigRational = report.members.iter().map(|m| &m.shapley_shubik).sum();
    assert!(ss_sum.is_one());
    // A permanent member alone can no longer prevent every action.
    assert!(
        report.members[0].coleman_prevent < q("1") && !report.members[0].coleman_prevent.is_zero()
    );
}

#[test]
fn present_council_renders_reference_values_in_every_format() {
    let report = typed_power(&present());
    let json: serde_json::Value =
        serde_json::from_str(&report.render(Format::Json).unwrap()).unwrap();
    assert_eq!(json["rule"], "present");
    assert_eq!(json["convention"], "yes-no");
    assert_eq!(json["players"], 15);
    assert_eq!(json["coleman_act"], "53/2048");
    assert_eq!(json["winning_coalitions"], "848");
    assert_eq!(json["coleman_act_decimal"], 53.0 / 2048.0);
    let first = &json["members"][0];
    assert_eq!(first["code"], "CHN");
    assert_eq!(first["type"], "permanent");
    assert_eq!(first["shapley_shubik"], "421/2145");
    assert_eq!(first["shapley_shubik_decimal"], 421.0 / 2145.0);
    assert_eq!(first["coleman_prevent"], "1");
    assert_eq!(first["swings"], "848");
    assert_eq!(json["members"].as_array().unwrap().len(), 15);
    assert_eq!(json["types"][1]["type"], "elected");
    assert_eq!(json["types"][1]["banzhaf_normalised"], "21/1270");

    let csv = report.render(Format::Csv).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "code,type,shapley_shubik,shapley_shubik_decimal,banzhaf_absolute,banzhaf_absolute_decimal,\
         banzhaf_normalised,banzhaf_normalised_decimal,swings,coleman_prevent,coleman_prevent_decimal,\
         coleman_initiate,coleman_initiate_decimal"
    );
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("CHN,permanent,421/2145,0.1962703962703")
    );
    assert_eq!(csv.lines().count(), 16);

    let text = report.render(Format::Table).unwrap();
    assert!(text.contains("Rule: present"));
    assert!(text.contains("abstention counts as no"));
    assert!(text.contains("53/2048"));
    assert!(text.contains("421/2145") && text.contains("4/2145"));
    let markdown = report.render(Format::Markdown).unwrap();
    assert!(markdown.contains("| CHN | permanent | 421/2145 |"));
    // Identical input, identical bytes.
    assert_eq!(
        report.render(Format::Json).unwrap(),
        typed_power(&present()).render(Format::Json).unwrap()
    );
}

#[test]
fn nothing_to_divide_gives_zero_not_a_panic() {
    let all_win = council("always", 2, |_: &[usize]| true);
    let report = typed_power(&all_win);
    assert_eq!(report.coleman_act, q("1"));
    assert!(
        report
            .members
            .iter()
            .all(|m| m.coleman_initiate.is_zero() && m.swings.is_zero())
    );
    assert!(report.members.iter().all(|m| m.shapley_shubik.is_zero()));
    assert!(report.render(Format::Json).is_ok());
}
