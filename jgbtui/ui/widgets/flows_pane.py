"""Foreign flows pane: non-residents' net purchases of Japanese long-term bonds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import Static

from jgbtui.present.format import short_day, this_year, yen_100m
from jgbtui.present.sparkline import sparkline
from jgbtui.ui.widgets.pane import Pane, show_text
from jgbtui.ui.widgets.pane_table import PaneTable
from jgbtui.ui.widgets.styling import change_text, flag, plain

if TYPE_CHECKING:
    from datetime import date

    from jgbtui.present.view import FlowRow, MarketView


class FlowsPane(Pane):
    """Latest week and month, the 4-week sum, a 52-week sparkline, recent weeks."""

    pane_id = "flows"
    label = "Foreign flows"
    number = 3

    def compose(self) -> ComposeResult:
        """Summary lines over a table of recent weeks."""
        yield Static("", id="flows-summary", classes="summary", markup=False)
        yield PaneTable(id="flows-table")

    @staticmethod
    def week_label(row: FlowRow, today: date) -> str:
        """``Jul 26-Aug 01``; a week ending in another year says which (``Dec 28-Jan 03
        2026``)."""
        start, end = row.period_start, row.period_end
        if start is None or end is None:
            return f"{short_day(start, today)}-{short_day(end, today)}"
        label = f"{start:%b %d}-{end:%b %d}"
        return label if this_year(end, today) else f"{label} {end.year}"

    def render_view(self, view: MarketView) -> None:
        """Summary plus one row per recent week, newest first."""
        flows = view.flows
        variables = self.app.theme_variables
        lines = []
        today = view.today
        if flows.weekly:
            last = flows.weekly[0]
            lines.append(
                f"Week {self.week_label(last, today)}: "
                f"foreign net {yen_100m(last.bonds)} in JP long-term bonds"
            )
            lines.append(
                f"4-week sum {yen_100m(flows.sum_4w)}   52w {sparkline(flows.spark_52w, 26)}"
            )
        if flows.monthly:
            month = flows.monthly[0]
            stamp = f"{month.period_end:%b %Y}" if month.period_end else "—"
            lines.append(f"Month {stamp}: {yen_100m(month.bonds)}")
        show_text(self.query_one("#flows-summary", Static), "\n".join(lines))
        table = self.query_one("#flows-table", PaneTable)
        week = max((len(self.week_label(r, today)) for r in flows.weekly), default=13)
        table.set_columns([("Week", week), ("LT bonds", 10), ("Bills", 10), ("Equity", 10)])
        table.set_rows(
            (
                str(row.period_end),
                [
                    plain(self.week_label(row, today), justify="left"),
                    flag(
                        variables,
                        change_text(variables, row.bonds, yen_100m(row.bonds)),
                        view.flagged("flows:weekly", row.period_end),
                    ),
                    change_text(variables, row.bills, yen_100m(row.bills)),
                    change_text(variables, row.equity, yen_100m(row.equity)),
                ],
            )
            for row in flows.weekly
        )

    def as_of_text(self, view: MarketView) -> str:
        """Week ending date."""
        if view.flows.weekly and view.flows.weekly[0].period_end:
            return f"week to {view.flows.weekly[0].period_end.isoformat()}"
        return super().as_of_text(view)
