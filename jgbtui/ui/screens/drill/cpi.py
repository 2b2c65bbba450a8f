"""CPI year on year: all items, core and core-core, for Tokyo (the early read) or Japan.

Opened by Enter on a CPI event or a CPI row of the calendar pane, or ``i``; ``a`` switches
between Tokyo and Japan. Rates are each computed within one base (2025 base from January
2026, 2020 base before); the first month on the 2025 base is marked on the chart.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import datetime

import pandas as pd
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from jgbtui.analytics.cpi import LONG_TITLES, MEASURES
from jgbtui.analytics.history import calendar_frame, day_numbers, range_start
from jgbtui.present.macro import CpiAreaView
from jgbtui.present.view import MarketView
from jgbtui.sources import catalog
from jgbtui.ui.screens.drill import text
from jgbtui.ui.screens.drill.base import RANGE_BINDINGS, DrillScreen, range_line
from jgbtui.ui.widgets.chart import Chart, ChartSpec, Trace, VLine, date_ticks

COLOURS = {"all_items": "jgb-up", "core": "primary", "core_core": "jgb-down"}


class CpiScreen(DrillScreen):
    """Year-on-year CPI of one area, three measures, base switch marked."""

    BINDINGS = [*RANGE_BINDINGS, Binding("a", "area", "Tokyo/Japan")]
    DEFAULT_CSS = """
    CpiScreen #cpi-chart {
        width: 1fr;
    }
    CpiScreen .drill-side {
        width: 40;
    }
    """
    sources = (catalog.CPI_NATIONAL.source, catalog.CPI_TOKYO.source)

    def __init__(
        self, view: MarketView, clock: Callable[[], datetime], area: str = "tokyo"
    ) -> None:
        super().__init__(view, clock)
        self.areas = {a.area: a for a in view.cpi.areas}
        self.area = area if area in self.areas else next(iter(self.areas), area)
        self.range_name = "Max"

    @property
    def current(self) -> CpiAreaView | None:
        """The area on screen."""
        return self.areas.get(self.area)

    def title_text(self) -> str:
        """Area and publisher."""
        label = "Tokyo ward area" if self.area == "tokyo" else "Japan"
        return f"CPI, % y/y · {label} · Statistics Bureau of Japan"

    def file_stem(self) -> str:
        """``cpi-tokyo``."""
        return f"cpi-{self.area}"

    def compose_body(self) -> ComposeResult:
        """The chart on the left, the figures on the right."""
        with Horizontal(id="drill-body"):
            yield Chart(lambda w, h: self._spec(w), id="cpi-chart")
            with Vertical(classes="drill-side"):
                yield Static("", id="cpi-side")

    def on_mount(self) -> None:
        """Fill the side panel."""
        self._update_side()

    def action_area(self) -> None:
        """Switch between Tokyo and Japan."""
        names = list(self.areas)
        if len(names) > 1:
            self.area = names[(names.index(self.area) + 1) % len(names)]
            self.update_title()
            self.range_changed()

    def range_changed(self) -> None:
        """Redraw after a range or area change."""
        self.query_one(Chart).redraw()
        self._update_side()

    def history(self) -> pd.DataFrame:
        """The area's rates within the current range (months by calendar date)."""
        area = self.current
        if area is None or area.history.empty:
            return pd.DataFrame()
        data = calendar_frame(area.history)
        start = range_start(data, self.range_name)
        return data if start is None else data[data.index >= start]

    def export_frames(self) -> Sequence[tuple[str, pd.DataFrame]]:
        """The rates (and the base each was computed on) in range."""
        data = self.history()
        return [(f"cpi-{self.area}-{self.range_name}", data.reset_index(names="month"))]

    def _spec(self, width: int) -> ChartSpec:
        data = self.history()
        if data.empty:
            return ChartSpec(title="No CPI data")
        x = day_numbers(data.index)
        traces = tuple(
            Trace(x, data[f"{m}_yoy_pct"].tolist(), LONG_TITLES[m].split(" (")[0], COLOURS[m])
            for m in MEASURES
            if f"{m}_yoy_pct" in data
        )
        vlines = []
        bases = data.get("core_base", data.get("all_items_base"))
        if bases is not None:
            switch = bases[bases.diff() > 0]
            for when in switch.index:
                label = f"{int(bases[when])} base"
                vlines.append(VLine(day_numbers(pd.DatetimeIndex([when]))[0], label))
        return ChartSpec(
            traces=traces,
            vlines=tuple(vlines),
            xticks=date_ticks(min(x), max(x), max(2, width // 11)),
            zero_line=True,
        )

    def _update_side(self) -> None:
        variables = self.app.theme_variables
        side = Text()
        side.append_text(text.heading(variables, "Area (a: switch)"))
        side.append(" / ".join(f"[{a.label}]" if a.area == self.area else a.label
                               for a in self.areas.values()) + "\n")  # fmt: skip
        side.append_text(text.muted(variables, "Range (keys 1-6)"))
        side.append(range_line(self.range_name) + "\n\n")
        area = self.current
        if area is None:
            side.append("No CPI data for this area.\n")
        else:
            side.append_text(text.heading(variables, f"{area.month:%B %Y}"))
            for figure in area.figures:
                previous = (
                    "" if math.isnan(figure.previous_pct) else f" (prev {figure.previous_pct:+.1f})"
                )
                side.append(f"{LONG_TITLES[figure.measure]}\n")
                side.append(f"   {figure.yoy_pct:+.1f}% y/y{previous}\n")
            if area.headline:
                side.append("\n" + area.headline + "\n")
            side.append("\n")
            side.append_text(
                text.muted(
                    variables,
                    "Each rate is computed within one base: 2025 base (zmi2025aa, "
                    "tmi2025aa) from January 2026, 2020 base before; rounded half up to "
                    "0.1 as published.",
                )
            )
        self.query_one("#cpi-side", Static).update(side)
