//! The one decision of adoption: whether a draft of the record is adopted under a rule.
//!
//! Every figure about a recorded draft goes through [`decide`]: the replay's tables, and the
//! adoption behind the refugees and battle deaths that `flows`, `run`'s history section,
//! `sweep` and `distribute --averted` report. It decides
//!
//! 1. **by the record** where the record decides ([`super::record::judge`]: the rule applied
//!    to the recorded votes, or to the nine yes votes a recorded veto implies), with
//!    probability 1 or 0;
//! 2. otherwise **by the vote model conditional on the recorded votes** ([`super::model`]),
//!    where the world has the Council of the draft's year: a probability with its Wilson
//!    interval, from `trials` simulated votes on the cell's own random stream
//!    ([`super::model::stream`]), so the same draft and rule give the same number whichever
//!    command asks, whichever other drafts or rules are asked with it;
//! 3. otherwise it says the outcome is **unknown** rather than guess: a draft older than the
//!    world's Council membership whose record does not decide, or a raw-data row whose vote is
//!    not identified (flag `unresolved`).

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::model::{self, DraftModel};
use super::record::{RecordedCouncil, Verdict, judge};
use crate::engine::{Estimate, GaussHermite, NODES};
use crate::error::{Error, Result};
use crate::rules::Rule;
use crate::vote::ModelParams;
use crate::world::{AlignmentGraph, Atrocity, Draft, WindowChoice, World};

/// The standard error at which a drawn-seat rule's sampled seatings stop.
pub const SEATING_STD_ERROR: f64 = 5e-4;

/// One draft under one rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "basis", rename_all = "lowercase")]
pub enum Judgement {
    /// Decided by the recorded vote.
    Recorded {
        /// Whether the rule adopts the draft.
        adopted: bool,
        /// Why, in words.
        reason: String,
    },
    /// A probability from the vote model, conditional on the recorded votes.
    Modelled {
        /// Probability of adoption: exact where the rule's seating is fixed, else counted over
        /// Monte Carlo trials with its Wilson 95% interval.
        adoption: Estimate,
        /// What the record lacks.
        reason: String,
    },
    /// Not decided by the record, and not modelled (no Council membership for the year, or
    /// a record whose vote is not identified).
    Unknown {
        /// Why.
        reason: String,
    },
}

impl Judgement {
    /// `recorded`, `modelled` or `unknown`.
    pub fn basis(&self) -> &'static str {
        match self {
            Judgement::Recorded { .. } => "recorded",
            Judgement::Modelled { .. } => "modelled",
            Judgement::Unknown { .. } => "unknown",
        }
    }

    /// A short cell: `yes`, `no`, `0.42 m` or `?`.
    pub fn short(&self) -> String {
        match self {
            Judgement::Recorded { adopted: true, .. } => "yes".into(),
            Judgement::Recorded { adopted: false, .. } => "no".into(),
            Judgement::Modelled { adoption, .. } => format!("{:.2} m", adoption.estimate),
            Judgement::Unknown { .. } => "?".into(),
        }
    }

    /// The reason, in words.
    pub fn reason(&self) -> &str {
        match self {
            Judgement::Recorded { reason, .. }
            | Judgement::Modelled { reason, .. }
            | Judgement::Unknown { reason } => reason,
        }
    }

    /// The probability of adoption: 1 or 0 on the record, the model's estimate, or `None`
    /// where it is unknown.
    pub fn probability(&self) -> Option<f64> {
        match self {
            Judgement::Recorded { adopted, .. } => Some(if *adopted { 1.0 } else { 0.0 }),
            Judgement::Modelled { adoption, .. } => Some(adoption.estimate),
            Judgement::Unknown { .. } => None,
        }
    }
}

/// What [`decide`] reports as it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tick {
    /// The number of simulated votes the modelled cells will take (sent once, first).
    Total(u64),
    /// Simulated votes done.
    Done(u64),
}

/// How modelled cells are computed.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision<'a> {
    /// The vote model's parameters.
    pub params: &'a ModelParams,
    /// The alignment windows of the vote model.
    pub window: &'a WindowChoice,
    /// Simulated votes per modelled cell.
    pub trials: u64,
    /// The master seed.
    pub seed: u64,
}

/// Whether restraint can apply to a draft: annotated as addressing mass atrocities.
pub fn is_atrocity(d: &Draft) -> bool {
    d.annotation
        .as_ref()
        .is_some_and(|a| a.atrocity == Atrocity::Yes)
}

/// The first year of Council membership the world knows: the first year whose drafts the
/// model can seat (the embedded world has Councils 1990–2026).
pub fn first_council_year(world: &World) -> i32 {
    world.councils.first().map_or(i32::MAX, |c| c.year)
}

/// The judgement of every draft of `drafts` (indices into the world's record) under every rule
/// of `rules`: one row per draft, one cell per rule, in the given orders.
///
/// A cell's figure depends only on the draft, the rule, the model, the window, the trials and
/// the seed — not on the other drafts or rules asked for, nor on the number of threads.
///
/// # Complexity
/// O(drafts · rules · seats) for the recorded judgements, plus O(trials · seats) per modelled
/// cell (O(trials · states) where the Assembly votes), spread over the rayon pool.
///
/// # Errors
/// Zero trials, an index outside the record, an unknown alignment window, or a rule that
/// cannot be seated on a year's Council.
pub fn decide(
    world: &World,
    drafts: &[usize],
    rules: &[Rule],
    how: &Decision<'_>,
    progress: &(dyn Fn(Tick) + Sync),
) -> Result<Vec<Vec<Judgement>>> {
    if how.trials == 0 {
        return Err(Error::Usage("--trials must be at least 1".into()));
    }
    let first_year = first_council_year(world);
    let mut rows: Vec<Vec<Option<Judgement>>> = Vec::with_capacity(drafts.len());
    let mut records: Vec<Option<RecordedCouncil>> = Vec::with_capacity(drafts.len());
    // (row, rule, what the record lacks)
    let mut tasks: Vec<(usize, usize, String)> = Vec::new();
    for (row, &index) in drafts.iter().enumerate() {
        let d = world.drafts.get(index).ok_or_else(|| {
            Error::Runtime(format!(
                "draft index {index} is outside the record of {} drafts",
                world.drafts.len()
            ))
        })?;
        if d.unresolved() {
            let reason = "a raw-data row whose vote is not identified (flag `unresolved`): what was voted on is not known".to_string();
            rows.push(
                rules
                    .iter()
                    .map(|_| {
                        Some(Judgement::Unknown {
                            reason: reason.clone(),
                        })
                    })
                    .collect(),
            );
            records.push(None);
            continue;
        }
        let rec = RecordedCouncil::from_draft(world, d);
        let atrocity = is_atrocity(d);
        let mut cells = Vec::with_capacity(rules.len());
        for (r, rule) in rules.iter().enumerate() {
            cells.push(match judge(&rec, rule, atrocity) {
                Verdict::Adopted(reason) => Some(Judgement::Recorded {
                    adopted: true,
                    reason,
                }),
                Verdict::NotAdopted(reason) => Some(Judgement::Recorded {
                    adopted: false,
                    reason,
                }),
                Verdict::Open(missing) => {
                    let missing = missing.join("; ");
                    if d.year >= first_year && world.council(d.year).is_some() {
                        tasks.push((row, r, missing));
                        None
                    } else {
                        Some(Judgement::Unknown {
                            reason: format!(
                                "the record does not decide ({missing}) and the world has no Council membership for {} to model it",
                                d.year
                            ),
                        })
                    }
                }
            });
        }
        rows.push(cells);
        records.push(Some(rec));
    }

    progress(Tick::Total(how.trials * tasks.len() as u64));
    // The model of each draft with a modelled cell, shared by its rules.
    let gh = GaussHermite::new(NODES);
    let mut models: BTreeMap<usize, DraftModel> = BTreeMap::new();
    let mut graphs: BTreeMap<String, AlignmentGraph> = BTreeMap::new();
    for &(row, _, _) in &tasks {
        if models.contains_key(&row) {
            continue;
        }
        let d = &world.drafts[drafts[row]];
        let window = how.window.window_for(d.year, world);
        if !graphs.contains_key(&window) {
            let graph = world.alignment_graph(Some(&window))?;
            graphs.insert(window.clone(), graph);
        }
        let rec = records[row]
            .as_ref()
            .expect("modelled drafts have a record");
        let dm = DraftModel::new(world, &graphs[&window], how.params, d, rec, &gh)?;
        models.insert(row, dm);
    }
    // panic_fuse: a cancelled estimate stops the cells not yet started.
    let results: Vec<Result<Estimate>> = tasks
        .par_iter()
        .panic_fuse()
        .map(|(row, r, _)| {
            let index = drafts[*row];
            let d = &world.drafts[index];
            let rule = &rules[*r];
            let council = world
                .council(d.year)
                .ok_or_else(|| Error::Runtime(format!("no Council for {}", d.year)))?;
            // Exact where the seating is fixed; where seats are drawn, exact per sampled
            // seating, the seatings (at most the trials) drawn until the standard error is at
            // most SEATING_STD_ERROR.
            let dm = &models[row];
            let p = model::exact_first(
                world,
                how.params,
                dm,
                rule,
                council,
                (SEATING_STD_ERROR, how.trials),
                how.seed,
                model::stream(index, &rule.name),
            )?;
            progress(Tick::Done(how.trials));
            Ok(p)
        })
        .collect();
    for ((row, r, missing), result) in tasks.iter().zip(results) {
        let adoption = result?;
        let dm = &models[row];
        let mut reason = format!("the record lacks {missing}");
        if dm.conditioned_on > 0 {
            reason.push_str(&format!(
                "; conditional on {} recorded vote(s)",
                dm.conditioned_on
            ));
        }
        if !dm.spec.notes.is_empty() {
            reason.push_str(&format!("; {}", dm.spec.notes.join("; ")));
        }
        rows[*row][*r] = Some(Judgement::Modelled { adoption, reason });
    }
    Ok(rows
        .into_iter()
        .map(|cells| {
            cells
                .into_iter()
                .map(|c| c.expect("every cell is judged"))
                .collect()
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::catalog;

    fn index_of(world: &World, id: &str) -> usize {
        world.drafts.iter().position(|d| d.id == id).unwrap()
    }

    #[test]
    fn a_cell_does_not_depend_on_what_else_is_asked() {
        let world = World::embedded().unwrap();
        let params = ModelParams::embedded().unwrap();
        let codes = world.state_codes();
        let g4 = catalog::reform("g4", &codes).unwrap();
        let override_ = catalog::reform("assembly-override", &codes).unwrap();
        let how = Decision {
            params: &params,
            window: &WindowChoice::Era,
            trials: 2000,
            seed: 1,
        };
        let a = index_of(world, "S/2011/612");
        let b = index_of(world, "S/2018/355");
        let alone = decide(world, &[b], std::slice::from_ref(&g4), &how, &|_| ()).unwrap();
        let together = decide(world, &[a, b], &[override_, g4], &how, &|_| ()).unwrap();
        assert_eq!(alone[0][0], together[1][1]);
    }

    #[test]
    fn zero_trials_is_refused() {
        let world = World::embedded().unwrap();
        let params = ModelParams::embedded().unwrap();
        let how = Decision {
            params: &params,
            window: &WindowChoice::Era,
            trials: 0,
            seed: 1,
        };
        assert!(decide(world, &[0], &[], &how, &|_| ()).is_err());
    }
}
