"""Auction results: the latest per tenor, and the calendar's upcoming auctions."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

#: Display order of the regular coupon tenors; others follow alphabetically.
TENOR_ORDER = ("2Y", "5Y", "10Y", "20Y", "30Y", "40Y")


def _tenor_key(tenor: str) -> tuple[int, str]:
    return (TENOR_ORDER.index(tenor), "") if tenor in TENOR_ORDER else (len(TENOR_ORDER), tenor)


def latest_by_tenor(results: pd.DataFrame) -> pd.DataFrame:
    """The most recent auction of each tenor, in desk order (2Y, 5Y, 10Y, ... then others)."""
    if results.empty:
        return results
    known = results.dropna(subset=["tenor"])
    latest = known.sort_values("auction_date").groupby("tenor", sort=False).tail(1)
    order = sorted(latest["tenor"], key=_tenor_key)
    return latest.set_index("tenor").loc[order].reset_index()


def tenor_history(results: pd.DataFrame, tenor: str) -> pd.DataFrame:
    """All auctions of ``tenor``, oldest first."""
    return results[results["tenor"] == tenor].sort_values("auction_date")


def upcoming(calendar: pd.DataFrame, now: datetime, limit: int = 6) -> pd.DataFrame:
    """Scheduled auctions from today (Tokyo) on, soonest first, without results yet."""
    if calendar.empty:
        return calendar
    today = pd.Timestamp(now).tz_convert("Asia/Tokyo").normalize()
    ahead = calendar[calendar["auction_date"] >= today]
    return ahead.sort_values("auction_date").head(limit)
