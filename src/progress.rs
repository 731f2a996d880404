//! Progress of long runs (votes, flow trials, the data build): the steps a computation reports
//! so that the command line can draw its bars. It sits at the floor, so any module that
//! computes can report without importing the ones above it.

/// What a long run reports as it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// A phase begins, with its amount of work (simulated votes, flow trials or tables built).
    Phase {
        /// `votes`, `flows` or `tables`.
        name: &'static str,
        /// Units of work in the phase.
        total: u64,
    },
    /// Units of work done in the current phase.
    Done(u64),
}
