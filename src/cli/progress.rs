//! Progress on standard error for the commands that can take more than a second: one bar
//! whose phases (simulated votes, flow trials, replayed drafts, fits) follow one another,
//! hidden when standard error is not a terminal or with `-q`.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::flows::run::Step;

/// A bar that shows each phase of a long command in turn.
pub(crate) struct PhaseBar {
    bar: ProgressBar,
}

impl PhaseBar {
    /// A bar on standard error, hidden with `quiet` or when standard error is not a terminal.
    pub(crate) fn new(quiet: bool) -> PhaseBar {
        if quiet || !std::io::stderr().is_terminal() {
            return PhaseBar {
                bar: ProgressBar::hidden(),
            };
        }
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {msg:>7} {elapsed_precise} [{bar:40}] {percent:>3}%, eta {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        PhaseBar { bar }
    }

    /// Starts a phase of `total` units of work.
    pub(crate) fn phase(&self, name: &'static str, total: u64) {
        self.bar.set_message(name);
        self.bar.set_length(total);
        self.bar.set_position(0);
    }

    /// `n` units of the current phase done.
    pub(crate) fn inc(&self, n: u64) {
        self.bar.inc(n);
    }

    /// Follows an estimate's steps.
    pub(crate) fn step(&self, step: Step) {
        match step {
            Step::Phase { name, total } => self.phase(name, total),
            Step::Done(n) => self.inc(n),
        }
    }

    /// Clears the bar.
    pub(crate) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
