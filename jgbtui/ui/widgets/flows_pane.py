"""Foreign flows pane: non-residents' net purchases of Japanese long-term bonds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import Static

from jgbtui.present.format import short_day, yen_100m
from jgbtui.present.sparkline import sparkline
from jgbtui.ui.widgets.pane import Pane
from jgbtui.ui.widgets.pane_table import PaneTable
from jgbtui.ui.widgets.styling import change_text, flag, plain

if TYPE_CHECKING:
    from jgbtui.present.view import MarketView


class FlowsPane(Pane):
    """Latest week and month, the 4-week sum, a 52-week sparkline, recent weeks."""

    pane_id = "flows"
    label = "Foreign flows"
    number = 3

    def compose(self) -> ComposeResult:
        """Summary lines over a table of recent weeks."""
        yield Static("", id="flows-summary", classes="summary", markup=False)
        yield PaneTable(id="flows-table")

    def on_mount(self) -> None:
        """Columns: week, then net flows by instrument (readable yen units)."""
        self.query_one("#flows-table", PaneTable).set_columns(
            [("Week", 13), ("LT bonds", 10), ("Bills", 10), ("Equity", 10)]
        )

    def render_view(self, view: MarketView) -> None:
        """Summary plus one row per recent week, newest first."""
        flows = view.flows
        variables = self.app.theme_variables
        lines = []
        if flows.weekly:
            last = flows.weekly[0]
            lines.append(
                f"Week {short_day(last.period_start)}-{short_day(last.period_end)}: "
                f"foreign net {yen_100m(last.bonds)} in JP long-term bonds"
            )
            lines.append(
                f"4-week sum {yen_100m(flows.sum_4w)}   52w {sparkline(flows.spark_52w, 26)}"
            )
        if flows.monthly:
            month = flows.monthly[0]
            stamp = f"{month.period_end:%b %Y}" if month.period_end else "—"
            lines.append(f"Month {stamp}: {yen_100m(month.bonds)}")
        self.query_one("#flows-summary", Static).update("\n".join(lines))
        self.query_one("#flows-table", PaneTable).set_rows(
            (
                str(row.period_end),
                [
                    plain(
                        f"{short_day(row.period_start)}-{short_day(row.period_end)}"[:13],
                        justify="left",
                    ),
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
