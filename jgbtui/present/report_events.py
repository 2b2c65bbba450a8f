"""``snapshot --json`` blocks for the calendar, the BOJ, CPI and the homecoming flows.

Read from the one :class:`~jgbtui.present.view.MarketView` (pure). Figures are the
publishers' own (CPI rates rounded to 0.1 as published; flows in 100 million yen as MoF
prints them); times are ISO datetimes with their offset.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from jgbtui.analytics.homecoming import SectorFlow
from jgbtui.present.calendar import CalendarView, Event
from jgbtui.present.macro import BojView, CpiAreaView, CpiView, HomecomingView


def _num(value: float, digits: int | None = None) -> float | None:
    if value is None or math.isnan(value):
        return None
    return round(value, digits) if digits is not None else value


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def event_item(event: Event) -> dict[str, Any]:
    """One calendar entry: ``when`` (ISO with offset), ``what``, ``kind``, ``series``."""
    return {
        "when": event.when.isoformat(),
        "what": event.what,
        "kind": event.kind,
        "series": event.series,
    }


def calendar_block(calendar: CalendarView, now: datetime) -> list[dict[str, Any]]:
    """Upcoming events in time order."""
    return [event_item(e) for e in calendar.upcoming(now)]


def last_event_block(calendar: CalendarView, now: datetime) -> dict[str, Any] | None:
    """The latest event that has happened, and its outcome once published."""
    event = calendar.last(now)
    if event is None:
        return None
    return {**event_item(event), "outcome": event.outcome}


def boj_block(boj: BojView | None) -> dict[str, Any] | None:
    """The policy rate in force (and since when), the call rate and what the rate is."""
    if boj is None:
        return None
    return {
        "policy_rate_pct": _num(boj.policy_rate_pct),
        "since": _iso(boj.since),
        "decided": _iso(boj.decided),
        "change_bp": _num(boj.change_bp, 1),
        "policy_as_of": _iso(boj.policy_as_of),
        "call_rate_pct": _num(boj.call_rate_pct),
        "as_of": _iso(boj.call_as_of),
        "call_spread_bp": _num(boj.spread_bp, 1),
        "next_meeting": _iso(boj.next_meeting),
        "source": boj.source,
    }


def _area(view: CpiAreaView | None) -> dict[str, Any] | None:
    if view is None:
        return None

    def rate(measure: str) -> float | None:
        figure = view.get(measure)
        return None if figure is None else _num(figure.yoy_pct, 1)

    core = view.get("core") or view.get("all_items")
    return {
        "month": f"{view.month:%Y-%m}",
        "all_items_yoy_pct": rate("all_items"),
        "core_yoy_pct": rate("core"),
        "core_core_yoy_pct": rate("core_core"),
        "base": None if core is None else core.base,
        "text": view.headline,
    }


def cpi_block(cpi: CpiView) -> dict[str, Any]:
    """Tokyo and national CPI: the latest month's y/y rates and the desk phrase."""
    return {"tokyo": _area(cpi.get("tokyo")), "national": _area(cpi.get("national"))}


def _sector(flow: SectorFlow | None) -> float | None:
    return None if flow is None else _num(flow.net)


def homecoming_block(view: HomecomingView | None) -> dict[str, Any] | None:
    """Residents' net purchases of foreign long-term bonds by the watched investors."""
    if view is None:
        return None
    return {
        "month": f"{view.month:%Y-%m}",
        "life_insurers_net_jpy_100m": _sector(view.get("life_insurers")),
        "trust_accounts_net_jpy_100m": _sector(view.get("trust_accounts")),
        "banks_net_jpy_100m": _sector(view.get("banks")),
        "all_residents_net_jpy_100m": _sector(view.total),
        "sum_3m_jpy_100m": {s.sector: _num(s.sum_3m) for s in view.sectors},
        "sum_12m_jpy_100m": {s.sector: _num(s.sum_12m) for s in view.sectors},
        "watched_3m_jpy_100m": _num(view.core_3m),
        "phrases": [s.text for s in view.sectors],
    }
