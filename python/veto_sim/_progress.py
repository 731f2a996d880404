"""Progress bars for long calls: tqdm's (``tqdm.auto``, in terminals and notebooks) when tqdm
is installed, else a plain text bar on standard error when it is a terminal or a notebook.
The library reports progress from its own threads; the extension passes it here at most ten
times a second."""

from __future__ import annotations

import sys
import time
from typing import Callable, Optional

# A call shorter than this shows no bar at all.
DELAY_S = 0.5

Callback = Callable[[str, int, int], None]


def _interactive() -> bool:
    return sys.stderr.isatty() or "ipykernel" in sys.modules


class _TextBar:
    """``phase [=====>     ] 42%`` rewritten in place on standard error."""

    WIDTH = 40

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.drawn = False

    def __call__(self, phase: str, done: int, total: int) -> None:
        elapsed = time.monotonic() - self.started
        if elapsed < DELAY_S:
            return
        if total > 0:
            filled = min(self.WIDTH, self.WIDTH * done // total)
            bar = "=" * filled + (">" if filled < self.WIDTH else "")
            text = f"{phase:>7} [{bar:<{self.WIDTH}}] {100 * done // total:>3}%"
        else:
            text = f"{phase} ..."
        sys.stderr.write(f"\r{text} {elapsed:.0f} s")
        sys.stderr.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()


class _TqdmBar:
    """One tqdm bar per phase."""

    def __init__(self, tqdm: type) -> None:
        self.tqdm = tqdm
        self.bar = None
        self.phase: Optional[str] = None

    def __call__(self, phase: str, done: int, total: int) -> None:
        if self.bar is None or phase != self.phase:
            self.close()
            self.phase = phase
            self.bar = self.tqdm(
                total=total or None,
                desc=phase,
                delay=DELAY_S,
                leave=False,
                unit_scale=True,
                file=sys.stderr,
            )
        if total and self.bar.total != total:
            self.bar.total = total
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class Bar:
    """A context manager giving the callback the extension calls (``None`` when quiet)."""

    def __init__(self, quiet: bool) -> None:
        self.impl = None
        if quiet:
            return
        try:
            from tqdm.auto import tqdm
        except ImportError:
            if _interactive():
                self.impl = _TextBar()
        else:
            self.impl = _TqdmBar(tqdm)

    @property
    def callback(self) -> Optional[Callback]:
        return self.impl

    def __enter__(self) -> "Bar":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.impl is not None:
            self.impl.close()
