"""Number and date formatting for display. Pure; no Textual, no pandas.

Signs are always explicit on changes (``+1.2``, ``-0.4``, ``0.0``) so direction survives
``NO_COLOR``; missing values print as an em dash, never as 0.
"""

from __future__ import annotations

import math
import unicodedata
from datetime import date, datetime, timedelta

DASH = "—"
ELLIPSIS = "…"
#: A daily input may lag the newest data by a long weekend (and New York by a time zone)
#: without being called old; beyond this it is marked wherever it is combined.
DAILY_LAG = timedelta(days=4)
#: Inputs of slower series (weekly flows, auctions, signals) may lag this much.
SLOW_LAG = timedelta(days=31)


def cell_len(text: str) -> int:
    """Terminal cells ``text`` takes: 2 for East Asian wide characters, else 1.

    (Rich has its own; this module stays free of UI libraries.)
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def is_missing(value: float | None) -> bool:
    """True for ``None`` and NaN."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def num(value: float | None, decimals: int = 2) -> str:
    """A plain number with fixed decimals (the publisher's precision)."""
    return DASH if is_missing(value) else f"{value:.{decimals}f}"


def pct(value: float | None) -> str:
    """A yield in percent exactly as published (MoF prints up to 3 decimals)."""
    return DASH if is_missing(value) else f"{value:.3f}"


def published(
    value: float | None, at_least: int = 2, at_most: int = 4, *, grouping: bool = False
) -> str:
    """A publisher's figure with its own decimals: ``99.985`` stays ``99.985``, ``99.98``
    stays ``99.98``; never fewer than ``at_least`` decimals (``1.41`` -> ``1.410`` for a
    yield quoted to 3) and never more than ``at_most`` (float noise is cut off)."""
    if is_missing(value):
        return DASH
    assert value is not None
    text = f"{value:{',' if grouping else ''}.{at_most}f}"
    whole, _, decimals = text.partition(".")
    decimals = decimals.rstrip("0")
    decimals += "0" * max(0, at_least - len(decimals))
    return f"{whole}.{decimals}" if decimals else whole


def places(value: float | None, at_least: int = 0, at_most: int = 4) -> int:
    """How many decimals :func:`published` shows for ``value``."""
    text = published(value, at_least, at_most)
    return len(text.partition(".")[2]) if "." in text else 0


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


def _date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def this_year(value: date | datetime, today: date | datetime) -> bool:
    """Whether ``value`` falls in ``today``'s calendar year."""
    return _date(value).year == _date(today).year


def short_day(value: date | datetime | None, today: date | datetime) -> str:
    """``Sep 11`` for a date this year, ``2025-09-25`` for any other year."""
    if value is None:
        return DASH
    return f"{value:%b %d}" if this_year(value, today) else _date(value).isoformat()


def numeric_day(value: date | datetime | None, today: date | datetime) -> str:
    """``09/11`` for a date this year, ``2025-09-25`` for any other year."""
    if value is None:
        return DASH
    return f"{value:%m/%d}" if this_year(value, today) else f"{_date(value).isoformat()}"


def desk_day(value: date | datetime | None) -> str:
    """``11-Sep-26``: the date style of the desk line (always with its year)."""
    return DASH if value is None else f"{value:%d-%b-%y}"


def lags(value: date | None, newest: date | None, allowed: timedelta = DAILY_LAG) -> bool:
    """Whether input date ``value`` is older than ``newest`` by more than ``allowed``.

    Such an input is marked as old wherever it is combined with newer data.
    """
    return value is not None and newest is not None and newest - value > allowed


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells at a word boundary, ending in ``…`` when cut.

    Never cuts inside a word or a number (``¥684bn``, ``4.18%``); a trailing comma,
    semicolon or opening bracket before the cut is dropped. Only a single word longer than
    ``width`` is cut inside.
    """
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    room = width - 1
    cut = ""
    for word in text.split(" "):
        candidate = f"{cut} {word}" if cut else word
        if cell_len(candidate) > room:
            break
        cut = candidate
    cut = cut.rstrip(" ,;:(-")
    if not cut:  # one word wider than the cell
        chars = ""
        for char in text:
            if cell_len(chars + char) > room:
                break
            chars += char
        cut = chars
    return cut + ELLIPSIS


def duration(seconds: float) -> str:
    """An age in words that cannot be misread: ``45 s``, ``12 min``, ``3 h``, ``2 days``."""
    seconds = max(0.0, seconds)
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 86400 * 2:
        return f"{seconds / 3600:.0f} h"
    return f"{seconds / 86400:.0f} days"
