"""The BOJ's policy rate through time, its decision dates marked, and the call rate beside it.

Opened by Enter on a BOJ event or the policy-rate row of the calendar pane, or ``b``. The
policy rate is drawn as steps at its effective dates (from the BIS policy-rate series); each
change is marked at its decision date (from the BOJ's statements). The overnight call rate
(BOJ FM01) is drawn beside it, with its spread to the policy rate in the side panel.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date, datetime

import pandas as pd
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from jgbtui.analytics.history import calendar_dates, day_numbers
from jgbtui.present.macro import CALL_SOURCE, BojView
from jgbtui.present.view import MarketView
from jgbtui.sources import catalog
from jgbtui.ui.screens.drill import text
from jgbtui.ui.screens.drill.base import RANGE_BINDINGS, DrillScreen, range_line
from jgbtui.ui.widgets.chart import Chart, ChartSpec, Trace, VLine, date_ticks


def _steps_line(boj: BojView, until: date) -> pd.Series:
    """The policy rate as a step line: a point before and at each change, up to ``until``."""
    points: dict[pd.Timestamp, float] = {}
    steps = list(reversed(boj.steps))  # oldest first
    for previous, step in zip([None, *steps[:-1]], steps, strict=True):
        when = pd.Timestamp(step.effective)
        if previous is not None:
            points[when - pd.Timedelta(days=1)] = previous.rate_pct
        points[when] = step.rate_pct
    if steps:
        points[pd.Timestamp(max(until, steps[-1].effective))] = steps[-1].rate_pct
    return pd.Series(points, dtype="float64").sort_index()


class PolicyScreen(DrillScreen):
    """Policy rate steps with decision dates, and the overnight call rate."""

    BINDINGS = [*RANGE_BINDINGS]
    DEFAULT_CSS = """
    PolicyScreen #policy-chart {
        width: 1fr;
    }
    PolicyScreen .drill-side {
        width: 40;
    }
    """
    sources = (catalog.POLICY_RATE.source, catalog.CALL_RATE.source)

    def __init__(self, view: MarketView, clock: Callable[[], datetime]) -> None:
        super().__init__(view, clock)
        self.boj = view.boj
        self.range_name = "Max"
        today = clock().date()
        self.policy = _steps_line(self.boj, today) if self.boj is not None else pd.Series()
        call = view.frames.call_rate
        self.call = (
            calendar_dates(call["call_rate_pct"])
            if call is not None and "call_rate_pct" in call
            else pd.Series(dtype="float64")
        )

    def title_text(self) -> str:
        """What the rate is and where it comes from."""
        return "BOJ policy rate (steps, decisions marked) and the O/N call rate · BIS, BOJ"

    def file_stem(self) -> str:
        """``boj-policy-rate``."""
        return "boj-policy-rate"

    def compose_body(self) -> ComposeResult:
        """The chart on the left, the decisions on the right."""
        with Horizontal(id="drill-body"):
            yield Chart(lambda w, h: self._spec(w), id="policy-chart")
            with Vertical(classes="drill-side"):
                yield Static("", id="policy-side")

    def on_mount(self) -> None:
        """Fill the side panel."""
        self._update_side()

    def range_changed(self) -> None:
        """Redraw the chart for the new range."""
        self.query_one(Chart).redraw()
        self._update_side()

    def _start(self) -> pd.Timestamp | None:
        from jgbtui.analytics.history import RANGES

        offset = RANGES[self.range_name]
        ends = [s.index[-1] for s in (self.policy, self.call) if not s.empty]
        return None if offset is None or not ends else max(ends) - offset

    def _in_range(self, series: pd.Series) -> pd.Series:
        start = self._start()
        return series if start is None or series.empty else series[series.index >= start]

    def export_frames(self) -> Sequence[tuple[str, pd.DataFrame]]:
        """The policy steps (effective, decided, rate, change) and the call rate in range."""
        out = []
        if self.boj is not None and self.boj.steps:
            steps = pd.DataFrame(
                {
                    "effective_date": [s.effective for s in self.boj.steps],
                    "decision_date": [s.decided for s in self.boj.steps],
                    "rate_pct": [s.rate_pct for s in self.boj.steps],
                    "change_bp": [s.change_bp for s in self.boj.steps],
                }
            ).iloc[::-1]
            out.append(("boj-policy-rate", steps))
        call = self._in_range(self.call)
        if not call.empty:
            out.append(
                ("call-rate", pd.DataFrame({"date": call.index, "call_rate_pct": call.to_numpy()}))
            )
        return out

    def _spec(self, width: int) -> ChartSpec:
        policy, call = self._in_range(self.policy), self._in_range(self.call)
        if policy.empty and call.empty:
            return ChartSpec(title="No policy-rate or call-rate data")
        traces = []
        if not policy.empty:
            traces.append(
                Trace(day_numbers(policy.index), policy.tolist(), "policy rate %", "primary")
            )
        if not call.empty:
            traces.append(
                Trace(day_numbers(call.index), call.tolist(), "O/N call rate %", "jgb-up")
            )
        xs = [x for t in traces for x in t.x]
        vlines = []
        if self.boj is not None:
            lo, hi = min(xs), max(xs)
            for step in self.boj.steps:
                if step.decided is None or math.isnan(step.change_bp):
                    continue
                x = day_numbers(pd.DatetimeIndex([pd.Timestamp(step.decided)]))[0]
                if lo <= x <= hi:
                    vlines.append(VLine(x, f"{step.rate_pct:.2f}%", "jgb-anomaly"))
        return ChartSpec(
            traces=tuple(traces),
            vlines=tuple(vlines),
            xticks=date_ticks(min(xs), max(xs), max(2, width // 11)),
        )

    def _update_side(self) -> None:
        variables = self.app.theme_variables
        side = Text()
        boj = self.boj
        side.append_text(text.heading(variables, "Range (keys 1-6)"))
        side.append(range_line(self.range_name) + "\n\n")
        if boj is None:
            side.append("No policy-rate data.\n")
        else:
            side.append_text(text.heading(variables, "Policy rate"))
            if not math.isnan(boj.policy_rate_pct):
                side.append(f"{boj.policy_rate_pct:.2f}% since {text.day(boj.since)}\n")
            if not math.isnan(boj.call_rate_pct):
                side.append(
                    f"Call {boj.call_rate_pct:.3f}% on {text.day(boj.call_as_of)}"
                    + (
                        f" ({boj.spread_bp:+.1f}bp)\n"
                        if not math.isnan(boj.policy_rate_pct)
                        else "\n"
                    )
                )
            if boj.next_meeting is not None:
                side.append(f"Next decision {text.day(boj.next_meeting)}\n")
            side.append("\n")
            side.append_text(text.heading(variables, "Decided → effective"))
            for step in boj.steps:
                change = "" if math.isnan(step.change_bp) else f" ({step.change_bp:+.0f}bp)"
                decided = text.day(step.decided) if step.decided else "no statement"
                if math.isnan(step.change_bp):
                    decided = "start of series"
                side.append(f"{decided} → {text.day(step.effective)}\n")
                side.append(f"   {step.rate_pct:.2f}%{change}\n")
            side.append("\n")
            side.append_text(text.muted(variables, boj.source + "; " + CALL_SOURCE + "."))
        self.query_one("#policy-side", Static).update(side)
