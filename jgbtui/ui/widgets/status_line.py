"""Status line: each source's state, data date and next release; Tokyo and local clocks."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from rich.text import Span, Text
from textual.widgets import Static

from jgbtui.present.events_text import clip_words
from jgbtui.present.format import duration, numeric_day
from jgbtui.sources import catalog
from jgbtui.sources.base import TOKYO, SourceResult
from jgbtui.ui.widgets.partial import PartialRefresh
from jgbtui.ui.widgets.styling import theme_style

ABBREVIATIONS = {entry.name: entry.label for entry in catalog.CATALOG}

#: Theme variable for each state's first word (states are words, so NO_COLOR loses nothing).
STATE_STYLES = {
    "refreshing": "jgb-muted",
    "waiting": "jgb-muted",
    "late": "jgb-anomaly",
    "stale": "jgb-stale",
    "error": "jgb-up",
    "demo": "jgb-demo",
}


def source_state(result: SourceResult | None, refreshing: bool, now: datetime) -> str:
    """One word (or two) for a source's state, readable without colour."""
    if refreshing:
        return "refreshing"
    if result is None:
        return "waiting"
    if result.status == "stale":
        age = result.age(now)
        return f"stale {duration(age.total_seconds())}" if age else "stale"
    if result.status == "ok" and result.late:
        return "late"
    return result.status


def token(name: str, result: SourceResult | None, refreshing: bool, now: datetime) -> str:
    """``JGB ok 09/11 next 11/25 09:30`` for one source (next release in Tokyo time).

    A date of another year than today's (Tokyo) is written in full: ``UST 2025-09-25``.
    """
    today = now.astimezone(TOKYO).date()
    parts = [ABBREVIATIONS.get(name, name), source_state(result, refreshing, now)]
    if result is not None and result.as_of:
        parts.append(numeric_day(result.as_of, today))
    if result is not None and result.next_release:
        release = result.next_release.astimezone(TOKYO)
        parts.append(f"next {numeric_day(release.date(), today)} {release:%H:%M}")
    return " ".join(parts)


def pack_pieces(pieces: list[Text], width: int, gap: int = 2) -> list[list[Text]]:
    """Group ``pieces`` into lines of at most ``width`` cells, never splitting a piece."""
    lines: list[list[Text]] = []
    line: list[Text] = []
    used = 0
    for piece in pieces:
        needed = piece.cell_len + (gap if line else 0)
        if line and used + needed > width:
            lines.append(line)
            line, used, needed = [], 0, piece.cell_len
        line.append(piece)
        used += needed
    if line:
        lines.append(line)
    return lines


def join(line: list[Text], gap: int = 2) -> Text:
    """One line of pieces, ``gap`` spaces apart."""
    return Text(" " * gap).join(line)


MORE = "… s: all sources"


def fit_lines(pieces: list[Text], budget: int, width: int, gap: int = 2) -> list[Text]:
    """Exactly ``budget`` lines (blank ones added) of whole pieces; when some do not fit,
    the last line drops whole entries until it can say so (``… s: all sources``)."""
    budget = max(1, budget)
    lines = pack_pieces(pieces, width, gap)
    if len(lines) > budget:
        lines = lines[:budget]
        last = lines[-1]
        while last and join(last, gap).cell_len + gap + len(MORE) > width:
            last.pop()
        last.append(Text(MORE))
    out = [join(line, gap) for line in lines]
    return out + [Text() for _ in range(budget - len(out))]


def _rows(text: Text) -> list[tuple[str, list[Span]]]:
    """Each row of ``text``: its characters and styles."""
    return [(line.plain, list(line.spans)) for line in text.split("\n", allow_blank=True)]


class StatusLine(PartialRefresh, Static):
    """Per-source state at the bottom of the main screen, then clocks and the first problem."""

    def __init__(self, clock: Callable[[], datetime], *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.clock = clock
        self.results: Mapping[str, SourceResult] = {}
        self.refreshing: set[str] = set()
        self.order: list[str] = []
        self.focus_on: tuple[str, ...] | None = None
        """In compact layouts only these sources get full entries; the rest are counted."""
        self.lines = 4
        """Rows the line always takes (entries, then the clocks): a fixed height, so the
        panes above never move when an entry grows or a pane is switched."""
        self._rows: list[tuple[str, list[Span]]] = []
        """What each row shows: its text and styles (to repaint the rows that change)."""
        self._minute: datetime | None = None
        """The minute the clocks show (``None``: not drawn by the clock yet)."""

    @property
    def due(self) -> datetime | None:
        """When the next minute starts (``None``: never drawn by the clock yet)."""
        return None if self._minute is None else self._minute + timedelta(minutes=1)

    def tick(self) -> None:
        """Redraw if the minute turned since the last tick (the clocks and the ages shown
        are in minutes; the screen's timer calls this when :attr:`due`)."""
        minute = self.clock().replace(second=0, microsecond=0)
        if minute != self._minute:
            self._minute = minute
            self.redraw()

    def update_state(
        self, order: list[str], results: Mapping[str, SourceResult], refreshing: set[str]
    ) -> None:
        """New per-source state from the app."""
        self.order, self.results, self.refreshing = order, results, set(refreshing)
        self.redraw()

    def redraw(self) -> None:
        """Render the entries, the clocks and the first problem in words."""
        if not self.is_mounted:
            return
        now = self.clock()
        variables = self.app.theme_variables
        muted = theme_style(variables, "jgb-muted")
        shown = [n for n in self.order if self.focus_on is None or n in self.focus_on]
        pieces = []
        for name in shown:
            refreshing = name in self.refreshing
            state = source_state(self.results.get(name), refreshing, now)
            style_name = STATE_STYLES.get(state.split()[0])
            style = theme_style(variables, style_name) if style_name else ""
            pieces.append(Text(token(name, self.results.get(name), refreshing, now), style=style))
        others = [n for n in self.order if n not in shown]
        if others:
            counts: dict[str, int] = {}
            for name in others:
                state = source_state(self.results.get(name), name in self.refreshing, now)
                counts[state.split()[0]] = counts.get(state.split()[0], 0) + 1
            summary = ", ".join(f"{count} {state}" for state, count in counts.items())
            pieces.append(Text(f"other sources: {summary}", style=muted))
        width = max(20, self.size.width - 2)
        text = Text("\n").join(fit_lines(pieces, self.lines - 1, width))
        local = now.astimezone()
        text.append("\n")
        clocks = f"Tokyo {now.astimezone(TOKYO):%H:%M}  local {local:%H:%M %Z}"
        text.append(clocks, style=muted)
        problems = [
            f"{ABBREVIATIONS.get(n, n)}: {r.error}"
            for n in shown
            if (r := self.results.get(n)) is not None and r.error
        ]
        if problems:
            more = f" (+{len(problems) - 1} more, s: sources)" if len(problems) > 1 else ""
            room = width - len(clocks) - 2 - len(more)  # the first problem, cut at a word
            text.append(f"  {clip_words(problems[0], max(room, 1))}{more}")
        # Entries are packed to the width, the problem cut to it (CSS cuts what is left:
        # wide characters count one here).
        if self.styles.height is None or self.styles.height.value != self.lines:
            self.styles.height = self.lines
        rows, before = _rows(text), self._rows
        if rows == before:
            return
        self._rows = rows
        # The height is fixed above and the width is the screen's: a new text never changes
        # the layout, so only this line repaints (a layout pass re-arranges the whole
        # screen, tens of ms at 160x48, and a load changes states dozens of times), and of
        # it only the rows that changed (most minutes: the clocks alone).
        if len(rows) != len(before) or not self.outer_size.width:
            self.update(text, layout=False)
            return
        top = self.content_offset.y
        pairs = enumerate(zip(rows, before, strict=True))
        changed = [top + y for y, (new, old) in pairs if new != old]
        with self.repainting(*(self.outer_row(y) for y in changed)):
            self.update(text, layout=False)

    def on_resize(self) -> None:
        """Re-pack the entries for the new width."""
        self.redraw()
