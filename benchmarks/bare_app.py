"""The yardstick: a bare Textual app (Header, one Static, Footer) that shows ``2.987``.

``python benchmarks/bare_app.py [--pandas]``: with ``--pandas`` it imports pandas (and so
NumPy) before running, which is the fair baseline for memory.
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class BareApp(App[None]):
    """Header, one Static with the same number jgbtui shows, Footer."""

    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        """The three widgets."""
        yield Header()
        yield Static("JGB 10Y 2.987")
        yield Footer()


if __name__ == "__main__":
    if "--pandas" in sys.argv:
        import pandas  # noqa: F401

    BareApp().run()
