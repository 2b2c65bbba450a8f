"""FRED DEXJPUS, ECB reference rates and the US Treasury par yield curve.

Real files come from ``shared/data/real`` (tests skip when it is absent); the values
asserted were read from those files by hand. The old-format FRED fixture and the demo
payloads are SYNTHETIC, written by ``scripts/demo/make_fx_ust.py``.
"""

from __future__ import annotations

import importlib.util
import io
import re
import time
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import httpx
import pandas as pd
import pytest

from jgbtui.runtime.refresh import refresh
from jgbtui.sources import ecb_eurofxref, fred_dexjpus, ust_par_curve
from jgbtui.sources.base import UTC, PayloadError
from jgbtui.sources.ecb_eurofxref import EcbUsdJpy
from jgbtui.sources.fetcher import Fetcher
from jgbtui.sources.fred_dexjpus import FredUsdJpy
from jgbtui.sources.ust_par_curve import UstParCurve, tenor_label, year_url

ROOT = Path(__file__).resolve().parents[2]
#: Same location as conftest's ``real_file``; needed here for module-scoped fixtures.
REAL_DIR = ROOT.parent / "shared" / "data" / "real"
NOW = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)  # the conftest fetcher's default clock

FRED_REAL = "fred_DEXJPUS_newformat_2015-2025.csv"
ECB_REAL = "ecb_eurofxref-hist.csv"
UST_REAL = "ust_daily_par_yield_curve_2025.csv"
FRED_OLD = "fred/DEXJPUS_oldformat_SYNTHETIC.csv"

ALL_TENORS = ["1M", "1.5M", "2M", "3M", "4M", "6M", "1Y", "2Y", "3Y", "5Y", "7Y", "10Y",
              "20Y", "30Y"]  # fmt: skip

Bytes = Callable[[str], bytes]
RealFile = Callable[[str], Path]
MakeFetcher = Callable[..., Fetcher]


def _ny(day: str) -> pd.Timestamp:
    return pd.Timestamp(day, tz="America/New_York")


def _berlin(day: str) -> pd.Timestamp:
    return pd.Timestamp(day, tz="Europe/Berlin")


def _zip(name: str, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


def _assert_index(frame: pd.DataFrame, tz: str) -> None:
    assert frame.index.name == "date"
    assert str(frame.index.dtype) == f"datetime64[ns, {tz}]"
    assert frame.index.is_monotonic_increasing
    assert frame.index.is_unique
    # Calendar dates at local midnight.
    index = pd.DatetimeIndex(frame.index)
    assert (index == index.normalize()).all()


# ======================================================================================
# FRED DEXJPUS
# ======================================================================================


def test_fred_real_file_first_and_last_values(real_file: RealFile) -> None:
    frame = fred_dexjpus.parse(real_file(FRED_REAL).read_bytes())

    assert list(frame.columns) == ["jpy_per_usd"]
    assert frame["jpy_per_usd"].dtype == "float64"
    _assert_index(frame, "America/New_York")
    assert frame.index[0] == _ny("2015-07-13")
    assert frame["jpy_per_usd"].iloc[0] == 123.35
    assert frame.index[-1] == _ny("2025-07-11")
    assert frame["jpy_per_usd"].iloc[-1] == 147.29
    assert frame.loc[_ny("2025-07-10"), "jpy_per_usd"] == 146.46


def test_fred_real_file_drops_the_112_empty_holiday_rows(real_file: RealFile) -> None:
    raw = real_file(FRED_REAL).read_bytes()
    data_lines = raw.decode().splitlines()[1:]
    empty = [line for line in data_lines if line.endswith(",")]
    assert len(empty) == 112  # counted from the file itself, not from the parser

    frame = fred_dexjpus.parse(raw)

    assert len(frame) == len(data_lines) - 112 == 2498
    assert _ny("2015-09-07") not in frame.index  # Labor Day 2015: "2015-09-07,"
    assert frame["jpy_per_usd"].notna().all()
    assert (frame["jpy_per_usd"] > 100).all()  # never 0 for a holiday


def test_fred_old_format_synthetic_fixture(fixture_bytes: Bytes) -> None:
    raw = fixture_bytes(FRED_OLD)
    assert raw.startswith(b"DATE,DEXJPUS\n")
    assert b"\n2010-11-25,.\n" in raw and b",83.2000\n" in raw

    frame = fred_dexjpus.parse(raw)

    _assert_index(frame, "America/New_York")
    # Thanksgiving 2010 and Martin Luther King Day 2011 are "." rows: dropped.
    assert _ny("2010-11-25") not in frame.index
    assert _ny("2011-01-17") not in frame.index
    assert len(frame) == raw.count(b"\n") - 1 - raw.count(b",.\n")
    assert frame.loc[_ny("2010-11-22"), "jpy_per_usd"] == 83.2  # written "83.2000"
    assert frame.loc[_ny("2010-11-23"), "jpy_per_usd"] == 83.31


def test_fred_old_and_new_layouts_parse_the_same(real_file: RealFile) -> None:
    raw = real_file(FRED_REAL).read_bytes()
    text = raw.decode()
    old = text.replace("observation_date,DEXJPUS", "DATE,DEXJPUS", 1)
    old = re.sub(r",\n", ",.\n", old)  # holidays as "."
    old = re.sub(r",(\d+\.\d\d)\n", r",\g<1>00\n", old)  # 4-decimal values

    pd.testing.assert_frame_equal(fred_dexjpus.parse(old.encode()), fred_dexjpus.parse(raw))


FRED_SAMPLE = b"observation_date,DEXJPUS\n2025-07-09,146.53\n2025-07-10,146.46\n2025-07-11,147.29\n"


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"<!DOCTYPE html><html><body>Error</body></html>", "HTML page"),
        (b"", "empty payload"),
        (FRED_SAMPLE.replace(b"DEXJPUS", b"DEXUSEU"), "header changed"),
        (FRED_SAMPLE.replace(b"observation_date,DEXJPUS\n", b""), "header changed"),
        (b"observation_date,DEXJPUS\n", "no data rows"),
        (FRED_SAMPLE[:-14], "truncated"),  # cut inside the last date: "2025-07-1"
        (FRED_SAMPLE.replace(b"146.46", b"146,46"), "truncated or changed layout"),
        (FRED_SAMPLE.replace(b"146.46", b"n/q"), "'n/q' for 2025-07-10 is not a number"),
        (FRED_SAMPLE.replace(b"147.29", b"1"), "not a plausible yen-per-dollar rate"),
        (FRED_SAMPLE.replace(b"2025-07-10", b"2025-13-10"), "invalid date"),
        (FRED_SAMPLE.decode().encode("utf-16"), "not valid utf-8"),
    ],
)
def test_fred_bad_payloads_raise_payload_error(payload: bytes, message: str) -> None:
    with pytest.raises(PayloadError, match=re.escape(message)) as caught:
        fred_dexjpus.parse(payload)
    assert str(caught.value).startswith("fred_usdjpy: ")


def test_fred_url_is_the_full_history_download() -> None:
    assert fred_dexjpus.URL == "https://fred.stlouisfed.org/graph/fredgraph.csv?id=DEXJPUS"
    assert FredUsdJpy().name == "fred_usdjpy"
    assert FredUsdJpy().refresh_interval == timedelta(hours=6)


async def test_fred_collect(real_file: RealFile, make_fetcher: MakeFetcher) -> None:
    raw = real_file(FRED_REAL).read_bytes()
    collected = await FredUsdJpy().collect(make_fetcher({fred_dexjpus.URL: raw}))

    assert set(collected.frames) == {"usdjpy"}
    assert collected.frames["usdjpy"]["jpy_per_usd"].iloc[-1] == 147.29
    assert collected.as_of == date(2025, 7, 11)
    (fetched,) = collected.fetches
    assert fetched.url == fred_dexjpus.URL
    assert not fetched.from_cache


# ======================================================================================
# ECB reference rates
# ======================================================================================


@pytest.fixture(scope="module")
def ecb_raw() -> bytes:
    """The real 1.8 MB history CSV, read once per module."""
    path = REAL_DIR / ECB_REAL
    if not path.exists():
        pytest.skip(f"real data file {ECB_REAL} not available (expected in {REAL_DIR})")
    return path.read_bytes()


@pytest.fixture(scope="module")
def ecb_zip(ecb_raw: bytes) -> bytes:
    """The real CSV zipped in memory, as the ECB publishes it."""
    return _zip("eurofxref-hist.csv", ecb_raw)


@pytest.fixture(scope="module")
def ecb_frame(ecb_raw: bytes) -> pd.DataFrame:
    """The real history parsed once (bare CSV)."""
    return ecb_eurofxref.parse(ecb_raw)


def test_ecb_real_values_2025_05_09(ecb_frame: pd.DataFrame) -> None:
    row = ecb_frame.loc[_berlin("2025-05-09")]

    assert row["jpy_per_eur"] == 163.36
    assert row["usd_per_eur"] == 1.1252
    assert row["jpy_per_usd"] == pytest.approx(145.18, abs=0.005)
    # Full precision, not rounded: exactly the quotient of the published rates.
    assert row["jpy_per_usd"] == 163.36 / 1.1252


def test_ecb_real_frame_shape(ecb_raw: bytes, ecb_frame: pd.DataFrame) -> None:
    assert list(ecb_frame.columns) == ["jpy_per_eur", "usd_per_eur", "jpy_per_usd"]
    assert (ecb_frame.dtypes == "float64").all()
    _assert_index(ecb_frame, "Europe/Berlin")
    assert ecb_frame.index[0] == _berlin("1999-01-04")  # the file's last row
    assert ecb_frame.index[-1] == _berlin("2025-05-09")  # the file's first row
    assert ecb_frame.loc[_berlin("1999-01-04"), "jpy_per_eur"] == 133.73
    assert ecb_frame.loc[_berlin("1999-01-04"), "usd_per_eur"] == 1.1789
    for holiday in ("2025-05-01", "2025-04-18", "2025-04-21"):  # not TARGET days
        assert _berlin(holiday) not in ecb_frame.index
    # USD and JPY are quoted on every row of this file (N/A only in other columns).
    assert len(ecb_frame) == ecb_raw.count(b"\n") - 1 == 6747
    assert ecb_frame.notna().all().all()


def test_ecb_zip_and_bare_csv_agree(ecb_zip: bytes, ecb_frame: pd.DataFrame) -> None:
    assert ecb_zip[:2] == b"PK"
    pd.testing.assert_frame_equal(ecb_eurofxref.parse(ecb_zip), ecb_frame)


@pytest.mark.parametrize("form", ["csv", "zip"])
def test_ecb_parse_is_fast(form: str, ecb_raw: bytes, ecb_zip: bytes) -> None:
    payload = ecb_raw if form == "csv" else ecb_zip
    started = time.perf_counter()
    ecb_eurofxref.parse(payload)
    elapsed = time.perf_counter() - started
    # ~0.1 s on a developer machine; a per-cell Python loop over the file takes seconds.
    assert elapsed < 1.0, f"parsing the ECB history ({form}) took {elapsed:.2f} s"


ECB_SAMPLE = (
    b"Date,USD,JPY,BGN,CYP,\n"
    b"2025-05-09,1.1252,163.36,1.9558,N/A,\n"
    b"2025-05-08,N/A,163.45,1.9558,N/A,\n"
    b"2025-05-07,1.136,N/A,1.9558,N/A,\n"
    b"2025-05-06,1.1325,161.64,1.9558,N/A,\n"
)


def test_ecb_sample_needs_both_legs_and_sorts_ascending() -> None:
    frame = ecb_eurofxref.parse(ECB_SAMPLE)

    expected = pd.DatetimeIndex([_berlin("2025-05-06"), _berlin("2025-05-09")])
    pd.testing.assert_index_equal(frame.index, expected.as_unit("ns"), check_names=False)
    assert frame["jpy_per_usd"].tolist() == [161.64 / 1.1325, 163.36 / 1.1252]


def test_ecb_columns_are_found_by_name() -> None:
    reordered = b"Date,JPY,GBP,USD,\n2025-05-09,163.36,0.8477,1.1252,\n"
    frame = ecb_eurofxref.parse(reordered)
    assert frame.loc[_berlin("2025-05-09"), "jpy_per_eur"] == 163.36
    assert frame.loc[_berlin("2025-05-09"), "usd_per_eur"] == 1.1252


def _corrupt_member(archive: bytes) -> bytes:
    """Flip bytes inside the compressed data; the central directory stays intact."""
    damaged = bytearray(archive)
    # The data follows the 30-byte local header and the member's name.
    start = 30 + len("eurofxref-hist.csv") + 4
    damaged[start : start + 16] = bytes(b ^ 0xFF for b in damaged[start : start + 16])
    return bytes(damaged)


def _two_csvs() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.csv", ECB_SAMPLE)
        archive.writestr("b.csv", ECB_SAMPLE)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: b"<html><head><title>404</title></head></html>", "HTML page"),
        (lambda: _zip("eurofxref-hist.csv", ECB_SAMPLE * 50)[:200], "corrupt or truncated zip"),
        (lambda: _corrupt_member(_zip("eurofxref-hist.csv", ECB_SAMPLE * 50)), "corrupt"),
        (_two_csvs, "does not contain eurofxref-hist.csv"),
        (lambda: ECB_SAMPLE.replace(b"JPY", b"JPX"), "header changed: no JPY column"),
        (lambda: ECB_SAMPLE.replace(b"Date,", b"Day,"), "header changed: no Date column"),
        (lambda: ECB_SAMPLE[:-12], "truncated or changed layout"),
        (lambda: ECB_SAMPLE.replace(b"163.36", b"163..36"), "JPY value '163..36'"),
        (lambda: ECB_SAMPLE.replace(b"2025-05-08", b"08.05.2025"), "not YYYY-MM-DD"),
        (lambda: b"Date,USD,JPY,\n", "no data rows"),
        (lambda: b"Date,USD,JPY,\n2025-05-09,N/A,N/A,\n", "no day has both"),
    ],
)
def test_ecb_bad_payloads_raise_payload_error(make: Callable[[], bytes], message: str) -> None:
    with pytest.raises(PayloadError, match=re.escape(message)) as caught:
        ecb_eurofxref.parse(make())
    assert str(caught.value).startswith("ecb_usdjpy: ")


def test_ecb_zip_with_a_renamed_single_csv_is_accepted() -> None:
    frame = ecb_eurofxref.parse(_zip("eurofxref-hist-2025.csv", ECB_SAMPLE))
    assert len(frame) == 2


async def test_ecb_collect_from_the_zip(ecb_zip: bytes, make_fetcher: MakeFetcher) -> None:
    collected = await EcbUsdJpy().collect(make_fetcher({ecb_eurofxref.URL: ecb_zip}))

    assert ecb_eurofxref.URL == "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip"
    assert set(collected.frames) == {"usdjpy"}
    assert collected.as_of == date(2025, 5, 9)
    assert collected.fetches[0].content == ecb_zip  # the cache keeps the zip as published


# ======================================================================================
# US Treasury par yield curve
# ======================================================================================


def test_ust_real_file(real_file: RealFile) -> None:
    frame = ust_par_curve.parse(real_file(UST_REAL).read_bytes())

    assert list(frame.columns) == ALL_TENORS
    assert frame.columns.name == "yield_pct"
    assert (frame.dtypes == "float64").all()
    _assert_index(frame, "America/New_York")
    assert len(frame) == 184
    assert frame.index[0] == _ny("2025-01-02")
    assert frame.index[-1] == _ny("2025-09-25")  # the file's first (newest) row
    newest = frame.loc[_ny("2025-09-25")]
    assert newest["10Y"] == 4.18
    assert newest["1M"] == 4.24
    assert newest["30Y"] == 4.75
    assert frame.loc[_ny("2025-01-02"), "10Y"] == 4.57


def test_ust_1_5_month_is_nan_before_2025_02_18(real_file: RealFile) -> None:
    frame = ust_par_curve.parse(real_file(UST_REAL).read_bytes())
    column = frame["1.5M"]

    assert column[column.index < _ny("2025-02-18")].isna().all()
    assert column[column.index >= _ny("2025-02-18")].notna().all()
    assert column[_ny("2025-02-18")] == 4.41
    assert pd.isna(column[_ny("2025-02-14")])


def test_ust_resaved_variant_parses_the_same(real_file: RealFile) -> None:
    raw = real_file(UST_REAL).read_bytes()
    resaved = raw.replace(b'"', b"")
    resaved = re.sub(rb"(\d\d)/(\d\d)/(\d{4})", rb"\3-\1-\2", resaved)
    assert b"2025-09-25,4.24" in resaved and b"10 Yr" in resaved

    pd.testing.assert_frame_equal(ust_par_curve.parse(resaved), ust_par_curve.parse(raw))


def test_ust_columns_follow_the_header_names() -> None:
    # An older layout: no 1.5 Month or 4 Mo, a different order, an unrelated column.
    raw = (
        b'Date,"30 Yr","10 Yr","1 Mo","2 Yr","Note"\n'
        b"12/31/2021,1.90,1.52,0.06,0.73,x\n"
        b"12/30/2021,1.97,1.58,,0.76,y\n"
    )
    frame = ust_par_curve.parse(raw)

    assert list(frame.columns) == ["1M", "2Y", "10Y", "30Y"]
    assert frame.loc[_ny("2021-12-31"), "10Y"] == 1.52
    assert frame["1M"].isna().tolist() == [True, False]


@pytest.mark.parametrize(
    ("header", "label"),
    [
        ("1 Mo", "1M"),
        ("1.5 Month", "1.5M"),
        ("4 Mo", "4M"),
        ("1 Yr", "1Y"),
        ("10 Yr", "10Y"),
        ('"30 Yr"', "30Y"),
        ("10Y", "10Y"),
        ("52 Week", None),
        ("15 Yr", None),
        ("Date", None),
    ],
)
def test_tenor_label(header: str, label: str | None) -> None:
    assert tenor_label(header) == label


UST_SAMPLE = (
    b'Date,"1 Mo","2 Yr","10 Yr","30 Yr"\n'
    b"09/25/2025,4.24,3.64,4.18,4.75\n"
    b"09/24/2025,4.18,3.57,4.16,4.76\n"
    b"09/23/2025,4.16,3.53,4.12,4.73"
)


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (UST_SAMPLE.replace(b'"10 Yr"', b'"Ten Yr"'), "no 10 Yr column"),
        (UST_SAMPLE.replace(b',"10 Yr"', b',"11 Yr"'), "no 10 Yr column"),
        (b"<!doctype html><html>Access Denied</html>", "HTML page"),
        (UST_SAMPLE[:-9], "truncated or changed layout"),
        (UST_SAMPLE.replace(b"Date,", b"When,"), "no Date column"),
        (UST_SAMPLE.replace(b"4.16,", b"4.1b,"), "10 Yr value '4.1b' on 09/24/2025"),
        (UST_SAMPLE.replace(b"09/24/2025", b"Sep 24 2025"), "neither MM/DD/YYYY"),
        (UST_SAMPLE.replace(b"4.18", b"418"), "outside"),
        (UST_SAMPLE.split(b"\n")[0], "no data rows"),
    ],
)
def test_ust_bad_payloads_raise_payload_error(payload: bytes, message: str) -> None:
    with pytest.raises(PayloadError, match=re.escape(message)) as caught:
        ust_par_curve.parse(payload)
    assert str(caught.value).startswith("ust_curve: ")


def test_ust_year_url() -> None:
    assert year_url(2025) == (
        "https://home.treasury.gov/resource-center/data-chart-center/interest-rates/"
        "daily-treasury-rates.csv/2025/all?type=daily_treasury_yield_curve"
        "&field_tdr_date_value=2025&page&_format=csv"
    )


#: A SYNTHETIC 2024 year file (values invented) whose last row repeats 2025-01-02 with a
#: different value, to show which copy of a duplicated date wins.
UST_2024_SYNTHETIC = (
    b'Date,"1 Mo","2 Mo","3 Mo","4 Mo","6 Mo","1 Yr","2 Yr","3 Yr","5 Yr","7 Yr","10 Yr",'
    b'"20 Yr","30 Yr"\n'
    b"01/02/2025,4.40,4.30,4.30,4.30,4.20,4.10,4.20,4.20,4.30,4.40,4.99,4.80,4.70\n"
    b"12/31/2024,4.40,4.37,4.37,4.32,4.24,4.16,4.25,4.27,4.38,4.48,4.58,4.86,4.78\n"
    b"12/30/2024,4.43,4.39,4.37,4.32,4.25,4.17,4.24,4.27,4.36,4.46,4.55,4.83,4.75"
)


class _Counter:
    """A route that serves ``body`` and counts requests."""

    def __init__(self, body: bytes | int) -> None:
        self.body = body
        self.calls = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        if isinstance(self.body, int):
            return httpx.Response(self.body, text="error")
        return httpx.Response(200, content=self.body)


async def test_ust_collect_merges_current_and_previous_year(
    real_file: RealFile, make_fetcher: MakeFetcher
) -> None:
    raw = real_file(UST_REAL).read_bytes()
    now = datetime(2025, 9, 26, 12, 0, tzinfo=UTC)
    fetcher = make_fetcher({year_url(2025): raw, year_url(2024): UST_2024_SYNTHETIC}, now=now)

    collected = await UstParCurve().collect(fetcher)

    frame = collected.frames["curve"]
    assert list(frame.columns) == ALL_TENORS
    assert frame.columns.name == "yield_pct"
    _assert_index(frame, "America/New_York")
    assert len(frame) == 184 + 2
    assert frame.index[0] == _ny("2024-12-30")
    assert frame.loc[_ny("2025-01-02"), "10Y"] == 4.57  # the 2025 file wins over 2024's
    assert frame["1.5M"].iloc[:3].isna().all()  # the 2024 file has no 1.5 Month column
    assert collected.as_of == date(2025, 9, 25)
    assert [f.url for f in collected.fetches] == [year_url(2024), year_url(2025)]
    assert collected.detail == "US Treasury daily par yield curve"


async def test_ust_year_is_the_new_york_year(
    real_file: RealFile, make_fetcher: MakeFetcher
) -> None:
    # 02:00 UTC on 1 January 2026 is still 31 December 2025 in New York.
    raw = real_file(UST_REAL).read_bytes()
    now = datetime(2026, 1, 1, 2, 0, tzinfo=UTC)
    fetcher = make_fetcher({year_url(2025): raw, year_url(2024): UST_2024_SYNTHETIC}, now=now)

    collected = await UstParCurve().collect(fetcher)

    assert collected.as_of == date(2025, 9, 25)
    assert "unavailable" not in collected.detail


async def test_ust_current_year_404_in_early_january_is_tolerated(
    real_file: RealFile, make_fetcher: MakeFetcher
) -> None:
    raw = real_file(UST_REAL).read_bytes()
    now = datetime(2026, 1, 5, 15, 0, tzinfo=UTC)
    fetcher = make_fetcher({year_url(2026): 404, year_url(2025): raw}, now=now)

    result = await refresh(UstParCurve(), fetcher, now)

    assert result.status == "ok"
    assert result.as_of == date(2025, 9, 25)
    assert "2026 not published yet" in result.detail
    assert "HTTP 404" in result.detail


async def test_ust_current_year_404_later_in_the_year_is_reported_and_late(
    real_file: RealFile, make_fetcher: MakeFetcher
) -> None:
    raw = real_file(UST_REAL).read_bytes()
    now = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
    fetcher = make_fetcher({year_url(2026): 404, year_url(2025): raw}, now=now)

    result = await refresh(UstParCurve(), fetcher, now)

    # The 2025 curve stays on screen; the missing 2026 file is the error text, and the
    # schedule marks the data late.
    assert result.status == "ok" and result.late
    assert result.as_of == date(2025, 9, 25)
    assert result.error is not None and "2026 file unavailable" in result.error
    assert "HTTP 404" in result.error


async def test_ust_previous_year_failure_keeps_the_current_year(
    real_file: RealFile, make_fetcher: MakeFetcher
) -> None:
    raw = real_file(UST_REAL).read_bytes()
    now = datetime(2025, 9, 26, 12, 0, tzinfo=UTC)
    fetcher = make_fetcher({year_url(2025): raw, year_url(2024): 404}, now=now)

    collected = await UstParCurve().collect(fetcher)

    assert len(collected.frames["curve"]) == 184
    assert "2024 unavailable" in collected.detail


async def test_ust_previous_year_is_reused_from_the_cache(
    real_file: RealFile, make_fetcher: MakeFetcher, tmp_path: Path
) -> None:
    raw = real_file(UST_REAL).read_bytes()
    start = datetime(2025, 9, 26, 12, 0, tzinfo=UTC)
    current, previous = _Counter(raw), _Counter(UST_2024_SYNTHETIC)
    routes = {year_url(2025): current, year_url(2024): previous}

    for days in (0, 1, 6):
        when = start + timedelta(days=days)
        await refresh(UstParCurve(), make_fetcher(routes, now=when), when)
    assert (current.calls, previous.calls) == (3, 1)

    later = start + timedelta(days=8)
    await refresh(UstParCurve(), make_fetcher(routes, now=later), later)
    assert (current.calls, previous.calls) == (4, 2)


def test_source_attributes() -> None:
    assert UstParCurve().name == "ust_curve"
    assert UstParCurve().refresh_interval == timedelta(hours=2)
    assert EcbUsdJpy().name == "ecb_usdjpy"
    assert EcbUsdJpy().refresh_interval == timedelta(hours=1)


# ======================================================================================
# Stale data from a warm cache (all three), through jgbtui.runtime.refresh.refresh
# ======================================================================================


def _routes(name: str) -> Iterator[tuple[str, str]]:
    """(official URL, real file name) pairs each source fetches at ``NOW``."""
    if name == "fred":
        yield fred_dexjpus.URL, FRED_REAL
    elif name == "ecb":
        yield ecb_eurofxref.URL, ECB_REAL
    else:
        # NOW is in 2026: serve the real 2025 file as both years (the parser does not care).
        yield year_url(2026), UST_REAL
        yield year_url(2025), UST_REAL


@pytest.mark.parametrize(
    ("name", "source"),
    [("fred", FredUsdJpy()), ("ecb", EcbUsdJpy()), ("ust", UstParCurve())],
)
async def test_stale_with_warm_cache(
    name: str,
    source: FredUsdJpy | EcbUsdJpy | UstParCurve,
    real_file: RealFile,
    make_fetcher: MakeFetcher,
) -> None:
    good: dict[str, bytes] = {}
    for url, file_name in _routes(name):
        content = real_file(file_name).read_bytes()
        good[url] = _zip("eurofxref-hist.csv", content) if name == "ecb" else content
    fresh = await refresh(source, make_fetcher(good), NOW)
    assert fresh.status == "ok", fresh.error

    later = NOW + timedelta(days=1)
    broken = make_fetcher(dict.fromkeys(good, 503), now=later)
    stale = await refresh(source, broken, later)

    assert stale.status == "stale"
    assert stale.error is not None and "HTTP 503" in stale.error
    assert stale.as_of == fresh.as_of
    assert stale.fetched_at == NOW  # the age of what is shown, not of the failed attempt
    assert stale.has_data
    for key, frame in fresh.frames.items():
        pd.testing.assert_frame_equal(stale.frames[key], frame)


@pytest.mark.parametrize("source", [FredUsdJpy(), EcbUsdJpy(), UstParCurve()])
async def test_no_network_and_no_cache_is_an_error(
    source: FredUsdJpy | EcbUsdJpy | UstParCurve, make_fetcher: MakeFetcher
) -> None:
    result = await refresh(source, make_fetcher({}), NOW)

    assert result.status == "error"
    assert result.error is not None and "no cached copy" in result.error


# ======================================================================================
# Demo payloads
# ======================================================================================

DEMO_FILES = (
    "DEMO_SYNTHETIC_fredgraph_DEXJPUS.csv",
    "DEMO_SYNTHETIC_eurofxref-hist.csv",
    "DEMO_SYNTHETIC_ust_2026.csv",
)


def test_demo_files_are_small_and_labelled() -> None:
    for name in DEMO_FILES:
        path = ROOT / "jgbtui" / "sources" / "demo_data" / name
        assert path.stat().st_size < 60_000, name


def test_fx_demos_agree_and_end_near_155() -> None:
    fred = FredUsdJpy().collect_demo()
    ecb = EcbUsdJpy().collect_demo()

    assert fred.as_of == ecb.as_of == date(2026, 11, 20)
    fred_series = fred.frames["usdjpy"]["jpy_per_usd"]
    ecb_series = ecb.frames["usdjpy"]["jpy_per_usd"]
    assert fred.frames["usdjpy"].index[0] == _ny("2025-06-02")
    assert ecb.frames["usdjpy"].index[0] == _berlin("2025-06-02")
    assert fred_series.between(145, 158).all()
    assert ecb_series.between(145, 158).all()
    assert abs(fred_series.iloc[-1] - 155) < 1.5
    # Same calendar date in both: the cross tracks the H.10 rate within a yen.
    fred_days = fred_series.set_axis(pd.DatetimeIndex(fred_series.index).tz_localize(None))
    ecb_days = ecb_series.set_axis(pd.DatetimeIndex(ecb_series.index).tz_localize(None))
    both = pd.concat([fred_days, ecb_days], axis=1, join="inner")
    assert len(both) > 300
    assert (both.iloc[:, 0] - both.iloc[:, 1]).abs().max() < 1.0
    # US holidays are absent from FRED, TARGET holidays from the ECB.
    assert _ny("2025-07-04") not in fred.frames["usdjpy"].index
    assert _berlin("2025-12-26") not in ecb.frames["usdjpy"].index


def test_ust_demo() -> None:
    collected = UstParCurve().collect_demo()
    frame = collected.frames["curve"]

    assert collected.as_of == date(2026, 11, 20)
    assert frame.index[0] == _ny("2026-01-02")
    assert list(frame.columns) == ALL_TENORS
    assert frame["10Y"].between(4.0, 4.6).all()
    assert frame.notna().all().all()


def test_generator_output_matches_the_files() -> None:
    script = ROOT / "scripts" / "demo" / "make_fx_ust.py"
    spec = importlib.util.spec_from_file_location("make_fx_ust", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for path, content in module.outputs().items():
        assert "SYNTHETIC" in path.name
        assert path.read_bytes() == content, f"{path} is out of date: rerun {script.name}"
