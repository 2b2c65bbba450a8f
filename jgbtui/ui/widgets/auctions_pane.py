"""Auctions pane: the latest result per tenor and the next scheduled auctions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.events import Resize
from textual.widgets import Static

from jgbtui.present.format import num, pct, published, short_day
from jgbtui.present.sparkline import sparkline
from jgbtui.ui.widgets.pane import Pane, show_text
from jgbtui.ui.widgets.pane_table import PaneTable
from jgbtui.ui.widgets.styling import flag, plain

if TYPE_CHECKING:
    from jgbtui.present.view import AuctionRow, MarketView

#: The trend column is left out when fewer cells than this remain for it.
MIN_TREND = 6
TREND = 12


class AuctionsPane(Pane):
    """Bid-to-cover, tail (yen and bp) and average yield of each tenor's latest auction.

    Yield-method auctions (40Y, GX) have no average yield: that cell is empty, and their
    highest accepted yield is in the auction's drill-down.
    """

    pane_id = "auctions"
    label = "Auctions"
    number = 2

    def compose(self) -> ComposeResult:
        """The results table and a line of upcoming auctions."""
        yield PaneTable(id="auctions-table")
        yield Static("", id="auctions-upcoming", classes="note", markup=False)

    def on_resize(self, _event: Resize) -> None:
        """Fit the columns (the trend column goes first) to the new width."""
        if self.view is not None:
            self.render_view(self.view)

    def _columns(self, view: MarketView, table: PaneTable) -> list[tuple[str, int | None]]:
        tenor = max((len(r.tenor) for r in view.auctions), default=5)
        day = max((len(short_day(r.auction_date, view.today)) for r in view.auctions), default=6)
        fixed = [
            ("Tenor", max(5, tenor)),
            ("Date", max(6, day)),
            ("BTC", 5),
            ("Tail ¥", 6),
            ("Tail bp", 7),
            ("Avg yld", 7),
        ]
        room = table.room([w for _, w in fixed])
        trend = [("BTC trend", min(TREND, room))] if room >= MIN_TREND else []
        return [*fixed, *trend]

    def render_view(self, view: MarketView) -> None:
        """Fill the table; single-price (40Y) auctions show no tail and no average yield."""
        table = self.query_one("#auctions-table", PaneTable)
        columns = self._columns(view, table)
        table.set_columns(columns)
        trend = columns[6][1] if len(columns) > 6 else None
        table.set_rows((row.tenor, self._cells(view, row, trend)) for row in view.auctions)
        today = view.today
        if view.upcoming:
            upcoming = "  ".join(
                f"{short_day(u.auction_date, today)} {u.tenor}" for u in view.upcoming
            )
            text = f"Next: {upcoming}"
        elif any(r.has_data for r in view.pane_results(self.pane_id)):
            text = "Next: no upcoming auctions in the published calendar"
        else:
            text = "Next: calendar unavailable"
        show_text(self.query_one("#auctions-upcoming", Static), text)

    def _cells(self, view: MarketView, row: AuctionRow, trend: int | None) -> list[str | Text]:
        variables = self.app.theme_variables
        average = average_yield(row)
        cells: list[str | Text] = [
            plain(row.tenor, justify="left"),
            plain(short_day(row.auction_date, view.today)),
            flag(
                variables,
                plain(num(row.bid_to_cover, 2)),
                view.flagged(f"auction:{row.tenor}:", row.auction_date),
            ),
            # The tail in yen is the difference of two published prices: their decimals.
            plain(published(row.tail_jpy, 2, 3)),
            plain(num(row.tail_bp, 1)),
            plain(average),
        ]
        if trend:
            cells.append(plain(sparkline(row.btc_history, trend), justify="left"))
        return cells


def average_yield(row: AuctionRow) -> str:
    """The average yield, or a dash for a yield-method auction (it has none)."""
    return pct(float("nan")) if row.method == "yield" else pct(row.avg_yield_pct)
