"""The trader's rules in the running app (Pilot, real files): the form from a row and from a
drill-down, persistence across a restart, the rules list, alert states, and the journal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from textual.widgets import DataTable, Input, Select

from jgbtui.runtime.rules import parse_rule
from jgbtui.ui.screens.alerts import AlertsScreen
from jgbtui.ui.screens.drill.series import SeriesScreen
from jgbtui.ui.screens.journal import JournalScreen
from jgbtui.ui.screens.main import MainScreen, TitleBar
from jgbtui.ui.screens.rule_form import RuleForm
from jgbtui.ui.screens.rules_panel import RulesPanel

from .conftest import main_screen, make_app, screen_text, wait_for, wait_until_loaded

SIZE = (120, 40)


def count_bells(app) -> list[int]:  # type: ignore[no-untyped-def]
    rings: list[int] = []
    app.bell = lambda: rings.append(1)
    return rings


async def open_form_on_10y(app, pilot) -> RuleForm:  # type: ignore[no-untyped-def]
    table = main_screen(app).query_one("#yields-table", DataTable)
    table.move_cursor(row=table.get_row_index("10Y"))
    await pilot.press("plus")
    await wait_for(pilot, lambda: isinstance(app.screen, RuleForm), "the rule form")
    form = app.screen
    assert isinstance(form, RuleForm)
    value = form.query_one("#rule-value", Input)
    await wait_for(pilot, lambda: value.value != "", "the latest value in the form")
    return form


def saved_rules(tmp_path: Path) -> list[dict]:
    return json.loads((tmp_path / "rules.json").read_text(encoding="utf-8"))["rules"]


async def rules_panel(app, pilot) -> RulesPanel:  # type: ignore[no-untyped-def]
    await pilot.press("a")
    await wait_for(pilot, lambda: isinstance(app.screen, AlertsScreen), "the alerts screen")
    panel = app.screen.query_one(RulesPanel)
    await wait_for(pilot, lambda: panel.query_one(DataTable).row_count > 0, "the rules")
    return panel


async def test_b_on_the_10y_row_saves_a_rule_that_survives_a_restart(
    tmp_path: Path, real_routes
) -> None:
    app = make_app(real_routes, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until_loaded(app, pilot)
        form = await open_form_on_10y(app, pilot)
        assert form.query_one("#rule-series", Input).value == "jgb:10Y"
        assert form.query_one("#rule-value", Input).value == "2.987"  # pre-filled
        assert form.query_one("#rule-kind", Select).value == "above"
        assert "latest 2.987% on 2026-09-11" in screen_text(app)

        form.query_one("#rule-value", Input).value = ""
        await pilot.press(*"3.1", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "the form to close")
        assert [{k: v for k, v in r.items() if k != "id"} for r in saved_rules(tmp_path)] == [
            {"series": "jgb:10Y", "above": 3.1}
        ]

    restarted = make_app(real_routes, tmp_path)
    async with restarted.run_test(size=SIZE) as pilot:
        await wait_until_loaded(restarted, pilot)
        panel = await rules_panel(restarted, pilot)
        [status] = panel.statuses
        assert status.rule.describe() == "jgb:10Y above 3.1" and status.rule.origin == "user"
        await wait_for(pilot, lambda: " keys" in screen_text(restarted), "the rules list")
        assert "jgb:10Y above 3.1" in screen_text(restarted)


async def test_the_form_refuses_what_the_config_would_refuse(tmp_path: Path, real_routes) -> None:
    app = make_app(real_routes, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until_loaded(app, pilot)
        form = await open_form_on_10y(app, pilot)
        form.query_one("#rule-kind", Select).value = "move_above"
        await pilot.pause()
        assert form.query_one("#rule-over-row").display
        assert str(form.query_one("#rule-value-label").render()) == "Move (bp)"
        form.query_one("#rule-value", Input).value = "-3"
        await pilot.press("enter")
        await pilot.pause()
        assert "move_above must be above 0" in screen_text(app)
        form.query_one("#rule-value", Input).value = "abc"
        await pilot.press("enter")
        await pilot.pause()
        assert "Move must be a number, got 'abc'" in screen_text(app)
        form.query_one("#rule-series", Input).value = "jgb:11Y"
        form.query_one("#rule-value", Input).value = "5"
        await pilot.press("enter")
        await wait_for(pilot, lambda: "unknown series 'jgb:11Y'" in screen_text(app), "refusal")
        assert isinstance(app.screen, RuleForm)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        assert not (tmp_path / "rules.json").exists()


async def test_a_rule_added_on_a_drill_down_rings_at_once(tmp_path: Path, real_routes) -> None:
    app = make_app(real_routes, tmp_path)
    rings = count_bells(app)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until_loaded(app, pilot)
        rang = len(rings)
        table = main_screen(app).query_one("#yields-table", DataTable)
        table.move_cursor(row=table.get_row_index("10Y"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SeriesScreen), "the 10Y chart")
        await pilot.press("plus")
        await wait_for(pilot, lambda: isinstance(app.screen, RuleForm), "the rule form")
        form = app.screen
        assert isinstance(form, RuleForm)
        assert form.query_one("#rule-series", Input).value == "jgb:10Y"
        form.query_one("#rule-kind", Select).value = "move_above"
        form.query_one("#rule-over", Select).value = "1w"
        await pilot.pause()  # a new condition clears the level pre-filled for "above"
        assert form.query_one("#rule-value", Input).value == ""
        form.query_one("#rule-value", Input).value = "5"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SeriesScreen), "back on the chart")
        # The 10Y rose 7.7bp in the week to 11 September: the new rule fires at once.
        await wait_for(pilot, lambda: len(rings) > rang, "the bell")
        assert app.alert_log is not None
        texts = [a.text for a in app.alert_log.history() if a.is_rule()]
        assert texts == ["jgb:10Y moved +7.7 bp over 1w to 2.987% (rule: 5 bp) (as of 2026-09-11)"]
        toasts = [n.message for n in app._notifications]
        assert texts[0] in toasts


async def test_rules_are_listed_paused_edited_and_deleted_in_the_alerts_screen(
    tmp_path: Path, real_routes
) -> None:
    configured = parse_rule({"series": "jgb:10Y", "above": 2.95}, origin="config")
    app = make_app(real_routes, tmp_path, rules=(configured,))
    rings = count_bells(app)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until_loaded(app, pilot)
        assert rings == [1]  # the rule and the anomalies of the first load: one bell
        assert app.alert_log is not None
        first = [n for n in app._notifications if "alert" in (n.title or "").lower()]
        assert first[0].message.startswith("jgb:10Y 2.987% is above 2.95 (as of 2026-09-11)")
        assert app.monitor is not None
        user = app.monitor.rules.add({"series": "usdjpy", "above": 160})
        await app.monitor.check_rules()  # as the form does once it has saved

        panel = await rules_panel(app, pilot)
        await wait_for(pilot, lambda: len(panel.statuses) == 2, "both rules")
        rows = {s.rule.describe(): s for s in panel.statuses}
        assert rows["jgb:10Y above 2.95"].status == "fired"
        assert rows["usdjpy above 160"].status == "armed"
        await wait_for(pilot, lambda: " keys" in screen_text(app), "the rules drawn")
        text = screen_text(app)
        assert " config" in text and "2.987 Sep 11 NEW" in text

        table = panel.query_one(DataTable)
        table.focus()
        await pilot.press("p")  # pause the config rule (first row)
        await wait_for(
            pilot, lambda: panel.statuses[0].status == "paused", "the config rule paused"
        )
        await pilot.press("e")  # config rules are edited in the file
        await pilot.pause()
        assert any("comes from the config file" in n.message for n in app._notifications)
        await pilot.press("d")
        assert not isinstance(app.screen, RuleForm)

        await pilot.press("down", "e")
        await wait_for(pilot, lambda: isinstance(app.screen, RuleForm), "the edit form")
        form = app.screen
        assert isinstance(form, RuleForm)
        assert form.query_one("#rule-value", Input).value == "160"
        form.query_one("#rule-value", Input).value = "140"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, AlertsScreen), "back")
        await wait_for(
            pilot,
            lambda: any(s.rule.describe() == "usdjpy above 140" for s in panel.statuses),
            "the edited rule",
        )
        # USD/JPY's latest fix (147.29) is above 140: the edited rule fired, and is listed.
        await wait_for(pilot, lambda: "usdjpy 147.29 is above 140" in screen_text(app), "fire")

        table.focus()
        table.move_cursor(row=1)
        await pilot.press("d", "d")  # twice: deleted
        await wait_for(pilot, lambda: len(panel.statuses) == 1, "the rule deleted")
        assert [r["id"] for r in saved_rules(tmp_path)] == []
        assert panel.statuses[0].rule.id == configured.id and user.id not in str(panel.statuses)


async def test_alerts_filter_by_state_and_series_and_snooze(tmp_path: Path, real_routes) -> None:
    configured = parse_rule({"series": "jgb:10Y", "above": 2.95}, origin="config")
    app = make_app(real_routes, tmp_path, rules=(configured,))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until_loaded(app, pilot)
        log = app.alert_log
        assert log is not None and log.unread >= 2
        total = len(log.alerts)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AlertsScreen), "the alerts screen")
        screen = app.screen
        assert isinstance(screen, AlertsScreen)
        table = screen.query_one("#alerts-table", DataTable)
        assert table.row_count == total

        await pilot.press("z")  # snooze the newest (the rule's firing, 11 September)
        snoozed = [a for a in log.alerts.values() if a.state == "snoozed"]
        assert [a.is_rule() for a in snoozed] == [True]
        assert "snoozed 04:00" in screen_text(app)  # an hour after 03:00 (UTC here)

        await pilot.press("f")  # new only
        assert table.row_count == total - 1
        await pilot.press("f", "f")  # snoozed only
        assert table.row_count == 1 and "showing 1: snoozed, all series" in screen_text(app)
        await pilot.press("f")  # all again
        series_seen = []
        for _ in range(8):
            await pilot.press("s")
            series_seen.append(screen.filter.series)
            if screen.filter.series == "jgb:10Y":
                break
        assert screen.filter.series == "jgb:10Y"
        # The rule's firing and the 10Y anomaly are filed under the same series id.
        kinds = {str(table.get_row_at(i)[2]).startswith("jgb:10Y") for i in range(table.row_count)}
        assert kinds == {True, False}
    assert app.alert_log is not None and app.alert_log.unread == total - 1


async def test_the_journal_steps_back_read_only_and_escape_goes_live(
    tmp_path: Path, real_routes
) -> None:
    app = make_app(real_routes, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until_loaded(app, pilot)
        await wait_for(pilot, lambda: (tmp_path / "journal").exists(), "the journal")
        await pilot.press("[")
        await wait_for(pilot, lambda: isinstance(app.screen, JournalScreen), "the journal")
        screen = app.screen
        assert isinstance(screen, JournalScreen)
        title = str(screen.query_one(TitleBar).render())
        assert title.startswith(f"JOURNAL 2026-11-24 03:00:00 ({len(screen.entries)}/")
        assert "read-only" in title
        text = screen_text(app)
        assert "10Y     2.987" in text
        await pilot.press("enter")  # no drill-down on the past
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        assert any("read-only" in n.message for n in app._notifications)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen) and not isinstance(app.screen, JournalScreen)
        assert "JOURNAL" not in str(main_screen(app).query_one(TitleBar).render())


def journal_command(at: str) -> subprocess.CompletedProcess[str]:
    """``jgbtui journal`` for the frozen day, in local time UTC like the app here."""
    return subprocess.run(
        [sys.executable, "-m", "jgbtui", "journal", "--date", "2026-11-24", "--at", at],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "TZ": "UTC"},
    )


async def test_jgbtui_journal_prints_the_10y_as_the_screen_showed_it(
    tmp_path: Path, real_routes
) -> None:
    journal = Path(os.environ["XDG_STATE_HOME"]) / "jgbtui" / "journal"  # the default folder
    app = make_app(real_routes, tmp_path, journal_dir=journal)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until_loaded(app, pilot)
        await wait_for(pilot, lambda: journal.exists(), "the journal")
        shown = next(line for line in screen_text(app).splitlines() if "10Y     2.987" in line)
    on_screen = shown.split("│")[1].split()[:5]
    assert on_screen == ["10Y", "2.987", "+6.7", "+7.7", "—"]

    printed = journal_command("03:00")
    assert printed.returncode == 0, printed.stderr
    assert "What the screen showed at 03:00: the view recorded at 03:00:00" in printed.stdout
    row = next(line for line in printed.stdout.splitlines() if "│   10Y │" in line)
    assert [cell.strip() for cell in row.strip("│ ").split("│")] == on_screen
    assert "JGB yields (%) as of 2026-09-11" in printed.stdout

    earlier = journal_command("02:59")
    assert earlier.returncode == 1
    assert "nothing recorded before 02:59 on 2026-11-24" in earlier.stderr


async def test_a_level_typed_before_the_latest_value_arrives_is_kept(
    tmp_path: Path, real_routes, monkeypatch
) -> None:
    import threading

    from jgbtui.ui.screens import rule_form

    answered = threading.Event()
    original = rule_form.latest_value

    def slow(results, series):  # type: ignore[no-untyped-def]
        answered.wait(10)  # the lookup answers only once the trader has typed
        return original(results, series)

    monkeypatch.setattr(rule_form, "latest_value", slow)
    app = make_app(real_routes, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until_loaded(app, pilot)
        table = main_screen(app).query_one("#yields-table", DataTable)
        table.move_cursor(row=table.get_row_index("10Y"))
        await pilot.press("plus")
        await wait_for(pilot, lambda: isinstance(app.screen, RuleForm), "the rule form")
        await pilot.press(*"3.1")
        answered.set()
        await wait_for(pilot, lambda: "latest 2.987%" in screen_text(app), "the latest value")
        form = app.screen
        assert isinstance(form, RuleForm)
        assert form.query_one("#rule-value", Input).value == "3.1"
