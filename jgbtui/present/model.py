"""What the panes show, as plain dataclasses free of pandas.

:func:`jgbtui.present.view.build_view` fills a :class:`MarketView` from the last good
results; the widgets only format and draw it. Nothing here imports pandas, so the last view
saved on disk (:mod:`jgbtui.present.saved`) can be read back and painted at start-up before
pandas and the sources load. ``frames`` (pandas) and ``CpiAreaView.history`` are the only
pandas-holding fields; a view read back from disk has neither.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from jgbtui.analytics.types import Anomaly, Board, SectorFlow
from jgbtui.present.frames import MarketFrames
from jgbtui.present.panes import PANE_SOURCES
from jgbtui.sources.base import TOKYO, SourceResult

#: What the policy rate shown is, in one sentence (the UI and ``snapshot`` say it).
POLICY_SOURCE = (
    "BOJ policy rate = the guideline for the uncollateralized overnight call rate; level "
    "from the BIS policy-rate series (WS_CBPOL), decision dates from the BOJ's statements"
)
CALL_SOURCE = "overnight call rate: BOJ time-series API, FM01 STRDCLUCON (daily average)"


@dataclass(frozen=True)
class ChangeRow:
    """A labelled level with its 1d / 1w / 1m changes and a sparkline series."""

    label: str
    value: float
    chg_1d: float
    chg_1w: float
    chg_1m: float
    as_of: date | None
    spark: tuple[float, ...] = ()


@dataclass(frozen=True)
class AuctionRow:
    """The latest auction of one tenor."""

    tenor: str
    auction_date: date | None
    issue_number: int | None
    bid_to_cover: float
    tail_jpy: float
    tail_bp: float
    avg_yield_pct: float
    lowest_yield_pct: float
    method: str
    btc_history: tuple[float, ...] = ()


@dataclass(frozen=True)
class UpcomingRow:
    """A scheduled auction."""

    auction_date: date | None
    tenor: str
    security: str


@dataclass(frozen=True)
class FlowRow:
    """One period of non-resident net purchases (100 million yen)."""

    period_start: date | None
    period_end: date | None
    bonds: float
    bills: float
    equity: float


@dataclass(frozen=True)
class FlowsView:
    """Weekly and monthly foreign flows into Japanese securities."""

    weekly: tuple[FlowRow, ...] = ()
    """Newest first."""
    monthly: tuple[FlowRow, ...] = ()
    """Newest first."""
    sum_4w: float = math.nan
    spark_52w: tuple[float, ...] = ()


@dataclass(frozen=True)
class FixRow:
    """One daily USD/JPY fix and its change from the previous one."""

    day: date | None
    value: float
    change: float


@dataclass(frozen=True)
class InterventionRow:
    """One MoF intervention day."""

    day: date | None
    amount_jpy_100m: float
    side: str


@dataclass(frozen=True)
class FxView:
    """USD/JPY: the freshest fix, its changes and history, and interventions."""

    latest: ChangeRow | None = None
    source_label: str = ""
    recent: tuple[FixRow, ...] = ()
    """Newest first."""
    interventions: tuple[InterventionRow, ...] = ()
    """Newest first."""


#: Strip names of the kinds whose full names are long.
SHORT_NAMES = {
    "boj_decision": "BOJ decision",
    "flows_weekly": "Weekly flows",
    "flows_monthly": "Monthly flows",
    "fomc": "FOMC",
}


@dataclass(frozen=True)
class Event:
    """One scheduled publication or decision."""

    when: datetime
    """Tz-aware (JST for Japanese events; converted from ET for the Fed)."""
    what: str
    """"10Y JGB auction", "BOJ policy decision", "Tokyo CPI (Dec)"."""
    kind: str
    series: str | None
    """The series it moves, as a series id (``auction:10Y:btc``); ``None`` for T-bill and
    liquidity-enhancement auctions, which have no series here."""
    drill: str
    """What Enter opens (``auction:10Y:2026-12-03``, ``boj:policy``, ``cpi:tokyo`` ...;
    empty: nothing)."""
    detail: str = ""
    """One line: "results 12:35 JST", "no fixed time (about noon)"."""
    approximate: bool = False
    """The time is an expectation, not a published time."""
    outcome: str | None = None
    """What it came to, once published."""

    @property
    def short(self) -> str:
        """A short name for the strip: "10Y auction", "BOJ decision", "Tokyo CPI (Nov)"."""
        return SHORT_NAMES.get(self.kind, self.what.replace(" JGB auction", " auction"))


@dataclass(frozen=True)
class CalendarView:
    """Events from three weeks back to two months ahead, in time order."""

    events: tuple[Event, ...] = ()

    def upcoming(self, now: datetime, limit: int | None = None) -> list[Event]:
        """Events after ``now``, soonest first."""
        ahead = [e for e in self.events if e.when > now]
        return ahead if limit is None else ahead[:limit]

    def past(self, now: datetime) -> list[Event]:
        """Events at or before ``now``, latest first."""
        return [e for e in reversed(self.events) if e.when <= now]

    def last(self, now: datetime) -> Event | None:
        """The latest event at or before ``now`` (its outcome when published)."""
        past = self.past(now)
        with_outcome = next((e for e in past if e.outcome), None)
        return past[0] if past and (past[0].outcome or with_outcome is None) else with_outcome


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
    history: Any = None
    """Month -> ``{measure}_yoy_pct`` and ``{measure}_base``, for the drill-down (a
    DataFrame; ``None`` in a view read back from disk)."""

    def get(self, measure: str) -> CpiFigure | None:
        """The figure of ``measure`` (``None`` if the month lacks it)."""
        return next((f for f in self.figures if f.measure == measure), None)

    @property
    def headline(self) -> str:
        """ "Tokyo core CPI +2.1% y/y, first rise in eight months" (core, else all items)."""
        figure = self.get("core") or self.get("all_items")
        return "" if figure is None else f"{self.label} {figure.text}"


@dataclass(frozen=True)
class CpiView:
    """Tokyo (the early read) and national CPI."""

    areas: tuple[CpiAreaView, ...] = ()

    def get(self, area: str) -> CpiAreaView | None:
        """The view of ``area`` ("tokyo" or "national")."""
        return next((a for a in self.areas if a.area == area), None)


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


@dataclass(frozen=True, eq=False)
class MarketView:
    """Everything the main screen shows; frozen, identity-compared (safe in a reactive)."""

    built_at: datetime
    results: Mapping[str, SourceResult] = field(default_factory=dict)
    yields: tuple[ChangeRow, ...] = ()
    yields_as_of: date | None = None
    spreads: tuple[ChangeRow, ...] = ()
    auctions: tuple[AuctionRow, ...] = ()
    upcoming: tuple[UpcomingRow, ...] = ()
    flows: FlowsView = FlowsView()
    fx: FxView = FxView()
    board: Board | None = None
    """The sell-Japan board (five signals)."""
    anomalies: tuple[Anomaly, ...] = ()
    """Current anomalies, newest first (the headlines), found once with the user's settings."""
    frames: MarketFrames = field(default_factory=MarketFrames)
    """The frames the view was built from: drill-downs, exports and the report read them."""
    boj: BojView | None = None
    """The BOJ's policy rate and the call rate (:mod:`jgbtui.present.macro`)."""
    cpi: CpiView = field(default_factory=CpiView)
    homecoming: HomecomingView | None = None
    calendar: CalendarView = field(default_factory=CalendarView)
    """Events from three weeks back to two months ahead (:mod:`jgbtui.present.calendar`)."""

    @property
    def newest(self) -> date | None:
        """The newest data date on screen (JGB yields, USD/JPY, flows, auctions).

        Inputs older than this are marked as old wherever they are combined.
        """
        dates = [
            self.yields_as_of,
            self.fx.latest.as_of if self.fx.latest is not None else None,
            self.flows.weekly[0].period_end if self.flows.weekly else None,
            max((a.auction_date for a in self.auctions if a.auction_date), default=None),
        ]
        known = [d for d in dates if d is not None]
        return max(known) if known else None

    @property
    def today(self) -> date:
        """The Tokyo calendar date the view was built on (dates of other years show their
        year)."""
        return self.built_at.astimezone(TOKYO).date()

    def flagged(self, key: str, day: date | None) -> bool:
        """Whether an anomaly concerns ``key`` (e.g. "yields:10Y") on exactly ``day``.

        ``key`` may be a prefix ending in ":" (auctions: "auction:10Y:").
        """
        if day is None:
            return False
        return any(
            a.date == day and (a.key == key or (key.endswith(":") and a.key.startswith(key)))
            for a in self.anomalies
        )

    def pane_results(self, pane: str) -> list[SourceResult]:
        """The results of the sources that feed ``pane``."""
        return [self.results[n] for n in PANE_SOURCES[pane] if n in self.results]
