"""`sweep` writes the same folder as `veto-sim sweep` and returns its rows; `load_sweep` reads
a single run's folder and a merged one alike."""

from __future__ import annotations

import csv

import veto_sim

ARGS = ["--trials", "200", "--seed", "3"]


def header(path):
    with open(path, newline="") as f:
        return next(csv.reader(f))


def test_sweep_writes_the_cli_folder_and_returns_its_rows(tmp_path, cli):
    rows = veto_sim.sweep("restraint-compliance", tmp_path / "py", trials=200, seed=3,
                          quiet=True)
    cli("sweep", "restraint-compliance", "--out", str(tmp_path / "cli"), *ARGS, "-q")
    for name in ("cells.csv", "cells.jsonl", "manifest.json"):
        assert (tmp_path / "py" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes()
    assert list(rows.columns) == header(tmp_path / "cli" / "cells.csv")
    assert len(rows) == rows.attrs["manifest"]["cells"]


def test_load_sweep_reads_cli_shards_merged(tmp_path, cli):
    for i in (0, 1):
        cli("sweep", "restraint-compliance", "--out", str(tmp_path / f"s{i}"), *ARGS,
            "--shard", f"{i}/2", "-q")
    cli("merge", str(tmp_path / "s0"), str(tmp_path / "s1"), "--out", str(tmp_path / "all"))
    merged = veto_sim.load_sweep(tmp_path / "all")
    whole = veto_sim.sweep("restraint-compliance", tmp_path / "whole", trials=200, seed=3,
                           quiet=True)
    assert merged.equals(whole)
    assert list(merged.columns) == header(tmp_path / "all" / "cells.csv")
