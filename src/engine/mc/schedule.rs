//! Scheduling: the trials cut into work units of [`BLOCK`] trials, each on its own stream,
//! run in parallel and their integer counts added.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::sample::{Unit, Worker};
use super::{BLOCK, McConfig, Tally};
use crate::engine::assembly::{AssemblyTable, plan_tables};
use crate::engine::plan::Plan;
use crate::random::{Stream, Words};

/// Runs every plan for `config.trials` trials on the current rayon pool; `progress` is called
/// with the trials of each finished unit.
///
/// # Complexity
/// O(trials · (seats + rules)) per plan, plus, for each override rule, the Assembly's table
/// (a few hundred exact distributions of the outside states' balance, more for more trials)
/// and O(states) for each trial of a drawn-seat override rule that needs the Assembly; memory
/// O(states · rules) plus the tables, independent of the number of trials.
pub fn simulate(plans: &[Plan], config: McConfig, progress: &(dyn Fn(u64) + Sync)) -> Vec<Tally> {
    let ids: Vec<u64> = (0..plans.len() as u64).collect();
    schedule(plans, &ids, config, None, progress)
}

/// Units run per plan between two checks of [`simulate_to_error`] (524,288 trials).
pub const ROUND_UNITS: u64 = 8;

/// [`simulate`], but each plan stops after the first round of [`ROUND_UNITS`] units at which
/// every rule's standard error of P(adopted), `sqrt(p (1 - p) / n)`, is at most `std_error`;
/// never beyond `config.trials`. Rounds are checked in order and units keep their streams, so
/// the counts do not depend on the threads, and a plan that runs all its trials gets exactly
/// what [`simulate`] gives.
pub fn simulate_to_error(
    plans: &[Plan],
    config: McConfig,
    std_error: f64,
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<Tally> {
    let ids: Vec<u64> = (0..plans.len() as u64).collect();
    schedule(plans, &ids, config, Some(std_error), progress)
}

/// The engine's one scheduler, which `simulate`, `simulate_to_error`, the flows' votes and
/// `compare` share: plan `d` runs its units `k` on stream [`Stream::Trial`]` { plan: ids[d],
/// unit: k }`, in rounds (all its units at once, or [`ROUND_UNITS`] at a time when a standard
/// error is asked for, after which a plan whose every rule has reached it stops).
///
/// Within a round, units are shared among the threads as they free up. The counts are
/// integers, so their sums do not depend on the order in which units finish or are combined;
/// each thread keeps one running total, so memory stays flat.
pub fn schedule(
    plans: &[Plan],
    ids: &[u64],
    config: McConfig,
    std_error: Option<f64>,
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<Tally> {
    let tables: Vec<Vec<Option<AssemblyTable>>> = plans
        .par_iter()
        .map(|p| plan_tables(p, config.trials))
        .collect();
    let blocks = config.trials.div_ceil(BLOCK);
    let round = if std_error.is_some() {
        ROUND_UNITS
    } else {
        blocks.max(1)
    };
    let zero = || -> Vec<Tally> {
        plans
            .iter()
            .map(|p| Tally::zero(p, config.detail))
            .collect()
    };
    let mut totals = zero();
    let mut active: Vec<usize> = (0..plans.len()).collect();
    let mut next = 0;
    while !active.is_empty() && next < blocks {
        let end = (next + round).min(blocks);
        let work: Vec<(usize, u64)> = active
            .iter()
            .flat_map(|&d| (next..end).map(move |k| (d, k)))
            .collect();
        // panic_fuse: a unit that unwinds (a cancelled run, see `api::Progress::cancelled`)
        // stops the units not yet started instead of leaving them to run.
        let done = work
            .par_iter()
            .panic_fuse()
            .fold(zero, |mut sums, &(d, k)| {
                let n = BLOCK.min(config.trials - k * BLOCK);
                let stream = Stream::Trial {
                    plan: ids[d],
                    unit: k,
                };
                let tally = run_unit(
                    &plans[d],
                    &tables[d],
                    config.seed,
                    stream.number(),
                    n,
                    config.detail,
                );
                progress(n);
                sums[d].add(&tally);
                sums
            })
            .reduce(zero, |mut a, b| {
                a.iter_mut().zip(&b).for_each(|(x, y)| x.add(y));
                a
            });
        totals.iter_mut().zip(&done).for_each(|(x, y)| x.add(y));
        next = end;
        if let Some(target) = std_error {
            active.retain(|&d| {
                let t = &totals[d];
                let n = t.trials as f64;
                t.rules.iter().any(|r| {
                    let p = r.adopted as f64 / n;
                    (p * (1.0 - p) / n).sqrt() > target
                })
            });
        }
    }
    totals
}

/// Runs `trials` trials of one work unit (stream `stream`) and returns its counts; `tables`
/// are the plan's Assembly tables ([`plan_tables`]).
pub fn run_unit(
    plan: &Plan,
    tables: &[Option<AssemblyTable>],
    seed: u64,
    stream: u64,
    trials: u64,
    detail: bool,
) -> Tally {
    run_worker(
        Worker::new(plan, detail),
        (plan, tables),
        seed,
        stream,
        trials,
    )
}

/// [`run_unit`] with a given worker (whose batch size the tests can choose).
pub(super) fn run_worker(
    mut w: Worker,
    (plan, tables): (&Plan, &[Option<AssemblyTable>]),
    seed: u64,
    stream: u64,
    trials: u64,
) -> Tally {
    let mut words = Words::new(seed, stream, w.run_len);
    let mut assembly_rng = ChaCha8Rng::seed_from_u64(seed);
    assembly_rng.set_stream(Stream::Assembly { trial: stream }.number());
    let mut tally = Tally::zero(plan, w.detail);
    let mut unit = Unit {
        plan,
        tables,
        words: &mut words,
        arng: &mut assembly_rng,
        tally: &mut tally,
    };
    w.run(&mut unit, trials);
    tally.trials = trials;
    tally
}
