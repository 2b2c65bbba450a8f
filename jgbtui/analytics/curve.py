"""The JGB curve: per-tenor changes, the spreads traders quote, and the US-Japan 10Y spread."""

from __future__ import annotations

import pandas as pd

from jgbtui.analytics.changes import HORIZONS, change_summary

#: Spread name -> (short tenor, long tenor); quoted as long minus short, in bp.
CURVE_SPREADS: dict[str, tuple[str, str]] = {
    "2s10s": ("2Y", "10Y"),
    "5s30s": ("5Y", "30Y"),
    "10s30s": ("10Y", "30Y"),
}


def yield_table(yields: pd.DataFrame) -> pd.DataFrame:
    """One row per tenor: latest yield (pct), its date, and 1d/1w/1m changes in bp.

    Returns columns ``yield_pct``, ``as_of``, ``chg_1d_bp``, ``chg_1w_bp``, ``chg_1m_bp``,
    indexed by tenor label in the frame's column order.
    """
    rows = {}
    for tenor in yields.columns:
        summary = change_summary(yields[tenor], scale=100.0)
        rows[tenor] = {
            "yield_pct": summary.value,
            "as_of": summary.as_of,
            **{f"chg_{h}_bp": summary.changes[h] for h in HORIZONS},
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "tenor"
    return table


def spread_series(yields: pd.DataFrame, short: str, long: str) -> pd.Series:
    """``long - short`` in basis points, on dates where both exist."""
    return ((yields[long] - yields[short]) * 100.0).dropna()


def spread_table(yields: pd.DataFrame) -> pd.DataFrame:
    """The quoted curve spreads: latest level (bp) and 1d/1w/1m changes (bp)."""
    rows = {}
    for name, (short, long) in CURVE_SPREADS.items():
        summary = change_summary(spread_series(yields, short, long))
        rows[name] = {
            "spread_bp": summary.value,
            "as_of": summary.as_of,
            **{f"chg_{h}_bp": summary.changes[h] for h in HORIZONS},
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "spread"
    return table


def us_japan_10y(jgb: pd.DataFrame, ust: pd.DataFrame) -> pd.Series:
    """US 10Y minus JGB 10Y in bp, on calendar dates both published.

    The two closes are about 14 hours apart (Tokyo 15:00 vs New York afternoon); pairing by
    calendar date is the convention the UI states.
    """
    if "10Y" not in jgb.columns or "10Y" not in ust.columns:
        return pd.Series(dtype=float, name="us_jp_10y_bp")
    japan = jgb["10Y"].dropna()
    japan.index = pd.DatetimeIndex(japan.index).tz_localize(None)
    america = ust["10Y"].dropna()
    america.index = pd.DatetimeIndex(america.index).tz_localize(None)
    joined = pd.concat({"us": america, "jp": japan}, axis=1, join="inner")
    spread = (joined["us"] - joined["jp"]) * 100.0
    spread.name = "us_jp_10y_bp"
    spread.index.name = "date"
    return spread
