"""Anomalies: the SYNTHETIC auction workbook, constructed series, the real yields history."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd

from jgbtui.analytics.anomalies import Anomaly, AnomalyConfig, find_anomalies
from jgbtui.runtime.config import AlertConfig

from .real_yields import last_as_high, real_yields_frame, scan_real_yields

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TOKYO = "Asia/Tokyo"


@functools.cache
def workbook() -> pd.DataFrame:
    from jgbtui.sources.mof_auctions import parse_workbook

    path = FIXTURES / "mof_auctions/Auction_Results_for_JGBs_SYNTHETIC.xls"
    return parse_workbook(path.read_bytes())


def expected_weakest_month() -> str:
    """Scan the 10Y rows by hand: the last earlier auction covering <= the 2026-09-01 one."""
    rows = sorted(
        (r.auction_date.date(), round(r.bid_to_cover, 2))
        for r in workbook().itertuples()
        if r.tenor == "10Y"
    )
    day, btc = rows[-1]
    assert (day, btc) == (date(2026, 9, 1), 3.13)
    weaker = [d for d, b in rows[:-1] if b <= btc]
    return f"{weaker[-1]:%B %Y}"


def test_synthetic_workbook_weakest_ten_year_auction() -> None:
    month = expected_weakest_month()
    assert month == "June 2025"  # the fixture's plant (2.98 on 2025-06-02)

    found = find_anomalies(auctions=workbook())

    btc = [a for a in found if a.key == "auction:10Y:2026-09-01"]
    assert len(btc) == 1
    # Cover leads; the same auction's tail (1.4bp, the widest of the 10Y history) follows.
    assert btc[0].text == (
        f"10Y auction bid-to-cover 3.13, weakest since {month}; "
        "tail 1.4bp, widest on record (since January 2024)"
    )
    assert btc[0].kind == "btc+tail"
    assert (btc[0].date, btc[0].value, btc[0].severity) == (date(2026, 9, 1), 3.13, "alert")
    assert btc[0].series == "10Y auction bid-to-cover"
    only_cover = [a for a in find_anomalies(auctions=workbook().assign(tail_bp=0.5))]
    assert [a.text for a in only_cover if a.key == "auction:10Y:2026-09-01"] == [
        f"10Y auction bid-to-cover 3.13, weakest since {month}"
    ]
    assert [a.severity for a in only_cover if a.key == "auction:10Y:2026-09-01"] == ["warning"]
    # Newest first, every date a calendar date.
    assert [a.date for a in found] == sorted((a.date for a in found), reverse=True)


def test_switches_and_missing_inputs() -> None:
    assert find_anomalies() == []
    assert find_anomalies(auctions=workbook(), config=AnomalyConfig(auctions=False)) == []
    assert find_anomalies(auctions=workbook().iloc[0:0]) == []
    assert find_anomalies(usdjpy={}) == []


def test_config_from_the_alerts_settings() -> None:
    config = AnomalyConfig.from_settings(AlertConfig(z_threshold=3.0, window=20, fx=False))
    assert (config.z_threshold, config.window, config.fx, config.yields) == (3.0, 20, False, True)
    assert config.record_years == AnomalyConfig().record_years


def monthly_auctions(btc: list[float]) -> pd.DataFrame:
    dates = pd.date_range("2024-01-01", periods=len(btc), freq="MS").tz_localize(TOKYO)
    return pd.DataFrame({"auction_date": dates, "tenor": "5Y", "bid_to_cover": btc, "tail_bp": 0.5})


def test_a_z_score_alone_is_a_headline_with_its_window() -> None:
    # 2026-04 had a 3.00 (5 months before: no year-long record), but 3.05 is far below
    # the usual ~4.0.
    btc = [4.0, 4.1, 3.9, 4.0] * 7 + [3.0, 4.0, 4.1, 3.9, 3.05]
    base = pd.Series(btc[-33:-1])
    z = (3.05 - base.mean()) / base.std()
    found = find_anomalies(auctions=monthly_auctions(btc))
    assert [a.text for a in found] == [
        f"5Y auction bid-to-cover 3.05, {abs(z):.1f}σ below its 32-auction average"
    ]
    # |z| = 4.8: at least threshold + 1 is a warning; between threshold and that, info.
    assert round(z, 1) == -4.8 and found[0].severity == "warning"
    milder = find_anomalies(auctions=monthly_auctions(btc), config=AnomalyConfig(z_threshold=4.0))
    assert [a.severity for a in milder] == ["info"]
    assert find_anomalies(auctions=monthly_auctions(btc), config=AnomalyConfig(z_threshold=5)) == []


def weekly_flows(values: list[float]) -> pd.DataFrame:
    index = pd.date_range(end="2026-09-12", periods=len(values), freq="W-SAT").tz_localize(TOKYO)
    return pd.DataFrame({"nonres_bonds_net_jpy_100m": values}, index=index)


def test_flows_record_streak_and_first_since() -> None:
    values = [2000.0, -16_000.0] + [1500.0, 2500.0] * 80 + [-900.0, -400.0, -15_200.0]
    found = find_anomalies(weekly=weekly_flows(values))
    assert len(found) == 1 and found[0].kind == "record+streak"
    start = pd.Timestamp("2026-09-12") - pd.Timedelta(weeks=len(values) - 2)
    assert found[0].text.split("; ") == [
        f"foreign selling of Japanese long-term bonds ¥1.52tn, largest since {start:%B %Y} "
        "(3 years)",
        "3rd straight week of foreign selling of Japanese long-term bonds (¥1.65tn in total)",
    ]
    assert all(a.key == "flows:weekly" and a.date == date(2026, 9, 12) for a in found)
    # The week that started the run (two weeks ago) was the first selling since 2023.
    first = find_anomalies(weekly=weekly_flows(values[:-2]))
    assert any(
        "first" in a.kind.split("+")
        and "first week of foreign selling of Japanese long-term bonds since" in a.text
        for a in first
    )


def test_monthly_flows_name_the_month() -> None:
    index = pd.date_range(end="2026-08-31", periods=30, freq="ME").tz_localize(TOKYO)
    frame = pd.DataFrame({"nonres_bonds_net_jpy_100m": [5000.0] * 29 + [-20_800.0]}, index=index)
    found = find_anomalies(monthly=frame)
    assert [a.text for a in found] == [
        "foreign selling of Japanese long-term bonds ¥2.08tn in August 2026, "
        "largest on record (since March 2024)"
    ]
    assert found[0].severity == "alert" and found[0].key == "flows:monthly"


def daily(values: list[float], end: str = "2026-09-11") -> pd.Series:
    index = pd.bdate_range(end=end, periods=len(values)).tz_localize(TOKYO)
    return pd.Series(values, index=index, dtype="float64")


def test_yield_multi_year_high_and_largest_move() -> None:
    level = [1.0 + 0.001 * (i % 7) for i in range(900)]
    level[100] = 1.30  # a high about three years before the end
    level[-1] = 1.25  # ~+25bp today: highest since then, largest rise since that jump
    yields = pd.DataFrame({"10Y": daily(level), "2Y": daily([0.5] * 900)})
    found = find_anomalies(yields=yields)
    high = pd.bdate_range(end="2026-09-11", periods=900)[100]
    assert len(found) == 1
    headline = found[0]
    assert (headline.key, headline.kind, headline.severity) == ("yields:10Y", "level+move", "alert")
    assert headline.value == 1.25
    level_text, move_text = headline.text.split("; ")
    assert level_text == f"JGB 10Y 1.25%, highest since {high.day} {high:%B %Y} (3 years)"
    move = 100 * (1.25 - level[-2])
    assert move_text == (
        f"+{move:.1f}bp d/d, largest daily rise since {high.day} {high:%B %Y} (3 years)"
    )
    assert find_anomalies(yields=yields, config=AnomalyConfig(yields=False)) == []


def test_usdjpy_weakest_yen_from_the_freshest_source() -> None:
    values = [150.0 + (i % 5) * 0.1 for i in range(600)]
    values[50] = 162.0
    values[-1] = 161.5
    index = pd.bdate_range(end="2026-09-02", periods=600).tz_localize(TOKYO)
    boj = pd.DataFrame({"jpy_per_usd": values}, index=index)
    found = find_anomalies(usdjpy={"boj_usdjpy": boj})
    high = index[50]
    assert [a.text for a in found] == [
        f"USD/JPY 161.50, weakest yen since {high.day} {high:%B %Y} (2 years); "
        f"+11.20 d/d, largest one-day yen fall since {high.day} {high:%B %Y} (2 years)"
    ]
    assert found[0].key == "fx:usdjpy" and found[0].value == 161.5
    assert find_anomalies(usdjpy={"boj_usdjpy": boj}, config=AnomalyConfig(fx=False)) == []


def test_real_yields_multi_year_highs(real_file: Callable[[str], Path]) -> None:
    history = real_file("mof_jgbcme_all_en.csv")
    current = real_file("mof_jgbcme_current_en_2026-09.csv")
    table = scan_real_yields(history, current)

    found = find_anomalies(yields=real_yields_frame(history, current))
    assert len({(a.key, a.date) for a in found}) == len(found), "one headline per target/date"

    levels = [a for a in found if a.kind.startswith("level")]
    assert {a.key for a in levels} >= {"yields:10Y", "yields:30Y"}
    for anomaly in levels:
        tenor = anomaly.key.split(":")[1]
        day = anomaly.date.isoformat()
        assert anomaly.value == table[day][tenor]
        level_text = anomaly.text.split("; ")[0]
        since = last_as_high(table, tenor, day)
        if since is None:
            assert "highest on record" in level_text
        else:
            stamp = pd.Timestamp(since)
            assert f"highest since {stamp.day} {stamp:%B %Y}" in level_text
            assert re.search(r"\((\d+) years\)", level_text)
    ten = next(a for a in levels if a.key == "yields:10Y")
    assert ten.text == "JGB 10Y 3.006%, highest since 6 September 1996 (29 years)"
    assert ten.date == date(2026, 9, 2) and ten.severity == "alert"


def test_anomaly_fields() -> None:
    a = Anomaly("s", date(2026, 9, 1), 1.0, "t", "info", "k")
    assert (a.series, a.date, a.value, a.text, a.severity, a.key, a.kind) == (
        "s",
        date(2026, 9, 1),
        1.0,
        "t",
        "info",
        "k",
        "",
    )


def test_auction_rows_without_a_date_are_ignored() -> None:
    frame = monthly_auctions([4.0, 4.1, 3.9, 4.0] * 7 + [3.0, 4.0, 4.1, 3.9, 3.05])
    undated = frame.iloc[[0]].assign(auction_date=pd.NaT)
    with_gap = pd.concat([frame, undated], ignore_index=True)
    assert find_anomalies(auctions=with_gap) == find_anomalies(auctions=frame)
