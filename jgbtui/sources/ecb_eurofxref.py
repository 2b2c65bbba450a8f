"""ECB euro foreign exchange reference rates: USD/JPY as the JPY/USD cross.

Source: ``shared/docs/data-sources.md`` section 4b. ``eurofxref-hist.zip`` holds one CSV,
``eurofxref-hist.csv``: every TARGET business day since 1999-01-04, newest row first, one
column per currency in units per 1 EUR, ``N/A`` where a currency was not quoted, and a
trailing comma on every line (an empty last column)::

    Date,USD,JPY,BGN,CYP,...,ZAR,
    2025-05-09,1.1252,163.36,1.9558,N/A,...,20.4835,

The ECB publishes no USD/JPY rate; yen per dollar is JPY / USD on the same day
(2025-05-09: 163.36 / 1.1252 = 145.18). Rates appear around 16:00 CET and are never revised.
"""

from __future__ import annotations

import io
import zipfile
import zlib

import pandas as pd

from jgbtui.sources.base import FRANKFURT, PayloadError
from jgbtui.sources.catalog import ECB_USDJPY_SPEC
from jgbtui.sources.parsing import (
    MISSING_MARKERS,
    csv_rows,
    decode,
    reject_duplicate_dates,
    reject_empty,
    reject_html,
)
from jgbtui.sources.source import SingleFileSource

NAME = ECB_USDJPY_SPEC.name

URL = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip"
#: The one member of the zip.
CSV_MEMBER = "eurofxref-hist.csv"
#: The unzipped history is ~1.8 MB; refuse anything absurdly larger (a zip bomb or a
#: different file): by its declared size before inflating, and while inflating, since the
#: declared size is the archive's word only.
MAX_CSV_BYTES = 32 * 1024 * 1024

FRAME_KEY = "usdjpy"
#: Output columns: the two published rates and their cross.
COLUMNS = ("jpy_per_eur", "usd_per_eur", "jpy_per_usd")
DETAIL = "ECB euro reference rates (JPY/USD cross)"

DEMO_FILE = "DEMO_SYNTHETIC_eurofxref-hist.csv"

_ZIP_MAGIC = b"PK"
_ISO_DATE = r"\d{4}-\d{2}-\d{2}"


def unzip(raw: bytes) -> bytes:
    """Return the bytes of ``eurofxref-hist.csv`` from the published zip.

    Args:
        raw: the zip payload.

    Raises:
        PayloadError: a corrupt or truncated archive, or one without the expected CSV.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            csvs = [n for n in archive.namelist() if n.lower().endswith(".csv")]
            if CSV_MEMBER in csvs:
                member = CSV_MEMBER
            elif len(csvs) == 1:
                member = csvs[0]  # renamed but unambiguous: the header check decides
            else:
                listing = ", ".join(archive.namelist()[:5]) or "nothing"
                raise PayloadError(NAME, f"the zip does not contain {CSV_MEMBER} ({listing})")
            if archive.getinfo(member).file_size > MAX_CSV_BYTES:
                raise PayloadError(NAME, f"{member} in the zip is implausibly large")
            with archive.open(member) as inflating:
                content = inflating.read(MAX_CSV_BYTES + 1)
            if len(content) > MAX_CSV_BYTES:
                raise PayloadError(NAME, f"{member} in the zip inflates beyond its size")
            return content
    # A cut download loses the central directory (BadZipFile); a damaged member fails
    # its CRC (BadZipFile) or inflation (zlib.error, EOFError).
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise PayloadError(NAME, f"corrupt or truncated zip: {exc}") from None


def _header(text: str) -> list[str]:
    """The header cells, after checking that every line has as many cells as the header.

    pandas pads a short line with empty cells, so a file cut mid-row would read as N/A.
    Every line of the real file has the same number of commas (the trailing one included)
    and no quoted cells, so a vectorised comma count per line is exact.
    """
    lines = pd.Series(text.splitlines(), dtype="str")
    lines = lines[lines.str.strip() != ""]
    if lines.empty:
        raise PayloadError(NAME, "empty payload")
    header = [cell.strip() for cell in csv_rows(str(lines.iloc[0]))[0]]
    for required in ("Date", "USD", "JPY"):
        if required not in header:
            raise PayloadError(
                NAME,
                f"header changed: no {required} column in {lines.iloc[0][:60]!r}...",
            )
    if len(lines) < 2:
        raise PayloadError(NAME, "no data rows after the header (truncated file?)")
    counts = lines.iloc[1:].str.count(",")
    bad = counts[counts != len(header) - 1]
    if not bad.empty:
        raise PayloadError(
            NAME,
            f"line {int(bad.index[0]) + 1} has {int(bad.iloc[0]) + 1} cells, expected "
            f"{len(header)} (truncated or changed layout)",
        )
    return header


def _numbers(cells: pd.Series, dates: pd.Series, currency: str) -> pd.Series:
    """Cells to floats: ``N/A`` and other missing markers become NaN, garbage is an error."""
    cells = cells.str.strip()
    missing = cells.isin(MISSING_MARKERS)
    values = pd.to_numeric(cells.where(~missing), errors="coerce")
    garbage = values.isna() & ~missing
    if garbage.any():
        row = int(garbage.to_numpy().argmax())
        raise PayloadError(
            NAME, f"{currency} value {cells.iloc[row]!r} on {dates.iloc[row]} is not a number"
        )
    return values.astype("float64")


def parse_csv(raw: bytes) -> pd.DataFrame:
    """Parse the bare ``eurofxref-hist.csv`` bytes. See :func:`parse` for the frame."""
    reject_empty(raw, NAME)
    reject_html(raw, NAME, "the ECB reference-rate CSV")
    text = decode(raw, NAME, ("utf-8",))
    header = _header(text)
    # Only three of the ~43 columns are converted: the rest are never touched. They are
    # taken by position and named here, so stray spaces in a header cell do not matter.
    wanted = sorted((header.index(name), name) for name in ("Date", "USD", "JPY"))
    table = pd.read_csv(
        io.StringIO(text),
        dtype="str",
        keep_default_na=False,
        index_col=False,
        header=0,
        usecols=[position for position, _ in wanted],
    )
    table.columns = pd.Index([name for _, name in wanted])
    dates = table["Date"].str.strip()
    malformed = ~dates.str.fullmatch(_ISO_DATE)
    if malformed.any():
        raise PayloadError(NAME, f"date {dates[malformed].iloc[0]!r} is not YYYY-MM-DD")
    parsed = pd.to_datetime(dates, format="%Y-%m-%d", errors="coerce")
    if parsed.isna().any():
        raise PayloadError(NAME, f"invalid date {dates[parsed.isna()].iloc[0]!r}")
    usd = _numbers(table["USD"], dates, "USD")
    jpy = _numbers(table["JPY"], dates, "JPY")
    if ((usd <= 0) | (jpy <= 0)).any():
        raise PayloadError(NAME, "a USD or JPY reference rate is zero or negative")

    index = pd.DatetimeIndex(parsed).tz_localize(FRANKFURT).as_unit("ns")
    frame = pd.DataFrame(
        {
            "jpy_per_eur": jpy.to_numpy(),
            "usd_per_eur": usd.to_numpy(),
            # Full precision: the UI rounds for display, analytics should not see rounding.
            "jpy_per_usd": (jpy / usd).to_numpy(),
        },
        index=index,
    )
    frame.index.name = "date"
    reject_duplicate_dates(frame.index, NAME)
    # A day needs both legs for the cross; a day with only one of them carries nothing here.
    frame = frame.dropna().sort_index()
    if frame.empty:
        raise PayloadError(NAME, "no day has both a USD and a JPY reference rate")
    return frame


def parse(raw: bytes) -> pd.DataFrame:
    """Parse the published ``eurofxref-hist.zip``, or the bare ``eurofxref-hist.csv``.

    A payload starting with the zip magic ``PK`` is unzipped first; anything else
    is treated as the CSV (mirrors and tests may serve it unzipped).

    Args:
        raw: the payload bytes.

    Returns:
        Index ``date`` (``datetime64[ns, Europe/Berlin]``, local midnight, ascending,
        unique); float columns ``jpy_per_eur`` and ``usd_per_eur`` (as published, units
        per 1 EUR) and ``jpy_per_usd`` (``jpy_per_eur / usd_per_eur``, full precision).
        Only days on which both USD and JPY were quoted.

    Raises:
        PayloadError: a corrupt or truncated zip, an HTML page, a changed header (no
            ``Date``/``USD``/``JPY`` column), a line with the wrong number of cells,
            a malformed date or number, or no usable rows.
    """
    # "PK" starts every zip signature (local header, empty archive, spanned archive); a
    # CSV never does, since its first cell is "Date". zipfile judges the rest.
    if raw[:2] == _ZIP_MAGIC:
        raw = unzip(raw)
    return parse_csv(raw)


class EcbUsdJpy(SingleFileSource):
    """USD/JPY as the cross of the ECB's JPY and USD euro reference rates."""

    spec = ECB_USDJPY_SPEC
    url = URL
    frame_key = FRAME_KEY
    demo_file = DEMO_FILE
    detail = DETAIL

    def parse(self, raw: bytes) -> pd.DataFrame:
        """Parse the reference-rate history (zip or bare CSV); see :func:`parse`."""
        return parse(raw)
