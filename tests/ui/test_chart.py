"""Charts: no line across a gap in the data, nothing outside the frame."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from jgbtui.analytics.history import day_numbers, gap_spans
from jgbtui.ui.screens.drill.series import SeriesScreen
from jgbtui.ui.widgets.chart import EPOCH, Chart, clip, segments

from .conftest import make_app, wait_until_loaded


def days(*stamps: str) -> list[float]:
    return day_numbers(pd.DatetimeIndex(stamps))


def test_segments_break_only_across_a_gap() -> None:
    x = [1.0, 2.0, 3.0, 100.0, 101.0]
    y = [1.0, 2.0, 3.0, 4.0, 5.0]
    assert segments(x, y, [(3.0, 100.0)]) == [
        ([1.0, 2.0, 3.0], [1.0, 2.0, 3.0]),
        ([100.0, 101.0], [4.0, 5.0]),
    ]
    assert segments(x, y, []) == [(x, y)]
    # Downsampled points still break when the gap lies between them.
    assert len(segments([1.0, 150.0], [1.0, 2.0], [(3.0, 100.0)])) == 2


def test_clip_keeps_what_is_inside_the_frame() -> None:
    assert clip([1.0, 5.0, 9.0], [1.0, 2.0, 3.0], (2.0, 9.0)) == ([5.0, 9.0], [2.0, 3.0])
    assert clip([1.0], [1.0], None) == ([1.0], [1.0])


def test_gap_spans_of_daily_data_ignore_weekends_and_holidays() -> None:
    business = pd.bdate_range("2026-03-02", "2026-04-30")
    # Golden Week and New Year closures are about a week: not gaps.
    holiday = business.delete(range(20, 24))
    assert gap_spans(holiday) == ()
    # The real MoF files: the history ends on 30 Apr 2026, the current month starts 1 Sep.
    september = pd.bdate_range("2026-09-01", "2026-09-11")
    assert gap_spans(business.append(september)) == (tuple(days("2026-04-30", "2026-09-01")),)


def test_gap_spans_of_weekly_data() -> None:
    weeks = pd.date_range("2026-01-03", periods=20, freq="7D")
    assert gap_spans(weeks.delete([10])) == ()  # one missing week
    assert len(gap_spans(weeks.delete([10, 11, 12]))) == 1


async def test_the_10y_chart_breaks_between_april_and_september(full_routes, tmp_path) -> None:
    """The real MoF yields: no straight 4-month ramp from 30 Apr to 1 Sep 2026."""
    app = make_app(full_routes, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_loaded(app, pilot)
        await pilot.press("1", *["j"] * 9, "enter", "3")
        screen = app.screen
        assert isinstance(screen, SeriesScreen)
        spec = screen.query_one(Chart).spec
        assert spec is not None
        trace = spec.traces[0]
        assert tuple(days("2026-04-30", "2026-09-01")) in trace.gaps
        runs = segments(trace.x, trace.y, trace.gaps)
        assert len(runs) == 2
        last_before = EPOCH + timedelta(days=int(runs[0][0][-1]))
        assert last_before == date(2026, 4, 30)
