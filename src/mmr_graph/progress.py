"""A one-line progress bar for long builds, drawn on a terminal only.

The bar is given the steps a job will report, in order, and is called with a step's name each time one
finishes (the ``progress`` callback of :func:`mmr_graph.pipeline.build`). It shows how many steps are done,
the step under way and the time so far, redrawn in place with a carriage return; a small thread redraws
the clock while a long step runs. :func:`terminal_progress` returns a bar only when the stream is a
terminal and the user did not ask for quiet, so pipes, files, CI logs and ``--quiet`` get nothing.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import TextIO

_CLEAR_LINE = "\r\x1b[K"


class ProgressBar:
    """Draws ``[#####.....] 3/7 graph 2.4 s`` on ``stream``; call it with each finished step's name.

    ``delay``: nothing is drawn before this many seconds have passed (a quick job stays silent);
    ``tick``: seconds between clock redraws by a background thread (``None``: redraw only on steps).
    """

    def __init__(
        self,
        steps: Sequence[str],
        stream: TextIO,
        *,
        width: int = 24,
        delay: float = 0.3,
        tick: float | None = 0.2,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.steps = list(steps)
        self.stream = stream
        self.width = width
        self.delay = delay
        self.clock = clock
        self.done = 0
        self.start = clock()
        self._drawn = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if tick is not None:
            self._thread = threading.Thread(target=self._tick, args=(tick,), daemon=True)
            self._thread.start()

    def __call__(self, finished: str) -> None:
        """A step has finished; a name the plan does not know still counts (the bar never passes 100%)."""
        with self._lock:
            self.done = min(self.done + 1, len(self.steps))
            self._draw()

    def line(self) -> str:
        """The text of the bar as it stands now."""
        total = max(len(self.steps), 1)
        filled = round(self.width * self.done / total)
        current = self.steps[self.done] if self.done < len(self.steps) else "done"
        elapsed = self.clock() - self.start
        bar = "#" * filled + "." * (self.width - filled)
        return f"[{bar}] {self.done}/{len(self.steps)} {current} {elapsed:.1f} s"

    def close(self) -> None:
        """Stop the clock and erase the bar, so that what is printed next starts on a clean line."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        with self._lock:
            if self._drawn:
                self.stream.write(_CLEAR_LINE)
                self.stream.flush()
                self._drawn = False

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _draw(self) -> None:
        if self._stop.is_set() or self.clock() - self.start < self.delay:
            return
        self.stream.write(_CLEAR_LINE + self.line())
        self.stream.flush()
        self._drawn = True

    def _tick(self, interval: float) -> None:
        while not self._stop.wait(interval):
            with self._lock:
                self._draw()


def terminal_progress(
    steps: Sequence[str], quiet: bool = False, stream: TextIO | None = None
) -> ProgressBar | None:
    """A progress bar on ``stream`` (default: standard error) if it is a terminal and not ``quiet``."""
    stream = stream if stream is not None else sys.stderr
    if quiet or not _is_terminal(stream):
        return None
    return ProgressBar(steps, stream)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False
