"""The log screen: this run's recent log lines (fetches, retries, problems) and the log file.

Opened with ``l`` or from the command palette. The lines come from memory
(:data:`jgbtui.runtime.logs.RECENT`), so the screen works even when the log directory cannot
be written; new lines are appended while it is open. Text is shown plainly, never as markup.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Log, Static

from jgbtui.runtime.logs import RECENT


class LogScreen(ModalScreen[None]):
    """The last lines of the log; Escape or ``q`` closes it."""

    DEFAULT_CSS = """
    LogScreen {
        align: center middle;
    }
    LogScreen #log-box {
        width: 95%;
        height: 90%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    LogScreen #log-lines {
        height: 1fr;
    }
    """

    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("q", "dismiss", "Close"),
        Binding("l", "dismiss", "Close", show=False),
    ]

    def __init__(self, log_file: Path | None) -> None:
        super().__init__()
        self.log_file = log_file
        self._shown = 0

    def compose(self) -> ComposeResult:
        """Heading with the file's path, then the lines."""
        where = str(self.log_file) if self.log_file else "not written (see the first line)"
        with Vertical(id="log-box"):
            yield Static("Log: recent lines of this run", classes="heading")
            yield Static(f"File: {where}", markup=False, id="log-file")
            yield Log(id="log-lines", highlight=False, auto_scroll=True)

    def on_mount(self) -> None:
        """Show what is there now and follow new lines."""
        self._append()
        self.set_interval(1.0, self._append)
        self.query_one(Log).focus()

    def _append(self) -> None:
        total = RECENT.total
        new = min(total - self._shown, len(RECENT.lines))
        if new > 0:
            self.query_one(Log).write_lines(list(RECENT.lines)[-new:])
        elif not self._shown and not total:
            self.query_one(Log).write_line("(no log lines yet: nothing has been fetched)")
        self._shown = total
