"""One signal of the sell-Japan board in full: its state, its whole reason, the figures behind
it (each with its own date) and how they are computed.

Opened by Enter on a row of the board table. The reason is word for word the one
``jgbtui snapshot --json`` prints (both come from the same board); it wraps at word
boundaries, never cut. ``n`` / ``p`` (or ``j`` / ``k``) step to the next / previous
signal; the arrows and PgUp / PgDn scroll.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

import pandas as pd
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from jgbtui.analytics.signals import Board, Signal
from jgbtui.present.format import SLOW_LAG, lags, short_day
from jgbtui.present.view import MarketView
from jgbtui.ui.screens.drill import text
from jgbtui.ui.screens.drill.base import DrillScreen
from jgbtui.ui.widgets.board_strip import STATE_VARIABLES, state_word
from jgbtui.ui.widgets.styling import theme_style


class SignalScreen(DrillScreen):
    """A board signal: state, whole reason, dated figures, method note."""

    BINDINGS = [
        Binding("n", "step(1)", "Next signal", key_display="n/p", priority=True),
        Binding("p", "step(-1)", "Previous", show=False, priority=True),
        Binding("j", "step(1)", "Next", show=False, priority=True),
        Binding("k", "step(-1)", "Previous", show=False, priority=True),
    ]
    DEFAULT_CSS = """
    SignalScreen #signal-body {
        height: 1fr;
        padding: 0 1;
    }
    """

    def __init__(self, view: MarketView, clock: Callable[[], datetime], name: str) -> None:
        super().__init__(view, clock)
        if view.board is None:
            raise ValueError("a signal screen needs a view with a board")
        self.board: Board = view.board
        self.signal: Signal = self.board.get(name) or self.board.signals[0]
        self.newest: date | None = view.newest
        self.today: date = view.today

    def title_text(self) -> str:
        """E.g. ``Signal · Hedged carry · green · as of 2025-09-25``."""
        when = short_day(self.signal.as_of, self.today) if self.signal.as_of else "no date"
        state = state_word(str(self.signal.state))
        return f"Signal · {self.signal.title} · {state} · as of {when}"

    def file_stem(self) -> str:
        """``signal-hedged-carry``."""
        return f"signal-{self.signal.name}"

    def compose_body(self) -> ComposeResult:
        """One scrolling column of text."""
        with VerticalScroll(id="signal-body"):
            yield Static("", id="signal-detail")

    def on_mount(self) -> None:
        """Show the signal."""
        self._show()

    def action_step(self, step: int) -> None:
        """The next or previous signal of the board."""
        names = [s.name for s in self.board.signals]
        index = (names.index(self.signal.name) + step) % len(names)
        self.signal = self.board.signals[index]
        self.update_title()
        self._show()

    def detail(self) -> Text:
        """Everything the screen says about the signal, as one Text."""
        variables = self.app.theme_variables
        signal = self.signal
        out = Text()
        variable = STATE_VARIABLES.get(str(signal.state))
        state = state_word(str(signal.state))
        out.append(f"{signal.title}: ", style="bold")
        out.append(
            state + "\n",
            style=theme_style(variables, variable, bold=True) if variable else "bold",
        )
        if lags(signal.as_of, self.newest, SLOW_LAG):
            out.append_text(
                text.muted(
                    variables,
                    f"Based on data as of {short_day(signal.as_of, self.today)}, older than the "
                    f"newest data on screen ({short_day(self.newest, self.today)}).",
                )
            )
        out.append("\n")
        out.append_text(text.heading(variables, "Why"))
        out.append(signal.reason + "\n\n")
        out.append_text(text.heading(variables, "Figures behind it"))
        if not signal.figures:
            out.append("No figures: the inputs are missing.\n")
        width = max((len(f.label) for f in signal.figures), default=0) + 2
        value_width = max((len(f.value) for f in signal.figures), default=0) + 2
        for figure in signal.figures:
            when = short_day(figure.as_of, self.today) if figure.as_of else "no date"
            out.append(f"{figure.label:<{width}}", style="bold")
            out.append(f"{figure.value:<{value_width}}")
            out.append(f"{when}\n")
        if signal.note:
            out.append("\n")
            out.append_text(text.heading(variables, "How it is computed"))
            out.append(signal.note + "\n")
        out.append("\n")
        out.append_text(text.muted(variables, "n / p: next / previous signal · Esc: back"))
        return out

    def _show(self) -> None:
        self.query_one("#signal-detail", Static).update(self.detail())

    def export_frames(self) -> Sequence[tuple[str, pd.DataFrame]]:
        """The figures behind the signal: ``figure,value,date``, and its reason."""
        rows = [{"figure": f.label, "value": f.value, "date": f.as_of} for f in self.signal.figures]
        rows.append({"figure": "reason", "value": self.signal.reason, "date": self.signal.as_of})
        return [(self.file_stem(), pd.DataFrame(rows, columns=["figure", "value", "date"]))]
