"""Drill-down screens driven by a Pilot: Enter opens them, range keys, Escape, CSV and SVG.

Expected numbers come from the published files (``../shared/data/real``) and the SYNTHETIC
auction fixture, read with ``csv`` and ``re`` independently of the parsers.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURES, REAL_DIR
from textual.widgets import Static

from jgbtui.present.drill import Mark, anomaly_marks
from jgbtui.present.view import build_view
from jgbtui.ui.app import JgbApp
from jgbtui.ui.screens.drill import fx as fx_module
from jgbtui.ui.screens.drill import series as series_module
from jgbtui.ui.screens.drill.auction import AuctionScreen
from jgbtui.ui.screens.drill.curve import CurveScreen
from jgbtui.ui.screens.drill.flows import FlowsScreen
from jgbtui.ui.screens.drill.fx import FxScreen
from jgbtui.ui.screens.drill.series import SeriesScreen
from jgbtui.ui.screens.main import MainScreen
from jgbtui.ui.widgets.chart import EPOCH, Chart
from jgbtui.ui.widgets.pane_table import PaneTable

from .conftest import FROZEN, main_screen, make_app, screen_text, wait_until_loaded

SMALL, WIDE = (80, 24), (160, 48)
TEN_YEAR_ROW = 9  # 1Y..9Y come first


def with_exports(app: JgbApp, folder: Path | None) -> JgbApp:
    app.options = dataclasses.replace(app.options, export_dir=folder)
    return app


def published_10y() -> dict[str, float]:
    """ISO date -> 10Y yield from the MoF English files (history, then the current month)."""
    rows: dict[str, float] = {}
    for name in ("mof_jgbcme_all_en.csv", "mof_jgbcme_current_en_2026-09.csv"):
        text = (REAL_DIR / name).read_bytes().decode("latin-1")
        lines = list(csv.reader(io.StringIO(text)))
        header = next(r for r in lines if r and r[0] == "Date")
        column = header.index("10Y")
        for row in lines:
            if row and re.fullmatch(r"\d{4}/\d{1,2}/\d{1,2}", row[0]) and row[column] != "-":
                day = datetime.strptime(row[0], "%Y/%m/%d").date()
                rows[day.isoformat()] = float(row[column])
    return rows


def chart_days(chart: Chart) -> tuple[date, date]:
    """First and last date the chart's main trace covers."""
    assert chart.spec is not None and chart.spec.traces
    xs = chart.spec.traces[0].x
    return (
        date.fromordinal(EPOCH.toordinal() + int(min(xs))),
        date.fromordinal(EPOCH.toordinal() + int(max(xs))),
    )


def read_csv(path: str) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def read_rows(path: str) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def read_text(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


async def open_row(pilot, pane: str, downs: int) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(pane, *(["j"] * downs), "enter")
    await pilot.pause()


# -- yields: Enter on 10Y, ranges, Escape -------------------------------------------------


@pytest.mark.parametrize("size", [SMALL, WIDE])
async def test_enter_on_10y_opens_its_history_back_to_1986(full_routes, tmp_path, size) -> None:
    published = published_10y()
    app = make_app(full_routes, tmp_path)
    async with app.run_test(size=size) as pilot:
        await wait_until_loaded(app, pilot)
        await open_row(pilot, "1", TEN_YEAR_ROW)
        screen = app.screen
        assert isinstance(screen, SeriesScreen)
        assert screen.info.key == "10Y"
        text = screen_text(app)
        assert "JGB 10Y yield" in text.splitlines()[0]
        first, last = chart_days(screen.query_one(Chart))
        assert (first, last) == (date(1986, 7, 5), date(2026, 9, 11))
        assert min(published) == "1986-07-05"
        # Latest, and the range high with its date, as published.
        high_day = max(published, key=lambda d: (published[d], [-ord(c) for c in d]))
        assert f"Latest {published['2026-09-11']:>8.3f}  2026-09-11" in text
        assert f"High   {published[high_day]:>8.3f}  {high_day}" in text
        assert "1986-07-05 → 2026-09-11" in text


async def test_range_keys_change_the_visible_period(full_routes, tmp_path) -> None:
    published = sorted(published_10y())
    app = make_app(full_routes, tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await wait_until_loaded(app, pilot)
        await open_row(pilot, "1", TEN_YEAR_ROW)
        chart = app.screen.query_one(Chart)
        expected = {
            "1": date(2026, 8, 11),
            "2": date(2026, 6, 11),
            "3": date(2025, 9, 11),
            "4": date(2021, 9, 11),
            "5": date(2016, 9, 11),
            "6": date(1986, 7, 5),
        }
        for key, earliest in expected.items():
            await pilot.press(key)
            await pilot.pause()
            # The first published date in the range (the files have holes, e.g. May-August).
            first_published = next(d for d in published if d >= earliest.isoformat())
            assert chart_days(chart) == (date.fromisoformat(first_published), date(2026, 9, 11))
        await pilot.press("3")
        await pilot.pause()
        assert "1M 3M [1Y] 5Y 10Y Max" in screen_text(app)


@pytest.mark.parametrize("back", ["escape", "q"])
async def test_escape_returns_to_the_yields_table_with_10y_selected(
    full_routes, tmp_path, back
) -> None:
    app = make_app(full_routes, tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await wait_until_loaded(app, pilot)
        await open_row(pilot, "1", TEN_YEAR_ROW)
        await pilot.press("3", "c", back)
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        table = app.focused
        assert isinstance(table, PaneTable) and table.id == "yields-table"
        assert table.cursor_row == TEN_YEAR_ROW
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        assert key == "10Y"
        assert main_screen(app).active == 0
        assert not app.return_code  # q went back, it did not quit


async def test_compare_cycles_through_other_series(full_routes, tmp_path) -> None:
    app = make_app(full_routes, tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await wait_until_loaded(app, pilot)
        await open_row(pilot, "1", TEN_YEAR_ROW)
        screen = app.screen
        assert isinstance(screen, SeriesScreen)
        assert screen.choices[0] == "US 10Y"
        await pilot.press("c")
        await pilot.pause()
        spec = screen.query_one(Chart).spec
        assert spec is not None
        assert [t.label for t in spec.traces][:2] == ["10Y", "US 10Y (%)"]
        assert "vs US 10Y" in screen_text(app)
        for _ in screen.choices:
            await pilot.press("c")
        assert screen.compare is None


async def test_chart_redraws_on_resize_and_theme_change(full_routes, tmp_path) -> None:
    app = make_app(full_routes, tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await wait_until_loaded(app, pilot)
        await open_row(pilot, "1", TEN_YEAR_ROW)
        chart = app.screen.query_one(Chart)
        small = chart.spec
        assert small is not None
        await pilot.resize_terminal(200, 60)
        await pilot.pause(0.2)
        wide = chart.spec
        assert wide is not small
        assert wide is not None and len(wide.traces[0].x) > len(small.traces[0].x)
        assert len(wide.xticks) >= len(small.xticks)
        await pilot.press("t")
        await pilot.pause(0.2)
        assert chart.spec is not wide


# -- CSV and SVG exports ------------------------------------------------------------------


async def test_e_writes_the_10y_csv_exactly_as_published(full_routes, tmp_path) -> None:
    published = published_10y()
    app = with_exports(make_app(full_routes, tmp_path), tmp_path / "exports")
    async with app.run_test(size=SMALL) as pilot:
        await wait_until_loaded(app, pilot)
        await open_row(pilot, "1", TEN_YEAR_ROW)
        await pilot.press("e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SeriesScreen)
        [path] = screen.saved
        assert Path(path).parent == (tmp_path / "exports").resolve()
        assert path in screen.query_one("#drill-saved", Static).content
        frame = app.results["mof_yields"].frames["yields"]["10Y"].dropna()
    rows = read_rows(path)
    assert rows[0] == ["date", "yield_pct"]
    assert len(rows) - 1 == len(frame) == len(published)
    for (day, value), (when, parsed) in zip(rows[1:], frame.items(), strict=True):
        assert day == f"{when:%Y-%m-%d}"
        assert float(value) == parsed == published[day]


async def test_e_exports_the_range_shown(full_routes, tmp_path) -> None:
    app = with_exports(make_app(full_routes, tmp_path), tmp_path / "exports")
    async with app.run_test(size=SMALL) as pilot:
        await wait_until_loaded(app, pilot)
        await open_row(pilot, "1", TEN_YEAR_ROW)
        await pilot.press("1", "e")
        await pilot.pause()
        [path] = app.screen.saved  # type: ignore[attr-defined]
    rows = read_csv(path)
    assert rows[0]["date"] >= "2026-08-11"
    assert rows[-1] == {"date": "2026-09-11", "yield_pct": "2.987"}
    assert Path(path).name.startswith("jgb-10y-1m-")


async def test_s_saves_an_svg_and_says_where(full_routes, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # default folder: ./jgbtui-exports
    app = with_exports(make_app(full_routes, tmp_path), None)
    async with app.run_test(size=SMALL) as pilot:
        await wait_until_loaded(app, pilot)
        await open_row(pilot, "1", TEN_YEAR_ROW)
        await pilot.press("s")
        await pilot.pause()
        [path] = app.screen.saved  # type: ignore[attr-defined]
        assert "SVG saved to" in app.screen.query_one("#drill-saved", Static).content
    assert Path(path).parent == (tmp_path / "jgbtui-exports").resolve()
    assert Path(path).name == "jgb-10y-20261124-030000.svg"
    assert "<svg" in read_text(path)[:2000]


# -- auctions -----------------------------------------------------------------------------


def fixture_result(name: str) -> list[str]:
    """The data row of a SYNTHETIC MoF result page, as whitespace-separated cells."""
    page = (FIXTURES / "mof_auctions" / name).read_text(encoding="utf-8")
    words = re.sub(r"<[^>]+>", " ", page).split()
    # The data row: security, issue number, then three dates.
    start = next(
        i
        for i, word in enumerate(words)
        if word == "10-year" and words[i + 1].isdigit() and "/" in words[i + 2]
    )
    return words[start : start + 16]


async def test_enter_on_an_auction_opens_every_field(full_routes, tmp_path) -> None:
    cells = fixture_result("eresul20261001_SYNTHETIC.htm")
    number, coupon, bids, accepted = cells[1], cells[5].rstrip("%"), cells[6], cells[7]
    low_price, low_yield, avg_price, avg_yield = cells[8], cells[9], cells[11], cells[12]
    btc = float(bids.replace(",", "")) / float(accepted.replace(",", ""))
    tail_bp = (float(low_yield.rstrip("%")) - float(avg_yield.rstrip("%"))) * 100
    app = make_app(full_routes, tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await wait_until_loaded(app, pilot)
        await open_row(pilot, "2", 2)  # 2Y, 5Y, 10Y
        screen = app.screen
        assert isinstance(screen, AuctionScreen)
        detail = str(screen.query_one("#auction-detail", Static).content)
        text = screen_text(app)
    assert text.splitlines()[0].strip().startswith(f"10Y auction · 2026-10-01 · no. {number}")
    for label, value in [
        ("Auction date", "2026-10-01"),
        ("Issue number", number),
        ("Issue date", "2026-10-06"),
        ("Maturity", "2036-12-20"),
        # As the page prints them: coupon "2.0", prices "99.57"/"99.65", yields 3 places.
        ("Coupon %", coupon),
        ("Bids ¥bn", bids),
        ("Accepted ¥bn", accepted),
        ("Lowest price ¥", low_price),
        ("Average price ¥", avg_price),
        ("Bid-to-cover", f"{btc:.2f}"),
        ("Tail bp", f"{tail_bp:.1f}"),
        # The difference of two prices published to 2 places, shown to 2 places.
        ("Tail ¥", f"{float(avg_price) - float(low_price):.2f}"),
    ]:
        assert re.search(rf"^{re.escape(label)} +{re.escape(value)}$", detail, re.M), label
    assert low_yield.rstrip("%") in detail and avg_yield.rstrip("%") in detail
    # The history table: the tenor's auctions of the last 5 years, newest first (the real
    # workbook's June 2026 auction under the SYNTHETIC October page's).
    assert "2026-10-01" in text and "2026-06-02" in text


async def test_auction_history_chart_marks_the_selected_auction(full_routes, tmp_path) -> None:
    app = with_exports(make_app(full_routes, tmp_path), tmp_path / "exports")
    async with app.run_test(size=WIDE) as pilot:
        await wait_until_loaded(app, pilot)
        await open_row(pilot, "2", 2)
        screen = app.screen
        assert isinstance(screen, AuctionScreen)
        table = screen.query_one("#auction-table", PaneTable)
        assert table.row_count == len(screen.in_range)
        five_years = screen.history[
            screen.history["auction_date"]
            >= screen.history["auction_date"].max() - pd.DateOffset(years=5)
        ]
        assert len(screen.in_range) == len(five_years)
        spec = screen.query_one(Chart).spec
        assert spec is not None
        selected = [t for t in spec.traces if t.label == "selected"]
        assert selected and selected[0].y[0] == pytest.approx(3.28, abs=0.005)
        # Enter on an older auction (the real workbook's 2 June 2026) shows that one.
        await pilot.press("j", "enter")
        await pilot.pause()
        assert "10Y auction · 2026-06-02 · no. 382" in screen_text(app).splitlines()[0]
        await pilot.press("e")
        await pilot.pause()
        [path] = screen.saved
        source = screen.in_range
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "auctions-table"
        assert app.focused.cursor_row == 2  # type: ignore[attr-defined]
    rows = read_csv(path)
    assert list(rows[0]) == list(source.columns)
    assert len(rows) == len(source)
    for row, (_, expected) in zip(rows, source.iterrows(), strict=True):
        assert row["auction_date"] == f"{expected['auction_date']:%Y-%m-%d}"
        # Rounded as on screen: 2 places, never float noise such as 2.6545514542968935.
        assert row["bid_to_cover"] == str(round(expected["bid_to_cover"], 2))
        assert row["issue_number"] == str(expected["issue_number"])
    june = next(r for r in rows if r["auction_date"] == "2026-06-02")
    # The real workbook's figures, exactly as published.
    assert (june["avg_price_jpy"], june["lowest_price_jpy"], june["avg_yield_pct"]) == (
        "98.06",
        "98.01",
        "2.649",
    )


# -- the other panes ----------------------------------------------------------------------


async def test_enter_on_a_spread_and_v_open_the_curve(full_routes, tmp_path) -> None:
    app = with_exports(make_app(full_routes, tmp_path), tmp_path / "exports")
    async with app.run_test(size=WIDE) as pilot:
        await wait_until_loaded(app, pilot)
        main_screen(app).query_one("#spreads-table", PaneTable).focus()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CurveScreen) and screen.spread == "2s10s"
        assert list(screen.curves.index) == ["Latest", "1W ago", "1Y ago"]  # no August file
        text = screen_text(app)
        assert "1M ago no curve near 2026-08-11" in text
        assert "Latest 2026-09-11" in text and "1W ago 2026-09-04" in text
        await pilot.press("e", "escape")
        await pilot.pause()
        [path] = screen.saved
        assert app.focused is not None and app.focused.id == "spreads-table"
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, CurveScreen) and app.screen.spread is None
    rows = read_csv(path)
    assert [r["curve"] for r in rows] == ["Latest", "1W ago", "1Y ago"]
    assert rows[0]["date"] == "2026-09-11" and rows[0]["10Y"] == "2.987"


async def test_enter_on_us_jp_spread_opens_its_history(full_routes, tmp_path) -> None:
    app = make_app(full_routes, tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await wait_until_loaded(app, pilot)
        main_screen(app).query_one("#spreads-table", PaneTable).focus()
        await pilot.press("j", "j", "j", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SeriesScreen)
        assert screen.info.key == "US-JP 10Y" and screen.info.unit == "bp"
        assert "US-JP 10Y spread" in screen_text(app).splitlines()[0]


async def test_enter_on_flows_shows_weekly_and_monthly_bars(full_routes, tmp_path) -> None:
    app = with_exports(make_app(full_routes, tmp_path), tmp_path / "exports")
    async with app.run_test(size=WIDE) as pilot:
        await wait_until_loaded(app, pilot)
        await open_row(pilot, "3", 0)
        screen = app.screen
        assert isinstance(screen, FlowsScreen)
        weekly = app.results["mof_flows_weekly"].frames["weekly"]
        latest = weekly["nonres_bonds_net_jpy_100m"].iloc[-1]
        spec = screen.query_one("#flows-weekly", Chart).spec
        assert spec is not None
        bars = [t for t in spec.traces if t.kind == "bar"]
        assert bars[0].y[-1] + bars[1].y[-1] == pytest.approx(latest / 10_000)
        assert "Long-term" in screen_text(app) or "long-term" in screen_text(app)
        await pilot.press("i")
        await pilot.pause()
        assert "short-term bills" in screen_text(app).splitlines()[0]
        await pilot.press("6", "e")
        await pilot.pause()
        paths = screen.saved
    weekly_rows = read_csv(next(p for p in paths if "weekly" in p))
    assert len(weekly_rows) == len(weekly)
    assert float(weekly_rows[-1]["nonres_bonds_net_jpy_100m"]) == latest


async def test_flows_mark_the_january_2014_break(tmp_path) -> None:
    from jgbtui.sources.base import SourceResult

    index = pd.date_range("2013-06-07", periods=60, freq="W-FRI", tz="Asia/Tokyo")
    weekly = pd.DataFrame(
        {
            "week_start": index - pd.Timedelta(days=6),
            "nonres_bonds_net_jpy_100m": [1000.0 * ((i % 5) - 2) for i in range(60)],
            "nonres_bills_net_jpy_100m": 10.0,
            "nonres_equity_net_jpy_100m": -5.0,
        },
        index=pd.Index(index, name="week_end"),
    )
    result = SourceResult("mof_flows_weekly", "Weekly", "ok", {"weekly": weekly})
    app = make_app({}, tmp_path)  # every source 404s: only the screen's own data shows
    async with app.run_test(size=WIDE) as pilot:
        screen = FlowsScreen(build_view({"mof_flows_weekly": result}, FROZEN), app.clock)
        await app.push_screen(screen)
        await pilot.press("6")
        await pilot.pause()
        spec = screen.query_one("#flows-weekly", Chart).spec
        assert spec is not None
        assert [v.label for v in spec.vlines] == ["Jan 2014 break"]
        assert spec.vlines[0].x == (date(2014, 1, 1) - EPOCH).days
        assert "Jan 2014 break" in screen_text(app)
        await pilot.press("i")  # bills: not broken by the reclassification
        await pilot.pause()
        spec = screen.query_one("#flows-weekly", Chart).spec
        assert spec is not None and spec.vlines == ()


async def test_enter_on_usdjpy_marks_interventions(full_routes, tmp_path) -> None:
    app = with_exports(make_app(full_routes, tmp_path), tmp_path / "exports")
    async with app.run_test(size=WIDE) as pilot:
        await wait_until_loaded(app, pilot)
        await open_row(pilot, "4", 0)
        screen = app.screen
        assert isinstance(screen, FxScreen)
        interventions = app.results["mof_intervention"].frames["interventions"]
        spec = screen.query_one("#fx-chart", Chart).spec
        assert spec is not None
        marked = [t for t in spec.traces if t.label.startswith("MoF yen-")]
        in_range = interventions[interventions.index.tz_localize(None) >= screen.in_range.index[0]]
        assert sum(len(t.x) for t in marked) == len(in_range)
        table = screen.query_one("#fx-interventions", PaneTable)
        assert table.row_count == len(in_range)
        spread = screen.query_one("#fx-spread", Chart).spec
        assert spread is not None and spread.traces[0].label.startswith("US-JP 10Y")
        await pilot.press("e")
        await pilot.pause()
        paths = screen.saved
    rows = read_csv(next(p for p in paths if "usdjpy" in p))
    assert list(rows[0]) == ["date", "jpy_per_usd", "source"]
    assert rows[-1]["date"] == f"{screen.in_range.index[-1]:%Y-%m-%d}"


# -- anomalies: the view's own ----------------------------------------------------------


def test_anomaly_marks_place_the_views_anomalies_about_the_key_on_the_series() -> None:
    @dataclasses.dataclass(frozen=True)
    class Found:
        key: str
        date: date
        value: float
        text: str

    series = pd.Series([1.0, 2.0, 3.0], index=pd.date_range("2026-09-01", periods=3))
    found = [
        Found("yields:10Y", date(2026, 9, 2), -5.6, "largest fall"),  # a change, not a level
        Found("yields:2Y", date(2026, 9, 3), 1.8, "other tenor"),
    ]
    marks = anomaly_marks("yields:10Y", series, found)  # type: ignore[arg-type]
    assert marks == [Mark(date(2026, 9, 2), 2.0, "largest fall")]
    assert anomaly_marks("yields:10Y", series, []) == []


# -- snapshots (packaged DEMO data, frozen clock) -----------------------------------------


def snapshot_app(tmp_path: Path) -> JgbApp:
    return with_exports(make_app({}, tmp_path, demo=True), tmp_path / "exports")


def fixed_marks(key: str, data: pd.Series, anomalies: object) -> list[Mark]:
    """One mark five observations before the end: snapshots do not depend on the (separately
    developed) anomaly rules, only on how marks are drawn."""
    when = data.index[-5]
    return [Mark(when.date(), float(data.iloc[-5]), f"{key}: a test anomaly")]


@pytest.mark.parametrize(
    ("keys", "size"),
    [
        pytest.param(["1", *["j"] * TEN_YEAR_ROW, "enter"], SMALL, id="yield-10y"),
        pytest.param(
            ["1", *["j"] * TEN_YEAR_ROW, "enter", "3", "c"], (200, 60), id="yield-10y-1y-vs-us"
        ),
        pytest.param(["1", "v"], SMALL, id="curve"),
        pytest.param(["2", "j", "j", "enter"], SMALL, id="auction-10y"),
        pytest.param(["3", "enter"], SMALL, id="flows"),
        pytest.param(["4", "enter"], SMALL, id="usdjpy"),
    ],
)
def test_drill_screen_snapshots(snap_compare, tmp_path, monkeypatch, keys, size) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(series_module, "anomaly_marks", fixed_marks)
    monkeypatch.setattr(fx_module, "anomaly_marks", fixed_marks)
    app = snapshot_app(tmp_path)

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await wait_until_loaded(app, pilot)
        await pilot.press(*keys)
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
