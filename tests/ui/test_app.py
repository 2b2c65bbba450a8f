"""The Textual app driven by a Pilot over a mock transport: what it shows and what keys do.

Expected numbers are read from the real published files in ``../shared/data/real`` with the
csv module, independently of the parsers under test.
"""

from __future__ import annotations

import csv
import io
import re
import threading
import time
from dataclasses import replace
from datetime import date

import pytest
from conftest import REAL_DIR, ROOT
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from jgbtui.sources import catalog
from jgbtui.ui.app import JgbApp
from jgbtui.ui.screens.help import HelpScreen
from jgbtui.ui.screens.main import MainScreen, TitleBar
from jgbtui.ui.screens.sources import SourcesScreen
from jgbtui.ui.widgets.pane_table import PaneTable
from jgbtui.ui.widgets.status_line import StatusLine
from jgbtui.ui.widgets.yields_pane import YieldsPane

from .conftest import (
    VIEW_BUILDS,
    main_screen,
    make_app,
    screen_text,
    view_is_current,
    wait_for,
    wait_for_current_view,
    wait_until_loaded,
)

TENORS = ("1Y", "2Y", "3Y", "4Y", "5Y", "6Y", "7Y", "8Y", "9Y", "10Y", "15Y", "20Y", "25Y")
TENORS += ("30Y", "40Y")
#: The smallest supported terminal: one pane at a time, and the cheapest to render.
SMALL = (80, 24)
#: Which pane's tables each shortcut shows (first table gets the focus).
PANE_TABLES = {"1": "yields-table", "2": "auctions-table", "3": "flows-table", "4": "fx-table"}
PANE_IDS = ("yields", "auctions", "flows", "fx")
#: A URL each source requests on every online refresh (others may be reused by policy).
LIVE_URLS = {
    "mof_yields": "/english/policy/jgbs/reference/interest_rate/jgbcme.csv",
    "ust_curve": "/daily-treasury-rates.csv/2026/all",
    "mof_auctions": "/english/policy/jgbs/auction/calendar/2611e.htm",
    "mof_flows_weekly": "/itn_transactions_in_securities/week.csv",
    "mof_flows_monthly": "/itn_transactions_in_securities/montha1.csv",
    "boj_usdjpy": "stat-search.boj.or.jp/api/v1/getDataCode",
    "ecb_usdjpy": "/stats/eurofxref/eurofxref-hist.zip",
    "fred_usdjpy": "fred.stlouisfed.org/graph/fredgraph.csv",
    "mof_intervention": "/feio/foreign_exchange_intervention_operations.csv",
    "statjp_cpi": "/data/cpi/2025/csv/zmi2025aa.csv",
    "statjp_cpi_tokyo": "/data/cpi/2025/csv/tmi2025aa.csv",
    "mof_flows_investors": "/itn_transactions_in_securities/monthb3.csv",
    "boj_policy": "stats.bis.org/api/v2/data/dataflow/BIS/WS_CBPOL/1.0/D.JP",
    "boj_call_rate": "&db=FM01&",
    "boj_mpm": "/en/mopo/mpmsche_minu/index.htm",
    "fed_fomc": "/monetarypolicy/fomccalendars.htm",
}


# -- expected values, from the real files ------------------------------------------------


def csv_rows(name: str) -> list[list[str]]:
    # latin-1 never fails: the MoF "English" file ends with a Shift_JIS footer.
    text = (REAL_DIR / name).read_bytes().decode("latin-1")
    return list(csv.reader(io.StringIO(text)))


def jgb_rows(name: str) -> tuple[list[str], list[list[str]]]:
    rows = csv_rows(name)
    header = next(r for r in rows if r and r[0] == "Date")
    return header, [r for r in rows if r and r[0][:4].isdigit()]


def expected_jgb_10y() -> tuple[str, str]:
    """(latest 10Y yield as the pane prints it, its 1-day change in bp with sign)."""
    header, data = jgb_rows("mof_jgbcme_current_en_2026-09.csv")
    column = header.index("10Y")
    last, previous = float(data[-1][column]), float(data[-2][column])
    return f"{last:.3f}", f"{round((last - previous) * 100, 1):+.1f}"


def expected_us_jp_spread() -> str:
    """UST 10Y minus JGB 10Y (bp, 1 decimal) on the newest date both series have."""
    ust = csv_rows("ust_daily_par_yield_curve_2025.csv")
    column = ust[0].index("10 Yr")
    us = {}
    for row in ust[1:]:
        if row and row[column]:
            month, day, year = (int(x) for x in row[0].split("/"))
            us[date(year, month, day)] = float(row[column])
    jgb = {}
    for name in ("mof_jgbcme_all_en.csv", "mof_jgbcme_current_en_2026-09.csv"):
        header, data = jgb_rows(name)
        column = header.index("10Y")
        for row in data:
            if row[column] not in ("", "-"):
                year, month, day = (int(x) for x in row[0].split("/"))
                jgb[date(year, month, day)] = float(row[column])
    common = max(set(us) & set(jgb))
    return f"{round((us[common] - jgb[common]) * 100, 1):.1f}"


def expected_usdjpy() -> tuple[str, str]:
    """(date, value) of the freshest real USD/JPY fix: FRED's newer than the ECB's here."""
    fred = [r for r in csv_rows("fred_DEXJPUS_newformat_2015-2025.csv")[1:] if r and r[1]]
    ecb = csv_rows("ecb_eurofxref-hist.csv")
    usd, jpy = ecb[0].index("USD"), ecb[0].index("JPY")
    ecb_last = max(r[0] for r in ecb[1:] if r and r[usd] != "N/A" and r[jpy] != "N/A")
    assert fred[-1][0] > ecb_last, "test premise: FRED has the freshest fix in the real files"
    return fred[-1][0], f"{float(fred[-1][1]):.2f}"


# -- reading the screen ------------------------------------------------------------------


def cells(table: DataTable[str | Text], key: str) -> list[str]:
    return [c.plain if isinstance(c, Text) else str(c) for c in table.get_row(key)]


def column(table: DataTable[str | Text], index: int) -> list[str]:
    rows = (table.get_row_at(i) for i in range(table.row_count))
    return [c.plain if isinstance(c, Text) else str(c) for c in (row[index] for row in rows)]


def static_text(widget: Static) -> str:
    return str(widget.render())


def table(app: JgbApp, table_id: str) -> PaneTable:
    return main_screen(app).query_one(f"#{table_id}", PaneTable)


def fx_summary(app: JgbApp) -> str:
    return static_text(main_screen(app).query_one("#fx-summary", Static))


async def refresh_and_wait(app: JgbApp, pilot: Pilot[None]) -> None:
    """Press ``r`` and wait until every source has reported again and the view shows it."""
    before = dict(app.results)
    await pilot.press("r")
    await wait_for(
        pilot,
        lambda: (
            app.monitor is not None
            and not app.monitor.refreshing
            and all(app.results.get(name) is not result for name, result in before.items())
        ),
        "every source to report after r",
    )
    await wait_for_current_view(app, pilot)


# -- data on screen ----------------------------------------------------------------------


async def test_real_files_at_80x24_show_their_values_and_a_missing_source_says_partial(
    real_routes, tmp_path
) -> None:
    latest_10y, change_1d = expected_jgb_10y()
    assert latest_10y == "2.987"
    spread = expected_us_jp_spread()
    fx_day, fx_value = expected_usdjpy()
    app = make_app(real_routes, tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await wait_until_loaded(app, pilot)
        yields = table(app, "yields-table")
        assert yields.row_count == len(TENORS)
        assert column(yields, 0) == list(TENORS)
        assert cells(yields, "10Y")[:2] == ["10Y", latest_10y]

        spreads = table(app, "spreads-table")
        # The Treasury file ends in 2025: that spread is starred, and the note dates it.
        assert cells(spreads, "US-JP 10Y")[:2] == ["US-JP 10Y", spread + "*"]
        note = static_text(main_screen(app).query_one("#yields-note", Static))
        assert "* US-JP 10Y as of 2025-09-25, older than the JGB curve (Sep 11)" in note

        summary = fx_summary(app)
        first_line = summary.splitlines()[0]
        assert first_line.startswith(f"{fx_value}  {fx_day}  "), summary
        assert "FRED" in first_line, summary
        assert cells(table(app, "fx-table"), fx_day)[:2] == [fx_day, fx_value]

        # The real MoF workbook and flows files, with the publisher's decimals: the 2Y
        # auction of 30 Jun 2026 (average 99.985, lowest 99.98: a 0.005 yen tail).
        auctions = table(app, "auctions-table")
        assert cells(auctions, "2Y")[:6] == ["2Y", "Jun 30", "4.82", "0.005", "0.3", "1.407"]
        # The 40Y is a yield-method auction: no average yield, an empty cell.
        assert cells(auctions, "40Y")[5] == "—"
        assert cells(auctions, "15Y FRN")[:2] == ["15Y FRN", "2008-05-21"]
        assert cells(table(app, "flows-table"), "2026-08-01")[:2] == ["Jul 26-Aug 01", "+¥559bn"]
        # No real file for the MoF intervention CSV here: the USD/JPY pane says so in words.
        by_id = {pane.id: pane for pane in main_screen(app).panes}
        assert "PARTIAL" in by_id["fx"].border_subtitle
        for pane in by_id.values():
            assert not pane.has_class("-no-data"), pane.id

        # 80x24 is the compact layout: one pane at a time, all 15 tenors on screen.
        screen = main_screen(app)
        assert screen.has_class("-compact") and not screen.has_class("-too-small")
        assert [pane.id for pane in screen.panes if pane.display] == ["yields"]
        assert cells(yields, "10Y")[1:3] == [latest_10y, change_1d]
        text = screen_text(app)
        shown = [line for line in text.splitlines() if re.search(r"\b10Y\b", line)]
        assert any(latest_10y in line and change_1d in line for line in shown), text
        for tenor in TENORS:
            assert re.search(rf"│ *{tenor} ", text), (tenor, text)
        await pilot.press("4")
        assert [pane.id for pane in screen.panes if pane.display] == ["fx"]
        assert f"{fx_value}  {fx_day}" in screen_text(app)


async def test_full_routes_fill_every_pane(full_routes, tmp_path) -> None:
    app = make_app(full_routes, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:  # the smallest all-panes layout
        await wait_until_loaded(app, pilot)
        screen = main_screen(app)
        assert not screen.has_class("-compact") and not screen.has_class("-too-small")
        # At 40 rows the calendar takes turns with USD/JPY in their slot (key 6 / key 4).
        assert [pane.id for pane in screen.panes if not pane.display] == ["calendar"]
        assert table(app, "auctions-table").row_count > 0
        assert table(app, "flows-table").row_count > 0
        assert table(app, "fx-table").row_count > 0
        for pane in screen.panes:
            assert not pane.has_class("-no-data"), (pane.id, pane.border_subtitle)
            if pane.id in PANE_IDS:  # the data panes say how fresh their data is
                assert pane.border_subtitle.startswith(("as of ", "week to ")), (
                    pane.id,
                    pane.border_subtitle,
                )


# -- keys --------------------------------------------------------------------------------


async def test_number_keys_tab_and_shift_tab_switch_panes(tmp_path) -> None:
    app = make_app({}, tmp_path, demo=True)
    async with app.run_test(size=SMALL) as pilot:
        await wait_until_loaded(app, pilot)
        screen = main_screen(app)
        panes = screen.panes
        assert [pane.id for pane in panes[:4]] == list(PANE_IDS)
        assert [pane.number for pane in panes] == list(range(1, len(panes) + 1))

        def active() -> list[str | None]:
            return [pane.id for pane in panes if pane.has_class("-active")]

        def shown() -> list[str | None]:
            return [pane.id for pane in panes if pane.display]

        def first_table(index: int) -> PaneTable:
            start = getattr(panes[index], "focus_first", None)  # the calendar: its events
            found = panes[index].query(f"#{start}") if start else panes[index].query(PaneTable)
            return found.first()  # type: ignore[return-value]

        assert active() == shown() == ["yields"]
        assert app.focused is first_table(0)
        # Every shortcut, the last one first.
        for index in [len(panes) - 1, *range(1, len(panes) - 1), 0]:
            await pilot.press(str(panes[index].number))
            assert active() == shown() == [panes[index].id]
            assert app.focused is first_table(index), (index, app.focused)
        assert [first_table(i).id for i in range(4)] == list(PANE_TABLES.values())
        # Both directions wrap around.
        for key, index in [("shift+tab", len(panes) - 1), ("tab", 0), ("tab", 1)]:
            await pilot.press(key)
            assert active() == shown() == [panes[index].id], key
        assert app.focused is first_table(1)


async def test_j_k_and_arrows_move_the_table_cursor(tmp_path) -> None:
    app = make_app({}, tmp_path, demo=True)
    async with app.run_test(size=SMALL) as pilot:
        await wait_until_loaded(app, pilot)
        yields = table(app, "yields-table")
        assert app.focused is yields and yields.row_count == len(TENORS)
        assert yields.cursor_row == 0
        for key, row in [("j", 1), ("j", 2), ("down", 3), ("k", 2), ("up", 1), ("k", 0)]:
            await pilot.press(key)
            assert yields.cursor_row == row, key
        await pilot.press("4", "j", "j")
        fx = table(app, "fx-table")
        assert app.focused is fx and fx.cursor_row == 2
        assert yields.cursor_row == 0
        await pilot.press("pagedown")
        page = fx.cursor_row
        assert page > 3, page
        await pilot.press("pageup")
        assert fx.cursor_row < page


async def test_home_and_end_jump_to_the_first_and_last_row(tmp_path) -> None:
    app = make_app({}, tmp_path, demo=True)
    async with app.run_test(size=SMALL) as pilot:
        await wait_until_loaded(app, pilot)
        yields = table(app, "yields-table")
        assert app.focused is yields and yields.cursor_row == 0
        await pilot.press("j", "end")
        assert yields.cursor_row == yields.row_count - 1 == len(TENORS) - 1
        await pilot.press("home")
        assert yields.cursor_row == 0


async def test_r_fetches_every_source_again(real_routes, tmp_path) -> None:
    log: list[str] = []
    app = make_app(real_routes, tmp_path, log=log)
    async with app.run_test(size=SMALL) as pilot:
        await wait_until_loaded(app, pilot)
        assert sorted(LIVE_URLS) == sorted(s.name for s in app.sources)
        first = len(log)
        for name, url in LIVE_URLS.items():
            assert any(url in seen for seen in log), (name, url)
        await refresh_and_wait(app, pilot)
        again = log[first:]
        for name, url in LIVE_URLS.items():
            assert any(url in seen for seen in again), f"{name} did not fetch {url} again"
        # Sources with a real file stay ok; the others (404 here) keep saying error.
        assert app.results["mof_yields"].status == "ok"
        assert app.results["fred_usdjpy"].status == "ok"
        assert app.results["mof_flows_weekly"].status == "ok"
        assert app.results["mof_intervention"].status == "error"


async def test_failed_refresh_keeps_the_numbers_and_says_stale_without_colour(
    real_routes, tmp_path, monkeypatch
) -> None:
    """Under NO_COLOR too: direction and state are in the text, never only in colour."""
    monkeypatch.setenv("NO_COLOR", "1")  # Textual reads it in App.__init__
    app = make_app(real_routes, tmp_path)
    assert app.no_color
    async with app.run_test(size=SMALL) as pilot:
        await wait_until_loaded(app, pilot)
        yields = table(app, "yields-table")
        ten_year = cells(yields, "10Y")
        spread = cells(table(app, "spreads-table"), "US-JP 10Y")
        summary = fx_summary(app)
        pane = main_screen(app).query_one(YieldsPane)
        assert not pane.has_class("-stale") and "STALE" not in pane.border_subtitle

        # Changes carry explicit signs.
        changes = [c for i in (2, 3, 4) for c in column(yields, i)]
        changes += column(table(app, "spreads-table"), 2)
        changes += column(table(app, "fx-table"), 2)
        signed = [c for c in changes if c not in ("—", "0.0", "0.00")]
        assert signed, changes
        assert all(re.fullmatch(r"[+-]\d+\.\d+", c) for c in signed), changes
        assert any(c.startswith("+") for c in signed)
        assert any(c.startswith("-") for c in signed)
        assert ten_year[2] == expected_jgb_10y()[1]

        # Every publisher fails: the last good numbers stay, marked STALE in words.
        for url in real_routes:
            real_routes[url] = 503
        await refresh_and_wait(app, pilot)

        for name in ("mof_yields", "fred_usdjpy", "ecb_usdjpy"):
            result = app.results[name]
            assert result.status == "stale", (name, result.status, result.error)
            assert "503" in (result.error or ""), result.error
        assert cells(yields, "10Y") == ten_year
        assert ten_year[1] == expected_jgb_10y()[0]
        assert cells(table(app, "spreads-table"), "US-JP 10Y") == spread
        assert fx_summary(app) == summary
        assert pane.has_class("-stale")
        assert "STALE" in pane.border_subtitle
        await pilot.press("4")
        fx = main_screen(app).query_one("#fx")
        assert fx.has_class("-stale") and "STALE" in fx.border_subtitle
        assert fx.border_subtitle in screen_text(app)
        status = static_text(main_screen(app).query_one(StatusLine))
        assert re.search(r"\bFRED stale\b", status), status


async def test_an_older_view_never_replaces_a_newer_one(tmp_path, monkeypatch) -> None:
    import jgbtui.present.view

    build = jgbtui.present.view.build_view
    slow_started = threading.Event()
    calls: list[int] = []

    def build_view(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(len(calls))
        if len(calls) == 1:  # the first (older) build is slow, as a busy thread can be
            slow_started.set()
            time.sleep(0.4)
        return build(*args, **kwargs)

    app = make_app({}, tmp_path, demo=True)
    async with app.run_test(size=SMALL) as pilot:
        await wait_until_loaded(app, pilot)
        monkeypatch.setattr(jgbtui.present.view, "build_view", build_view)
        monitor = app.monitor
        assert monitor is not None
        monitor.request_view(force=True)  # built from the results as they are now ...
        await wait_for(pilot, slow_started.is_set, "the first rebuild to start")
        name = app.sources[0].name
        newer = {key: frame.copy() for key, frame in app.results[name].frames.items()}
        app.results[name] = replace(app.results[name], frames=newer)
        monitor.request_view()  # ... then from newer data, while the first is still building
        await wait_for(pilot, lambda: len(calls) == 2 and VIEW_BUILDS.running == 0, "both rebuilds")
        await pilot.pause(0.1)  # both views have been posted by now: handle them
        await pilot.pause()
        assert view_is_current(app), "the panes show the older view"


# -- layouts -----------------------------------------------------------------------------


async def test_below_80x24_says_what_size_it_needs(tmp_path) -> None:
    app = make_app({}, tmp_path, demo=True)
    async with app.run_test(size=(79, 23)) as pilot:
        screen = main_screen(app)
        for size in [(79, 23), (79, 24), (80, 23), (70, 20)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert screen.has_class("-too-small") and not screen.has_class("-compact"), size
            notice = static_text(screen.query_one("#too-small", Static))
            assert f"{size[0]}x{size[1]}" in notice, notice
            assert "needs a terminal of at least 80x24" in screen_text(app)
            assert not screen.query_one("#panes").display

        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert screen.has_class("-compact") and not screen.has_class("-too-small")
        assert screen.query_one("#panes").display


async def test_80x24_shows_each_panes_whole_border_with_its_state(tmp_path) -> None:
    app = make_app({}, tmp_path, demo=True)
    async with app.run_test(size=SMALL) as pilot:
        await wait_until_loaded(app, pilot)
        screen = main_screen(app)
        panes = screen.query_one("#panes")
        problems = []
        for pane in screen.panes:
            await pilot.press(str(pane.number))
            assert pane.display and pane.border_subtitle
            if pane.region.bottom > panes.region.bottom:
                problems.append(f"{pane.id}: {pane.region} overflows {panes.region}")
            if pane.border_subtitle not in screen_text(app):
                problems.append(f"{pane.id}: {pane.border_subtitle!r} not on screen")
        assert problems == []


# -- screens and app keys ----------------------------------------------------------------


def readme_keys() -> tuple[set[str], str]:
    """(every key named in the README's Keys table, the table's text)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Keys", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    keys = {k for row in rows for k in re.findall(r"`([^`]+)`", row.split("|")[1])}
    return keys, section


async def test_help_and_sources_screens_open_and_close(tmp_path) -> None:
    keys, section = readme_keys()
    assert {"1", "Tab", "Shift+Tab", "j", "PgUp", "r", "s", "t", "?", "q"} <= keys
    app = make_app({}, tmp_path, demo=True)
    async with app.run_test(size=SMALL) as pilot:
        await wait_until_loaded(app, pilot)
        # ? : every key of the README's table, in the help's key column.
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(static_text(s) for s in app.screen.query(Static))
        listed = set()
        for line in text.splitlines():
            key_part = re.split(r"\s{2,}", line.strip(), maxsplit=1)[0]
            listed |= set(re.split(r"[ ,]+", key_part))
        assert keys <= listed, keys - listed
        if "`Escape`" in section:
            assert "Escape" in text
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("question_mark", "q")  # q closes the help, it does not quit
        assert isinstance(app.screen, MainScreen) and app.is_running

        # s : one row per source.
        await pilot.press("s")
        assert isinstance(app.screen, SourcesScreen)
        sources = app.screen.query_one("#sources-table", DataTable)
        assert sources.row_count == len(app.sources) == len(catalog.CATALOG)
        keys_shown = sorted(str(row.key.value) for row in sources.ordered_rows)
        assert keys_shown == sorted(s.name for s in app.sources)
        titles = [str(sources.get_row_at(i)[0]) for i in range(sources.row_count)]
        assert sorted(titles) == sorted(app.results[s.name].title for s in app.sources)
        states = {str(sources.get_row_at(i)[1]).split()[0] for i in range(sources.row_count)}
        assert states == {"demo"}, states
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("s", "q")
        assert isinstance(app.screen, MainScreen) and app.is_running


async def test_sources_screen_lists_sources_in_status_line_order(tmp_path) -> None:
    app = make_app({}, tmp_path, demo=True)
    async with app.run_test(size=SMALL) as pilot:
        await wait_until_loaded(app, pilot)
        # Demo results arrive in one go; make arrival order differ from display order, as
        # pollers finishing at different times do.
        assert app.monitor is not None
        app.monitor.results = dict(reversed(app.results.items()))
        main_screen(app).show_status([s.name for s in app.sources], app.results, set())
        await pilot.press("s")
        sources = app.screen.query_one("#sources-table", DataTable)
        keys = [row.key.value for row in sources.ordered_rows]
        assert keys == [s.name for s in app.sources]


async def test_t_cycles_the_three_themes_and_q_quits(tmp_path) -> None:
    app = make_app({}, tmp_path, demo=True)
    async with app.run_test(size=SMALL) as pilot:
        await wait_until_loaded(app, pilot)
        assert app.theme == "jgb-dark"
        seen = []
        for _ in range(3):
            await pilot.press("t")
            seen.append(app.theme)
        assert seen == ["jgb-high-contrast", "jgb-light", "jgb-dark"]
        await pilot.press("q")
        await wait_for(pilot, lambda: not app.is_running, "the app to exit", limit=5)
    assert app.return_code == 0


# -- demo -------------------------------------------------------------------


async def test_demo_mode_labels_everything_demo(tmp_path) -> None:
    log: list[str] = []
    app = make_app({}, tmp_path, demo=True, log=log)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(app, pilot)
        assert len(app.results) == len(app.sources) == len(catalog.CATALOG)
        assert {r.status for r in app.results.values()} == {"demo"}
        title = static_text(main_screen(app).query_one(TitleBar))
        assert "DEMO" in title, title
        assert "DEMO" in screen_text(app).splitlines()[0]
        for pane in main_screen(app).panes:
            if pane.id in PANE_IDS:
                assert "DEMO" in pane.border_subtitle, (pane.id, pane.border_subtitle)
        assert table(app, "yields-table").row_count == len(TENORS)
    assert log == [], "demo mode must not touch the network"


async def test_demo_banner_is_on_screen_at_80x24(tmp_path) -> None:
    app = make_app({}, tmp_path, demo=True)
    async with app.run_test(size=SMALL) as pilot:
        await wait_until_loaded(app, pilot)
        assert "DEMO" in static_text(main_screen(app).query_one(TitleBar))
        first_line = screen_text(app).splitlines()[0]
        assert "DEMO" in first_line, first_line


async def test_a_crash_is_not_silent_and_not_sticky(tmp_path, real_routes, monkeypatch) -> None:
    from jgbtui.runtime.crash import take_suspects
    from jgbtui.sources.mof_jgb_yields import EN_CURRENT_URL
    from jgbtui.ui.widgets.yields_pane import YieldsPane

    original = YieldsPane.render_view

    def explode(self, view):  # type: ignore[no-untyped-def]
        if view.yields_as_of == date(2026, 9, 11):  # only the yields payload breaks it
            raise RuntimeError("a payload this widget cannot draw")
        original(self, view)

    monkeypatch.setattr(YieldsPane, "render_view", explode)
    first = make_app(real_routes, tmp_path)
    with pytest.raises(RuntimeError, match="cannot draw"):
        async with first.run_test(size=SMALL) as pilot:
            await wait_for(pilot, lambda: not first.is_running, "the crash")
    assert first.return_code == 1, "an unhandled error must not exit 0"
    record = first.options.crash_record
    assert record.exists()

    monkeypatch.setattr(YieldsPane, "render_view", original)
    second = make_app(real_routes, tmp_path)
    async with second.run_test(size=SMALL) as pilot:
        await wait_until_loaded(second, pilot)
        assert second.monitor is not None and EN_CURRENT_URL in second.monitor.set_aside
        assert "2.987" in screen_text(second)
    assert take_suspects(record) == []


async def test_the_last_view_is_painted_first_marked_saved_until_live_data(
    tmp_path, real_routes
) -> None:
    import shutil

    from jgbtui.present.saved import saved_view_path

    first = make_app(real_routes, tmp_path / "first")
    async with first.run_test(size=SMALL) as pilot:
        await wait_until_loaded(first, pilot)
        saved = saved_view_path(first.options.cache_dir)
        await wait_for(pilot, saved.exists, "the saved view")

    # A second start with nothing else: no cache, no answers (offline: no demo either).
    second_cache = tmp_path / "second" / "cache"
    second_cache.mkdir(parents=True)
    shutil.copy(saved, saved_view_path(second_cache))
    second = make_app({}, tmp_path / "second", offline=True)
    async with second.run_test(size=SMALL) as pilot:
        title = lambda: str(main_screen(second).query_one(TitleBar).render())  # noqa: E731
        await wait_for(pilot, lambda: "SAVED VIEW" in title(), "the saved view painted")
        assert "2.987" in screen_text(second)  # the 10Y as the last run showed it
        await pilot.press("enter")
        assert isinstance(second.screen, MainScreen), "no drill-down on a saved view"
        assert any("saved view" in n.message for n in second._notifications)
