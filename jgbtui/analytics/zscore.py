"""Statistical flags: how unusual an observation (or its change) is against a trailing window.

The z-score of an observation is ``(value - mean) / std`` of the ``window`` observations
*before* it (the observation itself is not in its own baseline, so a shock cannot dampen
its own score). ``std`` is the sample standard deviation (``ddof=1``). Missing values are
skipped. The score is NaN when the window holds fewer than ``min_periods`` observations or
has no dispersion at all.

Used for daily yield changes, USD/JPY changes, auction bid-to-cover and tails, and weekly
foreign flows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from jgbtui.analytics.changes import MAX_GAP
from jgbtui.analytics.observations import DateLike, clean, period_changes, position

#: Default trailing window (observations): a year of weekly data, ~2.5 months of daily data,
#: four years of monthly auctions.
DEFAULT_WINDOW = 52
#: Default flag threshold: ``|z| >= 2``.
DEFAULT_THRESHOLD = 2.0


def default_min_periods(window: int) -> int:
    """Fewest observations a window needs for a z-score: half of it, at least 5."""
    return max(5, window // 2)


@dataclass(frozen=True)
class ZScore:
    """An observation against the trailing window before it."""

    at: pd.Timestamp | None
    value: float
    mean: float
    std: float
    n: int
    """Observations in the window actually used."""
    z: float
    """NaN when the window is too short or flat."""

    def flagged(self, threshold: float = DEFAULT_THRESHOLD) -> bool:
        """``|z| >= threshold`` (never for NaN)."""
        return not math.isnan(self.z) and abs(self.z) >= threshold


_EMPTY = ZScore(None, math.nan, math.nan, math.nan, 0, math.nan)


def zscore(
    series: pd.Series,
    *,
    window: int = DEFAULT_WINDOW,
    min_periods: int | None = None,
    at: DateLike | None = None,
) -> ZScore:
    """Z-score of the latest observation (or the last one at or before ``at``).

    Args:
        series: values indexed by a DatetimeIndex; NaN is skipped.
        window: observations before it that form the baseline.
        min_periods: fewest baseline observations for a score (default
            :func:`default_min_periods`).
        at: the observation to score; default the latest.
    """
    values = clean(series)
    pos = position(values, at)
    if pos is None:
        return _EMPTY
    needed = default_min_periods(window) if min_periods is None else min_periods
    base = values.iloc[max(0, pos - window) : pos]
    value = float(values.iloc[pos])
    when = pd.Timestamp(values.index[pos])
    if len(base) < max(needed, 2):
        return ZScore(when, value, math.nan, math.nan, len(base), math.nan)
    mean = float(base.mean())
    std = float(base.std(ddof=1))
    z = (value - mean) / std if std > 0 else math.nan
    return ZScore(when, value, mean, std, len(base), z)


def change_zscore(
    series: pd.Series,
    *,
    window: int = DEFAULT_WINDOW,
    min_periods: int | None = None,
    at: DateLike | None = None,
    max_gap: pd.Timedelta | None = MAX_GAP["1d"],
) -> ZScore:
    """Z-score of the latest one-period change (or the change at ``at``) against earlier
    changes; a change across a hole longer than ``max_gap`` is not scored (NaN)."""
    levels = clean(series)
    pos = position(levels, at)
    if pos is None:
        return _EMPTY
    changes = period_changes(levels.iloc[: pos + 1], max_gap)
    if changes.empty or changes.index[-1] != levels.index[pos]:
        return ZScore(pd.Timestamp(levels.index[pos]), math.nan, math.nan, math.nan, 0, math.nan)
    return zscore(changes, window=window, min_periods=min_periods)


def rolling_zscore(
    series: pd.Series, *, window: int = DEFAULT_WINDOW, min_periods: int | None = None
) -> pd.Series:
    """The z-score of every observation against the ``window`` before it (NaN-free index)."""
    values = clean(series)
    needed = max(default_min_periods(window) if min_periods is None else min_periods, 2)
    base = values.shift(1).rolling(window, min_periods=needed)
    std = base.std(ddof=1)
    z = (values - base.mean()) / std.where(std > 0)
    z.name = series.name
    return z
