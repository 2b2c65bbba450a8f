"""The trader's rules in the alerts screen: listed with their state, edited, paused, deleted.

Keys (while the rules table has the focus; Tab moves there from the alerts):
``n`` new rule, ``e`` or Enter edit, ``p`` pause / resume, ``d`` delete (pressed twice).
Config rules can be paused here; they are edited or deleted in the config file. The rules
file is read and written off the event loop.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from jgbtui.runtime.rules import RuleError
from jgbtui.ui.screens.rule_form import open_rule_form
from jgbtui.ui.widgets.styling import plain

if TYPE_CHECKING:
    from jgbtui.runtime.alert_log import AlertLog
    from jgbtui.runtime.rule_book import RuleBook, RuleStatus

COLUMNS = ("Rule", "State", "Latest", "Last fired", "From")


def _when(iso: object, today: date) -> str:
    """``Sep 11`` this year, ``Jul 11 2025`` another year."""
    try:
        day = date.fromisoformat(str(iso))
    except ValueError:
        return "—"
    return f"{day:%b %d}" if day.year == today.year else f"{day:%b %d %Y}"


def _latest(status: RuleStatus, today: date) -> str:
    current = status.current
    if not current:
        return "—"
    stale = " STALE" if current.get("stale") else ""
    return f"{current.get('value')} {_when(current.get('as_of'), today)}{stale}"


def _fired(status: RuleStatus, today: date) -> str:
    firing = status.last_firing
    if not firing:
        return "never"
    alert = {"new": "NEW", "acknowledged": "read", "snoozed": "snoozed"}.get(status.alert or "", "")
    return f"{firing.get('value')} {_when(firing.get('as_of'), today)} {alert}".strip()


def _origin(status: RuleStatus) -> str:
    rule = status.rule
    if rule.origin == "config":
        return f"config:{rule.line}" if rule.line else "config"
    return "keys"


class RulesPanel(Vertical):
    """Heading and table of every rule."""

    class Changed(Message):
        """A rule was added, edited, paused or deleted, and the rules checked again: the
        alerts above may have a new firing."""

    DEFAULT_CSS = """
    RulesPanel {
        height: auto;
        max-height: 45%;
    }
    RulesPanel #rules-table {
        height: auto;
        max-height: 12;
    }
    """

    BINDINGS = [
        Binding("n", "new_rule", "New rule"),
        Binding("e", "edit_rule", "Edit"),
        Binding("p", "pause_rule", "Pause"),
        Binding("d", "delete_rule", "Delete"),
    ]

    def __init__(self, book: RuleBook, log: AlertLog | None) -> None:
        super().__init__(id="rules-panel")
        self.book = book
        self.alert_log = log
        self.statuses: list[RuleStatus] = []
        self._delete_armed: str | None = None

    def compose(self) -> ComposeResult:
        """Heading over the table."""
        yield Static("Your rules: loading…", id="rules-heading", classes="heading", markup=False)
        yield DataTable(id="rules-table", cursor_type="row")

    def on_mount(self) -> None:
        """Columns, then the rules (read in a thread)."""
        table = self.query_one(DataTable)
        for label in COLUMNS:
            table.add_column(label, key=label)
        self.reload()

    def reload(self) -> None:
        """Read the rules and their states again (off the event loop) and redraw."""
        self.run_worker(self._load(), group="rules-load", exclusive=True)

    async def _load(self) -> None:
        self.statuses = await asyncio.to_thread(self.book.statuses, self.alert_log)
        self._fill()

    def _today(self) -> date:
        clock = getattr(self.app, "clock", None)  # the app's (tests freeze it)
        now = clock() if callable(clock) else None
        return (now if isinstance(now, datetime) else datetime.now(UTC)).astimezone().date()

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        if not table.columns:
            return  # not mounted yet: on_mount reloads
        row = table.cursor_row
        table.clear()
        today = self._today()
        for status in self.statuses:
            table.add_row(
                plain(status.rule.describe(), justify="left"),
                plain(status.status, justify="left"),
                plain(_latest(status, today), justify="left"),
                plain(_fired(status, today), justify="left"),
                plain(_origin(status), justify="left"),
                key=status.rule.id,
            )
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))
        paused = sum(1 for s in self.statuses if s.paused)
        skipped = (
            f" · {len(self.book.skipped)} unreadable in the rules file" if self.book.skipped else ""
        )
        heading = (
            f"Your rules: {len(self.statuses)} ({paused} paused){skipped} · "
            "Tab here, then n new · e edit · p pause · d delete"
            if self.statuses
            else "Your rules: none yet · n adds one (or b on any row of the main screen)"
        )
        self.query_one("#rules-heading", Static).update(heading)

    def selected(self) -> RuleStatus | None:
        """The rule under the cursor."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((s for s in self.statuses if s.rule.id == key), None)

    # -- actions --------------------------------------------------------------------------

    def _changed(self) -> None:
        """After a change: check the rules against the data on screen, then redraw."""
        monitor = getattr(self.app, "monitor", None)

        async def settle() -> None:
            if monitor is not None:
                await monitor.check_rules()
            await self._load()
            self.post_message(self.Changed())

        self.run_worker(settle(), group="rules-load", exclusive=True)

    def action_new_rule(self) -> None:
        """A new rule (the form asks for the series)."""
        open_rule_form(self.app, None, after=self._changed)

    def action_edit_rule(self) -> None:
        """Edit the selected rule (config rules: in the config file)."""
        status = self.selected()
        if status is None:
            return
        if status.rule.origin == "config":
            line = f" (line {status.rule.line})" if status.rule.line else ""
            self.notify(
                f"{status.rule.describe()} comes from the config file{line}: edit it there; "
                "p pauses it here.",
                timeout=6,
                markup=False,
            )
            return
        open_rule_form(self.app, status.rule.series, rule=status.rule, after=self._changed)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a rule edits it."""
        event.stop()
        self.action_edit_rule()

    def action_pause_rule(self) -> None:
        """Pause the selected rule, or resume it."""
        status = self.selected()
        if status is None:
            return
        paused = not status.paused

        async def change() -> None:
            await asyncio.to_thread(self.book.set_paused, status.rule.id, paused)
            self.notify(
                f"{'Paused' if paused else 'Resumed'}: {status.rule.describe()}",
                timeout=3,
                markup=False,
            )
            self._changed()

        self.run_worker(change(), group="rules-change")

    def action_delete_rule(self) -> None:
        """Delete the selected rule: ``d`` twice (config rules: in the config file)."""
        status = self.selected()
        if status is None:
            return
        if self._delete_armed != status.rule.id:
            self._delete_armed = status.rule.id
            self.notify(
                f"Press d again to delete {status.rule.describe()}", timeout=4, markup=False
            )
            return
        self._delete_armed = None

        async def delete() -> None:
            try:
                await asyncio.to_thread(self.book.delete, status.rule.id)
            except RuleError as exc:
                self.notify(exc.message, severity="warning", timeout=6, markup=False)
                return
            self.notify(f"Deleted: {status.rule.describe()}", timeout=3, markup=False)
            self._changed()

        self.run_worker(delete(), group="rules-change")
