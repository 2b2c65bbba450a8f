"""Full-history helpers: ranges, downsampling that keeps extremes, range stats, curves, sums."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from jgbtui.analytics.history import (
    RANGE_NAMES,
    calendar_dates,
    calendar_frame,
    curve_on_dates,
    day_numbers,
    downsample,
    range_start,
    range_stats,
    slice_range,
    splice_by_priority,
    sum_buckets,
    value_at_or_before,
)


def daily(values: list[float] | np.ndarray, start: str = "2020-01-01") -> pd.Series:
    return pd.Series(values, index=pd.date_range(start, periods=len(values), freq="D"), dtype=float)


def noisy(n: int, seed: int = 7) -> pd.Series:
    rng = np.random.default_rng(seed)
    return daily(np.cumsum(rng.normal(size=n)), start="1980-01-01")


# -- calendar dates -----------------------------------------------------------------------


def test_calendar_dates_drop_the_zone_keep_the_local_date_and_drop_gaps() -> None:
    index = pd.DatetimeIndex(["2026-09-10", "2026-09-11", "2026-09-14"]).tz_localize("Asia/Tokyo")
    series = pd.Series([1.5, math.nan, 1.6], index=index, name="10Y")
    out = calendar_dates(series)
    assert list(out.index) == [pd.Timestamp("2026-09-10"), pd.Timestamp("2026-09-14")]
    assert out.index.tz is None
    assert out.tolist() == [1.5, 1.6]
    assert out.name == "10Y"


def test_calendar_frame_keeps_rows_and_sorts() -> None:
    index = pd.DatetimeIndex(["2026-09-11", "2026-09-10"]).tz_localize("Europe/Berlin")
    frame = pd.DataFrame({"a": [2.0, 1.0]}, index=index)
    out = calendar_frame(frame)
    assert out["a"].tolist() == [1.0, 2.0]
    assert out.index.tz is None


# -- ranges -------------------------------------------------------------------------------


def test_range_names_are_the_six_a_trader_expects() -> None:
    assert RANGE_NAMES == ("1M", "3M", "1Y", "5Y", "10Y", "Max")


@pytest.mark.parametrize(
    ("name", "first"),
    [
        ("1M", "2026-08-11"),
        ("3M", "2026-06-11"),
        ("1Y", "2025-09-11"),
        ("5Y", "2021-09-11"),
        ("10Y", "2016-09-11"),
        ("Max", "2000-01-01"),
    ],
)
def test_slice_range_counts_back_from_the_last_observation(name: str, first: str) -> None:
    series = daily(np.arange(9751.0), start="2000-01-01")
    assert series.index[-1] == pd.Timestamp("2026-09-11")
    window = slice_range(series, name)
    assert window.index[0] == pd.Timestamp(first)
    assert window.index[-1] == series.index[-1]
    start = range_start(series, name)
    assert start is None if name == "Max" else start == pd.Timestamp(first)


def test_slice_range_of_an_empty_series_and_an_unknown_range() -> None:
    assert slice_range(pd.Series(dtype=float), "1Y").empty
    with pytest.raises(KeyError):
        slice_range(daily([1.0]), "2W")


# -- downsampling -------------------------------------------------------------------------


@pytest.mark.parametrize("max_points", [10, 51, 200, 999])
def test_downsample_keeps_every_high_and_low(max_points: int) -> None:
    series = noisy(20_000)
    shown = downsample(series, max_points)
    assert len(shown) <= max_points
    assert shown.max() == series.max()
    assert shown.min() == series.min()
    assert shown.idxmax() == series.idxmax()
    assert shown.idxmin() == series.idxmin()
    # The span and the latest value are exact.
    assert shown.index[0] == series.index[0]
    assert (shown.index[-1], shown.iloc[-1]) == (series.index[-1], series.iloc[-1])
    # Every point is a real observation, in date order.
    assert shown.index.is_monotonic_increasing
    assert (series.loc[shown.index] == shown).all()


def test_downsample_keeps_each_buckets_extremes_so_spikes_survive() -> None:
    values = np.zeros(10_000)
    values[1234] = 9.0  # a one-day spike
    values[8765] = -9.0  # a one-day crash
    shown = downsample(daily(values), 20)
    assert 9.0 in shown.tolist()
    assert -9.0 in shown.tolist()


def test_downsample_leaves_short_series_alone_and_drops_missing() -> None:
    series = daily([1.0, math.nan, 3.0])
    out = downsample(series, 100)
    assert out.tolist() == [1.0, 3.0]


# -- range statistics ---------------------------------------------------------------------


def test_range_stats_latest_high_low_with_dates() -> None:
    series = daily([2.0, 5.0, 1.0, 5.0, 3.0])
    stats = range_stats(series)
    assert stats is not None
    assert (stats.latest, stats.latest_date) == (3.0, pd.Timestamp("2020-01-05"))
    # Ties: the high was first reached on the 2nd.
    assert (stats.high, stats.high_date) == (5.0, pd.Timestamp("2020-01-02"))
    assert (stats.low, stats.low_date) == (1.0, pd.Timestamp("2020-01-03"))
    assert stats.change == 1.0
    assert stats.first_date == pd.Timestamp("2020-01-01")
    assert stats.count == 5


def test_range_stats_of_nothing_is_none() -> None:
    assert range_stats(daily([math.nan])) is None


# -- curves on past dates -----------------------------------------------------------------


def test_curve_on_dates_takes_the_last_curve_on_or_before_each_target() -> None:
    dates = pd.DatetimeIndex(["2025-09-10", "2026-08-10", "2026-09-03", "2026-09-04", "2026-09-11"])
    curves = pd.DataFrame({"2Y": [1.0, 2.0, 3.0, 4.0, 5.0], "10Y": [10.0, 20, 30, 40, 50]}, dates)
    out = curve_on_dates(curves)
    assert list(out.index) == ["Latest", "1W ago", "1M ago", "1Y ago"]
    assert out.loc["Latest", "date"] == pd.Timestamp("2026-09-11")
    assert out.loc["1W ago", "date"] == pd.Timestamp("2026-09-04")
    assert out.loc["1M ago", "date"] == pd.Timestamp("2026-08-10")
    assert out.loc["1Y ago", "date"] == pd.Timestamp("2025-09-10")
    assert out.loc["1W ago", "10Y"] == 40.0


def test_curve_on_dates_leaves_out_a_date_with_no_curve_near_it() -> None:
    dates = pd.DatetimeIndex(["2026-07-01", "2026-09-04", "2026-09-11"])
    curves = pd.DataFrame({"10Y": [1.0, 2.0, 3.0]}, dates)
    out = curve_on_dates(curves)
    assert "1M ago" not in out.index  # target 2026-08-11, nearest earlier curve 41 days older
    assert "1Y ago" not in out.index
    assert list(out.index) == ["Latest", "1W ago"]


# -- bucket sums, splicing, lookups -------------------------------------------------------


def test_sum_buckets_adds_up_flows_aligned_on_the_newest_period() -> None:
    weeks = pd.Series(
        np.arange(1.0, 11.0), index=pd.date_range("2026-01-02", periods=10, freq="W-FRI")
    )
    summed, size = sum_buckets(weeks, 4)
    assert size == 3
    assert summed.sum() == weeks.sum()
    assert summed.index[-1] == weeks.index[-1]
    assert summed.tolist() == [1.0, 2 + 3 + 4, 5 + 6 + 7, 8 + 9 + 10]
    unchanged, one = sum_buckets(weeks, 52)
    assert one == 1
    assert unchanged.equals(weeks)


def test_splice_by_priority_prefers_the_first_source_and_names_it() -> None:
    boj = daily([150.0, 151.0], start="2026-01-02")
    ecb = daily([140.0, 141.0, 142.0], start="2026-01-01")
    out = splice_by_priority({"ecb": ecb, "boj": boj}, ["boj", "ecb"])
    assert out["value"].tolist() == [140.0, 150.0, 151.0]
    assert out["source"].tolist() == ["ecb", "boj", "boj"]
    assert splice_by_priority({}, ["boj"]).empty


def test_value_at_or_before_and_day_numbers() -> None:
    series = daily([1.0, 2.0], start="2026-01-01")
    assert value_at_or_before(series, pd.Timestamp("2026-01-05")) == 2.0
    assert math.isnan(value_at_or_before(series, pd.Timestamp("2025-12-31")))
    assert day_numbers(pd.DatetimeIndex(["1970-01-02", "2000-01-01"])) == [1.0, 10957.0]
