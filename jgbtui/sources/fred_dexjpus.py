"""FRED ``DEXJPUS``: yen per U.S. dollar, the Fed H.10 noon buying rate in New York.

Source: ``shared/docs/data-sources.md`` section 4a. The keyless ``fredgraph.csv`` download
returns the full daily history (1971 on) as a two-column CSV. Two layouts are in the wild
and both are accepted::

    observation_date,DEXJPUS        DATE,DEXJPUS
    2015-07-13,123.35               2010-12-30,81.6500
    2015-09-07,                     2010-12-31,.

The current layout (2025) marks US holidays with an *empty* value; the older one (2023 and
earlier) with ``.`` and prints some values with four decimals. Either marker becomes NaN
and the row is dropped, never 0.

H.10 is published weekly (Monday), so the newest value can be a week old: this source is
history and a cross-check, not "now".
"""

from __future__ import annotations

import io

import pandas as pd

from jgbtui.sources.base import NEW_YORK, PayloadError
from jgbtui.sources.catalog import FRED_USDJPY_SPEC
from jgbtui.sources.parsing import (
    MISSING_MARKERS,
    csv_rows,
    decode,
    reject_duplicate_dates,
    reject_empty,
    reject_html,
)
from jgbtui.sources.source import SingleFileSource

NAME = FRED_USDJPY_SPEC.name

#: The full history, no start date: one small file (~14k rows) that FRED serves quickly.
URL = "https://fred.stlouisfed.org/graph/fredgraph.csv?id=DEXJPUS"

SERIES = "DEXJPUS"
#: Accepted date-column names: the current ``observation_date`` and the pre-2024 ``DATE``.
DATE_HEADERS = ("observation_date", "DATE")
COLUMN = "jpy_per_usd"
FRAME_KEY = "usdjpy"
DETAIL = "FRED DEXJPUS (Fed H.10 noon buying rate, New York)"

DEMO_FILE = "DEMO_SYNTHETIC_fredgraph_DEXJPUS.csv"

_ISO_DATE = r"\d{4}-\d{2}-\d{2}"

#: DEXJPUS has stayed between about 75 and 360 since 1971. A value outside this band is a
#: cell cut short by truncation ("1" of "147.29") or a different series, not a rate.
PLAUSIBLE = (50.0, 500.0)


def _check_layout(text: str) -> None:
    """Validate the header and that every data line has its two cells.

    pandas silently pads a short line (a file cut mid-row) with empty cells, which would
    read as a holiday. Counting separators per line catches that, vectorised. FRED never
    quotes cells, so a plain comma count is exact.
    """
    lines = pd.Series(text.splitlines(), dtype="str")
    lines = lines[lines.str.strip() != ""]
    if lines.empty:
        raise PayloadError(NAME, "empty payload")
    header = [cell.strip() for cell in csv_rows(str(lines.iloc[0]))[0]]
    if len(header) != 2 or header[0] not in DATE_HEADERS or header[1] != SERIES:
        expected = " or ".join(f"'{d},{SERIES}'" for d in DATE_HEADERS)
        raise PayloadError(
            NAME, f"header changed: expected {expected} but got {lines.iloc[0][:80]!r}"
        )
    if len(lines) < 2:
        raise PayloadError(NAME, "no data rows after the header (truncated file?)")
    counts = lines.iloc[1:].str.count(",")
    bad = counts[counts != 1]
    if not bad.empty:
        line_no = int(bad.index[0]) + 1
        raise PayloadError(
            NAME,
            f"line {line_no} has {int(bad.iloc[0]) + 1} cells, expected 2 "
            f"(truncated or changed layout): {lines[bad.index[0]][:80]!r}",
        )


def parse(raw: bytes) -> pd.DataFrame:
    """Parse a ``fredgraph.csv?id=DEXJPUS`` download, current or old layout.

    Args:
        raw: the payload bytes.

    Returns:
        Index ``date`` (``datetime64[ns, America/New_York]``, local midnight of the
        observation date, ascending, unique); column ``jpy_per_usd`` (float, yen per
        U.S. dollar at noon in New York). Holiday rows (empty or ``.``) are dropped.

    Raises:
        PayloadError: an HTML page, a changed header, a truncated file (a line without
            its two cells, a malformed date), a non-numeric value, or no data rows.
    """
    reject_empty(raw, NAME)
    reject_html(raw, NAME, "the FRED DEXJPUS CSV")
    text = decode(raw, NAME, ("utf-8",))
    _check_layout(text)
    # Named here rather than from the file, so both layouts give the same columns.
    table = pd.read_csv(
        io.StringIO(text),
        dtype="str",
        keep_default_na=False,
        index_col=False,
        header=0,
        names=["date", SERIES],
    )
    dates = table["date"].str.strip()
    malformed = ~dates.str.fullmatch(_ISO_DATE)
    if malformed.any():
        cell = dates[malformed].iloc[0]
        raise PayloadError(NAME, f"date {cell!r} is not YYYY-MM-DD (truncated file?)")
    parsed = pd.to_datetime(dates, format="%Y-%m-%d", errors="coerce")
    if parsed.isna().any():
        raise PayloadError(NAME, f"invalid date {dates[parsed.isna()].iloc[0]!r}")

    cells = table[SERIES].str.strip()
    missing = cells.isin(MISSING_MARKERS)
    values = pd.to_numeric(cells.where(~missing), errors="coerce")
    garbage = values.isna() & ~missing
    if garbage.any():
        row = int(garbage.to_numpy().argmax())
        raise PayloadError(NAME, f"value {cells.iloc[row]!r} for {dates.iloc[row]} is not a number")

    implausible = (values < PLAUSIBLE[0]) | (values > PLAUSIBLE[1])
    if implausible.any():
        row = int(implausible.to_numpy().argmax())
        raise PayloadError(
            NAME,
            f"value {cells.iloc[row]!r} for {dates.iloc[row]} is not a plausible "
            "yen-per-dollar rate",
        )

    index = pd.DatetimeIndex(parsed).tz_localize(NEW_YORK).as_unit("ns")
    frame = pd.DataFrame({COLUMN: values.to_numpy(dtype="float64")}, index=index)
    frame.index.name = "date"
    reject_duplicate_dates(frame.index, NAME)
    frame = frame.dropna().sort_index()
    if frame.empty:
        raise PayloadError(NAME, "the file has dates but no DEXJPUS values")
    return frame


class FredUsdJpy(SingleFileSource):
    """USD/JPY from FRED ``DEXJPUS`` (Fed H.10, noon buying rate in New York)."""

    spec = FRED_USDJPY_SPEC
    url = URL
    frame_key = FRAME_KEY
    demo_file = DEMO_FILE
    detail = DETAIL

    def parse(self, raw: bytes) -> pd.DataFrame:
        """Parse the full DEXJPUS history; see :func:`parse`."""
        return parse(raw)
