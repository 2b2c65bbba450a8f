"""Alerts in the running app: one bell and one toast for new anomalies, never twice."""

from __future__ import annotations

from pathlib import Path

from jgbtui.ui.screens.alerts import AlertsScreen

from .conftest import main_screen, make_app, wait_for, wait_until_loaded

SIZE = (120, 40)


def count_bells(app) -> list[int]:  # type: ignore[no-untyped-def]
    rings: list[int] = []
    app.bell = lambda: rings.append(1)  # the terminal bell, counted instead of rung
    return rings


async def test_new_anomaly_rings_once_and_an_identical_refresh_does_not(
    tmp_path: Path, full_routes
) -> None:
    requests: list[str] = []
    app = make_app(full_routes, tmp_path, log=requests)
    rings = count_bells(app)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until_loaded(app, pilot)
        # The real MoF history: the 10Y at 3.006% on 2 Sep 2026 is the highest since 1996, an
        # alert, new on the first load (with several more).
        assert app.alert_log is not None and app.alert_log.unread >= 1
        texts = [a.text for a in app.alert_log.history()]
        assert "JGB 10Y 3.006%, highest since 6 September 1996 (29 years)" in texts
        assert rings == [1], "several new alerts still ring the bell once"
        toasts = [n for n in app._notifications if "alert" in (n.title or "").lower()]
        assert len(toasts) == 1
        strip = str(main_screen(app).query_one("#board-strip").render())
        assert f"{app.alert_log.unread} new alert" in strip

        unread = app.alert_log.unread
        app.clear_notifications()
        before = len(requests)
        await pilot.press("r")
        # Every source asks again (the yields' history is reused from the cache by policy).
        await wait_for(pilot, lambda: len(requests) >= before + 8, "the refresh's requests")
        await wait_until_loaded(app, pilot)
        assert rings == [1], "the same anomalies after a refresh must stay quiet"
        assert not [n for n in app._notifications if "alert" in (n.title or "").lower()]
        assert app.alert_log.unread == unread

        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AlertsScreen), "the alerts screen")
        await pilot.press("A")  # acknowledge all
        await pilot.press("escape")
        assert app.alert_log.unread == 0


async def test_a_restart_does_not_reannounce(tmp_path: Path, full_routes) -> None:
    first = make_app(full_routes, tmp_path)
    first_rings = count_bells(first)
    async with first.run_test(size=SIZE) as pilot:
        await wait_until_loaded(first, pilot)
    assert first_rings == [1]
    second = make_app(full_routes, tmp_path)  # same alert log file, same data
    second_rings = count_bells(second)
    async with second.run_test(size=SIZE) as pilot:
        await wait_until_loaded(second, pilot)
        assert second.alert_log is not None and second.alert_log.unread >= 1
    assert second_rings == []


async def test_anomalous_cells_carry_a_marker_that_survives_no_colour(tmp_path: Path) -> None:
    """The demo's 30Y auction is its weakest cover on record: its BTC cell ends in "!"."""
    app = make_app({}, tmp_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until_loaded(app, pilot)
        view = main_screen(app).panes[0].view
        assert view is not None
        table = main_screen(app).query_one("#auctions-table")
        marked = {
            str(table.get_row_at(i)[0].plain).strip()
            for i in range(table.row_count)
            if str(table.get_row_at(i)[2].plain).endswith("!")
        }
        expected = {
            a.key.split(":")[1]
            for a in view.anomalies
            for row in view.auctions
            if a.key.startswith(f"auction:{row.tenor}:") and a.date == row.auction_date
        }
        assert "30Y" in marked
        assert marked == expected


async def test_y_copies_a_desk_line_for_the_selected_row(tmp_path: Path) -> None:
    app = make_app({}, tmp_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until_loaded(app, pilot)
        await pilot.press("1", "end", "y")  # the yields table's last row: 40Y
        view = main_screen(app).panes[0].view
        assert view is not None
        forty = next(r for r in view.yields if r.label == "40Y")
        assert app.clipboard.startswith(f"JGB 40Y {forty.value:.3f}% ")
        assert "2s10s" in app.clipboard and "USD/JPY" in app.clipboard
        about = [a for a in view.anomalies if a.key == "yields:40Y"]
        if about:  # an anomaly about the row is quoted with its own date
            assert app.clipboard.endswith(f"{about[0].date:%d-%b-%y}: {about[0].text}")


async def test_yield_alerts_off_leave_no_yield_headline_on_screen(
    tmp_path: Path, full_routes
) -> None:
    from dataclasses import replace

    from jgbtui.runtime.config import AlertConfig
    from jgbtui.ui.widgets.pane_table import PaneTable

    def headline_keys(app) -> list[str]:  # type: ignore[no-untyped-def]
        table = main_screen(app).query_one("#headlines-table", PaneTable)
        return [str(row.value) for row in table.rows]

    on = make_app(full_routes, tmp_path / "on")
    async with on.run_test(size=SIZE) as pilot:
        await wait_until_loaded(on, pilot)
        assert any(key.startswith("yields:") for key in headline_keys(on))

    off = make_app(full_routes, tmp_path / "off")
    off.options = replace(off.options, alerts=replace(AlertConfig(), yields=False))
    async with off.run_test(size=SIZE) as pilot:
        await wait_until_loaded(off, pilot)
        keys = headline_keys(off)
        assert keys, "other series' headlines still show"
        assert not any(key.startswith("yields:") for key in keys)
