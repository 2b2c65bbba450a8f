"""The command palette (Ctrl+P): panes, drill-downs by series and every action, on real data."""

from __future__ import annotations

import logging
from pathlib import Path

from textual.command import CommandList, CommandPalette

from jgbtui.runtime.logs import setup_logging
from jgbtui.ui.screens.drill.auction import AuctionScreen
from jgbtui.ui.screens.drill.series import SeriesScreen
from jgbtui.ui.screens.log import LogScreen
from jgbtui.ui.screens.main import MainScreen

from .conftest import main_screen, make_app, wait_for, wait_until_loaded


def palette_entries(app) -> list[str]:  # type: ignore[no-untyped-def]
    options = app.screen.query_one(CommandList)
    prompts = (str(options.get_option_at_index(i).prompt) for i in range(options.option_count))
    return [prompt.split("\n")[0] for prompt in prompts]  # the title, not the help line


async def open_palette(app, pilot) -> list[str]:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
    await wait_for(pilot, lambda: app.screen.query_one(CommandList).option_count > 20, "entries")
    await pilot.pause(0.2)  # every provider has answered
    return palette_entries(app)


async def test_ctrl_p_lists_panes_drill_downs_and_actions(full_routes, tmp_path: Path) -> None:
    app = make_app(full_routes, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_until_loaded(app, pilot)
        entries = "\n".join(await open_palette(app, pilot))
        for wanted in (
            "Pane 1: JGB yields",
            "Pane 2: Auctions",
            "Pane 3: Foreign flows",
            "Pane 4: USD/JPY",
            "Pane 5: Signals and headlines",
            "JGB 10Y chart",
            "JGB 40Y chart",
            "JGB 2s10s curve spread",
            "US 10Y chart",
            "US-JP 10Y spread chart",
            "10Y auctions",
            "Weekly flows",
            "Monthly flows",
            "USD/JPY chart and interventions",
            "JGB curve: today, 1 week, 1 month, 1 year ago",
            "Refresh every source",
            "Export CSV of the selected row's chart",
            "Theme: jgb-light",
            "Alerts: history of alerts",
            "Journal: today's views, read-only",
            "Status of the sources",
            "Help: every key",
            "Log: recent fetches, retries and problems",
        ):
            assert wanted in entries, wanted

        # Typing narrows the list; Enter runs the best match.
        await pilot.press(*"10y auc")
        await wait_for(
            pilot,
            lambda: palette_entries(app) and palette_entries(app)[0] == "10Y auctions",
            "the 10Y auctions entry first",
        )
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, AuctionScreen), "the auction screen")
        assert app.screen.tenor == "10Y"

        # From a drill-down the palette offers this screen's exports, and a pane goes home.
        entries = "\n".join(await open_palette(app, pilot))
        assert "Export CSV of this screen" in entries and "Save an SVG screenshot" in entries
        await pilot.press(*"pane 3")
        await pilot.pause(0.2)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "the main screen")
        assert main_screen(app).active == 2


async def test_palette_opens_a_jgb_chart_and_the_log(full_routes, tmp_path: Path) -> None:
    setup_logging("info", tmp_path / "logs")
    app = make_app(full_routes, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(app, pilot)
        await open_palette(app, pilot)
        await pilot.press(*"jgb 30y chart")
        await pilot.pause(0.2)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SeriesScreen), "the 30Y chart")
        assert app.screen.info.key == "30Y"
        await pilot.press("escape")
        logging.getLogger("jgbtui.fetch").info("probe line \x1b]52;c;aGk=\x07 from a test")
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, LogScreen), "the log screen")
        await pilot.pause(0.1)
        from textual.widgets import Log

        lines = app.screen.query_one(Log).lines
        assert any("probe line" in line for line in lines)
        assert not any("\x1b" in line for line in lines), "escape bytes never reach the screen"
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "back")
