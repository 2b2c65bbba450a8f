"""Carry arithmetic on a tiny frame: spread, hedged yields, pick-ups, changes."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from jgbtui.analytics.carry import CARRY_COLUMNS, HEDGE_NOTE, carry_frame, carry_summary


def frame(rows: dict[str, dict[str, float]], tz: str) -> pd.DataFrame:
    index = pd.DatetimeIndex(pd.to_datetime(list(rows))).tz_localize(tz)
    out = pd.DataFrame(list(rows.values()), index=index, dtype="float64")
    out.index.name = "date"
    return out


JGB = frame(
    {
        "2026-09-09": {"1Y": 0.50, "2Y": 0.7, "10Y": 1.50},
        "2026-09-10": {"1Y": 0.52, "2Y": 0.7, "10Y": 1.55},
        "2026-09-11": {"1Y": 0.55, "2Y": 0.7, "10Y": 1.60},  # no UST on this date
    },
    "Asia/Tokyo",
)
UST = frame(
    {
        "2026-09-08": {"3M": 4.2, "1Y": 3.90, "10Y": 4.20},  # no JGB on this date
        "2026-09-09": {"3M": 4.2, "1Y": 4.00, "10Y": 4.30},
        "2026-09-10": {"3M": 4.2, "1Y": 3.95, "10Y": 4.35},
    },
    "America/New_York",
)


def test_carry_frame_pairs_calendar_dates_and_does_the_arithmetic() -> None:
    carry = carry_frame(JGB, UST)
    assert list(carry.columns) == list(CARRY_COLUMNS)
    assert [d.date().isoformat() for d in carry.index] == ["2026-09-09", "2026-09-10"]
    first = carry.iloc[0]
    assert first["short_diff_pct"] == pytest.approx(3.50)  # 4.00 - 0.50
    assert first["us_jp_10y_bp"] == pytest.approx(280.0)  # 4.30 - 1.50
    assert first["hedged_jgb_10y_usd_pct"] == pytest.approx(5.00)  # 1.50 + 3.50
    assert first["hedged_ust_10y_jpy_pct"] == pytest.approx(0.80)  # 4.30 - 3.50
    assert first["hedged_jgb_pickup_bp"] == pytest.approx(70.0)  # 5.00 - 4.30
    assert first["hedged_ust_pickup_bp"] == pytest.approx(-70.0)  # 0.80 - 1.50
    last = carry.iloc[1]
    assert last["hedged_jgb_10y_usd_pct"] == pytest.approx(1.55 + 3.95 - 0.52)
    assert last["hedged_ust_10y_jpy_pct"] == pytest.approx(4.35 - (3.95 - 0.52))


def test_summary_latest_values_date_and_changes() -> None:
    summary = carry_summary(JGB, UST)
    assert summary.as_of == pd.Timestamp("2026-09-10")
    assert summary["us_jp_10y_bp"] == pytest.approx(280.0)  # 4.35 - 1.55
    assert summary["hedged_jgb_10y_usd_pct"] == pytest.approx(4.98)
    # Changes are in bp: spread unchanged, hedged JGB 5.00 -> 4.98 = -2bp.
    assert summary.changes_bp["us_jp_10y_bp"]["1d"] == pytest.approx(0.0)
    assert summary.changes_bp["hedged_jgb_10y_usd_pct"]["1d"] == pytest.approx(-2.0)
    assert summary.changes_bp["hedged_jgb_pickup_bp"]["1d"] == pytest.approx(-7.0)
    assert math.isnan(summary.changes_bp["hedged_jgb_10y_usd_pct"]["1m"])
    assert summary.note == HEDGE_NOTE


@pytest.mark.parametrize(
    ("jgb", "ust"),
    [(None, UST), (JGB, None), (JGB.drop(columns="1Y"), UST), (JGB, UST.drop(columns="10Y"))],
)
def test_missing_inputs_give_nan_not_errors(
    jgb: pd.DataFrame | None, ust: pd.DataFrame | None
) -> None:
    summary = carry_summary(jgb, ust)
    assert summary.as_of is None
    assert all(math.isnan(v) for v in summary.values.values())


def test_the_note_states_the_approximation() -> None:
    for words in ("1-year", "covered interest parity", "1Y UST", "1Y JGB", "same calendar date"):
        assert words in HEDGE_NOTE
    assert "basis" in HEDGE_NOTE and "ignored" in HEDGE_NOTE
