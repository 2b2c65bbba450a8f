"""The fault matrix as data: every case, what the server does, and what must come out.

The tests in this package run these cases, and ``scripts/fault_matrix.py`` renders them as
``docs/fault-matrix.md`` (a test checks that the document is current), so the published
matrix is the one the suite enforces.

Three families, each run for every source in the catalog with a warm cache made from its
good files:

* :data:`TRANSPORT_CASES` — the server misbehaves. The result must be ``stale`` with a
  one-line reason within the deadline, the cached bytes must not change, and the next good
  answer must bring the source back to ``ok`` by itself.
* :data:`CONTENT_CASES` — the server answers 200 with bytes that are not the file. The
  parsers must reject them (``stale``, cache unchanged, recovery) or, where the parser reads
  columns by name, take them correctly (``ok`` with the same numbers).
* :data:`CACHE_CASES` — the cache itself is damaged or cannot be written. Fresh data must
  still be shown (``ok``), with the status saying what happened to the cache.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from mirror import zip_bytes

from faults import server as srv
from jgbtui.sources import catalog

Outcome = Literal["stale", "ok", "n/a"]

# --------------------------------------------------------------------------- transport


@dataclass(frozen=True)
class TransportCase:
    """A way the server misbehaves, for every request of a source."""

    id: str
    title: str
    behaviour: srv.Behaviour | None
    """What the server does; ``None``: nothing listens on the port (connection refused)."""
    reason: str
    """A regular expression the one-line stale reason must match."""
    shown: str
    """The reason as the document shows it."""
    waits: bool = False
    """The case takes the whole deadline (hang, stall, drip)."""


EVIL_HOST = "https://evil.example/stats/eurofxref/eurofxref-hist.zip"

TRANSPORT_CASES: tuple[TransportCase, ...] = (
    TransportCase(
        "hang",
        "accepts the connection, never answers",
        srv.hang,
        r"no complete answer from .+ within [\d.]+ s",
        "no complete answer from HOST/…/FILE within N s",
        waits=True,
    ),
    TransportCase(
        "read-stall",
        "sends headers and half the body, then nothing",
        srv.stall,
        r"no complete answer from .+ within [\d.]+ s",
        "no complete answer from HOST/…/FILE within N s",
        waits=True,
    ),
    TransportCase(
        "drip",
        "sends one byte every 0.2 s (no read ever times out)",
        srv.drip,
        r"no complete answer from .+ within [\d.]+ s",
        "no complete answer from HOST/…/FILE within N s",
        waits=True,
    ),
    TransportCase(
        "reset",
        "resets the connection (TCP RST) instead of answering",
        srv.reset,
        r"connection to .+ broken while reading|incomplete answer from",
        "connection to HOST broken while reading",
    ),
    TransportCase(
        "refused",
        "nothing listens on the port",
        None,
        r"cannot reach 127\.0\.0\.1:\d+: ConnectError",
        "cannot reach HOST: ConnectError",
    ),
    TransportCase(
        "http-500",
        "answers 500 Internal Server Error",
        srv.status(500),
        r"HTTP 500 from ",
        "HTTP 500 from HOST/…/FILE",
    ),
    TransportCase(
        "http-503-retry-after-soon",
        "answers 503 with Retry-After: 1 (within the deadline; still 503 after the wait)",
        srv.status(503, {"Retry-After": "1"}),
        r"HTTP 503 from .+; asked to retry after \d\d:\d\d:\d\d UTC",
        "HTTP 503 from HOST/…/FILE; asked to retry after HH:MM:SS UTC",
    ),
    TransportCase(
        "http-503-retry-after-late",
        "answers 503 with Retry-After: 3600 (beyond the deadline: not waited for)",
        srv.status(503, {"Retry-After": "3600"}),
        r"HTTP 503 from .+; asked to retry after \d\d:\d\d:\d\d UTC",
        "HTTP 503 from HOST/…/FILE; asked to retry after HH:MM:SS UTC",
    ),
    TransportCase(
        "http-404",
        "answers 404 Not Found",
        srv.status(404),
        r"HTTP 404 from ",
        "HTTP 404 from HOST/…/FILE",
    ),
    TransportCase(
        "http-429",
        "answers 429 Too Many Requests, no Retry-After (not retried)",
        srv.status(429),
        r"HTTP 429 from ",
        "HTTP 429 from HOST/…/FILE",
    ),
    TransportCase(
        "http-429-retry-after",
        "answers 429 with Retry-After as an HTTP date (far beyond the deadline)",
        srv.status(429, {"Retry-After": "Wed, 01 Jan 2100 00:00:00 GMT"}),
        r"HTTP 429 from .+; asked to retry after",
        "HTTP 429 from HOST/…/FILE; asked to retry after HH:MM:SS UTC",
    ),
    TransportCase(
        "truncated-with-length",
        "Content-Length of the whole file, half the body, then close",
        srv.truncated_with_length,
        r"incomplete answer from .+peer closed connection",
        "incomplete answer from HOST/…/FILE (peer closed connection without sending "
        "complete message body …)",
    ),
    TransportCase(
        "truncated-close-line-end",
        "no Content-Length, connection closed after a complete line (a shorter valid file)",
        srv.truncated_at_line_end,
        r"bad payload: truncated answer from .+ the start of the [\d,]+ cached",
        "bad payload: truncated answer from HOST/…/FILE (N bytes, the start of the M cached)",
    ),
    TransportCase(
        "truncated-close-mid-number",
        "no Content-Length, connection closed inside the last number",
        srv.truncated_mid_number,
        r"bad payload: truncated answer from .+ the start of the [\d,]+ cached",
        "bad payload: truncated answer from HOST/…/FILE (N bytes, the start of the M cached)",
    ),
    TransportCase(
        "gzip-bomb",
        "3 MB body with Content-Encoding: gzip that inflates to about 3 GB",
        srv.gzip_bombed,
        r"answer from .+ larger than the [\d.]+ MB limit",
        "answer from HOST/…/FILE larger than the N MB limit",
    ),
    TransportCase(
        "oversized",
        "Content-Length: 1 GB",
        srv.oversized,
        r"answer from .+ larger than the [\d.]+ MB limit",
        "answer from HOST/…/FILE larger than the N MB limit",
    ),
    TransportCase(
        "redirect-elsewhere",
        f"302 to {EVIL_HOST}",
        srv.redirect_to(EVIL_HOST),
        r"redirected to https://evil\.example/.+, not a publisher host over https",
        "HOST/…/FILE redirected to URL, not a publisher host over https",
    ),
)

# --------------------------------------------------------------------------- content

#: The text encoding of each source's files (CSV and HTML); the rest is binary.
CP932_SOURCES = {
    catalog.MOF_YIELDS_SPEC.name,
    catalog.MOF_FLOWS_WEEKLY_SPEC.name,
    catalog.MOF_FLOWS_MONTHLY_SPEC.name,
    catalog.MOF_INTERVENTION_SPEC.name,
    catalog.STATJP_CPI_SPEC.name,
    catalog.STATJP_CPI_TOKYO_SPEC.name,
    catalog.MOF_FLOWS_INVESTORS_SPEC.name,
}
#: Pages read as HTML: no column to swap, no number in a data row to spoil.
HTML_SOURCES = {catalog.BOJ_MPM_SPEC.name, catalog.FED_FOMC_SPEC.name}
HTML_ERROR = (
    b"<!DOCTYPE html><html><head><title>Service unavailable</title></head><body>busy</body></html>"
)

Mutation = Callable[[str, str, bytes], bytes | None]
"""``(source, official URL, good bytes) -> bytes served``; ``None`` serves the good file."""


def _text_of(source: str, url: str, body: bytes) -> tuple[str, Callable[[str], bytes]] | None:
    """The text inside a payload and how to put changed text back; ``None`` for binaries."""
    if url.endswith(".xls"):
        return None
    if url.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            name = archive.namelist()[0]
            inner = archive.read(name).decode("utf-8")
        return inner, lambda text: zip_bytes(name, text.encode("utf-8"))
    html = url.endswith((".htm", ".html"))
    encoding = "cp932" if source in CP932_SOURCES and not html else "utf-8"
    return body.decode(encoding), lambda text: text.encode(encoding)


def on_text(change: Callable[[str, str, str], str | None]) -> Mutation:
    """A mutation of the text of a payload (inside the ECB zip too; workbooks are left alone)."""

    def mutate(source: str, url: str, body: bytes) -> bytes | None:
        opened = _text_of(source, url, body)
        if opened is None:
            return None
        text, pack = opened
        changed = change(source, url, text)
        return None if changed is None else pack(changed)

    return mutate


def _html_page(source: str, url: str, body: bytes) -> bytes:
    return HTML_ERROR


def _empty(source: str, url: str, body: bytes) -> bytes:
    return b""


def _utf16(source: str, url: str, body: bytes) -> bytes | None:
    opened = _text_of(source, url, body)
    if opened is None:
        return None
    text, _ = opened
    encoded = text.encode("utf-16")
    return zip_bytes("eurofxref-hist.csv", encoded) if url.endswith(".zip") else encoded


#: Header or layout changes, one per source, each on a file the source reads.
_HEADER_EDITS: dict[str, tuple[str, str]] = {
    catalog.MOF_YIELDS_SPEC.name: (",40Y", ",50Y"),
    catalog.UST_CURVE_SPEC.name: ('"10 Yr"', '"10 Years Forward"'),
    catalog.MOF_AUCTIONS_SPEC.name: ("2026</td>", "2026 TBC</td>"),
    catalog.MOF_FLOWS_WEEKLY_SPEC.name: ("億円", "百万円"),
    catalog.MOF_FLOWS_MONTHLY_SPEC.name: ("億円", "百万円"),
    catalog.BOJ_USDJPY_SPEC.name: ("SURVEY_DATES", "SURVEY_DATE"),
    catalog.ECB_USDJPY_SPEC.name: ("Date,USD,JPY", "Date,USD,JPX"),
    catalog.FRED_USDJPY_SPEC.name: (",DEXJPUS", ",DEXUSEU"),
    catalog.MOF_INTERVENTION_SPEC.name: ("Year,Month,Day", "Year,Month,Date"),
    catalog.STATJP_CPI_SPEC.name: ('"All items, less fresh food"', '"All items, less fish"'),
    catalog.STATJP_CPI_TOKYO_SPEC.name: ('"All items, less fresh food"', '"All items, less fish"'),
    catalog.MOF_FLOWS_INVESTORS_SPEC.name: ("生命保険会社", "生命保険"),
    catalog.BOJ_POLICY_SPEC.name: ("OBS_VALUE", "OBS_VAL"),
    catalog.BOJ_CALL_RATE_SPEC.name: ("SURVEY_DATES", "SURVEY_DATE"),
    catalog.BOJ_MPM_SPEC.name: ("Date of MPM", "Meeting"),
    catalog.FED_FOMC_SPEC.name: ("fomc-meeting__date", "fomc-meeting__day"),
}


def _header_changed(source: str, url: str, text: str) -> str | None:
    old, new = _HEADER_EDITS[source]
    if old not in text:
        return None
    changed = text.replace(old, new)
    if source in (catalog.MOF_FLOWS_WEEKLY_SPEC.name, catalog.MOF_FLOWS_MONTHLY_SPEC.name):
        changed = re.sub(r"100 mil\w* [Yy]en", "million yen", changed)
    return changed


#: A data line of each source, and which number on it becomes text (first or last). The
#: lines are where the newest data is: the last row, or the first for newest-first files.
_NUMBER_LINES: dict[str, tuple[str, Literal["first", "last"], Literal["first", "last"]]] = {
    catalog.MOF_YIELDS_SPEC.name: (r"^\d{4}/\d{1,2}/\d{1,2},", "last", "last"),
    catalog.UST_CURVE_SPEC.name: (r"^\d\d/\d\d/\d{4},", "first", "last"),
    catalog.MOF_FLOWS_WEEKLY_SPEC.name: (r"^\d{4}．", "last", "first"),
    catalog.MOF_FLOWS_MONTHLY_SPEC.name: (
        r",(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec),\"?-?\d",
        "last",
        "first",
    ),
    catalog.BOJ_USDJPY_SPEC.name: (r"^FXERD04,.*,\d+\.\d+\s*$", "last", "last"),
    catalog.ECB_USDJPY_SPEC.name: (r"^\d{4}-\d\d-\d\d,", "first", "first"),
    catalog.FRED_USDJPY_SPEC.name: (r"^\d{4}-\d\d-\d\d,\d", "last", "last"),
    catalog.MOF_INTERVENTION_SPEC.name: (r"\(bought\)", "last", "last"),
    catalog.STATJP_CPI_SPEC.name: (r"^\d{6},", "last", "first"),
    catalog.STATJP_CPI_TOKYO_SPEC.name: (r"^\d{6},", "last", "first"),
    catalog.MOF_FLOWS_INVESTORS_SPEC.name: (
        r",(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec),\"?-?\d",
        "last",
        "first",
    ),
    catalog.BOJ_POLICY_SPEC.name: (r"^dataflow,.*,\d{4}-\d\d-\d\d,\d", "last", "last"),
    catalog.BOJ_CALL_RATE_SPEC.name: (r"^STRDCLUCON,.*,\d+\.\d+\s*$", "last", "last"),
}
_NUMBER = re.compile(r"(?<![\w/.-])-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w/.])")


def _newest_number(
    replace: Callable[[str], str | None],
) -> Callable[[str, str, str], str | None]:
    """A text change that rewrites one number of the newest data row with ``replace``."""

    def change(source: str, url: str, text: str) -> str | None:
        if source not in _NUMBER_LINES:
            return None
        pattern, which_line, which_number = _NUMBER_LINES[source]
        lines = text.splitlines(keepends=True)
        matching = [i for i, line in enumerate(lines) if re.search(pattern, line)]
        if not matching:
            return None
        index = matching[0] if which_line == "first" else matching[-1]
        line = lines[index]
        # Skip the row's own date: numbers after the first comma only.
        start = line.index(",") + 1
        numbers = [m for m in _NUMBER.finditer(line, start) if m.group().strip(",")]
        if not numbers:
            return None
        hit = numbers[0] if which_number == "first" else numbers[-1]
        new = replace(hit.group())
        if new is None:
            return None
        lines[index] = line[: hit.start()] + new + line[hit.end() :]
        return "".join(lines)

    return change


_number_to_text = _newest_number(lambda _number: "abc")


def _nudged(number: str) -> str | None:
    """The same number with its last digit changed (``2.987`` -> ``2.988``): a value cut or
    altered in place, which still parses and still looks believable."""
    last = number[-1]
    if not last.isdigit():
        return None
    return number[:-1] + ("1" if last == "0" else str(int(last) - 1))


def _future_year(source: str, url: str, text: str) -> str | None:
    """The newest data row's year moved to 2031 (the date of a row in the future)."""
    if source not in _NUMBER_LINES:
        return None
    pattern, which_line, _ = _NUMBER_LINES[source]
    lines = text.splitlines(keepends=True)
    matching = [i for i, line in enumerate(lines) if re.search(pattern, line)]
    if not matching:
        return None
    index = matching[0] if which_line == "first" else matching[-1]
    # The row's date is its last year-like number (BOJ rows carry a release stamp first).
    years = list(re.finditer(r"(?<![\d.])20[0-3]\d", lines[index]))
    if not years:
        return None
    year = years[-1]
    lines[index] = lines[index][: year.start()] + "2031" + lines[index][year.end() :]
    return "".join(lines)


#: Columns (0-based) swapped in header and data, per source; the flows swap whole blocks.
_SWAPS: dict[str, tuple[tuple[int, int], int] | None] = {
    catalog.MOF_YIELDS_SPEC.name: ((1, 2), 1),
    catalog.UST_CURVE_SPEC.name: ((1, 3), 1),
    catalog.MOF_FLOWS_WEEKLY_SPEC.name: ((1, 12), 11),
    catalog.MOF_FLOWS_MONTHLY_SPEC.name: ((3, 14), 11),
    catalog.BOJ_USDJPY_SPEC.name: ((6, 7), 1),
    catalog.ECB_USDJPY_SPEC.name: ((1, 2), 1),
    catalog.FRED_USDJPY_SPEC.name: ((0, 1), 1),
    catalog.MOF_INTERVENTION_SPEC.name: ((3, 4), 1),
    catalog.STATJP_CPI_SPEC.name: ((1, 2), 1),
    catalog.STATJP_CPI_TOKYO_SPEC.name: ((1, 2), 1),
    catalog.MOF_FLOWS_INVESTORS_SPEC.name: ((3, 42), 3),
    catalog.BOJ_POLICY_SPEC.name: ((5, 6), 1),
    catalog.BOJ_CALL_RATE_SPEC.name: ((6, 7), 1),
}


def _swapped(source: str, url: str, text: str) -> str | None:
    spec = _SWAPS.get(source)
    if spec is None or url.endswith((".htm", ".html")):
        return None
    (left, right), width = spec
    rows = list(csv.reader(io.StringIO(text, newline="")))
    for row in rows:
        if len(row) >= right + width:
            row[left : left + width], row[right : right + width] = (
                row[right : right + width],
                row[left : left + width],
            )
    out = io.StringIO(newline="")
    newline = "\r\n" if "\r\n" in text else "\n"
    csv.writer(out, lineterminator=newline).writerows(rows)
    return out.getvalue()


@dataclass(frozen=True)
class ContentCase:
    """Bytes that are not the file, served with 200 for every request of a source."""

    id: str
    title: str
    mutation: Mutation
    reason: str
    """A regular expression the stale reason must match."""
    shown: str
    expected: dict[str, Outcome] = field(default_factory=dict)
    """Outcome per source where it is not ``stale``."""

    def outcome(self, source: str) -> Outcome:
        """What this case must give for ``source``."""
        return self.expected.get(source, "stale")


_AUCTIONS = catalog.MOF_AUCTIONS_SPEC.name

CONTENT_CASES: tuple[ContentCase, ...] = (
    ContentCase(
        "html-200",
        "an HTML error page with status 200",
        _html_page,
        r"bad payload: .*(HTML|no auction rows)",
        "bad payload: expected … but got an HTML page",
    ),
    ContentCase(
        "wrong-encoding",
        "the file re-encoded as UTF-16 (the ECB zip's CSV too; workbooks are binary)",
        _utf16,
        r"bad payload: ",
        "bad payload: not valid … text / binary or UTF-16 / no data rows",
    ),
    ContentCase(
        "empty",
        "an empty body with status 200",
        _empty,
        r"bad payload: .*empty payload",
        "bad payload: empty payload",
    ),
    ContentCase(
        "changed-header",
        "a header cell renamed (a tenor, a unit, a date layout, a series code)",
        on_text(_header_changed),
        r"bad payload: ",
        "bad payload: header changed: … / unit line … not found",
    ),
    ContentCase(
        "non-numeric",
        "a number in the newest row replaced by text",
        on_text(_number_to_text),
        r"bad payload: .*(not a number|non-numeric|abc)",
        "bad payload: … 'abc' … is not a number",
        expected={_AUCTIONS: "n/a", **dict.fromkeys(HTML_SOURCES, "n/a")},
    ),
    ContentCase(
        "swapped-columns",
        "two columns (the flows: the two blocks) swapped in header and data",
        on_text(_swapped),
        r"bad payload: ",
        "bad payload: header changed / blocks swapped; or read by name",
        expected={
            catalog.UST_CURVE_SPEC.name: "ok",
            catalog.ECB_USDJPY_SPEC.name: "ok",
            _AUCTIONS: "n/a",
            # Read by item code and by column name: the same numbers.
            catalog.STATJP_CPI_SPEC.name: "ok",
            catalog.STATJP_CPI_TOKYO_SPEC.name: "ok",
            catalog.BOJ_POLICY_SPEC.name: "ok",
            **dict.fromkeys(HTML_SOURCES, "n/a"),
        },
    ),
)

# ----------------------------------------------------------------------------------------
# CONTENT FAULTS THE ACCEPTANCE GATE JUDGES (jgbtui/sources/gate.py, wired into
# runtime/refresh.py): bytes that parse, but whose numbers must not become current. They run
# through tests/faults/test_content_matrix.py like CONTENT_CASES (the warm result is the last
# good copy). A history cut at a line end, an older file, duplicates and a cold cache are in
# tests/sources/test_gate.py and tests/cli/test_snapshot_e2e.py.
# ----------------------------------------------------------------------------------------
_GATE = r"(rejected: |bad payload: )"
#: Publishers that revise past values: a changed newest value is a revision, taken as such.
_REVISING = tuple(
    spec.name for spec in catalog.CATALOG if any(frame.revises for frame in spec.frames)
)

GATE_CONTENT_CASES: tuple[ContentCase, ...] = (
    ContentCase(
        "infinite",
        "the newest value written inf",
        on_text(_newest_number(lambda _number: "inf")),
        _GATE,
        "rejected: … inf on … is not a number (or the parser refuses it)",
        expected={_AUCTIONS: "n/a", **dict.fromkeys(HTML_SOURCES, "n/a")},
    ),
    ContentCase(
        "absurd",
        "the newest value written 999999 (a 10Y at 999999 %, USD/JPY at 999999)",
        on_text(_newest_number(lambda _number: "999999")),
        _GATE,
        "rejected: … 999999 on … is outside …",
        expected={_AUCTIONS: "n/a", **dict.fromkeys(HTML_SOURCES, "n/a")},
    ),
    ContentCase(
        "changed-in-place",
        "the newest value's last digit changed, same date (a number cut or altered)",
        on_text(_newest_number(_nudged)),
        r"rejected: .*changed from",
        "rejected: … on DATE changed from X to Y, and this publisher does not revise",
        expected={
            _AUCTIONS: "n/a",
            **dict.fromkeys(HTML_SOURCES, "n/a"),
            # These publishers revise: a new value for a past date is the revision.
            **dict.fromkeys(_REVISING, "n/a"),
            # BIS prints the rate every day: a changed newest day reads as a new decision,
            # which the source flags when no BOJ statement backs it (tests/sources).
            catalog.BOJ_POLICY_SPEC.name: "n/a",
        },
    ),
    ContentCase(
        "future-date",
        "the newest row dated 2031",
        on_text(_future_year),
        _GATE,
        "rejected: … date 2031-… is in the future (or the parser refuses the date)",
        expected={
            _AUCTIONS: "n/a",
            **dict.fromkeys(HTML_SOURCES, "n/a"),
            # Rows dated by era or by month name alone: no year on the newest row to move.
            catalog.MOF_FLOWS_MONTHLY_SPEC.name: "n/a",
            catalog.MOF_FLOWS_INVESTORS_SPEC.name: "n/a",
            catalog.MOF_INTERVENTION_SPEC.name: "n/a",
            # The policy frame holds rate changes: a future day at the same rate is none.
            catalog.BOJ_POLICY_SPEC.name: "ok",
        },
    ),
)

# --------------------------------------------------------------------------- cache


@dataclass(frozen=True)
class CacheCase:
    """Something wrong with the cache directory; the publisher answers normally."""

    id: str
    title: str
    reason: str | None
    """A regular expression the status's error text must match (``None``: no error)."""
    shown: str
    warm: bool = True
    """Starts from the warm cache (else from no cache)."""


CACHE_CASES: tuple[CacheCase, ...] = (
    CacheCase(
        "damaged-metadata",
        "every entry's metadata line overwritten with garbage",
        r"damaged cache entry .+ \(metadata unreadable\); set aside in quarantine/",
        "damaged cache entry … (metadata unreadable); set aside in quarantine/, fetching afresh",
    ),
    CacheCase(
        "bad-checksum",
        "one byte of every cached payload flipped",
        r"damaged cache entry .+ \(payload checksum does not match\); set aside",
        "damaged cache entry … (payload checksum does not match); set aside …",
    ),
    CacheCase(
        "no-longer-parses-304",
        "every cached payload replaced by valid-checksum garbage; the server answers 304",
        r"damaged cache entry .+ \(no longer parses: .+\); set aside",
        "damaged cache entry … (no longer parses: …); set aside …",
    ),
    CacheCase(
        "old-two-file-layout",
        "entries in the previous .bin + .json layout",
        None,
        "(none: read once, rewritten in the one-file layout, old files removed)",
    ),
    CacheCase(
        "directory-is-a-file",
        "a regular file where the cache directory should be",
        r"cache not written \(",
        "cache not written (File exists / Not a directory)",
        warm=False,
    ),
    CacheCase(
        "directory-under-a-file",
        "the cache directory configured under a regular file",
        r"cache not written \(",
        "cache not written (Not a directory)",
        warm=False,
    ),
)

# The kill -9 during a write is one test of its own (a subprocess writing entries in a
# loop is killed mid-write, repeatedly): tests/faults/test_cache_faults.py.
