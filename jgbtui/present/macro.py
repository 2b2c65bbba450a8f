"""What the desk reads beside the market: the BOJ's rate, CPI, and the homecoming flows.

Plain frozen dataclasses built once per view from :class:`~jgbtui.present.frames.MarketFrames`
(pure: no Textual, no Rich). The calendar pane, the events strip, the drill-downs and
``snapshot`` all read these.
"""

from __future__ import annotations

import math
from datetime import date, datetime

import pandas as pd

from jgbtui.analytics import cpi
from jgbtui.analytics.homecoming import Homecoming, homecoming
from jgbtui.present.frames import MarketFrames
from jgbtui.present.model import CALL_SOURCE as CALL_SOURCE
from jgbtui.present.model import POLICY_SOURCE as POLICY_SOURCE
from jgbtui.present.model import BojView as BojView
from jgbtui.present.model import CpiAreaView as CpiAreaView
from jgbtui.present.model import CpiFigure as CpiFigure
from jgbtui.present.model import CpiView as CpiView
from jgbtui.present.model import HomecomingView as HomecomingView
from jgbtui.present.model import PolicyStep as PolicyStep

#: How the CPI areas are named.
CPI_AREAS = {"tokyo": "Tokyo", "national": "Japan"}


def _day(stamp: object) -> date | None:
    if stamp is None or not isinstance(stamp, pd.Timestamp | datetime) or pd.isna(stamp):
        return None
    return date(stamp.year, stamp.month, stamp.day)


def _float(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


# --------------------------------------------------------------------------- BOJ


def boj_view(frames: MarketFrames, today: date, policy_as_of: date | None) -> BojView | None:
    """The BOJ block, when either the policy rate or the call rate is known.

    Args:
        frames: the view's frames.
        today: Tokyo's date (the rate in force today; the next meeting from today).
        policy_as_of: the newest day of the policy-rate series (its source's as-of).
    """
    policy, call = frames.policy, frames.call_rate
    if policy is None and call is None:
        return None
    steps: tuple[PolicyStep, ...] = ()
    if policy is not None:
        newest_first = policy.iloc[::-1]
        steps = tuple(
            PolicyStep(
                effective=stamp.date(),
                rate_pct=_float(rate),
                change_bp=_float(change),
                decided=_day(decided),
            )
            for stamp, rate, change, decided in zip(
                pd.DatetimeIndex(newest_first.index),
                newest_first["rate_pct"],
                newest_first["change_bp"],
                newest_first["decision_date"],
                strict=True,
            )
        )
    current = next((s for s in steps if s.effective <= today), None)
    call_rate, call_day = math.nan, None
    if call is not None and "call_rate_pct" in call.columns:
        series = call["call_rate_pct"].dropna()
        if not series.empty:
            call_rate, call_day = float(series.iloc[-1]), _day(series.index[-1])
    meetings = frames.boj_meetings
    next_meeting = None
    if meetings is not None and not meetings.empty:
        ahead = [d.date() for d in pd.DatetimeIndex(meetings["decision_date"]) if d.date() >= today]
        next_meeting = min(ahead) if ahead else None
    return BojView(
        policy_rate_pct=math.nan if current is None else current.rate_pct,
        since=None if current is None else current.effective,
        decided=None if current is None else current.decided,
        change_bp=math.nan if current is None else current.change_bp,
        policy_as_of=policy_as_of,
        call_rate_pct=call_rate,
        call_as_of=call_day,
        steps=steps,
        next_meeting=next_meeting,
    )


# --------------------------------------------------------------------------- CPI


def cpi_area(area: str, frames: tuple[pd.DataFrame | None, ...]) -> CpiAreaView | None:
    """One area's view from its index frames (every base)."""
    found: list[cpi.CpiReading] = []
    history: dict[str, pd.Series] = {}
    for measure in cpi.MEASURES:
        rates = cpi.yoy(frames, measure)
        if rates.empty:
            continue
        history[f"{measure}_yoy_pct"] = rates["yoy_pct"]
        history[f"{measure}_base"] = rates["base"]
        reading = cpi.reading(rates, measure)
        if reading is not None:
            found.append(reading)
    if not found:
        return None
    month = max(r.month for r in found)
    return CpiAreaView(
        area=area,
        label=CPI_AREAS.get(area, area.title()),
        month=month.date(),
        figures=tuple(
            CpiFigure(r.measure, r.yoy_pct, r.previous_pct, r.base, r.text)
            for r in found
            if r.month == month
        ),
        history=pd.DataFrame(history),
    )


def cpi_view(frames: MarketFrames) -> CpiView:
    """Both areas' latest figures, Tokyo first."""
    areas = frames.cpi_areas()
    found = [cpi_area(area, areas[area]) for area in ("tokyo", "national") if area in areas]
    return CpiView(tuple(a for a in found if a is not None))


# --------------------------------------------------------------------------- homecoming


def homecoming_view(frames: MarketFrames) -> HomecomingView | None:
    """The homecoming reading of the investor-type flows, if any."""
    reading: Homecoming | None = homecoming(frames.investors)
    if reading is None:
        return None
    return HomecomingView(
        month=reading.month.date(),
        sectors=reading.sectors,
        total=reading.total,
        core_3m=reading.core_3m,
    )
