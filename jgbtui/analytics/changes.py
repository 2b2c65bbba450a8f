"""Changes over a horizon, measured the way a desk quotes them.

"1 day" is against the previous published observation; "1 week" and "1 month" are against
the last observation on or before the same calendar date a week / a month earlier. Each
horizon also has a largest gap it tolerates: when the data has a hole (a publisher outage,
a missing file) the change is unknown (NaN, shown as a dash) rather than silently measured
over months.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

#: Horizon name -> offset from the latest observation (None = previous observation).
HORIZONS: dict[str, pd.DateOffset | None] = {
    "1d": None,
    "1w": pd.DateOffset(weeks=1),
    "1m": pd.DateOffset(months=1),
}
#: The base observation may be at most this much older than the horizon's target date
#: (Golden Week and the year-end closure are the longest regular gaps, about a week).
MAX_GAP: dict[str, pd.Timedelta] = {
    "1d": pd.Timedelta(days=10),
    "1w": pd.Timedelta(days=5),
    "1m": pd.Timedelta(days=8),
}


@dataclass(frozen=True)
class Change:
    """A latest value and its changes over the standard horizons."""

    as_of: pd.Timestamp | None
    value: float
    changes: dict[str, float]
    """Horizon name ("1d", "1w", "1m") -> change in the series' units (NaN if unknown)."""


def observation_on_or_before(
    series: pd.Series, when: pd.Timestamp, max_gap: pd.Timedelta | None = None
) -> tuple[pd.Timestamp, float] | None:
    """``(date, value)`` of the last non-missing value at or before ``when``.

    ``None`` if there is none, or if it is more than ``max_gap`` older than ``when``.
    """
    clean = series.dropna()
    clean = clean[clean.index <= when]
    if not len(clean) or (max_gap is not None and when - clean.index[-1] > max_gap):
        return None
    return pd.Timestamp(clean.index[-1]), float(clean.iloc[-1])


def value_on_or_before(
    series: pd.Series, when: pd.Timestamp, max_gap: pd.Timedelta | None = None
) -> float:
    """The last non-missing value at or before ``when``.

    NaN if there is none, or if it is more than ``max_gap`` older than ``when``.
    """
    found = observation_on_or_before(series, when, max_gap)
    return float("nan") if found is None else found[1]


def change_summary(series: pd.Series, *, scale: float = 1.0) -> Change:
    """Latest non-missing value of ``series`` and its changes, multiplied by ``scale``.

    Args:
        series: values indexed by a sorted DatetimeIndex.
        scale: e.g. 100 to express percent-point changes in basis points.
    """
    clean = series.dropna()
    if clean.empty:
        return Change(None, float("nan"), {name: float("nan") for name in HORIZONS})
    as_of = clean.index[-1]
    latest = float(clean.iloc[-1])
    out: dict[str, float] = {}
    for name, offset in HORIZONS.items():
        if offset is None:
            previous = clean.iloc[:-1]
            before = value_on_or_before(previous, as_of, MAX_GAP[name])
        else:
            before = value_on_or_before(clean, as_of - offset, MAX_GAP[name])
        out[name] = (latest - before) * scale
    return Change(as_of, latest, out)


def trailing(series: pd.Series, offset: pd.DateOffset) -> pd.Series:
    """The part of ``series`` within ``offset`` of its last observation (for sparklines)."""
    clean = series.dropna()
    if clean.empty:
        return clean
    recent: pd.Series = clean[clean.index > clean.index[-1] - offset]
    return recent
