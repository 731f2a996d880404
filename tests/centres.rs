//! UN-run asylum centres (`veto-sim centres`): everyone accounted for in every run, no site in
//! a state at war that year, outcomes that rise with uptake, Arabic-speaking sites first for
//! Syrians in 2015, the resettlement plan equal to `distribute`'s, and bad input refused with
//! exit 2 naming the flag.

mod common;

use veto_sim::api::{self, Amount, CentresInput, CentresOptions, DistributeOptions};
use veto_sim::centres::tables::AsylumTables;
use veto_sim::flows::keys::Key;
use veto_sim::flows::priors::FlowPriors;
use veto_sim::report::{Format, Render, RenderOptions};
use veto_sim::world::World;

fn world() -> &'static World {
    World::embedded().unwrap()
}

fn options(origin: &str, year: i32) -> CentresOptions {
    let mut o = CentresOptions::origin(origin, Some(year), FlowPriors::embedded(world()).unwrap());
    o.trials = Some(4_000);
    o
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = common::within_10_s(None, args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn everyone_is_accounted_for_in_every_run() {
    let cases: Vec<CentresOptions> = vec![
        options("SYR", 2015),
        options("AFG", 2021),
        {
            let mut o = options("ERI", 2016);
            o.key = Key::Regional;
            o.uptake = Some(1.0);
            o
        },
        {
            let mut o = options("IRQ", 2010);
            o.uptake = Some(0.0);
            o
        },
        {
            let mut o = options("SYR", 2015);
            o.input = CentresInput::Conflict {
                id: "syria".into(),
                year: Some(2015),
                averted: None,
            };
            o
        },
    ];
    for o in cases {
        let r = api::centres(world(), &o).unwrap();
        let n = r.travellers;
        assert!(n > 0.0);
        assert!(
            r.outcome.conservation_error <= 1e-9 * n,
            "{}: {}",
            r.origin,
            r.outcome.conservation_error
        );
        let f = |name: &str| r.outcome.figure(name).unwrap().mean;
        assert!((f("centres") + f("travelling") - n).abs() <= 1e-6 * n);
        assert!((f("recognised") + f("rejected") - f("centres")).abs() <= 1e-6 * n);
        assert!((f("returned") + f("staying") - f("rejected")).abs() <= 1e-6 * n);
        // The sites receive every applicant, and the plan resettles every recognised person.
        let at_sites: f64 = r.outcome.sites.iter().map(|s| s.applicants.mean).sum();
        assert!((at_sites - f("centres")).abs() <= 1e-6 * n);
        let resettled: f64 = r.allocation.states.iter().map(|s| s.allocated).sum();
        assert!((resettled - f("recognised")).abs() <= 1e-6 * n);
    }
}

#[test]
fn no_site_is_in_a_state_with_armed_conflict_that_year() {
    let tables = AsylumTables::embedded().unwrap();
    for (origin, year) in [
        ("SYR", 2015),
        ("AFG", 2021),
        ("SDN", 2023),
        ("SOM", 2012),
        ("UKR", 2022),
    ] {
        let mut o = options(origin, year);
        o.max_sites = Some(50);
        let r = api::centres(world(), &o).unwrap();
        assert!(!r.choice.sites.is_empty(), "{origin}");
        for s in &r.choice.sites {
            assert!(
                tables.conflicts_in(&s.code, year).is_empty(),
                "{} hosts a centre for {origin} in {year} despite armed conflict",
                s.code
            );
            assert_ne!(s.code, origin);
        }
    }
    // Syria's neighbours at war in 2015 are left out, with the reason.
    let r = api::centres(world(), &options("SYR", 2015)).unwrap();
    for code in ["IRQ", "TUR"] {
        assert!(
            r.choice
                .excluded
                .iter()
                .any(|(c, why)| c == code && why.contains("armed conflict")),
            "{code}"
        );
    }
}

#[test]
fn naming_a_site_at_war_that_year_is_refused_saying_why() {
    let (code, _, err) = run(&[
        "centres", "--origin", "SYR", "--year", "2015", "--sites", "JOR,TUR",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--sites"), "{err}");
    assert!(
        err.contains("TUR") && err.contains("armed conflict") && err.contains("2015"),
        "{err}"
    );
    let (code, out, err) = run(&[
        "centres", "--origin", "SYR", "--year", "2015", "--sites", "JOR,MAR", "--trials", "2000",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Jordan") && out.contains("Morocco (outside the region)"),
        "{out}"
    );
}

#[test]
fn outcomes_never_fall_as_uptake_rises() {
    let names = [
        "centres",
        "recognised",
        "returned",
        "staying",
        "journeys",
        "deaths",
        "fees",
    ];
    let mut last: Option<Vec<(f64, f64, f64)>> = None;
    let mut last_travelling = f64::INFINITY;
    for uptake in [0.0, 0.05, 0.1, 0.25, 0.5, 0.75, 1.0] {
        let mut o = options("SYR", 2015);
        o.uptake = Some(uptake);
        let r = api::centres(world(), &o).unwrap();
        let now: Vec<(f64, f64, f64)> = names
            .iter()
            .map(|n| {
                let s = r.outcome.figure(n).unwrap();
                (s.mean, s.p05, s.p95)
            })
            .collect();
        if let Some(prev) = &last {
            for ((a, b), name) in prev.iter().zip(&now).zip(names) {
                assert!(
                    b.0 >= a.0 && b.1 >= a.1 && b.2 >= a.2,
                    "{name} falls from {a:?} to {b:?} at uptake {uptake}"
                );
            }
        }
        let travelling = r.outcome.figure("travelling").unwrap().mean;
        assert!(travelling <= last_travelling);
        last_travelling = travelling;
        last = Some(now);
    }
    // And through the prior's median, on the same random numbers.
    let mut prev = 0.0;
    for median in [0.05, 0.2, 0.4, 0.8] {
        let mut o = options("SYR", 2015);
        o.uptake_median = Some(median);
        let c = api::centres(world(), &o)
            .unwrap()
            .outcome
            .figure("centres")
            .unwrap()
            .mean;
        assert!(c > prev, "{median}: {c} after {prev}");
        prev = c;
    }
}

#[test]
fn for_syrian_applicants_in_2015_the_top_sites_share_arabic_with_syria() {
    let r = api::centres(world(), &options("SYR", 2015)).unwrap();
    assert!((r.travellers - 383_837.0).abs() < 0.5, "{}", r.travellers);
    for s in r.choice.sites.iter().take(3) {
        assert!(
            s.shared_languages.iter().any(|l| l == "Arabic"),
            "{} ranks in the top three without Arabic",
            s.code
        );
    }
    // Jordan, a neighbour at peace that speaks Arabic, receives applicants.
    assert!(r.outcome.sites.iter().any(|s| s.site.code == "JOR"));
    // Nearly every Syrian decided in Europe in 2015 was protected.
    assert!(r.protection.central > 0.95 && r.protection.central < 1.0);
}

#[test]
fn the_resettlement_plan_equals_distribute_for_the_same_number_and_key() {
    for key in [Key::Un, Key::Eu, Key::Regional] {
        let mut o = options("SYR", 2015);
        o.key = key;
        let r = api::centres(world(), &o).unwrap();
        let n = r.outcome.figure("recognised").unwrap().mean;
        let d = api::distribute(
            world(),
            &DistributeOptions {
                key,
                amount: Amount::Refugees {
                    count: n,
                    origin: (key == Key::Regional).then(|| "SYR".to_string()),
                },
                priors: FlowPriors::embedded(world()).unwrap(),
                trials: None,
                seed: None,
                threads: None,
            },
        )
        .unwrap();
        assert_eq!(r.allocation, d.allocation, "{key:?}");
    }
}

#[test]
fn every_format_renders_and_json_carries_the_intervals() {
    let r = api::centres(world(), &options("AFG", 2021)).unwrap();
    for format in [Format::Table, Format::Markdown, Format::Csv, Format::Json] {
        let text = r.render(format, &RenderOptions::default()).unwrap();
        assert!(text.contains("AFG"), "{format:?}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&r.render(Format::Json, &RenderOptions::default()).unwrap()).unwrap();
    let deaths = &json["outcome"]["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "deaths")
        .unwrap()["value"];
    assert!(deaths["p05"].as_f64().unwrap() < deaths["p95"].as_f64().unwrap());
    let csv = r.render(Format::Csv, &RenderOptions::default()).unwrap();
    assert!(csv.lines().any(|l| l.starts_with("outcome,deaths,")));
}

#[test]
fn the_same_seed_gives_the_same_bytes() {
    let a = run(&[
        "centres", "--origin", "SYR", "--year", "2016", "--trials", "5000", "--format", "csv",
    ]);
    let b = run(&[
        "centres", "--origin", "SYR", "--year", "2016", "--trials", "5000", "--format", "csv",
    ]);
    assert_eq!(a.0, 0, "{}", a.2);
    assert_eq!(a.1, b.1);
}

#[test]
fn bad_input_exits_2_naming_the_flag() {
    // (arguments, what the message must contain)
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["centres", "--origin", "SYRR", "--year", "2015"],
            &["--origin", "SYRR", "did you mean `SYR`"],
        ),
        (
            &["centres", "--origin", "SYR", "--year", "1990"],
            &["--year 1990", "2000", "2025"],
        ),
        (
            &["centres", "--origin", "SYR", "--year", "2031"],
            &["--year 2031", "2000 to 2025"],
        ),
        (
            &["centres", "--origin", "SSD", "--year", "2005"],
            &["--origin SSD --year 2005", "no asylum applications"],
        ),
        (
            &["centres", "--origin", "SYR", "--uptake", "1.5"],
            &["--uptake", "0 to 1", "1.5"],
        ),
        (
            &["centres", "--origin", "SYR", "--uptake", "-0.1"],
            &["--uptake", "0 to 1"],
        ),
        (
            &["centres", "--origin", "SYR", "--protection-rate", "2"],
            &["--protection-rate", "0 to 1"],
        ),
        (
            &["centres", "--origin", "SYR", "--conflict", "syria"],
            &["--conflict", "--origin"],
        ),
        (
            &["centres", "--conflict", "syrai", "--year", "2015"],
            &["--conflict", "syrai", "syria"],
        ),
        (
            &[
                "centres", "--origin", "SYR", "--year", "2015", "--sites", "JOX",
            ],
            &["--sites", "JOX", "JOR"],
        ),
        (
            &[
                "centres", "--origin", "SYR", "--year", "2015", "--sites", "SYR",
            ],
            &["--sites", "origin"],
        ),
        (
            &[
                "centres", "--origin", "SYR", "--year", "2015", "--sites", "DEU",
            ],
            &["--sites", "Europe"],
        ),
        (
            &["centres", "--origin", "SYR", "--window", "2017"],
            &["--window", "Y1-Y2"],
        ),
        (
            &["centres", "--origin", "SYR", "--threads", "2"],
            &["--threads", "--averted"],
        ),
        (
            &["centres", "--origin", "SYR", "--averted", "abolish-veto"],
            &["--averted", "--conflict"],
        ),
    ];
    for (args, wanted) in cases {
        let (code, out, err) = run(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?} printed {out}");
        for w in *wanted {
            assert!(err.contains(w), "{args:?}: `{w}` missing from {err}");
        }
    }
}

/// The text between `<!-- NAME:start -->` and `<!-- NAME:end -->` in the README.
fn readme_block(name: &str) -> String {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = format!("<!-- {name}:start -->\n");
    let end = format!("<!-- {name}:end -->");
    let a = text.find(&start).expect("start marker") + start.len();
    let b = text[a..].find(&end).expect("end marker") + a;
    text[a..b].to_string()
}

#[test]
fn the_shipped_language_weight_is_the_one_that_validates_better() {
    let priors = FlowPriors::embedded(world()).unwrap();
    let report = api::calibrate_language(
        world(),
        &api::CalibrateLanguageOptions {
            priors: priors.clone(),
            weights: Vec::new(),
        },
    )
    .unwrap();
    let v = &report.validation;
    assert_eq!(v.shipped, priors.keys.regional.language);
    assert_eq!(v.shipped, v.best, "ship the weight that validates better");
    let row = |w: f64| {
        v.rows
            .iter()
            .find(|r| r.weight == w && r.years == "all years")
            .unwrap()
    };
    assert!(row(0.0).n > 100);
    // The weight is not idle: it moves the key's shares toward states sharing a language.
    let mut with = priors.clone();
    with.keys.regional.language = 1.0;
    let jordan = |p: &FlowPriors| {
        let (s, _) =
            veto_sim::flows::keys::shares(world(), p, Key::Regional, &["SYR".to_string()]).unwrap();
        s.iter().find(|(c, _)| c == "JOR").unwrap().1
    };
    assert!(jordan(&with) > jordan(&priors));
    assert_ne!(row(0.0).mean, row(1.0).mean);
}

#[test]
fn the_readme_language_table_is_what_calibrate_language_prints() {
    let (code, out, err) = run(&["calibrate", "language", "--format", "markdown"]);
    assert_eq!(code, 0, "{err}");
    let table: String = out
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(
        readme_block("language-validation"),
        table,
        "regenerate the README's language table from `veto-sim calibrate language --format markdown`"
    );
}

#[test]
fn the_readme_figures_for_syrians_in_2015_are_what_centres_prints() {
    let r = api::centres(world(), &{
        let mut o = options("SYR", 2015);
        o.trials = None;
        o
    })
    .unwrap();
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let c = r.outcome.figure("centres").unwrap();
    let t = |x: f64| veto_sim::report::thousands(x);
    for wanted in [
        format!(
            "{} would apply at a centre (90% interval {} to {})",
            t(c.mean),
            t(c.p05),
            t(c.p95)
        ),
        format!(
            "{} travel anyway",
            t(r.outcome.figure("travelling").unwrap().mean)
        ),
        format!(
            "{} would be recognised",
            t(r.outcome.figure("recognised").unwrap().mean)
        ),
        format!(
            "{} deaths on the way would be avoided",
            t(r.outcome.figure("deaths").unwrap().mean)
        ),
        "the 383,837 Syrians".to_string(),
    ] {
        assert!(text.contains(&wanted), "the README lacks `{wanted}`");
    }
}

#[test]
fn a_centre_plan_runs_every_cell_of_uptake_by_protection_by_key() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plan.yaml");
    std::fs::write(
        &file,
        "name: test\norigin: SYR\nyear: 2015\ntrials: 2000\ngrid:\n  uptake: [0.1, 0.3]\n  protection_rate: [0.5, 0.9]\n  key: [un, regional]\n",
    )
    .unwrap();
    let plan = veto_sim::centres::plan::parse(
        &std::fs::read_to_string(&file).unwrap(),
        &file.display().to_string(),
    )
    .unwrap();
    let priors = FlowPriors::embedded(world()).unwrap();
    let r = api::centres_plan(world(), &plan, &priors, None).unwrap();
    assert_eq!(r.cells.len(), 8);
    for c in &r.cells {
        assert!((c.centres.mean + c.travelling.mean - c.travellers).abs() < 1e-6 * c.travellers);
    }
    // Each cell is the single run with the same settings.
    let mut single = options("SYR", 2015);
    single.trials = Some(2000);
    single.uptake = Some(0.3);
    single.protection_rate = Some(0.9);
    single.key = Key::Regional;
    let one = api::centres(world(), &single).unwrap();
    let cell = r
        .cells
        .iter()
        .find(|c| c.uptake == "0.3" && c.protection_rate == "0.9" && c.key == Key::Regional)
        .unwrap();
    assert_eq!(cell.recognised, *one.outcome.figure("recognised").unwrap());
    assert_eq!(cell.gini_after, one.allocation.gini_after);
    // The shipped plan runs from the command line.
    let (code, out, err) = run(&["centres", "--plan", "syria-2015", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().filter(|l| !l.starts_with('#')).count(), 1 + 24);
}

#[test]
fn a_bad_centre_plan_exits_2_naming_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.yaml");
    std::fs::write(
        &file,
        "name: bad\norigin: SYR\ngrid:\n  uptake: [0.2, 1.5]\n",
    )
    .unwrap();
    let f = file.display().to_string();
    let (code, _, err) = run(&["centres", "--plan", &f]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("bad.yaml:4:") && err.contains("grid.uptake"),
        "{err}"
    );
    std::fs::write(&file, "name: bad\norigin: SYR\ngird: {}\n").unwrap();
    let (code, _, err) = run(&["centres", "--plan", &f]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("gird") && err.contains("grid"), "{err}");
    let (code, _, err) = run(&["centres", "--plan", "syria-2015", "--uptake", "0.2"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--uptake") && err.contains("--plan"), "{err}");
}

#[test]
fn the_readme_figures_of_the_shipped_plan_are_what_it_prints() {
    let (_, text) = veto_sim::centres::plan::SHIPPED[0];
    let plan = veto_sim::centres::plan::parse(text, "syria-2015.yaml").unwrap();
    let priors = FlowPriors::embedded(world()).unwrap();
    let r = api::centres_plan(world(), &plan, &priors, None).unwrap();
    let cell = |key: Key| {
        r.cells
            .iter()
            .find(|c| c.uptake == "0.25" && c.protection_rate == "decisions" && c.key == key)
            .unwrap()
    };
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let un = cell(Key::Un);
    let regional = cell(Key::Regional);
    for wanted in [
        format!(
            "{} Syrians would be recognised, {:.0}% of what the world resettled in 2015",
            veto_sim::report::thousands(un.recognised.mean),
            100.0 * un.share_of_world_resettlement
        ),
        format!(
            "from {:.3} to {:.3}",
            regional.gini_before, regional.gini_after
        ),
        format!("has {} cells", r.cells.len()),
    ] {
        assert!(readme.contains(&wanted), "the README lacks `{wanted}`");
    }
}
