"""Parsers for the MoF English auction HTML: monthly calendars and per-auction result pages.

Both are pure ``bytes -> DataFrame`` functions that raise
:class:`~jgbtui.sources.base.PayloadError` (naming ``mof_auctions``) when the page is not
what we expect: an error page, a page without the table, a truncated download, or a
table whose headers changed. Tables are read by keyword and pattern, never by position,
because the layout has drifted over the years (see ``shared/docs/data-sources.md`` §2b, §2d).
"""

from __future__ import annotations

import math
import re
from datetime import date, timedelta
from typing import Any, Final, cast
from urllib.parse import urlsplit

import pandas as pd

from jgbtui.sources.base import PayloadError
from jgbtui.sources.catalog import MOF_AUCTIONS_SPEC
from jgbtui.sources.html_pages import document
from jgbtui.sources.mof_auction_frames import (
    AMOUNT_FIELDS,
    MONTH_NAME_DATE,
    NUMBER_FIELDS,
    SOURCE,
    calendar_frame,
    classify_security,
    match_columns,
    parse_date,
    results_frame,
)
from jgbtui.sources.parsing import to_float

#: Relative links on a calendar page resolve against its directory.
CALENDAR_DIR: Final = "https://www.mof.go.jp/english/policy/jgbs/auction/calendar/"

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# A date cell holds only the date, perhaps with the weekday: "Oct. 20, 2026 (Tue.)".
_DATE_CELL = re.compile(rf"^\s*{MONTH_NAME_DATE.pattern}\s*(\(\w+\.?\))?\s*$", re.IGNORECASE)
_RESULT_LINK = re.compile(r"resul\w*\.htm", re.IGNORECASE)
_ANNOUNCEMENT_LINK = re.compile(r"(auct\w*\.htm|announce)", re.IGNORECASE)
# Cell texts that are link labels, never a security name.
_LINK_LABELS: Final = frozenset({"detail", "details", "result", "results", "announcement", "-"})
_REQUIRED_RESULT_FIELDS: Final = ("auction_date", "competitive_bids_jpy_bn", "accepted_jpy_bn")


def _document(raw: bytes, what: str) -> Any:
    """Decode strictly as UTF-8 (as the English pages are) and parse as HTML.

    No lenient fallback: cp932 decodes almost any byte soup, so a wrong payload would pass.
    """
    return document(raw, SOURCE, what)


def _text(element: Any) -> str:
    return " ".join(str(element.text_content()).split())


def _grid(table: Any) -> list[list[str]]:
    """The table's own rows (not nested tables') as cell texts, ``colspan`` repeated."""
    grid = []
    for tr in table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr"):
        row: list[str] = []
        for cell in tr.xpath("./th|./td"):
            span = int(cell.get("colspan", "1")) if cell.get("colspan", "1").isdigit() else 1
            row.extend([_text(cell)] * max(1, span))
        grid.append(row)
    return grid


# --------------------------------------------------------------------------- calendar


def publisher_link(href: str) -> bool:
    """Whether a link may be followed: https on one of the MoF's own hosts.

    A calendar that links anywhere else (another host, plain http, ``javascript:``) has
    been tampered with or is not the MoF's page; such links are dropped, never fetched.
    """
    parts = urlsplit(href)
    return parts.scheme == "https" and (parts.hostname or "") in MOF_AUCTIONS_SPEC.hosts


def parse_calendar(raw: bytes, url: str = CALENDAR_DIR) -> pd.DataFrame:
    """Parse an English monthly auction calendar (``calendar/YYMMe.htm``).

    A row is any table row with a cell that is just a date (``Oct. 20, 2026``); rows under
    a date cell with ``rowspan`` (two auctions on one day) inherit its date. The security is
    the first cell that names a known security, else the first other text cell (kept with
    ``tenor=None`` rather than dropped). Links are classified by their target: result pages
    (``eresul...htm``) and announcements (``auct...e.htm``), made absolute against ``url``.

    Args:
        raw: the page as published (UTF-8 HTML).
        url: the page's own URL, to resolve relative links.

    Returns:
        The calendar frame: ``auction_date`` (Tokyo), ``security``, ``tenor``,
        ``announcement_url``, ``result_url`` (``None`` when not linked yet).

    Raises:
        PayloadError: not HTML, or no auction rows (error page, changed layout).
    """
    doc = _document(raw, "calendar page")
    doc.make_links_absolute(url, resolve_base_href=True, handle_failures="discard")
    records: list[dict[str, object]] = []
    carried: date | None = None
    carry_rows = 0
    for tr in doc.iter("tr"):
        cells = tr.xpath("./th|./td")
        texts = [_text(c) for c in cells]
        date_index = next((i for i, t in enumerate(texts) if _DATE_CELL.match(t)), None)
        if date_index is not None:
            auction_date = parse_date(texts[date_index])
            span = cells[date_index].get("rowspan", "1")
            carried, carry_rows = auction_date, (int(span) - 1 if span.isdigit() else 0)
        elif carry_rows > 0 and carried is not None:
            auction_date, carry_rows = carried, carry_rows - 1
        else:
            continue
        if auction_date is None:
            continue
        others = [t for i, t in enumerate(texts) if i != date_index]
        security = next((t for t in others if classify_security(t)), None) or next(
            (
                t
                for t in others
                if re.search(r"[A-Za-z]", t)
                and t.lower() not in _LINK_LABELS
                and not _DATE_CELL.match(t)
            ),
            "",
        )
        hrefs = [h for a in tr.iter("a") if publisher_link(h := str(a.get("href", "")))]
        records.append(
            {
                "auction_date": auction_date,
                "security": security,
                "tenor": classify_security(security),
                "announcement_url": next((h for h in hrefs if _ANNOUNCEMENT_LINK.search(h)), None),
                "result_url": next((h for h in hrefs if _RESULT_LINK.search(h)), None),
            }
        )
    if not records:
        raise PayloadError(
            SOURCE, "calendar page has no auction rows (error page or changed layout?)"
        )
    return calendar_frame(records)


# --------------------------------------------------------------------------- result pages


_BID_FIELDS: Final = frozenset({"competitive_bids_jpy_bn", "accepted_jpy_bn"})


def _result_tables(doc: Any) -> list[tuple[list[str], list[list[str]]]]:
    """Every table that looks like auction results, as ``(header, data rows)``.

    The known pages put labels in a header row; a table with labels down the first
    column (one value column per security) is accepted too and transposed.
    """
    found: list[tuple[list[str], list[list[str]]]] = []
    for table in doc.iter("table"):
        grid = [row for row in _grid(table) if any(row)]
        index = next(
            (i for i, row in enumerate(grid) if match_columns(row)[0].keys() >= _BID_FIELDS), None
        )
        if index is not None:
            found.append((grid[index], grid[index + 1 :]))
            continue
        first_column = [row[0] if row else "" for row in grid]
        if grid and match_columns(first_column)[0].keys() >= _BID_FIELDS:
            width = max(len(row) for row in grid)
            columns = [[row[j] if j < len(row) else "" for row in grid] for j in range(1, width)]
            found.append((first_column, columns))
    return found


def _number(cell: str, header: str) -> float:
    try:
        return to_float(cell)
    except ValueError:
        raise PayloadError(SOURCE, f"unreadable number {cell!r} under {header!r}") from None


def _bill_tenor(issue: object, maturity: object) -> str | None:
    """T-bill pages have no Security column: tell 3M/6M/1Y bills by their life."""
    if not isinstance(issue, date) or not isinstance(maturity, date):
        return None
    days = (maturity - issue).days
    if days <= timedelta(weeks=15).days:
        return "TB3M"
    if days <= timedelta(weeks=28).days:
        return "TB6M"
    return "TB1Y" if days <= 400 else None


def _missing(columns: dict[str, int]) -> list[str]:
    missing = [f for f in _REQUIRED_RESULT_FIELDS if f not in columns]
    if "lowest_price_jpy" not in columns and "lowest_yield_pct" not in columns:
        missing.append("lowest price or highest yield")
    return missing


def _record(row: list[str], header: list[str], columns: dict[str, int]) -> dict[str, object]:
    """One result row as a record (the auction date is known to parse)."""
    if len(row) < len(header):
        raise PayloadError(
            SOURCE,
            f"result row has {len(row)} cells but the header has {len(header)} (truncated page?)",
        )
    record: dict[str, object] = {"origin": "page"}
    for field in ("auction_date", "issue_date", "maturity_date"):
        record[field] = parse_date(row[columns[field]]) if field in columns else None
    for field in NUMBER_FIELDS:
        if field in columns:
            record[field] = _number(row[columns[field]], header[columns[field]])
    if "issue_number" in columns:
        number = _number(row[columns["issue_number"]], header[columns["issue_number"]])
        record["issue_number"] = None if math.isnan(number) else int(number)
    if "security" in columns:
        security = row[columns["security"]]
        record["security"], record["tenor"] = security, classify_security(security)
    else:
        record["security"] = "Treasury Discount Bills"
        record["tenor"] = _bill_tenor(record["issue_date"], record["maturity_date"])
    if any(math.isnan(cast(float, record[f])) for f in AMOUNT_FIELDS):
        raise PayloadError(SOURCE, f"result row without bid amounts: {row}")
    return record


def parse_result_page(raw: bytes, url: str = "") -> pd.DataFrame:
    """Parse an English result page (``eresul/eresulYYYYMMDD.htm``) into result rows.

    Columns are matched by keyword (see
    :data:`~jgbtui.sources.mof_auction_frames.HEADER_KEYWORDS`). Amounts on the pages are
    already in billion yen. Single-price (40-year, GX) pages print ``-``/``–`` for the
    averages, which become NaN, so their tails are NaN too. A page may hold several rows
    (and several tables; one without prices, e.g. a liquidity enhancement table sharing
    the page, is skipped as long as another table has them).

    Args:
        raw: the page as published (UTF-8 HTML).
        url: the page URL, stored in the ``url`` column.

    Returns:
        The result frame (schema in :data:`~jgbtui.sources.mof_auction_frames.RESULT_COLUMNS`)
        with ``origin="page"``.

    Raises:
        PayloadError: no result table, missing columns (header changed), a truncated row,
            or unreadable cells.
    """
    tables = _result_tables(_document(raw, "result page"))
    if not tables:
        raise PayloadError(
            SOURCE,
            "no auction result table (no 'Competitive Bids' and 'Bids Accepted' headers): "
            "error page or changed layout?",
        )
    records: list[dict[str, object]] = []
    problems: list[str] = []
    for header, rows in tables:
        columns, method = match_columns(header)
        if missing := _missing(columns):
            problems.append(f"result table lacks {', '.join(missing)} (header changed?): {header}")
            continue
        for row in rows:
            cell = row[columns["auction_date"]] if columns["auction_date"] < len(row) else ""
            if parse_date(cell) is None:
                continue  # a note or spacer row inside the table
            records.append(_record(row, header, columns) | {"method": method, "url": url})
    if not records:
        raise PayloadError(
            SOURCE, problems[0] if problems else "result table has no rows (truncated page?)"
        )
    return results_frame(records)
