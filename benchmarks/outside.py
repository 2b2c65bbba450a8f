"""Measure a terminal app from outside, in a real pseudo-terminal: first frame, idle CPU, RSS.

The app runs in a pty of the given size, its output is drained all the time (as a terminal
would), and the figures come from the clock and ``/proc``, never from the app itself.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import termios
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass
class Run:
    """One app process in a pty."""

    pid: int
    fd: int
    started: float
    output: bytearray

    def drain(self, seconds: float) -> None:
        """Read what the app writes for ``seconds`` (a terminal never stops reading)."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([self.fd], [], [], min(left, 0.05))
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                self.output += chunk

    def wait_for(self, marker: bytes, limit: float) -> float | None:
        """Seconds from start until ``marker`` appeared in the output (``None``: never)."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if marker in self.output:
                return time.monotonic() - self.started
            self.drain(0.01)
        return None

    def settle(self, quiet: float = 0.02, window: float = 1.0, limit: float = 30.0) -> None:
        """Wait until the start-up work is over: a ``window`` using under ``quiet`` s of CPU.

        Idle means idle: loading the cache in the background after the first frame is
        start-up, not idling (``limit`` caps the wait for an app that never settles).
        """
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            before = self.cpu_seconds()
            self.drain(window)
            if self.cpu_seconds() - before < quiet:
                return

    def cpu_seconds(self) -> float:
        """User + system CPU time of the process so far (all its threads)."""
        with open(f"/proc/{self.pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks

    def memory_kib(self) -> tuple[int, int]:
        """(current RSS, peak RSS) in KiB."""
        values = {}
        with open(f"/proc/{self.pid}/status") as handle:
            for line in handle:
                key, _, rest = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    values[key] = int(rest.split()[0])
        return values.get("VmRSS", 0), values.get("VmHWM", 0)

    def stop(self) -> None:
        """End the process and reap it."""
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.kill(self.pid, sig)
            except ProcessLookupError:
                break
            for _ in range(50):
                done, _ = os.waitpid(self.pid, os.WNOHANG)
                if done:
                    break
                self.drain(0.02)
            else:
                continue
            break
        os.close(self.fd)


def start(argv: Sequence[str], env: Mapping[str, str], size: tuple[int, int]) -> Run:
    """Start ``argv`` in a new pty of ``size`` (columns, rows)."""
    started = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:  # the child: size its terminal before the app asks for it, then exec
        columns, rows = size
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        os.execvpe(argv[0], list(argv), dict(env))
    return Run(pid, fd, started, bytearray())


@dataclass(frozen=True)
class Figures:
    """What one run measured."""

    first_frame: float | None
    idle_cpu: float
    rss_kib: int
    peak_rss_kib: int


def measure(
    argv: Sequence[str],
    env: Mapping[str, str],
    *,
    marker: bytes,
    size: tuple[int, int] = (160, 48),
    settle: float = 3.0,
    idle: float = 60.0,
    limit: float = 30.0,
) -> Figures:
    """First frame showing ``marker``, then CPU over ``idle`` seconds once settled (at least
    ``settle`` seconds, and until a second passes nearly without CPU)."""
    run = start(argv, env, size)
    try:
        first = run.wait_for(marker, limit)
        run.drain(settle)
        run.settle()
        before = run.cpu_seconds()
        run.drain(idle)
        cpu = run.cpu_seconds() - before
        rss, peak = run.memory_kib()
    finally:
        run.stop()
    return Figures(first, cpu, rss, peak)


def first_frame(
    argv: Sequence[str],
    env: Mapping[str, str],
    *,
    marker: bytes,
    size: tuple[int, int] = (160, 48),
    limit: float = 30.0,
) -> float | None:
    """Seconds from start until ``marker`` is on screen; the process is then stopped."""
    run = start(argv, env, size)
    try:
        return run.wait_for(marker, limit)
    finally:
        run.stop()
