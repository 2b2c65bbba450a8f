"""CPI rates and phrases; the homecoming reading, its phrases and its board signal.

The homecoming values are checked against the real ``monthb3.csv`` read here with the csv
module (the runs of selling are counted here too), independently of the code under test.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from jgbtui.analytics import cpi
from jgbtui.analytics.anomalies import AnomalyConfig, find_anomalies
from jgbtui.analytics.homecoming import homecoming, sector_flow
from jgbtui.analytics.phrasing import number_word, ordinal_word, signed_pct
from jgbtui.analytics.signals import State, homecoming_signal
from jgbtui.sources.mof_flows_investors import parse_monthb3_csv

FILE = "mof_itn_monthb3_investor_ltdebt_cp932_2026-08.csv"
RealFile = Callable[[str], Path]


def months(values: list[float], start: str = "2025-01-01") -> pd.DatetimeIndex:
    return pd.date_range(start, periods=len(values), freq="MS", tz="Asia/Tokyo")


def index_frame(yoy_2026: list[float], measure: str = "core") -> pd.DataFrame:
    """2025 at 100, then 2026 indices 100 * (1 + rate) (a 2025-base frame)."""
    values = [100.0] * 12 + [round(100.0 * (1 + r / 100.0), 3) for r in yoy_2026]
    return pd.DataFrame({f"{measure}_b2025": values}, index=months(values))


def test_round_half_up_as_published() -> None:
    assert cpi.round_half_up(1.95) == 2.0
    assert cpi.round_half_up(1.949) == 1.9
    assert cpi.round_half_up(-0.05) == -0.1
    assert signed_pct(2.1) == "+2.1%" and signed_pct(0.0) == "0.0%"


def test_words() -> None:
    assert number_word(8) == "eight" and number_word(15) == "15"
    assert ordinal_word(3) == "third" and ordinal_word(13) == "13th"


@pytest.mark.parametrize(
    ("path", "text", "notable"),
    [
        (
            [2.5, 2.4, 2.6, 2.4, 2.3, 2.3, 2.1, 2.0, 1.9, 1.9, 2.1],
            "core CPI +2.1% y/y, first rise in eight months",
            True,
        ),
        ([2.5, 2.4, 2.3, 2.2], "core CPI +2.2% y/y, third straight fall", True),
        ([2.5, 2.6, 2.5, 2.7], "core CPI +2.7% y/y, up from +2.5%", False),
        ([2.5, 2.6, 2.6], "core CPI +2.6% y/y, unchanged from February 2026", False),
    ],
)
def test_phrases_from_the_series_own_history(path: list[float], text: str, notable: bool) -> None:
    found = cpi.reading(cpi.yoy([index_frame(path)], "core"), "core")
    assert found is not None
    assert found.text == text
    assert found.notable is notable


def test_yoy_needs_thirteen_months_of_one_base() -> None:
    frame = index_frame([])
    assert cpi.yoy([frame], "core").empty
    assert cpi.reading(cpi.yoy([frame], "core"), "core") is None


def test_cpi_turn_is_a_headline_through_the_anomaly_path() -> None:
    tokyo = index_frame([2.5, 2.4, 2.6, 2.4, 2.3, 2.3, 2.1, 2.0, 1.9, 1.9, 2.1])
    found = find_anomalies(cpi_frames={"tokyo": (tokyo,)})
    assert [a.text for a in found] == ["Tokyo core CPI +2.1% y/y, first rise in eight months"]
    assert found[0].key == "cpi:tokyo" and found[0].severity == "warning"
    assert find_anomalies(cpi_frames={"tokyo": (tokyo,)}, config=AnomalyConfig(cpi=False)) == []


def runs_of_selling(path: Path, block: str) -> tuple[float, int]:
    """(July 2026 net, months in a row on the same side), read from the real file."""
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("cp932"))))
    at = next(i for row in rows[:11] for i, c in enumerate(row) if c.strip() == block)
    nets = []
    for row in rows[11:]:
        if (
            len(row) > 2
            and row[2]
            in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
            and row[at + 2].strip() not in ("", "-")
        ):
            nets.append(float(row[at + 2].replace(",", "")))
    last = nets[-1]
    run = 0
    for value in reversed(nets):
        if (value < 0) != (last < 0):
            break
        run += 1
    return last, run


def test_homecoming_from_the_real_file(real_file: RealFile) -> None:
    path = real_file(FILE)
    frame = parse_monthb3_csv(path.read_bytes())
    reading = homecoming(frame)
    assert reading is not None and reading.month == pd.Timestamp("2026-07-31", tz="Asia/Tokyo")
    for sector, block in (
        ("life_insurers", "生命保険会社"),
        ("trust_accounts", "信託銀行（信託勘定）"),
        ("banks", "銀行等（銀行勘定）"),
    ):
        flow = reading.get(sector)
        assert flow is not None
        assert (flow.net, flow.run) == runs_of_selling(path, block), sector
    banks = reading.get("banks")
    assert banks is not None
    assert (
        banks.text == "banks net sellers of foreign bonds for a seventh month (¥261bn in July 2026)"
    )
    assert banks.notable
    life = reading.get("life_insurers")
    assert life is not None
    assert (life.sum_3m, life.net) == (179.0 - 413.0 - 106.0, -106.0)
    trust = reading.get("trust_accounts")
    assert trust is not None and trust.sum_3m == 31559.0 + 15452.0 + 8957.0


def test_homecoming_signal_on_the_real_file(real_file: RealFile) -> None:
    frame = parse_monthb3_csv(real_file(FILE).read_bytes())
    signal = homecoming_signal(frame)
    # Life insurers, pension trusts and banks together still bought ¥3.20tn abroad over
    # the three months to July 2026 (-340 + 55,968 - 23,636 = 31,992).
    assert signal.state == State.AMBER
    assert signal.reason.startswith("still buying abroad: ¥3.20tn net (3 months to July 2026")


def test_selling_abroad_is_green_homecoming() -> None:
    index = pd.date_range("2024-01-31", periods=24, freq="ME", tz="Asia/Tokyo")
    frame = pd.DataFrame(
        {
            "life_insurers_net_jpy_100m": [500.0] * 21 + [-900.0, -1200.0, -800.0],
            "trust_accounts_net_jpy_100m": [300.0] * 24,
            "banks_net_jpy_100m": [200.0] * 21 + [-3000.0, -100.0, -50.0],
        },
        index=index,
    )
    assert homecoming_signal(frame).state == State.GREEN
    flow = sector_flow(frame, "life_insurers")
    assert flow is not None
    assert flow.text.startswith("life insurers net sellers of foreign bonds for a third month")
    found = find_anomalies(investors=frame)
    assert any(a.key == "homecoming:life_insurers" for a in found)
