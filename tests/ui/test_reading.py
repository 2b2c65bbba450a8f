"""Reading the screen as a trader would, on the real published files (frozen clock).

Whole sentences behind Enter, dated inputs, spread levels at 120x40, headlines at 160x48,
the publisher's decimals, rows and keys reachable, a layout that does not move.
"""

from __future__ import annotations

import re
from datetime import date

from textual import events
from textual.widgets import Static

from jgbtui.present.report import build_report
from jgbtui.ui.screens.alerts import AlertsScreen
from jgbtui.ui.screens.confirm import ConfirmQuit
from jgbtui.ui.screens.drill.auction import AuctionScreen
from jgbtui.ui.screens.drill.curve import CurveScreen
from jgbtui.ui.screens.drill.series import SeriesScreen
from jgbtui.ui.screens.drill.signal import SignalScreen
from jgbtui.ui.screens.main import MainScreen
from jgbtui.ui.widgets.chart import EPOCH, Chart
from jgbtui.ui.widgets.pane_table import PaneTable
from jgbtui.ui.widgets.status_line import StatusLine

from .conftest import FROZEN, main_screen, make_app, screen_text, wait_for, wait_until_loaded

SMALL, MEDIUM, WIDE = (80, 24), (120, 40), (160, 48)


def words(text: str) -> str:
    """``text`` with every run of whitespace (line breaks included) as one space."""
    return " ".join(text.split())


async def burst(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    """Keys as a terminal delivers a fast typist's burst: all queued before any is handled
    (``pilot.press`` waits after each key, which hides ordering bugs)."""
    for key in keys:
        character = key if len(key) == 1 else None
        pilot.app.post_message(events.Key(key, character))
    await pilot.pause(0.2)
    await pilot.pause()


def day(x: float) -> date:
    return date.fromordinal(EPOCH.toordinal() + int(x))


# -- the must-shows -------------------------------------------------------------------------
#
# Each app start parses every real file and builds the view a few times (seconds on two
# cores), so each test below reads as much as it can from one running app.


async def test_120x40_spreads_alerts_and_toasts(full_routes, tmp_path) -> None:
    app = make_app(full_routes, tmp_path)
    async with app.run_test(size=MEDIUM, notifications=True) as pilot:
        await wait_until_loaded(app, pilot)
        app.clear_notifications()
        await pilot.pause()
        view = main_screen(app).panes[0].view
        assert view is not None
        text = screen_text(app)
        # Every spread's level is on screen beside its label.
        for row in view.spreads:
            shown = [line for line in text.splitlines() if f" {row.label} " in line]
            assert any(f"{row.value:.1f}" in line for line in shown), (row.label, shown)
        # The Treasury file ends on 25 Sep 2025: that spread says so, with its year.
        us = next(line for line in text.splitlines() if " US-JP 10Y " in line)
        assert "2025-09-25" in us
        # The note under the spreads breaks between words only.
        note = str(main_screen(app).query_one("#yields-note", Static).render())
        for line in note.splitlines():
            assert not re.search(r"\w-$", line), note
        assert "UST 10Y (NY close) minus JGB 10Y (Tokyo 15:00)" in words(note)

        # A toast never covers the status line.
        app.notify("a toast", timeout=30)
        await pilot.pause(0.2)
        status = main_screen(app).query_one(StatusLine)
        toasts = list(app.screen.query("Toast"))
        assert toasts
        for toast in toasts:
            assert toast.region.bottom <= status.region.y, (toast.region, status.region)
        app.clear_notifications()

        # The alerts screen: j / k move, Enter acknowledges and moves on.
        log = app.alert_log
        assert log is not None and log.unread >= 3
        unread = log.unread
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AlertsScreen), "the alerts screen")
        table = app.screen.query_one(PaneTable)
        await pilot.press("j", "j", "k")
        assert table.cursor_row == 1
        await pilot.press("enter")
        assert log.unread == unread - 1
        assert table.cursor_row == 2
        assert [a.state for a in log.history()][:3] == ["new", "acknowledged", "new"]


async def test_80x24_enter_on_each_signal_shows_the_whole_reason_as_the_report_has_it(
    full_routes, tmp_path
) -> None:
    app = make_app(full_routes, tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await wait_until_loaded(app, pilot)
        view = main_screen(app).panes[0].view
        assert view is not None
        # The very report `snapshot --json` prints, from the same view (the same Board).
        report = build_report(view, FROZEN)["signals"]["board"]
        await pilot.press("5")
        board = main_screen(app).query_one("#board-table", PaneTable)
        assert app.focused is board
        for index, name in enumerate(report):
            assert board.cursor_row == index
            await pilot.press("enter")
            screen = app.screen
            assert isinstance(screen, SignalScreen) and screen.signal.name == name
            await pilot.pause()
            shown = words(screen_text(app))
            assert words(report[name]["reason"]) in shown, (name, shown)
            # Every figure behind it, with its date.
            for figure in screen.signal.figures:
                assert figure.label in shown and figure.value in shown
            await pilot.press("escape")
            assert isinstance(app.screen, MainScreen)
            await pilot.press("j")


async def test_160x48_headlines_dates_and_the_publishers_decimals(full_routes, tmp_path) -> None:
    app = make_app(full_routes, tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await wait_until_loaded(app, pilot)
        view = main_screen(app).panes[0].view
        assert view is not None and len(view.anomalies) >= 3
        text = screen_text(app)

        # At least three headlines on pane 5 (the hedge note no longer takes their room).
        headlines = main_screen(app).query_one("#headlines-table", PaneTable)
        assert headlines.region.height >= 4  # the header and three rows
        assert len([a for a in view.anomalies if a.text[:30] in text]) >= 3
        assert "covered interest parity" not in text

        # Every date of another year than 2026 shows its year.
        status = str(main_screen(app).query_one(StatusLine).render())
        for token in ("UST late 2025-09-25", "ECB late 2025-05-09", "FRED late 2025-07-11"):
            assert token in status, status
        for stale in ("09/25", "05/09", "07/11"):
            assert f" {stale} " not in status, status
        assert "2008-05-21" in text  # the 15Y FRN's last auction
        assert "Sep 25" not in text  # the 2025 UST close never without its year
        strip = str(main_screen(app).query_one("#board-strip").render())
        # The carry signal rests on 2025 closes: the strip says so, with the date if it fits.
        assert re.search(r"carry green \((2025-09-25|old)\)", strip), strip

        # The carry signal: built from 2025 closes, it says so, with the hedge note.
        assert view.board is not None
        carry = [sig.name for sig in view.board.signals].index("hedged_carry")
        await pilot.press("5", "home", *["j"] * carry, "enter")
        await pilot.pause()
        assert isinstance(app.screen, SignalScreen)
        carry = words(screen_text(app))
        assert "as of 2025-09-25" in carry and "older than the newest data" in carry
        assert "UST 10Y 4.18% 2025-09-25" in carry
        assert "covered interest parity" in carry
        await pilot.press("escape")

        # The 2Y auction of 30 Jun 2026 as the workbook has it: 99.985 / 1.407%, lowest
        # 99.98 / 1.41% (shown to MoF's three places for yields).
        await pilot.press("2", "home", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AuctionScreen) and screen.tenor == "2Y"
        detail = str(screen.query_one("#auction-detail", Static).content)
        assert re.search(r"^Average price ¥ +99\.985$", detail, re.M), detail
        assert re.search(r"^Lowest price ¥ +99\.98$", detail, re.M), detail
        assert re.search(r"^  its yield % +1\.410$", detail, re.M), detail
        assert "99.985" in screen_text(app)
        await pilot.press("escape")

        # The 40Y is a yield-method auction: its yield is called the highest accepted one.
        await pilot.press("2", *["j"] * 5, "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AuctionScreen) and screen.tenor == "40Y"
        detail = str(screen.query_one("#auction-detail", Static).content)
        assert re.search(r"^Highest acc\. yld % +3\.840$", detail, re.M), detail
        assert "High yld" in screen_text(app)
        await pilot.press("escape")

        # The 10Y's drill-down: range keys 1-6 and c.
        await pilot.press("2", "home", "j", "j", "enter")
        screen = app.screen
        assert isinstance(screen, AuctionScreen) and screen.tenor == "10Y"
        table = screen.query_one("#auction-table", PaneTable)
        five_years = table.row_count
        await pilot.press("3")  # 1Y
        assert screen.range_name == "1Y" and 0 < table.row_count < five_years
        chart = screen.query_one(Chart)
        assert chart.spec is not None
        assert day(min(chart.spec.traces[0].x)) >= date(2025, 10, 1)
        await pilot.press("6")  # Max: back to 1989
        assert table.row_count > five_years
        await pilot.press("c")  # the auction's yield against the secondary-market 10Y
        assert chart.spec is not None
        labels = [t.label for t in chart.spec.traces]
        assert labels == ["auction average yield %", "JGB 10Y (MoF) %"]
        assert "c: chart (yield vs JGB 10Y)" in screen_text(app)


# -- keys -------------------------------------------------------------------------------------


async def test_80x24_every_row_and_key_does_what_it_says(full_routes, tmp_path) -> None:
    app = make_app(full_routes, tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await wait_until_loaded(app, pilot)
        screen = main_screen(app)
        yields = screen.query_one("#yields-table", PaneTable)
        spreads = screen.query_one("#spreads-table", PaneTable)

        # The spread rows are reachable: j past the last tenor, k back.
        await pilot.press("1", "end", "j")
        assert app.focused is spreads and spreads.cursor_row == 0
        await pilot.press("j", "j", "j")
        assert spreads.cursor_row == 3
        await pilot.press("enter")  # US-JP 10Y: its history
        assert isinstance(app.screen, SeriesScreen) and app.screen.info.key == "US-JP 10Y"
        await pilot.press("escape", "k", "k", "k", "k")
        assert app.focused is yields and yields.cursor_row == yields.row_count - 1

        # Enter on a headline: its series, at its date.
        view = screen.panes[0].view
        assert view is not None
        assert view.board is not None
        index = next(i for i, a in enumerate(view.anomalies) if a.key.startswith("yields:"))
        first = view.anomalies[index]
        # Past the signals of the board, down to that headline.
        await pilot.press("5", *["j"] * (len(view.board.signals) + index), "enter")
        series = app.screen
        assert isinstance(series, SeriesScreen)
        assert series.info.key == first.key.split(":")[1]
        spec = series.query_one(Chart).spec
        assert spec is not None and [day(v.x) for v in spec.vlines] == [first.date]
        assert series.range_name == "1Y"
        await pilot.press("escape")

        # One burst: nine rows down, Enter, and a range key: "3" is for the chart, not pane 3.
        await pilot.press("1", "home")
        await burst(pilot, *["j"] * 9, "enter", "3")
        series = app.screen
        assert isinstance(series, SeriesScreen) and series.info.key == "10Y"
        assert series.range_name == "1Y" and screen.active == 0
        await pilot.press("escape")

        # A burst from pane 5: "2" then Enter opens the auction, not the signal.
        await burst(pilot, "5", "2", "enter")
        assert isinstance(app.screen, AuctionScreen) and app.screen.tenor == "2Y"
        await pilot.press("escape")

        # Enter on the curve table: that tenor's history; Escape back to the curve.
        await pilot.press("v", "j", "enter")
        assert isinstance(app.screen, SeriesScreen) and app.screen.info.key == "2Y"
        await pilot.press("escape")
        assert isinstance(app.screen, CurveScreen)

        # q q from a drill-down: back, then a question, not a quit.
        await pilot.press("q", "q")
        assert isinstance(app.screen, ConfirmQuit)
        assert app.return_code is None
        await pilot.press("n")
        assert isinstance(app.screen, MainScreen)
        await pilot.pause(1.6)  # the moment has passed: q quits
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


# -- layout -----------------------------------------------------------------------------------


async def test_80x24_layout_does_not_move_and_focus_survives_a_tiny_terminal(
    full_routes, tmp_path
) -> None:
    app = make_app(full_routes, tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await wait_until_loaded(app, pilot)
        screen = main_screen(app)
        panes = screen.query_one("#panes")
        heights = set()
        for key in "123451":
            await pilot.press(key)
            await pilot.pause()
            heights.add((panes.region.y, panes.region.height))
        assert len(heights) == 1, heights

        before = panes.region
        results = dict(app.results)
        seen = set()

        def refreshed() -> bool:
            seen.add(panes.region)
            refreshing = app.monitor is None or app.monitor.refreshing
            return not refreshing and all(app.results[n] is not r for n, r in results.items())

        await pilot.press("r")
        await wait_for(pilot, refreshed, "every source to report again")
        await pilot.pause()
        assert seen == {before}

        await pilot.press("3", "j", "j")
        flows = screen.query_one("#flows-table", PaneTable)
        assert app.focused is flows
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        await pilot.resize_terminal(*SMALL)
        await pilot.pause()
        await pilot.pause()
        assert app.focused is flows and flows.cursor_row == 2
