//! `veto-sim list reforms|states|councils|drafts|conflicts`, `veto-sim show
//! reform|state|draft|conflict ID` and `veto-sim data build`: the flags checked and handed to
//! [`crate::api::world`]; [`crate::report::world`] renders the result.
//!
//! Filters that do not apply to what is listed are refused rather than silently ignored.

use std::path::Path;

use super::{ListFilters, ListWhat, OutputArgs, ShowWhat};
use crate::api::PhaseBar;
use crate::api::world as listing;
use crate::databuild::BuildOptions;
use crate::error::{Error, Result};
use crate::report::emit;
use crate::world::{FilterArgs, World};

/// Refuses the filters given that `list WHAT` does not read.
///
/// # Errors
/// [`Error::Usage`] naming the flag, or `--year` given with `--since`/`--until`.
pub(crate) fn check_filters(what: &str, f: &ListFilters, allowed: &[&str]) -> Result<()> {
    let given = [
        ("year", f.year.is_some()),
        ("since", f.since.is_some()),
        ("until", f.until.is_some()),
        ("vetoed-by", f.vetoed_by.is_some()),
        ("group", f.group.is_some()),
        ("topic", f.topic.is_some()),
        ("kind", f.kind.is_some()),
        ("outcome", f.outcome.is_some()),
        ("window", f.window.is_some()),
    ];
    for (flag, set) in given {
        if set && !allowed.contains(&flag) {
            return Err(Error::Usage(format!(
                "`--{flag}` does not apply to `list {what}`"
            )));
        }
    }
    if f.year.is_some() && (f.since.is_some() || f.until.is_some()) {
        return Err(Error::Usage(
            "give either `--year` or `--since`/`--until`, not both".into(),
        ));
    }
    Ok(())
}

/// Lists the catalog's reforms, or the world's states, councils, drafts or conflicts.
///
/// # Errors
/// A filter that does not apply or does not parse, an unknown group, member, kind or window
/// (exit code 2); a failed write.
pub fn list(world: &World, what: ListWhat, f: &ListFilters, output: &OutputArgs) -> Result<()> {
    let (since, until) = (f.since.as_deref(), f.until.as_deref());
    match what {
        ListWhat::Reforms => {
            check_filters("reforms", f, &[])?;
            output.emit(&listing::list_reforms(world)?)
        }
        ListWhat::States => {
            check_filters("states", f, &["group", "window"])?;
            let states = listing::list_states(world, f.group.as_deref(), f.window.as_deref())?;
            output.emit(&states)
        }
        ListWhat::Councils => {
            check_filters("councils", f, &["year", "since", "until", "group"])?;
            let councils = listing::list_councils(world, f.year, since, until, f.group.as_deref())?;
            output.emit(&councils)
        }
        ListWhat::Drafts => {
            let allowed = [
                "year",
                "since",
                "until",
                "vetoed-by",
                "topic",
                "kind",
                "outcome",
            ];
            check_filters("drafts", f, &allowed)?;
            let args = FilterArgs {
                since,
                until,
                vetoed_by: f.vetoed_by.as_deref(),
                topic: f.topic.as_deref(),
                kind: f.kind.as_deref(),
                outcome: f.outcome.as_deref(),
            };
            output.emit(&listing::list_drafts(world, f.year, args)?)
        }
        ListWhat::Conflicts => {
            check_filters("conflicts", f, &["year", "since", "until"])?;
            output.emit(&listing::list_conflicts(world, f.year, since, until)?)
        }
    }
}

/// Shows one reform, state, draft or conflict.
///
/// # Errors
/// An unknown id, with the nearest one suggested (exit code 2); a failed write.
pub fn show(world: &World, what: ShowWhat, id: &str, output: &OutputArgs) -> Result<()> {
    match what {
        ShowWhat::Reform => output.emit(&listing::show_reform(world, id)?),
        ShowWhat::State => output.emit(&listing::show_state(world, id)?),
        ShowWhat::Draft => output.emit(&listing::show_draft(world, id)?),
        ShowWhat::Conflict => output.emit(&listing::show_conflict(world, id)?),
    }
}

/// Builds the world's tables from the raw files in `from` and the curated files in `curated`
/// into `out`, with extra alignment `windows`; prints what it wrote, and (unless `quiet`) a
/// progress bar and the warnings on stderr.
///
/// # Errors
/// A missing or malformed raw or curated file, or data that fail a check (exit code 2, with
/// the file, line and key); a failed write (exit code 1).
pub fn data_build(
    from: &Path,
    out: &Path,
    curated: &Path,
    windows: &[String],
    allow_missing: bool,
    quiet: bool,
) -> Result<()> {
    let bar = PhaseBar::new(quiet);
    let options = BuildOptions {
        from: from.to_path_buf(),
        curated: curated.to_path_buf(),
        windows: windows.to_vec(),
        allow_missing,
    };
    let build = listing::data_build(&options, out, &bar);
    bar.finish();
    let build = build?;
    // The warnings are also listed in the README.md written with the tables.
    if !quiet {
        for w in &build.warnings {
            eprintln!("warning: {w}");
        }
    }
    emit(None, &build.summary())
}
