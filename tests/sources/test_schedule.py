"""Publication schedules: freshness judged against release times, holidays included."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from jgbtui.sources.base import TOKYO
from jgbtui.sources.schedule import (
    FRED_H10_WEEKLY,
    JAPAN,
    MOF_ITS_MONTHLY,
    MOF_ITS_WEEKLY,
    MOF_JGB_YIELDS,
)


def tokyo(*args: int) -> datetime:
    return datetime(*args, tzinfo=TOKYO)


def test_japanese_calendar_knows_holidays_and_year_end() -> None:
    assert not JAPAN.is_business_day(date(2026, 11, 23))  # Labour Thanksgiving Day
    assert not JAPAN.is_business_day(date(2026, 12, 31))  # market closed 31 Dec - 3 Jan
    assert JAPAN.is_business_day(date(2027, 1, 4))  # first trading day of 2027
    assert JAPAN.next_business_day(date(2026, 5, 2)) == date(2026, 5, 7)  # Golden Week


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # Sunday: Friday's data comes out Monday 09:30, so Thursday's is all that is due.
        (tokyo(2026, 11, 15, 12, 0), date(2026, 11, 12)),
        (tokyo(2026, 11, 18, 9, 0), date(2026, 11, 16)),  # Wed before 09:30: Monday
        (tokyo(2026, 11, 18, 10, 0), date(2026, 11, 17)),  # Wed after 09:30: Tuesday due
        (tokyo(2026, 11, 24, 10, 0), date(2026, 11, 20)),  # Friday's data after a holiday
    ],
)
def test_jgb_yields_expected_latest(now: datetime, expected: date) -> None:
    assert MOF_JGB_YIELDS.expected_latest(now) == expected


def test_fridays_yields_are_current_on_sunday() -> None:
    sunday = tokyo(2026, 11, 15, 12, 0)
    assert not date(2026, 11, 13) < MOF_JGB_YIELDS.expected_latest(sunday)
    assert not date(2026, 11, 12) < MOF_JGB_YIELDS.expected_latest(sunday)


def test_missing_tuesday_release_is_late_on_wednesday_morning() -> None:
    have = date(2026, 11, 16)  # Monday's data only
    assert not have < MOF_JGB_YIELDS.expected_latest(tokyo(2026, 11, 18, 9, 0))
    assert have < MOF_JGB_YIELDS.expected_latest(tokyo(2026, 11, 18, 10, 0))


def test_next_release_skips_holidays() -> None:
    # Friday 20 Nov data: Monday 23 Nov is a holiday, so it comes Tuesday 09:30.
    assert MOF_JGB_YIELDS.next_release(tokyo(2026, 11, 22, 12, 0)) == tokyo(2026, 11, 24, 9, 30)


def test_its_weekly_thursday_release_for_week_ended_saturday() -> None:
    assert MOF_ITS_WEEKLY.release_of(date(2026, 11, 14)) == tokyo(2026, 11, 19, 8, 50)
    assert MOF_ITS_WEEKLY.expected_latest(tokyo(2026, 11, 19, 8, 0)) == date(2026, 11, 7)
    assert MOF_ITS_WEEKLY.expected_latest(tokyo(2026, 11, 19, 9, 0)) == date(2026, 11, 14)


def test_its_monthly_sixth_business_day() -> None:
    # The files' "Final Update" stamps: July 2026 data on 2026-08-10 (montha1, monthb3),
    # August on 2026-09-08 (monthb4); each is the 6th business day of the month after.
    assert MOF_ITS_MONTHLY.release_of(date(2026, 7, 31)) == tokyo(2026, 8, 10, 8, 50)
    assert MOF_ITS_MONTHLY.release_of(date(2026, 8, 31)) == tokyo(2026, 9, 8, 8, 50)
    assert MOF_ITS_MONTHLY.release_of(date(2026, 9, 30)).date() == JAPAN.nth_business_day(
        2026, 10, 6
    )


def test_fred_weekly_monday_release() -> None:
    release = FRED_H10_WEEKLY.release_of(date(2026, 11, 20))
    assert release.date() == date(2026, 11, 23) and release.hour == 16


def test_the_holiday_store_spares_later_starts_the_holidays_package(tmp_path) -> None:
    import subprocess
    import sys

    store = tmp_path / "holidays.json"
    code = (
        "import sys; from pathlib import Path; from datetime import date\n"
        "from jgbtui.sources import schedule\n"
        f"schedule.use_holiday_store(Path({str(store)!r})); schedule.warm(range(2025, 2028))\n"
        "print('holidays' in sys.modules, schedule.JAPAN.is_business_day(date(2026, 1, 2)),"
        " schedule.JAPAN.is_business_day(date(2026, 1, 5)))\n"
    )
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        for _ in range(2)
    ]
    # The first start computes from ``holidays``; the second reads the same days back.
    assert runs[0].stdout.split() == ["True", "False", "True"]
    assert runs[1].stdout.split() == ["False", "False", "True"]
