"""What the panes show, computed once per update off the event loop.

:func:`build_view` turns the latest :class:`SourceResult` of every source into plain frozen
dataclasses of numbers and dates. Widgets only format and draw them, so no widget imports
pandas and nothing heavy happens on the event loop. Pure: no Textual, no Rich.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd

from jgbtui.analytics.anomalies import Anomaly, AnomalyConfig
from jgbtui.analytics.auctions import latest_by_tenor, tenor_history, upcoming
from jgbtui.analytics.changes import change_summary, trailing
from jgbtui.analytics.curve import CURVE_SPREADS, spread_series, us_japan_10y, yield_table
from jgbtui.analytics.flows import BONDS_NET, FOUR_WEEKS, summarise
from jgbtui.analytics.fx import freshest_usdjpy
from jgbtui.analytics.signals import Board
from jgbtui.present.calendar import CalendarView, calendar_view
from jgbtui.present.frames import MarketFrames
from jgbtui.present.macro import (
    BojView,
    CpiView,
    HomecomingView,
    boj_view,
    cpi_view,
    homecoming_view,
)
from jgbtui.present.memo import PARTS
from jgbtui.present.panes import PANE_SOURCES
from jgbtui.sources import catalog
from jgbtui.sources.base import TOKYO, SourceResult

SPARK_WINDOW = pd.DateOffset(months=3)


def _day(stamp: object) -> date | None:
    if stamp is None or not isinstance(stamp, pd.Timestamp | datetime) or pd.isna(stamp):
        return None
    return date(stamp.year, stamp.month, stamp.day)


def _f(value: object) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan
    return number


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


def _change_row(label: str, series: pd.Series, *, scale: float = 1.0) -> ChangeRow:
    summary = change_summary(series, scale=scale)
    # Changes are scaled (bp); the level is kept in the series' own units.
    level = summary.value
    return ChangeRow(
        label=label,
        value=level,
        chg_1d=summary.changes["1d"],
        chg_1w=summary.changes["1w"],
        chg_1m=summary.changes["1m"],
        as_of=_day(summary.as_of),
        spark=tuple(float(v) for v in trailing(series, SPARK_WINDOW)),
    )


def yields_rows(yields: pd.DataFrame) -> tuple[ChangeRow, ...]:
    """One row per tenor: yield (pct) with changes in bp and a 3-month sparkline."""
    table = yield_table(yields)
    rows = []
    for tenor, row in table.iterrows():
        rows.append(
            ChangeRow(
                label=str(tenor),
                value=_f(row["yield_pct"]),
                chg_1d=_f(row["chg_1d_bp"]),
                chg_1w=_f(row["chg_1w_bp"]),
                chg_1m=_f(row["chg_1m_bp"]),
                as_of=_day(row["as_of"]),
                spark=tuple(float(v) for v in trailing(yields[tenor], SPARK_WINDOW)),
            )
        )
    return tuple(rows)


def spread_rows(yields: pd.DataFrame | None, ust: pd.DataFrame | None) -> tuple[ChangeRow, ...]:
    """Curve spreads (bp) and the US-Japan 10Y spread (bp)."""
    rows = []
    if yields is not None:
        for name, (short, long) in CURVE_SPREADS.items():
            rows.append(_change_row(name, spread_series(yields, short, long)))
    if yields is not None and ust is not None:
        spread = us_japan_10y(yields, ust)
        if not spread.empty:
            rows.append(_change_row("US-JP 10Y", spread))
    return tuple(rows)


def auction_rows(results: pd.DataFrame) -> tuple[AuctionRow, ...]:
    """The latest auction per tenor with its recent bid-to-cover history."""
    rows = []
    for _, row in latest_by_tenor(results).iterrows():
        history = tenor_history(results, str(row["tenor"]))["bid_to_cover"].dropna().tail(12)
        issue = row.get("issue_number")
        rows.append(
            AuctionRow(
                tenor=str(row["tenor"]),
                auction_date=_day(row["auction_date"]),
                issue_number=None if issue is None or pd.isna(issue) else int(issue),
                bid_to_cover=_f(row["bid_to_cover"]),
                tail_jpy=_f(row["tail_jpy"]),
                tail_bp=_f(row["tail_bp"]),
                avg_yield_pct=_f(row["avg_yield_pct"]),
                lowest_yield_pct=_f(row["lowest_yield_pct"]),
                method=str(row.get("method", "")),
                btc_history=tuple(float(v) for v in history),
            )
        )
    return tuple(rows)


def _flow_rows(frame: pd.DataFrame, start_column: str | None, count: int) -> tuple[FlowRow, ...]:
    rows = []
    for end, row in frame.iloc[::-1].head(count).iterrows():
        rows.append(
            FlowRow(
                period_start=_day(row[start_column]) if start_column else None,
                period_end=_day(end),
                bonds=_f(row.get(BONDS_NET)),
                bills=_f(row.get("nonres_bills_net_jpy_100m")),
                equity=_f(row.get("nonres_equity_net_jpy_100m")),
            )
        )
    return tuple(rows)


def flows_view(weekly: pd.DataFrame | None, monthly: pd.DataFrame | None) -> FlowsView:
    """Recent weeks and months, the 4-week sum and a 52-week sparkline of bond flows."""
    if weekly is None and monthly is None:
        return FlowsView()
    return FlowsView(
        weekly=() if weekly is None else _flow_rows(weekly, "week_start", 12),
        monthly=() if monthly is None else _flow_rows(monthly, None, 12),
        sum_4w=math.nan if weekly is None else summarise(weekly, max_span=FOUR_WEEKS).sum_4,
        spark_52w=()
        if weekly is None
        else tuple(float(v) for v in weekly[BONDS_NET].dropna().tail(52)),
    )


def fx_view(frames: MarketFrames) -> FxView:
    """The freshest USD/JPY source, its changes and recent fixes, and interventions."""
    chosen = freshest_usdjpy(frames.usdjpy)
    interventions: tuple[InterventionRow, ...] = ()
    frame = frames.interventions
    if frame is not None:
        interventions = tuple(
            InterventionRow(_day(when), _f(row["amount_jpy_100m"]), str(row["side"]))
            for when, row in frame.iloc[::-1].head(20).iterrows()
        )
    if chosen is None:
        return FxView(interventions=interventions)
    series = chosen.series
    changes = series.diff()
    recent = tuple(
        FixRow(_day(when), float(series[when]), _f(changes[when]))
        for when in series.index[::-1][:30]
    )
    return FxView(
        latest=_change_row("USD/JPY", series),
        source_label=catalog.fx_label(chosen.source),
        recent=recent,
        interventions=interventions,
    )


def build_view(
    results: Mapping[str, SourceResult],
    now: datetime,
    anomaly_config: AnomalyConfig | None = None,
) -> MarketView:
    """Compute everything the main screen shows from the latest results.

    Each part is recalled from :data:`~jgbtui.present.memo.PARTS` when its frames are the
    same objects as last time, so a rebuild after one source changed redoes only its parts.
    """
    frames = MarketFrames.from_results(results)
    yields, ust, auctions, calendar = frames.yields, frames.ust, frames.auctions, frames.calendar
    weekly, monthly = frames.weekly, frames.monthly
    fx = (*frames.usdjpy.values(), frames.interventions)
    cpi_frames = (frames.cpi_tokyo, frames.cpi_national, frames.cpi_national_2020)
    boj = _boj(frames, results, now)
    cpi = PARTS("cpi view", cpi_frames, lambda: cpi_view(frames))
    return MarketView(
        built_at=now,
        results=dict(results),
        yields=()
        if yields is None
        else PARTS("yield rows", (yields,), lambda: yields_rows(yields)),
        yields_as_of=None if yields is None else _day(yields.index[-1]),
        spreads=PARTS("spread rows", (yields, ust), lambda: spread_rows(yields, ust)),
        auctions=()
        if auctions is None
        else PARTS("auction rows", (auctions,), lambda: auction_rows(auctions)),
        upcoming=()
        if calendar is None
        else tuple(
            UpcomingRow(_day(row["auction_date"]), str(row["tenor"]), str(row["security"]))
            for _, row in upcoming(calendar, now).iterrows()
        ),
        flows=PARTS("flows", (weekly, monthly), lambda: flows_view(weekly, monthly)),
        fx=PARTS("fx", fx, lambda: fx_view(frames)),
        board=frames.board(),
        anomalies=tuple(frames.anomalies(anomaly_config)),
        frames=frames,
        boj=boj,
        cpi=cpi,
        homecoming=PARTS("homecoming", (frames.investors,), lambda: homecoming_view(frames)),
        calendar=calendar_view(frames, now, boj, cpi),
    )


def _boj(
    frames: MarketFrames, results: Mapping[str, SourceResult], now: datetime
) -> BojView | None:
    policy = results.get(catalog.POLICY_RATE.source)
    as_of = policy.as_of if policy is not None and policy.has_data else None
    return boj_view(frames, now.astimezone(TOKYO).date(), as_of)
