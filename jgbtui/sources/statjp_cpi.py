"""Japan's consumer price index from the Statistics Bureau's keyless CSV files.

``shared/docs/data-sources-more.md`` §3. The item-index files (``zmi2025aa.csv`` all Japan,
``tmi2025aa.csv`` Tokyo ward area) are CP932 tables with six header rows, then one row per
month::

    row 0  類・品目,総合,食料,...                          Japanese names
    row 1  Group/Item,All items,Food,...                    English names
    row 2  類・品目符号(Group/Item code),0001,0002,...      item codes
    row 3  含類総連番(Serial number),001,...
    row 4  ウエイト(Weight),...
    row 5  ウエイト１万分比(Weight per 10000),10000,...
    data   202607,102.039,103.122,...                       indices, 3 decimals

The three headline aggregates are ordinary columns, found by their item code (names repeat:
"総合" is also code 0201 in the goods/services block) and checked by their English name:

* ``0001`` All items;
* ``0161`` All items, less fresh food (the BOJ's "core");
* ``0178`` All items, less fresh food and energy ("core-core").

**Bases.** The CPI moved to a 2025 base with the July 2026 national release. Each base is a
frame of its own (columns ``all_items_b2025`` ...), so a year-on-year rate is always computed
within one base (:mod:`jgbtui.analytics.cpi`); the 2020-base file (``zmi2020aa.csv``, frozen
after May 2026) is read only for the history before the 2025 base can give a y/y. A file
whose base-year average is not 100 is not the base its URL names, and is refused.

Frames are indexed by the **first day of the month** (Tokyo midnight): the Tokyo figures of
a month are out before the month ends. Empty cells (no price that month) become NaN.

The release calendar (``english/data/cpi/1582.html``) is a table of reference months and
release dates for Japan and for the Tokyo ward area; frame ``releases``.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from importlib.resources import files
from typing import TypeVar

import pandas as pd

from jgbtui.sources.base import TOKYO, Collected, Fetched, PayloadError, SourceError
from jgbtui.sources.catalog import STATJP_CPI_SPEC, STATJP_CPI_TOKYO_SPEC
from jgbtui.sources.fetcher import Fetcher
from jgbtui.sources.html_pages import document, grid, month_number
from jgbtui.sources.lane import in_lane
from jgbtui.sources.mof_its import decode_its
from jgbtui.sources.parsing import csv_rows, last_date, reject_html, to_float, tz_index
from jgbtui.sources.source import Source

CPI_BASE_URL = "https://www.stat.go.jp/data/cpi"
NATIONAL_URL = f"{CPI_BASE_URL}/2025/csv/zmi2025aa.csv"
NATIONAL_2020_URL = f"{CPI_BASE_URL}/2020/csv/zmi2020aa.csv"
TOKYO_URL = f"{CPI_BASE_URL}/2025/csv/tmi2025aa.csv"
RELEASES_URL = "https://www.stat.go.jp/english/data/cpi/1582.html"

#: Release time of every CPI publication (national and Tokyo).
RELEASE_TIME = time(8, 30)

T = TypeVar("T")


@dataclass(frozen=True)
class Measure:
    """One headline aggregate: its column stem, item code and English name in the file."""

    key: str
    code: str
    english: str


MEASURES: tuple[Measure, ...] = (
    Measure("all_items", "0001", "All items"),
    Measure("core", "0161", "All items, less fresh food"),
    Measure("core_core", "0178", "All items, less fresh food and energy"),
)

#: The frozen 2020-base file is history: asked for again at most once a week.
HISTORY_MAX_AGE = timedelta(days=7)
#: The release calendar changes a few times a year.
RELEASES_MAX_AGE = timedelta(hours=12)
#: A base year's average index is 100 (rounding of the published 3-decimal indices aside).
BASE_TOLERANCE = 0.5

_MONTH_ROW = re.compile(r"^(\d{4})(\d{2})$")
_CODES_LABEL = "類・品目符号"
_DEMO = {
    "national": "DEMO_SYNTHETIC_statjp_zmi2025aa.csv",
    "tokyo": "DEMO_SYNTHETIC_statjp_tmi2025aa.csv",
    "releases": "DEMO_SYNTHETIC_statjp_cpi_1582.html",
}


def column(measure: str, base: int) -> str:
    """Frame column of ``measure`` on ``base``: ``core_b2025``."""
    return f"{measure}_b{base}"


def parse_item_indices(raw: bytes, source: str, base: int) -> pd.DataFrame:
    """Parse a ``?mi{base}aa.csv`` item-index file into the three headline indices.

    Args:
        raw: the file's bytes (CP932).
        source: source name for error messages.
        base: the base year the URL names (2020 or 2025); checked against the data.

    Returns:
        Index ``month`` (first day of the month, Tokyo midnight), float columns
        ``all_items_b{base}``, ``core_b{base}``, ``core_core_b{base}``.

    Raises:
        PayloadError: not CP932, HTML, no code row, a headline code missing or renamed, a
            month repeated or out of order, a non-numeric index, or a base-year average
            that is not 100.
    """
    reject_html(raw, source, "the CPI CSV file")
    rows = [[cell.strip() for cell in row] for row in csv_rows(decode_its(raw, source))]
    codes_at = next(
        (i for i, row in enumerate(rows[:12]) if row and row[0].startswith(_CODES_LABEL)), None
    )
    if codes_at is None or codes_at < 2:
        raise PayloadError(source, "no item-code row (類・品目符号) in the header (changed file?)")
    codes, english = rows[codes_at], rows[codes_at - 1]
    positions: dict[str, int] = {}
    for measure in MEASURES:
        if measure.code not in codes:
            raise PayloadError(source, f"item code {measure.code} ({measure.english}) missing")
        at = codes.index(measure.code)
        name = english[at] if at < len(english) else ""
        if name.lower() != measure.english.lower():
            raise PayloadError(
                source,
                f"item code {measure.code} is named {name[:60]!r}, expected "
                f"{measure.english!r} (changed layout)",
            )
        positions[measure.key] = at
    months: list[date] = []
    values: dict[str, list[float]] = {m.key: [] for m in MEASURES}
    for row in rows[codes_at + 1 :]:
        match = _MONTH_ROW.match(row[0]) if row else None
        if match is None:
            continue
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise PayloadError(source, f"month row {row[0]!r} is not a month")
        if len(row) <= max(positions.values()):
            raise PayloadError(source, f"row {row[0]} has {len(row)} cells (truncated file?)")
        for key, at in positions.items():
            try:
                values[key].append(to_float(row[at]))
            except ValueError:
                raise PayloadError(
                    source, f"row {row[0]}: {key} index {row[at][:20]!r} is not a number"
                ) from None
        months.append(date(year, month, 1))
    if not months:
        raise PayloadError(source, "no monthly rows (changed or truncated file?)")
    if months != sorted(set(months)):
        raise PayloadError(source, "months are repeated or out of order (changed file?)")
    index = tz_index(months, "Asia/Tokyo", name="month")
    frame = pd.DataFrame(
        {column(key, base): values[key] for key in values}, index=index, dtype="float64"
    )
    _check_base(frame, base, source)
    return frame


def parse_national(raw: bytes) -> pd.DataFrame:
    """``zmi2025aa.csv``: all-Japan indices on the 2025 base."""
    return parse_item_indices(raw, STATJP_CPI_SPEC.name, 2025)


def parse_national_2020(raw: bytes) -> pd.DataFrame:
    """``zmi2020aa.csv``: all-Japan indices on the 2020 base (history)."""
    return parse_item_indices(raw, STATJP_CPI_SPEC.name, 2020)


def parse_tokyo(raw: bytes) -> pd.DataFrame:
    """``tmi2025aa.csv``: Tokyo ward-area indices on the 2025 base."""
    return parse_item_indices(raw, STATJP_CPI_TOKYO_SPEC.name, 2025)


def _check_base(frame: pd.DataFrame, base: int, source: str) -> None:
    """The base year's average all-items index is 100, else the file is another base."""
    series = frame[column("all_items", base)]
    year = series[pd.DatetimeIndex(series.index).year == base].dropna()
    if len(year) < 12:
        return  # the base year is not complete in this copy: nothing to check against
    average = float(year.mean())
    if abs(average - 100.0) > BASE_TOLERANCE:
        raise PayloadError(
            source,
            f"the {base} average of all items is {average:.2f}, not 100: this file is not "
            f"on the {base} base",
        )


# --------------------------------------------------------------------------- release dates

_DATE_TEXT = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2})(?:\s*,\s*(\d{4}))?")
_MONTH_TEXT = re.compile(r"^([A-Za-z]+)\.?(?:\s*,?\s*(\d{4}))?")
RELEASE_COLUMNS = ("release_date", "area", "reference_month")


def _release_day(cell: str, year: int | None) -> tuple[date, int] | None:
    """``"January 22, 2027"`` (or ``"February 20"`` with ``year`` carried) -> date, year."""
    match = _DATE_TEXT.match(cell)
    if match is None:
        return None
    month = month_number(match[1])
    found_year = int(match[3]) if match[3] else year
    if month is None or found_year is None:
        return None
    return date(found_year, month, int(match[2])), found_year


def _reference_month(cell: str, released: date) -> date | None:
    """``"December"`` or ``"January, 2027"``: the month a release describes.

    Without a year, the latest such month on or before the release month.
    """
    match = _MONTH_TEXT.match(cell)
    if match is None:
        return None
    month = month_number(match[1])
    if month is None:
        return None
    if match[2]:
        return date(int(match[2]), month, 1)
    year = released.year if month <= released.month else released.year - 1
    return date(year, month, 1)


def parse_release_calendar(raw: bytes, source: str = STATJP_CPI_SPEC.name) -> pd.DataFrame:
    """Parse the "Consumer Price Index — Schedule of Release" page (``1582.html``).

    The page holds one table whose rows read ``Japan reference month | release date |
    Tokyo reference month | release date [| remarks]``; the year is printed on the first
    row of a year and carried forward.

    Returns:
        Columns ``release_date`` (Tokyo midnight), ``area`` (``"national"`` or ``"tokyo"``),
        ``reference_month`` (first day, Tokyo midnight), sorted by release date.

    Raises:
        PayloadError: not HTML, or no table with release dates.
    """
    doc = document(raw, source, "the CPI release calendar", ("utf-8", "cp932"))
    records: list[tuple[date, str, date]] = []
    for table in doc.xpath("//table"):
        year: int | None = None
        for row in grid(table):
            if len(row) < 4:
                continue
            for area, (month_at, day_at) in (("national", (0, 1)), ("tokyo", (2, 3))):
                found = _release_day(row[day_at], year)
                if found is None:
                    continue
                released, year = found
                reference = _reference_month(row[month_at], released)
                if reference is not None and reference <= released:
                    records.append((released, area, reference))
        if records:
            break
    if not records:
        raise PayloadError(
            source, "an HTML page without CPI release dates (error page or changed layout?)"
        )
    unique = sorted(set(records))
    frame = pd.DataFrame(
        {
            "release_date": tz_index([r[0] for r in unique], "Asia/Tokyo"),
            "area": [r[1] for r in unique],
            "reference_month": tz_index([r[2] for r in unique], "Asia/Tokyo"),
        }
    )
    return frame.reset_index(drop=True)


def release_times(releases: pd.DataFrame, area: str) -> list[datetime]:
    """The release moments (08:30 JST) of ``area`` in a ``releases`` frame, in order."""
    rows = releases[releases["area"] == area]
    return sorted(
        datetime.combine(stamp.date(), RELEASE_TIME, tzinfo=TOKYO)
        for stamp in pd.DatetimeIndex(rows["release_date"])
    )


# --------------------------------------------------------------------------- sources


def _as_of(*frames: pd.DataFrame | None) -> date | None:
    found = [last_date(f.dropna(how="all").index) for f in frames if f is not None and not f.empty]
    dates = [d for d in found if d is not None]
    return max(dates) if dates else None


def _next_release(
    schedule_next: datetime | None, releases: pd.DataFrame | None, area: str, now: datetime
) -> datetime | None:
    """The next release from the publisher's table if it knows one, else by rule."""
    if releases is not None and not releases.empty:
        ahead = [t for t in release_times(releases, area) if t > now]
        if ahead:
            return ahead[0]
    return schedule_next


class StatJpCpi(Source):
    """All-Japan CPI (2025 base, and the 2020 base for earlier history) and the release
    calendar of national and Tokyo CPI."""

    spec = STATJP_CPI_SPEC

    async def collect(self, fetcher: Fetcher) -> Collected:
        """Fetch the 2025-base file (required), the 2020-base history and the release table.

        Raises:
            SourceError: the 2025-base file could not be obtained or parsed.
        """
        current, history, releases = await asyncio.gather(
            fetcher.fetch(self.name, NATIONAL_URL, parse_national),
            _optional(
                fetcher.fetch(
                    self.name,
                    NATIONAL_2020_URL,
                    parse_national_2020,
                    max_age=HISTORY_MAX_AGE,
                )
            ),
            _optional(
                fetcher.fetch(
                    self.name, RELEASES_URL, parse_release_calendar, max_age=RELEASES_MAX_AGE
                )
            ),
        )
        frames: dict[str, pd.DataFrame] = {"national": current[0]}
        fetches: list[Fetched] = [current[1]]
        problems: list[str] = []
        for key, outcome, what in (
            ("national_2020", history, "2020-base history"),
            ("releases", releases, "release calendar"),
        ):
            if isinstance(outcome, SourceError):
                problems.append(f"{what} unavailable ({outcome.message})")
                continue
            frames[key], fetched = outcome
            fetches.append(fetched)
        return Collected(
            frames=frames,
            as_of=await in_lane(_as_of, current[0]),
            fetches=tuple(fetches),
            detail="2025 base (2020 base for earlier y/y)",
            problems=tuple(problems),
        )

    def collect_demo(self) -> Collected:
        """Parse the packaged synthetic national file and release calendar."""
        package = files("jgbtui.sources.demo_data")
        national = parse_item_indices(
            package.joinpath(_DEMO["national"]).read_bytes(), self.name, 2025
        )
        releases = parse_release_calendar(package.joinpath(_DEMO["releases"]).read_bytes())
        return Collected(
            frames={"national": national, "releases": releases},
            as_of=_as_of(national),
            detail="2025 base",
        )

    def next_release(self, now: datetime, collected: Collected | None) -> datetime | None:
        """From the publisher's release table when it is at hand, else the rule."""
        releases = None if collected is None else collected.frames.get("releases")
        return _next_release(self.schedule.next_release(now), releases, "national", now)


class StatJpCpiTokyo(Source):
    """Tokyo ward-area CPI, the early read of Japanese inflation (2025 base)."""

    spec = STATJP_CPI_TOKYO_SPEC

    async def collect(self, fetcher: Fetcher) -> Collected:
        """Fetch ``tmi2025aa.csv``.

        Raises:
            SourceError: the file could not be obtained or parsed.
        """
        frame, fetched = await fetcher.fetch(self.name, TOKYO_URL, parse_tokyo)
        return Collected(
            frames={"tokyo": frame},
            as_of=await in_lane(_as_of, frame),
            fetches=(fetched,),
            detail="2025 base; the latest month is preliminary",
        )

    def collect_demo(self) -> Collected:
        """Parse the packaged synthetic Tokyo file."""
        raw = files("jgbtui.sources.demo_data").joinpath(_DEMO["tokyo"]).read_bytes()
        frame = parse_item_indices(raw, self.name, 2025)
        return Collected(frames={"tokyo": frame}, as_of=_as_of(frame), detail="2025 base")


async def _optional(job: Awaitable[T]) -> T | SourceError:
    """Await ``job``; a :class:`SourceError` is returned instead of raised."""
    try:
        return await job
    except SourceError as exc:
        return exc
