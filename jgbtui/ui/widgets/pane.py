"""Base class of the four panes: a bordered box that renders its part of a MarketView.

The border title names the pane and its shortcut; the border subtitle gives the as-of date
and, when a feeding source failed, ``STALE <age>`` or ``ERROR`` in words (so the state is
readable without colour). Data goes down as :meth:`show` calls; panes never fetch.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.containers import Vertical
from textual.widgets import Static

from jgbtui.present.format import duration
from jgbtui.present.panes import PANE_SOURCES
from jgbtui.ui.widgets.pane_table import same_cell
from jgbtui.ui.widgets.partial import PartialRefresh

if TYPE_CHECKING:
    from jgbtui.present.view import MarketView
    from jgbtui.sources.base import SourceResult


def show_text(widget: Static, text: str | Text) -> None:
    """Put ``text`` in ``widget``, unless it is there already.

    Every update lays the whole screen out again (the text may need more lines); a view
    that leaves a note as it was must not cost that.
    """
    if not same_cell(widget.content, text):
        widget.update(text)


class Pane(PartialRefresh, Vertical, can_focus=False):
    """A pane of the main screen. Subclasses implement :meth:`render_view`."""

    pane_id: ClassVar[str]
    """Key in :data:`jgbtui.present.view.PANE_SOURCES`, also the DOM id."""
    label: ClassVar[str]
    number: ClassVar[int]

    def __init__(self) -> None:
        super().__init__(id=self.pane_id, classes="pane")
        self.border_title = f"{self.number} {self.label}"
        self.view: MarketView | None = None
        self.results: Mapping[str, SourceResult] = {}
        """The latest state of every source (newer than the view's when only states moved)."""
        self._subtitle = ""

    def on_mount(self) -> None:
        """Every pane gets a notice line, shown only when it has nothing to display."""
        self.mount(Static("", classes="pane-notice", markup=False), before=0)

    def show(self, view: MarketView, now: datetime) -> None:
        """Render ``view`` and mark the pane's state (stale / error / demo)."""
        self.view = view
        self.render_view(view)
        self.mark_state(now)

    def show_results(self, results: Mapping[str, SourceResult], now: datetime) -> None:
        """New per-source states (stale, error...) without a new view: mark the border."""
        self.results = results
        self.mark_state(now)

    def render_view(self, view: MarketView) -> None:
        """Draw the pane's content from ``view``."""
        raise NotImplementedError

    def as_of_text(self, view: MarketView) -> str:
        """The as-of part of the subtitle; subclasses may refine it."""
        dates = [r.as_of for r in view.pane_results(self.pane_id) if r.as_of]
        return f"as of {max(dates).isoformat()}" if dates else ""

    def mark_state(self, now: datetime) -> None:
        """Border subtitle and state classes from the current view at ``now``."""
        view = self.view
        if view is None:
            return
        latest = self.results or view.results
        results = [latest[n] for n in PANE_SOURCES[self.pane_id] if n in latest]
        stale = [r for r in results if r.status == "stale"]
        errors = [r for r in results if r.status == "error"]
        demo = any(r.status == "demo" for r in results)
        parts = [self.as_of_text(view)]
        if demo:
            parts.append("DEMO")
        if stale:
            ages = [r.age(now) for r in stale]
            oldest = max((a.total_seconds() for a in ages if a is not None), default=0.0)
            parts.append(f"STALE {duration(oldest)}")
        if errors and not any(r.has_data for r in results):
            parts.append("NO DATA")
        elif errors:
            parts.append("PARTIAL")
        subtitle = " · ".join(p for p in parts if p)
        if subtitle != self._subtitle:  # setting it repaints its row, even unchanged
            self._set_subtitle(subtitle)
        no_data = bool(results) and not any(r.has_data for r in results)
        self.set_class(no_data, "-no-data")
        if no_data:
            reasons = [f"{r.title}: {r.error}" for r in results if r.error]
            notice = self.query_one(".pane-notice", Static)
            show_text(notice, "No data to show. " + " | ".join(reasons))
        self.set_class(bool(stale), "-stale")
        self.set_class(bool(errors), "-error")
        self.set_class(demo, "-demo")

    def _set_subtitle(self, subtitle: str) -> None:
        """Show ``subtitle`` in the bottom border, repainting that row only.

        Textual's setter repaints the whole pane, and with it every row of the table inside:
        a "STALE 12 min" that ticks each minute would rewrite the screen each minute.
        """
        self._subtitle = subtitle
        with self.repainting(self.outer_row(self.outer_size.height - 1)):
            self.border_subtitle = subtitle
