"""Statistics Bureau CPI: the real national files on both bases, the SYNTHETIC Tokyo file and
release calendar, the base switch rule and the gate.

Expected values are read from the real files here with the csv module (by item code), and
the y/y rates computed here with Decimal, independently of the parser and analytics under
test. The official y/y for July 2026 (e-Stat long series, quoted in
``shared/data/real/SOURCES.md``) is +1.9 all items and +1.8 less fresh food.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest

from jgbtui.analytics import cpi
from jgbtui.sources.base import UTC, PayloadError
from jgbtui.sources.catalog import STATJP_CPI_SPEC, STATJP_CPI_TOKYO_SPEC
from jgbtui.sources.fetcher import Fetcher
from jgbtui.sources.gate import judge
from jgbtui.sources.statjp_cpi import (
    NATIONAL_2020_URL,
    NATIONAL_URL,
    RELEASES_URL,
    TOKYO_URL,
    StatJpCpi,
    StatJpCpiTokyo,
    parse_item_indices,
    parse_release_calendar,
)

NEW = "statjp_cpi_zmi2025aa_national_cp932.csv"
OLD = "statjp_cpi_zmi2020aa_national_cp932.csv"
TOKYO = "statjp_cpi/SYNTHETIC_tmi2025aa.csv"
RELEASES = "statjp_cpi/SYNTHETIC_cpi_release_1582.html"
NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
CODES = {"all_items": "0001", "core": "0161", "core_core": "0178"}

RealFile = Callable[[str], Path]
Bytes = Callable[[str], bytes]


def by_code(path: Path) -> dict[str, dict[str, float]]:
    """Month (YYYYMM) -> measure -> index, read with the csv module by item code."""
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("cp932"))))
    codes = rows[2]
    out: dict[str, dict[str, float]] = {}
    for row in rows[6:]:
        out[row[0]] = {m: float(row[codes.index(code)]) for m, code in CODES.items()}
    return out


def rate(now: float, year_ago: float) -> float:
    """Half-up to 0.1, via Decimal on the printed 3-decimal indices."""
    value = (Decimal(str(now)) / Decimal(str(year_ago)) - 1) * 100
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def test_2025_base_file_reads_the_three_headline_indices(real_file: RealFile) -> None:
    path = real_file(NEW)
    frame = parse_item_indices(path.read_bytes(), "statjp_cpi", 2025)
    expected = by_code(path)
    assert len(frame) == len(expected) == 19
    assert frame.index[0] == pd.Timestamp("2025-01-01", tz="Asia/Tokyo")
    assert frame.index[-1] == pd.Timestamp("2026-07-01", tz="Asia/Tokyo")
    july = frame.loc[pd.Timestamp("2026-07-01", tz="Asia/Tokyo")]
    assert july["all_items_b2025"] == expected["202607"]["all_items"] == 102.039
    assert july["core_b2025"] == expected["202607"]["core"]
    assert july["core_core_b2025"] == expected["202607"]["core_core"]


def test_2020_base_file_is_history_to_may_2026(real_file: RealFile) -> None:
    path = real_file(OLD)
    frame = parse_item_indices(path.read_bytes(), "statjp_cpi", 2020)
    expected = by_code(path)
    assert len(frame) == len(expected) == 77
    assert frame.index[-1] == pd.Timestamp("2026-05-01", tz="Asia/Tokyo")
    assert frame["all_items_b2020"].iloc[-1] == expected["202605"]["all_items"] == 113.549


def test_july_2026_yoy_is_the_official_rate_on_the_2025_base(real_file: RealFile) -> None:
    new = parse_item_indices(real_file(NEW).read_bytes(), "statjp_cpi", 2025)
    old = parse_item_indices(real_file(OLD).read_bytes(), "statjp_cpi", 2020)
    indices = by_code(real_file(NEW))
    july = pd.Timestamp("2026-07-01", tz="Asia/Tokyo")
    for measure in cpi.MEASURES:
        rates = cpi.yoy([new, old], measure)
        expected = rate(indices["202607"][measure], indices["202507"][measure])
        assert rates.loc[july, "yoy_pct"] == expected
        assert rates.loc[july, "base"] == 2025
    # The official rates (e-Stat), as the issue asks: +1.9 all items, +1.8 less fresh food.
    assert cpi.yoy([new, old], "all_items").loc[july, "yoy_pct"] == 1.9
    assert cpi.yoy([new, old], "core").loc[july, "yoy_pct"] == 1.8


def test_bases_are_never_mixed_in_one_rate(real_file: RealFile) -> None:
    new_path, old_path = real_file(NEW), real_file(OLD)
    new = parse_item_indices(new_path.read_bytes(), "statjp_cpi", 2025)
    old = parse_item_indices(old_path.read_bytes(), "statjp_cpi", 2020)
    rates = cpi.yoy([old, new], "all_items")  # order of the frames does not matter
    b25, b20 = by_code(new_path), by_code(old_path)
    # May 2026 is in both files: the 2025 base wins (it has May 2025 too).
    may = pd.Timestamp("2026-05-01", tz="Asia/Tokyo")
    assert rates.loc[may, "base"] == 2025
    assert rates.loc[may, "yoy_pct"] == rate(b25["202605"]["all_items"], b25["202505"]["all_items"])
    # December 2025: the 2025 base has no December 2024, so the 2020 base gives it whole.
    december = pd.Timestamp("2025-12-01", tz="Asia/Tokyo")
    assert rates.loc[december, "base"] == 2020
    assert rates.loc[december, "yoy_pct"] == rate(
        b20["202512"]["all_items"], b20["202412"]["all_items"]
    )
    # Never a 2025-base month over a 2020-base month: January 2026 is on the 2025 base.
    january = pd.Timestamp("2026-01-01", tz="Asia/Tokyo")
    assert rates.loc[january, "base"] == 2025


def test_a_file_on_another_base_is_refused(real_file: RealFile) -> None:
    with pytest.raises(PayloadError, match="not 100: this file is not on the 2025 base"):
        parse_item_indices(real_file(OLD).read_bytes(), "statjp_cpi", 2025)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda t: t.replace('"All items, less fresh food"', '"All items, less fresh fish"'),
            "0161",
        ),
        (lambda t: t.replace(",0178,", ",0999,"), "item code 0178"),
        (lambda t: t.replace("類・品目符号", "品目"), "no item-code row"),
        (lambda t: t.replace("202607,102.039", "202607,abc"), "is not a number"),
    ],
)
def test_a_changed_layout_is_a_payload_error(
    real_file: RealFile, change: Callable[[str], str], message: str
) -> None:
    text = real_file(NEW).read_bytes().decode("cp932")
    with pytest.raises(PayloadError, match=message):
        parse_item_indices(change(text).encode("cp932"), "statjp_cpi", 2025)


def test_html_and_utf8_copies_are_refused(real_file: RealFile) -> None:
    with pytest.raises(PayloadError, match="HTML"):
        parse_item_indices(b"<!DOCTYPE html><html>busy</html>", "statjp_cpi", 2025)
    utf8 = real_file(NEW).read_bytes().decode("cp932").encode("utf-8")
    with pytest.raises(PayloadError, match="UTF-8"):
        parse_item_indices(utf8, "statjp_cpi", 2025)


def test_synthetic_tokyo_file_gives_the_early_read(fixture_bytes: Bytes) -> None:
    frame = parse_item_indices(fixture_bytes(TOKYO), "statjp_cpi_tokyo", 2025)
    assert frame.index[-1] == pd.Timestamp("2026-11-01", tz="Asia/Tokyo")
    readings = cpi.readings([frame])
    assert readings["core"].text == "core CPI +2.1% y/y, first rise in eight months"
    assert readings["all_items"].yoy_pct == 2.3
    assert readings["core_core"].yoy_pct == 2.0


def test_release_calendar_reads_both_areas(fixture_bytes: Bytes) -> None:
    table = parse_release_calendar(fixture_bytes(RELEASES))
    rows = {
        (area, month.date()): released.date()
        for released, area, month in zip(
            table["release_date"], table["area"], table["reference_month"], strict=True
        )
    }
    assert rows[("national", date(2026, 11, 1))] == date(2026, 12, 18)
    assert rows[("tokyo", date(2026, 12, 1))] == date(2026, 12, 25)
    # The year printed on the first row of a year carries on, and the holiday shift is read.
    assert rows[("national", date(2025, 12, 1))] == date(2026, 1, 23)
    assert rows[("tokyo", date(2026, 4, 1))] == date(2026, 5, 1)
    assert rows[("national", date(2026, 12, 1))] == date(2027, 1, 22)
    with pytest.raises(PayloadError, match="HTML page without CPI release dates"):
        parse_release_calendar(b"<html><body><table><tr><td>x</td></tr></table></body></html>")


async def test_collect_reads_both_bases_and_the_calendar_and_passes_the_gate(
    real_file: RealFile, fixture_bytes: Bytes, make_fetcher: Callable[..., Fetcher]
) -> None:
    fetcher = make_fetcher(
        {
            NATIONAL_URL: real_file(NEW).read_bytes(),
            NATIONAL_2020_URL: real_file(OLD).read_bytes(),
            RELEASES_URL: fixture_bytes(RELEASES),
        },
        now=NOW,
    )
    source = StatJpCpi()
    collected = await source.collect(fetcher)
    assert set(collected.frames) == {"national", "national_2020", "releases"}
    assert collected.as_of == date(2026, 7, 1) and not collected.problems
    assert judge(STATJP_CPI_SPEC, collected.frames, NOW).accepted
    # The next national release comes from the publisher's table: 18 Dec 08:30 JST.
    assert source.next_release(NOW, collected) == datetime(2026, 12, 17, 23, 30, tzinfo=UTC)


async def test_missing_history_and_calendar_are_problems_not_failures(
    real_file: RealFile, make_fetcher: Callable[..., Fetcher]
) -> None:
    fetcher = make_fetcher({NATIONAL_URL: real_file(NEW).read_bytes()}, now=NOW)
    collected = await StatJpCpi().collect(fetcher)
    assert set(collected.frames) == {"national"}
    assert len(collected.problems) == 2
    assert judge(STATJP_CPI_SPEC, collected.frames, NOW).accepted


def test_gate_refuses_a_cut_history(real_file: RealFile) -> None:
    frame = parse_item_indices(real_file(NEW).read_bytes(), "statjp_cpi", 2025)
    verdict = judge(STATJP_CPI_SPEC, {"national": frame.iloc[6:]}, NOW)
    assert not verdict.accepted and "cut short" in str(verdict.reason)


async def test_tokyo_collect_and_gate(
    fixture_bytes: Bytes, make_fetcher: Callable[..., Fetcher]
) -> None:
    fetcher = make_fetcher({TOKYO_URL: fixture_bytes(TOKYO)}, now=NOW)
    collected = await StatJpCpiTokyo().collect(fetcher)
    assert collected.as_of == date(2026, 11, 1)
    assert judge(STATJP_CPI_TOKYO_SPEC, collected.frames, NOW).accepted
