"""veto_sim: what would reforming the UN Security Council veto change?

The veto-sim library in Python. Each function mirrors a command of the ``veto-sim`` program
and takes its options as keyword arguments (``--vote-trials`` is ``vote_trials=``); it
returns a :class:`Result` whose tables are pandas DataFrames with the CSV output's columns,
whose ``meta`` holds the run's provenance, and whose ``to_json()`` is the command's JSON byte
for byte. Rules, drafts, scenarios and sweeps are given by catalog name, by path, as a YAML
string or as a dict. Errors raise the exceptions of :mod:`veto_sim.errors`. Long calls
release the GIL, show a progress bar (none with ``quiet=True``) and stop on Ctrl-C.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

import pandas as pd

from . import _veto_sim
from ._progress import Bar
from ._result import Result, read_csv_text
from .errors import Error, InputError, IoError, RuntimeFailure, UsageError

__version__ = _veto_sim.version()

__all__ = [
    "Error",
    "InputError",
    "IoError",
    "Result",
    "RuntimeFailure",
    "UsageError",
    "calibrate_votes",
    "compare",
    "distribute",
    "flows",
    "load_sweep",
    "power",
    "predict_votes",
    "replay",
    "run",
    "sweep",
]

PathLike = Union[str, "os.PathLike[str]"]
Source = Union[str, "os.PathLike[str]", Mapping[str, Any]]

# The rules `veto-sim compare` compares when --reforms is not given.
DEFAULT_COMPARE_REFORMS = ("present", "abolish-veto", "two-negatives", "restraint",
                           "assembly-override", "g4")


def _source(value: Source, what: str) -> tuple[bool, str, str]:
    """(is_text, value, label): a dict becomes YAML text (JSON is YAML) labelled `<dict>`; a
    string holding YAML (a line break, or `key: value`) that is not an existing path becomes
    text labelled `<yaml>`; anything else is a name or a path, as on the command line."""
    if isinstance(value, Mapping):
        return True, json.dumps(value, indent=2, ensure_ascii=False) + "\n", "<dict>"
    if isinstance(value, os.PathLike):
        return False, os.fspath(value), ""
    if isinstance(value, str):
        looks_like_yaml = "\n" in value or ": " in value or value.lstrip().startswith("{")
        if looks_like_yaml and not os.path.exists(value):
            return True, value, "<yaml>"
        return False, value, ""
    raise UsageError(f"{what} must be a name, a path, a YAML string or a dict, got {type(value).__name__}")


def _sources(values: Union[Source, Iterable[Source], None], what: str) -> Optional[list]:
    """A list of sources; a string is one item (a comma-separated list of names stays one
    item, read as the command line reads `--reforms`)."""
    if values is None:
        return None
    if isinstance(values, (str, Mapping, os.PathLike)):
        return [_source(values, what)]
    return [_source(v, what) for v in values]


def _count(name: str, value: Any, optional: bool = True) -> Optional[int]:
    """A count as the command line reads one: a whole number (`1_000_000`, `1e6`); a fraction
    or a negative number is refused."""
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise UsageError(f"{name} must be a whole number, got {value!r}")
    if isinstance(value, float) and not value.is_integer():
        raise UsageError(f"{name} must be a whole number, got {value!r} (a fraction)")
    if value < 0:
        raise UsageError(f"{name} must not be negative, got {value!r}")
    return int(value)


def _path(value: Optional[PathLike]) -> Optional[str]:
    return None if value is None else os.fspath(value)


def _names(value: Union[str, Sequence[str], None]) -> list[str]:
    """Repeatable or comma-separated names (`--conflict a,b`)."""
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    return [part for item in value for part in item.split(",")]


def power(reform: Optional[str] = None, *, rules: Optional[Source] = None,
          weights: Optional[Source] = None, data: Optional[PathLike] = None) -> Result:
    """Exact Shapley–Shubik, Banzhaf and Coleman indices of a catalog reform (`present` by
    default), a rule (`rules=`: path, YAML string or dict) or a weighted game (`weights=`)."""
    given = sum(x is not None for x in (reform, rules, weights))
    if given > 1:
        raise UsageError("give at most one of reform, rules and weights")
    report = _veto_sim.power(reform, None if rules is None else _source(rules, "rules"),
                             None if weights is None else _source(weights, "weights"),
                             _path(data))
    return Result("power", report)


def compare(draft: Source, *, reforms: Union[Source, Iterable[Source]] = DEFAULT_COMPARE_REFORMS,
            council: Optional[int] = None, trials: int = 100_000, seed: int = 1,
            se: Optional[float] = None, model: Optional[PathLike] = None, window: str = "era",
            threads: Optional[int] = None, quiet: bool = False,
            data: Optional[PathLike] = None) -> Result:
    """Rules side by side on one draft (a record's symbol, a draft spec file, YAML or dict),
    judged on the same simulated votes. Tables: `rules`, `pairs`, `members`."""
    with Bar(quiet) as bar:
        report = _veto_sim.compare(_source(draft, "draft"), _sources(reforms, "reforms"), council,
                                   _count("trials", trials, False), _count("seed", seed, False),
                                   se, _path(model), window, _count("threads", threads),
                                   _path(data), bar.callback)
    return Result("compare", report)


def run(scenario: Optional[Source] = None, *, trials: Optional[int] = None,
        seed: Optional[int] = None, exact: bool = False, mc: bool = False,
        se: Optional[float] = None, no_flows: bool = False, threads: Optional[int] = None,
        quiet: bool = False, data: Optional[PathLike] = None) -> Result:
    """A scenario's drafts under its rules (the default scenario when none is given: a shipped
    name, a file, YAML or a dict), and the refugees each rule would have averted."""
    with Bar(quiet) as bar:
        report = _veto_sim.run(None if scenario is None else _source(scenario, "scenario"),
                               _count("trials", trials), _count("seed", seed), exact, mc, se,
                               no_flows, _count("threads", threads), _path(data), bar.callback)
    return Result("run", report)


def replay(*, reforms: Union[Source, Iterable[Source], None] = None, since: Optional[str] = None,
           until: Optional[str] = None, vetoed_by: Optional[str] = None,
           topic: Optional[str] = None, kind: Optional[str] = None,
           outcome: Optional[str] = None, by: Union[str, Sequence[str], None] = None,
           trials: int = 20_000, seed: int = 1, model: Optional[PathLike] = None,
           window: str = "era", threads: Optional[int] = None, quiet: bool = False,
           data: Optional[PathLike] = None) -> Result:
    """Every vetoed or failed draft of the record judged under each reform (the whole catalog
    by default). `by` chooses the sections of the CSV, Markdown and text output (`totals`,
    `decade`, `vetoer`, `kind`, `topic`, `drafts`, `all`); the default CSV has one row per
    draft and reform."""
    reform_list = None if reforms is None else _sources(
        reforms.split(",") if isinstance(reforms, str) else reforms, "reforms")
    sections = None if by is None else _names(by)
    with Bar(quiet) as bar:
        report = _veto_sim.replay(reform_list or [], since, until, vetoed_by, topic, kind,
                                  outcome, sections, _count("trials", trials, False),
                                  _count("seed", seed, False), _path(model), window,
                                  _count("threads", threads), _path(data), bar.callback)
    return Result("replay", report, sections=sections)


def flows(*, conflict: Union[str, Sequence[str], None] = None,
          reforms: Union[Source, Iterable[Source], None] = None,
          scenario: Optional[Source] = None, trials: int = 100_000,
          vote_trials: Optional[int] = None, seed: int = 1, window: str = "era",
          model: Optional[PathLike] = None, priors: Optional[PathLike] = None,
          by_year: bool = False, threads: Optional[int] = None, quiet: bool = False,
          data: Optional[PathLike] = None) -> Result:
    """Refugees and battle deaths averted per reform had the drafts on each conflict passed;
    one conflict's drafts and years with `conflict=` or a hypothetical one with `scenario=`."""
    conflicts = _names(conflict)
    with Bar(quiet) as bar:
        report = _veto_sim.flows(conflicts, _sources(reforms, "reforms"),
                                 None if scenario is None else _source(scenario, "scenario"),
                                 _count("trials", trials, False), _count("vote_trials", vote_trials),
                                 _count("seed", seed, False), window, _path(model), _path(priors),
                                 by_year, _count("threads", threads), _path(data), bar.callback)
    return Result("flows", report, detailed=bool(conflicts) or scenario is not None)


def distribute(key: str, *, refugees: Optional[float] = None, conflict: Optional[str] = None,
               averted: Optional[str] = None, origin: Optional[str] = None,
               priors: Optional[PathLike] = None, trials: Optional[int] = None,
               seed: Optional[int] = None, threads: Optional[int] = None,
               quiet: bool = False, data: Optional[PathLike] = None) -> Result:
    """Refugees shared among states by a key (`eu`, `un`, `regional`): a number
    (`refugees=`, with `origin=` for the regional key) or a conflict's (`conflict=`, or what
    a reform would have averted there with `averted=`)."""
    if refugees is not None and (isinstance(refugees, bool) or not isinstance(refugees, (int, float))):
        raise UsageError(f"refugees must be a number, got {refugees!r}")
    with Bar(quiet) as bar:
        report = _veto_sim.distribute(key, None if refugees is None else float(refugees),
                                      conflict, averted, origin, _path(priors),
                                      _count("trials", trials), _count("seed", seed),
                                      _count("threads", threads), _path(data), bar.callback)
    return Result("distribute", report)


def calibrate_votes(*, since: Optional[str] = None, until: Optional[str] = None,
                    evaluate_from: Optional[str] = None, window: str = "era", nodes: int = 40,
                    no_cv: bool = False, write_model: Optional[PathLike] = None,
                    threads: Optional[int] = None, quiet: bool = False,
                    data: Optional[PathLike] = None) -> Result:
    """The vote model fitted on the recorded Council votes (and scored on later years with
    `evaluate_from=`); `write_model=` also writes it as a parameter file."""
    with Bar(quiet) as bar:
        report = _veto_sim.calibrate_votes(since, until, evaluate_from, window,
                                           _count("nodes", nodes, False), no_cv,
                                           _path(write_model), _count("threads", threads),
                                           _path(data), bar.callback)
    return Result("calibrate_votes", report)


def predict_votes(votes: PathLike, *, until: Optional[str] = None,
                  threads: Optional[int] = None, quiet: bool = False,
                  data: Optional[PathLike] = None) -> Result:
    """The pooled vote model's probabilities for every row of a file of votes, with the log
    loss over the rows whose vote is known."""
    with Bar(quiet) as bar:
        report = _veto_sim.predict_votes(os.fspath(votes), until, _count("threads", threads),
                                         _path(data), bar.callback)
    return Result("predict_votes", report)


def sweep(sweep: Source, out: PathLike, *, shard: Optional[str] = None, resume: bool = False,
          force: bool = False, trials: Optional[int] = None, seed: Optional[int] = None,
          threads: Optional[int] = None, quiet: bool = False,
          data: Optional[PathLike] = None) -> pd.DataFrame:
    """Runs a grid of reform variants into the folder `out` (as `veto-sim sweep`) and returns
    its rows (see :func:`load_sweep`). A shipped sweep's name, a file, YAML or a dict."""
    with Bar(quiet) as bar:
        _veto_sim.sweep(_source(sweep, "sweep"), os.fspath(out), shard, resume, force,
                        _count("trials", trials), _count("seed", seed),
                        _count("threads", threads), _path(data), bar.callback)
    return load_sweep(out)


def load_sweep(dir: PathLike) -> pd.DataFrame:
    """The rows of a finished sweep folder (one run, one shard, or shards joined by
    `veto-sim merge`): `cells.csv` as a DataFrame, one row per cell, with the folder's
    `manifest.json` in `.attrs["manifest"]`. The rows are checked against the manifest first."""
    folder = Path(dir)
    _veto_sim.sweep_rows(os.fspath(folder))
    frame = read_csv_text((folder / "cells.csv").read_text(encoding="utf-8"))
    frame.attrs["manifest"] = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return frame
