"""Status line: each source's state, data date and next release; Tokyo and local clocks."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from jgbtui.format import duration
from jgbtui.sources.base import TOKYO, SourceResult
from jgbtui.widgets.styling import theme_style

ABBREVIATIONS = {
    "mof_yields": "JGB",
    "ust_curve": "UST",
    "mof_auctions": "AUC",
    "mof_flows_weekly": "FLW-W",
    "mof_flows_monthly": "FLW-M",
    "boj_usdjpy": "BOJ",
    "ecb_usdjpy": "ECB",
    "fred_usdjpy": "FRED",
    "mof_intervention": "INTV",
}


def source_state(result: SourceResult | None, refreshing: bool, now: datetime) -> str:
    """One word (or two) for a source's state, readable without colour."""
    if refreshing:
        return "refreshing"
    if result is None:
        return "waiting"
    if result.status == "stale":
        age = result.age(now)
        return f"stale {duration(age.total_seconds())}" if age else "stale"
    if result.status == "ok" and result.late:
        return "late"
    return result.status


def token(name: str, result: SourceResult | None, refreshing: bool, now: datetime) -> str:
    """``JGB ok 09/11 next 11/25 09:30`` for one source."""
    parts = [ABBREVIATIONS.get(name, name), source_state(result, refreshing, now)]
    if result is not None and result.as_of:
        parts.append(f"{result.as_of:%m/%d}")
    if result is not None and result.next_release:
        nxt = result.next_release.astimezone(TOKYO)
        parts.append(f"next {nxt:%m/%d %H:%M}")
    return " ".join(parts)


class StatusLine(Static):
    """Two or three lines at the bottom of the main screen."""

    def __init__(self, clock: Callable[[], datetime], *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.clock = clock
        self.results: Mapping[str, SourceResult] = {}
        self.refreshing: set[str] = set()
        self.order: list[str] = []

    def on_mount(self) -> None:
        """Tick the clocks once a second."""
        self.set_interval(1.0, self.redraw)

    def update_state(
        self, order: list[str], results: Mapping[str, SourceResult], refreshing: set[str]
    ) -> None:
        """New per-source state from the app."""
        self.order, self.results, self.refreshing = order, results, set(refreshing)
        self.redraw()

    def redraw(self) -> None:
        """Render tokens, the newest problem in words, and the clocks."""
        now = self.clock()
        variables = self.app.theme_variables
        text = Text()
        for name in self.order:
            result = self.results.get(name)
            state = source_state(result, name in self.refreshing, now)
            style = {
                "ok": "",
                "refreshing": "jgb-muted",
                "late": "jgb-anomaly",
                "error": "jgb-up",
                "demo": "jgb-demo",
            }.get(state.split()[0], "jgb-stale")
            text.append(
                token(name, result, name in self.refreshing, now),
                style=theme_style(variables, style) if style else "",
            )
            text.append("  ")
        problems = [
            f"{ABBREVIATIONS.get(n, n)}: {r.error}"
            for n in self.order
            if (r := self.results.get(n)) is not None and r.error
        ]
        local = now.astimezone()
        clocks = f"Tokyo {now.astimezone(TOKYO):%H:%M:%S}  local {local:%H:%M:%S %Z}"
        text.append("\n")
        text.append(clocks, style=theme_style(variables, "jgb-muted"))
        if problems:
            text.append("  ")
            text.append(
                problems[0]
                + (f" (+{len(problems) - 1} more, s: sources)" if len(problems) > 1 else "")
            )
        self.update(text)
