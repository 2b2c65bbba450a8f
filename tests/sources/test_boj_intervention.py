"""BOJ FM08 USD/JPY (time-series API) and MoF FX intervention sources.

All fixtures are SYNTHETIC, built by ``scripts/demo/make_boj_intervention.py`` in the
publishers' layouts from the rows quoted in ``shared/docs/data-sources.md``.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import httpx
import pandas as pd
import pytest

from jgbtui.runtime.refresh import refresh
from jgbtui.sources import boj_fm08, mof_fx_intervention
from jgbtui.sources.base import UTC, PayloadError
from jgbtui.sources.boj_fm08 import CREDIT_NOTICE, BojUsdJpy, data_url, next_position
from jgbtui.sources.fetcher import Fetcher
from jgbtui.sources.mof_fx_intervention import MofIntervention, parse_all

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)  # the conftest fetcher's default clock

BOJ_DAILY = "boj/SYNTHETIC_fm08_fxerd04_daily.csv"
BOJ_PAGE1 = "boj/SYNTHETIC_fm08_fxerd04_page1_of2.csv"
BOJ_PAGE2 = "boj/SYNTHETIC_fm08_fxerd04_page2_of2.csv"
BOJ_ERROR_CSV = "boj/SYNTHETIC_fm08_error_status400.csv"
BOJ_ERROR_JSON = "boj/SYNTHETIC_fm08_error_status400.json"
MOF_FILE = "mof_intervention/SYNTHETIC_foreign_exchange_intervention_operations.csv"

Bytes = Callable[[str], bytes]
MakeFetcher = Callable[..., Fetcher]


def _tokyo(*days: str) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(pd.to_datetime(list(days))).tz_localize("Asia/Tokyo").as_unit("ns")


# --------------------------------------------------------------------------------------
# BOJ: parsing
# --------------------------------------------------------------------------------------


def test_boj_parse_values_exactly(fixture_bytes: Bytes) -> None:
    frame = boj_fm08.parse(fixture_bytes(BOJ_DAILY))

    assert list(frame.columns) == ["jpy_per_usd"]
    assert str(frame.index.dtype) == "datetime64[ns, Asia/Tokyo]"
    assert frame.index.name == "date"
    expected = _tokyo("2026-08-27", "2026-08-28", "2026-08-31", "2026-09-01", "2026-09-02")
    pd.testing.assert_index_equal(frame.index, expected, check_names=False)
    assert frame["jpy_per_usd"].tolist() == [158.83, 159.51, 159.57, 159.99, 159.7]


def test_boj_null_and_empty_are_dropped_not_zero(fixture_bytes: Bytes) -> None:
    frame = boj_fm08.parse(fixture_bytes(BOJ_DAILY))

    # 2026-08-29 is "null", 2026-08-30 an empty cell, 09-03..09-05 not yet published.
    for missing in ("2026-08-29", "2026-08-30", "2026-09-03", "2026-09-04", "2026-09-05"):
        assert pd.Timestamp(missing, tz="Asia/Tokyo") not in frame.index
    assert frame["jpy_per_usd"].notna().all()
    assert (frame["jpy_per_usd"] > 100).all()


def test_boj_next_position(fixture_bytes: Bytes) -> None:
    assert next_position(fixture_bytes(BOJ_PAGE1)) == 2
    assert next_position(fixture_bytes(BOJ_PAGE2)) is None
    assert next_position(fixture_bytes(BOJ_DAILY)) is None


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        (BOJ_ERROR_CSV, r"STATUS 400 M181001E\): Invalid input parameters"),
        (BOJ_ERROR_JSON, r"STATUS 400 M181013E\): Nonexistent series code:1"),
    ],
)
def test_boj_error_status_raises_with_the_boj_message(
    fixture_bytes: Bytes, fixture: str, expected: str
) -> None:
    raw = fixture_bytes(fixture)
    with pytest.raises(PayloadError, match=expected):
        boj_fm08.parse(raw)
    with pytest.raises(PayloadError, match="BOJ API error"):
        next_position(raw)


def _boj_bad(raw: bytes) -> dict[str, bytes]:
    cut = raw.rindex(b",20260905")  # mid-row: the last row loses its date and value
    return {
        "html page": b"<!DOCTYPE html><html><body>Service unavailable</body></html>",
        "truncated row": raw[:cut],
        "truncated preamble": raw[: raw.index(b"SERIES_CODE")],
        "wrong encoding": raw.decode("utf-8").encode("utf-16"),
        "changed columns": raw.replace(b",VALUES\n", b",VALUES,NOTE\n"),
        "empty": b"",
    }


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("html page", "HTML page"),
        ("truncated row", "data row 10 has 6 cells, expected 8"),
        ("truncated preamble", "no SERIES_CODE header"),
        ("wrong encoding", "not valid utf-8"),
        ("changed columns", "data header changed"),
        ("empty", "empty payload"),
    ],
)
def test_boj_bad_payloads(fixture_bytes: Bytes, case: str, message: str) -> None:
    with pytest.raises(PayloadError, match=message):
        boj_fm08.parse(_boj_bad(fixture_bytes(BOJ_DAILY))[case])


def test_boj_url_is_two_years_in_tokyo_months() -> None:
    base = "https://www.stat-search.boj.or.jp/api/v1/getDataCode?format=csv&lang=en&db=FM08"
    assert data_url(NOW) == f"{base}&startDate=202411&endDate=202611&code=FXERD04"
    assert data_url(NOW, start_position=2).endswith("&code=FXERD04&startPosition=2")
    # 2026-11-30 15:30 UTC is already 1 December in Tokyo.
    assert "&endDate=202612&" in data_url(datetime(2026, 11, 30, 15, 30, tzinfo=UTC))


# --------------------------------------------------------------------------------------
# BOJ: collecting through the fetcher
# --------------------------------------------------------------------------------------


async def test_boj_pages_are_merged_and_throttled(
    fixture_bytes: Bytes, make_fetcher: MakeFetcher
) -> None:
    seen: list[tuple[float, str]] = []

    def serve(body: bytes) -> Callable[[httpx.Request], httpx.Response]:
        def handler(request: httpx.Request) -> httpx.Response:
            seen.append((time.monotonic(), str(request.url)))
            return httpx.Response(200, content=body)

        return handler

    fetcher = make_fetcher(
        {
            data_url(NOW): serve(fixture_bytes(BOJ_PAGE1)),
            data_url(NOW, start_position=2): serve(fixture_bytes(BOJ_PAGE2)),
        }
    )
    collected = await BojUsdJpy().collect(fetcher)

    frame = collected.frames["usdjpy"]
    assert frame["jpy_per_usd"].tolist() == [153.12, 153.48, 154.06, 153.9]
    assert frame.index.is_monotonic_increasing and frame.index.is_unique
    assert collected.as_of == date(2026, 11, 6)
    assert [f.url for f in collected.fetches] == [data_url(NOW), data_url(NOW, start_position=2)]
    assert collected.notices == (CREDIT_NOTICE,)
    # The BOJ forbids high-frequency access: two requests to its host >= 1 s apart.
    assert [url for _, url in seen] == [data_url(NOW), data_url(NOW, start_position=2)]
    assert seen[1][0] - seen[0][0] >= boj_fm08.MIN_INTERVAL - 0.02


async def test_boj_error_status_reaches_the_result(
    fixture_bytes: Bytes, make_fetcher: MakeFetcher
) -> None:
    fetcher = make_fetcher({data_url(NOW): fixture_bytes(BOJ_ERROR_CSV)})
    result = await refresh(BojUsdJpy(), fetcher, NOW)

    assert result.status == "error"
    assert result.error is not None and "Invalid input parameters" in result.error


async def test_boj_previous_month_cache_covers_a_new_month(
    fixture_bytes: Bytes, make_fetcher: MakeFetcher, tmp_path: Path
) -> None:
    october = datetime(2026, 10, 30, 3, 0, tzinfo=UTC)
    warm = make_fetcher({data_url(october): fixture_bytes(BOJ_DAILY)}, now=october)
    assert (await refresh(BojUsdJpy(), warm, october)).status == "ok"

    # November: the URL names the new month, the network is down, the cache has October's.
    cold = make_fetcher({}, now=NOW, cache_dir=tmp_path / "cache", offline=True)
    result = await refresh(BojUsdJpy(), cold, NOW)

    assert result.status == "stale"
    assert result.as_of == date(2026, 9, 2)
    assert result.error is not None and "previous month" in result.error
    assert result.notices == (CREDIT_NOTICE,)


def test_boj_collect_demo_returns_the_credit_notice() -> None:
    collected = BojUsdJpy().collect_demo()

    assert collected.notices == (CREDIT_NOTICE,)
    assert "Bank of Japan Time-Series Data Search" in CREDIT_NOTICE
    frame = collected.frames["usdjpy"]
    assert str(frame.index.dtype) == "datetime64[ns, Asia/Tokyo]"
    assert frame.index[0] == pd.Timestamp("2025-06-02", tz="Asia/Tokyo")
    assert collected.as_of == date(2026, 11, 18)
    assert frame["jpy_per_usd"].between(145, 158).all()
    assert (pd.DatetimeIndex(frame.index).day_of_week < 5).all()


# --------------------------------------------------------------------------------------
# MoF intervention
# --------------------------------------------------------------------------------------


def test_mof_cross_check_q2_2024(fixture_bytes: Bytes) -> None:
    frame = mof_fx_intervention.parse(fixture_bytes(MOF_FILE))

    assert list(frame.columns) == ["amount_jpy_100m", "pair_en", "pair_ja", "side"]
    assert str(frame.index.dtype) == "datetime64[ns, Asia/Tokyo]"
    april = frame.loc[pd.Timestamp("2024-04-29", tz="Asia/Tokyo")]
    may = frame.loc[pd.Timestamp("2024-05-01", tz="Asia/Tokyo")]
    # MoF's Q2-2024 page: JPY 5,918.5 bn and 3,870.0 bn (amounts are in 100 million yen).
    assert april["amount_jpy_100m"] == 59185.0 and april["amount_jpy_100m"] / 10 == 5918.5
    assert may["amount_jpy_100m"] == 38700.0 and may["amount_jpy_100m"] / 10 == 3870.0
    assert april["side"] == "sell_usd_buy_jpy"
    assert april["pair_en"] == "the US dollar (sold) the Japanese yen (bought)"
    assert april["pair_ja"] == "米ドル売り・日本円買い"


def test_mof_fill_forward_and_subtotals(fixture_bytes: Bytes) -> None:
    interventions, quarters = parse_all(fixture_bytes(MOF_FILE))

    # Blank year (1991-06-10, 2024-05-01) and blank year+month (2024-07-12) carried down;
    # the subtotal rows, the 0-quarter and the footnotes are not interventions.
    expected = _tokyo(
        "1991-05-13",
        "1991-06-10",
        "2011-10-31",
        "2024-04-29",
        "2024-05-01",
        "2024-07-11",
        "2024-07-12",
    )
    pd.testing.assert_index_equal(interventions.index, expected, check_names=False)
    assert interventions["amount_jpy_100m"].tolist() == [
        139.0,
        211.0,
        80722.0,
        59185.0,
        38700.0,
        31678.0,
        23670.0,
    ]
    assert (
        interventions["side"].tolist()
        == ["sell_usd_buy_jpy"] * 2 + ["buy_usd_sell_jpy"] + ["sell_usd_buy_jpy"] * 4
    )
    pd.testing.assert_index_equal(
        quarters.index,
        _tokyo("1991-06-30", "2011-12-31", "2024-03-31", "2024-06-30", "2024-09-30"),
        check_names=False,
    )
    assert quarters["amount_jpy_100m"].tolist() == [350.0, 80722.0, 0.0, 97885.0, 55348.0]


def test_mof_second_pair_with_a_blank_date_keeps_the_day(fixture_bytes: Bytes) -> None:
    # SYNTHETIC line: a second operation on 2024-07-12 written with the whole date blank.
    extra = ",,,,,,500,ユーロ買い・日本円売り,the Japanese yen (sold) the euro (bought)\r\n"
    raw = fixture_bytes(MOF_FILE)
    at = raw.index("令和6年7".encode("cp932"))  # the Q3-2024 subtotal line
    frame = mof_fx_intervention.parse(raw[:at] + extra.encode("cp932") + raw[at:])

    july12 = frame.loc[pd.Timestamp("2024-07-12", tz="Asia/Tokyo")]
    assert july12["amount_jpy_100m"].tolist() == [23670.0, 500.0]
    assert july12["side"].tolist() == ["sell_usd_buy_jpy", "other"]


def _mof_bad(raw: bytes) -> dict[str, bytes]:
    return {
        "html page": b"\r\n<html><head><title>404</title></head></html>",
        "truncated": raw[: raw.index(b'"38,700"')],
        "utf-8 re-save": raw.decode("cp932").encode("utf-8"),
        "extra column": raw.replace(b"Currency pairs", b"Currency pairs,Note"),
        "extra cell in a row": raw.replace(b"139,", b"139,x,"),
        "no header": raw.replace(b"Year,Month,Day", b"Y,M,D"),
    }


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("html page", "HTML page"),
        ("truncated", "truncated"),
        ("utf-8 re-save", "cp932|CP932"),
        ("extra column", "header row has 10 columns"),
        ("extra cell in a row", "has 10 columns"),
        ("no header", "no 'Year,Month,Day' header"),
    ],
)
def test_mof_bad_payloads(fixture_bytes: Bytes, case: str, message: str) -> None:
    with pytest.raises(PayloadError, match=message):
        mof_fx_intervention.parse(_mof_bad(fixture_bytes(MOF_FILE))[case])


async def test_mof_collect_and_lateness(fixture_bytes: Bytes, make_fetcher: MakeFetcher) -> None:
    source = MofIntervention()
    collected = await source.collect(
        make_fetcher({mof_fx_intervention.URL: fixture_bytes(MOF_FILE)})
    )

    assert collected.as_of == date(2024, 7, 12)
    assert len(collected.fetches) == 1
    # The fixture covers quarters up to 2024-09-30: on time in November 2024, late by 2026.
    assert not source.is_late(datetime(2024, 11, 20, 3, 0, tzinfo=UTC), collected)
    assert source.is_late(NOW, collected)


def test_mof_collect_demo() -> None:
    source = MofIntervention()
    collected = source.collect_demo()

    frame = collected.frames["interventions"]
    assert collected.as_of is not None and collected.as_of.year == 2026
    assert set(frame["side"]) == {"sell_usd_buy_jpy", "buy_usd_sell_jpy", "other"}
    assert not source.is_late(NOW, collected)  # demo quarters run to 2026-09-30


# --------------------------------------------------------------------------------------
# Both: stale data from a warm cache, and the generator is in sync with the files
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "url", "fixture"),
    [
        (BojUsdJpy(), data_url(NOW), BOJ_DAILY),
        (MofIntervention(), mof_fx_intervention.URL, MOF_FILE),
    ],
    ids=["boj", "mof"],
)
async def test_stale_with_warm_cache(
    fixture_bytes: Bytes,
    make_fetcher: MakeFetcher,
    tmp_path: Path,
    source: BojUsdJpy | MofIntervention,
    url: str,
    fixture: str,
) -> None:
    fresh = await refresh(source, make_fetcher({url: fixture_bytes(fixture)}), NOW)
    assert fresh.status == "ok"

    # 404 rather than 5xx: a retried 5xx would wait out the BOJ throttle a second time.
    broken = make_fetcher({url: 404}, cache_dir=tmp_path / "cache")
    stale = await refresh(source, broken, NOW)

    assert stale.status == "stale"
    assert stale.error is not None and "HTTP 404" in stale.error
    assert stale.as_of == fresh.as_of
    assert stale.notices == fresh.notices
    assert stale.has_data


def test_generator_output_matches_the_files() -> None:
    script = ROOT / "scripts" / "demo" / "make_boj_intervention.py"
    spec = importlib.util.spec_from_file_location("make_boj_intervention", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for path, content in module.outputs().items():
        assert "SYNTHETIC" in path.name
        assert path.read_bytes() == content, f"{path} is out of date: rerun {script.name}"
