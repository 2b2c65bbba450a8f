"""MoF JGB interest rates (constant-maturity par yields, 1Y-40Y), English and Japanese files.

Source: ``shared/docs/data-sources.md`` section 1. The Ministry of Finance publishes the
same table in four CSV files: English and Japanese, each as a current-month file and a
full-history file (1974 onwards, refreshed to the end of the previous month)::

    Interest Rate (September 2026),,,,,,,,,,,,,,,(Unit : %)
    Date,1Y,2Y,3Y,4Y,5Y,6Y,7Y,8Y,9Y,10Y,15Y,20Y,25Y,30Y,40Y
    2026/9/1,1.527,1.802,1.952,2.14,2.28,2.411,2.559,2.718,2.848,2.987,3.544,3.859,...
    ,,,,,,,,,,,,,,,
    "  ※If you cannot download the latest csv data, please clear the browser's cache ...",,,

    国債金利情報 (令和7年10月),,,,,,,,,,,,,,,(単位 : %)
    基準日,1年,2年,3年,4年,5年,6年,7年,8年,9年,10年,15年,20年,25年,30年,40年
    R7.10.1,0.792,0.954,1.027,1.161,1.248,1.328,1.416,1.498,1.584,1.663,2.218,...

Publisher quirks handled here:

* Every file is CP932 (Shift_JIS). The English current-month file is *not* UTF-8 either:
  its footer carries ``※`` (0x81 0xA6).
* Title rows, a blank row and a footer surround the data, and their number varies, so
  data rows are selected by the date in their first cell, never by line number.
* Japanese dates use eras (``S64.1.6`` -> ``H1.1.9``, ``H31.4.26`` -> ``R1.5.7``).
* ``-`` marks a missing value (tenors not yet issued, gaps around 1978-80); it becomes
  NaN, never 0.
* Copies re-saved as UTF-8 with U+FFFD in the Japanese header exist, so Japanese header
  cells are checked by their tenor number only, and UTF-8 is accepted as a second encoding.

Truncation policy: a payload whose last line is a data row *not terminated by a newline*
is rejected as truncated, whatever its field count, because the last number may have been
cut (``3.7`` for ``3.743``) and would look valid. Every real MoF file ends with CRLF. A row
with the wrong number of fields anywhere is rejected as well; nothing is silently dropped.

The English files are tried first and the Japanese ones are the fallback (one research note
saw the English path return 404 for days); both carry identical values.
"""

from __future__ import annotations

import asyncio
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from importlib.resources import files
from typing import Literal

import numpy as np
import pandas as pd

from jgbtui.sources.base import Collected, Fetched, NoDataError, PayloadError, SourceError
from jgbtui.sources.catalog import MOF_YIELDS_SPEC
from jgbtui.sources.fetcher import Fetcher
from jgbtui.sources.lane import in_lane
from jgbtui.sources.parsing import (
    MISSING_MARKERS,
    csv_rows,
    decode,
    last_date,
    nfkc,
    reject_duplicate_dates,
    reject_empty,
    reject_html,
)
from jgbtui.sources.source import Source

NAME = MOF_YIELDS_SPEC.name

EN_CURRENT_URL = "https://www.mof.go.jp/english/policy/jgbs/reference/interest_rate/jgbcme.csv"
EN_HISTORY_URL = (
    "https://www.mof.go.jp/english/policy/jgbs/reference/interest_rate/historical/jgbcme_all.csv"
)
JA_CURRENT_URL = "https://www.mof.go.jp/jgbs/reference/interest_rate/jgbcm.csv"
JA_HISTORY_URL = "https://www.mof.go.jp/jgbs/reference/interest_rate/data/jgbcm_all.csv"

#: The history file is ~1.2 MB and changes once a month; re-download it at most this often.
HISTORY_MAX_AGE = timedelta(hours=12)

#: The tenor columns, in the publisher's order. Values are percent (see ``COLUMNS_NAME``).
TENORS: tuple[str, ...] = (
    "1Y", "2Y", "3Y", "4Y", "5Y", "6Y", "7Y", "8Y", "9Y", "10Y",
    "15Y", "20Y", "25Y", "30Y", "40Y",
)  # fmt: skip
#: Tenor lengths in years, matching :data:`TENORS`.
TENOR_YEARS: tuple[int, ...] = tuple(int(t[:-1]) for t in TENORS)
#: The name of the frame's column axis: it carries the unit.
COLUMNS_NAME = "yield_pct"
#: Fields per row: the date plus one per tenor.
FIELDS = 1 + len(TENORS)

DEMO_FILE = "DEMO_SYNTHETIC_mof_jgbcme.csv"

Language = Literal["en", "ja"]

_EN_DATE = re.compile(r"^\d{4}/\d{1,2}/\d{1,2}$")
#: Cheap test on a raw line: does its first field look like a date of either language?
_DATA_LINE = re.compile(r"\s*(?:\d{4}/\d{1,2}/\d{1,2}|[SHR]\d+\.\d+\.\d+)\s*(?:,|$)")
_JA_PARTS = r"^([SHR])(\d+)\.(\d+)\.(\d+)$"
#: Gregorian year of era year 0: Showa 1 = 1926, Heisei 1 = 1989, Reiwa 1 = 2019.
_ERA_OFFSET = {"S": 1925, "H": 1988, "R": 2018}
_LEADING_INT = re.compile(r"^\s*(\d+)")
_LANGUAGE_NAME = {"en": "English", "ja": "Japanese"}


# --------------------------------------------------------------------------- parsing


def empty_frame() -> pd.DataFrame:
    """A frame with the yield schema and no rows."""
    index = pd.DatetimeIndex([], dtype="datetime64[ns, Asia/Tokyo]", name="date")
    return _frame(index, np.empty((0, len(TENORS)), dtype=np.float64))


def _frame(index: pd.DatetimeIndex, values: np.ndarray) -> pd.DataFrame:
    columns = pd.Index(TENORS, name=COLUMNS_NAME)
    return pd.DataFrame(values.astype(np.float64, copy=False), index=index, columns=columns)


def _is_blank(cells: Sequence[str]) -> bool:
    return all(not cell.strip() for cell in cells)


def _trim_trailing_empty(cells: list[str]) -> list[str]:
    """Drop empty cells beyond the 16th: a trailing comma is not a new tenor column."""
    if len(cells) > FIELDS and _is_blank(cells[FIELDS:]):
        return cells[:FIELDS]
    return cells


def _check_header(cells: list[str], language: Language) -> None:
    """Verify the header row above the data: date column plus the 15 tenors, in order.

    Columns are read by position, so this is what catches a tenor being added, removed
    or moved. English cells must read ``Date,1Y,...,40Y``; Japanese cells are checked by
    their leading tenor number only (``1年``), which survives the mojibake/U+FFFD seen
    in re-saved copies.
    """
    cells = _trim_trailing_empty(cells)
    shown = ",".join(c.strip() for c in cells)
    if len(cells) != FIELDS:
        raise PayloadError(
            NAME,
            f"header changed: {len(cells) - 1} tenor columns instead of {len(TENORS)} ({shown!r})",
        )
    if language == "en":
        got = [c.strip().upper() for c in cells]
        expected = ["DATE", *TENORS]
        if got != expected:
            raise PayloadError(
                NAME, f"header changed: expected {','.join(expected)!r}, got {shown!r}"
            )
        return
    years = []
    for cell in cells[1:]:
        match = _LEADING_INT.match(nfkc(cell))
        years.append(int(match.group(1)) if match else None)
    if tuple(years) != TENOR_YEARS:
        raise PayloadError(
            NAME,
            "header changed: expected tenors 1年..10年,15年,20年,25年,30年,40年 in order, "
            f"got {shown!r}",
        )


def _row_error(number: int, line: str, fields: int, *, last: bool) -> PayloadError:
    if last and fields < FIELDS:
        return PayloadError(
            NAME,
            f"truncated payload: last data row (line {number}) has only {fields} of "
            f"{FIELDS} fields: {line[:80]!r}",
        )
    return PayloadError(
        NAME, f"line {number} has {fields} fields, expected {FIELDS}: {line[:80]!r}"
    )


def _bad_cell(lines: list[tuple[int, str]]) -> PayloadError:
    """Find the first cell that is neither a number nor a missing marker (slow path)."""
    for number, line in lines:
        for position, cell in enumerate(line.split(",")[1:], start=1):
            if cell in MISSING_MARKERS:
                continue
            try:
                float(cell)
            except ValueError:
                return PayloadError(
                    NAME,
                    f"line {number}: {TENORS[position - 1]} value {cell!r} is not a number",
                )
    return PayloadError(NAME, "unreadable number in the data rows")


def _dates(cells: pd.Series, language: Language) -> pd.DatetimeIndex:
    """Convert the date column to a tz-aware index at Tokyo midnight (nanoseconds)."""
    try:
        if language == "en":
            naive = pd.DatetimeIndex(pd.to_datetime(cells, format="%Y/%m/%d"))
        else:
            parts = cells.str.extract(_JA_PARTS)
            era_year = parts[1].astype("int64")
            year = era_year + parts[0].map(_ERA_OFFSET).astype("int64")
            naive = pd.DatetimeIndex(
                pd.to_datetime(
                    pd.DataFrame(
                        {
                            "year": year,
                            "month": parts[2].astype("int64"),
                            "day": parts[3].astype("int64"),
                        }
                    )
                )
            )
    except (ValueError, OverflowError) as exc:
        raise PayloadError(NAME, f"invalid date in the data rows: {exc}") from exc
    # pandas 3 infers microsecond/second resolution; the frame contract is nanoseconds.
    index = naive.as_unit("ns").tz_localize("Asia/Tokyo")
    index.name = "date"
    return index


def _parse(raw: bytes, expect: Language | None) -> pd.DataFrame:
    reject_empty(raw, NAME)
    reject_html(raw, NAME)
    if b"\x00" in raw[:4096]:
        # NUL bytes decode "successfully" in CP932 and UTF-8; they mean UTF-16 or binary.
        raise PayloadError(NAME, "payload is binary or UTF-16, not CP932 CSV text")
    # CP932 first (what MoF serves); UTF-8 for copies re-saved by a proxy or a user.
    # Data rows are ASCII in either case, so the values cannot be affected.
    text = decode(raw, NAME, ("cp932", "utf-8"))
    lines = text.splitlines()

    data: list[tuple[int, str]] = []  # (1-based line number, cleaned line)
    first_data_index: int | None = None
    for index, line in enumerate(lines):
        if not _DATA_LINE.match(line):
            continue
        if first_data_index is None:
            first_data_index = index
        # Data rows hold only dates, numbers and "-": spaces carry no meaning there.
        data.append((index + 1, line.replace(" ", "").replace("\t", "")))
    if first_data_index is None:
        raise PayloadError(NAME, "no data rows (no line starts with a YYYY/M/D or era date)")

    # A file cut mid-row: the last line is a data row with no newline after it.
    last_line = lines[-1]
    unterminated = not raw.endswith((b"\n", b"\r"))
    if unterminated and _DATA_LINE.match(last_line):
        fields = last_line.count(",") + 1
        if fields < FIELDS:
            raise _row_error(len(lines), last_line, fields, last=True)
        raise PayloadError(
            NAME,
            f"truncated payload: the last data row (line {len(lines)}) is not terminated "
            f"by a newline, so its last value may be cut: {last_line[:80]!r}",
        )

    # A data line's first character says its language: a digit (YYYY/M/D) or an era letter.
    # (Checked per character, not per regex: this loop runs over 13,000 history rows.)
    languages: set[Language] = {"en" if line[0].isdigit() else "ja" for _, line in data}
    if len(languages) != 1:
        raise PayloadError(NAME, "payload mixes English (YYYY/M/D) and Japanese (era) dates")
    language: Language = languages.pop()
    if expect is not None and language != expect:
        raise PayloadError(
            NAME, f"expected the {_LANGUAGE_NAME[expect]} file, got {_LANGUAGE_NAME[language]}"
        )

    # The header is the nearest non-blank row above the first data row, when there is one.
    for above in range(first_data_index - 1, -1, -1):
        parsed = csv_rows(lines[above])
        header = parsed[0] if parsed else []
        if not _is_blank(header):
            _check_header(header, language)
            break

    for position, (number, line) in enumerate(data):
        fields = line.count(",") + 1
        if fields != FIELDS:
            cells = _trim_trailing_empty(line.split(","))
            if len(cells) != FIELDS:
                raise _row_error(number, line, fields, last=position == len(data) - 1)
            data[position] = (number, ",".join(cells))

    names = ["date", *TENORS]
    try:
        table = pd.read_csv(
            io.StringIO("\n".join(line for _, line in data)),
            header=None,
            names=names,
            dtype={"date": str, **dict.fromkeys(TENORS, np.float64)},
            na_values=sorted(MISSING_MARKERS),
            keep_default_na=False,
            quoting=3,  # csv.QUOTE_NONE: data rows are never quoted
            engine="c",
        )
    except ValueError:
        raise _bad_cell(data) from None
    values = table[list(TENORS)].to_numpy(dtype=np.float64)
    if np.isinf(values).any():
        raise PayloadError(NAME, "infinite value in the data rows")

    dates = _dates(table["date"].str.strip(), language)
    reject_duplicate_dates(dates, NAME)
    frame = _frame(dates, values)
    if not dates.is_monotonic_increasing:
        frame = frame.sort_index()
    return frame


def parse(raw: bytes) -> pd.DataFrame:
    """Parse any of the four MoF JGB interest-rate CSV files (English or Japanese).

    Args:
        raw: the payload as downloaded (CP932; UTF-8 copies are accepted too).

    Returns:
        One row per business day: index ``date`` (``datetime64[ns, Asia/Tokyo]`` at
        local midnight, ascending, unique), columns :data:`TENORS` as float64 percent,
        column axis named ``"yield_pct"``. Missing values (``-``) are NaN.

    Raises:
        PayloadError: HTML or empty payload, undecodable bytes, no data rows, a changed
            header, a row with the wrong number of fields, a non-numeric value, an
            invalid or duplicate date, or a truncated file.
    """
    return _parse(raw, None)


def parse_en(raw: bytes) -> pd.DataFrame:
    """Like :func:`parse`, but only accepts the English files (``YYYY/M/D`` dates).

    Raises:
        PayloadError: as :func:`parse`, or when the payload is the Japanese file.
    """
    return _parse(raw, "en")


def parse_ja(raw: bytes) -> pd.DataFrame:
    """Like :func:`parse`, but only accepts the Japanese files (era dates such as ``R7.10.1``).

    Raises:
        PayloadError: as :func:`parse`, or when the payload is the English file.
    """
    return _parse(raw, "ja")


def merge(history: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    """Union of the history and current-month frames; the current month wins on a shared date.

    Args:
        history: frame from a history file (or :func:`empty_frame`).
        current: frame from a current-month file (or :func:`empty_frame`).

    Returns:
        A frame with the same schema, sorted ascending with unique dates.
    """
    parts = [f for f in (history, current) if not f.empty]
    if not parts:
        return empty_frame()
    # Rows are chosen on the dates alone, then each tenor is copied once into the result:
    # concatenating, filtering, sorting and re-selecting whole frames would hold three or
    # four copies of the 50-year history at once.
    dates = pd.DatetimeIndex(parts[0].index.append([f.index for f in parts[1:]]))
    keep = np.flatnonzero(~dates.duplicated(keep="last"))
    rows = keep[np.argsort(dates[keep].asi8, kind="stable")]
    index = dates[rows].as_unit("ns")
    index.name = "date"
    block = np.empty((len(TENORS), len(rows)), dtype=np.float64)  # one column per row
    for number, tenor in enumerate(TENORS):
        column = np.concatenate([f[tenor].to_numpy(dtype=np.float64) for f in parts])
        block[number] = column[rows]
    columns = pd.Index(TENORS, name=COLUMNS_NAME)
    return pd.DataFrame(block.T, index=index, columns=columns, copy=False)


# --------------------------------------------------------------------------- collecting


@dataclass(frozen=True)
class _Part:
    """What one of the two files (current month / history) came to after fallbacks."""

    frame: pd.DataFrame | None
    fetched: Fetched | None
    language: Language | None
    english_error: str | None
    """Why the English file was not used (None when it was)."""
    errors: tuple[SourceError, ...] = ()


def _reason(fetched: Fetched) -> str:
    return f"served from cache: {fetched.error}"


async def _fallback_part(
    fetcher: Fetcher,
    english: tuple[pd.DataFrame, Fetched] | BaseException,
    url: str,
    max_age: timedelta | None,
) -> _Part:
    """Use the English result, or the Japanese file when English failed or is stale."""
    if isinstance(english, BaseException) and not isinstance(english, SourceError):
        raise english  # a bug or a cancellation, not a publisher problem
    if isinstance(english, tuple) and not english[1].is_stale:
        return _Part(english[0], english[1], "en", None)

    english_error = english.message if isinstance(english, SourceError) else _reason(english[1])
    try:
        frame, fetched = await fetcher.fetch(NAME, url, parse, max_age=max_age)
    except SourceError as exc:
        if isinstance(english, tuple):  # stale English beats no Japanese
            return _Part(english[0], english[1], "en", None, (exc,))
        assert isinstance(english, SourceError)
        return _Part(None, None, None, english_error, (english, exc))
    if fetched.is_stale and isinstance(english, tuple):
        # Both stale: keep the English copy, the primary route.
        return _Part(english[0], english[1], "en", None)
    return _Part(frame, fetched, "ja", english_error)


def _detail(current: _Part, history: _Part) -> str:
    """Say which route supplied the data, e.g. ``"English files"``."""
    parts = {"current month": current, "history": history}
    used = {what: part for what, part in parts.items() if part.language is not None}
    languages = {part.language for part in used.values()}
    notes: list[str] = []
    if languages == {"en"}:
        route = "English files" if len(used) == 2 else f"English {next(iter(used))} only"
    elif languages == {"ja"}:
        route = "Japanese files" if len(used) == 2 else f"Japanese {next(iter(used))} only"
        reasons = dict.fromkeys(p.english_error for p in used.values() if p.english_error)
        notes.append(f"English unavailable: {'; '.join(reasons)}")
    else:
        english = next(what for what, part in used.items() if part.language == "en")
        japanese = next(what for what, part in used.items() if part.language == "ja")
        route = f"English {english}, Japanese {japanese}"
        notes.append(f"English {japanese} unavailable: {used[japanese].english_error}")
    for what, part in parts.items():
        if what not in used:
            reasons = dict.fromkeys(e.message for e in part.errors)
            notes.append(f"{what} missing: {'; '.join(reasons)}")
    return f"{route} ({'; '.join(notes)})" if notes else route


def _merged(current: _Part, history: _Part) -> Collected:
    """History and current month merged into one :class:`Collected` (runs in a thread)."""
    merged = merge(
        history.frame if history.frame is not None else empty_frame(),
        current.frame if current.frame is not None else empty_frame(),
    )
    fetches = tuple(p.fetched for p in (current, history) if p.fetched is not None)
    return Collected(
        frames={"yields": merged},
        as_of=last_date(merged.index),
        fetches=fetches,
        detail=_detail(current, history),
    )


class MofJgbYields(Source):
    """JGB constant-maturity yields 1Y-40Y from the Ministry of Finance.

    Frames: ``{"yields": frame}`` with the schema documented in :func:`parse`.
    """

    spec = MOF_YIELDS_SPEC

    async def collect(self, fetcher: Fetcher) -> Collected:
        """Fetch current month and history (English first, Japanese fallback) and merge.

        The two English files are fetched concurrently; each one that fails (or only
        came from a stale cache) is retried from its Japanese counterpart. Either file
        alone is enough to return data; ``detail`` says which route was used.

        Raises:
            PayloadError: when nothing worked and a payload was malformed.
            NoDataError: when nothing worked from network or cache.
        """
        current_en, history_en = await asyncio.gather(
            fetcher.fetch(NAME, EN_CURRENT_URL, parse),
            fetcher.fetch(NAME, EN_HISTORY_URL, parse, max_age=HISTORY_MAX_AGE),
            return_exceptions=True,
        )
        current, history = await asyncio.gather(
            _fallback_part(fetcher, current_en, JA_CURRENT_URL, None),
            _fallback_part(fetcher, history_en, JA_HISTORY_URL, HISTORY_MAX_AGE),
        )
        if current.frame is None and history.frame is None:
            errors = current.errors + history.errors
            for error in errors:
                if isinstance(error, PayloadError):
                    raise error
            raise NoDataError(
                NAME,
                "no JGB yield data from the English or Japanese files: "
                + "; ".join(dict.fromkeys(e.message for e in errors)),
            ) from (errors[0] if errors else None)

        # Merging 50 years of daily rows takes tens of ms: off the event loop.
        return await in_lane(_merged, current, history)

    def collect_demo(self) -> Collected:
        """Parse the packaged synthetic history file (English format) with :func:`parse`."""
        raw = files("jgbtui.sources.demo_data").joinpath(DEMO_FILE).read_bytes()
        frame = parse_en(raw)
        return Collected(
            frames={"yields": frame},
            as_of=last_date(frame.index),
            fetches=(),
            detail="English history format",
        )
