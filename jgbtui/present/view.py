"""What the panes show, computed once per update off the event loop.

:func:`build_view` turns the latest :class:`SourceResult` of every source into plain frozen
dataclasses of numbers and dates. Widgets only format and draw them, so no widget imports
pandas and nothing heavy happens on the event loop. Pure: no Textual, no Rich.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime

import pandas as pd

from jgbtui.analytics.anomalies import AnomalyConfig
from jgbtui.analytics.auctions import latest_by_tenor, tenor_history, upcoming
from jgbtui.analytics.changes import change_summary, trailing
from jgbtui.analytics.curve import CURVE_SPREADS, spread_series, us_japan_10y, yield_table
from jgbtui.analytics.flows import BONDS_NET, FOUR_WEEKS, summarise
from jgbtui.analytics.fx import freshest_usdjpy
from jgbtui.present.calendar import calendar_view
from jgbtui.present.frames import MarketFrames
from jgbtui.present.macro import (
    BojView,
    boj_view,
    cpi_view,
    homecoming_view,
)
from jgbtui.present.memo import PARTS
from jgbtui.present.model import AuctionRow as AuctionRow
from jgbtui.present.model import ChangeRow as ChangeRow
from jgbtui.present.model import FixRow as FixRow
from jgbtui.present.model import FlowRow as FlowRow
from jgbtui.present.model import FlowsView as FlowsView
from jgbtui.present.model import FxView as FxView
from jgbtui.present.model import InterventionRow as InterventionRow
from jgbtui.present.model import MarketView as MarketView
from jgbtui.present.model import UpcomingRow as UpcomingRow
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
