"""Yields pane: JGB 1Y-40Y with 1d/1w/1m changes (bp) and 3-month sparklines; spreads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from jgbtui.present.format import bp, num, pct, short_day
from jgbtui.present.sparkline import sparkline
from jgbtui.ui.widgets.pane import Pane
from jgbtui.ui.widgets.pane_table import PaneTable
from jgbtui.ui.widgets.styling import change_text, flag, plain

if TYPE_CHECKING:
    from jgbtui.present.view import ChangeRow, MarketView


class YieldsPane(Pane):
    """JGB yield table with the spreads traders quote beside it (fits 80 columns)."""

    pane_id = "yields"
    label = "JGB yields"
    number = 1

    def compose(self) -> ComposeResult:
        """Tenor table on the left; spreads and notes on the right."""
        with Horizontal(id="yields-body"):
            yield PaneTable(id="yields-table")
            with Vertical(id="yields-side"):
                yield PaneTable(id="spreads-table")
                yield Static("", id="yields-note", classes="note", markup=False)

    def on_mount(self) -> None:
        """Fixed column widths: both tables side by side in 76 columns."""
        self.query_one("#yields-table", PaneTable).set_columns(
            [("Tenor", 5), ("Yld %", 6), ("1d", 5), ("1w", 5), ("1m", 5), ("3m", 10)]
        )
        self.query_one("#spreads-table", PaneTable).set_columns(
            [("Spread bp", 9), ("Level", 5), ("1d", 5)]
        )

    def _changes(self, row: ChangeRow) -> list[str | Text]:
        variables = self.app.theme_variables
        return [
            change_text(variables, row.chg_1d, bp(row.chg_1d)),
            change_text(variables, row.chg_1w, bp(row.chg_1w)),
            change_text(variables, row.chg_1m, bp(row.chg_1m)),
        ]

    def render_view(self, view: MarketView) -> None:
        """Fill both tables and the notes from the view."""
        variables = self.app.theme_variables
        self.query_one("#yields-table", PaneTable).set_rows(
            (
                row.label,
                [
                    plain(row.label, justify="left"),
                    flag(
                        variables,
                        plain(pct(row.value)),
                        view.flagged(f"yields:{row.label}", row.as_of),
                    ),
                    *self._changes(row),
                    plain(sparkline(row.spark, 10), justify="left"),
                ],
            )
            for row in view.yields
        )
        self.query_one("#spreads-table", PaneTable).set_rows(
            (
                row.label,
                [
                    plain(row.label, justify="left"),
                    plain(num(row.value, 1)),
                    change_text(variables, row.chg_1d, bp(row.chg_1d)),
                ],
            )
            for row in view.spreads
        )
        notes = ["Changes in bp: 1 day, 1 week, 1 month; — = no data that far back."]
        us = next((r for r in view.spreads if r.label == "US-JP 10Y"), None)
        if us is not None:
            notes.append(
                f"US-JP 10Y as of {short_day(us.as_of)}: UST 10Y (NY close) minus "
                f"JGB 10Y (Tokyo 15:00), same date. 3m {sparkline(us.spark, 12)}"
            )
        self.query_one("#yields-note", Static).update("\n".join(notes))

    def as_of_text(self, view: MarketView) -> str:
        """The JGB curve's date (the US-JP spread states its own date)."""
        return f"as of {view.yields_as_of.isoformat()}" if view.yields_as_of else ""
