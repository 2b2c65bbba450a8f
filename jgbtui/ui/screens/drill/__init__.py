"""Drill-down screens: Enter on a row of a main-screen table opens one about that row.

Imported only when a row is opened (pandas is loaded by then), so start-up stays light.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from jgbtui.present.view import MarketView
from jgbtui.ui.screens.drill.base import DrillScreen


def drill_screen(
    view: MarketView, clock: Callable[[], datetime], table: str | None, key: str | None
) -> DrillScreen | None:
    """The screen about row ``key`` of table ``table`` (``None`` if that row has none)."""
    from jgbtui.analytics.curve import CURVE_SPREADS

    if key is None:
        return None
    if table == "yields-table":
        from jgbtui.ui.screens.drill.series import SeriesScreen

        return SeriesScreen(view, clock, key)
    if table == "spreads-table":
        if key in CURVE_SPREADS:
            from jgbtui.ui.screens.drill.curve import CurveScreen

            return CurveScreen(view, clock, spread=key)
        from jgbtui.ui.screens.drill.series import SeriesScreen

        return SeriesScreen(view, clock, key)
    if table == "auctions-table":
        from jgbtui.ui.screens.drill.auction import AuctionScreen

        return AuctionScreen(view, clock, key)
    if table == "flows-table":
        from jgbtui.ui.screens.drill.flows import FlowsScreen

        return FlowsScreen(view, clock, key)
    if table == "fx-table":
        from jgbtui.ui.screens.drill.fx import FxScreen

        return FxScreen(view, clock, key)
    if table in ("events", "macro-table"):
        from jgbtui.ui.screens.drill.events import event_screen

        return event_screen(view, clock, key)
    return anomaly_screen(view, clock, key)


def anomaly_screen(view: MarketView, clock: Callable[[], datetime], key: str) -> DrillScreen | None:
    """The screen for an anomaly's drill-down key, with or without ``|date`` after it.

    Keys (see ``jgbtui.analytics.anomalies``): ``yields:10Y``, ``auction:10Y:2026-09-01``,
    ``flows:weekly``, ``flows:monthly``, ``fx:usdjpy``, ``cpi:tokyo``,
    ``homecoming:life_insurers``. Anything else opens nothing.
    """
    target, _, day = key.partition("|")
    kind, _, rest = target.partition(":")
    if kind == "yields" and rest:
        from jgbtui.ui.screens.drill.series import SeriesScreen

        return SeriesScreen(view, clock, rest, day=day or None)
    if kind == "auction" and rest:
        from jgbtui.ui.screens.drill.auction import AuctionScreen

        tenor, _, when = rest.partition(":")
        return AuctionScreen(view, clock, tenor, day=when or day or None)
    if kind == "flows":
        from jgbtui.ui.screens.drill.flows import FlowsScreen

        return FlowsScreen(view, clock, day or None)
    if kind == "fx":
        from jgbtui.ui.screens.drill.fx import FxScreen

        return FxScreen(view, clock, day or None)
    if kind in ("cpi", "homecoming", "boj"):
        from jgbtui.ui.screens.drill.events import event_screen

        return event_screen(view, clock, key)
    return None


def curve_screen(view: MarketView, clock: Callable[[], datetime]) -> DrillScreen:
    """Today's JGB curve against 1 week, 1 month and 1 year ago."""
    from jgbtui.ui.screens.drill.curve import CurveScreen

    return CurveScreen(view, clock)


__all__ = ["DrillScreen", "anomaly_screen", "curve_screen", "drill_screen"]
