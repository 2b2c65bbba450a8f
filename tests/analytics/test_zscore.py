"""Z-scores against a trailing window: known answers, NaN safety, too-short windows."""

from __future__ import annotations

import math
import statistics

import pandas as pd
import pytest

from jgbtui.analytics.zscore import (
    DEFAULT_THRESHOLD,
    DEFAULT_WINDOW,
    change_zscore,
    default_min_periods,
    rolling_zscore,
    zscore,
)


def weekly(values: list[float]) -> pd.Series:
    dates = pd.date_range("2026-01-03", periods=len(values), freq="W-SAT").tz_localize("Asia/Tokyo")
    return pd.Series(values, index=dates, dtype="float64")


def test_defaults() -> None:
    assert (DEFAULT_WINDOW, DEFAULT_THRESHOLD) == (52, 2.0)
    assert default_min_periods(52) == 26 and default_min_periods(5) == 5


@pytest.mark.parametrize(
    ("values", "window", "expected"),
    [
        # Baseline 1..5: mean 3, sample std sqrt(2.5); 6 is (6 - 3) / 1.5811 = 1.897 sd.
        ([1, 2, 3, 4, 5, 6], 5, 3 / math.sqrt(2.5)),
        # Only the last ``window`` observations form the baseline: 100 is outside it.
        ([100, 1, 2, 3, 4, 5, 6], 5, 3 / math.sqrt(2.5)),
        # Below the mean: negative.
        ([1, 2, 3, 4, 5, 0], 5, -3 / math.sqrt(2.5)),
    ],
)
def test_known_answers(values: list[float], window: int, expected: float) -> None:
    z = zscore(weekly(values), window=window, min_periods=5)
    assert z.z == pytest.approx(expected)
    assert z.n == 5 and z.mean == pytest.approx(statistics.mean(values[-6:-1]))


def test_nan_is_skipped_not_zero() -> None:
    plain = zscore(weekly([1, 2, 3, 4, 5, 6]), window=5, min_periods=5)
    holes = zscore(weekly([1, 2, float("nan"), 3, 4, 5, 6, float("nan")]), window=5, min_periods=5)
    assert holes.z == pytest.approx(plain.z)
    assert holes.at == weekly([0] * 7).index[-1]  # the last *observed* week


@pytest.mark.parametrize(
    "values",
    [
        [1, 2, 6],  # two points in the baseline: fewer than min_periods
        [3, 3, 3, 3, 3, 9],  # a flat baseline has no dispersion
        [],
        [float("nan")] * 4,
    ],
)
def test_nan_when_it_cannot_be_measured(values: list[float]) -> None:
    z = zscore(weekly(values), window=5, min_periods=5)
    assert math.isnan(z.z)
    assert not z.flagged()


def test_threshold() -> None:
    base = [10.0, 11.0, 9.0, 10.0, 10.0, 11.0, 9.0, 10.0, 10.0, 10.0]
    std = statistics.stdev(base)
    on = zscore(weekly([*base, 10.0 - 2.0 * std]), window=10)
    assert on.z == pytest.approx(-2.0) and on.flagged(2.0) and not on.flagged(2.01)


def test_at_scores_an_earlier_observation() -> None:
    s = weekly([1, 2, 3, 4, 5, 6, 50])
    assert zscore(s, window=5, min_periods=5, at=s.index[5]).z == pytest.approx(3 / math.sqrt(2.5))


def test_change_zscore_and_gaps() -> None:
    days = pd.bdate_range("2026-06-01", periods=12).tz_localize("Asia/Tokyo")
    levels = pd.Series(
        [1.0, 1.01, 1.03, 1.06, 1.10, 1.15, 1.21, 1.28, 1.36, 1.45, 1.55, 1.80], days
    )
    changes = levels.diff().dropna()
    expected = (changes.iloc[-1] - changes.iloc[-6:-1].mean()) / changes.iloc[-6:-1].std()
    assert change_zscore(levels, window=5, min_periods=5).z == pytest.approx(expected)
    # After a two-month hole there is no one-day change to score.
    holed = pd.concat([levels, pd.Series([2.0], [days[-1] + pd.Timedelta(days=60)])])
    assert math.isnan(change_zscore(holed, window=5, min_periods=5).z)


def test_rolling_matches_pointwise() -> None:
    s = weekly([3.0, 3.4, 3.1, 3.9, 3.3, 3.6, 2.9, 3.8, 3.2, 3.5, 2.5, 4.4])
    rolled = rolling_zscore(s, window=6, min_periods=5)
    for when in s.index:
        point = zscore(s, window=6, min_periods=5, at=when).z
        assert (math.isnan(point) and math.isnan(rolled[when])) or rolled[when] == pytest.approx(
            point
        )
