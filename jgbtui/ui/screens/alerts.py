"""Alert history: every announced anomaly, new or acknowledged; Enter acknowledges."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from jgbtui.runtime.alert_log import AlertLog
from jgbtui.ui.widgets.pane_table import TABLE_KEYS, PaneTable, table_action
from jgbtui.ui.widgets.styling import plain


class AlertsScreen(ModalScreen[None]):
    """The alert log as a table, newest observation first."""

    # Priority throughout, so keys typed in one burst act in order (widgets/pane_table).
    BINDINGS = [
        *TABLE_KEYS,
        Binding("escape", "dismiss", "Close", priority=True),
        Binding("q", "dismiss", "Close", priority=True),
        Binding("enter", "acknowledge", "Acknowledge", key_display="⏎", priority=True),
        Binding("A", "acknowledge_all", "Acknowledge all", priority=True),
    ]

    def action_table(self, name: str) -> None:
        """Movement keys on the alert table, in key order."""
        table_action(self, name)

    def __init__(self, log: AlertLog) -> None:
        super().__init__()
        self.alert_log = log

    def compose(self) -> ComposeResult:
        """Heading, table, footer."""
        with Vertical(id="alerts-box"):
            yield Static("", id="alerts-heading", classes="heading", markup=False)
            yield PaneTable(id="alerts-table")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Columns, rows, focus."""
        table = self.query_one(PaneTable)
        table.set_columns(
            [(label, None) for label in ("State", "Date", "Alert", "First seen (UTC)")]
        )
        self._fill()
        table.focus()

    def _fill(self) -> None:
        table = self.query_one(PaneTable)
        row = table.cursor_row
        table.clear()
        for alert in self.alert_log.history():
            table.add_row(
                plain("NEW" if alert.state == "new" else "read", justify="left"),
                plain(alert.day, justify="left"),
                plain(alert.text, justify="left"),
                plain(alert.first_seen[:16].replace("T", " "), justify="left"),
                key=alert.id,
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        count = len(self.alert_log.alerts)
        self.query_one("#alerts-heading", Static).update(
            f"Alerts: {self.alert_log.unread} new of {count} (log: {self.alert_log.path})"
        )

    def action_acknowledge(self) -> None:
        """Mark the selected alert as read and move to the next one."""
        table = self.query_one(PaneTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            if key is not None:
                self.alert_log.acknowledge([key])
                self._fill()
                table.action_cursor_down()

    def action_acknowledge_all(self) -> None:
        """Mark every alert as read."""
        self.alert_log.acknowledge_all()
        self._fill()
