"""Shared vocabulary of the MoF auction parsers: frame schemas, tenor labels, header keywords.

The HTML pages (:mod:`jgbtui.sources.mof_auction_pages`) and the Excel history
(:mod:`jgbtui.sources.mof_auction_workbook`) publish the same quantities under drifting
labels and in different units. Both parsers turn what they read into plain records and hand
them to :func:`results_frame`, so the binding schema, the derived metrics (bid-to-cover,
tail) and the sort order are defined once, here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Final, cast

import numpy as np
import pandas as pd

from jgbtui.sources.catalog import MOF_AUCTIONS_SPEC
from jgbtui.sources.parsing import nfkc, reject_duplicate_rows
from jgbtui.sources.sanitize import clean_frame

SOURCE: Final = MOF_AUCTIONS_SPEC.name
TOKYO_DTYPE: Final = "datetime64[ns, Asia/Tokyo]"

#: The result frame, one row per auction (binding: analytics and the pane build on it).
RESULT_COLUMNS: Final = (
    "auction_date",
    "tenor",
    "security",
    "issue_number",
    "issue_date",
    "maturity_date",
    "coupon_pct",
    "competitive_bids_jpy_bn",
    "accepted_jpy_bn",
    "lowest_price_jpy",
    "lowest_yield_pct",
    "avg_price_jpy",
    "avg_yield_pct",
    "bid_to_cover",
    "tail_jpy",
    "tail_bp",
    "method",
    "origin",
    "url",
)
#: The calendar frame, one row per scheduled auction.
CALENDAR_COLUMNS: Final = ("auction_date", "security", "tenor", "announcement_url", "result_url")

_DATE_FIELDS: Final = ("auction_date", "issue_date", "maturity_date")
#: The competitive amounts (billion yen); a result without them is not a result.
AMOUNT_FIELDS: Final = ("competitive_bids_jpy_bn", "accepted_jpy_bn")
#: The numeric fields every result parser fills (pages and the workbook alike).
NUMBER_FIELDS: Final = (
    "coupon_pct",
    "competitive_bids_jpy_bn",
    "accepted_jpy_bn",
    "lowest_price_jpy",
    "lowest_yield_pct",
    "avg_price_jpy",
    "avg_yield_pct",
)

#: Coupon JGB tenors: the ones the workbook has sheets for, so a page can be checked
#: against it. T-bills ("TB3M"...) and liquidity enhancement ("LE") are calendar-only.
COUPON_TENORS: Final = frozenset(
    {"2Y", "4Y", "5Y", "6Y", "10Y", "20Y", "30Y", "40Y", "10Y JGBi", "15Y FRN", "GX5Y", "GX10Y"}
)

# Header keywords, matched against a normalised header (NFKC, one space, lower case).
# Keywords rather than positions: the column set and wording drift over the years, and
# current pages lead with the yield ("Price at the Highest Accepted Yield"). "Lowest
# Accepted Price" also occurs inside "Yield at the Lowest Accepted Price" and "Allotment
# for Bids at the Lowest Accepted Price", hence the anchors.
HEADER_KEYWORDS: Final[tuple[tuple[str, re.Pattern[str]], ...]] = tuple(
    (field, re.compile(pattern))
    for field, pattern in (
        ("security", r"^securit"),
        ("issue_number", r"^issue number"),
        ("auction_date", r"^auction date"),
        ("issue_date", r"^issue date"),
        ("maturity_date", r"^maturity date"),
        ("coupon_pct", r"^(nominal )?coupon"),
        ("competitive_bids_jpy_bn", r"competitive bids"),
        ("accepted_jpy_bn", r"bids accepted"),
        ("lowest_price_jpy", r"^(lowest accepted price|price at the highest accepted yield)"),
        ("lowest_yield_pct", r"^(yield at the lowest accepted price|highest accepted yield)"),
        ("avg_price_jpy", r"^(weighted )?average (accepted )?price"),
        ("avg_yield_pct", r"^yield at the (weighted )?average"),
    )
)
# "Amounts of Bids Accepted at the Non-price -competitive Auction I" and "Amounts of
# Non-competitive Bids" must not be mistaken for the competitive amounts.
_NON_COMPETITIVE = re.compile(r"\bnon\s*-|\bnon\b")
#: A single-price (Dutch, yield-competitive) auction reports this instead of a lowest price.
_YIELD_FIRST = re.compile(r"^highest accepted yield")


def normalize_header(text: str) -> str:
    """NFKC, collapse whitespace (headers hold line breaks), lower case."""
    return " ".join(nfkc(text).split()).lower()


def match_columns(headers: Sequence[str]) -> tuple[dict[str, int], str]:
    """Map schema fields to column indexes by keyword; also tell the auction method.

    Args:
        headers: the header cells, in order.

    Returns:
        ``(field -> index, method)``: the first matching column per field, and ``"yield"``
        when the yield leads (``Highest Accepted Yield``), else ``"price"``.
    """
    normalized = [normalize_header(h) for h in headers]
    found: dict[str, int] = {}
    for field, pattern in HEADER_KEYWORDS:
        for index, header in enumerate(normalized):
            if pattern.search(header) and not _NON_COMPETITIVE.search(header):
                found[field] = index
                break
    method = "price"
    if "lowest_yield_pct" in found and _YIELD_FIRST.search(normalized[found["lowest_yield_pct"]]):
        method = "yield"
    return found, method


# Security texts as the calendar and the result pages print them, most specific first:
# "Liquidity Enhancement Auction (remaining maturity 15.5-39 years)" names years too.
_TERM = r"(\d+)\s*-?\s*"


def classify_security(text: str) -> str | None:
    """The tenor label of a security text, or ``None`` when it is not recognised.

    ``"2-year"`` -> ``"2Y"``, ``"10-year Inflation-Indexed"`` -> ``"10Y JGBi"``,
    ``"Liquidity Enhancement Auction"`` -> ``"LE"``, ``"3-Month Treasury Discount Bills"``
    -> ``"TB3M"``, ``"5-year Climate Transition"`` -> ``"GX5Y"``.
    """
    lowered = " ".join(nfkc(text).split()).lower()
    if not lowered:
        return None
    if "liquidity" in lowered:
        return "LE"
    if "bill" in lowered:
        if months := re.search(_TERM + r"month", lowered):
            return f"TB{int(months.group(1))}M"
        if re.search(r"\b(1|one)\s*-?\s*year", lowered):
            return "TB1Y"
        return None
    years = re.search(_TERM + r"year", lowered)
    if years is None:
        return None
    term = int(years.group(1))
    if "inflation" in lowered or "indexed" in lowered or "jgbi" in lowered:
        return f"{term}Y JGBi"
    if "climate" in lowered or "transition" in lowered or re.search(r"\bgx\b", lowered):
        return f"GX{term}Y"
    if "floating" in lowered:
        return f"{term}Y FRN"
    return f"{term}Y"


_MONTHS: Final = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
#: ``Oct. 20, 2026``, ``Sept. 1, 2026``, ``May 12, 2026``, ``June 2, 2026``.
MONTH_NAME_DATE: Final = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*(\d{1,2}),?\s*(\d{4})\b",
    re.IGNORECASE,
)
_NUMERIC_DATE: Final = re.compile(r"^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})$")


def parse_date(text: str) -> date | None:
    """A published date, or ``None`` when ``text`` is not one.

    Accepts ``M/D/YYYY`` (English result pages), ``YYYY/M/D`` and ``Oct. 20, 2026``.
    """
    cleaned = " ".join(nfkc(text).split())
    if match := _NUMERIC_DATE.match(cleaned):
        a, b, c = (int(g) for g in match.groups())
        year, month, day = (a, b, c) if a > 31 else (c, a, b)
    elif match := MONTH_NAME_DATE.search(cleaned):
        year, day = int(match.group(3)), int(match.group(2))
        month = _MONTHS[match.group(1)[:3].lower()]
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def tokyo_dates(values: Iterable[date | None]) -> pd.Series:
    """Calendar dates as Tokyo midnights (``datetime64[ns, Asia/Tokyo]``); ``None`` -> NaT."""
    # pandas 3 infers a coarser unit from dates; the schema promises nanoseconds.
    naive = pd.to_datetime(pd.Series(list(values), dtype=object)).astype("datetime64[ns]")
    localized: pd.Series = naive.dt.tz_localize("Asia/Tokyo")
    return localized.astype(pd.DatetimeTZDtype("ns", "Asia/Tokyo"))


def results_frame(records: Iterable[Mapping[str, object]]) -> pd.DataFrame:
    """Build the result frame from parser records and derive the metrics.

    Each record carries the publisher fields of :data:`RESULT_COLUMNS` (amounts already in
    billion yen, dates as :class:`datetime.date`); missing keys become missing values.
    Derived: ``bid_to_cover`` = competitive bids / bids accepted; ``tail_jpy`` = average
    price - lowest price; ``tail_bp`` = (lowest-price yield - average yield) x 100. Both
    tails are NaN for single-price auctions, which print no average.
    """
    rows = list(records)
    frame = pd.DataFrame(index=pd.RangeIndex(len(rows)))
    for field in _DATE_FIELDS:
        frame[field] = tokyo_dates(r.get(field) for r in rows)  # type: ignore[misc]
    numbers = [cast("int | None", r.get("issue_number")) for r in rows]
    frame["issue_number"] = pd.array(numbers, dtype=pd.Int64Dtype())
    for field in NUMBER_FIELDS:
        frame[field] = np.array([_float(r.get(field)) for r in rows], dtype="float64")
    for field in ("tenor", "security", "method", "origin", "url"):
        frame[field] = pd.Series([r.get(field) for r in rows], dtype=object)
    accepted = frame["accepted_jpy_bn"].where(frame["accepted_jpy_bn"] > 0)
    frame["bid_to_cover"] = frame["competitive_bids_jpy_bn"] / accepted
    # Rounded to kill binary noise (100.186 - 100.180 = 0.00600000000000023): prices have
    # at most 4 decimals and yields 4, so 6 decimals keep every published digit.
    frame["tail_jpy"] = (frame["avg_price_jpy"] - frame["lowest_price_jpy"]).round(6)
    frame["tail_bp"] = ((frame["lowest_yield_pct"] - frame["avg_yield_pct"]) * 100).round(6)
    # One auction per date, tenor and issue; a repeated one is a damaged or changed file.
    reject_duplicate_rows(frame, "auction_date", ("tenor", "issue_number"), SOURCE, "auctions")
    return clean_frame(sort_results(frame[list(RESULT_COLUMNS)]))


def sort_results(frame: pd.DataFrame) -> pd.DataFrame:
    """Sort by auction date then tenor (unknown tenors last), with a fresh index."""
    ordered = frame.sort_values(["auction_date", "tenor"], na_position="last", kind="stable")
    return ordered.reset_index(drop=True)


def calendar_frame(records: Iterable[Mapping[str, object]]) -> pd.DataFrame:
    """Build the calendar frame (:data:`CALENDAR_COLUMNS`), sorted by auction date."""
    rows = list(records)
    frame = pd.DataFrame(index=pd.RangeIndex(len(rows)))
    frame["auction_date"] = tokyo_dates(r.get("auction_date") for r in rows)  # type: ignore[misc]
    for field in CALENDAR_COLUMNS[1:]:
        frame[field] = pd.Series([r.get(field) for r in rows], dtype=object)
    reject_duplicate_rows(frame, "auction_date", ("security",), SOURCE, "calendar rows")
    return clean_frame(frame.sort_values("auction_date", kind="stable").reset_index(drop=True))


def _float(value: object) -> float:
    if value is None:
        return float("nan")
    if isinstance(value, int | float):
        return float(value)
    raise TypeError(f"expected a number, got {value!r}")
