"""The event calendar: what happens next, what just happened and what it came to.

Events come from the sources' own schedules, read through the catalog (pure: no Textual):

* **JGB auctions**: the MoF calendar pages (results 12:35 JST; T-bills 12:30);
* **BOJ decisions**: the BOJ's meeting schedule (the last day of a meeting; no fixed time,
  shown as about noon JST);
* **MoF flows**: weekly on Thursday 08:50 JST, monthly on the 6th business day 08:50 (the
  publisher's rule, :mod:`jgbtui.sources.schedule`: no schedule file is read);
* **CPI**: Tokyo and national release days from the Statistics Bureau's release table
  (08:30 JST), else by its rule, marked "expected";
* **FOMC decisions**: the Fed's calendar (14:00 ET).

Each event carries a series id (``auction:10Y:btc``, ``boj:policy``, ``flows:weekly:bonds``,
``cpi:tokyo:core`` ...) and a drill-down key; a past event carries its outcome once the data
is published ("10Y auction 12:35: BTC 3.53, tail 0.7bp").
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

import pandas as pd

from jgbtui.analytics.phrasing import signed_pct, yen_amount
from jgbtui.present.frames import MarketFrames
from jgbtui.present.macro import BojView, CpiView
from jgbtui.present.model import SHORT_NAMES as SHORT_NAMES
from jgbtui.present.model import CalendarView as CalendarView
from jgbtui.present.model import Event as Event
from jgbtui.present.series import AUCTION_TENORS
from jgbtui.sources import catalog
from jgbtui.sources.base import NEW_YORK, TOKYO

#: How far back and ahead the calendar looks.
PAST = timedelta(days=21)
AHEAD = timedelta(days=62)

#: Event kinds, as ``snapshot --json`` names them.
KINDS = (
    "jgb_auction",
    "boj_decision",
    "flows_weekly",
    "flows_monthly",
    "cpi_tokyo",
    "cpi_national",
    "fomc",
)
#: Short names of the kinds for narrow columns.
KIND_LABELS = {
    "jgb_auction": "JGB auction",
    "boj_decision": "BOJ",
    "flows_weekly": "MoF flows",
    "flows_monthly": "MoF flows",
    "cpi_tokyo": "CPI",
    "cpi_national": "CPI",
    "fomc": "FOMC",
}
COUPON_RESULT = time(12, 35)
BILL_RESULT = time(12, 30)
BOJ_DECISION = time(12, 0)
CPI_RELEASE = time(8, 30)
FOMC_DECISION = time(14, 0)


def _at(day: date, clock: time, tz: object = TOKYO) -> datetime:
    return datetime.combine(day, clock, tzinfo=tz)  # type: ignore[arg-type]


def _dates(column: pd.Series) -> list[date]:
    return [stamp.date() for stamp in pd.DatetimeIndex(column)]


# --------------------------------------------------------------------------- JGB auctions


def _auction_name(tenor: str, security: str) -> str:
    if tenor.startswith("TB"):
        return f"T-bill {tenor[2:].lower()} auction"
    if tenor == "LE":
        return "Liquidity enhancement auction"
    return f"{tenor} JGB auction"


def _auction_outcome(results: pd.DataFrame | None, day: date, tenor: str) -> str | None:
    if results is None or results.empty:
        return None
    same = [
        d == day and t == tenor
        for d, t in zip(_dates(results["auction_date"]), results["tenor"], strict=True)
    ]
    rows = results[same]
    if rows.empty:
        return None
    row = rows.iloc[-1]
    btc, tail = float(row["bid_to_cover"]), float(row["tail_bp"])
    parts = [] if math.isnan(btc) else [f"BTC {btc:.2f}"]
    if not math.isnan(tail):
        parts.append(f"tail {tail:.1f}bp")
    elif not math.isnan(float(row["avg_yield_pct"])):
        parts.append(f"avg yield {float(row['avg_yield_pct']):.3f}%")
    return ", ".join(parts) or None


def auction_events(frames: MarketFrames, start: date, end: date) -> Iterable[Event]:
    """The MoF calendar's auctions between ``start`` and ``end``."""
    calendar = frames.calendar
    if calendar is None or calendar.empty:
        return
    for day, tenor, security in zip(
        _dates(calendar["auction_date"]), calendar["tenor"], calendar["security"], strict=True
    ):
        if not isinstance(tenor, str) or not start <= day <= end:
            continue
        bill = tenor.startswith("TB")
        clock = BILL_RESULT if bill else COUPON_RESULT
        tracked = tenor in AUCTION_TENORS
        yield Event(
            when=_at(day, clock),
            what=_auction_name(tenor, str(security)),
            kind="jgb_auction",
            series=f"auction:{tenor.replace(' ', '-')}:btc" if tracked else None,
            drill=f"auction:{tenor}:{day.isoformat()}" if tracked else "",
            detail=f"results {clock:%H:%M} JST; {security}",
            outcome=_auction_outcome(frames.auctions, day, tenor),
        )


# --------------------------------------------------------------------------- BOJ


def _boj_outcome(day: date, boj: BojView | None, frames: MarketFrames) -> str | None:
    if boj is None:
        return None
    step = next((s for s in boj.steps if s.decided == day), None)
    if step is not None and not math.isnan(step.change_bp):
        verb = "raised" if step.change_bp > 0 else "cut"
        return (
            f"{verb} to {step.rate_pct:.2f}% ({step.change_bp:+.0f}bp), "
            f"effective {step.effective:%d %b}"
        )
    decisions = frames.decisions
    if decisions is not None and not decisions.empty:
        same_day = decisions[[d == day for d in _dates(decisions["date"])]]
        if bool(same_day["change"].any()):
            return "guideline changed (BOJ statement); the new level is not in the BIS series yet"
        if not same_day.empty:
            rate = boj.rate_on(day)
            return f"held at {rate:.2f}%" if not math.isnan(rate) else "no change"
    return None


def boj_events(
    frames: MarketFrames, boj: BojView | None, start: date, end: date
) -> Iterable[Event]:
    """Decision days of the BOJ's meetings between ``start`` and ``end``."""
    meetings = frames.boj_meetings
    if meetings is None or meetings.empty:
        return
    starts = _dates(meetings["start_date"])
    for first, day, outlook in zip(
        starts, _dates(meetings["decision_date"]), meetings["outlook"], strict=True
    ):
        if not start <= day <= end:
            continue
        detail = f"meeting {first:%d %b}-{day:%d %b}; no fixed time (about noon JST)"
        if bool(outlook):
            detail += "; with the Outlook Report"
        yield Event(
            when=_at(day, BOJ_DECISION),
            what="BOJ policy decision",
            kind="boj_decision",
            series="boj:policy",
            drill="boj:policy",
            detail=detail,
            approximate=True,
            outcome=_boj_outcome(day, boj, frames),
        )


# --------------------------------------------------------------------------- MoF flows


def _weekly_outcome(frames: MarketFrames, week_end: date) -> str | None:
    weekly = frames.weekly
    if weekly is None or weekly.empty:
        return None
    rows = weekly[[d == week_end for d in _dates(pd.Series(weekly.index))]]
    if rows.empty:
        return None
    value = float(rows.iloc[-1]["nonres_bonds_net_jpy_100m"])
    side = "bought" if value >= 0 else "sold"
    return f"foreigners net {side} {yen_amount(value)} of Japanese bonds"


def _monthly_outcome(frames: MarketFrames, month_end: date) -> str | None:
    parts = []
    monthly = frames.monthly
    if monthly is not None and not monthly.empty:
        rows = monthly[[d == month_end for d in _dates(pd.Series(monthly.index))]]
        if not rows.empty:
            value = float(rows.iloc[-1]["nonres_bonds_net_jpy_100m"])
            parts.append(f"foreigners {'+' if value >= 0 else '-'}{yen_amount(value)} JP bonds")
    investors = frames.investors
    if investors is not None and not investors.empty:
        rows = investors[[d == month_end for d in _dates(pd.Series(investors.index))]]
        if not rows.empty:
            value = float(rows.iloc[-1]["life_insurers_net_jpy_100m"])
            parts.append(f"lifers {'+' if value >= 0 else '-'}{yen_amount(value)} foreign bonds")
    return ", ".join(parts) or None


def flows_events(frames: MarketFrames, start: date, end: date) -> Iterable[Event]:
    """MoF's weekly and monthly flow releases between ``start`` and ``end``, by its rule."""
    weekly = catalog.MOF_FLOWS_WEEKLY_SPEC.schedule
    day = start - timedelta(days=14)
    while day <= end + timedelta(days=7):
        if day.weekday() == 5:  # weeks end on Saturday
            released = weekly.release_of(day)
            if start <= released.date() <= end:
                yield Event(
                    when=released,
                    what="MoF weekly flows",
                    kind="flows_weekly",
                    series="flows:weekly:bonds",
                    drill="flows:weekly",
                    detail=f"week to {day:%d %b}; 08:50 JST (Japanese release first)",
                    outcome=_weekly_outcome(frames, day),
                )
        day += timedelta(days=1)
    monthly = catalog.MOF_FLOWS_MONTHLY_SPEC.schedule
    month = date(start.year, start.month, 1) - timedelta(days=40)
    month = date(month.year, month.month, 1)
    while month <= end:
        following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        month_end = following - timedelta(days=1)
        released = monthly.release_of(month_end)
        if start <= released.date() <= end:
            yield Event(
                when=released,
                what="MoF monthly flows",
                kind="flows_monthly",
                series="flows:monthly:bonds",
                drill="homecoming",
                detail=f"{month:%B %Y}: montha1 and investors (monthb3); the 6th business day",
                outcome=_monthly_outcome(frames, month_end),
            )
        month = following


# --------------------------------------------------------------------------- CPI


def _cpi_outcome(cpi: CpiView, area: str, month: date) -> str | None:
    view = cpi.get(area)
    if view is None or view.history.empty:
        return None
    history = view.history
    stamps = [d.date().replace(day=1) for d in pd.DatetimeIndex(history.index)]
    if month not in stamps:
        return None
    row = history.iloc[stamps.index(month)]
    core, headline = row.get("core_yoy_pct"), row.get("all_items_yoy_pct")
    parts = []
    if core is not None and not math.isnan(float(core)):
        parts.append(f"core {signed_pct(float(core))} y/y")
    if headline is not None and not math.isnan(float(headline)):
        parts.append(f"all items {signed_pct(float(headline))}")
    return ", ".join(parts) or None


def cpi_events(frames: MarketFrames, cpi: CpiView, start: date, end: date) -> Iterable[Event]:
    """Tokyo and national CPI release days: the publisher's table, else its rule."""
    label = {"tokyo": "Tokyo CPI", "national": "Japan CPI"}
    releases: list[tuple[date, str, date, bool]] = []
    table = frames.cpi_releases
    known: set[str] = set()
    if table is not None and not table.empty:
        for released, area, month in zip(
            _dates(table["release_date"]),
            table["area"],
            _dates(table["reference_month"]),
            strict=True,
        ):
            releases.append((released, str(area), month, False))
            known.add(str(area))
    rules = {
        "national": catalog.STATJP_CPI_SPEC.schedule,
        "tokyo": catalog.STATJP_CPI_TOKYO_SPEC.schedule,
    }
    for area, rule in rules.items():
        if area in known:
            continue
        month = date(start.year, start.month, 1) - timedelta(days=62)
        month = date(month.year, month.month, 1)
        while month <= end:
            releases.append((rule.release_of(month).date(), area, month, True))
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    for released, area, month, expected in sorted(set(releases)):
        if not start <= released <= end or area not in label:
            continue
        yield Event(
            when=_at(released, CPI_RELEASE),
            what=f"{label[area]} ({month:%b})",
            kind=f"cpi_{area}",
            series=f"cpi:{area}:core",
            drill=f"cpi:{area}",
            detail=f"{month:%B %Y}; 08:30 JST" + (" (expected by the rule)" if expected else ""),
            approximate=expected,
            outcome=_cpi_outcome(cpi, area, month),
        )


# --------------------------------------------------------------------------- FOMC


def fomc_events(frames: MarketFrames, start: date, end: date) -> Iterable[Event]:
    """FOMC decisions (14:00 ET) between ``start`` and ``end``, in Tokyo time."""
    meetings = frames.fomc_meetings
    if meetings is None or meetings.empty:
        return
    for first, day, sep in zip(
        _dates(meetings["start_date"]),
        _dates(meetings["decision_date"]),
        meetings["sep"],
        strict=True,
    ):
        when = _at(day, FOMC_DECISION, NEW_YORK).astimezone(TOKYO)
        if not start <= when.date() <= end:
            continue
        yield Event(
            when=when,
            what="FOMC decision",
            kind="fomc",
            series="ust:10Y",
            drill="series:US 10Y",
            detail=f"meeting {first:%d %b}-{day:%d %b}; 14:00 ET"
            + ("; with projections" if bool(sep) else ""),
        )


# --------------------------------------------------------------------------- the view


def calendar_view(
    frames: MarketFrames,
    now: datetime,
    boj: BojView | None,
    cpi: CpiView,
) -> CalendarView:
    """Every event from :data:`PAST` before ``now`` to :data:`AHEAD` after it, in order."""
    today = now.astimezone(TOKYO).date()
    start, end = today - PAST, today + AHEAD
    events = [
        *auction_events(frames, start, end),
        *boj_events(frames, boj, start, end),
        *flows_events(frames, start, end),
        *cpi_events(frames, cpi, start, end),
        *fomc_events(frames, start, end),
    ]
    events.sort(key=lambda e: (e.when, KINDS.index(e.kind), e.what))
    return CalendarView(tuple(events))
