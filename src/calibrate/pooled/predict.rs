//! `predict votes`: the pooled model's probabilities for every row of a file of votes.
//!
//! Two layouts are read, told apart by their header:
//! * the layout of the adopted-votes file (`unsc_adopted_votes_*.csv`): one row per member
//!   and resolution with the columns `resolution`, `date`, `ms_code`, `ms_vote` (`Y`, `A`, `N`,
//!   `X` for present and not voting, or empty when unknown) and `description` (the title, from
//!   which the kind is classified by the build's rules); other columns are ignored. Every
//!   resolution in it was adopted.
//! * the layout of the world's drafts table (`data/drafts.csv`): one row per draft with
//!   `id`, `date`, `outcome` (`vetoed` or `failed`), the `yes`, `no`, `abstain` and `absent`
//!   member lists, and optionally `sponsors`, `targets` and `kind`.
//!
//! The model is fitted on the world's votes dated up to `--until` (all by default), and each
//! member's probabilities are those of the forecast scored by `calibrate votes`: given the
//! recorded fate (adopted, vetoed, failed) where every seated member's vote is known, and given
//! the fate class only otherwise. The log loss is taken over the rows whose vote is known.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::conditional::{Event, forecast};
use super::forecast::FORECAST_NODES;
use super::{Cast, Fate, PooledData, PooledFit, Priors, Roll, fit};
use crate::error::{Error, Place, Result, did_you_mean};
use crate::vote::{DraftSpec, ModelParams, Support};
use crate::world::councils::{LAST_YEAR_OF_ELEVEN, P5};
use crate::world::drafts::parse_date;
use crate::world::table::{CsvTable, Row, split_list};
use crate::world::{ActionKind, AlignmentGraph, WindowChoice, World};

/// One predicted vote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PredictedVote {
    /// The input line (the row of the member in the adopted layout, of the draft otherwise).
    pub line: u64,
    /// The resolution or draft.
    pub roll: String,
    /// Its date.
    pub date: String,
    /// Its fate on the record.
    pub fate: Fate,
    /// Its kind.
    pub kind: ActionKind,
    /// The member.
    pub member: String,
    /// The recorded vote (`yes`, `abstain`, `no`, `not-voting`), if known.
    pub vote: Option<String>,
    /// Probability of yes.
    pub p_yes: f64,
    /// Probability of an abstention.
    pub p_abstain: f64,
    /// Probability of no.
    pub p_no: f64,
    /// Whether the probabilities are conditioned on the recorded fate.
    pub given_fate: bool,
}

/// The predictions for a file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prediction {
    /// The file read.
    pub file: String,
    /// The layout recognised: `adopted-votes` or `drafts`.
    pub layout: String,
    /// The fit's training votes were dated up to this (`None`: every vote).
    pub until: Option<String>,
    /// Rolls and votes of the fit.
    pub fit_rolls: usize,
    /// Votes of the fit.
    pub fit_votes: usize,
    /// Every row's probabilities.
    pub votes: Vec<PredictedVote>,
    /// Rows with a known yes, abstain or no.
    pub scored: usize,
    /// Mean log loss over them (nats per vote).
    pub log_loss: Option<f64>,
    /// Rows of the drafts layout skipped because they list no member's vote (the record has
    /// no tally for them).
    pub untallied: usize,
}

/// A roll read from the file, with the input line of each cast and whether a cast without a
/// vote was recorded as present and not voting (rather than unknown).
struct ReadRoll {
    roll: Roll,
    lines: Vec<u64>,
    not_voting: Vec<bool>,
}

fn vote_name(v: Option<u8>, not_voting: bool) -> Option<String> {
    match v {
        Some(0) => Some("yes".into()),
        Some(1) => Some("abstain".into()),
        Some(2) => Some("no".into()),
        _ if not_voting => Some("not-voting".into()),
        _ => None,
    }
}

/// A member code of the file: a UN member state or a former state; `SUN` is the USSR's seat,
/// coded `RUS` as everywhere in the world.
fn member_code(world: &World, row: &Row<'_>, col: usize, text: &str) -> Result<String> {
    let code = text.trim().to_ascii_uppercase();
    let code = if code == "SUN" {
        "RUS".to_string()
    } else {
        code
    };
    if world.is_known_code(&code) {
        return Ok(code);
    }
    let hint = world
        .suggest_state(&code)
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default();
    Err(row.error(
        col,
        format!("unknown member code `{text}`: expected an ISO3 code of a UN member state{hint}"),
    ))
}

/// A day `YYYY-MM-DD`, or a year alone as the drafts table gives where the record has no day.
fn checked_date(row: &Row<'_>, col: usize) -> Result<(String, i32)> {
    let text = row.get(col).trim();
    match parse_date(text) {
        Some(year) => Ok((text.to_string(), year)),
        None => Err(row.error(
            col,
            format!("expected a date YYYY-MM-DD (or a year YYYY), found `{text}`"),
        )),
    }
}

fn quota(year: i32) -> u32 {
    if year <= LAST_YEAR_OF_ELEVEN { 7 } else { 9 }
}

/// The Council's seats in a year: 11 up to 1965, 15 since.
fn seats(year: i32) -> usize {
    if year <= LAST_YEAR_OF_ELEVEN { 11 } else { 15 }
}

fn read_adopted(world: &World, table: &CsvTable) -> Result<Vec<ReadRoll>> {
    let c_res = table.col("resolution")?;
    let c_date = table.col("date")?;
    let c_code = table.col("ms_code")?;
    let c_vote = table.col("ms_vote")?;
    let c_title = table.col("description")?;
    let mut order: Vec<String> = Vec::new();
    let mut rolls: BTreeMap<String, ReadRoll> = BTreeMap::new();
    for row in table.rows() {
        let id = row.get(c_res).trim().to_string();
        if id.is_empty() {
            return Err(row.error(c_res, "empty resolution"));
        }
        let (date, year) = checked_date(&row, c_date)?;
        let code = member_code(world, &row, c_code, row.get(c_code))?;
        let vote = match row.get(c_vote).trim() {
            "Y" | "y" => Some(Some(0)),
            "A" | "a" => Some(Some(1)),
            "N" | "n" => Some(Some(2)),
            "X" | "x" => Some(None),
            "" => None,
            other => {
                return Err(row.error(
                    c_vote,
                    format!("expected Y, A, N, X or an empty vote, found `{other}`"),
                ));
            }
        };
        let entry = rolls.entry(id.clone()).or_insert_with(|| {
            order.push(id.clone());
            let (kind, _) = crate::databuild::adopted::classify(row.get(c_title));
            ReadRoll {
                roll: Roll {
                    id: id.clone(),
                    date: date.clone(),
                    year,
                    fate: Fate::Adopted,
                    kind,
                    quota: quota(year),
                    casts: Vec::new(),
                },
                lines: Vec::new(),
                not_voting: Vec::new(),
            }
        });
        if entry.roll.date != date {
            return Err(row.error(
                c_date,
                format!(
                    "resolution `{id}` is dated {} on an earlier row, {date} here",
                    entry.roll.date
                ),
            ));
        }
        if entry.roll.casts.iter().any(|c| c.code == code) {
            return Err(row.error(c_code, format!("`{code}` votes twice on `{id}`")));
        }
        entry.roll.casts.push(Cast {
            code: code.clone(),
            member: None,
            permanent: P5.contains(&code.as_str()),
            s: 0.0,
            sponsor: false,
            target: false,
            // Unknown votes stay unknown; "present, not voting" is recorded as such below.
            vote: vote.flatten(),
        });
        entry.lines.push(row.line());
        entry.not_voting.push(vote == Some(None));
    }
    Ok(order
        .into_iter()
        .map(|id| rolls.remove(&id).expect("inserted"))
        .collect())
}

/// The rolls of a file in the drafts layout, and the number of rows skipped for listing no
/// member's vote.
fn read_drafts(world: &World, table: &CsvTable) -> Result<(Vec<ReadRoll>, usize)> {
    let c_id = table.col("id")?;
    let c_date = table.col("date")?;
    let c_outcome = table.col("outcome")?;
    let lists = [
        (table.col("yes")?, Some(0u8)),
        (table.col("abstain")?, Some(1)),
        (table.col("no")?, Some(2)),
        (table.col("absent")?, None),
    ];
    let c_sponsors = table.col("sponsors").ok();
    let c_targets = table.col("targets").ok();
    let c_kind = table.col("kind").ok();
    let window = WindowChoice::Era;
    let params = ModelParams::embedded()?;
    let mut graphs: BTreeMap<String, AlignmentGraph> = BTreeMap::new();
    let mut out = Vec::new();
    let mut untallied = 0;
    for row in table.rows() {
        let (date, year) = checked_date(&row, c_date)?;
        let fate = match row.get(c_outcome).trim() {
            "vetoed" => Fate::Vetoed,
            "failed" => Fate::Failed,
            other => {
                return Err(row.error(
                    c_outcome,
                    format!("expected `vetoed` or `failed`, found `{other}`"),
                ));
            }
        };
        let kind = match c_kind.map(|c| row.get(c).trim()) {
            None | Some("") => ActionKind::Unknown,
            Some(k) => ActionKind::parse(k).ok_or_else(|| {
                row.error(
                    c_kind.expect("present"),
                    format!(
                        "unknown kind `{k}`{}",
                        did_you_mean(k, ActionKind::ALL.map(ActionKind::as_str))
                    ),
                )
            })?,
        };
        let codes = |col: Option<usize>| -> Result<Vec<String>> {
            let Some(col) = col else {
                return Ok(Vec::new());
            };
            let text = row.get(col).trim();
            if matches!(text, "" | "none" | "unknown") {
                return Ok(Vec::new());
            }
            split_list(text)
                .iter()
                .map(|c| member_code(world, &row, col, c))
                .collect()
        };
        let sponsors = codes(c_sponsors)?;
        let targets = codes(c_targets)?;
        // The alignment score as the model computes it for any draft (`Support`).
        let w = window.window_for(year, world);
        if !graphs.contains_key(&w) {
            graphs.insert(w.clone(), world.alignment_graph(Some(&w))?);
        }
        let spec = DraftSpec {
            id: row.get(c_id).trim().to_string(),
            year,
            sponsors: sponsors.clone(),
            targets: targets.clone(),
            kind,
            atrocity: false,
            origin: format!("{}:{}", table.file, row.line()),
            notes: Vec::new(),
        };
        let score = Support::new(world, &graphs[&w], &params, &spec).score;
        let mut casts = Vec::new();
        let mut lines = Vec::new();
        let mut not_voting = Vec::new();
        for (col, vote) in lists {
            for code in split_list(row.get(col)) {
                let code = member_code(world, &row, col, &code)?;
                casts.push(Cast {
                    s: world.state_index(&code).map_or(0.0, |i| score[i]),
                    sponsor: sponsors.contains(&code),
                    target: targets.contains(&code),
                    permanent: P5.contains(&code.as_str()),
                    code,
                    member: None,
                    vote,
                });
                lines.push(row.line());
                not_voting.push(vote.is_none());
            }
        }
        if casts.is_empty() {
            // Many early drafts have no recorded tally: nothing to predict or score.
            untallied += 1;
            continue;
        }
        out.push(ReadRoll {
            roll: Roll {
                id: row.get(c_id).trim().to_string(),
                date,
                year,
                fate,
                kind,
                quota: quota(year),
                casts,
            },
            lines,
            not_voting,
        });
    }
    Ok((out, untallied))
}

/// Reads a votes file and predicts every row with the pooled model fitted on the world's votes
/// dated up to `until`.
///
/// # Errors
/// [`Error::Input`] with file, line, column and key: an empty file, a header of neither layout,
/// a missing column, an unknown member code (the nearest is suggested), a bad date or vote.
/// [`Error::Usage`] when no vote of the world is dated up to `until`.
pub fn predict_file(world: &World, path: &Path, until: Option<&str>) -> Result<Prediction> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::input(
            Place::file(&file),
            format!("cannot read the votes file: {e}"),
        )
    })?;
    if text.trim().is_empty() {
        return Err(Error::input(
            Place::file(&file).at(1, 1),
            "empty file: expected a header row and at least one vote",
        ));
    }
    let table = CsvTable::parse(&text, &file)?;
    let has = |h: &str| table.headers.iter().any(|x| x == h);
    let (layout, (read, untallied)) = if has("ms_code") || has("ms_vote") {
        ("adopted-votes", (read_adopted(world, &table)?, 0))
    } else if has("outcome") || has("yes") {
        ("drafts", read_drafts(world, &table)?)
    } else {
        return Err(Error::input(
            Place::file(&file).at(1, 1),
            format!(
                "unrecognised header `{}`: expected the adopted-votes layout (resolution, date, ms_code, ms_vote, description) or the drafts layout (id, date, outcome, yes, no, abstain, absent)",
                table.headers.join(",")
            ),
        ));
    };
    if read.is_empty() {
        let what = if untallied > 0 {
            "no row lists a member's vote: expected at least one member in `yes`, `abstain`, `no` or `absent`"
        } else {
            "no rows: expected at least one vote after the header"
        };
        return Err(Error::input(Place::file(&file).at(2, 1), what));
    }
    let all = PooledData::of_world(world)?;
    let train = match until {
        Some(u) => all.subset(|r| r.date.as_str() <= u),
        None => all,
    };
    if train.votes() == 0 {
        let first = world
            .adopted
            .iter()
            .map(|r| r.date.as_str())
            .chain(world.drafts.iter().map(|d| d.date.as_str()))
            .min()
            .unwrap_or("none");
        return Err(Error::Usage(format!(
            "`--until {}`: no recorded Council vote is dated up to it (the first is dated {first})",
            until.unwrap_or_default()
        )));
    }
    let model = fit(&train, Priors::default());
    let mut prediction = predictions(&model, &file, layout, until, read);
    prediction.untallied = untallied;
    Ok(prediction)
}

fn predictions(
    model: &PooledFit,
    file: &str,
    layout: &str,
    until: Option<&str>,
    read: Vec<ReadRoll>,
) -> Prediction {
    let gh = crate::engine::GaussHermite::new(FORECAST_NODES);
    let mut votes = Vec::new();
    let (mut scored, mut loss) = (0usize, 0.0);
    let mut finite = true;
    for r in read {
        let roll = &r.roll;
        // Conditioning on the fate needs every seated member's vote (or recorded non-vote): a
        // roll listing only some members cannot reach the quota, and its fate would be
        // impossible.
        let complete = roll.casts.len() == seats(roll.year)
            && r.not_voting
                .iter()
                .zip(&roll.casts)
                .all(|(absent, c)| c.vote.is_some() || *absent);
        let conditioned = complete.then(|| {
            let event = match roll.fate {
                Fate::Adopted => Event::Adopted,
                Fate::Vetoed => Event::Vetoed,
                Fate::Failed => Event::Failed,
            };
            forecast(model, roll, event, &gh).votes
        });
        for (i, cast) in roll.casts.iter().enumerate() {
            let not_voting = r.not_voting[i];
            let p = match &conditioned {
                Some(v) if cast.vote.is_some() => v[i],
                _ => model.marginal(roll, cast),
            };
            if let Some(v) = cast.vote {
                scored += 1;
                if p[v as usize] > 0.0 {
                    loss -= p[v as usize].ln();
                } else {
                    finite = false;
                }
            }
            votes.push(PredictedVote {
                line: r.lines[i],
                roll: roll.id.clone(),
                date: roll.date.clone(),
                fate: roll.fate,
                kind: roll.kind,
                member: cast.code.clone(),
                vote: vote_name(cast.vote, not_voting),
                p_yes: p[0],
                p_abstain: p[1],
                p_no: p[2],
                given_fate: conditioned.is_some(),
            });
        }
    }
    Prediction {
        file: file.to_string(),
        layout: layout.to_string(),
        until: until.map(str::to_string),
        fit_rolls: model.rolls,
        fit_votes: model.votes,
        votes,
        scored,
        log_loss: (finite && scored > 0).then(|| loss / scored as f64),
        untallied: 0,
    }
}
