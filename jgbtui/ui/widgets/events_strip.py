"""One line under the board strip: the BOJ rate, what happens next and what just happened.

``BOJ 1.25% · call 1.229%   Next: MoF weekly flows Thu 08:50 in 1d 07h   FOMC ...   Last: 10Y
auction 12:35: BTC 3.53, tail 0.7bp``. The countdowns tick: the strip checks the clock every
second but repaints only when its text changes (once a minute, every second within the hour
before an event), and nothing else on the screen is touched. Pieces that do not fit are left
out whole, by priority (the next event, then the last one, then the rest): no word is ever
cut.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from jgbtui.ui.widgets.styling import theme_style

if TYPE_CHECKING:
    from jgbtui.present.view import MarketView

#: Cells between two pieces.
GAP = "   "


class EventsStrip(Static):
    """The "next / just happened" line."""

    def __init__(self, clock: Callable[[], datetime], *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.clock = clock
        self.view: MarketView | None = None
        self.painted = ""
        """The text on screen (tests and the tick compare against it)."""
        self.paints = 0
        """How many times the strip was repainted."""
        self._next_check: datetime | None = None

    def on_mount(self) -> None:
        """Paint at once; the screen's timer calls :meth:`tick` when :attr:`due`."""
        self.tick()

    @property
    def due(self) -> datetime | None:
        """When the text may next change (``None``: not known yet)."""
        return self._next_check

    def show(self, view: MarketView) -> None:
        """Data down: a new view (new events, outcomes, rates)."""
        self.view = view
        self.tick(force=True)

    def on_resize(self) -> None:
        """Refit the pieces to the new width."""
        self.tick(force=True)

    def tick(self, force: bool = False) -> None:
        """Repaint if the text at the current time differs from what is on screen.

        Countdowns read in minutes until the last hour before an event, so the text is
        only worked out again when the minute turns, or every second in that last hour.
        """
        if not self.is_mounted:
            return
        now = self.clock()
        if not force and self._next_check is not None and now < self._next_check:
            return
        self._next_check = next_tick(self.view, now)
        text = self.render_text(now)
        if force or text.plain != self.painted:
            self.painted = text.plain
            self.paints += 1
            self.update(text, layout=False)  # one line, always: no screen re-layout

    def render_text(self, now: datetime) -> Text:
        """The strip at ``now``, fitted to the widget's width."""
        from jgbtui.present.events_text import fit, strip_pieces

        variables = self.app.theme_variables
        muted = theme_style(variables, "jgb-muted")
        view = self.view
        text = Text()
        if view is None:
            text.append("Events: waiting for data", style=muted)
            return text
        width = max(20, self.size.width - 2)
        pieces = fit(strip_pieces(view.calendar, view.boj, now), width, len(GAP))
        if not pieces:
            text.append("No scheduled events in the sources' calendars", style=muted)
        for index, piece in enumerate(pieces):
            if index:
                text.append(GAP)
            if piece.lead:
                text.append(piece.lead + " ", style=muted)
            text.append(
                piece.text, style=theme_style(variables, piece.style) if piece.style else ""
            )
        return text


def next_tick(view: MarketView | None, now: datetime) -> datetime:
    """When countdowns next change: in a second within the hour before an event, else at the
    next minute."""
    soon = view.calendar.upcoming(now, 1) if view is not None else []
    if soon and soon[0].when - now <= timedelta(hours=1):
        return now + timedelta(seconds=1)
    return now.replace(second=0, microsecond=0) + timedelta(minutes=1)
