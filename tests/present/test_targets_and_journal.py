"""Rows name series by the export ids, and a view survives the journal's JSON unchanged."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from conftest import REAL_DIR, mock_transport
from mirror import real_payloads, synthetic_payloads

from jgbtui.present.journal import view_from_parts, view_parts
from jgbtui.present.report import build_report
from jgbtui.present.series import load, lookup
from jgbtui.present.targets import anomaly_series, row_series
from jgbtui.present.view import MarketView, build_view
from jgbtui.runtime.monitor import Monitor
from jgbtui.runtime.options import Options
from jgbtui.sources.base import UTC
from jgbtui.sources.cache import PayloadCache
from jgbtui.sources.fetcher import Fetcher, make_client

NOW = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def view(tmp_path_factory: pytest.TempPathFactory) -> MarketView:
    """Every source: the real files, and the SYNTHETIC fixtures where none is real."""
    import asyncio

    if not (REAL_DIR / "mof_jgbcme_all_en.csv").exists():
        pytest.skip("real data files not available")
    folder = tmp_path_factory.mktemp("targets")
    routes = {**synthetic_payloads(), **real_payloads(REAL_DIR)}
    fetcher = Fetcher(
        make_client(transport=mock_transport(routes)),
        PayloadCache(folder / "cache"),
        clock=lambda: NOW,
    )
    monitor = Monitor(
        Options(cache_dir=folder / "cache", alert_log=folder / "alerts.jsonl"),
        clock=lambda: NOW,
        fetcher=fetcher,
    )

    async def once() -> MarketView:
        try:
            return build_view(await monitor.once(), NOW)
        finally:
            await monitor.close()

    return asyncio.run(once())


def rows(view: MarketView) -> list[tuple[str, str]]:
    """(table id, row key) of every row of the main screen's tables."""
    out = [("yields-table", r.label) for r in view.yields]
    out += [("spreads-table", r.label) for r in view.spreads]
    out += [("auctions-table", r.tenor) for r in view.auctions]
    out += [("flows-table", str(r.period_end)) for r in view.flows.weekly]
    out += [("fx-table", str(r.day)) for r in view.fx.recent]
    out += [("headlines-table", f"{a.key}|{a.date}") for a in view.anomalies]
    return out


def test_every_row_names_a_series_that_has_data(view: MarketView) -> None:
    found = rows(view)
    tables = {table for table, _ in found}
    assert tables == {
        "yields-table",
        "spreads-table",
        "auctions-table",
        "flows-table",
        "fx-table",
        "headlines-table",
    }
    for table, key in found:
        series = row_series(table, key, view)
        assert series is not None, (table, key)
        assert lookup(series).id == series
        assert not load(view.results, series).rows.empty, (table, key, series)
    assert row_series("yields-table", "10Y") == "jgb:10Y"
    assert row_series("spreads-table", "US-JP 10Y") == "spread:us-jp-10y"
    assert row_series("auctions-table", "30Y", view) == "auction:30Y:tail_bp"
    assert row_series("auctions-table", "40Y", view) == "auction:40Y:btc"  # no tail
    assert row_series("board-table", "yen") is None
    assert anomaly_series("auction:10Y JGBi:2026-05-07") == "auction:10Y-JGBi:btc"


def test_a_view_survives_the_journal_unchanged(view: MarketView) -> None:
    parts = json.loads(json.dumps(view_parts(view)))  # what the file holds
    rebuilt = view_from_parts(parts, NOW)
    assert view_parts(rebuilt) == parts
    assert rebuilt.yields and rebuilt.auctions and rebuilt.anomalies and rebuilt.board
    assert {r.label: r.value for r in rebuilt.yields}["10Y"] == 2.987
    assert rebuilt.board.signals == view.board.signals  # type: ignore[union-attr]
    for name, result in view.results.items():
        again = rebuilt.results[name]
        assert (again.status, again.as_of, again.has_data) == (
            result.status,
            result.as_of,
            result.has_data,
        )
    assert rebuilt.frames.yields is None  # no frames: drill-downs need live data


def test_the_report_carries_the_rules_passed_alongside(view: MarketView) -> None:
    rule = {"id": "c-1", "rule": "jgb:10Y above 2.95", "status": "fired"}
    report = build_report(view, NOW, [rule])
    assert report["rules"] == [rule]
    assert build_report(view, NOW)["rules"] == []


def test_the_journal_reads_older_lines_without_new_fields(view: MarketView) -> None:
    parts = view_parts(view)
    parts.pop("board")
    parts["yields"] = [{k: v for k, v in row.items() if k != "spark"} for row in parts["yields"]]
    rebuilt = view_from_parts(parts, NOW)
    assert rebuilt.board is None and rebuilt.yields[0].spark == ()


def test_series_ids_cover_every_auctioned_coupon_tenor() -> None:
    from jgbtui.present.series import AUCTION_TENORS
    from jgbtui.sources.mof_auction_frames import COUPON_TENORS

    assert set(AUCTION_TENORS) == COUPON_TENORS
