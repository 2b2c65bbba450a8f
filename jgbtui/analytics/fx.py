"""USD/JPY: pick the freshest official fix among the sources that have one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

#: When two sources publish the same date, prefer the Tokyo close, then ECB, then FRED.
PRIORITY = ("boj_usdjpy", "ecb_usdjpy", "fred_usdjpy")

LABELS = {
    "boj_usdjpy": "BOJ 17:00 JST",
    "ecb_usdjpy": "ECB ref. (JPY/USD cross)",
    "fred_usdjpy": "FRED H.10 noon NY",
}


@dataclass(frozen=True, eq=False)
class UsdJpy:
    """The chosen USD/JPY series and where its latest value comes from."""

    source: str
    """Source name of the freshest value, e.g. ``"ecb_usdjpy"``."""
    series: pd.Series
    """Yen per dollar from that source, indexed by tz-naive calendar date."""

    @property
    def label(self) -> str:
        """Human label of the source."""
        return LABELS.get(self.source, self.source)


def freshest_usdjpy(frames: Mapping[str, pd.DataFrame]) -> UsdJpy | None:
    """Choose the source whose latest valid ``jpy_per_usd`` is the newest calendar date.

    Args:
        frames: source name -> frame with a ``jpy_per_usd`` column and a DatetimeIndex.
    """
    best: tuple[pd.Timestamp, int, str, pd.Series] | None = None
    for name, frame in frames.items():
        if frame is None or "jpy_per_usd" not in frame.columns:
            continue
        series = frame["jpy_per_usd"].dropna()
        if series.empty:
            continue
        series = series.copy()
        series.index = pd.DatetimeIndex(series.index).tz_localize(None).normalize()
        rank = -PRIORITY.index(name) if name in PRIORITY else -len(PRIORITY)
        key = (series.index[-1], rank)
        if best is None or key > best[:2]:
            best = (series.index[-1], rank, name, series)
    if best is None:
        return None
    return UsdJpy(source=best[2], series=best[3])
