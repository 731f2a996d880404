"""What the functions return: a command's report with its tables as pandas DataFrames, its
provenance, and the exact text of each of the command line's formats."""

from __future__ import annotations

import csv
import io
import json
from functools import cached_property
from typing import Any, Optional

import pandas as pd

# The CSV output starts with these comment lines (the run's record), then the header.
_COMMENT = "# "


def _body(text: str) -> str:
    """CSV text without the `# ...` lines of the run's record."""
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith(_COMMENT))


def read_csv_text(text: str) -> pd.DataFrame:
    """A DataFrame of CSV text as the library writes it: `# ...` lines skipped, empty cells
    missing, every other value as pandas reads it."""
    body = _body(text)
    if not body.strip():
        return pd.DataFrame()
    return pd.read_csv(io.StringIO(body), keep_default_na=False, na_values=[""])


class Result:
    """A command's result.

    ``frame`` is the command's CSV output as one DataFrame (the same columns, in the same
    order); ``tables`` splits it by its ``section`` column when it has one (one DataFrame per
    section, without the columns that section leaves empty), else holds it under the
    command's name. ``meta`` is the run's provenance (version, world hash, seed, trials where
    the command has them). ``to_json()``, ``to_csv()``, ``to_markdown()`` and ``str()`` give
    byte for byte what ``veto-sim COMMAND --format json|csv|markdown|table`` prints.
    """

    def __init__(self, command: str, report: Any, sections: Optional[list[str]] = None,
                 detailed: bool = False) -> None:
        self.command = command
        self._report = report
        self._sections = sections
        self._detailed = detailed

    def _render(self, fmt: str, **options: Any) -> str:
        return self._report.render(fmt, **options)

    def to_json(self) -> str:
        """The JSON of ``--format json`` (it always carries every section)."""
        return self._render("json", detailed=self._detailed)

    def to_csv(self) -> str:
        """The CSV of ``--format csv``."""
        return self._render("csv", sections=self._sections, detailed=self._detailed)

    def to_markdown(self) -> str:
        """The Markdown of ``--format markdown``."""
        return self._render("markdown", sections=self._sections, detailed=self._detailed)

    def __str__(self) -> str:
        return self._render("table", sections=self._sections, detailed=self._detailed)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    @cached_property
    def json(self) -> Any:
        """The JSON output, parsed."""
        return json.loads(self.to_json())

    @cached_property
    def meta(self) -> dict[str, Any]:
        """The run's provenance: the JSON's `meta`, else the CSV's `# meta:` line."""
        parsed = self.json
        if isinstance(parsed, dict) and isinstance(parsed.get("meta"), dict):
            return parsed["meta"]
        for line in self.to_csv().splitlines():
            if line.startswith("# meta: "):
                return json.loads(line[len("# meta: "):])
            if not line.startswith(_COMMENT):
                break
        return {}

    @cached_property
    def config(self) -> Optional[dict[str, Any]]:
        """The resolved configuration the CSV records (`# config:`), where it has one."""
        for line in self.to_csv().splitlines():
            if line.startswith("# config: "):
                return json.loads(line[len("# config: "):])
            if not line.startswith(_COMMENT):
                break
        return None

    @cached_property
    def frame(self) -> pd.DataFrame:
        """The CSV output as one DataFrame."""
        return read_csv_text(self.to_csv())

    @cached_property
    def tables(self) -> dict[str, pd.DataFrame]:
        """One DataFrame per section of the CSV output."""
        frame = self.frame
        if "section" not in frame.columns:
            return {self.command: frame}
        # Each section read on its own, so its columns get their own types (a count column
        # stays integer even where other sections leave it empty).
        rows = list(csv.reader(io.StringIO(_body(self.to_csv()))))
        header, where = rows[0], rows[0].index("section")
        groups: dict[str, list[list[str]]] = {}
        for row in rows[1:]:
            groups.setdefault(row[where], []).append(row)
        tables = {}
        for name, group in groups.items():
            text = io.StringIO()
            csv.writer(text, lineterminator="\n").writerows([header, *group])
            part = read_csv_text(text.getvalue()).drop(columns="section")
            tables[name] = part.dropna(axis="columns", how="all")
        return tables

    def __getitem__(self, section: str) -> pd.DataFrame:
        return self.tables[section]

    def __repr__(self) -> str:
        shapes = ", ".join(f"{k}: {v.shape[0]}×{v.shape[1]}" for k, v in self.tables.items())
        return f"<veto_sim.Result {self.command} ({shapes})>"
