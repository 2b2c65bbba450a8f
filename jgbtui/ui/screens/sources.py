"""Sources: each publisher dataset's status, data date, next release, and error in full."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from jgbtui.sources.base import TOKYO, SourceResult
from jgbtui.ui.widgets.status_line import source_state


class SourcesScreen(ModalScreen[None]):
    """A table of sources; Escape closes it."""

    BINDINGS = [Binding("escape", "dismiss", "Close"), Binding("q", "dismiss", "Close")]

    def __init__(self, clock: Callable[[], datetime], results: Mapping[str, SourceResult]) -> None:
        super().__init__()
        self.clock = clock
        self.results = dict(results)

    def compose(self) -> ComposeResult:
        """Table plus notices the publishers ask us to show."""
        with Vertical(id="sources-box"):
            yield Static("Sources", classes="heading")
            yield DataTable(id="sources-table", cursor_type="row")
            notices = sorted({n for r in self.results.values() for n in r.notices})
            yield Static("\n".join(notices), classes="note", markup=False)

    def on_mount(self) -> None:
        """Fill the table (all text plain: publisher errors are never markup)."""
        table = self.query_one(DataTable)
        for column in ("Source", "State", "As of", "Next release (JST)", "Detail / error"):
            table.add_column(column)
        now = self.clock()
        for name, result in self.results.items():
            nxt = result.next_release.astimezone(TOKYO) if result.next_release else None
            table.add_row(
                Text(result.title),
                Text(source_state(result, False, now)),
                Text(result.as_of.isoformat() if result.as_of else "—"),
                Text(f"{nxt:%Y-%m-%d %H:%M}" if nxt else "—"),
                Text(result.error or result.detail or ""),
                key=name,
            )
        table.focus()
