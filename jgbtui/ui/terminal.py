"""Leave the terminal as it was found, however the app ends.

``kill`` (SIGTERM) or a closed SSH session (SIGHUP) would otherwise end the process without
Textual's clean-up: the terminal stays in mouse-reporting mode and on the alternate screen.
These signals instead ask the app to exit the normal way, which restores the terminal.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from typing import Protocol

#: Signals that end the app cleanly (Ctrl-C is Textual's own key binding).
EXIT_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


class Exits(Protocol):
    """What an app needs for this: Textual's ``App.exit``."""

    def exit(self, result: None = None, return_code: int = 0, message: None = None) -> None:
        """End the app, restoring the terminal."""


def exit_on_signals(app: Exits) -> None:
    """Make SIGTERM and SIGHUP exit ``app`` cleanly (exit status 128 + signal number).

    Call from the running app (it needs the event loop); a no-op where signals cannot be
    handled by the loop (not the main thread, or Windows).
    """
    loop = asyncio.get_running_loop()
    for number in EXIT_SIGNALS:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(number, _exit, app, int(number))


def _exit(app: Exits, number: int) -> None:
    app.exit(return_code=128 + number)
