"""Foreign flows into Japanese long-term bonds: latest week/month, rolling sums."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

BONDS_NET = "nonres_bonds_net_jpy_100m"
#: Four consecutive weeks span 21 days from the first week end to the last.
FOUR_WEEKS = pd.Timedelta(days=21)


@dataclass(frozen=True)
class FlowSummary:
    """Latest figure of a flow series and context for it (100 million yen)."""

    period_end: pd.Timestamp | None
    net_jpy_100m: float
    sum_4: float
    """Sum of the last four periods (NaN if fewer than four)."""


def summarise(
    frame: pd.DataFrame, column: str = BONDS_NET, *, max_span: pd.Timedelta | None = None
) -> FlowSummary:
    """Latest value of ``column`` and the sum of its last four periods.

    ``max_span`` bounds the distance between the first and last of those four periods (21
    days for consecutive weeks): across a gap in the data the sum is NaN, not a mix of
    weeks months apart.
    """
    if frame.empty or column not in frame.columns:
        return FlowSummary(None, float("nan"), float("nan"))
    series = frame[column].dropna()
    if series.empty:
        return FlowSummary(None, float("nan"), float("nan"))
    last4 = series.iloc[-4:]
    span_ok = max_span is None or (len(last4) == 4 and last4.index[-1] - last4.index[0] <= max_span)
    sum_4 = float(last4.sum()) if len(last4) == 4 and span_ok else float("nan")
    return FlowSummary(series.index[-1], float(series.iloc[-1]), sum_4)
