//! Progress bars on standard error implementing [`Progress`] (indicatif), for any front end
//! of the library: one bar whose phases (simulated votes, flow trials, replayed drafts, fits)
//! follow one another, a bar of trials, and a bar of sweep cells; each hidden when standard
//! error is not a terminal or when asked to be quiet.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Progress;

/// A progress bar on standard error for `total` trials, hidden when stderr is not a terminal,
/// with `quiet`, or when the run is short.
pub fn trials_bar(total: u64, quiet: bool) -> ProgressBar {
    if quiet || total < 2_000_000 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {elapsed_precise} [{bar:40}] {percent}% trials, eta {eta}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar
}

/// A bar that shows each phase of a long command in turn.
pub struct PhaseBar {
    bar: ProgressBar,
}

impl PhaseBar {
    /// A bar on standard error, hidden with `quiet` or when standard error is not a terminal.
    pub fn new(quiet: bool) -> PhaseBar {
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

    /// A spinner on standard error with `message`, for work whose amount is not known in
    /// advance (a model fit, a replay); hidden as [`PhaseBar::new`] is.
    pub fn spinner(quiet: bool, message: &'static str) -> PhaseBar {
        if quiet || !std::io::stderr().is_terminal() {
            return PhaseBar {
                bar: ProgressBar::hidden(),
            };
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} {elapsed_precise}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message(message);
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        PhaseBar { bar }
    }

    /// Starts a phase of `total` units of work.
    pub fn phase(&self, name: &'static str, total: u64) {
        self.bar.set_message(name);
        self.bar.set_length(total);
        self.bar.set_position(0);
    }

    /// `n` units of the current phase done.
    pub fn inc(&self, n: u64) {
        self.bar.inc(n);
    }

    /// Clears the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for PhaseBar {
    fn phase(&self, name: &'static str, total: u64) {
        PhaseBar::phase(self, name, total);
    }
    fn inc(&self, n: u64) {
        PhaseBar::inc(self, n);
    }
}

/// A plain bar of trials ([`trials_bar`]): its length is set when made, so phases are not shown.
impl Progress for ProgressBar {
    fn inc(&self, n: u64) {
        ProgressBar::inc(self, n);
    }
}

/// A bar over the `total` cells of a sweep, `done` of them already run, on standard error;
/// hidden off a terminal or with `quiet`.
pub fn cells_bar(total: u64, done: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {elapsed_precise} [{bar:40}] {pos}/{len} cells, {per_sec}, eta {eta}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar.set_position(done);
    bar.reset_eta();
    bar
}
