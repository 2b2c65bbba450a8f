"""Telling the trader: the bell and one toast for anomalies never announced before."""

from __future__ import annotations

from typing import Any

from textual.app import App

from jgbtui.runtime.alert_log import Alert
from jgbtui.runtime.config import AlertConfig


def announce(app: App[Any], fresh: list[Alert], settings: AlertConfig) -> None:
    """Ring the bell (if enabled) and show one toast naming the first new alert."""
    if not fresh:
        return
    if settings.bell:
        app.bell()
    more = f" (+{len(fresh) - 1} more: press a)" if len(fresh) > 1 else ""
    app.notify(
        f"{fresh[0].text}{more}",
        title="New alert" if len(fresh) == 1 else f"{len(fresh)} new alerts",
        severity="warning",
        timeout=10,
        markup=False,
    )


def announce_demo(app: App[Any]) -> None:
    """Say loudly that the numbers on screen are synthetic."""
    app.notify(
        "No network and no cached data: showing DEMO data (synthetic, not published "
        "figures). Real data replaces it as soon as a source answers.",
        title="DEMO data",
        severity="warning",
        timeout=15,
    )
