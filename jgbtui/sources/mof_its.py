"""Shared parsing of the MoF *International Transactions in Securities* (ITS) CSV files.

``week.csv`` (weekly) and ``montha1.csv`` (monthly) share one layout, described in
``shared/docs/data-sources.md`` section 3: some label columns, then an 11-column **Assets**
block (residents buying and selling foreign securities), then an 11-column **Liabilities**
block (non-residents buying and selling Japanese securities). Each block reads::

    equity & investment fund shares  {acquisition, disposition, net}
    long-term debt securities        {acquisition, disposition, net}
    subtotal (equity + long-term debt) net
    short-term debt securities       {acquisition, disposition, net}
    total net

Values are in 100 million yen (億円); a positive net is net acquisition (buying) by the
named side. The files are CP932 with bilingual multi-line headers and footnotes, so data rows
are picked by pattern (the period source modules know theirs) and never by line number.

This module holds what both files share: decoding, cell normalisation, number cleaning, the
block-to-column mapping, consistency checks and the frame builder.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Sequence
from datetime import date

import pandas as pd

from jgbtui.sources.base import PayloadError
from jgbtui.sources.catalog import FLOWS_SERIES_BREAK
from jgbtui.sources.parsing import (
    MISSING_MARKERS,
    csv_rows,
    decode,
    nfkc,
    reject_duplicate_dates,
    reject_empty,
    reject_html,
    tz_index,
)

ITS_BASE_URL = (
    "https://www.mof.go.jp/policy/international_policy/reference/itn_transactions_in_securities/"
)
"""Directory of the Japanese-path ITS files (the ``/english/`` path is reported to 404)."""
WEEKLY_URL = ITS_BASE_URL + "week.csv"
MONTHLY_URL = ITS_BASE_URL + "montha1.csv"

ENCODING = "cp932"
"""MoF publishes Shift_JIS; CP932 is the superset Windows (and MoF's Excel) actually writes."""

TZ = "Asia/Tokyo"

DETAIL = "designated major investors; long-term debt securities (not JGB-only)"
"""Caveat shown with both frames: no country or issuer split, and bonds are not JGB-only."""

BLOCK_FIELDS: tuple[str, ...] = (
    "equity_acq",
    "equity_disp",
    "equity_net",
    "bonds_acq",
    "bonds_disp",
    "bonds_net",
    "subtotal_net",
    "bills_acq",
    "bills_disp",
    "bills_net",
    "total_net",
)
"""The 11 cells of one block, in file order. "bonds" = long-term debt securities,
"bills" = short-term debt securities, "equity" = equity and investment fund shares."""

BLOCK_WIDTH = len(BLOCK_FIELDS)
VALUE_WIDTH = 2 * BLOCK_WIDTH
"""Value cells per data row: Assets block then Liabilities block."""


def _block_columns(prefix: str) -> tuple[str, ...]:
    return tuple(f"{prefix}_{field}_jpy_100m" for field in BLOCK_FIELDS)


RES_COLUMNS = _block_columns("res")
"""Assets block: residents' transactions in foreign securities (outward investment)."""
NONRES_COLUMNS = _block_columns("nonres")
"""Liabilities block: non-residents' transactions in Japanese securities (inward)."""
FLOW_COLUMNS: tuple[str, ...] = NONRES_COLUMNS + RES_COLUMNS
"""Every float64 column of both frames (100 million yen), non-residents first."""
FILE_ORDER: tuple[str, ...] = RES_COLUMNS + NONRES_COLUMNS
"""The same columns in the order the value cells appear in the files."""

NONRES_BONDS_NET = "nonres_bonds_net_jpy_100m"
"""Foreign net buying of Japanese long-term debt securities: the headline series
(``week.csv`` column 17, ``montha1.csv`` column 19, 0-based)."""

SERIES_BREAK = FLOWS_SERIES_BREAK
"""First period after MoF's January 2014 reclassification.

From January 2014 some investment-trust transactions moved from long-term debt securities to
equity and investment fund shares, so the ``*_equity_*`` and ``*_bonds_*`` series are not
continuous across this date, while ``*_subtotal_net_*`` and ``*_total_net_*`` are. (The sign
rule for residents also changed then, but the CSV history is already restated to the current
"+ = net acquisition" convention.) Mark periods starting before this date in the UI.
"""

#: Tolerance (100 million yen) for the accounting identities. Every published figure is
#: rounded on its own, so e.g. 18,524 - 17,015 = 1,509 is published as a net of 1,508.
IDENTITY_TOLERANCE = 2.0

# Full-width tilde: CP932 decodes 0x8160 to U+FF5E (NFKC -> "~"), but text that went through
# a Shift_JIS codec carries U+301C WAVE DASH, which NFKC leaves alone. U+223C is the
# mathematical tilde some converters substitute.
_TILDES = str.maketrans({"\u301c": "~", "\u223c": "~", "\uff5e": "~"})
# Minus signs: CP932 decodes 0x817C to U+FF0D (NFKC -> "-"); Shift_JIS gives U+2212.
_MINUSES = str.maketrans({"\u2212": "-", "\uff0d": "-"})

_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_UNIT_MARKERS = ("億円", "100 million yen")


def normalise_cell(cell: str) -> str:
    """NFKC-normalise one cell and unify tilde and minus variants; strip outer whitespace.

    Full-width digits and punctuation become ASCII, so ``"2005．1．2～ 1．8"`` reads
    ``"2005.1.2~ 1.8"`` whichever tilde the decoder produced.
    """
    return nfkc(cell).translate(_TILDES).translate(_MINUSES).strip()


def decode_its(raw: bytes, source: str) -> str:
    """Decode an ITS payload strictly as CP932.

    Raises:
        PayloadError: empty payload, an HTML page, a UTF-8 re-encoded file, or bytes that
            are not CP932.
    """
    reject_empty(raw, source)
    reject_html(raw, source, "CP932 CSV")
    if raw.startswith(b"\xef\xbb\xbf") or _is_utf8_with_non_ascii(raw):
        # UTF-8 Japanese often *also* decodes as CP932 (into mojibake), so a strict CP932
        # decode alone would not catch a re-saved file; genuine CP932 text with Japanese in
        # it is practically never valid UTF-8.
        raise PayloadError(source, "payload is UTF-8, expected CP932 (file re-encoded?)")
    return decode(raw, source, (ENCODING,))


def _is_utf8_with_non_ascii(raw: bytes) -> bool:
    if raw.isascii():
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def its_rows(raw: bytes, source: str) -> list[list[str]]:
    """Decode and split an ITS payload into rows of normalised cells.

    Uses a real CSV parser because the header cell ``"期間\\nPeriod"`` spans two lines.

    Raises:
        PayloadError: see :func:`decode_its`.
    """
    text = decode_its(raw, source)
    try:
        rows = csv_rows(text)
    except csv.Error as exc:
        raise PayloadError(source, f"not a readable CSV file: {exc}") from exc
    return [[normalise_cell(cell) for cell in row] for row in rows]


def check_unit(header_rows: Sequence[Sequence[str]], source: str) -> None:
    """The lines above the first data row exist and say the unit is 100 million yen.

    A unit change would silently scale every figure, so it is treated as a changed file.

    Raises:
        PayloadError: no header lines, or the unit line is missing.
    """
    text = "\n".join(",".join(row) for row in header_rows)
    if not text.strip():
        raise PayloadError(source, "header lines missing above the first data row")
    lowered = text.lower()
    if not any(marker in lowered for marker in _UNIT_MARKERS):
        raise PayloadError(
            source, "unit line （単位：億円） not found in the header (changed file or unit?)"
        )


def check_header(header_rows: Sequence[Sequence[str]], source: str, label_columns: int) -> None:
    """Check the lines above the first data row: the unit, and every column by its name.

    A unit change would silently scale every figure, so it is treated as a changed file.
    Values are read by position, so the header must say that each position holds what the
    position means: the Liabilities (non-residents) block title above the twelfth value
    column with the Assets (residents) title before it, the instrument names (equity,
    long-term debt, subtotal, short-term debt, total) above the first column of each group
    and acquisition / disposition / net above every column, in English or in Japanese.
    Swapped blocks or groups are rejected even when their figures satisfy the identities.

    Args:
        header_rows: the rows above the first data row (normalised cells).
        source: source name for error messages.
        label_columns: how many label columns precede the value cells.

    Raises:
        PayloadError: no header lines, the unit line is missing, or a column's names do not
            match its position (swapped or changed layout).
    """
    check_unit(header_rows, source)
    _check_blocks(header_rows, source, label_columns)
    for offset, block in ((0, "Assets"), (BLOCK_WIDTH, "Liabilities")):
        for position in range(BLOCK_WIDTH):
            column = label_columns + offset + position
            # Block titles ("対外証券投資【居住者による取得・処分】") name sides too: skip them.
            cells = [
                row[column]
                for row in header_rows
                if column < len(row) and _side(row[column]) is None
            ]
            expected = {_SIDE_OF[position]}
            if position in _GROUP_OF:
                expected.add(_GROUP_OF[position])
            found = set().union(*(_labels(cell) for cell in cells))
            if found != expected:
                raise PayloadError(
                    source,
                    f"column {column + 1} ({block} {BLOCK_FIELDS[position]}) is headed "
                    f"{', '.join(sorted(found)) or 'with nothing known'} instead of "
                    f"{', '.join(sorted(expected))} (swapped columns or changed layout)",
                )


#: What each position of a block must be headed with: the instrument group at the first
#: column of each group, and the side (acquisition, disposition, net) at every column.
_GROUP_OF = {0: "equity", 3: "long-term debt", 6: "subtotal", 7: "short-term debt", 10: "total"}
_SIDE_OF = {
    i: side
    for i, side in enumerate(
        ("acquisition", "disposition", "net") * 2 + ("net",) + ("acquisition", "disposition")
        + ("net", "net")
    )
}  # fmt: skip
_LABELS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, re.compile(pattern, re.IGNORECASE))
    for label, pattern in (
        ("equity", r"\bequity\b|株式"),
        ("long-term debt", r"\blong-?\s*term\b|中長期債"),
        ("short-term debt", r"\bshort-?\s*term\b|短期債"),
        ("subtotal", r"\bsub-?\s*total\b|小計"),
        ("total", r"(?<!sub)(?<!sub-)(?<!sub )\btotal\b|合計"),
        ("acquisition", r"\bacquisitions?\b|取得"),
        ("disposition", r"\bdispositions?\b|処分"),
        ("net", r"\bnet\b|ネット"),
    )
)


def _labels(cell: str) -> set[str]:
    """The column names a header cell carries (spaces inside Japanese words ignored)."""
    squeezed = re.sub(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])", "", cell)
    # "中長期債" also contains "長期債", never "短期債"; "短期債" is checked on its own.
    return {label for label, pattern in _LABELS if pattern.search(squeezed)}


def _side(cell: str) -> str | None:
    """Which block a title cell names: residents' assets or non-residents' liabilities."""
    squeezed = re.sub(r"\s+", "", cell).lower()
    liabilities = "liabilit" in squeezed or "対内" in squeezed or "非居住者" in squeezed
    assets = (
        "assets" in squeezed or "対外" in squeezed or "居住者" in squeezed.replace("非居住者", "")
    )
    if liabilities and assets:
        return "both"
    return "liabilities" if liabilities else "assets" if assets else None


def _check_blocks(header_rows: Sequence[Sequence[str]], source: str, label_columns: int) -> None:
    """The Liabilities title heads the twelfth value column; the Assets title comes before."""
    start = label_columns + BLOCK_WIDTH
    end = label_columns + VALUE_WIDTH
    swapped = "Liabilities block precedes Assets block or titles disagree (swapped blocks?)"
    rows = [row for row in header_rows if start < len(row) and _side(row[start]) is not None]
    if not rows:
        early = {_side(c) for row in header_rows for c in row[label_columns:start]}
        if early & {"liabilities", "both"}:
            raise PayloadError(source, swapped)
        raise PayloadError(
            source, f"no Liabilities block title above column {start + 1} (changed layout)"
        )
    for row in rows:
        before = [_side(cell) for cell in row[:start]]
        after = [_side(cell) for cell in row[start + 1 : end]]
        if _side(row[start]) != "liabilities" or "assets" not in before:
            raise PayloadError(source, swapped)
        if {"liabilities", "both"} & set(before) or {"assets", "both"} & set(after):
            raise PayloadError(source, swapped)


def parse_number(cell: str) -> float:
    """Parse one ITS value cell: ``"1,689 "`` -> 1689.0, ``"-213 "`` -> -213.0.

    Missing markers (blank, ``-`` ...) become NaN, never 0.

    Raises:
        ValueError: for anything else (text, a cell that swallowed a broken quote, ...).
    """
    text = normalise_cell(cell)
    if text in MISSING_MARKERS:
        return math.nan
    compact = text.replace(",", "").replace(" ", "")
    if not _NUMBER.fullmatch(compact):
        raise ValueError(f"not a number: {cell!r}")
    return float(compact)


def block_values(
    cells: Sequence[str], source: str, label: str, *, extra_allowed: int = 0
) -> list[float] | None:
    """Parse the 22 value cells (Assets then Liabilities) that follow a row's labels.

    Args:
        cells: the row's cells after its label columns.
        source: source name for error messages.
        label: the row's period label, for error messages.
        extra_allowed: how many trailing cells beyond the 22 to ignore (montha1's own
            difference columns).

    Returns:
        22 floats in :data:`FILE_ORDER`, or ``None`` when every cell is blank (a period
        listed but not yet published).

    Raises:
        PayloadError: wrong number of cells, a non-numeric cell, or figures that break the
            net = acquisition - disposition / subtotal / total identities (a shifted column).
    """
    cells = list(cells)
    if all(normalise_cell(c) in MISSING_MARKERS for c in cells):
        return None
    # Trailing empty cells past the expected width are just separators Excel left behind.
    while len(cells) > VALUE_WIDTH + extra_allowed and not cells[-1].strip():
        cells.pop()
    if not VALUE_WIDTH <= len(cells) <= VALUE_WIDTH + extra_allowed:
        expected = (
            str(VALUE_WIDTH)
            if not extra_allowed
            else f"{VALUE_WIDTH} (+ up to {extra_allowed} difference columns)"
        )
        raise PayloadError(
            source,
            f"row {label!r} has {len(cells)} value cells, expected {expected} "
            "(truncated or changed file)",
        )
    values: list[float] = []
    for position, cell in enumerate(cells[:VALUE_WIDTH]):
        try:
            values.append(parse_number(cell))
        except ValueError:
            column = FILE_ORDER[position]
            raise PayloadError(
                source,
                f"row {label!r}: non-numeric value {cell.strip()[:40]!r} in {column} "
                "(truncated or changed file)",
            ) from None
    check_identities(values, source, label)
    return values


def check_identities(values: Sequence[float], source: str, label: str) -> None:
    """Check each block's accounting identities within rounding (:data:`IDENTITY_TOLERANCE`).

    net = acquisition - disposition for the three instruments, subtotal = equity net + bond
    net, total = subtotal + bill net. A column inserted or moved anywhere breaks these.

    Raises:
        PayloadError: naming the row and the identity that failed.
    """
    for offset, block in ((0, "Assets"), (BLOCK_WIDTH, "Liabilities")):
        v = dict(zip(BLOCK_FIELDS, values[offset : offset + BLOCK_WIDTH], strict=True))
        checks = (
            ("equity net", v["equity_net"], v["equity_acq"] - v["equity_disp"]),
            ("long-term debt net", v["bonds_net"], v["bonds_acq"] - v["bonds_disp"]),
            ("short-term debt net", v["bills_net"], v["bills_acq"] - v["bills_disp"]),
            ("subtotal", v["subtotal_net"], v["equity_net"] + v["bonds_net"]),
            ("total", v["total_net"], v["subtotal_net"] + v["bills_net"]),
        )
        for what, published, implied in checks:
            # NaN compares False, so a missing cell skips its check instead of failing it.
            if abs(published - implied) > IDENTITY_TOLERANCE:
                raise PayloadError(
                    source,
                    f"row {label!r}: {block} {what} {published:,.0f} does not match "
                    f"{implied:,.0f} from its components (columns shifted?)",
                )


def build_frame(
    index_dates: Sequence[date],
    rows: Sequence[Sequence[float]],
    index_name: str,
    source: str,
) -> pd.DataFrame:
    """Assemble a frame with a Tokyo-midnight DatetimeIndex and :data:`FLOW_COLUMNS`.

    Raises:
        PayloadError: no rows, or period dates that repeat or run backwards.
    """
    if not rows:
        raise PayloadError(source, "no data rows found (changed or truncated file?)")
    index = tz_index(index_dates, TZ, name=index_name).as_unit("ns")
    reject_duplicate_dates(index, source, "periods")
    if not index.is_monotonic_increasing:
        raise PayloadError(source, "periods are out of order (changed file?)")
    frame = pd.DataFrame(list(rows), index=index, columns=list(FILE_ORDER), dtype="float64")
    return frame[list(FLOW_COLUMNS)]
