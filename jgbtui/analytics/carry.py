"""Carry: the US-Japan 10Y spread and FX-hedged 10Y yields for USD- and JPY-based investors.

A USD-based investor who buys a 10Y JGB and hedges the yen back to dollars earns the JGB
yield plus the hedge pick-up, which by covered interest parity is the short-rate
differential; a JPY-based investor buying Treasuries pays that differential away::

    hedged JGB 10Y (USD investor) = JGB 10Y + (UST 1Y - JGB 1Y)
    hedged UST 10Y (JPY investor) = UST 10Y - (UST 1Y - JGB 1Y)

Note the pick-up of the first over Treasuries is ``(JGB 10Y - JGB 1Y) - (UST 10Y - UST
1Y)``: the Japanese curve's slope minus the US curve's. The approximation is spelled out in
:data:`HEDGE_NOTE`, which the UI and README show next to the numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from jgbtui.analytics.changes import HORIZONS, change_summary

HEDGE_NOTE = (
    "Hedged yields assume a rolling 1-year FX hedge priced by covered interest parity from "
    "the 1Y UST par yield and the 1Y JGB yield on the same calendar date (Tokyo and New "
    "York closes ~14h apart): hedged JGB 10Y for a USD investor = JGB 10Y + (UST 1Y - JGB "
    "1Y); hedged UST 10Y for a JPY investor = UST 10Y - (UST 1Y - JGB 1Y). Cross-currency "
    "basis, bid/offer and compounding are ignored; the usually negative USD/JPY basis makes "
    "the hedge dearer for JPY investors and richer for USD investors than shown."
)

#: Columns of :func:`carry_frame`, in order.
CARRY_COLUMNS = (
    "jgb_1y_pct",
    "jgb_10y_pct",
    "ust_1y_pct",
    "ust_10y_pct",
    "short_diff_pct",
    "us_jp_10y_bp",
    "hedged_jgb_10y_usd_pct",
    "hedged_ust_10y_jpy_pct",
    "hedged_jgb_pickup_bp",
    "hedged_ust_pickup_bp",
)
"""``short_diff_pct`` = UST 1Y - JGB 1Y (the annual hedge pick-up for a USD investor, the
cost for a JPY investor); ``hedged_jgb_pickup_bp`` = hedged JGB 10Y (USD) - UST 10Y: what a
USD investor gains by holding hedged JGBs instead of Treasuries; ``hedged_ust_pickup_bp`` =
hedged UST 10Y (JPY) - JGB 10Y: what a JPY investor gains by holding hedged Treasuries
instead of JGBs (the same number with the opposite sign)."""


def _calendar(series: pd.Series) -> pd.Series:
    clean = series.dropna()
    index = pd.DatetimeIndex(clean.index)
    if index.tz is not None:
        index = index.tz_localize(None)
    return pd.Series(clean.to_numpy(dtype="float64"), index=index.normalize())


def carry_frame(jgb: pd.DataFrame, ust: pd.DataFrame) -> pd.DataFrame:
    """Spread and hedged yields on every calendar date with all four yields published.

    Args:
        jgb: MoF yields frame (columns "1Y", "10Y" in percent).
        ust: Treasury par curve frame (columns "1Y", "10Y" in percent).

    Returns:
        The :data:`CARRY_COLUMNS`, indexed by tz-naive calendar date ("date"); empty when a
        tenor is missing.
    """
    needed = ("1Y", "10Y")
    if any(t not in jgb.columns for t in needed) or any(t not in ust.columns for t in needed):
        empty = pd.DataFrame(columns=list(CARRY_COLUMNS), dtype="float64")
        empty.index = pd.DatetimeIndex([], name="date")
        return empty
    joined = pd.concat(
        {
            "jgb_1y_pct": _calendar(jgb["1Y"]),
            "jgb_10y_pct": _calendar(jgb["10Y"]),
            "ust_1y_pct": _calendar(ust["1Y"]),
            "ust_10y_pct": _calendar(ust["10Y"]),
        },
        axis=1,
        join="inner",
    ).sort_index()
    diff = joined["ust_1y_pct"] - joined["jgb_1y_pct"]
    joined["short_diff_pct"] = diff
    joined["us_jp_10y_bp"] = (joined["ust_10y_pct"] - joined["jgb_10y_pct"]) * 100.0
    joined["hedged_jgb_10y_usd_pct"] = joined["jgb_10y_pct"] + diff
    joined["hedged_ust_10y_jpy_pct"] = joined["ust_10y_pct"] - diff
    joined["hedged_jgb_pickup_bp"] = (
        joined["hedged_jgb_10y_usd_pct"] - joined["ust_10y_pct"]
    ) * 100.0
    joined["hedged_ust_pickup_bp"] = (
        joined["hedged_ust_10y_jpy_pct"] - joined["jgb_10y_pct"]
    ) * 100.0
    joined.index.name = "date"
    return joined[list(CARRY_COLUMNS)]


@dataclass(frozen=True)
class Carry:
    """The latest carry figures, their date, and their changes."""

    as_of: pd.Timestamp | None
    """Latest calendar date with all four yields (tz-naive)."""
    values: dict[str, float]
    """Column of :data:`CARRY_COLUMNS` -> latest value (NaN when unknown)."""
    changes_bp: dict[str, dict[str, float]]
    """Column -> horizon ("1d", "1w", "1m") -> change in bp (NaN when unknown)."""
    note: str = HEDGE_NOTE

    def __getitem__(self, column: str) -> float:
        return self.values.get(column, math.nan)


def carry_summary(jgb: pd.DataFrame | None, ust: pd.DataFrame | None) -> Carry:
    """Latest spread and hedged yields with 1d/1w/1m changes (bp); all NaN when a frame or
    tenor is missing."""
    nan_changes = {name: math.nan for name in HORIZONS}
    if jgb is None or ust is None:
        frame = carry_frame(pd.DataFrame(), pd.DataFrame())
    else:
        frame = carry_frame(jgb, ust)
    if frame.empty:
        return Carry(
            None,
            {c: math.nan for c in CARRY_COLUMNS},
            {c: dict(nan_changes) for c in CARRY_COLUMNS},
        )
    values: dict[str, float] = {}
    changes: dict[str, dict[str, float]] = {}
    for column in CARRY_COLUMNS:
        scale = 1.0 if column.endswith("_bp") else 100.0
        summary = change_summary(frame[column], scale=scale)
        values[column] = summary.value
        changes[column] = summary.changes
    return Carry(pd.Timestamp(frame.index[-1]), values, changes)
