"""The sell-Japan board: each signal's state on constructed inputs with known answers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from jgbtui.analytics.signals import (
    SIGNALS,
    SignalConfig,
    State,
    auction_signal,
    board,
    carry_signal,
    curve_signal,
    flows_signal,
    yen_signal,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TOKYO = "Asia/Tokyo"


def auctions(tenor: str, btc: list[float], tails: list[float] | None = None) -> pd.DataFrame:
    """Monthly auctions of one tenor from January 2024 (tail 0.5bp unless given)."""
    dates = pd.date_range("2024-01-01", periods=len(btc), freq="MS").tz_localize(TOKYO)
    return pd.DataFrame(
        {
            "auction_date": dates,
            "tenor": tenor,
            "bid_to_cover": btc,
            "tail_bp": tails if tails is not None else [0.5] * len(btc),
        }
    )


#: 32 normal 10Y auctions (3.5..4.2), January 2024 .. August 2026.
NORMAL = [3.5, 3.8, 4.0, 3.7, 3.9, 4.2, 3.6, 3.8] * 4


@pytest.mark.parametrize(
    ("history", "last", "state"),
    [
        # Weakest in well over a year (and far below the mean): red.
        (NORMAL, 3.13, State.RED),
        # Weakest since 7 months ago only, and a mild z: amber.
        ([*NORMAL[:24], 3.4, *NORMAL[25:]], 3.45, State.AMBER),
        # In line with history: green.
        (NORMAL, 3.9, State.GREEN),
    ],
)
def test_auction_demand(history: list[float], last: float, state: State) -> None:
    signal = auction_signal(auctions("10Y", [*history, last]))
    assert signal.state == state, signal.reason
    assert signal.as_of == date(2026, 9, 1)
    if state == State.RED:
        assert "10Y auction bid-to-cover 3.13, weakest on record (since January 2024)" in (
            signal.reason
        )


def test_a_wide_tail_alone_turns_auction_demand() -> None:
    tails = [0.5, 0.6, 0.4, 0.5, 0.7, 0.5] * 5 + [1.8]
    signal = auction_signal(auctions("20Y", [3.5, 3.6, 3.4, 3.5, 3.7, 3.6] * 5 + [3.6], tails))
    assert signal.state == State.RED
    assert "20Y auction tail 1.8bp, widest on record (since January 2024)" in signal.reason


def test_auction_demand_on_the_synthetic_workbook() -> None:
    """The fixture's latest 10Y (2026-09-01) covers 3.13, the weakest since June 2025."""
    from jgbtui.sources.mof_auctions import parse_workbook

    results = parse_workbook(
        (FIXTURES / "mof_auctions/Auction_Results_for_JGBs_SYNTHETIC.xls").read_bytes()
    )
    signal = auction_signal(results)
    assert signal.state == State.RED
    assert "10Y auction bid-to-cover 3.13, weakest since June 2025" in signal.reason


def test_auction_demand_unknown_without_data() -> None:
    assert auction_signal(None).state == State.UNKNOWN
    assert auction_signal(auctions("10Y", []).iloc[0:0]).state == State.UNKNOWN
    assert auction_signal(auctions("10Y JGBi", [3.0, 3.1])).state == State.UNKNOWN


def flows(
    values: list[float], freq: str = "W-SAT", column: str = "nonres_bonds_net_jpy_100m"
) -> pd.DataFrame:
    end = "2026-09-12" if freq == "W-SAT" else "2026-08-31"
    index = pd.date_range(end=end, periods=len(values), freq=freq).tz_localize(TOKYO)
    return pd.DataFrame({column: values}, index=index)


@pytest.mark.parametrize(
    ("weeks", "months", "state", "words"),
    [
        ([3000.0] * 20 + [-500.0, -800.0, -300.0, -900.0], None, State.RED, "4th straight week"),
        ([3000.0] * 20 + [-500.0, -800.0], None, State.AMBER, "2nd straight week"),
        (
            [-1000.0] * 4 + [3000.0] * 60 + [-30_000.0],
            None,
            State.RED,
            "¥3.00tn in the week to 12 Sep 2026, largest on record",
        ),
        ([1000.0] * 10, [500.0, -6841.0], State.AMBER, "¥684bn in August 2026"),
        ([1000.0] * 10, [500.0, 800.0], State.GREEN, "foreign net buying ¥100bn"),
        (None, None, State.UNKNOWN, "no foreign flow data"),
    ],
)
def test_foreign_flows(
    weeks: list[float] | None, months: list[float] | None, state: State, words: str
) -> None:
    signal = flows_signal(
        None if weeks is None else flows(weeks),
        None if months is None else flows(months, "ME"),
    )
    assert signal.state == state, signal.reason
    assert words in signal.reason


def usdjpy(values: dict[str, float], tz: str = TOKYO) -> pd.DataFrame:
    index = pd.DatetimeIndex(pd.to_datetime(list(values))).tz_localize(tz)
    return pd.DataFrame({"jpy_per_usd": list(values.values())}, index=index)


INTERVENTIONS = pd.DataFrame(
    {
        "amount_jpy_100m": [23670.0, 5000.0],
        "side": ["sell_usd_buy_jpy", "buy_usd_sell_jpy"],
    },
    index=pd.DatetimeIndex(["2024-07-12", "2025-01-06"]).tz_localize(TOKYO),
)


@pytest.mark.parametrize(
    ("now", "state", "words"),
    [
        (160.50, State.RED, "0.8% below the 161.76 fix"),  # within 1%
        (157.50, State.AMBER, "2.6% below"),  # within 3%
        (150.00, State.GREEN, "7.3% below"),
        (163.00, State.RED, "0.8% above"),  # beyond the intervention level
    ],
)
def test_yen_distance_to_the_last_yen_buying_intervention(
    now: float, state: State, words: str
) -> None:
    # The fix on the intervention date comes from the ECB history; today's from the BOJ.
    ecb = usdjpy({"2024-07-11": 161.0, "2024-07-12": 161.76, "2026-08-01": now}, "Europe/Berlin")
    boj = usdjpy({"2026-08-03": now * 0.999, "2026-09-01": now * 0.9995, "2026-09-02": now})
    signal = yen_signal({"boj_usdjpy": boj, "ecb_usdjpy": ecb}, INTERVENTIONS)
    assert signal.state == state, signal.reason
    assert words in signal.reason and "(12 Jul 2024)" in signal.reason
    assert signal.as_of == date(2026, 9, 2)


def test_yen_one_month_slide_and_unknown() -> None:
    fast = usdjpy({"2026-07-31": 140.0, "2026-09-02": 148.0})  # +5.7% in a month
    signal = yen_signal({"boj_usdjpy": fast}, None)
    assert signal.state == State.RED and "+5.7% over 1m" in signal.reason
    assert yen_signal({}, INTERVENTIONS).state == State.UNKNOWN
    assert yen_signal(None, None).state == State.UNKNOWN


def yields(rows: dict[str, dict[str, float]]) -> pd.DataFrame:
    index = pd.DatetimeIndex(pd.to_datetime(list(rows))).tz_localize(TOKYO)
    return pd.DataFrame(list(rows.values()), index=index, dtype="float64")


@pytest.mark.parametrize(
    ("long_change", "short_change", "state"),
    [
        (0.25, 0.02, State.RED),  # 30Y +25bp vs +2bp: long end 23bp faster
        (0.08, 0.00, State.AMBER),  # +8bp vs flat
        (0.12, 0.10, State.GREEN),  # parallel
        (-0.10, 0.05, State.GREEN),  # long end rallies
    ],
)
def test_curve(long_change: float, short_change: float, state: State) -> None:
    frame = yields(
        {
            "2026-08-11": {"1Y": 1.0, "2Y": 1.2, "30Y": 3.5},
            "2026-09-11": {
                "1Y": 1.0 + short_change,
                "2Y": 1.2 + short_change,
                "30Y": 3.5 + long_change,
            },
        }
    )
    signal = curve_signal(frame)
    assert signal.state == state, signal.reason
    assert signal.as_of == date(2026, 9, 11)


def test_curve_unknown_across_a_data_hole() -> None:
    frame = yields(
        {"2026-04-30": {"1Y": 1, "2Y": 1, "30Y": 3}, "2026-09-11": {"1Y": 1, "2Y": 1, "30Y": 3.5}}
    )
    assert curve_signal(frame).state == State.UNKNOWN
    assert curve_signal(None).state == State.UNKNOWN


@pytest.mark.parametrize(
    ("ust_10y", "state"),
    [(4.10, State.GREEN), (4.80, State.AMBER), (5.30, State.RED)],  # pick-up +90, +20, -30bp
)
def test_hedged_carry(ust_10y: float, state: State) -> None:
    # Hedged JGB 10Y = 1.50 + (4.00 - 0.50) = 5.00% for a USD investor.
    jgb = yields({"2026-09-10": {"1Y": 0.50, "10Y": 1.50}})
    ust = yields({"2026-09-10": {"1Y": 4.00, "10Y": ust_10y}}).tz_localize(None)
    signal = carry_signal(jgb, ust.tz_localize("America/New_York"))
    assert signal.state == state, signal.reason
    assert "hedged JGB 10Y 5.00%" in signal.reason


def test_board_counts_red_only_and_has_six_signals() -> None:
    empty = board()
    assert [s.name for s in empty.signals] == list(SIGNALS)
    assert {s.state for s in empty.signals} == {State.UNKNOWN}
    assert (empty.flashing, empty.watching) == (0, 0)

    full = board(
        auctions=auctions("10Y", [*NORMAL, 3.13]),  # red
        weekly=flows([3000.0] * 20 + [-500.0, -800.0]),  # amber
        usdjpy={"boj_usdjpy": usdjpy({"2026-08-03": 150.0, "2026-09-02": 150.5})},  # green
    )
    states = {s.name: s.state for s in full.signals}
    assert states == {
        "auction_demand": "red",
        "foreign_flows": "amber",
        "yen": "green",
        "curve": "unknown",
        "hedged_carry": "unknown",
        "homecoming": "unknown",
    }
    assert (full.flashing, full.watching) == (1, 1)
    signal = full.get("auction_demand")
    assert signal is not None and signal.title == "Auction demand"


def test_config_moves_the_thresholds() -> None:
    strict = SignalConfig(red_years=5.0, amber_years=4.0, z_red=9.0, z_amber=9.0)
    assert auction_signal(auctions("10Y", [*NORMAL, 3.13]), strict).state == State.GREEN
