"""Changes over a horizon, measured the way a desk quotes them.

"1 day" is against the previous published observation; "1 week" and "1 month" are against
the last observation on or before the same calendar date a week / a month earlier, so a
holiday never turns a weekly change into a six-day one silently.
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


@dataclass(frozen=True)
class Change:
    """A latest value and its changes over the standard horizons."""

    as_of: pd.Timestamp | None
    value: float
    changes: dict[str, float]
    """Horizon name ("1d", "1w", "1m") -> change in the series' units (NaN if unknown)."""


def value_on_or_before(series: pd.Series, when: pd.Timestamp) -> float:
    """The last non-missing value at or before ``when`` (NaN if there is none)."""
    clean = series.dropna()
    clean = clean[clean.index <= when]
    return float(clean.iloc[-1]) if len(clean) else float("nan")


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
            before = float(clean.iloc[-2]) if len(clean) > 1 else float("nan")
        else:
            before = value_on_or_before(clean, as_of - offset)
        out[name] = (latest - before) * scale
    return Change(as_of, latest, out)


def trailing(series: pd.Series, offset: pd.DateOffset) -> pd.Series:
    """The part of ``series`` within ``offset`` of its last observation (for sparklines)."""
    clean = series.dropna()
    if clean.empty:
        return clean
    recent: pd.Series = clean[clean.index > clean.index[-1] - offset]
    return recent
