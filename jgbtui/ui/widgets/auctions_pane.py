"""Auctions pane: the latest result per tenor and the next scheduled auctions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import Static

from jgbtui.present.format import num, pct, short_day
from jgbtui.present.sparkline import sparkline
from jgbtui.ui.widgets.pane import Pane
from jgbtui.ui.widgets.pane_table import PaneTable
from jgbtui.ui.widgets.styling import flag, plain

if TYPE_CHECKING:
    from jgbtui.present.view import MarketView


class AuctionsPane(Pane):
    """Bid-to-cover, tail (yen and bp) and average yield of each tenor's latest auction."""

    pane_id = "auctions"
    label = "Auctions"
    number = 2

    def compose(self) -> ComposeResult:
        """The results table and a line of upcoming auctions."""
        yield PaneTable(id="auctions-table")
        yield Static("", id="auctions-upcoming", classes="note", markup=False)

    def on_mount(self) -> None:
        """Fixed columns that fit 80 terminal columns."""
        self.query_one("#auctions-table", PaneTable).set_columns(
            [
                ("Tenor", 6),
                ("Date", 6),
                ("BTC", 5),
                ("Tail ¥", 6),
                ("Tail bp", 7),
                ("Avg yld", 7),
                ("BTC trend", 12),
            ]
        )

    def render_view(self, view: MarketView) -> None:
        """Fill the table; single-price (40Y) auctions show no tail."""
        variables = self.app.theme_variables
        table = self.query_one("#auctions-table", PaneTable)
        table.set_rows(
            (
                f"{row.tenor}",
                [
                    plain(row.tenor, justify="left"),
                    plain(short_day(row.auction_date)),
                    flag(
                        variables,
                        plain(num(row.bid_to_cover, 2)),
                        view.flagged(f"auction:{row.tenor}:", row.auction_date),
                    ),
                    plain(num(row.tail_jpy, 3 if row.tenor == "2Y" else 2)),
                    plain(num(row.tail_bp, 1)),
                    plain(
                        pct(row.avg_yield_pct if row.method != "yield" else row.lowest_yield_pct)
                    ),
                    plain(sparkline(row.btc_history, 12), justify="left"),
                ],
            )
            for row in view.auctions
        )
        if view.upcoming:
            upcoming = "  ".join(f"{short_day(u.auction_date)} {u.tenor}" for u in view.upcoming)
            text = f"Next: {upcoming}"
        elif any(r.has_data for r in view.pane_results(self.pane_id)):
            text = "Next: no upcoming auctions in the published calendar"
        else:
            text = "Next: calendar unavailable"
        self.query_one("#auctions-upcoming", Static).update(text)
