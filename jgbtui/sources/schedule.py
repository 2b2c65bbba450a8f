"""Publication schedules: freshness is judged against when a publisher releases, not wall-clock age.

Each schedule answers two questions for a moment ``now`` (tz-aware):

* :meth:`ReleaseSchedule.expected_latest` — the newest observation date that should already
  be published. Data older than that is *late*. Friday's JGB yields are current all weekend;
  a missing Tuesday release is late on Wednesday after 09:30 JST.
* :meth:`ReleaseSchedule.next_release` — when the next release is due.

Business calendars come from the ``holidays`` package (JPX for Japan, including the
31 Dec - 3 Jan market closure; the Federal Reserve for the US; TARGET for the ECB).
"""

from __future__ import annotations

import abc
import contextlib
import json
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jgbtui.sources.base import FRANKFURT, NEW_YORK, TOKYO

#: How far back or forward a schedule searches before giving up (covers Golden Week etc.).
_SEARCH_DAYS = 40


_store_path: Path | None = None
_store_lock = threading.Lock()
_loaded: dict[str, Any] | None = None


def use_holiday_store(path: Path | None) -> None:
    """Remember computed holiday sets in ``path`` (JSON), so later starts skip ``holidays``.

    The ``holidays`` package stays the source of truth: the store is keyed by its version and
    rebuilt from it when the version changes or a year is missing.
    """
    global _store_path, _loaded
    with _store_lock:
        _store_path, _loaded = path, None
    _holiday_set.cache_clear()


def warm(years: Iterable[int]) -> None:
    """Compute every market's holidays for ``years`` now (call it off the event loop)."""
    for market in (JAPAN.market, UNITED_STATES.market, TARGET.market):
        for year in years:
            _holiday_set(market, year)


@lru_cache(maxsize=1)
def _holidays_version() -> str:
    from importlib.metadata import version

    return version("holidays")


def _read_store() -> dict[str, Any]:
    """The store's contents if it was written by the installed ``holidays``, else empty."""
    if _store_path is None:
        return {}
    try:
        data = json.loads(_store_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("holidays_version") != _holidays_version():
        return {}
    return data


def _stored(market: str, year: int) -> frozenset[date] | None:
    global _loaded
    with _store_lock:
        if _loaded is None:
            _loaded = _read_store()
        days = _loaded.get("markets", {}).get(market, {}).get(str(year))
    if not isinstance(days, list):
        return None
    try:
        return frozenset(date.fromisoformat(d) for d in days)
    except (TypeError, ValueError):
        return None


def _store(market: str, year: int, days: frozenset[date]) -> None:
    global _loaded
    if _store_path is None:
        return
    with _store_lock, contextlib.suppress(OSError, ValueError):
        data = _read_store() or {"holidays_version": _holidays_version(), "markets": {}}
        data["markets"].setdefault(market, {})[str(year)] = sorted(d.isoformat() for d in days)
        _store_path.parent.mkdir(parents=True, exist_ok=True)
        temporary = _store_path.with_name(f".{_store_path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data), encoding="utf-8")
        os.replace(temporary, _store_path)
        _loaded = data


@lru_cache(maxsize=64)
def _holiday_set(market: str, year: int) -> frozenset[date]:
    stored = _stored(market, year)
    if stored is not None:
        return stored
    # Imported only when a year is not stored yet: ``holidays`` is large (hundreds of
    # modules, ~20 MiB) and only a few years are ever asked for.
    import holidays

    days = frozenset(holidays.financial_holidays(market, years=year).keys())
    _store(market, year, days)
    return days


@dataclass(frozen=True)
class BusinessCalendar:
    """Weekdays that are not holidays of ``market`` (a ``holidays`` financial market code)."""

    market: str

    def is_business_day(self, day: date) -> bool:
        """True on a weekday that is not a market holiday."""
        return day.weekday() < 5 and day not in _holiday_set(self.market, day.year)

    def next_business_day(self, day: date, *, inclusive: bool = True) -> date:
        """The first business day on or after (``inclusive``) or strictly after ``day``."""
        current = day if inclusive else day + timedelta(days=1)
        while not self.is_business_day(current):
            current += timedelta(days=1)
        return current

    def previous_business_day(self, day: date, *, inclusive: bool = True) -> date:
        """The last business day on or before (``inclusive``) or strictly before ``day``."""
        current = day if inclusive else day - timedelta(days=1)
        while not self.is_business_day(current):
            current -= timedelta(days=1)
        return current

    def add_business_days(self, day: date, count: int) -> date:
        """``day`` moved forward by ``count`` business days (``count`` >= 0)."""
        current = day
        for _ in range(count):
            current = self.next_business_day(current, inclusive=False)
        return current

    def nth_business_day(self, year: int, month: int, n: int) -> date:
        """The ``n``-th (1-based) business day of a month."""
        current = self.next_business_day(date(year, month, 1))
        return self.add_business_days(current, n - 1)


JAPAN = BusinessCalendar("XJPX")
UNITED_STATES = BusinessCalendar("XFED")
TARGET = BusinessCalendar("XECB")


class ReleaseSchedule(abc.ABC):
    """When a publisher releases data, and which observation each release carries."""

    description: str

    @abc.abstractmethod
    def release_of(self, observation: date) -> datetime:
        """When the data for ``observation`` is (or was) published."""

    @abc.abstractmethod
    def observations_before(self, day: date) -> list[date]:
        """Candidate observation dates on or before ``day``, newest first (a short window)."""

    def expected_latest(self, now: datetime) -> date | None:
        """The newest observation that should be public at ``now``."""
        for observation in self.observations_before(now.date()):
            if self.release_of(observation) <= now:
                return observation
        return None

    #: How far ahead of ``now`` to look for the next observation (days).
    horizon_days = 21

    def next_release(self, now: datetime) -> datetime | None:
        """The first release strictly after ``now``."""
        horizon = now.date() + timedelta(days=self.horizon_days)
        releases = sorted(self.release_of(o) for o in self.observations_before(horizon))
        return next((r for r in releases if r > now), None)


@dataclass(frozen=True)
class DailyRelease(ReleaseSchedule):
    """Business-daily data for day T, published ``lag`` business days later at ``at``."""

    calendar: BusinessCalendar
    tz: ZoneInfo
    at: time
    lag: int
    description: str

    def release_of(self, observation: date) -> datetime:
        """``lag`` business days after ``observation``, at ``at`` local time."""
        day = self.calendar.add_business_days(observation, self.lag)
        return datetime.combine(day, self.at, tzinfo=self.tz)

    def observations_before(self, day: date) -> list[date]:
        """Business days on or before ``day``, newest first."""
        out = []
        current = day
        for _ in range(2 * _SEARCH_DAYS):
            if self.calendar.is_business_day(current):
                out.append(current)
            current -= timedelta(days=1)
        return out


@dataclass(frozen=True)
class WeeklyRelease(ReleaseSchedule):
    """Weekly data: observation = the week's end day; published on ``weekday`` after it.

    If the publication day is a holiday it moves to the next business day.
    """

    calendar: BusinessCalendar
    tz: ZoneInfo
    at: time
    period_end_weekday: int
    """Weekday of the observation date (0=Mon .. 6=Sun), e.g. 5 for "week ended Saturday"."""
    release_weekday: int
    description: str

    def release_of(self, observation: date) -> datetime:
        """The first ``release_weekday`` after ``observation``, holiday-adjusted."""
        days = (self.release_weekday - observation.weekday()) % 7 or 7
        day = self.calendar.next_business_day(observation + timedelta(days=days))
        return datetime.combine(day, self.at, tzinfo=self.tz)

    def observations_before(self, day: date) -> list[date]:
        """Week-end dates on or before ``day``, newest first."""
        last = day - timedelta(days=(day.weekday() - self.period_end_weekday) % 7)
        return [last - timedelta(weeks=k) for k in range(8)]


@dataclass(frozen=True)
class MonthlyRelease(ReleaseSchedule):
    """Monthly data: observation = month end; published on the n-th business day after."""

    calendar: BusinessCalendar
    tz: ZoneInfo
    at: time
    business_day: int
    months_after: int
    description: str
    horizon_days = 95

    def release_of(self, observation: date) -> datetime:
        """The ``business_day``-th business day, ``months_after`` months after the month."""
        month_index = observation.year * 12 + observation.month - 1 + self.months_after
        year, month = divmod(month_index, 12)
        day = self.calendar.nth_business_day(year, month + 1, self.business_day)
        return datetime.combine(day, self.at, tzinfo=self.tz)

    def observations_before(self, day: date) -> list[date]:
        """Month ends on or before ``day``, newest first."""
        out = []
        first = date(day.year, day.month, 1)
        for _ in range(max(6, self.months_after * 3 + 3)):
            month_end = first - timedelta(days=1)
            out.append(month_end)
            first = date(month_end.year, month_end.month, 1)
        return out


def month_end(day: date) -> date:
    """The last calendar day of ``day``'s month."""
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - timedelta(days=1)


# Schedules named after the publications they describe, shared by the source modules.
MOF_JGB_YIELDS = DailyRelease(
    JAPAN, TOKYO, time(9, 30), 1, "business days; day T about 09:30 JST on the next business day"
)
MOF_ITS_WEEKLY = WeeklyRelease(
    JAPAN, TOKYO, time(8, 50), 5, 3, "weekly, Thursday 08:50 JST, for the week ended Saturday"
)
#: The 6th business day: the files' own "Final Update" stamps (July 2026 data on Monday
#: 2026-08-10, August on Tuesday 2026-09-08; September on Thursday 2026-10-08) all fall on it.
MOF_ITS_MONTHLY = MonthlyRelease(
    JAPAN, TOKYO, time(8, 50), 6, 1, "monthly, the 6th business day 08:50 JST"
)
FRED_H10_WEEKLY = WeeklyRelease(
    UNITED_STATES,
    NEW_YORK,
    time(16, 15),
    4,
    0,
    "Fed H.10, weekly on Monday (about 16:15 ET) through the previous Friday",
)
ECB_DAILY = DailyRelease(TARGET, FRANKFURT, time(16, 0), 0, "TARGET business days about 16:00 CET")
BOJ_FM08_DAILY = DailyRelease(
    JAPAN, TOKYO, time(8, 50), 2, "about two business days later, 08:50 JST"
)
UST_DAILY = DailyRelease(
    UNITED_STATES, NEW_YORK, time(18, 0), 0, "US business days, late afternoon ET"
)
MOF_INTERVENTION_QUARTERLY = MonthlyRelease(
    JAPAN,
    TOKYO,
    time(17, 0),
    5,
    # Observation = quarter end; releases ~ early in the 2nd month after it. Non-quarter month
    # ends are filtered out by QuarterlyRelease below.
    2,
    "daily detail published quarterly, early in the second month after the quarter",
)


@dataclass(frozen=True)
class QuarterlyRelease(ReleaseSchedule):
    """Quarter-end observations released like ``monthly`` but only for quarter ends."""

    monthly: MonthlyRelease
    description: str
    horizon_days = 200

    def release_of(self, observation: date) -> datetime:
        """Delegates to the monthly rule."""
        return self.monthly.release_of(observation)

    def observations_before(self, day: date) -> list[date]:
        """Quarter ends on or before ``day``, newest first."""
        ends = []
        year, month = day.year, day.month
        for _ in range(24):
            if month in (3, 6, 9, 12):
                end = month_end(date(year, month, 1))
                if end <= day:
                    ends.append(end)
            month -= 1
            if month == 0:
                year, month = year - 1, 12
        return ends


MOF_INTERVENTION = QuarterlyRelease(
    MOF_INTERVENTION_QUARTERLY, MOF_INTERVENTION_QUARTERLY.description
)


@dataclass(frozen=True)
class AuctionDays(ReleaseSchedule):
    """Auction results, 12:35 JST on each auction day in a known calendar."""

    days: tuple[date, ...]
    description: str = "auction results about 12:35 JST on auction days"

    def release_of(self, observation: date) -> datetime:
        """12:35 JST on the auction day."""
        return datetime.combine(observation, time(12, 35), tzinfo=TOKYO)

    def observations_before(self, day: date) -> list[date]:
        """Known auction days on or before ``day``, newest first."""
        return sorted((d for d in self.days if d <= day), reverse=True)

    def next_release(self, now: datetime) -> datetime | None:
        """The next auction day's result time after ``now``, if the calendar knows one."""
        releases = sorted(self.release_of(d) for d in self.days)
        return next((r for r in releases if r > now), None)


@dataclass(frozen=True)
class MonthlyWeekRelease(ReleaseSchedule):
    """Monthly data released on a weekday of the week that contains a given day of a month.

    The observation is the first day of the month the data describes (the Tokyo CPI of a
    month is out before that month ends, so a month-end date would lie in the future). The
    release is ``weekday`` of the Monday-to-Sunday week containing day ``anchor`` of the
    month ``months_after`` later, moved back to the previous business day on a holiday.
    National CPI: the Friday of the week containing the 19th of the next month; Tokyo:
    the Friday of the week containing the 26th of the same month. The publisher's own
    schedule table wins where a source reads it (holiday weeks shift releases).
    """

    calendar: BusinessCalendar
    tz: ZoneInfo
    at: time
    anchor: int
    weekday: int
    months_after: int
    description: str
    horizon_days = 70

    def release_of(self, observation: date) -> datetime:
        """The rule's day for the month of ``observation``, at ``at`` local time."""
        index = observation.year * 12 + observation.month - 1 + self.months_after
        year, month0 = divmod(index, 12)
        anchor = date(year, month0 + 1, self.anchor)
        day = anchor - timedelta(days=anchor.weekday()) + timedelta(days=self.weekday)
        day = self.calendar.previous_business_day(day)
        return datetime.combine(day, self.at, tzinfo=self.tz)

    def observations_before(self, day: date) -> list[date]:
        """First days of the months up to ``day``'s month, newest first."""
        out = []
        year, month = day.year, day.month
        for _ in range(6):
            out.append(date(year, month, 1))
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        return out


@dataclass(frozen=True)
class Irregular(ReleaseSchedule):
    """A publication with no release rule (meeting schedules, a policy-rate history).

    Nothing is ever *expected* from the clock alone, so such a source is never late by
    schedule; a source that knows more (the next meeting from its own data) says so itself.
    """

    description: str

    def release_of(self, observation: date) -> datetime:
        """Treated as published on the day itself, at midnight Tokyo time."""
        return datetime.combine(observation, time(0, 0), tzinfo=TOKYO)

    def observations_before(self, day: date) -> list[date]:
        """None: nothing is expected by rule."""
        return []


#: National CPI: 08:30 JST on the Friday of the week containing the 19th of the next month.
STATJP_CPI_NATIONAL = MonthlyWeekRelease(
    JAPAN,
    TOKYO,
    time(8, 30),
    19,
    4,
    1,
    "monthly, 08:30 JST on the Friday of the week containing the 19th of the next month",
)
#: Tokyo ward-area CPI (preliminary): 08:30 JST on the Friday of the week containing the
#: 26th of the same month.
STATJP_CPI_TOKYO = MonthlyWeekRelease(
    JAPAN,
    TOKYO,
    time(8, 30),
    26,
    4,
    0,
    "monthly, 08:30 JST on the Friday of the week containing the 26th of the same month",
)
#: The BOJ's time-series data are updated about 08:50 JST; the call rate of day T the next
#: business day.
BOJ_FM01_DAILY = DailyRelease(
    JAPAN, TOKYO, time(8, 50), 1, "the next business day, about 08:50 JST"
)
BIS_POLICY_RATES = Irregular(
    "BIS central bank policy rates (daily), updated after each change with an unpublished lag"
)
BOJ_MPM_SCHEDULE = Irregular(
    "the BOJ's Monetary Policy Meeting schedule: eight two-day meetings a year, the next "
    "year's dates announced around July"
)
FED_FOMC_SCHEDULE = Irregular(
    "the Federal Reserve's FOMC meeting calendar: eight meetings a year, decisions 14:00 ET"
)
