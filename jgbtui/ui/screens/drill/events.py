"""Which drill-down an event, a macro row or a new headline opens.

Keys (see :mod:`jgbtui.present.calendar` and :mod:`jgbtui.analytics.anomalies`):
``auction:10Y:2026-12-01``, ``boj:policy``, ``boj:call``, ``cpi:tokyo``, ``cpi:national``,
``flows:weekly``, ``flows:monthly``, ``homecoming``, ``homecoming:life_insurers``,
``series:US 10Y``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from jgbtui.present.view import MarketView
from jgbtui.ui.screens.drill.base import DrillScreen


def event_screen(
    view: MarketView, clock: Callable[[], datetime], key: str | None
) -> DrillScreen | None:
    """The screen for drill-down ``key`` (``None`` when the key opens nothing)."""
    if not key:
        return None
    target, _, day = key.partition("|")
    kind, _, rest = target.partition(":")
    if kind == "boj":
        from jgbtui.ui.screens.drill.policy import PolicyScreen

        return PolicyScreen(view, clock)
    if kind == "cpi":
        from jgbtui.ui.screens.drill.cpi import CpiScreen

        return CpiScreen(view, clock, rest or "tokyo")
    if kind == "homecoming" or (kind == "flows" and rest == "monthly" and not day):
        from jgbtui.ui.screens.drill.homecoming import HomecomingScreen

        return HomecomingScreen(view, clock)
    if kind == "flows":
        from jgbtui.ui.screens.drill.flows import FlowsScreen

        return FlowsScreen(view, clock, day or None)
    if kind == "auction" and rest:
        from jgbtui.ui.screens.drill.auction import AuctionScreen

        tenor, _, when = rest.partition(":")
        return AuctionScreen(view, clock, tenor, day=when or day or None)
    if kind == "series" and rest:
        from jgbtui.ui.screens.drill.series import SeriesScreen

        return SeriesScreen(view, clock, rest)
    return None
