//! `--data DIR`: another world in the layout of `data/` loads the same way, and a broken file
//! is reported with its file, line and key (exit code 2), never a panic.

use std::fs;
use std::path::{Path, PathBuf};

use veto_sim::world::World;

/// A copy of the embedded world's tables in a temporary folder.
fn copy_of_data() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in World::embedded_texts() {
        fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// Replaces the first occurrence of `from` in `file` by `to`.
fn edit(dir: &Path, file: &str, from: &str, to: &str) -> PathBuf {
    let path = dir.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from} not in {file}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path
}

fn load_error(dir: &Path) -> String {
    let err = World::load(dir).unwrap_err();
    assert_eq!(err.exit_code(), 2, "{err}");
    err.to_string()
}

#[test]
fn a_copy_of_data_loads_to_the_same_world() {
    let dir = copy_of_data();
    let world = World::load(dir.path()).unwrap();
    assert_eq!(world.hash(), World::embedded().unwrap().hash());
}

#[test]
fn a_changed_table_changes_the_hash() {
    let dir = copy_of_data();
    edit(dir.path(), "states.csv", "Paris", "Lutetia");
    let world = World::load(dir.path()).unwrap();
    assert_ne!(world.hash(), World::embedded().unwrap().hash());
    assert_eq!(world.state("FRA").unwrap().capital, "Lutetia");
}

#[test]
fn an_unknown_regional_group_names_file_line_and_key() {
    let dir = copy_of_data();
    edit(
        dir.path(),
        "states.csv",
        "Western European and Others",
        "Western Europe",
    );
    let msg = load_error(dir.path());
    assert!(msg.contains("states.csv:"), "{msg}");
    assert!(msg.contains("key `group`"), "{msg}");
    assert!(msg.contains("did you mean"), "{msg}");
}

#[test]
fn a_bad_number_in_the_alignment_names_its_line() {
    let dir = copy_of_data();
    let path = dir.path().join("alignment.csv");
    let text = fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let fields: Vec<&str> = lines[9].split(',').collect();
    lines[9] = format!(
        "{},{},{},{},{},1.7,{}",
        fields[0], fields[1], fields[2], fields[3], fields[4], fields[6]
    );
    fs::write(&path, lines.join("\n") + "\n").unwrap();
    let msg = load_error(dir.path());
    assert!(msg.contains("alignment.csv:10:"), "{msg}");
    assert!(msg.contains("key `agreement`"), "{msg}");
    assert!(msg.contains("outside 0..1"), "{msg}");
}

#[test]
fn a_missing_pair_in_the_alignment_is_reported() {
    let dir = copy_of_data();
    let path = dir.path().join("alignment.csv");
    let text = fs::read_to_string(&path).unwrap();
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("2010-2019,FRA,GBR,"))
        .collect();
    fs::write(&path, kept.join("\n") + "\n").unwrap();
    let msg = load_error(dir.path());
    assert!(msg.contains("FRA–GBR"), "{msg}");
}

#[test]
fn an_unknown_council_member_names_its_line() {
    let dir = copy_of_data();
    edit(dir.path(), "councils.csv", "2026,PAK,", "2026,PAQ,");
    let msg = load_error(dir.path());
    assert!(
        msg.contains("councils.csv:") && msg.contains("key `iso3`") && msg.contains("PAQ"),
        "{msg}"
    );
}

#[test]
fn an_unknown_kind_in_the_drafts_suggests_the_nearest() {
    let dir = copy_of_data();
    edit(
        dir.path(),
        "drafts.csv",
        ",peacekeeping,",
        ",peace-keeping,",
    );
    let msg = load_error(dir.path());
    assert!(
        msg.contains("drafts.csv:") && msg.contains("key `kind`"),
        "{msg}"
    );
    assert!(msg.contains("did you mean `peacekeeping`"), "{msg}");
}

#[test]
fn a_wrong_header_is_named() {
    let dir = copy_of_data();
    edit(dir.path(), "conflicts.csv", "conflict_id,name", "id,name");
    let msg = load_error(dir.path());
    assert!(
        msg.contains("conflicts.csv:1:1") && msg.contains("conflict_id"),
        "{msg}"
    );
}

#[test]
fn a_missing_file_is_bad_input() {
    let dir = copy_of_data();
    fs::remove_file(dir.path().join("drafts.csv")).unwrap();
    let msg = load_error(dir.path());
    assert!(
        msg.contains("drafts.csv") && msg.contains("missing"),
        "{msg}"
    );
}

#[test]
fn a_ragged_row_is_reported_with_its_line() {
    let dir = copy_of_data();
    let path = dir.path().join("conflict_years.csv");
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str("syria,2030\n");
    let lines = text.lines().count();
    fs::write(&path, text).unwrap();
    let msg = load_error(dir.path());
    assert!(
        msg.contains(&format!("conflict_years.csv:{lines}")),
        "{msg}"
    );
}

#[test]
fn the_embedded_world_has_every_adopted_resolution() {
    let world = World::embedded().unwrap();
    assert_eq!(world.adopted.len(), 2721);
    let first = &world.adopted[0];
    assert_eq!(first.resolution, "S/RES/1(1946)");
    assert_eq!(first.date, "1946-01-25");
    assert_eq!(first.year, 1946);
    assert_eq!(
        first.vote_of("RUS"),
        Some(veto_sim::world::CastVote::Yes),
        "the USSR's seat is coded RUS"
    );
    assert_eq!(world.adopted.iter().filter(|r| r.contested()).count(), 504);
    assert_eq!(world.adopted_resolution(2721).unwrap().year, 2023);
}

#[test]
fn a_malformed_adopted_table_names_file_and_line() {
    let dir = copy_of_data();
    edit(
        dir.path(),
        "adopted.csv",
        "S/RES/3(1946),3,1946-04-04,",
        "S/RES/3(1946),3,1946-13-04,",
    );
    let msg = load_error(dir.path());
    assert!(msg.contains("adopted.csv:4:"), "{msg}");
    assert!(msg.contains("key `date`"), "{msg}");
}

#[test]
fn a_world_folder_without_adopted_resolutions_still_loads() {
    let dir = copy_of_data();
    fs::remove_file(dir.path().join("adopted.csv")).unwrap();
    let world = World::load(dir.path()).unwrap();
    assert!(world.adopted.is_empty());
}
