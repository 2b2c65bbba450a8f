"""One JGB auction in full, its tenor's bid-to-cover and tail history, and its past auctions.

Opened by Enter on a tenor of the auctions table (its latest auction); Enter on a row of the
history table shows that auction instead. ``1``-``6`` pick the range of the chart and the
table; ``c`` switches the chart between demand (bid-to-cover and tail) and the auction's
yield against the JGB secondary-market yield of the same tenor on the same days.

Prices and yields are shown with the publisher's own decimals (the 2Y average price
``99.985`` stays ``99.985``); ratios MoF does not publish (bid-to-cover, the tail in bp)
are rounded as the market quotes them, and the CSV export rounds the same way.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import datetime

import pandas as pd
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from jgbtui.analytics.auctions import tenor_history
from jgbtui.analytics.history import day_numbers, gap_spans, range_start
from jgbtui.present.drill import AUCTION_SOURCES, JGB_SOURCES, load_series
from jgbtui.present.format import DASH, published
from jgbtui.present.frames import result_frame as frame
from jgbtui.present.view import MarketView
from jgbtui.runtime.export import round_columns
from jgbtui.sources import catalog
from jgbtui.ui.screens.drill import text
from jgbtui.ui.screens.drill.base import RANGE_BINDINGS, DrillScreen, range_line
from jgbtui.ui.widgets.chart import Chart, ChartSpec, Trace, date_ticks
from jgbtui.ui.widgets.pane_table import PaneTable
from jgbtui.ui.widgets.styling import plain

#: Decimals of a field: ``(at least, at most)``. Published prices and yields keep the
#: publisher's own decimals within that span; derived ratios have one fixed number.
Places = tuple[int, int]
PRICE: Places = (2, 3)
YIELD: Places = (3, 3)
#: Every column of the results frame: label and decimals (``None`` = text or date).
FIELDS: dict[str, tuple[str, Places | None]] = {
    "auction_date": ("Auction date", None),
    "tenor": ("Tenor", None),
    "security": ("Security", None),
    "issue_number": ("Issue number", (0, 0)),
    "issue_date": ("Issue date", None),
    "maturity_date": ("Maturity", None),
    "coupon_pct": ("Coupon %", (1, 3)),
    "competitive_bids_jpy_bn": ("Bids ¥bn", (1, 1)),
    "accepted_jpy_bn": ("Accepted ¥bn", (1, 1)),
    "lowest_price_jpy": ("Lowest price ¥", PRICE),
    "lowest_yield_pct": ("  its yield %", YIELD),
    "avg_price_jpy": ("Average price ¥", PRICE),
    "avg_yield_pct": ("  its yield %", YIELD),
    "bid_to_cover": ("Bid-to-cover", (2, 2)),
    "tail_jpy": ("Tail ¥", PRICE),
    "tail_bp": ("Tail bp", (1, 1)),
    "method": ("Method", None),
    "origin": ("Origin", None),
    "url": ("URL", None),
}
#: Labels of a yield-method (single-price) auction, which publishes the highest accepted
#: yield and the price at it, and no average.
YIELD_METHOD_LABELS = {
    "lowest_price_jpy": "Price at it ¥",
    "lowest_yield_pct": "Highest acc. yld %",
    "avg_price_jpy": "Average price ¥",
    "avg_yield_pct": "  its yield %",
}
YIELD_METHOD_ORDER = ("lowest_yield_pct", "lowest_price_jpy")
#: The history table: column label, results column, decimals.
HISTORY_COLUMNS: tuple[tuple[str, str, Places | None], ...] = (
    ("Date", "auction_date", None),
    ("BTC", "bid_to_cover", (2, 2)),
    ("Tail bp", "tail_bp", (1, 1)),
    ("Avg yld", "avg_yield_pct", YIELD),
    ("Tail ¥", "tail_jpy", PRICE),
    ("No.", "issue_number", (0, 0)),
    ("Cpn", "coupon_pct", (1, 3)),
    ("Low yld", "lowest_yield_pct", YIELD),
    ("Bids ¥bn", "competitive_bids_jpy_bn", (1, 1)),
    ("Acc ¥bn", "accepted_jpy_bn", (1, 1)),
)
#: Yield-method tenors: the "Low yld" column is the highest accepted yield.
YIELD_METHOD_HISTORY = {"Low yld": "High yld", "Avg yld": "Avg yld"}
#: What ``e`` writes, rounded as the screen shows it (at most these decimals).
EXPORT_DECIMALS = {column: span[1] for column, (_, span) in FIELDS.items() if span is not None}
#: What ``c`` cycles through on the chart.
VIEWS = ("demand", "yield")


def cell(value: object, decimals: Places | int | None) -> str:
    """One field for display: dates as ISO, numbers with the publisher's decimals (within
    ``decimals``, ``(at least, at most)``), missing as a dash."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]
        return DASH
    if isinstance(value, pd.Timestamp):
        return text.day(value)
    if decimals is None:
        return str(value)
    least, most = (decimals, decimals) if isinstance(decimals, int) else decimals
    number = float(value)  # type: ignore[arg-type]
    return DASH if math.isnan(number) else published(number, least, most, grouping=True)


class AuctionScreen(DrillScreen):
    """Every field of one auction, then the tenor's history."""

    BINDINGS = [*RANGE_BINDINGS, Binding("c", "compare", "Chart", priority=True)]

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
    sources = (*AUCTION_SOURCES, *JGB_SOURCES)

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
        self.range_name = "5Y"
        self.view_name = VIEWS[0]
        self.secondary = load_series(results, tenor)
        """The JGB secondary-market yield of the same tenor (empty for JGBi, FRN, GX)."""
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

    @property
    def yield_method(self) -> bool:
        """Whether this tenor is auctioned by yield (40Y, GX): no average price or yield."""
        return bool(len(self.history)) and str(self.history["method"].iloc[-1]) == "yield"

    @property
    def in_range(self) -> pd.DataFrame:
        """The tenor's auctions within the current range, oldest first."""
        dated = self.history.dropna(subset=["auction_date"])
        if dated.empty:
            return dated
        dates = pd.DatetimeIndex(dated["auction_date"])
        start = range_start(pd.Series(range(len(dates)), index=dates), self.range_name)
        return dated if start is None else dated[dates >= start]

    def rule_series(self) -> str:
        """``+``: a rule on this tenor's auction tail in bp (the form can change it)."""
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
        """Fill the fields and the auctions in range (newest first), focus the table."""
        table = self.query_one("#auction-table", PaneTable)
        # At most half the column: the chart gets the rest.
        table.styles.height = "auto"
        table.styles.max_height = "50%"
        names = YIELD_METHOD_HISTORY if self.yield_method else {}
        table.set_columns([(names.get(label, label), None) for label, _, _ in HISTORY_COLUMNS])
        self._fill_table()
        table.focus()
        self._show_selected()

    def _fill_table(self) -> None:
        self.query_one("#auction-table", PaneTable).set_rows(
            (
                str(index),
                [plain(cell(row.get(column), places)) for _, column, places in HISTORY_COLUMNS],
            )
            for index, row in self.in_range.iloc[::-1].iterrows()
        )

    def range_changed(self) -> None:
        """New range: the chart and the table cover it."""
        self._fill_table()
        self._show_selected()

    def action_compare(self) -> None:
        """Switch the chart: demand (cover, tail) or yields (auction vs secondary market)."""
        self.view_name = VIEWS[(VIEWS.index(self.view_name) + 1) % len(VIEWS)]
        self._show_selected()

    def open_row(self, table: str | None, key: str | None) -> bool:
        """Enter on a past auction: show that one."""
        if table != "auction-table":
            return False
        matches = [int(i) for i in self.history.index if str(i) == key]
        if matches:
            self.selected = matches[0]
            self._show_selected()
        return True

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """A click on a past auction: show that one."""
        event.stop()
        self.open_row(event.data_table.id, event.row_key.value)

    def _show_selected(self) -> None:
        variables = self.app.theme_variables
        row = self.auction
        detail = Text()
        detail.append_text(text.heading(variables, "Auction result"))
        if row is None:
            detail.append("No auction results for this tenor.\n")
        else:
            yield_method = row.get("method") == "yield"
            for column, (label, places) in FIELDS.items():
                if yield_method:
                    label = YIELD_METHOD_LABELS.get(column, label)
                detail.append(f"{label:<19}", style="bold")
                detail.append(f"{cell(row.get(column), places)}\n")
            if yield_method:
                detail.append_text(
                    text.muted(
                        variables,
                        "Yield-method (single-price) auction: MoF publishes the highest "
                        "accepted yield and the price at it; there is no average and no tail.",
                    )
                )
        detail.append("\n")
        detail.append_text(text.muted(variables, "Range (keys 1-6)"))
        detail.append(range_line(self.range_name) + "\n")
        chart = "demand" if self.view_name == "demand" else f"yield vs JGB {self.tenor}"
        detail.append_text(text.muted(variables, f"c: chart ({chart})"))
        self.query_one("#auction-detail", Static).update(detail)
        self.update_title()
        self.query_one(Chart).redraw()

    def export_frames(self) -> Sequence[tuple[str, pd.DataFrame]]:
        """The auctions of this tenor in range, every column, oldest first, rounded as shown;
        with the yield chart on, the JGB secondary yield on each auction day too."""
        data = round_columns(self.in_range.reset_index(drop=True), EXPORT_DECIMALS)
        if self.view_name == "yield" and not self.secondary.empty:
            days = pd.DatetimeIndex(data["auction_date"]).tz_localize(None).normalize()
            data[f"jgb_{self.tenor.lower()}_yield_pct"] = self.secondary.reindex(days).to_numpy()
        return [(f"{self.file_stem()}-{self.range_name}", data)]

    def _spec(self, width: int, height: int) -> ChartSpec:
        history = self.in_range
        if history.empty:
            return ChartSpec(title="No auctions in this range")
        x = day_numbers(pd.DatetimeIndex(history["auction_date"]))
        ticks = date_ticks(min(x), max(x), max(2, width // 11))
        if self.view_name == "yield":
            return ChartSpec(traces=self._yield_traces(history, x), xticks=ticks)
        traces = []
        gaps = gap_spans(pd.DatetimeIndex(history["auction_date"]))
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
                        gaps=gaps,
                    )
                )
        row = self.auction
        if row is not None and not pd.isna(row["bid_to_cover"]):
            at = day_numbers(pd.DatetimeIndex([row["auction_date"]]))
            traces.append(
                Trace(at, [float(row["bid_to_cover"])], "selected", "jgb-anomaly", kind="scatter")
            )
        return ChartSpec(traces=tuple(traces), xticks=ticks)

    def _yield_traces(self, history: pd.DataFrame, x: list[float]) -> tuple[Trace, ...]:
        """The auction's yield (average, or highest accepted for yield-method auctions) and
        the JGB secondary yield of the same tenor over the same dates."""
        column = "lowest_yield_pct" if self.yield_method else "avg_yield_pct"
        label = "highest accepted yield" if self.yield_method else "auction average yield"
        values = history[column].astype(float)
        keep = [i for i, v in enumerate(values) if not math.isnan(v)]
        traces = [
            Trace(
                [x[i] for i in keep],
                [values.iloc[i] for i in keep],
                f"{label} %",
                "primary",
                kind="scatter",
            )
        ]
        start = pd.Timestamp(history["auction_date"].iloc[0]).tz_localize(None).normalize()
        secondary = self.secondary[self.secondary.index >= start]
        if not secondary.empty:
            traces.append(
                Trace(
                    day_numbers(secondary.index),
                    secondary.tolist(),
                    f"JGB {self.tenor} (MoF) %",
                    "accent",
                    gaps=gap_spans(secondary.index),
                )
            )
        return tuple(traces)
