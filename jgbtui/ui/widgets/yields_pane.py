"""Yields pane: JGB 1Y-40Y with 1d/1w/1m changes (bp) and 3-month sparklines; spreads.

The spreads sit beside the yields where the pane is wide enough (80 and 160 columns) and
under them where it is not (the two-column layout at 120), so their levels are always on
screen. Under the yields there is room for each spread's date and sparkline; beside them a
spread whose date lags the JGB curve's is starred and dated in the note. Either way a
year-old input never passes for today's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.widgets import Static

from jgbtui.present.format import bp, lags, num, pct, short_day
from jgbtui.present.sparkline import sparkline
from jgbtui.ui.widgets.pane import Pane, show_text
from jgbtui.ui.widgets.pane_table import PaneTable
from jgbtui.ui.widgets.styling import change_text, flag, plain, theme_style

if TYPE_CHECKING:
    from jgbtui.present.view import ChangeRow, MarketView

#: Cells the yields and spreads tables need side by side (with the gap between them).
SIDE_BY_SIDE = 75
OLD_MARK = "*"
SPREAD_COLUMNS: list[tuple[str, int | None]] = [("Spread bp", 9), ("Level", 6), ("1d", 5)]
SPARK = 12


class YieldsPane(Pane):
    """JGB yield table with the spreads traders quote beside or under it."""

    pane_id = "yields"
    label = "JGB yields"
    number = 1

    def compose(self) -> ComposeResult:
        """Tenor table, then spreads and notes (beside it or under it)."""
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
        self._fit(self.content_size.width)

    @property
    def stacked(self) -> bool:
        """Whether the spreads are under the yields (the pane is too narrow for both)."""
        return self.has_class("-stacked")

    def on_resize(self, _event: Resize) -> None:
        """Spreads beside the yields when both fit, else under them."""
        self._fit(self.content_size.width)

    def _fit(self, width: int) -> None:
        stacked = 0 < width < SIDE_BY_SIDE
        if stacked != self.stacked or not self.query_one("#spreads-table", PaneTable).columns:
            self.set_class(stacked, "-stacked")
            if self.view is not None:
                self.render_view(self.view)
            else:
                self.query_one("#spreads-table", PaneTable).set_columns(self._spread_columns(None))

    def _spread_columns(self, view: MarketView | None) -> list[tuple[str, int | None]]:
        if not self.stacked:
            return SPREAD_COLUMNS
        dates = [short_day(r.as_of, view.today) for r in view.spreads] if view else []
        return [*SPREAD_COLUMNS, ("As of", max([6, *map(len, dates)])), ("3m", SPARK)]

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
        spreads = self.query_one("#spreads-table", PaneTable)
        spreads.set_columns(self._spread_columns(view))
        spreads.set_rows((row.label, self._spread_cells(view, row)) for row in view.spreads)
        self._draw_note(view)

    def _spread_cells(self, view: MarketView, row: ChangeRow) -> list[str | Text]:
        variables = self.app.theme_variables
        old = self._old(view, row)
        level = num(row.value, 1) + (OLD_MARK if old and not self.stacked else "")
        cells: list[str | Text] = [
            plain(row.label, justify="left"),
            plain(level),
            change_text(variables, row.chg_1d, bp(row.chg_1d)),
        ]
        if self.stacked:
            when = plain(short_day(row.as_of, view.today), justify="left")
            if old:
                when.stylize(theme_style(variables, "jgb-stale", bold=True))
            cells += [when, plain(sparkline(row.spark, SPARK), justify="left")]
        return cells

    @staticmethod
    def _old(view: MarketView, row: ChangeRow) -> bool:
        """Whether a spread's date lags the JGB curve's (a year-old UST close, say)."""
        return lags(row.as_of, view.yields_as_of)

    def _draw_note(self, view: MarketView) -> None:
        notes = []
        if not self.stacked:
            notes.append("Changes in bp: 1 day, 1 week, 1 month; — = no data that far back.")
        us = next((r for r in view.spreads if r.label == "US-JP 10Y"), None)
        if us is not None:
            definition = "UST 10Y (NY close) minus JGB 10Y (Tokyo 15:00), same date"
            if self.stacked:
                old = " (older than the JGB curve)" if self._old(view, us) else ""
                notes.append(f"US-JP 10Y{old}: {definition}.")
            else:
                when = short_day(us.as_of, view.today)
                lead = (
                    f"{OLD_MARK} US-JP 10Y as of {when}, older than the JGB curve "
                    f"({short_day(view.yields_as_of, view.today)})"
                    if self._old(view, us)
                    else f"US-JP 10Y as of {when}"
                )
                notes.append(f"{lead}: {definition}. 3m {sparkline(us.spark, SPARK)}")
        show_text(self.query_one("#yields-note", Static), "\n".join(notes))

    def as_of_text(self, view: MarketView) -> str:
        """The JGB curve's date (the US-JP spread states its own date)."""
        return f"as of {view.yields_as_of.isoformat()}" if view.yields_as_of else ""
