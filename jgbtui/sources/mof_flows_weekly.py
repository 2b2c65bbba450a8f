"""MoF weekly International Transactions in Securities (``week.csv``): portfolio flows.

One cumulative CP932 file from the week of 2 January 2005, one row per Sunday-Saturday week,
released on Thursdays at 08:50 JST for the week ended the previous Saturday. The headline
series for the foreign-flows pane is :data:`~jgbtui.sources.mof_its.NONRES_BONDS_NET`
(column 17: non-residents' net acquisition of Japanese long-term debt securities).

Frame ``"weekly"``: index ``week_end`` (the Saturday, Tokyo midnight), a ``week_start``
column (the Sunday, same dtype) and the float64 columns of
:data:`~jgbtui.sources.mof_its.FLOW_COLUMNS` in 100 million yen.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pandas as pd

from jgbtui.sources.base import PayloadError
from jgbtui.sources.catalog import MOF_FLOWS_WEEKLY_SPEC
from jgbtui.sources.mof_its import (
    DETAIL,
    TZ,
    WEEKLY_URL,
    block_values,
    build_frame,
    check_header,
    its_rows,
    normalise_cell,
)
from jgbtui.sources.parsing import tz_index
from jgbtui.sources.source import SingleFileSource

NAME = MOF_FLOWS_WEEKLY_SPEC.name
DEMO_FILE = "DEMO_SYNTHETIC_week.csv"

# After NFKC: "2005.1.2~ 1.8", "2026.9.6~9.12", "2025.12.28~2026.1.3". The end year is
# spelled out only when the week crosses a year end; spaces may appear around any part.
_PERIOD = re.compile(
    r"(?P<y1>\d{4})\s*\.\s*(?P<m1>\d{1,2})\s*\.\s*(?P<d1>\d{1,2})\s*~\s*"
    r"(?:(?P<y2>\d{4})\s*\.\s*)?(?P<m2>\d{1,2})\s*\.\s*(?P<d2>\d{1,2})"
)
# A first cell that starts like a date but is not a valid label means a row cut short or a
# changed label format; ignoring it would silently drop a week.
_DATE_LIKE = re.compile(r"\d{4}\s*\.")


def parse_week_label(label: str) -> tuple[date, date] | None:
    """Parse a period label into its (Sunday, Saturday) dates.

    Accepts the label raw or normalised, with either full-width tilde (U+FF5E or U+301C).

    Returns:
        ``None`` when ``label`` is not a period label at all.

    Raises:
        ValueError: a label-shaped cell whose dates are impossible or that is not a
            Sunday-to-Saturday week.
    """
    match = _PERIOD.fullmatch(normalise_cell(label))
    if match is None:
        return None
    start = date(int(match["y1"]), int(match["m1"]), int(match["d1"]))
    end_year = int(match["y2"]) if match["y2"] else start.year
    end = date(end_year, int(match["m2"]), int(match["d2"]))
    if match["y2"] is None and end < start:
        # MoF spells out the end year when a week crosses the year end; tolerate a file
        # that forgets to rather than reading the week as ending a year early.
        end = end.replace(year=start.year + 1)
    if end - start != timedelta(days=6) or start.weekday() != 6:
        raise ValueError(f"{label!r} is not a Sunday-to-Saturday week")
    return start, end


def parse_week_csv(raw: bytes, source: str = NAME) -> pd.DataFrame:
    """Parse ``week.csv`` bytes into the ``"weekly"`` frame (see the module docstring).

    Rows are those whose first cell is a period label; everything else (title, unit,
    multi-line header, footnotes) is skipped.

    Raises:
        PayloadError: HTML, empty, not CP932, unit line missing, a row with the wrong
            number of cells or a non-numeric value, a malformed period, or no data rows.
    """
    rows = its_rows(raw, source)
    starts: list[date] = []
    ends: list[date] = []
    values: list[list[float]] = []
    first_data: int | None = None
    for number, row in enumerate(rows):
        if not row:
            continue
        label = row[0]
        try:
            period = parse_week_label(label)
        except ValueError as exc:
            raise PayloadError(source, f"bad period label: {exc}") from None
        if period is None:
            # Only below the first data row: a "Final Update" date in the header is fine.
            if first_data is not None and _DATE_LIKE.match(label):
                raise PayloadError(
                    source, f"unrecognised period label {label[:40]!r} (truncated or changed file)"
                )
            continue
        if first_data is None:
            first_data = number
        parsed = block_values(row[1:], source, label)
        if parsed is None:
            # week.csv lists only published weeks, so an empty one is damage, not a gap.
            raise PayloadError(source, f"row {label!r} has no values")
        starts.append(period[0])
        ends.append(period[1])
        values.append(parsed)
    if first_data is None:
        raise PayloadError(source, "no weekly data rows found (changed or truncated file?)")
    check_header(rows[:first_data], source, 1)
    frame = build_frame(ends, values, "week_end", source)
    frame.insert(0, "week_start", tz_index(starts, TZ, name="week_start").as_unit("ns"))
    return frame


class MofFlowsWeekly(SingleFileSource):
    """Weekly portfolio flows by designated major investors, from MoF ``week.csv``."""

    spec = MOF_FLOWS_WEEKLY_SPEC
    url = WEEKLY_URL
    frame_key = "weekly"
    demo_file = DEMO_FILE
    detail = DETAIL

    def parse(self, raw: bytes) -> pd.DataFrame:
        """Parse ``week.csv`` bytes; see :func:`parse_week_csv`."""
        return parse_week_csv(raw, self.name)
