"""One line under the title bar: the sell-Japan board at a glance, and unread alerts.

States are words (``RED``, ``amber``, ``green``) so they survive NO_COLOR; colour comes from
the theme (``jgb-up`` for red, ``jgb-anomaly`` for amber, ``jgb-down`` for green).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual.events import Resize
from textual.widgets import Static

from jgbtui.present.format import SLOW_LAG, lags, short_day
from jgbtui.ui.widgets.styling import theme_style

if TYPE_CHECKING:
    from jgbtui.analytics.signals import Board

STATE_VARIABLES = {"red": "jgb-up", "amber": "jgb-anomaly", "green": "jgb-down"}
SHORT_TITLES = {
    "auction_demand": "auctions",
    "foreign_flows": "flows",
    "yen": "yen",
    "curve": "curve",
    "hedged_carry": "carry",
    "homecoming": "home",
}


def state_word(state: str) -> str:
    """RED in capitals (it is the one that matters), the others in lower case."""
    return state.upper() if state == "red" else state


class BoardStrip(Static):
    """``3 new alerts (a) · Sell-Japan 2/5 flashing: auctions RED, flows amber, ...``.

    The unread count goes first, so an 80-column terminal still shows it. A signal based on
    data older than the newest on screen says so: with its date when the line has room
    (``carry green (2025-09-25)``), else ``(old)``.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.board: Board | None = None
        self.unread = 0
        self.newest: date | None = None
        self.today: date | None = None

    def show(
        self,
        board: Board | None,
        unread: int,
        *,
        newest: date | None = None,
        today: date | None = None,
    ) -> None:
        """Data down: the latest board, the unread alert count, and the newest data date on
        screen and today's date (to mark signals read off older data)."""
        self.board, self.unread = board, unread
        if today is not None:
            self.newest, self.today = newest, today
        self.redraw()

    def on_resize(self, _event: Resize) -> None:
        """Pick the variant that fits the new width."""
        self.redraw()

    def redraw(self) -> None:
        """Render the strip from the current board and theme, as much as the width allows."""
        width = self.content_size.width or 78
        variants = [
            self._line(style, head)
            for style, head in (("date", True), ("old", True), ("star", True), ("star", False))
        ]
        fitting = next((v for v in variants if v.cell_len <= width), variants[-1])
        self.update(fitting)

    def _old(self, as_of: date | None, style: str) -> str:
        if not style or self.today is None or not lags(as_of, self.newest, SLOW_LAG):
            return ""
        if style == "star":
            return "*"
        return f" ({short_day(as_of, self.today)})" if style == "date" else " (old)"

    def _line(self, old_style: str, long_head: bool) -> Text:
        variables = self.app.theme_variables
        text = Text()
        if self.unread:
            text.append(
                f"{self.unread} new alert{'s' if self.unread != 1 else ''} (a)",
                style=theme_style(variables, "jgb-anomaly", bold=True),
            )
            text.append(" · ")
        if self.board is None:
            text.append(
                "Sell-Japan board: waiting for data", style=theme_style(variables, "jgb-muted")
            )
        else:
            known = [s for s in self.board.signals if s.state != "unknown"]
            text.append(
                f"Sell-Japan {self.board.flashing}/{len(self.board.signals)}"
                + (" flashing: " if long_head else ": "),
                style=theme_style(
                    variables,
                    "jgb-up" if self.board.flashing else "jgb-muted",
                    bold=bool(self.board.flashing),
                ),
            )
            for index, signal in enumerate(self.board.signals):
                if index:
                    text.append(", ")
                text.append(f"{SHORT_TITLES.get(signal.name, signal.name)} ")
                variable = STATE_VARIABLES.get(str(signal.state))
                text.append(
                    state_word(str(signal.state)),
                    style=theme_style(variables, variable, bold=signal.state == "red")
                    if variable
                    else "",
                )
                if signal.state != "unknown":  # no reading, nothing to call old
                    text.append(self._old(signal.as_of, old_style))
            if not known:
                text.append(" (no data)")
            elif old_style == "star" and any(self._old(s.as_of, "star") for s in known):
                text.append(" (*old)")
        return text
