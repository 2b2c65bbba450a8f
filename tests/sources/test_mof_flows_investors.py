"""Residents' foreign long-term bonds by investor type (MoF ``monthb3.csv``), on the real file.

Expected values are read here with the csv module, each block found by its header name
(not by position), independently of the parser under test.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from jgbtui.analytics.homecoming import homecoming
from jgbtui.runtime.refresh import refresh
from jgbtui.sources.base import UTC, PayloadError
from jgbtui.sources.catalog import MOF_FLOWS_INVESTORS_SPEC
from jgbtui.sources.fetcher import Fetcher
from jgbtui.sources.gate import judge
from jgbtui.sources.mof_flows_investors import URL, MofFlowsInvestors, parse_monthb3_csv

FILE = "mof_itn_monthb3_investor_ltdebt_cp932_2026-08.csv"
NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
RealFile = Callable[[str], Path]


def rows_of(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("cp932"))))


def expected_net(path: Path, japanese: str, month: str) -> float:
    """The net cell of the block headed ``japanese`` on the row of ``month`` (e.g. "Jul"),
    in the last year of the file (2026)."""
    rows = rows_of(path)
    start = next(
        at
        for row in rows[:11]
        for at, cell in enumerate(row)
        if unicodedata.normalize("NFKC", cell).strip() == unicodedata.normalize("NFKC", japanese)
    )
    in_2026 = False
    for row in rows[11:]:
        if row[0] == "2026":
            in_2026 = True
        if in_2026 and row[2] == month:
            return float(row[start + 2].replace(",", ""))
    raise AssertionError(f"{month} 2026 not found")


def test_july_2026_life_insurers_pensions_and_banks(real_file: RealFile) -> None:
    path = real_file(FILE)
    frame = parse_monthb3_csv(path.read_bytes())
    july = frame.loc[pd.Timestamp("2026-07-31", tz="Asia/Tokyo")]
    assert july["life_insurers_net_jpy_100m"] == expected_net(path, "生命保険会社", "Jul") == -106
    assert july["trust_accounts_net_jpy_100m"] == expected_net(path, "信託銀行（信託勘定）", "Jul")
    assert july["trust_accounts_net_jpy_100m"] == 8957
    assert july["banks_net_jpy_100m"] == expected_net(path, "銀行等（銀行勘定）", "Jul") == -2607
    assert july["total_net_jpy_100m"] == expected_net(path, "各部門計", "Jul") == 3657
    # Acquisition and disposition beside the net: 7,796 - 7,902 = -106.
    assert july["life_insurers_acq_jpy_100m"] == 7796
    assert july["life_insurers_disp_jpy_100m"] == 7902


def test_history_runs_from_2005_and_unpublished_months_are_not_zero(real_file: RealFile) -> None:
    frame = parse_monthb3_csv(real_file(FILE).read_bytes())
    assert len(frame) == 259
    assert frame.index[0] == pd.Timestamp("2005-01-31", tz="Asia/Tokyo")
    assert frame.index[-1] == pd.Timestamp("2026-07-31", tz="Asia/Tokyo")
    # "-" (not applicable: the general government before 2014) is NaN, never 0.
    assert pd.isna(frame["general_government_net_jpy_100m"].iloc[0])


def test_blocks_are_checked_by_their_header_names(real_file: RealFile) -> None:
    raw = real_file(FILE).read_bytes().decode("cp932")
    swapped = raw.replace("生命保険会社", "@@").replace("損害保険会社", "生命保険会社")
    with pytest.raises(PayloadError, match="column 43 should start the block 生命保険会社"):
        parse_monthb3_csv(swapped.replace("@@", "損害保険会社").encode("cp932"))


def test_a_shifted_column_breaks_the_identities(real_file: RealFile) -> None:
    raw = real_file(FILE).read_bytes().decode("cp932")
    line = ',７月,Jul,"373,506","369,849","3,657",0,184,-184,'
    assert line in raw
    # The same number of cells, values moved one block along: the sums no longer hold.
    shifted = raw.replace(line, ',７月,Jul,"373,506","369,849","3,657",0,184,-184,0,184,-184,', 1)
    with pytest.raises(PayloadError, match="row 2026-07"):
        parse_monthb3_csv(shifted.encode("cp932"))


def test_gate_accepts_the_real_file_and_refuses_a_cut_one(real_file: RealFile) -> None:
    frame = parse_monthb3_csv(real_file(FILE).read_bytes())
    assert judge(MOF_FLOWS_INVESTORS_SPEC, {"monthly": frame}, NOW).accepted
    verdict = judge(MOF_FLOWS_INVESTORS_SPEC, {"monthly": frame.iloc[100:]}, NOW)
    assert not verdict.accepted and "cut short" in str(verdict.reason)


async def test_refresh_through_the_fetcher_and_the_gate(
    real_file: RealFile, make_fetcher: Callable[..., Fetcher]
) -> None:
    fetcher = make_fetcher({URL: real_file(FILE).read_bytes()}, now=NOW)
    result = await refresh(MofFlowsInvestors(), fetcher, NOW)
    assert result.status == "ok", result.error
    reading = homecoming(result.frames["monthly"])
    assert reading is not None
    life = reading.get("life_insurers")
    assert life is not None and life.net == -106
    assert life.text == (
        "life insurers net sellers of foreign bonds for a second month (¥10.6bn in July 2026)"
    )
