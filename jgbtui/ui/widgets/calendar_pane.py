"""Calendar pane (key 6): the BOJ, CPI and homecoming figures, and the events with countdowns.

Two tables. The macro table (BOJ policy rate, the call rate, Tokyo and national CPI, the
homecoming flows) shows when the pane has the screen to itself (below 120x40); the wide layout
shows a one-line summary of it instead. The events table lists the last few events with their
outcomes and the coming ones with countdowns, JST first and the local time beside it. Enter
on a row opens its series.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from jgbtui.ui.widgets.events_strip import next_tick
from jgbtui.ui.widgets.pane import Pane, show_text
from jgbtui.ui.widgets.pane_table import PaneTable
from jgbtui.ui.widgets.styling import plain, theme_style

if TYPE_CHECKING:
    from jgbtui.present.model import Event
    from jgbtui.present.view import MarketView

#: How many past events the table keeps above the coming ones (the pane alone / shared).
PAST_ROWS = {"compact": 4, "wide": 2}
#: Fixed column widths; the last column takes the rest of the pane.
WHEN_WIDTH, LOCAL_WIDTH, IN_WIDTH = 17, 9, 8
WHAT_WIDTH, VALUE_WIDTH = 16, 8
_HOUR = timedelta(hours=1)


class CalendarPane(Pane):
    """What's next and what just happened, with the BOJ, CPI and homecoming figures."""

    pane_id = "calendar"
    label = "Calendar"
    number = 6
    #: Key 6 starts on the events; up from the first event reaches the macro rows.
    focus_first = "calendar-table"

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, str] = {}
        """Row key -> drill-down key of the events table."""
        self._shown: list[tuple[str, Event, bool]] = []
        """(row key, event, already happened) of every row, for the countdown tick."""
        self._countdowns: dict[str, str] = {}
        self._placed = False
        self._next_check: datetime | None = None

    def compose(self) -> ComposeResult:
        """A summary line, the macro table and the events table."""
        yield Static("", id="calendar-summary", classes="summary", markup=False)
        # PaneTable hands the cursor between the two tables at their edges (j/k, arrows).
        yield PaneTable(id="macro-table")
        yield PaneTable(id="calendar-table")

    def on_mount(self) -> None:
        """Columns sized for 76 cells (80 columns less the border); the screen's timer
        keeps the countdowns ticking (:meth:`tick`, when :attr:`due`)."""
        self.query_one("#macro-table", PaneTable).set_columns(
            [("", WHAT_WIDTH), ("Latest", VALUE_WIDTH), ("Context", None)]
        )
        self.query_one("#calendar-table", PaneTable).set_columns(
            [
                ("When (JST)", WHEN_WIDTH),
                ("Local", LOCAL_WIDTH),
                ("In", IN_WIDTH),
                ("Event", None),
            ]
        )

    def _width(self, used: int, columns: int = 0) -> int:
        """Cells left for the last of ``columns`` columns after ``used`` cells of fixed
        columns (each column has a cell of padding on both sides; one cell is kept for the
        scroll bar).

        Worked out from the screen's size and layout, not from the pane's own size: the pane
        may be hidden (another pane has the screen) when a view arrives, and the text must
        be clipped the same way whenever it is drawn.
        """
        screen = self.screen
        width = screen.size.width
        if not screen.has_class("-compact"):
            width //= 2  # one of two equal columns
        inner = width - 4  # the border and the padding
        return max(16, inner - used - 2 * columns - 1)

    def render_view(self, view: MarketView) -> None:
        """Fill both tables at the view's time; the strip keeps the countdowns ticking."""
        self.render_at(view, self._now(view))

    def _now(self, view: MarketView) -> datetime:
        clock = getattr(self.screen, "clock", None)
        return clock() if callable(clock) else view.built_at

    def render_at(self, view: MarketView, now: datetime) -> None:
        """Fill both tables as of ``now``."""
        self._next_check = None  # the countdowns start again from these rows
        from jgbtui.present.events_text import clip_words, local_zone_name
        from jgbtui.present.macro_rows import macro_rows
        from jgbtui.sources.base import TOKYO

        today = now.astimezone(TOKYO).date()
        rows = macro_rows(view, today)
        context_width = self._width(WHAT_WIDTH + VALUE_WIDTH, 3)
        self.query_one("#macro-table", PaneTable).set_rows(
            (
                row.key,
                [
                    plain(row.what, justify="left"),
                    plain(row.value),
                    plain(clip_words(row.context, context_width), justify="left"),
                ],
            )
            for row in rows
        )
        summary = " · ".join(f"{r.what} {r.value}" for r in rows if r.key != "boj:call")
        show_text(
            self.query_one("#calendar-summary", Static),
            clip_words(summary, self._width(0)) if summary else "No BOJ, CPI or flow data yet",
        )
        local = now.astimezone().tzinfo
        table = self.query_one("#calendar-table", PaneTable)
        table.columns[table.ordered_columns[1].key].label = plain(
            local_zone_name(local, now)[:LOCAL_WIDTH], justify="left"
        )
        layout = "compact" if self.screen.has_class("-compact") else "wide"
        past = view.calendar.past(now)[: PAST_ROWS[layout]][::-1]
        coming = view.calendar.upcoming(now)
        self.rows = {}
        self._shown = []
        cells = []
        for index, event in enumerate([*past, *coming]):
            key = f"event{index}"
            done = index < len(past)
            self.rows[key] = event.drill
            self._shown.append((key, event, done))
            cells.append((key, self._cells(event, now, local, done)))
        self._countdowns = {key: str(cells[i][1][2]) for i, (key, _, _) in enumerate(self._shown)}
        table.set_rows(cells)
        if not self._placed and cells and past:
            # Start on the next event: what is coming matters more than what was.
            table.move_cursor(row=len(past), animate=False)
            self._placed = True

    @property
    def due(self) -> datetime | None:
        """When a countdown may next change (``None``: none shown, or the pane is hidden)."""
        return self._next_check if self._shown and self.display else None

    def tick(self) -> None:
        """Keep the countdowns true: update the cells whose text changed; when an event
        has just happened, move it to the past rows (a full redraw of this table)."""
        view = self.view
        if view is None or not self._shown or not self.display:
            return
        now = self._now(view)
        if self._next_check is not None and now < self._next_check:
            return  # countdowns change by the minute until the last hour (events_strip)
        self._next_check = next_tick(view, now)
        if any(not done and event.when <= now for _, event, done in self._shown):
            self.render_at(view, now)
            return
        from jgbtui.present.events_text import countdown_cell as countdown

        table = self.query_one("#calendar-table", PaneTable)
        column = table.ordered_columns[2].key
        changed = []
        for key, event, done in self._shown:
            text = countdown(event.when - now)
            if self._countdowns.get(key) != text:
                self._countdowns[key] = text
                cell = plain(text)
                if not done and event.when - now <= _HOUR:
                    cell.stylize(theme_style(self.app.theme_variables, "jgb-anomaly", bold=True))
                changed.append((key, column, cell))
        table.write_cells(changed)  # the rows whose countdown moved, nothing else

    def _cells(self, event: Event, now: datetime, local: tzinfo | None, done: bool) -> list[Text]:
        from jgbtui.present.events_text import (
            clip_words,
            jst_cell,
            local_cell,
            outcome_text,
        )
        from jgbtui.present.events_text import countdown_cell as countdown_cell_text

        variables = self.app.theme_variables
        width = self._width(WHEN_WIDTH + LOCAL_WIDTH + IN_WIDTH, 4)
        if done:
            what = f"{event.short}: {outcome_text(event, now)}"
        else:
            what = f"{event.what} · {event.detail}" if event.detail else event.what
        countdown_cell = plain(countdown_cell_text(event.when - now))
        if not done and event.when - now <= _HOUR:
            countdown_cell.stylize(theme_style(variables, "jgb-anomaly", bold=True))
        when = plain(jst_cell(event, now), justify="left")
        if done:
            when.stylize(theme_style(variables, "jgb-muted"))
        return [
            when,
            plain(local_cell(event, local), justify="left"),
            countdown_cell,
            plain(clip_words(what, width), justify="left"),
        ]

    def on_resize(self) -> None:
        """Shown or resized: the clipped columns follow the new width."""
        if self.view is not None and self.size.width:
            self.call_after_refresh(self._rerender)

    def _rerender(self) -> None:
        if self.view is not None:
            # Hidden, the table scrolled its cursor (the next event) to the top; shown
            # again, it starts from the top, the past events above the next one.
            self.query_one("#calendar-table", PaneTable).redraw()
            self.render_at(self.view, self._now(self.view))

    def drill_key(self, row_key: str) -> str | None:
        """The drill-down key of an events-table row."""
        return self.rows.get(row_key)

    def as_of_text(self, view: MarketView) -> str:
        """The next event, in words."""
        now = self._now(view)
        coming = view.calendar.upcoming(now, 1)
        return f"next: {coming[0].short}" if coming else "no events ahead"
