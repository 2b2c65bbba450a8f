"""MoF International Transactions in Securities: week.csv and montha1.csv parsers and sources.

The good payloads are the real files as MoF published them in August 2026
(``../shared/data/real``, see its SOURCES.md): expected values are read from their raw rows
with the csv module, independently of the parsers. Damaged payloads (truncated, UTF-8,
changed layouts, HTML) have no real file: they are edits of the real bytes made here, or the
SYNTHETIC files in ``tests/fixtures/mof_flows``.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import math
import random
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

from jgbtui.runtime.refresh import demo_result, refresh
from jgbtui.sources.base import UTC, PayloadError
from jgbtui.sources.mof_flows_monthly import MofFlowsMonthly, english_month, parse_montha1_csv
from jgbtui.sources.mof_flows_weekly import MofFlowsWeekly, parse_week_csv, parse_week_label
from jgbtui.sources.mof_its import (
    BLOCK_FIELDS,
    DETAIL,
    FILE_ORDER,
    FLOW_COLUMNS,
    MONTHLY_URL,
    NONRES_BONDS_NET,
    NONRES_COLUMNS,
    RES_COLUMNS,
    SERIES_BREAK,
    WEEKLY_URL,
    parse_number,
)

Bytes = Callable[[str], bytes]
NOW = datetime(2026, 9, 24, 3, 0, tzinfo=UTC)  # Thursday 12:00 JST, after that week's release
ROOT = Path(__file__).resolve().parents[2]


def tokyo(day: str) -> pd.Timestamp:
    return pd.Timestamp(day, tz="Asia/Tokyo")


WEEK_FILE = "mof_itn_week_cp932_2026-08-06.csv"
MONTH_FILE = "mof_itn_montha1_cp932_2026-08.csv"


@pytest.fixture
def week_bytes(real_file: Callable[[str], Path]) -> bytes:
    return real_file(WEEK_FILE).read_bytes()


@pytest.fixture
def month_bytes(real_file: Callable[[str], Path]) -> bytes:
    return real_file(MONTH_FILE).read_bytes()


def raw_rows(raw: bytes) -> list[list[str]]:
    """The file's rows as the csv module reads them (no parser of ours involved)."""
    return list(csv.reader(io.StringIO(raw.decode("cp932"), newline="")))


def raw_values(cells: list[str]) -> list[float]:
    """Value cells as numbers: ``"1,689 "`` -> 1689.0."""
    return [float(c.replace(",", "").strip()) for c in cells]


def raw_week(raw: bytes, label: str) -> list[float]:
    """The 22 values of the week whose period cell is ``label`` (e.g. ``2026．7．26～8．1``)."""
    row = next(r for r in raw_rows(raw) if r and r[0] == label)
    return raw_values(row[1:23])


@pytest.fixture
def weekly(week_bytes: bytes) -> pd.DataFrame:
    return parse_week_csv(week_bytes)


@pytest.fixture
def monthly(month_bytes: bytes) -> pd.DataFrame:
    return parse_montha1_csv(month_bytes)


def edit(raw: bytes, old: str, new: str, count: int = 1) -> bytes:
    """Replace text in a CP932 payload (decode, replace, re-encode)."""
    text = raw.decode("cp932")
    assert old in text, old
    return text.replace(old, new, count).encode("cp932")


# --- schema ------------------------------------------------------------------------------


def test_column_constants_follow_the_contract() -> None:
    assert len(BLOCK_FIELDS) == 11
    assert NONRES_COLUMNS == (
        "nonres_equity_acq_jpy_100m",
        "nonres_equity_disp_jpy_100m",
        "nonres_equity_net_jpy_100m",
        "nonres_bonds_acq_jpy_100m",
        "nonres_bonds_disp_jpy_100m",
        "nonres_bonds_net_jpy_100m",
        "nonres_subtotal_net_jpy_100m",
        "nonres_bills_acq_jpy_100m",
        "nonres_bills_disp_jpy_100m",
        "nonres_bills_net_jpy_100m",
        "nonres_total_net_jpy_100m",
    )
    assert tuple(c.replace("nonres_", "res_", 1) for c in NONRES_COLUMNS) == RES_COLUMNS
    assert set(FLOW_COLUMNS) == set(FILE_ORDER) and len(FLOW_COLUMNS) == 22
    assert NONRES_BONDS_NET in NONRES_COLUMNS
    # week.csv column 17 (0-based, period label = column 0) is the headline series.
    assert FILE_ORDER[17 - 1] == NONRES_BONDS_NET
    assert SERIES_BREAK.isoformat() == "2014-01-01"


def test_weekly_frame_schema(weekly: pd.DataFrame) -> None:
    assert weekly.index.name == "week_end"
    assert str(weekly.index.dtype) == "datetime64[ns, Asia/Tokyo]"
    assert str(weekly["week_start"].dtype) == "datetime64[ns, Asia/Tokyo]"
    assert list(weekly.columns) == ["week_start", *FLOW_COLUMNS]
    assert all(weekly[c].dtype == "float64" for c in FLOW_COLUMNS)
    assert (pd.DatetimeIndex(weekly.index).day_of_week == 5).all()  # Saturday
    assert (weekly["week_start"].dt.day_of_week == 6).all()  # Sunday
    assert ((weekly.index - weekly["week_start"]) == timedelta(days=6)).all()
    assert weekly.index.is_monotonic_increasing


def test_monthly_frame_schema(monthly: pd.DataFrame) -> None:
    assert monthly.index.name == "month_end"
    assert str(monthly.index.dtype) == "datetime64[ns, Asia/Tokyo]"
    assert list(monthly.columns) == list(FLOW_COLUMNS)
    assert all(monthly[c].dtype == "float64" for c in FLOW_COLUMNS)
    assert pd.DatetimeIndex(monthly.index).is_month_end.all()


# --- week.csv: exact values from the real file -------------------------------------------

#: week_end -> its period cell in week.csv: the first week, a revised one, the latest.
REAL_WEEKS = {
    "2005-01-08": "2005．1．2～ 1．8",
    "2026-07-04": "2026．6．28～7．4",
    "2026-08-01": "2026．7．26～8．1",
}


@pytest.mark.parametrize("week_end", sorted(REAL_WEEKS))
def test_real_weeks_parse_exactly(weekly: pd.DataFrame, week_bytes: bytes, week_end: str) -> None:
    row = weekly.loc[tokyo(week_end), list(FILE_ORDER)]
    assert list(row) == raw_week(week_bytes, REAL_WEEKS[week_end])


def test_headline_is_column_17_liabilities_long_term_debt_net(
    weekly: pd.DataFrame, week_bytes: bytes
) -> None:
    # Count the columns from the raw CSV rather than trusting any prose about them.
    rows = {r[0]: r for r in raw_rows(week_bytes) if r}
    assert rows["2005．1．2～ 1．8"][17] == "4,192 "
    assert rows["2026．7．26～8．1"][17] == "5,589 "
    assert rows["2026．7．26～8．1"][14] == "-3,925 "  # foreign *equity* net, column 14
    assert weekly.loc[tokyo("2005-01-08"), NONRES_BONDS_NET] == 4192.0
    # Week to 1 Aug 2026: foreigners net bought 558.9 billion yen of long-term debt...
    assert weekly.loc[tokyo("2026-08-01"), NONRES_BONDS_NET] == 5589.0
    # ...and net sold 392.5 billion yen of equity.
    assert weekly.loc[tokyo("2026-08-01"), "nonres_equity_net_jpy_100m"] == -3925.0
    # The week to 4 Jul 2026 as revised in this file (the first print differed).
    assert weekly.loc[tokyo("2026-07-04"), "nonres_total_net_jpy_100m"] == -551.0
    assert weekly.loc[tokyo("2026-07-04"), "res_bills_net_jpy_100m"] == -1243.0


@pytest.mark.parametrize("week_end", sorted(REAL_WEEKS))
@pytest.mark.parametrize("side", ["res", "nonres"])
def test_real_weeks_net_is_acquisition_minus_disposition(
    weekly: pd.DataFrame, week_end: str, side: str
) -> None:
    row = weekly.loc[tokyo(week_end)]
    for instrument in ("equity", "bonds", "bills"):
        acq, disp, net = (row[f"{side}_{instrument}_{k}_jpy_100m"] for k in ("acq", "disp", "net"))
        # Each published figure is rounded separately, so the identity holds to 1 (e.g.
        # 2026-07-04 Assets bonds: 112,693 - 114,866 = -2,173, but not always exactly).
        assert abs(acq - disp - net) <= 1, (instrument, acq, disp, net)
    subtotal = row[f"{side}_equity_net_jpy_100m"] + row[f"{side}_bonds_net_jpy_100m"]
    assert abs(row[f"{side}_subtotal_net_jpy_100m"] - subtotal) <= 1
    total = row[f"{side}_subtotal_net_jpy_100m"] + row[f"{side}_bills_net_jpy_100m"]
    assert abs(row[f"{side}_total_net_jpy_100m"] - total) <= 1


def test_exact_identities_where_rounding_agrees(weekly: pd.DataFrame) -> None:
    row = weekly.loc[tokyo("2005-01-08")]
    assert row["res_equity_acq_jpy_100m"] - row["res_equity_disp_jpy_100m"] == 270
    assert row["nonres_bonds_acq_jpy_100m"] - row["nonres_bonds_disp_jpy_100m"] == 4192
    row = weekly.loc[tokyo("2026-08-01")]
    assert row["nonres_equity_acq_jpy_100m"] - row["nonres_equity_disp_jpy_100m"] == -3925


# --- week.csv: period labels -------------------------------------------------------------


def test_year_crossing_weeks(weekly: pd.DataFrame) -> None:
    assert weekly.loc[tokyo("2026-01-03"), "week_start"] == tokyo("2025-12-28")
    assert weekly.loc[tokyo("2007-01-06"), "week_start"] == tokyo("2006-12-31")
    assert tokyo("2025-12-27") in weekly.index


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("2005．1．2～ 1．8", (date(2005, 1, 2), date(2005, 1, 8))),  # U+FF5E (cp932)
        ("2005．1．2\u301c 1．8", (date(2005, 1, 2), date(2005, 1, 8))),  # U+301C (shift_jis)
        ("2005.1.2~1.8", (date(2005, 1, 2), date(2005, 1, 8))),
        ("2005. 1. 2 ～  1. 8", (date(2005, 1, 2), date(2005, 1, 8))),
        ("2025．12．28～2026．1．3", (date(2025, 12, 28), date(2026, 1, 3))),
        ("2006．12．31～ 2007．1．6", (date(2006, 12, 31), date(2007, 1, 6))),
        ("2006．12．31～ 1．6", (date(2006, 12, 31), date(2007, 1, 6))),  # year left out
        ("２０２６．９．６～９．１２", (date(2026, 9, 6), date(2026, 9, 12))),
    ],
)
def test_period_labels(label: str, expected: tuple[date, date]) -> None:
    assert parse_week_label(label) == expected


@pytest.mark.parametrize("label", ["期間\nPeriod", "（備考）", "Final Update", "2026", ""])
def test_non_period_cells_are_not_labels(label: str) -> None:
    assert parse_week_label(label) is None


@pytest.mark.parametrize("label", ["2026．9．6～9．13", "2026．9．5～9．11", "2026．2．30～3．7"])
def test_impossible_weeks_are_rejected(label: str) -> None:
    with pytest.raises(ValueError):
        parse_week_label(label)


def test_both_tilde_variants_give_identical_bytes_and_frames(week_bytes: bytes) -> None:
    # CP932 decodes 0x8160 to U+FF5E; a Shift_JIS round trip yields U+301C. Either way the
    # bytes on the wire are the same, and text with either character parses the same.
    assert "\uff5e".encode("cp932") == "\u301c".encode("cp932") == b"\x81\x60"
    text = week_bytes.decode("cp932")
    wave_dash = text.replace("\uff5e", "\u301c").encode("cp932")
    assert wave_dash == week_bytes
    via_shift_jis = week_bytes.decode("shift_jis", errors="replace")
    assert "\u301c" in via_shift_jis
    label = next(x for x in via_shift_jis.split("\r\n") if x.startswith("2005"))
    assert "\u301c" in label
    assert parse_week_label(label.split(",")[0]) == (date(2005, 1, 2), date(2005, 1, 8))
    pd.testing.assert_frame_equal(parse_week_csv(wave_dash), parse_week_csv(week_bytes))


def test_weekly_rows_count_and_order(weekly: pd.DataFrame, week_bytes: bytes) -> None:
    labels = [r[0] for r in raw_rows(week_bytes) if r and parse_week_label(r[0]) is not None]
    assert len(weekly) == len(labels) == 1126
    assert weekly.index[0] == tokyo("2005-01-08") and weekly.index[-1] == tokyo("2026-08-01")
    # Every week from January 2005 to August 2026, none missing, none repeated.
    assert (weekly.index.to_series().diff().dropna() == timedelta(days=7)).all()


def test_number_cleaning() -> None:
    assert parse_number("1,689 ") == 1689.0
    assert parse_number("270 ") == 270.0
    assert parse_number("-2,173 ") == -2173.0
    assert parse_number("\u22121,430") == -1430.0
    assert parse_number(" 1, 234 ") == 1234.0  # stray space inside the value
    assert math.isnan(parse_number("")) and math.isnan(parse_number("  "))
    with pytest.raises(ValueError):
        parse_number("abc")
    with pytest.raises(ValueError):
        parse_number("1,6\r\nb,2")


# --- montha1.csv ---------------------------------------------------------------------------


def test_real_july_2026(monthly: pd.DataFrame, month_bytes: bytes) -> None:
    rows = raw_rows(month_bytes)
    july = [r for r in rows if len(r) > 3 and r[2] == "Jul" and r[3].strip()][-1]
    assert list(monthly.loc[tokyo("2026-07-31"), list(FILE_ORDER)]) == raw_values(july[3:25])
    # montha1.csv column 19 = Liabilities long-term debt net: -1.3167 trillion yen.
    assert july[19] == "-13,167"
    assert monthly.loc[tokyo("2026-07-31"), NONRES_BONDS_NET] == -13167.0


def test_months_with_year_filled_forward(monthly: pd.DataFrame) -> None:
    assert monthly.index[0] == tokyo("2005-01-31")
    assert monthly.index[-1] == tokyo("2026-07-31")
    expected = pd.date_range("2005-01-31", "2026-07-31", freq="ME", tz="Asia/Tokyo")
    assert list(monthly.index) == list(expected)  # every era-year February row included
    assert tokyo("2025-02-28") in monthly.index and tokyo("2026-02-28") in monthly.index


def test_blank_future_months_are_dropped_not_zero(
    monthly: pd.DataFrame, month_bytes: bytes
) -> None:
    # August to December 2026 are listed with every cell blank.
    assert ",８月,Aug,,,," in month_bytes.decode("cp932")
    assert monthly.index.max() == tokyo("2026-07-31")
    assert not monthly.isna().any().any()
    assert (monthly != 0).all().all()


def test_calendar_and_fiscal_year_total_rows_are_skipped(
    monthly: pd.DataFrame, month_bytes: bytes
) -> None:
    text = month_bytes.decode("cp932")
    assert "2025CY" in text and "2005FY" in text
    assert len(monthly) == 21 * 12 + 7  # 2005..2025 and Jan..Jul 2026
    cy_2025 = next(r for r in raw_rows(month_bytes) if r and "2025CY" in r[0])
    assert raw_values(cy_2025[3:4]) == [1_416_915.0]
    assert 1_416_915.0 not in monthly["res_equity_acq_jpy_100m"].tolist()


def test_partially_blank_month_keeps_nan_never_zero(month_bytes: bytes) -> None:
    raw = edit(month_bytes, '"141,831","140,136","1,695"', '"141,831",,"1,695"')
    frame = parse_montha1_csv(raw)
    assert math.isnan(frame["res_equity_disp_jpy_100m"].loc[tokyo("2026-07-31")])
    assert frame.loc[tokyo("2026-07-31"), "res_equity_net_jpy_100m"] == 1695.0


def test_heisei_and_reiwa_era_february_rows(monthly: pd.DataFrame, month_bytes: bytes) -> None:
    text = month_bytes.decode("cp932")
    assert "(平成31年)" in text and "(令和2年)" in text  # Feb 2019, Feb 2020
    assert tokyo("2019-02-28") in monthly.index
    assert tokyo("2020-02-29") in monthly.index  # leap year month end


def test_january_row_without_year_still_starts_a_new_year(month_bytes: bytes) -> None:
    frame = parse_montha1_csv(edit(month_bytes, "2026,１月", ",１月"))
    assert tokyo("2026-01-31") in frame.index


def test_era_year_contradicting_the_year_is_rejected(month_bytes: bytes) -> None:
    with pytest.raises(PayloadError, match="contradicts"):
        parse_montha1_csv(edit(month_bytes, "(令和8年)", "(令和9年)"))


def test_month_labels_disagreeing_are_rejected(month_bytes: bytes) -> None:
    with pytest.raises(PayloadError, match="disagree"):
        parse_montha1_csv(edit(month_bytes, ",８月,Aug,", ",９月,Aug,"))  # August 2005


def test_difference_columns_are_ignored_but_more_columns_are_not(month_bytes: bytes) -> None:
    without = edit(month_bytes, '"-13,106","5,535","26,711"', '"-13,106"')
    assert parse_montha1_csv(without).loc[tokyo("2026-07-31"), "nonres_total_net_jpy_100m"] == (
        -13106.0
    )
    extra = edit(month_bytes, '"-13,106","5,535","26,711"', '"-13,106","5,535","26,711",7')
    with pytest.raises(PayloadError, match="25 value cells"):
        parse_montha1_csv(extra)


@pytest.mark.parametrize(
    ("cell", "month"),
    [
        ("Jan", 1),
        ("Sep", 9),
        ("Sept", 9),
        ("Aug.", 8),
        ("dec", 12),
        ("CY", None),
        ("FY2025", None),
        ("", None),
        ("Total", None),
    ],
)
def test_english_month(cell: str, month: int | None) -> None:
    assert english_month(cell) == month


# --- bad payloads --------------------------------------------------------------------------

WEEKLY, MONTHLY = "mof_flows_weekly", "mof_flows_monthly"


@pytest.mark.parametrize(
    ("fixture", "parser", "message"),
    [
        ("SYNTHETIC_bad_html.html", parse_week_csv, "HTML"),
        ("SYNTHETIC_bad_html.html", parse_montha1_csv, "HTML"),
        ("SYNTHETIC_bad_week_utf8.csv", parse_week_csv, "UTF-8"),
        ("SYNTHETIC_bad_week_truncated.csv", parse_week_csv, "truncated"),
        ("SYNTHETIC_bad_montha1_truncated.csv", parse_montha1_csv, "truncated"),
        ("SYNTHETIC_bad_week_extra_column.csv", parse_week_csv, "23 value cells, expected 22"),
        ("SYNTHETIC_bad_montha1_no_month_column.csv", parse_montha1_csv, "no monthly data rows"),
    ],
)
def test_bad_fixture_payloads(
    fixture_bytes: Bytes, fixture: str, parser: Callable[[bytes], pd.DataFrame], message: str
) -> None:
    with pytest.raises(PayloadError, match=message) as info:
        parser(fixture_bytes(f"mof_flows/{fixture}"))
    source = WEEKLY if parser is parse_week_csv else MONTHLY
    assert info.value.source == source
    assert str(info.value).startswith(f"{source}: ")


def test_each_real_file_is_rejected_by_the_other_parser(
    week_bytes: bytes, month_bytes: bytes
) -> None:
    with pytest.raises(PayloadError, match="no weekly data rows"):
        parse_week_csv(month_bytes)
    with pytest.raises(PayloadError, match="no monthly data rows"):
        parse_montha1_csv(week_bytes)


@pytest.mark.parametrize("parser", [parse_week_csv, parse_montha1_csv])
@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "empty"),
        (b"  \r\n", "empty"),
        (b"\x81\x20\x82\xff,1,2\r\n", "not valid cp932"),
        ("期間,1,2\r\n".encode("utf-8-sig"), "UTF-8"),
        (b"<html><body>Service unavailable</body></html>", "HTML"),
    ],
)
def test_bad_raw_payloads(
    parser: Callable[[bytes], pd.DataFrame], raw: bytes, message: str
) -> None:
    with pytest.raises(PayloadError, match=message):
        parser(raw)


def test_truncated_weekly_message_names_the_row(fixture_bytes: Bytes) -> None:
    with pytest.raises(PayloadError) as info:
        parse_week_csv(fixture_bytes("mof_flows/SYNTHETIC_bad_week_truncated.csv"))
    assert "2026.9.6~9.12" in info.value.message
    assert "3 value cells, expected 22" in info.value.message


def test_truncated_inside_a_period_label(week_bytes: bytes) -> None:
    cut = week_bytes.rindex("2026．7．26".encode("cp932")) + len("2026．7．".encode("cp932"))
    with pytest.raises(PayloadError, match="unrecognised period label"):
        parse_week_csv(week_bytes[:cut])


def test_non_numeric_cell(week_bytes: bytes) -> None:
    with pytest.raises(PayloadError, match=r"non-numeric value 'x1,689' in res_equity_acq"):
        parse_week_csv(edit(week_bytes, '"1,689 "', '"x1,689 "'))


def test_shifted_values_break_the_identities(week_bytes: bytes) -> None:
    # Same cell count, but two values swapped, as a reordered layout would produce.
    swapped = edit(week_bytes, '"15,867 ","11,675 "', '"11,675 ","15,867 "')
    with pytest.raises(PayloadError, match="Liabilities long-term debt net"):
        parse_week_csv(swapped)


def test_unit_change_is_rejected(week_bytes: bytes, month_bytes: bytes) -> None:
    for parser, raw in ((parse_week_csv, week_bytes), (parse_montha1_csv, month_bytes)):
        text = raw.decode("cp932").replace("億円", "百万円")
        changed = re.sub("100 mil(lion)? yen", "million yen", text, flags=re.I).encode("cp932")
        with pytest.raises(PayloadError, match="unit"):
            parser(changed)


def test_swapped_blocks_are_rejected(week_bytes: bytes) -> None:
    swapped = edit(
        edit(week_bytes, "Portfolio Investment Assets", "PLACEHOLDER"),
        "Portfolio Investment Liabilities",
        "Portfolio Investment Assets",
    )
    swapped = edit(swapped, "PLACEHOLDER", "Portfolio Investment Liabilities")
    with pytest.raises(PayloadError, match="precedes"):
        parse_week_csv(swapped)


def test_blank_week_is_an_error(week_bytes: bytes) -> None:
    text = week_bytes.decode("cp932")
    line = next(x for x in text.split("\r\n") if x.startswith("2026．7．5"))
    blank = text.replace(line, "2026．7．5～7．11" + "," * 22).encode("cp932")
    with pytest.raises(PayloadError, match="no values"):
        parse_week_csv(blank)


def test_repeated_week_is_an_error(week_bytes: bytes) -> None:
    text = week_bytes.decode("cp932")
    line = next(x for x in text.split("\r\n") if x.startswith("2026．7．26"))
    with pytest.raises(PayloadError, match="duplicate periods in one file: 2026-08-01"):
        parse_week_csv(text.replace(line, line + "\r\n" + line).encode("cp932"))


def test_bad_week_label_is_an_error(week_bytes: bytes) -> None:
    with pytest.raises(PayloadError, match="not a Sunday-to-Saturday week"):
        parse_week_csv(edit(week_bytes, "2026．7．5～7．11", "2026．7．5～7．12"))


def test_all_blank_monthly_file_is_an_error(month_bytes: bytes) -> None:
    text = month_bytes.decode("cp932")
    lines = [
        x
        if not x.split(",")[2:3] or english_month(x.split(",")[2]) is None
        else ",".join(x.split(",")[:3]) + "," * 24
        for x in text.split("\r\n")
    ]
    with pytest.raises(PayloadError, match="every month row is blank"):
        parse_montha1_csv("\r\n".join(lines).encode("cp932"))


# --- collect, stale fallback, demo -----------------------------------------------------------


async def test_weekly_collect(make_fetcher: Callable[..., object], week_bytes: bytes) -> None:
    fetcher = make_fetcher({WEEKLY_URL: week_bytes}, now=NOW)
    collected = await MofFlowsWeekly().collect(fetcher)  # type: ignore[arg-type]
    frame = collected.frames["weekly"]
    assert collected.as_of == date(2026, 8, 1)
    assert frame.loc[tokyo("2026-08-01"), NONRES_BONDS_NET] == 5589.0
    assert collected.detail == DETAIL
    (fetched,) = collected.fetches
    assert fetched.url == WEEKLY_URL and not fetched.from_cache and not fetched.is_stale


async def test_monthly_collect(make_fetcher: Callable[..., object], month_bytes: bytes) -> None:
    fetcher = make_fetcher({MONTHLY_URL: month_bytes}, now=NOW)
    collected = await MofFlowsMonthly().collect(fetcher)  # type: ignore[arg-type]
    assert list(collected.frames) == ["monthly"]
    assert collected.as_of == date(2026, 7, 31)
    assert collected.fetches[0].url == MONTHLY_URL


@pytest.mark.parametrize(
    ("source", "url", "fixture"),
    [
        (MofFlowsWeekly(), WEEKLY_URL, WEEK_FILE),
        (MofFlowsMonthly(), MONTHLY_URL, MONTH_FILE),
    ],
)
@pytest.mark.parametrize(
    ("failure", "reason"),
    [
        (503, "HTTP 503"),
        (b"<!DOCTYPE html><html><body>maintenance</body></html>", "HTML"),
        ("SYNTHETIC_bad_week_truncated.csv", "bad payload"),
    ],
)
async def test_stale_with_warm_cache(
    make_fetcher: Callable[..., object],
    fixture_bytes: Bytes,
    real_file: Callable[[str], Path],
    source: MofFlowsWeekly | MofFlowsMonthly,
    url: str,
    fixture: str,
    failure: int | bytes | str,
    reason: str,
) -> None:
    good = real_file(fixture).read_bytes()
    warm = await refresh(source, make_fetcher({url: good}, now=NOW), NOW)  # type: ignore[arg-type]
    assert warm.status == "ok" and warm.error is None

    if isinstance(failure, str):
        failure = fixture_bytes(f"mof_flows/{failure}")
    result = await refresh(source, make_fetcher({url: failure}, now=NOW), NOW)  # type: ignore[arg-type]
    assert result.status == "stale"
    assert reason in (result.error or "")
    assert result.as_of == warm.as_of
    (name,) = result.frames
    pd.testing.assert_frame_equal(result.frames[name], warm.frames[name])
    assert result.has_data


async def test_no_cache_and_no_network_is_an_error(make_fetcher: Callable[..., object]) -> None:
    result = await refresh(MofFlowsWeekly(), make_fetcher({}, now=NOW), NOW)  # type: ignore[arg-type]
    assert result.status == "error" and "HTTP 404" in (result.error or "")
    assert not result.has_data


async def test_weekly_release_lateness(
    make_fetcher: Callable[..., object], week_bytes: bytes
) -> None:
    # Thursday 2026-09-24 12:00 JST: the week ended 2026-09-19 should be out, and the
    # file (updated 6 Aug) ends on 1 Aug.
    result = await refresh(MofFlowsWeekly(), make_fetcher({WEEKLY_URL: week_bytes}), NOW)  # type: ignore[arg-type]
    assert result.as_of == date(2026, 8, 1) and result.late


def test_weekly_demo() -> None:
    source = MofFlowsWeekly()
    collected = source.collect_demo()
    frame = collected.frames["weekly"]
    assert collected.as_of == date(2026, 11, 14)
    assert frame["week_start"].iloc[-1] == tokyo("2026-11-08")
    assert 100 <= len(frame) <= 110  # about two years
    assert (frame.index.to_series().diff().dropna() == timedelta(days=7)).all()
    # The anomaly: one week of very heavy foreign selling of long-term bonds near the end.
    bonds = frame[NONRES_BONDS_NET]
    assert bonds.idxmin() == tokyo("2026-10-31") and bonds.min() < -30_000
    assert bonds.drop(bonds.idxmin()).min() > -30_000
    result = demo_result(source, NOW)
    assert result.status == "demo" and "DEMO" in result.detail


def test_monthly_demo() -> None:
    collected = MofFlowsMonthly().collect_demo()
    frame = collected.frames["monthly"]
    assert collected.as_of == date(2026, 10, 31)
    expected = pd.date_range("2024-01-31", "2026-10-31", freq="ME", tz="Asia/Tokyo")
    assert list(frame.index) == list(expected)


def _load_generator() -> ModuleType:
    path = ROOT / "scripts" / "demo" / "make_mof_flows.py"
    spec = importlib.util.spec_from_file_location("make_mof_flows", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_demo_files_are_reproducible_and_labelled() -> None:
    generator = _load_generator()
    weeks = generator.synthetic_weeks(random.Random(generator.SEED))
    demo_dir = ROOT / "jgbtui" / "sources" / "demo_data"
    week = (demo_dir / "DEMO_SYNTHETIC_week.csv").read_bytes()
    month = (demo_dir / "DEMO_SYNTHETIC_montha1.csv").read_bytes()
    assert generator.weekly_payload(weeks) == week
    assert generator.monthly_payload(weeks) == month
    for raw in (week, month):
        assert b"SYNTHETIC DEMO" in raw.split(b"\r\n")[0]
        assert b"\r\n" in raw
        raw.decode("cp932")  # strict
