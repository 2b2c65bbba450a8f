"""The acceptance gate on the real published files: what it lets through and what it stops."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from jgbtui.sources import catalog
from jgbtui.sources.base import UTC
from jgbtui.sources.ecb_eurofxref import parse_csv as parse_ecb
from jgbtui.sources.fred_dexjpus import parse as parse_fred
from jgbtui.sources.gate import judge
from jgbtui.sources.mof_auction_workbook import parse_workbook
from jgbtui.sources.mof_flows_monthly import parse_montha1_csv
from jgbtui.sources.mof_flows_weekly import parse_week_csv
from jgbtui.sources.mof_jgb_yields import merge
from jgbtui.sources.mof_jgb_yields import parse as parse_yields
from jgbtui.sources.ust_par_curve import parse as parse_ust

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
RealFile = Callable[[str], Path]


@functools.cache
def _parsed(path: Path, parser: Callable[[bytes], pd.DataFrame]) -> pd.DataFrame:
    return parser(path.read_bytes())


def real(real_file: RealFile, name: str, parser: Callable[[bytes], pd.DataFrame]) -> pd.DataFrame:
    """A real file parsed once per test session; callers get their own copy."""
    return _parsed(real_file(name), parser).copy()


@pytest.fixture
def yields(real_file: RealFile) -> pd.DataFrame:
    history = real(real_file, "mof_jgbcme_all_en.csv", parse_yields)
    current = real(real_file, "mof_jgbcme_current_en_2026-09.csv", parse_yields)
    return merge(history, current)


def _day(text: str, tz: str = "Asia/Tokyo") -> pd.Timestamp:
    return pd.Timestamp(text, tz=tz)


# ------------------------------------------------------------------ real files pass


def test_every_real_file_passes(real_file: RealFile, yields: pd.DataFrame) -> None:
    cases = {
        catalog.MOF_YIELDS_SPEC: {"yields": yields},
        catalog.UST_CURVE_SPEC: {
            "curve": real(real_file, "ust_daily_par_yield_curve_2025.csv", parse_ust)
        },
        catalog.FRED_USDJPY_SPEC: {
            "usdjpy": real(real_file, "fred_DEXJPUS_newformat_2015-2025.csv", parse_fred)
        },
        catalog.ECB_USDJPY_SPEC: {"usdjpy": real(real_file, "ecb_eurofxref-hist.csv", parse_ecb)},
        catalog.MOF_FLOWS_WEEKLY_SPEC: {
            "weekly": real(real_file, "mof_itn_week_cp932_2026-08-06.csv", parse_week_csv)
        },
        catalog.MOF_FLOWS_MONTHLY_SPEC: {
            "monthly": real(real_file, "mof_itn_montha1_cp932_2026-08.csv", parse_montha1_csv)
        },
        catalog.MOF_AUCTIONS_SPEC: {
            "results": real(real_file, "mof_Auction_Results_for_JGBs_2026-06.xls", parse_workbook)
        },
    }
    for spec, frames in cases.items():
        verdict = judge(spec, frames, NOW)
        assert verdict.accepted, verdict.reason
        # ...and against itself as the last good copy.
        assert judge(spec, frames, NOW, frames).accepted


def test_a_move_across_a_gap_of_years_is_not_judged(yields: pd.DataFrame) -> None:
    # MoF has no 1Y yields from 1978-05-19 to 1980-08-22 (5.058 -> 9.565): real history.
    one_year = yields["1Y"].dropna()
    assert one_year[_day("1978-05-19")] == 5.058 and one_year[_day("1980-08-22")] == 9.565
    assert judge(catalog.MOF_YIELDS_SPEC, {"yields": yields}, NOW).accepted


# ------------------------------------------------------------------ completeness


def test_a_history_cut_at_a_line_end_is_incomplete(yields: pd.DataFrame) -> None:
    cut = yields.loc[:"2002-12-31"]  # a valid-looking file that ends in 2002
    verdict = judge(catalog.MOF_YIELDS_SPEC, {"yields": cut}, NOW)
    assert not verdict.accepted
    assert verdict.reason == (
        f"mof_yields: yields: {len(cut):,} rows, a complete copy has at least 12,000 (cut short?)"
    )


def test_older_than_the_last_good_is_refused(yields: pd.DataFrame) -> None:
    older = yields.loc[:"2026-04-30"]
    verdict = judge(catalog.MOF_YIELDS_SPEC, {"yields": older}, NOW, {"yields": yields})
    assert verdict.reason == (
        "mof_yields: yields: latest date 2026-04-30 is older than the last good 2026-09-11"
    )


def test_history_that_shrinks_is_refused(yields: pd.DataFrame) -> None:
    fewer = yields.drop(index=_day("2026-09-02"))
    verdict = judge(catalog.MOF_YIELDS_SPEC, {"yields": fewer}, NOW, {"yields": yields})
    assert not verdict.accepted and "history shrank" in (verdict.reason or "")


def test_a_changed_last_value_is_refused_unless_the_publisher_revises(
    yields: pd.DataFrame, real_file: RealFile
) -> None:
    changed = yields.copy()
    changed.loc[_day("2026-09-11"), "10Y"] = 2.98  # "2.987" cut inside its last number
    verdict = judge(catalog.MOF_YIELDS_SPEC, {"yields": changed}, NOW, {"yields": yields})
    assert verdict.reason == (
        "mof_yields: 10Y on 2026-09-11 changed from 2.987 to 2.98, "
        "and this publisher does not revise"
    )
    weekly = real(real_file, "mof_itn_week_cp932_2026-08-06.csv", parse_week_csv)
    revised = weekly.copy()
    revised.iloc[-1, revised.columns.get_loc("nonres_bonds_net_jpy_100m")] += 10
    assert judge(
        catalog.MOF_FLOWS_WEEKLY_SPEC, {"weekly": revised}, NOW, {"weekly": weekly}
    ).accepted


def test_a_required_frame_missing_is_refused() -> None:
    verdict = judge(catalog.MOF_YIELDS_SPEC, {}, NOW)
    assert verdict.reason == "mof_yields: yields: no data"


# ------------------------------------------------------------------ plausibility


@pytest.mark.parametrize("value", [999.0, -50.0])
def test_an_absurd_yield_names_series_date_and_value(yields: pd.DataFrame, value: float) -> None:
    bad = yields.copy()
    bad.loc[_day("2026-09-11"), "10Y"] = value
    verdict = judge(catalog.MOF_YIELDS_SPEC, {"yields": bad}, NOW)
    assert verdict.reason == f"mof_yields: 10Y {value:g} on 2026-09-11 is outside -2..25 %"


def test_a_believable_level_with_an_unbelievable_move_is_refused(yields: pd.DataFrame) -> None:
    bad = yields.copy()
    bad.loc[_day("2026-09-11"), "10Y"] = 4.5  # 2.987 -> 4.5 in a day
    verdict = judge(catalog.MOF_YIELDS_SPEC, {"yields": bad}, NOW)
    assert not verdict.accepted
    assert "10Y moved from" in (verdict.reason or "") and "to 4.5 on 2026-09-11" in (
        verdict.reason or ""
    )


def test_infinity_is_refused(yields: pd.DataFrame) -> None:
    bad = yields.copy()
    bad.loc[_day("2026-09-11"), "30Y"] = np.inf
    verdict = judge(catalog.MOF_YIELDS_SPEC, {"yields": bad}, NOW)
    assert verdict.reason == "mof_yields: 30Y inf on 2026-09-11 is not a number"


def test_a_future_date_is_refused_and_the_next_business_day_is_not(
    real_file: RealFile,
) -> None:
    fred = real(real_file, "fred_DEXJPUS_newformat_2015-2025.csv", parse_fred)
    row = fred.iloc[[-1]]
    in_2031 = pd.concat(
        [
            fred,
            row.set_axis(pd.DatetimeIndex([_day("2031-01-06", "America/New_York")], name="date")),
        ]
    )
    verdict = judge(catalog.FRED_USDJPY_SPEC, {"usdjpy": in_2031}, NOW)
    assert not verdict.accepted and "2031-01-06 is in the future" in (verdict.reason or "")
    # Tomorrow in New York is the publisher's next business day: not in the future.
    tomorrow = pd.concat(
        [
            fred,
            row.set_axis(pd.DatetimeIndex([_day("2026-12-01", "America/New_York")], name="date")),
        ]
    )
    tomorrow.iloc[-1, 0] = fred.iloc[-1, 0]
    assert "future" not in (judge(catalog.FRED_USDJPY_SPEC, {"usdjpy": tomorrow}, NOW).reason or "")


def test_a_duplicate_date_is_refused(yields: pd.DataFrame) -> None:
    twice = pd.concat([yields, yields.iloc[[-1]]])
    verdict = judge(catalog.MOF_YIELDS_SPEC, {"yields": twice}, NOW)
    assert verdict.reason == "mof_yields: yields: 2026-09-11 appears twice"


@pytest.mark.parametrize(
    ("value", "accepted"),
    [(15.0, False), (499.0, False), (0.0, False), (-50.0, False), (147.5, True)],
)
def test_usdjpy_bounds(real_file: RealFile, value: float, accepted: bool) -> None:
    fred = real(real_file, "fred_DEXJPUS_newformat_2015-2025.csv", parse_fred)
    fred.iloc[-1, fred.columns.get_loc("jpy_per_usd")] = value
    verdict = judge(catalog.FRED_USDJPY_SPEC, {"usdjpy": fred}, NOW)
    assert verdict.accepted is accepted, verdict.reason


def test_absurd_flows_and_auctions_are_refused(real_file: RealFile) -> None:
    weekly = real(real_file, "mof_itn_week_cp932_2026-08-06.csv", parse_week_csv)
    weekly.iloc[-1, weekly.columns.get_loc("nonres_bonds_net_jpy_100m")] = -10_000_000  # ¥1,000tn
    verdict = judge(catalog.MOF_FLOWS_WEEKLY_SPEC, {"weekly": weekly}, NOW)
    assert verdict.reason == (
        "mof_flows_weekly: nonres_bonds_net_jpy_100m -1e+07 on 2026-08-01 is outside "
        "-600000..600000 100 million yen"
    )
    auctions = real(real_file, "mof_Auction_Results_for_JGBs_2026-06.xls", parse_workbook)
    auctions.loc[auctions.index[-1], "bid_to_cover"] = 1e10
    verdict = judge(catalog.MOF_AUCTIONS_SPEC, {"results": auctions}, NOW)
    assert (
        verdict.reason
        == "mof_auctions: bid_to_cover 1e+10 on 2026-06-30 is outside 0.5..1000 times"
    )
