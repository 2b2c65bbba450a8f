"""The Bank of Japan's Time-Series Data Search API (``getDataCode``), for any daily series.

Source: ``shared/docs/data-sources.md`` section 4c and ``data-sources-more.md`` §2. The
``getDataCode`` CSV answer (``lang=en``, UTF-8) is a key/value preamble followed by a *long*
table, one row per survey date with the series metadata repeated on every row::

    STATUS,200
    MESSAGEID,M181000I
    MESSAGE,Successfully completed
    DATE,2026-05-01T05:17:59.466+09:00
    PARAMETER,FORMAT,CSV
    ...
    NEXTPOSITION,
    SERIES_CODE,NAME_OF_TIME_SERIES,UNIT,FREQUENCY,CATEGORY,LAST_UPDATE,SURVEY_DATES,VALUES
    FXERD04,"US.Dollar/Yen Spot Rate at 17:00 in JST, Tokyo Market",Yen per U.S. Dollar,...

Weekends and holidays are rows whose value is empty or the literal ``null``; they become
NaN and are dropped, never 0. Errors are signalled by ``STATUS`` (400/500/503) and a
``MESSAGE``; third-party clients report that error answers arrive as JSON even when CSV
was requested, so both shapes are recognised.

A :class:`BojSeries` names one daily series (database, code, the frame's key and column, and
the source that reads it); every BOJ series is fetched, paged and parsed by the same code
here (``boj_fm08``: USD/JPY at 17:00; ``boj_call_rate``: the overnight call rate).

Terms of use: the BOJ prohibits high-frequency access and asks every service using the API
to display its credit notice (:data:`CREDIT_NOTICE`, returned in ``Collected.notices``).
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd

from jgbtui.sources.base import TOKYO, Collected, Fetched, NoDataError, PayloadError
from jgbtui.sources.fetcher import Fetcher
from jgbtui.sources.lane import in_lane
from jgbtui.sources.parsing import (
    csv_rows,
    decode,
    last_date,
    reject_duplicate_dates,
    reject_empty,
    reject_html,
    tz_index,
)

API_URL = "https://www.stat-search.boj.or.jp/api/v1/getDataCode"

#: Seconds between two requests to the BOJ host. The API terms prohibit high-frequency
#: access ("connections may be blocked") and published clients wait about one second, so
#: every request goes through the fetcher's per-host throttle with this interval. Paging
#: is the only case where a source sends more than one request per refresh.
MIN_INTERVAL = 1.0

#: How much history one refresh asks for (in months, counted back from the current month).
HISTORY_MONTHS = 24

#: Upper bound on ``NEXTPOSITION`` pages per refresh. 24 months of one daily series is
#: about 730 points, far below the API's 60,000-point page, so one page is the norm; the
#: cap only guards against a server that keeps answering with a next position.
MAX_PAGES = 5

#: The credit the BOJ asks services using the API to display ("Notice Regarding the Use of
#: the API Service", https://www.stat-search.boj.or.jp/info/api_notice_en.pdf). Wording as
#: quoted identically by several independent clients of the API.
CREDIT_NOTICE = (
    'This service uses the API provided by the "Bank of Japan Time-Series Data Search." '
    "The Bank of Japan does not guarantee the content of the service."
)
#: The Japanese original of the same notice (api_notice.pdf).
CREDIT_NOTICE_JA = (
    "このサービスは、日本銀行時系列統計データ検索サイトのAPI機能を使用しています。"
    "サービスの内容は日本銀行によって保証されたものではありません。"
)

#: The data header of a ``getDataCode`` CSV answer with ``lang=en``.
EXPECTED_HEADER = (
    "SERIES_CODE",
    "NAME_OF_TIME_SERIES",
    "UNIT",
    "FREQUENCY",
    "CATEGORY",
    "LAST_UPDATE",
    "SURVEY_DATES",
    "VALUES",
)

_DAILY_DATE = re.compile(r"^\d{8}$")
#: "No applicable data" is a success status (200) with its own message id.
_NO_DATA_ID = "M181030I"


@dataclass(frozen=True)
class BojSeries:
    """One daily series of the API and where it goes in the app."""

    source: str
    """The catalog name of the source reading it (names every error)."""
    db: str
    """The database, e.g. ``"FM08"``."""
    code: str
    """The bare series code (``FXERD04``; the screen's ``FM08'FXERD04`` is refused by the
    API with ``M181001E``: the quote is an invalid character)."""
    frame: str
    """Key of the frame in :attr:`Collected.frames`."""
    column: str
    """The frame's one float column."""
    detail: str
    """What the status screen says about the route, e.g. "BOJ time-series API, FM08 ..."."""


def data_url(
    series: BojSeries,
    now: datetime,
    *,
    start_position: int | None = None,
    months: int = HISTORY_MONTHS,
) -> str:
    """The ``getDataCode`` URL for the ``months`` months up to ``now``'s month in Tokyo.

    Daily series take ``YYYYMM`` start and end periods (not ``YYYYMMDD``).

    Args:
        series: which series.
        now: the current moment (tz-aware); converted to Tokyo time for the month.
        start_position: the previous answer's ``NEXTPOSITION`` when paging.
        months: how many months back the window starts.
    """
    local = now.astimezone(TOKYO)
    end_index = local.year * 12 + local.month - 1
    start_year, start_month0 = divmod(end_index - months, 12)
    url = (
        f"{API_URL}?format=csv&lang=en&db={series.db}"
        f"&startDate={start_year:04d}{start_month0 + 1:02d}"
        f"&endDate={local.year:04d}{local.month:02d}&code={series.code}"
    )
    if start_position is not None:
        url += f"&startPosition={start_position}"
    return url


def _index(days: list[date]) -> pd.DatetimeIndex:
    # pandas 3 infers second resolution from dates; the frame contract is nanoseconds.
    return tz_index(days, "Asia/Tokyo").as_unit("ns")


def empty_frame(series: BojSeries) -> pd.DataFrame:
    """A frame of the series with no rows."""
    return pd.DataFrame({series.column: pd.Series([], index=_index([]), dtype="float64")})


def _json_error(text: str, source: str) -> PayloadError:
    """Explain a JSON answer: the API sends errors as JSON even to ``format=csv``."""
    try:
        payload: Any = json.loads(text)
    except ValueError:
        return PayloadError(source, "expected the BOJ API CSV but got malformed JSON")
    if not isinstance(payload, dict):
        return PayloadError(source, "expected the BOJ API CSV but got a JSON value")
    status = payload.get("STATUS")
    message = str(payload.get("MESSAGE") or "").strip() or "no message"
    message_id = str(payload.get("MESSAGEID") or "").strip()
    if str(status) != "200":
        tag = f" {message_id}" if message_id else ""
        return PayloadError(source, f"BOJ API error (STATUS {status}{tag}): {message}")
    return PayloadError(source, "expected the BOJ API CSV but got a JSON answer")


def split(raw: bytes, source: str) -> tuple[dict[str, list[str]], list[list[str]]]:
    """Decode and split an answer into its preamble (key -> cells) and data rows.

    The preamble ends at the ``SERIES_CODE`` header. ``STATUS`` is checked here so every
    caller (``parse``, ``next_position``) rejects error answers the same way.

    Returns:
        ``(preamble, rows)`` where ``rows`` starts with the header row; ``rows`` is empty
        when the answer carried no header (allowed only for "no data" answers).
    """
    reject_empty(raw, source)
    reject_html(raw, source, "the BOJ API CSV")
    # lang=en answers are UTF-8 (lang=jp would be Shift_JIS; we never ask for it).
    text = decode(raw, source, ("utf-8",))
    if text.lstrip().startswith(("{", "[")):
        raise _json_error(text, source)
    rows = csv_rows(text)
    preamble: dict[str, list[str]] = {}
    header_at = None
    for number, row in enumerate(rows):
        if not row or not any(cell.strip() for cell in row):
            continue
        key = row[0].strip()
        if key == "SERIES_CODE":
            header_at = number
            break
        if key == "PARAMETER":
            # Several PARAMETER lines (FORMAT, LANG, DB, ...): keep them apart by name.
            preamble[f"PARAMETER.{row[1].strip() if len(row) > 1 else ''}"] = row[2:]
        else:
            preamble[key] = row[1:]
    status = _first(preamble, "STATUS")
    if status is None:
        raise PayloadError(source, "no STATUS line: not a BOJ time-series API answer")
    if status != "200":
        message = _message(preamble)
        message_id = _first(preamble, "MESSAGEID")
        tag = f" {message_id}" if message_id else ""
        raise PayloadError(source, f"BOJ API error (STATUS {status}{tag}): {message}")
    if header_at is None:
        if _first(preamble, "MESSAGEID") == _NO_DATA_ID:
            return preamble, []
        raise PayloadError(source, "no SERIES_CODE header after the preamble (truncated answer?)")
    return preamble, [row for row in rows[header_at:] if any(c.strip() for c in row)]


def _first(preamble: dict[str, list[str]], key: str) -> str | None:
    cells = preamble.get(key)
    if cells is None:
        return None
    return cells[0].strip() if cells else ""


def _message(preamble: dict[str, list[str]]) -> str:
    # An unquoted MESSAGE containing commas arrives split over several cells.
    return ",".join(preamble.get("MESSAGE", [])).rstrip(",").strip() or "no message"


def _next_from(preamble: dict[str, list[str]], source: str) -> int | None:
    value = _first(preamble, "NEXTPOSITION")
    if not value or value.lower() == "null":
        return None
    try:
        position = int(value)
    except ValueError:
        raise PayloadError(source, f"NEXTPOSITION is not a number: {value!r}") from None
    if position < 1:
        raise PayloadError(source, f"NEXTPOSITION must be >= 1, got {position}")
    return position


def next_position(series: BojSeries, raw: bytes) -> int | None:
    """The ``NEXTPOSITION`` of an answer: where the next page starts, or ``None`` if last.

    Raises:
        PayloadError: the answer is an error or not a BOJ API answer at all.
    """
    preamble, _ = split(raw, series.source)
    return _next_from(preamble, series.source)


def frame_from(series: BojSeries, rows: list[list[str]]) -> pd.DataFrame:
    """The series' frame from the data rows (header first) of an answer.

    Raises:
        PayloadError: a changed header, a short row, another series, a bad date or value.
    """
    source = series.source
    if not rows:
        return empty_frame(series)
    header = tuple(cell.strip() for cell in rows[0])
    if header != EXPECTED_HEADER:
        raise PayloadError(
            source,
            f"data header changed: expected {len(EXPECTED_HEADER)} columns "
            f"{','.join(EXPECTED_HEADER)} but got {len(header)}: {','.join(header)}",
        )
    code_at = EXPECTED_HEADER.index("SERIES_CODE")
    date_at = EXPECTED_HEADER.index("SURVEY_DATES")
    value_at = EXPECTED_HEADER.index("VALUES")
    values: dict[date, float] = {}
    seen: list[date] = []
    for offset, row in enumerate(rows[1:], start=1):
        if len(row) != len(EXPECTED_HEADER):
            raise PayloadError(
                source,
                f"data row {offset} has {len(row)} cells, expected {len(EXPECTED_HEADER)} "
                "(truncated or changed layout)",
            )
        code = row[code_at].strip()
        if code != series.code:
            raise PayloadError(source, f"unexpected series {code!r} in row {offset}")
        stamp = row[date_at].strip()
        if not _DAILY_DATE.match(stamp):
            raise PayloadError(
                source, f"survey date {stamp!r} in row {offset} is not a daily YYYYMMDD date"
            )
        try:
            day = date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:]))
        except ValueError:
            raise PayloadError(source, f"invalid survey date {stamp!r} in row {offset}") from None
        seen.append(day)
        cell = row[value_at].strip()
        # Weekends and holidays are published as empty cells or the literal "null".
        if cell == "" or cell.lower() == "null":
            continue
        try:
            value = float(cell)
        except ValueError:
            raise PayloadError(source, f"value {cell!r} for {stamp} is not a number") from None
        values[day] = value
    reject_duplicate_dates(pd.Index(seen), source, "survey dates")
    if not values:
        return empty_frame(series)
    days = sorted(values)
    return pd.DataFrame({series.column: [values[d] for d in days]}, index=_index(days))


def parse_page(series: BojSeries, raw: bytes) -> tuple[pd.DataFrame, int | None]:
    """One page: its frame and its ``NEXTPOSITION``, from a single decode."""
    preamble, rows = split(raw, series.source)
    if len(rows) <= 1:
        message = _message(preamble)
        raise PayloadError(series.source, f"the BOJ API answer has no data rows ({message})")
    return frame_from(series, rows), _next_from(preamble, series.source)


def parse(series: BojSeries, raw: bytes) -> pd.DataFrame:
    """Parse one ``getDataCode`` CSV answer for ``series``.

    Returns:
        Index ``date`` (``datetime64[ns, Asia/Tokyo]``, local midnight, ascending, unique);
        one float column, ``series.column``. Dates whose value is empty or ``null``
        (weekends, holidays, not yet published) are dropped.

    Raises:
        PayloadError: an error STATUS (with the BOJ's MESSAGE), an HTML page, a truncated
            or re-encoded answer, a changed header, or no data rows at all.
    """
    frame, _ = parse_page(series, raw)
    return frame


def merge(series: BojSeries, frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Pages joined in date order; a date on two pages keeps the later page's value."""
    non_empty = [f for f in frames if not f.empty]
    if not non_empty:
        return empty_frame(series)
    merged = pd.concat(non_empty)
    merged = merged[~merged.index.duplicated(keep="last")].sort_index()
    merged.index.name = "date"
    return merged


async def collect_series(series: BojSeries, fetcher: Fetcher) -> Collected:
    """Fetch the last ~24 months of ``series``, following ``NEXTPOSITION`` up to
    :data:`MAX_PAGES` pages.

    Raises:
        NoDataError: neither the API nor the cache could supply the first page.
        PayloadError: the answer (or the cached copy) is not a usable answer.
    """
    now = fetcher.clock()
    frames: list[pd.DataFrame] = []
    fetches: list[Fetched] = []
    position: int | None = None
    detail = series.detail

    def page_parser(raw: bytes) -> tuple[pd.DataFrame, int | None]:
        return parse_page(series, raw)

    for page in range(MAX_PAGES):
        url = data_url(series, now, start_position=position)
        try:
            (frame, following), fetched = await fetcher.fetch(
                series.source, url, page_parser, min_interval=MIN_INTERVAL
            )
        except NoDataError as exc:
            if page > 0:
                raise
            # The URL names the current month, so on the first refresh of a month the
            # cache has nothing under it; last month's window is better than nothing.
            (frame, _), fetched = await _previous_window(series, fetcher, now, exc)
            following = None  # later pages of that old window would not match
        frames.append(frame)
        fetches.append(fetched)
        if following is None:
            break
        if position is not None and following <= position:
            raise PayloadError(
                series.source, f"NEXTPOSITION did not advance ({position} -> {following})"
            )
        position = following
    else:
        detail += f" (stopped after {MAX_PAGES} pages)"
    # Joining the pages is pandas work: off the event loop.
    return await in_lane(_merged, series, frames, tuple(fetches), detail)


def _merged(
    series: BojSeries, frames: list[pd.DataFrame], fetches: tuple[Fetched, ...], detail: str
) -> Collected:
    """The pages of ``series`` joined into one :class:`Collected` (runs in a thread)."""
    merged = merge(series, frames)
    if merged.empty:
        raise PayloadError(series.source, "the BOJ API answered without any values")
    return Collected(
        frames={series.frame: merged},
        as_of=last_date(merged.index),
        fetches=fetches,
        detail=detail,
        notices=(CREDIT_NOTICE,),
    )


def collect_demo(series: BojSeries, raw: bytes) -> Collected:
    """A packaged synthetic answer for ``series``, parsed with the real parser."""
    frame = parse(series, raw)
    return Collected(
        frames={series.frame: frame},
        as_of=last_date(frame.index),
        detail=series.detail,
        notices=(CREDIT_NOTICE,),
    )


async def _previous_window(
    series: BojSeries, fetcher: Fetcher, now: datetime, error: NoDataError
) -> tuple[tuple[pd.DataFrame, int | None], Fetched]:
    """Last month's first page from the cache only, marked stale; else re-raise ``error``."""
    local = now.astimezone(TOKYO)
    month_ago = local.replace(day=1) - timedelta(days=1)
    url = data_url(series, month_ago)
    cached = await asyncio.to_thread(fetcher.cache.load, url)
    if cached is None:
        raise error
    value = await in_lane(parse_page, series, cached.content)
    reason = f"{error.message} (showing the cached window of the previous month)"
    return value, Fetched(url, cached.content, cached.fetched_at, from_cache=True, error=reason)
