"""USD/JPY over its history with MoF intervention days marked, and the US-JP 10Y spread below.

Opened by Enter on a fix of the USD/JPY table (that date is marked). The history joins the
official sources: the freshest one (as on the main screen) for every date it has, the others
(BOJ, ECB, FRED) before that; the CSV says which source each value came from.
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

from jgbtui.analytics.history import (
    calendar_frame,
    day_numbers,
    downsample,
    gap_spans,
    range_start,
    range_stats,
    slice_range,
    value_at_or_before,
)
from jgbtui.present.drill import (
    FX_SOURCES,
    INTERVENTION_SOURCES,
    JGB_SOURCES,
    US_JP_10Y,
    UST_SOURCES,
    anomaly_marks,
    fx_label,
    load_series,
    parse_day,
    usdjpy_history,
)
from jgbtui.present.format import yen_100m
from jgbtui.present.frames import result_frame as frame
from jgbtui.present.view import MarketView
from jgbtui.runtime.export import round_columns
from jgbtui.sources import catalog
from jgbtui.ui.screens.drill import text
from jgbtui.ui.screens.drill.base import RANGE_BINDINGS, DrillScreen, range_line
from jgbtui.ui.widgets.chart import Chart, ChartSpec, Trace, VLine, date_ticks
from jgbtui.ui.widgets.pane_table import PaneTable
from jgbtui.ui.widgets.styling import plain

#: Intervention side -> (marker, legend, short label in the table).
SIDES = {
    "sell_usd_buy_jpy": ("▼", "MoF yen-buying", "buy"),
    "buy_usd_sell_jpy": ("▲", "MoF yen-selling", "sell"),
}


class FxScreen(DrillScreen):
    """USD/JPY with interventions, and the US-JP 10Y spread on a second panel."""

    BINDINGS = RANGE_BINDINGS
    DEFAULT_CSS = """
    FxScreen #fx-charts {
        width: 1fr;
    }
    FxScreen #fx-chart {
        height: 2fr;
    }
    FxScreen #fx-spread {
        height: 1fr;
    }
    FxScreen #fx-side {
        height: auto;
    }
    """
    sources = (*FX_SOURCES, *INTERVENTION_SOURCES, *JGB_SOURCES, *UST_SOURCES)

    def __init__(
        self, view: MarketView, clock: Callable[[], datetime], day: str | None = None
    ) -> None:
        super().__init__(view, clock)
        results = view.results
        self.day = parse_day(day)
        self.history, self.source = usdjpy_history(results)
        self.series: pd.Series = self.history["jpy_per_usd"].astype(float)
        found = frame(results, catalog.INTERVENTIONS)
        self.interventions = pd.DataFrame() if found is None else calendar_frame(found)
        self.spread = load_series(results, US_JP_10Y)
        self.marks = anomaly_marks("fx:usdjpy", self.series, view.anomalies)

    def title_text(self) -> str:
        """Names the freshest source."""
        source = fx_label(self.source) if self.source else "no source"
        return f"USD/JPY · yen per dollar · latest from {source} · MoF interventions · US-JP 10Y"

    def file_stem(self) -> str:
        """``usdjpy``."""
        return "usdjpy"

    def rule_series(self) -> str:
        """``+``: a rule on USD/JPY."""
        return "usdjpy"

    @property
    def in_range(self) -> pd.Series:
        """USD/JPY within the current range."""
        return slice_range(self.series, self.range_name)

    def _window(self) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """The dates the range covers: from the range's start (not the first fix in it, so
        a source gap shows as a gap) to the latest fix."""
        data = self.in_range
        if data.empty:
            return None
        start = range_start(self.series, self.range_name)
        return (data.index[0] if start is None else start, data.index[-1])

    def interventions_in_range(self) -> pd.DataFrame:
        """Intervention days within the range shown."""
        window = self._window()
        if window is None or self.interventions.empty:
            return self.interventions
        index = self.interventions.index
        return self.interventions[(index >= window[0]) & (index <= window[1])]

    def compose_body(self) -> ComposeResult:
        """Two charts on the left; figures and intervention days on the right."""
        with Horizontal(id="drill-body"):
            with Vertical(id="fx-charts"):
                yield Chart(self._fx_spec, id="fx-chart")
                yield Chart(self._spread_spec, id="fx-spread")
            with Vertical(classes="drill-side"):
                yield Static("", id="fx-side")
                yield PaneTable(id="fx-interventions")

    def on_mount(self) -> None:
        """Fill the figures and the intervention table."""
        table = self.query_one("#fx-interventions", PaneTable)
        table.styles.height = "1fr"  # the app stylesheet sizes PaneTables to their rows
        table.set_columns([("Date", 10), ("Amount", 7), ("Yen", 4)])
        table.focus()
        self._update_side()

    def range_changed(self) -> None:
        """Redraw the charts, figures and list for the new range."""
        for chart in self.query(Chart):
            chart.redraw()
        self._update_side()

    def export_frames(self) -> Sequence[tuple[str, pd.DataFrame]]:
        """USD/JPY in range (``date,jpy_per_usd,source``) and the intervention days in range."""
        window = self._window()
        history = self.history
        if window is not None:
            history = history[(history.index >= window[0]) & (history.index <= window[1])]
        out = [
            (
                f"usdjpy-{self.range_name}",
                round_columns(history.reset_index(names="date"), {"jpy_per_usd": 4}),
            )
        ]
        interventions = self.interventions_in_range()
        if not interventions.empty:
            out.append(
                (f"mof-interventions-{self.range_name}", interventions.reset_index(names="date"))
            )
        if window is not None:
            spread = self.spread[
                (self.spread.index >= window[0]) & (self.spread.index <= window[1])
            ]
            if not spread.empty:
                frame = pd.DataFrame({"date": spread.index, "spread_bp": spread.to_numpy()})
                out.append((f"us-jp-10y-{self.range_name}", round_columns(frame, {"spread_bp": 1})))
        return out

    # -- drawing ------------------------------------------------------------------------

    def _xlim(self) -> tuple[float, float] | None:
        window = self._window()
        return (
            None
            if window is None
            else (
                day_numbers(pd.DatetimeIndex(window))[0],
                day_numbers(pd.DatetimeIndex(window))[1],
            )
        )

    def _selected(self) -> tuple[VLine, ...]:
        window = self._window()
        if self.day is None or window is None or not window[0] <= self.day <= window[1]:
            return ()
        return (VLine(day_numbers(pd.DatetimeIndex([self.day]))[0]),)

    def _fx_spec(self, width: int, height: int) -> ChartSpec:
        data = self.in_range
        xlim = self._xlim()
        if data.empty or xlim is None:
            return ChartSpec(title="No USD/JPY data")
        shown = downsample(data, max(40, width * 2))
        traces = [
            Trace(day_numbers(shown.index), shown.tolist(), "USD/JPY", gaps=gap_spans(data.index))
        ]
        interventions = self.interventions_in_range()
        for side, (marker, label, _) in SIDES.items():
            days = pd.DatetimeIndex([])
            if len(interventions):
                days = pd.DatetimeIndex(interventions.index[interventions["side"] == side])
            points = [(d, value_at_or_before(self.series, d)) for d in days]
            points = [(d, v) for d, v in points if not math.isnan(v)]
            if points:
                x = day_numbers(pd.DatetimeIndex([d for d, _ in points]))
                traces.append(
                    Trace(x, [v for _, v in points], label, "jgb-anomaly", "scatter", marker=marker)
                )
        marks = [m for m in self.marks if data.index[0] <= pd.Timestamp(m.day) <= data.index[-1]]
        if marks:
            x = day_numbers(pd.DatetimeIndex([pd.Timestamp(m.day) for m in marks]))
            traces.append(Trace(x, [m.value for m in marks], "anomaly", "jgb-anomaly", "scatter"))
        return ChartSpec(
            traces=tuple(traces),
            vlines=self._selected(),
            xticks=date_ticks(*xlim, max(2, width // 11)),
            xlim=xlim,
        )

    def _spread_spec(self, width: int, height: int) -> ChartSpec:
        xlim = self._xlim()
        window = self._window()
        if xlim is None or window is None:
            return ChartSpec(title="No data")
        spread = self.spread[(self.spread.index >= window[0]) & (self.spread.index <= window[1])]
        if spread.empty:
            return ChartSpec(title="No US-JP 10Y spread in this range")
        shown = downsample(spread, max(40, width * 2))
        trace = Trace(
            day_numbers(shown.index),
            shown.tolist(),
            "US-JP 10Y spread, bp",
            "accent",
            gaps=gap_spans(spread.index),
        )
        return ChartSpec(
            traces=(trace,),
            vlines=self._selected(),
            xticks=date_ticks(*xlim, max(2, width // 11)),
            xlim=xlim,
        )

    def _update_side(self) -> None:
        variables = self.app.theme_variables
        data = self.in_range
        side = Text()
        side.append_text(text.heading(variables, "USD/JPY"))
        side.append_text(text.muted(variables, "Range (keys 1-6)"))
        side.append(range_line(self.range_name) + "\n")
        side.append_text(text.stats_lines(variables, range_stats(data), 2, ""))
        if self.day is not None:
            value = value_at_or_before(self.series, self.day)
            side.append(f"Picked {text.day(self.day)} {text.value(value, 2)}\n")
        interventions = self.interventions_in_range()
        total = float(interventions["amount_jpy_100m"].sum()) if len(interventions) else 0.0
        side.append_text(text.heading(variables, f"MoF interventions: {len(interventions)} days"))
        if len(interventions):
            side.append(f"in range, total {yen_100m(total, signed=False)}\n")
        self.query_one("#fx-side", Static).update(side)
        self.query_one("#fx-interventions", PaneTable).set_rows(
            (
                str(position),
                [
                    plain(text.day(pd.Timestamp(when)), justify="left"),
                    plain(yen_100m(float(row["amount_jpy_100m"]), signed=False)),
                    plain(
                        SIDES.get(str(row["side"]), ("", "", str(row["side"])))[2], justify="left"
                    ),
                ],
            )
            for position, (when, row) in enumerate(
                zip(
                    interventions.index[::-1],
                    interventions.iloc[::-1].to_dict("records"),
                    strict=True,
                )
            )
        )
