"""The calendar pane (key 6), the events strip and their drill-downs, with Pilot.

The app runs on the frozen clock of ``conftest`` (Tuesday 24 November 2026, 12:00 JST) over
the real files and the SYNTHETIC schedules. The strip's own clock is then moved by hand to
show that its countdowns tick, and that only the strip repaints.
"""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import DataTable

from jgbtui.ui.screens.drill.cpi import CpiScreen
from jgbtui.ui.screens.drill.flows import FlowsScreen
from jgbtui.ui.screens.drill.homecoming import HomecomingScreen
from jgbtui.ui.screens.drill.policy import PolicyScreen
from jgbtui.ui.widgets.calendar_pane import CalendarPane
from jgbtui.ui.widgets.events_strip import EventsStrip
from jgbtui.ui.widgets.yields_pane import YieldsPane

from .conftest import FROZEN, main_screen, make_app, screen_text, wait_for, wait_until_loaded

SMALL, WIDE = (80, 24), (160, 48)


def cells(table: DataTable, row: int) -> list[str]:
    return [str(cell) for cell in table.get_row_at(row)]


async def test_key_6_lists_the_events_at_80x24(full_routes, tmp_path) -> None:
    app = make_app(full_routes, tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await wait_until_loaded(app, pilot)
        await pilot.press("6")
        screen = main_screen(app)
        pane = screen.query_one(CalendarPane)
        assert pane.has_class("-active") and [p.id for p in screen.panes if p.display] == [
            "calendar"
        ]
        # At 24 rows the strip gives its line to the panes; the pane lists the events.
        assert not screen.query_one(EventsStrip).display
        events = screen.query_one("#calendar-table", DataTable)
        macro = screen.query_one("#macro-table", DataTable)
        # Key 6 starts on the next event (the past ones are above it).
        assert app.focused is events
        first = cells(events, events.cursor_row)
        assert first[0] == "Thu 26 Nov 08:50" and first[2] == "1d 20h"
        assert first[3].startswith("MoF weekly flows")
        keys = [str(row.key.value) for row in macro.ordered_rows]
        assert keys[:2] == ["boj:policy", "boj:call"] and "cpi:national" in keys
        text = screen_text(app)
        assert "When (JST)" in text and "1.25%" in text
        # Enter on the event opens its series: the weekly flows.
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FlowsScreen)
        await pilot.press("escape")
        await pilot.pause()
        # Up past the first event reaches the macro rows: the last is the homecoming row.
        await pilot.press(*["k"] * (events.cursor_row + 1))
        assert app.focused is macro and macro.cursor_row == macro.row_count - 1
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomecomingScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("j")  # and down again into the events
        assert app.focused is events and events.cursor_row == 0


async def test_drill_keys_open_policy_cpi_and_homecoming(full_routes, tmp_path) -> None:
    app = make_app(full_routes, tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await wait_until_loaded(app, pilot)
        for key, screen_type, title in (
            ("b", PolicyScreen, "BOJ policy rate"),
            ("i", CpiScreen, "CPI, % y/y"),
            ("h", HomecomingScreen, "Who is selling, who is coming home"),
        ):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, screen_type), key
            assert title in screen_text(app)
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        cpi = app.screen
        assert isinstance(cpi, CpiScreen) and cpi.area == "tokyo"
        await pilot.press("a")
        assert cpi.area == "national"
        side = str(cpi.query_one("#cpi-side").render())
        assert "+1.9% y/y" in side and "+1.8% y/y" in side  # July 2026, 2025 base


async def test_strip_countdowns_tick_and_only_the_strip_repaints(
    full_routes, tmp_path, monkeypatch
) -> None:
    # The screen's timer notices a jumped clock within TICK_LONGEST (30 s); this test jumps
    # a frozen clock several times, so it waits 1 s at most, on the same timer.
    monkeypatch.setattr("jgbtui.ui.screens.main.TICK_LONGEST", 1.0)
    app = make_app(full_routes, tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await wait_until_loaded(app, pilot)
        screen = main_screen(app)
        strip = screen.query_one(EventsStrip)
        assert strip.display
        assert "Next: Weekly flows Thu 08:50 in 1d 20h" in strip.painted
        yields = screen.query_one(YieldsPane)
        drawn = []
        original = yields.render_view
        yields.render_view = lambda view: (drawn.append(view), original(view))  # type: ignore[method-assign]

        now = [FROZEN]
        strip.clock = lambda: now[0]
        paints = strip.paints
        now[0] = FROZEN - timedelta(seconds=5)  # the same minute on the countdown: no repaint
        strip.tick()
        assert strip.paints == paints
        now[0] = FROZEN + timedelta(minutes=61)  # a minute on the countdown: the timer repaints
        await wait_for(pilot, lambda: strip.paints > paints, "the strip's timer")
        assert strip.paints == paints + 1
        assert "in 1d 19h" in strip.painted

        # Within the hour before an event the countdown shows seconds and ticks each second.
        event = screen.query_one(CalendarPane).view.calendar.upcoming(now[0], 1)[0]
        now[0] = event.when - timedelta(minutes=10)
        await wait_for(pilot, lambda: "in 10m 00s" in strip.painted, "10 minutes to go")
        now[0] += timedelta(seconds=1)
        await wait_for(pilot, lambda: "in 9m 59s" in strip.painted, "one second later")
        assert drawn == [], "ticking repainted a pane"


async def test_at_120x40_usd_jpy_and_the_calendar_take_turns(full_routes, tmp_path) -> None:
    app = make_app(full_routes, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(app, pilot)
        screen = main_screen(app)
        shown = lambda: [p.id for p in screen.panes if p.display]  # noqa: E731
        assert shown() == ["yields", "auctions", "flows", "fx", "signals"]
        await pilot.press("6")
        await pilot.pause()
        assert shown() == ["yields", "auctions", "flows", "signals", "calendar"]
        assert "Next:" in screen.query_one(EventsStrip).painted  # the strip stays at 40 rows
        await pilot.press("4")
        await pilot.pause()
        assert "fx" in shown() and "calendar" not in shown()
    app = make_app(full_routes, tmp_path / "wide")
    async with app.run_test(size=WIDE) as pilot:
        await wait_until_loaded(app, pilot)
        assert len([p for p in main_screen(app).panes if p.display]) == 6
