"""One line under the title bar: the sell-Japan board at a glance, and unread alerts.

States are words (``RED``, ``amber``, ``green``) so they survive NO_COLOR; colour comes from
the theme (``jgb-up`` for red, ``jgb-anomaly`` for amber, ``jgb-down`` for green).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

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
    """``Sell-Japan 2/5 flashing: auctions RED, flows amber, ... · 3 new alerts (a)``."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.board: Board | None = None
        self.unread = 0

    def show(self, board: Board | None, unread: int) -> None:
        """Data down: the latest board and the unread alert count."""
        self.board, self.unread = board, unread
        self.redraw()

    def redraw(self) -> None:
        """Render the strip from the current board and theme."""
        variables = self.app.theme_variables
        text = Text()
        if self.board is None:
            text.append(
                "Sell-Japan board: waiting for data", style=theme_style(variables, "jgb-muted")
            )
        else:
            known = [s for s in self.board.signals if s.state != "unknown"]
            text.append(
                f"Sell-Japan {self.board.flashing}/{len(self.board.signals)} flashing: ",
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
            if not known:
                text.append(" (no data)")
        if self.unread:
            text.append(
                f"  · {self.unread} new alert{'s' if self.unread != 1 else ''} (a)",
                style=theme_style(variables, "jgb-anomaly", bold=True),
            )
        self.update(text)
