"""Shared helpers for a series of observations: cleaning, locating a date, period changes.

A "series" here is a :class:`pandas.Series` of floats indexed by a DatetimeIndex (tz-aware
or naive) — a yield tenor, a tenor's auction bid-to-cover, weekly flows, USD/JPY. Missing
values (NaN) are never observations: they are dropped before anything is compared.
"""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd

#: Anything :func:`as_timestamp` accepts as a date.
DateLike = pd.Timestamp | datetime | date | str


def clean(series: pd.Series) -> pd.Series:
    """``series`` as floats without missing values, oldest first (stable for equal dates)."""
    values = series
    if values.dtype != "float64":
        values = pd.to_numeric(values, errors="coerce").astype("float64")
    missing = values.isna().to_numpy()
    out = values[~missing] if missing.any() else values
    if not out.index.is_monotonic_increasing:
        out = out.sort_index(kind="stable")
    return out


def as_timestamp(when: DateLike, like: pd.Index) -> pd.Timestamp:
    """``when`` as a Timestamp comparable with the DatetimeIndex ``like``.

    A naive date is read in the index's time zone; an aware one is converted to it (or made
    naive, keeping its wall time, when the index is naive).
    """
    stamp = pd.Timestamp(when)
    tz = getattr(like, "tz", None)
    if tz is not None:
        return stamp.tz_localize(tz) if stamp.tzinfo is None else stamp.tz_convert(tz)
    return stamp.tz_localize(None) if stamp.tzinfo is not None else stamp


def position(series: pd.Series, at: DateLike | None) -> int | None:
    """Position of the last observation at or before ``at`` (the last one if ``at`` is None).

    ``series`` must already be :func:`clean`. ``None`` when there is no such observation.
    """
    if series.empty:
        return None
    if at is None:
        return len(series) - 1
    when = as_timestamp(at, series.index)
    found = int(series.index.searchsorted(when, side="right")) - 1
    return found if found >= 0 else None


def period_changes(series: pd.Series, max_gap: pd.Timedelta | None = None) -> pd.Series:
    """Change from each observation to the next, dated at the later one.

    Missing values are skipped (the change spans them); a change across a gap longer than
    ``max_gap`` (a publisher outage, a missing file) is dropped rather than reported as one
    period's move.
    """
    values = clean(series)
    if len(values) < 2:
        return values.iloc[0:0]
    changes = values.diff().iloc[1:]
    if max_gap is not None:
        gaps = pd.Series(values.index, index=values.index).diff().iloc[1:]
        changes = changes[(gaps <= max_gap).to_numpy()]
    return changes


def full_years(start: pd.Timestamp, end: pd.Timestamp) -> int:
    """Whole calendar years from ``start`` to ``end`` (anniversaries passed)."""
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return max(years, 0)


def rounded(values: np.ndarray, precision: int | None) -> np.ndarray:
    """``values`` rounded to ``precision`` decimals (unchanged when ``None``)."""
    return values if precision is None else np.round(values, precision)
