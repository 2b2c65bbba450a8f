"""The last screen as it was drawn, repainted in the very first frame of the next start.

After a live view is on the main screen, the app keeps a copy of the screen's lines (text
and styles, no pandas, no widgets) in ``last-frame.json`` beside the cache. At the next
start, if the terminal has the same size, theme and colour mode, that copy is the first
frame: one widget that hands back stored lines, so it costs about what a bare Textual app
costs. The title line says it is the saved screen and how old it is. The real main screen
(six panes, tables, CSS for forty widgets) is built right after that frame is out, with the
saved view in it, and keys typed meanwhile are passed on to it in order.

Only Textual, Rich and the standard library are imported here: this module is on the path
to the first frame.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from rich.errors import StyleSyntaxError
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

from jgbtui.present.files import write_json
from jgbtui.sources.sanitize import clean_text

#: Bump when the saved form changes; an older file is ignored (the next paint replaces it).
FORMAT = 1
#: Seconds between tries to keep the frame while a toast is up.
TOAST_WAIT = 3.0
#: The title line's first word, kept when the line is rewritten with the banner.
APP_NAME = "jgbtui"

Line = list[tuple[str, str]]
"""One screen line: (text, Rich style string) pieces."""


def frame_path(cache_dir: Path) -> Path:
    """Where the last drawn screen is kept (beside the saved view)."""
    return Path(cache_dir) / "last-frame.json"


def colour_mode() -> str:
    """What the terminal was asked for: a frame drawn in colour is not shown under NO_COLOR."""
    return "mono" if os.environ.get("NO_COLOR") else "colour"


@dataclass(frozen=True)
class SavedFrame:
    """A screen's lines as drawn, with what they depend on."""

    size: tuple[int, int]
    theme: str
    colours: str
    saved_at: datetime
    lines: list[Line]

    def strips(self, now: datetime) -> list[Strip]:
        """The lines as strips, the title line saying it is the saved screen and its age."""
        strips = [_strip(line) for line in self.lines]
        if strips and self.lines[0]:
            strips[0] = _banner(self.lines[0], self.size[0], self.age(now))
        return strips

    def age(self, now: datetime) -> str:
        """``4 min``: how long ago it was drawn (coarse, as the status line says ages)."""
        from jgbtui.present.format import duration

        return duration(max(0.0, (now - self.saved_at).total_seconds()))


def capture(lines: list[Strip], size: tuple[int, int], theme: str, now: datetime) -> SavedFrame:
    """A frame from the compositor's ``lines`` (metadata and control codes dropped)."""
    kept: list[Line] = []
    for strip in lines:
        line: Line = []
        for segment in strip:
            if segment.control or not segment.text:
                continue
            style = segment.style
            line.append((segment.text, "" if style is None else str(style.clear_meta_and_links())))
        kept.append(line)
    return SavedFrame(size, theme, colour_mode(), now, kept)


class FrameKeeper:
    """Keeps the main screen's lines for the next start, after each live view is painted."""

    def __init__(self, path: Path, clock: Callable[[], datetime]) -> None:
        self.path = path
        self.clock = clock
        self._waiting = False

    def keep(self, screen: Screen[Any], tries: int = 20) -> None:
        """Copy what ``screen`` shows now and write it (in a thread).

        Not while another screen is on top, nor while a toast is up (the next start must
        not show an old notice): then again a few seconds later, up to ``tries`` times,
        one wait at a time however many views arrive meanwhile.
        """
        app = screen.app
        if not screen.is_current:
            return
        if getattr(app, "_notifications", None):
            if tries > 0 and not self._waiting:
                self._waiting = True
                screen.set_timer(TOAST_WAIT, partial(self._again, screen, tries - 1))
            return
        try:
            # Textual has no public way to read a screen's lines; the compositor's are the
            # ones just written to the terminal. If that changes, there is no frame, no harm.
            lines = screen._compositor.render_strips()
        except Exception:
            return
        frame = capture(lines, (screen.size.width, screen.size.height), app.theme, self.clock())
        writer = partial(save_frame, self.path, frame)
        app.run_worker(writer, thread=True, group="frame", exit_on_error=False)

    def _again(self, screen: Screen[Any], tries: int) -> None:
        self._waiting = False
        self.keep(screen, tries)


def save_frame(path: Path, frame: SavedFrame) -> bool:
    """Write ``frame`` atomically; never raises (the frame is a courtesy)."""
    document = {
        "format": FORMAT,
        "size": list(frame.size),
        "theme": frame.theme,
        "colours": frame.colours,
        "saved_at": frame.saved_at.isoformat(),
        "lines": frame.lines,
    }
    return write_json(path, document)


def load_frame(path: Path, size: tuple[int, int], theme: str) -> SavedFrame | None:
    """The saved frame if it was drawn at ``size`` in ``theme`` and this colour mode, else
    ``None`` (absent, damaged, another version, or drawn for another terminal)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("format") != FORMAT:
            return None
        lines = document["lines"]
        frame = SavedFrame(
            (int(document["size"][0]), int(document["size"][1])),
            str(document["theme"]),
            str(document["colours"]),
            datetime.fromisoformat(document["saved_at"]),
            # The file is ours, but a damaged one must not drive the terminal either.
            [[(clean_text(str(text)), str(style)) for text, style in line] for line in lines],
        )
        if frame.saved_at.tzinfo is None or len(frame.lines) != frame.size[1]:
            return None
        for line in frame.lines:  # every style must read back (a damaged file is ignored)
            for _text, style in line:
                _style(style)
    except (OSError, ValueError, KeyError, TypeError, IndexError, StyleSyntaxError):
        return None
    if frame.size != size or frame.theme != theme or frame.colours != colour_mode():
        return None
    return frame


def _style(text: str) -> Style | None:
    return Style.parse(text) if text else None


def _strip(line: Line) -> Strip:
    return Strip([Segment(text, _style(style)) for text, style in line])


def _banner(title: Line, width: int, age: str) -> Strip:
    """The title line with ``SAVED SCREEN (<age> old; loading)`` after the app's name."""
    text = "".join(piece for piece, _ in title)
    rest = text[len(APP_NAME) :] if text.startswith(APP_NAME) else f" {text}"
    banner = f"{APP_NAME} SAVED VIEW ({age} old; loading){rest}".rstrip()
    if len(banner) > width:  # whole tabs only: drop those that no longer fit
        cut = banner.rfind("  ", 0, width + 1)
        banner = banner[:cut] if cut > len(APP_NAME) else banner[:width]
    style = _style(title[0][1])
    return Strip([Segment(banner[:width].ljust(width), style)], width)


class FrameLines(Widget):
    """Hands back stored lines: no layout of its own, nothing to compute."""

    DEFAULT_CSS = """
    FrameLines { width: 1fr; height: 1fr; }
    """

    def __init__(self, strips: list[Strip]) -> None:
        super().__init__()
        self.strips = strips

    def render_line(self, y: int) -> Strip:
        """Line ``y`` as it was drawn (blank below the saved lines)."""
        if y < len(self.strips):
            return self.strips[y].crop_extend(0, self.size.width, None)
        return Strip.blank(self.size.width)


class SplashScreen(Screen[None]):
    """The saved frame, until the main screen is built; keys typed meanwhile are kept."""

    def __init__(self, frame: SavedFrame, clock: Callable[[], datetime]) -> None:
        super().__init__()
        self.frame = frame
        self.keys: list[events.Key] = []
        """Keys typed while this screen is up, for the main screen, in order."""
        self._strips = frame.strips(clock())
        self.text = "\n".join(strip.text for strip in self._strips)
        """The lines on screen as plain text (tests read it)."""

    def compose(self) -> ComposeResult:
        """The one widget."""
        yield FrameLines(self._strips)

    def on_key(self, event: events.Key) -> None:
        """Keep the key for the main screen (it answers them once it is up)."""
        event.stop()
        event.prevent_default()
        self.keys.append(events.Key(event.key, event.character))
