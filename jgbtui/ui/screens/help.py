"""Help: every key, in one place."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

#: (keys, what they do) — the README's key table says the same.
KEYS: tuple[tuple[str, str], ...] = (
    ("1 2 3 4 5", "show the yields / auctions / flows / USD/JPY / signals pane"),
    ("6", "the calendar pane: BOJ rate, CPI, homecoming, events with countdowns"),
    ("Tab, Shift+Tab", "next / previous pane"),
    ("j k, Up Down", "move within a pane's table"),
    ("PgUp PgDn Home End", "page / jump within a table"),
    ("Enter", "drill down: chart, auction detail, flow breakdown (Escape or q returns)"),
    ("  1 2 3 4 5 6", "on a chart: range 1M 3M 1Y 5Y 10Y Max"),
    ("  c / i", "on a chart: cycle the compare series / the flows instrument"),
    ("  a", "on the CPI chart: Tokyo / Japan"),
    ("  e / s", "on a drill screen: export CSV / save an SVG screenshot"),
    ("  Escape, q", "on a drill screen: back to exactly where you were"),
    ("v", "the JGB curve today against 1 week, 1 month and 1 year ago"),
    ("b", "the BOJ policy rate history, decisions marked, with the call rate"),
    ("i", "CPI year on year, Tokyo and Japan (2025 base, 2020 base before)"),
    ("h", "who is selling, who is coming home: foreigners in JGBs, Japanese abroad"),
    ("r", "refresh every source now"),
    ("s", "status of the sources: state, data date, next release, errors"),
    ("a", "alert history; Enter acknowledges one, A all"),
    ("y", "copy a one-line desk summary of the selected row (OSC 52)"),
    ("t", "next theme (dark, light, high contrast, and yours)"),
    ("l", "the log: every fetch (host, status, bytes, time), retries and problems"),
    ("Ctrl+P", "command palette: panes, charts by series, refresh, export, theme, ..."),
    ("?", "this help"),
    ("q", "quit (Escape closes this screen)"),
)


class HelpScreen(ModalScreen[None]):
    """A modal listing every key binding."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("q", "dismiss", "Close"),
        Binding("question_mark", "dismiss", "Close"),
    ]

    def compose(self) -> ComposeResult:
        """The key table and a note on sources."""
        width = max(len(k) for k, _ in KEYS) + 2
        lines = [f"{k.ljust(width)}{what}" for k, what in KEYS]
        lines += [
            "",
            "Data: MoF (yields, auctions, securities flows, intervention), US Treasury,",
            "FRED, ECB, the Bank of Japan, BIS (policy rates), the Statistics Bureau (CPI)",
            "and the Fed (FOMC dates). Figures show their as-of dates; STALE means the last",
            "fetch failed and the cached copy is shown. Event times are JST, local beside.",
        ]
        with VerticalScroll(id="help-box"):
            yield Static("Keys", classes="heading")
            yield Static("\n".join(lines), markup=False)
