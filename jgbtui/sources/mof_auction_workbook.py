"""Parser for the MoF coupon auction history workbook ``Auction_Results_for_JGBs.xls``.

Legacy BIFF ``.xls`` read with ``xlrd``: one sheet per tenor, named in Japanese; title rows
above a header row whose first cell starts with ``Issue Number``; dates as Excel serials;
amounts in **100 million yen** (converted here to billion yen, the unit of the HTML pages).
The 40-year and GX sheets are single-price auctions: ``Highest Accepted Yield`` and no
average-price columns. See ``shared/docs/data-sources.md`` §2a.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any, Final

import pandas as pd

from jgbtui.sources.base import PayloadError
from jgbtui.sources.mof_auction_frames import (
    AMOUNT_FIELDS,
    NUMBER_FIELDS,
    SOURCE,
    match_columns,
    normalize_header,
    parse_date,
    results_frame,
)
from jgbtui.sources.parsing import nfkc, reject_empty, reject_html, to_float

#: Sheet name (after NFKC and strip) -> (tenor label, security text as the pages print it).
#: Sheets not listed (``割3年`` discount bonds, the pre-2009 ``TB`` sheet) are skipped.
SHEETS: Final[dict[str, tuple[str, str]]] = {
    "2年債": ("2Y", "2-year"),
    "4年債": ("4Y", "4-year"),
    "5年債": ("5Y", "5-year"),
    "6年債": ("6Y", "6-year"),
    "10年債": ("10Y", "10-year"),
    "20年債": ("20Y", "20-year"),
    "30年債": ("30Y", "30-year"),
    "40年債": ("40Y", "40-year"),
    "10年物価連動": ("10Y JGBi", "10-year Inflation-Indexed"),
    "15変動": ("15Y FRN", "15-year Floating-rate"),
    "GX5年債": ("GX5Y", "5-year Climate Transition"),
    "GX10年債": ("GX10Y", "10-year Climate Transition"),
}

#: How many top rows may hold titles before the header.
HEADER_SCAN_ROWS: Final = 10
#: Workbook amounts are in 100 million yen; the schema uses billion yen.
_PER_BILLION: Final = 10.0
WORKBOOK_URL: Final = (
    "https://www.mof.go.jp/english/policy/jgbs/auction/past_auction_results/"
    "Auction_Results_for_JGBs.xls"
)


def _open(raw: bytes) -> Any:
    reject_empty(raw, SOURCE)
    reject_html(raw, SOURCE, "an .xls workbook")
    try:
        # xlrd reports damage on stdout unless given a log file; the error says enough.
        import xlrd  # only when a workbook is parsed: warm starts read stored frames

        return xlrd.open_workbook(file_contents=raw, logfile=io.StringIO())
    except Exception as exc:  # xlrd raises a zoo of types for damaged or foreign files
        raise PayloadError(
            SOURCE, f"not a readable .xls workbook ({type(exc).__name__}: {exc})"
        ) from exc


def _cell_date(value: object, datemode: int) -> date | None:
    """An Excel serial (the normal case) or a date typed as text; anything else is ``None``."""
    if isinstance(value, float | int) and not isinstance(value, bool):
        if value <= 0:
            return None
        import xlrd  # loaded already: the workbook is being read

        try:
            return xlrd.xldate.xldate_as_datetime(value, datemode).date()  # type: ignore[no-any-return]
        except (xlrd.xldate.XLDateError, OverflowError, ValueError):
            return None
    return parse_date(str(value))


def _cell_number(value: object) -> float:
    # Forty years of hand-kept history hold stray notes in number columns; one odd cell
    # must not reject the workbook, so it becomes missing.
    try:
        return to_float(value)
    except ValueError:
        return float("nan")


def _header_row(sheet: Any) -> int | None:
    for index in range(min(HEADER_SCAN_ROWS, sheet.nrows)):
        first = next((str(v) for v in sheet.row_values(index) if str(v).strip()), "")
        if normalize_header(first).startswith("issue number"):
            return index
    return None


def _sheet_records(sheet: Any, tenor: str, security: str, datemode: int) -> list[dict[str, object]]:
    header_index = _header_row(sheet)
    name = sheet.name.strip()
    if header_index is None:
        raise PayloadError(
            SOURCE, f"sheet {name}: no 'Issue Number' header in the first {HEADER_SCAN_ROWS} rows"
        )
    header = [str(v) for v in sheet.row_values(header_index)]
    columns, method = match_columns(header)
    missing = [f for f in ("auction_date", *AMOUNT_FIELDS) if f not in columns]
    if missing:
        raise PayloadError(
            SOURCE, f"sheet {name}: no column for {', '.join(missing)} (header changed?)"
        )
    records: list[dict[str, object]] = []
    for index in range(header_index + 1, sheet.nrows):
        values = sheet.row_values(index)
        values += [""] * (len(header) - len(values))
        auction_date = _cell_date(values[columns["auction_date"]], datemode)
        if auction_date is None:
            continue  # Japanese sub-header, blank line, footnote
        record: dict[str, object] = {
            "auction_date": auction_date,
            "tenor": tenor,
            "security": security,
            "method": method,
            "origin": "workbook",
            "url": WORKBOOK_URL,
        }
        for field in ("issue_date", "maturity_date"):
            record[field] = (
                _cell_date(values[columns[field]], datemode) if field in columns else None
            )
        for field in NUMBER_FIELDS:
            if field in columns:
                record[field] = _cell_number(values[columns[field]])
        for field in AMOUNT_FIELDS:
            record[field] = float(record[field]) / _PER_BILLION  # type: ignore[arg-type]
        if "issue_number" in columns:
            number = _cell_number(values[columns["issue_number"]])
            record["issue_number"] = None if number != number else int(number)
        records.append(record)
    return records


def parse_workbook(raw: bytes) -> pd.DataFrame:
    """Parse ``Auction_Results_for_JGBs.xls`` into the result frame.

    Every sheet in :data:`SHEETS` is read; the header row is found by scanning the first
    :data:`HEADER_SCAN_ROWS` rows and columns are matched by keyword. Rows without an
    auction date (sub-headers, notes) are skipped.

    Args:
        raw: the workbook bytes.

    Returns:
        The result frame (``origin="workbook"``), amounts in billion yen.

    Raises:
        PayloadError: not an .xls file (e.g. an HTML error page), none of the tenor
            sheets, a sheet without its header or key columns, or no auction rows at all.
    """
    book = _open(raw)
    records: list[dict[str, object]] = []
    known = 0
    for sheet in book.sheets():
        mapping = SHEETS.get(nfkc(sheet.name).strip())
        if mapping is None:
            continue
        known += 1
        records += _sheet_records(sheet, *mapping, book.datemode)
    if known == 0:
        raise PayloadError(
            SOURCE,
            f"workbook has none of the tenor sheets ({', '.join(SHEETS)}); "
            f"found {book.sheet_names()}",
        )
    if not records:
        raise PayloadError(SOURCE, "workbook has no auction rows")
    return results_frame(records)
