"""The JGB curve now against 1 week, 1 month and 1 year ago, with the changes per tenor.

Opened by Enter on a curve spread (2s10s, 5s30s, 10s30s: the cursor starts on that spread)
or by ``v`` on the main screen. Enter on a row of its table opens that tenor's (or spread's)
full history.
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

from jgbtui.analytics.curve import CURVE_SPREADS
from jgbtui.analytics.history import CURVE_DATES, calendar_frame, curve_on_dates
from jgbtui.present.drill import JGB_SOURCES
from jgbtui.present.format import bp, pct
from jgbtui.present.frames import result_frame as frame
from jgbtui.present.view import MarketView
from jgbtui.sources import catalog
from jgbtui.ui.screens.drill import text
from jgbtui.ui.screens.drill.base import DrillScreen
from jgbtui.ui.widgets.chart import Chart, ChartSpec, Trace
from jgbtui.ui.widgets.pane_table import PaneTable
from jgbtui.ui.widgets.styling import change_text, plain

#: Colour (theme variable) of each curve, newest first.
CURVE_COLOURS = {
    "Latest": "primary",
    "1W ago": "accent",
    "1M ago": "secondary",
    "1Y ago": "jgb-muted",
}
SHORT = {"1W ago": "-1W", "1M ago": "-1M", "1Y ago": "-1Y"}


#: Which tenor labels to keep first when they cannot all fit under the chart.
TICK_PRIORITY = ("10Y", "1Y", "40Y", "5Y", "20Y", "2Y", "30Y", "7Y", "15Y", "3Y", "25Y")


def tenor_ticks(tenors: list[str], width: int) -> tuple[tuple[float, str], ...]:
    """Tenor labels for a chart ``width`` columns wide, two clear columns apart.

    The most quoted tenors are placed first; a label that would crowd one already placed is
    left out (plotext would otherwise drop labels depending on rounding).
    """
    canvas = max(1, width - 8)  # less the y labels and the frame
    column = canvas / max(1, len(tenors))
    order = [t for t in TICK_PRIORITY if t in tenors] + [
        t for t in tenors if t not in TICK_PRIORITY
    ]
    placed: dict[int, str] = {}
    for tenor in order:
        index = tenors.index(tenor)
        centre = (index + 0.5) * column
        if all(
            abs(centre - (other + 0.5) * column) >= (len(tenor) + len(label)) / 2 + 2
            for other, label in placed.items()
        ):
            placed[index] = tenor
    return tuple((float(i), placed[i]) for i in sorted(placed))


class CurveScreen(DrillScreen):
    """Four curves on one chart and a table of levels and changes."""

    DEFAULT_CSS = """
    CurveScreen .drill-side {
        width: 42;
    }
    """
    sources = JGB_SOURCES

    def __init__(
        self, view: MarketView, clock: Callable[[], datetime], *, spread: str | None = None
    ) -> None:
        super().__init__(view, clock)
        results = view.results
        self.spread = spread
        yields = frame(results, catalog.JGB_YIELDS)
        self.curves = pd.DataFrame() if yields is None else curve_on_dates(calendar_frame(yields))
        self.tenors: list[str] = [] if yields is None else [str(c) for c in yields.columns]

    def title_text(self) -> str:
        """Says which spread it was opened from, if any."""
        about = (
            f" · {self.spread} ({'-'.join(CURVE_SPREADS[self.spread][::-1])})"
            if self.spread
            else ""
        )
        return f"JGB curve · latest vs 1 week, 1 month, 1 year ago{about} · MoF"

    def file_stem(self) -> str:
        """``jgb-curve``."""
        return "jgb-curve"

    def rule_series(self) -> str:
        """``+``: a rule on the spread shown, else on the 10Y."""
        from jgbtui.present.targets import drill_series

        return drill_series(self.spread or "10Y")

    def compose_body(self) -> ComposeResult:
        """Chart on the left; curve dates and the tenor table on the right."""
        with Horizontal(id="drill-body"):
            yield Chart(self._spec, id="curve-chart")
            with Vertical(classes="drill-side"):
                yield Static("", id="curve-dates")
                yield PaneTable(id="curve-table")

    def on_mount(self) -> None:
        """Fill the dates and the table; put the cursor on the spread it was opened from."""
        variables = self.app.theme_variables
        dates = Text()
        dates.append_text(text.heading(variables, "Curves (changes in bp vs)"))
        latest = self.curves["date"].max() if not self.curves.empty else None
        for label, offset in CURVE_DATES.items():
            if label in self.curves.index:
                dates.append(f"{label:<7}{text.day(self.curves.loc[label, 'date'])}\n")
            elif latest is not None and offset is not None:
                missing = f"{label:<7}no curve near {text.day(latest - offset)}"
                dates.append_text(text.muted(variables, missing))
        self.query_one("#curve-dates", Static).update(dates)
        table = self.query_one("#curve-table", PaneTable)
        table.styles.height = "1fr"  # the app stylesheet sizes PaneTables to their rows
        past = [c for c in CURVE_DATES if c != "Latest" and c in self.curves.index]
        table.set_columns([("Tenor", 6), ("Latest", 6), *((c[:2], 6) for c in past)])
        table.set_rows(self._rows(past))
        table.focus()
        if self.spread and self.spread in table.rows:
            row = table.get_row_index(self.spread)
            self.call_after_refresh(table.move_cursor, row=row, animate=False)

    def open_row(self, table: str | None, key: str | None) -> bool:
        """Enter on a tenor or spread: its full history."""
        if table != "curve-table" or key is None:
            return False
        from jgbtui.ui.screens.drill.series import SeriesScreen

        self.app.push_screen(SeriesScreen(self.view, self.clock, key))
        return True

    def _rows(self, past: list[str]) -> list[tuple[str, list[str | Text]]]:
        if "Latest" not in self.curves.index:
            return []
        variables = self.app.theme_variables
        levels = self.curves[self.tenors].astype(float).to_dict(orient="index")
        latest = levels["Latest"]
        rows: list[tuple[str, list[str | Text]]] = []
        for tenor in self.tenors:
            changes = [(latest[tenor] - levels[c][tenor]) * 100 for c in past]
            cells = [change_text(variables, c, bp(c)) for c in changes]
            rows.append((tenor, [plain(tenor, justify="left"), plain(pct(latest[tenor])), *cells]))
        for name, (short, long) in CURVE_SPREADS.items():
            level = (latest[long] - latest[short]) * 100
            then = [(levels[c][long] - levels[c][short]) * 100 for c in past]
            cells = [change_text(variables, level - t, bp(level - t)) for t in then]
            rows.append((name, [plain(name, justify="left"), plain(f"{level:.1f}"), *cells]))
        return rows

    def export_frames(self) -> Sequence[tuple[str, pd.DataFrame]]:
        """One row per curve: ``curve,date,1Y..40Y`` as published."""
        return [("jgb-curve", self.curves.reset_index())]

    def _spec(self, width: int, height: int) -> ChartSpec:
        if self.curves.empty:
            return ChartSpec(title="No data")
        traces = []
        positions = list(range(len(self.tenors)))
        for label, row in self.curves.iloc[::-1].iterrows():
            values = [float(row[t]) for t in self.tenors]
            keep = [i for i in positions if not math.isnan(values[i])]
            traces.append(
                Trace(
                    [float(i) for i in keep],
                    [values[i] for i in keep],
                    f"{label} {text.day(row['date'])}"
                    if width >= 70
                    else SHORT.get(str(label), "now"),
                    colour=CURVE_COLOURS.get(str(label), "foreground"),
                )
            )
        # Half a tenor of room at each end keeps the 1Y and 40Y labels inside the plot.
        xlim = (-0.5, len(self.tenors) - 0.5)
        return ChartSpec(traces=tuple(traces), xticks=tenor_ticks(self.tenors, width), xlim=xlim)
