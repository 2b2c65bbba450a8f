"""The BOJ's Monetary Policy Meeting schedule (``mopo/mpmsche_minu/index.htm``).

``shared/docs/data-sources-more.md`` §1. The page (UTF-8) has one table per year under
``<h2 id="pYYYY">``; the first column lists each meeting's two days::

    <td><a href="/en/mopo/mpmdeci/mpr_2026/k260123a.pdf">Jan. 22 (Thurs.), 23 (Fri.) [PDF 171KB]</a>
    <td>Apr. 27 (Mon.), 28 (Tues.)</td>
    <td>Apr. 30 (Wed.), May 1 (Thurs.) [PDF 352KB]</td>          (a month-crossing meeting)

A held meeting links its statement. The last day is the **decision day** (the statement has
no fixed time; it came out between 11:25 and 12:56 JST in 2024-2026). The second column is
filled (not ``-``) for meetings with an Outlook Report. The page shows the current and the
next year (the next year's table appears around July); history is elsewhere.

Frame ``meetings``: ``start_date``, ``decision_date`` (Tokyo midnight), ``statement_url``
(absolute, empty before the meeting), ``outlook`` (bool), in date order.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Final

import pandas as pd

from jgbtui.sources.base import TOKYO, Collected, Fetched, PayloadError
from jgbtui.sources.catalog import BOJ_MPM_SPEC
from jgbtui.sources.html_pages import cells, document, month_number, text_of
from jgbtui.sources.parsing import last_date, tz_index
from jgbtui.sources.source import SingleFileSource

NAME = BOJ_MPM_SPEC.name
URL: Final = "https://www.boj.or.jp/en/mopo/mpmsche_minu/index.htm"
BOJ_SITE: Final = "https://www.boj.or.jp"
DEMO_FILE: Final = "DEMO_SYNTHETIC_boj_mpm_schedule.htm"
#: When the app expects a decision: statements came out between 11:25 and 12:56 JST.
DECISION_TIME: Final = time(12, 0)

_YEAR_ID = re.compile(r"^p(\d{4})$")
# "Jan. 22 (Thurs.)", "23 (Fri.)", "May 1 (Thurs.)": an optional month, a day, a weekday.
_DAY_TOKEN = re.compile(r"(?:([A-Z][a-z]+)\.?\s+)?(\d{1,2})\s*\(")


def meeting_days(cell: str, year: int) -> tuple[date, date] | None:
    """First and last day of a meeting cell, the month carried forward (``None`` if none)."""
    found: list[date] = []
    month: int | None = None
    for name, day in _DAY_TOKEN.findall(cell):
        if name:
            month = month_number(name)
        if month is None:
            return None
        found.append(date(year, month, int(day)))
    if not found:
        return None
    return found[0], found[-1]


def parse_schedule(raw: bytes, source: str = NAME) -> pd.DataFrame:
    """Parse the Monetary Policy Meetings page into the ``meetings`` frame.

    Raises:
        PayloadError: not HTML, or no year's table with a meeting.
    """
    doc = document(raw, source, "the BOJ meeting schedule")
    records: list[tuple[date, date, str, bool]] = []
    for heading in doc.xpath("//h2[@id]"):
        match = _YEAR_ID.match(str(heading.get("id")))
        if match is None:
            continue
        year = int(match[1])
        tables = heading.xpath("following::table[1]")
        if not tables:
            continue
        if "date of mpm" not in text_of(tables[0]).lower():
            raise PayloadError(
                source, f"the {year} table has no 'Date of MPM' column (changed layout)"
            )
        for row in cells(tables[0]):
            if len(row) < 2 or row[0].tag != "td":
                continue
            days = meeting_days(text_of(row[0]), year)
            if days is None:
                continue
            links = row[0].xpath(".//a[@href]")
            href = str(links[0].get("href")) if links else ""
            url = href if not href or href.startswith("http") else BOJ_SITE + href
            outlook = text_of(row[1]) not in ("", "-", "—", "–")
            records.append((days[0], days[1], url, outlook))
    if not records:
        raise PayloadError(
            source, "an HTML page without the meeting schedule (error page or changed layout?)"
        )
    records.sort()
    return pd.DataFrame(
        {
            "start_date": tz_index([r[0] for r in records], "Asia/Tokyo"),
            "decision_date": tz_index([r[1] for r in records], "Asia/Tokyo"),
            "statement_url": [r[2] for r in records],
            "outlook": [r[3] for r in records],
        }
    )


def decision_times(meetings: pd.DataFrame) -> list[datetime]:
    """Noon (JST) of every decision day in a ``meetings`` frame."""
    return [
        datetime.combine(stamp.date(), DECISION_TIME, tzinfo=TOKYO)
        for stamp in pd.DatetimeIndex(meetings["decision_date"])
    ]


class BojMeetings(SingleFileSource):
    """The BOJ's Monetary Policy Meeting dates (current and next year)."""

    spec = BOJ_MPM_SPEC
    url = URL
    frame_key = "meetings"
    demo_file = DEMO_FILE
    detail = "decision day = the meeting's last day; no fixed time (about noon JST)"

    def parse(self, raw: bytes) -> pd.DataFrame:
        """Parse the schedule page; see :func:`parse_schedule`."""
        return parse_schedule(raw, self.name)

    def _collected(self, frame: pd.DataFrame, fetches: tuple[Fetched, ...]) -> Collected:
        """As of the last meeting held (its statement linked), not the last one listed."""
        held = frame[frame["statement_url"] != ""]
        as_of = last_date(pd.DatetimeIndex(held["decision_date"])) if not held.empty else None
        return Collected(
            frames={"meetings": frame}, as_of=as_of, fetches=fetches, detail=self.detail
        )

    def next_release(self, now: datetime, collected: Collected | None) -> datetime | None:
        """The next decision day (noon JST) the schedule lists."""
        if collected is None or "meetings" not in collected.frames:
            return None
        return next((t for t in decision_times(collected.frames["meetings"]) if t > now), None)
