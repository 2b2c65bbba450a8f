"""The FOMC meeting calendar (``federalreserve.gov/monetarypolicy/fomccalendars.htm``).

``shared/docs/data-sources-more.md`` §6. One panel per year (``<h4>2026 FOMC Meetings</h4>``),
one ``div.fomc-meeting`` row per meeting with a month cell and a date cell::

    <div class="fomc-meeting__month ..."><strong>January</strong></div>
    <div class="fomc-meeting__date ...">27-28</div>
    ... <strong>Apr/May</strong> ... 30-1            (a month-crossing meeting)
    ... 17-18*                                       (* with a Summary of Economic Projections)

Rows whose date reads "(notation vote)" or otherwise not as a day range are not meetings.
The decision is announced at 14:00 ET on the last day (04:00 JST the next day in winter,
03:00 JST in summer).

Frame ``meetings``: ``start_date``, ``decision_date`` (New York midnight), ``sep`` (bool).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Final

import pandas as pd

from jgbtui.sources.base import NEW_YORK, Collected, Fetched, PayloadError
from jgbtui.sources.catalog import FED_FOMC_SPEC
from jgbtui.sources.html_pages import document, month_number, text_of
from jgbtui.sources.parsing import tz_index
from jgbtui.sources.source import SingleFileSource

NAME = FED_FOMC_SPEC.name
URL: Final = "https://www.federalreserve.gov/monetarypolicy/fomccalendars.htm"
DEMO_FILE: Final = "DEMO_SYNTHETIC_fomccalendars.htm"
#: The statement's release time on the meeting's last day, New York time.
DECISION_TIME: Final = time(14, 0)

_YEAR_HEADING = re.compile(r"(\d{4})\s+FOMC\s+Meetings", re.IGNORECASE)
_DAYS = re.compile(r"^(\d{1,2})\s*-\s*(\d{1,2})(\*?)$")


def _meeting(month_cell: str, date_cell: str, year: int) -> tuple[date, date, bool] | None:
    match = _DAYS.match(date_cell.replace(" ", ""))
    months = [month_number(part) for part in month_cell.split("/")]
    if match is None or not months or any(m is None for m in months):
        return None
    first_month, last_month = months[0], months[-1]
    assert first_month is not None and last_month is not None
    return (
        date(year, first_month, int(match[1])),
        date(year, last_month, int(match[2])),
        match[3] == "*",
    )


def parse_calendar(raw: bytes, source: str = NAME) -> pd.DataFrame:
    """Parse the FOMC calendars page into the ``meetings`` frame.

    Raises:
        PayloadError: not HTML, or no year panel with a meeting.
    """
    doc = document(raw, source, "the FOMC calendar")
    records: list[tuple[date, date, bool]] = []
    for heading in doc.xpath("//h4"):
        found = _YEAR_HEADING.search(text_of(heading))
        panel = heading.xpath(
            "ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' panel ')][1]"
        )
        if found is None or not panel:
            continue
        year = int(found[1])
        for row in panel[0].xpath(".//div[contains(@class, 'fomc-meeting__month')]/.."):
            months = row.xpath("./div[contains(@class, 'fomc-meeting__month')]")
            days = row.xpath("./div[contains(@class, 'fomc-meeting__date')]")
            if not months or not days:
                continue
            meeting = _meeting(text_of(months[0]), text_of(days[0]), year)
            if meeting is not None:
                records.append(meeting)
    if not records:
        raise PayloadError(
            source, "an HTML page without FOMC meetings (error page or changed layout?)"
        )
    records = sorted(set(records))
    return pd.DataFrame(
        {
            "start_date": tz_index([r[0] for r in records], "America/New_York"),
            "decision_date": tz_index([r[1] for r in records], "America/New_York"),
            "sep": [r[2] for r in records],
        }
    )


def decision_times(meetings: pd.DataFrame) -> list[datetime]:
    """14:00 New York time on every decision day of a ``meetings`` frame."""
    return [
        datetime.combine(stamp.date(), DECISION_TIME, tzinfo=NEW_YORK)
        for stamp in pd.DatetimeIndex(meetings["decision_date"])
    ]


class FomcMeetings(SingleFileSource):
    """FOMC meeting dates from the Federal Reserve's calendar page."""

    spec = FED_FOMC_SPEC
    url = URL
    frame_key = "meetings"
    demo_file = DEMO_FILE
    detail = "decision 14:00 ET on the meeting's last day"

    def parse(self, raw: bytes) -> pd.DataFrame:
        """Parse the calendar page; see :func:`parse_calendar`."""
        return parse_calendar(raw, self.name)

    def _collected(self, frame: pd.DataFrame, fetches: tuple[Fetched, ...]) -> Collected:
        """As of the page's first meeting year: the calendar is a schedule, not data."""
        return Collected(
            frames={"meetings": frame}, as_of=None, fetches=fetches, detail=self.detail
        )

    def next_release(self, now: datetime, collected: Collected | None) -> datetime | None:
        """The next decision (14:00 ET) the calendar lists."""
        if collected is None or "meetings" not in collected.frames:
            return None
        return next((t for t in decision_times(collected.frames["meetings"]) if t > now), None)
