# Type stubs of veto_sim, so that editors complete the functions and their keywords.
import os
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

import pandas as pd

from ._result import Result as Result
from .errors import Error as Error
from .errors import InputError as InputError
from .errors import IoError as IoError
from .errors import RuntimeFailure as RuntimeFailure
from .errors import UsageError as UsageError

__version__: str

PathLike = Union[str, os.PathLike[str]]
# A catalog or shipped name, a path, a YAML string, or a dict.
Source = Union[str, os.PathLike[str], Mapping[str, Any]]

DEFAULT_COMPARE_REFORMS: tuple[str, ...]

def power(
    reform: Optional[str] = None,
    *,
    rules: Optional[Source] = None,
    weights: Optional[Source] = None,
    data: Optional[PathLike] = None,
) -> Result: ...
def compare(
    draft: Source,
    *,
    reforms: Union[Source, Iterable[Source]] = ...,
    council: Optional[int] = None,
    trials: int = 100_000,
    seed: int = 1,
    se: Optional[float] = None,
    model: Optional[PathLike] = None,
    window: str = "era",
    threads: Optional[int] = None,
    quiet: bool = False,
    data: Optional[PathLike] = None,
) -> Result: ...
def run(
    scenario: Optional[Source] = None,
    *,
    trials: Optional[int] = None,
    seed: Optional[int] = None,
    exact: bool = False,
    mc: bool = False,
    se: Optional[float] = None,
    no_flows: bool = False,
    threads: Optional[int] = None,
    quiet: bool = False,
    data: Optional[PathLike] = None,
) -> Result: ...
def replay(
    *,
    reforms: Union[Source, Iterable[Source], None] = None,
    since: Optional[str] = None,
    until: Optional[str] = None,
    vetoed_by: Optional[str] = None,
    topic: Optional[str] = None,
    kind: Optional[str] = None,
    outcome: Optional[str] = None,
    by: Union[str, Sequence[str], None] = None,
    trials: int = 20_000,
    seed: int = 1,
    model: Optional[PathLike] = None,
    window: str = "era",
    threads: Optional[int] = None,
    quiet: bool = False,
    data: Optional[PathLike] = None,
) -> Result: ...
def flows(
    *,
    conflict: Union[str, Sequence[str], None] = None,
    reforms: Union[Source, Iterable[Source], None] = None,
    scenario: Optional[Source] = None,
    trials: int = 100_000,
    vote_trials: Optional[int] = None,
    seed: int = 1,
    window: str = "era",
    model: Optional[PathLike] = None,
    priors: Optional[PathLike] = None,
    by_year: bool = False,
    threads: Optional[int] = None,
    quiet: bool = False,
    data: Optional[PathLike] = None,
) -> Result: ...
def distribute(
    key: str,
    *,
    refugees: Optional[float] = None,
    conflict: Optional[str] = None,
    averted: Optional[str] = None,
    origin: Optional[str] = None,
    priors: Optional[PathLike] = None,
    trials: Optional[int] = None,
    seed: Optional[int] = None,
    threads: Optional[int] = None,
    quiet: bool = False,
    data: Optional[PathLike] = None,
) -> Result: ...
def calibrate_votes(
    *,
    since: Optional[str] = None,
    until: Optional[str] = None,
    evaluate_from: Optional[str] = None,
    window: str = "era",
    nodes: int = 40,
    no_cv: bool = False,
    write_model: Optional[PathLike] = None,
    threads: Optional[int] = None,
    quiet: bool = False,
    data: Optional[PathLike] = None,
) -> Result: ...
def predict_votes(
    votes: PathLike,
    *,
    until: Optional[str] = None,
    threads: Optional[int] = None,
    quiet: bool = False,
    data: Optional[PathLike] = None,
) -> Result: ...
def sweep(
    sweep: Source,
    out: PathLike,
    *,
    shard: Optional[str] = None,
    resume: bool = False,
    force: bool = False,
    trials: Optional[int] = None,
    seed: Optional[int] = None,
    threads: Optional[int] = None,
    quiet: bool = False,
    data: Optional[PathLike] = None,
) -> pd.DataFrame: ...
def load_sweep(dir: PathLike) -> pd.DataFrame: ...
