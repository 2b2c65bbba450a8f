"""US Treasury daily par yield curve: the US leg of the US-Japan 10Y spread.

Source: ``shared/docs/data-sources.md`` section 5. The keyless year CSV lists one row per
US business day, **newest first**, dates ``MM/DD/YYYY``, percent with two decimals, blank
where a tenor was not published::

    Date,"1 Mo","1.5 Month","2 Mo","3 Mo","4 Mo","6 Mo","1 Yr",...,"10 Yr","20 Yr","30 Yr"
    09/25/2025,4.24,4.20,4.18,4.04,4.01,3.85,3.68,...,4.18,4.73,4.75

The column set depends on the year (``1.5 Month`` is filled from 02/18/2025, ``4 Mo`` from
late 2022, ``2 Mo`` from 2018), so columns are located by header *name* and renamed to
compact labels (``"1 Mo"`` -> ``"1M"``, ``"10 Yr"`` -> ``"10Y"``). Copies re-saved by
other tools (unquoted headers, ISO dates) are accepted too.

One refresh reads the current New York year and the previous one, so one-month and
one-year changes work in January as well.
"""

from __future__ import annotations

import asyncio
import io
import re
from datetime import date, datetime, timedelta
from importlib.resources import files

import pandas as pd

from jgbtui.sources.base import NEW_YORK, Collected, Fetched, PayloadError, SourceError
from jgbtui.sources.catalog import UST_CURVE_SPEC
from jgbtui.sources.fetcher import Fetcher
from jgbtui.sources.lane import in_lane
from jgbtui.sources.parsing import (
    MISSING_MARKERS,
    csv_rows,
    decode,
    last_date,
    reject_duplicate_dates,
    reject_empty,
    reject_html,
)
from jgbtui.sources.source import Source

NAME = UST_CURVE_SPEC.name

URL_TEMPLATE = (
    "https://home.treasury.gov/resource-center/data-chart-center/interest-rates/"
    "daily-treasury-rates.csv/{year}/all?type=daily_treasury_yield_curve"
    "&field_tdr_date_value={year}&page&_format=csv"
)

#: Every tenor label the frame may carry, shortest first (the frame keeps this order).
TENORS = ("1M", "1.5M", "2M", "3M", "4M", "6M", "1Y", "2Y", "3Y", "5Y", "7Y", "10Y", "20Y", "30Y")

FRAME_KEY = "curve"
COLUMNS_NAME = "yield_pct"

#: A past year's file only changes if the Treasury corrects it, which is rare.
PREVIOUS_YEAR_MAX_AGE = timedelta(days=7)

#: How long into a new (New York) year a missing current-year file is normal: the file
#: for a year may not exist (404) or be empty until the first business day's release.
#: After that the current year should have data and its absence is an error.
NEW_YEAR_GRACE = timedelta(days=14)

#: Par yields have stayed within this band (percent) since the series began; anything
#: outside is a unit change (basis points) or a different file, not a yield.
PLAUSIBLE = (-5.0, 30.0)

DETAIL = "US Treasury daily par yield curve"
DEMO_FILE = "DEMO_SYNTHETIC_ust_2026.csv"

#: ``"1 Mo"``, ``"1.5 Month"``, ``"10 Yr"`` and re-saved spellings such as ``"10Y"``.
_TENOR_HEADER = re.compile(
    r"^(\d+(?:\.\d+)?)\s*(mo|mos|mth|month|months|m|yr|yrs|year|years|y)$", re.IGNORECASE
)
_US_DATE = r"\d{1,2}/\d{1,2}/\d{4}"
_ISO_DATE = r"\d{4}-\d{2}-\d{2}"


def year_url(year: int) -> str:
    """The official CSV URL of the par yield curve for calendar ``year``."""
    return URL_TEMPLATE.format(year=year)


def tenor_label(header: str) -> str | None:
    """The compact label of a tenor column header, or ``None`` for any other column.

    Args:
        header: a header cell, e.g. ``"1 Mo"``, ``"1.5 Month"``, ``"10 Yr"``.

    Returns:
        ``"1M"``, ``"1.5M"``, ``"10Y"``...; ``None`` when the header is not a tenor or
        names a tenor outside :data:`TENORS`.
    """
    match = _TENOR_HEADER.match(header.strip().strip('"').strip())
    if match is None:
        return None
    number = float(match.group(1))
    amount = str(int(number)) if number.is_integer() else f"{number:g}"
    unit = "M" if match.group(2).lower().startswith("m") else "Y"
    label = f"{amount}{unit}"
    return label if label in TENORS else None


def _empty_frame() -> pd.DataFrame:
    index = pd.DatetimeIndex([], dtype="datetime64[ns, America/New_York]", name="date")
    frame = pd.DataFrame(index=index, columns=pd.Index([], dtype="str"), dtype="float64")
    frame.columns.name = COLUMNS_NAME
    return frame


def _header(text: str) -> list[str]:
    """The header cells, after checking that every line has as many cells as the header.

    pandas pads a short line with blanks, so a file cut mid-row would read as "not
    published". No cell of this file contains a comma (only the header is quoted), so a
    vectorised comma count per line is exact.
    """
    lines = pd.Series(text.splitlines(), dtype="str")
    lines = lines[lines.str.strip() != ""]
    if lines.empty:
        raise PayloadError(NAME, "empty payload")
    header = [cell.strip() for cell in csv_rows(str(lines.iloc[0]))[0]]
    counts = lines.iloc[1:].str.count(",")
    bad = counts[counts != len(header) - 1]
    if not bad.empty:
        raise PayloadError(
            NAME,
            f"line {int(bad.index[0]) + 1} has {int(bad.iloc[0]) + 1} cells, expected "
            f"{len(header)} (truncated or changed layout)",
        )
    if len(lines) < 2:
        raise PayloadError(NAME, "no data rows after the header")
    return header


def _dates(cells: pd.Series) -> pd.Series:
    """``MM/DD/YYYY`` (as published) or ISO ``YYYY-MM-DD`` (re-saved copies), row by row."""
    cells = cells.str.strip()
    us = cells.str.fullmatch(_US_DATE)
    iso = cells.str.fullmatch(_ISO_DATE)
    unknown = ~(us | iso)
    if unknown.any():
        raise PayloadError(
            NAME, f"date {cells[unknown].iloc[0]!r} is neither MM/DD/YYYY nor YYYY-MM-DD"
        )
    parsed = pd.to_datetime(cells.where(us), format="%m/%d/%Y", errors="coerce")
    parsed = parsed.fillna(pd.to_datetime(cells.where(iso), format="%Y-%m-%d", errors="coerce"))
    if parsed.isna().any():
        raise PayloadError(NAME, f"invalid date {cells[parsed.isna()].iloc[0]!r}")
    return parsed


def parse(raw: bytes) -> pd.DataFrame:
    """Parse one par-yield-curve CSV (a year file, a month file or a re-saved copy).

    Args:
        raw: the payload bytes.

    Returns:
        Index ``date`` (``datetime64[ns, America/New_York]``, local midnight, ascending,
        unique); float columns in percent, labelled from :data:`TENORS` (only the tenors
        present in the file, in maturity order), ``columns.name == "yield_pct"``. Blank
        cells are NaN; rows without any value are dropped.

    Raises:
        PayloadError: an HTML page, no ``Date`` or ``10 Yr`` column, a line with the wrong
            number of cells (truncated), a malformed date or number, or no data rows.
    """
    reject_empty(raw, NAME)
    reject_html(raw, NAME, "the Treasury par yield curve CSV")
    text = decode(raw, NAME, ("utf-8",))
    header = _header(text)
    date_at = next((i for i, h in enumerate(header) if h.lower() == "date"), None)
    if date_at is None:
        raise PayloadError(NAME, f"header changed: no Date column in {','.join(header)[:80]!r}")
    tenors = {i: label for i, h in enumerate(header) if (label := tenor_label(h)) is not None}
    if "10Y" not in tenors.values():
        raise PayloadError(NAME, f"no 10 Yr column in header {','.join(header)[:120]!r}")
    if len(set(tenors.values())) != len(tenors):
        raise PayloadError(NAME, "header names the same tenor twice")

    # Columns are taken by position and named here: pandas' own names would keep stray
    # spaces around a header cell and rename duplicates.
    used = sorted([date_at, *tenors])
    table = pd.read_csv(
        io.StringIO(text),
        dtype="str",
        keep_default_na=False,
        index_col=False,
        header=0,
        usecols=used,
    )
    table.columns = pd.Index(["date" if i == date_at else tenors[i] for i in used])
    published = {tenors[i]: header[i] for i in tenors}  # label -> header, for messages
    dates = _dates(table["date"])
    cells = table[list(published)].apply(lambda column: column.str.strip())
    missing = cells.isin(MISSING_MARKERS)
    values: pd.DataFrame = (
        cells.where(~missing).apply(pd.to_numeric, errors="coerce").astype("float64")
    )
    garbage = values.isna() & ~missing
    if garbage.to_numpy().any():
        row, column = next(zip(*garbage.to_numpy().nonzero(), strict=True))
        raise PayloadError(
            NAME,
            f"{published[str(values.columns[column])]} value {cells.iat[row, column]!r} on "
            f"{str(table['date'].iat[row]).strip()} is not a number",
        )
    if ((values < PLAUSIBLE[0]) | (values > PLAUSIBLE[1])).to_numpy().any():
        raise PayloadError(NAME, f"a yield outside {PLAUSIBLE} percent: not a par yield file")

    values.index = pd.DatetimeIndex(dates).tz_localize(NEW_YORK).as_unit("ns")
    values.index.name = "date"
    reject_duplicate_dates(values.index, NAME)
    values = values[[t for t in TENORS if t in values.columns]]
    values = values.dropna(how="all").sort_index()
    values.columns.name = COLUMNS_NAME
    return values


def merge(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Join year frames into one ascending frame; a date in several keeps the later frame's row.

    Args:
        frames: parsed frames, oldest year first.
    """
    non_empty = [f for f in frames if not f.empty]
    if not non_empty:
        return _empty_frame()
    merged = pd.concat(non_empty)
    merged = merged[~merged.index.duplicated(keep="last")].sort_index()
    merged = merged[[t for t in TENORS if t in merged.columns]]
    merged.index.name = "date"
    merged.columns.name = COLUMNS_NAME
    return merged


def _as_of(frame: pd.DataFrame) -> date | None:
    return last_date(frame.index)


def _merged(frames: list[pd.DataFrame]) -> tuple[pd.DataFrame, date | None]:
    """The years joined and the last date (runs in a thread)."""
    merged = merge(frames)
    return merged, _as_of(merged)


def in_new_year_grace(now: datetime) -> bool:
    """Whether ``now`` is early enough in the New York year to excuse a missing year file."""
    local = now.astimezone(NEW_YORK)
    return local.date() - date(local.year, 1, 1) < NEW_YEAR_GRACE


class UstParCurve(Source):
    """The US Treasury daily par yield curve, current and previous year."""

    spec = UST_CURVE_SPEC

    async def collect(self, fetcher: Fetcher) -> Collected:
        """Fetch the current and the previous New York year and merge them.

        The previous year is reused from the cache for up to
        :data:`PREVIOUS_YEAR_MAX_AGE`. If it cannot be had, the current year alone is
        shown. A missing current year is excused only in the first
        :data:`NEW_YEAR_GRACE` of January (the file may not exist yet).

        Raises:
            SourceError: the current year failed outside the grace period, or both failed.
        """
        now = fetcher.clock()
        year = now.astimezone(NEW_YORK).year
        current, previous = await asyncio.gather(
            fetcher.fetch(self.name, year_url(year), parse),
            fetcher.fetch(self.name, year_url(year - 1), parse, max_age=PREVIOUS_YEAR_MAX_AGE),
            return_exceptions=True,
        )
        for outcome in (current, previous):
            if isinstance(outcome, BaseException) and not isinstance(outcome, SourceError):
                raise outcome  # a bug or a cancellation: not ours to hide
        frames: list[pd.DataFrame] = []
        fetches: list[Fetched] = []
        notes: list[str] = []
        problems: list[str] = []
        if isinstance(previous, BaseException):
            if isinstance(current, BaseException):
                raise current
            notes.append(f"{year - 1} unavailable: {_reason(previous)}")
        else:
            frames.append(previous[0])
            fetches.append(previous[1])
        if isinstance(current, BaseException):
            if in_new_year_grace(now):
                notes.append(f"{year} not published yet: {_reason(current)}")
            else:
                # Past early January the current year's file must exist: keep showing the
                # previous year's curve, but say plainly that this year's file failed.
                problems.append(f"{year} file unavailable: {_reason(current)}")
        else:
            frames.append(current[0])
            fetches.append(current[1])
        # Joining the years is pandas work: off the event loop.
        merged, as_of = await in_lane(_merged, frames)
        if merged.empty:
            raise PayloadError(self.name, f"no par yields for {year - 1} or {year}")
        detail = DETAIL if not notes else f"{DETAIL} ({'; '.join(notes)})"
        return Collected(
            frames={FRAME_KEY: merged},
            as_of=as_of,
            fetches=tuple(fetches),
            detail=detail,
            problems=tuple(problems),
        )

    def collect_demo(self) -> Collected:
        """Parse the packaged synthetic 2026 year file (not real data)."""
        raw = files("jgbtui.sources.demo_data").joinpath(DEMO_FILE).read_bytes()
        frame = parse(raw)
        return Collected(frames={FRAME_KEY: frame}, as_of=_as_of(frame), detail=DETAIL)


def _reason(error: BaseException) -> str:
    return error.message if isinstance(error, SourceError) else str(error)
