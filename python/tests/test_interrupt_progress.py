"""Long calls: the GIL is released, Ctrl-C stops them promptly with KeyboardInterrupt, and
progress reaches Python at a bounded rate (none with quiet=True)."""

from __future__ import annotations

import _thread
import resource
import threading
import time

import pytest

import veto_sim
from veto_sim import _veto_sim

# Far more trials than the test lets run: the call would take minutes.
LONG = 2_000_000_000


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def interrupted_after(call) -> float:
    """Seconds until `call` raises KeyboardInterrupt from a Ctrl-C sent after one second."""
    timer = threading.Timer(1.0, _thread.interrupt_main)
    started = time.monotonic()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        call()
    timer.cancel()
    return time.monotonic() - started


def assert_stopped():
    """No library thread still works once the exception is raised."""
    before = cpu_seconds()
    time.sleep(1.0)
    assert cpu_seconds() - before < 0.3


def test_ctrl_c_stops_a_long_compare_promptly():
    elapsed = interrupted_after(
        lambda: veto_sim.compare("S/2011/612", reforms="present", trials=LONG, quiet=True))
    assert elapsed < 2.5, f"took {elapsed:.1f} s to stop"
    assert_stopped()
    # The library is usable again at once.
    assert veto_sim.compare("S/2011/612", reforms="present", trials=1000, quiet=True).meta


def test_ctrl_c_stops_a_long_run_promptly():
    scenario = {
        "name": "long",
        "council": 2026,
        "trials": LONG,
        "drafts": [{"select": {"outcome": "vetoed", "since": 2011, "annotated": True}}],
        "rules": ["present", "abolish-veto", "g4"],
        "sections": ["today"],
    }
    elapsed = interrupted_after(lambda: veto_sim.run(scenario, mc=True, quiet=True))
    assert elapsed < 2.5, f"took {elapsed:.1f} s to stop"
    assert_stopped()


def test_the_gil_is_released_while_the_library_works():
    ticks = []
    stop = threading.Event()

    def count():
        while not stop.is_set():
            ticks.append(time.monotonic())
            time.sleep(0.01)

    counter = threading.Thread(target=count)
    counter.start()
    veto_sim.compare("S/2011/612", reforms="present", trials=3_000_000, quiet=True)
    stop.set()
    counter.join()
    # A thread that needs the GIL kept running throughout the call.
    assert len(ticks) > 20


def test_progress_reaches_python_at_a_bounded_rate():
    calls = []

    def progress(phase, done, total):
        calls.append((time.monotonic(), phase, done, total))

    started = time.monotonic()
    trials = 3_000_000
    _veto_sim.compare((False, "S/2011/612", ""), [(False, "present", "")], None, trials, 1,
                      None, None, "era", None, None, progress)
    elapsed = time.monotonic() - started
    assert calls, "no progress reported"
    assert calls[-1][1:] == ("votes", trials, trials)
    done = [c[2] for c in calls]
    assert done == sorted(done)
    # At most ten a second (polled every 100 ms), plus the final call.
    assert len(calls) <= elapsed / 0.1 + 2


def test_quiet_prints_nothing(capfd):
    veto_sim.compare("S/2011/612", reforms="present", trials=3_000_000, quiet=True)
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")


def test_a_bar_without_tqdm_is_drawn_on_a_terminal(monkeypatch, capsys):
    from veto_sim import _progress

    monkeypatch.setattr(_progress, "_interactive", lambda: True)
    monkeypatch.setattr(_progress, "DELAY_S", 0.0)
    bar = _progress._TextBar()
    bar("votes", 50, 100)
    bar.close()
    err = capsys.readouterr().err
    assert "votes" in err and " 50%" in err
