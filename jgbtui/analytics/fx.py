"""USD/JPY: pick the freshest official fix among several series of the same rate."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True, eq=False)
class UsdJpy:
    """The chosen USD/JPY series and which input its latest value comes from."""

    source: str
    """Key of the chosen input in the mapping given to :func:`freshest_usdjpy`."""
    series: pd.Series
    """Yen per dollar from that input, indexed by tz-naive calendar date."""


def freshest_usdjpy(frames: Mapping[str, pd.DataFrame]) -> UsdJpy | None:
    """Choose the input whose latest valid ``jpy_per_usd`` is the newest calendar date.

    Args:
        frames: key -> frame with a ``jpy_per_usd`` column and a DatetimeIndex, in order of
            preference: when two inputs end on the same date, the earlier one wins.
    """
    best: tuple[pd.Timestamp, int, str, pd.Series] | None = None
    for position, (name, frame) in enumerate(frames.items()):
        if frame is None or "jpy_per_usd" not in frame.columns:
            continue
        series = frame["jpy_per_usd"].dropna()
        if series.empty:
            continue
        series = series.copy()
        series.index = pd.DatetimeIndex(series.index).tz_localize(None).normalize()
        key = (series.index[-1], -position)
        if best is None or key > best[:2]:
            best = (series.index[-1], -position, name, series)
    if best is None:
        return None
    return UsdJpy(source=best[2], series=best[3])
