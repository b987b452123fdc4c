"""Progress of a batch: a tqdm bar on a terminal, plain log lines otherwise.

A log file or a CI console gets no carriage-return animation but one line
every `interval` seconds or every 5 % of the files (at most one a second),
whichever comes first, and one at the end:
"batch: 120/2000 done, 35.2 files/s, ETA 53 s, 2 errors". `--quiet` turns
both off. No thread is started (the parent forks workers; tqdm's monitor
thread is disabled).
"""
from __future__ import annotations

import sys
import time
from typing import IO, Any


def _eta(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


class Progress:
    """`update(status)` once per finished file; `tick()` now and then while waiting."""

    def __init__(self, total: int, *, quiet: bool = False, stream: IO[str] | None = None,
                 interval: float = 5.0, tty: bool | None = None) -> None:
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.quiet = quiet
        self.interval = interval
        self.done = 0
        self.errors = 0
        self.start = time.monotonic()
        self.last_log = self.start
        self.last_step = 0
        self.bar: Any = None
        self.last_refresh = self.start
        if quiet or total == 0:
            return
        is_tty = tty if tty is not None else bool(getattr(self.stream, "isatty", lambda: False)())
        if is_tty:
            try:
                self.bar = _make_bar(total, self.stream)
            except ImportError:  # no tqdm: log lines on the terminal too
                self.bar = None

    def update(self, status: str) -> None:
        self.done += 1
        if status == "error":
            self.errors += 1
        if self.quiet:
            return
        if self.bar is not None:
            self.bar.set_postfix_str(f"{self.errors} errors", refresh=False)
            self.bar.update(1)
            return
        step = self.done * 20 // max(1, self.total)  # 5 % steps
        now = time.monotonic()
        if (step > self.last_step and now - self.last_log >= 1.0) or now - self.last_log >= self.interval or self.done == self.total:
            self.last_step = step
            self._log(now)

    def tick(self) -> None:
        if self.quiet or self.total == 0:
            return
        now = time.monotonic()
        if self.bar is not None:
            if now - self.last_refresh >= 0.5:  # the pool ticks after every message: redraw at most twice a second
                self.last_refresh = now
                self.bar.refresh()
        elif now - self.last_log >= self.interval:
            self._log(now)

    def line(self) -> str:
        elapsed = max(1e-9, time.monotonic() - self.start)
        rate = self.done / elapsed
        eta = _eta((self.total - self.done) / rate) if rate > 0 and self.done < self.total else ("0 s" if self.done >= self.total else "?")
        plural = "" if self.errors == 1 else "s"
        return f"batch: {self.done}/{self.total} done, {rate:.1f} files/s, ETA {eta}, {self.errors} error{plural}"

    def _log(self, now: float) -> None:
        self.last_log = now
        print(self.line(), file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        elif not self.quiet and self.total and self.done and self.last_step < 20 and self.done < self.total:
            self._log(time.monotonic())


def _make_bar(total: int, stream: IO[str]) -> Any:
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread in a parent that forks
    return tqdm(total=total, desc="batch", unit="file", file=stream, dynamic_ncols=True,
                mininterval=0.2, smoothing=0.05, postfix="0 errors")
