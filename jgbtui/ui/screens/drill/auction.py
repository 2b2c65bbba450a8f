"""One JGB auction in full, its tenor's bid-to-cover and tail history, and the last 12 auctions.

Opened by Enter on a tenor of the auctions table (its latest auction); Enter on a row of the
history table shows that auction instead.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import datetime

import pandas as pd
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from jgbtui.analytics.auctions import tenor_history
from jgbtui.analytics.history import day_numbers
from jgbtui.present.drill import AUCTION_SOURCES
from jgbtui.present.format import DASH
from jgbtui.present.frames import result_frame as frame
from jgbtui.present.view import MarketView
from jgbtui.sources import catalog
from jgbtui.ui.screens.drill import text
from jgbtui.ui.screens.drill.base import DrillScreen
from jgbtui.ui.widgets.chart import Chart, ChartSpec, Trace, date_ticks
from jgbtui.ui.widgets.pane_table import PaneTable
from jgbtui.ui.widgets.styling import plain

#: Every column of the results frame: label and decimals (``None`` = text or date).
FIELDS: dict[str, tuple[str, int | None]] = {
    "auction_date": ("Auction date", None),
    "tenor": ("Tenor", None),
    "security": ("Security", None),
    "issue_number": ("Issue number", 0),
    "issue_date": ("Issue date", None),
    "maturity_date": ("Maturity", None),
    "coupon_pct": ("Coupon %", 3),
    "competitive_bids_jpy_bn": ("Bids ¥bn", 1),
    "accepted_jpy_bn": ("Accepted ¥bn", 1),
    "lowest_price_jpy": ("Lowest price ¥", 2),
    "lowest_yield_pct": ("  its yield %", 3),
    "avg_price_jpy": ("Average price ¥", 2),
    "avg_yield_pct": ("  its yield %", 3),
    "bid_to_cover": ("Bid-to-cover", 2),
    "tail_jpy": ("Tail ¥", 3),
    "tail_bp": ("Tail bp", 1),
    "method": ("Method", None),
    "origin": ("Origin", None),
    "url": ("URL", None),
}
#: The history table: column label, results column, decimals.
HISTORY_COLUMNS = (
    ("Date", "auction_date", None),
    ("BTC", "bid_to_cover", 2),
    ("Tail bp", "tail_bp", 1),
    ("Avg yld", "avg_yield_pct", 3),
    ("Tail ¥", "tail_jpy", 3),
    ("No.", "issue_number", 0),
    ("Cpn", "coupon_pct", 1),
    ("Low yld", "lowest_yield_pct", 3),
    ("Bids ¥bn", "competitive_bids_jpy_bn", 1),
    ("Acc ¥bn", "accepted_jpy_bn", 1),
)


def cell(value: object, decimals: int | None) -> str:
    """One field for display: dates as ISO, numbers with fixed decimals, missing as a dash."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]
        return DASH
    if isinstance(value, pd.Timestamp):
        return text.day(value)
    if decimals is None:
        return str(value)
    number = float(value)  # type: ignore[arg-type]
    return f"{number:,.{decimals}f}" if not math.isnan(number) else DASH


class AuctionScreen(DrillScreen):
    """Every field of one auction, then the tenor's history."""

    DEFAULT_CSS = """
    AuctionScreen #auction-fields {
        width: 36;
        height: 1fr;
        padding: 0 1;
        background: $surface;
    }
    AuctionScreen #auction-right {
        width: 1fr;
    }
    """
    sources = AUCTION_SOURCES

    def __init__(
        self,
        view: MarketView,
        clock: Callable[[], datetime],
        tenor: str,
        *,
        day: str | None = None,
    ) -> None:
        super().__init__(view, clock)
        results = view.results
        self.tenor = tenor
        auctions = frame(results, catalog.AUCTION_RESULTS)
        self.history = (
            pd.DataFrame(columns=list(FIELDS))
            if auctions is None
            else tenor_history(auctions, tenor)
        )
        self.selected: int | None = int(self.history.index[-1]) if len(self.history) else None
        if day is not None and len(self.history):
            dates = [cell(when, None) for when in self.history["auction_date"]]
            if day in dates:  # that auction rather than the latest
                self.selected = int(self.history.index[len(dates) - 1 - dates[::-1].index(day)])

    @property
    def auction(self) -> pd.Series | None:
        """The selected auction's row."""
        return None if self.selected is None else self.history.loc[[self.selected]].iloc[0]

    def title_text(self) -> str:
        """E.g. ``10Y auction · 2026-09-01 · no. 380 · MoF``."""
        row = self.auction
        if row is None:
            return f"{self.tenor} auction · no results · MoF"
        number = cell(row.get("issue_number"), 0)
        return f"{self.tenor} auction · {cell(row['auction_date'], None)} · no. {number} · MoF"

    def file_stem(self) -> str:
        """``auctions-10y``."""
        return f"auctions-{self.tenor}"

    def rule_series(self) -> str:
        """``b``: a rule on this tenor's auction tail in bp (the form can change it)."""
        from jgbtui.present.targets import auction_rule_series

        return auction_rule_series(self.tenor, self.view)

    def compose_body(self) -> ComposeResult:
        """Fields on the left; chart over the history table on the right."""
        with Horizontal(id="drill-body"):
            with VerticalScroll(id="auction-fields"):
                yield Static("", id="auction-detail")
            with Vertical(id="auction-right"):
                yield Chart(self._spec, id="auction-chart")
                yield PaneTable(id="auction-table")

    def on_mount(self) -> None:
        """Fill the fields and the last 12 auctions (newest first), focus the table."""
        table = self.query_one("#auction-table", PaneTable)
        # Up to 12 rows and the header, at most half the column: the chart gets the rest.
        table.styles.height = "auto"
        table.styles.max_height = "50%"
        table.set_columns([(label, None) for label, _, _ in HISTORY_COLUMNS])
        table.set_rows(
            (
                str(index),
                [plain(cell(row.get(column), places)) for _, column, places in HISTORY_COLUMNS],
            )
            for index, row in self.history.tail(12).iloc[::-1].iterrows()
        )
        table.focus()
        self._show_selected()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a past auction: show that one."""
        event.stop()
        key = event.row_key.value
        matches = [int(i) for i in self.history.index if str(i) == key]
        if matches:
            self.selected = matches[0]
            self._show_selected()

    def _show_selected(self) -> None:
        variables = self.app.theme_variables
        row = self.auction
        detail = Text()
        detail.append_text(text.heading(variables, "Auction result"))
        if row is None:
            detail.append("No auction results for this tenor.\n")
        else:
            for column, (label, places) in FIELDS.items():
                detail.append(f"{label:<16}", style="bold")
                detail.append(f"{cell(row.get(column), places)}\n")
            if row.get("method") == "yield":
                detail.append_text(text.muted(variables, "Yield-method auction: no tail."))
        self.query_one("#auction-detail", Static).update(detail)
        self.update_title()
        self.query_one(Chart).redraw()

    def export_frames(self) -> Sequence[tuple[str, pd.DataFrame]]:
        """Every auction of this tenor, every column, oldest first."""
        return [(self.file_stem(), self.history.reset_index(drop=True))]

    def _spec(self, width: int, height: int) -> ChartSpec:
        history = self.history.dropna(subset=["auction_date"])
        if history.empty:
            return ChartSpec(title="No data")
        x = day_numbers(pd.DatetimeIndex(history["auction_date"]))
        traces = []
        for column, label, colour, right in (
            ("bid_to_cover", "bid-to-cover", "primary", False),
            ("tail_bp", "tail bp", "accent", True),
        ):
            values = history[column].astype(float)
            keep = [i for i, v in enumerate(values) if not math.isnan(v)]
            if keep:
                traces.append(
                    Trace(
                        [x[i] for i in keep],
                        [values.iloc[i] for i in keep],
                        label,
                        colour,
                        right=right,
                    )
                )
        row = self.auction
        if row is not None and not pd.isna(row["bid_to_cover"]):
            at = day_numbers(pd.DatetimeIndex([row["auction_date"]]))
            traces.append(
                Trace(at, [float(row["bid_to_cover"])], "selected", "jgb-anomaly", kind="scatter")
            )
        ticks = date_ticks(min(x), max(x), max(2, width // 11))
        return ChartSpec(traces=tuple(traces), xticks=ticks)
