"""The latest figures as one JSON-ready dict (``jgbtui snapshot``), read from the one view.

Pure: takes the :class:`~jgbtui.present.view.MarketView` the screen shows (its frames, its
anomalies found with the user's settings, its board), returns plain data. Values are the
publishers' own numbers; derived ratios are rounded to the precision the market quotes
(bid-to-cover 2 dp, tails 3 dp in yen and 2 dp in bp) so float noise never shows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

import pandas as pd

from jgbtui.analytics.anomalies import Anomaly
from jgbtui.analytics.auctions import latest_by_tenor, upcoming
from jgbtui.analytics.carry import HEDGE_NOTE
from jgbtui.analytics.curve import us_japan_10y
from jgbtui.analytics.flows import FOUR_WEEKS, summarise
from jgbtui.analytics.fx import freshest_usdjpy
from jgbtui.analytics.signals import Board
from jgbtui.present.frames import MarketFrames
from jgbtui.present.report_events import (
    boj_block,
    calendar_block,
    cpi_block,
    homecoming_block,
    last_event_block,
)
from jgbtui.present.view import MarketView
from jgbtui.sources import catalog
from jgbtui.sources.base import SourceResult


def _num(value: object, digits: int | None = None) -> float | None:
    """A JSON number, ``None`` for NaN/missing; rounded only when ``digits`` is given."""
    if value is None:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if math.isnan(number):
        return None
    return round(number, digits) if digits is not None else number


def _iso_date(value: object) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date().isoformat()
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return None


def source_status(result: SourceResult, now: datetime) -> dict[str, Any]:
    """The per-source block: status, as-of date, next release, error and provenance."""
    age = result.age(now)
    return {
        "title": result.title,
        "status": result.status,
        "as_of": result.as_of.isoformat() if result.as_of else None,
        "next_release": result.next_release.isoformat() if result.next_release else None,
        "late": result.late,
        "error": result.error,
        "detail": result.detail or None,
        "fetched_at": result.fetched_at.isoformat() if result.fetched_at else None,
        "age_seconds": None if age is None else round(age.total_seconds()),
        "notices": list(result.notices),
    }


def yields_block(frames: MarketFrames) -> dict[str, Any] | None:
    """Latest JGB yields per tenor (percent, as published)."""
    frame = frames.yields
    if frame is None:
        return None
    last = frame.iloc[-1]
    return {
        "as_of": _iso_date(frame.index[-1]),
        "tenors": {str(tenor): _num(last[tenor]) for tenor in frame.columns},
    }


def ust_block(frames: MarketFrames) -> dict[str, Any] | None:
    """Latest US 10Y par yield (percent, as published)."""
    frame = frames.ust
    if frame is None or "10Y" not in frame.columns:
        return None
    series = frame["10Y"].dropna()
    if series.empty:
        return None
    return {"as_of": _iso_date(series.index[-1]), "value_pct": _num(series.iloc[-1])}


def spread_block(frames: MarketFrames) -> dict[str, Any] | None:
    """US 10Y minus JGB 10Y on the latest date both published, in bp."""
    jgb, ust = frames.yields, frames.ust
    if jgb is None or ust is None:
        return None
    spread = us_japan_10y(jgb, ust)
    if spread.empty:
        return None
    return {"as_of": _iso_date(spread.index[-1]), "bp": _num(spread.iloc[-1], 1)}


def usdjpy_block(frames: MarketFrames) -> dict[str, Any] | None:
    """The freshest USD/JPY fix and which source it came from."""
    chosen = freshest_usdjpy(frames.usdjpy)
    if chosen is None:
        return None
    return {
        "as_of": _iso_date(chosen.series.index[-1]),
        "value": _num(chosen.series.iloc[-1], 4),
        "source": chosen.source,
        "source_label": catalog.fx_label(chosen.source),
    }


def intervention_block(frames: MarketFrames) -> dict[str, Any] | None:
    """The most recent MoF intervention day and its amount."""
    frame = frames.interventions
    if frame is None:
        return None
    last = frame.iloc[-1]
    return {
        "date": _iso_date(frame.index[-1]),
        "amount_jpy_100m": _num(last["amount_jpy_100m"]),
        "side": str(last["side"]),
    }


def auctions_block(frames: MarketFrames) -> list[dict[str, Any]]:
    """The latest auction result of each tenor."""
    frame = frames.auctions
    if frame is None:
        return []
    out = []
    for _, row in latest_by_tenor(frame).iterrows():
        out.append(
            {
                "date": _iso_date(row["auction_date"]),
                "tenor": row["tenor"],
                "issue_number": None if pd.isna(row["issue_number"]) else int(row["issue_number"]),
                "bid_to_cover": _num(row["bid_to_cover"], 2),
                "tail_yen": _num(row["tail_jpy"], 3),
                "tail_bp": _num(row["tail_bp"], 2),
                "avg_yield_pct": _num(row["avg_yield_pct"]),
                "lowest_yield_pct": _num(row["lowest_yield_pct"]),
                "avg_price_jpy": _num(row["avg_price_jpy"]),
                "lowest_price_jpy": _num(row["lowest_price_jpy"]),
                "competitive_bids_jpy_bn": _num(row["competitive_bids_jpy_bn"]),
                "accepted_jpy_bn": _num(row["accepted_jpy_bn"]),
            }
        )
    return out


def upcoming_block(frames: MarketFrames, now: datetime) -> list[dict[str, Any]]:
    """Scheduled auctions from today on."""
    frame = frames.calendar
    if frame is None:
        return []
    return [
        {"date": _iso_date(row["auction_date"]), "tenor": row["tenor"], "security": row["security"]}
        for _, row in upcoming(frame, now).iterrows()
    ]


def flows_block(frames: MarketFrames) -> dict[str, Any]:
    """Latest weekly and monthly non-resident net purchases of Japanese long-term bonds."""
    out: dict[str, Any] = {"weekly": None, "monthly": None}
    weekly = frames.weekly
    if weekly is not None:
        summary = summarise(weekly, max_span=FOUR_WEEKS)
        last = weekly.loc[summary.period_end] if summary.period_end is not None else None
        out["weekly"] = {
            "week_start": None if last is None else _iso_date(last["week_start"]),
            "week_end": _iso_date(summary.period_end),
            "bonds_net_jpy_100m": _num(summary.net_jpy_100m),
            "bonds_net_4w_sum_jpy_100m": _num(summary.sum_4),
        }
    monthly = frames.monthly
    if monthly is not None:
        summary = summarise(monthly)
        out["monthly"] = {
            "month": None if summary.period_end is None else summary.period_end.strftime("%Y-%m"),
            "month_end": _iso_date(summary.period_end),
            "bonds_net_jpy_100m": _num(summary.net_jpy_100m),
        }
    return out


def anomalies_block(found: Sequence[Anomaly]) -> list[dict[str, Any]]:
    """Current anomalies as desk sentences, newest first (empty when nothing is unusual)."""
    return [
        {
            "series": a.series,
            "date": a.date.isoformat(),
            "value": _num(a.value, 4),
            "text": a.text,
            "severity": a.severity,
            "key": a.key,
        }
        for a in found
    ]


def signals_block(signals: Board | None) -> dict[str, Any] | None:
    """The sell-Japan board: each signal's state and reason, and how many are flashing."""
    if signals is None:
        return None
    return {
        "flashing": signals.flashing,
        "board": {
            s.name: {"state": str(s.state), "reason": s.reason, "as_of": _iso_date(s.as_of)}
            for s in signals.signals
        },
        "hedge_note": HEDGE_NOTE,
    }


def build_report(
    view: MarketView, now: datetime, rules: Sequence[Mapping[str, Any]] = ()
) -> dict[str, Any]:
    """Everything ``jgbtui snapshot --json`` prints, from the view the screen shows.

    ``rules`` are the trader's rules as the rule book states them (each with its state and
    last firing, see ``jgbtui.runtime.rule_book``); they are passed alongside the view
    because their state lives in the user's state directory, not in the data.
    """
    results, frames = view.results, view.frames
    return {
        "generated_at": now.isoformat(),
        "demo": any(r.status == "demo" for r in results.values()),
        "sources": {name: source_status(r, now) for name, r in results.items()},
        "yields": yields_block(frames),
        "ust10y": ust_block(frames),
        "us_jp_10y_spread": spread_block(frames),
        "usdjpy": usdjpy_block(frames),
        "intervention": intervention_block(frames),
        "auctions": auctions_block(frames),
        "upcoming_auctions": upcoming_block(frames, now),
        "flows": flows_block(frames),
        "anomalies": anomalies_block(view.anomalies),
        "signals": signals_block(view.board),
        "calendar": calendar_block(view.calendar, now),
        "last_event": last_event_block(view.calendar, now),
        "boj": boj_block(view.boj),
        "cpi": cpi_block(view.cpi),
        "homecoming": homecoming_block(view.homecoming),
        "rules": [dict(rule) for rule in rules],
    }
