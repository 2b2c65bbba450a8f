"""PaneTable writes only what changed: the same rows are updated in place, never cleared."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.app import App, ComposeResult

from jgbtui.ui.widgets.pane_table import PaneTable, same_cell

from .conftest import TerminalWrites

COLUMNS: list[tuple[str, int | None]] = [("Tenor", 5), ("Yld %", 6), ("Note", None)]


class TableApp(App[None]):
    """One PaneTable, nothing else."""

    def compose(self) -> ComposeResult:
        yield PaneTable(id="table")


def rows(ten_year: str, style: str = "") -> list[tuple[str, list[str | Text]]]:
    return [
        ("2Y", [Text("2Y"), Text("1.100"), Text("")]),
        ("10Y", [Text("10Y"), Text(ten_year, style=style), Text("")]),
        ("30Y", [Text("30Y"), Text("3.300"), Text("")]),
    ]


async def test_a_changed_cell_is_updated_in_place_and_the_table_not_cleared() -> None:
    app = TableApp()
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(PaneTable)
        table.set_columns(COLUMNS)
        table.set_rows(rows("2.000"))
        table.move_cursor(row=2)
        await pilot.pause()
        cleared: list[bool] = []
        updated: list[tuple[object, object]] = []
        clear, update_cell = table.clear, table.update_cell

        def spy_clear(columns: bool = False) -> PaneTable:
            cleared.append(columns)
            return clear(columns)

        def spy_update(row_key, column_key, value, *, update_width=False):  # type: ignore[no-untyped-def]
            updated.append((row_key, column_key))
            update_cell(row_key, column_key, value, update_width=update_width)

        table.clear = spy_clear  # type: ignore[method-assign]
        table.update_cell = spy_update  # type: ignore[method-assign,assignment]

        table.set_rows(rows("2.000"))  # nothing changed: nothing written
        assert not cleared and not updated

        table.set_rows(rows("2.015"))  # one number moved: one cell written
        assert not cleared and updated == [("10Y", "Yld %")]
        assert str(table.get_cell("10Y", "Yld %")) == "2.015"

        updated.clear()
        table.set_rows(rows("2.015", style="red"))  # same digits, new colour: written too
        assert not cleared and updated == [("10Y", "Yld %")]
        assert table.cursor_row == 2

        table.set_rows([*rows("2.015"), ("40Y", [Text("40Y"), Text("3.500"), Text("")])])
        assert cleared, "other rows replace the table's"
        assert table.row_count == 4 and table.cursor_row == 2


async def test_a_changed_cell_of_fixed_width_repaints_its_row_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A countdown that moves each minute repaints one row, not the table; a cell of a
    column sized to its content repaints the table (the column may have to grow)."""
    app = TableApp()
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(PaneTable)
        table.set_columns(COLUMNS)
        table.set_rows(rows("2.000"))
        await pilot.pause()
        writes = TerminalWrites(app, monkeypatch)

        table.set_rows(rows("2.015"))
        await pilot.pause()
        written, text = writes.take()
        assert written == {table.region.y + 2}  # the header, 2Y, then 10Y
        assert "2.015" in text and "1.100" not in text

        wider = rows("2.015")
        wider[0][1][2] = Text("a note that widens the column")
        table.set_rows(wider)
        await pilot.pause()
        written, text = writes.take()
        assert len(written) > 1 and "1.100" in text and "a note" in text


def test_same_cell_sees_style_and_alignment() -> None:
    assert same_cell(Text("1.0"), Text("1.0"))
    assert not same_cell(Text("1.0"), Text("1.0", style="red"))
    assert not same_cell(Text("1.0", justify="left"), Text("1.0", justify="right"))
    assert not same_cell("1.0", Text("1.0"))
    assert same_cell("1.0", "1.0")
