"""Full-history helpers for the drill-down screens: ranges, downsampling, extremes, curves.

Pure pandas. Series here are indexed by a sorted DatetimeIndex; :func:`calendar_dates` turns a
publisher's tz-aware index into tz-naive calendar dates (the publisher's own local date), which
is what every helper below expects and what the screens plot and export.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Range key -> how far back from the last observation (``None`` = the whole history).
RANGES: dict[str, pd.DateOffset | None] = {
    "1M": pd.DateOffset(months=1),
    "3M": pd.DateOffset(months=3),
    "1Y": pd.DateOffset(years=1),
    "5Y": pd.DateOffset(years=5),
    "10Y": pd.DateOffset(years=10),
    "Max": None,
}
RANGE_NAMES: tuple[str, ...] = tuple(RANGES)

#: Curve dates the curve screen compares: label -> offset from the latest curve.
CURVE_DATES: dict[str, pd.DateOffset | None] = {
    "Latest": None,
    "1W ago": pd.DateOffset(weeks=1),
    "1M ago": pd.DateOffset(months=1),
    "1Y ago": pd.DateOffset(years=1),
}
#: A past curve may be at most this much older than its target date (holidays, outages).
CURVE_MAX_GAP = pd.Timedelta(days=10)

EPOCH = pd.Timestamp("1970-01-01")


def calendar_dates(data: pd.Series) -> pd.Series:
    """``data`` without missing values, indexed by tz-naive calendar dates, oldest first."""
    clean = data.dropna()
    index = pd.DatetimeIndex(clean.index)
    if index.tz is not None:
        index = index.tz_localize(None)
    out = pd.Series(clean.to_numpy(), index=index.normalize(), name=data.name)
    out.index.name = "date"
    return out.sort_index()


def calendar_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` re-indexed by tz-naive calendar dates (rows kept as they are), oldest first."""
    index = pd.DatetimeIndex(frame.index)
    if index.tz is not None:
        index = index.tz_localize(None)
    out = frame.copy()
    out.index = index.normalize()
    return out.sort_index()


def slice_range(data: pd.Series, range_name: str) -> pd.Series:
    """The part of ``data`` within range ``range_name`` (a key of :data:`RANGES`) of its end.

    Raises:
        KeyError: for an unknown range name.
    """
    offset = RANGES[range_name]
    if offset is None or data.empty:
        return data
    start = data.index[-1] - offset
    window: pd.Series = data[data.index >= start]
    return window


def range_start(data: pd.Series | pd.DataFrame, range_name: str) -> pd.Timestamp | None:
    """The first date range ``range_name`` covers for ``data`` (``None`` = from the start)."""
    offset = RANGES[range_name]
    if offset is None or data.empty:
        return None
    start: pd.Timestamp = data.index[-1] - offset
    return start


def downsample(data: pd.Series, max_points: int) -> pd.Series:
    """At most ``max_points`` observations of ``data`` that keep its shape, highs and lows.

    The series is cut into ``max_points // 2`` buckets of consecutive observations and each
    bucket keeps its lowest and its highest observation (in date order), so every peak and
    trough survives however far the series is compressed. The first and last observations
    are always kept, so the span and the latest value are exact. Missing values are dropped.
    """
    clean = data.dropna()
    if len(clean) <= max(max_points, 4):
        return clean
    buckets = max(1, (max_points - 2) // 2)
    values = clean.to_numpy(dtype=float)
    bucket = np.arange(len(values)) * buckets // len(values)
    positions = pd.Series(values).groupby(bucket)
    ends = np.array([0, len(values) - 1])
    keep = np.union1d(
        np.union1d(positions.idxmin().to_numpy(), positions.idxmax().to_numpy()), ends
    )
    kept: pd.Series = clean.iloc[keep]
    return kept


@dataclass(frozen=True)
class RangeStats:
    """Latest value, high and low (with their dates) and change over a range."""

    first_date: pd.Timestamp
    latest_date: pd.Timestamp
    latest: float
    high: float
    high_date: pd.Timestamp
    low: float
    low_date: pd.Timestamp
    change: float
    """Latest minus the first value of the range, in the series' units."""
    count: int


def range_stats(data: pd.Series) -> RangeStats | None:
    """Statistics of ``data`` (already sliced to a range); ``None`` when it is empty.

    Ties go to the earliest date: "the high was first reached on ...".
    """
    clean = data.dropna()
    if clean.empty:
        return None
    values = clean.to_numpy(dtype=float)
    high, low = int(np.argmax(values)), int(np.argmin(values))  # first occurrence on ties
    return RangeStats(
        first_date=clean.index[0],
        latest_date=clean.index[-1],
        latest=float(values[-1]),
        high=float(values[high]),
        high_date=clean.index[high],
        low=float(values[low]),
        low_date=clean.index[low],
        change=float(clean.iloc[-1] - clean.iloc[0]),
        count=len(clean),
    )


def curve_on_dates(
    curves: pd.DataFrame,
    offsets: Mapping[str, pd.DateOffset | None] = CURVE_DATES,
    max_gap: pd.Timedelta = CURVE_MAX_GAP,
) -> pd.DataFrame:
    """The curve on each of several dates counted back from the latest one.

    Each label gets the last curve on or before its target date, unless that curve is more
    than ``max_gap`` older than the target (then the label is left out).

    Args:
        curves: one row per date (calendar dates), one column per tenor.
        offsets: label -> offset back from the latest curve (``None`` = the latest).

    Returns:
        One row per label found: a ``date`` column (the curve's actual date), then tenors.
    """
    clean = curves.dropna(how="all")
    if clean.empty:
        return pd.DataFrame(columns=["date", *curves.columns])
    latest = clean.index[-1]
    rows = {}
    for label, offset in offsets.items():
        target = latest if offset is None else latest - offset
        before = clean[clean.index <= target]
        if before.empty or target - before.index[-1] > max_gap:
            continue
        row = before.iloc[-1]
        rows[label] = {"date": before.index[-1], **row.to_dict()}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "curve"
    return out


def sum_buckets(data: pd.Series, max_bars: int) -> tuple[pd.Series, int]:
    """Sum consecutive periods so that at most ``max_bars`` remain; flows add up.

    Buckets are aligned on the newest period, so the latest bar is always complete; each
    bucket is labelled with its last period's date.

    Returns:
        The summed series and how many periods each bar holds (1 = unchanged).
    """
    clean = data.dropna()
    if len(clean) <= max_bars or max_bars < 1:
        return clean, 1
    size = math.ceil(len(clean) / max_bars)
    group = (len(clean) - 1 - np.arange(len(clean))) // size
    parts = pd.DataFrame({"value": clean.to_numpy(dtype=float), "end": clean.index, "group": group})
    summed_frame = parts.groupby("group").agg(value=("value", "sum"), end=("end", "max"))
    summed_frame = summed_frame.sort_values("end")
    summed = pd.Series(
        summed_frame["value"].to_numpy(),
        index=pd.DatetimeIndex(summed_frame["end"]),
        name=data.name,
    )
    summed.index.name = data.index.name
    return summed, size


def splice_by_priority(sources: Mapping[str, pd.Series], priority: Sequence[str]) -> pd.DataFrame:
    """One long history from several sources of the same quantity.

    On each date the value comes from the first source in ``priority`` that has one (names
    not in ``priority`` come last). Returns columns ``value`` and ``source``.
    """
    order = [n for n in priority if n in sources] + [n for n in sources if n not in priority]
    parts = []
    taken: pd.Index = pd.DatetimeIndex([])
    for name in order:
        series = sources[name].dropna()
        series = series[~series.index.isin(taken)]
        if series.empty:
            continue
        parts.append(pd.DataFrame({"value": series.astype(float), "source": name}))
        taken = taken.union(series.index)
    if not parts:
        return pd.DataFrame({"value": pd.Series(dtype=float), "source": pd.Series(dtype=str)})
    out = pd.concat(parts).sort_index()
    out.index.name = "date"
    return out


def value_at_or_before(data: pd.Series, when: pd.Timestamp) -> float:
    """The last value of ``data`` on or before ``when`` (NaN if none)."""
    before = data[data.index <= when].dropna()
    return float(before.iloc[-1]) if len(before) else math.nan


#: A series' "normal spacing" is its median step between observations; a step longer than
#: this many times that (and than the normal step plus a week, so weekends and holiday
#: weeks of daily data never count) is a gap the charts do not draw a line across.
GAP_FACTOR = 3.0
GAP_SLACK = pd.Timedelta(days=7)


def gap_spans(index: pd.Index) -> tuple[tuple[float, float], ...]:
    """The gaps of a dated series, as ``(last day before, first day after)`` day numbers.

    A gap is a step between consecutive observations longer than both ``GAP_FACTOR`` times
    the series' median step and the median step plus ``GAP_SLACK``: a month missing from a
    daily series, two missing weeks of a weekly one, a quarter of a monthly one.
    """
    stamps = pd.DatetimeIndex(index).sort_values()
    if len(stamps) < 3:
        return ()
    # On the int64 nanoseconds: comparing 10,000 steps one Timedelta at a time took 15 ms
    # of the 10Y drill-down's opening.
    nanos = stamps.as_unit("ns").asi8
    steps = np.diff(nanos)
    normal = float(np.median(steps))
    limit = max(normal * GAP_FACTOR, normal + GAP_SLACK.value)
    where = np.flatnonzero(steps > limit)
    if not len(where):
        return ()
    days = day_numbers(stamps[np.concatenate([where, where + 1])])
    half = len(where)
    return tuple(zip(days[:half], days[half:], strict=True))


def day_numbers(index: pd.Index) -> list[float]:
    """Dates as days since 1970-01-01, the x coordinate the charts use."""
    stamps = pd.DatetimeIndex(index)
    if stamps.tz is not None:
        stamps = stamps.tz_localize(None)
    days = (stamps - EPOCH) / pd.Timedelta(days=1)
    return [float(d) for d in days.to_numpy(dtype=float)]
