"""Foreign net purchases of Japanese securities: weekly and monthly bars with cumulative lines.

Opened by Enter on a week of the flows table. ``i`` switches the instrument (long-term bonds,
short-term bills, equity); ``1``-``6`` the range. MoF's January 2014 reclassification, which
breaks the bonds and equity series, is marked on the charts whenever the range crosses it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

import pandas as pd
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from jgbtui.analytics.history import (
    calendar_frame,
    day_numbers,
    gap_spans,
    range_start,
    sum_buckets,
)
from jgbtui.present.drill import FLOW_PERIODS, FLOW_SOURCES, FLOWS_BREAK, parse_day
from jgbtui.present.format import yen_100m
from jgbtui.present.frames import result_frame as frame
from jgbtui.present.view import MarketView
from jgbtui.ui.screens.drill import text
from jgbtui.ui.screens.drill.base import RANGE_BINDINGS, DrillScreen, range_line
from jgbtui.ui.widgets.chart import Chart, ChartSpec, Trace, VLine, date_ticks
from jgbtui.ui.widgets.styling import theme_style

#: Instrument -> (label, column of non-residents' net purchases in 100 million yen).
INSTRUMENTS = {
    "bonds": ("LT bonds", "nonres_bonds_net_jpy_100m"),
    "bills": ("Bills", "nonres_bills_net_jpy_100m"),
    "equity": ("Equity", "nonres_equity_net_jpy_100m"),
}
#: Long names for the title.
LONG_NAMES = {"bonds": "long-term bonds", "bills": "short-term bills", "equity": "equity"}
#: The charts are in yen trillions (the frames hold 100 million yen).
TRILLION = 10_000.0
#: Series the January 2014 reclassification breaks (see ``jgbtui.sources.catalog``).
BROKEN = ("bonds", "equity")
BREAK_DAY = pd.Timestamp(FLOWS_BREAK)
PERIODS = FLOW_PERIODS


def _day(when: pd.Timestamp) -> float:
    return day_numbers(pd.DatetimeIndex([when]))[0]


class FlowsScreen(DrillScreen):
    """Weekly and monthly charts of one instrument, with range totals for all three."""

    BINDINGS = [*RANGE_BINDINGS, Binding("i", "instrument", "Instrument", priority=True)]
    DEFAULT_CSS = """
    FlowsScreen #flows-charts {
        width: 1fr;
    }
    """
    sources = FLOW_SOURCES

    def __init__(
        self, view: MarketView, clock: Callable[[], datetime], week: str | None = None
    ) -> None:
        super().__init__(view, clock)
        results = view.results
        self.week = week
        self.instrument = "bonds"
        self.range_name = "1Y"
        self.frames: dict[str, pd.DataFrame] = {}
        for period, (ref, _) in PERIODS.items():
            found = frame(results, ref)
            if found is not None:
                self.frames[period] = calendar_frame(found)

    def title_text(self) -> str:
        """Names the instrument and the publisher's caveat."""
        label = LONG_NAMES[self.instrument]
        return f"Foreign net purchases of Japanese {label} · ¥tn · MoF (major investors)"

    def file_stem(self) -> str:
        """``flows-bonds``."""
        return f"flows-{self.instrument}"

    def rule_series(self) -> str:
        """``+``: a rule on the weekly flows of the instrument shown."""
        return f"flows:weekly:{self.instrument}"

    def compose_body(self) -> ComposeResult:
        """Weekly over monthly chart; totals on the right."""
        with Horizontal(id="drill-body"):
            with Vertical(id="flows-charts"):
                yield Chart(lambda w, h: self._spec("weekly", w), id="flows-weekly")
                yield Chart(lambda w, h: self._spec("monthly", w), id="flows-monthly")
            with Vertical(classes="drill-side"):
                yield Static("", id="flows-side")

    def on_mount(self) -> None:
        """Fill the side panel."""
        self._update_side()

    def rows_in_range(self, period: str) -> pd.DataFrame:
        """Rows of the weekly or monthly frame within the current range."""
        data = self.frames.get(period)
        if data is None:
            return pd.DataFrame()
        start = range_start(data, self.range_name)
        return data if start is None else data[data.index >= start]

    def range_changed(self) -> None:
        """Redraw both charts and the totals."""
        for chart in self.query(Chart):
            chart.redraw()
        self._update_side()

    def action_instrument(self) -> None:
        """Next instrument: long-term bonds, bills, equity."""
        names = list(INSTRUMENTS)
        self.instrument = names[(names.index(self.instrument) + 1) % len(names)]
        self.update_title()
        self.range_changed()

    def export_frames(self) -> Sequence[tuple[str, pd.DataFrame]]:
        """The weekly and monthly rows in range, every column as parsed."""
        out = []
        for period, (_, unit) in PERIODS.items():
            data = self.rows_in_range(period)
            if not data.empty:
                out.append(
                    (f"flows-{period}-{self.range_name}", data.reset_index(names=f"{unit}_end"))
                )
        return out

    def _spec(self, period: str, width: int) -> ChartSpec:
        column = INSTRUMENTS[self.instrument][1]
        data = self.rows_in_range(period)
        if data.empty or column not in data:
            return ChartSpec(title=f"No {period} data")
        summed, size = sum_buckets(data[column], max(4, width - 16))
        x = day_numbers(summed.index)
        values = [v / TRILLION for v in summed.tolist()]
        unit = PERIODS[period][1]
        bars = f"{period}" if size == 1 else f"{size}-{unit} sums"
        cumulative = data[column].dropna().cumsum().reindex(summed.index).tolist()
        traces = (
            Trace(x, [max(v, 0.0) for v in values], f"net buy, {bars}", "jgb-up", kind="bar"),
            Trace(x, [min(v, 0.0) for v in values], "net sell", "jgb-down", kind="bar"),
            Trace(
                x,
                [v / TRILLION for v in cumulative],
                "cumulative",
                "primary",
                right=True,
                gaps=gap_spans(data[column].dropna().index),
            ),
        )
        vlines = []
        if self.instrument in BROKEN and data.index[0] < BREAK_DAY <= data.index[-1]:
            vlines.append(VLine(_day(BREAK_DAY), "Jan 2014 break", "jgb-anomaly"))
        week = parse_day(self.week) if period == "weekly" else None
        if week is not None and data.index[0] <= week <= data.index[-1]:
            vlines.append(VLine(_day(week)))
        return ChartSpec(
            traces=traces,
            vlines=tuple(vlines),
            xticks=date_ticks(min(x), max(x), max(2, width // 11)),
            zero_line=True,
        )

    def _update_side(self) -> None:
        variables = self.app.theme_variables
        side = Text()
        side.append_text(text.heading(variables, f"{INSTRUMENTS[self.instrument][0]} (i: next)"))
        side.append_text(text.muted(variables, "Range (keys 1-6)"))
        side.append(range_line(self.range_name) + "\n")
        for period, (_, unit) in PERIODS.items():
            data = self.rows_in_range(period)
            side.append("\n")
            if data.empty:
                side.append_text(text.muted(variables, f"No {period} data"))
                continue
            side.append_text(
                text.heading(variables, f"{period.title()} · {len(data)} {unit}s · sum")
            )
            side.append(f"{text.day(data.index[0])} → {text.day(data.index[-1])}\n")
            for name, (label, column) in INSTRUMENTS.items():
                total = float(data[column].sum()) if column in data else float("nan")
                style = theme_style(
                    variables, "jgb-up" if total > 0 else "jgb-down" if total < 0 else "jgb-muted"
                )
                side.append(f"{label:<12}", style="bold" if name == self.instrument else "")
                side.append(f"{yen_100m(total):>10}\n", style=style)
            column = INSTRUMENTS[self.instrument][1]
            if column in data and data[column].notna().any():
                last = data[column].dropna()
                side.append(
                    f"Last {text.day(last.index[-1])} {yen_100m(float(last.iloc[-1])):>10}\n"
                )
        crosses = any(
            not d.empty and d.index[0] < BREAK_DAY <= d.index[-1]
            for d in (self.rows_in_range(p) for p in PERIODS)
        )
        if crosses:
            side.append("\n")
            side.append_text(
                text.muted(
                    variables,
                    "Jan 2014 break: MoF moved some investment-fund flows from bonds to "
                    "equity, so those two series are not comparable across it.",
                )
            )
        self.query_one("#flows-side", Static).update(side)
