//! The data build: the committed `data/` is exactly what the build derives from
//! `../shared/data` and `curation/`; two builds give identical bytes; curated files are checked
//! strictly, with errors naming the file, line and key.
//!
//! Most of these tests need the raw files at `../shared/data` (relative to the crate): they are
//! marked `#[ignore = "needs ../shared/data"]`, so `cargo test` reports them as ignored, and
//! run with `cargo test --release --test data_build -- --include-ignored` where the folder
//! exists (`.ci/run` does, and fails when the folder is missing). Run that way without the
//! folder, they fail with a message saying so.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use veto_sim::databuild::{self, BuildOptions};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The raw folder; a test that needs it is `#[ignore]`d, so reaching here without it is an
/// explicit `--include-ignored` run on a machine without the data: fail and say why.
fn shared_data() -> PathBuf {
    let dir = root().join("../shared/data");
    assert!(
        dir.is_dir(),
        "../shared/data is missing: the tests marked `needs ../shared/data` cannot run"
    );
    dir
}

/// A build as `data build` runs it: every curated input required.
fn build(raw: &Path, curated: &Path, windows: &[&str]) -> veto_sim::Result<databuild::Build> {
    databuild::build(&BuildOptions {
        from: raw.to_path_buf(),
        curated: curated.to_path_buf(),
        windows: windows.iter().map(|w| w.to_string()).collect(),
        allow_missing: false,
    })
}

/// A build from a small fixture curation, which leaves some inputs out on purpose
/// (`--allow-missing`).
fn build_partial(
    raw: &Path,
    curated: &Path,
    windows: &[&str],
) -> veto_sim::Result<databuild::Build> {
    databuild::build(&BuildOptions {
        from: raw.to_path_buf(),
        curated: curated.to_path_buf(),
        windows: windows.iter().map(|w| w.to_string()).collect(),
        allow_missing: true,
    })
}

fn first_difference(a: &str, b: &str) -> String {
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("line {}:\n  committed: {x}\n  built:     {y}", i + 1);
        }
    }
    format!(
        "lengths differ: {} vs {} lines",
        a.lines().count(),
        b.lines().count()
    )
}

#[test]
#[ignore = "needs ../shared/data"]
fn committed_data_is_exactly_what_the_build_derives() {
    let raw = shared_data();
    let built = build(&raw, &root().join("curation"), &[]).expect("the build succeeds");
    let data = root().join("data");
    let names = databuild::output_names();
    assert_eq!(
        built
            .files
            .keys()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .len(),
        names.len()
    );
    for name in names {
        let committed =
            fs::read_to_string(data.join(name)).unwrap_or_else(|e| panic!("data/{name}: {e}"));
        let fresh = &built.files[name];
        assert!(
            committed == *fresh,
            "data/{name} differs from a fresh build ({}); run `veto-sim data build --from ../shared/data --out data`",
            first_difference(&committed, fresh)
        );
    }
}

#[test]
#[ignore = "needs ../shared/data"]
fn two_builds_give_identical_bytes() {
    let raw = shared_data();
    let fixtures = root().join("tests/fixtures/curation_small");
    let a = build_partial(&raw, &fixtures, &["2000-2009"]).unwrap();
    let b = build_partial(&raw, &fixtures, &["2000-2009"]).unwrap();
    assert_eq!(
        a.files.keys().collect::<Vec<_>>(),
        b.files.keys().collect::<Vec<_>>()
    );
    for (name, text) in &a.files {
        assert!(*text == b.files[name], "{name} differs between two builds");
        assert!(!text.contains('\r'), "{name} has a carriage return");
        assert!(
            !text.contains(root().to_str().unwrap()),
            "{name} records a local path"
        );
    }
    // The extra window is computed from the roll calls: every pair of the 193 states.
    let alignment = &a.files["alignment.csv"];
    assert_eq!(
        alignment
            .lines()
            .filter(|l| l.starts_with("2000-2009,"))
            .count(),
        193 * 192 / 2
    );
}

#[test]
#[ignore = "needs ../shared/data"]
fn the_fixture_curation_is_joined_to_the_record() {
    let raw = shared_data();
    let built = build_partial(&raw, &root().join("tests/fixtures/curation_small"), &[]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    databuild::write(&built, dir.path()).unwrap();
    let world = veto_sim::world::World::load(dir.path()).unwrap();
    let d = world.draft("S/2022/155").unwrap();
    assert_eq!(d.tally, veto_sim::world::TallyStatus::Full);
    assert_eq!(d.abstain, ["ARE", "CHN", "IND"]);
    let amendment = world.draft("amendment/test/1").unwrap();
    assert!(amendment.flags.contains(&"curated-record".to_string()));
    assert_eq!(
        world
            .draft("S/2011/612")
            .unwrap()
            .annotation
            .as_ref()
            .unwrap()
            .conflict_id,
        "syria"
    );
    assert!(world.draft("S/PV.174").unwrap().annotation.is_some());
    assert!(world.draft("S/1076#para5").unwrap().annotation.is_some());
    assert_eq!(world.conflicts.len(), 1);
    let syria = world.conflict("syria").unwrap();
    assert_eq!(syria.drafts, 1);
    assert!(
        syria
            .years
            .iter()
            .any(|y| y.year == 2015 && y.refugees == Some(4_873_236))
    );
}

#[test]
#[ignore = "needs ../shared/data"]
fn the_build_without_curated_files_is_refused_unless_allowed() {
    let raw = shared_data();
    let missing = root().join("tests/fixtures/no-such-folder");
    let err = build(&raw, &missing, &[]).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(err.to_string().contains("no-such-folder"), "{err}");
    assert!(err.to_string().contains("--allow-missing"), "{err}");
    let built = databuild::build(&BuildOptions {
        from: raw,
        curated: missing,
        windows: Vec::new(),
        allow_missing: true,
    })
    .unwrap();
    assert!(
        built
            .warnings
            .iter()
            .any(|w| w.contains("no curated folder")),
        "{:?}",
        built.warnings
    );
    assert!(built.files["README.md"].contains("Open items"));
    assert_eq!(
        built.files["conflicts.csv"].lines().count(),
        1,
        "header only"
    );
}

/// `veto-sim data build` run in an empty folder (so the default `curation/` is absent).
fn data_build_in_empty_folder(extra: &[&str]) -> (tempfile::TempDir, std::process::Output) {
    let dir = tempfile::tempdir().unwrap();
    let raw = root().join("../shared/data").display().to_string();
    let mut args = vec!["data", "build", "--from", &raw, "--out", "out"];
    args.extend(extra);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_veto-sim"))
        .args(&args)
        .current_dir(dir.path())
        .output()
        .unwrap();
    (dir, out)
}

#[test]
fn data_build_without_a_curation_folder_exits_2_naming_it_and_writes_nothing() {
    let (dir, out) = data_build_in_empty_folder(&[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("curated folder `curation`"), "{err}");
    assert!(err.contains("--allow-missing"), "{err}");
    assert!(!dir.path().join("out").exists());
}

#[test]
fn data_build_with_a_partial_curation_folder_names_each_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let cur = dir.path().join("cur");
    std::fs::create_dir(&cur).unwrap();
    std::fs::write(
        cur.join("tallies_2020_2025.csv"),
        fs::read_to_string(root().join("curation/tallies_2020_2025.csv")).unwrap(),
    )
    .unwrap();
    let err = build(&root().join("../shared/data"), &cur, &[]).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    let msg = err.to_string();
    for name in ["annotations_*.csv", "conflicts*.csv", "adopted_kinds.csv"] {
        assert!(msg.contains(name), "{name}: {msg}");
    }
    assert!(!msg.contains("tallies_2020_2025.csv`"), "{msg}");
}

#[test]
#[ignore = "needs ../shared/data"]
fn data_build_with_allow_missing_writes_and_warns() {
    let (dir, out) = data_build_in_empty_folder(&["--allow-missing"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("warning: no curated folder"), "{err}");
    assert!(dir.path().join("out/states.csv").is_file());
}

#[test]
#[ignore = "needs ../shared/data"]
fn quiet_data_build_says_nothing_on_standard_error() {
    let raw = shared_data().display().to_string();
    let curated = root().join("curation").display().to_string();
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_veto-sim"))
        .args(["data", "build", "--from", &raw, "--curated", &curated])
        .args(["--out", "tables", "-q"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert_eq!(err, "", "no bar, no note");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("wrote tables/states.csv ("), "{text}");
    assert!(dir.path().join("tables/states.csv").is_file());
}

/// The fixture curation with one file replaced, in a temporary folder.
fn curation_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = root().join("tests/fixtures/curation_small");
    let mut contents: BTreeMap<String, String> = BTreeMap::new();
    for entry in fs::read_dir(&fixtures).unwrap() {
        let path = entry.unwrap().path();
        contents.insert(
            path.file_name().unwrap().to_str().unwrap().to_string(),
            fs::read_to_string(&path).unwrap(),
        );
    }
    for (name, text) in files {
        contents.insert(name.to_string(), text.to_string());
    }
    for (name, text) in contents {
        fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn build_error(raw: &Path, curated: &Path) -> String {
    let err = build_partial(raw, curated, &[]).unwrap_err();
    assert_eq!(err.exit_code(), 2, "{err}");
    err.to_string()
}

const ANNOTATION_HEADER: &str =
    "symbol,date,sponsors,targets,kind,atrocity,conflict_id,source,notes\n";

#[test]
#[ignore = "needs ../shared/data"]
fn curated_files_are_checked_strictly() {
    let raw = shared_data();
    // An unknown kind.
    let dir = curation_with(&[(
        "annotations_small.csv",
        &format!("{ANNOTATION_HEADER}S/2011/612,2011-10-04,FRA,SYR,sanction,yes,syria,SC/10403,\n"),
    )]);
    let msg = build_error(&raw, dir.path());
    assert!(
        msg.contains("annotations_small.csv:2:") && msg.contains("key `kind`"),
        "{msg}"
    );
    assert!(msg.contains("did you mean `sanctions`"), "{msg}");

    // A code that is neither a member state nor a known former state.
    let dir = curation_with(&[(
        "annotations_small.csv",
        &format!(
            "{ANNOTATION_HEADER}S/2011/612,2011-10-04,FRA;XYZ,SYR,condemnation,yes,syria,SC/10403,\n"
        ),
    )]);
    let msg = build_error(&raw, dir.path());
    assert!(
        msg.contains("key `sponsors`") && msg.contains("`XYZ`"),
        "{msg}"
    );

    // A symbol annotated twice, across two files.
    let dir = curation_with(&[(
        "annotations_more.csv",
        &format!(
            "{ANNOTATION_HEADER}S/2011/612,2011-10-04,FRA,SYR,condemnation,yes,syria,SC/10403,\n"
        ),
    )]);
    let msg = build_error(&raw, dir.path());
    assert!(
        msg.contains("annotated twice") && msg.contains("annotations_small.csv:2"),
        "{msg}"
    );

    // A symbol that is not in the record: the nearest is suggested.
    let dir = curation_with(&[(
        "annotations_small.csv",
        &format!(
            "{ANNOTATION_HEADER}S/2011/613,unknown,FRA,SYR,condemnation,yes,syria,SC/10403,\n"
        ),
    )]);
    let msg = build_error(&raw, dir.path());
    assert!(
        msg.contains("key `symbol`") && msg.contains("did you mean `S/2011/612`"),
        "{msg}"
    );

    // A row without a source.
    let dir = curation_with(&[(
        "annotations_small.csv",
        &format!("{ANNOTATION_HEADER}S/2011/612,2011-10-04,FRA,SYR,condemnation,yes,syria,,\n"),
    )]);
    let msg = build_error(&raw, dir.path());
    assert!(msg.contains("key `source`"), "{msg}");
}

#[test]
#[ignore = "needs ../shared/data"]
fn a_state_is_never_both_sponsor_and_target_of_a_draft() {
    let raw = shared_data();
    let dir = curation_with(&[(
        "annotations_small.csv",
        &format!(
            "{ANNOTATION_HEADER}S/2011/612,2011-10-04,FRA;SYR,SYR,condemnation,yes,syria,SC/10403,\n"
        ),
    )]);
    let msg = build_error(&raw, dir.path());
    assert!(
        msg.contains("annotations_small.csv:2")
            && msg.contains("key `targets`")
            && msg.contains("`SYR` is both a sponsor and a target of `S/2011/612`"),
        "{msg}"
    );
}

#[test]
#[ignore = "needs ../shared/data"]
fn curated_counts_stand_alone_or_agree_with_the_lists() {
    let raw = shared_data();
    const HEADER: &str =
        "symbol,date,vetoed_by,yes,no,abstain,absent,n_yes,n_no,n_abstain,n_absent,source,notes\n";
    // Counts that contradict the lists.
    let tallies = format!(
        "{HEADER}S/2022/155,2022-02-25,RUS,ALB;BRA;FRA;GAB;GBR;GHA;IRL;KEN;MEX;NOR;USA,RUS,ARE;CHN;IND,,10,,,,SC/14808,\n"
    );
    let dir = curation_with(&[("tallies_2020_2025.csv", &tallies)]);
    let msg = build_error(&raw, dir.path());
    assert!(
        msg.contains("tallies_2020_2025.csv:2") && msg.contains("key `n_yes`"),
        "{msg}"
    );
    // Counts without lists: a vetoed draft needs nine votes.
    let tallies = format!(
        "{HEADER}amendment/test/1,2025-02-24,RUS,unknown,unknown,unknown,unknown,8,,,,fixture,\n"
    );
    let dir = curation_with(&[("tallies_2020_2025.csv", &tallies)]);
    let msg = build_error(&raw, dir.path());
    assert!(msg.contains("only 8 votes in favour"), "{msg}");
}

#[test]
#[ignore = "needs ../shared/data"]
fn curated_tallies_must_cover_that_years_council() {
    let raw = shared_data();
    // Japan did not sit on the 2022 Council.
    let tallies = "symbol,date,vetoed_by,yes,no,abstain,absent,n_yes,n_no,n_abstain,n_absent,source,notes\n\
S/2022/155,2022-02-25,RUS,ALB;BRA;FRA;GAB;GBR;GHA;IRL;JPN;MEX;NOR;USA,RUS,ARE;CHN;IND,,,,,,SC/14808,\n";
    let dir = curation_with(&[("tallies_2020_2025.csv", tallies)]);
    let msg = build_error(&raw, dir.path());
    assert!(
        msg.contains("tallies_2020_2025.csv:2")
            && msg.contains("JPN")
            && msg.contains("2022 Council"),
        "{msg}"
    );
    // The vetoing member must be the one of the veto list.
    let tallies = "symbol,date,vetoed_by,yes,no,abstain,absent,n_yes,n_no,n_abstain,n_absent,source,notes\n\
S/2022/155,2022-02-25,CHN,ALB;BRA;FRA;GAB;GBR;GHA;IRL;KEN;MEX;NOR;USA,RUS,ARE;CHN;IND,,,,,,SC/14808,\n";
    let dir = curation_with(&[("tallies_2020_2025.csv", tallies)]);
    let msg = build_error(&raw, dir.path());
    assert!(msg.contains("key `vetoed_by`"), "{msg}");
}

#[test]
fn a_missing_raw_folder_is_a_usage_error() {
    let err = build(
        &root().join("no-such-raw-folder"),
        &root().join("curation"),
        &[],
    )
    .unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(err.to_string().contains("--from"), "{err}");
}

#[test]
#[ignore = "needs ../shared/data"]
fn adopted_resolutions_are_every_one_with_votes_that_match_their_totals() {
    let raw = shared_data();
    let built = build(&raw, &root().join("curation"), &[]).unwrap();
    let text = &built.files["adopted.csv"];
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2721);
    let list = |r: &csv::StringRecord, i: usize| -> Vec<String> {
        r[i].split(';')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    let contested = rows
        .iter()
        .filter(|r| !list(r, 6).is_empty() || !list(r, 7).is_empty())
        .count();
    assert_eq!(contested, 504);
    // The member lists agree with the raw file's totals.
    let mut raw_reader =
        csv::Reader::from_path(raw.join("unsc/unsc_adopted_votes_1946_2023.csv")).unwrap();
    let headers = raw_reader.headers().unwrap().clone();
    let col = |n: &str| headers.iter().position(|h| h == n).unwrap();
    let (num, ty, ta, tn, tx) = (
        col("res_num"),
        col("total_yes"),
        col("total_abstentions"),
        col("total_no"),
        col("total_non_voting"),
    );
    let mut totals: BTreeMap<u32, [usize; 4]> = BTreeMap::new();
    for rec in raw_reader.records() {
        let rec = rec.unwrap();
        let t = [ty, ta, tn, tx].map(|i| rec[i].parse::<usize>().unwrap());
        totals.insert(rec[num].parse().unwrap(), t);
    }
    for r in &rows {
        let n: u32 = r[1].parse().unwrap();
        let counted = [5, 6, 7, 8].map(|i| list(r, i).len());
        assert_eq!(counted, totals[&n], "{}", &r[0]);
    }
    // The USSR's seat is RUS; the other former states keep their codes.
    assert!(!text.contains("SUN"));
    let first = &rows[0];
    assert!(list(first, 5).contains(&"RUS".to_string()), "{first:?}");
    assert!(text.contains("YUG") && text.contains("DDR"));
    // Every kind is a known one, and the README states the rules and the hand check.
    for r in &rows {
        assert!(
            veto_sim::world::ActionKind::parse(&r[3]).is_some(),
            "{:?}",
            r
        );
    }
    let readme = &built.files["README.md"];
    assert!(readme.contains("## Adopted resolutions (`adopted.csv`)"));
    assert!(readme.contains("Error rate of the title rules on the sample"));
}

#[test]
#[ignore = "needs ../shared/data"]
fn curated_adopted_kinds_are_checked_strictly() {
    let raw = shared_data();
    let dir = curation_with(&[(
        "adopted_kinds.csv",
        "resolution,kind,note\nS/RES/83(1950),use-of-force,ok\nS/RES/9999(2030),other,no such\n",
    )]);
    let msg = build_error(&raw, dir.path());
    assert!(
        msg.contains("adopted_kinds.csv:3:") && msg.contains("key `resolution`"),
        "{msg}"
    );
    let dir = curation_with(&[(
        "adopted_kinds.csv",
        "resolution,kind,note\nS/RES/83(1950),use-of-forse,typo\n",
    )]);
    let msg = build_error(&raw, dir.path());
    assert!(
        msg.contains("adopted_kinds.csv:2:") && msg.contains("key `kind`"),
        "{msg}"
    );
    assert!(msg.contains("did you mean `use-of-force`"), "{msg}");
    // A hand check recorded on other rules is stale.
    let dir = curation_with(&[(
        "adopted_kinds_check.csv",
        "resolution,assigned,judged,note\nS/RES/27(1947),other,other,\n",
    )]);
    let msg = build_error(&raw, dir.path());
    assert!(
        msg.contains("adopted_kinds_check.csv:2:") && msg.contains("redone"),
        "{msg}"
    );
}

#[test]
#[ignore = "needs ../shared/data"]
fn conflict_arrivals_are_the_unhcr_new_arrivals_of_each_conflicts_origins() {
    let world = veto_sim::world::World::embedded().unwrap();
    let syria = world.conflicts.iter().find(|c| c.id == "syria").unwrap();
    assert!(
        syria
            .arrivals
            .iter()
            .all(|a| a.origin == "SYR" && a.total > 0)
    );
    // Germany took a large part of the Syrians arriving in 2015 and 2016.
    let year = |y: i32| -> (u64, u64) {
        let all: u64 = syria.arrivals_in(y).map(|a| a.total).sum();
        let deu: u64 = syria
            .arrivals_in(y)
            .filter(|a| a.asylum_code == "DEU")
            .map(|a| a.total)
            .sum();
        (deu, all)
    };
    let (deu, all) = year(2016);
    assert!(all > 0 && deu * 10 > all, "{deu} of {all}");
    // The rows are the build's, and only the conflicts' origins appear.
    let raw = shared_data();
    let built = build(&raw, &root().join("curation"), &[]).unwrap();
    let text = &built.files["conflict_arrivals.csv"];
    assert!(
        text.starts_with(
            "conflict_id,origin_iso3,year,asylum_iso3,refugees,asylum_seekers,total\n"
        )
    );
    let rows = text.lines().count() - 1;
    let loaded: usize = world.conflicts.iter().map(|c| c.arrivals.len()).sum();
    assert_eq!(rows, loaded);
    assert!(built.files["README.md"].contains("| `conflict_arrivals.csv` |"));
    assert!(built.files["README.md"].contains("unhcr/unhcr_flows.csv"));
}

#[test]
fn a_broken_arrivals_row_is_named_by_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in veto_sim::world::World::embedded_texts() {
        fs::write(dir.path().join(name), text).unwrap();
    }
    let path = dir.path().join("conflict_arrivals.csv");
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str("syria,TUR,2015,DEU,5,5,11\n");
    fs::write(&path, &text).unwrap();
    let err = veto_sim::world::World::load(dir.path()).unwrap_err();
    assert_eq!(err.exit_code(), 2, "{err}");
    let msg = err.to_string();
    assert!(msg.contains("conflict_arrivals.csv:"), "{msg}");
    assert!(msg.contains("not an origin of `syria`"), "{msg}");
    // A folder built before the arrivals still loads, without them.
    fs::remove_file(&path).unwrap();
    let world = veto_sim::world::World::load(dir.path()).unwrap();
    assert!(world.conflicts.iter().all(|c| c.arrivals.is_empty()));
}
