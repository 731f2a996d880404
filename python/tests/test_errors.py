"""Every exception class raised by a bad input, with the message the command line prints
after `error: ` and, for input errors, the file, line, column and key."""

from __future__ import annotations

import json

import pytest

import veto_sim

BAD_QUOTA = """name: bad
description: a quota above the seats
seats:
  permanent: [CHN, FRA, GBR, RUS, USA]
  elected: 10
quota: 16
"""


def cli_message(done) -> str:
    assert done.returncode != 0
    line = done.stderr.strip().splitlines()[-1]
    assert line.startswith("error: ")
    return line[len("error: "):]


def test_input_error_from_a_yaml_string_names_line_column_and_key():
    with pytest.raises(veto_sim.InputError) as caught:
        veto_sim.power(rules=BAD_QUOTA)
    error = caught.value
    assert (error.file, error.line, error.key) == ("<yaml>", 6, "quota")
    assert error.column is not None
    assert isinstance(error, veto_sim.Error)


def test_input_error_from_a_file_is_what_the_cli_prints(tmp_path, cli):
    path = tmp_path / "bad.yaml"
    path.write_text(BAD_QUOTA)
    with pytest.raises(veto_sim.InputError) as caught:
        veto_sim.compare("S/2011/612", reforms=[str(path)], trials=1000, quiet=True)
    done = cli("compare", "--draft", "S/2011/612", "--reforms", str(path), "--trials", "1000",
               check=False)
    assert done.returncode == 2
    assert str(caught.value) == cli_message(done)
    assert caught.value.file == str(path)
    assert (caught.value.line, caught.value.key) == (6, "quota")


def test_input_error_from_a_dict_names_the_key_and_its_line():
    rule = {
        "name": "bad",
        "description": "a quota above the seats",
        "seats": {"permanent": ["CHN", "FRA", "GBR", "RUS", "USA"], "elected": 10},
        "quota": 16,
    }
    with pytest.raises(veto_sim.InputError) as caught:
        veto_sim.power(rules=rule)
    error = caught.value
    assert (error.file, error.key) == ("<dict>", "quota")
    # The dict is read as the YAML (JSON) it is written out as, two-space indented.
    lines = json.dumps(rule, indent=2).splitlines()
    assert lines[error.line - 1].strip().startswith('"quota"')


def test_usage_error_is_what_the_cli_prints(cli):
    with pytest.raises(veto_sim.UsageError) as caught:
        veto_sim.compare("S/2011/612", reforms="present,abolish-vto", quiet=True)
    done = cli("compare", "--draft", "S/2011/612", "--reforms", "present,abolish-vto",
               check=False)
    assert done.returncode == 2
    assert str(caught.value) == cli_message(done)
    assert "abolish-veto" in str(caught.value)


def test_usage_error_for_bad_trials(cli):
    with pytest.raises(veto_sim.UsageError) as caught:
        veto_sim.replay(trials=0, quiet=True)
    done = cli("replay", "--trials", "0", check=False)
    assert str(caught.value) == cli_message(done)


def test_a_fraction_is_refused_as_a_count():
    with pytest.raises(veto_sim.UsageError, match="trials"):
        veto_sim.compare("S/2011/612", trials=1.5, quiet=True)


def test_io_error_names_the_path(tmp_path):
    with pytest.raises(veto_sim.IoError) as caught:
        veto_sim.load_sweep(tmp_path)
    assert caught.value.path == str(tmp_path / "cells.jsonl")
    assert str(caught.value).startswith(str(tmp_path / "cells.jsonl"))


def test_runtime_failure_on_a_corrupt_sweep_row(tmp_path):
    (tmp_path / "cells.jsonl").write_text("{not a row}\n")
    with pytest.raises(veto_sim.RuntimeFailure):
        veto_sim.load_sweep(tmp_path)


def test_errors_are_one_family():
    for cls in (veto_sim.InputError, veto_sim.UsageError, veto_sim.IoError,
                veto_sim.RuntimeFailure):
        assert issubclass(cls, veto_sim.Error)
