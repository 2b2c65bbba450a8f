"""Signals pane: the sell-Japan board with reasons, and the headlines (anomalies, newest first)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import Static

from jgbtui.present.format import short_day
from jgbtui.ui.widgets.board_strip import STATE_VARIABLES, state_word
from jgbtui.ui.widgets.pane import Pane
from jgbtui.ui.widgets.pane_table import PaneTable
from jgbtui.ui.widgets.styling import plain, theme_style

if TYPE_CHECKING:
    from jgbtui.present.view import MarketView

SEVERITY_MARKS = {"alert": "!!", "warning": "! ", "info": "  "}


class SignalsPane(Pane):
    """Five traffic lights with their reasons, every current anomaly in desk words, and the
    approximation behind the hedged-carry figures."""

    pane_id = "signals"
    label = "Signals"
    number = 5

    def compose(self) -> ComposeResult:
        """The board table over the headlines table."""
        yield PaneTable(id="board-table")
        yield PaneTable(id="headlines-table")
        yield Static("", id="hedge-note", classes="note", markup=False)

    def on_mount(self) -> None:
        """Columns sized for 76 cells; reasons and headlines take the rest."""
        self.query_one("#board-table", PaneTable).set_columns(
            [("Signal", 14), ("State", 7), ("Why", 49)]
        )
        self.query_one("#headlines-table", PaneTable).set_columns(
            [("", 2), ("Date", 6), ("Headline", 62)]
        )

    def render_view(self, view: MarketView) -> None:
        """Fill the board and the headlines."""
        variables = self.app.theme_variables
        board = view.board
        rows = []
        for signal in board.signals if board is not None else ():
            variable = STATE_VARIABLES.get(str(signal.state))
            style = theme_style(variables, variable, bold=signal.state == "red") if variable else ""
            state = plain(state_word(str(signal.state)), justify="left")
            state.stylize(style)
            rows.append(
                (
                    signal.name,
                    [
                        plain(signal.title, justify="left"),
                        state,
                        plain(signal.reason, justify="left"),
                    ],
                )
            )
        self.query_one("#board-table", PaneTable).set_rows(rows)
        headlines = []
        for anomaly in view.anomalies:
            mark = plain(SEVERITY_MARKS.get(anomaly.severity, "  "), justify="left")
            if anomaly.severity != "info":
                mark.stylize(theme_style(variables, "jgb-anomaly", bold=True))
            headlines.append(
                (
                    f"{anomaly.key}|{anomaly.date}",
                    [
                        mark,
                        plain(short_day(anomaly.date), justify="left"),
                        plain(anomaly.text, justify="left"),
                    ],
                )
            )
        self.query_one("#headlines-table", PaneTable).set_rows(headlines)
        from jgbtui.analytics.carry import HEDGE_NOTE  # loaded with the view model already

        self.query_one("#hedge-note", Static).update(HEDGE_NOTE)

    def as_of_text(self, view: MarketView) -> str:
        """How many signals flash."""
        if view.board is None:
            return ""
        return f"{view.board.flashing} flashing, {view.board.watching} amber"
