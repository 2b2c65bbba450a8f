"""Alert history: every announced anomaly and rule firing, new, acknowledged or snoozed, and
the trader's rules below it.

Enter acknowledges, ``z`` snoozes an hour, ``Z`` until tomorrow morning; ``f`` and ``s`` filter
by state and by series; Tab moves to the rules (:mod:`jgbtui.ui.screens.rules_panel`).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from jgbtui.runtime.alert_log import AlertLog
from jgbtui.runtime.rule_book import RuleBook
from jgbtui.ui.alert_filter import SNOOZE_SHORT, AlertFilter, next_morning, state_text
from jgbtui.ui.screens.rules_panel import RulesPanel
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
        Binding("z", "snooze(False)", "Snooze 1h", priority=True),
        Binding("Z", "snooze(True)", "Snooze to 08:00", show=False, priority=True),
        Binding("f", "filter_state", "State", priority=True),
        Binding("s", "filter_series", "Series", priority=True),
    ]

    def action_table(self, name: str) -> None:
        """Movement keys on the focused table (alerts or rules), in key order."""
        table_action(self, name)

    def __init__(self, log: AlertLog, rules: RuleBook | None = None) -> None:
        super().__init__()
        self.alert_log = log
        self.rules = rules
        self.filter = AlertFilter()

    def compose(self) -> ComposeResult:
        """Heading, table, footer."""
        with Vertical(id="alerts-box"):
            yield Static("", id="alerts-heading", classes="heading", markup=False)
            yield PaneTable(id="alerts-table")
            if self.rules is not None:
                yield RulesPanel(self.rules, self.alert_log)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Columns, rows, focus."""
        table = self.query_one("#alerts-table", PaneTable)
        table.set_columns(
            [(label, None) for label in ("State", "Date", "Alert", "First seen (UTC)")]
        )
        self._fill()
        table.focus()

    def _fill(self) -> None:
        table = self.query_one("#alerts-table", PaneTable)
        row = table.cursor_row
        table.clear()
        shown = [a for a in self.alert_log.history() if self.filter.matches(a)]
        for alert in shown:
            table.add_row(
                plain(state_text(alert), justify="left"),
                plain(alert.day, justify="left"),
                plain(alert.text, justify="left"),
                plain(alert.first_seen[:16].replace("T", " "), justify="left"),
                key=alert.id,
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        count = len(self.alert_log.alerts)
        self.query_one("#alerts-heading", Static).update(
            f"Alerts: {self.alert_log.unread} new of {count} · showing {len(shown)}: "
            f"{self.filter.describe()} (f state, s series) · log: {self.alert_log.path}"
        )
        for panel in self.query(RulesPanel):
            panel.reload()  # a rule's last alert may have been acknowledged or snoozed

    def action_acknowledge(self) -> None:
        """Enter: mark the selected alert as read and move to the next one; on the rules,
        edit the selected rule."""
        focused = self.focused
        panels = [
            p for p in self.query(RulesPanel) if focused is not None and p in focused.ancestors
        ]
        if panels:
            panels[0].action_edit_rule()
            return
        table = self.query_one("#alerts-table", PaneTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            if key is not None:
                self.alert_log.acknowledge([key])
                self._fill()
                table.action_cursor_down()

    def on_rules_panel_changed(self, _message: RulesPanel.Changed) -> None:
        """The rules changed and were checked again: show any new firing."""
        self._fill()

    def action_acknowledge_all(self) -> None:
        """Mark every alert as read."""
        self.alert_log.acknowledge_all()
        self._fill()

    def action_snooze(self, until_morning: bool) -> None:
        """Quiet the selected alert for an hour (``Z``: until 08:00 tomorrow); it rings again
        then. Snoozing a rule's alert quiets the rule too."""
        table = self.query_one("#alerts-table", PaneTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key is not None:
            now = self.alert_log.clock()
            until = next_morning(now) if until_morning else now + SNOOZE_SHORT
            self.alert_log.snooze([key], until)
            self._fill()

    def action_filter_state(self) -> None:
        """Show all states, then only new, acknowledged or snoozed alerts."""
        self.filter = self.filter.next_state()
        self._fill()

    def action_filter_series(self) -> None:
        """Show all series, then only one series' alerts, each in turn."""
        self.filter = self.filter.next_series(self.alert_log.alerts.values())
        self._fill()
