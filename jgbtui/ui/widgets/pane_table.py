"""A DataTable with vi keys that keeps its cursor across data updates.

Keys typed in one burst must act in the order they were typed, on the screen they were typed
on. Textual handles *priority* bindings in the app's own queue, as each key arrives, but
hands the other keys to the focused widget's queue, to be handled later: ``j j Enter``
could open the row before the cursor moved, and ``Enter 3`` could switch panes before the
drill-down opened. So every screen that acts on keys declares them with priority, table
movement included (:data:`TABLE_KEYS`, which act on the focused table at once).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from typing import Any

from rich.text import Text
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey

from jgbtui.ui.widgets.partial import PartialRefresh

#: Width assumed before the first layout (the narrowest pane: 80 columns less borders).
DEFAULT_WIDTH = 76


#: Table movement as priority bindings of a screen (see the module docstring): each runs the
#: focused table's own action through :func:`table_action`.
TABLE_KEYS: list[BindingType] = [
    Binding("j", "table('cursor_down')", "Move", key_display="jk↑↓", priority=True),
    *(
        Binding(key, f"table('{action}')", description, show=False, priority=True)
        for key, action, description in (
            ("down", "cursor_down", "Down"),
            ("k", "cursor_up", "Up"),
            ("up", "cursor_up", "Up"),
            ("home", "scroll_top", "First row"),
            ("end", "scroll_bottom", "Last row"),
            ("pageup", "page_up", "Page up"),
            ("pagedown", "page_down", "Page down"),
        )
    ),
]


def same_cell(old: object, new: object) -> bool:
    """Whether two cells look the same. ``Text.__eq__`` compares only the characters and
    the spans; a cell coloured by its base style, or aligned otherwise, differs too."""
    if isinstance(old, Text) and isinstance(new, Text):
        return (
            old.plain == new.plain
            and old.spans == new.spans
            and old.style == new.style
            and (old.justify, old.overflow, old.no_wrap, old.end)
            == (new.justify, new.overflow, new.no_wrap, new.end)
        )
    return type(old) is type(new) and old == new


def table_action(screen: Screen[Any], name: str) -> None:
    """Run ``action_<name>`` of ``screen``'s focused table now; without a focused table, let
    the key go on to whatever has the focus (a scrolling panel, say)."""
    focused = screen.focused
    if not isinstance(focused, DataTable):
        raise SkipAction()
    getattr(focused, f"action_{name}")()


def _row(key: RowKey | str) -> RowKey:
    return key if isinstance(key, RowKey) else RowKey(key)


def _column(key: ColumnKey | str) -> ColumnKey:
    return key if isinstance(key, ColumnKey) else ColumnKey(key)


class PaneTable(PartialRefresh, DataTable[str | Text]):
    """Row-cursor table; ``j``/``k`` move like the arrows; cursor survives ``set_rows``.

    Past the last row, ``j`` (or Down) moves on to the next table of the same pane, and
    ``k`` (or Up) above the first row back to the previous one, so that every row of a pane
    with two tables (yields and spreads, board and headlines) is reachable by keyboard.
    """

    BINDINGS = [
        Binding("j", "cursor_down", "Move", key_display="jk↑↓"),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        # DataTable scrolls sideways on Home/End; a trader expects first / last row.
        Binding("home", "scroll_top", "First row", show=False),
        Binding("end", "scroll_bottom", "Last row", show=False),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(
            id=id, classes=classes, cursor_type="row", zebra_stripes=False, show_cursor=True
        )
        self._restore_row: int | None = None

    def set_columns(self, columns: Sequence[tuple[str, int | None]]) -> None:
        """Define the columns ``(label, width or None for auto)``; redefine them only when
        they change (rows must then be set again)."""
        wanted = [(label, width) for label, width in columns]
        if self.columns:
            current = [
                (str(key.value), None if column.auto_width else column.width)
                for key, column in self.columns.items()
            ]
            if current == wanted:
                return
            self._restore_row = self.cursor_row
            self.clear(columns=True)
        for label, width in wanted:
            self.add_column(label, width=width, key=label)

    def set_rows(self, rows: Iterable[tuple[str, Sequence[str | Text]]]) -> None:
        """Show ``rows`` (``(key, cells)``), keeping the cursor on the same row index.

        When the rows are the ones shown (same keys, same order), only the cells that
        changed are written, in place, and a table whose cells all stand is not touched:
        clearing and adding rows again makes the table measure and lay out again and
        repaint in full, tens of ms per table at 160x48, on every view (most of which
        change a few cells, or none). Other rows replace the table's.
        """
        wanted = [(key, list(cells)) for key, cells in rows]
        if self._restore_row is None and self._same_rows(wanted):
            self._update_cells(wanted)
            return
        row = self.cursor_row if self._restore_row is None else self._restore_row
        self._restore_row = None
        self.clear()
        for key, cells in wanted:
            self.add_row(*cells, key=key)
        if self.row_count:
            self.move_cursor(row=min(row, self.row_count - 1), animate=False)

    def redraw(self) -> None:
        """Make the next :meth:`set_rows` replace every row, even the same ones: the table
        scrolls from the top again, its cursor on the same row index."""
        if self._restore_row is None:
            self._restore_row = self.cursor_row

    def _same_rows(self, wanted: list[tuple[str, list[str | Text]]]) -> bool:
        """Whether ``wanted`` has the keys of the rows shown, in order, a cell per column."""
        width = len(self.columns)
        return [key.value for key in self.rows] == [key for key, _ in wanted] and all(
            len(cells) == width for _, cells in wanted
        )

    def _update_cells(self, wanted: list[tuple[str, list[str | Text]]]) -> None:
        """Write the cells that differ from those shown (the rows are the same)."""
        columns = list(self.columns)
        self.write_cells(
            (key, column_key, new)
            for key, cells in wanted
            for column_key, old, new in zip(columns, self.get_row(key), cells, strict=True)
            if not same_cell(old, new)
        )

    def write_cells(
        self, cells: Iterable[tuple[RowKey | str, ColumnKey | str, str | Text]]
    ) -> None:
        """Write ``cells`` (``(row key, column key, value)``) in place.

        When every cell is in a column of fixed width, only the rows they are in are
        repainted (a countdown that moves each minute must not repaint the whole table);
        a cell of a column sized to its content repaints the table (the column may grow).
        """
        changes = [(_row(row), _column(column), value) for row, column, value in cells]
        autos = {key for key, column in self.columns.items() if column.auto_width}
        rows_only = not any(column in autos for _, column, _ in changes)
        # Each write refreshes the whole table: none of them, the changed rows after.
        with self.repainting() if rows_only else contextlib.nullcontext():
            for row, column, value in changes:
                self.update_cell(row, column, value, update_width=column in autos)
        if rows_only:
            for index in sorted({self.get_row_index(row) for row, _, _ in changes}):
                self.refresh_row(index)

    def room(self, fixed: Sequence[int], *, scrollbar: bool = True) -> int:
        """Cells left for one more column after columns of widths ``fixed`` (may be < 0).

        Each column takes its width plus the cell padding on both sides; ``scrollbar``
        keeps room for the vertical scrollbar of a table that may scroll.
        """
        width = self.size.width or self.parent_width()
        if scrollbar:
            width -= self.styles.scrollbar_size_vertical
        padding = 2 * self.cell_padding
        return width - sum(w + padding for w in fixed) - padding

    def parent_width(self) -> int:
        """The width of the container before this table is laid out."""
        parent = self.parent
        size = getattr(parent, "content_size", None)
        return int(size.width) if size is not None and size.width else DEFAULT_WIDTH

    def _neighbour(self, step: int) -> PaneTable | None:
        """The next (``step=1``) or previous displayed table of the same pane."""
        pane = next((a for a in self.ancestors if a.has_class("pane")), None)
        if pane is None:
            return None
        tables = [t for t in pane.query(PaneTable) if t.display and t.row_count]
        if self not in tables:
            return None
        index = tables.index(self) + step
        return tables[index] if 0 <= index < len(tables) else None

    def action_cursor_down(self) -> None:
        """Down a row; from the last row, on to the next table of the pane."""
        if self.row_count and self.cursor_row >= self.row_count - 1:
            following = self._neighbour(1)
            if following is not None:
                following.move_cursor(row=0, animate=False)
                self.screen.set_focus(following)
                return
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        """Up a row; from the first row, back to the previous table of the pane."""
        if self.row_count and self.cursor_row <= 0:
            previous = self._neighbour(-1)
            if previous is not None:
                previous.move_cursor(row=previous.row_count - 1, animate=False)
                self.screen.set_focus(previous)
                return
        super().action_cursor_up()
