//! Stopping a long computation on request: a [`Progress`] whose `cancelled` turns true ends
//! the work at the next unit boundary where the engine reports progress, with
//! [`Error::Interrupted`].
//!
//! The engine's parallel loops report progress through plain callbacks and know nothing of
//! cancelling. The callback therefore unwinds with a private marker (`resume_unwind`, which
//! prints nothing), rayon carries it out of its worker threads, and [`interruptible`] turns it
//! back into an error. A progress observer that never cancels (the command line's bars) leaves
//! every path as it was.

use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};

use super::Progress;
use crate::error::{Error, Result};

/// The payload unwound when a computation is cancelled.
struct Cancelled;

/// Stops the computation that reports to `progress` if its observer asks to.
pub(super) fn stop_if_cancelled(progress: &dyn Progress) {
    if progress.cancelled() {
        resume_unwind(Box::new(Cancelled));
    }
}

/// Runs `work`, turning a cancellation inside it into [`Error::Interrupted`]; any real panic
/// goes on unwinding unchanged.
pub(super) fn interruptible<T>(work: impl FnOnce() -> Result<T>) -> Result<T> {
    match catch_unwind(AssertUnwindSafe(work)) {
        Ok(result) => result,
        Err(payload) if payload.is::<Cancelled>() => Err(Error::Interrupted),
        Err(payload) => resume_unwind(payload),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU64, Ordering};

    use super::*;
    use crate::api::{CompareOptions, compare};
    use crate::rules::catalog;
    use crate::vote::DraftSpec;
    use crate::world::World;

    /// Cancels once `after` units are reported.
    struct StopAfter {
        done: AtomicU64,
        after: u64,
    }

    impl Progress for StopAfter {
        fn inc(&self, n: u64) {
            self.done.fetch_add(n, Ordering::Relaxed);
        }
        fn cancelled(&self) -> bool {
            self.done.load(Ordering::Relaxed) >= self.after
        }
    }

    #[test]
    fn a_cancelled_comparison_stops_early_with_interrupted() {
        let world = World::embedded().unwrap();
        let codes = world.state_codes();
        let rules = vec![catalog::reform("present", &codes).unwrap()];
        let draft = DraftSpec::from_record(world, "S/2011/612").unwrap();
        let mut options = CompareOptions::new(rules, draft).unwrap();
        options.trials = 50_000_000;
        let progress = StopAfter {
            done: AtomicU64::new(0),
            after: 1,
        };
        let result = compare(world, &options, &progress);
        assert!(matches!(result, Err(Error::Interrupted)), "{result:?}");
        // Each thread finishes at most the unit it was running.
        let done = progress.done.load(Ordering::Relaxed);
        assert!(
            done < options.trials / 10,
            "ran {done} trials after the cancel"
        );
    }

    #[test]
    fn a_progress_that_never_cancels_runs_everything() {
        let result = interruptible(|| {
            stop_if_cancelled(&());
            Ok(7)
        });
        assert_eq!(result.unwrap(), 7);
    }
}
