"""Signals pane: the sell-Japan board with reasons, and the headlines (anomalies, newest first).

Reasons and headlines are shortened at a word boundary (ending in ``…``) to the width the
pane has, never inside a number; Enter on a signal shows its whole reason and the figures
behind it, Enter on a headline opens its series at that date.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.events import Resize

from jgbtui.present.format import SLOW_LAG, lags, short_day, shorten
from jgbtui.ui.widgets.board_strip import SHORT_TITLES, STATE_VARIABLES, state_word
from jgbtui.ui.widgets.pane import Pane
from jgbtui.ui.widgets.pane_table import PaneTable
from jgbtui.ui.widgets.styling import plain, theme_style

if TYPE_CHECKING:
    from jgbtui.analytics.signals import Signal
    from jgbtui.present.view import MarketView

SEVERITY_MARKS = {"alert": "!!", "warning": "! ", "info": "  "}
#: Fixed columns of the board table: signal title, state; short titles below this width.
BOARD_FIXED = (("Signal", 14), ("State", 7))
BOARD_SHORT = (("Signal", 8), ("State", 7))
LONG_TITLES_FROM = 70
#: Fixed columns of the headlines table: severity mark, date (a date of another year needs
#: 10 cells, ``2025-09-25``).
MARK_WIDTH = 2


def why_text(signal: Signal, view: MarketView) -> str:
    """The reason as the board shows it: led by its date when it is older than the newest
    data on screen, so a state read off year-old closes says so."""
    if lags(signal.as_of, view.newest, SLOW_LAG):
        return f"as of {short_day(signal.as_of, view.today)}: {signal.reason}"
    return signal.reason


class SignalsPane(Pane):
    """Five traffic lights with their reasons, and every current anomaly in desk words."""

    pane_id = "signals"
    label = "Signals"
    number = 5

    def compose(self) -> ComposeResult:
        """The board table over the headlines table."""
        yield PaneTable(id="board-table")
        yield PaneTable(id="headlines-table")

    def on_resize(self, _event: Resize) -> None:
        """A new width: shorten the reasons and headlines to it."""
        if self.view is not None:
            self.render_view(self.view)

    def render_view(self, view: MarketView) -> None:
        """Fill the board and the headlines, shortened to the width available."""
        variables = self.app.theme_variables
        board_table = self.query_one("#board-table", PaneTable)
        long_titles = (self.content_size.width or LONG_TITLES_FROM) >= LONG_TITLES_FROM
        fixed = BOARD_FIXED if long_titles else BOARD_SHORT
        why_width = max(12, board_table.room([w for _, w in fixed], scrollbar=False))
        board_table.set_columns([*fixed, ("Why (Enter: all of it)", why_width)])
        rows = []
        for signal in view.board.signals if view.board is not None else ():
            variable = STATE_VARIABLES.get(str(signal.state))
            style = theme_style(variables, variable, bold=signal.state == "red") if variable else ""
            state = plain(state_word(str(signal.state)), justify="left")
            state.stylize(style)
            rows.append(
                (
                    signal.name,
                    [
                        plain(
                            signal.title
                            if long_titles
                            else SHORT_TITLES.get(signal.name, signal.name),
                            justify="left",
                        ),
                        state,
                        plain(shorten(why_text(signal, view), why_width), justify="left"),
                    ],
                )
            )
        board_table.set_rows(rows)
        today = view.today
        dates = [short_day(a.date, today) for a in view.anomalies]
        date_width = max((len(d) for d in dates), default=6)
        headlines_table = self.query_one("#headlines-table", PaneTable)
        text_width = max(12, headlines_table.room([MARK_WIDTH, date_width]))
        headlines_table.set_columns(
            [("", MARK_WIDTH), ("Date", date_width), ("Headline (Enter: chart)", text_width)]
        )
        headlines = []
        for anomaly, shown in zip(view.anomalies, dates, strict=True):
            mark = plain(SEVERITY_MARKS.get(anomaly.severity, "  "), justify="left")
            if anomaly.severity != "info":
                mark.stylize(theme_style(variables, "jgb-anomaly", bold=True))
            headlines.append(
                (
                    f"{anomaly.key}|{anomaly.date}",
                    [
                        mark,
                        plain(shown, justify="left"),
                        plain(shorten(anomaly.text, text_width), justify="left"),
                    ],
                )
            )
        headlines_table.set_rows(headlines)

    def as_of_text(self, view: MarketView) -> str:
        """How many signals flash."""
        if view.board is None:
            return ""
        return f"{view.board.flashing} flashing, {view.board.watching} amber"
