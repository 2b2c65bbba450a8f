"""Are you sure? A small question before quitting when the ``q`` may have been meant for the
screen just closed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmQuit(ModalScreen[bool]):
    """``Quit jgbtui?`` -- y, q or Enter quits; n or Escape stays."""

    BINDINGS = [
        Binding("y", "answer(True)", "Quit", priority=True),
        Binding("q", "answer(True)", "Quit", show=False, priority=True),
        Binding("enter", "answer(True)", "Quit", show=False, priority=True),
        Binding("n", "answer(False)", "Stay", priority=True),
        Binding("escape", "answer(False)", "Stay", show=False, priority=True),
    ]

    def compose(self) -> ComposeResult:
        """One question."""
        with Vertical(id="confirm-box"):
            yield Static("Quit jgbtui?", classes="heading")
            yield Static("y / q / Enter: quit     n / Esc: stay", markup=False)

    def action_answer(self, quit_now: bool) -> None:
        """Close with the answer."""
        self.dismiss(quit_now)
