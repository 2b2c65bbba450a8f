"""Alerts in the running app: one bell and one toast for new anomalies, never twice."""

from __future__ import annotations

from pathlib import Path

from jgbtui.screens.alerts import AlertsScreen

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
        # The SYNTHETIC auction workbook has a 10Y bid-to-cover of 3.13, the weakest in over
        # a year: at least one warning-or-worse anomaly is new on the first load.
        assert app.alert_log is not None and app.alert_log.unread >= 1
        texts = [a.text for a in app.alert_log.history()]
        assert any(t.startswith("10Y auction bid-to-cover 3.13, weakest since") for t in texts)
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
