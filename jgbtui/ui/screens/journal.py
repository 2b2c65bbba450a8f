"""Stepping back through the day's views: the main screen as it was, read-only.

``[`` on the main screen opens today's journal (:mod:`jgbtui.runtime.journal`) at its latest
view; ``[`` and ``]`` step to older and newer views, Escape returns to the live screen. The
screen is the main screen's own layout and panes, drawn from the journalled view, with the
clock stopped at the view's time (so ages read as they did) and a title bar that says
JOURNAL, the time and "read-only". Drill-downs and new rules need live data: they are
refused here with a word on how to get back.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.widgets import DataTable

from jgbtui.present.journal import view_from_parts
from jgbtui.runtime.journal import JournalEntry, read_day
from jgbtui.ui.screens.main import MainScreen, TitleBar

READ_ONLY = "The journal is read-only: Escape returns to the live screen."


async def open_journal(app: App[Any], clock: Callable[[], datetime]) -> bool:
    """Read today's journal (in a thread) and open it at its latest view; ``False`` when
    nothing was recorded today."""
    options = getattr(app, "options", None)
    folder = getattr(options, "journal_dir", None)
    day = clock().astimezone().date()
    entries = [] if folder is None else await asyncio.to_thread(read_day, folder, day)
    if not entries:
        app.notify(f"Nothing in the journal for {day.isoformat()} yet.", timeout=4)
        return False
    order = [s.name for s in getattr(app, "sources", [])]
    await app.push_screen(JournalScreen(entries, order))
    return True


class JournalScreen(MainScreen):
    """A past view on the main screen's layout; ``[`` / ``]`` step, Escape goes live."""

    DEFAULT_CSS = """
    JournalScreen #title-bar {
        text-style: bold reverse;
    }
    """

    BINDINGS = [
        Binding("left_square_bracket", "journal", "Older", key_display="[", priority=True),
        Binding("right_square_bracket", "newer", "Newer", key_display="]", priority=True),
        Binding("escape", "leave", "Live", key_display="Esc", priority=True),
    ]

    def __init__(self, entries: list[JournalEntry], order: list[str] | None = None) -> None:
        self.entries = entries
        self.index = len(entries) - 1
        self.order = order or []
        super().__init__(lambda: self.entries[self.index].at)

    @property
    def entry(self) -> JournalEntry:
        """The view on screen."""
        return self.entries[self.index]

    def on_mount(self) -> None:
        """The journalled view, once the main screen's own set-up has run (Textual calls
        ``MainScreen.on_mount`` too, after this one)."""
        self.call_later(self._show_entry)

    def _show_entry(self) -> None:
        entry = self.entry
        view = view_from_parts(entry.parts, entry.at)
        known = [name for name in self.order if name in view.results]
        order = known + [name for name in view.results if name not in known]
        self.show_status(order, view.results, set())
        self.show_view(view, at_once=True)  # a still picture, read at once

    def _draw_title(self) -> None:
        tabs = []
        for index, pane in enumerate(self.panes):
            label = f"{pane.number} {pane.label}"
            tabs.append(f"[{label}]" if index == self.active else f" {label} ")
        entry = self.entry
        banner = (
            f"JOURNAL {entry.at:%Y-%m-%d %H:%M:%S} ({self.index + 1}/{len(self.entries)}) "
            "read-only · [ older ] newer · Esc live"
        )
        self.query_one(TitleBar).update(f"{banner} {' '.join(tabs)}")

    # -- stepping -----------------------------------------------------------------------

    def action_journal(self) -> None:
        """``[``: the view before this one."""
        if self.index == 0:
            self.notify("This is the first view recorded today.", timeout=3)
            return
        self.index -= 1
        self._show_entry()

    def action_newer(self) -> None:
        """``]``: the view after this one (past the newest: back to live)."""
        if self.index == len(self.entries) - 1:
            self.action_leave()
            return
        self.index += 1
        self._show_entry()

    def action_leave(self) -> None:
        """Back to the live screen."""
        self.dismiss()

    # -- live-only actions --------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Drill-downs need live data (and the main screen's handler must not run: Textual
        calls a message's handlers along the class hierarchy unless prevented)."""
        event.stop()
        event.prevent_default()
        self.notify(READ_ONLY, timeout=3)

    def open_row(self, table: str | None, key: str | None) -> None:
        """Enter on a row: drill-downs need live data."""
        self.notify(READ_ONLY, timeout=3)

    def action_curve(self) -> None:
        """The curve screen needs live data."""
        self.notify(READ_ONLY, timeout=3)

    def action_add_rule(self) -> None:
        """Rules are added on live data."""
        self.notify(READ_ONLY, timeout=3)
