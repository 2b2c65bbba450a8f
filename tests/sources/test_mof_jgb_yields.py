"""MoF JGB interest rates: parsers (real and SYNTHETIC files), merge, collect, demo.

Real files come from ``shared/data/real`` (skipped when absent). Files under
``tests/fixtures/mof_yields`` are SYNTHETIC: built from the verbatim rows quoted in
``shared/docs/data-sources.md`` and from rows of the real English history file, with
deliberate breakage for the bad-payload cases.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from datetime import date, datetime, timedelta
from importlib.resources import files
from pathlib import Path

import httpx
import numpy as np
import pandas as pd
import pytest

from jgbtui.runtime.refresh import demo_result, refresh
from jgbtui.sources import mof_jgb_yields as m
from jgbtui.sources.base import UTC, NoDataError, PayloadError
from jgbtui.sources.fetcher import Fetcher
from jgbtui.sources.mof_jgb_yields import (
    EN_CURRENT_URL,
    EN_HISTORY_URL,
    JA_CURRENT_URL,
    JA_HISTORY_URL,
    TENORS,
    MofJgbYields,
    merge,
    parse,
    parse_en,
    parse_ja,
)
from jgbtui.sources.schedule import JAPAN

NOW = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)  # the conftest fetcher's default clock

HISTORY_EN = "mof_jgbcme_all_en.csv"
CURRENT_EN = "mof_jgbcme_current_en_2026-09.csv"
CURRENT_JA = "mof_jgbcm_current_ja_sjis_2025-10.csv"

ERA_FIXTURE = "mof_yields/jgbcm_all_SYNTHETIC_era_transitions.csv"
TRUNCATED = "mof_yields/jgbcme_SYNTHETIC_truncated.csv"
MISSING_TENOR = "mof_yields/jgbcme_SYNTHETIC_header_missing_tenor.csv"
REORDERED = "mof_yields/jgbcme_SYNTHETIC_header_reordered.csv"
EXTRA_TENOR = "mof_yields/jgbcme_SYNTHETIC_header_extra_tenor.csv"
HTML_PAGE = "mof_yields/html_error_SYNTHETIC.html"

TITLE = b"Interest Rate,,,,,,,,,,,,,,,(Unit : %)\r\n"
HEADER = b"Date,1Y,2Y,3Y,4Y,5Y,6Y,7Y,8Y,9Y,10Y,15Y,20Y,25Y,30Y,40Y\r\n"
ROW_0901 = b"2026/9/1,1.527,1.802,1.952,2.14,2.28,2.411,2.559,2.718,2.848,2.987,3.544,3.859,4.143,4.131,4.145\r\n"  # noqa: E501

Real = Callable[[str], Path]
Bytes = Callable[[str], bytes]
MakeFetcher = Callable[..., Fetcher]


@functools.lru_cache(maxsize=4)
def _parsed(path: Path) -> pd.DataFrame:
    """Parse a real file once per test session (the history file is 1.2 MB)."""
    return parse(path.read_bytes())


def _day(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="Asia/Tokyo")


def assert_schema(frame: pd.DataFrame) -> None:
    """The binding frame contract other modules build on."""
    assert tuple(frame.columns) == TENORS
    assert frame.columns.name == "yield_pct"
    assert str(frame.index.dtype) == "datetime64[ns, Asia/Tokyo]"
    assert frame.index.name == "date"
    assert frame.index.is_monotonic_increasing and frame.index.is_unique
    assert (frame.index == frame.index.normalize()).all()  # local midnight
    assert all(dtype == np.float64 for dtype in frame.dtypes)


def _payload_error(raw: bytes, match: str, parser: Callable[[bytes], object] = parse) -> str:
    with pytest.raises(PayloadError, match=match) as info:
        parser(raw)
    assert info.value.source == "mof_yields"
    assert str(info.value).startswith("mof_yields: ")
    return info.value.message


# --------------------------------------------------------------------------------------
# Real files
# --------------------------------------------------------------------------------------


def test_real_history_en(real_file: Real) -> None:
    frame = _parsed(real_file(HISTORY_EN))

    assert_schema(frame)
    assert len(frame) == 13_208
    assert frame.index[0] == _day("1974-09-24") and frame.index[-1] == _day("2026-04-30")
    assert frame.loc[_day("2026-04-30"), "10Y"] == 2.52
    assert frame.loc[_day("2026-04-30"), "40Y"] == 3.743
    assert frame.loc[_day("1974-09-24"), "1Y"] == 10.327
    first_valid = {tenor: frame[tenor].first_valid_index() for tenor in ("10Y", "15Y", "40Y")}
    assert first_valid == {
        "10Y": _day("1986-07-05"),
        "15Y": _day("1991-08-30"),
        "40Y": _day("2007-11-06"),
    }
    assert frame.loc[_day("1986-07-05"), "10Y"] == pytest.approx(frame["10Y"].dropna().iloc[0])
    # "-" is NaN, never 0: 35,783 such cells; 1978/5/22 has no 1Y-3Y.
    assert int(frame.isna().sum().sum()) == 35_783
    row = frame.loc[_day("1978-05-22")]
    assert math.isnan(row["1Y"]) and row["4Y"] == 5.901
    assert frame["10Y"].min() == -0.297 and frame["10Y"].max() == 8.105
    assert frame.loc[_day("2016-07-27"), "1Y"] == -0.371
    saturdays = frame.index[frame.index.day_of_week == 5]
    assert len(saturdays) == 519 and saturdays[-1] == _day("1989-01-28")
    assert _day("1989-01-07") not in frame.index  # Emperor Showa died; no fixing


def test_real_current_en_is_cp932_with_footer(real_file: Real) -> None:
    raw = real_file(CURRENT_EN).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the ※ in the footer: not UTF-8 although "English"

    frame = parse_en(raw)

    assert_schema(frame)
    assert len(frame) == 9
    assert frame.index[0] == _day("2026-09-01") and frame.index[-1] == _day("2026-09-11")
    assert frame.loc[_day("2026-09-11"), "10Y"] == 2.987
    assert frame.loc[_day("2026-09-01")].tolist()[-3:] == [4.143, 4.131, 4.145]
    assert not frame.isna().any().any()


def test_real_current_ja(real_file: Real) -> None:
    frame = parse_ja(real_file(CURRENT_JA).read_bytes())

    assert_schema(frame)
    assert len(frame) == 11
    assert frame.index[0] == _day("2025-10-01")  # R7.10.1
    assert frame.index[-1] == _day("2025-10-16")  # R7.10.16
    assert frame.loc[_day("2025-10-01")].tolist() == [
        0.792, 0.954, 1.027, 1.161, 1.248, 1.328, 1.416, 1.498, 1.584, 1.663,
        2.218, 2.614, 2.935, 3.074, 3.335,
    ]  # fmt: skip
    assert frame.loc[_day("2025-10-16"), "10Y"] == 1.663
    assert _day("2025-10-13") not in frame.index  # Sports Day holiday


def test_language_specific_parsers_refuse_the_other_language(real_file: Real) -> None:
    _payload_error(real_file(CURRENT_JA).read_bytes(), "expected the English file", parse_en)
    _payload_error(real_file(CURRENT_EN).read_bytes(), "expected the Japanese file", parse_ja)


def test_real_history_parses_fast(real_file: Real) -> None:
    import time

    raw = real_file(HISTORY_EN).read_bytes()
    start = time.perf_counter()
    parse(raw)
    assert time.perf_counter() - start < 1.0


def test_japanese_era_fixture_matches_english_history(
    real_file: Real, fixture_bytes: Bytes
) -> None:
    japanese = parse_ja(fixture_bytes(ERA_FIXTURE))
    english = _parsed(real_file(HISTORY_EN))

    common = japanese.index.intersection(english.index)
    assert len(common) == len(japanese) - 1  # all but R8.6.30, after the history's end
    pd.testing.assert_frame_equal(japanese.loc[common], english.loc[common])


# --------------------------------------------------------------------------------------
# SYNTHETIC fixtures: era dates, encodings, tolerated variants
# --------------------------------------------------------------------------------------


def test_era_transitions(fixture_bytes: Bytes) -> None:
    frame = parse(fixture_bytes(ERA_FIXTURE))

    assert_schema(frame)
    days = [d.date() for d in frame.index]
    assert days[0] == date(1974, 9, 24)  # S49.9.24
    assert date(1989, 1, 6) in days and date(1989, 1, 9) in days  # S64.1.6 -> H1.1.9
    assert date(2019, 4, 26) in days and date(2019, 5, 7) in days  # H31.4.26 -> R1.5.7
    assert days[-1] == date(2026, 6, 30)  # R8.6.30
    assert frame.loc[_day("1989-01-06"), "10Y"] == 4.843
    assert frame.loc[_day("1989-01-09"), "10Y"] == 4.791
    assert frame.loc[_day("2019-04-26"), "10Y"] == -0.045
    assert frame.loc[_day("2019-05-07"), "40Y"] == 0.607
    assert frame.loc[_day("2026-06-30"), "10Y"] == 2.69
    # "-" gives NaN, never 0.
    assert math.isnan(frame.loc[_day("1989-01-06"), "15Y"])
    assert frame.loc[_day("1989-01-06"), "20Y"] == 4.971
    assert math.isnan(frame.loc[_day("1978-05-22"), "1Y"])
    assert not (frame == 0).any().any()


def test_utf8_resaved_japanese_file_is_accepted(real_file: Real) -> None:
    text = real_file(CURRENT_JA).read_bytes().decode("cp932")
    frame = parse(text.encode("utf-8"))
    assert len(frame) == 11 and frame.loc[_day("2025-10-01"), "1Y"] == 0.792


def test_mojibake_japanese_header_is_accepted_by_tenor_number(fixture_bytes: Bytes) -> None:
    # A real copy was re-saved as UTF-8 with U+FFFD for every Japanese character.
    text = fixture_bytes(ERA_FIXTURE).decode("cp932")
    garbled = "".join("\ufffd" if ord(c) > 127 else c for c in text)
    frame = parse(garbled.encode("utf-8"))
    assert frame.loc[_day("2019-05-07"), "40Y"] == 0.607


def test_demo_title_headerless_data_and_trailing_comma_are_accepted() -> None:
    synthetic_title = TITLE.replace(b"Interest Rate", b"Interest Rate (SYNTHETIC DEMO DATA)")
    assert len(parse(synthetic_title + HEADER + ROW_0901)) == 1
    assert len(parse(ROW_0901)) == 1  # no title, no header: nothing to verify
    trailing = parse(
        TITLE + HEADER.replace(b"\r\n", b",\r\n") + ROW_0901.replace(b"\r\n", b",\r\n")
    )
    assert trailing.loc[_day("2026-09-01"), "40Y"] == 4.145


def test_missing_markers_are_nan_not_zero() -> None:
    row = b"2026/9/2,-,,1.952,2.14,2.28,2.411,2.559,2.718,2.848,2.987,3.544,3.859,4.143,4.131,-\r\n"
    frame = parse(TITLE + HEADER + ROW_0901 + row)
    values = frame.loc[_day("2026-09-02")]
    assert math.isnan(values["1Y"]) and math.isnan(values["2Y"]) and math.isnan(values["40Y"])
    assert values["3Y"] == 1.952


# --------------------------------------------------------------------------------------
# Bad payloads
# --------------------------------------------------------------------------------------


def test_html_page_is_rejected(fixture_bytes: Bytes) -> None:
    _payload_error(fixture_bytes(HTML_PAGE), "HTML page")


@pytest.mark.parametrize("raw", [b"", b"  \r\n", b"\r\n"])
def test_empty_payload_is_rejected(raw: bytes) -> None:
    _payload_error(raw, "empty payload")


def test_file_without_data_rows_is_rejected() -> None:
    _payload_error(TITLE + HEADER + b",,,,,,,,,,,,,,,\r\n", "no data rows")
    _payload_error(b"Service temporarily unavailable\r\n", "no data rows")


def test_truncated_fixture_is_rejected(fixture_bytes: Bytes) -> None:
    message = _payload_error(fixture_bytes(TRUNCATED), "truncated")
    assert "only 5 of 16 fields" in message


def test_cut_number_in_last_row_is_rejected(real_file: Real) -> None:
    raw = real_file(HISTORY_EN).read_bytes()
    assert raw.endswith(b",3.743\r\n")
    # Cut inside the last number: 16 fields, but "3.7" would be a garbage value.
    _payload_error(raw[: -len(b"43\r\n")], "not terminated by a newline")
    # Cut inside the last row: too few fields.
    _payload_error(raw[: -len(b",3.721,3.743\r\n")], "only 14 of 16 fields")


def test_unterminated_footer_is_fine(real_file: Real) -> None:
    raw = real_file(CURRENT_EN).read_bytes()
    # The cut fell in the footer; every data row is complete and terminated.
    assert len(parse(raw[:-20])) == 9


def test_short_row_in_the_middle_is_rejected() -> None:
    short = b"2026/9/2,1.56,1.854\r\n"
    _payload_error(TITLE + HEADER + short + ROW_0901.replace(b"9/1", b"9/3"), "line 3 has 3 fields")


@pytest.mark.parametrize(
    ("fixture", "match"),
    [
        (MISSING_TENOR, "header changed: 14 tenor columns instead of 15"),
        (REORDERED, "header changed: expected"),
        (EXTRA_TENOR, "header changed: 16 tenor columns instead of 15"),
    ],
)
def test_changed_header_is_rejected(fixture_bytes: Bytes, fixture: str, match: str) -> None:
    _payload_error(fixture_bytes(fixture), match)


def test_changed_japanese_header_is_rejected(fixture_bytes: Bytes) -> None:
    text = fixture_bytes(ERA_FIXTURE).decode("cp932").replace("30年,40年", "40年,30年")
    _payload_error(text.encode("cp932"), "header changed: expected tenors")


def test_title_directly_above_data_means_header_missing() -> None:
    _payload_error(TITLE + ROW_0901, "header changed")


@pytest.mark.parametrize(
    ("raw", "match"),
    [
        (TITLE.decode().encode("utf-16") + HEADER.decode().encode("utf-16-le"), "UTF-16"),
        (b"\x82\r\n" + TITLE + HEADER + ROW_0901, "not valid cp932 or utf-8"),
    ],
)
def test_wrong_encoding_is_rejected(raw: bytes, match: str) -> None:
    _payload_error(raw, match)


def test_non_numeric_value_is_rejected() -> None:
    bad = ROW_0901.replace(b"2.987", b"2.9x7")
    _payload_error(TITLE + HEADER + bad, r"line 3: 10Y value '2\.9x7' is not a number")


def test_invalid_and_duplicate_dates_are_rejected() -> None:
    _payload_error(TITLE + HEADER + ROW_0901.replace(b"2026/9/1", b"2026/2/30"), "invalid date")
    _payload_error(TITLE + HEADER + ROW_0901 + ROW_0901, "duplicate dates in one file: 2026-09-01")


def test_mixed_languages_are_rejected() -> None:
    japanese = ROW_0901.replace(b"2026/9/1", b"R8.9.2")
    _payload_error(ROW_0901 + japanese, "mixes English")


# --------------------------------------------------------------------------------------
# merge
# --------------------------------------------------------------------------------------


def test_merge_current_wins_unique_sorted(real_file: Real) -> None:
    history = _parsed(real_file(HISTORY_EN))
    current = _parsed(real_file(CURRENT_EN))
    overlap = current.iloc[:2] + 1.0  # pretend an older copy of the first days of September
    merged = merge(pd.concat([history, overlap]), current)

    assert_schema(merged)
    assert len(merged) == 13_208 + 9
    assert merged.loc[_day("2026-09-01"), "10Y"] == 2.987
    assert merged.loc[_day("2026-04-30"), "10Y"] == 2.52

    assert_schema(merge(m.empty_frame(), current))
    assert merge(m.empty_frame(), m.empty_frame()).empty
    pd.testing.assert_frame_equal(merge(current, m.empty_frame()), current)


# --------------------------------------------------------------------------------------
# collect
# --------------------------------------------------------------------------------------


class Counter:
    """Routes that count requests per URL."""

    def __init__(self, routes: dict[str, bytes | int]) -> None:
        self.routes = routes
        self.hits: dict[str, int] = {}

    def __call__(self) -> dict[str, Callable[[httpx.Request], httpx.Response]]:
        return {url: self._handler(url) for url in self.routes}

    def _handler(self, url: str) -> Callable[[httpx.Request], httpx.Response]:
        def handle(request: httpx.Request) -> httpx.Response:
            self.hits[url] = self.hits.get(url, 0) + 1
            body = self.routes[url]
            if isinstance(body, int):
                return httpx.Response(body, text="error")
            return httpx.Response(200, content=body)

        return handle


@pytest.fixture
def english(real_file: Real) -> dict[str, bytes | int]:
    # SYNTHETIC overlap: the history pretends to already hold 2026/9/1 with other values.
    stale_row = b"2026/9/1,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9\r\n"
    return {
        EN_CURRENT_URL: real_file(CURRENT_EN).read_bytes(),
        EN_HISTORY_URL: real_file(HISTORY_EN).read_bytes() + stale_row,
    }


@pytest.fixture
def english_real(real_file: Real) -> dict[str, bytes | int]:
    """The real English current-month and history files, as published."""
    return {
        EN_CURRENT_URL: real_file(CURRENT_EN).read_bytes(),
        EN_HISTORY_URL: real_file(HISTORY_EN).read_bytes(),
    }


@pytest.fixture
def japanese(real_file: Real, fixture_bytes: Bytes) -> dict[str, bytes | int]:
    return {
        JA_CURRENT_URL: real_file(CURRENT_JA).read_bytes(),
        JA_HISTORY_URL: fixture_bytes(ERA_FIXTURE),
    }


async def test_collect_english_files_current_wins(
    make_fetcher: MakeFetcher, english: dict[str, bytes | int]
) -> None:
    server = Counter(english)
    fetcher = make_fetcher(server())
    collected = await MofJgbYields().collect(fetcher)
    fetcher.commit(collected.fetches)

    frame = collected.frames["yields"]
    assert_schema(frame)
    assert collected.detail == "English files"
    assert len(frame) == 13_208 + 9
    assert frame.loc[_day("2026-09-01"), "10Y"] == 2.987  # not the history's 9
    assert collected.as_of == date(2026, 9, 11)
    assert {f.url for f in collected.fetches} == {EN_CURRENT_URL, EN_HISTORY_URL}
    assert not any(f.from_cache for f in collected.fetches)

    # Within 12 hours the history comes from the cache; the current file is polled.
    collected = await MofJgbYields().collect(make_fetcher(server()))
    assert server.hits == {EN_CURRENT_URL: 2, EN_HISTORY_URL: 1}
    history = next(f for f in collected.fetches if f.url == EN_HISTORY_URL)
    assert history.from_cache and not history.is_stale


async def test_collect_falls_back_to_japanese(
    make_fetcher: MakeFetcher, japanese: dict[str, bytes | int]
) -> None:
    routes = {EN_CURRENT_URL: 404, EN_HISTORY_URL: 404, **japanese}
    collected = await MofJgbYields().collect(make_fetcher(routes))

    frame = collected.frames["yields"]
    assert_schema(frame)
    assert collected.detail.startswith("Japanese files (English unavailable: HTTP 404")
    # The SYNTHETIC history runs to R8.6.30, after the real October 2025 current file.
    assert collected.as_of == date(2026, 6, 30)
    assert frame.loc[_day("2019-05-07"), "40Y"] == 0.607
    assert frame.loc[_day("2025-10-01"), "1Y"] == 0.792
    assert {f.url for f in collected.fetches} == {JA_CURRENT_URL, JA_HISTORY_URL}


async def test_collect_mixed_routes(
    make_fetcher: MakeFetcher,
    english_real: dict[str, bytes | int],
    japanese: dict[str, bytes | int],
    fixture_bytes: Bytes,
) -> None:
    routes = {**english_real, **japanese, EN_HISTORY_URL: fixture_bytes(HTML_PAGE)}
    collected = await MofJgbYields().collect(make_fetcher(routes))

    assert collected.detail.startswith(
        "English current month, Japanese history (English history unavailable: bad payload: "
        "expected CSV but got an HTML page"
    )
    frame = collected.frames["yields"]
    assert frame.index[0] == _day("1974-09-24") and frame.index[-1] == _day("2026-09-11")


async def test_collect_without_history(
    make_fetcher: MakeFetcher, english_real: dict[str, bytes | int]
) -> None:
    routes = {EN_CURRENT_URL: english_real[EN_CURRENT_URL]}  # everything else 404
    collected = await MofJgbYields().collect(make_fetcher(routes))

    assert collected.detail.startswith("English current month only (history missing: HTTP 404")
    assert len(collected.frames["yields"]) == 9
    assert [f.url for f in collected.fetches] == [EN_CURRENT_URL]


async def test_collect_without_current_month(
    make_fetcher: MakeFetcher, japanese: dict[str, bytes | int]
) -> None:
    routes = {JA_HISTORY_URL: japanese[JA_HISTORY_URL]}
    collected = await MofJgbYields().collect(make_fetcher(routes))

    assert collected.detail.startswith("Japanese history only (English unavailable: HTTP 404")
    assert "current month missing: HTTP 404" in collected.detail
    assert collected.as_of == date(2026, 6, 30)


async def test_collect_everything_failing_cold(make_fetcher: MakeFetcher) -> None:
    fetcher = make_fetcher({})
    with pytest.raises(NoDataError, match="no JGB yield data") as info:
        await MofJgbYields().collect(fetcher)
    assert info.value.source == "mof_yields"

    result = await refresh(MofJgbYields(), make_fetcher({}), NOW)
    assert result.status == "error" and "HTTP 404" in (result.error or "")


async def test_collect_everything_failing_warm_cache_is_stale(
    make_fetcher: MakeFetcher, english_real: dict[str, bytes | int]
) -> None:
    await refresh(MofJgbYields(), make_fetcher(english_real), NOW)  # warms the cache

    later = NOW + timedelta(hours=13)  # past the history's max age: both are re-requested
    result = await refresh(MofJgbYields(), make_fetcher({}, now=later), later)

    assert result.status == "stale"
    assert result.has_data and result.detail == "English files"
    assert "HTTP 404" in (result.error or "")
    assert result.fetched_at == NOW
    assert result.as_of == date(2026, 9, 11)


async def test_stale_english_gives_way_to_fresh_japanese(
    make_fetcher: MakeFetcher,
    english_real: dict[str, bytes | int],
    japanese: dict[str, bytes | int],
) -> None:
    await refresh(MofJgbYields(), make_fetcher(english_real), NOW)  # warms the cache

    later = NOW + timedelta(hours=13)
    collected = await MofJgbYields().collect(make_fetcher(japanese, now=later))

    assert collected.detail.startswith("Japanese files (English unavailable: served from cache")
    assert not any(f.is_stale for f in collected.fetches)
    assert {f.url for f in collected.fetches} == {JA_CURRENT_URL, JA_HISTORY_URL}


async def test_collect_offline_uses_cache(
    make_fetcher: MakeFetcher, english_real: dict[str, bytes | int]
) -> None:
    await refresh(MofJgbYields(), make_fetcher(english_real), NOW)  # warms the cache
    result = await refresh(MofJgbYields(), make_fetcher({}, offline=True), NOW)
    assert result.status == "stale" and "offline mode" in (result.error or "")


# --------------------------------------------------------------------------------------
# DEMO
# --------------------------------------------------------------------------------------


def test_demo_payload() -> None:
    raw = files("jgbtui.sources.demo_data").joinpath(m.DEMO_FILE).read_bytes()
    assert len(raw) < 60_000
    assert raw.startswith(b"Interest Rate (SYNTHETIC DEMO DATA - not published by MoF),")
    assert raw.endswith(b"\r\n") and raw.count(b"\r\n") == raw.count(b"\n")

    collected = MofJgbYields().collect_demo()
    frame = collected.frames["yields"]
    assert_schema(frame)
    assert frame.index[0] == _day("2025-06-02") and collected.as_of == date(2026, 11, 20)
    assert all(JAPAN.is_business_day(d.date()) for d in frame.index)
    assert not frame.isna().any().any()
    assert frame["10Y"].between(1.4, 2.1).all()
    assert (frame["1Y"] < frame["10Y"]).all() and (frame["10Y"] < frame["40Y"]).all()
    assert (frame.diff(axis=1).iloc[:, 1:] > 0).to_numpy().mean() > 0.99  # upward sloping


def test_demo_result_is_labelled() -> None:
    result = demo_result(MofJgbYields(), NOW)
    assert result.status == "demo" and result.detail.startswith("DEMO (synthetic)")


def test_demo_generator_is_deterministic() -> None:
    import importlib.util

    script = Path(__file__).resolve().parents[2] / "scripts" / "demo" / "make_mof_yields.py"
    spec = importlib.util.spec_from_file_location("make_mof_yields", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    packaged = files("jgbtui.sources.demo_data").joinpath(m.DEMO_FILE).read_bytes()
    assert module.render() == packaged


def test_source_attributes() -> None:
    source = MofJgbYields()
    assert source.name == "mof_yields" and source.title == "MoF JGB yields"
    assert source.refresh_interval == timedelta(minutes=15)
    assert EN_HISTORY_URL.endswith("/historical/jgbcme_all.csv")


async def test_collect_merges_off_the_event_loop(
    make_fetcher: MakeFetcher, english_real: dict[str, bytes | int], monkeypatch
) -> None:
    """Merging 50 years of rows is pandas work: it must not run on the event loop's thread."""
    import threading

    from jgbtui.sources import mof_jgb_yields

    threads: list[threading.Thread] = []
    merge = mof_jgb_yields.merge

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return merge(*args, **kwargs)

    monkeypatch.setattr(mof_jgb_yields, "merge", spy)
    collected = await MofJgbYields().collect(make_fetcher(Counter(english_real)()))
    assert collected.as_of == date(2026, 9, 11)
    assert threads and threading.main_thread() not in threads
