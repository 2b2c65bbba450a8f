"""MoF foreign exchange intervention operations: every intervention day since April 1991.

Source: ``shared/docs/data-sources.md`` section 4e. One CP932 CSV with a few title lines,
a header row ``年,月,日,Year,Month,Day,金額(amount),売買通貨,Currency pairs`` and then
nine-column rows (the English pair is cut short here)::

    令和6年,4月,29日,2024,Apr,29,"59,185",米ドル売り・日本円買い,the US dollar (sold) the J...
    ,5月,1日,,May,1,"38,700",米ドル売り・日本円買い,the US dollar (sold) the Japanese yen (b...
    令和6年4〜6月期計,,,April - June 2024,,,"97,885",,

* The era year and the Gregorian year (and the month) are blank when unchanged from the
  row above, so they are carried forward.
* Quarterly subtotal rows (``…期計`` / ``April - June 2024``) carry no currency pair.
  They are not interventions; they are kept apart as the ``quarters`` frame because they
  show which quarters the file already covers (a quarter without intervention shows 0).
* Amounts are in 100 million yen (``"59,185"`` = JPY 5,918.5 bn).

The daily breakdown is published once a quarter, so the newest intervention can be
months older than the file; lateness is judged from the quarters covered, not from the
date of the last intervention.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from importlib.resources import files

import pandas as pd

from jgbtui.sources.base import Collected, PayloadError
from jgbtui.sources.catalog import MOF_INTERVENTION_SPEC
from jgbtui.sources.fetcher import Fetcher
from jgbtui.sources.parsing import (
    csv_rows,
    decode,
    last_date,
    nfkc,
    reject_duplicate_dates,
    reject_duplicate_rows,
    reject_empty,
    reject_html,
    to_float,
    tz_index,
)
from jgbtui.sources.sanitize import clean_frame
from jgbtui.sources.schedule import month_end
from jgbtui.sources.source import Source

NAME = MOF_INTERVENTION_SPEC.name

URL = (
    "https://www.mof.go.jp/policy/international_policy/reference/feio/"
    "foreign_exchange_intervention_operations.csv"
)
DEMO_FILE = "DEMO_SYNTHETIC_foreign_exchange_intervention_operations.csv"

#: Columns of the file, in order.
N_COLUMNS = 9
ERA, MONTH_JA, DAY_JA, YEAR, MONTH, DAY, AMOUNT, PAIR_JA, PAIR_EN = range(N_COLUMNS)

SELL_USD_BUY_JPY = "sell_usd_buy_jpy"
"""Yen-buying intervention (against yen weakness), e.g. 2022 and 2024."""
BUY_USD_SELL_JPY = "buy_usd_sell_jpy"
"""Yen-selling intervention (against yen strength), e.g. 2003-04 and 2011."""
OTHER = "other"
"""Any other pair (euro, rupiah operations of the late 1990s and 2000s)."""

COLUMNS = ("amount_jpy_100m", "pair_en", "pair_ja", "side")

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_ERA_BASE = {"令和": 2018, "平成": 1988, "昭和": 1925}
_ERA_YEAR = re.compile(r"^(令和|平成|昭和)(元|\d+)年")
_DAY = re.compile(r"^\d{1,2}$")
_YEAR = re.compile(r"^\d{4}$")
#: English subtotal label, e.g. "April - June 2024" (the months may be abbreviated).
_QUARTER_EN = re.compile(r"^([A-Za-z]+)\.?\s*[-–~]\s*([A-Za-z]+)\.?\s+(\d{4})$")
#: Japanese subtotal label, e.g. "令和6年4〜6月期計" or "令和8年4月〜6月期計".
_QUARTER_JA = re.compile(r"^(令和|平成|昭和)(元|\d+)年\d{1,2}月?[〜~～-](\d{1,2})月期計")


def _era_to_year(era: str, number: str) -> int:
    return _ERA_BASE[era] + (1 if number == "元" else int(number))


def _month_number(text: str, line: int) -> int:
    key = text.strip().lower()[:3]
    if key not in _MONTHS:
        raise PayloadError(NAME, f"line {line}: unknown month {text!r}")
    return _MONTHS[key]


def _side(pair_en: str, pair_ja: str) -> str:
    """Which way the yen went, from the English pair text (Japanese as a fallback)."""
    english = " ".join(pair_en.lower().split())
    if "us dollar (sold)" in english and "japanese yen (bought)" in english:
        return SELL_USD_BUY_JPY
    if "japanese yen (sold)" in english and "us dollar (bought)" in english:
        return BUY_USD_SELL_JPY
    japanese = nfkc(pair_ja).replace(" ", "")
    if "米ドル売り" in japanese and "日本円買い" in japanese:
        return SELL_USD_BUY_JPY
    if "米ドル買い" in japanese and "日本円売り" in japanese:
        return BUY_USD_SELL_JPY
    return OTHER


def _trimmed(row: list[str]) -> list[str]:
    """``row`` without trailing empty cells (spreadsheet exports pad rows unevenly)."""
    end = len(row)
    while end and not row[end - 1].strip():
        end -= 1
    return row[:end]


def _find_header(rows: list[list[str]]) -> int:
    """Index of the ``年,月,日,Year,Month,Day,...`` header row, found by its content."""
    for number, row in enumerate(rows):
        cells = [nfkc(c).strip() for c in row]
        if len(cells) > DAY and cells[YEAR : DAY + 1] == ["Year", "Month", "Day"]:
            cut = _trimmed(row)
            if len(cut) != N_COLUMNS:
                raise PayloadError(
                    NAME,
                    f"header row has {len(cut)} columns, expected {N_COLUMNS} (layout changed)",
                )
            if cells[ERA : DAY_JA + 1] != ["年", "月", "日"]:
                raise PayloadError(
                    NAME,
                    "header row has garbled Japanese labels "
                    f"({','.join(cells[:3])!r}); the file is not CP932 (wrong encoding?)",
                )
            return number
    raise PayloadError(
        NAME, "no 'Year,Month,Day' header row: not the intervention CSV or layout changed"
    )


def _quarter_end(row: list[str]) -> date | None:
    """The last day of the quarter a subtotal row covers, or ``None`` if not a quarter."""
    english = nfkc(row[YEAR]).strip() if len(row) > YEAR else ""
    match = _QUARTER_EN.match(english)
    if match and match.group(2).lower()[:3] in _MONTHS:
        return month_end(date(int(match.group(3)), _MONTHS[match.group(2).lower()[:3]], 1))
    japanese = nfkc(row[ERA]).replace(" ", "")
    match_ja = _QUARTER_JA.match(japanese)
    if match_ja:
        year = _era_to_year(match_ja.group(1), match_ja.group(2))
        last_month = int(match_ja.group(3))
        if 1 <= last_month <= 12:
            return month_end(date(year, last_month, 1))
    return None


def _carry(cells: list[str], line: int, year: int | None, month: int | None) -> tuple[int, int]:
    """The row's year and month; blank cells mean "same as the row above"."""
    if _YEAR.match(cells[YEAR]):
        year = int(cells[YEAR])
    elif cells[YEAR]:
        raise PayloadError(NAME, f"line {line}: year {cells[YEAR]!r} is not a year")
    else:
        # A new era year without the Gregorian one still starts a new year.
        era = _ERA_YEAR.match(cells[ERA].replace(" ", ""))
        if era:
            year = _era_to_year(era.group(1), era.group(2))
    if cells[MONTH]:
        month = _month_number(cells[MONTH], line)
    if year is None or month is None:
        raise PayloadError(NAME, f"line {line}: no year or month to carry forward")
    return year, month


def _is_subtotal(row: list[str]) -> bool:
    label = nfkc(row[ERA])
    return "計" in label or _QUARTER_EN.match(nfkc(row[YEAR]).strip()) is not None


def parse_all(raw: bytes) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Parse the file into interventions and quarterly subtotals.

    Returns:
        ``(interventions, quarters)``. ``interventions`` is described in :func:`parse`.
        ``quarters``: index ``date`` (quarter end, ``datetime64[ns, Asia/Tokyo]``), column
        ``amount_jpy_100m`` (float; 0 for a quarter without intervention).

    Raises:
        PayloadError: HTML page, wrong encoding, truncated file, changed column count,
            an unreadable date or amount, or no intervention rows at all.
    """
    reject_empty(raw, NAME)
    reject_html(raw, NAME)
    text = decode(raw, NAME, ("cp932",))
    rows = csv_rows(text)
    header_at = _find_header(rows)

    days: list[date] = []
    records: list[tuple[float, str, str, str]] = []
    quarter_totals: dict[date, float] = {}
    quarter_ends: list[date] = []
    year: int | None = None
    month: int | None = None
    current: date | None = None
    for line, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        cut = _trimmed(row)
        if not cut:
            continue
        if len(cut) > N_COLUMNS:
            raise PayloadError(
                NAME, f"line {line} has {len(cut)} columns, expected {N_COLUMNS} (layout changed)"
            )
        cells = [nfkc(c).strip() for c in row] + [""] * (N_COLUMNS - len(row))
        if _is_subtotal(cells):
            # Subtotals only tell which quarters are covered; an odd one is skipped, not fatal.
            end = _quarter_end(cells)
            try:
                total = to_float(cells[AMOUNT])
            except ValueError:
                total = math.nan
            if end is not None and not math.isnan(total):
                quarter_ends.append(end)
                quarter_totals[end] = total
            continue
        pair_ja, pair_en = cells[PAIR_JA], cells[PAIR_EN]
        if _DAY.match(cells[DAY]):
            if len(row) < N_COLUMNS:
                raise PayloadError(
                    NAME, f"line {line} has only {len(row)} of {N_COLUMNS} cells (truncated file?)"
                )
            year, month = _carry(cells, line, year, month)
            try:
                day = date(year, month, int(cells[DAY]))
            except ValueError:
                raise PayloadError(
                    NAME, f"line {line}: invalid date {year}-{month}-{cells[DAY]}"
                ) from None
            current = day
        elif (pair_ja or pair_en) and current is not None and not any(cells[ERA : DAY + 1]):
            # "Blank means unchanged" taken to its end: a second currency pair on the same
            # day may leave the whole date blank. Attach it to that day rather than lose it.
            day = current
        elif (pair_ja or pair_en) and cells[AMOUNT]:
            # An operation whose date cannot be read is damage, never a row to skip.
            raise PayloadError(
                NAME, f"line {line}: operation with an unreadable day {cells[DAY][:20]!r}"
            )
        else:
            continue  # footnotes, blank separators, repeated title lines
        try:
            amount = to_float(cells[AMOUNT])
        except ValueError:
            raise PayloadError(
                NAME, f"line {line}: amount {cells[AMOUNT]!r} is not a number"
            ) from None
        if not (pair_ja or pair_en) or amount == 0:
            continue  # a dated line without an operation is not an intervention
        if math.isnan(amount):
            raise PayloadError(NAME, f"line {line}: intervention on {day} has no amount")
        days.append(day)
        records.append((amount, pair_en, pair_ja, _side(pair_en, pair_ja)))

    if not records:
        raise PayloadError(NAME, "no intervention rows found (truncated or changed file?)")
    frame = pd.DataFrame.from_records(records, columns=list(COLUMNS), index=_index(days))
    frame = clean_frame(frame.sort_index(kind="stable"))
    frame["amount_jpy_100m"] = frame["amount_jpy_100m"].astype("float64")
    # A day may carry two operations (two currency pairs), never the same pair twice.
    reject_duplicate_rows(
        frame.reset_index(), "date", ("pair_ja", "pair_en"), NAME, "interventions"
    )
    reject_duplicate_dates(pd.Index(quarter_ends), NAME, "quarter subtotals")
    ends = sorted(quarter_totals)
    quarters = pd.DataFrame(
        {"amount_jpy_100m": [quarter_totals[e] for e in ends]}, index=_index(ends), dtype="float64"
    )
    return frame, quarters


def parse(raw: bytes) -> pd.DataFrame:
    """Parse the intervention CSV into one row per intervention (day and currency pair).

    Returns:
        Index ``date`` (``datetime64[ns, Asia/Tokyo]``, ascending; a day with two pairs has
        two rows). Columns ``amount_jpy_100m`` (float, 100 million yen), ``pair_en``,
        ``pair_ja`` (the published pair texts) and ``side``: ``"sell_usd_buy_jpy"``
        (yen-buying), ``"buy_usd_sell_jpy"`` (yen-selling) or ``"other"``.

    Raises:
        PayloadError: see :func:`parse_all`.
    """
    frame, _ = parse_all(raw)
    return frame


def _index(days: list[date]) -> pd.DatetimeIndex:
    # pandas 3 infers second resolution from dates; the frame contract is nanoseconds.
    return tz_index(days, "Asia/Tokyo").as_unit("ns")


class MofIntervention(Source):
    """MoF foreign exchange intervention operations (daily detail, published quarterly)."""

    spec = MOF_INTERVENTION_SPEC

    async def collect(self, fetcher: Fetcher) -> Collected:
        """Fetch and parse the CP932 CSV.

        ``as_of`` is the latest intervention date. Frames: ``interventions`` (see
        :func:`parse`) and ``quarters`` (subtotals, see :func:`parse_all`).

        Raises:
            NoDataError: neither MoF nor the cache could supply the file.
            PayloadError: the cached copy no longer parses.
        """
        frames, fetched = await fetcher.fetch(self.name, URL, parse_all)
        interventions, quarters = frames
        return Collected(
            frames={"interventions": interventions, "quarters": quarters},
            as_of=last_date(interventions.index),
            fetches=(fetched,),
            detail="MoF daily intervention CSV",
        )

    def collect_demo(self) -> Collected:
        """Parse the packaged synthetic intervention CSV (not real data)."""
        raw = files("jgbtui.sources.demo_data").joinpath(DEMO_FILE).read_bytes()
        interventions, quarters = parse_all(raw)
        return Collected(
            frames={"interventions": interventions, "quarters": quarters},
            as_of=last_date(interventions.index),
            detail="MoF daily intervention CSV",
        )

    def is_late(self, now: datetime, collected: Collected | None) -> bool:
        """Late when the quarters covered by the file lag the publication schedule.

        The last intervention may be years old while the file is fully up to date, so
        ``as_of`` cannot be compared with the schedule; the newest quarterly subtotal row
        (a quiet quarter shows 0) says which quarter the file covers.
        """
        if collected is None:
            return False
        quarters = collected.frames.get("quarters")
        if quarters is None or quarters.empty:
            return False
        covered = last_date(quarters.index)
        expected = self.schedule.expected_latest(now)
        return covered is not None and expected is not None and covered < expected
