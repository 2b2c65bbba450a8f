"""What moves each minute on an idle screen repaints its own rows, nothing else.

A pane's border subtitle ("as of … · STALE 12 min") changes each minute while a source is
stale, and the status line's clocks each minute: Textual's setters would repaint the whole
pane (every row of the table inside) and every row of the status line each time. (A table's
countdown cell: tests/ui/test_pane_table.py.) The clocks row's problem text is cut at a
word, never mid-word by the terminal's edge.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static

from jgbtui.present.view import MarketView
from jgbtui.ui.widgets.pane import Pane
from jgbtui.ui.widgets.status_line import StatusLine

from .conftest import FROZEN, TerminalWrites

ROWS = 6


class LonePane(Pane):
    """A pane with fixed content: only its frame matters here."""

    pane_id = "yields"
    label = "JGB yields"
    number = 1

    def compose(self) -> ComposeResult:
        yield Static("\n".join(f"row {n}" for n in range(ROWS)))

    def render_view(self, view: MarketView) -> None:  # never given a view here
        raise AssertionError(view)


class PaneApp(App[None]):
    CSS = "LonePane { border: round white; height: auto; }"

    def compose(self) -> ComposeResult:
        yield LonePane()


@pytest.mark.parametrize("width", [40, 80])
async def test_a_new_subtitle_repaints_the_bottom_border_only(
    width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = PaneApp()
    async with app.run_test(size=(width, 12)) as pilot:
        pane = app.query_one(LonePane)
        pane._set_subtitle("as of 2026-11-30 · STALE 1 min")
        await pilot.pause()
        writes = TerminalWrites(app, monkeypatch)
        pane._set_subtitle("as of 2026-11-30 · STALE 2 min")
        await pilot.pause()
        rows, text = writes.take()
        bottom = pane.region.bottom - 1
        assert rows == {bottom}, (rows, bottom)
        assert "STALE 2 min" in text and "row" not in text
        assert pane.border_subtitle == "as of 2026-11-30 · STALE 2 min"

        # Anything else still repaints the whole pane (the override is for the subtitle only).
        pane.refresh()
        await pilot.pause()
        rows, text = writes.take()
        assert rows == set(range(pane.region.y, pane.region.bottom))
        assert "row 0" in text and "STALE 2 min" in text


class StatusApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.now = FROZEN

    def compose(self) -> ComposeResult:
        yield Static("panes", id="panes")
        yield StatusLine(lambda: self.now)


async def test_a_new_minute_repaints_the_clocks_row_only(
    monkeypatch: pytest.MonkeyPatch, utc_local_time: None
) -> None:
    app = StatusApp()
    async with app.run_test(size=(80, 8)) as pilot:
        status = app.query_one(StatusLine)
        status.update_state(["mof_yields", "fred_usdjpy"], {}, set())
        status.tick()
        await pilot.pause()
        writes = TerminalWrites(app, monkeypatch)

        app.now = FROZEN + timedelta(minutes=1)
        status.tick()
        await pilot.pause()
        rows, text = writes.take()
        assert rows == {status.region.bottom - 1}
        assert "Tokyo 12:01  local 03:01 UTC" in text and "waiting" not in text

        status.update_state(["mof_yields", "fred_usdjpy"], {}, {"fred_usdjpy"})
        await pilot.pause()
        rows, text = writes.take()
        assert rows == {status.region.y} and "FRED refreshing" in text


async def test_the_first_problem_is_cut_at_a_word_and_the_pointer_to_the_rest_kept(
    utc_local_time: None,
) -> None:
    from jgbtui.sources.base import SourceResult

    error = "rejected: mof_yields: 10Y 999 on 2026-09-11 is outside -2..25 % (bounds)"
    results = {
        name: SourceResult(name, name, "stale", error=error, fetched_at=FROZEN)
        for name in ("mof_yields", "fred_usdjpy")
    }
    app = StatusApp()
    async with app.run_test(size=(120, 8)) as pilot:
        status = app.query_one(StatusLine)
        status.update_state(["mof_yields", "fred_usdjpy"], results, set())
        await pilot.pause()
        last = str(status.render()).splitlines()[-1]
        assert last.endswith("… (+1 more, s: sources)"), last
        assert last.startswith("Tokyo 12:00  local 03:00 UTC  JGB: rejected: mof_yields: 10Y")
        clipped = last.removesuffix("… (+1 more, s: sources)")
        assert error.startswith(clipped.split("JGB: ", 1)[1])
        assert f"{clipped.split()[-1]} " in f"{error} "  # its last word is whole
        assert len(last) <= status.size.width
