"""The overhead of the Python package: `veto_sim.compare` with 10^6 trials against the
`veto-sim compare` binary doing the same work, each timed whole over several repetitions.

    python python/benchmarks/compare_overhead.py [--repeat 7] [--bin target/release/veto-sim]

The binary's time includes starting the process and printing its table; the Python figure
is the call and the same table rendered (`str(result)`), in a process where veto_sim is
already imported. Prints both medians and their ratio, and exits 1 if Python takes more than
10% longer.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import veto_sim

ROOT = Path(__file__).resolve().parents[2]
DRAFT = "S/2011/612"
TRIALS = 1_000_000
LIMIT = 1.10


def time_cli(binary: Path) -> float:
    started = time.perf_counter()
    subprocess.run([str(binary), "compare", "--draft", DRAFT, "--trials", str(TRIALS), "-q"],
                   check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - started


def time_python() -> float:
    started = time.perf_counter()
    str(veto_sim.compare(DRAFT, trials=TRIALS, quiet=True))
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--bin", type=Path, default=ROOT / "target" / "release" / "veto-sim")
    args = parser.parse_args()
    # One untimed run each, so neither pays for a cold cache.
    time_cli(args.bin)
    time_python()
    cli, python = [], []
    for _ in range(args.repeat):  # interleaved, so a busy moment hits both
        cli.append(time_cli(args.bin))
        python.append(time_python())
    cli_median, python_median = statistics.median(cli), statistics.median(python)
    ratio = python_median / cli_median
    print(f"compare --draft {DRAFT} --trials {TRIALS:,}, {args.repeat} repetitions each")
    print(f"  veto-sim binary   median {cli_median:.3f} s  (min {min(cli):.3f}, max {max(cli):.3f})")
    print(f"  veto_sim.compare  median {python_median:.3f} s  (min {min(python):.3f}, max {max(python):.3f})")
    print(f"  ratio python / binary = {ratio:.3f} (limit {LIMIT:.2f})")
    return 0 if ratio <= LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
