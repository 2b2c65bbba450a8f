"""MoF monthly International Transactions in Securities (``montha1.csv``): portfolio flows.

Same blocks as ``week.csv`` after three label columns::

    col 0  year, on January rows only ("2026"); the February row carries the era year
           "(令和8年)"; other months are blank, so the year is filled forward
    col 1  Japanese month ("８月")
    col 2  English month abbreviation ("Aug") -- what selects a data row

then Assets at columns 3-13, Liabilities at 14-24 and two trailing columns with MoF's own
differences, which are ignored. The rest of the current year is listed with every value
blank (not yet published: dropped, never read as zero), and calendar- and fiscal-year total
rows follow the months (skipped: their column 2 is not a month).

Frame ``"monthly"``: index ``month_end`` (last calendar day, Tokyo midnight) and the float64
columns of :data:`~jgbtui.sources.mof_its.FLOW_COLUMNS` in 100 million yen.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from jgbtui.sources.base import PayloadError
from jgbtui.sources.catalog import MOF_FLOWS_MONTHLY_SPEC
from jgbtui.sources.mof_its import (
    DETAIL,
    MONTHLY_URL,
    block_values,
    build_frame,
    check_header,
    its_rows,
)
from jgbtui.sources.schedule import month_end
from jgbtui.sources.source import SingleFileSource

NAME = MOF_FLOWS_MONTHLY_SPEC.name
DEMO_FILE = "DEMO_SYNTHETIC_montha1.csv"

#: Label columns before the value blocks.
LABEL_COLUMNS = 3
#: MoF's own difference columns after the Liabilities block, ignored.
DIFFERENCE_COLUMNS = 2

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_ENGLISH_MONTH = re.compile(r"(?P<name>[A-Za-z]{3})[A-Za-z]?\.?")  # "Aug", "Sept", "Sep."
_JAPANESE_MONTH = re.compile(r"(?P<month>\d{1,2})\s*月")  # "８月" after NFKC
_YEAR = re.compile(r"(?P<year>\d{4})\s*年?")
# Era years as printed on February rows, "(令和8年)"; 元 is the first year of an era.
_ERA_YEAR = re.compile(r"\(?\s*(?P<era>令和|平成)\s*(?P<n>\d{1,2}|元)\s*年\s*\)?")
_ERA_START = {"令和": 2018, "平成": 1988}


def english_month(cell: str) -> int | None:
    """The month number of an English abbreviation cell (``"Aug"`` -> 8), else ``None``."""
    match = _ENGLISH_MONTH.fullmatch(cell.strip())
    if match is None:
        return None
    return _MONTHS.get(match["name"].lower())


def _era_year(cell: str) -> int | None:
    match = _ERA_YEAR.fullmatch(cell)
    if match is None:
        return None
    n = 1 if match["n"] == "元" else int(match["n"])
    return _ERA_START[match["era"]] + n


def year_of(cell: str, month: int, previous: tuple[int, int] | None, source: str) -> int:
    """The calendar year of a month row from its year cell and the previous month row."""
    explicit = _YEAR.fullmatch(cell)
    if explicit is not None:
        return int(explicit["year"])
    era = _era_year(cell)
    if cell and era is None:
        raise PayloadError(source, f"unrecognised year cell {cell[:40]!r} (changed file?)")
    if previous is None:
        if era is not None:
            return era
        raise PayloadError(source, "first monthly row carries no year (changed file?)")
    year, last_month = previous
    # Fill forward; a January row without its year still starts a new year.
    filled = year + 1 if month <= last_month else year
    if era is not None and era != filled:
        raise PayloadError(
            source, f"era year {cell!r} contradicts year {filled} filled forward (changed file?)"
        )
    return filled


def parse_montha1_csv(raw: bytes, source: str = NAME) -> pd.DataFrame:
    """Parse ``montha1.csv`` bytes into the ``"monthly"`` frame (see the module docstring).

    Raises:
        PayloadError: HTML, empty, not CP932, unit line missing, a month row with the wrong
            number of cells or a non-numeric value, inconsistent labels, or no published
            months.
    """
    rows = its_rows(raw, source)
    ends: list[date] = []
    values: list[list[float]] = []
    first_data: int | None = None
    previous: tuple[int, int] | None = None
    for number, row in enumerate(rows):
        if len(row) < LABEL_COLUMNS:
            continue
        month = english_month(row[2])
        if month is None:
            continue  # title, header, CY/FY totals, footnotes
        if first_data is None:
            first_data = number
        japanese = _JAPANESE_MONTH.fullmatch(row[1])
        if row[1] and (japanese is None or int(japanese["month"]) != month):
            raise PayloadError(
                source, f"month labels {row[1]!r} and {row[2]!r} disagree (changed file?)"
            )
        year = year_of(row[0], month, previous, source)
        previous = (year, month)
        label = f"{year}-{month:02d}"
        parsed = block_values(row[LABEL_COLUMNS:], source, label, extra_allowed=DIFFERENCE_COLUMNS)
        if parsed is None:
            continue  # listed but not yet published: missing, not zero
        ends.append(month_end(date(year, month, 1)))
        values.append(parsed)
    if first_data is None:
        raise PayloadError(source, "no monthly data rows found (changed or truncated file?)")
    if not values:
        raise PayloadError(source, "every month row is blank (nothing published?)")
    check_header(rows[:first_data], source, LABEL_COLUMNS)
    return build_frame(ends, values, "month_end", source)


class MofFlowsMonthly(SingleFileSource):
    """Monthly portfolio flows by designated major investors, from MoF ``montha1.csv``."""

    spec = MOF_FLOWS_MONTHLY_SPEC
    url = MONTHLY_URL
    frame_key = "monthly"
    demo_file = DEMO_FILE
    detail = DETAIL

    def parse(self, raw: bytes) -> pd.DataFrame:
        """Parse ``montha1.csv`` bytes; see :func:`parse_montha1_csv`."""
        return parse_montha1_csv(raw, self.name)
