"""Analytics on small frames with known answers: changes, spreads, USD/JPY choice."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from jgbtui.analytics.changes import change_summary
from jgbtui.analytics.curve import spread_table, us_japan_10y, yield_table
from jgbtui.analytics.fx import freshest_usdjpy


def series(values: dict[str, float], tz: str = "Asia/Tokyo") -> pd.Series:
    index = pd.DatetimeIndex(pd.to_datetime(list(values))).tz_localize(tz)
    return pd.Series(list(values.values()), index=index, dtype=float)


def test_changes_against_previous_week_and_month() -> None:
    s = series({"2026-08-10": 1.00, "2026-09-04": 1.50, "2026-09-10": 1.60, "2026-09-11": 1.65})
    summary = change_summary(s, scale=100)
    assert summary.value == 1.65
    assert summary.changes["1d"] == pytest.approx(5.0)
    assert summary.changes["1w"] == pytest.approx(15.0)  # vs Sep 4 (on or before Sep 4)
    assert summary.changes["1m"] == pytest.approx(65.0)  # vs Aug 10 (on or before Aug 11)


def test_a_hole_in_the_data_gives_no_change_rather_than_a_wrong_one() -> None:
    # The real MoF files here jump from 2026-04-30 to 2026-09-01.
    s = series({"2026-04-30": 2.52, "2026-09-01": 2.90, "2026-09-02": 2.95})
    summary = change_summary(s, scale=100)
    assert summary.changes["1d"] == pytest.approx(5.0)
    assert math.isnan(summary.changes["1w"])
    assert math.isnan(summary.changes["1m"])
    first = change_summary(s.iloc[:2], scale=100)
    assert math.isnan(first.changes["1d"]), "Apr 30 is not 'the previous day' of Sep 1"


def test_missing_values_are_skipped_not_zero() -> None:
    s = series({"2026-09-09": 1.0, "2026-09-10": float("nan"), "2026-09-11": 1.2})
    summary = change_summary(s, scale=100)
    assert summary.changes["1d"] == pytest.approx(20.0)


def test_yield_and_spread_tables() -> None:
    index = pd.DatetimeIndex(pd.to_datetime(["2026-09-10", "2026-09-11"])).tz_localize("Asia/Tokyo")
    frame = pd.DataFrame(
        {"2Y": [1.0, 1.1], "5Y": [1.5, 1.5], "10Y": [2.0, 2.2], "30Y": [3.0, 3.1]}, index=index
    )
    table = yield_table(frame)
    assert table.loc["10Y", "yield_pct"] == 2.2
    assert table.loc["10Y", "chg_1d_bp"] == pytest.approx(20.0)
    spreads = spread_table(frame)
    assert spreads.loc["2s10s", "spread_bp"] == pytest.approx(110.0)
    assert spreads.loc["2s10s", "chg_1d_bp"] == pytest.approx(10.0)
    assert spreads.loc["10s30s", "spread_bp"] == pytest.approx(90.0)


def test_us_japan_spread_pairs_calendar_dates() -> None:
    jgb = pd.DataFrame({"10Y": series({"2025-09-24": 1.65, "2025-09-25": 1.659})})
    ust = pd.DataFrame(
        {"10Y": series({"2025-09-25": 4.18, "2025-09-26": 4.20}, tz="America/New_York")}
    )
    spread = us_japan_10y(jgb, ust)
    assert list(spread.index.strftime("%Y-%m-%d")) == ["2025-09-25"]
    assert spread.iloc[0] == pytest.approx(252.1)


def test_freshest_usdjpy_wins_and_ties_go_to_the_first_input() -> None:
    fred = pd.DataFrame({"jpy_per_usd": series({"2025-07-11": 147.29}, "America/New_York")})
    ecb = pd.DataFrame({"jpy_per_usd": series({"2025-05-09": 145.18}, "Europe/Berlin")})
    boj = pd.DataFrame({"jpy_per_usd": series({"2025-07-11": 147.10})})
    chosen = freshest_usdjpy({"fred_usdjpy": fred, "ecb_usdjpy": ecb})
    assert chosen is not None and chosen.source == "fred_usdjpy"
    assert float(chosen.series.iloc[-1]) == 147.29
    tie = freshest_usdjpy({"boj_usdjpy": boj, "fred_usdjpy": fred})
    assert tie is not None and tie.source == "boj_usdjpy"
    other_way = freshest_usdjpy({"fred_usdjpy": fred, "boj_usdjpy": boj})
    assert other_way is not None and other_way.source == "fred_usdjpy"
    assert freshest_usdjpy({}) is None
