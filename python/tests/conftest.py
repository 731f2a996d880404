"""Shared fixtures: the `veto-sim` binary the package is checked against (the repository's
release build, or VETO_SIM_BIN), run in the repository's root."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def cli_binary() -> Path:
    binary = Path(os.environ.get("VETO_SIM_BIN", ROOT / "target" / "release" / "veto-sim"))
    if not binary.exists():
        pytest.fail(f"no veto-sim binary at {binary}: run `cargo build --release` or set VETO_SIM_BIN")
    return binary


@pytest.fixture(scope="session")
def cli():
    """Runs `veto-sim ARGS...` in the repository's root; returns the completed process."""
    binary = cli_binary()

    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run([str(binary), *args], cwd=ROOT, capture_output=True, text=True)
        if check and done.returncode != 0:
            raise AssertionError(f"veto-sim {' '.join(args)} failed: {done.stderr}")
        return done

    return run


@pytest.fixture(autouse=True)
def in_root(monkeypatch):
    """Relative paths (data/drafts.csv, data/reforms/...) resolve as for the CLI."""
    monkeypatch.chdir(ROOT)
