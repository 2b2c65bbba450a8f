"""One yield or spread over its full history: range keys, a compare series, high/low, anomalies.

Opened by Enter on a tenor of the yields table (``10Y`` back to 1986, short tenors to 1974),
on the US-JP 10Y spread, on a tenor of the curve screen, or on a headline (then the
headline's date is marked and the range starts at the year around it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from functools import cached_property

import pandas as pd
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from jgbtui.analytics.history import (
    RANGES,
    day_numbers,
    downsample,
    gap_spans,
    range_stats,
    slice_range,
)
from jgbtui.present.drill import (
    PUBLISHER_SHORT,
    Mark,
    SeriesInfo,
    anomaly_marks,
    compare_choices,
    load_series,
    parse_day,
    series_info,
)
from jgbtui.present.view import MarketView
from jgbtui.runtime.export import round_columns
from jgbtui.runtime.export import slug as export_slug
from jgbtui.ui.screens.drill import text
from jgbtui.ui.screens.drill.base import RANGE_BINDINGS, DrillScreen, range_line
from jgbtui.ui.widgets.chart import Chart, ChartSpec, Trace, VLine, date_ticks


class SeriesScreen(DrillScreen):
    """Full-history chart of one series with the figures a trader reads off it."""

    BINDINGS = [*RANGE_BINDINGS, Binding("c", "compare", "Compare", priority=True)]

    def __init__(
        self,
        view: MarketView,
        clock: Callable[[], datetime],
        key: str,
        *,
        compare: str | None = None,
        day: str | None = None,
    ) -> None:
        super().__init__(view, clock)
        results = view.results
        self.day = parse_day(day)
        """A date to mark (a headline's), or ``None``."""
        self.info: SeriesInfo = series_info(key)
        self.sources = self.info.sources
        self.series = load_series(results, key)
        self.compare: str | None = compare if compare and compare in self.choices else None
        self.compare_series = load_series(results, self.compare) if self.compare else None
        self.marks: list[Mark] = anomaly_marks(f"yields:{key}", self.series, view.anomalies)
        if self.day is not None and not self.series.empty:
            self.range_name = self._range_around(self.day)

    @cached_property
    def choices(self) -> list[str]:
        """The series ``c`` cycles through (those with data).

        Found on first use, not on opening: it loads every candidate series, which was most
        of what making the screen cost.
        """
        return compare_choices(self.results, self.info.key)

    def _range_around(self, day: pd.Timestamp) -> str:
        """The shortest of 1Y, 5Y, 10Y, Max whose window (from the latest date) holds ``day``."""
        end = self.series.index[-1]
        for name in ("1Y", "5Y", "10Y"):
            offset = RANGES[name]
            if offset is not None and day >= end - offset:
                return name
        return "Max"

    @property
    def in_range(self) -> pd.Series:
        """The subject series within the current range, at full resolution."""
        return slice_range(self.series, self.range_name)

    def title_text(self) -> str:
        """E.g. ``JGB 10Y yield · % · MoF daily``."""
        source = " + ".join(PUBLISHER_SHORT.get(s, s) for s in self.info.sources)
        return f"{self.info.title} · {self.info.unit} · {source} · full history"

    def file_stem(self) -> str:
        """``jgb-10y``, ``jgb-2s10s``, ``us-10y``, ``us-jp-10y``."""
        prefix = "jgb-" if self.info.title.startswith("JGB") else ""
        return prefix + self.info.key

    def rule_series(self) -> str:
        """``+``: a rule on this series (``jgb:10Y``, ``spread:us-jp-10y`` ...)."""
        from jgbtui.present.targets import drill_series

        return drill_series(self.info.key)

    def compose_body(self) -> ComposeResult:
        """Chart on the left, figures on the right."""
        with Horizontal(id="drill-body"):
            yield Chart(self._spec, id="series-chart")
            with Vertical(classes="drill-side"):
                yield Static("", id="series-side")

    def on_mount(self) -> None:
        """Fill the side panel."""
        self._update_side()

    def range_changed(self) -> None:
        """New range: redraw the chart and the figures."""
        self.query_one(Chart).redraw()
        self._update_side()

    def action_compare(self) -> None:
        """Cycle the compare series: none, US 10Y, other tenors, spreads, then none again."""
        options: list[str | None] = [None, *self.choices]
        self.compare = options[(options.index(self.compare) + 1) % len(options)]
        self.compare_series = load_series(self.results, self.compare) if self.compare else None
        self.range_changed()

    def export_frames(self) -> Sequence[tuple[str, pd.DataFrame]]:
        """The subject series over the current range, rounded as shown: ``date,<column>``;
        with a compare series on screen, it too (``<key>_<unit>``), on the same dates."""
        data = self.in_range
        frame = pd.DataFrame({"date": data.index, self.info.column: data.to_numpy()})
        decimals = {self.info.column: self.info.decimals}
        if self.compare and self.compare_series is not None and not data.empty:
            other = series_info(self.compare)
            slug = export_slug(other.key).replace("-", "_")
            column = f"{slug}_{'pct' if other.unit == '%' else 'bp'}"
            window = self.compare_series[self.compare_series.index >= data.index[0]]
            frame = frame.merge(
                pd.DataFrame({"date": window.index, column: window.to_numpy()}),
                on="date",
                how="outer",
            ).sort_values("date", ignore_index=True)
            decimals[column] = other.decimals
        return [(f"{self.file_stem()}-{self.range_name}", round_columns(frame, decimals))]

    # -- drawing ------------------------------------------------------------------------

    def _spec(self, width: int, height: int) -> ChartSpec:
        data = self.in_range
        if data.empty:
            return ChartSpec(title="No data")
        start, end = data.index[0], data.index[-1]
        shown = downsample(data, max(40, width * 2))
        traces = [
            Trace(
                day_numbers(shown.index), shown.tolist(), self.info.key, gaps=gap_spans(data.index)
            )
        ]
        if self.compare and self.compare_series is not None:
            other = series_info(self.compare)
            window = self.compare_series[self.compare_series.index >= start]
            gaps = gap_spans(window.index)
            window = downsample(window, max(40, width * 2))
            traces.append(
                Trace(
                    day_numbers(window.index),
                    window.tolist(),
                    f"{other.key} ({other.unit})",
                    colour="accent",
                    right=other.unit != self.info.unit,
                    gaps=gaps,
                )
            )
        marks = [m for m in self.marks if start <= pd.Timestamp(m.day) <= end]
        if marks:
            traces.append(
                Trace(
                    day_numbers(pd.DatetimeIndex([pd.Timestamp(m.day) for m in marks])),
                    [m.value for m in marks],
                    "anomaly",
                    colour="jgb-anomaly",
                    kind="scatter",
                )
            )
        lo = min(min(t.x) for t in traces if t.x)
        hi = max(max(t.x) for t in traces if t.x)
        vlines: tuple[VLine, ...] = ()
        if self.day is not None and start <= self.day <= end:
            vlines = (VLine(day_numbers(pd.DatetimeIndex([self.day]))[0], colour="jgb-anomaly"),)
        return ChartSpec(
            traces=tuple(traces), vlines=vlines, xticks=date_ticks(lo, hi, max(2, width // 11))
        )

    def _update_side(self) -> None:
        variables = self.app.theme_variables
        data = self.in_range
        side = Text()
        side.append_text(text.heading(variables, f"{self.info.key}, {self.info.unit}"))
        side.append_text(text.muted(variables, "Range (keys 1-6)"))
        side.append(range_line(self.range_name) + "\n")
        if not data.empty:
            side.append(f"{text.day(data.index[0])} → {text.day(data.index[-1])}\n")
            side.append_text(text.muted(variables, f"{len(data):,} observations"))
        side.append("\n")
        side.append_text(
            text.stats_lines(variables, range_stats(data), self.info.decimals, self.info.unit)
        )
        side.append("\n")
        if self.compare and self.compare_series is not None and not data.empty:
            other = series_info(self.compare)
            side.append_text(text.heading(variables, f"vs {other.key}, {other.unit} (c)"))
            window = self.compare_series[self.compare_series.index >= data.index[0]]
            side.append_text(
                text.stats_lines(variables, range_stats(window), other.decimals, other.unit)
            )
        else:
            side.append_text(text.muted(variables, "c: compare with another series"))
        if self.day is not None:
            side.append("\n")
            side.append_text(text.heading(variables, f"Marked: {text.day(self.day)}"))
            value = self.series.get(self.day)
            if value is not None:
                unit = f" {self.info.unit}" if self.info.unit else ""
                side.append(f"{text.value(float(value), self.info.decimals)}{unit}\n")
        marks = [m for m in self.marks if not data.empty and pd.Timestamp(m.day) >= data.index[0]]
        if marks:
            side.append("\n")
            side.append_text(text.heading(variables, f"Anomalies ◆ {len(marks)}"))
            for mark in marks[-3:]:
                side.append(f"{mark.day:%Y-%m-%d}\n", style="bold")
                side.append(f"{mark.text}\n")
        self.query_one("#series-side", Static).update(side)
