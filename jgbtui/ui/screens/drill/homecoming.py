"""Who is selling, who is coming home: foreigners in JGBs beside Japanese investors abroad.

Opened by ``h``, or Enter on a monthly flows event or the homecoming row of the calendar pane.
The upper chart: non-residents' monthly net purchases of Japanese long-term bonds (MoF
``montha1``). The lower chart: residents' net purchases of foreign long-term bonds by life
insurers, pension trusts (trust banks' trust accounts) and banks (MoF ``monthb3``); below
zero is money coming home. The side panel gives the latest month, 3- and 12-month sums, and
each sector's phrase from its own history. Both series are in ¥tn.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import datetime

import pandas as pd
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from jgbtui.analytics.history import calendar_frame, day_numbers, range_start
from jgbtui.analytics.homecoming import SECTORS, net, trailing_sum
from jgbtui.present.format import yen_100m
from jgbtui.present.view import MarketView
from jgbtui.sources import catalog
from jgbtui.ui.screens.drill import text
from jgbtui.ui.screens.drill.base import RANGE_BINDINGS, DrillScreen, range_line
from jgbtui.ui.widgets.chart import Chart, ChartSpec, Trace, date_ticks
from jgbtui.ui.widgets.styling import theme_style

TRILLION = 10_000.0
FOREIGN = "nonres_bonds_net_jpy_100m"
COLOURS = {"life_insurers": "jgb-up", "trust_accounts": "primary", "banks": "jgb-down"}


class HomecomingScreen(DrillScreen):
    """Non-residents' JGB flows over residents' foreign-bond flows by investor."""

    BINDINGS = [*RANGE_BINDINGS]
    DEFAULT_CSS = """
    HomecomingScreen #homecoming-charts {
        width: 1fr;
    }
    HomecomingScreen .drill-side {
        width: 42;
    }
    """
    sources = (catalog.FLOWS_MONTHLY.source, catalog.FLOWS_INVESTORS.source)

    def __init__(self, view: MarketView, clock: Callable[[], datetime]) -> None:
        super().__init__(view, clock)
        self.range_name = "5Y"
        monthly, investors = view.frames.monthly, view.frames.investors
        self.foreign = (
            calendar_frame(monthly)[FOREIGN].dropna()
            if monthly is not None and FOREIGN in monthly
            else pd.Series(dtype="float64")
        )
        self.investors = calendar_frame(investors) if investors is not None else pd.DataFrame()

    def title_text(self) -> str:
        """What the two charts are."""
        return "Who is selling, who is coming home · monthly ¥tn · MoF montha1, monthb3"

    def file_stem(self) -> str:
        """``homecoming``."""
        return "homecoming"

    def compose_body(self) -> ComposeResult:
        """Two charts on the left, the figures on the right."""
        with Horizontal(id="drill-body"):
            with Vertical(id="homecoming-charts"):
                yield Chart(lambda w, h: self._foreign_spec(w), id="foreign-chart")
                yield Chart(lambda w, h: self._home_spec(w), id="home-chart")
            with Vertical(classes="drill-side"):
                yield Static("", id="homecoming-side")

    def on_mount(self) -> None:
        """Fill the side panel."""
        self._update_side()

    def range_changed(self) -> None:
        """Redraw both charts and the panel."""
        for chart in self.query(Chart):
            chart.redraw()
        self._update_side()

    def _start(self, data: pd.Series | pd.DataFrame) -> pd.Timestamp | None:
        return None if data.empty else range_start(data, self.range_name)

    def _cut(self, data: pd.Series) -> pd.Series:
        start = self._start(data)
        return data if start is None else data[data.index >= start]

    def _cut_frame(self, data: pd.DataFrame) -> pd.DataFrame:
        start = self._start(data)
        return data if start is None else data[data.index >= start]

    def _xlim(self) -> tuple[float, float] | None:
        """One x range for both charts, so the months line up."""
        parts = [self._cut(self.foreign).index, self._cut_frame(self.investors).index]
        stamps = [index[i] for index in parts if len(index) for i in (0, -1)]
        if not stamps:
            return None
        days = day_numbers(pd.DatetimeIndex(stamps))
        return (min(days) - 15, max(days) + 15)

    def export_frames(self) -> Sequence[tuple[str, pd.DataFrame]]:
        """Non-residents' JGB flows and the watched sectors' foreign-bond flows, in range."""
        out = []
        foreign = self._cut(self.foreign)
        if not foreign.empty:
            out.append(
                (
                    "foreign-jgb-flows",
                    pd.DataFrame({"month_end": foreign.index, FOREIGN: foreign.to_numpy()}),
                )
            )
        investors = self._cut_frame(self.investors)
        if not investors.empty:
            columns = [f"{s}_net_jpy_100m" for s in SECTORS if f"{s}_net_jpy_100m" in investors]
            table = investors[columns].copy()
            table.insert(0, "month_end", table.index)
            out.append(("residents-foreign-bonds", table.reset_index(drop=True)))
        return out

    def _foreign_spec(self, width: int) -> ChartSpec:
        data = self._cut(self.foreign)
        if data.empty:
            return ChartSpec(title="No non-residents' monthly flows (montha1)")
        x = day_numbers(data.index)
        values = [v / TRILLION for v in data.tolist()]
        limits = self._xlim()
        return ChartSpec(
            traces=(
                Trace(x, [max(v, 0.0) for v in values], "foreigners buy JGBs", "jgb-up", "bar"),
                Trace(x, [min(v, 0.0) for v in values], "foreigners sell", "jgb-down", "bar"),
            ),
            xticks=date_ticks(*(limits or (min(x), max(x))), max(2, width // 11)),
            zero_line=True,
            xlim=limits,
        )

    def _home_spec(self, width: int) -> ChartSpec:
        data = self._cut_frame(self.investors)
        if data.empty:
            return ChartSpec(title="No residents' foreign bond flows by investor (monthb3)")
        traces = []
        for sector, title in SECTORS.items():
            series = net(data, sector)
            if series.empty:
                continue
            traces.append(
                Trace(
                    day_numbers(series.index),
                    [v / TRILLION for v in series.tolist()],
                    f"{title} abroad",
                    COLOURS[sector],
                )
            )
        xs = [x for t in traces for x in t.x]
        limits = self._xlim()
        return ChartSpec(
            traces=tuple(traces),
            xticks=date_ticks(*(limits or (min(xs), max(xs))), max(2, width // 11)),
            zero_line=True,
            xlim=limits,
        )

    def _update_side(self) -> None:
        variables = self.app.theme_variables
        side = Text()
        side.append_text(text.heading(variables, "Range (keys 1-6)"))
        side.append(range_line(self.range_name) + "\n\n")
        side.append_text(text.heading(variables, "Who is selling JGBs"))
        if self.foreign.empty:
            side.append("No non-residents' monthly flows.\n")
        else:
            last = self.foreign.index[-1]
            side.append(f"Foreigners {last:%b %Y} {yen_100m(float(self.foreign.iloc[-1]))}\n")
            side.append(
                f"   3m {yen_100m(trailing_sum(self.foreign, 3))}"
                f"  12m {yen_100m(trailing_sum(self.foreign, 12))}\n"
            )
        side.append("\n")
        side.append_text(text.heading(variables, "Who is coming home"))
        home = self.view.homecoming
        if home is None:
            side.append("No residents' flows by investor.\n")
        else:
            side.append(f"{home.month:%B %Y}, net buying abroad\n")
            for flow in home.sectors:
                style = theme_style(variables, "jgb-down" if flow.net < 0 else "jgb-up")
                side.append(f"{flow.title:<15}")
                side.append(f"{yen_100m(flow.net):>10}\n", style=style)
                three = "" if math.isnan(flow.sum_3m) else yen_100m(flow.sum_3m)
                twelve = "" if math.isnan(flow.sum_12m) else yen_100m(flow.sum_12m)
                side.append(f"   3m {three}  12m {twelve}\n")
            weekly = self.view.frames.weekly
            if weekly is not None and "res_bonds_net_jpy_100m" in weekly:
                residents = weekly["res_bonds_net_jpy_100m"].dropna()
                if not residents.empty:
                    week = residents.index[-1]
                    side.append(
                        f"All residents, week to {week:%d %b %Y}: "
                        f"{yen_100m(float(residents.iloc[-1]))} (week.csv)\n"
                    )
            side.append("\n")
            for flow in home.sectors:
                side.append(flow.text + "\n")
            side.append("\n")
            side.append_text(
                text.muted(
                    variables,
                    "Negative = net selling of foreign bonds: money coming home. Pension "
                    "trusts = trust banks' trust accounts. MoF reports residents by investor "
                    "for outward investment only; foreigners' JGB flows have no investor "
                    "split.",
                )
            )
        self.query_one("#homecoming-side", Static).update(side)
