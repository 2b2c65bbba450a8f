"""The terminal is restored when the app is killed (SIGTERM) or its session drops (SIGHUP).

The app runs in a real pseudo-terminal (DEMO data: no network); after the signal, the bytes
it wrote must switch mouse reporting off and leave the alternate screen, as a normal quit
does, and the exit status says which signal ended it.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import time

import pytest

pty = pytest.importorskip("pty")

MOUSE_ON = b"\x1b[?1000h"
MOUSE_OFF = b"\x1b[?1000l"
ALT_SCREEN_OFF = b"\x1b[?1049l"


def _read(fd: int, until: float, stop: bytes | None = None) -> bytes:
    out = b""
    while time.monotonic() < until and (stop is None or stop not in out):
        ready, _, _ = select.select([fd], [], [], 0.1)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    return out


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_restores_the_terminal(tmp_path, number) -> None:
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLUMNS": "100",
        "LINES": "30",
        "HOME": str(tmp_path),
    }
    pid, fd = pty.fork()
    if pid == 0:  # the child: the app on DEMO data
        os.execvpe(sys.executable, [sys.executable, "-m", "jgbtui", "--demo"], env)
    try:
        shown = _read(fd, time.monotonic() + 30, stop=b"DEMO")
        assert MOUSE_ON in shown and b"DEMO" in shown, shown[-500:]
        os.kill(pid, number)
        rest = _read(fd, time.monotonic() + 15)
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(fd)
    assert MOUSE_OFF in rest and ALT_SCREEN_OFF in rest, rest[-500:]
    assert os.waitstatus_to_exitcode(status) == 128 + number
