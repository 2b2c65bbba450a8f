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
    ("j k, Up Down", "move within a pane's table; past its end, on to the pane's next table"),
    ("PgUp PgDn Home End", "page / jump within a table"),
    ("Enter", "drill down: chart, auction detail, flow breakdown (Escape or q returns)"),
    ("", "on a signal: its whole reason and dated figures; on a headline: its chart"),
    ("  1 2 3 4 5 6", "on a chart or auction: range 1M 3M 1Y 5Y 10Y Max"),
    ("  c / i", "on a chart: cycle the compare series / the flows instrument"),
    ("", "on an auction: demand chart or yield vs the JGB secondary yield"),
    ("  n p", "on a signal: next / previous signal"),
    ("  Enter", "on the curve table: that tenor's history; on auctions: that one"),
    ("  a", "on the CPI chart: Tokyo / Japan"),
    ("  e / s", "on a drill screen: export CSV / save an SVG screenshot"),
    ("  Escape, q", "on a drill screen: back to exactly where you were"),
    ("v", "the JGB curve today against 1 week, 1 month and 1 year ago"),
    ("b", "the BOJ policy rate history, decisions marked, with the call rate"),
    ("i", "CPI year on year, Tokyo and Japan (2025 base, 2020 base before)"),
    ("h", "who is selling, who is coming home: foreigners in JGBs, Japanese abroad"),
    ("r", "refresh every source now"),
    ("s", "status of the sources: state, data date, next release, errors"),
    ("a", "alerts: your rules' firings and the anomalies, new, read or snoozed"),
    ("  Enter, A", "in the alerts: acknowledge the selected alert / all of them"),
    ("  z, Z", "in the alerts: snooze an hour / until 08:00 tomorrow (rings again then)"),
    ("  f, s", "in the alerts: show one state / one series at a time, then all again"),
    ("  Tab", "in the alerts: your rules; n new, e edit, p pause / resume, d twice deletes"),
    ("+", "a rule on the selected row's series (or the chart's), pre-filled with its value"),
    ("[ ]", "step back / forward through today's views (journal, read-only); Escape: live"),
    ("y", "copy a one-line desk summary of the selected row (OSC 52)"),
    ("t", "next theme (dark, light, high contrast, and yours)"),
    ("l", "the log: every fetch (host, status, bytes, time), retries and problems"),
    ("Ctrl+P", "command palette: panes, charts by series, refresh, export, theme, ..."),
    ("?", "this help"),
    ("q", "quit; just after leaving another screen it asks first (Escape closes this)"),
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
            "and the Fed (FOMC dates). Figures show their as-of dates (with the year when it",
            "is not this one); an input older than the newest data is marked old (* or",
            "'old') where it is combined. STALE 3 min means the last fetch failed and the",
            "cached copy, 3 minutes old, is shown. Event times are JST, local beside.",
        ]
        with VerticalScroll(id="help-box"):
            yield Static("Keys", classes="heading")
            yield Static("\n".join(lines), markup=False)
