"""MoF JGB auction results: history workbook + per-auction result pages + monthly calendars.

Routes (``shared/docs/data-sources.md`` §2):

* ``past_auction_results/Auction_Results_for_JGBs.xls`` — the history, updated about monthly;
* ``calendar/YYMMe.htm`` — the English monthly calendar, for the previous, current and next
  two months. Future months are published about three months ahead and 404 until then,
  which is normal and not an error;
* ``calendar/eresul/eresulYYYYMMDD.htm`` — one page per auction day, linked from the
  calendar once the result is out (about 12:35 JST). Fetched only for auctions the workbook
  does not carry yet; they never change, so they are cached for good.

The frames are ``results`` (schema :data:`~jgbtui.sources.mof_auction_frames.RESULT_COLUMNS`)
and ``calendar`` (:data:`~jgbtui.sources.mof_auction_frames.CALENDAR_COLUMNS`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date, datetime, time, timedelta
from functools import partial
from importlib.resources import files
from typing import ClassVar, Final, TypeVar

import pandas as pd

from jgbtui.sources.base import TOKYO, Collected, Fetched, NoDataError, SourceError
from jgbtui.sources.catalog import MOF_AUCTIONS_SPEC
from jgbtui.sources.fetcher import Fetcher
from jgbtui.sources.lane import in_lane
from jgbtui.sources.mof_auction_frames import (
    CALENDAR_COLUMNS,
    COUPON_TENORS,
    RESULT_COLUMNS,
    calendar_frame,
    results_frame,
    sort_results,
)
from jgbtui.sources.mof_auction_pages import CALENDAR_DIR, parse_calendar, parse_result_page
from jgbtui.sources.mof_auction_workbook import WORKBOOK_URL, parse_workbook
from jgbtui.sources.schedule import AuctionDays
from jgbtui.sources.source import Source

__all__ = [
    "CALENDAR_COLUMNS",
    "RESULT_COLUMNS",
    "WORKBOOK_URL",
    "MofAuctions",
    "calendar_url",
    "merge_results",
    "parse_calendar",
    "parse_result_page",
    "parse_workbook",
]

T = TypeVar("T")

#: Results are released about 12:35 JST; a result still missing this long after is late.
LATE_AFTER: Final = timedelta(minutes=30)
WORKBOOK_MAX_AGE: Final = timedelta(days=1)
#: Result pages are never revised once published.
RESULT_PAGE_MAX_AGE: Final = timedelta(days=3650)
#: Future months' calendars change rarely (alterations); past and current ones gain result
#: links during the day, so those are revalidated on every refresh (conditional GET).
FUTURE_CALENDAR_MAX_AGE: Final = timedelta(hours=6)

DEMO_WORKBOOK: Final = "DEMO_SYNTHETIC_Auction_Results_for_JGBs.xls"
DEMO_CALENDARS: Final = (
    ("DEMO_SYNTHETIC_mof_auction_calendar_2611e.htm", 2026, 11),
    ("DEMO_SYNTHETIC_mof_auction_calendar_2612e.htm", 2026, 12),
)

_KEY: Final = ["auction_date", "tenor"]


def calendar_url(year: int, month: int) -> str:
    """The English calendar page of a month, e.g. ``.../calendar/2610e.htm``."""
    return f"{CALENDAR_DIR}{year % 100:02d}{month:02d}e.htm"


def _add_months(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def merge_results(pages: pd.DataFrame, workbook: pd.DataFrame) -> pd.DataFrame:
    """Combine page rows and workbook rows; on the same auction date and tenor the page wins.

    Pages are the publisher's first release and the workbook a later transcription, and
    the pages carry the unit the schema uses, so the page row is kept.
    """
    parts = [f for f in (pages, workbook) if not f.empty]
    if not parts:
        return results_frame([])
    combined = pd.concat(parts, ignore_index=True)
    return sort_results(combined.drop_duplicates(subset=_KEY, keep="first"))


def _tracked(calendar: pd.DataFrame) -> pd.DataFrame:
    """Calendar rows for coupon JGBs, the auctions this source reports results for."""
    if calendar.empty:
        return calendar
    return calendar[calendar["tenor"].isin(COUPON_TENORS)]


def _release(day: date) -> datetime:
    return datetime.combine(day, time(12, 35), tzinfo=TOKYO)


def _days(frame: pd.DataFrame) -> list[date]:
    """The ``auction_date`` column as calendar dates (Tokyo)."""
    return [stamp.date() for stamp in pd.DatetimeIndex(frame["auction_date"])]


def _keys(frame: pd.DataFrame) -> set[tuple[date, str]]:
    """The (auction date, tenor) pairs present in a result frame."""
    return set(zip(_days(frame), frame["tenor"].astype(str), strict=True))


async def _attempt(job: Awaitable[T]) -> T | SourceError:
    """Await ``job``; a :class:`SourceError` is returned instead of raised."""
    try:
        return await job
    except SourceError as exc:
        return exc


class MofAuctions(Source):
    """JGB auction results (2Y-40Y, JGBi, GX...) and the auction calendar from the MoF."""

    spec = MOF_AUCTIONS_SPEC
    #: Requests in flight at once; the MoF is one host and pages are small.
    concurrency: ClassVar[int] = 3

    async def collect(self, fetcher: Fetcher) -> Collected:
        """Fetch the workbook, four calendar months and the result pages the workbook lacks.

        Raises:
            NoDataError: neither the workbook nor any result page gave a result row.
        """
        today = fetcher.clock().astimezone(TOKYO).date()
        gate = asyncio.Semaphore(self.concurrency)

        def get(
            url: str, parse: Callable[[bytes], pd.DataFrame], max_age: timedelta | None
        ) -> Awaitable[tuple[pd.DataFrame, Fetched] | SourceError]:
            async def run() -> tuple[pd.DataFrame, Fetched]:
                async with gate:
                    return await fetcher.fetch(self.name, url, parse, max_age=max_age)

            return _attempt(run())

        months = [(*_add_months(today, k), k > 0) for k in (-1, 0, 1, 2)]
        calendar_urls = [calendar_url(year, month) for year, month, _ in months]
        workbook_outcome, *calendar_outcomes = await asyncio.gather(
            get(WORKBOOK_URL, parse_workbook, WORKBOOK_MAX_AGE),
            *(
                get(
                    url,
                    partial(parse_calendar, url=url),
                    FUTURE_CALENDAR_MAX_AGE if future else None,
                )
                for url, (_, _, future) in zip(calendar_urls, months, strict=True)
            ),
        )

        fetches: list[Fetched] = []
        problems: list[str] = []
        if isinstance(workbook_outcome, SourceError):
            problems.append(f"workbook unavailable ({workbook_outcome.message})")
            # Even an empty frame costs pandas tens of ms: off the event loop.
            workbook = await in_lane(results_frame, [])
        else:
            workbook, fetched = workbook_outcome
            fetches.append(fetched)

        calendars: list[pd.DataFrame] = []
        for url, (_, _, future), outcome in zip(
            calendar_urls, months, calendar_outcomes, strict=True
        ):
            if isinstance(outcome, NoDataError) and future:
                continue  # not announced yet: MoF publishes about three months ahead
            if isinstance(outcome, SourceError):
                problems.append(
                    f"calendar {url.rsplit('/', 1)[-1]} unavailable ({outcome.message})"
                )
                continue
            calendars.append(outcome[0])
            fetches.append(outcome[1])
        # Concatenating, sorting and matching frames is pandas work: off the event loop.
        calendar, page_urls = await in_lane(self._calendar_and_pages, calendars, workbook, today)
        page_outcomes = await asyncio.gather(
            *(
                get(url, partial(parse_result_page, url=url), RESULT_PAGE_MAX_AGE)
                for url in page_urls
            )
        )
        pages: list[pd.DataFrame] = []
        for url, page_outcome in zip(page_urls, page_outcomes, strict=True):
            if isinstance(page_outcome, SourceError):
                problems.append(f"result page {url.rsplit('/', 1)[-1]} unavailable")
                continue
            pages.append(page_outcome[0])
            fetches.append(page_outcome[1])

        results, as_of = await in_lane(_results, pages, workbook)
        if results.empty:
            raise NoDataError(self.name, "no auction results: " + ("; ".join(problems) or "empty"))
        used = [f"{len(pages)} result page{'s' if len(pages) != 1 else ''}"] if pages else []
        used += ["workbook"] if not workbook.empty else []
        detail = " + ".join(used) + (f"; {'; '.join(problems)}" if problems else "")
        return Collected(
            frames={"results": results, "calendar": calendar},
            as_of=as_of,
            fetches=tuple(fetches),
            detail=detail,
        )

    @classmethod
    def _calendar_and_pages(
        cls, calendars: list[pd.DataFrame], workbook: pd.DataFrame, today: date
    ) -> tuple[pd.DataFrame, list[str]]:
        """The calendar months joined, and the result pages to fetch (runs in a thread)."""
        calendar = _concat_calendars(calendars)
        return calendar, cls._pages_to_fetch(calendar, workbook, today)

    @staticmethod
    def _pages_to_fetch(calendar: pd.DataFrame, workbook: pd.DataFrame, today: date) -> list[str]:
        """Result links of coupon auctions up to ``today`` that the workbook does not carry."""
        known = _keys(workbook) if not workbook.empty else set()
        tracked = _tracked(calendar)
        urls: list[str] = []
        for day, tenor, url in zip(
            _days(tracked), tracked["tenor"], tracked["result_url"], strict=True
        ):
            if day > today or not isinstance(url, str) or (day, tenor) in known:
                continue
            if url not in urls:  # two auctions on one day can share a page
                urls.append(url)
        return urls

    def collect_demo(self) -> Collected:
        """Parse the packaged synthetic workbook and calendars (November-December 2026)."""
        package = files("jgbtui.sources.demo_data")
        results = parse_workbook(package.joinpath(DEMO_WORKBOOK).read_bytes())
        calendar = _concat_calendars(
            [
                parse_calendar(package.joinpath(name).read_bytes(), url=calendar_url(year, month))
                for name, year, month in DEMO_CALENDARS
            ]
        )
        return Collected(
            frames={"results": results, "calendar": calendar},
            as_of=_newest(results),
            detail="workbook + calendar",
        )

    def next_release(self, now: datetime, collected: Collected | None) -> datetime | None:
        """12:35 JST on the next coupon auction day listed in the collected calendar."""
        days = _tracked_days(collected)
        return AuctionDays(days).next_release(now) if days else self.schedule.next_release(now)

    def is_late(self, now: datetime, collected: Collected | None) -> bool:
        """True when a calendar auction's result is over 30 minutes overdue and missing."""
        if collected is None:
            return False
        calendar = _tracked(
            collected.frames.get("calendar", pd.DataFrame(columns=CALENDAR_COLUMNS))
        )
        results = collected.frames.get("results")
        have = _keys(results) if results is not None and not results.empty else set()
        return any(
            now - _release(day) > LATE_AFTER and (day, tenor) not in have
            for day, tenor in zip(_days(calendar), calendar["tenor"], strict=True)
        )


def _results(pages: list[pd.DataFrame], workbook: pd.DataFrame) -> tuple[pd.DataFrame, date | None]:
    """Result pages and workbook merged, and the newest auction date (runs in a thread)."""
    page_frame = sort_results(pd.concat(pages, ignore_index=True)) if pages else results_frame([])
    results = merge_results(page_frame, workbook)
    return results, _newest(results)


def _concat_calendars(calendars: list[pd.DataFrame]) -> pd.DataFrame:
    if not calendars:
        return calendar_frame([])
    combined = pd.concat(calendars, ignore_index=True)
    combined = combined.drop_duplicates(subset=["auction_date", "security", "result_url"])
    return combined.sort_values("auction_date", kind="stable").reset_index(drop=True)


def _tracked_days(collected: Collected | None) -> tuple[date, ...]:
    if collected is None or "calendar" not in collected.frames:
        return ()
    calendar = _tracked(collected.frames["calendar"])
    return tuple(sorted(set(_days(calendar))))


def _newest(results: pd.DataFrame) -> date | None:
    return max(_days(results)) if not results.empty else None
