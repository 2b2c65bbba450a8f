"""What the desk reads beside the market: the BOJ's rate, CPI, and the homecoming flows.

Plain frozen dataclasses built once per view from :class:`~jgbtui.present.frames.MarketFrames`
(pure: no Textual, no Rich). The calendar pane, the events strip, the drill-downs and
``snapshot`` all read these.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from jgbtui.analytics import cpi
from jgbtui.analytics.homecoming import Homecoming, SectorFlow, homecoming
from jgbtui.present.frames import MarketFrames

#: What the policy rate shown is, in one sentence (the UI and ``snapshot`` say it).
POLICY_SOURCE = (
    "BOJ policy rate = the guideline for the uncollateralized overnight call rate; level "
    "from the BIS policy-rate series (WS_CBPOL), decision dates from the BOJ's statements"
)
CALL_SOURCE = "overnight call rate: BOJ time-series API, FM01 STRDCLUCON (daily average)"
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


@dataclass(frozen=True)
class PolicyStep:
    """One level of the policy rate: when it took effect, and when it was decided."""

    effective: date
    rate_pct: float
    change_bp: float
    """NaN for the first level of the history (no change observed)."""
    decided: date | None
    """The BOJ statement's date (``None`` when no statement confirms it)."""


@dataclass(frozen=True)
class BojView:
    """The policy rate in force, its latest change, and the call rate beside it."""

    policy_rate_pct: float
    since: date | None
    """When the rate in force took effect."""
    decided: date | None
    change_bp: float
    """The change that set the rate in force (NaN when the history shows none)."""
    policy_as_of: date | None
    """The newest day of the policy-rate series."""
    call_rate_pct: float
    call_as_of: date | None
    steps: tuple[PolicyStep, ...] = ()
    """Every level in the history, newest first."""
    next_meeting: date | None = None
    """The next decision day on the BOJ's schedule."""
    source: str = POLICY_SOURCE

    @property
    def spread_bp(self) -> float:
        """Call rate minus policy rate, in bp (rounded to 0.1)."""
        return round((self.call_rate_pct - self.policy_rate_pct) * 100.0, 1)

    def rate_on(self, day: date) -> float:
        """The policy rate in force on ``day`` (NaN before the history starts)."""
        for step in self.steps:
            if step.effective <= day:
                return step.rate_pct
        return math.nan


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


@dataclass(frozen=True)
class CpiFigure:
    """One measure's latest year-on-year rate and its phrase."""

    measure: str
    yoy_pct: float
    previous_pct: float
    base: int
    text: str


@dataclass(frozen=True)
class CpiAreaView:
    """One area's latest month: all items, core and core-core."""

    area: str
    label: str
    month: date
    figures: tuple[CpiFigure, ...]
    history: pd.DataFrame
    """Month -> ``{measure}_yoy_pct`` and ``{measure}_base``, for the drill-down."""

    def get(self, measure: str) -> CpiFigure | None:
        """The figure of ``measure`` (``None`` if the month lacks it)."""
        return next((f for f in self.figures if f.measure == measure), None)

    @property
    def headline(self) -> str:
        """ "Tokyo core CPI +2.1% y/y, first rise in eight months" (core, else all items)."""
        figure = self.get("core") or self.get("all_items")
        return "" if figure is None else f"{self.label} {figure.text}"


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


@dataclass(frozen=True)
class CpiView:
    """Tokyo (the early read) and national CPI."""

    areas: tuple[CpiAreaView, ...] = ()

    def get(self, area: str) -> CpiAreaView | None:
        """The view of ``area`` ("tokyo" or "national")."""
        return next((a for a in self.areas if a.area == area), None)


def cpi_view(frames: MarketFrames) -> CpiView:
    """Both areas' latest figures, Tokyo first."""
    areas = frames.cpi_areas()
    found = [cpi_area(area, areas[area]) for area in ("tokyo", "national") if area in areas]
    return CpiView(tuple(a for a in found if a is not None))


# --------------------------------------------------------------------------- homecoming


@dataclass(frozen=True)
class HomecomingView:
    """Who is coming home: the watched sectors' latest month and sums (100 million yen)."""

    month: date
    sectors: tuple[SectorFlow, ...]
    total: SectorFlow | None
    core_3m: float

    def get(self, sector: str) -> SectorFlow | None:
        """The flow of ``sector`` (``None`` if absent)."""
        return next((s for s in self.sectors if s.sector == sector), None)


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
