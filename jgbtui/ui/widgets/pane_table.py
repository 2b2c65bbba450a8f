"""A DataTable with vi keys that keeps its cursor across data updates."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable


class PaneTable(DataTable[str | Text]):
    """Row-cursor table; ``j``/``k`` move like the arrows; cursor survives ``set_rows``."""

    BINDINGS = [
        Binding("j", "cursor_down", "Move", key_display="jk↑↓"),
        Binding("k", "cursor_up", "Up", show=False),
        # DataTable scrolls sideways on Home/End; a trader expects first / last row.
        Binding("home", "scroll_top", "First row", show=False),
        Binding("end", "scroll_bottom", "Last row", show=False),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(
            id=id, classes=classes, cursor_type="row", zebra_stripes=False, show_cursor=True
        )

    def set_columns(self, columns: Sequence[tuple[str, int | None]]) -> None:
        """Define columns once: ``(label, width or None for auto)``."""
        if self.columns:
            return
        for label, width in columns:
            self.add_column(label, width=width, key=label)

    def set_rows(self, rows: Iterable[tuple[str, Sequence[str | Text]]]) -> None:
        """Replace all rows (``(key, cells)``), keeping the cursor on the same row index."""
        row = self.cursor_row
        self.clear()
        for key, cells in rows:
            self.add_row(*cells, key=key)
        if self.row_count:
            self.move_cursor(row=min(row, self.row_count - 1), animate=False)
