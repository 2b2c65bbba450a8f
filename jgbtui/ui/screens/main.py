"""The main screen: six panes, a title bar with pane tabs, the status line and the footer.

Wide terminals show all panes at once; below 120x40 one pane fills the screen and
``1``-``6`` / Tab switch between them; below 80x24 the screen says what size it needs (and
the focus comes back to the same row when the terminal grows again). Under the board strip,
the events strip says what happens next and what just happened.

Enter opens the selected row's drill-down at once, in the key handler, so keys typed right
after it (a range key, Escape) reach the new screen, not this one. ``q`` quits, but a ``q``
that arrives just after coming back from another screen asks first (``q q`` on a drill-down
must not quit by accident).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize, ScreenResume, ScreenSuspend
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Static

from jgbtui.present.format import duration
from jgbtui.present.panes import PANE_SOURCES
from jgbtui.ui.widgets.auctions_pane import AuctionsPane
from jgbtui.ui.widgets.board_strip import BoardStrip
from jgbtui.ui.widgets.calendar_pane import CalendarPane
from jgbtui.ui.widgets.events_strip import EventsStrip
from jgbtui.ui.widgets.flows_pane import FlowsPane
from jgbtui.ui.widgets.fx_pane import FxPane
from jgbtui.ui.widgets.pane import Pane
from jgbtui.ui.widgets.pane_table import TABLE_KEYS, table_action
from jgbtui.ui.widgets.signals_pane import SignalsPane
from jgbtui.ui.widgets.status_line import StatusLine
from jgbtui.ui.widgets.yields_pane import YieldsPane

if TYPE_CHECKING:
    from jgbtui.present.view import MarketView
    from jgbtui.sources.base import SourceResult

MIN_SIZE = (80, 24)
#: Below this height the wide layout shows USD/JPY or the calendar in their shared slot (the
#: one last chosen with 4 or 6), not both squeezed.
SHARED_SLOT_HEIGHT = 46
#: Below this height the events strip gives its line to the panes (the calendar pane, key 6,
#: lists the same events): at 24 rows the yields table needs every line.
STRIP_HEIGHT = 30
#: Below this, one pane at a time.
WIDE_SIZE = (120, 40)
#: A ``q`` within this many seconds of coming back from another screen asks before quitting.
QUIT_GUARD = 1.5
#: The screen's timer sleeps at most this long, so a clock that jumped (a laptop waking up,
#: a corrected clock) is noticed within it; and at least the shortest, never spinning.
#: (Every wake costs CPU: an idle screen wakes at each minute and at most twice between.)
TICK_LONGEST = 30.0
TICK_SHORTEST = 0.2
#: Rows of the status line (source entries, then the clocks) in each layout.
STATUS_LINES = {"compact": 3, "wide": 4}


#: Shorter tab names for when the full ones do not fit the title bar (80 columns).
SHORT_TABS = {"yields": "JGB", "flows": "Flows", "auctions": "Auctions", "fx": "USD/JPY"}


class TitleBar(Static):
    """App name, the pane tabs (current one bracketed), and a DEMO banner when relevant."""


class MainScreen(Screen[None]):
    """The monitor a trader keeps open all day."""

    # Every key with priority, so a burst acts in the order typed (see widgets/pane_table).
    BINDINGS = [
        *TABLE_KEYS,
        Binding("1", "show_pane(0)", "Pane", show=False, priority=True),
        Binding("2", "show_pane(1)", "Auctions", show=False, priority=True),
        Binding("3", "show_pane(2)", "Flows", show=False, priority=True),
        Binding("4", "show_pane(3)", "USD/JPY", show=False, priority=True),
        Binding("5", "show_pane(4)", "Signals", show=False, priority=True),
        Binding("6", "show_pane(5)", "Calendar", show=False, priority=True),
        Binding("a", "alerts", "Alerts", priority=True),
        Binding("y", "copy_desk_line", "Copy", priority=True),
        Binding("tab", "cycle_pane(1)", "Pane", key_display="1-6", priority=True),
        Binding("shift+tab", "cycle_pane(-1)", "Prev pane", show=False, priority=True),
        Binding("s", "sources", "Status", priority=True),
        Binding("v", "curve", "Curve", show=False, priority=True),
        Binding("h", "homecoming", "Who sells", show=False, priority=True),
        Binding("b", "policy", "BOJ rate", show=False, priority=True),
        Binding("i", "cpi", "CPI", show=False, priority=True),
        Binding("enter", "open_row", "Open", key_display="⏎", priority=True),
        Binding("q", "quit_app", "Quit", priority=True),
        # Shown in help and the README, not the footer: at 80 columns it is full.
        Binding("plus", "add_rule", "Rule", key_display="+", show=False, priority=True),
        Binding(
            "left_square_bracket", "journal", "History", key_display="[", show=False, priority=True
        ),
    ]

    def __init__(self, clock: Callable[[], datetime], saved: MarketView | None = None) -> None:
        super().__init__()
        self.clock = clock
        self._saved = saved
        """The last view saved on disk, painted with the first frame (see :meth:`on_mount`)."""
        self.active = 0
        self.demo = False
        self.saved_at: datetime | None = None
        """When the view on screen was built, while it is the saved one (else ``None``)."""
        self._focus_before_small: Widget | None = None
        self._suspended = False
        self._returned_at = -QUIT_GUARD
        self._painting = 0
        """Counts the views handed down; a pane-by-pane paint stops when it is not the last."""

    def compose(self) -> ComposeResult:
        """Title bar, panes in two columns, too-small notice, status line, footer."""
        yield TitleBar("", id="title-bar", markup=False)
        yield BoardStrip(id="board-strip")
        yield EventsStrip(self.clock, id="events-strip")
        with Horizontal(id="panes"):
            with Vertical(id="left-column", classes="column"):
                yield YieldsPane()
                yield FxPane()
                # Under USD/JPY, whose table has rows to spare at 120x40 and 160x48.
                yield CalendarPane()
            with Vertical(id="right-column", classes="column"):
                yield AuctionsPane()
                yield FlowsPane()
                yield SignalsPane()
        yield Static("", id="too-small", markup=False)
        yield StatusLine(self.clock, id="status-line")
        # Ctrl+P (the command palette) is in the help: at 80 columns the footer is full.
        yield Footer(compact=True, show_command_palette=False)

    @property
    def panes(self) -> list[Pane]:
        """The panes in shortcut order (1-4)."""
        return [
            self.query_one(YieldsPane),
            self.query_one(AuctionsPane),
            self.query_one(FlowsPane),
            self.query_one(FxPane),
            self.query_one(SignalsPane),
            self.query_one(CalendarPane),
        ]

    def on_mount(self) -> None:
        """Start on the yields table; keep the panes' "STALE <age>" ticking."""
        self._apply_layout(self.size.width, self.size.height)
        self.action_show_pane(0)
        if self._saved is not None:
            # In the first frame itself: one layout and one paint, the numbers in it.
            self._paint_saved(self._saved)
            self._saved = None
        self._states_due: datetime | None = None
        self._tick()

    def _tick(self) -> None:
        """The screen's one timer: the clocks, the countdowns and the panes' "STALE <age>".

        It sleeps until the soonest moment one of them can change (the next minute, or the
        next second in an event's last hour, at most :data:`TICK_LONGEST` away), so an idle
        screen wakes at each minute and once between.
        """
        now = self.clock()
        strip, calendar = self.query_one(EventsStrip), self.query_one(CalendarPane)
        status = self.query_one(StatusLine)
        strip.tick()
        calendar.tick()
        status.tick()
        if self._states_due is None or now >= self._states_due:
            # Ages are shown in minutes: marked at each turn of the minute, as the status
            # line's ages and clocks are, so the screen repaints once a minute, not twice.
            self._states_due = now.replace(second=0, microsecond=0) + timedelta(minutes=1)
            for pane in self.panes:
                pane.mark_state(now)
        dues = (strip.due, calendar.due, status.due, self._states_due)
        wait = min([(due - now).total_seconds() for due in dues if due is not None and due > now])
        self.set_timer(min(max(wait, TICK_SHORTEST), TICK_LONGEST), self._tick, name="tick")

    def on_resize(self, event: Resize) -> None:
        """Switch between the wide, compact and too-small layouts."""
        self._apply_layout(event.size.width, event.size.height)

    def _apply_layout(self, width: int, height: int) -> None:
        too_small = width < MIN_SIZE[0] or height < MIN_SIZE[1]
        if too_small and not self.has_class("-too-small"):
            # Hidden widgets lose the focus: remember it for when the terminal grows back.
            self._focus_before_small = self.focused
        elif not too_small and self.has_class("-too-small"):
            self.call_after_refresh(self._restore_focus)
        self.set_class(too_small, "-too-small")
        self.set_class(height < STRIP_HEIGHT, "-short")
        wide = not too_small and width >= WIDE_SIZE[0] and height >= WIDE_SIZE[1]
        self.set_class(wide and height < SHARED_SLOT_HEIGHT, "-shared-slot")
        self.set_class(
            not too_small and (width < WIDE_SIZE[0] or height < WIDE_SIZE[1]), "-compact"
        )
        self._status_focus()
        self.query_one("#too-small", Static).update(
            f"jgbtui needs a terminal of at least {MIN_SIZE[0]}x{MIN_SIZE[1]}; "
            f"this one is {width}x{height}."
        )
        self._draw_title()

    def _restore_focus(self) -> None:
        widget, self._focus_before_small = self._focus_before_small, None
        if widget is not None and widget.is_attached and self.focused is None:
            self.set_focus(widget)
        elif self.focused is None:
            self.action_show_pane(self.active)

    def _draw_title(self) -> None:
        # The banner goes first: at 80 columns the tabs fill the line.
        banner = " DEMO DATA (synthetic) " if self.demo else ""
        if self.saved_at is not None:
            age = duration((self.clock() - self.saved_at).total_seconds())
            banner = f" SAVED VIEW ({age} old; loading) "
        for labels in ("label", "short"):
            tabs = []
            for index, pane in enumerate(self.panes):
                name = SHORT_TABS.get(pane.pane_id, pane.label) if labels == "short" else pane.label
                label = f"{pane.number} {name}"
                tabs.append(f"[{label}]" if index == self.active else f" {label} ")
            title = f"jgbtui{banner} {' '.join(tabs)}"
            if len(title) <= self.size.width:
                break
        self.query_one(TitleBar).update(title)

    def _status_focus(self) -> None:
        """Compact layouts list only the current pane's sources in full."""
        status = self.query_one(StatusLine)
        compact = self.has_class("-compact")
        status.focus_on = PANE_SOURCES[self.panes[self.active].pane_id] if compact else None
        status.lines = STATUS_LINES["compact" if compact else "wide"]
        status.redraw()

    def _mark_active(self) -> None:
        pane_id = self.panes[self.active].pane_id
        if pane_id in ("fx", "calendar"):
            # USD/JPY and the calendar share a slot on shorter wide screens: show the chosen.
            self.set_class(pane_id == "calendar", "-calendar-chosen")
        for position, pane in enumerate(self.panes):
            pane.set_class(position == self.active, "-active")
        current = self.panes[self.active].parent
        for column in self.query(".column"):
            column.set_class(column is current, "-current")
        self._draw_title()
        self._status_focus()

    def action_show_pane(self, index: int) -> None:
        """Make pane ``index`` current and focus its first table."""
        self.active = index % len(self.panes)
        self._mark_active()
        pane = self.panes[self.active]
        tables = pane.query("PaneTable")
        first = getattr(pane, "focus_first", None)  # a pane may name the table to start on
        if first:
            tables = pane.query(f"#{first}")
        if tables:
            # set_focus is immediate (focus() is deferred): keys typed straight after 1-6
            # must reach the new pane's table, not the old one.
            self.set_focus(tables.first())
        self._draw_title()

    def action_cycle_pane(self, step: int) -> None:
        """Tab / Shift+Tab: the next or previous pane."""
        self.action_show_pane(self.active + step)

    def action_sources(self) -> None:
        """Open the source details screen."""
        from jgbtui.ui.screens.sources import SourcesScreen

        status = self.query_one(StatusLine)
        ordered = {n: status.results[n] for n in status.order if n in status.results}
        self.app.push_screen(SourcesScreen(self.clock, ordered))

    def action_table(self, name: str) -> None:
        """j / k / arrows / Home / End / PgUp / PgDn on the focused table, in key order."""
        table_action(self, name)

    def action_open_row(self) -> None:
        """Enter: open the drill-down of the focused table's cursor row, right away."""
        focused = self.focused
        if isinstance(focused, DataTable) and focused.row_count:
            key = focused.coordinate_to_cell_key(focused.cursor_coordinate).row_key.value
            self.open_row(focused.id, key)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """A click on the selected row: open its drill-down too (Enter does it directly)."""
        self.open_row(event.data_table.id, event.row_key.value)

    def open_row(self, table: str | None, key: str | None) -> None:
        """Push the drill-down about row ``key`` of ``table`` (Escape comes back to it)."""
        from jgbtui.ui.screens.drill import drill_screen

        view = self.panes[0].view
        if view is None or key is None:
            return
        if self.saved_at is not None:
            self.notify("The saved view has no history: live data is loading.", timeout=3)
            return
        if table == "board-table":
            if view.board is None:
                return
            from jgbtui.ui.screens.drill.signal import SignalScreen

            self.app.push_screen(SignalScreen(view, self.clock, key))
            return
        if table == "calendar-table":
            key = self.query_one(CalendarPane).drill_key(key)
            table = "events"
        screen = drill_screen(view, self.clock, table, key)
        if screen is not None:
            self.app.push_screen(screen)
        elif table == "headlines-table":
            self.notify("No chart for this headline", timeout=3)

    def on_screen_suspend(self, _event: ScreenSuspend) -> None:
        """Another screen went on top."""
        self._suspended = True

    def on_screen_resume(self, _event: ScreenResume) -> None:
        """Back from another screen: a ``q`` in the next moment asks before quitting."""
        if self._suspended:
            self._returned_at = time.monotonic()

    def action_quit_app(self) -> None:
        """Quit; right after coming back from a drill-down (``q q``), ask first."""
        if time.monotonic() - self._returned_at < QUIT_GUARD:
            from jgbtui.ui.screens.confirm import ConfirmQuit

            def answer(quit_now: bool | None) -> None:
                if quit_now:
                    self.app.exit()

            self.app.push_screen(ConfirmQuit(), answer)
            return
        self.app.exit()

    def action_add_rule(self) -> None:
        """``+``: a rule on the selected row's series, pre-filled with its latest value."""
        from jgbtui.ui.screens.rule_form import open_rule_on_row

        focused = self.focused
        if isinstance(focused, DataTable) and focused.row_count:
            key = focused.coordinate_to_cell_key(focused.cursor_coordinate).row_key.value
            open_rule_on_row(self.app, focused.id, key)
        else:
            open_rule_on_row(self.app, None, None)

    def action_journal(self) -> None:
        """``[``: step back through today's views (read-only, from the journal)."""
        self.app.action_journal()  # type: ignore[attr-defined]

    def _open_event_drill(self, key: str) -> None:
        from jgbtui.ui.screens.drill import drill_screen

        view = self.panes[0].view
        screen = None if view is None else drill_screen(view, self.clock, "events", key)
        if screen is not None:
            self.app.push_screen(screen)
        else:
            self.notify("No data for this view yet", timeout=3)

    def action_homecoming(self) -> None:
        """Who is selling, who is coming home: non-residents' JGB flows beside residents'
        foreign bond flows by investor."""
        self._open_event_drill("homecoming")

    def action_policy(self) -> None:
        """The BOJ's policy rate history with its decision dates, and the call rate."""
        self._open_event_drill("boj:policy")

    def action_cpi(self) -> None:
        """Tokyo and national CPI, year on year, with the 2025 base switch."""
        self._open_event_drill("cpi:tokyo")

    def action_curve(self) -> None:
        """The JGB curve today against 1 week, 1 month and 1 year ago."""
        from jgbtui.ui.screens.drill import curve_screen

        view = self.panes[0].view
        if view is not None:
            self.app.push_screen(curve_screen(view, self.clock))

    def on_descendant_focus(self) -> None:
        """A click into another pane makes it current too (mouse works, never needed)."""
        focused = self.focused
        for index, pane in enumerate(self.panes):
            if focused is not None and pane in focused.ancestors and index != self.active:
                self.active = index
                self._mark_active()

    def show_alerts(self, unread: int) -> None:
        """Data down: the unread alert count for the strip."""
        strip = self.query_one(BoardStrip)
        strip.show(strip.board, unread)

    def action_alerts(self) -> None:
        """Open the alert history (the app owns the log)."""
        self.app.action_alerts()  # type: ignore[attr-defined]

    def selected_row(self) -> tuple[str, str] | None:
        """``(pane id, row key)`` of the focused table's cursor row, if any."""
        focused = self.focused
        if not isinstance(focused, DataTable) or not focused.row_count:
            return None
        pane = next((p for p in self.panes if p in focused.ancestors), None)
        key = focused.coordinate_to_cell_key(focused.cursor_coordinate).row_key.value
        return None if pane is None or key is None else (pane.pane_id, key)

    def action_copy_desk_line(self) -> None:
        """``y``: copy a desk-ready line about the selected row to the clipboard (OSC 52)."""
        from jgbtui.present.deskline import desk_line
        from jgbtui.present.format import desk_day

        view = self.panes[0].view
        if view is None:
            self.notify("Nothing to copy yet", timeout=2)
            return
        selected = self.selected_row()
        pane, key = selected if selected else (None, None)
        # The newest anomaly about the selected row, dated: it may be older than the row.
        about = [a for a in view.anomalies if key and key in a.key.split(":")]
        notes: list[str] = []
        if pane == "signals" and key:
            about = [a for a in view.anomalies if f"{a.key}|{a.date}" == key]
            signal = view.board.get(key) if view.board is not None else None
            if not about and signal is not None:
                when = desk_day(signal.as_of) if signal.as_of else "no date"
                notes = [f"{signal.title} {signal.state} ({when}): {signal.reason}"]
        notes = [f"{desk_day(a.date)}: {a.text}" for a in about[:1]] or notes
        line = desk_line(view, pane, key, notes)
        self.app.copy_to_clipboard(line)
        self.notify(line, title="Copied (OSC 52)", timeout=4, markup=False)

    def _paint_saved(self, saved: MarketView) -> None:
        try:
            self.show_view(saved, saved=True)
        except Exception:  # a courtesy only: whatever goes wrong, live data must follow
            logging.getLogger(__name__).exception("the saved view could not be painted")
            self.saved_at = None

    def show_view(
        self,
        view: MarketView,
        *,
        saved: bool = False,
        at_once: bool = False,
        painted: Callable[[], object] | None = None,
    ) -> None:
        """Data down: hand the new view to every pane (``saved``: the last view from disk,
        shown until live data arrives).

        A live view is painted one pane per frame, the current pane first, so no single
        frame renders six panes' tables (filling them from empty took ~100 ms at 160x48, a
        stall of every key); ``painted`` is called once the last pane has it. A newer view
        arriving meanwhile takes over from the pane it reached. The saved view is painted
        at once (it is the first frame), and so is any view with ``at_once``.
        """
        self.saved_at = view.built_at if saved else None
        strip = self.query_one(BoardStrip)
        strip.show(view.board, strip.unread, newest=view.newest, today=view.today)
        self.query_one(EventsStrip).show(view)
        self.demo = any(r.status == "demo" for r in view.results.values())
        self._draw_title()
        current = self.panes[self.active]
        order = [current, *(pane for pane in self.panes if pane is not current)]
        self._painting += 1
        if saved or at_once:
            for pane in order:
                pane.show(view, self.clock())
            if painted is not None:
                painted()
            return
        self._paint_next(self._painting, view, order, painted)

    def _paint_next(
        self,
        turn: int,
        view: MarketView,
        left: list[Pane],
        painted: Callable[[], object] | None,
    ) -> None:
        if turn != self._painting or not self.is_attached:
            return  # a newer view took over (it repaints every pane)
        left[0].show(view, self.clock())
        if left[1:]:
            self.call_after_refresh(partial(self._paint_next, turn, view, left[1:], painted))
        elif painted is not None:
            painted()

    def show_status(
        self, order: list[str], results: Mapping[str, SourceResult], refreshing: set[str]
    ) -> None:
        """Data down: per-source state for the status line and the panes' borders."""
        self.query_one(StatusLine).update_state(order, results, refreshing)
        now = self.clock()
        for pane in self.panes:
            pane.show_results(results, now)
