"""What every drill-down screen shares: title, back keys, CSV and SVG export, range keys.

A drill screen is pushed over the main screen, so going back (Escape or ``q``) pops it and
Textual gives the focus back to the table it came from, with its cursor where it was.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from jgbtui.analytics.history import RANGE_NAMES
from jgbtui.present.drill import Results, is_demo
from jgbtui.runtime import export
from jgbtui.runtime.options import Options
from jgbtui.ui.widgets.pane_table import TABLE_KEYS, table_action

if TYPE_CHECKING:
    import pandas as pd

    from jgbtui.present.view import MarketView

#: ``1``-``6`` pick a range (1M 3M 1Y 5Y 10Y Max) on the screens that have one.
RANGE_BINDINGS: list[BindingType] = [
    Binding("1", "range(0)", "Range", key_display="1-6", priority=True),
    *(
        Binding(str(n + 1), f"range({n})", RANGE_NAMES[n], show=False, priority=True)
        for n in range(1, 6)
    ),
]


def range_line(current: str) -> str:
    """``1M 3M 1Y 5Y 10Y [Max]``: the ranges keys 1-6 pick, the current one bracketed."""
    return " ".join(f"[{name}]" if name == current else name for name in RANGE_NAMES)


class DrillScreen(Screen[None]):
    """Base class: subclasses compose a body and say what to export."""

    DEFAULT_CSS = """
    DrillScreen {
        layout: vertical;
    }
    DrillScreen #drill-title {
        height: 1;
        background: $panel;
        color: $foreground;
        text-style: bold;
        padding: 0 1;
    }
    DrillScreen #drill-body {
        height: 1fr;
    }
    DrillScreen #drill-saved {
        height: 1;
        color: $jgb-muted;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    DrillScreen .drill-side {
        width: 30;
        height: 1fr;
        padding: 0 1;
        background: $surface;
    }
    DrillScreen .drill-heading {
        text-style: bold;
        color: $primary;
    }
    """

    # Priority throughout, so keys typed in one burst act in order (widgets/pane_table).
    BINDINGS = [
        *TABLE_KEYS,
        Binding("escape", "back", "Back", key_display="Esc", priority=True),
        Binding("q", "back", "Back", show=False, priority=True),
        Binding("e", "export_csv", "CSV", priority=True),
        Binding("s", "save_svg", "SVG", priority=True),
        Binding("enter", "open_row", "Open", show=False, priority=True),
        Binding(
            "plus", "add_rule", "Rule", key_display="+", show=False, priority=True
        ),  # in help: the footer is full at 80
    ]

    #: Sources whose data the screen shows (a DEMO label appears when any is synthetic).
    sources: tuple[str, ...] = ()

    def __init__(self, view: MarketView, clock: Callable[[], datetime]) -> None:
        super().__init__()
        self.view = view
        """The view the main screen showed when this screen opened (frames and anomalies)."""
        self.results: Results = view.results
        self.clock = clock
        self.range_name = "Max"
        self.saved: list[str] = []
        """Paths written by the last export (tests read them)."""

    # -- subclass hooks -----------------------------------------------------------------

    def title_text(self) -> str:
        """The title line: what this screen is about."""
        raise NotImplementedError

    def compose_body(self) -> ComposeResult:
        """The screen's own widgets."""
        raise NotImplementedError

    def export_frames(self) -> Sequence[tuple[str, pd.DataFrame]]:
        """``(file stem, frame)`` for each CSV ``e`` writes: the data behind what is shown."""
        raise NotImplementedError

    def file_stem(self) -> str:
        """Start of the exported files' names (default: the title up to the first ``·``)."""
        return export.slug(self.title_text().split("·")[0])

    def range_changed(self) -> None:
        """Redraw after a range key (screens with ranges override this)."""

    def open_row(self, table: str | None, key: str | None) -> bool:
        """Enter on row ``key`` of table ``table``: act on it and return True, or return
        False to let the table handle Enter itself (the default)."""
        return False

    # -- composition --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Title, body, the line saying where exports went, footer."""
        yield Static(self._title(), id="drill-title")
        yield from self.compose_body()
        yield Static("", id="drill-saved", markup=False)
        yield Footer(compact=True)

    def _title(self) -> Text:
        title = self.title_text()
        if is_demo(self.results, *self.sources):  # first, so a narrow terminal still shows it
            title = f"DEMO DATA (synthetic) · {title}"
        return Text(title)

    def update_title(self) -> None:
        """Redraw the title line after what it names changed."""
        self.query_one("#drill-title", Static).update(self._title())

    # -- actions ------------------------------------------------------------------------

    def action_table(self, name: str) -> None:
        """Movement keys on the screen's focused table, in key order."""
        table_action(self, name)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Table movement only where there is a table (so the footer never offers it
        elsewhere, and j / k stay free for the screen's own use)."""
        return action != "table" or bool(self.query(DataTable))

    def action_open_row(self) -> None:
        """Enter: the screen's own action for the focused table's cursor row, if it has one."""
        focused = self.focused
        if not isinstance(focused, DataTable) or not focused.row_count:
            raise SkipAction()
        key = focused.coordinate_to_cell_key(focused.cursor_coordinate).row_key.value
        if not self.open_row(focused.id, key):
            raise SkipAction()

    def action_back(self) -> None:
        """Back to exactly where the user was on the main screen."""
        self.dismiss()

    def action_add_rule(self) -> None:
        """``+``: a rule on this screen's series, pre-filled with its latest value."""
        from jgbtui.ui.screens.rule_form import open_rule_form

        open_rule_form(self.app, self.rule_series())

    def rule_series(self) -> str | None:
        """The series id ``+`` opens a rule on (subclasses name theirs)."""
        return None

    def action_range(self, index: int) -> None:
        """Show range ``RANGE_NAMES[index]``."""
        self.range_name = RANGE_NAMES[index]
        self.range_changed()

    def _folder(self) -> Path:
        # The app carries the run options; a screen never imports the app (imports run down).
        options = getattr(self.app, "options", None)
        return export.export_dir(options.export_dir if isinstance(options, Options) else None)

    def action_export_csv(self) -> None:
        """Write the data behind the screen as CSV into the export folder (in a browser under
        ``jgbtui serve``: download it there)."""
        frames = [(stem, data) for stem, data in self.export_frames() if not data.empty]
        if not frames:
            self._report("Nothing to export: this screen has no data.", error=True)
            return
        when = self.clock()
        if self.app.is_web:
            names = [export.new_name(stem, ".csv", when) for stem, _ in frames]
            for name, (_, data) in zip(names, frames, strict=True):
                self.app.deliver_text(export.csv_text(data), save_filename=name)
            self.saved = names
            self._report(f"CSV sent to your browser: {', '.join(names)}")
            return
        try:
            self.saved = [
                str(export.write_csv(data, export.new_path(self._folder(), stem, ".csv", when)))
                for stem, data in frames
            ]
        except OSError as exc:
            self._report(f"CSV not written: {exc}", error=True)
            return
        rows = sum(len(data) for _, data in frames)
        self._report(f"CSV ({rows:,} rows) saved to {', '.join(self.saved)}")

    def action_save_svg(self) -> None:
        """Save an SVG screenshot of this screen into the export folder (or the browser's)."""
        if self.app.is_web:
            name = export.new_name(self.file_stem(), ".svg", self.clock())
            svg = io.StringIO(self.app.export_screenshot())
            self.app.deliver_text(svg, save_filename=name, mime_type="image/svg+xml")
            self._report(f"SVG sent to your browser: {name}")
            return
        try:
            path = export.new_path(self._folder(), self.file_stem(), ".svg", self.clock())
            self.saved = [self.app.save_screenshot(filename=path.name, path=str(path.parent))]
        except OSError as exc:
            self._report(f"SVG not written: {exc}", error=True)
            return
        self._report(f"SVG saved to {self.saved[0]}")

    def _report(self, message: str, *, error: bool = False) -> None:
        self.query_one("#drill-saved", Static).update(message)
        self.notify(message, severity="error" if error else "information", timeout=6)
