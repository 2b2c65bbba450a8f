"""Which series a row of the main screen, a drill-down or an alert is about, as a series id.

The ids are those of :mod:`jgbtui.present.series` (``jgb:10Y``, ``spread:us-jp-10y``,
``auction:30Y:tail_bp``, ``flows:weekly:bonds``, ``usdjpy``): the key that adds a rule on a
row opens the form on the row's series, and the alerts screen files anomalies and rule
firings under the same ids. ``None`` where a row is about no single series (a board signal).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from jgbtui.analytics.curve import CURVE_SPREADS
from jgbtui.present.drill import US_10Y, US_JP_10Y
from jgbtui.present.series import US_JP_10Y as US_JP_10Y_ID
from jgbtui.present.series import USDJPY

if TYPE_CHECKING:
    from jgbtui.present.view import MarketView

#: The auction figure a rule on an auction row starts with: the tail in bp, the figure a
#: desk watches ("the 30Y tailed 3bp"); the bid-to-cover where a tenor has no tail (yield
#: auctions such as the 40Y, linkers).
AUCTION_FIELD = "tail_bp"
AUCTION_FALLBACK = "btc"


def drill_series(key: str) -> str:
    """The id of a series drill-down's key (``10Y``, ``US 10Y``, ``2s10s``, ``US-JP 10Y``)."""
    if key == US_10Y:
        return "ust:10Y"
    if key == US_JP_10Y:
        return f"spread:{US_JP_10Y_ID}"
    if key in CURVE_SPREADS:
        return f"spread:{key}"
    return f"jgb:{key}"


def auction_series(tenor: str, field: str = AUCTION_FIELD) -> str:
    """``auction:30Y:tail_bp``; a space in the tenor is written ``-`` (``10Y-JGBi``)."""
    return f"auction:{tenor.replace(' ', '-')}:{field}"


def auction_rule_series(tenor: str, view: MarketView | None = None) -> str:
    """The auction series a rule on ``tenor`` starts with: its tail in bp, or its
    bid-to-cover when its latest auction (in ``view``) has no tail."""
    row = next((r for r in view.auctions if r.tenor == tenor), None) if view else None
    if row is not None and math.isnan(row.tail_bp):
        return auction_series(tenor, AUCTION_FALLBACK)
    return auction_series(tenor)


def anomaly_series(key: str) -> str | None:
    """The id an anomaly's key is about: ``yields:10Y`` -> ``jgb:10Y``, ``fx:usdjpy`` ->
    ``usdjpy``, ``flows:weekly`` -> ``flows:weekly:bonds``, ``auction:10Y:<date>`` ->
    ``auction:10Y:btc`` (auction headlines are about the cover first), ``cpi:tokyo`` ->
    ``cpi:tokyo:core``, ``homecoming:banks`` -> ``homecoming:banks``."""
    target = key.partition("|")[0]
    kind, _, rest = target.partition(":")
    if kind == "yields" and rest:
        return f"jgb:{rest}"
    if kind == "fx":
        return USDJPY
    if kind == "flows" and rest in ("weekly", "monthly"):
        return f"flows:{rest}:bonds"
    if kind == "auction" and rest:
        return auction_series(rest.partition(":")[0], "btc")
    if kind == "cpi" and rest:
        return f"cpi:{rest}:core"  # CPI headlines are about core (less fresh food)
    if kind == "homecoming" and rest:
        return f"homecoming:{rest}"
    return None


def row_series(table: str | None, key: str | None, view: MarketView | None = None) -> str | None:
    """The id of row ``key`` of main-screen table ``table`` (``None``: no single series);
    ``view`` is the one on screen (an auction row without a tail starts on its cover)."""
    if key is None:
        return None
    if table == "yields-table":
        return f"jgb:{key}"
    if table == "spreads-table":
        return drill_series(key)
    if table == "auctions-table":
        return auction_rule_series(key, view)
    if table == "flows-table":
        return "flows:weekly:bonds"
    if table == "fx-table":
        return USDJPY
    if table == "headlines-table":
        return anomaly_series(key)
    return None
