"""Each function against the command line on the same inputs: `to_json()` equal to
`--format json` byte for byte, the CSV equal to `--format csv`, and the DataFrames' columns
equal to the CSV header."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest

import veto_sim

from conftest import ROOT


def drafts_from_2020() -> str:
    """The world's drafts table cut to the drafts from 2020 with full tallies (a file of votes
    the vote model, fitted to 2019, has not seen)."""
    with open(ROOT / "data" / "drafts.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    path = Path(tempfile.mkdtemp()) / "drafts2020.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(r for r in rows if r["date"] >= "2020" and r["tally"] == "full")
    return str(path)


VOTES = drafts_from_2020()

# (function, keyword arguments, the same command line); small trials keep each case short.
CASES = [
    ("power", lambda: veto_sim.power("two-negatives"), ["power", "--reform", "two-negatives"]),
    ("power-rules-file", lambda: veto_sim.power(rules="data/reforms/g4.yaml"),
     ["power", "--rules", "data/reforms/g4.yaml"]),
    ("compare", lambda: veto_sim.compare("S/2011/612", reforms=["present", "abolish-veto", "g4"],
                                         trials=20_000, seed=7, quiet=True),
     ["compare", "--draft", "S/2011/612", "--reforms", "present,abolish-veto,g4",
      "--trials", "20000", "--seed", "7"]),
    ("run", lambda: veto_sim.run(trials=2_000, no_flows=True, quiet=True),
     ["run", "--trials", "2000", "--no-flows"]),
    ("run-mc", lambda: veto_sim.run("syria", mc=True, trials=5_000, quiet=True),
     ["run", "syria", "--mc", "--trials", "5000"]),
    ("replay", lambda: veto_sim.replay(reforms="present,abolish-veto", since="2011",
                                       trials=500, quiet=True),
     ["replay", "--reforms", "present,abolish-veto", "--since", "2011", "--trials", "500"]),
    ("flows", lambda: veto_sim.flows(conflict="syria", reforms="abolish-veto", trials=2_000,
                                     vote_trials=500, quiet=True),
     ["flows", "--conflict", "syria", "--reforms", "abolish-veto", "--trials", "2000",
      "--vote-trials", "500"]),
    ("distribute", lambda: veto_sim.distribute("eu", conflict="syria", quiet=True),
     ["distribute", "--key", "eu", "--conflict", "syria"]),
    ("distribute-regional", lambda: veto_sim.distribute("regional", refugees=50_000,
                                                        origin="SDN", quiet=True),
     ["distribute", "--key", "regional", "--refugees", "50000", "--origin", "SDN"]),
    ("calibrate_votes", lambda: veto_sim.calibrate_votes(since="2015", no_cv=True, nodes=12,
                                                          quiet=True),
     ["calibrate", "votes", "--since", "2015", "--no-cv", "--nodes", "12"]),
    ("predict_votes", lambda: veto_sim.predict_votes(VOTES, until="2019", quiet=True),
     ["predict", "votes", "--votes", VOTES, "--until", "2019"]),
]


@pytest.fixture(scope="module")
def results():
    return {}


def result_of(name, make, results):
    if name not in results:
        results[name] = make()
    return results[name]


@pytest.mark.parametrize("name,make,args", CASES, ids=[c[0] for c in CASES])
def test_to_json_equals_the_cli_bytes(name, make, args, cli, results):
    result = result_of(name, make, results)
    assert result.to_json() == cli(*args, "--format", "json").stdout


@pytest.mark.parametrize("name,make,args", CASES, ids=[c[0] for c in CASES])
def test_dataframes_have_the_csv_columns(name, make, args, cli, results):
    result = result_of(name, make, results)
    text = cli(*args, "--format", "csv").stdout
    assert result.to_csv() == text
    body = [line for line in text.splitlines() if not line.startswith("# ")]
    header = next(csv.reader(io.StringIO(body[0])))
    assert list(result.frame.columns) == header
    assert len(result.frame) == len(list(csv.reader(io.StringIO("\n".join(body[1:])))))
    if "section" in header:
        assert set(result.tables) == set(result.frame["section"])
        for table in result.tables.values():
            # Each section keeps the CSV's columns it fills, in the CSV's order.
            columns = list(table.columns)
            assert columns == [c for c in header if c in columns]
    else:
        assert list(result.tables) == [result.command]
        assert list(result.tables[result.command].columns) == header


@pytest.mark.parametrize("name,make,args", CASES, ids=[c[0] for c in CASES])
def test_meta_holds_the_provenance(name, make, args, results):
    result = result_of(name, make, results)
    meta = result.meta
    assert meta.get("version") == veto_sim.__version__
    if name == "predict_votes":
        # Its record names the file of votes and the fit, not the world.
        assert meta["file"] == VOTES and meta["scored"] > 0
    else:
        assert len(meta["world_hash"]) == 64
    if name in ("compare", "run", "run-mc", "replay", "flows"):
        assert "seed" in meta and "trials" in meta


def test_markdown_and_table_equal_the_cli(cli):
    result = veto_sim.power("present")
    assert result.to_markdown() == cli("power", "--format", "markdown").stdout
    assert str(result) == cli("power").stdout


def test_replay_sections_render_as_the_cli(cli):
    result = veto_sim.replay(reforms=["present", "abolish-veto"], since="2011", trials=500,
                             by=["totals", "decade"], quiet=True)
    assert result.to_csv() == cli("replay", "--reforms", "present,abolish-veto", "--since",
                                  "2011", "--trials", "500", "--by", "totals,decade",
                                  "--format", "csv").stdout


def without_game(json_text):
    import json

    parsed = json.loads(json_text)
    parsed.pop("game", None)
    return parsed


def test_a_rule_as_yaml_string_is_read_as_the_rule_file(cli):
    text = cli("show", "reform", "two-negatives").stdout
    from_text = veto_sim.power(rules=text)
    from_cli = cli("power", "--reform", "two-negatives", "--format", "json").stdout
    assert without_game(from_text.to_json()) == without_game(from_cli)


def test_a_rule_as_dict_is_read_as_its_yaml(tmp_path, cli):
    import json

    rule = {
        "name": "two-negatives-dict",
        "description": "A permanent member's negative vote blocks only with another one.",
        "seats": {"permanent": ["CHN", "FRA", "GBR", "RUS", "USA"], "elected": 10},
        "quota": 9,
        "veto": {"holders": "permanent", "negatives_to_block": 2},
    }
    path = tmp_path / "rule.yaml"
    path.write_text(json.dumps(rule))
    from_cli = cli("power", "--rules", str(path), "--format", "json").stdout
    assert without_game(veto_sim.power(rules=rule).to_json()) == without_game(from_cli)
    compared = veto_sim.compare("S/2011/612", reforms=["present", rule], trials=5_000, quiet=True)
    assert compared.to_json() == cli("compare", "--draft", "S/2011/612", "--reforms",
                                     f"present,{path}", "--trials", "5000",
                                     "--format", "json").stdout
