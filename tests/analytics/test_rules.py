"""Rule maths on the real JGB 10Y: crossings with hysteresis, moves, streaks.

The series under test comes from the real MoF files through the parser; the expected dates
are found here independently, with a plain csv scan of the same files.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from jgbtui.analytics.rules import Condition, run, streak_at

from .real_yields import real_yields_frame, scan_real_yields

HISTORY, CURRENT = "mof_jgbcme_all_en.csv", "mof_jgbcme_current_en_2026-09.csv"


@pytest.fixture
def ten_year(real_file: Callable[[str], Path]) -> pd.Series:
    return real_yields_frame(real_file(HISTORY), real_file(CURRENT))["10Y"].dropna()


@pytest.fixture
def scanned(real_file: Callable[[str], Path]) -> dict[str, float]:
    table = scan_real_yields(real_file(HISTORY), real_file(CURRENT))
    return {day: row["10Y"] for day, row in sorted(table.items()) if "10Y" in row}


def between(series: pd.Series, start: str, end: str) -> pd.Series:
    return series[
        (series.index >= pd.Timestamp(start, tz="Asia/Tokyo"))
        & (series.index <= pd.Timestamp(end, tz="Asia/Tokyo"))
    ]


def fired_days(series: pd.Series, condition: Condition) -> list[str]:
    """Feed the observations one by one, as refreshes would, from an armed rule."""
    _, firings = run(series, condition, armed=True, start=0)
    return [f.when.date().isoformat() for f in firings]


def crossings_above(values: dict[str, float], level: float, rearm_at: float) -> list[str]:
    """Independently: the days a value goes above ``level`` from an armed state."""
    armed, out = True, []
    for day, value in values.items():
        if armed and value > level:
            out.append(day)
            armed = False
        elif not armed and value <= rearm_at:
            armed = True
    return out


def test_a_10y_hovering_around_2_41_fires_once_with_hysteresis(ten_year, scanned) -> None:
    # 14-30 April 2026 the 10Y went 2.423, 2.414, 2.409, 2.428, 2.405, 2.392, 2.406, 2.429 ...
    window = between(ten_year, "2026-04-14", "2026-04-30")
    days = {d: v for d, v in scanned.items() if "2026-04-14" <= d <= "2026-04-30"}
    assert [round(v, 3) for v in window] == list(days.values())

    bare = fired_days(window, Condition("above", 2.41))
    assert bare == crossings_above(days, 2.41, 2.41)
    assert bare == ["2026-04-14", "2026-04-17", "2026-04-23"], "without hysteresis it rings 3x"

    steady = fired_days(window, Condition("above", 2.41, hysteresis=0.02))
    assert steady == crossings_above(days, 2.41, 2.39) == ["2026-04-14"]


def test_a_real_dip_rearms_the_rule_and_the_next_crossing_fires(ten_year, scanned) -> None:
    # September 2026: 2.987 on the 1st, down to 2.891 on the 9th, back to 2.987 on the 11th.
    window = between(ten_year, "2026-09-01", "2026-09-11")
    days = {d: v for d, v in scanned.items() if "2026-09-01" <= d <= "2026-09-11"}
    fired = fired_days(window, Condition("above", 2.95, hysteresis=0.02))
    assert fired == crossings_above(days, 2.95, 2.93) == ["2026-09-01", "2026-09-11"]
    _, firings = run(window, Condition("above", 2.95, hysteresis=0.02), armed=True, start=0)
    assert firings[-1].value == days["2026-09-11"] == 2.987


def test_below_is_the_mirror_image(ten_year) -> None:
    window = between(ten_year, "2026-09-01", "2026-09-11")
    fired = fired_days(window, Condition("below", 2.93, hysteresis=0.02))
    assert fired == ["2026-09-04"]  # 2.910; never back at or above 2.95 until the 11th
    assert fired_days(window, Condition("below", 2.93, hysteresis=0.0)) == [
        "2026-09-04",
        "2026-09-08",
    ]  # 2.935 on the 7th re-arms without hysteresis


def test_a_daily_move_is_measured_like_the_panes_1d_column(ten_year, scanned) -> None:
    window = between(ten_year, "2026-04-01", "2026-09-11")
    days = sorted(d for d in scanned if "2026-04-01" <= d <= "2026-09-11")
    either = Condition("move_above", 5.0, scale=100.0, hysteresis=1.0)
    _, firings = run(window, either, armed=True, start=0)
    by_day = {f.when.date().isoformat(): f.measure for f in firings}
    # 1 September is 124 days after 30 April: no 1-day move there (the pane shows a dash).
    assert "2026-09-01" not in by_day
    expected_0904 = (scanned["2026-09-04"] - scanned["2026-09-03"]) * 100
    expected_0911 = (scanned["2026-09-11"] - scanned["2026-09-10"]) * 100
    assert by_day["2026-09-04"] == pytest.approx(expected_0904) == pytest.approx(-5.6)
    assert by_day["2026-09-11"] == pytest.approx(expected_0911) == pytest.approx(6.7)
    assert days.index("2026-09-11") > days.index("2026-09-04")

    up = Condition("move_above", 5.0, scale=100.0, direction="up", hysteresis=1.0)
    _, rises = run(between(ten_year, "2026-09-01", "2026-09-11"), up, armed=True, start=0)
    assert [f.when.date().isoformat() for f in rises] == ["2026-09-11"]


def test_a_weekly_move_compares_with_the_same_day_a_week_earlier(ten_year, scanned) -> None:
    window = between(ten_year, "2026-09-01", "2026-09-11")
    _, firings = run(window, Condition("move_above", 7.0, over="1w", scale=100.0), True, 0)
    # 8 Sep against 1 Sep: -9.1bp; 9 Sep -11.5 (still firing, quiet); 10 Sep -4.6 re-arms;
    # 11 Sep against 4 Sep: +7.7bp.
    assert [f.when.date().isoformat() for f in firings] == ["2026-09-08", "2026-09-11"]
    assert [f.measure for f in firings] == [
        pytest.approx((scanned["2026-09-08"] - scanned["2026-09-01"]) * 100),
        pytest.approx((scanned["2026-09-11"] - scanned["2026-09-04"]) * 100),
    ]


def rises_in_a_row(values: dict[str, float], day: str) -> int:
    """Independently: how many rises in a row end on ``day``."""
    days = sorted(values)
    count, position = 0, days.index(day)
    while position > 0 and values[days[position]] > values[days[position - 1]]:
        count += 1
        position -= 1
    return count


def test_a_streak_of_rises_fires_once_and_rearms_when_it_breaks(ten_year, scanned) -> None:
    # 22-27 April 2026: 2.406, 2.429, 2.443, 2.477 (four rises after 2.392 on the 21st).
    window = between(ten_year, "2026-04-01", "2026-04-30")
    days = {d: v for d, v in scanned.items() if "2026-04-01" <= d <= "2026-04-30"}
    position = list(window.index.strftime("%Y-%m-%d")).index("2026-04-27")
    assert streak_at(window, position) == rises_in_a_row(days, "2026-04-27") == 4

    three = Condition("streak", 3.0, direction="up")
    expected = [d for d in days if rises_in_a_row(days, d) == 3]
    assert fired_days(window, three) == expected
    assert "2026-04-24" in expected and "2026-04-27" not in expected  # still running: quiet


def test_streaks_count_falls_too(ten_year) -> None:
    window = between(ten_year, "2026-09-01", "2026-09-11")
    # 3.006 on the 2nd, then 2.966, 2.910: two falls by the 4th; 2.896, 2.891 after 2.935.
    assert fired_days(window, Condition("streak", 2.0, direction="down")) == [
        "2026-09-04",
        "2026-09-09",
    ]
    # 2.891 -> 2.920 -> 2.987: two rises by the 11th.
    assert fired_days(window, Condition("streak", 2.0, direction="up")) == ["2026-09-11"]


def test_event_series_fire_at_every_observation_that_meets_the_rule() -> None:
    """Auctions: each tail wider than 3bp is news, even two in a row (SYNTHETIC values)."""
    tails = pd.Series(
        [1.5, 3.5, 3.2, 0.9, 4.1],
        index=pd.DatetimeIndex(
            ["2026-01-06", "2026-02-03", "2026-03-03", "2026-04-07", "2026-05-12"]
        ),
    )
    each = Condition("above", 3.0, each=True)
    assert fired_days(tails, each) == ["2026-02-03", "2026-03-03", "2026-05-12"]
    assert fired_days(tails, Condition("above", 3.0)) == ["2026-02-03", "2026-05-12"]


def test_a_rule_that_already_fired_stays_quiet_on_the_same_observations(ten_year) -> None:
    window = between(ten_year, "2026-09-01", "2026-09-11")
    condition = Condition("above", 2.95, hysteresis=0.02)
    armed, first = run(window, condition, armed=True, start=len(window) - 1)
    assert [f.value for f in first] == [2.987] and armed is False
    # The same data again (a refresh that brought nothing new) starts after the last one.
    again_armed, again = run(window, condition, armed=armed, start=len(window))
    assert again == [] and again_armed is False
