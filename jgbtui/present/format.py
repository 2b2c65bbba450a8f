"""Number and date formatting for display. Pure; no Textual, no pandas.

Signs are always explicit on changes (``+1.2``, ``-0.4``, ``0.0``) so direction survives
``NO_COLOR``; missing values print as an em dash, never as 0.
"""

from __future__ import annotations

import math
from datetime import date, datetime

DASH = "—"


def is_missing(value: float | None) -> bool:
    """True for ``None`` and NaN."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def num(value: float | None, decimals: int = 2) -> str:
    """A plain number with fixed decimals (the publisher's precision)."""
    return DASH if is_missing(value) else f"{value:.{decimals}f}"


def pct(value: float | None) -> str:
    """A yield in percent exactly as published (MoF prints up to 3 decimals)."""
    return DASH if is_missing(value) else f"{value:.3f}"


def bp(value: float | None, decimals: int = 1) -> str:
    """A change or spread in basis points with an explicit sign."""
    if is_missing(value):
        return DASH
    assert value is not None
    rounded = round(value, decimals)
    if rounded == 0:
        return f"{0:.{decimals}f}"
    return f"{rounded:+.{decimals}f}"


def signed(value: float | None, decimals: int = 2) -> str:
    """A signed change in the series' own units."""
    return bp(value, decimals)


def yen_100m(value: float | None, *, signed: bool = True) -> str:
    """An amount in 100 million yen (億円) in readable units: ``+¥1.52tn``, ``-¥845bn``.

    ``signed=False`` drops the plus sign, for amounts that are not flows (interventions).
    """
    if is_missing(value):
        return DASH
    assert value is not None
    billions = value / 10.0
    sign = ("+" if signed else "") if billions > 0 else "-" if billions < 0 else ""
    size = abs(billions)
    if size >= 1000:
        return f"{sign}¥{size / 1000:.2f}tn"
    return f"{sign}¥{size:,.0f}bn"


def day(value: date | datetime | None) -> str:
    """ISO calendar date."""
    if value is None:
        return DASH
    if isinstance(value, datetime):
        value = value.date()
    return value.isoformat()


def short_day(value: date | datetime | None) -> str:
    """``Sep 11`` style date for narrow columns."""
    if value is None:
        return DASH
    return f"{value:%b %d}"


def duration(seconds: float) -> str:
    """A compact age: ``45s``, ``12m``, ``3h``, ``2d``."""
    seconds = max(0.0, seconds)
    if seconds < 60:
        return f"{seconds:.0f}s"
    if seconds < 3600:
        return f"{seconds / 60:.0f}m"
    if seconds < 86400 * 2:
        return f"{seconds / 3600:.0f}h"
    return f"{seconds / 86400:.0f}d"
