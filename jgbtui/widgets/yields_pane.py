"""Yields pane: JGB 1Y-40Y with 1d/1w/1m changes (bp) and 3-month sparklines; spreads."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from jgbtui.format import bp, day, num, pct
from jgbtui.sparkline import sparkline
from jgbtui.viewmodel import ChangeRow, MarketView
from jgbtui.widgets.pane import Pane
from jgbtui.widgets.pane_table import PaneTable
from jgbtui.widgets.styling import change_text, plain


class YieldsPane(Pane):
    """JGB yield table and the spreads traders quote."""

    pane_id = "yields"
    label = "JGB yields"
    number = 1

    def compose(self) -> ComposeResult:
        """A tenor table, a spreads table and a note on units and timing."""
        yield PaneTable(id="yields-table")
        yield PaneTable(id="spreads-table")
        yield Static("", id="yields-note", classes="note", markup=False)

    def on_mount(self) -> None:
        """Columns are fixed; widths fit an 80-column terminal."""
        self.query_one("#yields-table", PaneTable).set_columns(
            [("Tenor", 5), ("Yield %", 7), ("1d bp", 6), ("1w bp", 6), ("1m bp", 6), ("3m", 16)]
        )
        self.query_one("#spreads-table", PaneTable).set_columns(
            [("Spread", 9), ("bp", 7), ("1d bp", 6), ("1w bp", 6), ("1m bp", 6), ("as of", 10)]
        )

    def _cells(self, row: ChangeRow, level: str) -> list[str | Text]:
        variables = self.app.theme_variables
        return [
            plain(row.label, justify="left"),
            plain(level),
            change_text(variables, row.chg_1d, bp(row.chg_1d)),
            change_text(variables, row.chg_1w, bp(row.chg_1w)),
            change_text(variables, row.chg_1m, bp(row.chg_1m)),
        ]

    def render_view(self, view: MarketView) -> None:
        """Fill both tables from the view."""
        yields = self.query_one("#yields-table", PaneTable)
        yields.set_rows(
            (
                row.label,
                [
                    *self._cells(row, pct(row.value)),
                    plain(sparkline(row.spark, 16), justify="left"),
                ],
            )
            for row in view.yields
        )
        spreads = self.query_one("#spreads-table", PaneTable)
        spreads.set_rows(
            (row.label, [*self._cells(row, num(row.value, 1)), plain(day(row.as_of))])
            for row in view.spreads
        )
        note = "Changes in bp vs previous day, 1 week and 1 month earlier. "
        if any(r.label == "US-JP 10Y" for r in view.spreads):
            note += "US-JP 10Y = UST 10Y (NY close) - JGB 10Y (Tokyo 15:00), same date."
        self.query_one("#yields-note", Static).update(note)

    def as_of_text(self, view: MarketView) -> str:
        """The JGB curve's date (the US curve has its own date in the spreads table)."""
        return f"as of {view.yields_as_of.isoformat()}" if view.yields_as_of else ""
