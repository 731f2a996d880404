//! The project's own curated files (`curation/`): member-by-member votes of the vetoed drafts
//! of 2020–2025, draft annotations and conflicts.
//!
//! Every file present is read and checked strictly: exact header, known kinds, ISO3 codes that
//! are member states or known former states and territories, no symbol or conflict listed
//! twice, a source on every row. Errors name the file, line, column and key. A missing folder
//! or file is not an error: the build then goes on without it and says so.

use std::collections::HashMap;
use std::path::Path;

use super::Log;
use super::states::States;
use crate::error::{Error, Place, Result, did_you_mean};
use crate::world::drafts::{ActionKind, Atrocity, KnownList, parse_date, parse_known_list};
use crate::world::schema::OTHER_CODES;
use crate::world::table::{CsvTable, Row, split_list};

/// Header of `tallies_2020_2025.csv`.
pub const TALLY_COLUMNS: &[&str] = &[
    "symbol",
    "date",
    "vetoed_by",
    "yes",
    "no",
    "abstain",
    "absent",
    "n_yes",
    "n_no",
    "n_abstain",
    "n_absent",
    "source",
    "notes",
];
/// Header of `annotations_*.csv`.
pub const ANNOTATION_COLUMNS: &[&str] = &[
    "symbol",
    "date",
    "sponsors",
    "targets",
    "kind",
    "atrocity",
    "conflict_id",
    "source",
    "notes",
];
/// Header of `conflicts*.csv`.
pub const CONFLICT_COLUMNS: &[&str] = &[
    "conflict_id",
    "name",
    "origin_iso3",
    "ucdp_conflict_ids",
    "first_year",
    "last_year",
    "source",
    "notes",
];

/// Where a curated row sits, for later error messages.
#[derive(Debug, Clone)]
pub struct Origin {
    pub file: String,
    pub line: u64,
}

impl Origin {
    fn of(row: &Row<'_>, file: &str) -> Origin {
        Origin {
            file: file.to_string(),
            line: row.line(),
        }
    }

    /// A place in this row with a key.
    pub fn place(&self, key: &str) -> Place {
        Place::file(&self.file).at(self.line, 1).key(key)
    }
}

/// A curated vote of a vetoed draft.
#[derive(Debug, Clone)]
pub struct CuratedTally {
    pub symbol: String,
    pub date: String,
    pub vetoed_by: Vec<String>,
    /// `None` where the file says `unknown`.
    pub yes: Option<Vec<String>>,
    pub no: Option<Vec<String>>,
    pub abstain: Option<Vec<String>>,
    pub absent: Option<Vec<String>>,
    /// Counts yes, no, abstain, absent where the file gives them (empty: not given). Where
    /// the lists are known they must agree with them; where the lists are `unknown` they are
    /// the whole record of the vote.
    pub counts: [Option<u32>; 4],
    pub source: String,
    pub notes: String,
    pub origin: Origin,
}

/// A curated annotation of a draft.
#[derive(Debug, Clone)]
pub struct CuratedAnnotation {
    pub symbol: String,
    /// `None` where the file says `unknown`.
    pub date: Option<String>,
    pub sponsors: KnownList,
    pub targets: KnownList,
    pub kind: ActionKind,
    pub atrocity: Atrocity,
    pub conflict_id: String,
    pub source: String,
    pub notes: String,
    pub origin: Origin,
}

/// A curated conflict.
#[derive(Debug, Clone)]
pub struct CuratedConflict {
    pub id: String,
    pub name: String,
    pub origin_iso3: Vec<String>,
    pub ucdp_ids: Vec<u32>,
    pub first_year: i32,
    pub last_year: i32,
    pub source: String,
    pub notes: String,
    pub origin: Origin,
}

/// Everything read from the curated folder.
#[derive(Debug, Default)]
pub struct Curation {
    pub tallies: Vec<CuratedTally>,
    pub annotations: Vec<CuratedAnnotation>,
    pub conflicts: Vec<CuratedConflict>,
    /// The files read, with their number of rows.
    pub files: Vec<(String, usize)>,
}

fn check_code(row: &Row<'_>, col: usize, code: &str, states: &States) -> Result<()> {
    if states.is_member(code) || OTHER_CODES.iter().any(|(c, _)| *c == code) {
        return Ok(());
    }
    let candidates = states
        .codes()
        .into_iter()
        .chain(OTHER_CODES.iter().map(|(c, _)| *c));
    Err(row.error(
        col,
        format!(
            "`{code}` is neither a UN member state nor a known former state or territory ({}){}",
            OTHER_CODES
                .iter()
                .map(|(c, _)| *c)
                .collect::<Vec<_>>()
                .join(", "),
            did_you_mean(code, candidates)
        ),
    ))
}

fn codes(row: &Row<'_>, col: usize, states: &States) -> Result<Vec<String>> {
    let list = split_list(row.get(col));
    for c in &list {
        check_code(row, col, c, states)?;
    }
    Ok(list)
}

fn known(row: &Row<'_>, col: usize, states: &States) -> Result<KnownList> {
    let list = parse_known_list(row.get(col));
    for c in list.iter().flatten() {
        check_code(row, col, c, states)?;
    }
    Ok(list)
}

fn unknown_or_codes(row: &Row<'_>, col: usize, states: &States) -> Result<Option<Vec<String>>> {
    if row.get(col).trim().eq_ignore_ascii_case("unknown") {
        Ok(None)
    } else {
        codes(row, col, states).map(Some)
    }
}

fn source(row: &Row<'_>, col: usize) -> Result<String> {
    let s = row.get(col).trim();
    if s.is_empty() {
        return Err(row.error(col, "every curated row needs a source"));
    }
    Ok(s.to_string())
}

fn symbol(row: &Row<'_>) -> Result<String> {
    let s = row.get(0).trim();
    if s.is_empty() || s.contains(char::is_whitespace) {
        return Err(row.error(
            0,
            format!("expected a draft symbol without spaces, found `{s}`"),
        ));
    }
    Ok(s.to_string())
}

pub(crate) fn files_matching(dir: &Path, prefix: &str) -> Result<Vec<std::path::PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with(prefix) && name.ends_with(".csv") {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

/// Reads every curated file present in `dir`.
///
/// # Errors
/// A malformed or invalid row, named with its file, line and key.
pub(crate) fn load(dir: &Path, states: &States, log: &mut Log) -> Result<Curation> {
    let mut cur = Curation::default();
    let label = dir
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("curation")
        .to_string();
    if !dir.is_dir() {
        log.warn(&format!("no curated folder `{label}/`: built without tallies 2020–2025, annotations or conflicts"));
        return Ok(cur);
    }
    let p5 = ["CHN", "FRA", "GBR", "RUS", "USA"];

    let tallies_path = dir.join("tallies_2020_2025.csv");
    if tallies_path.is_file() {
        let table = CsvTable::read(&tallies_path)?;
        table.expect_headers(TALLY_COLUMNS)?;
        let mut seen: HashMap<String, u64> = HashMap::new();
        for row in table.rows() {
            let symbol = symbol(&row)?;
            if let Some(first) = seen.insert(symbol.clone(), row.line()) {
                return Err(row.error(
                    0,
                    format!("`{symbol}` is listed twice (first on line {first})"),
                ));
            }
            let date = row.get(1).trim().to_string();
            if date.len() != 10 || parse_date(&date).is_none() {
                return Err(row.error(1, format!("expected a date YYYY-MM-DD, found `{date}`")));
            }
            let vetoed_by = codes(&row, 2, states)?;
            if vetoed_by.is_empty() {
                return Err(row.error(2, "a vetoed draft needs at least one vetoing member"));
            }
            if let Some(c) = vetoed_by.iter().find(|c| !p5.contains(&c.as_str())) {
                return Err(row.error(
                    2,
                    format!("`{c}` is not a permanent member and cannot veto"),
                ));
            }
            let lists = [
                unknown_or_codes(&row, 3, states)?,
                unknown_or_codes(&row, 4, states)?,
                unknown_or_codes(&row, 5, states)?,
                unknown_or_codes(&row, 6, states)?,
            ];
            let mut counts = [None; 4];
            for (i, list) in lists.iter().enumerate() {
                let col = 7 + i;
                counts[i] = row.parse_opt::<u32>(col, "a vote count")?;
                if let (Some(n), Some(list)) = (counts[i], list)
                    && n as usize != list.len()
                {
                    return Err(row.error(
                        col,
                        format!(
                            "{n} disagrees with the {} member(s) listed in `{}`",
                            list.len(),
                            TALLY_COLUMNS[3 + i]
                        ),
                    ));
                }
            }
            let [yes, no, abstain, absent] = lists;
            cur.tallies.push(CuratedTally {
                symbol,
                date,
                vetoed_by,
                yes,
                no,
                abstain,
                absent,
                counts,
                source: source(&row, 11)?,
                notes: row.get(12).to_string(),
                origin: Origin::of(&row, &table.file),
            });
        }
        cur.files.push((table.file.clone(), table.records.len()));
    } else {
        log.warn(&format!("`{label}/tallies_2020_2025.csv` is absent: vetoed drafts of 2020–2025 have no member-by-member vote"));
    }

    let mut seen: HashMap<String, Origin> = HashMap::new();
    for path in files_matching(dir, "annotations_")? {
        let table = CsvTable::read(&path)?;
        table.expect_headers(ANNOTATION_COLUMNS)?;
        for row in table.rows() {
            let symbol = symbol(&row)?;
            let origin = Origin::of(&row, &table.file);
            if let Some(first) = seen.get(&symbol) {
                return Err(row.error(
                    0,
                    format!(
                        "`{symbol}` is annotated twice (also {}:{})",
                        first.file, first.line
                    ),
                ));
            }
            seen.insert(symbol.clone(), origin.clone());
            let date_text = row.get(1).trim();
            let date = if date_text.eq_ignore_ascii_case("unknown") {
                None
            } else if parse_date(date_text).is_some() {
                Some(date_text.to_string())
            } else {
                return Err(row.error(
                    1,
                    format!("expected a date YYYY-MM-DD or `unknown`, found `{date_text}`"),
                ));
            };
            let kind_text = row.get(4);
            let kind = ActionKind::parse(kind_text).ok_or_else(|| {
                row.error(
                    4,
                    format!(
                        "unknown kind `{kind_text}` (expected one of {}){}",
                        ActionKind::ALL
                            .iter()
                            .map(|k| k.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                        did_you_mean(kind_text, ActionKind::ALL.iter().map(|k| k.as_str()))
                    ),
                )
            })?;
            let atrocity_text = row.get(5);
            let atrocity = Atrocity::parse(atrocity_text).ok_or_else(|| {
                row.error(
                    5,
                    format!("expected yes, no or unknown, found `{atrocity_text}`"),
                )
            })?;
            let conflict_id = row.get(6).trim().to_string();
            if !conflict_id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            {
                return Err(row.error(
                    6,
                    format!(
                        "expected a lower-case conflict id like `syria`, found `{conflict_id}`"
                    ),
                ));
            }
            let sponsors = known(&row, 2, states)?;
            let targets = known(&row, 3, states)?;
            // A target is the state whose conduct the draft acts against; a state does not
            // table a draft against itself.
            if let (Some(s), Some(t)) = (&sponsors, &targets)
                && let Some(both) = t.iter().find(|c| s.contains(c))
            {
                return Err(row.error(
                    3,
                    format!(
                        "`{both}` is both a sponsor and a target of `{symbol}`: a target is the state whose conduct the draft would condemn, sanction, constrain or order, never one of its sponsors"
                    ),
                ));
            }
            cur.annotations.push(CuratedAnnotation {
                symbol,
                date,
                sponsors,
                targets,
                kind,
                atrocity,
                conflict_id,
                source: source(&row, 7)?,
                notes: row.get(8).to_string(),
                origin,
            });
        }
        cur.files.push((table.file.clone(), table.records.len()));
    }

    let mut seen: HashMap<String, Origin> = HashMap::new();
    for path in files_matching(dir, "conflicts")? {
        let table = CsvTable::read(&path)?;
        table.expect_headers(CONFLICT_COLUMNS)?;
        for row in table.rows() {
            let id = row.get(0).trim().to_string();
            if id.is_empty()
                || !id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            {
                return Err(row.error(
                    0,
                    format!("expected a lower-case id like `syria`, found `{id}`"),
                ));
            }
            let origin = Origin::of(&row, &table.file);
            if let Some(first) = seen.get(&id) {
                return Err(row.error(
                    0,
                    format!(
                        "conflict `{id}` is listed twice (also {}:{})",
                        first.file, first.line
                    ),
                ));
            }
            seen.insert(id.clone(), origin.clone());
            let origin_iso3 = codes(&row, 2, states)?;
            if origin_iso3.is_empty() {
                return Err(row.error(2, "a conflict needs at least one origin state"));
            }
            let mut ucdp_ids = Vec::new();
            for part in split_list(row.get(3)) {
                ucdp_ids.push(part.parse::<u32>().map_err(|_| {
                    row.error(3, format!("expected UCDP conflict ids, found `{part}`"))
                })?);
            }
            let first_year: i32 = row.parse(4, "a year")?;
            let last_year: i32 = row.parse(5, "a year")?;
            if first_year > last_year {
                return Err(row.error(
                    5,
                    format!("last year {last_year} is before first year {first_year}"),
                ));
            }
            cur.conflicts.push(CuratedConflict {
                id,
                name: row.get(1).to_string(),
                origin_iso3,
                ucdp_ids,
                first_year,
                last_year,
                source: source(&row, 6)?,
                notes: row.get(7).to_string(),
                origin,
            });
        }
        cur.files.push((table.file.clone(), table.records.len()));
    }
    Ok(cur)
}
